"""Guards that stop a production process starting with development defaults."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_production_secrets() -> None:
    """Raise unless the process is a development one or has a real SECRET_KEY."""
    if settings.DEBUG or settings.TESTING:
        return
    if settings.SECRET_KEY == settings.INSECURE_DEVELOPMENT_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (DEBUG is off: this is production)."
        )

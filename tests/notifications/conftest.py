from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.notifications.mailserver import MailServer, running_mail_server


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server on a free local port."""
    with running_mail_server() as server:
        yield server


def point_email_at(settings: Any, server: MailServer) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp(mail_server: MailServer, settings: Any) -> MailServer:
    """Django sends e-mail over SMTP to ``mail_server`` for this test."""
    point_email_at(settings, mail_server)
    return mail_server


@pytest.fixture
def outbox_config(settings: Any) -> dict[str, int]:
    """Outbox settings with small, known numbers, so tests can state what follows from them."""
    settings.NOTIFICATIONS = {
        **settings.NOTIFICATIONS,
        "BATCH_SIZE": 10,
        "MAX_BATCHES_PER_RUN": 5,
        "MAX_ATTEMPTS": 3,
        "BACKOFF_SECONDS": 60,
        "BACKOFF_MAX_SECONDS": 3600,
        "CLAIM_TIMEOUT_SECONDS": 600,
    }
    return dict(settings.NOTIFICATIONS)

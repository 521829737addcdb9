"""Token authentication whose tokens expire.

DRF imports the classes named in ``DEFAULT_AUTHENTICATION_CLASSES`` while it is still defining
``APIView``, so this module must not import ``rest_framework.views`` (nor anything that does, such
as ``api.auth``), and it imports models only for type checking.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

if TYPE_CHECKING:
    from rest_framework.authtoken.models import Token

    from academy.people.models import User

EXPIRED = "The token has expired: sign in again for a new one."


def token_expires(token: Token) -> datetime:
    """When the token stops working: ``API_TOKEN_LIFETIME_HOURS`` after it was issued."""
    return token.created + timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)


def token_has_expired(token: Token) -> bool:
    return timezone.now() >= token_expires(token)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication (``Authorization: Token <key>``, people who have left refused)
    that also refuses a token older than ``API_TOKEN_LIFETIME_HOURS``."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        user, token = super().authenticate_credentials(key)
        if token_has_expired(token):
            raise exceptions.AuthenticationFailed(EXPIRED)
        return user, token

"""Clients for the API tests: signed in by session (the browser's way) or by token."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import Academy

ApiFor = Callable[[str | None], APIClient]


def json_client() -> APIClient:
    client = APIClient()
    client.default_format = "json"
    return client


@pytest.fixture
def api(academy: Academy) -> ApiFor:
    """``api("psw")``: an API client signed in with a session as that login (or anonymous)."""

    def make(login: str | None) -> APIClient:
        client = json_client()
        if login is not None:
            client.force_login(academy.user(login))
        return client

    return make


@pytest.fixture
def token_api(academy: Academy) -> ApiFor:
    """``token_api("psw")``: an API client sending that login's token and no session."""

    def make(login: str | None) -> APIClient:
        client = json_client()
        if login is not None:
            token, _ = Token.objects.get_or_create(user=academy.user(login))
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make

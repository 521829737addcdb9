"""Signing in to the API: sessions for the browser, tokens for other clients."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from api.authentication import EXPIRED
from tests.api.conftest import json_client
from tests.api.support import assert_error
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
REVOKE_URL = "/api/v1/auth/token/revoke/"
ME_URL = "/api/v1/me/"


def sign_in(client: APIClient, username: str, password: str = PASSWORD):
    return client.post(TOKEN_URL, {"username": username, "password": password})


def test_token_for_the_right_password_opens_the_api(academy):
    response = sign_in(json_client(), "nqsw")

    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert token == Token.objects.get(user__username="nqsw").key
    client = json_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get(ME_URL)
    assert me.status_code == 200
    assert me.json()["username"] == "nqsw"
    assert me.json()["person"]["id"] == academy.people["nqsw"].pk


def test_signing_in_again_returns_the_same_token(academy):
    first = sign_in(json_client(), "nqsw").json()["token"]
    second = sign_in(json_client(), "nqsw").json()["token"]
    assert first == second
    assert Token.objects.filter(user__username="nqsw").count() == 1


def test_wrong_password_is_a_400_naming_the_password(academy):
    response = sign_in(json_client(), "nqsw", "not-the-password")

    assert_error(response, 400, fields={"password"}, code="invalid_login")
    assert not Token.objects.filter(user__username="nqsw").exists()


def test_unknown_username_gets_the_same_answer_as_a_wrong_password(academy):
    unknown = sign_in(json_client(), "nobody-here", "not-the-password")
    wrong = sign_in(json_client(), "nqsw", "not-the-password")
    assert unknown.status_code == wrong.status_code == 400
    assert unknown.json() == wrong.json()


def test_missing_username_and_password_are_each_named(academy):
    response = json_client().post(TOKEN_URL, {})
    assert_error(response, 400, fields={"username", "password"}, code="required")


def test_a_person_who_has_left_cannot_get_a_token(academy, api):
    nqsw = academy.people["nqsw"]
    api("psw").patch(f"/api/v1/people/{nqsw.pk}/", {"active": False})

    assert_error(sign_in(json_client(), "nqsw"), 400, fields={"password"})


def test_a_token_stops_working_when_its_person_leaves(academy, api, token_api):
    client = token_api("nqsw")
    assert client.get(ME_URL).status_code == 200
    nqsw = academy.people["nqsw"]
    assert api("psw").patch(f"/api/v1/people/{nqsw.pk}/", {"active": False}).status_code == 200

    assert_error(client.get(ME_URL), 401, code="authentication_failed")


def test_revoked_token_no_longer_opens_the_api(academy):
    token = sign_in(json_client(), "worker").json()["token"]
    client = json_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    revoked = client.delete(REVOKE_URL)

    assert revoked.status_code == 204
    assert not Token.objects.filter(key=token).exists()
    assert_error(client.get(ME_URL), 401, code="authentication_failed")


def test_revoking_needs_credentials(academy):
    assert_error(json_client().delete(REVOKE_URL), 401, code="not_authenticated")


def test_no_credentials_is_a_401_with_a_token_challenge(academy):
    response = json_client().get("/api/v1/people/")

    assert_error(response, 401, fields={None}, code="not_authenticated")
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_a_made_up_token_is_a_401(academy):
    client = json_client()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert_error(client.get(ME_URL), 401, code="authentication_failed")


def test_token_endpoint_takes_json_only(academy):
    response = APIClient().post(TOKEN_URL, {"username": "nqsw", "password": PASSWORD})
    assert_error(response, 415, code="unsupported_media_type")


# ---------------------------------------------------------------------------------------------
# Throttling: the rate is a setting ("sign-in" scope); the cache starts empty for every test
# ---------------------------------------------------------------------------------------------
def sign_in_allowance() -> int:
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["sign-in"]
    allowed, _seconds = ScopedRateThrottle().parse_rate(rate)
    assert allowed is not None
    return allowed


def test_sign_in_attempts_beyond_the_rate_are_throttled(academy):
    allowed = sign_in_allowance()
    client = json_client()
    for _ in range(allowed):
        assert sign_in(client, "nqsw", "guess").status_code == 400

    refused = sign_in(client, "nqsw")

    assert_error(refused, 429, fields={None}, code="throttled")
    assert int(refused["Retry-After"]) > 0
    assert not Token.objects.filter(user__username="nqsw").exists()


def test_successful_sign_ins_count_towards_the_rate_too(academy):
    allowed = sign_in_allowance()
    client = json_client()
    for _ in range(allowed):
        assert sign_in(client, "nqsw").status_code == 200
    assert sign_in(client, "nqsw").status_code == 429


@pytest.mark.parametrize("attempt", [1, 2])
def test_each_test_starts_with_a_fresh_allowance(academy, attempt):
    """Run twice: the second run would be throttled if the first run's attempts carried over."""
    client = json_client()
    for _ in range(sign_in_allowance()):
        assert sign_in(client, "nqsw", "guess").status_code == 400


def test_the_throttle_does_not_touch_other_endpoints(academy, token_api):
    client = json_client()
    for _ in range(sign_in_allowance() + 1):
        sign_in(client, "nqsw", "guess")
    assert token_api("nqsw").get(ME_URL).status_code == 200


# ---------------------------------------------------------------------------------------------
# Sessions: the browser signs in on the sign-in page and calls the API with its cookie
# ---------------------------------------------------------------------------------------------
def test_a_browser_session_from_the_sign_in_page_opens_the_api(academy):
    client = APIClient()
    page = client.post("/sign-in/", {"username": "manager", "password": PASSWORD})
    assert page.status_code == 302, page.content[:500]

    me = client.get(ME_URL)

    assert me.status_code == 200
    assert me.json()["username"] == "manager"


def test_session_writes_need_the_csrf_token(academy):
    client = APIClient(enforce_csrf_checks=True)
    client.default_format = "json"
    client.force_login(academy.user("psw"))
    payload = {"name": "Shire Carers Network", "kind": "vcs"}

    refused = client.post("/api/v1/organisations/", payload)

    errors = assert_error(refused, 403, fields={None})
    assert "CSRF" in errors[0]["message"]
    client.get("/api/docs/")  # the docs page sends its requests with the CSRF token it sets
    accepted = client.post(
        "/api/v1/organisations/", payload, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value
    )
    assert accepted.status_code == 201, accepted.content


def test_token_clients_need_no_csrf_token(academy):
    token = sign_in(json_client(), "psw").json()["token"]
    client = APIClient(enforce_csrf_checks=True)
    client.default_format = "json"
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.post("/api/v1/organisations/", {"name": "Shire Carers", "kind": "vcs"})

    assert response.status_code == 201, response.content


# ---------------------------------------------------------------------------------------------
# Expiry: a token lasts API_TOKEN_LIFETIME_HOURS from when it was issued
# ---------------------------------------------------------------------------------------------
def token_client(key: str) -> APIClient:
    client = json_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def issued_ago(key: str, age: timedelta) -> None:
    """Make the token look as if it was issued ``age`` ago."""
    assert Token.objects.filter(key=key).update(created=timezone.now() - age) == 1


def lifetime() -> timedelta:
    return timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)


def assert_expired(response) -> None:
    errors = assert_error(response, 401, fields={None}, code="authentication_failed")
    assert [error["message"] for error in errors] == [EXPIRED]
    assert response.json()["detail"] == EXPIRED
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_just_inside_its_lifetime_still_works(academy):
    key = sign_in(json_client(), "nqsw").json()["token"]
    issued_ago(key, lifetime() - timedelta(minutes=1))

    me = token_client(key).get(ME_URL)

    assert me.status_code == 200, me.content
    assert me.json()["username"] == "nqsw"


def test_a_token_just_past_its_lifetime_is_a_401_saying_it_has_expired(academy):
    key = sign_in(json_client(), "nqsw").json()["token"]
    issued_ago(key, lifetime() + timedelta(minutes=1))

    assert_expired(token_client(key).get(ME_URL))
    assert_expired(token_client(key).post("/api/v1/organisations/", {"name": "X", "kind": "vcs"}))


def test_signing_in_after_expiry_issues_a_new_token_and_the_old_one_stays_refused(academy):
    old = sign_in(json_client(), "nqsw").json()["token"]
    issued_ago(old, lifetime() + timedelta(minutes=1))

    response = sign_in(json_client(), "nqsw")

    assert response.status_code == 200, response.content
    new = response.json()["token"]
    assert new != old
    assert list(Token.objects.filter(user__username="nqsw").values_list("key", flat=True)) == [new]
    assert token_client(new).get(ME_URL).status_code == 200
    assert_error(token_client(old).get(ME_URL), 401, code="authentication_failed")


def test_signing_in_before_expiry_keeps_the_token_and_its_expiry(academy):
    """Signing in again does not stretch a token's life: it still ends a lifetime after issue."""
    first = sign_in(json_client(), "nqsw").json()
    issued_ago(first["token"], lifetime() - timedelta(minutes=1))

    again = sign_in(json_client(), "nqsw").json()

    assert again["token"] == first["token"]
    expires = datetime.fromisoformat(again["expires"])
    assert expires - timezone.now() < timedelta(minutes=1)
    assert expires == Token.objects.get(key=first["token"]).created + lifetime()


def test_sign_in_says_when_the_token_expires(academy):
    before = timezone.now()
    response = sign_in(json_client(), "nqsw")

    assert response.status_code == 200, response.content
    assert set(response.json()) == {"token", "expires"}
    token = Token.objects.get(user__username="nqsw")
    expires = datetime.fromisoformat(response.json()["expires"])
    assert expires == token.created + timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)
    assert before + lifetime() <= expires <= timezone.now() + lifetime()


def test_the_lifetime_is_a_setting(academy, settings):
    settings.API_TOKEN_LIFETIME_HOURS = 2
    response = sign_in(json_client(), "nqsw")
    key = response.json()["token"]
    created = Token.objects.get(key=key).created
    assert datetime.fromisoformat(response.json()["expires"]) == created + timedelta(hours=2)

    issued_ago(key, timedelta(hours=1, minutes=59))
    assert token_client(key).get(ME_URL).status_code == 200

    issued_ago(key, timedelta(hours=2, minutes=1))
    assert_expired(token_client(key).get(ME_URL))
    renewed = sign_in(json_client(), "nqsw").json()["token"]
    assert renewed != key
    assert token_client(renewed).get(ME_URL).status_code == 200

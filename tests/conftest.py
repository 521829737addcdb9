"""Shared fixtures and the rules for tests that need a real service.

Tests marked ``postgres``, ``redis``, ``worker`` or ``browser`` need PostgreSQL (DATABASE_URL),
Redis (CELERY_BROKER_URL), both plus a Celery worker process, or Chromium. Without the service
they are skipped (and counted in the summary); with ``CI=true`` a missing service fails them, so
the suite of record never passes by skipping.
"""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from pytest_django.plugin import blocking_manager_key

from academy.people.models import Organisation, Person, Role
from config.celery import app as celery_app
from tests.factories import OrganisationFactory, PersonFactory, TeamFactory, UserFactory
from tests.factories.people import PASSWORD

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SERVICE_MARKERS = ("postgres", "redis", "worker", "browser")


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and shutil.which(candidate):
            return candidate
    return None


def _redis_url() -> str | None:
    url = os.environ.get("CELERY_BROKER_URL", "")
    return url if url.startswith("redis") else None


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _missing(marker: str) -> str | None:
    """Why a service a marker needs is not here, or None when it is."""
    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    if marker in ("postgres", "worker") and not on_postgres:
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if marker in ("redis", "worker"):
        url = _redis_url()
        if url is None:
            return "needs Redis: set CELERY_BROKER_URL=redis://..."
        if not _redis_answers(url):
            return f"needs Redis, but {url} does not answer"
    if marker == "browser":
        if chromium_path() is None:
            return "needs Chromium (apt-get install chromium) or CHROMIUM_PATH"
        if not settings.AXE_CORE_PATH.exists():
            return "needs axe-core (npm ci)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in SERVICE_MARKERS:
        if item.get_closest_marker(marker) is None:
            continue
        reason = _missing(marker)
        if reason is None:
            continue
        if IN_CI:
            pytest.fail(f"[{marker}] {reason} (CI=true: service tests must run, not skip)")
        pytest.skip(f"[{marker}] {reason}")


#: Data migrations that seed every installation (templates, PCF domains, audit themes). A test
#: that commits for real (transaction=True, live_server) ends by emptying every table, so the
#: seed is loaded again after it, the way the migrations load it.
SEED_MIGRATIONS = (
    "academy.pathways.migrations.0002_standard_templates",
    "academy.pathways.migrations.0003_grace_and_supervisor_registration",
    "academy.audits.migrations.0002_standard_template",
)


_REAL_DATABASE = settings.DATABASES["default"]["NAME"]


def load_seed_data() -> None:
    for name in SEED_MIGRATIONS:
        importlib.import_module(name).load(django_apps, None)


def _flushes_the_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        fixtures & {"transactional_db", "live_server"}
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield
    from django.db import connection

    on_test_database = connection.settings_dict["NAME"] != _REAL_DATABASE
    if _flushes_the_database(item) and on_test_database:
        with item.config.stash[blocking_manager_key].unblock():
            load_seed_data()


@pytest.fixture(autouse=True)
def _isolated(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tasks run in-process unless the test starts a real worker; caches start empty."""
    eager = request.node.get_closest_marker("worker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    cache.clear()
    yield
    celery_app.conf.task_always_eager = previous
    cache.clear()


# ---------------------------------------------------------------------------------------------
# A small academy with one person for every role, for permission and page tests
# ---------------------------------------------------------------------------------------------
ROLE_LOGINS = (
    "psw",
    "dass",
    "principal_ot",
    "coordinator",
    "manager",
    "assessor",
    "supervisor",
    "partner",
    "nqsw",
    "worker",
    "outsider",
    "nhs_staff",
    "admin",
)


@dataclass
class Academy:
    council: Organisation
    trust: Organisation
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Any] = field(default_factory=dict)

    def client(self, login: str | None) -> Client:
        """A test client signed in as ``login`` (one of ROLE_LOGINS), or anonymous."""
        client = Client()
        if login is not None:
            user = self.user(login)
            client.force_login(user)
        return client

    def user(self, login: str) -> Any:
        if login == "admin":
            return UserFactory(username="admin", is_superuser=True, is_staff=True)
        user = self.people[login].user
        assert user is not None
        return user


@pytest.fixture
def academy(db: None) -> Academy:
    """The council (with two teams) and an NHS trust, and one person per role:
    ``manager`` manages team A, where ``nqsw`` and ``worker`` work; ``outsider`` is in team B;
    ``partner`` coordinates the trust, where ``nhs_staff`` works. Each has an account whose
    username is their login and whose password is ``PASSWORD``."""
    council = OrganisationFactory(
        name="Shire County Council", kind=Organisation.Kind.COUNCIL, hosts_academy=True
    )
    trust = OrganisationFactory(
        name="Shire Mental Health NHS Trust", kind=Organisation.Kind.NHS_TRUST
    )
    team_a = TeamFactory(organisation=council, name="North Locality", service_area="Locality")
    team_b = TeamFactory(organisation=council, name="Hospital Discharge", service_area="Hospitals")
    team_nhs = TeamFactory(
        organisation=trust, name="Community Mental Health", service_area="Mental health"
    )
    home_team = {
        "psw": team_a,
        "dass": None,
        "principal_ot": team_b,
        "coordinator": None,
        "manager": team_a,
        "assessor": team_b,
        "supervisor": team_a,
        "partner": team_nhs,
        "nqsw": team_a,
        "worker": team_a,
        "outsider": team_b,
        "nhs_staff": team_nhs,
    }
    roles = {
        "psw": [Role.PSW],
        "dass": [Role.DASS],
        "principal_ot": [Role.PRINCIPAL_OT],
        "coordinator": [Role.TRAINING_COORDINATOR],
        "manager": [Role.TEAM_MANAGER],
        "assessor": [Role.ASSESSOR],
        "supervisor": [Role.SUPERVISOR],
        "partner": [Role.PARTNER_COORDINATOR],
    }
    academy = Academy(
        council=council, trust=trust, teams={"a": team_a, "b": team_b, "nhs": team_nhs}
    )
    for login, team in home_team.items():
        organisation = team.organisation if team else council
        user = UserFactory(username=login, password=PASSWORD)
        academy.people[login] = PersonFactory(
            user=user,
            team=team,
            organisation=organisation,
            first_name=login.replace("_", " ").title(),
            last_name="Tester",
            work_email=f"{login}@example.org",
            roles=roles.get(login, []),
        )
    return academy

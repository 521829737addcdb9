"""Fixtures for report tests: report files under a temporary media root, the demo academy with
a year of training and audits laid over it, and helpers to read the files back."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from academy.common.dates import today
from academy.common.links import _resolvers
from academy.demo.builder import demo_seed
from academy.pathways.models import Cohort
from academy.people.models import Organisation, Person, Team
from academy.people.permissions import Viewer, viewer_for
from bench import dataset
from tests.conftest import IN_CI
from tests.notifications.mailserver import MailServer, running_mail_server


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Report files go to a temporary directory, never the developer's var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server on a free local port (for tests that start a worker)."""
    with running_mail_server() as server:
        yield server


@pytest.fixture
def report_link(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages' address for a report run, as the web layer registers it."""
    monkeypatch.setitem(_resolvers, "report", lambda pk: f"/reports/{pk}/")


@dataclass
class DemoAcademy:
    as_of: dt.date
    cohort: Cohort  # the demo cohort with the most members
    team: Team  # a team with a manager and members

    def viewer(self, username: str) -> Viewer:
        return viewer_for(Person.objects.get(user__username=username).user)


def lay_down_activity(*, as_of: dt.date, seed: int = 7) -> None:
    """A year of training (required courses, sessions with partners, CPD) and case file audits
    for the people already in the database."""
    rng = random.Random(seed)
    host = Organisation.objects.get(hosts_academy=True)
    staff = list(Person.objects.filter(organisation=host, active=True).order_by("id"))
    partners = list(Person.objects.exclude(organisation=host).filter(active=True).order_by("id"))
    dataset.training_lay_down(staff, partners=partners, as_of=as_of, rng=rng)
    dataset.audits_lay_down(
        list(Team.objects.filter(organisation=host).order_by("id")), as_of=as_of, rng=rng
    )


@pytest.fixture(scope="module")
def demo_academy(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoAcademy]:
    """The demo academy (``seed_demo``) with training and audits, seeded once for a module in
    a transaction rolled back at its end; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        as_of = today()
        demo_seed(today=as_of)
        lay_down_activity(as_of=as_of)
        cohort = max(Cohort.objects.all(), key=lambda c: (c.enrolments.count(), -c.pk))
        team = Team.objects.get(name="North Locality Team")
        yield DemoAcademy(as_of=as_of, cohort=cohort, team=team)
        transaction.set_rollback(True)


def _poppler(tool: str) -> str:
    """The path of a poppler-utils tool; without it the test skips (fails under CI=true)."""
    found = shutil.which(tool)
    if found is None:
        reason = f"needs {tool} from poppler-utils (apt-get install poppler-utils)"
        if IN_CI:
            pytest.fail(f"{reason} (CI=true: service tests must run, not skip)")
        pytest.skip(reason)
    return found


def pdf_pages(pdf: Path, into: Path) -> list[Path]:
    """The PDF rendered to PNG images, a page each, by poppler's pdftoppm."""
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [_poppler("pdftoppm"), "-r", "50", "-png", str(pdf), str(into / "page")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return sorted(into.glob("page-*.png"))


def pdf_text(pdf: Path) -> str:
    """The PDF's text, page by page in reading order (poppler's pdftotext)."""
    result = subprocess.run(
        [_poppler("pdftotext"), "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return result.stdout.decode()

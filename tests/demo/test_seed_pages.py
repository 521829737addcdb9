"""Each demo login finds the seeded training and audits on the pages they use, and every one of
those pages renders.

The tests read the academy seeded once for the module (``seeded``)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from academy.audits.models import CaseAudit, LearningBulletin
from academy.people.models import Person
from academy.training.models import Booking, BookingStatus, EventSeries, Session

pytestmark = pytest.mark.django_db


def person(login: str) -> Person:
    return Person.objects.get(user__username=login)


def page(login: str, name: str, *args: object) -> str:
    client = Client()
    client.force_login(person(login).user)
    response = client.get(reverse(f"web:{name}", args=args))
    assert response.status_code == 200, (login, name, response.status_code)
    return response.content.decode()


def test_the_worker_sees_their_learning_cpd_and_the_audits_waiting_for_them(seeded):
    worker = person("worker")
    series = EventSeries.objects.order_by("-starts_on").first()
    assert series.title in page("worker", "catalogue")
    page("worker", "series", series.slug)
    assert "Court Skills for Social Workers" in page("worker", "my-learning")
    assert "Webinar: professional curiosity" in page("worker", "my-cpd")
    waiting = CaseAudit.objects.filter(practitioner=worker, acknowledged_at__isnull=True)
    mine = page("worker", "my-audits")
    for audit in waiting.filter(status=CaseAudit.Status.SUBMITTED):
        assert audit.case_reference in mine
        page("worker", "audit", audit.pk)
    bulletin = LearningBulletin.objects.get()
    assert bulletin.title in page("worker", "bulletins")
    page("worker", "bulletin", bulletin.pk)


def test_the_manager_sees_the_request_the_teams_compliance_and_the_months_audits(seeded):
    request = Booking.objects.get(status=BookingStatus.REQUESTED)
    assert request.person.full_name in page("manager", "approvals")
    page("manager", "booking", request.pk)
    page("manager", "team-compliance")
    dashboard = page("manager", "audits")
    draft = CaseAudit.objects.get(team=person("manager").team, status=CaseAudit.Status.DRAFT)
    assert draft.case_reference in dashboard
    page("manager", "audit", draft.pk)
    inadequate = CaseAudit.objects.filter(team=person("manager").team, grade="inadequate").first()
    page("manager", "audit", inadequate.pk)


def test_the_coordinator_runs_the_sessions_and_their_registers(seeded):
    page("coordinator", "training-admin")
    held = Session.objects.filter(starts_at__lt=timezone.now(), status="completed").first()
    full = Session.objects.filter(bookings__status=BookingStatus.WAITLISTED).first()
    page("coordinator", "register", held.pk)
    page("coordinator", "session", full.pk)
    page("coordinator", "team-compliance")


def test_the_psw_sees_quality_the_moderation_queue_and_the_bulletins(seeded):
    page("psw", "audit-quality")
    queue = page("psw", "moderation")
    waiting = CaseAudit.objects.get(moderation__moderated_at__isnull=True, moderation__isnull=False)
    assert waiting.case_reference in queue
    page("psw", "audits")
    page("psw", "bulletins")
    page("dass", "audit-quality")


def test_the_partner_and_the_nqsw_see_their_own(seeded):
    page("partner", "team-compliance")
    page("partner", "catalogue")
    assert "Mental Capacity Act in Practice" in page("nqsw", "my-learning")

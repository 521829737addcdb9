"""academy/pathways/services.py: every write, against the real database.

The clock is pinned (``clock`` fixture) so that "today" checks and stored status are known.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from academy.common.errors import ConflictError
from academy.pathways import services
from academy.pathways.models import (
    Cohort,
    DevelopmentActivity,
    Enrolment,
    Evidence,
    Milestone,
    MilestoneTemplate,
    Outcome,
    OutcomeDecision,
    PathwayTemplate,
    Pause,
    PcfDomain,
    Supervision,
)
from academy.pathways.rules import add_months
from academy.pathways.selectors import progress_for, with_people
from academy.people.models import PcfLevel, Person, Role
from tests.factories import PersonFactory
from tests.pathways.conftest import Clock, enrol, social_worker, template

pytestmark = pytest.mark.django_db

D = dt.date
START = D(2025, 1, 6)


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def dues(enrolment: Enrolment) -> dict[str, dt.date]:
    return dict(enrolment.milestones.values_list("key", "due_date"))


def fresh(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_related("person", "pathway").get(pk=enrolment.pk)


@pytest.fixture
def psw():
    return PersonFactory(roles=[Role.PSW])


@pytest.fixture
def assessor():
    return social_worker(qualified_on=D(2015, 1, 1), registered_on=D(2015, 2, 1))


@pytest.fixture
def supervisor():
    return social_worker(qualified_on=D(2012, 1, 1), registered_on=D(2012, 2, 1))


# ---------------------------------------------------------------------------------------------
# Enrolling
# ---------------------------------------------------------------------------------------------
def test_enrolling_computes_due_dates_end_date_and_weekly_entitlement(asye, clock, psw):
    clock.day = D(2025, 1, 20)
    person = social_worker(hours="22.5")
    enrolment = enrol(person, asye, D(2025, 1, 31), actor=psw)

    enrolment = fresh(enrolment)
    assert enrolment.end_date == D(2026, 1, 31)
    assert enrolment.weekly_development_hours == Decimal("2.25")
    assert enrolment.reduced_workload_percent == 90
    rows = list(
        enrolment.milestones.values_list(
            "key", "due_date", "original_due_date", "optional", "enabled", "moves_with_extension"
        )
    )
    assert rows == [
        ("support_agreement", D(2025, 2, 28), D(2025, 2, 28), False, True, False),
        ("review_3m", D(2025, 4, 30), D(2025, 4, 30), False, True, False),
        ("review_6m", D(2025, 7, 31), D(2025, 7, 31), False, True, False),
        ("review_9m", D(2025, 10, 31), D(2025, 10, 31), True, False, False),
        ("final_review", D(2026, 1, 31), D(2026, 1, 31), False, True, True),
        ("moderation_panel", D(2026, 2, 28), D(2026, 2, 28), False, True, True),
    ]
    assert enrolment.outcome == Outcome.IN_PROGRESS
    assert (enrolment.status, enrolment.status_reasons) == (Enrolment.Status.ON_TRACK, [])
    assert enrolment.status_as_of == D(2025, 1, 20)
    assert enrolment.override_reason == ""
    assert enrolment.overridden_by is None


def test_enrolling_with_the_9_month_review_switched_on(asye, clock):
    clock.day = D(2025, 1, 20)
    enrolment = enrol(social_worker(), asye, START, optional_milestones=["review_9m"])
    assert enrolment.milestones.get(key="review_9m").enabled is True
    with pytest.raises(ValidationError) as excinfo:
        enrol(social_worker(), asye, START, optional_milestones=["final_review"])
    assert list(errors_of(excinfo)) == ["optional_milestones"]


def test_enrolling_stores_the_status_and_its_reasons(asye, clock):
    clock.day = D(2025, 2, 3)  # day 28 of an ASYE started on 6 January
    enrolment = fresh(enrol(social_worker(), asye, START))
    assert enrolment.status == Enrolment.Status.AT_RISK
    assert enrolment.status_reasons == [
        "Support and assessment agreement and first PDP is due in 3 days (6 February 2025)",
        "Supervision has been overdue since 14 January 2025",
        "Development time is 0.0 of 15.3 hours due so far (0%)",
    ]
    assert enrolment.status_as_of == D(2025, 2, 3)


def test_a_start_before_swe_registration_is_refused_on_the_start_date(asye, clock):
    person = social_worker(qualified_on=D(2024, 12, 1), registered_on=D(2025, 1, 10))
    with pytest.raises(ValidationError) as excinfo:
        enrol(person, asye, START)
    assert list(errors_of(excinfo)) == ["start_date"]
    assert "registration with Social Work England" in errors_of(excinfo)["start_date"][0]
    assert not Enrolment.objects.exists()
    assert not Milestone.objects.exists()


def test_a_person_without_registration_is_refused_on_the_person(asye, clock):
    person = social_worker(registered_on=None)
    with pytest.raises(ValidationError) as excinfo:
        enrol(person, asye, START, override_reason="Knows their stuff.")
    assert list(errors_of(excinfo)) == ["person"]
    assert not Enrolment.objects.exists()


def test_qualified_over_two_years_ago_needs_an_override_reason(asye, clock):
    person = social_worker(qualified_on=D(2021, 6, 1), registered_on=D(2021, 7, 1))
    with pytest.raises(ValidationError) as excinfo:
        enrol(person, asye, START)
    assert list(errors_of(excinfo)) == ["override_reason"]
    assert (
        "the PSW must confirm their knowledge is current"
        in errors_of(excinfo)["override_reason"][0]
    )
    assert not Enrolment.objects.exists()
    with pytest.raises(ValidationError):
        enrol(person, asye, START, override_reason="   ")


def test_an_override_reason_lets_the_enrolment_through_and_is_recorded(asye, clock, psw):
    person = social_worker(qualified_on=D(2019, 6, 1), registered_on=D(2019, 7, 1))
    reason = "  Returning to practice after a career break; refresher course completed.  "
    enrolment = fresh(enrol(person, asye, START, override_reason=reason, actor=psw))
    assert enrolment.override_reason == reason.strip()
    assert enrolment.overridden_by == psw


def test_enrolling_many_names_each_person_at_fault_and_enrols_none(asye, clock):
    fine = social_worker()
    unregistered = social_worker(registered_on=None)
    gone = social_worker(active=False)
    with pytest.raises(ValidationError) as excinfo:
        services.enrolments_create(
            people=[fine, unregistered, gone], pathway=asye, start_date=START
        )
    assert sorted(errors_of(excinfo)) == ["people.1", "people.2"]
    assert errors_of(excinfo)["people.2"] == [f"{gone.full_name}: {gone.full_name} has left."]
    assert not Enrolment.objects.exists()


def test_one_open_enrolment_per_person_per_pathway(asye, clock, psw):
    person = social_worker()
    first = enrol(person, asye, START)
    with pytest.raises(ValidationError) as excinfo:
        enrol(person, asye, D(2025, 1, 13))
    assert list(errors_of(excinfo)) == ["person"]
    assert "is already on ASYE (adults)" in errors_of(excinfo)["person"][0]
    # The database holds the rule too, for writes that race past the check.
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            person=person, pathway=asye, start_date=START, end_date=D(2026, 1, 6)
        )
    services.outcome_record(
        enrolment=first,
        stage="withdrawal",
        decision=Outcome.WITHDRAWN,
        decided_on=D(2025, 1, 20),
        actor=psw,
    )
    again = enrol(person, asye, D(2025, 2, 3))
    assert Enrolment.objects.filter(person=person).count() == 2
    assert again.is_open


def test_a_person_cannot_assess_or_supervise_themselves(asye, clock):
    person = social_worker()
    with pytest.raises(ValidationError) as excinfo:
        enrol(person, asye, START, assessor=person)
    assert list(errors_of(excinfo)) == ["person"]


def test_an_assessor_who_has_left_is_refused(asye, clock, assessor):
    assessor.active = False
    assessor.save(update_fields=["active"])
    with pytest.raises(ValidationError) as excinfo:
        enrol(social_worker(), asye, START, assessor=assessor)
    assert list(errors_of(excinfo)) == ["assessor"]


# ---------------------------------------------------------------------------------------------
# Cohorts and capacity
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def cohort(asye, psw) -> Cohort:
    return services.cohort_create(
        name="ASYE January 2025", pathway=asye, start_date=START, capacity=2, lead=psw
    )


def test_a_cohort_never_takes_more_people_than_its_capacity(cohort, asye, clock):
    enrol(social_worker(), asye, START, cohort=cohort)
    enrol(social_worker(), asye, START, cohort=cohort)
    third = social_worker()
    with pytest.raises(ConflictError) as excinfo:
        enrol(third, asye, START, cohort=cohort)
    assert excinfo.value.field == "cohort"
    assert excinfo.value.message == "ASYE January 2025 has 0 of 2 places left; 1 asked for."
    assert cohort.enrolments.count() == 2
    assert not Enrolment.objects.filter(person=third).exists()


def test_enrolling_many_into_a_cohort_takes_all_or_none(cohort, asye, clock):
    people = [social_worker() for _ in range(3)]
    with pytest.raises(ConflictError) as excinfo:
        services.enrolments_create(people=people, pathway=asye, start_date=START, cohort=cohort)
    assert excinfo.value.field == "cohort"
    assert "has 2 of 2 places left; 3 asked for" in excinfo.value.message
    assert not Enrolment.objects.exists()
    assert not Milestone.objects.exists()

    both = services.enrolments_create(
        people=people[:2], pathway=asye, start_date=START, cohort=cohort
    )
    assert [e.person for e in both] == people[:2]
    assert all(e.milestones.count() == 6 for e in both)


def test_a_finished_enrolment_frees_its_cohort_place(cohort, asye, clock, psw):
    first = enrol(social_worker(), asye, START, cohort=cohort)
    enrol(social_worker(), asye, START, cohort=cohort)
    services.outcome_record(
        enrolment=first,
        stage="withdrawal",
        decision=Outcome.WITHDRAWN,
        decided_on=D(2025, 1, 20),
        actor=psw,
    )
    enrol(social_worker(), asye, START, cohort=cohort)
    assert cohort.enrolments.filter(outcome__in=services.OPEN_OUTCOMES).count() == 2


def test_a_cohort_only_takes_enrolments_on_its_own_pathway(cohort, standard, clock):
    ot = template("ot-preceptorship")
    with pytest.raises(ValidationError) as excinfo:
        enrol(PersonFactory(), ot, START, cohort=cohort)
    assert list(errors_of(excinfo)) == ["cohort"]


def test_a_cohorts_capacity_cannot_drop_below_the_people_enrolled(cohort, asye, clock):
    enrol(social_worker(), asye, START, cohort=cohort)
    enrol(social_worker(), asye, START, cohort=cohort)
    with pytest.raises(ValidationError) as excinfo:
        services.cohort_update(cohort=cohort, changes={"capacity": 1})
    assert list(errors_of(excinfo)) == ["capacity"]
    assert Cohort.objects.get(pk=cohort.pk).capacity == 2
    services.cohort_update(cohort=cohort, changes={"capacity": 5})
    assert Cohort.objects.get(pk=cohort.pk).capacity == 5


def test_a_cohort_needs_a_place(asye):
    with pytest.raises(ValidationError) as excinfo:
        services.cohort_create(name="Empty", pathway=asye, start_date=START, capacity=0)
    assert "capacity" in errors_of(excinfo)
    assert not Cohort.objects.exists()


# ---------------------------------------------------------------------------------------------
# Milestones
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def enrolment(asye, clock, assessor, supervisor) -> Enrolment:
    clock.day = D(2025, 1, 20)
    return enrol(social_worker(), asye, START, assessor=assessor, supervisor=supervisor)


def test_completing_a_milestone_records_the_date_note_and_who(enrolment, clock, assessor):
    clock.day = D(2025, 2, 10)
    assert fresh(enrolment).status == Enrolment.Status.AT_RISK
    milestone = services.milestone_complete(
        enrolment=enrolment,
        key="support_agreement",
        completed_on=D(2025, 2, 5),
        note="  Agreement signed; PDP set.  ",
        actor=assessor,
    )
    row = Milestone.objects.get(pk=milestone.pk)
    assert (row.completed_on, row.note, row.completed_by) == (
        D(2025, 2, 5),
        "Agreement signed; PDP set.",
        assessor,
    )
    assert row.due_date == D(2025, 2, 6)
    stored = fresh(enrolment)
    assert not any("Support and assessment" in r for r in stored.status_reasons)
    assert stored.status_as_of == D(2025, 2, 10)


def test_a_milestone_past_due_is_overdue_until_completed(enrolment, clock, assessor):
    clock.day = D(2025, 2, 7)
    services.enrolments_refresh_status(ids=[enrolment.pk])
    stored = fresh(enrolment)
    assert stored.status == Enrolment.Status.OVERDUE
    assert stored.status_reasons[0] == (
        "Support and assessment agreement and first PDP was due on 6 February 2025"
    )
    services.milestone_complete(
        enrolment=enrolment, key="support_agreement", completed_on=D(2025, 2, 7), actor=assessor
    )
    assert fresh(enrolment).status == Enrolment.Status.AT_RISK  # supervision, development time


@pytest.mark.parametrize(
    ("completed_on", "message"),
    [
        (D(2025, 1, 5), "The date cannot be before the enrolment started."),
        (D(2025, 1, 21), "The date cannot be in the future."),
    ],
)
def test_a_milestone_date_before_the_start_or_in_the_future_is_refused(
    enrolment, completed_on, message
):
    with pytest.raises(ValidationError) as excinfo:
        services.milestone_complete(
            enrolment=enrolment, key="support_agreement", completed_on=completed_on, actor=None
        )
    assert errors_of(excinfo) == {"completed_on": [message]}
    assert not Milestone.objects.filter(completed_on__isnull=False).exists()


def test_a_milestone_cannot_be_completed_twice(enrolment, clock, assessor):
    services.milestone_complete(
        enrolment=enrolment, key="support_agreement", completed_on=D(2025, 1, 15), actor=assessor
    )
    with pytest.raises(ValidationError) as excinfo:
        services.milestone_complete(
            enrolment=enrolment,
            key="support_agreement",
            completed_on=D(2025, 1, 20),
            actor=assessor,
        )
    assert errors_of(excinfo) == {
        "key": ["Support and assessment agreement and first PDP was completed on 15 January 2025."]
    }
    assert Milestone.objects.get(enrolment=enrolment, key="support_agreement").completed_on == (
        D(2025, 1, 15)
    )


def test_a_switched_off_or_unknown_milestone_cannot_be_completed(enrolment):
    for key in ("review_9m", "no_such_review"):
        with pytest.raises(ValidationError) as excinfo:
            services.milestone_complete(
                enrolment=enrolment, key=key, completed_on=D(2025, 1, 15), actor=None
            )
        assert list(errors_of(excinfo)) == ["key"]


def test_switching_the_optional_review_on_makes_it_count(enrolment, clock, assessor):
    switched = services.milestone_switch(enrolment=enrolment, key="review_9m", enabled=True)
    assert switched.enabled is True
    clock.day = D(2025, 1, 21)
    done = services.milestone_complete(
        enrolment=enrolment, key="review_9m", completed_on=D(2025, 1, 21), actor=assessor
    )
    assert done.completed_on == D(2025, 1, 21)
    with pytest.raises(ValidationError) as excinfo:
        services.milestone_switch(enrolment=enrolment, key="final_review", enabled=False)
    assert list(errors_of(excinfo)) == ["key"]
    assert Milestone.objects.get(enrolment=enrolment, key="final_review").enabled is True


# ---------------------------------------------------------------------------------------------
# Supervision, development time, evidence
# ---------------------------------------------------------------------------------------------
def test_supervision_is_recorded_and_clears_the_overdue_reason(enrolment, clock, supervisor):
    clock.day = D(2025, 1, 20)
    assert any("Supervision has been overdue" in r for r in fresh(enrolment).status_reasons)
    record = services.supervision_record(
        enrolment=enrolment,
        held_on=D(2025, 1, 17),
        supervisor=supervisor,
        kind=Supervision.Kind.REFLECTIVE,
        note=" First reflective session. ",
        actor=supervisor,
    )
    row = Supervision.objects.get(pk=record.pk)
    assert (row.held_on, row.kind, row.note, row.recorded_by) == (
        D(2025, 1, 17),
        "reflective",
        "First reflective session.",
        supervisor,
    )
    assert not any("Supervision" in r for r in fresh(enrolment).status_reasons)


def test_reflective_supervision_needs_a_registered_social_worker(enrolment):
    unregistered = PersonFactory(swe_number="")
    with pytest.raises(ValidationError) as excinfo:
        services.supervision_record(
            enrolment=enrolment,
            held_on=D(2025, 1, 17),
            supervisor=unregistered,
            kind=Supervision.Kind.REFLECTIVE,
            actor=None,
        )
    assert errors_of(excinfo) == {
        "supervisor": ["Reflective supervision must be given by a registered social worker."]
    }
    assert not Supervision.objects.exists()
    case = services.supervision_record(
        enrolment=enrolment,
        held_on=D(2025, 1, 17),
        supervisor=unregistered,
        kind=Supervision.Kind.CASE_MANAGEMENT,
        actor=None,
    )
    assert case.kind == "case_management"


def test_supervision_refuses_a_bad_kind_a_future_date_and_self_supervision(enrolment, supervisor):
    def record(**changes):
        data = {
            "enrolment": enrolment,
            "held_on": D(2025, 1, 17),
            "supervisor": supervisor,
            "kind": "group",
            "actor": None,
        }
        data.update(changes)
        with pytest.raises(ValidationError) as excinfo:
            services.supervision_record(**data)
        return list(errors_of(excinfo))

    assert record(kind="chat") == ["kind"]
    assert record(held_on=D(2025, 1, 21)) == ["held_on"]
    assert record(held_on=D(2025, 1, 5)) == ["held_on"]
    assert record(supervisor=enrolment.person) == ["supervisor"]
    assert not Supervision.objects.exists()


def test_development_time_is_logged_against_the_entitlement(enrolment, clock):
    no_grace(enrolment)
    clock.day = D(2025, 1, 19)  # 14 days in: 7.40 hours owed at 3.7 a week
    services.enrolments_refresh_status(ids=[enrolment.pk])
    assert any(
        r.startswith("Development time is 0.0 of 7.4") for r in fresh(enrolment).status_reasons
    )
    entry = services.development_time_log(
        enrolment=enrolment,
        date=D(2025, 1, 10),
        hours=Decimal("6.0"),
        activity="  Reading on the Care Act  ",
        actor=enrolment.person,
    )
    assert (entry.hours, entry.activity, entry.recorded_by) == (
        Decimal("6.0"),
        "Reading on the Care Act",
        enrolment.person,
    )
    # 6.0 of 7.4 is 81%: no longer under the 80% alert.
    assert not any(r.startswith("Development time") for r in fresh(enrolment).status_reasons)


def no_grace(enrolment):
    enrolment.pathway.development_grace_days = 0
    enrolment.pathway.save(update_fields=["development_grace_days"])


def test_development_time_alerts_only_after_the_grace_days(enrolment, clock):
    """A day into the ASYE nothing is logged yet: 0% of a few minutes owed is not a risk."""
    assert enrolment.pathway.development_grace_days == 28
    clock.day = D(2025, 1, 20)  # 14 days in, nothing logged
    services.enrolments_refresh_status(ids=[enrolment.pk])
    assert not any(r.startswith("Development time") for r in fresh(enrolment).status_reasons)
    clock.day = D(2025, 2, 2)  # day 27 of the 28
    services.enrolments_refresh_status(ids=[enrolment.pk])
    assert not any(r.startswith("Development time") for r in fresh(enrolment).status_reasons)
    clock.day = D(2025, 2, 3)  # day 28: the grace is over
    services.enrolments_refresh_status(ids=[enrolment.pk])
    assert any(
        r.startswith("Development time is 0.0 of 15.3") for r in fresh(enrolment).status_reasons
    )


def test_development_time_refuses_impossible_hours_and_no_activity(enrolment):
    for hours, activity, field in (
        (Decimal("0"), "Reading", "hours"),
        (Decimal("24.5"), "Reading", "hours"),
        (Decimal("2"), "   ", "activity"),
    ):
        with pytest.raises(ValidationError) as excinfo:
            services.development_time_log(
                enrolment=enrolment, date=D(2025, 1, 10), hours=hours, activity=activity, actor=None
            )
        assert list(errors_of(excinfo)) == [field]
    assert not DevelopmentActivity.objects.exists()


def test_evidence_is_added_with_its_pcf_domains_and_a_file(enrolment, settings, tmp_path, assessor):
    settings.MEDIA_ROOT = tmp_path
    domains = list(PcfDomain.objects.filter(key__in=["values_ethics", "critical_reflection"]))
    upload = SimpleUploadedFile(
        "observation.pdf", b"%PDF-1.4 direct observation notes", content_type="application/pdf"
    )
    item = services.evidence_add(
        enrolment=enrolment,
        kind=Evidence.Kind.DIRECT_OBSERVATION,
        date=D(2025, 1, 16),
        summary=" Home visit with a carer's assessment. ",
        domains=domains,
        file=upload,
        actor=assessor,
    )
    row = Evidence.objects.get(pk=item.pk)
    assert row.summary == "Home visit with a carer's assessment."
    assert row.recorded_by == assessor
    assert set(row.domains.values_list("key", flat=True)) == {
        "values_ethics",
        "critical_reflection",
    }
    stored = Path(row.file.path)
    assert stored.is_relative_to(tmp_path)
    assert stored.read_bytes() == b"%PDF-1.4 direct observation notes"
    assert row.file.name.startswith("evidence/")


def test_evidence_without_a_file_or_with_bad_input(enrolment):
    item = services.evidence_add(
        enrolment=enrolment,
        kind=Evidence.Kind.PERSON_FEEDBACK,
        date=D(2025, 1, 16),
        summary="Feedback from Mrs B after the review.",
        actor=enrolment.person,
    )
    assert not item.file
    assert item.domains.count() == 0
    for changes, field in (
        ({"kind": "gossip"}, "kind"),
        ({"summary": "  "}, "summary"),
        ({"date": D(2025, 1, 30)}, "date"),
    ):
        data = {
            "enrolment": enrolment,
            "kind": "other",
            "date": D(2025, 1, 16),
            "summary": "A note.",
            "actor": None,
        }
        data.update(changes)
        with pytest.raises(ValidationError) as excinfo:
            services.evidence_add(**data)
        assert list(errors_of(excinfo)) == [field]
    assert Evidence.objects.count() == 1


def test_evidence_behind_pace_shows_in_the_status(enrolment, clock):
    clock.day = D(2025, 5, 10)  # 124 of 365 days to the final review: 1 of each kind expected
    services.enrolments_refresh_status(ids=[enrolment.pk])
    reasons = fresh(enrolment).status_reasons
    assert "Direct observation: 0 of 1 expected by now" in reasons
    assert "Feedback from a person who draws on care and support: 0 of 1 expected by now" in (
        reasons
    )
    assert "Feedback from a professional: 0 of 1 expected by now" in reasons


# ---------------------------------------------------------------------------------------------
# Pauses and extensions
# ---------------------------------------------------------------------------------------------
def test_a_pause_moves_the_milestones_not_yet_due_and_the_end_date(enrolment, clock, assessor):
    clock.day = D(2025, 3, 1)
    services.milestone_complete(
        enrolment=enrolment, key="support_agreement", completed_on=D(2025, 2, 4), actor=assessor
    )
    services.milestone_complete(
        enrolment=enrolment, key="review_3m", completed_on=D(2025, 2, 28), actor=assessor
    )
    pause = services.pause_record(
        enrolment=enrolment,
        kind=Pause.Kind.SICK_LEAVE,
        reason=" Sick leave ",
        first_day=D(2025, 3, 3),
        last_day=D(2025, 4, 1),
        actor=assessor,
    )
    assert (pause.days, pause.reason) == (30, "Sick leave")
    assert dues(enrolment) == {
        "support_agreement": D(2025, 2, 6),  # done
        "review_3m": D(2025, 4, 6),  # done early: completed milestones never move
        "review_6m": D(2025, 8, 5),
        "review_9m": D(2025, 11, 5),
        "final_review": D(2026, 2, 5),
        "moderation_panel": D(2026, 3, 8),
    }
    assert fresh(enrolment).end_date == D(2026, 2, 5)
    originals = dict(enrolment.milestones.values_list("key", "original_due_date"))
    assert originals["review_6m"] == D(2025, 7, 6)


def test_a_pause_after_a_milestone_was_due_does_not_move_it(enrolment, clock):
    clock.day = D(2025, 3, 1)
    services.pause_record(
        enrolment=enrolment,
        kind=Pause.Kind.PARENTAL_LEAVE,
        reason="Parental leave",
        first_day=D(2025, 2, 10),
        last_day=D(2025, 2, 16),
        actor=None,
    )
    moved = dues(enrolment)
    assert moved["support_agreement"] == D(2025, 2, 6), "overdue when the pause began"
    assert moved["review_3m"] == D(2025, 4, 13)


def test_an_extension_moves_only_the_final_two_and_the_end_date(enrolment, clock, assessor):
    clock.day = D(2026, 1, 7)
    services.milestone_complete(
        enrolment=enrolment, key="final_review", completed_on=D(2026, 1, 6), actor=assessor
    )
    before = dues(enrolment)
    services.pause_record(
        enrolment=enrolment, kind=Pause.Kind.EXTENSION, reason="Panel date", days=21, actor=None
    )
    after = dues(enrolment)
    assert {k for k in after if after[k] != before[k]} == {"moderation_panel"}
    assert after["moderation_panel"] == before["moderation_panel"] + dt.timedelta(days=21)
    assert fresh(enrolment).end_date == D(2026, 1, 27)


def test_an_extension_before_the_final_review_moves_both(enrolment):
    services.pause_record(
        enrolment=enrolment, kind="extension", reason="More evidence needed", days=30, actor=None
    )
    after = dues(enrolment)
    assert (after["final_review"], after["moderation_panel"]) == (D(2026, 2, 5), D(2026, 3, 8))
    assert after["review_6m"] == D(2025, 7, 6)


def test_overlapping_pauses_are_refused_and_nothing_moves(enrolment):
    services.pause_record(
        enrolment=enrolment,
        kind="sick_leave",
        reason="Sick leave",
        first_day=D(2025, 3, 3),
        last_day=D(2025, 3, 14),
        actor=None,
    )
    before, end = dues(enrolment), fresh(enrolment).end_date
    with pytest.raises(ValidationError) as excinfo:
        services.pause_record(
            enrolment=enrolment,
            kind="part_time",
            reason="Part-time working",
            first_day=D(2025, 3, 14),
            last_day=D(2025, 4, 14),
            actor=None,
        )
    assert errors_of(excinfo) == {"first_day": ["This overlaps the pause from 3 March 2025."]}
    assert dues(enrolment) == before
    assert fresh(enrolment).end_date == end
    assert Pause.objects.count() == 1


def test_a_pause_needs_its_days_in_order_and_a_reason(enrolment):
    def refused(**changes):
        data = {
            "enrolment": enrolment,
            "kind": "sick_leave",
            "reason": "Sick",
            "first_day": D(2025, 3, 3),
            "last_day": D(2025, 3, 4),
            "actor": None,
        }
        data.update(changes)
        with pytest.raises(ValidationError) as excinfo:
            services.pause_record(**data)
        return list(errors_of(excinfo))

    assert refused(last_day=D(2025, 3, 2)) == ["last_day"]
    assert refused(first_day=None) == ["first_day"]
    assert refused(last_day=None) == ["last_day"]
    assert refused(first_day=D(2025, 1, 1)) == ["first_day"]
    assert refused(reason=" ") == ["reason"]
    assert refused(kind="holiday") == ["kind"]
    assert refused(kind="extension", days=0) == ["days"]
    assert not Pause.objects.exists()


def test_pauses_leave_paused_days_out_of_the_development_entitlement(enrolment, clock):
    no_grace(enrolment)
    clock.day = D(2025, 2, 2)  # 28 days in: 14.8 hours owed, less 14 paused days: 7.4
    services.pause_record(
        enrolment=enrolment,
        kind="sick_leave",
        reason="Sick",
        first_day=D(2025, 1, 13),
        last_day=D(2025, 1, 26),
        actor=None,
    )
    assert "Development time is 0.0 of 7.4 hours due so far (0%)" in fresh(enrolment).status_reasons


def test_development_time_owed_stops_at_the_end_date_while_the_panel_is_awaited(enrolment):
    # 160 hours logged over the year: 83% of the 192.93 owed by the end date (5 January 2026).
    for month in range(12):
        DevelopmentActivity.objects.create(
            enrolment=enrolment,
            date=add_months(START, month),
            hours=Decimal("13.33") if month else Decimal("13.37"),
            activity="Protected learning",
        )
    for key in ("support_agreement", "review_3m", "review_6m", "final_review"):
        Milestone.objects.filter(enrolment=enrolment, key=key).update(completed_on=START)
    Supervision.objects.create(
        enrolment=enrolment, held_on=D(2026, 1, 30), supervisor=enrolment.supervisor, kind="group"
    )
    as_of = D(2026, 2, 1)
    loaded = list(with_people(Enrolment.objects.filter(pk=enrolment.pk)))
    figures = progress_for(loaded, as_of=as_of)[enrolment.pk]
    assert (figures.development_logged, figures.development_entitled) == (
        Decimal("160.00"),
        Decimal("192.93"),
    )
    services.enrolments_refresh_status(ids=[enrolment.pk], as_of=as_of)
    stored = fresh(enrolment)
    assert stored.status_reasons[0] == "Moderation panel is due in 5 days (6 February 2026)"
    assert not any(r.startswith("Development time") for r in stored.status_reasons)


# ---------------------------------------------------------------------------------------------
# Outcomes
# ---------------------------------------------------------------------------------------------
DECIDED_ON = D(2025, 1, 20)


def decide(enrolment, stage, decision, actor=None, day=DECIDED_ON):
    return services.outcome_record(
        enrolment=enrolment, stage=stage, decision=decision, decided_on=day, actor=actor
    )


def test_a_confirmed_pass_moves_the_person_from_asye_to_social_worker(enrolment, assessor, psw):
    recommendation = decide(enrolment, "recommendation", Outcome.RECOMMENDED_PASS, assessor)
    assert recommendation.decided_by == assessor
    stored = fresh(enrolment)
    assert (stored.outcome, stored.outcome_on, stored.is_open) == ("recommended_pass", None, True)
    assert stored.person.pcf_level == PcfLevel.ASYE

    decide(stored, "panel", Outcome.PASSED, psw)
    stored = fresh(enrolment)
    assert (stored.outcome, stored.outcome_on) == ("passed", D(2025, 1, 20))
    assert (stored.status, stored.status_reasons) == (Enrolment.Status.COMPLETE, [])
    assert stored.person.pcf_level == PcfLevel.SOCIAL_WORKER
    assert list(stored.decisions.values_list("stage", "decision")) == [
        ("recommendation", "recommended_pass"),
        ("panel", "passed"),
    ]


def test_a_pass_never_moves_someone_further_along_back(enrolment, assessor, psw):
    """A pathway leading to a level below where the person stands (a career progression panel
    taken by an Advanced Manager, say) leaves their level as it was."""
    Person.objects.filter(pk=enrolment.person_id).update(pcf_level=PcfLevel.ADVANCED_MANAGER)
    decide(fresh(enrolment), "recommendation", Outcome.RECOMMENDED_PASS, assessor)
    decide(fresh(enrolment), "panel", Outcome.PASSED, psw)
    stored = fresh(enrolment)
    assert stored.outcome == "passed"
    assert stored.person.pcf_level == PcfLevel.ADVANCED_MANAGER


def test_a_fail_leaves_the_pcf_level_where_it_was(enrolment, assessor, psw):
    decide(enrolment, "recommendation", Outcome.RECOMMENDED_FAIL, assessor)
    decide(fresh(enrolment), "panel", Outcome.FAILED, psw)
    stored = fresh(enrolment)
    assert stored.outcome == "failed"
    assert stored.person.pcf_level == PcfLevel.ASYE


def test_the_panel_can_overturn_a_recommended_pass(enrolment, assessor, psw):
    decide(enrolment, "recommendation", Outcome.RECOMMENDED_PASS, assessor)
    decide(fresh(enrolment), "panel", Outcome.FAILED, psw)
    assert fresh(enrolment).person.pcf_level == PcfLevel.ASYE


def test_decisions_at_the_wrong_stage_are_refused(enrolment, assessor, psw):
    def refused(target, stage, decision):
        with pytest.raises(ValidationError) as excinfo:
            decide(target, stage, decision)
        return errors_of(excinfo)

    assert list(refused(enrolment, "panel", Outcome.PASSED)) == ["stage"]
    assert list(refused(enrolment, "recommendation", Outcome.PASSED)) == ["decision"]
    assert list(refused(enrolment, "completion", Outcome.COMPLETED)) == ["stage"]
    assert list(refused(enrolment, "verdict", Outcome.PASSED)) == ["stage"]
    decide(enrolment, "recommendation", Outcome.RECOMMENDED_PASS, assessor)
    again = fresh(enrolment)
    assert list(refused(again, "recommendation", Outcome.RECOMMENDED_FAIL)) == ["stage"]
    decide(again, "panel", Outcome.PASSED, psw)
    with pytest.raises(ValidationError, match="nothing more can be recorded"):
        decide(fresh(enrolment), "withdrawal", Outcome.WITHDRAWN)
    assert OutcomeDecision.objects.filter(enrolment=enrolment).count() == 2


def test_a_withdrawn_enrolment_takes_no_more_records(enrolment, psw, supervisor):
    decide(enrolment, "withdrawal", Outcome.WITHDRAWN, psw)
    stored = fresh(enrolment)
    assert (stored.outcome, stored.outcome_on, stored.status) == (
        "withdrawn",
        D(2025, 1, 20),
        Enrolment.Status.COMPLETE,
    )
    with pytest.raises(ValidationError, match="This enrolment is withdrawn"):
        services.supervision_record(
            enrolment=stored,
            held_on=D(2025, 1, 17),
            supervisor=supervisor,
            kind="group",
            actor=None,
        )
    with pytest.raises(ValidationError, match="withdrawn"):
        services.milestone_complete(
            enrolment=stored, key="support_agreement", completed_on=D(2025, 1, 17), actor=None
        )
    assert stored.person.pcf_level == PcfLevel.ASYE


def test_a_pathway_that_is_not_pass_or_fail_ends_in_completion(standard, clock, psw):
    clock.day = D(2026, 1, 10)
    preceptorship = template("ot-preceptorship")
    enrolment = enrol(PersonFactory(hcpc_number="OT12345"), preceptorship, D(2025, 1, 6))
    with pytest.raises(ValidationError) as excinfo:
        decide(enrolment, "recommendation", Outcome.RECOMMENDED_PASS)
    assert errors_of(excinfo) == {
        "stage": ["OT preceptorship is not pass or fail: record its completion."]
    }
    decide(enrolment, "completion", Outcome.COMPLETED, psw, day=D(2026, 1, 9))
    stored = fresh(enrolment)
    assert (stored.outcome, stored.outcome_on) == ("completed", D(2026, 1, 9))


def test_passing_practice_educator_stage_1_opens_stage_2_without_an_override(standard, clock, psw):
    clock.day = D(2026, 3, 1)
    person = social_worker(qualified_on=D(2020, 1, 1), registered_on=D(2020, 2, 1))
    pe2 = template("practice-educator-2")
    with pytest.raises(ValidationError) as excinfo:
        enrol(person, pe2, D(2026, 2, 2))
    assert (
        "Needs Practice Educator stage 1 completed first"
        in errors_of(excinfo)["override_reason"][0]
    )
    stage_1 = enrol(person, template("practice-educator-1"), D(2025, 1, 6))
    decide(stage_1, "recommendation", Outcome.RECOMMENDED_PASS, day=D(2026, 1, 6))
    decide(fresh(stage_1), "panel", Outcome.PASSED, psw, day=D(2026, 1, 20))
    stage_2 = enrol(person, pe2, D(2026, 2, 2))
    assert stage_2.override_reason == ""


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------
def test_copying_a_template_copies_its_rules_and_milestones(asye, clock):
    copy = services.pathway_template_copy(
        template=asye, key=" asye-adults-shire ", name=" ASYE (Shire) "
    )
    copy = PathwayTemplate.objects.get(pk=copy.pk)
    assert (copy.key, copy.name, copy.kind, copy.based_on) == (
        "asye-adults-shire",
        "ASYE (Shire)",
        "asye",
        asye,
    )
    for field in services.TEMPLATE_FIELDS:
        if field != "name":
            assert getattr(copy, field) == getattr(asye, field), field
    fields = ("key", "title", "offset_months", "offset_days", "optional", "moves_with_extension")
    assert list(copy.milestones.values_list(*fields)) == list(asye.milestones.values_list(*fields))
    assert MilestoneTemplate.objects.filter(pathway=asye).count() == 6

    clock.day = D(2025, 1, 20)
    enrolment = enrol(social_worker(), copy, D(2025, 1, 31))
    assert dues(enrolment)["support_agreement"] == D(2025, 2, 28)


def test_a_copy_needs_a_key_of_its_own(asye):
    with pytest.raises(ValidationError) as excinfo:
        services.pathway_template_copy(template=asye, key="asye-adults", name="Another ASYE")
    assert list(errors_of(excinfo)) == ["key"]
    assert PathwayTemplate.objects.filter(name="Another ASYE").count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("supervision_schedule", [{"until": {"days": 42}}]),
        ("supervision_schedule", "weekly"),
        ("development_rule", {"kind": "percent_of_hours"}),
        ("development_rule", {"kind": "vibes"}),
        ("eligibility_checks", [{"check": "qualified_within"}]),
        ("eligibility_checks", [{"check": "horoscope"}]),
        ("evidence_minimums", {"direct_observation": -1}),
        ("evidence_minimums", {"gossip": 2}),
        ("evidence_minimums", ["direct_observation"]),
    ],
)
def test_bad_template_rules_are_refused_naming_the_field(asye, field, value):
    before = getattr(asye, field)
    with pytest.raises(ValidationError) as excinfo:
        services.pathway_template_update(template=asye, changes={field: value})
    assert list(errors_of(excinfo)) == [field]
    assert getattr(PathwayTemplate.objects.get(pk=asye.pk), field) == before


def test_updating_a_template_changes_new_enrolments_only(asye, clock):
    clock.day = D(2025, 1, 20)
    before = enrol(social_worker(), asye, START)
    services.pathway_template_update(
        template=asye,
        changes={
            "duration_months": 18,
            "development_rule": {"kind": "percent_of_hours", "percent": 20},
            "due_soon_days": 21,
        },
    )
    stored = PathwayTemplate.objects.get(pk=asye.pk)
    assert (stored.duration_months, stored.due_soon_days) == (18, 21)
    after = enrol(social_worker(), stored, START)
    assert fresh(before).end_date == D(2026, 1, 6)
    assert fresh(before).weekly_development_hours == Decimal("3.70")
    assert fresh(after).end_date == D(2026, 7, 6)
    assert fresh(after).weekly_development_hours == Decimal("7.40")


def test_a_template_field_that_cannot_change_is_refused(asye):
    with pytest.raises(ValidationError) as excinfo:
        services.pathway_template_update(template=asye, changes={"kind": "bia", "key": "x"})
    assert sorted(errors_of(excinfo)) == ["key", "kind"]


# ---------------------------------------------------------------------------------------------
# Status refresh
# ---------------------------------------------------------------------------------------------
def enrolled(count: int, asye: PathwayTemplate) -> list[Enrolment]:
    assessor = social_worker(qualified_on=D(2015, 1, 1), registered_on=D(2015, 2, 1))
    people = [social_worker() for _ in range(count)]
    return services.enrolments_create(
        people=people, pathway=asye, start_date=START, assessor=assessor
    )


def refresh_queries(count: int, asye: PathwayTemplate, clock: Clock) -> int:
    Enrolment.objects.all().delete()
    clock.day = D(2025, 1, 6)
    made = enrolled(count, asye)
    for index, enrolment in enumerate(made):  # varied records, so nothing is skipped
        Supervision.objects.create(
            enrolment=enrolment, held_on=D(2025, 1, 6), supervisor=enrolment.assessor, kind="group"
        )
        if index % 2:
            DevelopmentActivity.objects.create(
                enrolment=enrolment, date=D(2025, 1, 6), hours=Decimal("1"), activity="Reading"
            )
            Evidence.objects.create(
                enrolment=enrolment, kind="other", date=D(2025, 1, 6), summary="Note"
            )
            Pause.objects.create(
                enrolment=enrolment,
                kind="other",
                reason="Leave",
                first_day=D(2025, 1, 7),
                last_day=D(2025, 1, 8),
                days=2,
            )
    with CaptureQueriesContext(connection) as queries:
        changed = services.enrolments_refresh_status(as_of=D(2025, 3, 1))
    assert changed == count
    return len(queries)


def test_refreshing_status_takes_the_same_queries_for_10_and_60_enrolments(asye, clock):
    assert refresh_queries(10, asye, clock) == refresh_queries(60, asye, clock)


def test_refreshing_status_follows_time_passing(asye, clock):
    clock.day = D(2024, 12, 16)  # enrolled three weeks before the start
    enrolment = enrol(social_worker(), asye, START)
    assert fresh(enrolment).status == Enrolment.Status.ON_TRACK
    DevelopmentActivity.objects.create(
        enrolment=enrolment, date=START, hours=Decimal("9"), activity="Induction reading"
    )
    Supervision.objects.create(
        enrolment=enrolment, held_on=D(2025, 1, 20), supervisor=social_worker(), kind="group"
    )
    assert services.enrolments_refresh_status(as_of=D(2025, 1, 22)) == 1
    assert fresh(enrolment).status == Enrolment.Status.ON_TRACK

    assert services.enrolments_refresh_status(as_of=D(2025, 1, 23)) == 1
    stored = fresh(enrolment)
    assert stored.status == Enrolment.Status.AT_RISK
    assert stored.status_as_of == D(2025, 1, 23)
    assert "Support and assessment agreement and first PDP is due in 14 days (6 February 2025)" in (
        stored.status_reasons
    )

    assert services.enrolments_refresh_status(as_of=D(2025, 2, 7)) == 1
    assert fresh(enrolment).status == Enrolment.Status.OVERDUE
    assert services.enrolments_refresh_status(as_of=D(2025, 2, 7)) == 0, "nothing changed"


def test_refreshing_every_open_enrolment_skips_finished_ones(asye, clock, psw):
    clock.day = D(2025, 1, 6)
    kept, finished = enrolled(2, asye)
    decide(finished, "withdrawal", Outcome.WITHDRAWN, psw, day=D(2025, 1, 6))
    services.enrolments_refresh_status(as_of=D(2025, 3, 1))
    assert fresh(kept).status == Enrolment.Status.OVERDUE
    assert fresh(finished).status == Enrolment.Status.COMPLETE
    assert fresh(finished).status_as_of == D(2025, 1, 6)


def test_supervision_is_not_overdue_for_the_days_a_person_is_paused(enrolment, clock):
    """No supervision on parental leave: the paused days do not count towards the gap."""
    clock.day = D(2025, 1, 20)
    services.supervision_record(
        enrolment=enrolment,
        held_on=D(2025, 1, 13),
        supervisor=enrolment.supervisor,
        kind="reflective",
        actor=None,
    )
    services.pause_record(
        enrolment=enrolment,
        kind="parental_leave",
        reason="Shared parental leave",
        first_day=D(2025, 1, 14),
        last_day=D(2025, 3, 31),
        actor=None,
    )
    clock.day = D(2025, 3, 31)
    services.enrolments_refresh_status(ids=[enrolment.pk])
    assert not any(r.startswith("Supervision") for r in fresh(enrolment).status_reasons)
    # Back on 1 April, still in week 2 of the ASYE (weekly supervision): one unpaused day had
    # passed before the pause, so seven days' gap is reached on 7 April and exceeded on the 8th.
    clock.day = D(2025, 4, 7)
    services.enrolments_refresh_status(ids=[enrolment.pk])
    assert not any(r.startswith("Supervision") for r in fresh(enrolment).status_reasons)
    clock.day = D(2025, 4, 8)
    services.enrolments_refresh_status(ids=[enrolment.pk])
    assert "Supervision has been overdue since 8 April 2025" in fresh(enrolment).status_reasons


def test_reflective_supervision_on_an_ot_preceptorship_needs_an_hcpc_registration(clock, standard):
    clock.day = D(2025, 1, 20)
    preceptorship = PathwayTemplate.objects.get(key="ot-preceptorship")
    assert preceptorship.reflective_supervisor_registration == "hcpc"
    ot = PersonFactory(hcpc_number="OT55501", job_title="Occupational Therapist")
    enrolment = enrol(ot, preceptorship, START)
    social_worker_only = social_worker()
    with pytest.raises(ValidationError) as excinfo:
        services.supervision_record(
            enrolment=enrolment,
            held_on=D(2025, 1, 15),
            supervisor=social_worker_only,
            kind="reflective",
            actor=None,
        )
    assert "HCPC" in errors_of(excinfo)["supervisor"][0]
    senior_ot = PersonFactory(hcpc_number="OT55502")
    services.supervision_record(
        enrolment=enrolment,
        held_on=D(2025, 1, 15),
        supervisor=senior_ot,
        kind="reflective",
        actor=None,
    )


def test_a_pause_starting_after_the_end_date_is_refused(enrolment, clock):
    clock.day = D(2025, 1, 20)
    with pytest.raises(ValidationError) as excinfo:
        services.pause_record(
            enrolment=enrolment,
            kind="sick_leave",
            reason="Sick",
            first_day=enrolment.end_date + dt.timedelta(days=1),
            last_day=enrolment.end_date + dt.timedelta(days=5),
            actor=None,
        )
    assert list(errors_of(excinfo)) == ["first_day"]


def test_a_panel_pass_moves_the_pcf_level_even_with_a_gap_elsewhere_in_the_record(enrolment, clock):
    person = enrolment.person
    Person.objects.filter(pk=person.pk).update(swe_number="")  # registered, number not yet recorded
    clock.day = enrolment.end_date + dt.timedelta(days=30)
    services.outcome_record(
        enrolment=enrolment,
        stage="recommendation",
        decision="recommended_pass",
        decided_on=clock.day,
        actor=None,
    )
    services.outcome_record(
        enrolment=enrolment, stage="panel", decision="passed", decided_on=clock.day, actor=None
    )
    assert Person.objects.get(pk=person.pk).pcf_level == "social_worker"

"""academy/pathways/services.py: changing an enrolment's assessor or supervisor after enrolling.

The PSW alone changes them, on an enrolment still open; each change is recorded with its reason
and the new people and the learner are told through the outbox.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from academy.notifications.models import Notification
from academy.pathways import services
from academy.pathways.models import Enrolment, EnrolmentReassignment, Outcome
from academy.pathways.selectors import enrolments_visible_to
from academy.people.models import Person, Role
from academy.people.permissions import Viewer, viewer_for
from tests.factories import PersonFactory, UserFactory
from tests.pathways.conftest import Clock, enrol, social_worker

pytestmark = pytest.mark.django_db

D = dt.date
START = D(2025, 1, 6)
REASON = "The assessor has left the council."


def with_account(person: Person) -> Person:
    person.user = UserFactory()
    person.save(update_fields=["user"])
    return person


def viewer_of(person: Person) -> Viewer:
    return viewer_for(person.user)


@pytest.fixture
def psw() -> Person:
    return with_account(PersonFactory(roles=[Role.PSW]))


@pytest.fixture
def people() -> dict[str, Person]:
    """Registered social workers to assess and supervise, each with an account."""
    return {
        name: with_account(social_worker(qualified_on=D(2012, 1, 1), registered_on=D(2012, 2, 1)))
        for name in ("assessor", "supervisor", "new_assessor", "new_supervisor")
    }


@pytest.fixture
def enrolment(asye, clock: Clock, people) -> Enrolment:
    """A newly qualified social worker on the ASYE, with an account, assessed and supervised."""
    learner = with_account(social_worker())
    return enrol(learner, asye, START, assessor=people["assessor"], supervisor=people["supervisor"])


def reassign(enrolment: Enrolment, actor: Person, **changes) -> list[EnrolmentReassignment]:
    changes.setdefault("reason", REASON)
    return services.enrolment_reassign(enrolment=enrolment, actor=viewer_of(actor), **changes)


def holders(enrolment: Enrolment) -> tuple[Person | None, Person | None]:
    fresh = Enrolment.objects.select_related("assessor", "supervisor").get(pk=enrolment.pk)
    return fresh.assessor, fresh.supervisor


def messages_to(person: Person) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person).order_by("id"))


def test_the_psw_changes_both_and_each_change_is_recorded(enrolment, people, psw):
    changes = reassign(
        enrolment,
        psw,
        assessor=people["new_assessor"],
        supervisor=people["new_supervisor"],
        reason=f"  {REASON}  ",
    )

    assert holders(enrolment) == (people["new_assessor"], people["new_supervisor"])
    assert (enrolment.assessor, enrolment.supervisor) == holders(enrolment)
    rows = list(EnrolmentReassignment.objects.filter(enrolment=enrolment))
    assert rows == changes
    assert [(r.role, r.from_person, r.to_person) for r in rows] == [
        ("assessor", people["assessor"], people["new_assessor"]),
        ("supervisor", people["supervisor"], people["new_supervisor"]),
    ]
    assert {(r.reason, r.changed_by) for r in rows} == {(REASON, psw)}
    assert all(r.created_at is not None for r in rows)


def test_the_new_people_and_the_learner_are_told_once_and_the_old_ones_not(enrolment, people, psw):
    reassign(enrolment, psw, assessor=people["new_assessor"], supervisor=people["new_supervisor"])

    [to_assessor] = messages_to(people["new_assessor"])
    assert to_assessor.kind == "pathways.reassigned_to_you"
    assert to_assessor.subject == f"You are now {enrolment.person.full_name}'s assessor"
    assert to_assessor.link == f"/enrolments/{enrolment.pk}/"
    [to_supervisor] = messages_to(people["new_supervisor"])
    assert to_supervisor.subject == f"You are now {enrolment.person.full_name}'s supervisor"
    [to_learner] = messages_to(enrolment.person)
    assert to_learner.kind == "pathways.reassigned"
    assert to_learner.subject == "Your assessor and supervisor on ASYE (adults) have changed"
    assert people["new_assessor"].full_name in to_learner.body
    assert people["new_supervisor"].full_name in to_learner.body
    assert messages_to(people["assessor"]) == messages_to(people["supervisor"]) == []
    keys = {row.dedupe_key for row in Notification.objects.all()}
    assert len(keys) == 3

    # A later change is a new occurrence: told again, with its own keys.
    reassign(enrolment, psw, assessor=people["assessor"], reason="Back from leave.")
    assert len(messages_to(people["assessor"])) == 1
    assert len(messages_to(enrolment.person)) == 2
    assert Notification.objects.count() == 5


def test_one_person_taking_both_roles_gets_one_message(enrolment, people, psw):
    reassign(enrolment, psw, assessor=people["new_assessor"], supervisor=people["new_assessor"])
    [message] = messages_to(people["new_assessor"])
    assert message.subject == f"You are now {enrolment.person.full_name}'s assessor and supervisor"


def test_a_role_left_out_is_kept_and_none_leaves_it_with_no_one(enrolment, people, psw):
    [change] = reassign(enrolment, psw, supervisor=None)

    assert holders(enrolment) == (people["assessor"], None)
    assert (change.role, change.from_person, change.to_person) == (
        "supervisor",
        people["supervisor"],
        None,
    )
    [to_learner] = messages_to(enrolment.person)
    assert to_learner.subject == "Your supervisor on ASYE (adults) has changed"
    assert "You have no supervisor for now" in to_learner.body
    assert messages_to(people["supervisor"]) == []


def test_the_person_already_in_a_role_is_no_change(enrolment, people, psw):
    [change] = reassign(
        enrolment, psw, assessor=people["assessor"], supervisor=people["new_supervisor"]
    )
    assert change.role == "supervisor"
    assert messages_to(people["assessor"]) == []


@pytest.mark.parametrize(
    "changes",
    [{}, {"assessor": "assessor", "supervisor": "supervisor"}],
    ids=["nothing given", "the same people"],
)
def test_a_change_that_changes_nothing_is_refused(enrolment, people, psw, changes):
    given = {role: people[name] for role, name in changes.items()}
    with pytest.raises(ValidationError) as excinfo:
        reassign(enrolment, psw, **given)
    assert "Choose a different assessor or supervisor" in excinfo.value.messages[0]
    assert not EnrolmentReassignment.objects.exists()


def test_someone_who_has_left_or_the_learner_is_refused_on_their_field_and_nothing_is_written(
    enrolment, people, psw
):
    gone = people["new_assessor"]
    gone.active = False
    gone.save(update_fields=["active"])

    with pytest.raises(ValidationError) as excinfo:
        reassign(enrolment, psw, assessor=gone, supervisor=enrolment.person, reason=" ")

    assert excinfo.value.message_dict == {
        "assessor": [f"{gone.full_name} has left."],
        "supervisor": ["A person cannot assess or supervise themselves."],
        "reason": ["Give the reason for the change."],
    }
    assert holders(enrolment) == (people["assessor"], people["supervisor"])
    assert not EnrolmentReassignment.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.DASS, Role.TEAM_MANAGER])
def test_only_the_psw_changes_them(enrolment, people, role):
    someone = with_account(PersonFactory(roles=[role]))
    with pytest.raises(PermissionDenied):
        reassign(enrolment, someone, assessor=people["new_assessor"])
    assert holders(enrolment) == (people["assessor"], people["supervisor"])
    assert not EnrolmentReassignment.objects.exists()
    assert not Notification.objects.exists()


def test_the_enrolments_assessor_cannot_hand_it_on(enrolment, people):
    with pytest.raises(PermissionDenied):
        reassign(enrolment, people["assessor"], assessor=people["new_assessor"])


def test_an_admin_with_no_person_changes_them_unsigned(enrolment, people):
    admin = viewer_for(UserFactory(is_superuser=True))
    [change] = services.enrolment_reassign(
        enrolment=enrolment, assessor=people["new_assessor"], reason=REASON, actor=admin
    )
    assert change.changed_by is None


@pytest.mark.parametrize(
    ("stage", "decision"),
    [("withdrawal", Outcome.WITHDRAWN), ("deferral", Outcome.DEFERRED)],
)
def test_a_finished_enrolment_is_refused(enrolment, people, psw, clock, stage, decision):
    services.outcome_record(
        enrolment=enrolment, stage=stage, decision=decision, decided_on=clock.day, actor=psw
    )
    with pytest.raises(ValidationError) as excinfo:
        reassign(enrolment, psw, assessor=people["new_assessor"])
    assert "nothing more can be recorded" in excinfo.value.messages[0]
    assert holders(enrolment) == (people["assessor"], people["supervisor"])
    assert not EnrolmentReassignment.objects.exists()


def test_an_enrolment_awaiting_the_panel_can_still_change(enrolment, people, psw, clock):
    services.outcome_record(
        enrolment=enrolment,
        stage="recommendation",
        decision=Outcome.RECOMMENDED_PASS,
        decided_on=clock.day,
        actor=people["assessor"],
    )
    reassign(enrolment, psw, supervisor=people["new_supervisor"])
    assert holders(enrolment)[1] == people["new_supervisor"]


def test_the_new_assessor_sees_the_enrolment_and_the_old_one_no_longer(enrolment, people, psw):
    def sees(person: Person) -> bool:
        return enrolments_visible_to(viewer_of(person)).filter(pk=enrolment.pk).exists()

    assert sees(people["assessor"])
    assert not sees(people["new_assessor"])
    reassign(enrolment, psw, assessor=people["new_assessor"])
    assert sees(people["new_assessor"])
    assert not sees(people["assessor"])


def test_the_change_is_made_on_the_row_as_it_stands(enrolment, people, psw):
    """A copy of the enrolment loaded before someone else's change records the holder the row
    has now as the one replaced, and asking for that same holder again changes nothing."""
    stale = Enrolment.objects.select_related("person", "pathway").get(pk=enrolment.pk)
    reassign(enrolment, psw, assessor=people["new_assessor"])

    with pytest.raises(ValidationError):
        reassign(stale, psw, assessor=people["new_assessor"])
    [change] = reassign(stale, psw, assessor=people["new_supervisor"], reason="Team change.")
    assert change.from_person == people["new_assessor"]
    assert holders(enrolment)[0] == people["new_supervisor"]

"""Booking, cancelling, approving and changing sessions through the services, against the real
database: who may book for whom, the waitlist, approvals, and the messages each step leaves."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from academy.common.errors import ConflictError
from academy.people.models import Organisation, Person, Role
from academy.people.permissions import ANONYMOUS
from academy.people.services import person_update
from academy.training.models import Booking, BookingStatus, Session
from academy.training.services import (
    booking_cancel,
    booking_create,
    booking_decide,
    requests_expire,
    session_cancel,
    session_update,
    waitlist_position,
)
from tests.factories import OrganisationFactory, PersonFactory, TeamFactory
from tests.training.conftest import (
    DAY,
    HOUR,
    kinds_for,
    learner,
    make_course,
    make_session,
    messages,
    viewer,
)

pytestmark = pytest.mark.django_db

Status = BookingStatus


def fresh(booking: Booking) -> Booking:
    booking.refresh_from_db()
    return booking


def book(session, person, actor=None):
    return booking_create(session=session, person=person, actor=actor or viewer(person))


def fill(session, team, count):
    """``count`` people of ``team`` book themselves onto ``session``, in order."""
    return [book(session, learner(team)).booking for _ in range(count)]


# ---------------------------------------------------------------------------------------------
# Who may book for whom
# ---------------------------------------------------------------------------------------------
def test_a_learner_books_themselves_a_place_and_is_sent_an_invite(academy):
    session = make_session(capacity=5)
    worker = academy.people["worker"]

    result = book(session, worker)

    booking = fresh(result.booking)
    assert booking.status == Status.BOOKED
    assert booking.arrival == 1
    assert booking.booked_by_id == worker.pk
    assert result.waitlist_position is None
    [message] = messages(recipient=worker)
    assert message.kind == "training.booked"
    assert "METHOD:REQUEST" in message.calendar


def test_a_learner_may_not_book_someone_else(academy):
    session = make_session()
    with pytest.raises(PermissionDenied):
        book(session, academy.people["nqsw"], viewer(academy.people["worker"]))
    assert not Booking.objects.exists()


def test_someone_signed_out_may_book_nobody(academy):
    with pytest.raises(PermissionDenied):
        book(make_session(), academy.people["worker"], ANONYMOUS)


def test_a_manager_books_people_of_their_own_team(academy):
    session = make_session()
    result = book(session, academy.people["nqsw"], viewer(academy.people["manager"]))
    assert fresh(result.booking).status == Status.BOOKED
    assert result.booking.booked_by_id == academy.people["manager"].pk


def test_a_manager_may_not_book_people_of_another_team(academy):
    session = make_session()
    with pytest.raises(PermissionDenied):
        book(session, academy.people["outsider"], viewer(academy.people["manager"]))
    with pytest.raises(PermissionDenied):
        book(session, academy.people["nhs_staff"], viewer(academy.people["manager"]))
    assert not Booking.objects.exists()


def test_a_partner_coordinator_books_their_own_organisation(academy):
    session = make_session(make_course(partner_kinds=[Organisation.Kind.NHS_TRUST]))
    result = book(session, academy.people["nhs_staff"], viewer(academy.people["partner"]))
    assert fresh(result.booking).status == Status.BOOKED


def test_a_partner_coordinator_may_not_book_other_organisations_people(academy):
    session = make_session(make_course(partner_kinds=[Organisation.Kind.NHS_TRUST]))
    partner = viewer(academy.people["partner"])
    other_trust = OrganisationFactory(name="Another Trust", kind=Organisation.Kind.NHS_TRUST)
    stranger = learner(TeamFactory(organisation=other_trust))
    for person in (academy.people["worker"], stranger):
        with pytest.raises(PermissionDenied):
            book(session, person, partner)
    assert not Booking.objects.exists()


def test_a_training_coordinator_books_anyone(academy, coordinator):
    session = make_session(make_course(partner_kinds=[Organisation.Kind.NHS_TRUST]))
    for login in ("worker", "outsider", "nhs_staff", "psw"):
        assert fresh(book(session, academy.people[login], coordinator).booking).status == (
            Status.BOOKED
        )
    assert Booking.objects.filter(session=session, booked_by=coordinator.person_id).count() == 4


@pytest.mark.parametrize("login", ["psw", "dass", "supervisor", "assessor", "nqsw"])
def test_other_roles_may_not_book_for_the_worker(academy, login):
    with pytest.raises(PermissionDenied):
        book(make_session(), academy.people["outsider"], viewer(academy.people[login]))


# ---------------------------------------------------------------------------------------------
# Who may join a session
# ---------------------------------------------------------------------------------------------
def test_partner_staff_join_only_courses_open_to_their_kind_of_organisation(academy, coordinator):
    nhs_staff = academy.people["nhs_staff"]
    closed = make_session(make_course(partner_kinds=[]))
    care_only = make_session(make_course(partner_kinds=[Organisation.Kind.CARE_PROVIDER]))
    for session in (closed, care_only):
        with pytest.raises(ValidationError) as refused:
            book(session, nhs_staff, coordinator)
        assert "nhs trust staff" in refused.value.message_dict["person"][0]
    open_to_trusts = make_session(
        make_course(partner_kinds=[Organisation.Kind.CARE_PROVIDER, Organisation.Kind.NHS_TRUST])
    )
    assert fresh(book(open_to_trusts, nhs_staff, coordinator).booking).status == Status.BOOKED


def test_the_host_councils_staff_join_any_course(academy):
    session = make_session(make_course(partner_kinds=[]))
    assert fresh(book(session, academy.people["worker"]).booking).status == Status.BOOKED


def test_someone_who_has_left_cannot_be_booked(academy, coordinator):
    leaver = learner(academy.teams["a"], active=False)
    with pytest.raises(ValidationError) as refused:
        book(make_session(), leaver, coordinator)
    assert "has left" in refused.value.message_dict["person"][0]


def test_booking_is_refused_before_it_opens_and_after_it_closes(academy):
    now = timezone.now()
    worker = academy.people["worker"]
    not_yet = make_session(booking_opens_at=now + DAY)
    closed = make_session(booking_closes_at=now - HOUR)
    started = make_session(starts_in=-HOUR)
    for session in (not_yet, closed, started):
        with pytest.raises(ValidationError) as refused:
            book(session, worker)
        assert refused.value.message_dict["session"] == ["Booking is not open for this session."]
    assert not Booking.objects.exists()


def test_a_cancelled_session_takes_no_bookings(academy):
    session = make_session(status=Session.Status.CANCELLED)
    with pytest.raises(ValidationError):
        book(session, academy.people["worker"])


def test_one_active_booking_per_person_per_session(academy):
    session = make_session()
    worker = academy.people["worker"]
    first = book(session, worker).booking
    with pytest.raises(ConflictError):
        book(session, worker, viewer(academy.people["manager"]))
    booking_cancel(booking=first, actor=viewer(worker))
    again = book(session, worker).booking
    assert fresh(again).status == Status.BOOKED
    assert again.arrival == 2  # the refused attempt took no arrival number
    assert Booking.objects.filter(session=session, person=worker).count() == 2


def test_the_database_refuses_a_second_active_booking_for_the_same_person(academy):
    session = make_session()
    first = book(session, academy.people["worker"]).booking
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            session=session, person=first.person, status=Status.WAITLISTED, arrival=99
        )


# ---------------------------------------------------------------------------------------------
# Clashes
# ---------------------------------------------------------------------------------------------
def test_booking_warns_of_another_booked_session_at_the_same_time(academy):
    worker = academy.people["worker"]
    morning = make_session(starts_in=10 * DAY, length=3 * HOUR)
    overlapping = make_session(starts_in=10 * DAY + 2 * HOUR, length=2 * HOUR)
    back_to_back = make_session(starts_in=10 * DAY + 3 * HOUR, length=HOUR)

    assert book(morning, worker).clashes == []
    result = book(overlapping, worker)
    assert [s.pk for s in result.clashes] == [morning.pk]
    assert fresh(result.booking).status == Status.BOOKED  # a warning, not a refusal
    assert [s.pk for s in book(back_to_back, worker).clashes] == [overlapping.pk]


def test_a_cancelled_booking_is_no_clash(academy):
    worker = academy.people["worker"]
    first = make_session(starts_in=10 * DAY)
    booking_cancel(booking=book(first, worker).booking, actor=viewer(worker))
    assert book(make_session(starts_in=10 * DAY), worker).clashes == []


# ---------------------------------------------------------------------------------------------
# The waitlist
# ---------------------------------------------------------------------------------------------
def test_a_full_session_puts_people_on_the_waitlist_in_arrival_order(academy):
    session = make_session(capacity=2)
    booked = fill(session, academy.teams["a"], 2)
    waiting = [book(session, learner(academy.teams["a"])) for _ in range(3)]

    assert [fresh(b).status for b in booked] == [Status.BOOKED] * 2
    assert [r.booking.status for r in waiting] == [Status.WAITLISTED] * 3
    assert [r.waitlist_position for r in waiting] == [1, 2, 3]
    first_waiting = messages(recipient=waiting[0].booking.person)[0]
    assert first_waiting.kind == "training.waitlisted"
    assert "number 1 on the waiting list" in first_waiting.body
    assert first_waiting.calendar == ""
    assert Booking.objects.filter(session=session, status=Status.BOOKED).count() == 2


def test_a_freed_place_goes_to_the_first_person_waiting_at_once(academy):
    session = make_session(capacity=2)
    booked = fill(session, academy.teams["a"], 2)
    first, second, third = fill(session, academy.teams["a"], 3)

    booking_cancel(booking=booked[0], actor=viewer(booked[0].person))

    assert fresh(first).status == Status.BOOKED
    assert [waitlist_position(fresh(b)) for b in (second, third)] == [1, 2]
    assert kinds_for(first.person) == ["training.waitlisted", "training.promoted"]
    promoted = messages("training.promoted")[0]
    assert "METHOD:REQUEST" in promoted.calendar
    assert fresh(first).ical_sequence == 1
    assert Booking.objects.filter(session=session, status=Status.BOOKED).count() == 2


def test_leaving_the_waitlist_frees_no_place_and_moves_the_others_up(academy):
    session = make_session(capacity=1)
    [holder] = fill(session, academy.teams["a"], 1)
    first, second = fill(session, academy.teams["a"], 2)

    booking_cancel(booking=first, actor=viewer(first.person))

    assert fresh(holder).status == Status.BOOKED
    assert fresh(second).status == Status.WAITLISTED
    assert waitlist_position(fresh(second)) == 1
    assert fresh(first).late_cancellation is False
    assert messages("training.cancelled", recipient=first.person)[0].calendar == ""


# ---------------------------------------------------------------------------------------------
# Cancelling
# ---------------------------------------------------------------------------------------------
def test_cancelling_a_place_within_three_days_is_flagged_late(academy):
    worker = academy.people["worker"]
    soon = book(make_session(starts_in=2 * DAY), worker).booking
    cancelled = booking_cancel(booking=soon, actor=viewer(worker), reason=" Sick ")
    assert cancelled.status == Status.CANCELLED
    assert cancelled.late_cancellation is True
    assert fresh(soon).cancel_reason == "Sick"
    assert fresh(soon).cancelled_at is not None


def test_cancelling_a_place_before_the_cut_off_is_not_late(academy):
    worker = academy.people["worker"]
    later = book(make_session(starts_in=4 * DAY), worker).booking
    assert booking_cancel(booking=later, actor=viewer(worker)).late_cancellation is False


def test_a_courses_own_cut_off_decides_lateness(academy):
    worker = academy.people["worker"]
    course = make_course(late_cancellation_days=7)
    booking = book(make_session(course, starts_in=5 * DAY), worker).booking
    assert booking_cancel(booking=booking, actor=viewer(worker)).late_cancellation is True


def test_cancelling_sends_a_calendar_cancellation_with_the_same_uid(academy):
    worker = academy.people["worker"]
    booking = book(make_session(), worker).booking
    booking_cancel(booking=booking, actor=viewer(worker))
    invite, cancellation = messages(recipient=worker)
    assert (invite.kind, cancellation.kind) == ("training.booked", "training.cancelled")
    assert "METHOD:CANCEL" in cancellation.calendar
    assert str(booking.ical_uid) in invite.calendar
    assert str(booking.ical_uid) in cancellation.calendar


def test_the_manager_may_cancel_for_their_team_but_others_may_not(academy):
    session = make_session()
    nqsw_booking = book(session, academy.people["nqsw"]).booking
    with pytest.raises(PermissionDenied):
        booking_cancel(booking=nqsw_booking, actor=viewer(academy.people["outsider"]))
    booking_cancel(booking=nqsw_booking, actor=viewer(academy.people["manager"]))
    assert fresh(nqsw_booking).status == Status.CANCELLED


def test_a_booking_cannot_be_cancelled_once_the_session_has_started(academy, coordinator):
    worker = academy.people["worker"]
    session = make_session(starts_in=DAY)
    booking = book(session, worker).booking
    with pytest.raises(ValidationError):
        booking_cancel(booking=booking, actor=viewer(worker), now=session.starts_at)
    assert fresh(booking).status == Status.BOOKED


def test_a_cancelled_booking_cannot_be_cancelled_again(academy):
    worker = academy.people["worker"]
    booking = book(make_session(), worker).booking
    booking_cancel(booking=booking, actor=viewer(worker))
    with pytest.raises(ValidationError):
        booking_cancel(booking=booking, actor=viewer(worker))


# ---------------------------------------------------------------------------------------------
# Approval
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def approval_course():
    return make_course(needs_manager_approval=True, partner_kinds=[Organisation.Kind.NHS_TRUST])


def test_a_learners_own_booking_on_an_approval_course_waits_for_their_manager(
    academy, approval_course
):
    worker, manager = academy.people["worker"], academy.people["manager"]
    second_manager = learner(academy.teams["a"], roles=[Role.TEAM_MANAGER])
    result = book(make_session(approval_course, capacity=1), worker)

    assert fresh(result.booking).status == Status.REQUESTED
    assert kinds_for(worker) == ["training.requested"]
    assert kinds_for(manager) == ["training.approval_needed"]
    assert kinds_for(second_manager) == ["training.approval_needed"]
    assert kinds_for(academy.people["outsider"]) == []


def test_a_request_holds_no_place(academy, approval_course):
    session = make_session(approval_course, capacity=1)
    book(session, academy.people["worker"])
    direct = book(session, academy.people["nqsw"], viewer(academy.people["manager"]))
    assert fresh(direct.booking).status == Status.BOOKED


@pytest.mark.parametrize("booker", ["manager", "coordinator"])
def test_a_manager_or_coordinator_booking_needs_no_approval(academy, approval_course, booker):
    result = book(
        make_session(approval_course), academy.people["worker"], viewer(academy.people[booker])
    )
    assert fresh(result.booking).status == Status.BOOKED
    assert kinds_for(academy.people["manager"]) == []


def test_a_partner_coordinators_booking_still_needs_a_manager(academy, approval_course):
    result = book(
        make_session(approval_course),
        academy.people["nhs_staff"],
        viewer(academy.people["partner"]),
    )
    assert fresh(result.booking).status == Status.REQUESTED


def test_approving_a_request_gives_a_place_and_an_invite(academy, approval_course):
    worker, manager = academy.people["worker"], academy.people["manager"]
    request = book(make_session(approval_course, capacity=1), worker).booking

    decided = booking_decide(booking=request, approve=True, actor=viewer(manager))

    assert decided.status == Status.BOOKED
    assert fresh(request).decided_by_id == manager.pk
    assert fresh(request).decided_at is not None
    assert kinds_for(worker) == ["training.requested", "training.booked"]
    assert "METHOD:REQUEST" in messages("training.booked")[0].calendar


def test_approving_a_request_when_the_session_is_full_puts_it_on_the_waitlist(
    academy, approval_course, coordinator
):
    session = make_session(approval_course, capacity=1)
    request = book(session, academy.people["worker"]).booking
    book(session, academy.people["nqsw"], coordinator)

    decided = booking_decide(booking=request, approve=True, actor=coordinator)

    assert decided.status == Status.WAITLISTED
    assert waitlist_position(fresh(request)) == 1
    assert kinds_for(academy.people["worker"])[-1] == "training.waitlisted"


def test_declining_a_request(academy, approval_course):
    worker = academy.people["worker"]
    request = book(make_session(approval_course), worker).booking
    decided = booking_decide(
        booking=request, approve=False, actor=viewer(academy.people["manager"])
    )
    assert decided.status == Status.DECLINED
    assert kinds_for(worker) == ["training.requested", "training.declined"]
    # Declined is not active: the person may ask again.
    assert fresh(book(request.session, worker).booking).status == Status.REQUESTED


@pytest.mark.parametrize("login", ["worker", "outsider", "partner", "psw"])
def test_only_the_persons_manager_or_a_coordinator_decides(academy, approval_course, login):
    request = book(make_session(approval_course), academy.people["worker"]).booking
    with pytest.raises(PermissionDenied):
        booking_decide(booking=request, approve=True, actor=viewer(academy.people[login]))
    assert fresh(request).status == Status.REQUESTED


def test_a_request_is_decided_once(academy, approval_course):
    manager = viewer(academy.people["manager"])
    request = book(make_session(approval_course), academy.people["worker"]).booking
    booking_decide(booking=request, approve=False, actor=manager)
    with pytest.raises(ValidationError):
        booking_decide(booking=request, approve=True, actor=manager)
    assert fresh(request).status == Status.DECLINED


def test_requests_expire_when_booking_closes(academy, approval_course):
    now = timezone.now()
    closing = make_session(approval_course, booking_closes_at=now + DAY)
    open_longer = make_session(approval_course, booking_closes_at=now + 5 * DAY)
    worker = academy.people["worker"]
    expiring = book(closing, worker).booking
    staying = book(open_longer, worker).booking

    assert requests_expire(now=now + 2 * DAY) == 1

    assert fresh(expiring).status == Status.EXPIRED
    assert fresh(staying).status == Status.REQUESTED
    assert kinds_for(worker)[-1] == "training.expired"
    assert requests_expire(now=now + 2 * DAY) == 0


def test_requests_on_a_session_without_a_closing_time_expire_at_its_start(academy, approval_course):
    session = make_session(approval_course, starts_in=3 * DAY)
    request = book(session, academy.people["worker"]).booking
    assert requests_expire(now=session.starts_at - HOUR) == 0
    assert requests_expire(now=session.starts_at) == 1
    assert fresh(request).status == Status.EXPIRED


def test_a_request_cannot_be_approved_after_booking_closed(academy, approval_course):
    now = timezone.now()
    session = make_session(approval_course, booking_closes_at=now + DAY)
    request = book(session, academy.people["worker"]).booking
    with pytest.raises(ValidationError):
        booking_decide(
            booking=request,
            approve=True,
            actor=viewer(academy.people["manager"]),
            now=now + 2 * DAY,
        )
    assert fresh(request).status == Status.REQUESTED


# ---------------------------------------------------------------------------------------------
# Cancelling and changing a session
# ---------------------------------------------------------------------------------------------
def test_cancelling_a_session_cancels_every_booking_and_tells_each_person(
    academy, approval_course, coordinator
):
    session = make_session(approval_course, capacity=1)
    requested = book(session, academy.people["worker"]).booking
    booked = book(session, academy.people["nqsw"], coordinator).booking
    waiting = book(session, academy.people["outsider"], coordinator).booking

    session_cancel(session=session, reason="  Trainer unwell ", actor=coordinator)

    assert Session.objects.get(pk=session.pk).status == Session.Status.CANCELLED
    assert Session.objects.get(pk=session.pk).cancelled_reason == "Trainer unwell"
    for booking in (requested, booked, waiting):
        assert fresh(booking).status == Status.CANCELLED
        assert fresh(booking).cancel_reason == "Session cancelled: Trainer unwell"
        [told] = messages("training.session_cancelled", recipient=booking.person)
        assert "Trainer unwell" in told.body
    assert (
        "METHOD:CANCEL"
        in messages("training.session_cancelled", recipient=booked.person)[0].calendar
    )
    assert messages("training.session_cancelled", recipient=waiting.person)[0].calendar == ""


def test_a_session_is_cancelled_with_a_reason_once(academy, coordinator):
    session = make_session()
    with pytest.raises(ValidationError):
        session_cancel(session=session, reason="  ", actor=coordinator)
    session_cancel(session=session, reason="Venue closed", actor=coordinator)
    with pytest.raises(ValidationError):
        session_cancel(session=session, reason="Again", actor=coordinator)


@pytest.mark.parametrize("login", ["worker", "manager", "partner"])
def test_only_a_training_coordinator_cancels_a_session(academy, login):
    session = make_session()
    book(session, academy.people["worker"])
    with pytest.raises(PermissionDenied):
        session_cancel(session=session, reason="No", actor=viewer(academy.people[login]))
    assert Session.objects.get(pk=session.pk).status == Session.Status.SCHEDULED


def test_moving_a_session_sends_booked_people_an_updated_invite(academy):
    session = make_session(capacity=1)
    [holder] = fill(session, academy.teams["a"], 1)
    [waiting] = fill(session, academy.teams["a"], 1)

    later = session.starts_at + DAY
    session_update(session=session, data={"starts_at": later, "ends_at": later + 2 * HOUR})

    assert fresh(holder).ical_sequence == 1
    [update] = messages("training.updated")
    assert update.recipient_id == holder.person_id
    assert "METHOD:REQUEST" in update.calendar
    assert "SEQUENCE:1" in update.calendar
    assert kinds_for(waiting.person) == ["training.waitlisted", "training.updated_waiting"]


def test_people_waiting_are_told_of_each_move_without_an_invite_or_the_joining_link(
    academy, approval_course
):
    session = make_session(
        approval_course, capacity=1, venue="", joining_link="https://meet.example.org/z"
    )
    [holder] = fill(session, academy.teams["a"], 1)  # requests, approved by the manager
    manager = viewer(academy.people["manager"])
    booking_decide(booking=holder, approve=True, actor=manager)
    waiting = book(session, learner(academy.teams["a"]), manager).booking
    asking = book(session, academy.people["worker"]).booking
    assert (fresh(waiting).status, fresh(asking).status) == (Status.WAITLISTED, Status.REQUESTED)

    for days in (1, 2):
        later = session.starts_at + days * DAY
        session_update(session=session, data={"starts_at": later, "ends_at": later + 2 * HOUR})

    for booking in (waiting, asking):
        told = messages("training.updated_waiting", recipient_id=booking.person_id)
        assert len(told) == 2, "each move is told"
        assert all(m.calendar == "" for m in told)
        assert all("meet.example.org" not in m.body for m in told)
        assert "which you are waiting for" in told[-1].body
    first, second = messages("training.updated", recipient_id=holder.person_id)
    assert "meet.example.org/z" in second.body

    def sequence(calendar: str) -> int:
        return int(calendar.split("SEQUENCE:")[1].split()[0])

    assert sequence(second.calendar) == sequence(first.calendar) + 1


def test_a_change_that_does_not_move_the_session_sends_nothing(academy):
    session = make_session(capacity=3)
    fill(session, academy.teams["a"], 2)
    session_update(session=session, data={"capacity": 2})
    assert messages("training.updated") == []


def test_more_places_go_to_the_waitlist_in_arrival_order_at_once(academy):
    session = make_session(capacity=2)
    fill(session, academy.teams["a"], 2)
    first, second, third = fill(session, academy.teams["a"], 3)

    session_update(session=session, data={"capacity": 4})

    assert [fresh(b).status for b in (first, second, third)] == [
        Status.BOOKED,
        Status.BOOKED,
        Status.WAITLISTED,
    ]
    assert waitlist_position(fresh(third)) == 1
    assert [m.recipient_id for m in messages("training.promoted")] == [
        first.person_id,
        second.person_id,
    ]


def test_capacity_cannot_drop_below_the_people_holding_places(academy):
    session = make_session(capacity=3)
    fill(session, academy.teams["a"], 3)
    with pytest.raises(ValidationError) as refused:
        session_update(session=session, data={"capacity": 2})
    assert "capacity" in refused.value.message_dict
    assert Session.objects.get(pk=session.pk).capacity == 3


def test_a_session_update_keeps_the_arrival_counter_moving_forward(academy):
    session = make_session(capacity=5)
    stale = Session.objects.get(pk=session.pk)  # read before anyone booked
    fill(session, academy.teams["a"], 2)

    session_update(session=stale, data={"venue": "Town Hall"})
    third = book(session, learner(academy.teams["a"])).booking

    assert third.arrival == 3
    assert fresh(third).status == Status.BOOKED


def test_a_stale_update_does_not_reopen_a_cancelled_session(academy, coordinator):
    session = make_session()
    stale = Session.objects.get(pk=session.pk)
    session_cancel(session=session, reason="Venue closed", actor=coordinator)
    with pytest.raises(ValidationError):
        session_update(session=stale, data={"venue": "Town Hall"})
    assert Session.objects.get(pk=session.pk).status == Session.Status.CANCELLED


def test_a_person_with_no_team_manager_is_decided_by_the_training_coordinators(
    academy, approval_course
):
    """Nobody would otherwise be asked: the training coordinators decide instead."""
    loner = PersonFactory(team=None, organisation=academy.council)
    result = book(make_session(approval_course), loner)
    assert fresh(result.booking).status == Status.REQUESTED
    asked = [n.recipient_id for n in messages("training.approval_needed")]
    assert asked == [academy.people["coordinator"].pk]


def test_a_manager_booking_themselves_waits_for_another_approver(academy, approval_course):
    """Nobody approves their own training: the manager's own request goes to another manager
    of the team, and the manager may not decide it."""
    manager = academy.people["manager"]
    second_manager = learner(academy.teams["a"], roles=[Role.TEAM_MANAGER])

    request = book(make_session(approval_course), manager).booking

    assert fresh(request).status == Status.REQUESTED
    asked = [n.recipient_id for n in messages("training.approval_needed")]
    assert asked == [second_manager.pk]
    with pytest.raises(PermissionDenied):
        booking_decide(booking=request, approve=True, actor=viewer(manager))
    assert booking_decide(booking=request, approve=True, actor=viewer(second_manager)).status == (
        Status.BOOKED
    )


def test_the_only_manager_of_a_team_is_decided_by_the_training_coordinators(
    academy, approval_course
):
    request = book(make_session(approval_course), academy.people["manager"]).booking
    assert fresh(request).status == Status.REQUESTED
    asked = [n.recipient_id for n in messages("training.approval_needed")]
    assert asked == [academy.people["coordinator"].pk]


def test_a_coordinator_booking_themselves_on_an_approval_course_is_a_request(
    academy, approval_course
):
    coordinator = academy.people["coordinator"]
    request = book(make_session(approval_course), coordinator).booking
    assert fresh(request).status == Status.REQUESTED
    assert coordinator.pk not in [n.recipient_id for n in messages("training.approval_needed")]


def test_a_session_of_a_course_no_longer_offered_takes_no_bookings(academy):
    course = make_course()
    session = make_session(course)
    course.active = False
    course.save(update_fields=["active"])
    with pytest.raises(ValidationError) as refused:
        book(session, academy.people["worker"])
    assert set(refused.value.message_dict) == {"session"}
    assert "no longer offered" in refused.value.message_dict["session"][0]
    assert not Booking.objects.exists()


# ---------------------------------------------------------------------------------------------
# Someone leaves
# ---------------------------------------------------------------------------------------------
def test_leaving_gives_up_places_to_come_and_the_first_waiting_person_takes_each(academy):
    worker, nqsw = academy.people["worker"], academy.people["nqsw"]
    full = make_session(capacity=1)
    place = book(full, worker).booking
    next_in_line = book(full, nqsw).booking
    waiting_elsewhere = book(make_session(capacity=1), learner(academy.teams["a"])).booking
    queued = book(Session.objects.get(pk=waiting_elsewhere.session_id), worker).booking
    begun = make_session(starts_in=-HOUR)
    attended = Booking.objects.create(session=begun, person=worker, status=Status.BOOKED, arrival=1)

    person_update(person=worker, changes={"active": False})

    assert fresh(place).status == Status.CANCELLED
    assert fresh(place).cancel_reason == "Left the organisation."
    assert fresh(place).late_cancellation is False
    assert fresh(queued).status == Status.CANCELLED
    assert fresh(next_in_line).status == Status.BOOKED
    assert fresh(waiting_elsewhere).status == Status.BOOKED
    assert fresh(attended).status == Status.BOOKED  # begun: the register decides
    assert "training.promoted" in kinds_for(nqsw)
    assert "training.cancelled" not in kinds_for(worker)


def test_a_leaver_still_on_a_waitlist_is_passed_over_for_a_freed_place(academy):
    """Someone marked as left before leavers' places were released still waits in the table:
    the place goes to the next person still here."""
    session = make_session(capacity=1)
    holder = book(session, academy.people["nqsw"]).booking
    leaver = learner(academy.teams["a"])
    gone = book(session, leaver).booking
    Person.objects.filter(pk=leaver.pk).update(active=False)
    still_here = book(session, learner(academy.teams["a"])).booking

    booking_cancel(booking=holder, actor=viewer(academy.people["nqsw"]))

    assert fresh(gone).status == Status.WAITLISTED
    assert fresh(still_here).status == Status.BOOKED


def test_a_refused_leaving_releases_nothing(academy):
    worker = academy.people["worker"]
    place = book(make_session(), worker).booking
    with pytest.raises(ValidationError):
        person_update(person=worker, changes={"active": False, "work_email": "not an address"})
    assert fresh(place).status == Status.BOOKED

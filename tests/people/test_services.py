"""academy/people/services.py: every write about organisations, teams, people, roles, accounts.

Each refusal is a ValidationError naming the field at fault, and leaves no row behind.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client

from academy.notifications.models import Notification
from academy.people import services
from academy.people.models import Organisation, Person, Role, RoleAssignment, Team, User
from tests.conftest import Academy
from tests.factories import PersonFactory, TeamFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def _rows() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        RoleAssignment.objects.count(),
        User.objects.count(),
        Notification.objects.count(),
    )


@pytest.fixture
def unchanged(academy: Academy) -> Iterator[None]:
    """Asserts, after the test, that no person, role, account or message was written."""
    before = _rows()
    yield
    assert _rows() == before


def _new(academy: Academy, **fields: Any) -> Person:
    values: dict[str, Any] = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "work_email": "ada.lovelace@example.org",
        "organisation": academy.council,
        "team": academy.teams["a"],
    }
    values.update(fields)
    return services.person_create(**values)


def _roles(person: Person) -> set[tuple[str, int | None, int | None]]:
    return set(person.roles.values_list("role", "team_id", "organisation_id"))


# ---------------------------------------------------------------------------------------------
# person_create
# ---------------------------------------------------------------------------------------------
def test_a_new_person_is_always_a_learner(academy: Academy) -> None:
    person = _new(academy)
    assert _roles(person) == {(Role.LEARNER, None, None)}
    assert person.user is None


def test_asking_for_the_learner_role_as_well_gives_it_once(academy: Academy) -> None:
    person = _new(academy, roles=[{"role": Role.LEARNER}, {"role": Role.SUPERVISOR}])
    assert _roles(person) == {(Role.LEARNER, None, None), (Role.SUPERVISOR, None, None)}


def test_scoped_roles_are_held_for_their_team_and_organisation(academy: Academy) -> None:
    team_b = academy.teams["b"]
    person = _new(
        academy,
        roles=[
            {"role": Role.TEAM_MANAGER, "team": team_b},
            {"role": Role.PARTNER_COORDINATOR, "organisation": academy.trust},
            {"role": Role.ASSESSOR},
        ],
    )
    assert _roles(person) == {
        (Role.LEARNER, None, None),
        (Role.TEAM_MANAGER, team_b.pk, None),
        (Role.PARTNER_COORDINATOR, None, academy.trust.pk),
        (Role.ASSESSOR, None, None),
    }


def test_names_emails_and_registration_numbers_are_tidied(academy: Academy) -> None:
    person = _new(
        academy,
        first_name="  Ada ",
        work_email=" ada.lovelace@example.org ",
        swe_number=" sw123456 ",
        hcpc_number="ot12345",
    )
    person.refresh_from_db()
    assert person.first_name == "Ada"
    assert person.work_email == "ada.lovelace@example.org"
    assert person.swe_number == "SW123456"
    assert person.hcpc_number == "OT12345"


def test_a_team_outside_the_persons_organisation_is_refused(
    academy: Academy, unchanged: None
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(academy, organisation=academy.council, team=academy.teams["nhs"])
    assert list(_errors(excinfo)) == ["team"]


def test_a_work_email_already_held_is_refused_whatever_its_case(
    academy: Academy, unchanged: None
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(academy, work_email="NQSW@Example.ORG")
    assert list(_errors(excinfo)) == ["work_email"]


@pytest.mark.parametrize("number", ["123456", "SW12345678", "XX123", "SW 1234"])
def test_a_malformed_social_work_england_number_is_refused(
    academy: Academy, unchanged: None, number: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(academy, swe_number=number)
    assert list(_errors(excinfo)) == ["swe_number"]


@pytest.mark.parametrize("number", ["12345", "O12345", "OT123", "OT12345678"])
def test_a_malformed_hcpc_number_is_refused(academy: Academy, unchanged: None, number: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(academy, hcpc_number=number)
    assert list(_errors(excinfo)) == ["hcpc_number"]


def test_a_registration_number_held_by_someone_else_is_refused(academy: Academy) -> None:
    services.person_update(person=academy.people["worker"], changes={"swe_number": "SW100200"})
    with pytest.raises(ValidationError) as excinfo:
        _new(academy, swe_number="sw100200")
    assert list(_errors(excinfo)) == ["swe_number"]


def test_leaving_before_starting_is_refused(academy: Academy, unchanged: None) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(
            academy,
            employment_start_date=dt.date(2025, 9, 1),
            leaving_date=dt.date(2025, 8, 31),
        )
    assert list(_errors(excinfo)) == ["leaving_date"]


def test_leaving_on_the_day_of_starting_is_allowed(academy: Academy) -> None:
    day = dt.date(2025, 9, 1)
    assert _new(academy, employment_start_date=day, leaving_date=day).pk is not None


def test_first_registration_before_qualifying_is_refused(academy: Academy, unchanged: None) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(
            academy,
            swe_number="SW123456",
            qualified_on=dt.date(2024, 7, 1),
            swe_first_registered_on=dt.date(2024, 6, 30),
        )
    assert list(_errors(excinfo)) == ["swe_first_registered_on"]


def test_a_registration_date_without_a_number_is_refused(academy: Academy, unchanged: None) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(academy, swe_first_registered_on=dt.date(2024, 8, 1))
    assert list(_errors(excinfo)) == ["swe_number"]


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("60.01"), Decimal("75")])
def test_contracted_hours_outside_the_allowed_range_are_refused_by_field(
    academy: Academy, unchanged: None, hours: Decimal
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(academy, contracted_hours_per_week=hours)
    assert list(_errors(excinfo)) == ["contracted_hours_per_week"]


def test_a_team_manager_without_a_team_is_refused_at_that_role(
    academy: Academy, unchanged: None
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(academy, roles=[{"role": Role.SUPERVISOR}, {"role": Role.TEAM_MANAGER}])
    assert list(_errors(excinfo)) == ["roles.1.team"]


def test_a_partner_coordinator_without_an_organisation_is_refused(
    academy: Academy, unchanged: None
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(academy, roles=[{"role": Role.PARTNER_COORDINATOR}])
    assert list(_errors(excinfo)) == ["roles.0.organisation"]


def test_an_unscoped_role_given_a_team_is_refused(academy: Academy, unchanged: None) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(academy, roles=[{"role": Role.ASSESSOR, "team": academy.teams["a"]}])
    assert list(_errors(excinfo)) == ["roles.0.team"]


def test_an_unknown_role_is_refused(academy: Academy, unchanged: None) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(academy, roles=[{"role": "archivist"}])
    assert list(_errors(excinfo)) == ["roles.0.role"]


def test_every_fault_is_reported_at_once(academy: Academy, unchanged: None) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new(
            academy,
            work_email="nqsw@example.org",
            team=academy.teams["nhs"],
            roles=[{"role": Role.TEAM_MANAGER}],
            username="NQSW",
        )
    assert set(_errors(excinfo)) == {"work_email", "team", "roles.0.team", "username"}


def test_a_failure_in_the_last_step_leaves_no_person_role_or_account(
    academy: Academy, unchanged: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The welcome message is written last; when the database refuses it, the person, their
    roles and their account written before it are rolled back with it."""

    written_before_failing = []

    def refuse(**kwargs: Any) -> None:
        person = Person.objects.filter(work_email="ada.lovelace@example.org").first()
        written_before_failing.append(person is not None and person.user_id is not None)
        raise IntegrityError("the outbox refused the row")

    monkeypatch.setattr(services, "notifications_enqueue", refuse)
    with pytest.raises(ValidationError):
        _new(academy, roles=[{"role": Role.SUPERVISOR}], username="ada")
    assert written_before_failing == [True]
    assert not User.objects.filter(username="ada").exists()


# ---------------------------------------------------------------------------------------------
# person_update
# ---------------------------------------------------------------------------------------------
def test_a_change_is_saved_and_tidied(academy: Academy) -> None:
    person = academy.people["nqsw"]
    services.person_update(
        person=person, changes={"job_title": " Senior Practitioner ", "swe_number": "sw765432"}
    )
    person.refresh_from_db()
    assert person.job_title == "Senior Practitioner"
    assert person.swe_number == "SW765432"


def test_a_person_may_keep_their_own_email_in_another_case(academy: Academy) -> None:
    person = academy.people["nqsw"]
    services.person_update(person=person, changes={"work_email": "NQSW@example.org"})
    person.refresh_from_db()
    assert person.work_email == "NQSW@example.org"


def test_taking_someone_elses_email_is_refused(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.person_update(
            person=academy.people["nqsw"], changes={"work_email": "Worker@example.org"}
        )
    assert list(_errors(excinfo)) == ["work_email"]
    assert Person.objects.get(pk=academy.people["nqsw"].pk).work_email == "nqsw@example.org"


def test_moving_organisation_without_moving_team_is_refused(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.person_update(
            person=academy.people["nqsw"], changes={"organisation": academy.trust}
        )
    assert list(_errors(excinfo)) == ["team"]


@pytest.mark.parametrize("field", ["user", "created_at", "id", "roles"])
def test_fields_outside_the_record_cannot_be_changed(academy: Academy, field: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.person_update(person=academy.people["nqsw"], changes={field: None})
    assert list(_errors(excinfo)) == [field]


def test_leaving_closes_the_account_and_returning_reopens_it(academy: Academy) -> None:
    person = academy.people["nqsw"]
    signed_in = academy.client("nqsw")
    services.person_update(person=person, changes={"active": False})
    user = User.objects.get(pk=person.user_id)
    assert not user.is_active
    assert signed_in.get("/").status_code == 302  # the open session no longer counts
    assert not Client().login(username="nqsw", password=PASSWORD)

    services.person_update(person=person, changes={"active": True})
    assert User.objects.get(pk=person.user_id).is_active
    assert Client().login(username="nqsw", password=PASSWORD)


def test_leaving_without_an_account_just_marks_the_person(academy: Academy) -> None:
    person = PersonFactory(team=academy.teams["a"], organisation=academy.council)
    accounts = User.objects.count()
    services.person_update(person=person, changes={"active": False})
    person.refresh_from_db()
    assert not person.active
    assert User.objects.count() == accounts


# ---------------------------------------------------------------------------------------------
# role_assign and role_remove
# ---------------------------------------------------------------------------------------------
def test_a_role_is_assigned(academy: Academy) -> None:
    person = academy.people["nqsw"]
    assignment = services.role_assign(person=person, role=Role.ASSESSOR)
    assert assignment.pk is not None
    assert (Role.ASSESSOR, None, None) in _roles(person)


def test_a_role_already_held_is_refused(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.role_assign(person=academy.people["supervisor"], role=Role.SUPERVISOR)
    assert list(_errors(excinfo)) == ["role"]
    assert academy.people["supervisor"].roles.filter(role=Role.SUPERVISOR).count() == 1


def test_the_learner_role_cannot_be_given_twice(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.role_assign(person=academy.people["nqsw"], role=Role.LEARNER)
    assert list(_errors(excinfo)) == ["role"]


def test_managing_the_same_team_twice_is_refused_but_a_second_team_is_not(
    academy: Academy,
) -> None:
    manager = academy.people["manager"]
    with pytest.raises(ValidationError) as excinfo:
        services.role_assign(person=manager, role=Role.TEAM_MANAGER, team=academy.teams["a"])
    assert list(_errors(excinfo)) == ["role"]
    services.role_assign(person=manager, role=Role.TEAM_MANAGER, team=academy.teams["b"])
    assert manager.roles.filter(role=Role.TEAM_MANAGER).count() == 2


def test_a_team_manager_role_needs_its_team(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.role_assign(person=academy.people["nqsw"], role=Role.TEAM_MANAGER)
    assert list(_errors(excinfo)) == ["team"]


def test_a_partner_coordinator_role_needs_its_organisation_and_no_team(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.role_assign(
            person=academy.people["nhs_staff"],
            role=Role.PARTNER_COORDINATOR,
            team=academy.teams["nhs"],
        )
    assert set(_errors(excinfo)) == {"team", "organisation"}


def test_a_role_is_removed(academy: Academy) -> None:
    supervisor = academy.people["supervisor"]
    services.role_remove(assignment=supervisor.roles.get(role=Role.SUPERVISOR))
    assert _roles(supervisor) == {(Role.LEARNER, None, None)}


def test_the_learner_role_cannot_be_removed(academy: Academy) -> None:
    nqsw = academy.people["nqsw"]
    with pytest.raises(ValidationError) as excinfo:
        services.role_remove(assignment=nqsw.roles.get(role=Role.LEARNER))
    assert list(_errors(excinfo)) == ["role"]
    assert _roles(nqsw) == {(Role.LEARNER, None, None)}


# ---------------------------------------------------------------------------------------------
# account_create
# ---------------------------------------------------------------------------------------------
def _person_without_account(academy: Academy, **fields: Any) -> Any:
    return PersonFactory(
        team=academy.teams["a"],
        organisation=academy.council,
        first_name="Ada",
        work_email="ada.lovelace@example.org",
        **fields,
    )


def test_an_account_has_no_password_until_the_person_sets_one(academy: Academy) -> None:
    person = _person_without_account(academy)
    user = services.account_create(person=person, username="ada")
    person.refresh_from_db()
    assert person.user_id == user.pk
    assert user.email == "ada.lovelace@example.org"
    assert not user.has_usable_password()
    assert user.is_active


def test_the_welcome_message_carries_a_working_set_password_link(academy: Academy) -> None:
    person = _person_without_account(academy)
    user = services.account_create(person=person, username="ada")

    welcome = Notification.objects.get(recipient=person, kind="welcome")
    assert welcome.status == Notification.Status.PENDING  # sent by the dispatcher, after commit
    assert "ada" in welcome.body
    link = next(word for word in welcome.body.split() if "/password/set/" in word)
    path = link[link.index("/password/set/") :]
    token = path.rstrip("/").split("/")[-1]
    assert default_token_generator.check_token(user, token)

    browser = Client()
    form = browser.get(path)
    assert form.status_code == 302
    done = browser.post(
        form["Location"],
        {"new_password1": "a-fresh-long-password", "new_password2": "a-fresh-long-password"},
    )
    assert done.status_code == 302
    assert Client().login(username="ada", password="a-fresh-long-password")


def test_a_person_created_with_a_username_gets_the_welcome_once(academy: Academy) -> None:
    person = _new(academy, username="ada")
    assert person.user is not None
    assert Notification.objects.filter(recipient=person, kind="welcome").count() == 1


def test_the_welcome_email_leaves_once_the_person_is_committed(
    academy: Academy, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        person = _new(academy, username="ada")
        assert mail.outbox == []  # nothing leaves before the commit
    welcome = Notification.objects.get(recipient=person, kind="welcome")
    assert welcome.status == Notification.Status.SENT
    [email] = mail.outbox
    assert email.to == ["ada.lovelace@example.org"]
    assert "/password/set/" in email.body


def test_a_person_who_has_left_gets_a_closed_account(academy: Academy) -> None:
    person = _person_without_account(academy, active=False)
    assert not services.account_create(person=person, username="ada").is_active


def test_a_username_taken_in_any_case_is_refused(academy: Academy) -> None:
    person = _person_without_account(academy)
    before = _rows()
    with pytest.raises(ValidationError) as excinfo:
        services.account_create(person=person, username="NQSW")
    assert list(_errors(excinfo)) == ["username"]
    assert _rows() == before


@pytest.mark.parametrize("username", ["", "   ", "ada lovelace", "ada/lovelace"])
def test_a_blank_or_malformed_username_is_refused(academy: Academy, username: str) -> None:
    person = _person_without_account(academy)
    with pytest.raises(ValidationError) as excinfo:
        services.account_create(person=person, username=username)
    assert list(_errors(excinfo)) == ["username"]
    assert Person.objects.get(pk=person.pk).user_id is None


def test_a_second_account_for_the_same_person_is_refused(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.account_create(person=academy.people["nqsw"], username="nqsw2")
    assert list(_errors(excinfo)) == ["username"]
    assert not User.objects.filter(username="nqsw2").exists()


# ---------------------------------------------------------------------------------------------
# Organisations and teams
# ---------------------------------------------------------------------------------------------
def test_an_organisation_is_created_with_its_name_tidied(academy: Academy) -> None:
    organisation = services.organisation_create(
        name="  Shire Home Care ", kind=Organisation.Kind.CARE_PROVIDER
    )
    organisation.refresh_from_db()
    assert organisation.name == "Shire Home Care"
    assert not organisation.hosts_academy


def test_an_organisation_name_already_used_is_refused(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(name="Shire County Council", kind=Organisation.Kind.COUNCIL)
    assert list(_errors(excinfo)) == ["name"]


def test_an_unknown_kind_of_organisation_is_refused(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(name="Shire Guild", kind="guild")
    assert list(_errors(excinfo)) == ["kind"]


def test_only_one_organisation_hosts_the_academy(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(
            name="Other Council", kind=Organisation.Kind.COUNCIL, hosts_academy=True
        )
    assert list(_errors(excinfo)) == ["hosts_academy"]
    assert not Organisation.objects.filter(name="Other Council").exists()


def test_an_organisation_is_renamed_and_closed(academy: Academy) -> None:
    services.organisation_update(
        organisation=academy.trust, changes={"name": "Shire Health NHS Trust ", "active": False}
    )
    academy.trust.refresh_from_db()
    assert academy.trust.name == "Shire Health NHS Trust"
    assert not academy.trust.active


def test_renaming_an_organisation_to_a_name_in_use_is_refused(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(
            organisation=academy.trust, changes={"name": "Shire County Council"}
        )
    assert list(_errors(excinfo)) == ["name"]
    assert Organisation.objects.get(pk=academy.trust.pk).name == "Shire Mental Health NHS Trust"


@pytest.mark.parametrize("field", ["hosts_academy", "id"])
def test_an_organisations_other_fields_cannot_be_changed(academy: Academy, field: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(organisation=academy.trust, changes={field: True})
    assert list(_errors(excinfo)) == [field]
    assert not Organisation.objects.get(pk=academy.trust.pk).hosts_academy


def test_a_team_is_created_in_its_organisation(academy: Academy) -> None:
    team = services.team_create(
        organisation=academy.trust, name=" Crisis Team ", service_area=" Mental health "
    )
    team.refresh_from_db()
    assert (team.organisation_id, team.name, team.service_area) == (
        academy.trust.pk,
        "Crisis Team",
        "Mental health",
    )


def test_a_team_name_is_unique_within_its_organisation_only(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.team_create(
            organisation=academy.council, name="North Locality", service_area="Locality"
        )
    assert list(_errors(excinfo)) == ["name"]
    other = services.team_create(
        organisation=academy.trust, name="North Locality", service_area="Locality"
    )
    assert other.pk is not None


def test_a_team_is_renamed_but_not_onto_a_sibling(academy: Academy) -> None:
    team = academy.teams["a"]
    services.team_update(team=team, changes={"name": "North Locality Team", "active": False})
    team.refresh_from_db()
    assert (team.name, team.active) == ("North Locality Team", False)
    with pytest.raises(ValidationError) as excinfo:
        services.team_update(team=team, changes={"name": "Hospital Discharge"})
    assert list(_errors(excinfo)) == ["name"]
    assert Team.objects.get(pk=team.pk).name == "North Locality Team"


def test_a_team_cannot_move_organisation(academy: Academy) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.team_update(team=academy.teams["a"], changes={"organisation": academy.trust})
    assert list(_errors(excinfo)) == ["organisation"]


# ---------------------------------------------------------------------------------------------
# A race on PostgreSQL: two people with the same work email at the same moment
# ---------------------------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_created_with_one_email_at_once_give_one_person_and_a_clear_refusal() -> None:
    council = Organisation.objects.create(name="Race Council", kind=Organisation.Kind.COUNCIL)
    team = TeamFactory(organisation=council)
    rounds = 5
    for round_ in range(rounds):
        email = f"same.person.{round_}@example.org"
        start = threading.Barrier(2)
        outcomes: list[Any] = []

        def create(
            first_name: str, email: str = email, start: Any = start, outcomes: Any = outcomes
        ) -> None:
            try:
                start.wait(timeout=10)
                outcomes.append(
                    services.person_create(
                        first_name=first_name,
                        last_name="Racer",
                        work_email=email if first_name == "One" else email.upper(),
                        organisation=council,
                        team=team,
                    )
                )
            except Exception as exc:
                outcomes.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=create, args=(name,)) for name in ("One", "Two")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        created = [o for o in outcomes if isinstance(o, Person)]
        refused = [o for o in outcomes if not isinstance(o, Person)]
        assert len(created) == 1, outcomes
        assert len(refused) == 1, outcomes
        error = refused[0]
        assert isinstance(error, ValidationError), repr(error)
        # Whether the check saw the other's row or the unique index stopped the insert, the
        # refusal names the field.
        assert error.message_dict == {"work_email": [services.EMAIL_TAKEN]}
        assert Person.objects.filter(work_email__iexact=email).count() == 1
    assert RoleAssignment.objects.filter(person__organisation=council).count() == rounds


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_losing_the_race_at_the_unique_index_still_names_the_work_email() -> None:
    """The second create passes its check while the first is not yet committed, then waits on
    the unique index; when the first commits, the database refuses it."""
    council = Organisation.objects.create(name="Race Council", kind=Organisation.Kind.COUNCIL)
    inserted, release = threading.Event(), threading.Event()
    outcomes: list[Any] = []

    def create(first_name: str, email: str) -> Person:
        return services.person_create(
            first_name=first_name, last_name="Racer", work_email=email, organisation=council
        )

    def first() -> None:
        try:
            with transaction.atomic():
                create("One", "racer@example.org")
                inserted.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    def second() -> None:
        inserted.wait(timeout=10)
        try:
            outcomes.append(create("Two", "Racer@Example.org"))
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert inserted.wait(timeout=10)
    _wait_for_a_lock_wait()
    release.set()
    for thread in threads:
        thread.join(timeout=30)

    [error] = outcomes
    assert isinstance(error, ValidationError), repr(error)
    assert error.message_dict == {"work_email": [services.EMAIL_TAKEN]}
    assert list(
        Person.objects.filter(organisation=council).values_list("first_name", flat=True)
    ) == ["One"]


def _wait_for_a_lock_wait(seconds: float = 10) -> None:
    """Until another connection to this database waits on a lock."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the second create never waited on the first")

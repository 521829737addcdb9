import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from academy.audits.models import (
    AuditAction,
    AuditQuota,
    AuditResponse,
    CaseAudit,
    LearningBulletin,
    Moderation,
    RepeatAllowance,
)
from academy.common.dates import today as _today
from academy.demo import data
from academy.demo.builder import demo_seed
from academy.demo.roster import demo_roster
from academy.notifications.models import Notification
from academy.pathways.models import (
    Cohort,
    DevelopmentActivity,
    Enrolment,
    Evidence,
    FundingYear,
    Milestone,
    OutcomeDecision,
    Pause,
    Supervision,
)
from academy.pathways.rules import add_months
from academy.people import services
from academy.people.models import Organisation, PcfLevel, Person, Role, RoleAssignment, Team, User
from academy.training.models import (
    Booking,
    Completion,
    Course,
    CpdEntry,
    EventSeries,
    Requirement,
    Session,
)

LOGINS = ("psw", "dass", "manager", "assessor", "coordinator", "partner", "nqsw", "worker")


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def person(login: str) -> Person:
    return Person.objects.get(user__username=login)


def holds(who: Person, role: str, **scope) -> bool:
    return RoleAssignment.objects.filter(person=who, role=role, **scope).exists()


def snapshot() -> dict[str, list]:
    """Every row the seed writes, field by field (timestamps included)."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            Organisation,
            Team,
            Person,
            RoleAssignment,
            User,
            Notification,
            Cohort,
            Enrolment,
            Milestone,
            Supervision,
            DevelopmentActivity,
            Evidence,
            Evidence.domains.through,
            Pause,
            OutcomeDecision,
            FundingYear,
            Course,
            Requirement,
            Course.pcf_domains.through,
            EventSeries,
            Session,
            Session.facilitators.through,
            Booking,
            Completion,
            CpdEntry,
            AuditQuota,
            CaseAudit,
            CaseAudit.themes.through,
            AuditResponse,
            AuditAction,
            RepeatAllowance,
            Moderation,
            LearningBulletin,
            LearningBulletin.themes.through,
        )
    }


def summary_row(output: str, label: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith(f"{label}  "))
    return line.removeprefix(label).split()


# ---------------------------------------------------------------------------------------------
# Idempotency
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_seeding_twice_creates_nothing_more_and_changes_nothing():
    seed()
    first = snapshot()
    report = demo_seed()
    assert snapshot() == first
    assert (report.organisations.created, report.teams.created, report.people.created) == (0, 0, 0)
    assert (report.accounts.created, report.roles_added) == (0, 0)
    assert report.people.existing == Person.objects.count() == len(demo_roster(today=_today()))
    assert report.organisations.existing == len(data.ORGANISATIONS)
    assert report.teams.existing == len(data.TEAMS)


@pytest.mark.django_db
def test_a_person_already_there_is_found_by_email_in_any_case_and_gains_only_missing_roles():
    council = services.organisation_create(
        name="Brackenshire County Council", kind=Organisation.Kind.COUNCIL, hosts_academy=True
    )
    north = services.team_create(
        organisation=council, name="North Locality Team", service_area="Localities"
    )
    before = services.person_create(
        first_name="Priya",
        last_name="Sharma",
        work_email="PRIYA.SHARMA@Brackenshire.example",
        organisation=council,
        team=north,
        job_title="Acting Team Manager",
    )

    report = demo_seed()

    assert report.organisations.existing == 1
    assert report.teams.existing == 1
    assert report.people.existing == 1
    assert report.roles_added == 1
    assert (
        Person.objects.filter(work_email__iexact="priya.sharma@brackenshire.example").count() == 1
    )
    manager = person("manager")
    assert manager.pk == before.pk
    assert manager.job_title == "Acting Team Manager"
    assert holds(manager, Role.TEAM_MANAGER, team=north)


# ---------------------------------------------------------------------------------------------
# The demo logins
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_each_demo_login_signs_in_with_the_demo_password_and_nobody_else_has_an_account():
    seed()
    for login in LOGINS:
        user = authenticate(username=login, password=data.DEMO_PASSWORD)
        assert user is not None, login
        assert user.person.active
        assert authenticate(username=login, password="not-the-demo-password") is None
    assert set(User.objects.values_list("username", flat=True)) == set(LOGINS)


@pytest.mark.django_db
def test_demo_logins_hold_the_roles_their_names_promise():
    seed()
    manager, nqsw, worker = person("manager"), person("nqsw"), person("worker")
    assert nqsw.team_id == worker.team_id == manager.team_id
    assert holds(manager, Role.TEAM_MANAGER, team=nqsw.team)
    assert nqsw.pcf_level == PcfLevel.ASYE
    assert nqsw.swe_number.startswith("SW")
    qualified, registered = nqsw.qualified_on, nqsw.swe_first_registered_on
    started = nqsw.employment_start_date
    assert qualified is not None
    assert registered is not None
    assert started is not None
    assert _today() - registered < dt.timedelta(days=365)
    assert qualified <= registered <= started
    assert worker.pcf_level == PcfLevel.EXPERIENCED
    assert RoleAssignment.objects.filter(person=worker).exclude(role=Role.LEARNER).count() == 0
    partner = person("partner")
    assert partner.organisation.kind == Organisation.Kind.NHS_TRUST
    assert holds(partner, Role.PARTNER_COORDINATOR, organisation=partner.organisation)
    assert holds(person("psw"), Role.PSW)
    assert holds(person("dass"), Role.DASS)
    assert holds(person("assessor"), Role.ASSESSOR)
    assert holds(person("coordinator"), Role.TRAINING_COORDINATOR)
    assert Organisation.objects.get(hosts_academy=True) == person("psw").organisation


@pytest.mark.django_db
def test_each_demo_login_signs_in_through_the_page_and_reaches_home():
    seed()
    for login in LOGINS:
        client = Client()
        response = client.post(
            reverse("web:sign-in"), {"username": login, "password": data.DEMO_PASSWORD}
        )
        assert response.status_code == 302, (login, response.content[:300])
        home = client.get("/")
        assert home.status_code == 200, (login, home.content[:300])
        assert f"Signed in as {person(login).full_name}" in home.content.decode(), login


@pytest.mark.django_db
def test_seeding_queues_no_welcome_and_sends_no_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed()
    assert Notification.objects.count() == 0
    assert mail.outbox == []
    assert callbacks == []


@pytest.mark.django_db
def test_command_output_counts_what_it_made_and_lists_every_login():
    first = seed()
    again = seed()
    for login in LOGINS:
        who = person(login)
        lines = [line for line in first.splitlines() if line.startswith(f"{login} ")]
        assert len(lines) == 1, login
        assert data.DEMO_PASSWORD in lines[0]
        assert who.full_name in lines[0]
        assert (who.team.name if who.team else who.organisation.name) in lines[0]
    people = str(Person.objects.count())
    assert summary_row(first, "People") == [people, "0"]
    assert summary_row(again, "People") == ["0", people]
    assert summary_row(again, "Accounts") == ["0", str(len(LOGINS))]
    for label, model in (
        ("Courses", Course),
        ("Sessions", Session),
        ("Bookings", Booking),
        ("Completions", Completion),
        ("CPD entries", CpdEntry),
        ("Case file audits", CaseAudit),
        ("Moderations", Moderation),
        ("Learning bulletins", LearningBulletin),
    ):
        made = str(model.objects.count())
        assert summary_row(first, label) == [made, "0"], label
        assert summary_row(again, label) == ["0", made], label


# ---------------------------------------------------------------------------------------------
# The academy the seed builds
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_every_role_is_held_by_someone_still_working():
    seed()
    held = set(RoleAssignment.objects.filter(person__active=True).values_list("role", flat=True))
    assert held == set(Role.values)
    council_teams = Team.objects.filter(organisation__hosts_academy=True)
    unmanaged = council_teams.exclude(role_assignments__role=Role.TEAM_MANAGER)
    assert list(unmanaged) == []
    assert RoleAssignment.objects.filter(role=Role.LEARNER).count() == Person.objects.count()
    partners = Organisation.objects.filter(hosts_academy=False)
    assert set(partners.values_list("kind", flat=True)) == {
        Organisation.Kind.NHS_TRUST,
        Organisation.Kind.CARE_PROVIDER,
        Organisation.Kind.VCS,
    }
    for partner in partners:
        assert partner.role_assignments.filter(role=Role.PARTNER_COORDINATOR).exists(), partner


def test_the_roster_is_the_same_every_run_and_its_names_the_same_every_day():
    day = dt.date(2026, 3, 31)
    assert demo_roster(today=day) == demo_roster(today=day)
    later = demo_roster(today=day + dt.timedelta(days=200))
    assert [p.work_email for p in later] == [p.work_email for p in demo_roster(today=day)]


@pytest.mark.parametrize("day", [dt.date(2026, 3, 31), dt.date(2028, 2, 29)])
def test_the_roster_looks_like_a_real_workforce(day):
    roster = demo_roster(today=day)
    assert 130 <= len(roster) <= 170
    assert len({p.work_email.lower() for p in roster}) == len(roster)
    for number in ("swe_number", "hcpc_number"):
        values = [getattr(p, number) for p in roster if getattr(p, number)]
        assert len(set(values)) == len(values)
    for p in roster:
        if not p.swe_number:
            continue
        qualified, registered = p.qualified_on, p.swe_first_registered_on
        assert qualified is not None, p
        assert registered is not None, p
        assert qualified <= registered <= min(day, p.employment_start_date), p
        if p.pcf_level == PcfLevel.ASYE:
            # Eligible for the ASYE: started in post within two years of qualifying.
            assert p.employment_start_date <= add_months(qualified, 24), p
    assert len([p for p in roster if p.pcf_level == PcfLevel.ASYE]) >= 5
    therapists = [p for p in roster if "Occupational Therapist" in p.job_title]
    assert therapists
    assert all(p.hcpc_number.startswith("OT") for p in therapists)
    leavers = [p for p in roster if not p.active]
    assert 3 <= len(leavers) <= 10
    for p in leavers:
        assert p.leaving_date is not None, p
        assert p.employment_start_date < p.leaving_date < day, p
    assert all(not p.roles and not p.login for p in leavers)
    part_time = [p for p in roster if p.contracted_hours_per_week < Decimal("37.00")]
    assert len(part_time) >= 10
    assert all(p.employment_start_date <= day for p in roster)


@pytest.mark.django_db
def test_a_database_whose_academy_has_another_host_is_refused_and_left_as_it_was():
    services.organisation_create(
        name="Shire County Council", kind=Organisation.Kind.COUNCIL, hosts_academy=True
    )
    with pytest.raises(CommandError, match="Shire County Council already hosts the academy"):
        seed()
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Shire County Council"]
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_person_already_there_who_cannot_start_their_pathway_is_named_and_nothing_is_written():
    council = services.organisation_create(
        name="Brackenshire County Council", kind=Organisation.Kind.COUNCIL, hosts_academy=True
    )
    today = _today()
    services.person_create(  # registered only yesterday: too late for cohort 12
        first_name="Amira",
        last_name="Hussain",
        work_email="amira.hussain@brackenshire.example",
        organisation=council,
        pcf_level=PcfLevel.ASYE,
        qualified_on=today - dt.timedelta(days=60),
        swe_number="SW99999",
        swe_first_registered_on=today - dt.timedelta(days=1),
    )
    with pytest.raises(CommandError, match="Amira Hussain cannot be enrolled on ASYE") as refused:
        call_command("seed_demo", stdout=StringIO())
    assert "Social Work England" in str(refused.value)
    assert Person.objects.count() == 1
    assert not Enrolment.objects.exists()
    assert not Cohort.objects.exists()

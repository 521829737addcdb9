"""A generated academy for benchmarks and query-count tests: a cohort of any size with a year
of history, required training, CPD, sessions with partners, and case file audits.

Enrolments go through ``enrolments_create`` (so milestones and statuses follow the rules); the
rest is bulk-inserted, many thousands of rows in seconds. Everything is drawn from a seeded
random generator: the same size and day give the same academy.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.db import transaction
from django.utils import timezone

from academy.audits.models import AuditTemplate, AuditTheme, CaseAudit, Grade, LearningBulletin
from academy.audits.models import Moderation as AuditModeration
from academy.common.cqc import QualityStatement
from academy.common.dates import add_months
from academy.pathways.models import (
    Cohort,
    DevelopmentActivity,
    Enrolment,
    Evidence,
    Milestone,
    PathwayTemplate,
    PcfDomain,
    Supervision,
)
from academy.pathways.services import enrolments_create, enrolments_refresh_status
from academy.people.models import Organisation, Person, Role, RoleAssignment, Team
from academy.training import rules as training_rules
from academy.training.models import (
    Booking,
    BookingStatus,
    Completion,
    Course,
    CpdEntry,
    Requirement,
    Session,
)
from academy.training.services import cpd_rules

TEAMS = 12
BATCH = 1000
FIRST_NAMES = ("Aisha", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hamza", "Isla", "Kiran")
LAST_NAMES = ("Adams", "Begum", "Clarke", "Davies", "Evans", "Khan", "Nowak", "Okafor", "Patel")
#: Submitted audits in each grade, out of 20 (most cases good, a few inadequate).
GRADE_WEIGHTS = {
    Grade.OUTSTANDING: 3,
    Grade.GOOD: 10,
    Grade.REQUIRES_IMPROVEMENT: 5,
    Grade.INADEQUATE: 2,
}
SCORE_OF = {
    Grade.OUTSTANDING: Decimal("90.0"),
    Grade.GOOD: Decimal("72.5"),
    Grade.REQUIRES_IMPROVEMENT: Decimal("52.0"),
    Grade.INADEQUATE: Decimal("25.0"),
}
COURSES = (
    # title, refresh months, who must hold it ("everyone", a role, or None: not required)
    ("Safeguarding adults: refresher", 36, "everyone"),
    ("Mental Capacity Act in practice", 36, "everyone"),
    ("Oliver McGowan Mandatory Training, Tier 1", 36, "everyone"),
    ("Moving and assisting people", 12, "everyone"),
    ("Reflective supervision for managers", 36, Role.TEAM_MANAGER),
    ("Strengths-based conversations", None, None),
)

_numbers = count(1)
_swe_numbers = count(3_000_001)
_references = count(500_001)


@dataclass
class Dataset:
    host: Organisation
    partner: Organisation
    teams: list[Team]
    managers: list[Person]
    cohort: Cohort
    members: list[Person]
    as_of: dt.date


def build(size: int, *, as_of: dt.date, seed: int = 1) -> Dataset:
    """An academy whose ASYE cohort has ``size`` members, as of ``as_of``, in one transaction."""
    rng = random.Random(seed)
    tag = f"{next(_numbers)}-{rng.randrange(10**6):06d}"
    with transaction.atomic():
        host = Organisation.objects.filter(hosts_academy=True).first()
        if host is None:
            host = Organisation.objects.create(
                name=f"Benchshire Council {tag}", kind=Organisation.Kind.COUNCIL, hosts_academy=True
            )
        partner = Organisation.objects.create(
            name=f"Benchshire NHS Trust {tag}", kind=Organisation.Kind.NHS_TRUST
        )
        teams = Team.objects.bulk_create(
            Team(organisation=host, name=f"Locality {n + 1} ({tag})", service_area="Localities")
            for n in range(TEAMS)
        )
        managers = people_bulk(host, teams, TEAMS, tag=f"m{tag}", rng=rng, job_title="Manager")
        RoleAssignment.objects.bulk_create(
            RoleAssignment(person=m, role=Role.TEAM_MANAGER, team=t)
            for m, t in zip(managers, teams, strict=True)
        )
        assessors = people_bulk(host, teams, 6, tag=f"a{tag}", rng=rng, job_title="Assessor")
        partners = people_bulk(partner, [], 8, tag=f"p{tag}", rng=rng, job_title="Nurse")
        start = add_months(as_of, -7)
        members = people_bulk(
            host,
            teams,
            size,
            tag=f"n{tag}",
            rng=rng,
            job_title="Social worker (ASYE)",
            pcf_level="asye",
            qualified_on=add_months(start, -4),
            swe_first_registered_on=add_months(start, -2),
        )
        asye = PathwayTemplate.objects.get(key="asye-adults")
        cohort = Cohort.objects.create(
            name=f"ASYE cohort {tag}", pathway=asye, start_date=start, capacity=size
        )
        enrolments = enrolments_create(
            people=members, pathway=asye, start_date=start, cohort=cohort
        )
        history_lay_down(
            enrolments, assessors=assessors, supervisors=managers, as_of=as_of, rng=rng
        )
        training_lay_down(
            [*members, *managers, *assessors], partners=partners, as_of=as_of, rng=rng
        )
        audits_lay_down(teams, as_of=as_of, rng=rng)
    return Dataset(host, partner, teams, managers, cohort, members, as_of)


def people_bulk(
    organisation: Organisation,
    teams: Sequence[Team],
    size: int,
    *,
    tag: str,
    rng: random.Random,
    **fields: object,
) -> list[Person]:
    """``size`` people spread over ``teams``; social workers get SWE numbers."""
    registered = "swe_first_registered_on" in fields
    people = [
        Person(
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            work_email=f"{tag}.{n}@bench.example.org",
            organisation=organisation,
            team=teams[n % len(teams)] if teams else None,
            swe_number=f"SW{next(_swe_numbers)}" if registered else "",
            **fields,
        )
        for n in range(size)
    ]
    return Person.objects.bulk_create(people, batch_size=BATCH)


def history_lay_down(
    enrolments: Sequence[Enrolment],
    *,
    assessors: Sequence[Person],
    supervisors: Sequence[Person],
    as_of: dt.date,
    rng: random.Random,
) -> None:
    """Milestones met, supervision, development time and evidence up to ``as_of``; statuses
    are worked out again at the end."""
    domains = list(PcfDomain.objects.order_by("position"))
    kinds = [k for k, _ in Evidence.Kind.choices]
    supervisions, development, evidence, tags = [], [], [], []
    for index, enrolment in enumerate(enrolments):
        enrolment.assessor = assessors[index % len(assessors)]
        enrolment.supervisor = supervisors[index % len(supervisors)]
        diligent = rng.random() < 0.8
        day = enrolment.start_date
        while day <= as_of:
            if diligent or rng.random() < 0.6:
                supervisions.append(
                    Supervision(
                        enrolment=enrolment,
                        held_on=day,
                        supervisor=enrolment.supervisor,
                        kind=Supervision.Kind.REFLECTIVE,
                    )
                )
            weeks = 1 if (day - enrolment.start_date).days < 42 else 2
            day += dt.timedelta(weeks=weeks if day < add_months(enrolment.start_date, 6) else 4)
        month = enrolment.start_date
        while month <= as_of:
            hours = Decimal(rng.choice(("12.00", "14.50", "16.00", "9.00")))
            development.append(
                DevelopmentActivity(
                    enrolment=enrolment, date=month, hours=hours, activity="Protected study time"
                )
            )
            month = add_months(month, 1)
        for _ in range(rng.randint(3, 12)):
            taken = enrolment.start_date + dt.timedelta(
                days=rng.randint(0, max((as_of - enrolment.start_date).days, 0))
            )
            item = Evidence(
                enrolment=enrolment, kind=rng.choice(kinds), date=taken, summary="Evidence"
            )
            evidence.append(item)
            tags.append(rng.sample(domains, rng.randint(1, 3)))
    Enrolment.objects.bulk_update(enrolments, ["assessor", "supervisor"], batch_size=BATCH)
    Supervision.objects.bulk_create(supervisions, batch_size=BATCH)
    DevelopmentActivity.objects.bulk_create(development, batch_size=BATCH)
    Evidence.objects.bulk_create(evidence, batch_size=BATCH)
    Evidence.domains.through.objects.bulk_create(
        (
            Evidence.domains.through(evidence_id=item.pk, pcfdomain_id=domain.pk)
            for item, chosen in zip(evidence, tags, strict=True)
            for domain in chosen
        ),
        batch_size=BATCH,
    )
    _milestones_met(enrolments, as_of=as_of, rng=rng)
    enrolments_refresh_status(ids=[e.pk for e in enrolments], as_of=as_of)


def _milestones_met(enrolments: Sequence[Enrolment], *, as_of: dt.date, rng: random.Random) -> None:
    due = list(
        Milestone.objects.filter(
            enrolment__in=list(enrolments), due_date__lt=as_of, completed_on__isnull=True
        )
    )
    for milestone in due:
        if rng.random() < 0.85:
            milestone.completed_on = milestone.due_date - dt.timedelta(days=rng.randint(0, 10))
    Milestone.objects.bulk_update(
        [m for m in due if m.completed_on], ["completed_on"], batch_size=BATCH
    )


def training_lay_down(
    people: Sequence[Person],
    *,
    partners: Sequence[Person],
    as_of: dt.date,
    rng: random.Random,
) -> list[Course]:
    """Required courses with completions (compliant, expiring, expired or missing), a year of
    sessions attended by staff and partners, and this registration year's CPD."""
    host = Organisation.objects.get(hosts_academy=True)
    courses = []
    for title, refresh, who in COURSES:
        course, created = Course.objects.get_or_create(
            title=title,
            provider=host,
            defaults={
                "delivery_mode": Course.Mode.FACE_TO_FACE,
                "duration_minutes": 180,
                "cpd_hours": Decimal("3.00"),
                "refresh_months": refresh,
                "cqc_statements": [QualityStatement.LEARNING, QualityStatement.SAFEGUARDING],
                "partner_kinds": [Organisation.Kind.NHS_TRUST],
            },
        )
        if created and who == "everyone":
            Requirement.objects.create(course=course, kind=Requirement.Kind.EVERYONE)
        elif created and who:
            Requirement.objects.create(course=course, kind=Requirement.Kind.ROLE, role=who)
        courses.append(course)
    _completions(people, courses, as_of=as_of, rng=rng)
    _sessions(courses, [*people, *partners], as_of=as_of, rng=rng)
    _cpd(people, as_of=as_of, rng=rng)
    return courses


def _completions(
    people: Sequence[Person], courses: Sequence[Course], *, as_of: dt.date, rng: random.Random
) -> None:
    rows = []
    for person in people:
        for course in courses:
            if rng.random() < 0.12:
                continue  # never done it
            refresh = course.refresh_months or 36
            done = add_months(as_of, -rng.randint(0, refresh + 4)) - dt.timedelta(
                days=rng.randint(0, 27)
            )
            rows.append(
                Completion(
                    person=person,
                    course=course,
                    completed_on=done,
                    expires_on=add_months(done, course.refresh_months)
                    if course.refresh_months
                    else None,
                    source=Completion.Source.IMPORT,
                    certificate_number=f"GEN-{person.pk}-{course.pk}",
                )
            )
    Completion.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def _sessions(
    courses: Sequence[Course], people: Sequence[Person], *, as_of: dt.date, rng: random.Random
) -> None:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    sessions = []
    for course in courses:
        for months_ago in range(1, 12, 2):
            starts = now - dt.timedelta(days=30 * months_ago + rng.randint(0, 20))
            sessions.append(
                Session(
                    course=course,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=3),
                    capacity=20,
                    venue="County Hall",
                    status=Session.Status.COMPLETED,
                )
            )
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    bookings = []
    for session in sessions:
        chosen = rng.sample(list(people), min(len(people), rng.randint(8, 20)))
        for arrival, person in enumerate(chosen, start=1):
            status = BookingStatus.ATTENDED if rng.random() < 0.9 else BookingStatus.NO_SHOW
            bookings.append(Booking(session=session, person=person, status=status, arrival=arrival))
    Booking.objects.bulk_create(bookings, batch_size=BATCH)


def _cpd(people: Sequence[Person], *, as_of: dt.date, rng: random.Random) -> None:
    year = training_rules.registration_year_start(as_of, cpd_rules())
    rows = []
    for person in people:
        if not person.swe_number:
            continue
        for n in range(rng.choice((0, 1, 1, 2, 2, 3))):
            peer = rng.random() < 0.5
            rows.append(
                CpdEntry(
                    person=person,
                    registration_year_starts=year,
                    title=f"Learning {n + 1}",
                    activity_date=min(as_of, year + dt.timedelta(days=30 * (n + 1))),
                    hours=Decimal("2.00"),
                    activity="A course on strengths-based practice.",
                    learning="How to open a conversation about what matters.",
                    impact="Assessments start from what the person wants.",
                    peer_reflection=peer,
                    peer_learning="A colleague's view of the same case." if peer else "",
                )
            )
    CpdEntry.objects.bulk_create(rows, batch_size=BATCH)


def audits_lay_down(teams: Sequence[Team], *, as_of: dt.date, rng: random.Random) -> None:
    """Each team manager's audits for the last three months and this one (the quota met most
    months), a few themes on each, a moderated sample and a published bulletin."""
    template = AuditTemplate.objects.filter(current=True).order_by("id").first()
    if template is None:
        return
    themes = list(AuditTheme.objects.filter(active=True).order_by("name"))
    managers = {
        a.team_id: a.person
        for a in RoleAssignment.objects.filter(
            role=Role.TEAM_MANAGER, team__in=list(teams)
        ).select_related("person")
    }
    members: dict[int, list[Person]] = {}
    for person in Person.objects.filter(team__in=list(teams), active=True).order_by("id"):
        members.setdefault(person.team_id or 0, []).append(person)
    grades = [g for g, weight in GRADE_WEIGHTS.items() for _ in range(weight)]
    audits, tagged = [], []
    this_month = as_of.replace(day=1)
    for team in teams:
        manager = managers.get(team.pk)
        workers = [p for p in members.get(team.pk, []) if p != manager]
        if manager is None or not workers:
            continue
        for months_ago in range(3, -1, -1):
            month = add_months(this_month, -months_ago)
            for _ in range(rng.choice((1, 2, 2, 2))):
                day = month + dt.timedelta(days=rng.randint(0, 26))
                if day > as_of:
                    day = as_of
                draft = months_ago == 0 and rng.random() < 0.5
                grade = rng.choice(grades)
                audits.append(
                    CaseAudit(
                        template=template,
                        team=team,
                        practitioner=rng.choice(workers),
                        auditor=manager,
                        case_reference=f"CR{next(_references)}",
                        audit_date=day,
                        status=CaseAudit.Status.DRAFT if draft else CaseAudit.Status.SUBMITTED,
                        score=None if draft else SCORE_OF[grade],
                        computed_grade="" if draft else grade,
                        grade="" if draft else grade,
                        submitted_at=None if draft else timezone.now(),
                    )
                )
                tagged.append(rng.sample(themes, min(len(themes), rng.randint(0, 2))))
    CaseAudit.objects.bulk_create(audits, batch_size=BATCH)
    CaseAudit.themes.through.objects.bulk_create(
        (
            CaseAudit.themes.through(caseaudit_id=audit.pk, audittheme_id=theme.pk)
            for audit, chosen in zip(audits, tagged, strict=True)
            for theme in chosen
        ),
        batch_size=BATCH,
    )
    submitted = [a for a in audits if a.status == CaseAudit.Status.SUBMITTED]
    sample = rng.sample(submitted, max(1, len(submitted) // 10)) if submitted else []
    regrades = [
        audit.grade if rng.random() < 0.8 else Grade.REQUIRES_IMPROVEMENT for audit in sample
    ]
    AuditModeration.objects.bulk_create(
        AuditModeration(
            audit=audit,
            sample_month=audit.audit_date.replace(day=1),
            moderated_grade=regrade,
            agreed=regrade == audit.grade,
            moderated_at=timezone.now(),
        )
        for audit, regrade in zip(sample, regrades, strict=True)
    )
    quarter = add_months(this_month, -3)
    LearningBulletin.objects.create(
        title=f"What our audits told us, {quarter:%B}–{add_months(quarter, 2):%B %Y}",
        period_start=quarter,
        period_end=add_months(quarter, 3) - dt.timedelta(days=1),
        went_well="People's own words are recorded in most assessments.",
        to_improve="Mental capacity assessments need the decision named each time.",
        published_at=timezone.now(),
    )

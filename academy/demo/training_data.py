"""The demo academy's training as readable tables: the catalogue and who must hold each course,
Safeguarding Week (last year's, and this year's running now), sessions held and to come with
who booked them, how up to date people's training is, and social workers' CPD.

Dates are counted from the seed day (``training_seed``): a session ``DaysAway(-40)`` was held
forty days before it (a weekend moves away from the seed day, so a past session stays past).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from academy.common.cqc import QualityStatement as Q
from academy.demo.data import Ref, Staff
from academy.people.models import Organisation, Role
from academy.training.models import Course

#: Seeds for who is drawn onto sessions, and for how up to date each person's training is.
BOOKING_SEED = 1601
COMPLIANCE_SEED = 1802
#: The council's own unit that runs the medical devices training.
JOINT_EQUIPMENT_LOANS = "Joint Equipment Loans Service"

F2F, WEBINAR, E_LEARNING, BLENDED = (
    Course.Mode.FACE_TO_FACE,
    Course.Mode.LIVE_WEBINAR,
    Course.Mode.E_LEARNING,
    Course.Mode.BLENDED,
)
TRUST, PROVIDER, VCS = (
    Organisation.Kind.NHS_TRUST,
    Organisation.Kind.CARE_PROVIDER,
    Organisation.Kind.VCS,
)
ALL_PARTNERS = (TRUST, PROVIDER, VCS)


# ---------------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Needs:
    """Who must hold a course: everyone (no field set), a role, a job title or a team (a key of
    ``data.TEAMS``)."""

    role: str = ""
    job_title: str = ""
    team: str = ""


EVERYONE = (Needs(),)
SOCIAL_WORK_TITLES = (
    "Social Worker",
    "Senior Social Worker",
    "Senior Practitioner",
    "Newly Qualified Social Worker",
    "Mental Health Social Worker",
    "Senior Practitioner (AMHP)",
    "Safeguarding Adults Social Worker",
    "Social Worker (Deaf Services)",
)
OT_TITLES = ("Occupational Therapist", "Senior Occupational Therapist")


def titles(*names: str) -> tuple[Needs, ...]:
    return tuple(Needs(job_title=name) for name in names)


def teams(*keys: str) -> tuple[Needs, ...]:
    return tuple(Needs(team=key) for key in keys)


@dataclass(frozen=True)
class CourseRow:
    key: str  # how the other tables name the course
    title: str
    mode: str
    minutes: int
    cpd_hours: Decimal
    refresh_months: int | None
    needs: tuple[Needs, ...] = ()
    partners: tuple[str, ...] = ()  # kinds of partner organisation whose staff may book
    domains: tuple[str, ...] = ()  # PCF domain keys
    cqc: tuple[str, ...] = ()
    approval: bool = False  # a manager approves a learner's own request
    unit: str = ""  # the team that runs it, when not the academy
    description: str = ""


COURSES = (
    CourseRow(
        "sg1", "Safeguarding Adults Level 1: Awareness", E_LEARNING, 90, Decimal("1.5"), 36,
        EVERYONE, ALL_PARTNERS, ("values_ethics", "knowledge"), (Q.SAFEGUARDING,),
        description="What abuse and neglect look like, and what to do when you are worried.",
    ),
    CourseRow(
        "sg2", "Safeguarding Adults Level 2: Recognising and Responding", F2F, 210, Decimal("3.5"),
        36,
        titles(
            "Community Care Officer", "Hospital Discharge Officer", "Sensory Equipment Officer",
            "Occupational Therapy Assistant", "Reablement Coordinator",
            "Reablement Support Worker", "Rehabilitation Officer (Visual Impairment)", *OT_TITLES,
        ),
        ALL_PARTNERS, ("knowledge", "skills_interventions"), (Q.SAFEGUARDING,),
        description="Raising a concern, keeping the person at the centre, and recording it well.",
    ),
    CourseRow(
        "sg3", "Safeguarding Adults Level 3: Section 42 Enquiries", F2F, 360, Decimal("6"), 36,
        (*titles(*SOCIAL_WORK_TITLES), Needs(role=Role.TEAM_MANAGER)),
        (TRUST,), ("knowledge", "rights_justice", "skills_interventions"), (Q.SAFEGUARDING,),
        description="Leading enquiries under section 42 of the Care Act, from concern to plan.",
    ),
    CourseRow(
        "mca", "Mental Capacity Act in Practice", BLENDED, 360, Decimal("6"), 36,
        titles(*SOCIAL_WORK_TITLES, *OT_TITLES), (TRUST, PROVIDER),
        ("rights_justice", "knowledge", "values_ethics"), (Q.SAFE_SYSTEMS, Q.ASSESSING_NEEDS),
        description="Decision-specific capacity assessments and best interests decisions.",
    ),
    CourseRow(
        "dols", "Deprivation of Liberty Safeguards and the Liberty Protection Safeguards",
        WEBINAR, 180, Decimal("3"), 36, teams("mental_health", "learning_disability", "hospital"),
        (TRUST, PROVIDER), ("rights_justice", "knowledge"), (Q.SAFE_SYSTEMS,),
        description="Authorisations today and what the Liberty Protection Safeguards change.",
    ),
    CourseRow(
        "omt1", "The Oliver McGowan Mandatory Training: Tier 1 e-learning", E_LEARNING, 90,
        Decimal("1.5"), 36, EVERYONE, ALL_PARTNERS, ("diversity_equality", "values_ethics"),
        (Q.EQUITY,),
        description="Learning disability and autism: the e-learning for everyone.",
    ),
    CourseRow(
        "omt2", "The Oliver McGowan Mandatory Training: Tier 2", BLENDED, 420, Decimal("7"), 36,
        (*teams("learning_disability", "transitions", "mental_health"), *titles(*OT_TITLES)),
        (TRUST, PROVIDER), ("diversity_equality", "skills_interventions"), (Q.EQUITY,),
        description="The e-learning and a day co-delivered by experts by experience.",
    ),
    CourseRow(
        "mandh", "Moving and Assisting People", F2F, 180, Decimal("3"), 12,
        titles("Reablement Support Worker", "Occupational Therapy Assistant", *OT_TITLES),
        (PROVIDER,), ("skills_interventions",), (Q.CARE_PROVISION,),
        description="Safe moving and assisting, refreshed every year.",
    ),
    CourseRow(
        "medical", "Medical Devices Training: Community Equipment", F2F, 120, Decimal("2"), 24,
        teams("ot", "reablement", "sensory"), (TRUST, PROVIDER), ("skills_interventions",),
        (Q.CARE_PROVISION, Q.HEALTHIER_LIVES), unit=JOINT_EQUIPMENT_LOANS,
        description="Prescribing, demonstrating and checking community equipment safely.",
    ),
    CourseRow(
        "hoists", "Medical Devices Training: Hoists, Slings and Transfers", F2F, 180,
        Decimal("3"), 12, titles("Reablement Support Worker", "Occupational Therapy Assistant"),
        (PROVIDER,), ("skills_interventions",), (Q.CARE_PROVISION,), unit=JOINT_EQUIPMENT_LOANS,
        description="Choosing and fitting slings; hoist checks before every transfer.",
    ),
    CourseRow(
        "careact", "Care Act 2014: Assessment and Eligibility", F2F, 360, Decimal("6"), 36,
        titles(*SOCIAL_WORK_TITLES, "Community Care Officer", "Hospital Discharge Officer"),
        (), ("knowledge", "rights_justice"), (Q.ASSESSING_NEEDS,),
        description="Proportionate assessment and the national eligibility criteria.",
    ),
    CourseRow(
        "sbp", "Strengths-Based Practice: Conversations that Matter", F2F, 360, Decimal("6"),
        None, (), (VCS,), ("values_ethics", "skills_interventions"),
        (Q.ASSESSING_NEEDS, Q.PARTNERSHIPS),
        description="Starting from what people can do, who they have and what matters to them.",
    ),
    CourseRow(
        "da", "Domestic Abuse and Coercive Control", WEBINAR, 150, Decimal("2.5"), 36,
        teams("safeguarding"), ALL_PARTNERS, ("knowledge", "rights_justice"), (Q.SAFEGUARDING,),
        description="Recognising coercive control in adults' lives, and safety planning.",
    ),
    CourseRow(
        "curiosity", "Professional Curiosity in Safeguarding", WEBINAR, 120, Decimal("2"), None,
        (), ALL_PARTNERS, ("critical_reflection", "skills_interventions"), (Q.SAFEGUARDING,),
        description="Looking, listening and asking again: lessons from safeguarding reviews.",
    ),
    CourseRow(
        "selfneglect", "Self-Neglect and Hoarding", WEBINAR, 120, Decimal("2"), None, (),
        ALL_PARTNERS, ("rights_justice", "skills_interventions"), (Q.SAFEGUARDING,),
    ),
    CourseRow(
        "msp", "Making Safeguarding Personal", F2F, 180, Decimal("3"), None, (), (TRUST, VCS),
        ("values_ethics", "skills_interventions"), (Q.SAFEGUARDING,),
    ),
    CourseRow(
        "slavery", "Modern Slavery and Exploitation", WEBINAR, 90, Decimal("1.5"), None, (),
        ALL_PARTNERS, ("knowledge",), (Q.SAFEGUARDING,),
    ),
    CourseRow(
        "sar", "Learning from Safeguarding Adults Reviews", WEBINAR, 90, Decimal("1.5"), None, (),
        ALL_PARTNERS, ("critical_reflection", "contexts_organisations"),
        (Q.SAFEGUARDING, Q.LEARNING),
    ),
    CourseRow(
        "court", "Court Skills for Social Workers", F2F, 360, Decimal("6"), None, (), (),
        ("professionalism", "rights_justice"), (), approval=True,
        description="Writing evidence and giving it at the Court of Protection.",
    ),
    CourseRow(
        "bia", "Best Interests Assessor Refresher", F2F, 360, Decimal("6"), 12, (), (TRUST,),
        ("rights_justice", "knowledge"), (Q.SAFE_SYSTEMS,), approval=True,
    ),
    CourseRow(
        "amhp", "AMHP Legal Update: Mental Health Act Case Law", WEBINAR, 180, Decimal("3"), 12,
        titles("Senior Practitioner (AMHP)"), (TRUST,), ("knowledge", "rights_justice"),
        (Q.SAFE_SYSTEMS,),
    ),
    CourseRow(
        "supervision", "Reflective Supervision Skills", F2F, 360, Decimal("6"), 36,
        (Needs(role=Role.SUPERVISOR),), (TRUST,),
        ("professional_leadership", "critical_reflection"), (Q.LEARNING,),
    ),
    CourseRow(
        "audit", "Case File Audit: Quality Assurance for Team Managers", F2F, 180, Decimal("3"),
        None, (Needs(role=Role.TEAM_MANAGER),), (), ("professional_leadership",),
        (Q.GOVERNANCE, Q.LEARNING),
        description="Auditing case files against the academy's template, and giving feedback.",
    ),
    CourseRow(
        "recording", "Recording that Respects the Person", WEBINAR, 90, Decimal("1.5"), None, (),
        (), ("professionalism", "values_ethics"), (Q.GOVERNANCE,),
    ),
    CourseRow(
        "carers", "Carers' Assessments: Recognising and Supporting Carers", WEBINAR, 120,
        Decimal("2"), None, (), (VCS, PROVIDER), ("rights_justice", "skills_interventions"),
        (Q.ASSESSING_NEEDS, Q.PARTNERSHIPS),
    ),
    CourseRow(
        "trauma", "Trauma-Informed Practice", F2F, 360, Decimal("6"), None, (), (TRUST, VCS),
        ("values_ethics", "critical_reflection"), (Q.EQUITY,), approval=True,
    ),
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# When sessions are
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DaysAway:
    """``n`` days from the seed day; a weekend moves away from it (back to the Friday before,
    on to the Monday after)."""

    n: int

    def on(self, today: dt.date) -> dt.date:
        day = today + dt.timedelta(days=self.n)
        step = dt.timedelta(days=-1 if self.n < 0 else 1)
        while day.weekday() >= 5:
            day += step
        return day


@dataclass(frozen=True)
class WorkingDaysAway:
    """The ``n``-th working day from the seed day (before it when ``n`` is negative)."""

    n: int

    def on(self, today: dt.date) -> dt.date:
        day, left = today, abs(self.n)
        step = dt.timedelta(days=-1 if self.n < 0 else 1)
        while left:
            day += step
            left -= day.weekday() < 5
        return day


@dataclass(frozen=True)
class LastYearsWeek:
    """A working day (0 Monday … 4 Friday) of the week a year before the seed day."""

    day: int

    def on(self, today: dt.date) -> dt.date:
        a_year_ago = today.replace(year=today.year - 1, day=min(today.day, 28))
        return a_year_ago - dt.timedelta(days=a_year_ago.weekday() - self.day)


When = DaysAway | WorkingDaysAway | LastYearsWeek


# ---------------------------------------------------------------------------------------------
# Event series and sessions
# ---------------------------------------------------------------------------------------------
THIS_YEARS_WEEK = "this-year"
LAST_YEARS_WEEK = "last-year"
#: Safeguarding Week: (key, description). Titles and slugs carry the year of the first session.
SERIES = (
    (
        LAST_YEARS_WEEK,
        "Last year's week of webinars and workshops with the Safeguarding Adults Board.",
    ),
    (
        THIS_YEARS_WEEK,
        "A week of webinars and workshops with the Safeguarding Adults Board, open to our "
        "partners: come to as many as you can.",
    ),
)

COUNTY_HALL = "County Hall, Brackenshire: Training Room 2"
LEARNING_CENTRE = "Brackenshire Learning Centre, Mill Lane: Room 4"
EQUIPMENT_STORE = "Joint Equipment Loans Service, Unit 4 Riverside Estate: demonstration suite"
ONLINE = ""  # a live webinar: joined by link


@dataclass(frozen=True)
class Learners:
    """Who books a session. ``staff`` are drawn from the host's staff who must hold the course
    (those due a refresher first), or from ``from_teams``, or from all the host's team staff;
    ``named`` people book first (a demo login books for themselves; a course needing approval
    then makes a request). ``waitlisted`` more people book than there are places."""

    staff: int = 0
    named: tuple[Ref, ...] = ()
    partners: tuple[tuple[str, int], ...] = ()  # (a key of data.ORGANISATIONS, how many)
    from_teams: tuple[str, ...] = ()
    waitlisted: int = 0
    cancelled: int = 0  # places given up (the day before, for a session held)
    no_shows: int = 0
    partly: int = 0


@dataclass(frozen=True)
class SessionRow:
    course: str
    when: When
    at: dt.time
    capacity: int
    venue: str
    learners: Learners
    series: str = ""
    facilitators: tuple[Ref, ...] = ()
    cancelled: str = ""  # the coordinator cancelled it, for this reason


def at(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


SESSIONS = (
    # Last year's Safeguarding Week.
    SessionRow("curiosity", LastYearsWeek(0), at(12, 30), 80, ONLINE,
               Learners(5, partners=(("trust", 2),)), LAST_YEARS_WEEK),
    SessionRow("msp", LastYearsWeek(2), at(10), 30, COUNTY_HALL,
               Learners(5, partners=(("carers", 1),), no_shows=1), LAST_YEARS_WEEK,
               facilitators=("Karen Patel",)),
    SessionRow("sar", LastYearsWeek(4), at(12, 30), 100, ONLINE,
               Learners(5, partners=(("trust", 1),)), LAST_YEARS_WEEK, facilitators=("psw",)),
    # This year's Safeguarding Week, running now: two days held, three to come.
    SessionRow("msp", WorkingDaysAway(-2), at(10), 30, COUNTY_HALL,
               Learners(5, partners=(("trust", 2), ("carers", 1)), no_shows=1, partly=1),
               THIS_YEARS_WEEK, facilitators=("Karen Patel",)),
    SessionRow("curiosity", WorkingDaysAway(-1), at(12, 30), 80, ONLINE,
               Learners(5, named=("worker",), partners=(("trust", 2), ("meadowview", 1))),
               THIS_YEARS_WEEK, facilitators=("psw",)),
    SessionRow("selfneglect", WorkingDaysAway(1), at(12, 30), 80, ONLINE,
               Learners(5, partners=(("hollybank", 1), ("carers", 1))), THIS_YEARS_WEEK),
    SessionRow("da", WorkingDaysAway(2), at(10), 60, ONLINE,
               Learners(5, partners=(("trust", 1), ("carers", 1))), THIS_YEARS_WEEK),
    SessionRow("sar", WorkingDaysAway(3), at(12, 30), 100, ONLINE,
               Learners(6, partners=(("trust", 2),)), THIS_YEARS_WEEK, facilitators=("psw",)),
    # Held.
    SessionRow("hoists", DaysAway(-390), at(9, 30), 10, EQUIPMENT_STORE,
               Learners(4, partners=(("hollybank", 2),))),
    SessionRow("mandh", DaysAway(-335), at(9, 30), 12, LEARNING_CENTRE,
               Learners(6, partners=(("hollybank", 1),)), facilitators=("Joanne Fletcher",)),
    SessionRow("audit", DaysAway(-200), at(13, 30), 12, COUNTY_HALL, Learners(6),
               facilitators=("psw",)),
    SessionRow("careact", DaysAway(-150), at(9, 30), 20, COUNTY_HALL, Learners(6)),
    SessionRow("sg3", DaysAway(-130), at(9, 30), 16, COUNTY_HALL,
               Learners(6, partners=(("trust", 2),)), facilitators=("Karen Patel",)),
    SessionRow("supervision", DaysAway(-110), at(9, 30), 14, LEARNING_CENTRE, Learners(6),
               facilitators=("Nicola Barnes",)),
    SessionRow("mca", DaysAway(-95), at(9, 30), 18, COUNTY_HALL,
               Learners(6, partners=(("trust", 2), ("hollybank", 1)))),
    SessionRow("court", DaysAway(-80), at(9, 30), 14, COUNTY_HALL, Learners(6)),
    SessionRow("omt2", DaysAway(-70), at(9, 30), 20, LEARNING_CENTRE,
               Learners(6, partners=(("trust", 1), ("meadowview", 1)))),
    SessionRow("medical", DaysAway(-60), at(10), 12, EQUIPMENT_STORE,
               Learners(5, partners=(("hollybank", 1),))),
    SessionRow("sbp", DaysAway(-55), at(9, 30), 24, LEARNING_CENTRE,
               Learners(6, partners=(("carers", 2),)), facilitators=("psw", "Nicola Barnes")),
    SessionRow("amhp", DaysAway(-45), at(13), 30, ONLINE,
               Learners(3, partners=(("trust", 1),))),
    SessionRow("mandh", DaysAway(-40), at(9, 30), 12, LEARNING_CENTRE,
               Learners(6, partners=(("meadowview", 2),), no_shows=1),
               facilitators=("Joanne Fletcher",)),
    SessionRow("bia", DaysAway(-35), at(9, 30), 16, COUNTY_HALL,
               Learners(3, named=(Staff("learning_disability", "experienced_sw", 1),),
                        partners=(("trust", 1),))),
    SessionRow("dols", DaysAway(-25), at(13), 60, ONLINE,
               Learners(6, partners=(("trust", 2), ("hollybank", 1)))),
    SessionRow("sg2", DaysAway(-18), at(9, 30), 20, LEARNING_CENTRE,
               Learners(6, partners=(("hollybank", 2), ("meadowview", 2), ("carers", 1)),
                        cancelled=1, no_shows=1, partly=1)),
    SessionRow("trauma", DaysAway(-15), at(9, 30), 20, COUNTY_HALL,
               Learners(6, named=("nqsw",), partners=(("trust", 1),))),
    # To come.
    SessionRow("medical", DaysAway(1), at(10), 12, EQUIPMENT_STORE,
               Learners(4, partners=(("meadowview", 1),))),
    SessionRow("mca", DaysAway(5), at(9, 30), 18, COUNTY_HALL,
               Learners(8, named=("nqsw",), partners=(("trust", 1), ("hollybank", 1)))),
    SessionRow("sg3", DaysAway(12), at(9, 30), 12, COUNTY_HALL,
               Learners(11, partners=(("trust", 1),), waitlisted=3, cancelled=1),
               facilitators=("Karen Patel",)),
    SessionRow("recording", DaysAway(15), at(12, 30), 60, ONLINE, Learners(5)),
    SessionRow("court", DaysAway(19), at(9, 30), 14, COUNTY_HALL,
               Learners(5, named=("worker",))),
    SessionRow("hoists", DaysAway(22), at(9, 30), 10, EQUIPMENT_STORE,
               Learners(3, partners=(("hollybank", 1),))),
    SessionRow("omt2", DaysAway(26), at(9, 30), 20, LEARNING_CENTRE,
               Learners(5, partners=(("trust", 2),))),
    SessionRow("carers", DaysAway(29), at(12, 30), 60, ONLINE,
               Learners(4, partners=(("carers", 2), ("meadowview", 1)))),
    SessionRow("mandh", DaysAway(33), at(9, 30), 12, LEARNING_CENTRE,
               Learners(5, partners=(("hollybank", 1),)), facilitators=("Joanne Fletcher",)),
    SessionRow("sg2", DaysAway(36), at(9, 30), 20, LEARNING_CENTRE,
               Learners(4, partners=(("hollybank", 1), ("meadowview", 1), ("carers", 1)))),
    SessionRow("sbp", DaysAway(40), at(9, 30), 24, LEARNING_CENTRE, Learners(5),
               facilitators=("psw",),
               cancelled="The trainer is unwell. A new date will follow in the catalogue."),
)  # fmt: skip

#: Days before a session held that its places were booked (low, high); for a session to come,
#: days before the seed day (at least the wait before an unanswered request is chased).
BOOKED_DAYS_BEFORE = (7, 30)
BOOKED_DAYS_AGO = (4, 21)


# ---------------------------------------------------------------------------------------------
# How up to date people's required training is
# ---------------------------------------------------------------------------------------------
COMPLIANT, EXPIRING, EXPIRED, MISSING = "compliant", "expiring", "expired", "missing"
#: How often each state is drawn for a person and a course they must hold.
STATE_MIX = ((COMPLIANT, 80), (EXPIRING, 7), (EXPIRED, 6), (MISSING, 7))
#: Days left before an expiring completion runs out, and days since an expired one ran out.
EXPIRING_DAYS_LEFT = (10, 85)
EXPIRED_DAYS_AGO = (10, 200)
#: A compliant completion is at least this many days old.
COMPLETED_AT_LEAST_DAYS_AGO = 14

#: People whose state for a course the tables fix, so the manager's team shows every colour.
FIXED_STATES = (
    ("worker", "mca", EXPIRING),
    (Staff("north", "experienced_sw", 2), "omt1", EXPIRING),
    (Staff("north", "social_worker", 2), "sg3", EXPIRED),
    (Staff("north", "care_officer", 1), "sg2", EXPIRED),
    (Staff("north", "social_worker", 4), "careact", MISSING),
)


# ---------------------------------------------------------------------------------------------
# Social Work England CPD
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CpdActivity:
    title: str
    hours: Decimal
    activity: str
    learning: str
    impact: str
    peer_learning: str  # what a peer discussion of it taught (used when it was discussed)


CPD_ACTIVITIES = {
    "reading_msp": CpdActivity(
        "Reading: Making Safeguarding Personal toolkit", Decimal("2"),
        "Read the updated toolkit after a safeguarding enquiry where the outcome the person "
        "wanted was lost along the way.",
        "How to ask about desired outcomes at the start and check them again at the end.",
        "I now record the person's own words about outcomes in every enquiry plan.",
        "A colleague showed me how she revisits outcomes at each strategy discussion.",
    ),
    "webinar_curiosity": CpdActivity(
        "Webinar: professional curiosity", Decimal("2"),
        "Safeguarding Week webinar on lessons from reviews about accepting things at face value.",
        "The difference between respectful uncertainty and mistrust.",
        "I plan an unannounced second visit when what I see and hear do not match.",
        "Talking it through with my team showed how often we accept a carer's account alone.",
    ),
    "court_observation": CpdActivity(
        "Observed a Court of Protection hearing", Decimal("3"),
        "Observed a hearing on a deprivation of liberty in the community.",
        "What the court looks for in a capacity assessment and a best interests decision.",
        "My capacity assessments now show the options put to the person and their answers.",
        "Debriefed with the senior practitioner who gave evidence.",
    ),
    "audit_feedback": CpdActivity(
        "Learning from a case file audit", Decimal("1"),
        "My manager audited one of my cases and we went through the feedback together.",
        "Where my recording of the person's voice was strong and where reviews slipped.",
        "I set review dates in the plan the day I write it.",
        "Discussed the audit's feedback with my manager in supervision.",
    ),
    "research_hoarding": CpdActivity(
        "Research in Practice briefing: self-neglect", Decimal("1.5"),
        "Read a research briefing before working with a man who hoards.",
        "Engagement over time matters more than a single assessment.",
        "I agreed a slower plan with the person and the housing officer.",
        "Peer group discussion of three self-neglect cases in the team.",
    ),
    "carers_workshop": CpdActivity(
        "Workshop with the carers' network", Decimal("2.5"),
        "Joined a workshop run by carers about what helps at assessment.",
        "Carers want to be asked separately and told what happens next.",
        "I offer a carer's assessment separately and send a written summary.",
        "Reflected with a carer support worker on what carers told us.",
    ),
}  # fmt: skip

#: Social workers' CPD this registration year: (person, ((activity, days ago, peer?), ...)).
#: Everyone else registered with Social Work England has recorded none yet.
CPD_ENTRIES = (
    ("worker", (("webinar_curiosity", 20, False),)),
    ("manager", (("reading_msp", 150, True), ("audit_feedback", 60, False))),
    ("psw", (("court_observation", 200, True), ("research_hoarding", 90, False),
             ("reading_msp", 30, True))),
    (Staff("north", "senior_practitioner"), (("court_observation", 120, True),
                                            ("carers_workshop", 45, False))),
    (Staff("north", "social_worker", 1), (("audit_feedback", 100, True),
                                         ("research_hoarding", 25, False))),
    (Staff("north", "social_worker", 2), (("carers_workshop", 70, True),)),
    (Staff("north", "experienced_sw", 1), (("reading_msp", 80, False),
                                          ("webinar_curiosity", 20, False))),
    (Staff("south", "social_worker", 3), (("research_hoarding", 110, True),
                                         ("carers_workshop", 40, False))),
    (Staff("safeguarding", "experienced_sw", 1), (("reading_msp", 140, True),
                                                 ("webinar_curiosity", 20, True))),
    (Staff("hospital", "social_worker", 1), (("carers_workshop", 35, False),)),
    (Staff("mental_health", "experienced_sw", 2), (("court_observation", 95, True),
                                                  ("audit_feedback", 30, False))),
    (Staff("learning_disability", "social_worker", 2), (("research_hoarding", 65, False),
                                                       ("carers_workshop", 15, False))),
    (Staff("cmht", "experienced_sw", 1), (("webinar_curiosity", 20, True),
                                         ("research_hoarding", 50, False))),
)  # fmt: skip

"""The demo academy's pathways as readable tables: the cohorts, who is on which pathway, how it
has gone so far, and the words their records are written in.

Dates count back from the day the seed runs (``Ago``), so the same mix shows whatever the day:
in the two running ASYE cohorts most people are on track, some are at risk and one is overdue.
A row's defaults are steady progress: every milestone done by its due date, supervision as the
schedule asks, development time and evidence at pace, registered on the ASYE portal. The fields
a row sets say what went otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from academy.demo.data import Ref, Staff
from academy.pathways import rules
from academy.pathways.models import Evidence, Outcome, Pause
from academy.people.models import PcfLevel

#: Seed for the small day-to-day variations (a review held a few days early, and so on).
HISTORY_SEED = 1970
#: Seed for the careers of people whose pathway began their career.
CAREER_SEED = 2012
#: This funding year's ASYE portal deadline, as the PSW entered it: this many days after the
#: seed day (never after the year's end), so the PSW's reminder about it shows in the demo.
PORTAL_DEADLINE_AFTER_DAYS = 21
#: A day's development time: entries are logged in days (or part-days), never in slivers.
DEVELOPMENT_DAY_HOURS = Decimal("7.4")

ASYE = "asye-adults"
APPRENTICESHIP = "sw-degree-apprenticeship"
PRACTICE_EDUCATOR_1 = "practice-educator-1"
BIA = "bia"
AMHP = "amhp"
OT_PRECEPTORSHIP = "ot-preceptorship"
CAREER_PROGRESSION = "career-progression"

#: Pathways for the newly qualified: a person on one started in post when it began, having
#: qualified and registered shortly before, at this PCF level ("" for an occupational therapist).
STARTS_A_CAREER = {ASYE: PcfLevel.ASYE, OT_PRECEPTORSHIP: ""}


@dataclass(frozen=True)
class Ago:
    """A day before the seed day: ``months`` calendar months and then ``days`` days earlier;
    with ``this_funding_year``, never before the first day of the funding year holding it."""

    months: int = 0
    days: int = 0
    this_funding_year: bool = False

    def before(self, today: dt.date) -> dt.date:
        day = rules.add_months(today, -self.months) - dt.timedelta(days=self.days)
        if self.this_funding_year:
            day = max(day, rules.funding_year_start(today))
        return day


# ---------------------------------------------------------------------------------------------
# Cohorts: a finished ASYE intake, two running ones, and the apprentices' intake
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CohortRow:
    name: str
    pathway: str  # a pathway template's key
    started: Ago
    capacity: int
    lead: Ref


COHORTS = (
    CohortRow("ASYE cohort 10", ASYE, Ago(months=19), 8, "Nicola Barnes"),
    CohortRow("ASYE cohort 11", ASYE, Ago(months=7), 8, "Nicola Barnes"),
    CohortRow("ASYE cohort 12", ASYE, Ago(months=2), 8, "Nicola Barnes"),
    CohortRow("Degree apprentices cohort 3", APPRENTICESHIP, Ago(months=14), 4, "Nicola Barnes"),
)


# ---------------------------------------------------------------------------------------------
# Enrolments and how each has gone
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PauseRow:
    """A pause ``days`` long from ``from_day`` days after the start, or (``Pause.Kind.EXTENSION``)
    a plain extension of ``days``."""

    kind: str
    reason: str
    days: int
    from_day: int = 0


@dataclass(frozen=True)
class EnrolmentRow:
    person: Ref
    pathway: str  # a pathway template's key
    cohort: str = ""  # a cohort's name; blank for someone on a pathway on their own
    started: Ago | None = None  # None: when the cohort started
    assessor: Ref | None = None
    supervisor: Ref | None = None
    # What went otherwise than steadily:
    missed: tuple[str, ...] = ()  # milestones past their due date and not done
    supervision_gap_days: int = 0  # no supervision in this many days up to the seed day
    development_share: Decimal = Decimal(1)  # share of the development time due that is logged
    evidence_missing: tuple[str, ...] = ()  # kinds of evidence with nothing in yet
    pauses: tuple[PauseRow, ...] = ()
    portal_registered: bool = True  # on Skills for Care's ASYE portal (ASYE only)
    outcome: str = ""  # Outcome.PASSED: recommended at the final review, confirmed by the panel


ENROLMENTS = (
    # ASYE cohort 10: passed last year at the moderation panel, Social Workers now.
    EnrolmentRow(
        Staff("south", "social_worker", 1), ASYE, "ASYE cohort 10",
        assessor="assessor", supervisor=Staff("south", "senior_practitioner"),
        outcome=Outcome.PASSED,
    ),
    EnrolmentRow(
        Staff("learning_disability", "social_worker", 1), ASYE, "ASYE cohort 10",
        assessor=Staff("academy", "practice_educator"),
        supervisor=Staff("learning_disability", "senior_practitioner"),
        outcome=Outcome.PASSED,
    ),
    # ASYE cohort 11, seven months in.
    EnrolmentRow(
        Staff("north", "nqsw"), ASYE, "ASYE cohort 11",
        assessor="assessor", supervisor=Staff("north", "senior_practitioner"),
    ),
    EnrolmentRow(  # the six-month review was put off and has not been held: overdue
        Staff("south", "nqsw", 1), ASYE, "ASYE cohort 11",
        assessor="assessor", supervisor=Staff("south", "senior_practitioner"),
        missed=("review_6m",),
    ),
    EnrolmentRow(  # at risk: development time half used, no direct observation yet
        Staff("hospital", "nqsw"), ASYE, "ASYE cohort 11",
        assessor=Staff("south", "practice_educator"),
        supervisor=Staff("hospital", "senior_practitioner"),
        development_share=Decimal("0.5"),
        evidence_missing=(Evidence.Kind.DIRECT_OBSERVATION,),
        pauses=(
            PauseRow(
                Pause.Kind.EXTENSION,
                "Agreed at the six-month review: winter pressures on hospital discharges left "
                "little room for direct observations.",
                days=42,
            ),
        ),
    ),
    EnrolmentRow(  # back from shared parental leave a month ago; dates moved on by the pause
        Staff("learning_disability", "nqsw"), ASYE, "ASYE cohort 11",
        assessor=Staff("academy", "practice_educator"),
        supervisor=Staff("learning_disability", "senior_practitioner"),
        pauses=(PauseRow(Pause.Kind.PARENTAL_LEAVE, "Shared parental leave.", 84, from_day=100),),
    ),
    # ASYE cohort 12, two months in.
    EnrolmentRow(
        "nqsw", ASYE, "ASYE cohort 12",
        assessor="assessor", supervisor=Staff("north", "senior_practitioner"),
    ),
    EnrolmentRow(  # at risk: no supervision for five weeks while the supervisor was off sick
        Staff("south", "nqsw", 2), ASYE, "ASYE cohort 12",
        assessor="Nicola Barnes", supervisor=Staff("south", "senior_practitioner"),
        supervision_gap_days=35,
    ),
    EnrolmentRow(
        Staff("transitions", "nqsw"), ASYE, "ASYE cohort 12",
        assessor=Staff("academy", "practice_educator"),
        supervisor=Staff("transitions", "senior_practitioner"),
    ),
    EnrolmentRow(  # joined the cohort late, and is not on the ASYE portal yet
        Staff("mental_health", "nqsw"), ASYE, "ASYE cohort 12",
        started=Ago(days=21, this_funding_year=True),
        assessor="assessor", supervisor=Staff("mental_health", "senior_practitioner", 2),
        portal_registered=False,
    ),
    # Degree apprentices, fourteen months in.
    EnrolmentRow(
        Staff("north", "apprentice"), APPRENTICESHIP, "Degree apprentices cohort 3",
        assessor=Staff("academy", "practice_educator"),
        supervisor=Staff("north", "senior_practitioner"),
    ),
    EnrolmentRow(  # behind on off-the-job training
        Staff("south", "apprentice"), APPRENTICESHIP, "Degree apprentices cohort 3",
        assessor=Staff("south", "practice_educator"),
        supervisor=Staff("south", "senior_practitioner"),
        development_share=Decimal("0.6"),
    ),
    EnrolmentRow(
        Staff("learning_disability", "apprentice"), APPRENTICESHIP, "Degree apprentices cohort 3",
        assessor=Staff("academy", "practice_educator"),
        supervisor=Staff("learning_disability", "senior_practitioner"),
    ),
    # Progression, each on their own.
    EnrolmentRow(
        "worker", PRACTICE_EDUCATOR_1, started=Ago(months=5),
        assessor="Nicola Barnes", supervisor="manager",
    ),
    EnrolmentRow(
        Staff("north", "social_worker", 1), CAREER_PROGRESSION, started=Ago(months=4),
        assessor="manager", supervisor=Staff("north", "senior_practitioner"),
    ),
    EnrolmentRow(
        Staff("learning_disability", "experienced_sw", 1), BIA, started=Ago(months=9),
        assessor="Karen Patel", supervisor="Rachel Greenwood",
    ),
    EnrolmentRow(
        Staff("mental_health", "senior_practitioner", 1), AMHP, started=Ago(months=30),
        supervisor="Femi Adeyemi",
    ),
    EnrolmentRow(  # newly registered; the preceptorship agreement falls due next week
        Staff("ot", "ot", 1), OT_PRECEPTORSHIP, started=Ago(days=23),
        supervisor=Staff("ot", "senior_ot", 1),
    ),
)  # fmt: skip


def start_of(row: EnrolmentRow, today: dt.date) -> dt.date:
    """When an enrolment starts: its own start, or its cohort's."""
    if row.started is not None:
        return row.started.before(today)
    return next(c.started for c in COHORTS if c.name == row.cohort).before(today)


# ---------------------------------------------------------------------------------------------
# The words records are written in (used in turn, so people's records differ)
# ---------------------------------------------------------------------------------------------
#: Evidence of each kind: a summary (never naming a person who draws on care and support) and
#: the PCF domains it is tagged to.
EVIDENCE = {
    Evidence.Kind.DIRECT_OBSERVATION: (
        ("Observed a Care Act needs assessment at home with an older man living with dementia "
         "and his wife, who cares for him.",
         ("skills_interventions", "values_ethics", "rights_justice")),
        ("Observed a best interests meeting about a move into residential care; the person's "
         "own wishes were put first.", ("rights_justice", "knowledge", "values_ethics")),
        ("Observed a safeguarding strategy discussion with the police and a care provider.",
         ("contexts_organisations", "knowledge", "professional_leadership")),
        ("Observed a review with a young man with autism moving on from college.",
         ("diversity_equality", "skills_interventions")),
    ),
    Evidence.Kind.PERSON_FEEDBACK: (
        ("Feedback from a woman with a learning disability: she felt listened to and understood "
         "her options.", ("values_ethics", "diversity_equality")),
        ("Feedback from a carer after a carer's assessment: knew what would happen next and who "
         "to call.", ("skills_interventions", "rights_justice")),
        ("Feedback, through an interpreter, from a man after his care and support review.",
         ("diversity_equality", "skills_interventions")),
        ("Feedback from a daughter whose mother was helped home from hospital.",
         ("values_ethics", "contexts_organisations")),
    ),
    Evidence.Kind.PROFESSIONAL_FEEDBACK: (
        ("Feedback from a district nurse on joint working for a hospital discharge.",
         ("contexts_organisations", "professionalism")),
        ("Feedback from an occupational therapist on a joint visit about adaptations.",
         ("professionalism", "skills_interventions")),
        ("Feedback from a GP practice manager on a multi-disciplinary meeting.",
         ("contexts_organisations", "professional_leadership")),
        ("Feedback from a housing officer on planning a move to supported living.",
         ("rights_justice", "contexts_organisations")),
    ),
    Evidence.Kind.CRITICAL_REFLECTION: (
        ("Critical reflection on a person's right to take risks and their family's worries for "
         "their safety.", ("critical_reflection", "values_ethics", "rights_justice")),
        ("Critical reflection on how strengths-based practice changed my assessments.",
         ("critical_reflection", "knowledge", "professionalism")),
    ),
    Evidence.Kind.WRITTEN_REPORT: (
        ("Best interests assessment report, reviewed by the BIA lead.",
         ("knowledge", "rights_justice", "critical_reflection")),
        ("Report to a safeguarding adults review panel on learning from a case.",
         ("professional_leadership", "knowledge")),
    ),
}  # fmt: skip

#: What the person's development time went on, by pathway kind ("" for any other).
DEVELOPMENT_ACTIVITIES = {
    "asye": (
        "Study day: the Mental Capacity Act and best interests decisions",
        "ASYE learning set",
        "Reading and reflective log: strengths-based practice",
        "Shadowed an approved mental health professional",
        "Workshop: section 42 safeguarding enquiries",
        "Preparing for a direct observation with the assessor",
    ),
    "apprenticeship": (
        "University teaching day",
        "University teaching day",
        "Skills day at the university",
        "Assignment writing time",
    ),
    "amhp": ("AMHP refresher: Mental Health Act case law", "AMHP forum and training day"),
    "ot_preceptorship": (
        "Preceptorship learning set",
        "Moving and handling: specialist equipment",
        "Reading: housing adaptations guidance",
    ),
    "": ("Protected development time",),
}

#: Supervision in turn, and a line the supervisor wrote about it.
SUPERVISION_ROUND = (
    ("reflective", "Reflected on a complex safeguarding enquiry and what it stirred up."),
    ("case_management", "Caseload reviewed; two reviews brought forward."),
    ("reflective", "Talked through a person's right to make unwise decisions."),
    ("group", "Group supervision with the rest of the cohort."),
)

#: What was noted when a milestone was done ("" when nothing was).
MILESTONE_NOTES = {
    "support_agreement": "Support and assessment agreement signed; first PDP agreed.",
    "review_3m": "Three-month review held; PDP set for months three to six.",
    "review_6m": "Six-month review held with the critical reflection; PDP set to the end.",
    "final_review": "Final review held: the assessor recommends a pass.",
    "moderation_panel": "Portfolio moderated by the internal panel.",
    "skills_days": "All 30 skills days attended.",
    "first_learner": "First student placed for a 70-day placement.",
    "plan": "Progression plan agreed with the team manager.",
    "training_complete": "BIA training completed at the university.",
    "first_assessments": "First best interests assessments completed under supervision.",
    "year_1_training": "Eighteen hours of AMHP training logged for the year.",
    "year_2_training": "Eighteen hours of AMHP training logged for the year.",
    "agreement": "Preceptorship agreement signed with the preceptor.",
}

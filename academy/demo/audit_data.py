"""The demo academy's case file audits as readable tables: which teams audit and how many a
month, how their grades tend to fall, the audits the story needs (the worker's, the Inadequate
ones with their action plans and re-audits, this month's work in progress), and the words the
managers, practitioners and the PSW wrote.

Twelve months are audited: this month (partly done) and the eleven before it. Every other audit
is drawn with a seeded generator, so the same day always gives the same audits.
"""

from __future__ import annotations

from dataclasses import dataclass

from academy.audits.models import Grade, PracticeStandard
from academy.demo.data import Ref, Staff

#: Seed for the audits drawn: who, which day, which grade, which answers.
AUDIT_SEED = 1989
#: The seeded template the managers audit with (its current version).
TEMPLATE_KEY = "asc-case-file-audit"
#: This month and the months before it that have audits.
MONTHS = 12
#: A practitioner is audited once they have been in post this many days.
SETTLED_IN_DAYS = 30
#: Share (%) of audits the practitioner has acknowledged, by how many months ago they were done
#: (older ones: the last); and the share of those acknowledged that carry a reflection.
ACKNOWLEDGED_PERCENT = (0, 45, 90)
REFLECTION_PERCENT = 50
#: Share (%) of the moderated audits where the PSW agreed with the manager's grade.
AGREEMENT_PERCENT = 85
#: Job titles that hold cases without a professional registration.
CASE_HOLDING_TITLES = (
    "Community Care Officer",
    "Hospital Discharge Officer",
    "Rehabilitation Officer (Visual Impairment)",
    "Sensory Equipment Officer",
)

OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE = (
    Grade.OUTSTANDING,
    Grade.GOOD,
    Grade.REQUIRES_IMPROVEMENT,
    Grade.INADEQUATE,
)


# ---------------------------------------------------------------------------------------------
# The programme
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditedTeam:
    team: str  # a key of data.TEAMS
    quota: int | None = None  # the team's own quota per manager a month; None: the default
    #: How often a drawn audit is Outstanding, Good or Requires improvement (Inadequate ones
    #: are only those ``FIXED_AUDITS`` name).
    grades: tuple[int, int, int] = (15, 50, 35)
    #: A theme the team's audits often raise besides what the answers show.
    theme: str = ""


AUDITED_TEAMS = (
    AuditedTeam("north"),
    AuditedTeam("south", grades=(10, 45, 45)),
    AuditedTeam("hospital", grades=(5, 45, 50), theme="Partnership working"),
    AuditedTeam("mental_health", theme="Partnership working"),
    AuditedTeam("learning_disability", grades=(20, 50, 30), theme="Advocacy"),
    AuditedTeam("safeguarding", grades=(25, 50, 25)),
    AuditedTeam("transitions", quota=1, theme="Carers"),
    AuditedTeam("sensory", quota=1),
    AuditedTeam("ot", quota=1),
)
#: Teams whose quota the PSW set to none: they hold no case files of their own to audit.
NOT_AUDITED = ("reablement", "academy")
#: Audits a team did not do: (team, months ago, how many short of its quota).
MISSED = (("hospital", 1, 1),)


@dataclass(frozen=True)
class FixedAudit:
    """An audit the story needs, in its team's month (``months_ago`` 0 is this month). Fields
    left blank are drawn like any other audit's."""

    team: str
    months_ago: int
    grade: str = ""
    practitioner: Ref | None = None
    day: int = 0  # day of the month (this month: never after today)
    draft: bool = False  # still in progress
    acknowledged: bool | None = None
    reflection: bool = False
    reaudit_grade: str = ""  # an Inadequate audit's grade at its re-audit, once that is due
    overdue_action: bool = False  # an Inadequate audit's first action is still open past due
    override: tuple[str, str] = ("", "")  # the manager's grade and their reason
    #: The PSW allowed the case of the team's first audit this many months ago to be audited
    #: again, for this reason.
    repeat_of: tuple[int, str] = (0, "")


FIXED_AUDITS = (
    # The worker's: one acknowledged with a reflection, two waiting to be read.
    FixedAudit("north", 7, GOOD, "worker", acknowledged=True, reflection=True),
    FixedAudit("north", 1, REQUIRES_IMPROVEMENT, "worker", acknowledged=False),
    FixedAudit("north", 0, GOOD, "worker", day=1, acknowledged=False),
    # This month so far: the manager's team half done with a draft in progress.
    FixedAudit("north", 0, practitioner=Staff("north", "social_worker", 1), day=2, draft=True),
    FixedAudit("safeguarding", 0, day=1),
    FixedAudit("south", 0, day=2, draft=True),
    # Inadequate audits, each with its action plan and (once due) its re-audit.
    FixedAudit("hospital", 10, INADEQUATE, reaudit_grade=GOOD),
    FixedAudit("south", 8, INADEQUATE, reaudit_grade=REQUIRES_IMPROVEMENT),
    FixedAudit("learning_disability", 6, INADEQUATE, reaudit_grade=GOOD),
    FixedAudit("north", 5, INADEQUATE, Staff("north", "social_worker", 3), reaudit_grade=GOOD),
    FixedAudit("mental_health", 4, INADEQUATE, reaudit_grade=GOOD, overdue_action=True),
    FixedAudit("south", 1, INADEQUATE),
    # A grade the manager changed, with the reason.
    FixedAudit(
        "learning_disability", 3, REQUIRES_IMPROVEMENT,
        override=(GOOD, "The only gap was a carer's assessment the carer declined twice; the "
                        "rest of the work is good and well recorded."),
    ),
    # A case audited again within a year, with the PSW's permission.
    FixedAudit(
        "safeguarding", 2,
        repeat_of=(9, "A safeguarding adults review asked for the case to be looked at again."),
    ),
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# How answers fall for each grade
# ---------------------------------------------------------------------------------------------
#: The chance (%) of Yes, Partly and No for a question, by the grade the audit comes out at.
ANSWER_ODDS: dict[str, tuple[int, int, int]] = {
    OUTSTANDING: (90, 10, 0),
    GOOD: (60, 32, 8),
    REQUIRES_IMPROVEMENT: (35, 35, 30),
    INADEQUATE: (12, 33, 55),
}
#: The chance (%) that nothing gave reason to doubt capacity: the capacity questions are N/A.
CAPACITY_NOT_IN_DOUBT = 35

#: The learning theme each practice standard raises (the themes the academy keeps).
STANDARD_THEMES: dict[str, str] = {
    PracticeStandard.RECORDING: "Recording quality",
    PracticeStandard.STRENGTHS_BASED: "Strengths-based practice",
    PracticeStandard.VOICE: "Voice of the person",
    PracticeStandard.MENTAL_CAPACITY: "Mental capacity",
    PracticeStandard.SAFEGUARDING: "Safeguarding and risk",
    PracticeStandard.CARE_ACT: "Carers",
    PracticeStandard.OUTCOMES: "Reviews",
    PracticeStandard.OVERSIGHT: "Management oversight",
}


# ---------------------------------------------------------------------------------------------
# The words
# ---------------------------------------------------------------------------------------------
STRENGTHS: dict[str, str] = {
    PracticeStandard.RECORDING: "Clear, timely case notes with a chronology that tells the story.",
    PracticeStandard.STRENGTHS_BASED: "The assessment starts from the person's strengths and "
    "the people around them.",
    PracticeStandard.VOICE: "The person's own words run through the assessment and the plan.",
    PracticeStandard.MENTAL_CAPACITY: "A careful, decision-specific capacity assessment.",
    PracticeStandard.SAFEGUARDING: "Risks were spotted early and the person's wishes shaped "
    "the response.",
    PracticeStandard.CARE_ACT: "The eligibility decision is recorded clearly against the "
    "national criteria.",
    PracticeStandard.OUTCOMES: "Outcomes are specific and the review checked them.",
    PracticeStandard.OVERSIGHT: "Management decisions are recorded at each key point.",
}
AREAS_TO_DEVELOP: dict[str, str] = {
    PracticeStandard.RECORDING: "Bring case notes up to date within the expected time.",
    PracticeStandard.STRENGTHS_BASED: "Explore informal support and community options before "
    "formal services.",
    PracticeStandard.VOICE: "Record the person's view in their own words, and offer advocacy "
    "where they need it.",
    PracticeStandard.MENTAL_CAPACITY: "Where capacity is in doubt, complete and record a "
    "decision-specific assessment.",
    PracticeStandard.SAFEGUARDING: "Act on risks without delay and record the protection plan "
    "agreed with the person.",
    PracticeStandard.CARE_ACT: "Give the person a written record of their assessment and "
    "eligibility.",
    PracticeStandard.OUTCOMES: "Hold reviews on time and check the outcomes were met.",
    PracticeStandard.OVERSIGHT: "Record management oversight and the reasons for decisions.",
}
NOTHING_TO_DEVELOP = "Keep sharing this practice: it is a model for the team."
#: The auditor's comment on a question answered No, by its practice standard.
COMMENTS: dict[str, str] = {
    PracticeStandard.RECORDING: "Several visits have no case note.",
    PracticeStandard.STRENGTHS_BASED: "The plan moves straight to a commissioned service.",
    PracticeStandard.VOICE: "The person's view is summarised, not recorded.",
    PracticeStandard.MENTAL_CAPACITY: "Capacity was in doubt but no assessment is recorded.",
    PracticeStandard.SAFEGUARDING: "A concern raised by the provider was not followed up.",
    PracticeStandard.CARE_ACT: "No eligibility decision on file.",
    PracticeStandard.OUTCOMES: "The review is four months overdue.",
    PracticeStandard.OVERSIGHT: "No management decision recorded on the change of plan.",
}
#: Practitioners' reflections, in turn.
REFLECTIONS = (
    "Useful to see the case through someone else's eyes. I have started writing the person's "
    "own words into my assessments.",
    "I agree about the review dates slipping. I now book the review when I write the plan.",
    "I had not recorded why I did not offer advocacy. I have added it and will think about it "
    "at the start next time.",
    "Reassuring to hear what went well. I will share the approach to the carer's assessment "
    "in the team meeting.",
)
#: Each Inadequate audit's action plan, in turn: (what, who owns it, days after the audit due).
ACTION_PLANS = (
    (
        ("Complete and record a decision-specific mental capacity assessment for the decision "
         "about where the person lives.", "practitioner", 14),
        ("Go through the case in supervision and record the management decision on next steps.",
         "manager", 28),
    ),
    (
        ("Review the risks with the person and record the protection plan agreed with them.",
         "practitioner", 10),
        ("Check the team's open safeguarding concerns for any not followed up.", "manager", 30),
    ),
    (
        ("Hold the overdue review and record whether the outcomes were met.", "practitioner",
         21),
        ("Add the case to the team's review tracker and check it at the next team meeting.",
         "manager", 35),
    ),
)  # fmt: skip
#: The PSW's notes where a re-grade differed from the manager's grade.
MODERATION_NOTES = {
    "kinder": "The work is stronger than the grade suggests: the person's voice is clear "
    "throughout.",
    "harsher": "The capacity assessment is not decision-specific, so the grade should be lower.",
}

# ---------------------------------------------------------------------------------------------
# The learning bulletin for last quarter (never naming a worker)
# ---------------------------------------------------------------------------------------------
#: How many of the quarter's most frequent themes the bulletin is tagged with.
BULLETIN_THEMES = 3
BULLETIN_TITLE = "Learning from case file audits, {start:%B} to {end:%B %Y}"
BULLETIN_WENT_WELL = (
    "Across the teams, assessments increasingly start from what people can do and the support "
    "around them, and more records now carry the person's own words. Carers were offered their "
    "own assessment in most of the cases we looked at, and several audits praised clear "
    "chronologies that made the story of the case easy to follow."
)
BULLETIN_TO_IMPROVE = (
    "The themes that came up most often this quarter were {themes}. Where capacity is in "
    "doubt, record a decision-specific assessment every time. Book reviews when the plan is "
    "written, and record management decisions and their reasons at each key point. The "
    "academy is running workshops on recording and on the Mental Capacity Act: look for them "
    "in the training catalogue."
)

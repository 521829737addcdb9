"""The standard pathway templates and the PCF domains, as data (DOMAIN.md's defaults).

Loaded by a data migration into every installation; the PSW copies and edits them from there.
Nothing else reads this module, so changing it changes only new installations.
"""

from __future__ import annotations

from typing import Any

PCF_DOMAINS = [
    ("professionalism", "Professionalism"),
    ("values_ethics", "Values and Ethics"),
    ("diversity_equality", "Diversity and Equality"),
    ("rights_justice", "Rights, Justice and Economic Wellbeing"),
    ("knowledge", "Knowledge"),
    ("critical_reflection", "Critical Reflection and Analysis"),
    ("skills_interventions", "Skills and Interventions"),
    ("contexts_organisations", "Contexts and Organisations"),
    ("professional_leadership", "Professional Leadership"),
]

# Skills for Care's supervision minimum for the ASYE: weekly for the first six weeks, fortnightly
# to six months, monthly to the end.
ASYE_SUPERVISION = [
    {"every": {"days": 7}, "until": {"days": 42}},
    {"every": {"days": 14}, "until": {"months": 6}},
    {"every": {"months": 1}},
]
MONTHLY_SUPERVISION = [{"every": {"months": 1}}]


def _m(
    key: str,
    title: str,
    months: int,
    *,
    days: int = 0,
    optional: bool = False,
    extension: bool = False,
    evidence: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "offset_months": months,
        "offset_days": days,
        "optional": optional,
        "moves_with_extension": extension,
        "evidence_needed": list(evidence),
    }


TEMPLATES: list[dict[str, Any]] = [
    {
        "key": "asye-adults",
        "name": "ASYE (adults)",
        "kind": "asye",
        "description": "The Assessed and Supported Year in Employment for newly qualified social "
        "workers in adult services (Skills for Care).",
        "duration_months": 12,
        "pass_fail": True,
        "pcf_level_on_pass": "social_worker",
        "supervision_schedule": ASYE_SUPERVISION,
        "development_rule": {"kind": "percent_of_hours", "percent": 10},
        "reduced_workload_percent": 90,
        "evidence_minimums": {
            "direct_observation": 3,
            "person_feedback": 3,
            "professional_feedback": 3,
        },
        "evidence_deadline_key": "final_review",
        "eligibility_checks": [
            {"check": "registered_before_start"},
            {"check": "qualified_within", "eligible_months": 24, "confirm_months": 48},
        ],
        "milestones": [
            _m("support_agreement", "Support and assessment agreement and first PDP", 1),
            _m("review_3m", "Interim review (3 months)", 3),
            _m("review_6m", "Interim review (6 months)", 6, evidence=("critical_reflection",)),
            _m("review_9m", "Interim review (9 months)", 9, optional=True),
            _m(
                "final_review",
                "Final review and recommendation",
                12,
                extension=True,
                evidence=("critical_reflection",),
            ),
            _m("moderation_panel", "Moderation panel", 13, extension=True),
        ],
    },
    {
        "key": "sw-degree-apprenticeship",
        "name": "Social work degree apprenticeship",
        "kind": "apprenticeship",
        "description": "The integrated social work degree apprenticeship: 200 days of practice "
        "learning (30 skills days, a 70-day first placement and a 100-day final placement), then "
        "the gateway and the end-point assessment.",
        "duration_months": 36,
        "pass_fail": True,
        "pcf_level_on_pass": "asye",
        "supervision_schedule": MONTHLY_SUPERVISION,
        # Off-the-job training by apprenticeship start date; the last band's minimum hours are
        # the standard's published figure, entered by the PSW.
        "development_rule": {
            "kind": "by_start_date",
            "bands": [
                {"before": "2022-08-01", "kind": "percent_of_hours", "percent": 20},
                {"before": "2025-08-01", "kind": "hours_per_week", "hours": 6},
                {"kind": "total_hours", "hours": 1100},
            ],
        },
        "evidence_minimums": {},
        "evidence_deadline_key": "",
        "eligibility_checks": [],
        "milestones": [
            _m("skills_days", "30 skills days complete", 6),
            _m("first_placement", "First placement (70 days) complete", 15),
            _m("final_placement", "Final placement (100 days) complete", 30),
            _m("gateway", "Gateway to end-point assessment", 33, extension=True),
            _m("epa_outcome", "End-point assessment outcome", 36, extension=True),
        ],
    },
    {
        "key": "practice-educator-1",
        "name": "Practice Educator stage 1",
        "kind": "practice_educator_1",
        "description": "Practice Educator Professional Standards stage 1: supporting a student.",
        "duration_months": 12,
        "pass_fail": True,
        "supervision_schedule": MONTHLY_SUPERVISION,
        "development_rule": {},
        "evidence_minimums": {"direct_observation": 2},
        "evidence_deadline_key": "portfolio",
        "eligibility_checks": [{"check": "months_since_qualifying", "minimum": 24}],
        "milestones": [
            _m("first_learner", "First learner (a student) placed", 3),
            _m("portfolio", "Portfolio submitted", 11, extension=True),
            _m("panel", "Panel decision", 12, extension=True),
        ],
    },
    {
        "key": "practice-educator-2",
        "name": "Practice Educator stage 2",
        "kind": "practice_educator_2",
        "description": "Practice Educator Professional Standards stage 2: at least two learners, "
        "the first a student.",
        "duration_months": 18,
        "pass_fail": True,
        "supervision_schedule": MONTHLY_SUPERVISION,
        "development_rule": {},
        "evidence_minimums": {"direct_observation": 3},
        "evidence_deadline_key": "portfolio",
        "eligibility_checks": [
            {
                "check": "completed_pathway",
                "kind": "practice_educator_1",
                "label": "Practice Educator stage 1",
            },
            {"check": "months_since_qualifying", "minimum": 36},
        ],
        "milestones": [
            _m("first_learner", "First learner (a student) placed", 3),
            _m("second_learner", "Second learner placed", 9),
            _m("portfolio", "Portfolio submitted", 17, extension=True),
            _m("panel", "Panel decision", 18, extension=True),
        ],
    },
    {
        "key": "bia",
        "name": "Best Interests Assessor",
        "kind": "bia",
        "description": "BIA training and first year of practice; stays active with BIA-relevant "
        "training in the previous 12 months.",
        "duration_months": 12,
        "pass_fail": True,
        "supervision_schedule": MONTHLY_SUPERVISION,
        "development_rule": {},
        "evidence_minimums": {"written_report": 2},
        "evidence_deadline_key": "first_year_review",
        "eligibility_checks": [{"check": "months_since_registration", "minimum": 24}],
        "milestones": [
            _m("training_complete", "BIA training complete", 4),
            _m("first_assessments", "First assessments supervised", 8),
            _m("first_year_review", "First-year review", 12, extension=True),
        ],
    },
    {
        "key": "amhp",
        "name": "Approved Mental Health Professional",
        "kind": "amhp",
        "description": "AMHP approval: at least 18 hours of relevant training each approval year; "
        "re-approval every 5 years.",
        "duration_months": 60,
        "pass_fail": False,
        "supervision_schedule": MONTHLY_SUPERVISION,
        "development_rule": {"kind": "total_hours", "hours": 90},
        "evidence_minimums": {},
        "evidence_deadline_key": "",
        "eligibility_checks": [],
        "milestones": [
            _m("year_1_training", "18 hours of training (year 1)", 12),
            _m("year_2_training", "18 hours of training (year 2)", 24),
            _m("year_3_training", "18 hours of training (year 3)", 36),
            _m("year_4_training", "18 hours of training (year 4)", 48),
            _m("reapproval", "Re-approval", 60, extension=True),
        ],
    },
    {
        "key": "ot-preceptorship",
        "name": "OT preceptorship",
        "kind": "ot_preceptorship",
        "description": "Twelve months of preceptorship for newly registered occupational "
        "therapists; not pass or fail.",
        "duration_months": 12,
        "pass_fail": False,
        "supervision_schedule": MONTHLY_SUPERVISION,
        "development_rule": {"kind": "percent_of_hours", "percent": 10},
        "evidence_minimums": {},
        "evidence_deadline_key": "",
        "eligibility_checks": [],
        "milestones": [
            _m("agreement", "Preceptorship agreement", 1),
            _m("review_6m", "Six-month review", 6),
            _m("completion", "Completion review", 12, extension=True),
        ],
    },
    {
        "key": "career-progression",
        "name": "Career progression",
        "kind": "career_progression",
        "description": "Social Worker → Experienced → Advanced: a progression panel with a "
        "reflective account.",
        "duration_months": 12,
        "pass_fail": True,
        "pcf_level_on_pass": "experienced",
        "supervision_schedule": MONTHLY_SUPERVISION,
        "development_rule": {},
        "evidence_minimums": {"critical_reflection": 1, "professional_feedback": 2},
        "evidence_deadline_key": "reflective_account",
        "eligibility_checks": [],
        "milestones": [
            _m("plan", "Progression plan agreed", 1),
            _m("reflective_account", "Reflective account submitted", 10, extension=True),
            _m("panel", "Progression panel", 12, extension=True),
        ],
    },
]

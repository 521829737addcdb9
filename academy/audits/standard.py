"""The seeded adult social care case file audit and the starting list of learning themes, as
data (loaded by a migration; the PSW revises them from there)."""

from __future__ import annotations

from typing import Any

SCALE = {"yes": 1, "partly": 0.5, "no": 0}
BANDS = [
    {"grade": "outstanding", "min": 85},
    {"grade": "good", "min": 65},
    {"grade": "requires_improvement", "min": 40},
    {"grade": "inadequate", "min": 0},
]


def _q(
    text: str,
    standard: str,
    cqc: str,
    *,
    guidance: str = "",
    weight: float = 1,
    limiting: bool = False,
) -> dict[str, Any]:
    return {
        "text": text,
        "guidance": guidance,
        "practice_standard": standard,
        "cqc_statement": cqc,
        "weight": weight,
        "limiting": limiting,
    }


TEMPLATE: dict[str, Any] = {
    "key": "asc-case-file-audit",
    "name": "Adult social care case file audit",
    "description": "The academy's monthly case file audit for adult social care practice.",
    "answer_scores": SCALE,
    "grade_bands": BANDS,
    "limiting_cap": "requires_improvement",
    "reaudit_months": 3,
    "sections": [
        {
            "title": "Recording",
            "questions": [
                _q(
                    "Is the record up to date, with case notes written within the expected time?",
                    "recording",
                    "governance",
                ),
                _q(
                    "Is the chronology clear and does it show the key events and decisions?",
                    "recording",
                    "governance",
                ),
                _q(
                    "Is the record written respectfully, in plain language the person could read?",
                    "recording",
                    "equity",
                ),
            ],
        },
        {
            "title": "Strengths-based assessment",
            "questions": [
                _q(
                    "Does the assessment start from the person's strengths, networks and community assets?",
                    "strengths_based",
                    "assessing_needs",
                    weight=1.5,
                ),
                _q(
                    "Were informal support and community options explored before formal services?",
                    "strengths_based",
                    "partnerships",
                ),
            ],
        },
        {
            "title": "The person's voice",
            "questions": [
                _q(
                    "Is the person's own view of their situation and outcomes recorded in their words?",
                    "voice",
                    "assessing_needs",
                    weight=1.5,
                ),
                _q(
                    "Were carers' views sought and a carer's assessment offered where relevant?",
                    "voice",
                    "assessing_needs",
                ),
                _q(
                    "Was independent advocacy considered where the person had substantial difficulty?",
                    "voice",
                    "equity",
                ),
            ],
        },
        {
            "title": "Mental Capacity Act",
            "questions": [
                _q(
                    "Where capacity was in doubt, was a decision-specific Mental Capacity Assessment completed and recorded?",
                    "mental_capacity",
                    "safe_systems",
                    limiting=True,
                    guidance="Answer N/A only if nothing gave reason to doubt capacity for a decision.",
                ),
                _q(
                    "Were best-interests decisions made and recorded in line with the Act?",
                    "mental_capacity",
                    "safe_systems",
                ),
            ],
        },
        {
            "title": "Safeguarding",
            "questions": [
                _q(
                    "Were risks and safeguarding concerns identified, and acted on without delay?",
                    "safeguarding",
                    "safeguarding",
                    limiting=True,
                    weight=2,
                ),
                _q(
                    "Is making safeguarding personal evident: the person's wishes shape the response?",
                    "safeguarding",
                    "safeguarding",
                ),
            ],
        },
        {
            "title": "Care Act eligibility",
            "questions": [
                _q(
                    "Is the eligibility decision recorded against the national eligibility criteria?",
                    "care_act",
                    "assessing_needs",
                ),
                _q(
                    "Was the person given a written record of their assessment and eligibility?",
                    "care_act",
                    "assessing_needs",
                ),
            ],
        },
        {
            "title": "Outcomes and review",
            "questions": [
                _q(
                    "Does the support plan say what outcomes the person wants and how they will be met?",
                    "outcomes",
                    "care_provision",
                ),
                _q(
                    "Was a review held on time, checking the outcomes were met?",
                    "outcomes",
                    "care_provision",
                ),
            ],
        },
        {
            "title": "Management oversight",
            "questions": [
                _q(
                    "Is management oversight and decision-making recorded at key points?",
                    "oversight",
                    "governance",
                ),
                _q(
                    "Does supervision recorded on the case show reflection and clear next steps?",
                    "oversight",
                    "learning",
                ),
            ],
        },
    ],
}

THEMES = [
    ("Strengths-based practice", "Starting from what people can do and who they have."),
    ("Voice of the person", "The person's own words and wishes recorded and followed."),
    ("Mental capacity", "Assessments and best-interests decisions under the Mental Capacity Act."),
    ("Safeguarding and risk", "Recognising and responding to risk, making safeguarding personal."),
    ("Carers", "Identifying carers and offering assessment and support."),
    ("Recording quality", "Timely, clear and respectful records."),
    ("Management oversight", "Decisions, supervision and grip recorded on the case."),
    ("Reviews", "Reviews held on time and outcomes checked."),
    ("Advocacy", "Independent advocacy considered and arranged."),
    ("Partnership working", "Working with health and community partners."),
]

"""The kinds of report: what each needs (its parameters), the formats it comes in, and whether
the caller's roles give it to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.pathways.models import Cohort
from academy.people import selectors as people_selectors
from academy.people.permissions import Viewer, viewer_for
from academy.reports.compilers import COMPILERS
from academy.reports.models import Format, Kind
from academy.reports.permissions import may_request, requestable
from api.reports.shapes import ReportKindOut


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool
    description: str
    default: Any = None


#: What each kind reads from ``parameters`` (the compilers' ``clean`` is the rule; a test holds
#: these descriptions to it).
PARAMETERS: dict[str, list[Parameter]] = {
    Kind.COHORT_PROGRESSION: [
        Parameter("cohort", "integer", True, "A cohort (its id), as /api/v1/cohorts/ lists."),
    ],
    Kind.ACADEMY_OVERVIEW: [],
    Kind.TRAINING_COMPLIANCE: [
        Parameter(
            "team",
            "integer",
            False,
            "A team (its id); left out, the whole academy. A team manager names a team they "
            "manage.",
        ),
    ],
    Kind.AUDIT_SUMMARY: [
        Parameter("period", "string", False, "month or quarter.", "month"),
        Parameter(
            "start",
            "string",
            False,
            "The first month, as YYYY-MM; a quarter starts in January, April, July or October. "
            "Left out, the last whole month or quarter before the report compiles (a schedule "
            "then reports a new period each time).",
        ),
    ],
    Kind.CPD_READINESS: [],
    Kind.CQC_EVIDENCE: [
        Parameter("months", "integer", False, "Months to cover, ending this month (1 to 36).", 12),
    ],
}

PERIODS = [{"value": "month", "label": "A month"}, {"value": "quarter", "label": "A quarter"}]


class ReportKindList(APIView):
    """Every kind of report, with its parameters and formats, and whether the caller may ask for
    it. Where a parameter takes one of a short list (a cohort, a team, a period), the list is
    the values the caller may send."""

    @extend_schema(responses={200: ReportKindOut(many=True)})
    def get(self, request: Request) -> Response:
        viewer = viewer_for(request.user)
        allowed = {kind: requestable(viewer, kind) for kind in COMPILERS}
        choices = _choices(viewer, allowed)
        labels = dict(Format.choices)
        kinds = [
            {
                "kind": kind,
                "name": Kind(kind).label,
                "formats": [{"format": value, "name": labels[value]} for value in compiler.formats],
                "parameters": [
                    {
                        "name": parameter.name,
                        "type": parameter.type,
                        "required": parameter.required,
                        "default": parameter.default,
                        "description": parameter.description,
                        "choices": choices.get(parameter.name) if allowed[kind] else None,
                    }
                    for parameter in PARAMETERS[kind]
                ],
                "may_request": allowed[kind],
            }
            for kind, compiler in COMPILERS.items()
        ]
        return Response(ReportKindOut(kinds, many=True).data)


def _choices(viewer: Viewer, allowed: dict[str, bool]) -> dict[str, list[dict[str, Any]]]:
    """The cohorts and teams the caller may name (one query each, only when they may)."""
    choices: dict[str, list[dict[str, Any]]] = {"period": PERIODS}
    if allowed[Kind.COHORT_PROGRESSION]:
        cohorts = Cohort.objects.order_by("-start_date", "id").values_list("id", "name")
        choices["cohort"] = [{"value": pk, "label": name} for pk, name in cohorts]
    if allowed[Kind.TRAINING_COMPLIANCE]:
        teams = people_selectors.teams_list()
        if not may_request(viewer, Kind.TRAINING_COMPLIANCE, {}):
            teams = teams.filter(pk__in=viewer.managed_team_ids)
        choices["team"] = [{"value": team.pk, "label": team.name} for team in teams]
    return choices

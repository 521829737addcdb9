"""The team audit dashboard (managers, the PSW and DASS) and My audits (the practitioner's
own)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from academy.audits import rules, selectors
from academy.audits.models import CaseAudit, Grade
from academy.audits.permissions import leads_audits, sees_all_audits
from academy.common.dates import add_months, today
from academy.people import selectors as people_selectors
from academy.people.models import Team
from academy.people.permissions import Viewer, viewer_for
from web.charts import bar_chart
from web.forms import AuditFilterForm
from web.paging import keyset_page
from web.views.audits import charts
from web.views.audits.common import oversees
from web.views.base import section

#: The months the dashboards look back over, this one included.
TREND_MONTHS = 12
LIST_ORDER = ("audit_date", "id")
#: Charts drawn side by side, in half the page: narrower, so their text stays legible.
HALF_WIDTH = {"width": 460, "label_width": 190}


def _teams(viewer: Viewer) -> QuerySet[Team]:
    teams = people_selectors.teams_list().filter(active=True)
    return teams if sees_all_audits(viewer) else teams.filter(pk__in=viewer.managed_team_ids)


def _year_start(as_of: dt.date) -> dt.date:
    return add_months(rules.month_start(as_of), -(TREND_MONTHS - 1))


# ---------------------------------------------------------------------------------------------
# The team dashboard
# ---------------------------------------------------------------------------------------------
@login_required
@section("audits")
@require_safe
def team_dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not oversees(viewer):
        raise PermissionDenied
    teams = list(_teams(viewer))
    form = AuditFilterForm(request.GET, teams=_teams(viewer))
    form.is_valid()
    data = form.cleaned_data
    chosen = [data["team"]] if data.get("team") else teams
    team_ids = [team.pk for team in chosen]
    as_of = today()
    month = rules.month_start(as_of)
    programme = selectors.programme(team_ids=team_ids, month=month, as_of=as_of)
    audits = selectors.audit_list(viewer=viewer).filter(team_id__in=team_ids)
    summary = selectors.period_summary(audits, start=_year_start(as_of), end=as_of)
    trend = selectors.monthly_trend(audits, months=TREND_MONTHS, as_of=as_of)
    listed = audits
    if data.get("status"):
        listed = listed.filter(status=data["status"])
    if data.get("grade"):
        listed = listed.filter(grade=data["grade"])
    page = keyset_page(listed, fields=LIST_ORDER, query=request.GET, size=25, descending=True)
    totals = {
        name: sum(getattr(programme[pk], name) for pk in team_ids)
        for name in ("quota", "submitted", "in_progress", "due", "overdue")
    }
    return render(
        request,
        "web/audits/dashboard.html",
        {
            "form": form,
            "month": month,
            "totals": totals,
            "programme": [(team, programme[team.pk]) for team in chosen],
            "trend_chart": charts.grade_chart(
                "Audits submitted each month, by grade",
                [charts.GradeRow(charts.month_label(m), counts) for m, counts in trend],
                label_heading="Month",
            ),
            "grade_chart": bar_chart(
                f"Grades in the last {TREND_MONTHS} months",
                [(label, summary.grades.get(grade, 0)) for grade, label in Grade.choices],
                label_heading="Grade",
                value_heading="Audits",
                **HALF_WIDTH,
            ),
            "theme_chart": bar_chart(
                f"Learning themes in the last {TREND_MONTHS} months",
                list(summary.themes.items()),
                label_heading="Theme",
                value_heading="Audits",
                **HALF_WIDTH,
            ),
            "page": page,
            "can_record": bool(viewer.managed_team_ids),
            "leads": leads_audits(viewer),
            "sees_all": sees_all_audits(viewer),
        },
    )


# ---------------------------------------------------------------------------------------------
# My audits
# ---------------------------------------------------------------------------------------------
@login_required
@section("my-audits")
@require_safe
def my_audits(request: HttpRequest) -> HttpResponse:
    """The practitioner's own submitted audits: those waiting to be acknowledged first, then
    the rest, latest first."""
    viewer = viewer_for(request.user)
    mine = selectors.audit_list(
        viewer=viewer, practitioner_id=viewer.person_id or 0, status=CaseAudit.Status.SUBMITTED
    )
    pending = list(mine.filter(acknowledged_at__isnull=True).order_by("-audit_date", "-id"))
    page = keyset_page(
        mine.filter(acknowledged_at__isnull=False),
        fields=LIST_ORDER,
        query=request.GET,
        size=25,
        descending=True,
    )
    return render(request, "web/audits/my_audits.html", {"pending": pending, "page": page})

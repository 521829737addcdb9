"""Each person's home page, by the widest scope they hold."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from academy.audits import selectors as audit_selectors
from academy.audits.models import LearningBulletin
from academy.notifications.selectors import inbox
from academy.people import selectors
from academy.people.models import Organisation, Person, Role, Team
from academy.people.permissions import Viewer, viewer_for
from academy.people.rules import Outlook
from web.charts import bar_chart
from web.views.base import section
from web.views.pathways.overviews import at_a_glance

#: A partner coordinator's home lists this many of their people; the directory has the rest.
ORGANISATION_HOME_PEOPLE = 50


@login_required
@section("home")
def home(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    builders = {
        Outlook.ACADEMY: _academy,
        Outlook.TEAM: _team,
        Outlook.ORGANISATION: _organisation,
        Outlook.SELF: _self,
    }
    template, context = builders[viewer.outlook](viewer)
    context["latest_bulletin"] = _latest_bulletin()
    return render(request, template, context)


def _latest_bulletin() -> LearningBulletin | None:
    """The latest published learning bulletin, which every home page points to (one query,
    its themes left out)."""
    published = audit_selectors.bulletins().prefetch_related(None)
    return published.order_by("-period_end", "-id").first()


def _academy(viewer: Viewer) -> tuple[str, dict[str, Any]]:
    """The academy at a glance: who is in it, from where, at what level."""
    people = selectors.people_visible_to(viewer)
    counts = selectors.academy_headcounts(people)
    by_organisation = counts["organisation"]
    host_ids = set(Organisation.objects.filter(hosts_academy=True).values_list("id", flat=True))
    return "web/home/academy.html", {
        "total": sum(t.count for t in by_organisation),
        "partner_total": sum(t.count for t in by_organisation if int(t.key) not in host_ids),
        "team_total": Team.objects.filter(active=True).count(),
        "organisation_total": len(by_organisation),
        "charts": [
            bar_chart(
                "People by organisation",
                [(t.label, t.count) for t in by_organisation],
                label_heading="Organisation",
                value_heading="People",
            ),
            bar_chart(
                "Social workers by PCF level",
                [(t.label, t.count) for t in counts["pcf_level"] if t.key],
                label_heading="PCF level",
                value_heading="People",
            ),
            bar_chart(
                "People by role",
                [(t.label, t.count) for t in counts["role"] if t.key != Role.LEARNER],
                label_heading="Role",
                value_heading="People",
            ),
        ],
        "can_manage_people": viewer.manages_people,
        **at_a_glance(viewer),
    }


def _team(viewer: Viewer) -> tuple[str, dict[str, Any]]:
    """A team manager's teams and their members."""
    teams = list(Team.objects.filter(pk__in=viewer.managed_team_ids).order_by("name"))
    members = list(selectors.team_members(team_ids=viewer.managed_team_ids))
    by_team: dict[int, list[Person]] = {team.pk: [] for team in teams}
    for person in members:
        if person.team_id is not None:
            by_team.setdefault(person.team_id, []).append(person)
    levels: dict[str, int] = {}
    for person in members:
        label = person.get_pcf_level_display() or "Not a social worker"
        levels[label] = levels.get(label, 0) + 1
    return "web/home/team.html", {
        "teams": [(team, by_team.get(team.pk, [])) for team in teams],
        "member_total": len(members),
        "chart": bar_chart(
            "Your teams by PCF level",
            sorted(levels.items()),
            label_heading="PCF level",
            value_heading="People",
        ),
    }


def _organisation(viewer: Viewer) -> tuple[str, dict[str, Any]]:
    """A partner coordinator's organisation(s) and their people learning with the academy."""
    organisations = list(
        Organisation.objects.filter(pk__in=viewer.coordinated_organisation_ids).order_by("name")
    )
    people = selectors.with_roles(
        Person.objects.filter(organisation_id__in=viewer.coordinated_organisation_ids, active=True)
    ).order_by("last_name", "first_name", "id")
    shown = list(people[: ORGANISATION_HOME_PEOPLE + 1])
    return "web/home/organisation.html", {
        "organisations": organisations,
        "people": shown[:ORGANISATION_HOME_PEOPLE],
        "more": len(shown) > ORGANISATION_HOME_PEOPLE,
    }


def _self(viewer: Viewer) -> tuple[str, dict[str, Any]]:
    """Staff: their record, who manages their team, and what the academy sent them lately."""
    person = None
    managers: list[Person] = []
    if viewer.person_id is not None:
        person = selectors.with_roles(Person.objects.filter(pk=viewer.person_id)).first()
    if person is not None and person.team_id is not None:
        managers = list(
            Person.objects.filter(
                roles__role=Role.TEAM_MANAGER, roles__team_id=person.team_id, active=True
            ).order_by("last_name", "first_name")
        )
    return "web/home/self.html", {
        "person": person,
        "managers": managers,
        "recent": list(inbox(person_id=viewer.person_id)[:5]),
    }

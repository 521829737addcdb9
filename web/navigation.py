"""The service navigation, by what the signed-in person may do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse

from academy.audits.models import CaseAudit
from academy.audits.permissions import sees_all_audits
from academy.notifications.models import Notification
from academy.pathways.models import Enrolment
from academy.pathways.permissions import sees_all_pathways
from academy.people.models import Person, Role
from academy.people.permissions import Viewer
from academy.people.rules import Outlook
from academy.reports.permissions import requests_some_report
from academy.training.permissions import coordinates, sees_all_training


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    section: str
    current: bool = False
    badge: int = 0


HOME_TEXT = {
    Outlook.ACADEMY: "Academy",
    Outlook.TEAM: "My team",
    Outlook.ORGANISATION: "My organisation",
    Outlook.SELF: "My summary",
}


#: Roles that hold people on a pathway, and get the "Assessing" item.
HOLDING_ROLES = frozenset({Role.ASSESSOR, Role.SUPERVISOR})


class NavigationCounts(NamedTuple):
    """What the navigation needs to know about the person, read in one query; each field is a
    keyword of ``navigation_for``."""

    unread: int = 0
    on_pathway: bool = False
    has_audits: bool = False


def navigation_counts(person_id: int | None) -> NavigationCounts:
    """Unread notifications (as ``notifications.selectors.unread_count`` counts them), whether
    the person has ever been on a pathway and whether any audit of their work has been
    submitted, in one query."""
    if person_id is None:
        return NavigationCounts()
    unread = (
        Notification.objects.filter(
            recipient_id=OuterRef("pk"),
            status=Notification.Status.SENT,
            read_at__isnull=True,
        )
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    row = (
        Person.objects.filter(pk=person_id)
        .values_list(
            Coalesce(Subquery(unread), 0),
            Exists(Enrolment.objects.filter(person_id=OuterRef("pk"))),
            Exists(
                CaseAudit.objects.filter(
                    practitioner_id=OuterRef("pk"), status=CaseAudit.Status.SUBMITTED
                )
            ),
        )
        .first()
    )
    if row is None:
        return NavigationCounts()
    return NavigationCounts(row[0], bool(row[1]), bool(row[2]))


def navigation_for(
    request: HttpRequest,
    viewer: Viewer,
    *,
    unread: int,
    on_pathway: bool = False,
    has_audits: bool = False,
) -> list[NavItem]:
    section = getattr(request, "section", "")
    items = [NavItem(HOME_TEXT[viewer.outlook], reverse("web:home"), "home")]
    if viewer.outlook is not Outlook.SELF:
        items.append(NavItem("People", reverse("web:people"), "people"))
    if sees_all_pathways(viewer):
        items.append(NavItem("Cohorts", reverse("web:cohorts"), "cohorts"))
        items.append(NavItem("Pathways", reverse("web:pathway-templates"), "pathways"))
    if viewer.roles & HOLDING_ROLES:
        items.append(NavItem("Assessing", reverse("web:assessing"), "assessing"))
    if on_pathway:
        items.append(NavItem("My pathway", reverse("web:my-pathway"), "my-pathway"))
    # Training: the catalogue and one's learning for everyone; the compliance matrix for
    # managers and leads; the sessions' administration for training coordinators.
    items.append(NavItem("Training", reverse("web:catalogue"), "training"))
    if sees_all_training(viewer) or viewer.managed_team_ids or viewer.coordinated_organisation_ids:
        items.append(NavItem("Compliance", reverse("web:team-compliance"), "compliance"))
    if coordinates(viewer):
        items.append(NavItem("Training admin", reverse("web:training-admin"), "training-admin"))
    # Case file audits: the team dashboard for managers, the PSW and DASS; the practitioner's
    # own audits once one has been submitted.
    if viewer.managed_team_ids or sees_all_audits(viewer):
        items.append(NavItem("Audits", reverse("web:audits"), "audits"))
    if has_audits:
        items.append(NavItem("My audits", reverse("web:my-audits"), "my-audits"))
    # Reports: for every role that may ask for one (leads, coordinators, team managers).
    if requests_some_report.test(request.user):
        items.append(NavItem("Reports", reverse("web:reports"), "reports"))
    if viewer.person_id is not None:
        items.append(NavItem("My details", reverse("web:person", args=[viewer.person_id]), "me"))
        items.append(
            NavItem("Notifications", reverse("web:notifications"), "notifications", badge=unread)
        )
    return [
        NavItem(item.text, item.href, item.section, item.section == section, item.badge)
        for item in items
    ]

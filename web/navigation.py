"""The service navigation, by what the signed-in person may do."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse

from academy.notifications.models import Notification
from academy.pathways.models import Enrolment
from academy.pathways.permissions import sees_all_pathways
from academy.people.models import Person, Role
from academy.people.permissions import Viewer
from academy.people.rules import Outlook


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


def navigation_counts(person_id: int | None) -> tuple[int, bool]:
    """Unread notifications (as ``notifications.selectors.unread_count`` counts them) and whether
    the person has ever been on a pathway, in one query."""
    if person_id is None:
        return 0, False
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
        )
        .first()
    )
    return (row[0], bool(row[1])) if row else (0, False)


def navigation_for(
    request: HttpRequest, viewer: Viewer, *, unread: int, on_pathway: bool = False
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
    if viewer.person_id is not None:
        items.append(NavItem("My details", reverse("web:person", args=[viewer.person_id]), "me"))
        items.append(
            NavItem("Notifications", reverse("web:notifications"), "notifications", badge=unread)
        )
    return [
        NavItem(item.text, item.href, item.section, item.section == section, item.badge)
        for item in items
    ]

"""The service navigation, by what the signed-in person may do."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

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


def navigation_for(request: HttpRequest, viewer: Viewer, *, unread: int) -> list[NavItem]:
    section = getattr(request, "section", "")
    items = [NavItem(HOME_TEXT[viewer.outlook], reverse("web:home"), "home")]
    if viewer.outlook is not Outlook.SELF:
        items.append(NavItem("People", reverse("web:people"), "people"))
    if viewer.person_id is not None:
        items.append(NavItem("My details", reverse("web:person", args=[viewer.person_id]), "me"))
        items.append(
            NavItem("Notifications", reverse("web:notifications"), "notifications", badge=unread)
        )
    return [
        NavItem(item.text, item.href, item.section, item.section == section, item.badge)
        for item in items
    ]

"""Pure rules about roles and scope: no ORM, no request."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from academy.people.models import PcfLevel, Role

#: Roles that see the whole academy (read). Change-rights are separate (see ``MANAGES_PEOPLE``).
ACADEMY_WIDE_ROLES = frozenset({Role.PSW, Role.DASS, Role.TRAINING_COORDINATOR, Role.PRINCIPAL_OT})
#: Roles that may create and update people records.
MANAGES_PEOPLE = frozenset({Role.PSW})
TEAM_SCOPED_ROLES = frozenset({Role.TEAM_MANAGER})
ORGANISATION_SCOPED_ROLES = frozenset({Role.PARTNER_COORDINATOR})


class Outlook(StrEnum):
    """Which home page and navigation a person gets, from the widest scope they hold."""

    ACADEMY = "academy"
    TEAM = "team"
    ORGANISATION = "organisation"
    SELF = "self"


def outlook_for(roles: Iterable[str], *, is_superuser: bool = False) -> Outlook:
    held = set(roles)
    if is_superuser or held & ACADEMY_WIDE_ROLES:
        return Outlook.ACADEMY
    if held & TEAM_SCOPED_ROLES:
        return Outlook.TEAM
    if held & ORGANISATION_SCOPED_ROLES:
        return Outlook.ORGANISATION
    return Outlook.SELF


def scope_required(role: str) -> str | None:
    """What a role must be held for: ``"team"``, ``"organisation"`` or nothing."""
    if role in TEAM_SCOPED_ROLES:
        return "team"
    if role in ORGANISATION_SCOPED_ROLES:
        return "organisation"
    return None


#: How far along the Professional Capabilities Framework each level is: the three advanced
#: levels stand side by side, above Experienced and below Strategic.
PCF_RANK: dict[str, int] = {
    PcfLevel.PRE_QUALIFYING: 0,
    PcfLevel.ASYE: 1,
    PcfLevel.SOCIAL_WORKER: 2,
    PcfLevel.EXPERIENCED: 3,
    PcfLevel.ADVANCED_PRACTITIONER: 4,
    PcfLevel.ADVANCED_EDUCATOR: 4,
    PcfLevel.ADVANCED_MANAGER: 4,
    PcfLevel.STRATEGIC: 5,
}


def pcf_level_after_pass(current: str, reached: str) -> str:
    """The level a pass leaves a person at: the level the pathway leads to when that is further
    along than where they are; otherwise where they are (a pass never moves anyone down, nor
    across from one advanced level to another)."""
    if not reached:
        return current
    if current and PCF_RANK.get(current, -1) >= PCF_RANK[reached]:
        return current
    return reached

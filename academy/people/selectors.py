"""Reads about people, shaped for their callers, filtered to what the viewer may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from academy.people.models import Organisation, PcfLevel, Person, Role, RoleAssignment, Team
from academy.people.permissions import Viewer, held_people_queries


def people_visible_to(viewer: Viewer) -> QuerySet[Person]:
    """Every person the viewer may see: the set-based twin of ``can_view_person``."""
    people = Person.objects.all()
    if viewer.user_id is None:
        return people.none()
    if viewer.academy_wide:
        return people
    scope = Q(pk=viewer.person_id) if viewer.person_id else Q(pk__in=[])
    if viewer.managed_team_ids:
        scope |= Q(team_id__in=viewer.managed_team_ids)
    if viewer.coordinated_organisation_ids:
        scope |= Q(organisation_id__in=viewer.coordinated_organisation_ids)
    if viewer.person_id is not None:
        for held in held_people_queries(viewer.person_id):
            scope |= Q(pk__in=held)
    return people.filter(scope)


def with_roles(people: QuerySet[Person]) -> QuerySet[Person]:
    """People with their organisation, team and roles loaded: a fixed number of queries."""
    return people.select_related("organisation", "team").prefetch_related(
        Prefetch(
            "roles",
            queryset=RoleAssignment.objects.select_related("team", "organisation").order_by(
                "role", "id"
            ),
        )
    )


def people_directory(
    *,
    viewer: Viewer,
    team_id: int | None = None,
    organisation_id: int | None = None,
    role: str | None = None,
    active: bool | None = None,
    search: str = "",
) -> QuerySet[Person]:
    """The people directory for the viewer, filtered, in name order."""
    people = people_visible_to(viewer)
    if team_id is not None:
        people = people.filter(team_id=team_id)
    if organisation_id is not None:
        people = people.filter(organisation_id=organisation_id)
    if role:
        people = people.filter(
            Exists(RoleAssignment.objects.filter(person_id=OuterRef("pk"), role=role))
        )
    if active is not None:
        people = people.filter(active=active)
    people = people_matching(people, search)
    return with_roles(people).order_by("last_name", "first_name", "id")


def people_matching(people: QuerySet[Person], search: str) -> QuerySet[Person]:
    """Narrow to people whose name holds every word searched for."""
    for word in search.split()[:5]:
        people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return people


def team_members(*, team_ids: Iterable[int]) -> QuerySet[Person]:
    return with_roles(Person.objects.filter(team_id__in=list(team_ids), active=True)).order_by(
        "team__name", "last_name", "first_name", "id"
    )


def organisations_list() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def teams_list() -> QuerySet[Team]:
    return Team.objects.select_related("organisation").order_by("name", "id")


@dataclass(frozen=True)
class Tally:
    """A label and a count, for the charts and tables on overview pages."""

    key: str
    label: str
    count: int


def academy_headcounts(people: QuerySet[Person]) -> dict[str, list[Tally]]:
    """Active people counted by organisation, by PCF level and by role: three grouped queries."""
    active = people.filter(active=True)
    by_organisation = [
        Tally(str(row["organisation_id"]), row["organisation__name"], row["n"])
        for row in active.values("organisation_id", "organisation__name")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation__name")
    ]
    pcf_labels = dict(PcfLevel.choices)
    by_pcf = [
        Tally(row["pcf_level"], pcf_labels.get(row["pcf_level"], "Not a social worker"), row["n"])
        for row in active.values("pcf_level").annotate(n=Count("id")).order_by("pcf_level")
    ]
    order = {value: index for index, value in enumerate(PcfLevel.values)}
    by_pcf.sort(key=lambda tally: order.get(tally.key, len(order)))
    role_labels = dict(Role.choices)
    by_role = [
        Tally(row["role"], role_labels[row["role"]], row["n"])
        for row in RoleAssignment.objects.filter(person__in=active)
        .values("role")
        .annotate(n=Count("person_id", distinct=True))
        .order_by("-n", "role")
    ]
    return {"organisation": by_organisation, "pcf_level": by_pcf, "role": by_role}

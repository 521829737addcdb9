"""People, organisations, teams and roles over JSON. Views parse and call services; reads come
from selectors already shaped for a fixed number of queries."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.people import selectors, services
from academy.people.models import Organisation, PcfLevel, Person, Role, RoleAssignment, Team
from academy.people.permissions import viewer_for
from api.errors import ApiError
from api.filters import BooleanFilter, IdFilter
from api.permissions import HasRule


# ---------------------------------------------------------------------------------------------
# Output shapes
# ---------------------------------------------------------------------------------------------
class OrganisationOut(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ("id", "name", "kind", "hosts_academy", "active")


class OrganisationRef(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ("id", "name", "kind")


class TeamOut(serializers.ModelSerializer):
    organisation = OrganisationRef()

    class Meta:
        model = Team
        fields = ("id", "name", "service_area", "organisation", "active")


class TeamRef(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ("id", "name", "service_area")


class RoleOut(serializers.ModelSerializer):
    name = serializers.CharField(source="get_role_display", read_only=True)
    team = TeamRef(allow_null=True)
    organisation = OrganisationRef(allow_null=True)

    class Meta:
        model = RoleAssignment
        fields = ("id", "role", "name", "team", "organisation")


class PersonOut(serializers.ModelSerializer):
    full_name = serializers.CharField()
    organisation = OrganisationRef()
    team = TeamRef(allow_null=True)
    roles = RoleOut(many=True)
    has_account = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = (
            "id",
            "first_name",
            "last_name",
            "full_name",
            "work_email",
            "job_title",
            "organisation",
            "team",
            "employment_start_date",
            "leaving_date",
            "contracted_hours_per_week",
            "pcf_level",
            "swe_number",
            "swe_first_registered_on",
            "qualified_on",
            "hcpc_number",
            "active",
            "roles",
            "has_account",
        )

    def get_has_account(self, person: Person) -> bool:
        return person.user_id is not None


# ---------------------------------------------------------------------------------------------
# Organisations and teams
# ---------------------------------------------------------------------------------------------
class OrganisationIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)


class OrganisationUpdateIn(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices, required=False)
    active = serializers.BooleanField(required=False)


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices)
    active = BooleanFilter()

    class Meta:
        model = Organisation
        fields = ("kind", "active")


class OrganisationList(generics.ListAPIView):
    """Organisations whose staff learn with the academy. Any signed-in person may list them."""

    permission_classes = [HasRule]
    permission_required = {"GET": "people.view_organisation", "POST": "people.add_organisation"}
    serializer_class = OrganisationOut
    ordering = ("name", "id")
    filterset_class = OrganisationFilter

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.organisations_list()

    @extend_schema(request=OrganisationIn, responses={201: OrganisationOut})
    def post(self, request: Request) -> Response:
        data = _valid(OrganisationIn, request.data)
        organisation = services.organisation_create(**data)
        return Response(OrganisationOut(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetail(generics.RetrieveAPIView):
    permission_classes = [HasRule]
    permission_required = {"GET": "people.view_organisation", "PATCH": "people.change_organisation"}
    serializer_class = OrganisationOut
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.organisations_list()

    @extend_schema(request=OrganisationUpdateIn, responses={200: OrganisationOut})
    def patch(self, request: Request, pk: int) -> Response:
        organisation = self.get_object()
        data = _valid(OrganisationUpdateIn, request.data, partial=True)
        services.organisation_update(organisation=organisation, changes=data)
        return Response(OrganisationOut(organisation).data)


class TeamIn(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    name = serializers.CharField(max_length=200)
    service_area = serializers.CharField(max_length=120)


class TeamUpdateIn(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    service_area = serializers.CharField(max_length=120, required=False)
    active = serializers.BooleanField(required=False)


class TeamFilter(django_filters.FilterSet):
    organisation = IdFilter(help_text="Teams of this organisation (id).")
    service_area = django_filters.CharFilter(max_length=120)
    active = BooleanFilter()

    class Meta:
        model = Team
        fields = ("organisation", "service_area", "active")


class TeamList(generics.ListAPIView):
    """Teams by service area. Any signed-in person may list them."""

    permission_classes = [HasRule]
    permission_required = {"GET": "people.view_team", "POST": "people.add_team"}
    serializer_class = TeamOut
    ordering = ("name", "id")
    filterset_class = TeamFilter

    def get_queryset(self) -> QuerySet[Team]:
        return selectors.teams_list()

    @extend_schema(request=TeamIn, responses={201: TeamOut})
    def post(self, request: Request) -> Response:
        data = _valid(TeamIn, request.data)
        team = services.team_create(**data)
        return Response(TeamOut(team).data, status=status.HTTP_201_CREATED)


class TeamDetail(generics.RetrieveAPIView):
    permission_classes = [HasRule]
    permission_required = {"GET": "people.view_team", "PATCH": "people.change_team"}
    serializer_class = TeamOut
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Team]:
        return selectors.teams_list()

    @extend_schema(request=TeamUpdateIn, responses={200: TeamOut})
    def patch(self, request: Request, pk: int) -> Response:
        team = self.get_object()
        data = _valid(TeamUpdateIn, request.data, partial=True)
        services.team_update(team=team, changes=data)
        return Response(TeamOut(team).data)


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------
class PersonFilter(django_filters.FilterSet):
    team = IdFilter(help_text="People in this team (id).")
    organisation = IdFilter(help_text="People in this organisation (id).")
    role = django_filters.ChoiceFilter(choices=Role.choices, help_text="People holding this role.")
    active = BooleanFilter(help_text="Current staff (true) or people who have left (false).")
    search = django_filters.CharFilter(
        max_length=100, help_text="Words that each appear in the first or last name."
    )

    class Meta:
        model = Person
        fields = ("team", "organisation", "role", "active", "search")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The selector applies the filters (one home for how people are searched)."""
        data = self.form.cleaned_data
        viewer = viewer_for(self.request.user)
        return selectors.people_directory(
            viewer=viewer,
            team_id=data.get("team"),
            organisation_id=data.get("organisation"),
            role=data.get("role") or None,
            active=data.get("active"),
            search=data.get("search") or "",
        )


class RoleIn(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, allow_null=True
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )


class PersonIn(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    work_email = serializers.EmailField(max_length=254)
    job_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, allow_null=True
    )
    employment_start_date = serializers.DateField(required=False, allow_null=True)
    leaving_date = serializers.DateField(required=False, allow_null=True)
    contracted_hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=2, required=False
    )
    pcf_level = serializers.ChoiceField(choices=PcfLevel.choices, required=False, allow_blank=True)
    swe_number = serializers.CharField(max_length=12, required=False, allow_blank=True)
    swe_first_registered_on = serializers.DateField(required=False, allow_null=True)
    qualified_on = serializers.DateField(required=False, allow_null=True)
    hcpc_number = serializers.CharField(max_length=12, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False, default=True)
    roles = RoleIn(many=True, required=False)
    username = serializers.CharField(
        max_length=150,
        required=False,
        help_text="Open a sign-in account with this username; a welcome e-mail follows.",
    )


class PersonUpdateIn(PersonIn):
    """Every field optional, and only the fields sent change (validated with ``partial``, so no
    default such as ``active`` slips in); roles and accounts have their own endpoints."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("roles")
        self.fields.pop("username")
        for field in self.fields.values():
            field.required = False


class PeopleList(generics.ListAPIView):
    """People the caller may see: themselves; a team manager their team; a partner coordinator
    their organisation's people; the PSW, DASS, principal OT and coordinators the academy."""

    permission_classes = [HasRule]
    permission_required = {"GET": "people.view_person", "POST": "people.add_person"}
    serializer_class = PersonOut
    filterset_class = PersonFilter
    ordering = ("last_name", "first_name", "id")

    def get_queryset(self) -> QuerySet[Person]:
        return selectors.with_roles(selectors.people_visible_to(viewer_for(self.request.user)))

    @extend_schema(request=PersonIn, responses={201: PersonOut})
    def post(self, request: Request) -> Response:
        data = _valid(PersonIn, request.data)
        person = services.person_create(**data)
        return Response(_person_out(person.pk), status=status.HTTP_201_CREATED)


class PersonDetail(generics.RetrieveAPIView):
    permission_classes = [HasRule]
    object_permission_required = {"GET": "people.view_person", "PATCH": "people.change_person"}
    serializer_class = PersonOut
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Person]:
        return selectors.with_roles(selectors.people_visible_to(viewer_for(self.request.user)))

    @extend_schema(request=PersonUpdateIn, responses={200: PersonOut})
    def patch(self, request: Request, pk: int) -> Response:
        person = self.get_object()
        data = _valid(PersonUpdateIn, request.data, partial=True)
        services.person_update(person=person, changes=data)
        return Response(_person_out(person.pk))


def _person_out(pk: int) -> dict[str, Any]:
    return PersonOut(selectors.with_roles(Person.objects.filter(pk=pk)).get()).data


class PersonRoles(APIView):
    """A person's roles: list (anyone who may see the person), add (the PSW).

    Someone the caller may not see is 404 before any 403, as on the pages."""

    permission_classes = [HasRule]
    object_permission_required = {"POST": "people.assign_role"}

    def _person(self, pk: int) -> Person:
        visible = selectors.people_visible_to(viewer_for(self.request.user))
        person = get_object_or_404(visible, pk=pk)
        self.check_object_permissions(self.request, person)
        return person

    @extend_schema(responses={200: RoleOut(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        person = self._person(pk)
        roles = person.roles.select_related("team", "organisation").order_by("role", "id")
        return Response(RoleOut(roles, many=True).data)

    @extend_schema(request=RoleIn, responses={201: RoleOut})
    def post(self, request: Request, pk: int) -> Response:
        person = self._person(pk)
        data = _valid(RoleIn, request.data)
        assignment = services.role_assign(person=person, **data)
        return Response(RoleOut(assignment).data, status=status.HTTP_201_CREATED)


class PersonRoleDetail(APIView):
    permission_classes = [HasRule]
    object_permission_required = {"DELETE": "people.assign_role"}

    @extend_schema(responses={204: None, 400: ApiError})
    def delete(self, request: Request, pk: int, role_id: int) -> Response:
        visible = selectors.people_visible_to(viewer_for(request.user))
        person = get_object_or_404(visible, pk=pk)
        self.check_object_permissions(request, person)
        assignment = get_object_or_404(RoleAssignment, pk=role_id, person=person)
        services.role_remove(assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------------------------
# Me
# ---------------------------------------------------------------------------------------------
class MeOut(serializers.Serializer):
    username = serializers.CharField()
    outlook = serializers.CharField(help_text="academy, team, organisation or self")
    can_manage_people = serializers.BooleanField()
    person = PersonOut(allow_null=True)


class Me(APIView):
    """The signed-in person, their roles and what they may do."""

    @extend_schema(responses={200: MeOut})
    def get(self, request: Request) -> Response:
        viewer = viewer_for(request.user)
        person = None
        if viewer.person_id is not None:
            person = selectors.with_roles(Person.objects.filter(pk=viewer.person_id)).get()
        payload = {
            "username": request.user.get_username(),
            "outlook": viewer.outlook.value,
            "can_manage_people": viewer.manages_people,
            "person": person,
        }
        return Response(MeOut(payload).data)


def _valid(
    serializer_class: type[serializers.Serializer], data: Any, *, partial: bool = False
) -> dict[str, Any]:
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)

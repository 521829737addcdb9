from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from academy.people.models import Organisation, Person, Role, RoleAssignment, Team, User

PASSWORD = "a-long-test-password"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COUNCIL


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    service_area = "Locality"


class PersonFactory(DjangoModelFactory[Person]):
    """A person in a team of the organisation. ``account=True`` gives them a sign-in account
    (username ``person<n>``, password ``PASSWORD``); ``roles=[...]`` adds roles by name."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    class Params:
        account = False

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    work_email = factory.Sequence(lambda n: f"person{n}@example.org")
    job_title = "Social Worker"
    organisation = factory.LazyAttribute(
        lambda o: o.team.organisation if o.team else OrganisationFactory()
    )
    team = factory.SubFactory(TeamFactory)
    employment_start_date = dt.date(2024, 9, 2)
    contracted_hours_per_week = Decimal("37.00")
    user = factory.Maybe(
        "account",
        yes_declaration=factory.SubFactory(
            UserFactory, username=factory.SelfAttribute("..work_email")
        ),
        no_declaration=None,
    )

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        RoleAssignment.objects.create(person=self, role=Role.LEARNER)
        for role in extracted or ():
            RoleAssignmentFactory(person=self, role=role)


class RoleAssignmentFactory(DjangoModelFactory[RoleAssignment]):
    """A role; a team manager gets the person's team and a partner coordinator their
    organisation unless given."""

    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = Role.SUPERVISOR
    team = factory.LazyAttribute(lambda o: o.person.team if o.role == Role.TEAM_MANAGER else None)
    organisation = factory.LazyAttribute(
        lambda o: o.person.organisation if o.role == Role.PARTNER_COORDINATOR else None
    )

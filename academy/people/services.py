"""Writes about organisations, teams, people, roles and accounts.

Each function validates its whole input before writing, raises ``ValidationError`` naming the
fields at fault, and writes inside one transaction: nothing is half-written.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from academy.common.links import link_to
from academy.notifications.services import NotificationDraft, notifications_enqueue
from academy.people.models import (
    CONTRACTED_HOURS_MAX,
    Organisation,
    PcfLevel,
    Person,
    Role,
    RoleAssignment,
    Team,
    User,
)
from academy.people.rules import pcf_level_after_pass, scope_required
from academy.people.signals import person_left

EMAIL_TAKEN = "Another person already has this work email."
NUMBER_TAKEN = "Another person already has this number."

#: Fields of a person that ``person_create`` and ``person_update`` accept.
PERSON_FIELDS = (
    "first_name",
    "last_name",
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
)


# ---------------------------------------------------------------------------------------------
# Organisations and teams
# ---------------------------------------------------------------------------------------------
def organisation_create(*, name: str, kind: str, hosts_academy: bool = False) -> Organisation:
    organisation = Organisation(name=name.strip(), kind=kind, hosts_academy=hosts_academy)
    _save_validated(organisation, problems=_organisation_problems(organisation))
    return organisation


def organisation_update(*, organisation: Organisation, changes: Mapping[str, Any]) -> Organisation:
    allowed = {"name", "kind", "active"}
    _apply(organisation, changes, allowed)
    _save_validated(
        organisation,
        update_fields=[*changes.keys()],
        problems=_organisation_problems(organisation),
    )
    return organisation


def team_create(*, organisation: Organisation, name: str, service_area: str) -> Team:
    team = Team(organisation=organisation, name=name.strip(), service_area=service_area.strip())
    _save_validated(team, problems=_team_problems(team))
    return team


def team_update(*, team: Team, changes: Mapping[str, Any]) -> Team:
    allowed = {"name", "service_area", "active"}
    _apply(team, changes, allowed)
    _save_validated(team, update_fields=[*changes.keys()], problems=_team_problems(team))
    return team


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------
def person_create(
    *,
    first_name: str,
    last_name: str,
    work_email: str,
    organisation: Organisation,
    team: Team | None = None,
    job_title: str = "",
    employment_start_date: dt.date | None = None,
    leaving_date: dt.date | None = None,
    contracted_hours_per_week: Decimal | None = None,
    pcf_level: str = "",
    swe_number: str = "",
    swe_first_registered_on: dt.date | None = None,
    qualified_on: dt.date | None = None,
    hcpc_number: str = "",
    active: bool = True,
    roles: Iterable[Mapping[str, Any]] = (),
    username: str | None = None,
) -> Person:
    """Create a person (always a learner) with the roles given, and an account if ``username``
    is given, whose welcome e-mail goes out after commit."""
    person = Person(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        work_email=work_email.strip(),
        organisation=organisation,
        team=team,
        job_title=job_title.strip(),
        employment_start_date=employment_start_date,
        leaving_date=leaving_date,
        pcf_level=pcf_level,
        swe_number=swe_number.strip().upper(),
        swe_first_registered_on=swe_first_registered_on,
        qualified_on=qualified_on,
        hcpc_number=hcpc_number.strip().upper(),
        active=active,
    )
    if contracted_hours_per_week is not None:
        person.contracted_hours_per_week = contracted_hours_per_week
    role_specs = [dict(spec) for spec in roles]
    errors = _person_problems(person)
    for index, spec in enumerate(role_specs):
        for field, message in _role_problems(spec).items():
            errors.setdefault(f"roles.{index}.{field}", []).append(message)
    if username is not None:
        for field, message in _username_problems(username).items():
            errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), _integrity_as_validation():
        person.save()
        specs = [{"role": Role.LEARNER}, *role_specs]
        _roles_add(person, specs)
        if username is not None:
            account_create(person=person, username=username)
    return person


def person_update(*, person: Person, changes: Mapping[str, Any]) -> Person:
    """Change a person's record. Leaving (``active`` off) also closes their account and tells
    the other areas (``person_left``), in the same transaction."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    for name in ("first_name", "last_name", "work_email", "job_title"):
        if name in changes and isinstance(changes[name], str):
            changes = {**changes, name: changes[name].strip()}
    for name in ("swe_number", "hcpc_number"):
        if name in changes and isinstance(changes[name], str):
            changes = {**changes, name: changes[name].strip().upper()}
    # Check the changed record on a copy, so a refusal leaves the caller's object as it was.
    changed = copy.copy(person)
    for name, value in changes.items():
        setattr(changed, name, value)
    errors = _person_problems(changed)
    if errors:
        raise ValidationError(errors)
    leaving = person.active and changes.get("active") is False
    for name, value in changes.items():
        setattr(person, name, value)
    with transaction.atomic(), _integrity_as_validation():
        person.save(update_fields=[*changes.keys(), "updated_at"])
        if "active" in changes and person.user_id is not None:
            User.objects.filter(pk=person.user_id).update(is_active=person.active)
        if leaving:
            person_left.send(sender=Person, person=person)
    return person


def person_pcf_level_set(*, person: Person, level: str) -> Person:
    """Move a person on to a PCF level (a confirmed ASYE pass, a progression panel): never down
    or across, so a pass on a pathway that leads below where someone stands changes nothing.
    Only the level changes, so a gap elsewhere in the record cannot stop it."""
    if level not in PcfLevel.values:
        raise ValidationError({"pcf_level": f"Choose one of: {', '.join(PcfLevel.values)}."})
    after = pcf_level_after_pass(person.pcf_level, level)
    if after != person.pcf_level:
        person.pcf_level = after
        person.save(update_fields=["pcf_level", "updated_at"])
    return person


def _person_problems(person: Person) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        person.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update({field: list(messages) for field, messages in exc.message_dict.items()})

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if person.team_id is not None and person.organisation_id is not None:
        team = person.team
        if team is not None and team.organisation_id != person.organisation_id:
            add("team", "Choose a team in the person's organisation.")
    if (
        person.leaving_date
        and person.employment_start_date
        and person.leaving_date < person.employment_start_date
    ):
        add("leaving_date", "The leaving date must be on or after the employment start date.")
    hours = person.contracted_hours_per_week
    if isinstance(hours, Decimal | int) and hours > CONTRACTED_HOURS_MAX:
        add(
            "contracted_hours_per_week",
            f"Contracted hours a week must be {CONTRACTED_HOURS_MAX} or fewer.",
        )
    if person.swe_first_registered_on and not person.swe_number:
        add("swe_number", "Enter the Social Work England number for this registration date.")
    if (
        person.qualified_on
        and person.swe_first_registered_on
        and person.swe_first_registered_on < person.qualified_on
    ):
        add(
            "swe_first_registered_on",
            "First registration with Social Work England cannot precede qualification.",
        )
    if person.work_email:
        clash = Person.objects.filter(work_email__iexact=person.work_email).exclude(pk=person.pk)
        if clash.exists():
            add("work_email", EMAIL_TAKEN)
    for field in ("swe_number", "hcpc_number"):
        value = getattr(person, field)
        if value and Person.objects.filter(**{field: value}).exclude(pk=person.pk).exists():
            add(field, NUMBER_TAKEN)
    return errors


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------
def role_assign(
    *,
    person: Person,
    role: str,
    team: Team | None = None,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    """Give a person a role (a team manager for a team, a partner coordinator for an
    organisation). Assigning a role already held is refused."""
    spec = {"role": role, "team": team, "organisation": organisation}
    problems = _role_problems(spec)
    if problems:
        raise ValidationError(problems)
    if _role_query(person, spec).exists():
        raise ValidationError({"role": "This person already holds this role."})
    with transaction.atomic(), _integrity_as_validation():
        assignment = _roles_add(person, [spec])[0]
    return assignment


def role_remove(*, assignment: RoleAssignment) -> None:
    if assignment.role == Role.LEARNER:
        raise ValidationError({"role": "Everyone in the academy is a learner."})
    assignment.delete()


def _role_problems(spec: Mapping[str, Any]) -> dict[str, str]:
    role = spec.get("role")
    if role not in Role.values:
        return {"role": f"Choose one of: {', '.join(Role.values)}."}
    needs = scope_required(role)
    errors: dict[str, str] = {}
    for scope in ("team", "organisation"):
        given = spec.get(scope) is not None
        if needs == scope and not given:
            errors[scope] = (
                f"A {Role(role).label.lower()} holds the role for a {scope}: choose one."
            )
        if needs != scope and given:
            errors[scope] = f"A {Role(role).label.lower()} is not held for a {scope}."
    return errors


def _role_query(person: Person, spec: Mapping[str, Any]) -> Any:
    return RoleAssignment.objects.filter(
        person=person,
        role=spec["role"],
        team=spec.get("team"),
        organisation=spec.get("organisation"),
    )


def _roles_add(person: Person, specs: Iterable[Mapping[str, Any]]) -> list[RoleAssignment]:
    unique = {}
    for spec in specs:
        team, organisation = spec.get("team"), spec.get("organisation")
        key = (spec["role"], getattr(team, "pk", None), getattr(organisation, "pk", None))
        unique[key] = RoleAssignment(
            person=person, role=spec["role"], team=team, organisation=organisation
        )
    return RoleAssignment.objects.bulk_create(unique.values())


# ---------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------
def account_create(*, person: Person, username: str, password: str | None = None) -> User:
    """Open a sign-in account for a person.

    Without ``password`` the account has no usable password and a welcome e-mail with a link to
    set one goes out after commit. With ``password`` (the demo seed's fixed logins) the account
    gets that password, checked by the password validators, and no welcome is sent."""
    problems = _username_problems(username)
    if person.user_id is not None:
        problems["username"] = "This person already has an account."
    if password is not None:
        problems.update(_password_problems(person, username, password))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic(), _integrity_as_validation():
        user = User.objects.create_user(
            username=username.strip(),
            email=person.work_email,
            password=password,
            first_name=person.first_name,
            last_name=person.last_name,
            is_active=person.active,
        )
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        if password is None:
            notifications_enqueue(drafts=[_welcome(person, user)])
    return user


def _password_problems(person: Person, username: str, password: str) -> dict[str, str]:
    candidate = User(
        username=username.strip(),
        email=person.work_email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        return {"password": " ".join(exc.messages)}
    return {}


def _username_problems(username: str) -> dict[str, str]:
    username = (username or "").strip()
    if not username:
        return {"username": "Enter a username."}
    field = User._meta.get_field("username")
    try:
        field.run_validators(username)
    except ValidationError as exc:
        return {"username": " ".join(exc.messages)}
    if User.objects.filter(username__iexact=username).exists():
        return {"username": "This username is taken."}
    return {}


def account_password_reset_send(*, person: Person) -> None:
    """E-mail a person a link to choose a new password (through the outbox)."""
    user = person.user
    if user is None:
        raise ValidationError({"username": "This person has no account."})
    token = default_token_generator.make_token(user)
    body = render_to_string(
        "notifications/email/password_reset.txt",
        {
            "person": person,
            "user": user,
            "reset_url": _set_password_url(user, token),
            "service_name": settings.SERVICE_NAME,
        },
    )
    with transaction.atomic():
        notifications_enqueue(
            drafts=[
                NotificationDraft(
                    recipient_id=person.pk,
                    kind="password_reset",
                    subject=f"Reset your {settings.SERVICE_NAME} password",
                    body=body,
                    # One e-mail per token: asking again later makes a new token and e-mail.
                    dedupe_key=f"password_reset:{user.pk}:{token}",
                )
            ]
        )


def _set_password_url(user: User, token: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = link_to("password-set", uidb64=uid, token=token)
    return f"{settings.SITE_URL}{link}"


def _welcome(person: Person, user: User) -> NotificationDraft:
    context = {
        "person": person,
        "user": user,
        "set_password_url": _set_password_url(user, default_token_generator.make_token(user)),
        "sign_in_url": f"{settings.SITE_URL}{link_to('sign-in')}",
        "service_name": settings.SERVICE_NAME,
        "academy_name": settings.ACADEMY_NAME,
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    return NotificationDraft(
        recipient_id=person.pk,
        kind="welcome",
        subject=f"Your {settings.SERVICE_NAME} account",
        body=render_to_string("notifications/email/welcome.txt", context),
        dedupe_key=f"welcome:user:{user.pk}",
    )


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
def _apply(instance: Any, changes: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    for name, value in changes.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)


def _organisation_problems(organisation: Organisation) -> dict[str, str]:
    others = Organisation.objects.exclude(pk=organisation.pk)
    if organisation.hosts_academy and others.filter(hosts_academy=True).exists():
        return {"hosts_academy": "Another organisation already hosts the academy."}
    return {}


def _team_problems(team: Team) -> dict[str, str]:
    others = Team.objects.exclude(pk=team.pk)
    if others.filter(organisation_id=team.organisation_id, name=team.name).exists():
        return {"name": "This organisation already has a team with this name."}
    return {}


def _save_validated(
    instance: Any,
    update_fields: list[str] | None = None,
    *,
    problems: Mapping[str, str] | None = None,
) -> None:
    """Validate and save. ``problems`` are clashes found by the caller, worded for the field at
    fault; the database constraint behind each is then not checked again (its own message
    names no field)."""
    errors = {field: [message] for field, message in (problems or {}).items()}
    try:
        instance.full_clean(validate_constraints=not errors)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), _integrity_as_validation():
        instance.save(update_fields=update_fields)


#: Unique constraints a race can trip after the checks passed: the field each is about and the
#: message its check gives.
RACED_CONSTRAINTS = {
    "person_work_email_unique": ("work_email", EMAIL_TAKEN),
    "person_swe_number_unique": ("swe_number", NUMBER_TAKEN),
    "person_hcpc_number_unique": ("hcpc_number", NUMBER_TAKEN),
}


class _integrity_as_validation:
    """A uniqueness race lost at the database becomes the same 4xx a check would give."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None or not issubclass(exc_type, IntegrityError):
            return
        for constraint, (field, message) in RACED_CONSTRAINTS.items():
            if constraint in str(exc):  # PostgreSQL and SQLite both name the constraint
                raise ValidationError({field: message}) from exc
        raise ValidationError(
            "This change clashes with a record saved at the same moment. Try again."
        ) from exc

from django import template
from django.forms import BaseForm, BoundField

from academy.people.models import Role
from web.forms import DateWidget, error_parts

register = template.Library()

ROLE_COLOURS: dict[str, str] = {
    Role.LEARNER: "grey",
    Role.TEAM_MANAGER: "blue",
    Role.ASSESSOR: "purple",
    Role.SUPERVISOR: "turquoise",
    Role.TRAINING_COORDINATOR: "green",
    Role.PARTNER_COORDINATOR: "orange",
    Role.PSW: "pink",
    Role.PRINCIPAL_OT: "pink",
    Role.DASS: "yellow",
}
STATUS_COLOURS = {
    "pending": "blue",
    "sending": "blue",
    "sent": "green",
    "failed": "red",
    "cancelled": "grey",
}


@register.filter
def role_colour(role: str) -> str:
    return ROLE_COLOURS.get(role, "grey")


@register.filter
def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "grey")


@register.filter
def error_target(field: BoundField) -> str:
    """The id an error summary links to for a field: its input, or for a date the first box
    the error is about."""
    if isinstance(field.field.widget, DateWidget):
        return f"{field.auto_id}_{error_parts(field.form, field.name)[0]}"
    return field.id_for_label


@register.filter
def first_field_id(form: BaseForm) -> str:
    """Where an error about the whole form links to: its first visible field."""
    fields = form.visible_fields()
    return error_target(fields[0]) if fields else ""

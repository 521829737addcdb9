from django import template

from academy.people.models import Role

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

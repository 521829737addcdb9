"""factory-boy factories for every model, one module per domain app."""

from tests.factories.notifications import NotificationFactory
from tests.factories.people import (
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    TeamFactory,
    UserFactory,
)

__all__ = [
    "NotificationFactory",
    "OrganisationFactory",
    "PersonFactory",
    "RoleAssignmentFactory",
    "TeamFactory",
    "UserFactory",
]

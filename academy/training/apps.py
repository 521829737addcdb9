from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "academy.training"
    label = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from academy.people.signals import person_left
        from academy.training import permissions  # noqa: F401  (registers the rules)

        person_left.connect(_release_places, dispatch_uid="training-release-leaver")


def _release_places(sender: Any, person: Any, **kwargs: Any) -> None:
    """Someone who has left gives up their places and waitlist entries on sessions to come."""
    from academy.training.services import bookings_release_for_leaver

    bookings_release_for_leaver(person=person)

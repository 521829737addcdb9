"""Who may see a notification: its recipient, and admins."""

from __future__ import annotations

from typing import Any

import rules

from academy.notifications.models import Notification
from academy.people.permissions import viewer_for


@rules.predicate
def is_recipient(user: Any, notification: Notification | None) -> bool:
    viewer = viewer_for(user)
    if notification is None:
        return viewer.user_id is not None
    return viewer.is_superuser or notification.recipient_id == viewer.person_id


rules.add_perm("notifications.view_notification", is_recipient)
rules.add_perm("notifications.change_notification", is_recipient)

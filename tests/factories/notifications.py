from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from academy.notifications.models import Notification
from tests.factories.people import PersonFactory


class NotificationFactory(DjangoModelFactory[Notification]):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(PersonFactory)
    channel = Notification.Channel.EMAIL
    kind = "test"
    subject = factory.Sequence(lambda n: f"Message {n}")
    body = "Hello."
    due_at = factory.LazyFunction(timezone.now)
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")

"""Delivery channels. Each delivers one notification or raises; the dispatcher records it."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from academy.notifications.models import Notification


class Channel(Protocol):
    def deliver(self, notification: Notification) -> None: ...

    def close(self) -> None: ...


class EmailChannel:
    """Sends through Django's e-mail backend (SMTP in production), one connection per batch."""

    def __init__(self) -> None:
        self._connection: BaseEmailBackend | None = None

    def deliver(self, notification: Notification) -> None:
        if self._connection is None:
            connection = get_connection(fail_silently=False)
            connection.open()
            self._connection = connection
        body = notification.body
        if notification.link:
            body = f"{body}\n\n{settings.SITE_URL}{notification.link}"
        message = EmailMessage(
            subject=notification.subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient.work_email],
            connection=self._connection,
            headers={
                # Stable per notification, so a receiving system can recognise a repeat.
                "Message-ID": f"<notification-{notification.pk}@academy-tracker>",
                "X-Academy-Notification": str(notification.pk),
                "X-Academy-Kind": notification.kind,
            },
        )
        if notification.calendar:
            method = _calendar_method(notification.calendar)
            message.attach("invite.ics", notification.calendar, f"text/calendar; method={method}")
        try:
            sent = message.send()
        except Exception:
            self.close()
            raise
        if sent != 1:
            raise RuntimeError("The e-mail backend accepted no message.")

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None


def _calendar_method(calendar: str) -> str:
    for line in calendar.splitlines():
        if line.startswith("METHOD:"):
            return line.removeprefix("METHOD:").strip()
    return "PUBLISH"


class InAppChannel:
    """In-app messages are delivered by being visible in the person's notifications."""

    def deliver(self, notification: Notification) -> None:
        return None

    def close(self) -> None:
        return None


def channels() -> dict[str, Channel]:
    return {Notification.Channel.EMAIL: EmailChannel(), Notification.Channel.IN_APP: InAppChannel()}

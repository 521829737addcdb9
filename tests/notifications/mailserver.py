"""A real SMTP server (aiosmtpd) on a free local port, run in a thread, that records what it
accepts and can refuse chosen recipients with a 550."""

from __future__ import annotations

import asyncio
import email
import logging
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

REFUSAL = "550 5.1.1 Mailbox unavailable"

# aiosmtpd logs every SMTP command at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass(frozen=True)
class ReceivedMessage:
    mail_from: str
    recipients: tuple[str, ...]
    message_id: str
    subject: str
    notification_id: str
    body: str


class RecordingHandler:
    """aiosmtpd handler: refuses recipients on the refusal list at RCPT, records the rest."""

    def __init__(self, *, delay_seconds: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._refusals: dict[str, int | None] = {}
        self.delay_seconds = delay_seconds
        self.received: list[ReceivedMessage] = []
        self.refused: list[str] = []

    def refuse(self, address: str, *, times: int | None = None) -> None:
        """Refuse ``address`` the next ``times`` times it is offered (always when None)."""
        with self._lock:
            self._refusals[address.lower()] = times

    def _should_refuse(self, address: str) -> bool:
        with self._lock:
            key = address.lower()
            if key not in self._refusals:
                return False
            left = self._refusals[key]
            if left is not None:
                if left <= 0:
                    return False
                self._refusals[key] = left - 1
            self.refused.append(address)
            return True

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if self._should_refuse(address):
            return REFUSAL
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        parsed: Message = email.message_from_bytes(envelope.content)
        payload = parsed.get_payload(decode=True)
        body = payload.decode() if isinstance(payload, bytes) else str(payload)
        with self._lock:
            self.received.append(
                ReceivedMessage(
                    mail_from=envelope.mail_from,
                    recipients=tuple(envelope.rcpt_tos),
                    message_id=str(parsed["Message-ID"]),
                    subject=str(parsed["Subject"]),
                    notification_id=str(parsed["X-Academy-Notification"]),
                    body=body,
                )
            )
        return "250 Message accepted for delivery"

    def messages(self) -> list[ReceivedMessage]:
        with self._lock:
            return list(self.received)

    def count_by_recipient(self) -> Counter[str]:
        return Counter(rcpt for message in self.messages() for rcpt in message.recipients)


@dataclass
class MailServer:
    host: str
    port: int
    handler: RecordingHandler

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_mail_server(*, delay_seconds: float = 0.0) -> Iterator[MailServer]:
    host = "127.0.0.1"
    handler = RecordingHandler(delay_seconds=delay_seconds)
    controller = Controller(handler, hostname=host, port=free_port(host), ready_timeout=10)
    controller.start()
    try:
        yield MailServer(host=host, port=controller.port, handler=handler)
    finally:
        controller.stop()

"""What the access matrix's cells share: the academy built for them and the ids its
placeholders stand for, and the small helpers each area's payloads use."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from academy.common.dates import today
from academy.pathways.models import Enrolment
from tests.conftest import Academy


@dataclass
class Place:
    """The academy and the ids its placeholders stand for."""

    academy: Academy
    ids: dict[str, str]

    def person(self, login: str) -> Any:
        return self.academy.people[login]

    def renew_password_link(self) -> None:
        # As stored now: the link depends on the last sign-in, which earlier cells changed and
        # rolled back in the database but not in the objects the scenario holds.
        user = get_user_model().objects.get(pk=self.person("nqsw").user_id)
        self.ids["uid"] = urlsafe_base64_encode(force_bytes(user.pk))
        self.ids["token"] = default_token_generator.make_token(user)

    def address(self, path: str) -> str:
        path = path.partition("#")[0]
        return re.sub(r"\{([\w.]+)\}", lambda m: self.ids[m.group(1)], path)

    def pk(self, name: str) -> int:
        return int(self.ids[name])

    def enrolment(self) -> Enrolment:
        return Enrolment.objects.get(pk=self.pk("enrolment"))


#: A request's body: a form or JSON object (files in it go as a multipart upload), or a JSON list.
Body = dict[str, Any] | list[Any]
#: What a write sends: valid input, so that a role allowed to write gets a 2xx.
Payload = Callable[[Place, "str | None"], Body]


def csv_upload(text: str) -> SimpleUploadedFile:
    """A CSV file as uploaded; made afresh for each request, since a read file is spent."""
    return SimpleUploadedFile("people.csv", text.encode(), "text/csv")


def iso_today() -> str:
    return today().isoformat()


def date_boxes(name: str) -> dict[str, Any]:
    """Today in a GOV.UK date input's three boxes."""
    day = today()
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}

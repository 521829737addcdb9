"""What the audits views share: reading input, finding the audit an address names (404 when the
caller may not see it, before any 403), and reading a month from the query string."""

from __future__ import annotations

import datetime as dt
import re

from django.shortcuts import get_object_or_404
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

from academy.audits import selectors
from academy.audits.models import CaseAudit
from academy.people.permissions import viewer_for
from api.pathways.common import valid

__all__ = ["audit_for", "month_param", "parse_month", "valid"]

MONTH = re.compile(r"(\d{4})-(\d{2})")


def audit_for(view: APIView, pk: int) -> CaseAudit:
    """The audit ``pk`` in full, if the caller may see it (else 404); then the view's object
    permission for the method (else 403)."""
    visible = selectors.audits_visible_to(viewer_for(view.request.user))
    audit = get_object_or_404(selectors.with_detail(visible), pk=pk)
    view.check_object_permissions(view.request, audit)
    return audit


MONTH_HINT = "Enter a month as YYYY-MM, such as 2026-03."


def parse_month(text: str) -> dt.date:
    """The first day of the month ``YYYY-MM`` names (ValueError when it names none)."""
    found = MONTH.fullmatch(text.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(text)
    return dt.date(int(found.group(1)), int(found.group(2)), 1)


def month_param(request: Request, name: str = "month") -> dt.date | None:
    """The month ``?month=YYYY-MM`` names; None when not given; a 400 naming the parameter
    when it cannot be read."""
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        return parse_month(raw)
    except ValueError as exc:
        raise ValidationError({name: [MONTH_HINT]}, code="invalid") from exc

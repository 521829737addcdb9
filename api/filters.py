"""Query-string filters that refuse what they cannot read.

django-filter's own boolean filter reads ``?active=maybe`` as "no filter" and its number filter
takes ``?team=1.5``; a client with a typo would get the whole list and never know. These answer
400 naming the parameter instead.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms


class StrictBooleanField(forms.Field):
    TRUE = frozenset({"true", "1"})
    FALSE = frozenset({"false", "0"})

    def to_python(self, value: Any) -> bool | None:
        if value is None or value == "":
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError("Enter true or false.", code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    """``true``/``false`` (or ``1``/``0``); anything else is a 400."""

    field_class = StrictBooleanField


class IdField(forms.IntegerField):
    default_error_messages = {"invalid": "Enter an id (a whole number)."}


class IdFilter(django_filters.Filter):
    """The id of a related row. An id that matches nothing filters to nothing (no extra query)."""

    field_class = IdField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)

"""Helpers for the page tests: reading the HTML a page returns, and crowds of people."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from academy.people.models import Person
from tests.factories import PersonFactory


class _Collector(HTMLParser):
    """Collects elements as (tag, attributes, text) so tests can ask what a page shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict[str, Any]] = []
        self._open: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"tag": tag, "attrs": {k: v or "" for k, v in attrs}, "text": ""}
        self.elements.append(element)
        if tag not in {"input", "meta", "link", "br", "img", "hr", "path", "rect"}:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element["text"] += data


class Page:
    """The parsed HTML of a response."""

    def __init__(self, html: str) -> None:
        parser = _Collector()
        parser.feed(html)
        self.html = html
        self.elements = parser.elements

    def find_all(self, tag: str | None = None, **attrs: str) -> list[dict[str, Any]]:
        """Elements of ``tag`` whose attributes hold the values given (``class_`` matches one
        class among several)."""
        found = []
        for element in self.elements:
            if tag and element["tag"] != tag:
                continue
            ok = True
            for name, value in attrs.items():
                if name == "class_":
                    ok = value in element["attrs"].get("class", "").split()
                else:
                    ok = element["attrs"].get(name.rstrip("_").replace("_", "-")) == value
                if not ok:
                    break
            if ok:
                found.append(element)
        return found

    def find(self, tag: str | None = None, **attrs: str) -> dict[str, Any] | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def text(self, tag: str | None = None, **attrs: str) -> str:
        element = self.find(tag, **attrs)
        assert element is not None, f"no <{tag}> with {attrs} on the page"
        return squash(element["text"])

    def texts(self, tag: str | None = None, **attrs: str) -> list[str]:
        return [squash(element["text"]) for element in self.find_all(tag, **attrs)]

    def by_id(self, element_id: str) -> dict[str, Any] | None:
        return self.find(id=element_id)

    @property
    def h1(self) -> str:
        return self.text("h1")

    @property
    def title(self) -> str:
        return self.text("title")

    def error_summary_links(self) -> dict[str, str]:
        """The error summary's links: the id each points at, and its text (a field's several
        errors joined by spaces)."""
        summary = self.find("div", class_="govuk-error-summary")
        assert summary is not None, "the page has no error summary"
        start = self.elements.index(summary)
        links: dict[str, str] = {}
        for element in self.elements[start:]:
            if element["tag"] == "a" and element["attrs"].get("href", "").startswith("#"):
                target = element["attrs"]["href"][1:]
                links[target] = squash(f"{links.get(target, '')} {element['text']}")
            if element["tag"] == "h1":
                break
        return links

    def field_error(self, field_id: str) -> str:
        """The error message shown with a field (GOV.UK: a paragraph above the input)."""
        return self.text("p", id=f"{field_id}_error")

    def table_rows(self, caption: str | None = None) -> list[list[str]]:
        """The body rows of the (first, or captioned) table, each as its cells' text."""
        rows: list[list[str]] = []
        in_table = in_body = False
        for element in self.elements:
            tag = element["tag"]
            if tag == "table":
                if in_table:
                    break
                in_table = caption is None
                continue
            if tag == "caption" and caption is not None and squash(element["text"]) == caption:
                in_table = True
                continue
            if not in_table:
                continue
            if tag == "tbody":
                in_body = True
            elif tag == "tr" and in_body:
                rows.append([])
            elif tag in ("td", "th") and in_body and rows:
                rows[-1].append(squash(element["text"]))
        return rows


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_of(response: Any) -> Page:
    return Page(response.content.decode())


@contextmanager
def count_queries() -> Iterator[CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as context:
        yield context


def queries_listed(context: CaptureQueriesContext) -> str:
    return "\n".join(f"{i}. {q['sql']}" for i, q in enumerate(context.captured_queries, 1))


@pytest.fixture
def crowd(academy: Any) -> Any:
    """``crowd(n, **fields)`` adds n people to team A of the council, surnames sorting after
    everyone in the academy fixture, and returns them in directory (name) order."""

    def make(count: int, prefix: str = "Zed", **fields: Any) -> list[Person]:
        fields.setdefault("team", academy.teams["a"])
        made = [
            PersonFactory(
                first_name=f"Person{index:03d}", last_name=f"{prefix}{index:03d}", **fields
            )
            for index in range(count)
        ]
        return sorted(made, key=lambda p: (p.last_name, p.first_name, p.pk))

    return make

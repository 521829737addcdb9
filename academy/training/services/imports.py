"""CSV imports: bulk booking on a session, and e-learning completions.

Every row is checked; each valid row is written in its own transaction and each refused row is
reported with its reason, so no row is ever half-done and one bad row does not stop the rest.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from academy.common.errors import DomainError
from academy.people.models import Person
from academy.people.permissions import Viewer
from academy.training.models import Completion, Course, Session
from academy.training.permissions import coordinates
from academy.training.services.bookings import booking_create
from academy.training.services.records import completion_problems, completion_record

MAX_ROWS = 2000


@dataclass(frozen=True)
class RowResult:
    line: int
    key: str
    outcome: str  # booked, waitlisted, requested, recorded, refused
    detail: str = ""

    @property
    def refused(self) -> bool:
        return self.outcome == "refused"


def _rows(text: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [name for name in required if name not in headers]
    if missing:
        raise ValidationError(
            {
                "file": f"The first line must name the columns: {', '.join(required)} "
                f"(missing {', '.join(missing)})."
            }
        )
    rows = []
    for row in reader:
        cleaned = {
            str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k is not None
        }
        if any(cleaned.values()):
            # The reader skips blank lines, so count lines as it read them, not rows.
            rows.append((reader.line_num, cleaned))
    if not rows:
        raise ValidationError({"file": "The file has no rows under its column names."})
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": f"Send at most {MAX_ROWS} rows at a time."})
    return rows


def _people_by_email(emails: list[str]) -> dict[str, Person]:
    lowered = sorted({e.lower() for e in emails if e})
    if not lowered:
        return {}
    people = (
        Person.objects.annotate(email_lower=Lower("work_email"))
        .filter(email_lower__in=lowered)
        .select_related("organisation", "team")
    )
    return {p.work_email.lower(): p for p in people}


def bookings_import_csv(*, session: Session, text: str, actor: Viewer) -> list[RowResult]:
    """Book everyone listed (a ``work_email`` column) on a session."""
    if not coordinates(actor):
        raise PermissionDenied("Only a training coordinator books by file.")
    rows = _rows(text, ("work_email",))
    people = _people_by_email([row["work_email"] for _, row in rows])
    results = []
    for line, row in rows:
        email = row["work_email"]
        person = people.get(email.lower())
        if person is None:
            results.append(RowResult(line, email, "refused", "Nobody has this work email."))
            continue
        try:
            result = booking_create(session=session, person=person, actor=actor)
        except ValidationError as exc:
            results.append(RowResult(line, email, "refused", " ".join(exc.messages)))
        except (DomainError, PermissionDenied) as exc:
            results.append(RowResult(line, email, "refused", str(exc)))
        else:
            results.append(RowResult(line, email, result.booking.status))
    return results


def _date(value: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise ValueError(value)


def completions_import_csv(*, text: str, actor: Viewer) -> list[RowResult]:
    """Record completions from a file with ``work_email``, ``course`` (its title or number) and
    ``completed_on`` (2026-03-31 or 31/03/2026) columns."""
    if not coordinates(actor):
        raise PermissionDenied("Only a training coordinator imports completions.")
    rows = _rows(text, ("work_email", "course", "completed_on"))
    people = _people_by_email([row["work_email"] for _, row in rows])
    # Titles are unique per provider only: a title two providers share names no one course.
    by_title: dict[str, list[Course]] = {}
    by_id: dict[str, Course] = {}
    for each in Course.objects.all():
        by_title.setdefault(each.title.lower(), []).append(each)
        by_id[str(each.pk)] = each
    results = []
    for line, row in rows:
        email = row["work_email"]
        person = people.get(email.lower())
        named = by_title.get(row["course"].lower(), [])
        course = by_id.get(row["course"]) or (named[0] if len(named) == 1 else None)
        problem = None
        completed_on = None
        if person is None:
            problem = "Nobody has this work email."
        elif course is None and named:
            problem = f"More than one course is called {row['course']!r}: give its number."
        elif course is None:
            problem = f"No course is called {row['course']!r}."
        else:
            try:
                completed_on = _date(row["completed_on"])
            except ValueError:
                problem = "Give the date as 2026-03-31 or 31/03/2026."
        if (
            problem is None
            and person is not None
            and course is not None
            and completed_on is not None
        ):
            problem = (
                " ".join(
                    completion_problems(
                        person=person, course=course, completed_on=completed_on
                    ).values()
                )
                or None
            )
        if problem is not None or person is None or course is None or completed_on is None:
            results.append(
                RowResult(line, email, "refused", problem or "This row is not complete.")
            )
            continue
        with transaction.atomic():
            completion_record(
                person=person,
                course=course,
                completed_on=completed_on,
                source=Completion.Source.IMPORT,
                actor=actor,
            )
        results.append(RowResult(line, email, "recorded", course.title))
    return results

"""My learning: a person's bookings, completions with their certificates, CPD this year, the
courses they must hold, and the private address of their calendar feed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from academy.common.dates import today
from academy.people.models import Person
from academy.training import selectors, services
from academy.training.calendar import person_feed
from academy.training.certificates import certificate_pdf
from academy.training.models import CalendarFeed
from web.views.base import section
from web.views.training import common

#: Past bookings My learning lists (the newest); completions are all listed.
PAST_BOOKINGS_SHOWN = 20


@login_required
@section("training")
@require_safe
def my_learning(request: HttpRequest) -> HttpResponse:
    person = common.me(request)
    context: dict[str, Any] = {"person": person}
    if person is not None:
        context.update(_learning_of(request, person))
    return render(request, "web/training/my_learning.html", context)


def _learning_of(request: HttpRequest, person: Person) -> dict[str, Any]:
    now = timezone.now()
    bookings = selectors.my_bookings(person.pk)
    upcoming = list(
        bookings.filter(session__starts_at__gt=now, status__in=common.OPEN_BOOKING).order_by(
            "session__starts_at", "id"
        )
    )
    past = list(bookings.exclude(pk__in=[b.pk for b in upcoming])[:PAST_BOOKINGS_SHOWN])
    positions = selectors.waitlist_positions_for(upcoming)
    matrix = selectors.compliance_matrix(
        Person.objects.filter(pk=person.pk), as_of=today(), expiring_days=_expiring_days()
    )
    required = list(matrix.rows[0].cells.values()) if matrix.rows else []
    feed = CalendarFeed.objects.filter(person=person).first()
    standing = services.cpd_standing_for(person=person) if person.swe_number else None
    return {
        "upcoming": [(booking, positions.get(booking.pk)) for booking in upcoming],
        "past": past,
        "completions": list(selectors.my_completions(person.pk)),
        "required": sorted(required, key=lambda cell: cell.course.title),
        "expiring_days": _expiring_days(),
        "standing": standing,
        "feed_url": request.build_absolute_uri(reverse("web:calendar-feed", args=[feed.token]))
        if feed
        else "",
    }


def _expiring_days() -> int:
    return int(settings.TRAINING["EXPIRING_DAYS"])


@login_required
@require_safe
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """A completion's certificate, for the person and those who see their training."""
    completions = selectors.completions_visible_to(common.viewer(request))
    completion = get_object_or_404(completions.select_related("course__provider"), pk=pk)
    response = HttpResponse(certificate_pdf(completion), content_type="application/pdf")
    name = f"certificate-{completion.certificate_number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _own_person(request: HttpRequest) -> Person:
    person = common.me(request)
    if person is None:
        raise PermissionDenied
    return person


@login_required
@require_POST
def calendar_create(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_for(person=_own_person(request))
    messages.success(
        request, "Your calendar address is ready. Add it to your calendar as a subscription."
    )
    return redirect(reverse("web:my-learning") + "#calendar")


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_revoke(person=_own_person(request))
    messages.success(
        request,
        "You have a new calendar address. The old one no longer works: subscribe to the new one.",
    )
    return redirect(reverse("web:my-learning") + "#calendar")


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's booked sessions as a calendar to subscribe to. The address is the key: no
    sign-in, and a new address (revoking) stops the old one at once."""
    feed = selectors.calendar_feed_by_token(token)
    if feed is None:
        raise Http404
    body = person_feed(
        selectors.feed_bookings(feed.person_id),
        name=f"{settings.ACADEMY_NAME}: {feed.person.full_name}",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    return response

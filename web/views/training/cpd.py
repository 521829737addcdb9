"""The CPD log: entries for a Social Work England registration year, the year's standing
(enough pieces, a peer reflection, or exempt as a late registrant), adding an entry (from an
attended session, pre-filled), changing or deleting one, and an entry laid out in the order of
SWE's online form, to copy across."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from academy.common.dates import today
from academy.people.models import Person
from academy.training import rules, selectors, services
from academy.training.models import Booking, BookingStatus, CpdEntry
from web.forms import CpdEntryForm, GovukForm
from web.views.base import section
from web.views.pathways.common import posted, show_refusal
from web.views.training import common


def _person(request: HttpRequest) -> Person:
    """The signed-in person; an account with no person record keeps no CPD (403)."""
    person = common.me(request)
    if person is None:
        raise PermissionDenied
    return person


def _year(request: HttpRequest, config: rules.CpdRules) -> dt.date:
    """The registration year asked for (``?year=2025`` for the one starting 1 December 2025),
    or the current one."""
    current = rules.registration_year_start(today(), config)
    asked = request.GET.get("year", "")
    if asked.isdigit() and 2000 <= int(asked) <= current.year:
        return current.replace(year=int(asked))
    return current


@login_required
@section("training")
@require_safe
def cpd_log(request: HttpRequest) -> HttpResponse:
    person = common.me(request)
    if person is None:
        return render(request, "web/training/cpd.html", {"person": None})
    config = services.cpd_rules()
    year = _year(request, config)
    current = rules.registration_year_start(today(), config)
    year_end = rules.registration_year_end(year)
    entries = list(selectors.my_cpd(person.pk, year_starts=year))
    years = set(
        CpdEntry.objects.filter(person=person)
        .values_list("registration_year_starts", flat=True)
        .distinct()
    )
    return render(
        request,
        "web/training/cpd.html",
        {
            "person": person,
            "entries": entries,
            "year": year,
            "year_end": year_end,
            "is_current": year == current,
            "years": sorted(years | {current}, reverse=True),
            "standing": services.cpd_standing_for(person=person, as_of=min(today(), year_end)),
            "renewal_opens": rules.renewal_window_opens(year, config),
            "config": config,
            "hours": sum((entry.hours for entry in entries), start=0),
            "attended": list(selectors.attended_without_cpd(person.pk)[:10])
            if year == current
            else [],
        },
    )


def _entry(request: HttpRequest, pk: int) -> CpdEntry:
    """One of the signed-in person's own entries; anyone else's is a 404."""
    person_id = common.viewer(request).person_id
    if person_id is None:
        raise Http404
    return get_object_or_404(CpdEntry, pk=pk, person_id=person_id)


@login_required
@section("training")
@require_safe
def cpd_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    return render(
        request,
        "web/training/cpd_entry.html",
        {"entry": entry, "year_end": rules.registration_year_end(entry.registration_year_starts)},
    )


def _attended(person: Person, pk: str) -> Booking | None:
    if not pk.isdigit():
        return None
    return (
        selectors.with_session(
            Booking.objects.filter(pk=int(pk), person=person, status=BookingStatus.ATTENDED)
        )
        .select_related("session__course")
        .first()
    )


def _save_form(
    request: HttpRequest,
    form: CpdEntryForm,
    *,
    title: str,
    button: str,
    save: Callable[[dict[str, Any]], CpdEntry],
    intro: str = "",
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            entry = save(form.entry_data())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"‘{entry.title}’ is in your CPD log.")
            return redirect("web:cpd-entry", pk=entry.pk)
    return render(
        request,
        "web/training/form.html",
        {
            "form": form,
            "title": title,
            "caption": "My CPD log",
            "button": button,
            "intro": intro,
            "back": reverse("web:my-cpd"),
        },
    )


@login_required
@section("training")
def cpd_add(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    source = request.POST.get("booking") or request.GET.get("booking", "")
    booking = _attended(person, source)
    initial: dict[str, Any] = {}
    intro = ""
    if booking is not None:
        initial = CpdEntryForm.initial_for(services.cpd_entry_prefill(booking=booking))
        intro = (
            f"Filled in from {booking.session.course.title}, which you attended. "
            "Add what you learnt and the difference it makes."
        )
    form = CpdEntryForm(posted(request), initial=initial)

    def save(data: dict[str, Any]) -> CpdEntry:
        if booking is not None:
            data["booking"] = booking
        return services.cpd_entry_save(person=person, data=data)

    response = _save_form(
        request,
        form,
        title="Add a piece of CPD",
        button="Add to my CPD log",
        save=save,
        intro=intro,
    )
    return response


@login_required
@section("training")
def cpd_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    form = CpdEntryForm(
        posted(request),
        initial=CpdEntryForm.initial_for({n: getattr(entry, n) for n in CpdEntryForm.FIELDS}),
    )

    def save(data: dict[str, Any]) -> CpdEntry:
        return services.cpd_entry_save(person=entry.person, data=data, entry=entry)

    return _save_form(
        request, form, title=f"Change ‘{entry.title}’", button="Save changes", save=save
    )


@login_required
@section("training")
def cpd_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if request.method == "POST":
        title = entry.title
        services.cpd_entry_delete(entry=entry)
        messages.success(request, f"‘{title}’ was deleted from your CPD log.")
        return redirect("web:my-cpd")
    return render(request, "web/training/cpd_delete.html", {"entry": entry, "form": GovukForm()})

"""My notifications: everything the academy sent me, newest first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from academy.notifications import selectors, services
from academy.people.permissions import viewer_for
from web.paging import keyset_page
from web.views.base import section


@login_required
@section("notifications")
def notifications(request: HttpRequest) -> HttpResponse:
    person_id = viewer_for(request.user).person_id
    rows = selectors.inbox(person_id=person_id)
    page = keyset_page(rows, fields=("id",), query=request.GET, size=25, descending=True)
    return render(request, "web/notifications/list.html", {"page": page})


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    person_id = viewer_for(request.user).person_id
    if person_id is not None:
        count = services.notifications_mark_all_read(person_id=person_id)
        messages.success(
            request, f"Marked {count} notification{'s' if count != 1 else ''} as read."
        )
    return redirect("web:notifications")

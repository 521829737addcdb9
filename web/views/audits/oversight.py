"""What the PSW keeps: the moderation queue with each re-grade, the learning themes,
permission to audit a case again within the repeat window, and the learning bulletins everyone
reads once published."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from academy.audits import selectors, services
from academy.audits.models import AuditTheme, LearningBulletin, Moderation, RepeatAllowance
from academy.audits.permissions import leads_audits
from academy.people.permissions import viewer_for
from web.forms import AuditThemeForm, BulletinForm, RegradeForm, RepeatAllowanceForm
from web.paging import keyset_page
from web.views.audits.common import oversees, show_refusal
from web.views.base import section
from web.views.pathways.common import posted


def _lead_only(request: HttpRequest) -> None:
    if not leads_audits(viewer_for(request.user)):
        raise PermissionDenied


# ---------------------------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------------------------
@login_required
@section("audits")
@require_safe
def moderation_queue(request: HttpRequest) -> HttpResponse:
    _lead_only(request)
    queue = list(selectors.moderation_queue())
    return render(request, "web/audits/moderation.html", {"queue": queue})


@login_required
@section("audits")
def moderation_regrade(request: HttpRequest, pk: int) -> HttpResponse:
    _lead_only(request)
    moderation = get_object_or_404(Moderation.objects.select_related("audit"), pk=pk)
    audit = get_object_or_404(
        selectors.with_detail(selectors.audits_visible_to(viewer_for(request.user))),
        pk=moderation.audit_id,
    )
    form = RegradeForm(posted(request), initial={"grade": moderation.moderated_grade or None})
    if request.method == "POST" and form.is_valid():
        try:
            services.moderation_record(
                moderation=moderation, actor=viewer_for(request.user), **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            verdict = "agrees with" if moderation.agreed else "differs from"
            messages.success(
                request,
                f"Your grade for case {audit.case_reference} {verdict} the auditor's.",
            )
            return redirect("web:moderation")
    grouped: dict[str, list[Any]] = {}
    for response in audit.responses.all():
        grouped.setdefault(response.question.section.title, []).append(response)
    return render(
        request,
        "web/audits/regrade.html",
        {
            "moderation": moderation,
            "audit": audit,
            "sections": list(grouped.items()),
            "form": form,
        },
    )


# ---------------------------------------------------------------------------------------------
# Themes
# ---------------------------------------------------------------------------------------------
@login_required
@section("audits")
def theme_list(request: HttpRequest) -> HttpResponse:
    """Every theme, in use or retired; the PSW adds one below."""
    _lead_only(request)
    form = AuditThemeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_save(**form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"‘{theme.name}’ was added to the themes.")
            return redirect("web:audit-themes")
    themes = list(selectors.themes(active_only=False))
    return render(request, "web/audits/themes.html", {"themes": themes, "form": form})


@login_required
@section("audits")
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _lead_only(request)
    theme = get_object_or_404(AuditTheme, pk=pk)
    form = AuditThemeForm(
        posted(request),
        initial={"name": theme.name, "description": theme.description, "active": theme.active},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_save(theme=theme, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"‘{theme.name}’ was saved.")
            return redirect("web:audit-themes")
    return render(request, "web/audits/theme_form.html", {"theme": theme, "form": form})


# ---------------------------------------------------------------------------------------------
# Repeat audits
# ---------------------------------------------------------------------------------------------
@login_required
@section("audits")
def repeat_allowances(request: HttpRequest) -> HttpResponse:
    """The PSW's permissions to audit a case again within the repeat window, latest first,
    each with the audit that used it; the PSW gives one below."""
    _lead_only(request)
    # An allowance is recorded under the name of the person who gave it: an administrator's
    # account, which is no one in the academy, reads the list but gives none.
    gives = viewer_for(request.user).person_id is not None
    if request.method == "POST" and not gives:
        raise PermissionDenied("A repeat audit is allowed by the PSW, under their own name.")
    form = RepeatAllowanceForm(posted(request), case_hint=settings.AUDITS["CASE_REFERENCE_HINT"])
    if request.method == "POST" and form.is_valid():
        try:
            allowance = services.repeat_allow(actor=viewer_for(request.user), **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                f"Case {allowance.case_reference} may be audited once more. Its next audit "
                "records your reason.",
            )
            return redirect("web:repeat-allowances")
    allowances = RepeatAllowance.objects.select_related("allowed_by", "used_by")
    page = keyset_page(
        allowances, fields=("created_at", "id"), query=request.GET, size=25, descending=True
    )
    return render(
        request,
        "web/audits/repeat_allowances.html",
        {
            "form": form,
            "gives": gives,
            "page": page,
            "months": settings.AUDITS["REPEAT_MONTHS"],
        },
    )


# ---------------------------------------------------------------------------------------------
# Learning bulletins
# ---------------------------------------------------------------------------------------------
def _bulletins(request: HttpRequest) -> Any:
    lead = leads_audits(viewer_for(request.user))
    return selectors.bulletins(published_only=not lead).select_related("published_by")


def _bulletin_section(request: HttpRequest) -> None:
    viewer = viewer_for(request.user)
    request.section = "audits" if oversees(viewer) else "my-audits"  # type: ignore[attr-defined]


@login_required
@require_safe
def bulletin_list(request: HttpRequest) -> HttpResponse:
    _bulletin_section(request)
    bulletins = list(_bulletins(request).order_by("-period_end", "-id"))
    return render(
        request,
        "web/audits/bulletins.html",
        {
            "drafts": [b for b in bulletins if b.published_at is None],
            "published": [b for b in bulletins if b.published_at is not None],
            "leads": leads_audits(viewer_for(request.user)),
        },
    )


@login_required
@require_safe
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _bulletin_section(request)
    bulletin = get_object_or_404(_bulletins(request), pk=pk)
    return render(
        request,
        "web/audits/bulletin.html",
        {"bulletin": bulletin, "leads": leads_audits(viewer_for(request.user))},
    )


def _bulletin_form(request: HttpRequest, bulletin: LearningBulletin | None) -> HttpResponse:
    _lead_only(request)
    request.section = "audits"  # type: ignore[attr-defined]
    initial = BulletinForm.initial_for(bulletin) if bulletin is not None else {}
    form = BulletinForm(posted(request), initial=initial, themes=selectors.themes())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        publish = request.POST.get("action") == "publish"
        try:
            saved = services.bulletin_save(
                data=data,
                themes=themes,
                publish=publish,
                actor=viewer_for(request.user),
                bulletin=bulletin,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            done = "published" if saved.published_at is not None else "saved as a draft"
            messages.success(request, f"‘{saved.title}’ was {done}.")
            return redirect("web:bulletin", pk=saved.pk)
    return render(request, "web/audits/bulletin_form.html", {"form": form, "bulletin": bulletin})


@login_required
def bulletin_new(request: HttpRequest) -> HttpResponse:
    return _bulletin_form(request, None)


@login_required
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _lead_only(request)
    bulletin = get_object_or_404(selectors.bulletins(published_only=False), pk=pk)
    return _bulletin_form(request, bulletin)

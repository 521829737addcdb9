"""Pathway templates: the list, a template with its milestones and rules in words, and the
PSW's forms to copy one into a local variant and to change its basic fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from academy.pathways import selectors, services
from academy.pathways.models import PathwayTemplate
from web.forms import TemplateCopyForm, TemplateForm
from web.views.base import section
from web.views.pathways import describe
from web.views.pathways.common import posted, require, show_refusal


@login_required
@section("pathways")
def template_list(request: HttpRequest) -> HttpResponse:
    require(request, "pathways.view_template")
    return render(
        request,
        "web/pathways/templates.html",
        {
            "templates": selectors.templates_list().select_related("based_on"),
            "can_plan": request.user.has_perm("pathways.plan"),
        },
    )


def _template(request: HttpRequest, pk: int) -> PathwayTemplate:
    require(request, "pathways.view_template")
    return get_object_or_404(selectors.templates_list().select_related("based_on"), pk=pk)


@login_required
@section("pathways")
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    milestones = list(template.milestones.all())
    titles = {m.key: m.title for m in milestones}
    return render(
        request,
        "web/pathways/template.html",
        {
            "template": template,
            "milestones": [
                (
                    m,
                    describe.milestone_offset(m.offset_months, m.offset_days),
                    describe.evidence_named(m.evidence_needed),
                )
                for m in milestones
            ],
            "supervision": describe.supervision_schedule(template.supervision_schedule),
            "development": describe.development_rule(template.development_rule),
            "evidence": describe.evidence_minimums(template),
            "evidence_deadline": titles.get(template.evidence_deadline_key, ""),
            "eligibility": describe.eligibility_checks(template.eligibility_checks),
            "data": describe.as_json(
                {
                    "supervision_schedule": template.supervision_schedule,
                    "development_rule": template.development_rule,
                    "evidence_minimums": template.evidence_minimums,
                    "eligibility_checks": template.eligibility_checks,
                }
            ),
            "can_plan": request.user.has_perm("pathways.plan"),
        },
    )


@login_required
@section("pathways")
def template_copy(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    require(request, "pathways.plan")
    form = TemplateCopyForm(
        posted(request),
        initial={"name": f"{template.name} (local)", "key": f"{template.key}-local"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.pathway_template_copy(template=template, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{copy.name} was made from {template.name}.")
            return redirect("web:pathway-template", pk=copy.pk)
    return render(request, "web/pathways/template_copy.html", {"form": form, "template": template})


@login_required
@section("pathways")
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    require(request, "pathways.plan")
    form = TemplateForm(
        posted(request),
        initial={name: getattr(template, name) for name in TemplateForm.FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        changes = {
            name: value for name, value in form.cleaned_data.items() if name in form.changed_data
        }
        try:
            services.pathway_template_update(template=template, changes=changes)
        except ValidationError as error:
            show_refusal(form, error)
            template.refresh_from_db()
        else:
            messages.success(request, f"{template.name} was updated.")
            return redirect("web:pathway-template", pk=template.pk)
    return render(request, "web/pathways/template_form.html", {"form": form, "template": template})

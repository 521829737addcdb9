"""The demo academy's case file audits: twelve months across teams with every grade, action plans
and re-audits, moderation, feedback acknowledged, this month under way, the learning bulletin,
and the reminders all that gives.

Every test here reads the academy seeded once for the module (``seeded``); the seed on other
days is in ``test_seed_days``."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from academy.audits import rules, selectors, services
from academy.audits.models import (
    AuditAction,
    AuditQuota,
    AuditResponse,
    AuditTemplate,
    AuditTheme,
    CaseAudit,
    Grade,
    LearningBulletin,
    Moderation,
    RepeatAllowance,
)
from academy.audits.reminders import audit_reminders_sweep
from academy.common.dates import add_months
from academy.common.dates import today as _today
from academy.demo import audit_data
from academy.demo.builder import demo_seed
from academy.notifications.models import Notification
from academy.people.models import Person, Role, Team
from academy.people.permissions import viewer_for

pytestmark = pytest.mark.django_db


def person(login: str) -> Person:
    return Person.objects.get(user__username=login)


def this_month() -> dt.date:
    return rules.month_start(_today())


def client_for(who: Person) -> Client:
    client = Client()
    client.force_login(who.user)
    return client


# ---------------------------------------------------------------------------------------------
# Twelve months across teams
# ---------------------------------------------------------------------------------------------
def test_twelve_months_of_audits_across_teams_on_the_seeded_template_with_every_grade(seeded):
    template = AuditTemplate.objects.get(key="asc-case-file-audit", current=True)
    audits = CaseAudit.objects.all()
    assert set(audits.values_list("template", flat=True)) == {template.pk}
    months = {rules.month_start(day) for day in audits.values_list("audit_date", flat=True)}
    assert months == {add_months(this_month(), -n) for n in range(12)}
    submitted = audits.filter(status=CaseAudit.Status.SUBMITTED)
    grades = Counter(submitted.values_list("grade", flat=True))
    assert set(grades) == set(Grade.values)
    assert grades[Grade.GOOD] > grades[Grade.OUTSTANDING] > grades[Grade.INADEQUATE]
    assert grades[Grade.REQUIRES_IMPROVEMENT] > grades[Grade.INADEQUATE]
    assert 3 <= grades[Grade.INADEQUATE] <= 8
    assert audits.values("team").distinct().count() >= 8
    # Tagged with the academy's own learning themes, across the list.
    assert submitted.filter(themes__isnull=True).count() < submitted.count() // 4
    themes = set(submitted.values_list("themes__name", flat=True)) - {None}
    assert len(themes) >= 7
    assert themes <= set(AuditTheme.objects.values_list("name", flat=True))
    assert not audits.filter(audit_date__gt=_today()).exists()
    # Every submitted audit answers every question, and its grade is what its answers give.
    questions = template.sections.values_list("questions", flat=True).count()
    for audit in submitted.prefetch_related("responses__question"):
        answers = list(audit.responses.all())
        assert len(answers) == questions
        _, grade = rules.grade_for(
            [rules.Scored(a.answer, a.question.weight, a.question.limiting) for a in answers],
            scale=template.answer_scores,
            bands=template.grade_bands,
            limiting_cap=template.limiting_cap,
        )
        assert audit.computed_grade == grade, audit
        assert audit.grade == grade or audit.grade_override_reason


def test_past_months_met_their_quota_except_one_the_hospital_team_missed(seeded):
    teams = list(Team.objects.filter(organisation__hosts_academy=True).values_list("pk", flat=True))
    last_month = add_months(this_month(), -1)
    shortfalls = {}
    for months_ago in range(1, 12):
        month = add_months(this_month(), -months_ago)
        progress = selectors.programme(team_ids=teams, month=month, as_of=_today())
        for team_id, month_progress in progress.items():
            if month_progress.overdue:
                shortfalls[(team_id, month)] = month_progress.overdue
    hospital = Team.objects.get(name="Hospital Discharge Team")
    assert shortfalls == {(hospital.pk, last_month): 1}
    quotas = dict(AuditQuota.objects.values_list("team__name", "per_manager"))
    assert quotas["Reablement Service"] == quotas["Social Work Academy"] == 0
    assert quotas["Transitions Team"] == 1


def test_audits_hold_case_references_and_never_name_anyone(seeded):
    pattern = settings.AUDITS["CASE_REFERENCE_PATTERN"]
    names = Person.objects.values_list("last_name", flat=True)
    surnames = {name.casefold() for name in names if len(name) > 3}
    for audit in CaseAudit.objects.all():
        assert re.fullmatch(pattern, audit.case_reference)
        feedback = f"{audit.strengths} {audit.areas_to_develop}".casefold()
        assert not set(re.findall(r"[a-z']+", feedback)) & surnames, audit
    comments = " ".join(AuditResponse.objects.values_list("comment", flat=True)).casefold()
    assert not set(re.findall(r"[a-z']+", comments)) & surnames
    # A case is audited once in twelve months, but for re-audits and the PSW's one repeat.
    repeats = Counter(
        CaseAudit.objects.filter(reaudit_of__isnull=True).values_list("case_reference", flat=True)
    )
    [(reference, times)] = [(ref, n) for ref, n in repeats.items() if n > 1]
    assert times == 2
    [allowance] = RepeatAllowance.objects.all()
    assert allowance.case_reference == reference
    assert allowance.allowed_by == person("psw")
    assert allowance.used_by.repeat_allowed_by == person("psw")


def test_one_grade_was_changed_by_the_manager_with_a_reason(seeded):
    [changed] = CaseAudit.objects.exclude(grade_override_reason="")
    assert changed.grade != changed.computed_grade
    assert changed.grade_override_reason


# ---------------------------------------------------------------------------------------------
# Inadequate audits, actions, re-audits
# ---------------------------------------------------------------------------------------------
def test_every_inadequate_audit_has_an_action_plan_and_a_reaudit_once_it_is_due(seeded):
    inadequate = CaseAudit.objects.filter(grade=Grade.INADEQUATE, reaudit_of__isnull=True)
    waiting = 0
    for audit in inadequate:
        actions = list(audit.actions.all())
        assert len(actions) >= 2, audit
        assert {a.owner_id for a in actions} == {audit.practitioner_id, audit.auditor_id}
        assert all(a.due_date > audit.audit_date for a in actions)
        assert audit.reaudit_due == add_months(audit.audit_date, audit.template.reaudit_months)
        reaudits = list(audit.reaudits.all())
        if audit.reaudit_due <= _today():
            [reaudit] = reaudits
            assert reaudit.case_reference == audit.case_reference
            assert audit.audit_date < reaudit.audit_date <= audit.reaudit_due
            assert reaudit.grade in (Grade.GOOD, Grade.REQUIRES_IMPROVEMENT)
        else:
            assert reaudits == []
            waiting += 1
    assert waiting >= 1
    done = AuditAction.objects.filter(status=AuditAction.Status.DONE)
    assert done.exists()
    assert all(a.completed_on is not None and a.completed_on <= a.due_date for a in done)
    overdue = AuditAction.objects.filter(status=AuditAction.Status.OPEN, due_date__lt=_today())
    assert overdue.count() == 1


# ---------------------------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------------------------
def test_past_months_were_moderated_mostly_in_agreement_and_last_month_has_one_left(seeded):
    last_month = add_months(this_month(), -1)
    months = {add_months(this_month(), -n) for n in range(1, 12)}
    assert set(Moderation.objects.values_list("sample_month", flat=True)) == months
    assert not Moderation.objects.filter(sample_month=this_month()).exists()
    [left] = selectors.moderation_queue()
    assert left.sample_month == last_month
    done = Moderation.objects.filter(moderated_at__isnull=False)
    assert done.count() >= 40
    agreed = done.filter(agreed=True).count()
    assert 0.7 <= agreed / done.count() < 1
    assert set(done.values_list("moderator", flat=True)) == {person("psw").pk}
    for moderation in done.select_related("audit"):
        assert moderation.agreed == (moderation.moderated_grade == moderation.audit.grade)
        moderated_at = moderation.moderated_at
        assert moderated_at is not None
        assert moderated_at.date() > moderation.sample_month
        assert moderated_at <= timezone.now()
        assert moderation.agreed or moderation.note


def test_moderation_covered_every_auditing_team_each_quarter(seeded):
    audited = CaseAudit.objects.filter(
        status=CaseAudit.Status.SUBMITTED, audit_date__lt=this_month()
    )
    for months_ago in (3, 6, 9):
        quarter = rules.quarter_start(add_months(this_month(), -months_ago))
        end = add_months(quarter, 3) - dt.timedelta(days=1)
        teams = set(
            audited.filter(audit_date__gte=quarter, audit_date__lte=end).values_list(
                "team", flat=True
            )
        )
        moderated = set(
            Moderation.objects.filter(sample_month__gte=quarter, sample_month__lte=end).values_list(
                "audit__team", flat=True
            )
        )
        assert teams == moderated, quarter


# ---------------------------------------------------------------------------------------------
# Feedback and this month
# ---------------------------------------------------------------------------------------------
def test_the_worker_has_audits_to_acknowledge_and_one_acknowledged_with_a_reflection(seeded):
    worker = person("worker")
    visible = selectors.audits_visible_to(viewer_for(worker.user))
    assert set(visible) == set(CaseAudit.objects.filter(practitioner=worker, status="submitted"))
    waiting = visible.filter(acknowledged_at__isnull=True)
    assert waiting.count() >= 2
    [reflected] = visible.filter(acknowledged_at__isnull=False)
    assert reflected.reflection
    audit = waiting.first()
    services.audit_acknowledge(audit=audit, actor=viewer_for(worker.user), reflection="Noted.")
    audit.refresh_from_db()
    assert audit.acknowledged_at is not None


def test_feedback_was_acknowledged_after_it_was_submitted_and_some_with_reflections(seeded):
    submitted = CaseAudit.objects.filter(status=CaseAudit.Status.SUBMITTED)
    acknowledged = submitted.filter(acknowledged_at__isnull=False)
    assert acknowledged.count() > submitted.count() // 2
    assert acknowledged.exclude(reflection="").count() >= 20
    now = timezone.now()
    for audit in submitted:
        submitted_at = audit.submitted_at
        assert submitted_at is not None
        assert timezone.localtime(submitted_at).date() >= audit.audit_date
        assert submitted_at <= now
        if audit.acknowledged_at:
            assert submitted_at <= audit.acknowledged_at <= now
    older = submitted.filter(audit_date__lt=add_months(this_month(), -1))
    assert older.filter(acknowledged_at__isnull=False).count() > 0.8 * older.count()


def test_this_month_the_managers_team_is_part_done_with_a_draft_in_progress(seeded):
    manager = person("manager")
    assert manager.team_id is not None
    [progress] = selectors.programme(
        team_ids=[manager.team_id], month=this_month(), as_of=_today()
    ).values()
    assert progress.status == rules.ProgrammeStatus.IN_PROGRESS
    assert progress.submitted == 1
    assert progress.in_progress == 1
    assert progress.quota == settings.AUDITS["QUOTA_PER_MANAGER"]
    [draft] = CaseAudit.objects.filter(team=manager.team, status=CaseAudit.Status.DRAFT)
    assert draft.auditor == manager
    assert draft.responses.exclude(answer="").exists()
    assert draft.responses.filter(answer="").exists()
    page = client_for(manager).get(reverse("web:audits"))
    assert page.status_code == 200


# ---------------------------------------------------------------------------------------------
# The bulletin
# ---------------------------------------------------------------------------------------------
def test_last_quarters_bulletin_is_published_with_its_themes_and_names_no_one(seeded):
    [bulletin] = LearningBulletin.objects.all()
    quarter = rules.quarter_start(_today())
    assert bulletin.period_end == quarter - dt.timedelta(days=1)
    assert bulletin.period_start == add_months(quarter, -3)
    assert bulletin.published_by == person("psw")
    assert bulletin.period_end < bulletin.published_at.date() <= _today()
    themes = [t.name.lower() for t in bulletin.themes.all()]
    assert len(themes) == audit_data.BULLETIN_THEMES
    assert all(name in bulletin.to_improve.lower() for name in themes)
    text = f"{bulletin.title} {bulletin.went_well} {bulletin.to_improve}".casefold()
    words = set(re.findall(r"[a-z']+", text))
    surnames = {name.casefold() for name in Person.objects.values_list("last_name", flat=True)}
    assert not words & surnames


# ---------------------------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------------------------
def test_the_audit_sweep_reminds_of_this_months_audits_feedback_overdue_audits_and_actions(
    seeded,
):
    assert not Notification.objects.exists()
    queued = audit_reminders_sweep()
    kinds = Counter(Notification.objects.values_list("kind", flat=True))
    assert queued == sum(kinds.values())
    assert kinds["audits.month_due"] >= 9
    assert kinds["audits.acknowledge"] > 0
    assert kinds["audits.action_overdue"] == 1
    overdue = set(
        Notification.objects.filter(kind="audits.overdue").values_list("recipient", flat=True)
    )
    hospital_manager = Person.objects.get(
        roles__role=Role.TEAM_MANAGER, roles__team__name="Hospital Discharge Team"
    )
    assert overdue == {hospital_manager.pk, person("psw").pk}
    not_audited = Notification.objects.filter(
        kind="audits.month_due", subject__contains="Reablement"
    )
    assert not not_audited.exists()


# ---------------------------------------------------------------------------------------------
# Idempotency
# ---------------------------------------------------------------------------------------------
def test_a_second_run_audits_nothing_more_and_moderates_nothing_more(seeded):
    tables = (CaseAudit, AuditResponse, AuditAction, Moderation, LearningBulletin, AuditQuota)
    before = {model: list(model.objects.order_by("pk").values()) for model in tables}
    report = demo_seed()
    assert {model: list(model.objects.order_by("pk").values()) for model in tables} == before
    assert report.audits.created == report.moderations.created == report.bulletins.created == 0
    assert report.audits.existing == CaseAudit.objects.count()
    assert report.bulletins.existing == 1
    assert not Notification.objects.exists()


def test_a_quota_the_psw_changed_is_kept(seeded):
    reablement = Team.objects.get(name="Reablement Service")
    services.quota_set(team=reablement, per_manager=1, actor=viewer_for(person("psw").user))
    demo_seed()
    assert AuditQuota.objects.get(team=reablement).per_manager == 1

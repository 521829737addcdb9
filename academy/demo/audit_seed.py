"""Build the demo academy's case file audits through the audits services.

``audits_seed`` writes the twelve months ``audit_plan`` works out: each audit by its team's
manager on the seeded template, submitted (or still a draft), with an action plan when it is
Inadequate and its re-audit once due, acknowledged by the practitioner (some with a reflection);
each past month's moderation sample drawn and re-graded by the PSW; last quarter's learning
bulletin published. An audit is written only when its case is new (with its re-audit, repeat
and actions), a month's moderation only when the month has no sample, a bulletin only when none
has its title: so a second run writes nothing.

The services stamp the clock on what they record (submitted, acknowledged, moderated, published,
an action done); the seed then dates those to the day they happened in the demo's history.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from academy.audits import rules, selectors, services
from academy.audits.models import (
    AuditAction,
    AuditQuota,
    AuditTemplate,
    AuditTheme,
    CaseAudit,
    LearningBulletin,
    Moderation,
)
from academy.demo import audit_data as table
from academy.demo.acting import Actors
from academy.demo.audit_plan import (
    PlannedAudit,
    Question,
    answers_for,
    audit_plan,
    standards_by_strength,
)
from academy.demo.data import Ref
from academy.demo.roster import PersonSpec
from academy.people.models import Person, Role, Team
from academy.people.permissions import Viewer

#: Hours of the day things were done (local time).
SUBMITTED_AT, ACKNOWLEDGED_AT, MODERATED_AT = dt.time(16), dt.time(10), dt.time(11)
#: Days after submitting that a practitioner acknowledged (low, high).
ACKNOWLEDGED_AFTER = (1, 9)
#: Days after the month's end that the PSW moderated its sample; a bulletin followed its
#: quarter by this many days.
MODERATED_AFTER_DAYS = 10
PUBLISHED_AFTER_DAYS = 12
#: Share of a team's audits that raise the team's own recurring theme.
TEAM_THEME_SHARE = 0.5
#: Sampled audits of last month left in the PSW's moderation queue.
LEFT_TO_MODERATE = 1


@dataclass(frozen=True)
class AuditsMade:
    """(created, already there) for each kind of thing the audit seed makes."""

    audits: tuple[int, int]
    moderations: tuple[int, int]
    bulletins: tuple[int, int]


@dataclass
class _Context:
    today: dt.date
    now: dt.datetime
    people: Mapping[Ref, Person]
    template: AuditTemplate
    questions: list[Question]
    themes: Mapping[str, AuditTheme]
    managers: Mapping[str, Person]  # by team key
    actors: Actors
    psw: Viewer
    written: dict[int, CaseAudit] = field(default_factory=dict)  # by id(PlannedAudit)
    dated: list[CaseAudit] = field(default_factory=list)
    turn: int = 0  # the next reflection and action plan


def audits_seed(
    *,
    people: Mapping[Ref, Person],
    roster: Sequence[PersonSpec],
    teams: Mapping[str, Team],
    today: dt.date,
) -> AuditsMade:
    """Create whatever of the demo's audits is missing. Call inside the seed's transaction,
    after the people are there."""
    template = AuditTemplate.objects.get(key=table.TEMPLATE_KEY, current=True)
    actors = Actors()
    context = _Context(
        today=today,
        now=timezone.now(),
        people=people,
        template=template,
        questions=_questions(template),
        themes={t.name: t for t in AuditTheme.objects.filter(active=True)},
        managers={
            spec.team: people[spec.ref]
            for spec in roster
            if spec.team and Role.TEAM_MANAGER in spec.roles
        },
        actors=actors,
        psw=actors.of(people["psw"]),
    )
    _quotas(teams, context.psw)
    plan = audit_plan(
        roster,
        today=today,
        default_quota=settings.AUDITS["QUOTA_PER_MANAGER"],
        reaudit_months=template.reaudit_months,
    )
    existing = set(
        CaseAudit.objects.filter(case_reference__in={a.reference for a in plan}).values_list(
            "case_reference", flat=True
        )
    )
    drawn = 0
    first = month = rules.month_start(plan[0].day)
    for audit in plan:
        while rules.month_start(audit.day) > month:
            drawn += _moderate(month, context)
            month = rules.add_months(month, 1)
        if audit.reference not in existing:
            _audit(audit, context)
    while month < rules.month_start(today):
        drawn += _moderate(month, context)
        month = rules.add_months(month, 1)
    CaseAudit.objects.bulk_update(context.dated, ["submitted_at", "acknowledged_at"])
    written = len(context.written)
    return AuditsMade(
        audits=(written, len(plan) - written),
        moderations=(drawn, Moderation.objects.filter(sample_month__gte=first).count() - drawn),
        bulletins=_bulletin(today, context),
    )


def _questions(template: AuditTemplate) -> list[Question]:
    return [
        Question(q.pk, q.practice_standard, q.weight, q.limiting)
        for section in template.sections.prefetch_related("questions")
        for q in section.questions.all()
    ]


def _quotas(teams: Mapping[str, Team], psw: Viewer) -> None:
    """Teams with their own quota get it, unless someone has set one already."""
    wanted = {row.team: row.quota for row in table.AUDITED_TEAMS if row.quota is not None}
    wanted.update(dict.fromkeys(table.NOT_AUDITED, 0))
    set_already = set(
        AuditQuota.objects.filter(team__in=[teams[k] for k in wanted]).values_list(
            "team_id", flat=True
        )
    )
    for key, per_manager in wanted.items():
        if teams[key].pk not in set_already:
            services.quota_set(team=teams[key], per_manager=per_manager, actor=psw)


# ---------------------------------------------------------------------------------------------
# An audit and what followed it
# ---------------------------------------------------------------------------------------------
def _audit(planned: PlannedAudit, context: _Context) -> None:
    manager = context.actors.of(context.managers[planned.team])
    scoring = {
        "answer_scores": context.template.answer_scores,
        "grade_bands": context.template.grade_bands,
        "limiting_cap": context.template.limiting_cap,
    }
    answers = answers_for(planned, context.questions, scoring)
    strengths, areas, themes = _feedback(planned, answers, context)
    follows = context.written.get(id(planned.follows)) if planned.follows else None
    if planned.repeat_reason:
        services.repeat_allow(
            case_reference=planned.reference, reason=planned.repeat_reason, actor=context.psw
        )
    grade, reason = planned.override
    audit = services.audit_save(
        actor=manager,
        template=context.template,
        practitioner=context.people[planned.practitioner],
        case_reference=planned.reference,
        audit_date=planned.day,
        answers=answers,
        strengths=strengths,
        areas_to_develop=areas,
        themes=themes,
        submit=not planned.draft,
        grade_override=grade,
        override_reason=reason,
        reaudit_of=follows if follows is not None and not planned.repeat_reason else None,
    )
    context.written[id(planned)] = audit
    if planned.draft:
        return
    submitted = audit.submitted_at = _moment(planned.day, SUBMITTED_AT, context)
    if audit.grade == table.INADEQUATE:
        _action_plan(planned, audit, manager, context)
    if planned.acknowledged:
        _acknowledge(planned, audit, submitted, context)
    context.dated.append(audit)


def _acknowledge(
    planned: PlannedAudit, audit: CaseAudit, submitted: dt.datetime, context: _Context
) -> None:
    """The practitioner read the feedback a few days after it came, some adding a reflection."""
    reflection = ""
    if planned.reflection:
        reflection = table.REFLECTIONS[context.turn % len(table.REFLECTIONS)]
        context.turn += 1
    services.audit_acknowledge(
        audit=audit,
        actor=context.actors.of(context.people[planned.practitioner]),
        reflection=reflection,
    )
    rng = random.Random(f"{table.AUDIT_SEED}:acknowledged:{planned.seed}")  # noqa: S311
    later = planned.day + dt.timedelta(days=rng.randint(*ACKNOWLEDGED_AFTER))
    audit.acknowledged_at = max(_moment(later, ACKNOWLEDGED_AT, context), submitted)


def _moment(day: dt.date, at: dt.time, context: _Context) -> dt.datetime:
    """That day and time, or now if it has not come yet."""
    return min(timezone.make_aware(dt.datetime.combine(day, at)), context.now)


def _feedback(
    planned: PlannedAudit, answers: Sequence[Mapping[str, object]], context: _Context
) -> tuple[str, str, list[AuditTheme]]:
    """What went well (the strongest standards), what to develop (the weakest ones below
    full marks) and the themes those raise, with the team's own recurring theme."""
    scale = context.template.answer_scores
    ranked = standards_by_strength(context.questions, answers, scale)
    weak = [
        s
        for s in ranked[::-1][:2]
        if any(
            q.standard == s and a["answer"] in ("partly", "no")
            for q, a in zip(context.questions, answers, strict=True)
        )
    ]
    strengths = " ".join(table.STRENGTHS[s] for s in ranked[:2] if s not in weak)
    areas = " ".join(table.AREAS_TO_DEVELOP[s] for s in weak) or table.NOTHING_TO_DEVELOP
    names = [table.STANDARD_THEMES[s] for s in weak]
    team = next(t for t in table.AUDITED_TEAMS if t.team == planned.team)
    rng = random.Random(f"{table.AUDIT_SEED}:theme:{planned.seed}")  # noqa: S311
    if team.theme and rng.random() < TEAM_THEME_SHARE:
        names.append(team.theme)
    themes = [context.themes[n] for n in dict.fromkeys(names) if n in context.themes]
    return strengths, areas, themes


def _action_plan(
    planned: PlannedAudit, audit: CaseAudit, manager: Viewer, context: _Context
) -> None:
    """The actions an Inadequate grade needs: those due by today done on time (or, for one
    audit, the first left open past its date), the rest open."""
    plan = table.ACTION_PLANS[context.turn % len(table.ACTION_PLANS)]
    context.turn += 1
    owners = {
        "practitioner": context.people[planned.practitioner],
        "manager": context.managers[planned.team],
    }
    for index, (description, owner, days) in enumerate(plan):
        due = planned.day + dt.timedelta(days=days)
        action = services.action_add(
            audit=audit, description=description, owner=owners[owner], due_date=due, actor=manager
        )
        if due < context.today and not (planned.overdue_action and index == 0):
            services.action_set_status(action=action, status=AuditAction.Status.DONE, actor=manager)
            done_on = due - dt.timedelta(days=index + 1)
            AuditAction.objects.filter(pk=action.pk).update(completed_on=done_on)


# ---------------------------------------------------------------------------------------------
# Moderation and the bulletin
# ---------------------------------------------------------------------------------------------
def _moderate(month: dt.date, context: _Context) -> int:
    """Draw a past month's sample and re-grade it (mostly agreeing), unless it has a sample
    already or the seed wrote none of its audits. Last month keeps a few in the PSW's queue.
    Returns the number drawn."""
    if month >= rules.month_start(context.today):
        return 0
    ours = [a for a in context.written.values() if rules.month_start(a.audit_date) == month]
    if not ours or Moderation.objects.filter(sample_month=month).exists():
        return 0
    sample = services.moderation_draw(month=month)
    last_month = rules.add_months(rules.month_start(context.today), -1)
    to_do = sample[: len(sample) - LEFT_TO_MODERATE] if month == last_month else sample
    moments = []
    for moderation in to_do:
        reference = moderation.audit.case_reference
        rng = random.Random(f"{table.AUDIT_SEED}:moderation:{reference}")  # noqa: S311
        grade, note = _regrade(moderation.audit.grade, rng)
        services.moderation_record(moderation=moderation, grade=grade, note=note, actor=context.psw)
        day = rules.month_end(month) + dt.timedelta(days=MODERATED_AFTER_DAYS)
        moderation.moderated_at = _moment(day, MODERATED_AT, context)
        moments.append(moderation)
    Moderation.objects.bulk_update(moments, ["moderated_at"])
    return len(sample)


def _regrade(grade: str, rng: random.Random) -> tuple[str, str]:
    """The PSW's grade: the manager's, mostly; else one step kinder or harsher, with a note."""
    if rng.randrange(100) < table.AGREEMENT_PERCENT:
        return grade, ""
    order = list(rules.GRADE_ORDER)
    at = order.index(grade)
    kinder = at > 0 and (at == len(order) - 1 or rng.random() < 0.5)
    return order[at - 1 if kinder else at + 1], table.MODERATION_NOTES[
        "kinder" if kinder else "harsher"
    ]


def _bulletin(today: dt.date, context: _Context) -> tuple[int, int]:
    """Last quarter's bulletin, tagged with its most frequent themes, published after it."""
    end = rules.quarter_start(today) - dt.timedelta(days=1)
    start = rules.quarter_start(end)
    title = table.BULLETIN_TITLE.format(start=start, end=end)
    if LearningBulletin.objects.filter(title=title).exists():
        return 0, 1
    summary = selectors.period_summary(CaseAudit.objects.all(), start=start, end=end)
    top = [name for name in summary.themes if name in context.themes][: table.BULLETIN_THEMES]
    names = [name.lower() for name in top]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    bulletin = services.bulletin_save(
        data={
            "title": title,
            "period_start": start,
            "period_end": end,
            "went_well": table.BULLETIN_WENT_WELL,
            "to_improve": table.BULLETIN_TO_IMPROVE.format(themes=listed or "few"),
        },
        themes=[context.themes[name] for name in top],
        publish=True,
        actor=context.psw,
    )
    published = _moment(end + dt.timedelta(days=PUBLISHED_AFTER_DAYS), MODERATED_AT, context)
    LearningBulletin.objects.filter(pk=bulletin.pk).update(published_at=published)
    return 1, 0

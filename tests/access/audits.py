# ruff: noqa: E501  (the matrix below is a wide table, one request per line)
"""The access matrix's rows for case file audits (read as ``tests.test_access_matrix`` says).

The rules (``academy.audits.permissions``): a team manager records, changes and discards the
audits of their own team's practitioners (never their own) and sees them, drafts included; a
practitioner sees their own audits once submitted, acknowledges them and drafts CPD from them;
the PSW and DASS see every audit; the PSW keeps the templates, themes, moderation, repeat
audits and learning bulletins, plans actions on any audit and discards any draft; everyone
signed in reads the published bulletins; admins (superusers) see what the PSW sees and keep what
the PSW keeps, but record no audit and, having no person to name, allow no repeat audit. An
audit the role may not see is 404, one it sees but may not act on is 403; a submitted audit is
never changed or discarded (400 from the API; the pages send those who may act back to it).

Placeholders: ``{a_audit}`` nqsw's audit, recorded and submitted by ``manager`` (team A) this
month and graded Inadequate; ``{a_action}`` the action on it, owned by nqsw; ``{a_draft}`` the
manager's draft audit of ``worker`` (team A); ``{a_other}`` outsider's submitted audit (team B,
which no login of the scenario manages); ``{a_moderation}`` ``{a_audit}`` drawn into its
month's moderation sample; ``{a_template}`` the current audit template; ``{a_theme}`` a
learning theme; ``{a_bulletin}`` a published learning bulletin; ``{a_bulletin_draft}`` the
PSW's draft one; ``{a_team_b}`` team B.

Each cell is rolled back, so the rows that discard ``{a_draft}`` or act on ``{a_audit}`` use the
audits as built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from academy.audits import services
from academy.audits.models import AuditTemplate, AuditTheme, CaseAudit, Moderation
from academy.common.dates import today
from academy.people.models import Role
from academy.people.permissions import Viewer, viewer_for
from academy.people.services import role_assign, role_remove
from tests.access.place import Payload, Place, date_boxes, iso_today
from tests.api.test_audits import bulletins

MATRIX = """
#                                                                             anon  psw   dass  pot   coord mgr   assr  sup   partn nqsw  wrkr  outs  nhs   admin
# -- API: audit templates and themes (everyone signed in reads; the PSW and admins revise and add) --------------------------------------------------------------
GET    /api/v1/audit-templates/                                               401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/audit-templates/                                               401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/audit-templates/{a_template}/                                  401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/audit-templates/{missing}/                                     401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/audit-templates/{a_template}/                                  401   200   403   403   403   403   403   403   403   403   403   403   403   200
PATCH  /api/v1/audit-templates/{missing}/                                     401   404   403   403   403   403   403   403   403   403   403   403   403   404
DELETE /api/v1/audit-templates/{a_template}/                                  401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/audit-themes/                                                  401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/audit-themes/                                                  401   201   403   403   403   403   403   403   403   403   403   403   403   201
GET    /api/v1/audit-themes/{a_theme}/                                        401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/audit-themes/{missing}/                                        401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/audit-themes/{a_theme}/                                        401   200   403   403   403   403   403   403   403   403   403   403   403   200
DELETE /api/v1/audit-themes/{a_theme}/                                        401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: audits ({a_audit}: nqsw's, submitted, Inadequate; {a_draft}: worker's draft; both team A, by manager; {a_other}: outsider's, team B) ------------------
GET    /api/v1/audits/                                                        401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/audits/                                                        401   403   403   403   403   201   403   403   403   403   403   403   403   403
POST   /api/v1/audits/#a_other_team                                           401   403   403   403   403   403   403   403   403   403   403   403   403   403
DELETE /api/v1/audits/                                                        401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/audits/{a_audit}/                                              401   200   200   404   404   200   404   404   404   200   404   404   404   200
GET    /api/v1/audits/{a_draft}/                                              401   200   200   404   404   200   404   404   404   404   404   404   404   200
GET    /api/v1/audits/{a_other}/                                              401   200   200   404   404   404   404   404   404   404   404   200   404   200
GET    /api/v1/audits/{missing}/                                              401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/audits/{a_draft}/                                              401   403   403   404   404   200   404   404   404   404   404   404   404   403
PATCH  /api/v1/audits/{a_audit}/                                              401   403   403   404   404   400   404   404   404   403   404   404   404   403
PATCH  /api/v1/audits/{a_other}/                                              401   403   403   404   404   404   404   404   404   404   404   403   404   403
PATCH  /api/v1/audits/{missing}/                                              401   404   404   404   404   404   404   404   404   404   404   404   404   404
DELETE /api/v1/audits/{a_draft}/                                              401   204   403   404   404   204   404   404   404   404   404   404   404   204
DELETE /api/v1/audits/{a_audit}/                                              401   400   403   404   404   400   404   404   404   403   404   404   404   400
DELETE /api/v1/audits/{a_other}/                                              401   400   403   404   404   404   404   404   404   404   404   403   404   400
DELETE /api/v1/audits/{missing}/                                              401   404   404   404   404   404   404   404   404   404   404   404   404   404
PUT    /api/v1/audits/{a_audit}/                                              401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: feedback and the action plan ({a_action}: on {a_audit}, owned by nqsw) --------------------------------------------------------------------------------
POST   /api/v1/audits/{a_audit}/acknowledge/                                  401   403   403   404   404   403   404   404   404   200   404   404   404   403
POST   /api/v1/audits/{a_draft}/acknowledge/                                  401   403   403   404   404   403   404   404   404   404   404   404   404   403
POST   /api/v1/audits/{missing}/acknowledge/                                  401   404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /api/v1/audits/{a_audit}/acknowledge/                                  401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/audits/{a_audit}/cpd-prefill/                                  401   403   403   404   404   403   404   404   404   200   404   404   404   200
GET    /api/v1/audits/{missing}/cpd-prefill/                                  401   404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /api/v1/audits/{a_audit}/cpd-prefill/                                  401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/audits/{a_audit}/actions/                                      401   200   200   404   404   200   404   404   404   200   404   404   404   200
POST   /api/v1/audits/{a_audit}/actions/                                      401   201   403   404   404   201   404   404   404   403   404   404   404   201
GET    /api/v1/audits/{a_other}/actions/                                      401   200   200   404   404   404   404   404   404   404   404   200   404   200
POST   /api/v1/audits/{a_other}/actions/                                      401   201   403   404   404   404   404   404   404   404   404   403   404   201
GET    /api/v1/audits/{missing}/actions/                                      401   404   404   404   404   404   404   404   404   404   404   404   404   404
DELETE /api/v1/audits/{a_audit}/actions/                                      401   405   405   405   405   405   405   405   405   405   405   405   405   405
PATCH  /api/v1/audits/{a_audit}/actions/{a_action}/                           401   200   403   404   404   200   404   404   404   200   404   404   404   200
PATCH  /api/v1/audits/{a_other}/actions/{a_action}/                           401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/audits/{a_audit}/actions/{missing}/                            401   404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /api/v1/audits/{a_audit}/actions/{a_action}/                           401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: the monthly programme (a team's managers, the PSW and DASS) -------------------------------------------------------------------------------------------
GET    /api/v1/teams/{team_a}/audit-programme/                                401   200   200   403   403   200   403   403   403   403   403   403   403   200
GET    /api/v1/teams/{a_team_b}/audit-programme/                              401   200   200   403   403   403   403   403   403   403   403   403   403   200
GET    /api/v1/teams/{missing}/audit-programme/                               401   404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /api/v1/teams/{team_a}/audit-programme/                                401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: what the PSW keeps: moderation ({a_moderation}: {a_audit} drawn into its month's sample) and repeat audits --------------------------------------------
GET    /api/v1/moderations/                                                   401   200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /api/v1/moderations/                                                   401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/moderations/{a_moderation}/                                    401   200   403   403   403   403   403   403   403   403   403   403   403   200
GET    /api/v1/moderations/{missing}/                                         401   404   403   403   403   403   403   403   403   403   403   403   403   404
POST   /api/v1/moderations/{a_moderation}/                                    401   200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /api/v1/moderations/{missing}/                                         401   404   403   403   403   403   403   403   403   403   403   403   403   404
DELETE /api/v1/moderations/{a_moderation}/                                    401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/repeat-allowances/                                             401   200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /api/v1/repeat-allowances/                                             401   201   403   403   403   403   403   403   403   403   403   403   403   403
DELETE /api/v1/repeat-allowances/                                             401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: learning bulletins ({a_bulletin}: published; {a_bulletin_draft}: the PSW's draft) ---------------------------------------------------------------------
GET    /api/v1/learning-bulletins/                                            401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/learning-bulletins/                                            401   201   403   403   403   403   403   403   403   403   403   403   403   201
GET    /api/v1/learning-bulletins/{a_bulletin}/                               401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/learning-bulletins/{a_bulletin_draft}/                         401   200   404   404   404   404   404   404   404   404   404   404   404   200
GET    /api/v1/learning-bulletins/{missing}/                                  401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/learning-bulletins/{a_bulletin_draft}/                         401   200   403   403   403   403   403   403   403   403   403   403   403   200
PATCH  /api/v1/learning-bulletins/{a_bulletin}/                               401   200   403   403   403   403   403   403   403   403   403   403   403   200
DELETE /api/v1/learning-bulletins/{a_bulletin}/                               401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- Pages: the audit dashboard, recording and discarding (as in the API) ---------------------------------------------------------------------------------------
GET    /audits/                                                               login 200   200   403   403   200   403   403   403   403   403   403   403   200
POST   /audits/                                                               login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /audits/new/                                                           login 403   403   403   403   200   403   403   403   403   403   403   403   403
POST   /audits/new/                                                           login 403   403   403   403   302   403   403   403   403   403   403   403   403
GET    /audits/{a_audit}/                                                     login 200   200   404   404   200   404   404   404   200   404   404   404   200
POST   /audits/{a_audit}/                                                     login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /audits/{a_draft}/                                                     login 200   200   404   404   200   404   404   404   404   404   404   404   200
GET    /audits/{a_other}/                                                     login 200   200   404   404   404   404   404   404   404   404   200   404   200
GET    /audits/{missing}/                                                     login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /audits/{a_draft}/edit/                                                login 403   403   404   404   200   404   404   404   404   404   404   404   403
POST   /audits/{a_draft}/edit/                                                login 403   403   404   404   302   404   404   404   404   404   404   404   403
GET    /audits/{a_audit}/edit/                                                login 403   403   404   404   302   404   404   404   403   404   404   404   403
GET    /audits/{a_other}/edit/                                                login 403   403   404   404   404   404   404   404   404   404   403   404   403
GET    /audits/{missing}/edit/                                                login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /audits/{a_draft}/discard/                                             login 200   403   404   404   200   404   404   404   404   404   404   404   200
POST   /audits/{a_draft}/discard/                                             login 302   403   404   404   302   404   404   404   404   404   404   404   302
GET    /audits/{a_audit}/discard/                                             login 302   403   404   404   302   404   404   404   403   404   404   404   302
POST   /audits/{a_audit}/discard/                                             login 302   403   404   404   302   404   404   404   403   404   404   404   302
GET    /audits/{a_other}/discard/                                             login 302   403   404   404   404   404   404   404   404   404   403   404   302
GET    /audits/{missing}/discard/                                             login 404   404   404   404   404   404   404   404   404   404   404   404   404
# -- Pages: feedback, the action plan and CPD -------------------------------------------------------------------------------------------------------------------
POST   /audits/{a_audit}/acknowledge/                                         login 403   403   404   404   403   404   404   404   302   404   404   404   403
POST   /audits/{a_draft}/acknowledge/                                         login 403   403   404   404   403   404   404   404   404   404   404   404   403
GET    /audits/{a_audit}/acknowledge/                                         login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /audits/{a_audit}/actions/new/                                         login 200   403   404   404   200   404   404   404   403   404   404   404   200
POST   /audits/{a_audit}/actions/new/                                         login 302   403   404   404   302   404   404   404   403   404   404   404   302
GET    /audits/{a_draft}/actions/new/                                         login 403   403   404   404   403   404   404   404   404   404   404   404   403
GET    /audits/{a_other}/actions/new/                                         login 200   403   404   404   404   404   404   404   404   404   403   404   200
GET    /audits/{missing}/actions/new/                                         login 404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /audits/{a_audit}/actions/{a_action}/done/                             login 302   403   404   404   302   404   404   404   302   404   404   404   302
POST   /audits/{a_audit}/actions/{missing}/done/                              login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /audits/{a_audit}/actions/{a_action}/done/                             login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /audits/{a_audit}/cpd/                                                 login 403   403   404   404   403   404   404   404   200   404   404   404   403
POST   /audits/{a_audit}/cpd/                                                 login 403   403   404   404   403   404   404   404   302   404   404   404   403
GET    /audits/{a_draft}/cpd/                                                 login 403   403   404   404   403   404   404   404   404   404   404   404   403
# -- Pages: quality, moderation, themes and repeat audits (the PSW's; quality for DASS too) ---------------------------------------------------------------------
GET    /audits/quality/                                                       login 200   200   403   403   403   403   403   403   403   403   403   403   200
POST   /audits/quality/                                                       login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /audits/moderation/                                                    login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /audits/moderation/                                                    login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /audits/moderation/{a_moderation}/                                     login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /audits/moderation/{a_moderation}/                                     login 302   403   403   403   403   403   403   403   403   403   403   403   302
GET    /audits/moderation/{missing}/                                          login 404   403   403   403   403   403   403   403   403   403   403   403   404
GET    /audits/themes/                                                        login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /audits/themes/                                                        login 302   403   403   403   403   403   403   403   403   403   403   403   302
GET    /audits/themes/{a_theme}/                                              login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /audits/themes/{a_theme}/                                              login 302   403   403   403   403   403   403   403   403   403   403   403   302
GET    /audits/themes/{missing}/                                              login 404   403   403   403   403   403   403   403   403   403   403   403   404
GET    /audits/repeat-allowances/                                             login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /audits/repeat-allowances/                                             login 302   403   403   403   403   403   403   403   403   403   403   403   403
# -- Pages: My audits and learning bulletins --------------------------------------------------------------------------------------------------------------------
GET    /my-audits/                                                            login 200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /my-audits/                                                            login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /bulletins/                                                            login 200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /bulletins/                                                            login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /bulletins/new/                                                        login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /bulletins/new/                                                        login 302   403   403   403   403   403   403   403   403   403   403   403   302
GET    /bulletins/{a_bulletin}/                                               login 200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /bulletins/{a_bulletin_draft}/                                         login 200   404   404   404   404   404   404   404   404   404   404   404   200
GET    /bulletins/{missing}/                                                  login 404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /bulletins/{a_bulletin}/                                               login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /bulletins/{a_bulletin}/edit/                                          login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /bulletins/{a_bulletin_draft}/edit/                                    login 302   403   403   403   403   403   403   403   403   403   403   403   302
GET    /bulletins/{missing}/edit/                                             login 404   403   403   403   403   403   403   403   403   403   403   403   404
"""

STANDARD_TEMPLATE = "asc-case-file-audit"
#: Case references: those the scenario's audits hold, and the one a new audit records.
A_AUDIT_CASE, A_DRAFT_CASE, A_OTHER_CASE, NEW_CASE = "CR910001", "CR910002", "CR910003", "CR910101"


# ---------------------------------------------------------------------------------------------
# What each write sends
# ---------------------------------------------------------------------------------------------
def _questions(place: Place) -> list[int]:
    """The ids of the template's questions, in its order."""
    template = AuditTemplate.objects.prefetch_related("sections__questions").get(
        pk=place.pk("a_template")
    )
    return [q.pk for section in template.sections.all() for q in section.questions.all()]


def _answers(place: Place, answer: str = "yes") -> list[dict[str, Any]]:
    return [
        {"question": pk, "answer": answer, "comment": "Seen in the case notes."}
        for pk in _questions(place)
    ]


def _new_audit(place: Place, practitioner: str) -> dict[str, Any]:
    """A complete audit of ``practitioner``'s case, submitted, as the API takes it."""
    return {
        "template": place.pk("a_template"),
        "practitioner": place.pk(practitioner),
        "case_reference": NEW_CASE,
        "audit_date": iso_today(),
        "answers": _answers(place),
        "submit": True,
    }


def _audit_form(place: Place, *, case_reference: str, action: str) -> dict[str, Any]:
    """The audit form as the manager sends it: worker's case, every question answered."""
    data: dict[str, Any] = {
        "practitioner": place.pk("worker"),
        "case_reference": case_reference,
        **date_boxes("audit_date"),
        "strengths": "A clear record.",
        "areas_to_develop": "The chronology.",
        "themes": place.pk("a_theme"),
        "grade_override": "",
        "override_reason": "",
        "action": action,
    }
    for pk in _questions(place):
        data[f"answer_{pk}"] = "yes"
        data[f"comment_{pk}"] = "Seen in the case notes."
    return data


def _bulletin_form(place: Place, login: str | None) -> dict[str, Any]:
    first_of_month = today().replace(day=1)
    return {
        "title": "Learning from this month",
        "period_start_day": first_of_month.day,
        "period_start_month": first_of_month.month,
        "period_start_year": first_of_month.year,
        **date_boxes("period_end"),
        "went_well": "Clear chronologies.",
        "to_improve": "Capacity assessments.",
        "action": "publish",
    }


def _strengths(place: Place, login: str | None) -> dict[str, Any]:
    return {"strengths": "A clear plan."}


def _reflection(place: Place, login: str | None) -> dict[str, Any]:
    return {"reflection": "I will record the capacity assessment."}


def _action_done(place: Place, login: str | None) -> dict[str, Any]:
    return {"status": "done"}


def _regrade(place: Place, login: str | None) -> dict[str, Any]:
    return {"grade": "good", "note": "Generous."}


def _new_action(owner: str) -> Payload:
    def payload(place: Place, login: str | None) -> dict[str, Any]:
        return {
            "description": "Shadow a capacity assessment",
            "owner": place.pk(owner),
            "due_date": iso_today(),
        }

    return payload


_API = "/api/v1"
_A = "/audits/{a_audit}"
PAYLOADS: dict[str, Payload] = {
    # API
    f"PATCH {_API}/audit-templates/{{a_template}}/": lambda p, _: {
        "description": "Revised for the new year."
    },
    f"PATCH {_API}/audit-templates/{{missing}}/": lambda p, _: {
        "description": "Revised for the new year."
    },
    f"POST {_API}/audit-themes/": lambda p, _: {"name": "Transitions", "description": "Moving on."},
    f"PATCH {_API}/audit-themes/{{a_theme}}/": lambda p, _: {
        "description": "Capacity and best interests."
    },
    f"POST {_API}/audits/": lambda p, _: _new_audit(p, "worker"),
    f"POST {_API}/audits/#a_other_team": lambda p, _: _new_audit(p, "outsider"),
    f"PATCH {_API}/audits/{{a_draft}}/": _strengths,
    f"PATCH {_API}{_A}/": _strengths,
    f"PATCH {_API}/audits/{{a_other}}/": _strengths,
    f"PATCH {_API}/audits/{{missing}}/": _strengths,
    f"POST {_API}{_A}/acknowledge/": _reflection,
    f"POST {_API}/audits/{{a_draft}}/acknowledge/": _reflection,
    f"POST {_API}/audits/{{missing}}/acknowledge/": _reflection,
    f"POST {_API}{_A}/actions/": _new_action("nqsw"),
    f"POST {_API}/audits/{{a_other}}/actions/": _new_action("outsider"),
    f"PATCH {_API}{_A}/actions/{{a_action}}/": _action_done,
    f"PATCH {_API}/audits/{{a_other}}/actions/{{a_action}}/": _action_done,
    f"PATCH {_API}{_A}/actions/{{missing}}/": _action_done,
    f"POST {_API}/moderations/{{a_moderation}}/": _regrade,
    f"POST {_API}/moderations/{{missing}}/": _regrade,
    f"POST {_API}/repeat-allowances/": lambda p, _: {
        "case_reference": A_AUDIT_CASE,
        "reason": "A complaint about the case.",
    },
    f"POST {_API}/learning-bulletins/": lambda p, _: {
        "title": "Quarter one",
        "period_start": iso_today(),
        "period_end": iso_today(),
        "went_well": "Timely reviews.",
        "to_improve": "Advocacy.",
        "publish": True,
    },
    f"PATCH {_API}/learning-bulletins/{{a_bulletin_draft}}/": lambda p, _: {"publish": True},
    f"PATCH {_API}/learning-bulletins/{{a_bulletin}}/": lambda p, _: {
        "title": "What we learnt this month, revised"
    },
    # Pages
    "POST /audits/new/": lambda p, _: _audit_form(p, case_reference=NEW_CASE, action="submit"),
    "POST /audits/{a_draft}/edit/": lambda p, _: _audit_form(
        p, case_reference=A_DRAFT_CASE, action="draft"
    ),
    f"POST {_A}/acknowledge/": _reflection,
    "POST /audits/{a_draft}/acknowledge/": _reflection,
    f"POST {_A}/actions/new/": lambda p, _: {
        "description": "Shadow a capacity assessment",
        "owner": p.pk("nqsw"),
        **date_boxes("due_date"),
    },
    f"POST {_A}/cpd/": lambda p, _: {
        "title": "From my audit",
        **date_boxes("activity_date"),
        "hours": "1",
        "activity": "My manager audited my case.",
        "learning": "Capacity first.",
        "impact": "Each decision is recorded.",
        "peer_reflection": "yes",
        "peer_learning": "Discussed with my manager.",
    },
    "POST /audits/moderation/{a_moderation}/": _regrade,
    "POST /audits/themes/": lambda p, _: {"name": "Transitions", "active": "on"},
    "POST /audits/themes/{a_theme}/": lambda p, _: {
        "name": "Mental capacity",
        "description": "Capacity and best interests.",
        "active": "on",
    },
    "POST /audits/repeat-allowances/": lambda p, _: {
        "case_reference": A_AUDIT_CASE,
        "reason": "A complaint about the case.",
    },
    "POST /bulletins/new/": _bulletin_form,
    "POST /bulletins/{a_bulletin_draft}/edit/": _bulletin_form,
}


# ---------------------------------------------------------------------------------------------
# States
# ---------------------------------------------------------------------------------------------
def _another_teams_practitioner(place: Place) -> None:
    """Nothing is done first: the row sends team B's practitioner (outsider) where the plain
    row sends team A's (worker), so that recording an audit of another team's practitioner is
    a row of its own."""


STATES: dict[str, Callable[[Place], None]] = {"a_other_team": _another_teams_practitioner}


# ---------------------------------------------------------------------------------------------
# The audits in the scenario
# ---------------------------------------------------------------------------------------------
def _viewer(place: Place, login: str) -> Viewer:
    """The login's viewer, read afresh (not cached on the user object the scenario keeps)."""
    user = get_user_model().objects.get(pk=place.person(login).user_id)
    return viewer_for(user)


def _record(
    place: Place,
    actor: Viewer,
    template: AuditTemplate,
    practitioner: str,
    case_reference: str,
    *,
    answer: str = "yes",
    submit: bool = True,
    themes: tuple[AuditTheme, ...] = (),
) -> CaseAudit:
    """An audit of ``practitioner``'s case today, through the service: every question answered
    ``answer`` when submitted, none on a draft."""
    answers = (
        [{"question": pk, "answer": answer, "comment": ""} for pk in _questions(place)]
        if submit
        else []
    )
    return services.audit_save(
        actor=actor,
        template=template,
        practitioner=place.person(practitioner),
        case_reference=case_reference,
        audit_date=today(),
        answers=answers,
        strengths="Clear chronology and a strong voice of the person.",
        areas_to_develop="Record the capacity assessment.",
        themes=themes,
        submit=submit,
    )


def _team_b_audit(place: Place, template: AuditTemplate) -> CaseAudit:
    """Outsider's audit, recorded by principal_ot while she managed team B. The role has ended
    since, so no login of the scenario manages team B (and nobody is added to the academy, whose
    people the core rows count)."""
    team_b = place.academy.teams["b"]
    assignment = role_assign(
        person=place.person("principal_ot"), role=Role.TEAM_MANAGER, team=team_b
    )
    audit = _record(place, _viewer(place, "principal_ot"), template, "outsider", A_OTHER_CASE)
    role_remove(assignment=assignment)
    return audit


def build(place: Place) -> None:
    """What case file audits add to the scenario, with the ids their placeholders stand for."""
    template = AuditTemplate.objects.get(key=STANDARD_TEMPLATE, current=True)
    place.ids["a_template"] = str(template.pk)
    theme = AuditTheme.objects.get(name="Mental capacity")
    manager = _viewer(place, "manager")
    audit = _record(place, manager, template, "nqsw", A_AUDIT_CASE, answer="no", themes=(theme,))
    action = services.action_add(
        audit=audit,
        description="Complete a capacity assessment for the care decision",
        owner=place.person("nqsw"),
        due_date=today() + dt.timedelta(days=30),
        actor=manager,
    )
    draft = _record(place, manager, template, "worker", A_DRAFT_CASE, submit=False)
    other = _team_b_audit(place, template)
    moderation = Moderation.objects.get(
        pk__in=[m.pk for m in services.moderation_draw(month=today())], audit=audit
    )
    bulletin, draft_bulletin = bulletins(_viewer(place, "psw"), theme, today())
    place.ids.update(
        a_theme=str(theme.pk),
        a_audit=str(audit.pk),
        a_action=str(action.pk),
        a_draft=str(draft.pk),
        a_other=str(other.pk),
        a_moderation=str(moderation.pk),
        a_bulletin=str(bulletin.pk),
        a_bulletin_draft=str(draft_bulletin.pk),
        a_team_b=str(place.academy.teams["b"].pk),
    )

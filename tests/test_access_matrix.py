# ruff: noqa: E501  (the matrix below is a wide table, one request per line)
"""Who sees what: every address of the service, for every role and anonymous, by method.

Each line of ``MATRIX`` is one request; each column the status a role gets for it. Every cell
is its own test (``test_access[GET /people/{nqsw}/-partner-404]``). The rules it writes down:

- staff see themselves; a team manager their team; an assessor or supervisor the people they
  hold on a pathway; a partner coordinator their organisation's people; the PSW, DASS,
  principal OT and training coordinators the whole academy; admins (superusers) everything;
- only the PSW and admins create and change people, roles, organisations and teams;
- pathways (``academy.pathways.permissions``): a person sees their own enrolments, an assessor
  or supervisor the people they hold, a team manager their team's, the PSW, DASS and principal
  OT all of them (and every cohort); the PSW plans (templates, cohorts, enrolling, the panel's
  decision, a change of an enrolment's assessor or supervisor); the assessor completes
  milestones, adds evidence and recommends; the supervisor records supervision; the person logs
  development time and adds evidence; the person's team manager records pauses and extensions;
- an object the role may not see is 404 (its existence never leaks), one it sees but may not
  change is 403;
- anonymous: 401 from the API (its schema and docs included), a redirect to sign-in from a
  page, except the public pages (sign-in, password reset and set, health check).

Cells read:
  ``200``/``201``/``204``/``400``/``401``/``403``/``404``/``405``  that status;
  ``302``    a redirect somewhere other than the sign-in page with ``?next=`` (a form's success);
  ``login``  302 to ``/sign-in/?next=<the address asked for>``.

Placeholders in addresses: ``{nqsw}`` is that login's person; ``{supervisor.supervisor}`` the id
of that person's supervisor role; ``{council}``, ``{trust}``, ``{team_a}``, ``{team_nhs}`` the
fixture's organisations and teams; ``{missing}`` an id nothing has; ``{nqsw_note}`` a
notification to nqsw; ``{uid}``/``{token}`` a valid password-set link for nqsw; ``{asye}`` the
seeded ASYE template; ``{cohort}`` an ASYE cohort; ``{enrolment}`` nqsw's open ASYE enrolment in
it, assessed by ``assessor`` and supervised by ``supervisor`` (registered social workers);
``{evidence}`` an item of evidence on it with a file; ``{preceptorship}`` outsider's OT
preceptorship (a pathway that is not the ASYE).

An address may end in ``#state``: the request is made once ``STATES[state]`` has been done
(``#recommended``: the assessor has recommended a pass on nqsw's ASYE).

The academy and its pathways are built once for the module (``scenario``), inside a transaction
rolled back at its end; each cell runs in a savepoint rolled back after it, so what one cell
writes no other sees.

A new address must be added here: ``test_every_address_is_in_the_matrix`` walks the URL resolver.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from academy.common.dates import today
from academy.pathways import services as pathways
from academy.pathways.models import OutcomeDecision, PathwayTemplate
from academy.people.models import Person, Role, RoleAssignment
from academy.people.services import person_update
from tests import conftest
from tests.access import audits, reports, training, training_pages
from tests.access.place import Body, Payload, Place, date_boxes, iso_today
from tests.conftest import ROLE_LOGINS, Academy, load_seed_data
from tests.factories import NotificationFactory
from tests.factories.people import PASSWORD

CORE_MATRIX = """
#                                                                             anon  psw   dass  pot   coord mgr   assr  sup   partn nqsw  wrkr  outs  nhs   admin
# -- API: documentation -----------------------------------------------------------------------------------------------------------------------------------------
GET    /api/schema/                                                           401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/docs/                                                             401   200   200   200   200   200   200   200   200   200   200   200   200   200
# -- API: tokens and me -----------------------------------------------------------------------------------------------------------------------------------------
POST   /api/v1/auth/token/                                                    200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/auth/token/                                                    405   405   405   405   405   405   405   405   405   405   405   405   405   405
DELETE /api/v1/auth/token/revoke/                                             401   204   204   204   204   204   204   204   204   204   204   204   204   204
GET    /api/v1/auth/token/revoke/                                             401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/me/                                                            401   200   200   200   200   200   200   200   200   200   200   200   200   200
# -- API: organisations and teams (everyone signed in reads; the PSW and admins write) --------------------------------------------------------------------------
GET    /api/v1/organisations/                                                 401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/organisations/                                                 401   201   403   403   403   403   403   403   403   403   403   403   403   201
GET    /api/v1/organisations/{trust}/                                         401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/organisations/{missing}/                                       401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/organisations/{trust}/                                         401   200   403   403   403   403   403   403   403   403   403   403   403   200
DELETE /api/v1/organisations/{trust}/                                         401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/teams/                                                         401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/teams/                                                         401   201   403   403   403   403   403   403   403   403   403   403   403   201
GET    /api/v1/teams/{team_nhs}/                                              401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/teams/{missing}/                                               401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/teams/{team_a}/                                                401   200   403   403   403   403   403   403   403   403   403   403   403   200
DELETE /api/v1/teams/{team_a}/                                                401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: people (manager: team A = psw, manager, supervisor, nqsw, worker; assessor, supervisor: nqsw, on the ASYE; partner: the trust = partner, nhs_staff) ---
GET    /api/v1/people/                                                        401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/people/                                                        401   201   403   403   403   403   403   403   403   403   403   403   403   201
GET    /api/v1/people/{nqsw}/                                                 401   200   200   200   200   200   200   200   404   200   404   404   404   200
GET    /api/v1/people/{outsider}/                                             401   200   200   200   200   404   404   404   404   404   404   200   404   200
GET    /api/v1/people/{nhs_staff}/                                            401   200   200   200   200   404   404   404   200   404   404   404   200   200
GET    /api/v1/people/{missing}/                                              401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/people/{nqsw}/                                                 401   200   403   403   403   403   403   403   404   403   404   404   404   200
PATCH  /api/v1/people/{outsider}/                                             401   200   403   403   403   404   404   404   404   404   404   403   404   200
PATCH  /api/v1/people/{nhs_staff}/                                            401   200   403   403   403   404   404   404   403   404   404   404   403   200
PATCH  /api/v1/people/{missing}/                                              401   404   404   404   404   404   404   404   404   404   404   404   404   404
DELETE /api/v1/people/{nqsw}/                                                 401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/people/{nqsw}/roles/                                           401   200   200   200   200   200   200   200   404   200   404   404   404   200
GET    /api/v1/people/{outsider}/roles/                                       401   200   200   200   200   404   404   404   404   404   404   200   404   200
GET    /api/v1/people/{nhs_staff}/roles/                                      401   200   200   200   200   404   404   404   200   404   404   404   200   200
POST   /api/v1/people/{nqsw}/roles/                                           401   201   403   403   403   403   403   403   404   403   404   404   404   201
POST   /api/v1/people/{outsider}/roles/                                       401   201   403   403   403   404   404   404   404   404   404   403   404   201
POST   /api/v1/people/{nhs_staff}/roles/                                      401   201   403   403   403   404   404   404   403   404   404   404   403   201
POST   /api/v1/people/{missing}/roles/                                        401   404   404   404   404   404   404   404   404   404   404   404   404   404
DELETE /api/v1/people/{supervisor}/roles/{supervisor.supervisor}/             401   204   403   403   403   403   404   403   404   404   404   404   404   204
DELETE /api/v1/people/{partner}/roles/{partner.partner_coordinator}/          401   204   403   403   403   404   404   404   403   404   404   404   404   204
DELETE /api/v1/people/{nqsw}/roles/{nqsw.learner}/                            401   400   403   403   403   403   403   403   404   403   404   404   404   400
DELETE /api/v1/people/{nqsw}/roles/{supervisor.supervisor}/                   401   404   403   403   403   403   403   403   404   403   404   404   404   404
GET    /api/v1/people/{supervisor}/roles/{supervisor.supervisor}/             401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: notifications (each person their own) -----------------------------------------------------------------------------------------------------------------
GET    /api/v1/notifications/                                                 401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/notifications/{nqsw_note}/read/                                401   404   404   404   404   404   404   404   404   200   404   404   404   404
GET    /api/v1/notifications/{nqsw_note}/read/                                401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: pathway templates and PCF domains (everyone signed in reads; the PSW and admins copy and change) ------------------------------------------------------
GET    /api/v1/pathway-templates/                                             401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/pathway-templates/{asye}/                                      401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/pathway-templates/{missing}/                                   401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/pathway-templates/{asye}/                                      401   200   403   403   403   403   403   403   403   403   403   403   403   200
PATCH  /api/v1/pathway-templates/{missing}/                                   401   404   404   404   404   404   404   404   404   404   404   404   404   404
DELETE /api/v1/pathway-templates/{asye}/                                      401   405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /api/v1/pathway-templates/{asye}/copy/                                 401   201   403   403   403   403   403   403   403   403   403   403   403   201
POST   /api/v1/pathway-templates/{missing}/copy/                              401   404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /api/v1/pathway-templates/{asye}/copy/                                 401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/pcf-domains/                                                   401   200   200   200   200   200   200   200   200   200   200   200   200   200
# -- API: cohorts (the PSW, DASS, principal OT and admins see them; the PSW and admins plan) --------------------------------------------------------------------
GET    /api/v1/cohorts/                                                       401   200   200   200   403   403   403   403   403   403   403   403   403   200
POST   /api/v1/cohorts/                                                       401   201   403   403   403   403   403   403   403   403   403   403   403   201
GET    /api/v1/cohorts/{cohort}/                                              401   200   200   200   404   404   404   404   404   404   404   404   404   200
GET    /api/v1/cohorts/{missing}/                                             401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/cohorts/{cohort}/                                              401   200   403   403   404   404   404   404   404   404   404   404   404   200
DELETE /api/v1/cohorts/{cohort}/                                              401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: enrolments (nqsw's: assessor assesses, supervisor supervises, manager manages team A) -----------------------------------------------------------------
GET    /api/v1/enrolments/                                                    401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/enrolments/                                                    401   201   403   403   403   403   403   403   403   403   403   403   403   201
GET    /api/v1/enrolments/{enrolment}/                                        401   200   200   200   404   200   200   200   404   200   404   404   404   200
GET    /api/v1/enrolments/{missing}/                                          401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/enrolments/{enrolment}/                                        401   405   405   405   405   405   405   405   405   405   405   405   405   405
DELETE /api/v1/enrolments/{enrolment}/                                        401   405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /api/v1/enrolments/{enrolment}/milestones/support_agreement/complete/  401   200   403   403   404   403   200   403   404   403   404   404   404   200
GET    /api/v1/enrolments/{enrolment}/milestones/support_agreement/complete/  401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/enrolments/{enrolment}/supervisions/                           401   200   200   200   404   200   200   200   404   200   404   404   404   200
POST   /api/v1/enrolments/{enrolment}/supervisions/                           401   201   403   403   404   403   403   201   404   403   404   404   404   201
GET    /api/v1/enrolments/{enrolment}/development-time/                       401   200   200   200   404   200   200   200   404   200   404   404   404   200
POST   /api/v1/enrolments/{enrolment}/development-time/                       401   201   403   403   404   403   201   201   404   201   404   404   404   201
GET    /api/v1/enrolments/{enrolment}/evidence/                               401   200   200   200   404   200   200   200   404   200   404   404   404   200
POST   /api/v1/enrolments/{enrolment}/evidence/                               401   201   403   403   404   403   201   403   404   201   404   404   404   201
GET    /api/v1/enrolments/{enrolment}/evidence/{evidence}/file/               401   200   200   200   404   200   200   200   404   200   404   404   404   200
GET    /api/v1/enrolments/{enrolment}/evidence/{missing}/file/                401   404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /api/v1/enrolments/{enrolment}/evidence/{evidence}/file/               401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/enrolments/{enrolment}/pauses/                                 401   200   200   200   404   200   200   200   404   200   404   404   404   200
POST   /api/v1/enrolments/{enrolment}/pauses/                                 401   201   403   403   404   201   403   403   404   403   404   404   404   201
POST   /api/v1/enrolments/{enrolment}/outcome/                                401   201   403   403   404   403   201   403   404   403   404   404   404   201
POST   /api/v1/enrolments/{enrolment}/outcome/#recommended                    401   201   403   403   404   403   403   403   404   403   404   404   404   201
GET    /api/v1/enrolments/{enrolment}/outcome/                                401   405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /api/v1/enrolments/{enrolment}/reassign/                               401   200   403   403   404   403   403   403   404   403   404   404   404   200
GET    /api/v1/enrolments/{enrolment}/reassign/                               401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/me/pathway/                                                    401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/me/pathway/                                                    401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- Pages: public ----------------------------------------------------------------------------------------------------------------------------------------------
GET    /healthz                                                               200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /sign-in/                                                              200   302   302   302   302   302   302   302   302   302   302   302   302   302
POST   /sign-in/                                                              302   302   302   302   302   302   302   302   302   302   302   302   302   302
POST   /sign-out/                                                             302   302   302   302   302   302   302   302   302   302   302   302   302   302
GET    /sign-out/                                                             405   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /password/reset/                                                       200   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /password/reset/                                                       302   302   302   302   302   302   302   302   302   302   302   302   302   302
GET    /password/reset/sent/                                                  200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /password/set/{uid}/{token}/                                           302   302   302   302   302   302   302   302   302   302   302   302   302   302
GET    /password/set/{uid}/not-a-real-token/                                  200   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /password/set/{uid}/set-password/                                      302   302   302   302   302   302   302   302   302   302   302   302   302   302
GET    /password/set/done/                                                    200   200   200   200   200   200   200   200   200   200   200   200   200   200
# -- Pages: signed in -------------------------------------------------------------------------------------------------------------------------------------------
GET    /                                                                      login 200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /people/                                                               login 200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /people/new/                                                           login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /people/new/                                                           login 302   403   403   403   403   403   403   403   403   403   403   403   302
GET    /people/{nqsw}/                                                        login 200   200   200   200   200   200   200   404   200   404   404   404   200
GET    /people/{outsider}/                                                    login 200   200   200   200   404   404   404   404   404   404   200   404   200
GET    /people/{nhs_staff}/                                                   login 200   200   200   200   404   404   404   200   404   404   404   200   200
GET    /people/{missing}/                                                     login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /people/{nqsw}/edit/                                                   login 200   403   403   403   403   403   403   404   403   404   404   404   200
GET    /people/{outsider}/edit/                                               login 200   403   403   403   404   404   404   404   404   404   403   404   200
GET    /people/{nhs_staff}/edit/                                              login 200   403   403   403   404   404   404   403   404   404   404   403   200
POST   /people/{nqsw}/edit/                                                   login 302   403   403   403   403   403   403   404   403   404   404   404   302
POST   /people/{outsider}/edit/                                               login 302   403   403   403   404   404   404   404   404   404   403   404   302
POST   /people/{nhs_staff}/edit/                                              login 302   403   403   403   404   404   404   403   404   404   404   403   302
POST   /people/{nqsw}/roles/                                                  login 302   403   403   403   403   403   403   404   403   404   404   404   302
POST   /people/{outsider}/roles/                                              login 302   403   403   403   404   404   404   404   404   404   403   404   302
POST   /people/{nhs_staff}/roles/                                             login 302   403   403   403   404   404   404   403   404   404   404   403   302
GET    /people/{nqsw}/roles/                                                  login 405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /people/{supervisor}/roles/{supervisor.supervisor}/remove/             login 302   403   403   403   403   404   403   404   404   404   404   404   302
POST   /people/{partner}/roles/{partner.partner_coordinator}/remove/          login 302   403   403   403   404   404   404   403   404   404   404   404   302
POST   /people/{nqsw}/roles/{supervisor.supervisor}/remove/                   login 404   403   403   403   403   403   403   404   403   404   404   404   404
GET    /people/{supervisor}/roles/{supervisor.supervisor}/remove/             login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /notifications/                                                        login 200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /notifications/read/                                                   login 302   302   302   302   302   302   302   302   302   302   302   302   302
GET    /notifications/read/                                                   login 405   405   405   405   405   405   405   405   405   405   405   405   405
# -- Pages: cohorts ---------------------------------------------------------------------------------------------------------------------------------------------
GET    /cohorts/                                                              login 200   200   200   403   403   403   403   403   403   403   403   403   200
GET    /cohorts/new/                                                          login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /cohorts/new/                                                          login 302   403   403   403   403   403   403   403   403   403   403   403   302
GET    /cohorts/{cohort}/                                                     login 200   200   200   404   404   404   404   404   404   404   404   404   200
GET    /cohorts/{missing}/                                                    login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /cohorts/{cohort}/enrol/                                               login 200   403   403   404   404   404   404   404   404   404   404   404   200
POST   /cohorts/{cohort}/enrol/                                               login 302   403   403   404   404   404   404   404   404   404   404   404   302
# -- Pages: an enrolment and its record (nqsw's, as in the API) -------------------------------------------------------------------------------------------------
GET    /enrolments/{enrolment}/                                               login 200   200   200   404   200   200   200   404   200   404   404   404   200
GET    /enrolments/{missing}/                                                 login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /enrolments/{enrolment}/milestones/review_3m/done/                     login 200   403   403   404   403   200   403   404   403   404   404   404   200
POST   /enrolments/{enrolment}/milestones/review_3m/done/                     login 302   403   403   404   403   302   403   404   403   404   404   404   302
GET    /enrolments/{enrolment}/milestones/no_such_milestone/done/             login 404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /enrolments/{enrolment}/milestones/review_9m/switch/                   login 302   403   403   404   403   403   403   404   403   404   404   404   302
GET    /enrolments/{enrolment}/milestones/review_9m/switch/                   login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /enrolments/{enrolment}/supervision/new/                               login 200   403   403   404   403   403   200   404   403   404   404   404   200
POST   /enrolments/{enrolment}/supervision/new/                               login 302   403   403   404   403   403   302   404   403   404   404   404   302
GET    /enrolments/{enrolment}/development-time/new/                          login 200   403   403   404   403   200   200   404   200   404   404   404   200
POST   /enrolments/{enrolment}/development-time/new/                          login 302   403   403   404   403   302   302   404   302   404   404   404   302
GET    /enrolments/{enrolment}/evidence/new/                                  login 200   403   403   404   403   200   403   404   200   404   404   404   200
POST   /enrolments/{enrolment}/evidence/new/                                  login 302   403   403   404   403   302   403   404   302   404   404   404   302
GET    /enrolments/{enrolment}/evidence/{evidence}/file/                      login 200   200   200   404   200   200   200   404   200   404   404   404   200
GET    /enrolments/{enrolment}/evidence/{missing}/file/                       login 404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /enrolments/{enrolment}/evidence/{evidence}/file/                      login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /enrolments/{enrolment}/pause/new/                                     login 200   403   403   404   200   403   403   404   403   404   404   404   200
POST   /enrolments/{enrolment}/pause/new/                                     login 302   403   403   404   302   403   403   404   403   404   404   404   302
GET    /enrolments/{enrolment}/extension/new/                                 login 200   403   403   404   200   403   403   404   403   404   404   404   200
POST   /enrolments/{enrolment}/extension/new/                                 login 302   403   403   404   302   403   403   404   403   404   404   404   302
GET    /enrolments/{enrolment}/outcome/                                       login 200   403   403   404   403   200   403   404   403   404   404   404   200
POST   /enrolments/{enrolment}/outcome/                                       login 302   403   403   404   403   302   403   404   403   404   404   404   302
GET    /enrolments/{enrolment}/outcome/#recommended                           login 200   403   403   404   403   403   403   404   403   404   404   404   200
POST   /enrolments/{enrolment}/outcome/#recommended                           login 302   403   403   404   403   403   403   404   403   404   404   404   302
GET    /enrolments/{enrolment}/portal-registration/                           login 200   403   403   404   403   403   403   404   403   404   404   404   200
POST   /enrolments/{enrolment}/portal-registration/                           login 302   403   403   404   403   403   403   404   403   404   404   404   302
GET    /enrolments/{preceptorship}/portal-registration/                       login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /enrolments/{enrolment}/reassign/                                      login 200   403   403   404   403   403   403   404   403   404   404   404   200
POST   /enrolments/{enrolment}/reassign/                                      login 302   403   403   404   403   403   403   404   403   404   404   404   302
# -- Pages: overviews and pathway templates ---------------------------------------------------------------------------------------------------------------------
GET    /my-pathway/                                                           login 200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /assessing/                                                            login 200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /team/pathways/                                                        login 403   403   403   403   200   403   403   403   403   403   403   403   403
GET    /pathways/                                                             login 200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /pathways/{asye}/                                                      login 200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /pathways/{missing}/                                                   login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /pathways/{asye}/copy/                                                 login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /pathways/{asye}/copy/                                                 login 302   403   403   403   403   403   403   403   403   403   403   403   302
GET    /pathways/{missing}/copy/                                              login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /pathways/{asye}/edit/                                                 login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /pathways/{asye}/edit/                                                 login 302   403   403   403   403   403   403   403   403   403   403   403   302
"""

#: The areas that keep their rows, payloads and states in ``tests.access``.
AREAS = (training, training_pages, audits, reports)
MATRIX = CORE_MATRIX + "".join(area.MATRIX for area in AREAS)

#: The matrix's column headings, in order, and the login each stands for (None: anonymous).
COLUMNS: dict[str, str | None] = {
    "anon": None,
    "psw": "psw",
    "dass": "dass",
    "pot": "principal_ot",
    "coord": "coordinator",
    "mgr": "manager",
    "assr": "assessor",
    "sup": "supervisor",
    "partn": "partner",
    "nqsw": "nqsw",
    "wrkr": "worker",
    "outs": "outsider",
    "nhs": "nhs_staff",
    "admin": "admin",
}
STATUSES = {"200", "201", "204", "302", "400", "401", "403", "404", "405", "login"}
MISSING_ID = 987654321


@dataclass(frozen=True)
class Cell:
    method: str
    path: str
    login: str | None
    expected: str

    @property
    def row(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def state(self) -> str:
        """What must be done before the request (the address's ``#state``), or ""."""
        return self.path.partition("#")[2]

    @property
    def id(self) -> str:
        return f"{self.row}-{self.login or 'anonymous'}-{self.expected}"


def parse_matrix(text: str) -> list[Cell]:
    cells = []
    seen = set()
    for line in text.strip().splitlines():
        if line.startswith("# --") or not line.strip():
            continue
        if line.startswith("#"):
            if line.split()[1:] != list(COLUMNS):
                raise AssertionError(f"the headings {line.split()[1:]} are not {list(COLUMNS)}")
            continue
        method, path, *statuses = line.split()
        if len(statuses) != len(COLUMNS):
            raise AssertionError(f"{method} {path}: {len(statuses)} cells for {len(COLUMNS)}")
        if (method, path) in seen:
            raise AssertionError(f"{method} {path} is in the matrix twice")
        seen.add((method, path))
        for login, expected in zip(COLUMNS.values(), statuses, strict=True):
            if expected not in STATUSES:
                raise AssertionError(f"{method} {path}: unknown cell {expected!r}")
            cells.append(Cell(method, path, login, expected))
    return cells


CELLS = parse_matrix(MATRIX)


# ---------------------------------------------------------------------------------------------
# What each write sends: valid input, so that a role allowed to write gets a 2xx
# ---------------------------------------------------------------------------------------------
def _token_payload(place: Place, login: str | None) -> dict[str, Any]:
    return {"username": login or "nqsw", "password": PASSWORD}


def _person_form(person: Any) -> dict[str, Any]:
    """The edit form as the page fills it for the person, with one change."""
    start = person.employment_start_date
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "work_email": person.work_email,
        "job_title": "Senior Practitioner",
        "organisation": person.organisation_id,
        "team": person.team_id or "",
        "employment_start_date_day": start.day,
        "employment_start_date_month": start.month,
        "employment_start_date_year": start.year,
        "contracted_hours_per_week": "37",
        "active": "on",
    }


PAYLOADS: dict[str, Payload] = {
    "POST /api/v1/auth/token/": _token_payload,
    "POST /api/v1/organisations/": lambda p, _: {"name": "Shire Care Ltd", "kind": "care_provider"},
    "PATCH /api/v1/organisations/{trust}/": lambda p, _: {"name": "Shire Health NHS Trust"},
    "POST /api/v1/teams/": lambda p, _: {
        "organisation": p.academy.council.pk,
        "name": "South Locality",
        "service_area": "Locality",
    },
    "PATCH /api/v1/teams/{team_a}/": lambda p, _: {"service_area": "Localities"},
    "POST /api/v1/people/": lambda p, _: {
        "first_name": "Grace",
        "last_name": "Hopper",
        "work_email": "grace.hopper@example.org",
        "organisation": p.academy.council.pk,
        "team": p.academy.teams["a"].pk,
        "roles": [{"role": "supervisor"}],
        "username": "grace",
    },
    "PATCH /api/v1/people/{nqsw}/": lambda p, _: {"job_title": "Senior Practitioner"},
    "PATCH /api/v1/people/{outsider}/": lambda p, _: {"job_title": "Senior Practitioner"},
    "PATCH /api/v1/people/{nhs_staff}/": lambda p, _: {"job_title": "Senior Practitioner"},
    "PATCH /api/v1/people/{missing}/": lambda p, _: {"job_title": "Senior Practitioner"},
    "POST /api/v1/people/{nqsw}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /api/v1/people/{outsider}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /api/v1/people/{nhs_staff}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /api/v1/people/{missing}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /sign-in/": _token_payload,
    "POST /password/reset/": lambda p, _: {"email": "nqsw@example.org"},
    "POST /password/set/{uid}/set-password/": lambda p, _: {
        "new_password1": "a-fresh-long-password",
        "new_password2": "a-fresh-long-password",
    },
    "POST /people/new/": lambda p, _: {
        "first_name": "Grace",
        "last_name": "Hopper",
        "work_email": "grace.hopper@example.org",
        "organisation": p.academy.council.pk,
        "team": p.academy.teams["a"].pk,
        "contracted_hours_per_week": "37",
        "active": "on",
    },
    "POST /people/{nqsw}/edit/": lambda p, _: _person_form(p.person("nqsw")),
    "POST /people/{outsider}/edit/": lambda p, _: _person_form(p.person("outsider")),
    "POST /people/{nhs_staff}/edit/": lambda p, _: _person_form(p.person("nhs_staff")),
    "POST /people/{nqsw}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /people/{outsider}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /people/{nhs_staff}/roles/": lambda p, _: {"role": "supervisor"},
}


# -- Pathways ----------------------------------------------------------------------------------
def _template_form(place: Place, login: str | None) -> dict[str, Any]:
    """The ASYE template's edit form as the page fills it, with one change."""
    template = PathwayTemplate.objects.get(pk=place.ids["asye"])
    return {
        "name": template.name,
        "description": template.description,
        "duration_months": template.duration_months,
        "due_soon_days": template.due_soon_days + 7,
        "development_alert_percent": template.development_alert_percent,
        "reduced_workload_percent": template.reduced_workload_percent or "",
        "active": "on",
    }


_E = "/enrolments/{enrolment}"
_API_E = f"/api/v1{_E}"
PAYLOADS |= {
    "PATCH /api/v1/pathway-templates/{asye}/": lambda p, _: {"due_soon_days": 21},
    "PATCH /api/v1/pathway-templates/{missing}/": lambda p, _: {"due_soon_days": 21},
    "POST /api/v1/pathway-templates/{asye}/copy/": lambda p, _: {
        "key": "asye-local",
        "name": "ASYE (local)",
    },
    "POST /api/v1/pathway-templates/{missing}/copy/": lambda p, _: {
        "key": "asye-local",
        "name": "ASYE (local)",
    },
    "POST /api/v1/cohorts/": lambda p, _: {
        "name": "ASYE autumn",
        "pathway_template": p.pk("asye"),
        "start_date": iso_today(),
        "capacity": 12,
    },
    "PATCH /api/v1/cohorts/{cohort}/": lambda p, _: {"capacity": 15},
    "POST /api/v1/enrolments/": lambda p, _: {
        "person": p.pk("worker"),
        "pathway_template": p.pk("asye"),
        "start_date": iso_today(),
    },
    f"POST {_API_E}/milestones/support_agreement/complete/": lambda p, _: {
        "completed_on": iso_today()
    },
    f"POST {_API_E}/supervisions/": lambda p, _: {"held_on": iso_today(), "kind": "reflective"},
    f"POST {_API_E}/development-time/": lambda p, _: {
        "date": iso_today(),
        "hours": "3.50",
        "activity": "Reading on the Care Act",
    },
    f"POST {_API_E}/evidence/": lambda p, _: {
        "kind": "critical_reflection",
        "date": iso_today(),
        "summary": "Reflection on a safeguarding enquiry",
        "pcf_domains": ["critical_reflection"],
    },
    f"POST {_API_E}/pauses/": lambda p, _: {
        "kind": "sick_leave",
        "reason": "Sick leave",
        "first_day": iso_today(),
        "last_day": iso_today(),
    },
    f"POST {_API_E}/outcome/": lambda p, _: {
        "stage": "recommendation",
        "decision": "recommended_pass",
        "decided_on": iso_today(),
    },
    f"POST {_API_E}/outcome/#recommended": lambda p, _: {
        "stage": "panel",
        "decision": "passed",
        "decided_on": iso_today(),
    },
    f"POST {_API_E}/reassign/": lambda p, _: {
        "supervisor": p.pk("manager"),
        "reason": "The supervisor moved team.",
    },
    "POST /cohorts/new/": lambda p, _: {
        "name": "ASYE autumn",
        "pathway": p.pk("asye"),
        **date_boxes("start_date"),
        "capacity": 12,
    },
    "POST /cohorts/{cohort}/enrol/": lambda p, _: {
        "people": p.pk("worker"),
        **date_boxes("start_date"),
        "assessor": p.pk("assessor"),
        "supervisor": p.pk("supervisor"),
    },
    f"POST {_E}/milestones/review_3m/done/": lambda p, _: date_boxes("completed_on"),
    f"POST {_E}/supervision/new/": lambda p, _: {
        **date_boxes("held_on"),
        "supervisor": p.pk("supervisor"),
        "kind": "reflective",
    },
    f"POST {_E}/development-time/new/": lambda p, _: {
        **date_boxes("date"),
        "hours": "3.5",
        "activity": "Reading on the Care Act",
    },
    f"POST {_E}/evidence/new/": lambda p, _: {
        "kind": "critical_reflection",
        **date_boxes("date"),
        "summary": "Reflection on a safeguarding enquiry",
    },
    f"POST {_E}/pause/new/": lambda p, _: {
        "kind": "sick_leave",
        **date_boxes("first_day"),
        **date_boxes("last_day"),
        "reason": "Sick leave",
    },
    f"POST {_E}/extension/new/": lambda p, _: {"days": 28, "reason": "A long absence"},
    f"POST {_E}/outcome/": lambda p, _: {
        "decision": "recommended_pass",
        **date_boxes("decided_on"),
    },
    f"POST {_E}/outcome/#recommended": lambda p, _: {
        "decision": "passed",
        **date_boxes("decided_on"),
    },
    f"POST {_E}/portal-registration/": lambda p, _: date_boxes("registered_on"),
    f"POST {_E}/reassign/": lambda p, _: {
        "assessor": p.pk("assessor"),
        "supervisor": p.pk("manager"),
        "reason": "The supervisor moved team.",
    },
    "POST /pathways/{asye}/copy/": lambda p, _: {"name": "ASYE (local)", "key": "asye-local"},
    "POST /pathways/{asye}/edit/": _template_form,
}


def _assessor_recommends_a_pass(place: Place) -> None:
    pathways.outcome_record(
        enrolment=place.enrolment(),
        stage=OutcomeDecision.Stage.RECOMMENDATION,
        decision="recommended_pass",
        decided_on=today(),
        actor=place.person("assessor"),
    )


#: What an address's ``#state`` stands for: done before the request, in the cell's savepoint.
STATES: dict[str, Callable[[Place], None]] = {"recommended": _assessor_recommends_a_pass}
for _area in AREAS:
    PAYLOADS |= _area.PAYLOADS
    STATES |= _area.STATES

#: Requests that need an earlier one on the same client: the password-set form is reached
#: through the e-mailed link, which puts the token in the session.
BEFORE: dict[str, str] = {
    "POST /password/set/{uid}/set-password/": "/password/set/{uid}/{token}/",
}


# ---------------------------------------------------------------------------------------------
# The scenario: built once for the module, each cell rolled back
# ---------------------------------------------------------------------------------------------
#: The shared ``academy`` fixture's own body, so the matrix's academy is the one other tests get.
_build_academy: Callable[[None], Academy] = inspect.unwrap(conftest.academy)


def _qualify(person: Person, on: dt.date) -> None:
    """A social worker qualified and first registered with Social Work England on ``on``."""
    person_update(
        person=person,
        changes={
            "qualified_on": on,
            "swe_first_registered_on": on,
            "swe_number": f"SW{person.pk:06d}",
        },
    )


def _build_scenario() -> Place:
    load_seed_data()  # the seeded templates, in case a test that empties the tables ran before
    academy = _build_academy(None)
    people = academy.people
    start = today() - dt.timedelta(days=60)
    for login in ("nqsw", "worker", "assessor", "supervisor"):
        _qualify(people[login], start - dt.timedelta(days=140))
    asye = PathwayTemplate.objects.get(key="asye-adults")
    cohort = pathways.cohort_create(name="ASYE spring", pathway=asye, start_date=start, capacity=10)
    enrolment = pathways.enrolment_create(
        person=people["nqsw"],
        pathway=asye,
        start_date=start,
        cohort=cohort,
        assessor=people["assessor"],
        supervisor=people["supervisor"],
        actor=people["psw"],
    )
    evidence = pathways.evidence_add(
        enrolment=enrolment,
        kind="direct_observation",
        date=start,
        summary="Observed a carers assessment",
        file=ContentFile(b"%PDF-1.4 a direct observation", name="observation.pdf"),
        actor=people["assessor"],
    )
    preceptorship = pathways.enrolment_create(
        person=people["outsider"],
        pathway=PathwayTemplate.objects.get(key="ot-preceptorship"),
        start_date=start,
        actor=people["psw"],
    )
    note = NotificationFactory(recipient=people["nqsw"], kind="welcome")
    ids = {login: str(person.pk) for login, person in people.items()}
    for assignment in RoleAssignment.objects.filter(person__in=people.values()):
        login = next(k for k, v in people.items() if v.pk == assignment.person_id)
        ids[f"{login}.{assignment.role}"] = str(assignment.pk)
    ids.update(
        council=str(academy.council.pk),
        trust=str(academy.trust.pk),
        team_a=str(academy.teams["a"].pk),
        team_nhs=str(academy.teams["nhs"].pk),
        missing=str(MISSING_ID),
        nqsw_note=str(note.pk),
        asye=str(asye.pk),
        cohort=str(cohort.pk),
        enrolment=str(enrolment.pk),
        evidence=str(evidence.pk),
        preceptorship=str(preceptorship.pk),
    )
    place = Place(academy=academy, ids=ids)
    for area in AREAS:
        area.build(place)
    return place


@pytest.fixture(scope="module")
def scenario(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Place]:
    """The academy and its pathways, built once for the module's cells in a transaction that
    is rolled back when the module ends. pytest-django's ``db`` runs each test in a savepoint
    inside it, so each cell starts from the scenario as built."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        try:
            built = _build_scenario()
            with django_db_blocker.block():
                yield built
        finally:
            transaction.set_rollback(True)


@pytest.fixture
def academy(scenario: Place, db: None) -> Academy:
    """In this module, the scenario's academy (the shared fixture would build a second)."""
    return scenario.academy


@pytest.fixture
def place(scenario: Place, db: None) -> Place:
    return Place(academy=scenario.academy, ids=dict(scenario.ids))


def _send(client: Client, method: str, address: str, data: Body | None) -> Any:
    if isinstance(data, dict) and any(isinstance(v, UploadedFile) for v in data.values()):
        # a file upload (a CSV import), sent as a browser or a client sends one
        return client.generic(
            method, address, data=encode_multipart(BOUNDARY, data), content_type=MULTIPART_CONTENT
        )
    if address.startswith("/api/"):
        return client.generic(
            method,
            address,
            data=b"" if data is None else _json(data),
            content_type="application/json",
        )
    if method == "GET":
        return client.get(address)
    assert not isinstance(data, list), "a page's form is a mapping"
    return client.generic(
        method, address, data=_form(data or {}), content_type="application/x-www-form-urlencoded"
    )


def _json(data: Body) -> bytes:
    return json.dumps(data).encode()


def _form(data: dict[str, Any]) -> bytes:
    return urlencode(data).encode()


@pytest.mark.parametrize("cell", CELLS, ids=[cell.id for cell in CELLS])
def test_access(place: Place, cell: Cell) -> None:
    client = place.academy.client(cell.login)
    place.renew_password_link()  # signing in (as nqsw) spends a link made before it
    address = place.address(cell.path)
    if cell.row in BEFORE:
        client.get(place.address(BEFORE[cell.row]))
    if cell.state:
        STATES[cell.state](place)
    payload = PAYLOADS.get(cell.row)
    data = payload(place, cell.login) if payload else None
    response = _send(client, cell.method, address, data)

    expected = 302 if cell.expected == "login" else int(cell.expected)
    shown = response.content[:300] if response.status_code != expected else b""
    assert response.status_code == expected, (cell.id, response.get("Location"), shown)
    location = response.get("Location", "")
    if cell.expected == "login":
        assert location == f"/sign-in/?next={quote(address)}"
    elif expected == 302:
        assert "next=" not in location, location
    if address.startswith("/api/v1/") and expected >= 400:
        assert response.json()["status"] == expected  # one error format across the API


# ---------------------------------------------------------------------------------------------
# The matrix covers every address the service has
# ---------------------------------------------------------------------------------------------
EXCLUDED_PREFIXES = ("admin/", "static/", "media/")
WRITE_METHODS = ("get", "post", "put", "patch", "delete")


def _patterns(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            found.extend(_patterns(pattern.url_patterns, route))
        elif isinstance(pattern, URLPattern):
            found.append((route, pattern.callback))
    return found


def _route_of(path: str) -> str:
    concrete = re.sub(r"\{(uid|token)\}", "x", path.partition("#")[0])
    concrete = re.sub(r"\{[\w.]+\}", "1", concrete)
    return resolve(concrete).route


def _methods_in_matrix() -> dict[str, set[str]]:
    methods: dict[str, set[str]] = {}
    for cell in CELLS:
        methods.setdefault(_route_of(cell.path), set()).add(cell.method)
    return methods


def test_every_address_is_in_the_matrix() -> None:
    in_matrix = _methods_in_matrix()
    missing = [
        route for route, _ in _patterns(get_resolver().url_patterns) if route not in in_matrix
    ]
    assert not missing, f"add these addresses to MATRIX in {__name__}: {missing}"


def test_every_method_an_api_view_takes_is_in_the_matrix() -> None:
    in_matrix = _methods_in_matrix()
    gaps: list[str] = []
    for route, callback in _patterns(get_resolver().url_patterns):
        view = getattr(callback, "cls", None)  # a DRF view
        if view is None:
            continue
        takes = {
            m.upper() for m in WRITE_METHODS if m in view.http_method_names and hasattr(view, m)
        }
        gaps.extend(f"{m} /{route}" for m in sorted(takes - in_matrix.get(route, set())))
    assert not gaps, f"add these requests to MATRIX in {__name__}: {gaps}"


def test_the_matrix_has_a_column_for_every_role_and_anonymous() -> None:
    assert [login for login in COLUMNS.values() if login] == list(ROLE_LOGINS)
    assert None in COLUMNS.values()


def test_every_state_an_address_names_is_defined() -> None:
    assert {cell.state for cell in CELLS if cell.state} <= set(STATES)


def test_the_roles_the_role_placeholders_name_exist() -> None:
    roles = {match.split(".")[1] for match in re.findall(r"\{(\w+\.\w+)\}", MATRIX)}
    assert roles <= set(Role.values)


# ---------------------------------------------------------------------------------------------
# Lists show exactly whom the role may see
# ---------------------------------------------------------------------------------------------
EVERYONE = (
    "psw dass principal_ot coordinator manager assessor supervisor partner nqsw worker "
    "outsider nhs_staff"
)
#: Whom each login finds in the people list (API and directory page).
LISTED = {
    "psw": EVERYONE,
    "dass": EVERYONE,
    "principal_ot": EVERYONE,
    "coordinator": EVERYONE,
    "manager": "psw manager supervisor nqsw worker",
    "assessor": "assessor nqsw",
    "supervisor": "supervisor nqsw",
    "partner": "partner nhs_staff",
    "nqsw": "nqsw",
    "worker": "worker",
    "outsider": "outsider",
    "nhs_staff": "nhs_staff",
    "admin": EVERYONE,
}


@pytest.mark.parametrize("login", ROLE_LOGINS)
def test_people_list_holds_exactly_whom_the_role_may_see(academy: Academy, login: str) -> None:
    expected = {academy.people[name].pk for name in LISTED[login].split()}
    response = academy.client(login).get("/api/v1/people/", {"page_size": 200})
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == expected


@pytest.mark.parametrize("login", ROLE_LOGINS)
def test_directory_page_lists_exactly_whom_the_role_may_see(academy: Academy, login: str) -> None:
    response = academy.client(login).get("/people/")
    assert response.status_code == 200
    listed = {person.pk for person in response.context["page"].rows}
    assert listed == {academy.people[name].pk for name in LISTED[login].split()}

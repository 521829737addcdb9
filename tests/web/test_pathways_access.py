"""Who may open each pathways page: every role, by address. Something a role may not see is a
404 (its existence never leaks); something it sees but may not do is a 403; a signed-out
visitor is sent to sign in.

The academy fixture's ``nqsw`` (team A) is on the ASYE, assessed by ``assessor`` and supervised
by ``supervisor``; ``manager`` manages team A.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from academy.pathways import services
from academy.pathways.models import Enrolment
from tests.conftest import ROLE_LOGINS
from tests.web.test_pathways_support import nqsw_on_asye

pytestmark = pytest.mark.django_db

SEES_ALL = {"psw", "dass", "principal_ot", "admin"}
PLANS = {"psw", "admin"}
SEES_NQSW = SEES_ALL | {"manager", "assessor", "supervisor", "nqsw"}


def expected(allowed: set[str], visible: set[str] | None = None) -> dict[str, int]:
    """200 for ``allowed``; 403 for the rest of ``visible`` (everyone, when not given); 404 for
    those who may not see it."""
    statuses = {}
    for login in ROLE_LOGINS:
        if login in allowed:
            statuses[login] = 200
        elif visible is None or login in visible:
            statuses[login] = 403
        else:
            statuses[login] = 404
    return statuses


EVERYONE = set(ROLE_LOGINS)
PAGES = {
    "/cohorts/": expected(SEES_ALL),
    "/cohorts/new/": expected(PLANS),
    "/cohorts/{cohort}/": expected(SEES_ALL, SEES_ALL),
    "/cohorts/{cohort}/enrol/": expected(PLANS, SEES_ALL),
    "/cohorts/987654321/": expected(set(), set()),
    "/enrolments/{enrolment}/": expected(SEES_NQSW, SEES_NQSW),
    "/enrolments/987654321/": expected(set(), set()),
    "/enrolments/{enrolment}/milestones/review_3m/done/": expected(PLANS | {"assessor"}, SEES_NQSW),
    "/enrolments/{enrolment}/milestones/no_such_milestone/done/": expected(set(), set()),
    "/enrolments/{enrolment}/supervision/new/": expected(PLANS | {"supervisor"}, SEES_NQSW),
    "/enrolments/{enrolment}/development-time/new/": expected(
        PLANS | {"nqsw", "assessor", "supervisor"}, SEES_NQSW
    ),
    "/enrolments/{enrolment}/evidence/new/": expected(PLANS | {"nqsw", "assessor"}, SEES_NQSW),
    "/enrolments/{enrolment}/evidence/{evidence}/file/": expected(SEES_NQSW, SEES_NQSW),
    "/enrolments/{enrolment}/pause/new/": expected(PLANS | {"manager"}, SEES_NQSW),
    "/enrolments/{enrolment}/extension/new/": expected(PLANS | {"manager"}, SEES_NQSW),
    "/enrolments/{enrolment}/outcome/": expected(PLANS | {"assessor"}, SEES_NQSW),
    "/enrolments/{enrolment}/portal-registration/": expected(PLANS, SEES_NQSW),
    "/enrolments/{enrolment}/reassign/": expected(PLANS, SEES_NQSW),
    "/my-pathway/": expected(EVERYONE),
    "/assessing/": expected(EVERYONE),
    "/team/pathways/": expected({"manager"}),
    "/pathways/": expected(EVERYONE),
    "/pathways/{template}/": expected(EVERYONE),
    "/pathways/987654321/": expected(set(), set()),
    "/pathways/{template}/copy/": expected(PLANS),
    "/pathways/{template}/edit/": expected(PLANS),
}
#: Forms: an empty POST from those allowed shows the form again with its errors (200).
FORMS = [
    "/cohorts/new/",
    "/cohorts/{cohort}/enrol/",
    "/enrolments/{enrolment}/milestones/review_3m/done/",
    "/enrolments/{enrolment}/supervision/new/",
    "/enrolments/{enrolment}/development-time/new/",
    "/enrolments/{enrolment}/evidence/new/",
    "/enrolments/{enrolment}/pause/new/",
    "/enrolments/{enrolment}/extension/new/",
    "/enrolments/{enrolment}/outcome/",
    "/enrolments/{enrolment}/portal-registration/",
    "/enrolments/{enrolment}/reassign/",
    "/pathways/{template}/copy/",
    "/pathways/{template}/edit/",
]


@pytest.fixture
def places(academy, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    enrolment = nqsw_on_asye(academy)
    evidence = services.evidence_add(
        enrolment=enrolment,
        kind="direct_observation",
        date=enrolment.start_date,
        summary="Observed a carers assessment.",
        file=ContentFile(b"%PDF-1.4 observation", name="observation.pdf"),
        actor=academy.people["assessor"],
    )
    return {
        "cohort": enrolment.cohort_id,
        "enrolment": enrolment.pk,
        "evidence": evidence.pk,
        "template": enrolment.pathway_id,
    }


@pytest.mark.parametrize("address", sorted(PAGES))
def test_each_role_gets_each_page_as_the_rules_say(academy, places, address):
    url = address.format(**places)
    got = {login: academy.client(login).get(url).status_code for login in ROLE_LOGINS}
    assert got == PAGES[address]


@pytest.mark.parametrize("address", sorted(PAGES))
def test_signed_out_visitors_are_sent_to_sign_in(academy, places, address):
    url = address.format(**places)
    response = academy.client(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"


@pytest.mark.parametrize("address", FORMS)
def test_each_form_refuses_a_post_as_it_refuses_the_page(academy, places, address):
    url = address.format(**places)
    got = {login: academy.client(login).post(url, {}).status_code for login in ROLE_LOGINS}
    assert got == PAGES[address]


def test_switching_a_milestone_is_for_the_psw_alone_and_only_by_post(academy, places):
    url = "/enrolments/{enrolment}/milestones/review_9m/switch/".format(**places)
    got = {login: academy.client(login).post(url).status_code for login in ROLE_LOGINS}
    assert got == {
        login: 302 if login in PLANS else 403 if login in SEES_NQSW else 404
        for login in ROLE_LOGINS
    }
    assert academy.client("psw").get(url).status_code == 405


def test_the_outcome_form_is_refused_to_the_assessor_once_they_have_recommended(academy, places):
    record = Enrolment.objects.get(pk=places["enrolment"])
    services.outcome_record(
        enrolment=record,
        stage="recommendation",
        decision="recommended_pass",
        decided_on=record.start_date,
        actor=academy.people["assessor"],
    )
    url = "/enrolments/{enrolment}/outcome/".format(**places)
    assert academy.client("assessor").get(url).status_code == 403
    assert academy.client("psw").get(url).status_code == 200


def test_an_evidence_file_is_only_read(academy, places):
    url = "/enrolments/{enrolment}/evidence/{evidence}/file/".format(**places)
    assert academy.client("psw").post(url).status_code == 405

"""Changing an enrolment's assessor or supervisor over the API:
``POST /api/v1/enrolments/{id}/reassign/`` with ``{assessor?, supervisor?, reason}``.

A role left out is kept, null leaves it with no one. The PSW (and an admin) may; a role that sees
the enrolment but may not change it gets 403, one that may not see it 404, as the enrolment's
other actions do. Refusals name their field in the API's one error format."""

from __future__ import annotations

import pytest

from academy.common.dates import today
from academy.notifications.models import Notification
from academy.pathways import services
from academy.pathways.models import Enrolment, EnrolmentReassignment
from tests.api.support import access_cases, assert_error
from tests.api.test_pathways import (  # noqa: F401  (fixtures)
    pathways_fixture,
    qualify,
    standard_pathways_fixture,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REASON = "The assessor has left the council."


def url(pathways, pk: int | None = None) -> str:
    return f"/api/v1/enrolments/{pk or pathways.enrolment.pk}/reassign/"


def holders(pathways) -> tuple[int | None, int | None]:
    enrolment = Enrolment.objects.get(pk=pathways.enrolment.pk)
    return enrolment.assessor_id, enrolment.supervisor_id


@pytest.fixture
def newcomer(pathways):
    """A registered social worker, new to the academy, to take a role on."""
    return qualify(PersonFactory(first_name="Nadia", last_name="Newcomer"))


# ---------------------------------------------------------------------------------------------
# Who may
# ---------------------------------------------------------------------------------------------
# nqsw's enrolment: the PSW and admins change it; the others who see it (DASS, principal OT,
# nqsw's team manager, assessor and supervisor, nqsw) get 403; those who do not see it, 404.
ACCESS = """
#                          anon psw  dass pot  coord mgr  assr sup  partn nqsw wrkr outs nhs  admin
POST   {e}                 401  200  403  403  404   403  403  403  404   403  404  404  404  200
POST   {missing}           401  404  404  404  404   404  404  404  404   404  404  404  404  404
GET    {e}                 401  405  405  405  405   405  405  405  405   405  405  405  405  405
"""


@pytest.mark.parametrize(("method", "address", "login", "expected"), access_cases(ACCESS))
def test_who_may_change_them(pathways, api, newcomer, method, address, login, expected):
    target = url(pathways, 987654321 if address == "{missing}" else None)
    body = {"assessor": newcomer.pk, "reason": REASON}
    response = getattr(api(login), method.lower())(target, body if method == "POST" else None)
    assert response.status_code == expected, response.content[:400]
    if expected >= 400:
        assert_error(response, expected)
    if expected != 200:
        assert holders(pathways) == (
            pathways.person("assessor").pk,
            pathways.person("supervisor").pk,
        )
        assert not EnrolmentReassignment.objects.exists()


# ---------------------------------------------------------------------------------------------
# Changing them
# ---------------------------------------------------------------------------------------------
def test_the_psw_changes_the_assessor_and_gets_the_enrolment_back(pathways, api, newcomer):
    response = api("psw").post(url(pathways), {"assessor": newcomer.pk, "reason": REASON})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["assessor"] == {"id": newcomer.pk, "full_name": "Nadia Newcomer"}
    assert body["supervisor"]["id"] == pathways.person("supervisor").pk
    # The enrolment as it reads back anywhere else.
    assert body == api("psw").get(pathways.url()).json()
    [change] = EnrolmentReassignment.objects.all()
    assert (change.role, change.from_person, change.to_person, change.reason) == (
        "assessor",
        pathways.person("assessor"),
        newcomer,
        REASON,
    )
    assert change.changed_by == pathways.person("psw")
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {newcomer.pk, pathways.person("nqsw").pk}


def test_null_leaves_a_role_with_no_one_and_a_role_left_out_is_kept(pathways, api):
    response = api("psw").post(url(pathways), {"supervisor": None, "reason": "Moved team."})

    assert response.status_code == 200, response.content
    assert response.json()["supervisor"] is None
    assert holders(pathways) == (pathways.person("assessor").pk, None)


def test_both_at_once_record_a_change_each(pathways, api, newcomer):
    body = {"assessor": newcomer.pk, "supervisor": pathways.person("manager").pk, "reason": "x"}
    response = api("psw").post(url(pathways), body)

    assert response.status_code == 200, response.content
    assert holders(pathways) == (newcomer.pk, pathways.person("manager").pk)
    assert list(EnrolmentReassignment.objects.values_list("role", flat=True)) == [
        "assessor",
        "supervisor",
    ]


def test_the_new_assessor_may_then_act_and_the_old_one_no_longer_sees_it(pathways, api):
    manager = pathways.person("manager")
    api("psw").post(url(pathways), {"assessor": manager.pk, "reason": REASON})

    assert api("assessor").get(pathways.url()).status_code == 404
    done = api("manager").post(
        pathways.url("milestones/support_agreement/complete/"),
        {"completed_on": today().isoformat()},
    )
    assert done.status_code == 200, done.content


# ---------------------------------------------------------------------------------------------
# Refusals name their field and write nothing
# ---------------------------------------------------------------------------------------------
def _left(pathways):
    gone = qualify(PersonFactory(active=False))
    return {"assessor": gone.pk, "reason": REASON}


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (_left, {"assessor"}),
        (lambda p: {"supervisor": p.person("nqsw").pk, "reason": REASON}, {"supervisor"}),
        (lambda p: {"assessor": 987654321, "reason": REASON}, {"assessor"}),
        (lambda p: {"assessor": "someone", "reason": REASON}, {"assessor"}),
        (lambda p: {"assessor": p.person("manager").pk}, {"reason"}),
        (lambda p: {"assessor": p.person("manager").pk, "reason": "   "}, {"reason"}),
        (lambda p: {"reason": REASON}, {None}),
        (lambda p: {"assessor": p.person("assessor").pk, "reason": REASON}, {None}),
    ],
    ids=[
        "someone who has left",
        "the learner themselves",
        "no such person",
        "not an id",
        "no reason",
        "a blank reason",
        "nothing given",
        "the same assessor",
    ],
)
def test_a_refusal_names_the_field_at_fault_and_changes_nothing(pathways, api, body, fields):
    response = api("psw").post(url(pathways), body(pathways))

    assert_error(response, 400, fields=fields)
    assert holders(pathways) == (pathways.person("assessor").pk, pathways.person("supervisor").pk)
    assert not EnrolmentReassignment.objects.exists()
    assert not Notification.objects.filter(kind__startswith="pathways.reassigned").exists()


def test_a_finished_enrolment_is_refused(pathways, api, newcomer):
    services.outcome_record(
        enrolment=pathways.enrolment,
        stage="withdrawal",
        decision="withdrawn",
        decided_on=today(),
        actor=pathways.person("psw"),
    )
    response = api("psw").post(url(pathways), {"assessor": newcomer.pk, "reason": REASON})

    [error] = assert_error(response, 400, fields={None})
    assert "withdrawn" in error["message"]
    assert not EnrolmentReassignment.objects.exists()


# ---------------------------------------------------------------------------------------------
# The schema
# ---------------------------------------------------------------------------------------------
def test_the_schema_documents_the_body_and_the_answer(academy):
    schema = academy.client("psw").get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert schema.status_code == 200
    document = schema.json()
    post = document["paths"]["/api/v1/enrolments/{id}/reassign/"]["post"]
    request = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = document["components"]["schemas"][request.rsplit("/", 1)[-1]]
    assert set(fields["properties"]) == {"assessor", "supervisor", "reason"}
    assert fields["required"] == ["reason"]
    assert fields["properties"]["assessor"]["nullable"] is True
    answer = post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert answer.endswith("/EnrolmentDetailOut")
    assert {"400", "403", "404"} <= set(post["responses"])

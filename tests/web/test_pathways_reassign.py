"""Changing an enrolment's assessor or supervisor through the pages: the PSW's link on the
enrolment page, the form (the people holding the roles chosen to start with, "No one for now"
to leave a role empty, a reason), and its errors shown on their fields with nothing written."""

from __future__ import annotations

import pytest

from academy.common.dates import today
from academy.notifications.models import Notification
from academy.pathways import services
from academy.pathways.models import Enrolment, EnrolmentReassignment
from academy.people.models import Role
from tests.factories import PersonFactory
from tests.web.conftest import count_queries, page_of, queries_listed
from tests.web.test_pathways_support import nqsw_on_asye

pytestmark = pytest.mark.django_db

LINK = "Change assessor or supervisor"
REASON = "The assessor has left the council."


@pytest.fixture
def enrolment(academy) -> Enrolment:
    """nqsw on the ASYE, assessed by ``assessor`` and supervised by ``supervisor``."""
    return nqsw_on_asye(academy)


@pytest.fixture
def newcomer():
    return PersonFactory(first_name="Nadia", last_name="Newcomer", roles=[Role.ASSESSOR])


def address(enrolment: Enrolment) -> str:
    return f"/enrolments/{enrolment.pk}/reassign/"


def banner(response) -> str:
    return page_of(response).text("p", class_="govuk-notification-banner__heading")


def selected(page, name: str) -> str:
    select = page.find("select", name=name)
    assert select is not None, name
    start = page.elements.index(select)
    options = [e for e in page.elements[start + 1 :] if e["tag"] == "option"]
    chosen = [o["text"].strip() for o in options if "selected" in o["attrs"]]
    return chosen[0] if chosen else ""


def offered(page, name: str) -> list[str]:
    select = page.find("select", name=name)
    assert select is not None, name
    start = page.elements.index(select)
    texts = []
    for element in page.elements[start + 1 :]:
        if element["tag"] != "option":
            break
        texts.append(element["text"].strip())
    return texts


def form(enrolment: Enrolment, **fields) -> dict[str, object]:
    """The form as the page fills it (the holders now), with ``fields`` changed."""
    data: dict[str, object] = {
        "assessor": enrolment.assessor_id or "",
        "supervisor": enrolment.supervisor_id or "",
        "reason": REASON,
    }
    data.update(fields)
    return data


# ---------------------------------------------------------------------------------------------
# The link on the enrolment page
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("login", "sees"),
    [
        ("psw", True),
        ("admin", True),
        ("dass", False),
        ("manager", False),
        ("assessor", False),
        ("supervisor", False),
        ("nqsw", False),
    ],
)
def test_only_the_psw_is_offered_the_change(academy, enrolment, login, sees):
    page = page_of(academy.client(login).get(f"/enrolments/{enrolment.pk}/"))
    links = page.find_all("a", href=address(enrolment))
    assert [link["text"] for link in links] == ([LINK] if sees else [])


def test_a_finished_enrolment_offers_no_change(academy, enrolment):
    services.outcome_record(
        enrolment=enrolment,
        stage="withdrawal",
        decision="withdrawn",
        decided_on=today(),
        actor=academy.people["psw"],
    )
    page = page_of(academy.client("psw").get(f"/enrolments/{enrolment.pk}/"))
    assert page.find_all("a", href=address(enrolment)) == []


# ---------------------------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------------------------
def test_the_form_starts_at_the_people_holding_the_roles(academy, enrolment, newcomer):
    page = page_of(academy.client("psw").get(address(enrolment)))

    assert page.h1 == LINK
    assert page.title.startswith(f"{LINK} –")
    assert selected(page, "assessor") == "Assessor Tester"
    assert selected(page, "supervisor") == "Supervisor Tester"
    assert offered(page, "assessor") == ["No one for now", "Nadia Newcomer", "Assessor Tester"]
    # Supervisors and team managers supervise; never the learner.
    assert offered(page, "supervisor") == ["No one for now", "Manager Tester", "Supervisor Tester"]
    assert page.find("textarea", name="reason") is not None
    assert "Save changes" in page.texts("button")


def test_the_psw_changes_the_assessor_and_lands_back_on_the_enrolment(academy, enrolment, newcomer):
    response = academy.client("psw").post(
        address(enrolment), form(enrolment, assessor=newcomer.pk), follow=True
    )

    assert response.redirect_chain == [(f"/enrolments/{enrolment.pk}/", 302)]
    assert banner(response) == "Nadia Newcomer is now the assessor."
    enrolment.refresh_from_db()
    assert (enrolment.assessor, enrolment.supervisor) == (
        newcomer,
        academy.people["supervisor"],
    )
    [change] = EnrolmentReassignment.objects.all()
    assert (change.from_person, change.to_person, change.reason, change.changed_by) == (
        academy.people["assessor"],
        newcomer,
        REASON,
        academy.people["psw"],
    )
    summary = page_of(response).texts("dd", class_="govuk-summary-list__value")
    assert "Nadia Newcomer" in summary
    assert Notification.objects.filter(recipient=newcomer).count() == 1


def test_no_one_for_now_leaves_the_supervisor_empty(academy, enrolment):
    response = academy.client("psw").post(
        address(enrolment), form(enrolment, supervisor=""), follow=True
    )

    assert banner(response) == "There is no supervisor for now."
    enrolment.refresh_from_db()
    assert enrolment.supervisor is None
    assert enrolment.assessor == academy.people["assessor"]


def test_changing_both_says_both(academy, enrolment, newcomer):
    response = academy.client("psw").post(
        address(enrolment),
        form(enrolment, assessor=newcomer.pk, supervisor=academy.people["manager"].pk),
        follow=True,
    )
    assert (
        banner(response)
        == "Nadia Newcomer is now the assessor. Manager Tester is now the supervisor."
    )


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------
def test_each_problem_is_shown_on_its_field_and_nothing_is_written(academy, enrolment):
    page = page_of(
        academy.client("psw").post(
            address(enrolment),
            {"assessor": "987654321", "supervisor": academy.people["nqsw"].pk, "reason": ""},
        )
    )

    assert page.title.startswith(f"Error: {LINK}")
    assert page.error_summary_links() == {
        "id_assessor": "Choose an assessor from the list",
        "id_supervisor": "Choose a supervisor from the list",
        "id_reason": "Give the reason for the change",
    }
    assert page.field_error("id_reason").endswith("Give the reason for the change")
    enrolment.refresh_from_db()
    assert (enrolment.assessor, enrolment.supervisor) == (
        academy.people["assessor"],
        academy.people["supervisor"],
    )
    assert not EnrolmentReassignment.objects.exists()


def test_a_change_that_changes_nothing_is_refused_above_the_form(academy, enrolment):
    page = page_of(academy.client("psw").post(address(enrolment), form(enrolment)))

    assert page.error_summary_links() == {
        "id_assessor": "Choose a different assessor or supervisor: these are the ones the "
        "enrolment has now."
    }
    assert not EnrolmentReassignment.objects.exists()


def test_an_offered_person_who_has_left_since_is_refused_on_their_field(academy, enrolment):
    gone = PersonFactory(first_name="Gone", last_name="Away", roles=[Role.ASSESSOR])
    page_of(academy.client("psw").get(address(enrolment)))  # offered when the page was shown
    gone.active = False
    gone.save(update_fields=["active"])

    page = page_of(
        academy.client("psw").post(address(enrolment), form(enrolment, assessor=gone.pk))
    )
    assert page.error_summary_links() == {"id_assessor": "Choose an assessor from the list"}
    assert not EnrolmentReassignment.objects.exists()


def test_the_service_refusal_for_a_finished_enrolment_is_shown(academy, enrolment, newcomer):
    services.outcome_record(
        enrolment=enrolment,
        stage="withdrawal",
        decision="withdrawn",
        decided_on=today(),
        actor=academy.people["psw"],
    )
    page = page_of(
        academy.client("psw").post(address(enrolment), form(enrolment, assessor=newcomer.pk))
    )
    [message] = page.error_summary_links().values()
    assert "withdrawn" in message
    assert not EnrolmentReassignment.objects.exists()


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------
def _form_queries(client, enrolment):
    client.get(address(enrolment))
    with count_queries() as context:
        response = client.get(address(enrolment))
    assert response.status_code == 200
    return context


def test_the_form_runs_the_same_queries_for_few_and_many_people_offered(academy, enrolment):
    client = academy.client("psw")
    few = _form_queries(client, enrolment)
    for _ in range(30):
        PersonFactory(roles=[Role.ASSESSOR])
        PersonFactory(roles=[Role.SUPERVISOR])
    many = _form_queries(client, enrolment)
    assert len(few) == len(many), queries_listed(many)

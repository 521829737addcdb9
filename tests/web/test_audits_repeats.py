"""Repeat audits on the pages: the PSW's list of allowances (case, reason, who, when, and the
audit that used each) with the form to allow one, the links to it, and the manager's refusal
that points to the PSW until an allowance is given.

The fixture (tests/api/test_audits.py): ``manager`` (team A) submitted an audit of ``nqsw``'s
case this month."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from academy.audits import services
from academy.audits.models import CaseAudit, RepeatAllowance
from academy.common.dates import today
from academy.people.permissions import viewer_for
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    audits_fixture,
    record,
    standard_audit_fixture,
)
from tests.web.conftest import count_queries, page_of, queries_listed
from tests.web.test_audits_forms import audit_post

pytestmark = pytest.mark.django_db

PAGE = "/audits/repeat-allowances/"
CAPTION = "Repeat audits allowed, latest first"


def allow(audits, reference: str, reason: str = "A complaint about the case.") -> RepeatAllowance:
    return services.repeat_allow(
        case_reference=reference, reason=reason, actor=viewer_for(audits.person("psw").user)
    )


def test_the_list_shows_case_reason_who_when_and_the_audit_that_used_it(audits, academy):
    used = allow(audits, audits.submitted.case_reference, "The family complained.")
    repeat = record(
        audits.person("manager"),
        audits.person("nqsw"),
        case_reference=audits.submitted.case_reference,
    )
    allow(audits, "CR555123", "Safeguarding review asked for it.")

    page = page_of(academy.client("psw").get(PAGE))

    assert page.h1 == "Repeat audits"
    when = today().strftime("%-d %b %Y")
    assert page.table_rows(CAPTION) == [
        ["CR555123", "Safeguarding review asked for it.", "Psw Tester", when, "Not used yet"],
        [
            used.case_reference,
            "The family complained.",
            "Psw Tester",
            when,
            f"The audit of {repeat.audit_date:%-d %b %Y} of case {used.case_reference}",
        ],
    ]
    assert page.find("a", href=f"/audits/{repeat.pk}/") is not None


def test_the_page_says_the_repeat_window_from_the_settings(audits, academy, settings):
    settings.AUDITS = {**settings.AUDITS, "REPEAT_MONTHS": 18}
    page = page_of(academy.client("psw").get(PAGE))
    assert "A case is not audited again within 18 months" in page.html
    assert "No repeat audit has been allowed yet." in page.html


def test_a_manager_refused_a_repeat_is_told_to_ask_the_psw_who_allows_it(audits, academy):
    reference = audits.submitted.case_reference
    manager = academy.client("manager")
    data = audit_post(audits, practitioner=audits.person("nqsw").pk, case_reference=reference)

    refused = page_of(manager.post("/audits/new/", data))
    error = refused.field_error("id_case_reference")
    assert f"within {settings.AUDITS['REPEAT_MONTHS']} months" in error
    assert "The PSW can allow a repeat audit, with a reason." in error

    response = academy.client("psw").post(
        PAGE, {"case_reference": reference.lower(), "reason": "A complaint."}, follow=True
    )
    assert response.redirect_chain == [(PAGE, 302)]
    page = page_of(response)
    assert f"Case {reference} may be audited once more." in page.text(
        "div", class_="govuk-notification-banner--success"
    )
    assert page.table_rows(CAPTION)[0][:2] == [reference, "A complaint."]

    accepted = manager.post("/audits/new/", data)
    audit = CaseAudit.objects.get(case_reference=reference, repeat_reason="A complaint.")
    assert accepted["Location"] == f"/audits/{audit.pk}/"
    page = page_of(academy.client("psw").get(PAGE))
    assert page.find("a", href=f"/audits/{audit.pk}/") is not None


def test_the_form_needs_a_case_reference_and_a_reason(audits, academy):
    page = page_of(academy.client("psw").post(PAGE, {"case_reference": "", "reason": " "}))
    assert page.title.startswith("Error: ")
    assert page.error_summary_links() == {
        "id_case_reference": "Enter the case reference",
        "id_reason": "Give the reason for auditing this case again",
    }
    assert not RepeatAllowance.objects.exists()


def test_an_administrator_reads_the_list_but_is_offered_no_form(audits, academy):
    """An allowance is recorded under the name of the PSW who gave it; an administrator's
    account is no one in the academy."""
    allow(audits, "CR123456")
    client = academy.client("admin")
    page = page_of(client.get(PAGE))
    assert page.table_rows(CAPTION)[0][0] == "CR123456"
    assert page.find("form", method="post", novalidate="") is None
    assert page.find("textarea", name="reason") is None
    assert (
        "allowed by the PSW, under their own name"
        in page.texts("div", class_="govuk-inset-text")[0]
    )
    response = client.post(PAGE, {"case_reference": "CR654321", "reason": "A complaint."})
    assert response.status_code == 403
    assert RepeatAllowance.objects.count() == 1


def test_a_name_for_a_case_reference_is_refused_and_kept_on_the_form(audits, academy):
    data = {"case_reference": "Mrs Smith", "reason": "A complaint."}
    page = page_of(academy.client("psw").post(PAGE, data))
    assert "never a name" in page.field_error("id_case_reference")
    assert page.find("input", name="case_reference")["attrs"]["value"] == "Mrs Smith"
    assert page.find("textarea", name="reason")["text"].strip() == "A complaint."
    assert not RepeatAllowance.objects.exists()


@pytest.mark.parametrize(
    ("login", "address", "offered"),
    [
        ("psw", "/audits/", True),
        ("manager", "/audits/", False),
        ("dass", "/audits/", False),
        ("psw", "/audits/moderation/", True),
        ("psw", "/audits/quality/", True),
        ("dass", "/audits/quality/", False),
    ],
)
def test_the_psws_pages_link_to_repeat_audits(audits, academy, login, address, offered):
    page = page_of(academy.client(login).get(address))
    assert (page.find("a", href=PAGE) is not None) is offered


def test_the_list_pages_by_keyset_latest_first(audits, academy):
    for i in range(27):
        allow(audits, f"CR{600000 + i}")
    client = academy.client("psw")

    first = page_of(client.get(PAGE))
    rows = first.table_rows(CAPTION)
    assert len(rows) == 25
    assert rows[0][0] == "CR600026"
    following = first.find("a", rel="next")["attrs"]["href"]
    assert following.startswith("?after=")
    second = page_of(client.get(PAGE + following))
    assert [row[0] for row in second.table_rows(CAPTION)] == ["CR600001", "CR600000"]


def test_the_list_runs_the_same_queries_for_one_allowance_as_for_forty(audits, academy):
    def grow(n: int, start: int) -> None:
        for i in range(n):
            reference = f"CR{610000 + start + i}"
            record(
                audits.person("manager"),
                audits.person("worker"),
                case_reference=reference,
                audit_date=today() - dt.timedelta(days=40),
            )
            allow(audits, reference)
            record(audits.person("manager"), audits.person("nqsw"), case_reference=reference)

    client = academy.client("psw")
    grow(1, 0)
    client.get(PAGE)
    with count_queries() as one:
        assert client.get(PAGE).status_code == 200
    grow(39, 1)
    with count_queries() as forty:
        assert client.get(PAGE).status_code == 200
    assert len(one) == len(forty), queries_listed(forty)

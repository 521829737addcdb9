"""Discarding a draft audit from the pages: the button on the draft's form and page, the
confirmation page with its warning, and what happens after (the dashboard, with a banner).

The fixture (tests/api/test_audits.py): ``manager`` (team A) has a draft on ``worker``'s case
and a submitted audit of ``nqsw``'s."""

from __future__ import annotations

import pytest

from academy.audits import services
from academy.audits.models import CaseAudit, RepeatAllowance
from academy.people.permissions import viewer_for
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    audits_fixture,
    record,
    standard_audit_fixture,
)
from tests.web.conftest import page_of

pytestmark = pytest.mark.django_db


def discard_url(audit: CaseAudit) -> str:
    return f"/audits/{audit.pk}/discard/"


def test_the_drafts_form_offers_to_discard_it(audits, academy):
    page = page_of(academy.client("manager").get(f"/audits/{audits.draft.pk}/edit/"))
    button = page.find("a", href=discard_url(audits.draft))
    assert button is not None
    assert button["text"] == "Discard this draft"
    assert "govuk-button--warning" in button["attrs"]["class"]


def test_a_new_audit_has_nothing_to_discard(audits, academy):
    page = page_of(academy.client("manager").get("/audits/new/"))
    assert "Discard this draft" not in page.html


@pytest.mark.parametrize(("login", "offered"), [("manager", True), ("psw", True), ("dass", False)])
def test_the_drafts_page_offers_to_discard_it_to_those_who_may(audits, academy, login, offered):
    page = page_of(academy.client(login).get(f"/audits/{audits.draft.pk}/"))
    assert (page.find("a", href=discard_url(audits.draft)) is not None) is offered


def test_a_submitted_audits_page_never_offers_to_discard_it(audits, academy):
    for login in ("manager", "psw"):
        page = page_of(academy.client(login).get(f"/audits/{audits.submitted.pk}/"))
        assert "Discard this draft" not in page.html


def test_the_confirmation_page_warns_and_discards_nothing_yet(audits, academy):
    response = academy.client("manager").get(discard_url(audits.draft))

    page = page_of(response)
    reference = audits.draft.case_reference
    assert page.h1 == f"Discard the draft audit of case {reference}?"
    warning = page.text("div", class_="govuk-warning-text")
    assert "Warning" in warning
    assert "This cannot be undone." in warning
    assert "Discard the draft" in page.texts("button", class_="govuk-button--warning")
    # the way back is to the draft's form, for the manager who keeps it
    assert page.find("a", class_="govuk-back-link")["attrs"]["href"] == (
        f"/audits/{audits.draft.pk}/edit/"
    )
    assert CaseAudit.objects.filter(pk=audits.draft.pk).exists()


def test_the_psw_is_sent_back_to_the_drafts_page_not_its_form(audits, academy):
    page = page_of(academy.client("psw").get(discard_url(audits.draft)))
    assert page.find("a", class_="govuk-back-link")["attrs"]["href"] == (
        f"/audits/{audits.draft.pk}/"
    )


@pytest.mark.parametrize("login", ["manager", "psw"])
def test_discarding_goes_to_the_dashboard_with_a_banner(audits, academy, login):
    reference = audits.draft.case_reference

    response = academy.client(login).post(discard_url(audits.draft), follow=True)

    assert response.redirect_chain == [("/audits/", 302)]
    page = page_of(response)
    assert page.h1 == "Case file audits"
    banner = page.text("div", class_="govuk-notification-banner--success")
    assert f"The draft audit of case {reference} was discarded." in banner
    assert not CaseAudit.objects.filter(pk=audits.draft.pk).exists()
    listed = [row[0] for row in page.table_rows("Audits, latest first")]
    assert audits.submitted.case_reference in listed
    assert reference not in listed


def test_discarding_a_draft_gives_back_the_psws_allowance_it_used(audits, academy):
    psw = viewer_for(audits.person("psw").user)
    reference = audits.submitted.case_reference
    allowance = services.repeat_allow(case_reference=reference, reason="A complaint.", actor=psw)
    repeat = record(
        audits.person("manager"), audits.person("nqsw"), submit=False, case_reference=reference
    )
    allowance.refresh_from_db()
    assert allowance.used_by == repeat

    academy.client("manager").post(discard_url(repeat))

    assert RepeatAllowance.objects.get(pk=allowance.pk).used_by is None


def test_a_submitted_audit_is_kept_and_its_page_says_so(audits, academy):
    response = academy.client("manager").post(discard_url(audits.submitted), follow=True)

    assert response.redirect_chain == [(f"/audits/{audits.submitted.pk}/", 302)]
    assert "This audit has been submitted: it is kept." in page_of(response).html
    assert CaseAudit.objects.filter(pk=audits.submitted.pk).exists()


def test_a_draft_submitted_after_the_confirmation_opened_is_kept(audits, academy):
    """The manager opens the confirmation, then submits the draft in another tab: the
    discard that follows leaves the submitted audit alone."""
    client = academy.client("manager")
    assert client.get(discard_url(audits.draft)).status_code == 200
    draft = audits.draft
    record(
        audits.person("manager"),
        audits.person("worker"),
        audit=draft,
        case_reference=draft.case_reference,
        audit_date=draft.audit_date,
    )

    response = client.post(discard_url(audits.draft))

    assert response["Location"] == f"/audits/{audits.draft.pk}/"
    assert CaseAudit.objects.filter(pk=audits.draft.pk).exists()

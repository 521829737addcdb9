"""Who may open each audits page: every role, by address. An audit a role may not see is a 404
(its existence never leaks); one it sees but may not act on is a 403; a signed-out visitor is
sent to sign in.

The fixture (tests/api/test_audits.py): ``manager`` (team A) audited ``nqsw`` (submitted, with
an action owned by ``nqsw``) and has a draft on ``worker``; ``outsider``'s audit is team B's; a
moderation of nqsw's audit is waiting; one bulletin is published and one is a draft.
"""

from __future__ import annotations

import pytest

from academy.audits.models import CaseAudit
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    audits_fixture,
    standard_audit_fixture,
)
from tests.conftest import ROLE_LOGINS

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLE_LOGINS)
SEES_ALL = {"psw", "dass", "admin"}
LEADS = {"psw", "admin"}
OVERSEES = SEES_ALL | {"manager"}
SEES_NQSW = SEES_ALL | {"manager", "nqsw"}
SEES_OUTSIDER = SEES_ALL | {"outsider"}
DISCARDS = LEADS | {"manager"}


def expected(
    allowed: set[str], visible: set[str] | None = None, *, status: int = 200
) -> dict[str, int]:
    """``status`` for ``allowed``; 403 for the rest of ``visible`` (everyone, when not given);
    404 for those who may not see it."""
    statuses = {}
    for login in ROLE_LOGINS:
        if login in allowed:
            statuses[login] = status
        elif visible is None or login in visible:
            statuses[login] = 403
        else:
            statuses[login] = 404
    return statuses


PAGES = {
    "/audits/": expected(OVERSEES),
    "/audits/new/": expected({"manager"}),
    "/audits/{a}/": expected(SEES_NQSW, SEES_NQSW),
    "/audits/{d}/": expected(OVERSEES, OVERSEES),
    "/audits/{b}/": expected(SEES_OUTSIDER, SEES_OUTSIDER),
    "/audits/987654321/": expected(set(), set()),
    "/audits/{d}/edit/": expected({"manager"}, OVERSEES),
    # a submitted audit is never changed: its manager is sent to read it
    "/audits/{a}/edit/": expected({"manager"}, SEES_NQSW, status=302),
    "/audits/{a}/actions/new/": expected(LEADS | {"manager"}, SEES_NQSW),
    "/audits/{d}/actions/new/": expected(set(), OVERSEES),
    "/audits/{a}/cpd/": expected({"nqsw"}, SEES_NQSW),
    # discarding a draft: its team's manager or the PSW; a submitted audit sends them to read it
    "/audits/{d}/discard/": expected(DISCARDS, OVERSEES),
    "/audits/{a}/discard/": expected(DISCARDS, SEES_NQSW, status=302),
    "/audits/{b}/discard/": expected(LEADS, SEES_OUTSIDER, status=302),
    "/audits/987654321/discard/": expected(set(), set()),
    "/audits/repeat-allowances/": expected(LEADS),
    "/audits/quality/": expected(SEES_ALL),
    "/audits/moderation/": expected(LEADS),
    "/audits/moderation/{mod}/": expected(LEADS),
    "/audits/moderation/987654321/": expected(set(), EVERYONE - LEADS),
    "/audits/themes/": expected(LEADS),
    "/audits/themes/{th}/": expected(LEADS),
    "/my-audits/": expected(EVERYONE),
    "/bulletins/": expected(EVERYONE),
    "/bulletins/new/": expected(LEADS),
    "/bulletins/{bul}/": expected(EVERYONE),
    "/bulletins/{dbul}/": expected(LEADS, LEADS),
    "/bulletins/{bul}/edit/": expected(LEADS),
    "/bulletins/987654321/edit/": expected(set(), EVERYONE - LEADS),
}
#: Forms: an empty POST from those allowed shows the form again with its errors (200).
FORMS = [
    "/audits/new/",
    "/audits/{d}/edit/",
    "/audits/{a}/actions/new/",
    "/audits/{a}/cpd/",
    "/audits/moderation/{mod}/",
    "/audits/themes/",
    "/audits/themes/{th}/",
    "/audits/repeat-allowances/",
    "/bulletins/new/",
    "/bulletins/{bul}/edit/",
]
#: Buttons: a POST from those allowed does it and goes back to the audit (302).
BUTTONS = {
    "/audits/{a}/acknowledge/": expected({"nqsw"}, SEES_NQSW, status=302),
    "/audits/{d}/acknowledge/": expected(set(), OVERSEES),
    "/audits/{a}/actions/{act}/done/": expected(LEADS | {"manager", "nqsw"}, SEES_NQSW, status=302),
    "/audits/{a}/actions/987654321/done/": expected(set(), set()),
}


@pytest.fixture
def places(audits):
    return {
        "a": audits.submitted.pk,
        "d": audits.draft.pk,
        "b": audits.other_team.pk,
        "act": audits.action.pk,
        "mod": audits.moderation.pk,
        "th": audits.theme.pk,
        "bul": audits.bulletin.pk,
        "dbul": audits.draft_bulletin.pk,
    }


@pytest.mark.parametrize("address", sorted(PAGES))
def test_each_role_gets_each_page_as_the_rules_say(academy, places, address):
    url = address.format(**places)
    got = {login: academy.client(login).get(url).status_code for login in ROLE_LOGINS}
    assert got == PAGES[address]


@pytest.mark.parametrize("address", sorted([*PAGES, *BUTTONS]))
def test_signed_out_visitors_are_sent_to_sign_in(academy, places, address):
    url = address.format(**places)
    response = academy.client(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"


@pytest.mark.parametrize("address", FORMS)
def test_each_form_refuses_a_post_as_it_refuses_the_page(academy, places, address):
    url = address.format(**places)
    got = {login: academy.client(login).post(url, {}).status_code for login in ROLE_LOGINS}
    assert got == PAGES[address] | POSTS_REFUSED.get(address, {})


#: Who reads a form's page but may not send it: an allowance to audit a case again is given
#: under the name of the PSW who gives it, and an administrator's account is no one's.
POSTS_REFUSED = {"/audits/repeat-allowances/": {"admin": 403}}


@pytest.mark.parametrize("address", sorted(BUTTONS))
def test_each_button_is_for_those_allowed_and_only_by_post(academy, places, address):
    url = address.format(**places)
    got = {login: academy.client(login).post(url).status_code for login in ROLE_LOGINS}
    assert got == BUTTONS[address]
    assert academy.client("psw").get(url).status_code == 405


@pytest.mark.parametrize(
    "address", ["/audits/", "/audits/quality/", "/my-audits/", "/bulletins/", "/bulletins/{bul}/"]
)
def test_the_read_only_pages_take_no_post(academy, places, address):
    assert academy.client("psw").post(address.format(**places)).status_code == 405


#: Discarding by POST: a draft goes (302 to the dashboard); a submitted audit is kept (302 back
#: to it); the rest as the page.
DISCARD_POSTS = {
    "/audits/{d}/discard/": expected(DISCARDS, OVERSEES, status=302),
    "/audits/{a}/discard/": expected(DISCARDS, SEES_NQSW, status=302),
}


@pytest.mark.parametrize("login", ROLE_LOGINS)
@pytest.mark.parametrize("address", sorted(DISCARD_POSTS))
def test_only_the_teams_manager_or_the_psw_discards_and_only_a_draft(
    academy, audits, places, address, login
):
    response = academy.client(login).post(address.format(**places))
    assert response.status_code == DISCARD_POSTS[address][login]
    draft_gone = address.startswith("/audits/{d}") and login in DISCARDS
    assert CaseAudit.objects.filter(pk=audits.draft.pk).exists() is not draft_gone
    assert CaseAudit.objects.filter(pk=audits.submitted.pk).exists()

"""Learning bulletins reach every member of staff: each home page links to them with the latest
published bulletin's title, the footer of every signed-in page links to them, and the home
pages' queries stay fixed however many bulletins there are.

The fixture (tests/api/test_audits.py) publishes one bulletin, "What we learnt this month",
and keeps one draft, "Next month's bulletin"."""

from __future__ import annotations

import datetime as dt

import pytest

from academy.audits import services
from academy.audits.models import AuditTheme, LearningBulletin
from academy.common.dates import today
from academy.people.permissions import viewer_for
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    audits_fixture,
    standard_audit_fixture,
)
from tests.conftest import ROLE_LOGINS
from tests.web.conftest import count_queries, page_of, queries_listed

pytestmark = pytest.mark.django_db

LINK_TEXT = "Learning from audits: read the latest bulletin"


def publish(audits, title: str, period_end: dt.date) -> LearningBulletin:
    return services.bulletin_save(
        data={
            "title": title,
            "period_start": period_end - dt.timedelta(days=27),
            "period_end": period_end,
            "went_well": "Reviews on time.",
            "to_improve": "Advocacy.",
        },
        themes=[audits.theme],
        publish=True,
        actor=viewer_for(audits.person("psw").user),
    )


def bulletin_box(page):
    box = page.find("div", class_="app-latest-bulletin")
    assert box is not None, "the home page has no link to the bulletins"
    return box


@pytest.mark.parametrize("login", ROLE_LOGINS)
def test_every_home_page_links_to_the_latest_published_bulletin(audits, academy, login):
    page = page_of(academy.client(login).get("/"))

    box = bulletin_box(page)
    assert LINK_TEXT in box["text"]
    assert audits.bulletin.title in box["text"]
    assert audits.draft_bulletin.title not in page.html
    link = page.find("a", href=f"/bulletins/{audits.bulletin.pk}/")
    assert link is not None
    assert link["text"] == LINK_TEXT
    assert page.find("a", href="/bulletins/") is not None


def test_the_home_page_shows_the_bulletin_of_the_latest_period(audits, academy):
    older = publish(audits, "Learning from last spring", today() - dt.timedelta(days=300))
    newer = publish(audits, "Learning from the latest audits", today())

    page = page_of(academy.client("worker").get("/"))

    box = bulletin_box(page)["text"]
    assert newer.title in box
    assert older.title not in box
    assert page.find("a", href=f"/bulletins/{newer.pk}/")["text"] == LINK_TEXT


@pytest.mark.parametrize("login", ["psw", "manager", "partner", "nqsw"])
def test_with_nothing_published_the_link_goes_to_the_bulletins_and_says_so(academy, login):
    page = page_of(academy.client(login).get("/"))

    box = bulletin_box(page)["text"]
    assert "No bulletin has been published yet." in box
    assert page.find("a", href="/bulletins/")["text"] == LINK_TEXT


@pytest.mark.parametrize(
    "address", ["/", "/training/", "/my-audits/", "/notifications/", "/bulletins/"]
)
def test_the_footer_of_every_signed_in_page_links_to_the_bulletins(academy, address):
    page = page_of(academy.client("worker").get(address))
    footer = page.find_all("a", class_="govuk-footer__link")
    footer_links = {a["text"]: a["attrs"]["href"] for a in footer}
    assert footer_links["Learning bulletins"] == "/bulletins/"


def test_the_footer_of_the_sign_in_page_has_no_link_a_visitor_cannot_follow(academy):
    page = page_of(academy.client(None).get("/sign-in/"))
    footer_links = [a["text"] for a in page.find_all("a", class_="govuk-footer__link")]
    assert "Learning bulletins" not in footer_links


def test_everyone_who_follows_the_link_can_read_the_bulletin(audits, academy):
    for login in ROLE_LOGINS:
        response = academy.client(login).get(f"/bulletins/{audits.bulletin.pk}/")
        assert response.status_code == 200, login
        assert page_of(response).h1 == audits.bulletin.title


@pytest.mark.parametrize("login", ["psw", "manager", "partner", "nqsw"])
def test_each_home_page_runs_the_same_queries_for_none_one_or_forty_bulletins(
    academy, standard_audit, login
):
    """One read of the latest bulletin, never one per bulletin or per theme."""
    theme = AuditTheme.objects.get(name="Mental capacity")
    psw = viewer_for(academy.people["psw"].user)

    def grow_to(total: int) -> None:
        for i in range(LearningBulletin.objects.count(), total):
            services.bulletin_save(
                data={
                    "title": f"Bulletin {i}",
                    "period_start": today() - dt.timedelta(days=i + 40),
                    "period_end": today() - dt.timedelta(days=i + 35),
                    "went_well": "Reviews on time.",
                    "to_improve": "Advocacy.",
                },
                themes=[theme],
                publish=True,
                actor=psw,
            )

    client = academy.client(login)
    client.get("/")  # the session's first read
    counted = []
    for total in (0, 1, 40):
        grow_to(total)
        with count_queries() as context:
            response = client.get("/")
        assert response.status_code == 200
        assert LINK_TEXT in response.content.decode()
        assert ("Bulletin 0" in response.content.decode()) is bool(total)
        counted.append(len(context))
    assert counted[0] == counted[1] == counted[2], queries_listed(context)

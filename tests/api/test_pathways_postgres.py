"""Enrolling over the API from several real PostgreSQL connections at once: the last place goes to
one request, every other gets the 409 naming the cohort, and the cohort never overfills."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from academy.common.dates import today
from academy.pathways import services
from academy.pathways.models import OPEN_OUTCOMES, Enrolment
from tests.api.conftest import json_client
from tests.api.test_pathways import asye, qualify, standard_pathways_fixture  # noqa: F401
from tests.factories import PersonFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_requests_racing_for_the_last_place_get_one_201_and_409s_naming_cohort(
    academy, standard_pathways
):
    cohort = services.cohort_create(
        name="ASYE racing", pathway=asye(), start_date=today(), capacity=2
    )
    services.enrolment_create(
        person=qualify(PersonFactory()), pathway=asye(), start_date=today(), cohort=cohort
    )
    racers = [qualify(PersonFactory()) for _ in range(4)]
    psw = academy.user("psw")
    barrier = threading.Barrier(len(racers))
    answers: list[Any] = [None] * len(racers)

    def enrol(index: int) -> None:
        client = json_client()
        client.force_login(psw)
        try:
            barrier.wait(timeout=10)
            answers[index] = client.post(
                "/api/v1/enrolments/",
                {
                    "person": racers[index].pk,
                    "pathway_template": asye().pk,
                    "start_date": today().isoformat(),
                    "cohort": cohort.pk,
                },
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(i,)) for i in range(len(racers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201, 409, 409, 409], [a.content[:300] for a in answers]
    for answer in answers:
        if answer.status_code == 409:
            assert [e["field"] for e in answer.json()["errors"]] == ["cohort"]
    assert Enrolment.objects.filter(cohort=cohort, outcome__in=OPEN_OUTCOMES).count() == 2

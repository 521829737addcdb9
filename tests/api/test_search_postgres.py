"""On PostgreSQL, searching people by name uses the trigram indexes of migration
people/0002_name_search_trigram (``UPPER(name::text) gin_trgm_ops``), which match the SQL
Django emits for ``icontains``."""

from __future__ import annotations

import pytest
from django.db import connection

from academy.people import selectors
from academy.people.models import Person
from academy.people.permissions import Viewer
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TRIGRAM_INDEXES = ("person_first_name_trgm", "person_last_name_trgm")
FIRST = ["Amara", "Bilal", "Chloe", "Dafydd", "Esme", "Farah", "Gareth", "Hana", "Ioan", "Jun"]
LAST = ["Smith", "Jones", "Okafor", "Nowak", "Patel", "Evans", "MacLeod", "Hughes", "Khan", "Roy"]
ACADEMY_WIDE = Viewer(
    user_id=1,
    person_id=None,
    is_superuser=True,
    roles=frozenset(),
    managed_team_ids=frozenset(),
    coordinated_organisation_ids=frozenset(),
)


@pytest.fixture
def crowd(db) -> None:
    """Four thousand people with varied names, three with a rare one, and the state autovacuum
    leaves behind: GIN pending lists merged and planner statistics fresh."""
    organisation = OrganisationFactory()
    Person.objects.bulk_create(
        Person(
            first_name=f"{FIRST[index % 10]}{index // 100}",
            last_name=f"{LAST[(index // 10) % 10]}{index % 97}",
            work_email=f"crowd{index}@example.org",
            organisation=organisation,
        )
        for index in range(4000)
    )
    Person.objects.bulk_create(
        Person(
            first_name="Siobhan",
            last_name=f"Ó Briain-{index}",
            work_email=f"siobhan{index}@example.org",
            organisation=organisation,
        )
        for index in range(3)
    )
    with connection.cursor() as cursor:
        for index in TRIGRAM_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE people_person")


def plan(queryset, *, seqscan: bool = False) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL enable_seqscan = {'on' if seqscan else 'off'}")
    try:
        return queryset.explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = on")


def test_trigram_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'people_person' "
            "AND indexname = ANY(%s)",
            [list(TRIGRAM_INDEXES)],
        )
        found = dict(cursor.fetchall())
    assert set(found) == set(TRIGRAM_INDEXES)
    assert all("gin_trgm_ops" in definition for definition in found.values())


def test_search_condition_reads_both_trigram_indexes(crowd):
    matching = selectors.people_matching(Person.objects.all(), "okafor")
    explained = plan(matching)
    print(explained)
    for index in TRIGRAM_INDEXES:
        assert f"Bitmap Index Scan on {index}" in explained, explained
    assert matching.count() == 400


def test_every_word_searched_narrows_the_indexed_scan(crowd):
    matching = selectors.people_matching(Person.objects.all(), "bilal okafor")
    explained = plan(matching)
    print(explained)
    assert "Seq Scan" not in explained
    for index in TRIGRAM_INDEXES:
        assert index in explained, explained
    names = list(Person.objects.values_list("first_name", "last_name"))
    expected = {
        (first, last)
        for first, last in names
        if all(word in f"{first} {last}".upper() for word in ("BILAL", "OKAFOR"))
    }
    assert expected
    assert set(matching.values_list("first_name", "last_name")) == expected


@pytest.mark.parametrize("seqscan", [False, True], ids=["seqscan-off", "seqscan-on"])
def test_directory_search_for_a_rare_name_uses_the_trigram_indexes(crowd, seqscan):
    """The whole query the API's people list runs (visibility, search, name order, one page).
    For a rare name the planner reads the trigram indexes and sorts the few matches, even when
    it may scan the table. (For a common one it may rather walk the name-order index until a
    page fills.)"""
    directory = selectors.people_directory(viewer=ACADEMY_WIDE, search="briain")

    explained = plan(directory[:51], seqscan=seqscan)
    print(explained)

    assert "Seq Scan on people_person" not in explained
    for index in TRIGRAM_INDEXES:
        assert f"Bitmap Index Scan on {index}" in explained, explained
    assert [person.last_name for person in directory] == ["Ó Briain-0", "Ó Briain-1", "Ó Briain-2"]

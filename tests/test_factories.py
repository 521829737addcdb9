"""Every model of the academy has a factory, and each factory builds a row the database accepts
(constraints included) — so tests can always make what they need."""

from __future__ import annotations

import pytest
from django.apps import apps

import tests.factories as factories

ACADEMY_APPS = ("people", "notifications", "pathways", "training", "audits", "reports")
FACTORIES = {
    getattr(factories, name)._meta.model: getattr(factories, name) for name in factories.__all__
}


def test_every_model_has_a_factory():
    models = [m for label in ACADEMY_APPS for m in apps.get_app_config(label).get_models()]
    missing = [m.__name__ for m in models if m not in FACTORIES]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("factory", list(FACTORIES.values()), ids=lambda f: f.__name__)
def test_each_factory_builds_a_row_the_database_accepts(factory):
    row = factory()
    row.full_clean(validate_unique=False)
    assert type(row).objects.filter(pk=row.pk).exists()

"""``account_create(password=...)``: the path the demo seed uses for its fixed logins."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError

from academy.notifications.models import Notification
from academy.people import services
from academy.people.models import Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    council = services.organisation_create(
        name="Brackenshire County Council", kind=Organisation.Kind.COUNCIL, hosts_academy=True
    )
    return services.person_create(
        first_name="Ada", last_name="Lovelace", work_email="ada@example.org", organisation=council
    )


def test_account_with_a_password_signs_in_with_it_and_gets_no_welcome(
    person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.account_create(person=person, username="ada", password="academy-demo")
    assert authenticate(username="ada", password="academy-demo") == user
    person.refresh_from_db()
    assert person.user == user
    assert not Notification.objects.filter(recipient=person).exists()


def test_account_without_a_password_cannot_sign_in_and_gets_a_welcome(person):
    user = services.account_create(person=person, username="ada")
    assert not user.has_usable_password()
    assert Notification.objects.get(recipient=person).kind == "welcome"


def test_a_password_the_validators_refuse_opens_no_account(person):
    with pytest.raises(ValidationError) as refused:
        services.account_create(person=person, username="ada", password="short")
    assert "password" in refused.value.message_dict
    person.refresh_from_db()
    assert person.user is None
    assert not User.objects.filter(username="ada").exists()
    assert not Notification.objects.exists()

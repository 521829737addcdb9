import pytest
from django.core import mail

from academy.notifications.models import Notification
from academy.people import services

pytestmark = pytest.mark.django_db


def test_each_role_reaches_home(academy):
    for login in ["psw", "manager", "partner", "nqsw", "admin", "dass"]:
        response = academy.client(login).get("/")
        assert response.status_code == 200, (login, response.content[:500])


def test_person_with_account_gets_welcome_email(academy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = services.person_create(
            first_name="Ada",
            last_name="Lovelace",
            work_email="ada@example.org",
            organisation=academy.council,
            username="ada",
        )
    assert Notification.objects.get(recipient=person).status == "sent"
    assert len(mail.outbox) == 1

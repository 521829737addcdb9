"""A commit that adds to the outbox kicks the dispatcher (tasks in-process here)."""

import pytest

from academy.notifications.models import Notification
from academy.people.models import Organisation
from academy.people.services import organisation_create, person_create
from tests.notifications.conftest import point_email_at

pytestmark = pytest.mark.django_db


def test_welcome_email_goes_out_as_soon_as_the_account_is_committed(
    mail_server, settings, django_capture_on_commit_callbacks
):
    point_email_at(settings, mail_server)
    council = organisation_create(name="Shire", kind=Organisation.Kind.COUNCIL)

    with django_capture_on_commit_callbacks(execute=True):
        person = person_create(
            first_name="Ada",
            last_name="Lovelace",
            work_email="ada@example.org",
            organisation=council,
            username="ada",
        )
        assert Notification.objects.get(recipient=person).status == Notification.Status.PENDING
        assert mail_server.handler.messages() == []

    row = Notification.objects.get(recipient=person)
    assert (row.kind, row.status) == ("welcome", Notification.Status.SENT)
    [message] = mail_server.handler.messages()
    assert message.recipients == ("ada@example.org",)
    assert "Your username is: ada" in message.body


def test_a_person_without_an_account_gets_no_welcome_email(mail_server, settings):
    point_email_at(settings, mail_server)
    council = organisation_create(name="Shire", kind=Organisation.Kind.COUNCIL)

    person_create(
        first_name="Ada", last_name="Lovelace", work_email="ada@example.org", organisation=council
    )

    assert not Notification.objects.exists()
    assert mail_server.handler.messages() == []

"""Signing in and out, setting and resetting a password."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from academy.people import services
from academy.people.models import Person
from web.forms import GovukPasswordResetForm, GovukSetPasswordForm, SignInForm


class SignIn(auth_views.LoginView):
    template_name = "web/account/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOut(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordResetForm(GovukPasswordResetForm):
    """Sends the reset link through the outbox, so it is retried and logged like any message.

    Matches the person's work email, and includes accounts whose first password is not set yet
    (an expired welcome link), which Django's own form leaves out.
    """

    def get_users(self, email: str) -> Iterator[Any]:
        people = Person.objects.filter(
            work_email__iexact=email, user__isnull=False, user__is_active=True
        ).select_related("user")
        for person in people:
            yield person.user

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        person = Person.objects.filter(user=context["user"]).select_related("user").first()
        if person is None:  # an admin account with no person record
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
            return
        services.account_password_reset_send(person=person)


class PasswordReset(auth_views.PasswordResetView):
    template_name = "web/account/password_reset.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("web:password-reset-sent")


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "web/account/password_reset_sent.html"


class PasswordSet(auth_views.PasswordResetConfirmView):
    template_name = "web/account/password_set.html"
    form_class = GovukSetPasswordForm
    success_url = reverse_lazy("web:password-set-done")


class PasswordSetDone(auth_views.PasswordResetCompleteView):
    template_name = "web/account/password_set_done.html"

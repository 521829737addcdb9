"""Signing in and out, setting and resetting a password."""

from __future__ import annotations

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

    def save(self, *args: Any, **kwargs: Any) -> None:
        people = Person.objects.filter(
            work_email__iexact=self.cleaned_data["email"], user__is_active=True
        ).select_related("user")
        for person in people:
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

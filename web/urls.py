from django.urls import path

from web.views import account, health, home, notifications, people

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("sign-in/", account.SignIn.as_view(), name="sign-in"),
    path("sign-out/", account.SignOut.as_view(), name="sign-out"),
    path("password/reset/", account.PasswordReset.as_view(), name="password-reset"),
    path("password/reset/sent/", account.PasswordResetSent.as_view(), name="password-reset-sent"),
    path("password/set/<uidb64>/<token>/", account.PasswordSet.as_view(), name="password-set"),
    path("password/set/done/", account.PasswordSetDone.as_view(), name="password-set-done"),
    path("people/", people.directory, name="people"),
    path("people/new/", people.person_create, name="person-create"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path("people/<int:pk>/roles/", people.role_add, name="role-add"),
    path("people/<int:pk>/roles/<int:role_id>/remove/", people.role_remove, name="role-remove"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.notifications_mark_read, name="notifications-read"),
]

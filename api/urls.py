from django.urls import path

from api import auth, notifications, people

urlpatterns = [
    path("auth/token/", auth.AuthToken.as_view(), name="api-token"),
    path("auth/token/revoke/", auth.AuthTokenRevoke.as_view(), name="api-token-revoke"),
    path("me/", people.Me.as_view(), name="api-me"),
    path("organisations/", people.OrganisationList.as_view(), name="api-organisations"),
    path("organisations/<int:pk>/", people.OrganisationDetail.as_view(), name="api-organisation"),
    path("teams/", people.TeamList.as_view(), name="api-teams"),
    path("teams/<int:pk>/", people.TeamDetail.as_view(), name="api-team"),
    path("people/", people.PeopleList.as_view(), name="api-people"),
    path("people/<int:pk>/", people.PersonDetail.as_view(), name="api-person"),
    path("people/<int:pk>/roles/", people.PersonRoles.as_view(), name="api-person-roles"),
    path(
        "people/<int:pk>/roles/<int:role_id>/",
        people.PersonRoleDetail.as_view(),
        name="api-person-role",
    ),
    path("notifications/", notifications.NotificationList.as_view(), name="api-notifications"),
    path(
        "notifications/<int:pk>/read/",
        notifications.NotificationRead.as_view(),
        name="api-notification-read",
    ),
]

from django.urls import path

from api import auth, notifications, people
from api.pathways import enrolments, planning, record

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
    path(
        "pathway-templates/",
        planning.PathwayTemplateList.as_view(),
        name="api-pathway-templates",
    ),
    path(
        "pathway-templates/<int:pk>/",
        planning.PathwayTemplateDetail.as_view(),
        name="api-pathway-template",
    ),
    path(
        "pathway-templates/<int:pk>/copy/",
        planning.PathwayTemplateCopy.as_view(),
        name="api-pathway-template-copy",
    ),
    path("pcf-domains/", planning.PcfDomainList.as_view(), name="api-pcf-domains"),
    path("cohorts/", planning.CohortList.as_view(), name="api-cohorts"),
    path("cohorts/<int:pk>/", planning.CohortDetail.as_view(), name="api-cohort"),
    path("enrolments/", enrolments.EnrolmentList.as_view(), name="api-enrolments"),
    path("enrolments/<int:pk>/", enrolments.EnrolmentDetail.as_view(), name="api-enrolment"),
    path(
        "enrolments/<int:pk>/milestones/<slug:key>/complete/",
        enrolments.MilestoneComplete.as_view(),
        name="api-enrolment-milestone-complete",
    ),
    path(
        "enrolments/<int:pk>/supervisions/",
        record.SupervisionList.as_view(),
        name="api-enrolment-supervisions",
    ),
    path(
        "enrolments/<int:pk>/development-time/",
        record.DevelopmentTimeList.as_view(),
        name="api-enrolment-development-time",
    ),
    path(
        "enrolments/<int:pk>/evidence/",
        record.EvidenceList.as_view(),
        name="api-enrolment-evidence",
    ),
    path(
        "enrolments/<int:pk>/evidence/<int:evidence_id>/file/",
        record.EvidenceFile.as_view(),
        name="api-enrolment-evidence-file",
    ),
    path(
        "enrolments/<int:pk>/pauses/",
        record.PauseList.as_view(),
        name="api-enrolment-pauses",
    ),
    path(
        "enrolments/<int:pk>/outcome/",
        enrolments.OutcomeRecord.as_view(),
        name="api-enrolment-outcome",
    ),
    path("me/pathway/", enrolments.MyPathway.as_view(), name="api-me-pathway"),
]

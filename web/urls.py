from django.urls import path

from web.views import account, health, home, notifications, people
from web.views.pathways import cohorts, enrolments, overviews, pathway_templates

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
    # Pathways
    path("cohorts/", cohorts.cohort_list, name="cohorts"),
    path("cohorts/new/", cohorts.cohort_create, name="cohort-create"),
    path("cohorts/<int:pk>/", cohorts.cohort_detail, name="cohort"),
    path("cohorts/<int:pk>/enrol/", cohorts.cohort_enrol, name="cohort-enrol"),
    path("enrolments/<int:pk>/", enrolments.enrolment_detail, name="enrolment"),
    path(
        "enrolments/<int:pk>/milestones/<slug:key>/done/",
        enrolments.milestone_complete,
        name="milestone-complete",
    ),
    path(
        "enrolments/<int:pk>/milestones/<slug:key>/switch/",
        enrolments.milestone_switch,
        name="milestone-switch",
    ),
    path(
        "enrolments/<int:pk>/supervision/new/",
        enrolments.supervision_record,
        name="supervision-record",
    ),
    path(
        "enrolments/<int:pk>/development-time/new/",
        enrolments.development_log,
        name="development-log",
    ),
    path("enrolments/<int:pk>/evidence/new/", enrolments.evidence_add, name="evidence-add"),
    path(
        "enrolments/<int:pk>/evidence/<int:evidence_id>/file/",
        enrolments.evidence_file,
        name="evidence-file",
    ),
    path("enrolments/<int:pk>/pause/new/", enrolments.pause_record, name="pause-record"),
    path(
        "enrolments/<int:pk>/extension/new/",
        enrolments.extension_record,
        name="extension-record",
    ),
    path("enrolments/<int:pk>/outcome/", enrolments.outcome_record, name="outcome-record"),
    path(
        "enrolments/<int:pk>/portal-registration/",
        enrolments.portal_registration,
        name="portal-registration",
    ),
    path("my-pathway/", overviews.my_pathway, name="my-pathway"),
    path("assessing/", overviews.assessing, name="assessing"),
    path("team/pathways/", overviews.team_pathways, name="team-pathways"),
    path("pathways/", pathway_templates.template_list, name="pathway-templates"),
    path("pathways/<int:pk>/", pathway_templates.template_detail, name="pathway-template"),
    path(
        "pathways/<int:pk>/copy/",
        pathway_templates.template_copy,
        name="pathway-template-copy",
    ),
    path(
        "pathways/<int:pk>/edit/",
        pathway_templates.template_edit,
        name="pathway-template-edit",
    ),
]

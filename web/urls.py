from django.urls import path

from web.views import account, health, home, notifications, people
from web.views.audits import dashboards as audit_dashboards
from web.views.audits import feedback as audit_feedback
from web.views.audits import oversight as audit_oversight
from web.views.audits import quality as audit_quality
from web.views.audits import recording as audit_recording
from web.views.pathways import cohorts, enrolments, overviews, pathway_templates
from web.views.reports import runs as report_runs
from web.views.reports import schedules as report_schedules
from web.views.training import administration, bookings, catalogue, compliance, cpd, learning
from web.views.training import sessions as training_sessions

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
    path("enrolments/<int:pk>/reassign/", enrolments.reassign, name="enrolment-reassign"),
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

# Training
urlpatterns += [
    path("training/", catalogue.catalogue, name="catalogue"),
    path("training/courses/<int:pk>/", catalogue.course_detail, name="course"),
    path("training/series/<slug:slug>/", catalogue.series_detail, name="series"),
    path("training/sessions/<int:pk>/", training_sessions.session_detail, name="session"),
    path("training/sessions/<int:pk>/book/", training_sessions.session_book, name="session-book"),
    path("training/bookings/<int:pk>/", bookings.booking_detail, name="booking"),
    path(
        "training/bookings/<int:pk>/invite.ics",
        bookings.booking_invite_file,
        name="booking-invite",
    ),
    path("training/bookings/<int:pk>/cancel/", bookings.booking_cancel, name="booking-cancel"),
    path("training/bookings/<int:pk>/decide/", bookings.booking_decide, name="booking-decide"),
    path("training/approvals/", bookings.approvals, name="approvals"),
    path("training/my-learning/", learning.my_learning, name="my-learning"),
    path(
        "training/completions/<int:pk>/certificate/",
        learning.certificate,
        name="certificate",
    ),
    path("training/calendar/new/", learning.calendar_create, name="calendar-create"),
    path("training/calendar/revoke/", learning.calendar_revoke, name="calendar-revoke"),
    path("training/calendar/<str:token>.ics", learning.calendar_feed, name="calendar-feed"),
    path("training/cpd/", cpd.cpd_log, name="my-cpd"),
    path("training/cpd/new/", cpd.cpd_add, name="cpd-add"),
    path("training/cpd/<int:pk>/", cpd.cpd_entry, name="cpd-entry"),
    path("training/cpd/<int:pk>/edit/", cpd.cpd_edit, name="cpd-edit"),
    path("training/cpd/<int:pk>/delete/", cpd.cpd_delete, name="cpd-delete"),
    path("training/compliance/", compliance.compliance, name="team-compliance"),
    path("training/admin/", administration.sessions, name="training-admin"),
    path("training/admin/courses/new/", administration.course_create, name="course-create"),
    path("training/courses/<int:pk>/edit/", administration.course_edit, name="course-edit"),
    path("training/admin/series/new/", administration.series_create, name="series-create"),
    path("training/series/<slug:slug>/edit/", administration.series_edit, name="series-edit"),
    path("training/admin/sessions/new/", administration.session_create, name="session-create"),
    path("training/sessions/<int:pk>/edit/", administration.session_edit, name="session-edit"),
    path(
        "training/sessions/<int:pk>/cancel/",
        administration.session_cancel,
        name="session-cancel",
    ),
    path("training/sessions/<int:pk>/register/", administration.register, name="register"),
    path(
        "training/sessions/<int:pk>/bookings/import/",
        administration.bookings_import,
        name="bookings-import",
    ),
    path(
        "training/admin/completions/new/",
        administration.completion_create,
        name="completion-create",
    ),
    path(
        "training/admin/completions/import/",
        administration.completions_import,
        name="completions-import",
    ),
]

# Case file audits
urlpatterns += [
    path("audits/", audit_dashboards.team_dashboard, name="audits"),
    path("audits/new/", audit_recording.audit_new, name="audit-new"),
    path("audits/<int:pk>/", audit_feedback.audit_detail, name="audit"),
    path("audits/<int:pk>/edit/", audit_recording.audit_edit, name="audit-edit"),
    path(
        "audits/<int:pk>/acknowledge/",
        audit_feedback.audit_acknowledge,
        name="audit-acknowledge",
    ),
    path("audits/<int:pk>/actions/new/", audit_feedback.action_add, name="audit-action-add"),
    path(
        "audits/<int:pk>/actions/<int:action_id>/done/",
        audit_feedback.action_done,
        name="audit-action-done",
    ),
    path("audits/<int:pk>/cpd/", audit_feedback.audit_cpd, name="audit-cpd"),
    path("audits/quality/", audit_quality.quality, name="audit-quality"),
    path("audits/moderation/", audit_oversight.moderation_queue, name="moderation"),
    path(
        "audits/moderation/<int:pk>/",
        audit_oversight.moderation_regrade,
        name="moderation-regrade",
    ),
    path("audits/themes/", audit_oversight.theme_list, name="audit-themes"),
    path("audits/themes/<int:pk>/", audit_oversight.theme_edit, name="audit-theme-edit"),
    path("my-audits/", audit_dashboards.my_audits, name="my-audits"),
    path("bulletins/", audit_oversight.bulletin_list, name="bulletins"),
    path("bulletins/new/", audit_oversight.bulletin_new, name="bulletin-new"),
    path("bulletins/<int:pk>/", audit_oversight.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/edit/", audit_oversight.bulletin_edit, name="bulletin-edit"),
]

# Reports
urlpatterns += [
    path("reports/", report_runs.reports, name="reports"),
    path("reports/<int:pk>/", report_runs.report_detail, name="report"),
    path("reports/<int:pk>/download/", report_runs.report_download, name="report-download"),
    path("reports/schedules/", report_schedules.schedule_list, name="report-schedules"),
    path(
        "reports/schedules/new/",
        report_schedules.schedule_create,
        name="report-schedule-create",
    ),
    path(
        "reports/schedules/<int:pk>/stop/",
        report_schedules.schedule_deactivate,
        name="report-schedule-deactivate",
    ),
]

# Case file audits: discarding a draft, and the PSW's repeat audits
urlpatterns += [
    path("audits/<int:pk>/discard/", audit_recording.audit_discard, name="audit-discard"),
    path(
        "audits/repeat-allowances/",
        audit_oversight.repeat_allowances,
        name="repeat-allowances",
    ),
]

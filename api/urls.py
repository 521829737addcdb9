from django.urls import path

from api import auth, notifications, people
from api.audits import audits, oversight
from api.audits import templates as audit_templates
from api.pathways import enrolments, planning, record
from api.reports import kinds as report_kinds
from api.reports import runs as report_runs
from api.reports import schedules as report_schedules
from api.training import bookings as training_bookings
from api.training import catalogue, cpd, feeds, register
from api.training import records as training_records

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
    path(
        "enrolments/<int:pk>/reassign/",
        enrolments.EnrolmentReassign.as_view(),
        name="api-enrolment-reassign",
    ),
    path("me/pathway/", enrolments.MyPathway.as_view(), name="api-me-pathway"),
    # Case file audits
    path(
        "audit-templates/",
        audit_templates.AuditTemplateList.as_view(),
        name="api-audit-templates",
    ),
    path(
        "audit-templates/<int:pk>/",
        audit_templates.AuditTemplateDetail.as_view(),
        name="api-audit-template",
    ),
    path("audit-themes/", audit_templates.AuditThemeList.as_view(), name="api-audit-themes"),
    path(
        "audit-themes/<int:pk>/",
        audit_templates.AuditThemeDetail.as_view(),
        name="api-audit-theme",
    ),
    path("audits/", audits.AuditList.as_view(), name="api-audits"),
    path("audits/<int:pk>/", audits.AuditDetail.as_view(), name="api-audit"),
    path(
        "audits/<int:pk>/acknowledge/",
        audits.AuditAcknowledge.as_view(),
        name="api-audit-acknowledge",
    ),
    path("audits/<int:pk>/actions/", audits.AuditActionList.as_view(), name="api-audit-actions"),
    path(
        "audits/<int:pk>/actions/<int:action_id>/",
        audits.AuditActionDetail.as_view(),
        name="api-audit-action",
    ),
    path(
        "audits/<int:pk>/cpd-prefill/",
        audits.AuditCpdPrefill.as_view(),
        name="api-audit-cpd-prefill",
    ),
    path(
        "teams/<int:pk>/audit-programme/",
        oversight.TeamAuditProgramme.as_view(),
        name="api-team-audit-programme",
    ),
    path("moderations/", oversight.ModerationList.as_view(), name="api-moderations"),
    path("moderations/<int:pk>/", oversight.ModerationDetail.as_view(), name="api-moderation"),
    path(
        "repeat-allowances/",
        oversight.RepeatAllowanceList.as_view(),
        name="api-repeat-allowances",
    ),
    path(
        "learning-bulletins/",
        oversight.BulletinList.as_view(),
        name="api-learning-bulletins",
    ),
    path(
        "learning-bulletins/<int:pk>/",
        oversight.BulletinDetail.as_view(),
        name="api-learning-bulletin",
    ),
]

# -- Training: the catalogue, bookings and the register, completions, compliance, CPD, calendars
urlpatterns += [
    path("courses/", catalogue.CourseList.as_view(), name="api-courses"),
    path("courses/<int:pk>/", catalogue.CourseDetail.as_view(), name="api-course"),
    path("event-series/", catalogue.SeriesList.as_view(), name="api-event-series-list"),
    path("event-series/<int:pk>/", catalogue.SeriesDetail.as_view(), name="api-event-series"),
    path("sessions/", catalogue.SessionList.as_view(), name="api-sessions"),
    path("sessions/<int:pk>/", catalogue.SessionDetail.as_view(), name="api-session"),
    path("sessions/<int:pk>/cancel/", catalogue.SessionCancel.as_view(), name="api-session-cancel"),
    path(
        "sessions/<int:pk>/bookings/",
        training_bookings.SessionBookings.as_view(),
        name="api-session-bookings",
    ),
    path(
        "sessions/<int:pk>/bookings/import/",
        register.SessionBookingsImport.as_view(),
        name="api-session-bookings-import",
    ),
    path(
        "sessions/<int:pk>/attendance/",
        register.SessionAttendance.as_view(),
        name="api-session-attendance",
    ),
    path("bookings/", training_bookings.BookingList.as_view(), name="api-bookings"),
    path("bookings/<int:pk>/", training_bookings.BookingDetail.as_view(), name="api-booking"),
    path(
        "bookings/<int:pk>/cancel/",
        training_bookings.BookingCancel.as_view(),
        name="api-booking-cancel",
    ),
    path(
        "bookings/<int:pk>/approve/",
        training_bookings.BookingApprove.as_view(),
        name="api-booking-approve",
    ),
    path(
        "bookings/<int:pk>/decline/",
        training_bookings.BookingDecline.as_view(),
        name="api-booking-decline",
    ),
    path(
        "bookings/<int:pk>/invite.ics",
        training_bookings.BookingInvite.as_view(),
        name="api-booking-invite",
    ),
    path("completions/", training_records.CompletionList.as_view(), name="api-completions"),
    path(
        "completions/import/",
        training_records.CompletionsImport.as_view(),
        name="api-completions-import",
    ),
    path(
        "completions/<int:pk>/certificate.pdf",
        training_records.CompletionCertificate.as_view(),
        name="api-completion-certificate",
    ),
    path(
        "people/<int:pk>/compliance/",
        training_records.PersonCompliance.as_view(),
        name="api-person-compliance",
    ),
    path("cpd-entries/", cpd.CpdEntryList.as_view(), name="api-cpd-entries"),
    path("cpd-entries/standing/", cpd.CpdStanding.as_view(), name="api-cpd-standing"),
    path(
        "cpd-entries/prefill/<int:booking_id>/",
        cpd.CpdPrefill.as_view(),
        name="api-cpd-prefill",
    ),
    path("cpd-entries/<int:pk>/", cpd.CpdEntryDetail.as_view(), name="api-cpd-entry"),
    path("me/calendar-feed/", feeds.MyCalendarFeed.as_view(), name="api-me-calendar-feed"),
]

# -- Reports: asking for a report and following its run, the kinds, the PSW's schedules
urlpatterns += [
    path("reports/", report_runs.ReportRunList.as_view(), name="api-reports"),
    path("reports/<int:pk>/", report_runs.ReportRunDetail.as_view(), name="api-report"),
    path(
        "reports/<int:pk>/download/",
        report_runs.ReportRunDownload.as_view(),
        name="api-report-download",
    ),
    path("report-kinds/", report_kinds.ReportKindList.as_view(), name="api-report-kinds"),
    path(
        "report-schedules/",
        report_schedules.ReportScheduleList.as_view(),
        name="api-report-schedules",
    ),
    path(
        "report-schedules/<int:pk>/",
        report_schedules.ReportScheduleDetail.as_view(),
        name="api-report-schedule",
    ),
    path(
        "report-schedules/<int:pk>/deactivate/",
        report_schedules.ReportScheduleDeactivate.as_view(),
        name="api-report-schedule-deactivate",
    ),
]

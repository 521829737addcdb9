"""The pathways forms through the pages, for the roles that use them: each saves through the
pathway services and lands back with what was done, or shows each problem on its field (the
service's refusals included) and writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from academy.common.dates import today
from academy.pathways.models import (
    Cohort,
    DevelopmentActivity,
    Enrolment,
    Evidence,
    PathwayTemplate,
    PcfDomain,
    Supervision,
)
from academy.pathways.rules import add_months
from academy.people.models import Role, RoleAssignment
from tests.web.conftest import page_of, squash
from tests.web.test_pathways_support import (
    asye,
    cohort,
    enrol,
    newly_qualified,
    nqsw_on_asye,
    registered,
)

pytestmark = pytest.mark.django_db


def date(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def banner(response):
    return page_of(response).text("p", class_="govuk-notification-banner__heading")


@pytest.fixture
def enrolment(academy, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return nqsw_on_asye(academy)


# ---------------------------------------------------------------------------------------------
# Cohorts
# ---------------------------------------------------------------------------------------------
def test_the_psw_creates_a_cohort_and_lands_on_its_page(academy):
    template = asye()
    data = {
        "name": "ASYE September",
        "pathway": template.pk,
        **date("start_date", dt.date(2026, 9, 7)),
        "capacity": "12",
        "lead": academy.people["assessor"].pk,
    }
    response = academy.client("psw").post("/cohorts/new/", data, follow=True)
    created = Cohort.objects.get(name="ASYE September")
    assert response.redirect_chain == [(f"/cohorts/{created.pk}/", 302)]
    assert banner(response) == "ASYE September was created."
    assert (created.pathway, created.start_date, created.capacity, created.lead) == (
        template,
        dt.date(2026, 9, 7),
        12,
        academy.people["assessor"],
    )


def test_the_cohort_form_shows_each_problem_on_its_field(academy):
    asye()
    page = page_of(academy.client("psw").post("/cohorts/new/", {"capacity": "0"}))
    assert page.error_summary_links() == {
        "id_name": "Enter a name for the cohort",
        "id_pathway": "Choose a pathway",
        "id_start_date_day": "Enter the start date",
        "id_capacity": "A cohort needs at least 1 place",
    }
    assert page.title.startswith("Error: Create a cohort")
    assert not Cohort.objects.exists()


def test_a_cohort_name_in_use_is_refused_on_its_field(academy):
    cohort(name="ASYE spring")
    data = {
        "name": "ASYE spring",
        "pathway": asye().pk,
        **date("start_date", dt.date(2026, 3, 2)),
        "capacity": "5",
    }
    page = page_of(academy.client("psw").post("/cohorts/new/", data))
    assert page.error_summary_links() == {"id_name": "Cohort with this Name already exists."}
    assert Cohort.objects.count() == 1


def test_a_retired_pathway_is_not_offered_for_a_new_cohort(academy):
    template = asye()
    template.active = False
    template.save(update_fields=["active"])
    page = page_of(academy.client("psw").get("/cohorts/new/"))
    assert "ASYE (adults)" not in page.texts("option")


# ---------------------------------------------------------------------------------------------
# Enrolling
# ---------------------------------------------------------------------------------------------
def enrol_data(academy, group, people, **extra):
    return {
        "people": [person.pk for person in people],
        **date("start_date", group.start_date),
        "assessor": academy.people["assessor"].pk,
        "supervisor": academy.people["supervisor"].pk,
        **extra,
    }


def people_offered(page):
    return [
        squash(label["text"])
        for label in page.find_all("label", class_="govuk-checkboxes__label")
        if label["attrs"]["for"].startswith("id_people")
    ]


def test_the_enrol_page_offers_people_at_the_pathways_level_not_yet_on_it(academy):
    group = cohort()
    ready = newly_qualified(first_name="Ready", last_name="Able")
    taken = newly_qualified(first_name="Taken", last_name="Already")
    enrol(taken, group)
    newly_qualified(first_name="Gone", last_name="Away", active=False)
    page = page_of(academy.client("psw").get(f"/cohorts/{group.pk}/enrol/"))
    assert people_offered(page) == [ready.full_name]
    first = page.find("input", type="checkbox", name="people")
    assert first["attrs"]["id"] == "id_people"  # the error summary's link lands here
    # any level, by name
    page = page_of(
        academy.client("psw").get(
            f"/cohorts/{group.pk}/enrol/", {"pcf_level": "", "search": "tester nqsw"}
        )
    )
    assert people_offered(page) == ["Nqsw Tester"]


def test_the_psw_enrols_one_person_with_an_assessor_and_supervisor(academy):
    group = cohort()
    person = registered(academy.people["nqsw"], qualified_months_ago=9)
    response = academy.client("psw").post(
        f"/cohorts/{group.pk}/enrol/", enrol_data(academy, group, [person]), follow=True
    )
    assert response.redirect_chain == [(f"/cohorts/{group.pk}/", 302)]
    assert banner(response) == f"Nqsw Tester was enrolled on {group.name}."
    enrolment = Enrolment.objects.get(person=person)
    assert (enrolment.cohort, enrolment.assessor, enrolment.supervisor) == (
        group,
        academy.people["assessor"],
        academy.people["supervisor"],
    )
    assert enrolment.milestones.count() == 6


def test_the_psw_enrols_many_at_once_and_switches_on_an_optional_milestone(academy):
    group = cohort()
    people = [newly_qualified(last_name=f"Member{n}") for n in range(3)]
    data = enrol_data(academy, group, people, optional_milestones=["review_9m"])
    response = academy.client("psw").post(f"/cohorts/{group.pk}/enrol/", data, follow=True)
    names = [p.full_name for p in sorted(people, key=lambda p: p.last_name)]
    assert banner(response) == (
        f"{names[0]}, {names[1]} and {names[2]} were enrolled on {group.name}."
    )
    enrolments = Enrolment.objects.filter(cohort=group)
    assert enrolments.count() == 3
    assert all(e.milestones.get(key="review_9m").enabled for e in enrolments)


def test_choosing_nobody_is_refused(academy):
    group = cohort()
    newly_qualified()
    data = enrol_data(academy, group, [])
    page = page_of(academy.client("psw").post(f"/cohorts/{group.pk}/enrol/", data))
    assert page.error_summary_links() == {"id_people": "Choose at least one person to enrol"}


def test_someone_qualified_three_years_ago_needs_the_psws_reason_and_then_is_enrolled(academy):
    group = cohort()
    person = newly_qualified(last_name="Later")
    person.qualified_on = add_months(group.start_date, -36)
    person.save(update_fields=["qualified_on"])
    client = academy.client("psw")
    before = page_of(client.get(f"/cohorts/{group.pk}/enrol/", {"pcf_level": ""}))
    assert before.find("textarea", name="override_reason") is None

    page = page_of(client.post(f"/cohorts/{group.pk}/enrol/", enrol_data(academy, group, [person])))
    assert page.error_summary_links() == {
        "id_override_reason": "Qualified 3 years before the start: the PSW must confirm their "
        "knowledge is current, with a reason."
    }
    assert page.find("textarea", name="override_reason") is not None
    assert not Enrolment.objects.filter(person=person).exists()

    reason = "Has worked in a hospital team since qualifying; knowledge checked at interview."
    data = enrol_data(academy, group, [person], override_reason=reason)
    response = client.post(f"/cohorts/{group.pk}/enrol/", data)
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(person=person)
    assert enrolment.override_reason == reason
    assert enrolment.overridden_by == academy.people["psw"]


def test_a_refusal_about_one_of_many_names_them_on_the_people_field(academy):
    group = cohort()
    fine = newly_qualified(last_name="Fine")
    unregistered = newly_qualified(first_name="Una", last_name="Registered")
    unregistered.swe_first_registered_on = None
    unregistered.save(update_fields=["swe_first_registered_on"])
    data = enrol_data(academy, group, [fine, unregistered])
    page = page_of(academy.client("psw").post(f"/cohorts/{group.pk}/enrol/", data))
    assert page.error_summary_links() == {
        "id_people": "Una Registered: Record the person's Social Work England registration "
        "date first."
    }
    assert not Enrolment.objects.filter(cohort=group).exists()
    # the choices survive the round trip
    checked = [c["attrs"]["value"] for c in page.find_all("input", name="people", checked="")]
    assert sorted(checked) == sorted([str(fine.pk), str(unregistered.pk)])


def test_a_cohort_never_takes_more_than_its_places(academy):
    group = cohort(capacity=2)
    enrol(newly_qualified(), group)
    people = [newly_qualified(last_name="One"), newly_qualified(last_name="Two")]
    page = page_of(
        academy.client("psw").post(
            f"/cohorts/{group.pk}/enrol/", enrol_data(academy, group, people)
        )
    )
    assert page.error_summary_links() == {
        "id_people": f"{group.name} has 1 of 2 places left; 2 asked for."
    }
    assert Enrolment.objects.filter(cohort=group).count() == 1


# ---------------------------------------------------------------------------------------------
# Milestones
# ---------------------------------------------------------------------------------------------
def test_the_assessor_marks_a_milestone_as_done(academy, enrolment):
    url = f"/enrolments/{enrolment.pk}/milestones/review_3m/done/"
    page = page_of(academy.client("assessor").get(url))
    assert page.h1 == "Mark ‘Interim review (3 months)’ as done"
    assert page.find("input", id="id_completed_on_day")["attrs"]["value"] == str(today().day)
    day = today() - dt.timedelta(days=3)
    data = {**date("completed_on", day), "note": "Good progress."}
    response = academy.client("assessor").post(url, data, follow=True)
    assert response.redirect_chain == [(f"/enrolments/{enrolment.pk}/", 302)]
    assert banner(response) == "Interim review (3 months) was marked as done."
    milestone = enrolment.milestones.get(key="review_3m")
    assert (milestone.completed_on, milestone.completed_by, milestone.note) == (
        day,
        academy.people["assessor"],
        "Good progress.",
    )


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (None, "Enter the date completed"),
        (dt.timedelta(days=2), "The date cannot be in the future."),
        (-dt.timedelta(days=400), "The date cannot be before the enrolment started."),
    ],
)
def test_a_wrong_completion_date_is_refused_on_its_field(academy, enrolment, when, message):
    url = f"/enrolments/{enrolment.pk}/milestones/review_3m/done/"
    data = date("completed_on", today() + when) if when else {}
    page = page_of(academy.client("psw").post(url, data))
    assert page.error_summary_links() == {"id_completed_on_day": message}
    assert enrolment.milestones.get(key="review_3m").completed_on is None


def test_a_milestone_already_done_says_when(academy, enrolment):
    url = f"/enrolments/{enrolment.pk}/milestones/review_3m/done/"
    academy.client("psw").post(url, date("completed_on", today()))
    page = page_of(academy.client("psw").post(url, date("completed_on", today())))
    assert list(page.error_summary_links().values()) == [
        f"Interim review (3 months) was completed on {today():%d %B %Y}."
    ]


def test_the_psw_switches_on_the_optional_review(academy, enrolment):
    url = f"/enrolments/{enrolment.pk}/milestones/review_9m/switch/"
    response = academy.client("psw").post(url, follow=True)
    assert banner(response) == "Interim review (9 months) is switched on."
    assert enrolment.milestones.get(key="review_9m").enabled
    page = page_of(academy.client("psw").post(url, follow=True))
    assert "Interim review (9 months) is switched off." in page.html


# ---------------------------------------------------------------------------------------------
# Supervision, development time, evidence
# ---------------------------------------------------------------------------------------------
def test_the_supervisor_records_a_supervision(academy, enrolment):
    url = f"/enrolments/{enrolment.pk}/supervision/new/"
    page = page_of(academy.client("supervisor").get(url))
    chosen = page.find("option", selected="")
    assert chosen["text"] == "Supervisor Tester"
    assert page.find("input", type="radio", id="id_kind") is not None
    day = today() - dt.timedelta(days=1)
    data = {
        **date("held_on", day),
        "supervisor": academy.people["supervisor"].pk,
        "kind": "reflective",
        "note": "Talked through a safeguarding enquiry.",
    }
    response = academy.client("supervisor").post(url, data, follow=True)
    assert banner(response) == f"The supervision on {day.day} {day:%B %Y} was recorded."
    supervision = Supervision.objects.get(enrolment=enrolment)
    assert supervision.recorded_by == academy.people["supervisor"]
    assert supervision.kind == "reflective"


def test_reflective_supervision_by_someone_unregistered_is_refused(academy, enrolment):
    unregistered = academy.people["manager"]
    data = {
        **date("held_on", today()),
        "supervisor": unregistered.pk,
        "kind": "reflective",
    }
    RoleAssignment.objects.get_or_create(person=unregistered, role=Role.SUPERVISOR)
    page = page_of(academy.client("psw").post(f"/enrolments/{enrolment.pk}/supervision/new/", data))
    assert page.error_summary_links() == {
        "id_supervisor": "Reflective supervision must be given by a registered social worker."
    }
    assert not Supervision.objects.exists()


def test_the_supervision_form_asks_for_each_missing_answer(academy, enrolment):
    page = page_of(academy.client("psw").post(f"/enrolments/{enrolment.pk}/supervision/new/", {}))
    assert page.error_summary_links() == {
        "id_held_on_day": "Enter the date of the supervision",
        "id_supervisor": "Choose who gave the supervision",
        "id_kind": "Choose the kind of supervision",
    }


def test_the_person_logs_development_time(academy, enrolment):
    url = f"/enrolments/{enrolment.pk}/development-time/new/"
    page = page_of(academy.client("nqsw").get(url))
    assert "The protected time due is 3.70 hours a week." in page.html
    data = {**date("date", today()), "hours": "2.5", "activity": "Reading on the Care Act"}
    response = academy.client("nqsw").post(url, data, follow=True)
    assert banner(response) == f"2.5 hours on {today().day} {today():%B %Y} were logged."
    entry = DevelopmentActivity.objects.get(enrolment=enrolment)
    assert (entry.hours, entry.recorded_by) == (Decimal("2.50"), academy.people["nqsw"])


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("", "Enter the hours"),
        ("0", "Hours must be 0.25 or more"),
        ("25", "Hours must be 24 or fewer"),
        ("lots", "Hours must be a number, like 1.5"),
    ],
)
def test_development_hours_out_of_range_are_refused(academy, enrolment, hours, message):
    data = {**date("date", today()), "hours": hours, "activity": "Reading"}
    page = page_of(
        academy.client("nqsw").post(f"/enrolments/{enrolment.pk}/development-time/new/", data)
    )
    assert page.error_summary_links() == {"id_hours": message}
    assert not DevelopmentActivity.objects.exists()


def test_the_person_adds_evidence_with_domains_and_a_file_the_assessor_can_download(
    academy, enrolment
):
    domains = list(PcfDomain.objects.order_by("position")[:2])
    upload = SimpleUploadedFile("reflection.pdf", b"%PDF-1.4 my reflection", "application/pdf")
    data = {
        "kind": "critical_reflection",
        **date("date", today()),
        "summary": "Reflecting on my first Care Act assessment.",
        "domains": [d.pk for d in domains],
        "file": upload,
    }
    response = academy.client("nqsw").post(
        f"/enrolments/{enrolment.pk}/evidence/new/", data, follow=True
    )
    assert banner(response) == f"Critical reflection from {today().day} {today():%B %Y} was added."
    item = Evidence.objects.get(enrolment=enrolment)
    assert list(item.domains.order_by("position")) == domains
    assert item.recorded_by == academy.people["nqsw"]
    page = page_of(academy.client("assessor").get(f"/enrolments/{enrolment.pk}/"))
    link = f"/enrolments/{enrolment.pk}/evidence/{item.pk}/file/"
    assert page.find("a", href=link) is not None
    download = academy.client("assessor").get(link)
    assert b"".join(download.streaming_content) == b"%PDF-1.4 my reflection"
    assert "attachment" in download["Content-Disposition"]
    assert academy.client("worker").get(link).status_code == 404


def test_evidence_needs_its_kind_and_summary_and_an_accepted_file(academy, enrolment):
    upload = SimpleUploadedFile("tool.exe", b"MZ", "application/octet-stream")
    page = page_of(
        academy.client("nqsw").post(
            f"/enrolments/{enrolment.pk}/evidence/new/",
            {**date("date", today()), "file": upload},
        )
    )
    assert page.error_summary_links() == {
        "id_kind": "Choose the kind of evidence",
        "id_summary": "Summarise the evidence",
        "id_file": "The file must be a PDF, Word document, text file or photo",
    }
    assert not Evidence.objects.exists()


# ---------------------------------------------------------------------------------------------
# Pauses and extensions
# ---------------------------------------------------------------------------------------------
def test_the_team_manager_records_a_pause_that_moves_the_end_date(academy, enrolment):
    end = enrolment.end_date
    first, last = today() - dt.timedelta(days=9), today()
    data = {
        "kind": "sick_leave",
        **date("first_day", first),
        **date("last_day", last),
        "reason": "Signed off for ten days.",
    }
    response = academy.client("manager").post(
        f"/enrolments/{enrolment.pk}/pause/new/", data, follow=True
    )
    enrolment.refresh_from_db()
    assert enrolment.end_date == end + dt.timedelta(days=10)
    assert banner(response) == (
        "The pause of 10 days was recorded. The end date is now "
        f"{enrolment.end_date.day} {enrolment.end_date:%B %Y}."
    )
    assert enrolment.pauses.get().recorded_by == academy.people["manager"]


def test_a_pause_that_ends_before_it_starts_is_refused_on_the_last_day(academy, enrolment):
    data = {
        "kind": "parental_leave",
        **date("first_day", today()),
        **date("last_day", today() - dt.timedelta(days=5)),
        "reason": "Parental leave.",
    }
    page = page_of(academy.client("psw").post(f"/enrolments/{enrolment.pk}/pause/new/", data))
    assert page.error_summary_links() == {
        "id_last_day_day": "The last day must be on or after the first day."
    }
    assert not enrolment.pauses.exists()


def test_the_psw_extends_the_pathway(academy, enrolment):
    end = enrolment.end_date
    data = {"days": "28", "reason": "More time to gather direct observations."}
    response = academy.client("psw").post(
        f"/enrolments/{enrolment.pk}/extension/new/", data, follow=True
    )
    enrolment.refresh_from_db()
    assert enrolment.end_date == end + dt.timedelta(days=28)
    assert banner(response).startswith("The extension was recorded.")


def test_an_extension_of_no_days_is_refused(academy, enrolment):
    page = page_of(
        academy.client("psw").post(
            f"/enrolments/{enrolment.pk}/extension/new/", {"days": "0", "reason": ""}
        )
    )
    assert page.error_summary_links() == {
        "id_days": "Extend by at least 1 day",
        "id_reason": "Give the reason for the extension",
    }


# ---------------------------------------------------------------------------------------------
# The outcome
# ---------------------------------------------------------------------------------------------
def test_the_assessor_recommends_and_the_psw_confirms_a_pass_which_moves_the_pcf_level(
    academy, enrolment
):
    url = f"/enrolments/{enrolment.pk}/outcome/"
    offered = page_of(academy.client("assessor").get(url)).texts(
        "label", class_="govuk-radios__label"
    )
    assert offered == ["The assessor recommends a pass", "The assessor recommends a fail"]
    data = {"decision": "recommended_pass", **date("decided_on", today()), "note": "Strong."}
    response = academy.client("assessor").post(url, data, follow=True)
    assert banner(response) == "The outcome is now: recommended pass."

    offered = page_of(academy.client("psw").get(url)).texts("label", class_="govuk-radios__label")
    assert offered == [
        "The moderation panel confirms a pass",
        "The moderation panel confirms a fail",
        "Withdrawn",
        "Deferred",
    ]
    data = {"decision": "passed", **date("decided_on", today())}
    academy.client("psw").post(url, data)
    enrolment.refresh_from_db()
    assert enrolment.outcome == "passed"
    assert enrolment.person.pcf_level == "social_worker"
    stages = list(enrolment.decisions.values_list("stage", "decided_by__user__username"))
    assert stages == [("recommendation", "assessor"), ("panel", "psw")]


def test_the_assessor_cannot_record_the_panels_decision(academy, enrolment):
    data = {"decision": "passed", **date("decided_on", today())}
    page = page_of(academy.client("assessor").post(f"/enrolments/{enrolment.pk}/outcome/", data))
    assert page.error_summary_links() == {"id_decision": "Choose a decision from the list"}
    enrolment.refresh_from_db()
    assert enrolment.outcome == "in_progress"


def test_the_outcome_form_asks_for_the_decision(academy, enrolment):
    page = page_of(
        academy.client("psw").post(
            f"/enrolments/{enrolment.pk}/outcome/", date("decided_on", today())
        )
    )
    assert page.error_summary_links() == {"id_decision": "Choose the decision"}


# ---------------------------------------------------------------------------------------------
# ASYE portal registration
# ---------------------------------------------------------------------------------------------
def test_the_psw_records_asye_portal_registration(academy, enrolment):
    day = today() - dt.timedelta(days=4)
    url = f"/enrolments/{enrolment.pk}/portal-registration/"
    response = academy.client("psw").post(url, date("registered_on", day), follow=True)
    assert banner(response).startswith("Registration on the ASYE portal on")
    enrolment.refresh_from_db()
    assert enrolment.portal_registered_on == day
    page = page_of(
        academy.client("psw").post(url, date("registered_on", today() + dt.timedelta(days=3)))
    )
    assert page.error_summary_links() == {
        "id_registered_on_day": "The date cannot be in the future."
    }


def test_portal_registration_is_only_for_the_asye(academy):
    asye()
    preceptorship = cohort(PathwayTemplate.objects.get(key="ot-preceptorship"))
    other = enrol(newly_qualified(), preceptorship)
    response = academy.client("psw").get(f"/enrolments/{other.pk}/portal-registration/")
    assert response.status_code == 404


# ---------------------------------------------------------------------------------------------
# Pathway templates
# ---------------------------------------------------------------------------------------------
def test_the_psw_copies_a_template_to_make_a_local_variant(academy):
    template = asye()
    url = f"/pathways/{template.pk}/copy/"
    page = page_of(academy.client("psw").get(url))
    assert page.find("input", id="id_key")["attrs"]["value"] == "asye-adults-local"
    data = {"name": "ASYE (adults), Shire", "key": "asye-shire"}
    response = academy.client("psw").post(url, data, follow=True)
    copy = PathwayTemplate.objects.get(key="asye-shire")
    assert response.redirect_chain == [(f"/pathways/{copy.pk}/", 302)]
    assert banner(response) == "ASYE (adults), Shire was made from ASYE (adults)."
    assert copy.based_on == template
    assert list(copy.milestones.values_list("key", flat=True)) == list(
        template.milestones.values_list("key", flat=True)
    )


def test_a_copy_needs_a_short_name_not_in_use(academy):
    template = asye()
    url = f"/pathways/{template.pk}/copy/"
    page = page_of(academy.client("psw").post(url, {"name": "Copy", "key": "asye-adults"}))
    assert page.error_summary_links() == {
        "id_key": "Pathway template with this Key already exists."
    }
    page = page_of(academy.client("psw").post(url, {"name": "Copy", "key": "Not a slug!"}))
    assert page.error_summary_links() == {
        "id_key": "The short name can only hold lower-case letters, numbers and hyphens"
    }


def test_the_psw_changes_a_templates_basic_fields(academy):
    template = asye()
    url = f"/pathways/{template.pk}/edit/"
    page = page_of(academy.client("psw").get(url))
    assert page.find("input", id="id_due_soon_days")["attrs"]["value"] == "14"
    data = {
        "name": template.name,
        "description": template.description,
        "duration_months": "12",
        "due_soon_days": "21",
        "development_alert_percent": "75",
        "reduced_workload_percent": "90",
        "active": "on",
    }
    response = academy.client("psw").post(url, data, follow=True)
    assert banner(response) == "ASYE (adults) was updated."
    template.refresh_from_db()
    assert (template.due_soon_days, template.development_alert_percent) == (21, 75)


def test_a_template_change_out_of_range_is_refused_and_nothing_changes(academy):
    template = asye()
    data = {
        "name": "",
        "duration_months": "12",
        "due_soon_days": "14",
        "development_alert_percent": "150",
    }
    page = page_of(academy.client("psw").post(f"/pathways/{template.pk}/edit/", data))
    assert page.error_summary_links() == {
        "id_name": "Enter a name",
        "id_development_alert_percent": "The alert must be 100 or less",
    }
    template.refresh_from_db()
    assert (template.name, template.development_alert_percent) == ("ASYE (adults)", 80)

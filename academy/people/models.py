"""Organisations, teams, people and the roles they hold in the academy."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

SWE_NUMBER = RegexValidator(
    r"^SW\d{1,7}$", "Enter a Social Work England number such as SW123456.", code="invalid"
)
#: The most contracted hours a week a record may hold (the person_contracted_hours_in_range check).
CONTRACTED_HOURS_MAX = 60

HCPC_NUMBER = RegexValidator(
    r"^[A-Z]{2}\d{4,7}$", "Enter an HCPC number such as OT12345.", code="invalid"
)


class User(AbstractUser):
    """A sign-in account. What the academy knows about the person is on ``Person``."""

    class Meta:
        db_table = "people_user"


class Organisation(models.Model):
    """The council that runs the academy, or a partner whose staff learn with it."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS_TRUST = "nhs_trust", "NHS trust"
        CARE_PROVIDER = "care_provider", "Care provider"
        VCS = "vcs", "Voluntary and community sector"
        EDUCATION = "education", "Education provider"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    hosts_academy = models.BooleanField(
        default=False, help_text="The council that runs the academy (one organisation)."
    )
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hosts_academy"],
                condition=Q(hosts_academy=True),
                name="one_academy_host",
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"], name="organisation_kind_name")]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team in a service area; its managers see its people."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    service_area = models.CharField(max_length=120)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="team_name_unique_in_org"
            ),
        ]
        indexes = [models.Index(fields=["service_area", "name"], name="team_service_area_name")]

    def __str__(self) -> str:
        return self.name


class PcfLevel(models.TextChoices):
    """BASW Professional Capabilities Framework levels (blank: not a social worker)."""

    PRE_QUALIFYING = "pre_qualifying", "Pre-qualifying (student or apprentice)"
    ASYE = "asye", "ASYE"
    SOCIAL_WORKER = "social_worker", "Social Worker"
    EXPERIENCED = "experienced", "Experienced Social Worker"
    ADVANCED_PRACTITIONER = "advanced_practitioner", "Advanced Practitioner"
    ADVANCED_EDUCATOR = "advanced_educator", "Advanced Educator"
    ADVANCED_MANAGER = "advanced_manager", "Advanced Manager"
    STRATEGIC = "strategic", "Strategic"


class Person(models.Model):
    """Someone in the workforce the academy serves, with or without a sign-in account."""

    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    work_email = models.EmailField(max_length=254)
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    employment_start_date = models.DateField(null=True, blank=True)
    leaving_date = models.DateField(null=True, blank=True)
    contracted_hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("37.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    pcf_level = models.CharField(max_length=30, choices=PcfLevel.choices, blank=True)
    swe_number = models.CharField(
        "Social Work England number", max_length=12, blank=True, validators=[SWE_NUMBER]
    )
    swe_first_registered_on = models.DateField(
        "first registered with Social Work England", null=True, blank=True
    )
    qualified_on = models.DateField("qualification date", null=True, blank=True)
    hcpc_number = models.CharField(
        "HCPC number", max_length=12, blank=True, validators=[HCPC_NUMBER]
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(Lower("work_email"), name="person_work_email_unique"),
            models.UniqueConstraint(
                fields=["swe_number"], condition=~Q(swe_number=""), name="person_swe_number_unique"
            ),
            models.UniqueConstraint(
                fields=["hcpc_number"],
                condition=~Q(hcpc_number=""),
                name="person_hcpc_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(leaving_date__isnull=True)
                | Q(employment_start_date__isnull=True)
                | Q(leaving_date__gte=F("employment_start_date")),
                name="person_leaves_after_starting",
            ),
            models.CheckConstraint(
                condition=Q(contracted_hours_per_week__gt=0)
                & Q(contracted_hours_per_week__lte=CONTRACTED_HOURS_MAX),
                name="person_contracted_hours_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="person_name_order"),
            models.Index(
                fields=["active", "last_name", "first_name", "id"], name="person_active_name"
            ),
            models.Index(fields=["pcf_level"], name="person_pcf_level"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Role(models.TextChoices):
    LEARNER = "learner", "Learner"
    TEAM_MANAGER = "team_manager", "Team manager"
    ASSESSOR = "assessor", "Assessor / practice educator"
    SUPERVISOR = "supervisor", "Supervisor"
    TRAINING_COORDINATOR = "training_coordinator", "Training coordinator"
    PARTNER_COORDINATOR = "partner_coordinator", "Partner coordinator"
    PSW = "psw", "Principal Social Worker"
    PRINCIPAL_OT = "principal_ot", "Principal Occupational Therapist"
    DASS = "dass", "Director of Adult Social Services"


class RoleAssignment(models.Model):
    """A role a person holds; a team manager holds it for a team, a partner coordinator for an
    organisation. A person holds several."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=Role.choices)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="role_assignments"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role=Role.TEAM_MANAGER, team__isnull=False, organisation__isnull=True)
                    | Q(
                        role=Role.PARTNER_COORDINATOR, team__isnull=True, organisation__isnull=False
                    )
                    | (
                        ~Q(role__in=[Role.TEAM_MANAGER, Role.PARTNER_COORDINATOR])
                        & Q(team__isnull=True, organisation__isnull=True)
                    )
                ),
                name="role_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["person", "role"],
                condition=Q(team__isnull=True, organisation__isnull=True),
                name="role_unique_unscoped",
            ),
            models.UniqueConstraint(
                fields=["person", "role", "team"],
                condition=Q(team__isnull=False),
                name="role_unique_per_team",
            ),
            models.UniqueConstraint(
                fields=["person", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="role_unique_per_organisation",
            ),
        ]
        indexes = [models.Index(fields=["role", "person"], name="role_assignment_role_person")]

    def __str__(self) -> str:
        scope = self.team or self.organisation
        label = self.get_role_display()
        return f"{label} ({scope})" if scope else label

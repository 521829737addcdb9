"""CQC's assessment framework for local authorities: four themes, nine quality statements.
Courses, audit questions and themes are tagged to them so the academy can show evidence."""

from django.db import models


class QualityStatement(models.TextChoices):
    ASSESSING_NEEDS = "assessing_needs", "Assessing needs"
    HEALTHIER_LIVES = "healthier_lives", "Supporting people to live healthier lives"
    EQUITY = "equity", "Equity in experience and outcomes"
    CARE_PROVISION = "care_provision", "Care provision, integration and continuity"
    PARTNERSHIPS = "partnerships", "Partnerships and communities"
    SAFE_SYSTEMS = "safe_systems", "Safe systems, pathways and transitions"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    GOVERNANCE = "governance", "Governance, management and sustainability"
    LEARNING = "learning", "Learning, improvement and innovation"


THEMES = {
    "Working with people": (
        QualityStatement.ASSESSING_NEEDS,
        QualityStatement.HEALTHIER_LIVES,
        QualityStatement.EQUITY,
    ),
    "Providing support": (QualityStatement.CARE_PROVISION, QualityStatement.PARTNERSHIPS),
    "Ensuring safety within the system": (
        QualityStatement.SAFE_SYSTEMS,
        QualityStatement.SAFEGUARDING,
    ),
    "Leadership": (QualityStatement.GOVERNANCE, QualityStatement.LEARNING),
}

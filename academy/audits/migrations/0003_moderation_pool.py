"""Each submitted audit records the month whose moderation draw considered it, so that an audit
submitted after its month was drawn waits for the next draw instead of escaping moderation.

Audits dated in a month drawn already count as considered by that month's draw: which of them
came in after it cannot be told now, and sweeping them all into the next draw would swamp it."""

import calendar
import datetime as dt
from typing import Any

from django.db import migrations, models


def mark_drawn_months(apps: Any, schema_editor: Any) -> None:
    CaseAudit = apps.get_model("audits", "CaseAudit")
    Moderation = apps.get_model("audits", "Moderation")
    months = Moderation.objects.values_list("sample_month", flat=True).distinct()
    for month in months:
        last = dt.date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
        CaseAudit.objects.filter(
            status="submitted",
            audit_date__gte=month,
            audit_date__lte=last,
            moderation_pool__isnull=True,
        ).update(moderation_pool=month)


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0002_standard_template"),
        ("people", "0002_name_search_trigram"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseaudit",
            name="moderation_pool",
            field=models.DateField(
                blank=True,
                help_text="The month whose moderation draw considered this audit (submitted "
                "audits not yet considered wait for the next draw, however late they came in).",
                null=True,
            ),
        ),
        migrations.AddIndex(
            model_name="caseaudit",
            index=models.Index(
                condition=models.Q(("moderation_pool__isnull", True), ("status", "submitted")),
                fields=["audit_date"],
                name="audit_awaiting_draw",
            ),
        ),
        migrations.RunPython(mark_drawn_months, migrations.RunPython.noop),
    ]

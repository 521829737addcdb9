"""Load the adult social care case file audit and the starting learning themes."""

from decimal import Decimal
from typing import Any

from django.db import migrations

from academy.audits.standard import TEMPLATE, THEMES


def load(apps: Any, schema_editor: Any) -> None:
    AuditTemplate = apps.get_model("audits", "AuditTemplate")
    AuditSection = apps.get_model("audits", "AuditSection")
    AuditQuestion = apps.get_model("audits", "AuditQuestion")
    AuditTheme = apps.get_model("audits", "AuditTheme")
    for name, description in THEMES:
        AuditTheme.objects.get_or_create(name=name, defaults={"description": description})
    if AuditTemplate.objects.filter(key=TEMPLATE["key"]).exists():
        return
    fields = {k: v for k, v in TEMPLATE.items() if k != "sections"}
    template = AuditTemplate.objects.create(version=1, current=True, **fields)
    for i, spec in enumerate(TEMPLATE["sections"]):
        section = AuditSection.objects.create(template=template, title=spec["title"], position=i)
        for j, question in enumerate(spec["questions"]):
            AuditQuestion.objects.create(
                section=section,
                position=j,
                **{**question, "weight": Decimal(str(question["weight"]))},
            )


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Load the standard pathway templates and the nine PCF domains (academy.pathways.standard)."""

from typing import Any

from django.db import migrations

from academy.pathways.standard import PCF_DOMAINS, TEMPLATES


def load(apps: Any, schema_editor: Any) -> None:
    PcfDomain = apps.get_model("pathways", "PcfDomain")
    PathwayTemplate = apps.get_model("pathways", "PathwayTemplate")
    MilestoneTemplate = apps.get_model("pathways", "MilestoneTemplate")
    for position, (key, name) in enumerate(PCF_DOMAINS):
        PcfDomain.objects.update_or_create(key=key, defaults={"name": name, "position": position})
    for data in TEMPLATES:
        fields = {k: v for k, v in data.items() if k not in ("key", "milestones")}
        template, created = PathwayTemplate.objects.get_or_create(key=data["key"], defaults=fields)
        if not created:
            continue
        MilestoneTemplate.objects.bulk_create(
            MilestoneTemplate(pathway=template, position=position, **milestone)
            for position, milestone in enumerate(data["milestones"])
        )


class Migration(migrations.Migration):
    dependencies = [("pathways", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

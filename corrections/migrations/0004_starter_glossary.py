import json
from pathlib import Path

from django.db import migrations

STARTER = Path(__file__).resolve().parent.parent / "data" / "starter_glossary.json"


def load_starter_glossary(apps, schema_editor):
    GlossaryTerm = apps.get_model("corrections", "GlossaryTerm")
    existing = {
        source.lower()
        for source in GlossaryTerm.objects.filter(status="approved").values_list("source", flat=True)
    }
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(
            source=item["source"],
            approved=item["approved"],
            forbidden=item["forbidden"],
            do_not_translate=item["do_not_translate"],
            note=item["note"][:300],
            status="approved",
        )
        for item in json.loads(STARTER.read_text(encoding="utf-8"))
        if item["source"].lower() not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("corrections", "0003_glossary_and_findings")]

    operations = [migrations.RunPython(load_starter_glossary, migrations.RunPython.noop)]

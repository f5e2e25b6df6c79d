import django.db.models.functions.text
from django.db import migrations, models
from django.db.models.functions import Lower


def clear_duplicate_names(apps, schema_editor):
    """Keep each name for its first holder; later holders fall back to "Member N".

    Display names were not unique before this migration. Clearing the later copies lets the
    constraint be added; those members can choose a new name on their profile page.
    """
    User = apps.get_model("accounts", "User")
    seen = set()
    duplicates = []
    rows = (
        User.objects.exclude(display_name="")
        .annotate(key=Lower("display_name"))
        .order_by("pk")
        .values_list("pk", "key")
    )
    for pk, key in rows:
        if key in seen:
            duplicates.append(pk)
        seen.add(key)
    User.objects.filter(pk__in=duplicates).update(display_name="")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(clear_duplicate_names, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("display_name"),
                condition=models.Q(("display_name", ""), _negated=True),
                name="user_display_name_ci_unique",
            ),
        ),
    ]

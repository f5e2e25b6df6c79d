"""Point the Sites record (allauth mail, the feed) at SITE_URL instead of example.com."""

from django.db import migrations


def forwards(apps, schema_editor):
    from accounts.sites import site_sync

    site_sync(apps.get_model("sites", "Site"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_notification_emailed_at_notification_note_and_more"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

# AuditEvent moves here from digest (digest 0005 gives it up). Its table, digest_auditevent,
# and its rows stay as they are: only the migration state changes, and the content type
# (with the permissions attached to it) is relabelled so that it follows the model.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _content_type_relabel(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=new, model="auditevent").exists():
        types.filter(app_label=old, model="auditevent").update(app_label=new)


def content_type_to_core(apps, schema_editor):
    _content_type_relabel(apps, schema_editor, "digest", "core")


def content_type_to_digest(apps, schema_editor):
    _content_type_relabel(apps, schema_editor, "core", "digest")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The table must exist before this app's state takes the model over.
        ('digest', '0004_stored_diff'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(db_index=True, max_length=40, verbose_name='action')),
                        ('target_id', models.CharField(max_length=64)),
                        ('data', models.JSONField(blank=True, default=dict, verbose_name='details')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='time')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit_events', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                        ('target_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype')),
                    ],
                    options={
                        'verbose_name': 'audit event',
                        'verbose_name_plural': 'audit events',
                        'db_table': 'digest_auditevent',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['target_type', 'target_id'], name='digest_audi_target__994a53_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_core, content_type_to_digest),
    ]

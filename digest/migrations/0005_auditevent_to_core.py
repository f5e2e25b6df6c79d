# AuditEvent now belongs to core (core 0002, which takes the model over first). The table,
# digest_auditevent, and its rows stay: only the migration state changes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('digest', '0004_stored_diff'),
        ('core', '0002_auditevent'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AuditEvent'),
            ],
            database_operations=[],
        ),
    ]

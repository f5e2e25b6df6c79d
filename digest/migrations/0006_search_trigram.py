# Search (digest.search): on PostgreSQL, pg_trgm and GIN trigram indexes on the searched
# texts, which serve the substring tests (ILIKE '%…%') that find a Korean word inside a
# longer one. SQLite has neither; there the operations do nothing. The indexes are not in the
# models' Meta, where SQLite would have to create them too.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TRIGRAM_INDEXES = [
    ("digest_segmenttext_text_trgm", "digest_segmenttext", "text"),
    ("digest_segment_source_trgm", "digest_segment", "source"),
    ("digest_digest_title_trgm", "digest_digest", "title"),
    ("digest_comment_body_trgm", "digest_comment", "body"),
]


class TrigramExtensionOnPostgres(TrigramExtension):
    """TrigramExtension skips other databases going forwards, not going backwards."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
            f"USING gin ({quote(column)} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):

    dependencies = [
        ('digest', '0005_auditevent_to_core'),
    ]

    operations = [
        TrigramExtensionOnPostgres(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]

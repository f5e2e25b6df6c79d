"""A link an editor fixed survives `import_digest --update`, as a corrected sentence does; links
nobody touched still follow the file."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from digest.services.entries import entry_links_update

pytestmark = pytest.mark.django_db

FIXED = "https://arxiv.org/abs/2410.09713"


def run(*args) -> str:
    out = StringIO()
    call_command(*[str(a) for a in args], stdout=out)
    return out.getvalue()


def exported_file(tmp_path, slug: str, change) -> str:
    document = json.loads(run("export_digest", slug))
    change(document["entries"])
    path = tmp_path / "digest.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_editors_link_is_kept_and_the_files_address_reported(tmp_path, sample_digest, editor):
    entry = sample_digest.entries.get(position=1)
    entry_links_update(
        entry=entry, editor=editor, source_url=FIXED, read_more_url=entry.read_more_url
    )
    # The file still has the entry as imported (no paper link) and a new read-more address.
    path = exported_file(
        tmp_path,
        sample_digest.slug,
        lambda entries: entries[0].update(source_url=None, read_more_url="https://x.example/1"),
    )
    output = run("import_digest", path, "--update")
    entry.refresh_from_db()
    assert entry.source_url == FIXED
    assert entry.read_more_url == "https://x.example/1"
    assert "entry 1: the source_url an editor set was kept (the file has none)" in output


def test_links_nobody_fixed_follow_the_file(tmp_path, sample_digest):
    path = exported_file(
        tmp_path,
        sample_digest.slug,
        lambda entries: entries[1].update(source_url="https://y.example/paper"),
    )
    output = run("import_digest", path, "--update")
    assert sample_digest.entries.get(position=2).source_url == "https://y.example/paper"
    assert "an editor set was kept" not in output


def test_a_file_that_brings_the_editors_address_reports_nothing(tmp_path, sample_digest, editor):
    entry = sample_digest.entries.get(position=3)
    entry_links_update(
        entry=entry, editor=editor, source_url=FIXED, read_more_url=entry.read_more_url
    )
    path = exported_file(
        tmp_path, sample_digest.slug, lambda entries: entries[2].update(source_url=FIXED)
    )
    output = run("import_digest", path, "--update")
    entry.refresh_from_db()
    assert entry.source_url == FIXED
    assert "an editor set was kept" not in output
    assert "0 revised, 10 unchanged" in output

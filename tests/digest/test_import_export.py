import json
import unicodedata
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from digest.models import AuditEvent, Digest, Entry, Revision, Segment, SegmentText
from digest.selectors import fields_for_revisions
from digest.text import normalize_text
from digest.weekly_format import parse_weekly_text
from tests.conftest import SAMPLE_PATH

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = StringIO()
    call_command("export_digest", *args, stdout=out)
    return out.getvalue()


def import_(*args) -> str:
    out = StringIO()
    call_command("import_digest", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def wipe_digests():
    """Empty the publishing tables, as a fresh database would be."""
    Entry.objects.update(current_revision=None)
    SegmentText.objects.all().delete()
    Segment.objects.all().delete()
    Revision.objects.all().delete()
    Entry.objects.all().delete()
    Digest.objects.all().delete()


def test_sample_imports_ten_entries_published():
    output = import_(SAMPLE_PATH, "--publish")
    digest = Digest.objects.get()
    assert digest.slug == "2024-10-21-top-ml-papers"
    assert digest.is_published
    assert digest.entries.count() == 10
    assert set(Revision.objects.values_list("number", "kind")) == {(1, "machine")}
    assert "[1/1]" in output and "10 new" in output


def test_joining_segments_gives_back_every_field_of_the_sample(sample_digest):
    parsed = parse_weekly_text(SAMPLE_PATH.read_text(encoding="utf-8"))
    entries = list(sample_digest.entries.order_by("position"))
    stored = fields_for_revisions([e.current_revision_id for e in entries])
    checked = 0
    for entry, parsed_entry in zip(entries, parsed.entries, strict=True):
        fields = stored[entry.current_revision_id]
        assert list(fields) == [f.name for f in parsed_entry.fields]
        for parsed_field in parsed_entry.fields:
            view = fields[parsed_field.name]
            assert view.target_text == normalize_text(parsed_field.target)
            assert view.source_text == normalize_text(parsed_field.source or "")
            checked += 1
    assert checked == 28  # 10 titles, 10 summaries and the 8 abstracts


def test_long_fields_are_split_into_several_aligned_sentences(sample_digest):
    entry = sample_digest.entries.get(position=1)
    abstract = Segment.objects.filter(entry=entry, field="abstract")
    assert abstract.count() >= 7
    assert all(s.source for s in abstract)


def test_export_import_export_is_identical(tmp_path):
    import_(SAMPLE_PATH, "--publish")
    first = export("2024-10-21-top-ml-papers")
    path = tmp_path / "digest.json"
    path.write_text(first, encoding="utf-8")
    wipe_digests()
    assert not Digest.objects.exists()
    import_(path)
    assert export("2024-10-21-top-ml-papers") == first
    document = json.loads(first)
    assert document["format"] == "digest/1"
    assert document["status"] == "published"
    assert len(document["entries"]) == 10
    assert document["entries"][1]["fields"][0]["segments"][0]["source"] is None


def test_export_all_round_trips_several_digests(tmp_path):
    import_(SAMPLE_PATH, "--publish")
    path = tmp_path / "all.json"
    call_command("export_digest", "--all", "-o", str(path), stderr=StringIO())
    before = path.read_text(encoding="utf-8")
    wipe_digests()
    import_(path)
    call_command("export_digest", "--all", "-o", str(path), stderr=StringIO())
    assert path.read_text(encoding="utf-8") == before


def test_export_with_history_lists_every_revision(sample_digest):
    document = json.loads(export("2024-10-21-top-ml-papers", "--history"))
    history = document["entries"][0]["history"]
    assert [r["number"] for r in history] == [1]
    assert history[0]["kind"] == "machine"
    assert history[0]["fields"] == document["entries"][0]["fields"]


def test_malformed_text_names_the_line_and_imports_nothing(tmp_path):
    lines = SAMPLE_PATH.read_text(encoding="utf-8").splitlines()
    lines[9] = "이 줄은 형식에 맞지 않습니다"  # where entry 1's summary heading belongs
    path = tmp_path / "broken.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.txt: line 10: expected a summary heading"):
        import_(path)
    assert not Digest.objects.exists()
    assert not AuditEvent.objects.exists()


def test_one_bad_file_among_many_imports_none(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SAMPLE_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "digest/1", "slug": "Not A Slug"}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.json: \$\.slug: expected lowercase"):
        import_(good, bad)
    assert not Digest.objects.exists()


def test_malformed_json_names_the_json_path(tmp_path, sample_digest):
    document = json.loads(export("2024-10-21-top-ml-papers"))
    document["slug"] = "another-digest"
    document["entries"][2]["fields"][1]["segments"][0]["target"] = 42
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match=r"\$\.entries\[2\]\.fields\[1\]\.segments\[0\]\.target"):
        import_(path)
    assert Digest.objects.count() == 1


def test_reimport_is_refused_without_update(sample_digest):
    with pytest.raises(CommandError, match="already exists; use --update"):
        import_(SAMPLE_PATH)
    assert Revision.objects.count() == 10


def test_update_adds_machine_revision_only_where_text_changed(tmp_path, sample_digest):
    document = json.loads(export("2024-10-21-top-ml-papers"))
    segment = document["entries"][4]["fields"][1]["segments"][0]
    segment["target"] = segment["target"].replace("향상", "개선")
    path = tmp_path / "updated.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    output = import_(path, "--update")
    assert "1 revised, 9 unchanged" in output
    entry = sample_digest.entries.get(position=5)
    assert entry.current_revision.number == 2
    assert entry.current_revision.kind == "machine"
    # History is kept: revision 1 still holds the old wording.
    old_text = SegmentText.objects.get(
        revision__entry=entry, revision__number=1, segment__field="summary", segment__position=0
    ).text
    assert "향상" in old_text
    assert Revision.objects.filter(number=2).count() == 1
    assert "0 revised, 10 unchanged" in import_(path, "--update")


def test_dry_run_saves_nothing():
    output = import_(SAMPLE_PATH, "--dry-run")
    assert "Dry run" in output
    assert not Digest.objects.exists()


def test_nfd_input_is_stored_nfc(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text(
        unicodedata.normalize("NFD", SAMPLE_PATH.read_text(encoding="utf-8")), encoding="utf-8"
    )
    import_(path)
    text = SegmentText.objects.filter(segment__field="title").first().text
    assert unicodedata.is_normalized("NFC", text)


def test_export_of_unknown_slug_is_a_clear_error():
    with pytest.raises(CommandError, match="No digest with slug 'nope'"):
        export("nope")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(title="가" * 301), r"\$\.title: longer than 300"),
        (lambda d: d.update(slug="a" * 121), r"\$\.slug: longer than 120"),
        (lambda d: d["entries"][0].update(position=40000), r"\$\.entries\[0\]\.position"),
        (
            lambda d: d["entries"][1].update(source_url="https://x.com/" + "a" * 600),
            r"\$\.entries\[1\]\.source_url: longer than 500",
        ),
    ],
)
def test_values_too_large_for_the_database_are_clear_errors(tmp_path, change, path):
    import_(SAMPLE_PATH)
    document = json.loads(export("2024-10-21-top-ml-papers"))
    wipe_digests()
    change(document)
    file = tmp_path / "big.json"
    file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match=path):
        import_(file)
    assert not Digest.objects.exists()

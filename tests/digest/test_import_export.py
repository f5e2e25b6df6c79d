import copy
import dataclasses
import json
import unicodedata
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.models import User
from core.models import AuditEvent
from corrections.services.imports import import_settle
from corrections.services.review import suggestion_accept, suggestions_publish
from corrections.services.revisions import revision_revert
from corrections.services.segments import segment_edit
from corrections.services.suggestions import suggestion_create
from digest.interchange import FieldData, SegmentData
from digest.models import (
    Digest,
    Entry,
    Revision,
    RevisionCredit,
    Segment,
    SegmentText,
)
from digest.selectors import fields_for_revisions
from digest.services import digest_import
from digest.text import normalize_text
from digest.weekly_format import parse_weekly_text
from tests.conftest import SAMPLE_PATH
from tests.factories import UserFactory, digest_data

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


# --- history: export → import into an empty database → export ----------------------------


def empty_database():
    """Delete every row a site accumulates (digests, corrections, comments, accounts, the
    audit log), keeping only what migrating an empty database creates (content types,
    permissions and groups, the site record): an import afterwards meets a fresh database.

    Raw deletes in any order: foreign keys are checked at commit, which a test never reaches.
    """
    kept = {"contenttypes", "auth", "sites"}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in kept or meta.proxy or not meta.managed:
            continue
        model._base_manager.all()._raw_delete(model._base_manager.db)


@pytest.fixture
def corrected_digest(editor):
    """A digest whose entries went through what the site does to entries.

    Entry 1: a correction, a correction from two suggestions at once, an editor's own edit
    and a revert. Entry 2: a re-import that re-aligned its summary, then a correction of a
    re-aligned sentence. Entry 3: the machine translation only.
    """
    member = UserFactory(display_name="제안자")
    other = UserFactory(display_name="Second Reader")
    data = digest_data(slug="history-digest", entries=3, sentences=2)
    digest = digest_import(data=data).digest
    first = digest.entries.get(position=1)

    def segment(entry, field, position):
        return entry.segments.get(field=field, position=position, retired_in=None)

    def suggest(author, target, text):
        return suggestion_create(segment=target, author=author, text=text)

    suggestion_accept(
        suggestion=suggest(member, segment(first, "summary", 0), "요약 첫 문장을 고쳤습니다."),
        editor=editor,
        summary="맞춤법",
    )
    suggestions_publish(
        entry=first,
        suggestion_ids=[
            suggest(member, segment(first, "abstract", 0), "초록 첫 문장을 고쳤습니다.").pk,
            suggest(other, segment(first, "abstract", 1), "초록 둘째 문장을 고쳤습니다.").pk,
        ],
        editor=editor,
        summary="Two readers at once",
    )
    segment_edit(segment=segment(first, "title", 0), editor=editor, text="편집자가 쓴 제목")
    revision_revert(entry=first, editor=editor, to_number=2, summary="되돌림")

    second = data.entries[1]
    realigned = FieldData(
        name="summary",
        segments=(SegmentData(source="One new English sentence.", target="새 영어 한 문장."),),
    )
    data = dataclasses.replace(
        data,
        entries=(
            data.entries[0],
            dataclasses.replace(second, fields=(second.fields[0], realigned, second.fields[2])),
            data.entries[2],
        ),
    )
    import_settle(result=digest_import(data=data, update=True))
    entry = digest.entries.get(position=2)
    suggestion_accept(
        suggestion=suggest(other, segment(entry, "summary", 0), "새로 고친 영어 한 문장."),
        editor=editor,
    )
    return digest


def test_history_survives_export_and_import_into_an_empty_database(tmp_path, corrected_digest):
    first = export("history-digest", "--history")
    document = json.loads(first)
    assert [r["kind"] for r in document["entries"][0]["history"]] == [
        "machine",
        "correction",
        "correction",
        "edit",
        "revert",
    ]
    assert document["entries"][0]["revision"] == 5
    assert document["entries"][0]["history"][4]["reverted_to"] == 2
    assert document["entries"][1]["revision"] == 3
    credits_before = sorted(
        RevisionCredit.objects.values_list(
            "revision__entry__position",
            "revision__number",
            "segment__field",
            "segment__position",
            "contributor__display_name",
        )
    )
    path = tmp_path / "history.json"
    path.write_text(first, encoding="utf-8")

    empty_database()
    assert not Digest.objects.exists() and not User.objects.exists()
    import_(path)

    assert export("history-digest", "--history") == first
    entry = Entry.objects.get(position=1)
    assert entry.current_revision == entry.revisions.order_by("number").last()
    assert entry.current_revision.number == 5
    assert entry.current_revision.reverted_to == 2
    retired = Segment.objects.filter(entry__position=2, retired_in__isnull=False)
    assert retired.count() == 2 and {s.retired_in.number for s in retired} == {2}
    credits_after = sorted(
        RevisionCredit.objects.values_list(
            "revision__entry__position",
            "revision__number",
            "segment__field",
            "segment__position",
            "contributor__display_name",
        )
    )
    assert credits_after == credits_before
    # The people the history names exist again, as placeholders that cannot sign in.
    people = User.objects.order_by("display_name")
    assert [u.display_name for u in people] == ["Second Reader", "제안자", "편집자"]
    assert not any(u.is_active or u.has_usable_password() for u in people)
    assert {u.newsletter for u in people} == {"off"}
    event = AuditEvent.objects.get(action="digest.import")
    assert sorted(event.data["placeholder_accounts"]) == ["Second Reader", "제안자", "편집자"]


def test_history_credits_the_accounts_a_database_already_has(tmp_path, corrected_digest):
    first = export("history-digest", "--history")
    path = tmp_path / "history.json"
    path.write_text(first.replace('"history-digest"', '"history-copy"'), encoding="utf-8")
    users = User.objects.count()
    import_(path)
    assert User.objects.count() == users
    copy = export("history-copy", "--history")
    assert copy == first.replace('"history-digest"', '"history-copy"')


def test_update_of_an_existing_digest_ignores_its_history(tmp_path, corrected_digest):
    document = json.loads(export("history-digest", "--history"))
    path = tmp_path / "history.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    revisions = Revision.objects.count()
    assert "0 revised, 3 unchanged" in import_(path, "--update")
    assert Revision.objects.count() == revisions


def test_a_document_without_history_still_starts_at_revision_one(tmp_path, corrected_digest):
    document = json.loads(export("history-digest"))
    document["slug"] = "history-current-only"
    path = tmp_path / "current.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    import_(path)
    copy = Digest.objects.get(slug="history-current-only")
    assert set(Revision.objects.filter(entry__digest=copy).values_list("number", flat=True)) == {1}


# --- refused documents: a clear error, and the database as it was ------------------------


def rows() -> dict[str, int]:
    models = (Digest, Entry, Revision, Segment, SegmentText, RevisionCredit, User, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


def sample_lines() -> list[str]:
    return SAMPLE_PATH.read_text(encoding="utf-8").split("\n")


def weekly(lines: list[str]) -> str:
    return "\n".join(lines)


def with_line(number: int, text: str) -> str:
    lines = sample_lines()
    lines[number - 1] = text
    return weekly(lines)


LONG_ENGLISH = "Papers " * 20  # a slug of more than 120 characters, a title under 300


@pytest.mark.parametrize(
    ("text", "error"),
    [
        pytest.param(
            with_line(13, sample_lines()[12][:10] + "\x00" + sample_lines()[12][10:]),
            r"post\.txt: line 13: found a NUL character \(U\+0000\) in column 11",
            id="nul",
        ),
        pytest.param(
            with_line(1, "[2024/10/21 ~ 10/27] " + "가" * 300),
            r"post\.txt: line 1 \(title\): longer than 300 characters",
            id="title-too-long",
        ),
        pytest.param(
            with_line(2, "PyTorchKR " * 13),
            r"post\.txt: line 2 \(publisher\): longer than 120 characters",
            id="publisher-too-long",
        ),
        pytest.param(
            with_line(1, f"[2024/10/21 ~ 10/27] 이번 주의 논문 ({LONG_ENGLISH})"),
            r"post\.txt: line 1 \(title\), the slug made from it: longer than 120 characters",
            id="slug-too-long",
        ),
        pytest.param(
            with_line(18, "https://x.com/" + "a" * 500),
            r"post\.txt: line 18 \(read more\): longer than 500 characters",
            id="url-too-long",
        ),
    ],
)
def test_weekly_posts_that_do_not_fit_the_database_are_clear_errors(
    tmp_path, sample_digest, text, error
):
    path = tmp_path / "post.txt"
    path.write_text(text.replace("2024/10/21 ~", "2024/11/04 ~"), encoding="utf-8")
    before = rows()
    with pytest.raises(CommandError, match=error):
        import_(path)
    assert rows() == before


def exported_document() -> dict:
    document = json.loads(export("2024-10-21-top-ml-papers", "--history"))
    document["slug"] = "another-digest"
    return document


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize(
    ("make", "error"),
    [
        pytest.param(
            lambda text: text.replace('"PyTorchKR"', '"PyTorch\x00KR"'),
            r"line 5, column 24: a NUL character \(U\+0000\)",
            id="nul-byte",
        ),
        pytest.param(
            lambda text: text.replace('"PyTorchKR"', '"PyTorch\\u0000KR"'),
            r"\$\.publisher: contains a NUL character",
            id="nul-escape",
        ),
        pytest.param(
            lambda text: text.replace('"intro": [', '"intro": [' + deep(100_000) + ","),
            r"invalid JSON \(lists and objects nest too deeply\)",
            id="deep",
        ),
        pytest.param(
            lambda text: text.replace('"position": 2', '"position": 1e999'),
            r"\$\.entries\[1\]\.position: expected a finite number",
            id="1e999",
        ),
        pytest.param(
            lambda text: text.replace('"position": 2', '"position": NaN'),
            r"\$\.entries\[1\]\.position: expected a finite number",
            id="nan",
        ),
        pytest.param(
            lambda text: text.replace('"position": 2', '"position": ' + "9" * 5000),
            r"invalid JSON \(Exceeds the limit",
            id="too-many-digits",
        ),
        pytest.param(
            lambda text: text.replace('"position": 2', '"position": ' + "9" * 30),
            r"\$\.entries\[1\]\.position: expected a unique position from 1 to 32767",
            id="huge-position",
        ),
        pytest.param(
            lambda text: text.replace('"PyTorchKR"', '"PyTorch\\ud800KR"'),
            r"\$\.publisher: contains a lone surrogate",
            id="lone-surrogate",
        ),
        pytest.param(
            lambda text: text.replace('"PyTorchKR"', '"' + "P" * 121 + '"'),
            r"\$\.publisher: longer than 120 characters",
            id="publisher-too-long",
        ),
    ],
)
def test_json_documents_that_do_not_fit_the_database_are_clear_errors(
    tmp_path, sample_digest, make, error
):
    text = make(json.dumps(exported_document(), ensure_ascii=False, indent=2))
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    before = rows()
    with pytest.raises(CommandError, match=r"broken\.json: .*" + error):
        import_(path)
    assert rows() == before


def first_history(document: dict) -> list[dict]:
    return document["entries"][0]["history"]


def _revision_like(document: dict, **changes) -> dict:
    """A second revision of entry 1 copied from its first, changed by `changes`."""
    revision = {**copy.deepcopy(first_history(document)[0]), "number": 2, "kind": "correction"}
    revision.update(changes)
    first_history(document).append(revision)
    document["entries"][0]["revision"] = 2
    return revision


@pytest.mark.parametrize(
    ("change", "error"),
    [
        pytest.param(
            lambda d: first_history(d)[0].update(number=2),
            r"\$\.entries\[0\]\.history\[0\]\.number: expected revision 1",
            id="numbering",
        ),
        pytest.param(
            lambda d: first_history(d)[0].update(kind="correction"),
            r"history\[0\]\.kind: \"machine\": the first revision",
            id="first-not-machine",
        ),
        pytest.param(
            lambda d: _revision_like(d, kind="revert"),
            r"history\[1\]\.reverted_to: expected the number of the restored revision",
            id="revert-without-target",
        ),
        pytest.param(
            lambda d: _revision_like(d, kind="revert", reverted_to=2),
            r"history\[1\]\.reverted_to: expected an earlier revision, from 1 to 1",
            id="revert-to-itself",
        ),
        pytest.param(
            lambda d: first_history(d)[0].update(created_at="2024-10-21T10:00:00"),
            r"history\[0\]\.created_at: .* with its UTC offset",
            id="naive-time",
        ),
        pytest.param(
            lambda d: _revision_like(d, editor="편" * 61),
            r"history\[1\]\.editor: longer than 60 characters",
            id="editor-name-too-long",
        ),
        pytest.param(
            lambda d: _revision_like(d, summary="요" * 501),
            r"history\[1\]\.summary: longer than 500 characters",
            id="summary-too-long",
        ),
        pytest.param(
            lambda d: _revision_like(d, contributors=["독자"], credits=None),
            r"history\[1\]\.contributors: contributors need a changed sentence",
            id="credit-without-change",
        ),
        pytest.param(
            lambda d: first_history(d)[0].update(contributors=["독자"]),
            r"history\[0\]\.contributors: a machine revision credits nobody",
            id="machine-with-credit",
        ),
        pytest.param(
            lambda d: _revision_like(
                d, credits=[{"field": "summary", "position": 99, "contributor": "독자"}]
            ),
            r"history\[1\]\.credits\[0\]\.position: expected a sentence of the summary",
            id="credit-of-no-sentence",
        ),
        pytest.param(
            lambda d: _revision_like(d)["fields"][2]["segments"].pop(),
            r"history\[1\]\.fields: only a machine revision can change the English",
            id="correction-realigns",
        ),
        pytest.param(
            lambda d: d["entries"][0].update(revision=7),
            r"\$\.entries\[0\]\.revision: expected 1, the number of the last revision",
            id="revision-number",
        ),
        pytest.param(
            lambda d: first_history(d)[0]["fields"][1]["segments"][0].update(target="다른 문장"),
            r"\$\.entries\[0\]\.fields: differ from the last revision in history",
            id="current-text-is-not-the-last-revision",
        ),
    ],
)
def test_histories_that_cannot_be_recreated_are_clear_errors(
    tmp_path, sample_digest, change, error
):
    document = exported_document()
    change(document)
    path = tmp_path / "history.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = rows()
    with pytest.raises(CommandError, match=error):
        import_(path)
    assert rows() == before

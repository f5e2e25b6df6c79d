"""What people did to a digest survives a re-import, and a change anywhere re-checks the
whole digest."""

import dataclasses
import json
from io import StringIO

import pytest
from django.core.management import call_command

from corrections.models import MachineFinding
from corrections.quality import findings_refresh
from corrections.services.segments import current_text, segment_edit
from corrections.services.verification import segments_verify
from digest.interchange import SegmentData
from digest.services import digest_import
from digest.services.digests import digest_details_update
from tests.factories import digest_data

pytestmark = pytest.mark.django_db


def _reimport(tmp_path, digest, change) -> str:
    out = StringIO()
    call_command("export_digest", digest.slug, stdout=out)
    document = json.loads(out.getvalue())
    change(document)
    path = tmp_path / "update.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("import_digest", str(path), "--update", stdout=out)
    return out.getvalue()


def test_a_confirmed_machine_sentence_is_kept_when_the_machine_text_changes(
    tmp_path, sample_digest, segment, editor
):
    confirmed = current_text(segment)
    segments_verify(segments=[segment], editor=editor, note="숫자는 원문과 같습니다.")

    def retranslate(document):
        document["entries"][6]["fields"][1]["segments"][0]["target"] = "다시 번역한 문장입니다."

    output = _reimport(tmp_path, sample_digest, retranslate)
    assert "1 corrected sentence(s) kept" in output
    assert current_text(segment) == confirmed
    assert segment.verifications.count() == 1


def test_a_title_an_editor_fixed_is_kept_and_the_files_title_reported(
    tmp_path, sample_digest, editor
):
    file_title = sample_digest.title
    digest_details_update(
        digest=sample_digest,
        editor=editor,
        title="[2024/10/21] 이번 주 ML 논문",
        publisher=sample_digest.publisher,
        original_url=sample_digest.original_url,
    )

    def the_original_file_with_a_new_publisher(document):
        document["title"] = file_title
        document["publisher"] = "다른 게시자"

    output = _reimport(tmp_path, sample_digest, the_original_file_with_a_new_publisher)
    sample_digest.refresh_from_db()
    assert sample_digest.title == "[2024/10/21] 이번 주 ML 논문"
    assert f"the digest's title an editor set was kept (the file has {file_title})" in output
    # What no editor touched still follows the file.
    assert sample_digest.publisher == "다른 게시자"


def _two_entry_digest():
    """Entry 1 says 파인튜닝 where entry 2 says 미세조정 for the same "fine-tuning"."""
    data = digest_data(entries=2, sentences=1)
    first, second = data.entries
    summary = dataclasses.replace(
        first.fields[1],
        segments=(SegmentData(source="We study fine-tuning.", target="파인튜닝을 연구합니다."),),
    )
    title = dataclasses.replace(
        second.fields[0],
        segments=(
            SegmentData(source="Efficient fine-tuning of LLMs", target="LLM의 효율적인 미세조정"),
        ),
    )
    first = dataclasses.replace(first, fields=(first.fields[0], summary, first.fields[2]))
    second = dataclasses.replace(second, fields=(title, *second.fields[1:]))
    return digest_import(data=dataclasses.replace(data, entries=(first, second)), publish=True)


def test_evening_out_a_term_in_one_entry_settles_the_finding_in_the_other(editor):
    digest = _two_entry_digest().digest
    findings_refresh(digest=digest)
    first_summary = digest.entries.get(position=1).segments.get(field="summary")
    second_title = digest.entries.get(position=2).segments.get(field="title")
    assert MachineFinding.objects.filter(segment=first_summary, check_code="consistency").exists()

    segment_edit(segment=second_title, editor=editor, text="LLM의 효율적인 파인튜닝")

    assert not MachineFinding.objects.filter(check_code="consistency").exists()

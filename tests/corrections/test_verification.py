"""Editors vouch for sentences; readers and the API see where each sentence's text comes from,
and a later change takes the confirmation away."""

import pytest

from core.errors import Conflict, InvalidInput, NotAllowed
from core.models import AuditEvent
from corrections.models import Flag
from corrections.quality import findings_refresh
from corrections.services.flags import flag_create
from corrections.services.review import suggestion_accept
from corrections.services.segments import current_text, segment_edit
from corrections.services.verification import entry_segments, segments_verify
from digest.models import SegmentVerification

pytestmark = pytest.mark.django_db


def provenance_in_api(client, segment) -> str:
    digest = segment.entry.digest
    body = client.get(f"/api/v1/digests/{digest.slug}/").json()
    for entry in body["entries"]:
        for field in entry["fields"]:
            for item in field["segments"]:
                if item["id"] == segment.pk:
                    return item["provenance"]
    raise AssertionError("segment not in the API")


def test_machine_then_edited_then_verified_then_edited_again(
    client, entry, editor, member, suggest
):
    segment = entry.segments.get(field="abstract", position=1)
    assert provenance_in_api(client, segment) == "machine"

    suggestion = suggest(member, target=segment, text=current_text(segment) + " (교정)")
    suggestion_accept(suggestion=suggestion, editor=editor)
    assert provenance_in_api(client, segment) == "edited"

    result = segments_verify(segments=[segment], editor=editor)
    assert result.verified == [segment.pk]
    assert provenance_in_api(client, segment) == "verified"
    event = AuditEvent.objects.get(action="segments.verify")
    assert event.actor == editor and event.data == {"segments": [segment.pk]}

    segment_edit(segment=segment, editor=editor, text=current_text(segment) + " 다시")
    assert provenance_in_api(client, segment) == "edited"
    # The confirmation stays as history, of the text it confirmed.
    assert SegmentVerification.objects.filter(segment=segment).count() == 1


def test_a_revert_to_the_machine_text_reads_as_machine_again(client, entry, editor):
    from corrections.services.revisions import revision_revert

    segment = entry.segments.get(field="abstract", position=1)
    machine_number = entry.current_revision.number
    segment_edit(segment=segment, editor=editor, text=current_text(segment) + " 다시")
    assert provenance_in_api(client, segment) == "edited"
    revision_revert(entry=entry, editor=editor, to_number=machine_number)
    assert provenance_in_api(client, segment) == "machine"


def test_the_digest_page_counts_the_sentences_people_changed_or_checked(client, entry, editor):
    digest = entry.digest
    total = sum(e.segments.filter(retired_in__isnull=True).count() for e in digest.entries.all())
    page = client.get(f"/d/{digest.slug}/").content.decode()
    assert f"사람이 고치거나 확인한 문장은 0/{total}입니다" in page
    first, second = entry_segments(entry=entry, field_name="abstract")[:2]
    segment_edit(segment=first, editor=editor, text=current_text(first) + " 다시")
    segments_verify(segments=[second], editor=editor)
    page = client.get(f"/d/{digest.slug}/").content.decode()
    assert f"사람이 고치거나 확인한 문장은 2/{total}입니다" in page


def test_other_sentences_keep_their_own_provenance(client, entry, editor):
    first, second = entry_segments(entry=entry, field_name="abstract")[:2]
    segments_verify(segments=[first], editor=editor)
    segment_edit(segment=second, editor=editor, text=current_text(second) + " 다시")
    assert provenance_in_api(client, first) == "verified"
    assert provenance_in_api(client, second) == "edited"


def test_verifying_again_is_harmless(entry, editor):
    segments = entry_segments(entry=entry, field_name="abstract")
    segments_verify(segments=segments[:2], editor=editor)
    result = segments_verify(segments=segments, editor=editor)
    assert result.already == sorted(s.pk for s in segments[:2])
    assert sorted(result.verified) == sorted(s.pk for s in segments[2:])
    assert SegmentVerification.objects.count() == len(segments)


def test_an_open_flag_blocks_until_dismissed_with_a_note(entry, editor, member):
    segment = entry.segments.get(field="abstract", position=2)
    flag = flag_create(segment=segment, author=member, reason="awkward")
    with pytest.raises(Conflict, match="open flag"):
        segments_verify(segments=[segment], editor=editor)
    assert not SegmentVerification.objects.exists()
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.OPEN

    result = segments_verify(segments=[segment], editor=editor, note="읽어 보니 자연스럽습니다.")
    assert result.dismissed_flags == [flag.pk]
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.DISMISSED
    event = AuditEvent.objects.get(action="segments.verify")
    assert event.data["note"] == "읽어 보니 자연스럽습니다."
    assert event.data["dismissed_flags"] == [flag.pk]


def test_a_confirmed_sentence_flagged_since_is_confirmed_again_with_a_note(entry, editor, member):
    segment = entry.segments.get(field="abstract", position=2)
    segments_verify(segments=[segment], editor=editor)
    flag = flag_create(segment=segment, author=member, reason="awkward")
    with pytest.raises(Conflict, match="open flag"):
        segments_verify(segments=[segment], editor=editor)

    result = segments_verify(segments=[segment], editor=editor, note="다시 읽어도 맞습니다.")
    assert result.verified == [segment.pk] and result.already == []
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.DISMISSED
    # The first confirmation stays the record; the second is in the audit log with its note.
    assert SegmentVerification.objects.filter(segment=segment).count() == 1
    (again,) = AuditEvent.objects.filter(
        action="segments.verify", data__note="다시 읽어도 맞습니다."
    )
    assert again.data["dismissed_flags"] == [flag.pk]


def test_an_error_from_the_checks_blocks_until_overridden_with_a_note(entry, segment, editor):
    findings_refresh(digest=entry.digest)  # entry 7's summary says 8억 for 8B: an error
    with pytest.raises(Conflict, match="automatic checks"):
        segments_verify(segments=[segment], editor=editor)
    result = segments_verify(segments=[segment], editor=editor, note="원문 확인함")
    assert result.verified == [segment.pk] and result.overridden_findings
    assert AuditEvent.objects.get(action="segments.verify").data["overridden_findings"]


def test_a_whole_entry_in_one_action(client, sample_digest, editor):
    entry = sample_digest.entries.get(position=3)  # title, summary and abstract
    segments = entry_segments(entry=entry)
    result = segments_verify(segments=segments, editor=editor)
    assert len(result.verified) == len(segments) > 3
    assert {provenance_in_api(client, s) for s in segments} == {"verified"}


def test_members_cannot_verify(segment, member):
    with pytest.raises(NotAllowed):
        segments_verify(segments=[segment], editor=member)
    assert not SegmentVerification.objects.exists()


def test_sentences_of_two_entries_are_refused(sample_digest, editor):
    one = sample_digest.entries.get(position=1).segments.first()
    two = sample_digest.entries.get(position=2).segments.first()
    with pytest.raises(InvalidInput):
        segments_verify(segments=[one, two], editor=editor)
    with pytest.raises(InvalidInput):
        segments_verify(segments=[], editor=editor)
    assert not SegmentVerification.objects.exists()


def test_a_confirmed_text_leaves_the_attention_list_until_it_changes(entry, segment, editor):
    from corrections.models import MachineFinding
    from corrections.selectors import needs_attention

    findings_refresh(digest=entry.digest)
    assert MachineFinding.objects.filter(segment=segment).exists()
    assert segment.pk in needs_attention().values_list("pk", flat=True)
    segments_verify(segments=[segment], editor=editor, note="8B 표기는 원문 그대로")
    findings_refresh(digest=entry.digest)  # e.g. after a glossary change
    assert not MachineFinding.objects.filter(segment=segment).exists()
    assert segment.pk not in needs_attention().values_list("pk", flat=True)

    segment_edit(segment=segment, editor=editor, text=current_text(segment) + " 다시")
    findings_refresh(digest=entry.digest)
    assert MachineFinding.objects.filter(segment=segment).exists()

"""The verification door in the correction panel: editors confirm a sentence, a field or the
entry; everyone reads where a sentence's text comes from, in their language."""

import pytest
from django.urls import reverse

from corrections.quality import findings_refresh
from corrections.services.segments import current_text, segment_edit
from digest.models import SegmentVerification

pytestmark = pytest.mark.django_db


def verify(client, entry, **data):
    return client.post(reverse("corrections:verify", args=[entry.pk]), data, follow=True)


def panel(client, segment) -> str:
    return client.get(reverse("corrections:segment", args=[segment.pk])).content.decode()


def test_an_editor_confirms_a_sentence_from_the_panel(client_editor, entry):
    segment = entry.segments.get(field="abstract", position=1)
    html = panel(client_editor, segment)
    assert "이 문장 확인" in html and "기계 번역" in html
    response = verify(client_editor, entry, segment=segment.pk)
    assert "문장 1개를 확인했습니다" in response.content.decode()
    assert SegmentVerification.objects.filter(segment=segment).count() == 1
    assert "편집자 편집자 님이" in panel(client_editor, segment)


def test_a_field_and_the_entry_in_one_click(client_editor, entry):
    abstract = entry.segments.filter(field="abstract", retired_in__isnull=True)
    verify(client_editor, entry, field="abstract")
    assert SegmentVerification.objects.count() == abstract.count()
    findings_refresh(digest=entry.digest)  # the summary holds a numbers error: a note is needed
    response = verify(client_editor, entry)
    assert "메모를 남기면" in response.content.decode()
    assert SegmentVerification.objects.count() == abstract.count()
    verify(client_editor, entry, note="8B는 원문 그대로 확인")
    assert (
        SegmentVerification.objects.count()
        == entry.segments.filter(retired_in__isnull=True).count()
    )


def test_a_sentence_and_a_field_together_are_refused(client_editor, entry):
    segment = entry.segments.get(field="abstract", position=1)
    response = verify(client_editor, entry, segment=segment.pk, field="summary")
    assert "문장과 필드 중 하나만" in response.content.decode()
    assert not SegmentVerification.objects.exists()


def test_members_cannot_confirm(client_member, entry):
    segment = entry.segments.get(field="abstract", position=1)
    client_member.post(reverse("corrections:verify", args=[entry.pk]), {"segment": segment.pk})
    assert not SegmentVerification.objects.exists()


def test_readers_see_who_changed_a_sentence_in_their_language(client, entry, editor):
    segment = entry.segments.get(field="abstract", position=1)
    segment_edit(segment=segment, editor=editor, text=current_text(segment) + " 다시")
    assert "2번 수정판에서 사람이 고쳤습니다" in panel(client, segment)
    client.cookies["django_language"] = "en"
    assert "Changed by people in revision 2" in panel(client, segment)


def test_the_attention_list_confirms_a_sentence_and_drops_it(client_editor, entry, segment):
    findings_refresh(digest=entry.digest)
    attention = reverse("corrections:needs_attention")
    html = client_editor.get(attention).content.decode()
    assert f'name="segment" value="{segment.pk}"' in html
    response = verify(client_editor, entry, segment=segment.pk, note="원문 확인", next=attention)
    assert response.redirect_chain[-1][0] == attention
    assert f'name="segment" value="{segment.pk}"' not in response.content.decode()

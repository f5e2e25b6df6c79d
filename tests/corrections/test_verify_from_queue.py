"""Editors confirm a sentence's current text from the review queue and from a suggestion's
review page, without leaving the page; the suggestion stays open for its own decision."""

import re

import pytest
from django.urls import reverse

from corrections.models import Flag, Suggestion
from corrections.quality import findings_refresh
from corrections.services.flags import flag_create
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from digest.models import SegmentVerification
from tests.corrections.test_review_views import QUEUE_QUERIES
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

QUEUE = reverse("corrections:review_queue")


def verify_form(html: str, segment) -> str | None:
    """The "confirm the current text" form of a sentence on a page, or None."""
    for form in re.findall(r'<form class="verify-current.*?</form>', html, re.S):
        if f'name="segment" value="{segment.pk}"' in form:
            return form
    return None


def confirm(client, segment, next_url, **data):
    url = reverse("corrections:verify", args=[segment.entry_id])
    return client.post(url, {"segment": segment.pk, "next": next_url, **data}, follow=True)


@pytest.fixture
def quiet_segment(entry):
    """A sentence of the sample entry with nothing against its current text."""
    return entry.segments.get(field="abstract", position=1)


def test_an_editor_confirms_the_current_text_from_a_queue_row(client_editor, member, quiet_segment):
    suggestion = suggestion_create(
        segment=quiet_segment, author=member, text=current_text(quiet_segment) + " (제안)"
    )
    form = verify_form(client_editor.get(QUEUE).content.decode(), quiet_segment)
    assert form is not None and "현재 문장 확인" in form
    assert 'name="note"' not in form  # nothing to dismiss, so no note is asked for

    response = confirm(client_editor, quiet_segment, QUEUE)
    assert response.redirect_chain[-1][0] == QUEUE
    html = response.content.decode()
    assert "문장 1개를 확인했습니다" in html
    assert SegmentVerification.objects.filter(segment=quiet_segment).count() == 1
    # The suggestion is still in the queue, now beside a confirmed current text.
    assert f'id="suggestion-{suggestion.pk}"' in html
    assert verify_form(html, quiet_segment) is None
    assert "편집자가 현재 문장을 확인했습니다." in html
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.PENDING


def test_a_confirmed_sentence_flagged_since_can_be_confirmed_again_from_the_queue(
    client_editor, editor, member, quiet_segment
):
    from corrections.services.verification import segments_verify

    segments_verify(segments=[quiet_segment], editor=editor)
    suggestion_create(
        segment=quiet_segment, author=member, text=current_text(quiet_segment) + " (제안)"
    )
    flag_create(segment=quiet_segment, author=UserFactory(), reason="awkward")
    form = verify_form(client_editor.get(QUEUE).content.decode(), quiet_segment)
    assert form is not None and 'name="note"' in form


def test_an_open_flag_asks_for_a_note_and_is_dismissed_with_it(
    client_editor, member, other_member, quiet_segment
):
    flag = flag_create(segment=quiet_segment, author=other_member, reason="awkward")
    suggestion_create(
        segment=quiet_segment, author=member, text=current_text(quiet_segment) + " (제안)"
    )
    form = verify_form(client_editor.get(QUEUE).content.decode(), quiet_segment)
    assert re.search(r'<textarea[^>]*name="note"[^>]*required', form)
    assert "열린 신고나 자동 검사 오류" in form

    refused = confirm(client_editor, quiet_segment, QUEUE)
    assert "메모를 남기면" in refused.content.decode()
    assert not SegmentVerification.objects.exists()

    confirm(client_editor, quiet_segment, QUEUE, note="읽어 보니 자연스럽습니다.")
    assert SegmentVerification.objects.filter(segment=quiet_segment).exists()
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.DISMISSED


def test_an_error_of_the_automatic_checks_asks_for_a_note(
    client_editor, member, entry, segment, suggest
):
    findings_refresh(digest=entry.digest)  # the summary says 8억 for 8B: a numbers error
    suggest(member)
    form = verify_form(client_editor.get(QUEUE).content.decode(), segment)
    assert form is not None and 'name="note"' in form


def test_the_review_page_confirms_the_current_text_beside_it(client_editor, member, quiet_segment):
    suggestion = suggestion_create(
        segment=quiet_segment, author=member, text=current_text(quiet_segment) + " (제안)"
    )
    page = reverse("corrections:review_suggestion", args=[suggestion.pk])
    html = client_editor.get(page).content.decode()
    current_row = re.search(r"<th scope=\"row\">현재</th><td>.*?</td></tr>", html, re.S)[0]
    assert current_text(quiet_segment) in current_row
    assert verify_form(current_row, quiet_segment) is not None

    response = confirm(client_editor, quiet_segment, page)
    assert response.redirect_chain[-1][0] == page
    assert "편집자가 현재 문장을 확인했습니다." in response.content.decode()
    assert SegmentVerification.objects.filter(segment=quiet_segment).count() == 1


def test_members_get_no_confirmation(client_member, quiet_segment):
    response = confirm(client_member, quiet_segment, QUEUE)
    assert response.status_code == 403
    assert not SegmentVerification.objects.exists()


@pytest.mark.parametrize("size", [1, 5])
def test_the_queue_reads_every_rows_confirmation_in_its_own_query(
    client, editor, count_queries, size
):
    digest = make_digest(slug=f"verified-{size}", entries=size, sentences=2)
    author, flagger = UserFactory(), UserFactory()
    client.force_login(editor)
    for entry in digest.entries.all():
        first, second = list(entry.segments.filter(field="summary"))[:2]
        for segment in (first, second):
            suggestion_create(segment=segment, author=author, text=current_text(segment) + " 고침")
        flag_create(segment=second, author=flagger, reason="awkward")
        confirm(client, first, QUEUE)
    html = client.get(QUEUE).content.decode()
    assert html.count("편집자가 현재 문장을 확인했습니다.") == size
    assert len(re.findall(r'<textarea[^>]*name="note"[^>]*required', html)) == size
    assert count_queries(lambda: client.get(QUEUE)) == QUEUE_QUERIES

import contextlib

import pytest
from django.urls import reverse

from core.models import AuditEvent
from corrections.models import Suggestion
from corrections.services.flags import flag_create
from corrections.services.segments import current_text
from corrections.services.votes import vote_cast
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

QUEUE = reverse("corrections:review_queue")


def test_queue_is_for_editors_only(client, member, editor):
    assert client.get(QUEUE).status_code == 302
    client.force_login(member)
    assert client.get(QUEUE).status_code == 403
    client.force_login(editor)
    assert client.get(QUEUE).status_code == 200


def test_queue_shows_source_diff_votes_and_flags(
    client_editor, member, other_member, suggest, segment
):
    flag_create(segment=segment, author=other_member, reason="number", note="8B = 80억")
    suggestion = suggest(member, text=current_text(segment).replace("8억", "80억"))
    vote_cast(suggestion=suggestion, voter=other_member, value=1)
    html = client_editor.get(QUEUE).content.decode()
    assert "Presents lightweight foundation models" in html
    assert "<ins>0</ins>" in html
    assert "8B = 80억" in html
    assert f"suggestion-{suggestion.pk}" in html


def test_header_shows_editors_the_pending_count(client_editor, member, suggest):
    suggest(member)
    suggest(UserFactory(), text="또 다른 제안입니다.")
    html = client_editor.get("/").content.decode()
    assert '<span class="count"' in html and ">2</span>" in html


def test_accept_from_the_queue_publishes_and_redirects(client_editor, member, suggest, segment):
    suggestion = suggest(member)
    response = client_editor.post(
        reverse("corrections:suggestion_accept", args=[suggestion.pk]), {"next": QUEUE}
    )
    assert response.status_code == 302 and response.url == QUEUE
    assert current_text(segment) == suggestion.text
    follow = client_editor.get(QUEUE).content.decode()
    assert "revision 2" in follow or "수정판 2" in follow or "2" in follow


def test_accept_outdated_sends_the_editor_to_compare(
    client_editor, member, other_member, suggest, segment
):
    base = current_text(segment)
    first = suggest(member, text=base.replace("8억", "80억"))
    second = suggest(other_member, text=base.replace("경량", "가벼운"))
    client_editor.post(reverse("corrections:suggestion_accept", args=[first.pk]))
    response = client_editor.post(reverse("corrections:suggestion_accept", args=[second.pk]))
    assert response.url == reverse("corrections:review_suggestion", args=[second.pk])
    page = client_editor.get(response.url).content.decode()
    second.refresh_from_db()
    assert second.status == "outdated"
    assert second.rebased_text in page
    client_editor.post(
        reverse("corrections:suggestion_accept", args=[second.pk]), {"text": second.rebased_text}
    )
    assert "80억" in current_text(segment) and "가벼운" in current_text(segment)


def test_reject_needs_a_valid_reason(client_editor, member, suggest):
    suggestion = suggest(member)
    url = reverse("corrections:suggestion_reject", args=[suggestion.pk])
    client_editor.post(url, {"reason": "nonsense"})
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    client_editor.post(url, {"reason": "style", "note": "문체 가이드"})
    suggestion.refresh_from_db()
    assert suggestion.status == "rejected" and suggestion.reject_note == "문체 가이드"


def test_skip_hides_for_this_session_only(client_editor, member, suggest):
    suggestion = suggest(member)
    client_editor.post(reverse("corrections:suggestion_skip", args=[suggestion.pk]))
    assert f"suggestion-{suggestion.pk}" not in client_editor.get(QUEUE).content.decode()
    client_editor.post(reverse("corrections:suggestion_skip", args=[0]), {"reset": "1"})
    assert f"suggestion-{suggestion.pk}" in client_editor.get(QUEUE).content.decode()


def test_batch_publish_from_the_queue(client_editor, entry, member, other_member, suggest):
    first, second = entry.segments.filter(field="abstract").order_by("position")[:2]
    a = suggest(member, target=first, text="첫 문장 교정입니다.")
    b = suggest(other_member, target=second, text="둘째 문장 교정입니다.")
    client_editor.post(
        reverse("corrections:batch_publish", args=[entry.pk]),
        {"suggestions": [a.pk, b.pk], "summary": "초록 두 문장"},
    )
    entry.refresh_from_db()
    assert entry.current_revision.number == 2
    assert entry.current_revision.summary == "초록 두 문장"
    assert set(Suggestion.objects.values_list("status", flat=True)) == {"accepted"}


def test_filters_and_sorting(client_editor, member, other_member, suggest, entry, segment):
    older = suggest(member)
    flagged_segment = entry.segments.get(field="title")
    flag_create(segment=flagged_segment, author=other_member, reason="terminology")
    newer = suggest(other_member, target=flagged_segment, text="그래나이트 3.0 기술 보고서")
    html = client_editor.get(QUEUE + "?sort=flags").content.decode()
    assert html.index(f"suggestion-{newer.pk}") < html.index(f"suggestion-{older.pk}")
    html = client_editor.get(QUEUE + "?reason=terminology").content.decode()
    assert f"suggestion-{newer.pk}" in html and f"suggestion-{older.pk}" not in html
    html = client_editor.get(QUEUE + f"?author={member.pk}").content.decode()
    assert f"suggestion-{older.pk}" in html and f"suggestion-{newer.pk}" not in html
    assert client_editor.get(QUEUE + "?entry=abc&sort=zzz").status_code == 200


def test_direct_edit_and_revert_pages(client_editor, entry, segment):
    url = reverse("corrections:segment_edit", args=[segment.pk])
    assert client_editor.get(url).status_code == 200
    client_editor.post(url, {"text": "편집자가 고친 문장입니다.", "summary": "직접 수정"})
    assert current_text(segment) == "편집자가 고친 문장입니다."
    client_editor.post(reverse("corrections:revision_revert", args=[entry.pk]), {"to": "1"})
    entry.refresh_from_db()
    assert entry.current_revision.kind == "revert"
    history = client_editor.get(reverse("digest:history", args=[entry.digest.slug, entry.position]))
    assert "Revert to 1" in history.content.decode() or "되돌리기" in history.content.decode()


def test_audit_log_lists_actions(client_editor, member, suggest):
    suggest(member)
    html = client_editor.get(reverse("corrections:audit_log")).content.decode()
    assert "suggestion.create" in html
    assert AuditEvent.objects.filter(action="suggestion.create").count() == 1


@pytest.mark.parametrize("size", [2, 8])
def test_queue_and_history_query_counts_are_flat(client, editor, count_queries, size):
    digest = make_digest(slug="sized", entries=size, sentences=3)
    people = [UserFactory() for _ in range(3)]
    for entry in digest.entries.all():
        for segment in entry.segments.all()[:size]:
            flag_create(segment=segment, author=people[0], reason="awkward")
            suggestion = suggest_text(segment, people[1])
            vote_cast(suggestion=suggestion, voter=people[2], value=1)
    client.force_login(editor)
    queue = count_queries(lambda: client.get(QUEUE))
    first = digest.entries.get(position=1)
    accept_all(first, editor)
    history = count_queries(lambda: client.get(reverse("digest:history", args=["sized", 1])))
    assert (queue, history) == (QUEUE_QUERIES, HISTORY_QUERIES)


# Both include the header's moderation count and the viewer's suspension check; the queue
# also reads the comments quoting its sentences, in one query for the page, the stored diffs
# of the page in one more, and the filter's list of digests in one more. The history's first
# view of a pair of revisions reads their stored diffs in one query and, not finding them,
# stores them in another.
QUEUE_QUERIES = 15
HISTORY_QUERIES = 16


def suggest_text(segment, author):
    from corrections.services.suggestions import suggestion_create

    return suggestion_create(segment=segment, author=author, text=current_text(segment) + " 고침")


def accept_all(entry, editor):
    from corrections.services.review import SuggestionOutdated, suggestion_accept

    for suggestion in Suggestion.objects.filter(segment__entry=entry, status="pending"):
        with contextlib.suppress(SuggestionOutdated):
            suggestion_accept(suggestion=suggestion, editor=editor)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_next_never_leaves_the_site(client_editor, member, suggest, target):
    suggestion = suggest(member)
    response = client_editor.post(
        reverse("corrections:suggestion_skip", args=[suggestion.pk]), {"next": target}
    )
    assert response.status_code == 302 and response.url == QUEUE


def test_huge_numbers_in_filters_and_history_are_not_errors(client_editor, entry):
    assert client_editor.get(QUEUE + "?entry=99999999999999999999&author=1e99").status_code == 200
    history = reverse("digest:history", args=[entry.digest.slug, entry.position])
    assert client_editor.get(history + "?to=99999999999999999999").status_code == 404


@pytest.mark.parametrize("digests", [1, 4])
def test_queue_query_count_does_not_grow_with_the_digests_on_the_page(
    client, editor, count_queries, digests
):
    import datetime

    author = UserFactory()
    for n in range(digests):
        digest = make_digest(
            slug=f"week-{n}",
            entries=2,
            start=datetime.date(2024, 1, 1) + datetime.timedelta(weeks=n),
        )
        for segment in list(digest.entries.first().segments.all())[:2]:
            suggest_text(segment, author)
    client.force_login(editor)
    assert count_queries(lambda: client.get(QUEUE)) == QUEUE_QUERIES


def test_accepting_from_a_stale_queue_page_refuses_text_changed_since(
    client_editor, member, suggest, segment
):
    from corrections.services.suggestions import suggestion_update

    suggestion = suggest(member)
    queue = client_editor.get(QUEUE).content.decode()
    assert f'name="expected_text" value="{suggestion.text}"' in queue
    seen = suggestion.text
    suggestion_update(suggestion=suggestion, author=member, text="나중에 바꾼 스팸 문장")
    client_editor.post(
        reverse("corrections:suggestion_accept", args=[suggestion.pk]),
        {"expected_text": seen, "next": QUEUE},
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    assert current_text(segment) != "나중에 바꾼 스팸 문장"

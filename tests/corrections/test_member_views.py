"""The correction panel and the member writes, as a reader of the site meets them."""

import re

import pytest
from django.urls import reverse

from accounts.models import Notification
from accounts.services import notification_send
from corrections.models import Flag, Suggestion, Vote
from corrections.services.flags import flag_create
from corrections.services.review import suggestion_accept, suggestion_reject
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create, suggestion_withdraw
from corrections.services.votes import vote_cast
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def english(client):
    """Assertions read the English interface; Korean translations are added separately."""
    client.cookies["django_language"] = "en"


def panel_url(segment) -> str:
    return reverse("corrections:segment", args=[segment.pk])


def page(client, segment, **headers) -> str:
    response = client.get(panel_url(segment), **headers)
    assert response.status_code == 200
    return response.content.decode()


def follow_messages(client, response) -> str:
    assert response.status_code == 302
    return client.get(response.url).content.decode()


# --- what each person sees ----------------------------------------------------------------


def test_visitor_reads_the_sentence_with_a_sign_in_link_and_no_controls(
    client, segment, member, suggest
):
    suggestion = suggest(member)
    html = page(client, segment)
    assert '<dd class="panel__source" lang="en">Presents lightweight foundation models' in html
    assert f'lang="ko" data-span-target>{current_text(segment)}</dd>' in html
    assert "/accounts/login/?next=" + panel_url(segment).replace("/", "%2F") in html
    assert 'name="reason"' not in html and 'name="text"' not in html
    assert f'id="vote-up-{suggestion.pk}"' not in html
    assert "<ins>" in html  # the suggestion's diff is still shown read-only


def test_member_sees_the_flag_form_and_a_prefilled_suggestion_form(client_member, segment):
    html = page(client_member, segment)
    text = current_text(segment)
    assert 'name="reason"' in html
    for value, _label in Flag.Reason.choices:
        assert f'<option value="{value}">' in html
    assert 'name="span_start"' in html and 'type="hidden"' in html
    assert re.search(rf'<textarea id="suggestion-text-{segment.pk}" name="text"[^>]*>{text}<', html)
    preview = reverse("corrections:suggestion_preview", args=[segment.pk])
    assert f'data-hx-post="{preview}" data-hx-trigger="input changed delay:300ms"' in html
    assert reverse("corrections:segment_edit", args=[segment.pk]) not in html
    assert "Sign in</a> to flag" not in html


def test_flag_details_are_for_editors_and_everyone_sees_a_quiet_count(
    client, member, other_member, editor, segment
):
    text = current_text(segment)
    start = text.index("8억")
    flag_create(
        segment=segment,
        author=other_member,
        reason="number",
        note="8B는 80억입니다",
        span=(start, start + 2),
    )
    client.force_login(member)
    member_html = page(client, segment)
    assert "1 reader has flagged this sentence." in member_html
    assert "8B는 80억입니다" not in member_html and other_member.public_name not in member_html
    assert "Me too" in member_html

    client.force_login(editor)
    editor_html = page(client, segment)
    assert "8B는 80억입니다" in editor_html
    assert other_member.public_name in editor_html
    assert "<strong>Wrong number</strong>" in editor_html
    assert "<mark>8억</mark>" in editor_html
    assert f'href="{reverse("corrections:segment_edit", args=[segment.pk])}"' in editor_html


def test_member_without_a_verified_email_is_asked_to_verify(client, segment):
    client.force_login(UserFactory(verified=False))
    html = page(client, segment)
    assert "Verify your email address" in html
    assert 'name="reason"' not in html and 'name="text"' not in html


def test_htmx_gets_the_panel_fragment_with_close_button_and_message_area(client, segment):
    response = client.get(panel_url(segment), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<body" not in html
    assert '<div id="panel-messages" aria-live="assertive">' in html
    assert "data-panel-close" in html and 'id="panel-heading" tabindex="-1"' in html
    assert "HX-Request" in response["Vary"]


def test_full_page_has_breadcrumbs_and_embeds_the_panel(client, segment, entry):
    html = page(client, segment)
    assert f'href="{entry.digest.get_absolute_url()}"' in html
    assert f'href="{entry.get_absolute_url()}#seg-{segment.pk}"' in html
    assert '<div id="correction-panel" class="segment-page">' in html


def test_reading_page_loads_the_panel_script_deferred(client, sample_digest):
    html = client.get(sample_digest.get_absolute_url()).content.decode()
    assert re.search(r'<script src="[^"]*js/panel\.js" defer></script>', html)
    assert "onclick" not in html


def test_sentences_of_drafts_are_not_found_by_visitors(client, editor):
    digest = make_digest(slug="draft-digest", status="draft")
    segment = digest.entries.first().segments.first()
    assert client.get(panel_url(segment)).status_code == 404
    client.force_login(editor)
    assert client.get(panel_url(segment)).status_code == 200


@pytest.mark.parametrize("door", ["html", "api"])
def test_every_door_answers_404_for_a_drafts_sentence(client, member, door):
    """Drafts are for editors: to anyone else a draft's sentence does not exist, whether they
    post the flag form, the suggestion form or the API (the same rule, the same answer)."""
    from corrections.models import Flag, Suggestion

    digest = make_digest(slug="draft-doors", status="draft")
    segment = digest.entries.first().segments.first()
    client.force_login(member)
    if door == "html":
        flag = client.post(
            reverse("corrections:flag_create", args=[segment.pk]), {"reason": "typo"}
        )
        suggestion = client.post(
            reverse("corrections:suggestion_create", args=[segment.pk]), {"text": "새 문장."}
        )
    else:
        flag = client.post(
            f"/api/v1/segments/{segment.pk}/flags/",
            {"reason": "typo"},
            content_type="application/json",
        )
        suggestion = client.post(
            f"/api/v1/segments/{segment.pk}/suggestions/",
            {"text": "새 문장."},
            content_type="application/json",
        )
    assert (flag.status_code, suggestion.status_code) == (404, 404)
    assert not Flag.objects.exists() and not Suggestion.objects.exists()


def test_the_services_refuse_a_drafts_sentence_as_not_found(member):
    from core.errors import NotFound
    from corrections.services.flags import flag_create

    digest = make_digest(slug="draft-service", status="draft")
    segment = digest.entries.first().segments.first()
    with pytest.raises(NotFound):
        flag_create(segment=segment, author=member, reason="typo")


# --- flags --------------------------------------------------------------------------------


def test_flag_by_plain_post_creates_it_and_redirects_with_a_message(client_member, member, segment):
    response = client_member.post(
        reverse("corrections:flag_create", args=[segment.pk]),
        {"reason": "number", "note": "8B", "span_start": "3", "span_end": "5"},
    )
    assert response.url == panel_url(segment)
    flag = Flag.objects.get(segment=segment, author=member)
    assert (flag.reason, flag.note, flag.span_start, flag.span_end) == ("number", "8B", 3, 5)
    html = follow_messages(client_member, response)
    assert "the sentence is flagged for editors" in html
    assert f'id="withdraw-flag-{flag.pk}"' in html


def test_flag_without_a_span_is_recorded_without_one(client_member, member, segment):
    client_member.post(
        reverse("corrections:flag_create", args=[segment.pk]),
        {"reason": "awkward", "span_start": "", "span_end": ""},
    )
    flag = Flag.objects.get(author=member)
    assert flag.span_start is None and flag.span_end is None


def test_flag_by_htmx_returns_the_updated_panel(client_member, member, segment):
    response = client_member.post(
        reverse("corrections:flag_create", args=[segment.pk]), {"reason": "typo"}, **HTMX
    )
    html = response.content.decode()
    flag = Flag.objects.get(author=member)
    assert response.status_code == 200 and "HX-Redirect" not in response
    assert '<div id="panel-messages" aria-live="assertive"><p class="message' in html
    assert f'id="withdraw-flag-{flag.pk}"' in html
    assert 'name="reason"' not in html  # the form gave way to the member's own flag
    assert "1 reader has flagged this sentence." in html


def test_duplicate_flag_is_refused_clearly_and_creates_nothing(client_member, member, segment):
    url = reverse("corrections:flag_create", args=[segment.pk])
    client_member.post(url, {"reason": "typo"})
    html = follow_messages(client_member, client_member.post(url, {"reason": "awkward"}))
    assert "You have already flagged this sentence." in html
    response = client_member.post(url, {"reason": "awkward"}, **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#panel-messages"
    assert "You have already flagged this sentence." in response.content.decode()
    assert Flag.objects.filter(author=member).count() == 1
    assert Flag.objects.get(author=member).reason == "typo"


@pytest.mark.parametrize(
    "data",
    [{"reason": "nonsense"}, {}, {"reason": "typo", "span_start": "2"}],
    ids=["unknown reason", "no reason", "half a span"],
)
def test_badly_shaped_flag_is_refused_with_the_form_error(client_member, segment, data):
    response = client_member.post(reverse("corrections:flag_create", args=[segment.pk]), data)
    html = follow_messages(client_member, response)
    assert "message--error" in html
    assert not Flag.objects.exists()


def test_member_withdraws_their_flag(client_member, member, segment):
    flag = flag_create(segment=segment, author=member, reason="typo")
    response = client_member.post(reverse("corrections:flag_withdraw", args=[flag.pk]), **HTMX)
    flag.refresh_from_db()
    assert response.status_code == 200 and flag.status == "withdrawn"
    assert 'name="reason"' in response.content.decode()


def test_nobody_withdraws_someone_elses_flag(client_member, other_member, segment):
    flag = flag_create(segment=segment, author=other_member, reason="typo")
    url = reverse("corrections:flag_withdraw", args=[flag.pk])
    assert client_member.post(url, **HTMX).status_code == 403
    html = follow_messages(client_member, client_member.post(url))
    assert "Only the person who flagged a sentence can withdraw the flag." in html
    flag.refresh_from_db()
    assert flag.status == "open"


# --- suggestions --------------------------------------------------------------------------


def test_suggestion_records_its_base_revision_and_text(client_member, member, segment, entry):
    base = current_text(segment)
    flag = flag_create(segment=segment, author=member, reason="number")
    response = client_member.post(
        reverse("corrections:suggestion_create", args=[segment.pk]),
        {"text": base.replace("8억", "80억"), "note": "8B = 80억", "flag": str(flag.pk)},
    )
    suggestion = Suggestion.objects.get(author=member)
    assert suggestion.base_revision_id == entry.current_revision_id
    assert suggestion.base_text == base
    assert "80억" in suggestion.text and suggestion.flag == flag
    html = follow_messages(client_member, response)
    assert "your suggestion is waiting for an editor" in html
    assert f'id="withdraw-suggestion-{suggestion.pk}"' in html


def test_suggestion_by_htmx_shows_up_in_the_panel(client_member, segment):
    text = current_text(segment).replace("8억", "80억")
    response = client_member.post(
        reverse("corrections:suggestion_create", args=[segment.pk]), {"text": text}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Suggested correction (1)" in html and "<ins>0</ins>" in html


@pytest.mark.parametrize("kind", ["empty", "spaces", "unchanged", "unchanged but spaced"])
def test_empty_or_unchanged_text_is_refused_and_nothing_saved(client_member, segment, kind):
    text = {
        "empty": "",
        "spaces": "   ",
        "unchanged": current_text(segment),
        "unchanged but spaced": "  " + current_text(segment).replace(" ", "   ") + "\n",
    }[kind]
    response = client_member.post(
        reverse("corrections:suggestion_create", args=[segment.pk]), {"text": text}
    )
    html = follow_messages(client_member, response)
    assert "message--error" in html
    assert "Write the corrected sentence." in html or "same as the current text" in html
    assert not Suggestion.objects.exists()


def test_answering_a_flag_of_another_sentence_is_refused(client_member, member, entry, segment):
    other = entry.segments.exclude(pk=segment.pk).first()
    flag = flag_create(segment=other, author=member, reason="typo")
    client_member.post(
        reverse("corrections:suggestion_create", args=[segment.pk]),
        {"text": current_text(segment) + " 수정", "flag": str(flag.pk)},
    )
    assert not Suggestion.objects.exists()


def test_voting_the_same_way_again_takes_the_vote_back(client, member, other_member, suggest):
    suggestion = suggest(member)
    client.force_login(other_member)
    url = reverse("corrections:vote", args=[suggestion.pk])

    html = client.post(url, {"value": "1"}, **HTMX).content.decode()
    suggestion.refresh_from_db()
    assert (suggestion.score, suggestion.vote_count) == (1, 1)
    assert f'id="vote-up-{suggestion.pk}" class="vote-button" aria-pressed="true"' in html
    assert "score +1 (1 vote)" in html

    client.post(url, {"value": "1"}, **HTMX)
    suggestion.refresh_from_db()
    assert (suggestion.score, suggestion.vote_count) == (0, 0)

    html = follow_messages(client, client.post(url, {"value": "-1"}))
    suggestion.refresh_from_db()
    assert suggestion.score == -1
    assert f'id="vote-down-{suggestion.pk}" class="vote-button" aria-pressed="true"' in html
    assert f'id="vote-up-{suggestion.pk}" class="vote-button" aria-pressed="false"' in html


def test_bad_vote_value_changes_nothing(client, member, other_member, suggest):
    suggestion = suggest(member)
    client.force_login(other_member)
    response = client.post(reverse("corrections:vote", args=[suggestion.pk]), {"value": "5"})
    assert response.status_code == 302
    assert not Vote.objects.exists()


def test_author_sees_no_vote_buttons_and_cannot_vote(client_member, member, suggest, segment):
    suggestion = suggest(member)
    html = page(client_member, segment)
    assert f'id="vote-up-{suggestion.pk}"' not in html
    response = client_member.post(
        reverse("corrections:vote", args=[suggestion.pk]), {"value": "1"}, **HTMX
    )
    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_author_withdraws_a_pending_suggestion(client_member, member, suggest):
    suggestion = suggest(member)
    response = client_member.post(
        reverse("corrections:suggestion_withdraw", args=[suggestion.pk]), **HTMX
    )
    suggestion.refresh_from_db()
    assert response.status_code == 200 and suggestion.status == "withdrawn"
    assert f"suggestion-{suggestion.pk}" not in response.content.decode()


def test_others_cannot_withdraw_a_suggestion(client, member, other_member, suggest):
    suggestion = suggest(member)
    client.force_login(other_member)
    url = reverse("corrections:suggestion_withdraw", args=[suggestion.pk])
    assert client.post(url, **HTMX).status_code == 403
    html = follow_messages(client, client.post(url))
    assert "Only its author can change a suggestion." in html
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_author_edits_a_pending_suggestion(client_member, member, suggest, segment):
    suggestion = suggest(member)
    url = reverse("corrections:suggestion_edit", args=[suggestion.pk])
    html = client_member.get(url).content.decode()
    assert re.search(rf'<textarea id="edit-text-{suggestion.pk}" name="text"[^>]*>', html)
    assert suggestion.text in html
    fragment = client_member.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and f'id="edit-text-{suggestion.pk}"' in fragment

    new_text = current_text(segment).replace("경량", "가벼운")
    response = client_member.post(url, {"text": new_text, "note": "더 쉬운 말"})
    # Back to the sentence at the page of suggestions that holds this one.
    assert (
        response.url
        == f"{panel_url(segment)}?suggestion={suggestion.pk}#suggestion-{suggestion.pk}"
    )
    suggestion.refresh_from_db()
    assert suggestion.text == new_text and suggestion.note == "더 쉬운 말"


def test_others_cannot_edit_a_suggestion(client, member, other_member, suggest):
    suggestion = suggest(member)
    original = suggestion.text
    client.force_login(other_member)
    url = reverse("corrections:suggestion_edit", args=[suggestion.pk])
    assert client.get(url).status_code == 403
    html = follow_messages(client, client.post(url, {"text": "다른 사람의 글"}))
    assert "Only its author can change a suggestion." in html
    suggestion.refresh_from_db()
    assert suggestion.text == original


def test_withdrawn_suggestion_cannot_be_edited(client_member, member, suggest):
    suggestion = suggest(member)
    suggestion_withdraw(suggestion=suggestion, author=member)
    url = reverse("corrections:suggestion_edit", args=[suggestion.pk])
    html = client_member.get(url).content.decode()
    assert "Only a pending suggestion can be changed." in html
    assert f'id="edit-text-{suggestion.pk}"' not in html
    client_member.post(url, {"text": "바뀐 글"})
    suggestion.refresh_from_db()
    assert suggestion.text != "바뀐 글"


def test_outdated_suggestion_is_marked_with_its_rebased_text(
    client, member, other_member, editor, suggest, segment
):
    base = current_text(segment)
    first = suggest(member, text=base.replace("8억", "80억"))
    second = suggest(other_member, text=base.replace("경량", "가벼운"))
    suggestion_accept(suggestion=first, editor=editor)
    second.refresh_from_db()
    assert second.status == "outdated" and second.rebased_text
    client.force_login(other_member)
    html = page(client, segment)
    assert "panel-suggestion--outdated" in html
    assert "Outdated: the sentence changed" in html
    assert "The same change on the current text:" in html
    assert "panel-suggestion__text--rebased" in html


# --- anonymous writes ---------------------------------------------------------------------


WRITE_VIEWS = [
    ("flag_create", "segment", {"reason": "typo"}),
    ("suggestion_create", "segment", {"text": "익명 제안"}),
    ("vote", "suggestion", {"value": "1"}),
    ("suggestion_edit", "suggestion", {"text": "익명 수정"}),
    ("suggestion_withdraw", "suggestion", {}),
    ("flag_withdraw", "flag", {}),
]


@pytest.mark.parametrize(("name", "target", "data"), WRITE_VIEWS, ids=[v[0] for v in WRITE_VIEWS])
def test_anonymous_writes_change_nothing(client, member, segment, suggest, name, target, data):
    suggestion = suggest(member)
    flag = flag_create(segment=segment, author=member, reason="typo")
    pk = {"segment": segment.pk, "suggestion": suggestion.pk, "flag": flag.pk}[target]
    url = reverse(f"corrections:{name}", args=[pk])

    response = client.post(url, data)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    htmx = client.post(url, data, **HTMX)
    assert htmx.status_code == 403
    assert htmx["HX-Retarget"] == "#panel-messages"
    assert "/accounts/login/?next=" in htmx.content.decode()

    suggestion.refresh_from_db()
    flag.refresh_from_db()
    assert Suggestion.objects.count() == 1 and suggestion.status == "pending"
    assert suggestion.text != "익명 수정"
    assert Flag.objects.count() == 1 and flag.status == "open"
    assert not Vote.objects.exists()


def test_write_views_refuse_get(client_member, segment):
    url = reverse("corrections:flag_create", args=[segment.pk])
    assert client_member.get(url).status_code == 405


# --- preview ------------------------------------------------------------------------------


def test_preview_shows_insertions_and_deletions(client_member, segment):
    text = current_text(segment).replace("경량", "가벼운")
    response = client_member.post(
        reverse("corrections:suggestion_preview", args=[segment.pk]), {"text": text}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "<del>경량</del>" in html and "<ins>가벼운</ins>" in html


def test_preview_of_the_unchanged_text_says_so(client_member, segment):
    html = client_member.post(
        reverse("corrections:suggestion_preview", args=[segment.pk]),
        {"text": current_text(segment)},
        **HTMX,
    ).content.decode()
    assert "No change yet" in html and "<ins>" not in html


def test_preview_reports_a_number_that_no_longer_matches_the_english(client_member, entry):
    segment = next(s for s in entry.segments.filter(field="abstract") if "80억" in current_text(s))
    url = reverse("corrections:suggestion_preview", args=[segment.pk])
    wrong = current_text(segment).replace("80억", "8억", 1)
    html = client_member.post(url, {"text": wrong}, **HTMX).content.decode()
    finding = re.search(
        r'<li class="finding finding--(\w+)"><span class="finding__severity">(\w+)</span>', html
    )
    assert finding and finding.group(1) in ("error", "warning")
    assert finding.group(2) in ("Error", "Warning")
    assert "8억" in html[finding.start() :]

    fine = current_text(segment).replace("새로운", "새", 1)
    html = client_member.post(url, {"text": fine}, **HTMX).content.decode()
    assert "8억" not in html


# --- contributions and notifications ------------------------------------------------------


def test_contributions_show_what_became_of_each_suggestion(
    client, member, other_member, editor, entry
):
    segments = list(entry.segments.filter(retired_in__isnull=True).order_by("id")[:5])

    def suggest_on(segment, word):
        return suggestion_create(
            segment=segment, author=member, text=current_text(segment) + f" {word}"
        )

    accepted = suggest_on(segments[0], "채택")
    rejected = suggest_on(segments[1], "거절")
    withdrawn = suggest_on(segments[2], "철회")
    outdated = suggest_on(segments[3], "지남")
    pending = suggest_on(segments[4], "대기")
    revision = suggestion_accept(suggestion=accepted, editor=editor)
    suggestion_reject(suggestion=rejected, editor=editor, reason="style", note="문체 안내를 보세요")
    suggestion_withdraw(suggestion=withdrawn, author=member)
    suggestion_create(
        segment=segments[3], author=other_member, text=current_text(segments[3]) + " 먼저"
    )
    first = Suggestion.objects.get(author=other_member)
    suggestion_accept(suggestion=first, editor=editor)
    flag_create(segment=segments[4], author=member, reason="typo")

    html = client.get(reverse("corrections:contributions", args=[member.pk])).content.decode()
    for suggestion in (accepted, rejected, withdrawn, outdated, pending):
        suggestion.refresh_from_db()
        assert f"status-label--{suggestion.status}" in html
    assert outdated.status == "outdated"
    revision_url = reverse("digest:revision", args=[entry.digest.slug, entry.position, 2])
    assert f'Published in <a href="{revision_url}">revision {revision.number}</a>' in html
    # Visitors see why it was rejected, but the editor's note is for its author.
    assert "Does not fit the style guide" in html and "문체 안내를 보세요" not in html
    assert f'href="{entry.get_absolute_url()}#seg-{segments[4].pk}"' in html
    assert "<ins> 대기</ins>" in html
    # Newest first.
    assert html.index("대기</ins>") < html.index("채택</ins>")
    stats = re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html)
    assert dict(stats) == {
        "Waiting for review": "1",
        "Accepted": "1",
        "Not accepted": "1",
        "Outdated": "1",
        "Withdrawn": "1",
        "Sentences flagged": "1",
    }


def test_contributions_are_paginated_by_twenty(client, member):
    digest = make_digest(entries=4, sentences=3)
    segments = [s for e in digest.entries.all() for s in e.segments.all()][:23]
    for segment in segments:
        suggestion_create(segment=segment, author=member, text=current_text(segment) + " 고침")
    url = reverse("corrections:contributions", args=[member.pk])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert first.count('class="contribution ') == 20
    assert second.count('class="contribution ') == 3


def test_contributions_hide_work_on_drafts_from_the_public(client, editor, member):
    draft = make_digest(slug="draft-week", status="draft")
    segment = draft.entries.first().segments.first()
    suggestion_create(segment=segment, author=editor, text=current_text(segment) + " 초안")
    url = reverse("corrections:contributions", args=[editor.pk])
    assert "초안</ins>" not in client.get(url).content.decode()
    client.force_login(editor)
    assert "초안</ins>" in client.get(url).content.decode()


def test_notifications_are_listed_and_marked_read(client_member, member, other_member):
    notification_send(
        recipient=member,
        kind=Notification.Kind.SUGGESTION_ACCEPTED,
        params={"number": 2},
        url="/d/x/1/",
    )
    notification_send(
        recipient=other_member, kind=Notification.Kind.FLAG_RESOLVED, params={"number": 3}
    )
    # Stored in the site's language (Korean); listed in the reader's, here English.
    assert "2" in member.notifications.get().message
    accepted = "Your suggestion was accepted and published in revision 2."
    url = reverse("corrections:notifications")
    html = client_member.get(url).content.decode()
    assert f'<a href="/d/x/1/">{accepted}</a>' in html
    assert "notification--unread" in html
    assert "A sentence you flagged was corrected" not in html

    response = client_member.post(url)
    assert response.url == url
    assert not member.notifications.filter(read_at__isnull=True).exists()
    assert other_member.notifications.filter(read_at__isnull=True).exists()
    html = client_member.get(url).content.decode()
    assert "notification--unread" not in html and accepted in html
    assert "1 notification marked as read." in html


def test_notifications_need_sign_in(client):
    response = client.get(reverse("corrections:notifications"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# --- query counts -------------------------------------------------------------------------


def _busy_sentence(segment, voter, size):
    """`size` suggestions on one sentence by different people, each voted on and flagged."""
    base = current_text(segment)
    for i in range(size):
        author = UserFactory()
        suggestion = suggestion_create(segment=segment, author=author, text=f"{base} {i}")
        vote_cast(suggestion=suggestion, voter=voter, value=1 if i % 2 else -1)
        flag_create(segment=segment, author=author, reason="awkward", note=f"메모 {i}")


@pytest.mark.parametrize("viewer", ["visitor", "member", "editor"])
def test_segment_page_queries_do_not_grow_with_suggestions(
    client, count_queries, member, editor, viewer
):
    small = make_digest(slug="small").entries.first().segments.first()
    large = make_digest(slug="large").entries.first().segments.first()
    _busy_sentence(small, editor, 2)
    _busy_sentence(large, editor, 8)
    if viewer != "visitor":
        client.force_login({"member": member, "editor": editor}[viewer])
    page(client, small)  # warm the session and caches
    few = count_queries(lambda: page(client, small))
    many = count_queries(lambda: page(client, large))
    assert few == many


def test_contributions_page_queries_do_not_grow_with_suggestions(client, count_queries, editor):
    digest = make_digest(entries=3, sentences=3)
    segments = [s for e in digest.entries.all() for s in e.segments.all()]
    few_author, many_author = UserFactory(), UserFactory()
    for author, size in ((few_author, 2), (many_author, 8)):
        for i, segment in enumerate(segments[:size]):
            suggestion = suggestion_create(
                segment=segment, author=author, text=f"{current_text(segment)} {author.pk}"
            )
            if i % 2:
                suggestion_reject(suggestion=suggestion, editor=editor, reason="style")
            flag_create(segment=segment, author=author, reason="typo")
    # One accepted suggestion each, so the revision links are part of both pages.
    for author in (few_author, many_author):
        pending = Suggestion.objects.filter(author=author, status="pending").first()
        suggestion_accept(suggestion=pending, editor=editor)

    def load(author):
        response = client.get(reverse("corrections:contributions", args=[author.pk]))
        assert response.status_code == 200

    load(few_author)
    assert count_queries(lambda: load(few_author)) == count_queries(lambda: load(many_author))

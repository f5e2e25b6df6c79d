"""Comments and likes on the reading pages, as readers, members and authors meet them."""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.services import suspension_impose
from digest.models import Comment, CommentReport, Like
from digest.services.comments import comment_create
from digest.services.likes import like_set
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def english(client):
    """Assertions read the English interface; Korean translations are added separately."""
    client.cookies["django_language"] = "en"


def ordinary(**kwargs):
    """A member who joined a while ago: not "new", so their links are not held."""
    return UserFactory(date_joined=timezone.now() - datetime.timedelta(days=10), **kwargs)


@pytest.fixture
def digest(db):
    return make_digest(slug="talk", entries=2)


@pytest.fixture
def entry(digest):
    return digest.entries.get(position=1)


@pytest.fixture
def reader(db):
    return ordinary(display_name="읽는이")


@pytest.fixture
def other(db):
    return ordinary(display_name="다른이")


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def digest_url(digest) -> str:
    return digest.get_absolute_url()


def entry_url(entry) -> str:
    return reverse("digest:entry", args=[entry.digest.slug, entry.position])


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def article_of(html: str) -> str:
    """The reading part of a page, without the site header (sign-out, language forms)."""
    return html[html.index('<main id="main"') : html.index("</main>")]


def messages_after(client, response) -> str:
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def post_comment(client, digest, body="좋은 글입니다.", **extra):
    url = reverse("digest:digest_comments", args=[digest.slug])
    return client.post(url, {"body": body, "next": digest_url(digest), **extra})


# --- posting ------------------------------------------------------------------------------


def test_member_posts_on_the_whole_digest_and_returns_to_the_comment(signed_in, digest, reader):
    response = post_comment(signed_in, digest, body="매주 **고맙습니다**.")
    comment = Comment.objects.get()
    assert comment.author == reader and comment.entry is None
    assert response.url == f"{digest_url(digest)}#comment-{comment.pk}"
    html = messages_after(signed_in, response)
    assert "Your comment is posted." in html
    assert f'id="comment-{comment.pk}"' in html
    assert "매주 <strong>고맙습니다</strong>." in html
    assert f'href="/people/{reader.pk}/">읽는이</a>' in html
    local = timezone.localtime(comment.created_at)
    assert f'<time datetime="{local:%Y-%m-%dT%H:%M:%S}' in html


def test_htmx_post_answers_with_the_discussion_and_focuses_the_new_comment(
    signed_in, digest, entry
):
    url = reverse("digest:entry_comments", args=[digest.slug, entry.position])
    response = signed_in.post(url, {"body": "질문이 있어요", "next": entry_url(entry)}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    comment = Comment.objects.get()
    assert comment.entry == entry
    assert 'id="comments-entry-1"' in html and "<html" not in html
    assert f'id="comment-{comment.pk}" tabindex="-1" data-focus-after-swap' in html
    assert "Your comment is posted." in html
    assert "HX-Request" in response["Vary"]


def test_refused_htmx_post_is_shown_beside_the_form(signed_in, digest):
    url = reverse("digest:digest_comments", args=[digest.slug])
    response = signed_in.post(url, {"body": "   ", "next": digest_url(digest)}, **HTMX)
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#comment-form-messages"
    assert "the comment is empty" in response.content.decode()
    assert not Comment.objects.exists()


@override_settings(GYOJEONG_RATE_LIMITS={"comment": (1, 3600)})
def test_over_the_limit_answers_429_with_retry_after(signed_in, digest):
    post_comment(signed_in, digest)
    url = reverse("digest:digest_comments", args=[digest.slug])
    response = signed_in.post(url, {"body": "또", "next": digest_url(digest)}, **HTMX)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Comment.objects.count() == 1


def test_honeypot_filled_in_is_refused(signed_in, digest):
    response = post_comment(signed_in, digest, website="https://spam.example")
    assert not Comment.objects.exists()
    assert "looks automated" in messages_after(signed_in, response)


def test_the_form_hides_its_honeypot_from_people(signed_in, digest):
    html = html_of(signed_in, digest_url(digest))
    assert re.search(
        r'<div class="comment-form__honeypot" aria-hidden="true">\s*'
        r'<label for="comment-form-website">[^<]*</label>\s*'
        r'<input type="text" id="comment-form-website" name="website" value="" '
        r'tabindex="-1" autocomplete="off">',
        html,
    )


def test_markdown_links_carry_nofollow_and_images_become_links(signed_in, digest):
    post_comment(
        signed_in, digest, body="[원문](https://example.com/a) ![그림](https://example.com/i.png)"
    )
    html = html_of(signed_in, digest_url(digest))
    assert '<a href="https://example.com/a" rel="nofollow ugc noopener">원문</a>' in html
    assert '<a href="https://example.com/i.png" rel="nofollow ugc noopener">그림</a>' in html
    assert "<img" not in article_of(html)


def test_raw_html_in_a_comment_is_never_markup(signed_in, digest):
    post_comment(signed_in, digest, body="<script>alert(1)</script> <b>굵게</b>")
    html = article_of(html_of(signed_in, digest_url(digest)))
    assert "<script>alert" not in html and "<b>굵게</b>" not in html
    assert "&lt;script&gt;" in html


def test_new_members_link_waits_and_only_its_author_sees_it_labelled(client, digest):
    newcomer = UserFactory()  # joined now: trust level "new"
    client.force_login(newcomer)
    response = post_comment(client, digest, body="홍보 https://spam-shop.example")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    html = messages_after(client, response)
    assert "waiting for a moderator" in html
    assert "Waiting for moderation" in html and "https://spam-shop.example" in html
    client.logout()
    assert "spam-shop" not in html_of(client, digest_url(digest))


def test_a_quoted_sentence_rides_on_the_form_and_links_back_to_the_text(
    signed_in, digest, entry, reader
):
    segment = entry.segments.get(field="summary", position=0)
    text = "항목 1의 summary 문장 1은 6.94% 향상을 보고합니다."
    html = html_of(signed_in, f"{entry_url(entry)}?quote={segment.pk}")
    assert f'<input type="hidden" name="quote" value="{segment.pk}">' in html
    assert f'<blockquote lang="ko">{text}</blockquote>' in html
    assert f'href="{entry_url(entry)}#comment-form-entry-1">Remove the quote</a>' in html
    url = reverse("digest:entry_comments", args=[digest.slug, entry.position])
    signed_in.post(url, {"body": "어색해요", "quote": segment.pk, "next": entry_url(entry)})
    comment = Comment.objects.get()
    assert comment.quote_segment == segment and comment.quote_text == text
    page = html_of(signed_in, entry_url(entry))
    assert f'href="{entry_url(entry)}#seg-{segment.pk}">Read the sentence in the text</a>' in page
    suggest = reverse("corrections:segment", args=[segment.pk])
    assert f'href="{suggest}?from_comment={comment.pk}">Suggest a fix for this sentence' in page


def test_a_quote_of_another_page_or_nonsense_is_ignored(signed_in, digest):
    other_digest = make_digest(slug="elsewhere", entries=1)
    foreign = other_digest.entries.get().segments.first()
    for quote in [str(foreign.pk), "abc", "99999999"]:
        html = html_of(signed_in, f"{digest_url(digest)}?quote={quote}")
        assert 'name="quote"' not in html


# --- replies ------------------------------------------------------------------------------


def test_reply_and_reply_to_a_reply_join_the_same_thread(signed_in, digest, other):
    first = comment_create(author=other, digest=digest, body="첫 댓글")
    reply_url = reverse("digest:comment_reply", args=[first.pk])
    response = signed_in.post(reply_url, {"body": "답글", "next": digest_url(digest)})
    reply = Comment.objects.get(body="답글")
    assert reply.parent == first
    assert response.url == f"{digest_url(digest)}#comment-{reply.pk}"
    again = reverse("digest:comment_reply", args=[reply.pk])
    signed_in.post(again, {"body": "답글의 답글", "next": digest_url(digest)})
    assert Comment.objects.get(body="답글의 답글").parent == first
    html = html_of(signed_in, digest_url(digest))
    # One level: the reply box sits on the first comment only, and it shows its newest reply.
    assert f'id="reply-form-{first.pk}"' in html
    assert f'id="reply-form-{reply.pk}"' not in html
    assert "latest reply" in html


def test_long_threads_fold_behind_a_count(signed_in, digest, other, settings):
    settings.GYOJEONG_COMMENTS = {**settings.GYOJEONG_COMMENTS, "COLLAPSE_AFTER": 2}
    for n in range(3):
        comment_create(author=other, digest=digest, body=f"댓글 {n}")
    html = html_of(signed_in, digest_url(digest))
    assert '<details class="comments__fold">' in html
    assert "Show all 3 comments" in html


def test_a_discussion_can_be_fetched_again_to_cancel_an_edit(signed_in, digest, entry, other):
    comment_create(author=other, digest=digest, entry=entry, body="다시 보기")
    url = reverse("digest:entry_comments", args=[digest.slug, entry.position])
    fragment = signed_in.get(url, {"next": digest_url(digest)}, **HTMX).content.decode()
    assert 'id="comments-entry-1"' in fragment and "다시 보기" in fragment
    assert "<html" not in fragment
    # On the digest page an entry's form stays folded away; the forms return to that page.
    assert '<details class="comment-form__fold" id="comment-form-entry-1">' in fragment
    assert f'name="next" value="{digest_url(digest)}"' in fragment
    plain = signed_in.get(url)
    assert plain.status_code == 302 and plain.url == f"{entry_url(entry)}#comments-entry-1"


# --- editing and deleting -------------------------------------------------------------------


def test_author_edits_within_the_window_and_readers_see_edited(signed_in, digest, reader):
    comment = comment_create(author=reader, digest=digest, body="처음")
    url = reverse("digest:comment_edit", args=[comment.pk])
    page = html_of(signed_in, f"{url}?next={digest_url(digest)}")
    assert ">처음</textarea>" in page and "<form" in page
    inline = signed_in.get(url, {"next": digest_url(digest)}, **HTMX).content.decode()
    assert "<html" not in inline and 'id="edit-form-' in inline
    response = signed_in.post(url, {"body": "고친 글", "next": digest_url(digest)}, **HTMX)
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.body == "고친 글" and comment.edited_at is not None
    assert "Your comment is updated." in response.content.decode()
    assert '<span class="comment__edited"' in html_of(signed_in, digest_url(digest))


def test_editing_after_the_window_is_refused_with_the_reason(signed_in, digest, reader):
    comment = comment_create(author=reader, digest=digest, body="처음")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    html = html_of(signed_in, digest_url(digest))
    assert reverse("digest:comment_edit", args=[comment.pk]) not in html
    response = signed_in.post(
        reverse("digest:comment_edit", args=[comment.pk]),
        {"body": "늦은 수정", "next": digest_url(digest)},
    )
    assert "can be edited for 24 hours" in messages_after(signed_in, response)
    comment.refresh_from_db()
    assert comment.body == "처음"


def test_only_the_author_may_open_the_edit_form(client, digest, reader, other):
    comment = comment_create(author=reader, digest=digest, body="내 글")
    client.force_login(other)
    response = client.get(reverse("digest:comment_edit", args=[comment.pk]))
    assert response.status_code == 302
    assert "can no longer be edited" in client.get(response.url).content.decode()


def test_delete_asks_first_then_leaves_a_placeholder_for_the_replies(
    signed_in, digest, reader, other
):
    comment = comment_create(author=reader, digest=digest, body="지울 글")
    comment_create(author=other, digest=digest, parent=comment, body="답글은 남아요")
    url = reverse("digest:comment_delete", args=[comment.pk])
    confirm = html_of(signed_in, url)
    assert "Delete this comment?" in confirm and f'action="{url}"' in confirm
    inline = signed_in.get(url, **HTMX).content.decode()
    assert "<html" not in inline and f'id="delete-confirm-{comment.pk}"' in inline
    response = signed_in.post(url, {"next": digest_url(digest)})
    assert response.url == f"{digest_url(digest)}#comments"
    html = messages_after(signed_in, response)
    assert "Your comment is deleted." in html
    assert "This comment was deleted by its author." in html
    assert "지울 글" not in article_of(html) and "답글은 남아요" in html


def test_a_deleted_comment_without_replies_disappears(signed_in, digest, reader):
    comment = comment_create(author=reader, digest=digest, body="사라질 글")
    signed_in.post(reverse("digest:comment_delete", args=[comment.pk]))
    html = html_of(signed_in, digest_url(digest))
    assert f'id="comment-{comment.pk}"' not in html


# --- preview ------------------------------------------------------------------------------


def test_preview_shows_the_sanitised_html(signed_in):
    response = signed_in.post(
        reverse("digest:comment_preview"),
        {"body": "**굵게** [링크](https://example.com) <script>x</script>"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>굵게</strong>" in html
    assert '<a href="https://example.com" rel="nofollow ugc noopener">링크</a>' in html
    assert "<script>" not in html
    assert not Comment.objects.exists()


def test_preview_is_for_signed_in_people_only(client):
    response = client.post(reverse("digest:comment_preview"), {"body": "x"}, **HTMX)
    assert "/accounts/login/" in response["HX-Redirect"]
    response = client.post(reverse("digest:comment_preview"), {"body": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response.url


# --- likes --------------------------------------------------------------------------------


def test_digest_like_toggles_both_buttons_in_place(signed_in, digest):
    url = reverse("digest:digest_like", args=[digest.slug])
    response = signed_in.post(url, {"liked": "1", "next": digest_url(digest)}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    for dom_id in ["digest-like-top", "digest-like-end"]:
        assert f'id="{dom_id}" method="post"' in html
        assert re.search(rf'id="{dom_id}-button" name="liked" value="0" aria-pressed="true"', html)
    assert html.count('data-hx-swap-oob="true"') == 2
    assert '<span class="like__count">1</span>' in html
    digest.refresh_from_db()
    assert digest.like_count == 1
    page = html_of(signed_in, digest_url(digest))
    assert 'id="digest-like-end-button" name="liked" value="0" aria-pressed="true"' in page
    response = signed_in.post(url, {"liked": "0", "next": digest_url(digest)}, **HTMX)
    assert 'aria-pressed="false"' in response.content.decode()
    digest.refresh_from_db()
    assert digest.like_count == 0


def test_likes_work_as_plain_forms_that_come_back_to_the_button(signed_in, digest, entry):
    url = reverse("digest:entry_like", args=[digest.slug, entry.position])
    response = signed_in.post(url, {"liked": "1", "next": digest_url(digest)})
    assert response.status_code == 302
    assert response.url == f"{digest_url(digest)}#entry-like-1"
    entry.refresh_from_db()
    assert entry.like_count == 1
    html = html_of(signed_in, digest_url(digest))
    assert 'id="entry-like-1-button" name="liked" value="0" aria-pressed="true"' in html
    assert 'id="entry-like-2-button" name="liked" value="1" aria-pressed="false"' in html


def test_comment_like_counts_and_own_comment_is_refused(signed_in, digest, reader, other):
    theirs = comment_create(author=other, digest=digest, body="남의 글")
    mine = comment_create(author=reader, digest=digest, body="내 글")
    url = reverse("digest:comment_like", args=[theirs.pk])
    html = signed_in.post(url, {"liked": "1"}, **HTMX).content.decode()
    assert f'id="comment-like-{theirs.pk}-button"' in html and 'aria-pressed="true"' in html
    theirs.refresh_from_db()
    assert theirs.like_count == 1
    page = html_of(signed_in, digest_url(digest))
    # One's own comment shows its count but no button.
    assert f'id="comment-like-{mine.pk}-button"' not in page
    response = signed_in.post(
        reverse("digest:comment_like", args=[mine.pk]), {"liked": "1"}, **HTMX
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#community-messages"
    assert "cannot like your own comment" in response.content.decode()
    assert not Like.objects.filter(comment=mine).exists()


def test_a_malformed_like_is_refused(signed_in, digest):
    url = reverse("digest:digest_like", args=[digest.slug])
    response = signed_in.post(url, {"liked": "maybe"}, **HTMX)
    assert response.status_code == 400
    assert not Like.objects.exists()


def test_writes_are_post_only(signed_in, digest):
    assert signed_in.get(reverse("digest:digest_like", args=[digest.slug])).status_code == 405
    assert signed_in.get(reverse("digest:comment_preview")).status_code == 405


# --- reports ------------------------------------------------------------------------------


def test_report_with_a_reason_and_a_note(signed_in, digest, reader, other):
    comment = comment_create(author=other, digest=digest, body="광고")
    html = html_of(signed_in, digest_url(digest))
    assert f'id="report-{comment.pk}-spam" name="reason" value="spam" required' in html
    url = reverse("digest:comment_report", args=[comment.pk])
    response = signed_in.post(
        url, {"reason": "spam", "note": "광고예요", "next": digest_url(digest)}, **HTMX
    )
    assert response.status_code == 200
    assert "moderators will look at the comment you reported" in response.content.decode()
    report = CommentReport.objects.get()
    assert (report.reporter, report.reason, report.note) == (reader, "spam", "광고예요")
    again = signed_in.post(url, {"reason": "spam", "next": digest_url(digest)}, **HTMX)
    assert again.status_code == 409
    assert again["HX-Retarget"] == f"#report-form-{comment.pk}-messages"


def test_a_report_needs_a_known_reason(signed_in, digest, other):
    comment = comment_create(author=other, digest=digest, body="글")
    url = reverse("digest:comment_report", args=[comment.pk])
    response = signed_in.post(url, {"reason": "boring", "next": digest_url(digest)})
    assert "Why are you reporting" in messages_after(signed_in, response)
    assert not CommentReport.objects.exists()


# --- who sees what ------------------------------------------------------------------------


def test_visitors_read_comments_without_any_form(client, digest, entry, other):
    comment_create(author=other, digest=digest, body="공개 댓글")
    comment_create(author=other, digest=digest, entry=entry, body="항목 댓글")
    for url in [digest_url(digest), entry_url(entry)]:
        html = html_of(client, url)
        reading = article_of(html)
        assert "<form" not in reading and "csrfmiddlewaretoken" not in reading
        assert "Sign in to comment</a>" in reading
        login = reverse("account_login")
        assert f'href="{login}?next={url.replace("/", "%2F")}' in reading
    assert "공개 댓글" in html_of(client, digest_url(digest))


def test_visitors_posting_are_sent_to_sign_in_and_back(client, digest):
    response = post_comment(client, digest)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=/d/talk/" in response.url.replace("%2F", "/")
    assert not Comment.objects.exists()


def test_suspended_member_is_told_until_when_and_writes_are_refused(client, digest, editor):
    person = ordinary()
    until = timezone.now() + datetime.timedelta(days=3)
    suspension_impose(member=person, moderator=editor, until=until, reason="도배")
    client.force_login(person)
    html = html_of(client, digest_url(digest))
    reading = article_of(html)
    assert "comments__notice--suspended" in reading
    assert f"suspended until {timezone.localtime(until):%Y-%m-%d}" in reading
    assert 'name="body"' not in reading and 'name="liked"' not in reading
    response = post_comment(client, digest)
    assert "suspended until" in messages_after(client, response)
    url = reverse("digest:digest_comments", args=[digest.slug])
    htmx = client.post(url, {"body": "글", "next": digest_url(digest)}, **HTMX)
    assert htmx.status_code == 403 and "suspended until" in htmx.content.decode()
    assert not Comment.objects.exists()


def test_member_without_a_verified_address_gets_a_hint(client, digest):
    client.force_login(ordinary(verified=False))
    reading = article_of(html_of(client, digest_url(digest)))
    assert "Verify your email address to comment" in reading
    assert 'name="body"' not in reading


def test_home_shows_each_digests_likes_and_visible_comments(client, digest, reader, other):
    comment_create(author=reader, digest=digest, body="하나")
    hidden = comment_create(author=reader, digest=digest, entry=digest.entries.first(), body="둘")
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)
    comment_create(author=other, digest=digest, entry=digest.entries.last(), body="셋")
    like_set(user=other, target=digest, liked=True)
    html = html_of(client, "/")
    assert "1 like<" in html
    assert "2 comments" in html


# --- query counts -------------------------------------------------------------------------


def discussion(digest, size: int):
    """`size` comments over the digest and its entries, with replies, quotes, likes and every
    status readers meet."""
    people = [ordinary() for _ in range(3)]
    entries = list(digest.entries.all())
    firsts = []
    for n in range(size):
        entry = entries[n % len(entries)] if n % 4 else None
        parent = firsts[-1] if n % 4 == 3 and firsts and firsts[-1].entry == entry else None
        quote = entry.segments.first() if entry and not parent and n % 5 == 1 else None
        comment = comment_create(
            author=people[n % 3],
            digest=digest,
            entry=entry,
            parent=parent,
            quote_segment=quote,
            body=f"댓글 {n} [링크](https://example.com/{n})",
        )
        if parent is None:
            firsts.append(comment)
        like_set(user=people[(n + 1) % 3], target=comment, liked=True)
    for comment in firsts[::7]:
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.DELETED)
    for person in people:
        like_set(user=person, target=digest, liked=True)
        like_set(user=person, target=entries[0], liked=True)
    return people


@pytest.mark.parametrize("size", [0, 200])
def test_reading_pages_run_the_same_queries_at_any_number_of_comments(client, count_queries, size):
    digest = make_digest(slug="sized", entries=3)
    people = discussion(digest, size)
    viewer = people[0] if people else ordinary()
    if not people:
        # The same member's likes of the digest and an entry as at the larger size.
        like_set(user=viewer, target=digest, liked=True)
        like_set(user=viewer, target=digest.entries.get(position=1), liked=True)
    entry = digest.entries.get(position=1)
    pages = {"digest": digest_url(digest), "entry": entry_url(entry)}
    counts = {}
    for name, url in pages.items():
        counts[f"visitor {name}"] = count_queries(lambda u=url: client.get(u))
    client.force_login(viewer)
    for name, url in pages.items():
        counts[f"member {name}"] = count_queries(lambda u=url: client.get(u))
    assert counts == EXPECTED_QUERIES


# Visitors: digest, entries, their texts, comments. Members add the session, the user, their
# groups, verified address, suspension, their likes of comments and of the digest and its
# entries, and the unread notifications count of the site header. An entry page also reads
# its digest's entry positions, for the previous and next links.
EXPECTED_QUERIES = {
    "visitor digest": 4,
    "visitor entry": 5,
    "member digest": 12,
    "member entry": 13,
}

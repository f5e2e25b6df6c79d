"""Comments that quote a sentence, where correction work happens: the sentence panel, the
review queue, a suggestion started from a comment, and the member's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from digest.models import Comment
from digest.services.comments import comment_create
from digest.services.moderation import comment_moderate
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

QUEUE = reverse("corrections:review_queue")


@pytest.fixture(autouse=True)
def english(client):
    """Text is asserted in English; the site's default is Korean."""
    client.cookies["django_language"] = "en"


@pytest.fixture
def digest(db):
    return make_digest(slug="quoted", entries=2, sentences=2)


@pytest.fixture
def segment(digest):
    return digest.entries.get(position=2).segments.order_by("pk").first()


def seasoned(**kwargs):
    user = UserFactory(**kwargs)
    user.date_joined = timezone.now() - datetime.timedelta(days=30)
    user.save(update_fields=["date_joined"])
    return user


def quote(segment, body="이 문장은 번역이 어색합니다", author=None):
    return comment_create(
        author=author or seasoned(),
        digest=segment.entry.digest,
        entry=segment.entry,
        quote_segment=segment,
        body=body,
    )


def panel(client, segment, query=""):
    return client.get(reverse("corrections:segment", args=[segment.pk]) + query)


def test_editors_see_the_comments_quoting_the_sentence_members_do_not(
    client, editor, member, segment
):
    comment = quote(segment, body="원문은 agentic 입니다")
    elsewhere = quote(segment.entry.segments.exclude(pk=segment.pk).first(), body="다른 문장 얘기")
    client.force_login(editor)
    html = panel(client, segment).content.decode()
    assert "원문은 agentic 입니다" in html and comment.get_absolute_url() in html
    assert "다른 문장 얘기" not in html
    assert f"?from_comment={comment.pk}" in html
    fragment = client.get(
        reverse("corrections:segment", args=[segment.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in fragment and "원문은 agentic 입니다" in fragment
    assert elsewhere.get_absolute_url() not in fragment
    client.force_login(member)
    assert "원문은 agentic 입니다" not in panel(client, segment).content.decode()


def test_hidden_comments_are_not_listed_in_the_panel(client, editor, segment):
    comment = quote(segment, body="가려질 댓글")
    comment_moderate(comment=comment, moderator=editor, action="hide", reason="규칙")
    client.force_login(editor)
    assert "가려질 댓글" not in panel(client, segment).content.decode()


def test_members_get_a_link_to_quote_the_sentence(client, member, segment):
    client.force_login(member)
    html = panel(client, segment).content.decode()
    entry = segment.entry
    expected = f"{entry.get_absolute_url()}?quote={segment.pk}#comment-form-entry-{entry.position}"
    assert expected in html
    client.logout()
    assert f"?quote={segment.pk}" not in panel(client, segment).content.decode()


def test_a_suggestion_from_a_comment_starts_prefilled(client, member, segment):
    author = seasoned(display_name="댓글쓴이")
    comment = quote(segment, body="숫자가 틀렸어요. " + "가" * 400, author=author)
    client.force_login(member)
    response = panel(client, segment, f"?from_comment={comment.pk}")
    html = response.content.decode()
    note = response.context["suggest_note"]
    assert note.startswith(f"From comment #{comment.pk} by 댓글쓴이: 숫자가 틀렸어요.")
    assert len(note) < 360 and note.endswith("…")
    assert note in html
    assert "autofocus" in html
    text = current_text(segment)
    assert f">{text}</textarea>" in html
    # The htmx fragment is prefilled too.
    fragment = client.get(
        reverse("corrections:segment", args=[segment.pk]) + f"?from_comment={comment.pk}",
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "<html" not in fragment and "From comment" in fragment


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "99999999999999999999999999", "١٢", "", "0"])
def test_junk_from_comment_is_ignored(client, member, segment, value):
    quote(segment)
    client.force_login(member)
    response = panel(client, segment, f"?from_comment={value}")
    assert response.status_code == 200
    assert "suggest_note" not in response.context
    assert "autofocus" not in response.content.decode()


def test_from_comment_needs_a_visible_comment_quoting_that_sentence(
    client, member, editor, segment
):
    other = segment.entry.segments.exclude(pk=segment.pk).first()
    wrong_sentence = quote(other)
    no_quote = comment_create(author=seasoned(), digest=segment.entry.digest, body="인용 없음")
    hidden = quote(segment)
    comment_moderate(comment=hidden, moderator=editor, action="hide", reason="규칙")
    client.force_login(member)
    for comment in (wrong_sentence, no_quote, hidden):
        response = panel(client, segment, f"?from_comment={comment.pk}")
        assert "suggest_note" not in response.context, comment


def test_review_queue_shows_comments_quoting_each_suggestion(client, editor, member, segment):
    suggestion_create(segment=segment, author=member, text=current_text(segment) + " 고침")
    comment = quote(segment, body="검토자가 봐야 할 댓글")
    client.force_login(editor)
    html = client.get(QUEUE).content.decode()
    assert "검토자가 봐야 할 댓글" in html and comment.get_absolute_url() in html
    pending = segment.suggestions.get()
    detail = client.get(reverse("corrections:review_suggestion", args=[pending.pk]))
    assert "검토자가 봐야 할 댓글" in detail.content.decode()


def test_a_quoting_comment_reads_as_its_markdown_renders_not_as_markup(
    client, editor, member, segment
):
    suggestion_create(segment=segment, author=member, text=current_text(segment) + " 고침")
    quote(segment, body="**어색한** 표현: `agentic` <script>x()</script>")
    client.force_login(editor)
    for page in (QUEUE, reverse("corrections:segment", args=[segment.pk])):
        html = client.get(page).content.decode()
        assert "<strong>어색한</strong>" in html and "<code>agentic</code>" in html
        assert "**어색한**" not in html and "<script>x()" not in html


@pytest.mark.parametrize("size", [1, 6])
def test_review_queue_query_count_is_flat_with_quoting_comments(
    client, editor, count_queries, size
):
    from tests.corrections.test_review_views import QUEUE_QUERIES

    digest = make_digest(slug=f"quotes-{size}", entries=size, sentences=2)
    author = UserFactory()
    for entry in digest.entries.all():
        for segment in entry.segments.all()[:2]:
            suggestion_create(segment=segment, author=author, text=current_text(segment) + " 고침")
            for n in range(size):
                quote(segment, body=f"댓글 {n}")
    client.force_login(editor)
    assert count_queries(lambda: client.get(QUEUE)) == QUEUE_QUERIES


def test_member_page_lists_comments_and_trust_and_moderation_link(client, editor, digest):
    person = seasoned(display_name="말많은")
    comments = [
        comment_create(author=person, digest=digest, body=f"내 댓글 {n}") for n in range(25)
    ]
    hidden = comments[0]
    comment_moderate(comment=hidden, moderator=editor, action="hide", reason="규칙 위반")
    url = reverse("corrections:contributions", args=[person.pk])

    html = client.get(url).content.decode()
    assert "내 댓글 24" in html and comments[24].get_absolute_url() in html
    assert "내 댓글 0" not in html  # hidden: readers do not see it
    assert person.get_trust_level_display() in html
    assert reverse("moderation:member", args=[person.pk]) not in html

    client.force_login(editor)
    html = client.get(url).content.decode()
    assert reverse("moderation:member", args=[person.pk]) in html
    assert "내 댓글 0" not in html  # newest first: the oldest is on the second page
    second = client.get(url + "?comments_page=2").content.decode()
    assert "내 댓글 0" in second and "규칙 위반" in second
    assert client.get(url + "?comments_page=abc").status_code == 200


def test_member_page_query_count_does_not_grow_with_comments(client, count_queries, digest):
    few, many = seasoned(), seasoned()
    for person, size in ((few, 2), (many, 12)):
        entry = digest.entries.first()
        for n in range(size):
            comment_create(author=person, digest=digest, entry=entry, body=f"댓글 {n}")

    def load(person):
        response = client.get(reverse("corrections:contributions", args=[person.pk]))
        assert response.status_code == 200

    load(few)
    assert count_queries(lambda: load(few)) == count_queries(lambda: load(many))
    assert Comment.objects.count() == 14

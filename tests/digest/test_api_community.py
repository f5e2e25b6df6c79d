"""The community API of interfaces.md §4: comments, likes, reports, moderation, suspensions
and `me/`, what each endpoint does, how it refuses, and its query counts."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import Suspension, TrustLevel, User
from accounts.services import moderator_grant, suspension_impose
from corrections.models import Flag
from digest.models import Comment, CommentEdit, CommentReport, Like
from digest.services.comments import comment_create, comment_edit
from digest.services.likes import like_set
from digest.services.moderation import comment_moderate, report_create
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

JSON = "application/json"
COMMENT_KEYS = {
    "id",
    "target",
    "parent",
    "author",
    "body",
    "html",
    "quote",
    "created_at",
    "edited_at",
    "status",
    "likes",
    "liked_by_me",
    "replies",
    # extensions
    "can",
    "url",
}


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def english(client):
    # Messages are asserted in English; the site's default language is Korean.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def seasoned(**kwargs) -> User:
    """A member past the new-member days: their links are not held."""
    return UserFactory(date_joined=timezone.now() - datetime.timedelta(days=30), **kwargs)


@pytest.fixture
def digest(db):
    return make_digest(slug="talk", entries=2, sentences=2)


@pytest.fixture
def entry(digest):
    return digest.entries.get(position=1)


@pytest.fixture
def writer(db):
    return seasoned(display_name="글쓴이")


@pytest.fixture
def reader(db):
    return seasoned(display_name="독자")


@pytest.fixture
def moderator(db):
    user = seasoned(display_name="관리자")
    moderator_grant(user=user)
    return user


def login(client, user):
    client.force_login(user)
    return client


def post(client, url, data=None, **extra):
    return client.post(url, data if data is not None else {}, content_type=JSON, **extra)


def patch(client, url, data, **extra):
    return client.patch(url, data, content_type=JSON, **extra)


def comments_url(digest=None, entry=None) -> str:
    if entry is not None:
        return f"/api/v1/entries/{entry.pk}/comments/"
    return f"/api/v1/digests/{digest.slug}/comments/"


def say(author, digest, body="좋은 글입니다.", **kwargs) -> Comment:
    return comment_create(author=author, digest=digest, body=body, **kwargs)


def suspend(member, *, until=None):
    admin = User.objects.filter(email="admin@example.com").first()
    if admin is None:
        admin = User.objects.create_superuser("admin@example.com", "pw")
    return suspension_impose(member=member, moderator=admin, until=until, reason="도배")


# --- reading threads -----------------------------------------------------------------------


def test_digest_thread_lists_top_level_comments_oldest_first_with_replies(
    client, digest, entry, writer, reader
):
    first = say(writer, digest, "첫 댓글")
    second = say(reader, digest, "둘째 댓글")
    reply = say(reader, digest, "답글", parent=first)
    say(writer, digest, "항목 댓글", entry=entry)

    body = client.get(comments_url(digest)).json()

    assert [c["id"] for c in body] == [first.pk, second.pk]
    assert [r["id"] for r in body[0]["replies"]] == [reply.pk]
    top = body[0]
    assert set(top) == COMMENT_KEYS
    assert top["target"] == {"type": "digest", "id": "talk", "digest": "talk"}
    assert top["parent"] is None
    assert top["author"] == {"id": writer.pk, "name": "글쓴이"}
    assert top["body"] == "첫 댓글"
    assert top["html"].startswith("<p>") and "첫 댓글" in top["html"]
    assert top["quote"] is None
    assert top["status"] == "visible"
    assert top["likes"] == 0 and top["liked_by_me"] is False
    assert top["edited_at"] is None
    assert top["replies"][0]["parent"] == first.pk
    assert top["replies"][0]["replies"] == []


def test_entry_thread_lists_only_that_entrys_comments(client, digest, entry, writer):
    say(writer, digest, "다이제스트 댓글")
    other = digest.entries.get(position=2)
    on_entry = say(writer, digest, "항목 1 댓글", entry=entry)
    say(writer, digest, "항목 2 댓글", entry=other)

    body = client.get(comments_url(entry=entry)).json()

    assert [c["id"] for c in body] == [on_entry.pk]
    assert body[0]["target"] == {"type": "entry", "id": entry.pk, "digest": "talk"}


def test_readers_see_placeholders_and_moderators_see_everything(
    client, digest, writer, reader, moderator
):
    hidden = say(writer, digest, "숨겨질 댓글")
    reply = say(reader, digest, "답글", parent=hidden)
    comment_moderate(comment=hidden, moderator=moderator, action="hide", reason="무례함")

    as_visitor = client.get(comments_url(digest)).json()
    assert as_visitor[0]["id"] == hidden.pk
    assert as_visitor[0]["status"] == "hidden"
    assert as_visitor[0]["body"] is None and as_visitor[0]["html"] is None
    assert as_visitor[0]["replies"][0]["body"] == "답글"

    as_moderator = login(client, moderator).get(comments_url(digest)).json()
    assert as_moderator[0]["body"] == "숨겨질 댓글"
    assert as_moderator[0]["html"]
    assert as_moderator[0]["replies"][0]["id"] == reply.pk


def test_a_hidden_comment_without_replies_is_left_out_for_readers(
    client, digest, writer, moderator
):
    hidden = say(writer, digest, "숨겨질 댓글")
    comment_moderate(comment=hidden, moderator=moderator, action="hide", reason="무례함")
    assert client.get(comments_url(digest)).json() == []
    assert [c["id"] for c in login(client, moderator).get(comments_url(digest)).json()] == [
        hidden.pk
    ]


def test_unknown_and_draft_threads_are_404(client, writer, editor):
    draft = make_digest(slug="draft", status="draft")
    draft_entry = draft.entries.first()
    for url in [
        "/api/v1/digests/nope/comments/",
        "/api/v1/entries/999999/comments/",
        "/api/v1/entries/99999999999999999999999999/comments/",
        comments_url(draft),
        comments_url(entry=draft_entry),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Not found."}
    login(client, writer)
    assert post(client, comments_url(draft), {"body": "초안에 댓글"}).status_code == 404
    login(client, editor)
    assert client.get(comments_url(draft)).status_code == 200
    assert post(client, comments_url(draft), {"body": "편집자 댓글"}).status_code == 201


# --- posting -------------------------------------------------------------------------------


def test_member_posts_a_comment_and_a_reply(client, digest, writer):
    login(client, writer)
    response = post(client, comments_url(digest), {"body": "**굵게** 말합니다."})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == COMMENT_KEYS
    assert body["status"] == "visible"
    assert body["body"] == "**굵게** 말합니다."
    assert "<strong>굵게</strong>" in body["html"]
    assert body["author"]["id"] == writer.pk
    assert body["can"]["edit"] and body["can"]["delete"] and not body["can"]["like"]

    reply = post(client, comments_url(digest), {"body": "덧붙임", "parent": body["id"]})
    assert reply.status_code == 201
    assert reply.json()["parent"] == body["id"]
    # A reply to the reply joins the same thread.
    deeper = post(client, comments_url(digest), {"body": "또", "parent": reply.json()["id"]})
    assert deeper.json()["parent"] == body["id"]
    assert Comment.objects.count() == 3


def test_entry_comment_quotes_a_sentence(client, digest, entry, writer):
    segment = entry.segments.get(field="summary", position=0)
    response = post(
        login(client, writer),
        comments_url(entry=entry),
        {"body": "이 문장이 어색해요.", "quote_segment": segment.pk},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["target"] == {"type": "entry", "id": entry.pk, "digest": "talk"}
    assert body["quote"]["segment"] == segment.pk
    assert "6.94%" in body["quote"]["text"]


def test_a_new_members_link_is_held(client, digest, member, reader):
    response = post(
        login(client, member),
        comments_url(digest),
        {"body": "여기 보세요 https://spam.example.com/"},
    )
    assert response.status_code == 201
    held = response.json()
    assert held["status"] == "held"
    assert held["body"]  # the author still reads it
    # Readers do not see it at all.
    assert login(client, reader).get(comments_url(digest)).json() == []


def test_replies_and_quotes_must_belong_to_the_discussion(client, digest, entry, writer):
    on_digest = say(writer, digest, "다이제스트 댓글")
    elsewhere = make_digest(slug="elsewhere").entries.first().segments.first()
    login(client, writer)
    cases = [
        ({"body": "답", "parent": on_digest.pk}, comments_url(entry=entry), "same discussion"),
        ({"body": "답", "parent": 999999}, comments_url(digest), "no such comment"),
        ({"body": "답", "parent": 10**30}, comments_url(digest), "parent"),
        ({"body": "인용", "quote_segment": elsewhere.pk}, comments_url(digest), "not part"),
        ({"body": "인용", "quote_segment": 999999}, comments_url(digest), "no such sentence"),
    ]
    for data, url, message in cases:
        response = post(client, url, data)
        assert response.status_code == 400, data
        assert (
            message in response.json()["detail"].lower() or message in response.json()["detail"]
        ), (data, response.json())
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "required"),
        ({"body": ""}, "blank"),
        ({"body": "   "}, "blank"),
        ({"body": None}, "null"),
        ({"body": 5}, "valid string"),
        ({"body": ["a"]}, "valid string"),
        ({"body": "bad \x00 null"}, "null characters"),
        ({"body": "bad \ud800 surrogate"}, "surrogate"),
        ({"body": "가" * 5001}, "too long"),
        ({"body": "좋아요", "parent": "one"}, "valid integer"),
        ({"body": "좋아요", "parent": 1e300}, "parent"),
        ({"body": "좋아요", "quote_segment": [1]}, "valid integer"),
    ],
)
def test_bad_comment_bodies_are_400_and_post_nothing(client, digest, writer, data, message):
    response = post(login(client, writer), comments_url(digest), data)
    assert response.status_code == 400
    assert message in response.json()["detail"].lower()
    assert not Comment.objects.exists()


def test_visitors_writing_get_401_with_a_token_challenge(client, digest, entry, writer):
    comment = say(writer, digest)
    for method, url in [
        ("post", comments_url(digest)),
        ("post", comments_url(entry=entry)),
        ("patch", f"/api/v1/comments/{comment.pk}/"),
        ("delete", f"/api/v1/comments/{comment.pk}/"),
        ("put", f"/api/v1/comments/{comment.pk}/like/"),
        ("put", f"/api/v1/digests/{digest.slug}/like/"),
        ("delete", f"/api/v1/entries/{entry.pk}/like/"),
        ("post", f"/api/v1/comments/{comment.pk}/reports/"),
        ("post", f"/api/v1/comments/{comment.pk}/moderate/"),
        ("get", "/api/v1/moderation/queue/"),
        ("post", f"/api/v1/members/{writer.pk}/suspension/"),
        ("get", "/api/v1/me/"),
    ]:
        response = getattr(client, method)(url, {"body": "x"}, content_type=JSON)
        assert response.status_code == 401, (method, url)
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["detail"]
    assert Comment.objects.count() == 1 and not Like.objects.exists()


def test_members_without_a_verified_address_get_403(client, digest, writer):
    comment = say(writer, digest)
    login(client, UserFactory(verified=False))
    for response in [
        post(client, comments_url(digest), {"body": "안녕하세요"}),
        client.put(f"/api/v1/comments/{comment.pk}/like/"),
        post(client, f"/api/v1/comments/{comment.pk}/reports/", {"reason": "spam"}),
        client.get("/api/v1/me/"),
    ]:
        assert response.status_code == 403
        assert "verified email" in response.json()["detail"]
    assert Comment.objects.count() == 1 and not Like.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        "[1, 2, 3]",
        "null",
        '"a string"',
        '{"body": 1e400, "reason": 1e400, "action": 1e400, "until": 1e400}',
        '{"body": NaN}',
        '{"body": {"nested": []}, "parent": [1], "reason": {}, "until": [], "action": []}',
        "[" * 100_000,
        '{"body": ' + "[" * 50 + "]" * 50 + "}",
        b"\xff\xfe garbage",
    ],
)
def test_junk_bodies_get_400_json_never_500(client, digest, entry, writer, moderator, raw):
    comment = say(writer, digest)
    login(client, moderator)
    urls = [
        comments_url(digest),
        comments_url(entry=entry),
        f"/api/v1/comments/{comment.pk}/reports/",
        f"/api/v1/comments/{comment.pk}/moderate/",
        f"/api/v1/members/{writer.pk}/suspension/",
        # The guard against deep nesting covers the corrections API as well.
        f"/api/v1/segments/{entry.segments.first().pk}/flags/",
    ]
    for url in urls:
        response = client.post(url, raw, content_type=JSON)
        assert response.status_code == 400, (url, response.content)
        assert response.json()["detail"], url
    login(client, writer)
    response = client.patch(f"/api/v1/comments/{comment.pk}/", raw, content_type=JSON)
    assert response.status_code == 400, response.content
    assert Comment.objects.count() == 1
    assert not CommentReport.objects.exists() and not Suspension.objects.exists()
    assert not Flag.objects.exists()


# --- editing and deleting ------------------------------------------------------------------


def test_author_edits_within_the_window(client, digest, writer, reader):
    comment = say(writer, digest, "처음 글")
    reply = say(reader, digest, "답글", parent=comment)
    response = patch(login(client, writer), f"/api/v1/comments/{comment.pk}/", {"body": "고친 글"})
    assert response.status_code == 200
    body = response.json()
    assert body["body"] == "고친 글" and body["edited_at"] is not None
    assert [r["id"] for r in body["replies"]] == [reply.pk]
    assert CommentEdit.objects.get(comment=comment).body == "처음 글"


def test_edits_by_others_or_too_late_are_refused(client, digest, writer, reader):
    comment = say(writer, digest, "처음 글")
    response = patch(login(client, reader), f"/api/v1/comments/{comment.pk}/", {"body": "남의 글"})
    assert response.status_code == 403
    assert "author" in response.json()["detail"]
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    response = patch(login(client, writer), f"/api/v1/comments/{comment.pk}/", {"body": "늦게"})
    assert response.status_code == 403
    assert "24 hours" in response.json()["detail"]
    comment.refresh_from_db()
    assert comment.body == "처음 글" and not CommentEdit.objects.exists()


def test_author_deletes_softly(client, digest, writer, reader):
    comment = say(writer, digest, "지울 글")
    say(reader, digest, "답글", parent=comment)
    assert client.delete(f"/api/v1/comments/{comment.pk}/").status_code == 401
    response = login(client, reader).delete(f"/api/v1/comments/{comment.pk}/")
    assert response.status_code == 403
    response = login(client, writer).delete(f"/api/v1/comments/{comment.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "deleted"
    assert body["body"] is None and len(body["replies"]) == 1
    assert Comment.objects.get(pk=comment.pk).body == "지울 글"
    # Deleting again changes nothing.
    again = client.delete(f"/api/v1/comments/{comment.pk}/")
    assert again.status_code == 200 and again.json()["status"] == "deleted"


def test_unknown_comments_are_404(client, writer):
    login(client, writer)
    for url in ["/api/v1/comments/999999/", "/api/v1/comments/99999999999999999999999999/"]:
        assert patch(client, url, {"body": "x"}).status_code == 404
        assert client.delete(url).status_code == 404
        assert client.put(url + "like/").status_code == 404
        assert post(client, url + "reports/", {"reason": "spam"}).status_code == 404


# --- likes ---------------------------------------------------------------------------------


def test_liking_is_idempotent_and_counted(client, digest, entry, writer, reader):
    comment = say(writer, digest)
    login(client, reader)
    for url in [
        f"/api/v1/comments/{comment.pk}/like/",
        f"/api/v1/digests/{digest.slug}/like/",
        f"/api/v1/entries/{entry.pk}/like/",
    ]:
        assert client.put(url).json() == {"liked": True, "likes": 1}
        assert client.put(url).json() == {"liked": True, "likes": 1}
        assert client.delete(url).json() == {"liked": False, "likes": 0}
        assert client.delete(url).json() == {"liked": False, "likes": 0}
        assert client.put(url).json() == {"liked": True, "likes": 1}
    assert Like.objects.filter(user=reader).count() == 3
    thread = client.get(comments_url(digest)).json()
    assert thread[0]["likes"] == 1 and thread[0]["liked_by_me"] is True


def test_nobody_likes_their_own_comment(client, digest, writer):
    comment = say(writer, digest)
    response = login(client, writer).put(f"/api/v1/comments/{comment.pk}/like/")
    assert response.status_code == 403
    assert "own comment" in response.json()["detail"]
    assert not Like.objects.exists()


def test_drafts_cannot_be_liked_by_readers(client, reader, editor):
    draft = make_digest(slug="draft", status="draft")
    login(client, reader)
    assert client.put("/api/v1/digests/draft/like/").status_code == 404
    assert client.put(f"/api/v1/entries/{draft.entries.first().pk}/like/").status_code == 404
    assert not Like.objects.exists()
    assert login(client, editor).put("/api/v1/digests/draft/like/").json()["likes"] == 1


def test_digest_and_entry_objects_carry_likes_and_comment_counts(
    client, digest, entry, writer, reader
):
    say(writer, digest, "다이제스트 댓글")
    say(writer, digest, "항목 댓글", entry=entry)
    held = say(writer, digest, "숨김", entry=entry)
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.HELD)
    like_set(user=reader, target=digest, liked=True)
    like_set(user=reader, target=entry, liked=True)
    like_set(user=writer, target=entry, liked=True)

    listed = client.get("/api/v1/digests/").json()["results"][0]
    assert listed["likes"] == 1 and listed["comments"] == 2
    detail = login(client, reader).get("/api/v1/digests/talk/").json()
    assert detail["likes"] == 1 and detail["comments"] == 2 and detail["liked_by_me"] is True
    first, second = detail["entries"]
    assert (first["likes"], first["comments"], first["liked_by_me"]) == (2, 1, True)
    assert (second["likes"], second["comments"], second["liked_by_me"]) == (0, 0, False)


# --- reports -------------------------------------------------------------------------------


def test_member_reports_a_comment(client, digest, writer, reader):
    comment = say(writer, digest)
    url = f"/api/v1/comments/{comment.pk}/reports/"
    response = post(login(client, reader), url, {"reason": "spam", "note": "광고"})
    assert response.status_code == 201
    assert response.json() == {"status": "visible"}
    report = CommentReport.objects.get()
    assert (report.reporter, report.reason, report.note) == (reader, "spam", "광고")
    again = post(client, url, {"reason": "abuse"})
    assert again.status_code == 409
    assert CommentReport.objects.count() == 1


def test_a_moderators_report_hides_at_once(client, digest, writer, moderator):
    comment = say(writer, digest)
    response = post(
        login(client, moderator), f"/api/v1/comments/{comment.pk}/reports/", {"reason": "abuse"}
    )
    assert response.json() == {"status": "hidden"}


@pytest.mark.parametrize(
    "data", [{}, {"reason": "boring"}, {"reason": "spam", "note": 5}, {"reason": None}]
)
def test_bad_reports_are_400(client, digest, writer, reader, data):
    comment = say(writer, digest)
    response = post(login(client, reader), f"/api/v1/comments/{comment.pk}/reports/", data)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not CommentReport.objects.exists()


def test_nobody_reports_their_own_comment(client, digest, writer):
    comment = say(writer, digest)
    response = post(
        login(client, writer), f"/api/v1/comments/{comment.pk}/reports/", {"reason": "spam"}
    )
    assert response.status_code == 403
    assert not CommentReport.objects.exists()


# --- moderation ----------------------------------------------------------------------------


def test_moderation_queue_lists_held_and_reported_comments_with_reports(
    client, digest, member, writer, reader, moderator
):
    held = say(member, digest, "링크 https://example.com/")
    reported = say(writer, digest, "신고될 글")
    fine = say(writer, digest, "평범한 글")
    comment_edit(comment=reported, author=writer, body="신고될 글 (고침)")
    report_create(comment=reported, reporter=reader, reason="off_topic", note="주제 밖")

    assert login(client, reader).get("/api/v1/moderation/queue/").status_code == 403
    body = login(client, moderator).get("/api/v1/moderation/queue/").json()
    assert body["count"] == 2
    items = {item["id"]: item for item in body["results"]}
    assert set(items) == {held.pk, reported.pk}
    assert fine.pk not in items
    assert items[held.pk]["status"] == "held" and items[held.pk]["body"]
    item = items[reported.pk]
    assert item["open_reports"] == 1
    (report,) = item["reports"]
    assert report["reporter"] == {"id": reader.pk, "name": "독자"}
    assert (report["reason"], report["note"]) == ("off_topic", "주제 밖")
    assert report["created_at"]
    assert [e["body"] for e in item["edits"]] == ["신고될 글"]
    assert item["body"] == "신고될 글 (고침)"
    assert "replies" not in item


def test_moderator_hides_restores_and_removes(client, digest, writer, reader, moderator):
    comment = say(writer, digest)
    url = f"/api/v1/comments/{comment.pk}/moderate/"
    login(client, moderator)
    response = post(client, url, {"action": "hide"})
    assert response.status_code == 400
    assert "reason" in response.json()["detail"].lower()
    comment.refresh_from_db()
    assert comment.status == "visible"

    response = post(client, url, {"action": "hide", "reason": "무례함"})
    assert response.status_code == 200
    assert response.json()["status"] == "hidden" and response.json()["body"]
    assert post(client, url, {"action": "restore"}).json()["status"] == "visible"
    assert post(client, url, {"action": "remove", "reason": "광고"}).json()["status"] == "removed"
    assert post(client, url, {"action": "explode"}).status_code == 400


def test_members_cannot_moderate(client, digest, writer, reader):
    comment = say(writer, digest)
    response = post(
        login(client, reader),
        f"/api/v1/comments/{comment.pk}/moderate/",
        {"action": "hide", "reason": "싫어서"},
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == "visible"


# --- suspensions ---------------------------------------------------------------------------


def test_moderator_suspends_until_a_time_read_in_the_site_zone(client, reader, moderator):
    url = f"/api/v1/members/{reader.pk}/suspension/"
    response = post(
        login(client, moderator), url, {"until": "2099-01-02T09:00:00", "reason": "도배"}
    )
    assert response.status_code == 201, response.json()
    suspension = Suspension.objects.get(member=reader)
    seoul = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    assert suspension.ends_at == datetime.datetime(2099, 1, 2, 9, tzinfo=seoul)
    body = response.json()
    assert body["member"] == {"id": reader.pk, "name": "독자"}
    assert body["reason"] == "도배" and body["lifted_at"] is None
    assert body["until"].startswith("2099-01-02T09:00:00")

    # An offset is honoured; the new suspension replaces the old one.
    response = post(client, url, {"until": "2099-01-02T00:00:00Z", "reason": "도배"})
    assert response.status_code == 201
    assert Suspension.objects.in_force().get(member=reader).ends_at == datetime.datetime(
        2099, 1, 2, tzinfo=datetime.UTC
    )

    lifted = client.delete(url)
    assert lifted.status_code == 200 and lifted.json()["lifted_at"]
    assert not Suspension.objects.in_force().filter(member=reader).exists()
    again = client.delete(url)
    assert again.status_code == 400
    assert "not suspended" in again.json()["detail"]


def test_indefinite_suspension(client, reader, moderator):
    response = post(
        login(client, moderator),
        f"/api/v1/members/{reader.pk}/suspension/",
        {"until": None, "reason": "반복 위반"},
    )
    assert response.status_code == 201
    assert response.json()["until"] is None
    assert Suspension.objects.in_force().get(member=reader).ends_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "도배"}, "required"),
        ({"until": "tomorrow", "reason": "도배"}, "datetime"),
        ({"until": "2099-13-01T00:00", "reason": "도배"}, "datetime"),
        ({"until": "2099-02-30T00:00", "reason": "도배"}, "datetime"),
        ({"until": 4102444800, "reason": "도배"}, "datetime"),
        ({"until": "9999-12-31T23:59:59-12:00", "reason": "도배"}, "out of range"),
        ({"until": "2001-01-01T00:00:00Z", "reason": "도배"}, "future"),
        ({"until": "2099-01-01T00:00:00Z"}, "required"),
        ({"until": "2099-01-01T00:00:00Z", "reason": ""}, "blank"),
        ({"until": "2099-01-01T00:00:00Z", "reason": "가" * 2001}, "too long"),
    ],
)
def test_bad_suspensions_are_400(client, reader, moderator, data, message):
    response = post(login(client, moderator), f"/api/v1/members/{reader.pk}/suspension/", data)
    assert response.status_code == 400, response.json()
    assert message in response.json()["detail"].lower()
    assert not Suspension.objects.exists()


def test_suspension_refusals(client, reader, moderator, editor):
    login(client, moderator)
    data = {"until": None, "reason": "도배"}
    response = post(client, f"/api/v1/members/{editor.pk}/suspension/", data)
    assert response.status_code == 403
    assert post(client, f"/api/v1/members/{moderator.pk}/suspension/", data).status_code == 403
    assert post(client, "/api/v1/members/999999/suspension/", data).status_code == 404
    big = "/api/v1/members/99999999999999999999999999/suspension/"
    assert post(client, big, data).status_code == 404
    login(client, reader)
    assert post(client, f"/api/v1/members/{moderator.pk}/suspension/", data).status_code == 403
    assert not Suspension.objects.exists()


def test_suspended_members_writes_are_refused_naming_the_end(client, digest, entry, writer):
    comment = say(writer, digest)
    suspended = seasoned()
    suspend(suspended, until=datetime.datetime(2099, 3, 4, 5, 6, tzinfo=datetime.UTC))
    token = Token.objects.create(user=suspended)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    segment = entry.segments.first()
    responses = [
        post(client, comments_url(digest), {"body": "말 좀 할게요"}, **auth),
        post(client, comments_url(entry=entry), {"body": "말 좀 할게요"}, **auth),
        client.put(f"/api/v1/comments/{comment.pk}/like/", **auth),
        client.put(f"/api/v1/digests/{digest.slug}/like/", **auth),
        post(client, f"/api/v1/comments/{comment.pk}/reports/", {"reason": "spam"}, **auth),
        post(client, f"/api/v1/segments/{segment.pk}/flags/", {"reason": "typo"}, **auth),
    ]
    for response in responses:
        assert response.status_code == 403, response.content
        # 05:06 UTC is 14:06 in Seoul.
        assert "2099-03-04 14:06" in response.json()["detail"], response.json()
    assert Comment.objects.count() == 1 and not Like.objects.exists()
    assert not CommentReport.objects.exists() and not Flag.objects.exists()
    # Reading still works.
    assert client.get(comments_url(digest), **auth).status_code == 200


# --- me ------------------------------------------------------------------------------------


def test_me_shows_roles_trust_and_no_suspension(client, moderator, member):
    body = login(client, member).get("/api/v1/me/").json()
    assert body == {
        "id": member.pk,
        "name": member.public_name,
        "email": member.email,
        "roles": ["member"],
        "trust_level": "new",
        "suspended": False,
        "suspended_until": None,
    }
    assert login(client, moderator).get("/api/v1/me/").json()["roles"] == [
        "member",
        "moderator",
    ]


def test_me_shows_time_based_promotion(client, db):
    old_hand = seasoned()
    assert old_hand.trust_level == TrustLevel.NEW  # as stored, before anything recomputed it
    assert login(client, old_hand).get("/api/v1/me/").json()["trust_level"] == "member"
    old_hand.refresh_from_db()
    assert old_hand.trust_level == TrustLevel.MEMBER


def test_me_shows_editor_roles(client, editor):
    assert login(client, editor).get("/api/v1/me/").json()["roles"] == [
        "member",
        "moderator",
        "editor",
    ]


def test_me_shows_suspensions(client, reader):
    suspend(reader, until=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))
    body = login(client, reader).get("/api/v1/me/").json()
    assert body["suspended"] is True
    assert body["suspended_until"].startswith("2099-01-01T09:00:00")

    other = seasoned()
    suspend(other, until=None)
    body = login(client, other).get("/api/v1/me/").json()
    assert body["suspended"] is True and body["suspended_until"] is None


# --- limits --------------------------------------------------------------------------------


def test_over_the_comment_limit_is_429_with_retry_after(client, digest, writer):
    limits = {**settings.GYOJEONG_RATE_LIMITS, "comment": (2, 3600)}
    login(client, writer)
    with override_settings(GYOJEONG_RATE_LIMITS=limits):
        for _ in range(2):
            assert post(client, comments_url(digest), {"body": "또 씁니다"}).status_code == 201
        response = post(client, comments_url(digest), {"body": "한 번 더"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "limit of 2" in response.json()["detail"]
    assert Comment.objects.count() == 2


def test_over_the_like_limit_is_429_with_retry_after(client, digest, entry, reader):
    limits = {**settings.GYOJEONG_RATE_LIMITS, "like": (1, 3600)}
    login(client, reader)
    with override_settings(GYOJEONG_RATE_LIMITS=limits):
        assert client.put(f"/api/v1/digests/{digest.slug}/like/").status_code == 200
        response = client.put(f"/api/v1/entries/{entry.pk}/like/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Like.objects.count() == 1


# --- query counts --------------------------------------------------------------------------


def build_discussion(size: int, digest, entry, moderator):
    """`size` digest comments and `size` entry comments (every other one a reply), each liked
    by the moderator and by another member, reported, edited and some of them held."""
    authors = [seasoned() for _ in range(3)]
    now = timezone.now()

    def comments_on(target_entry):
        tops = Comment.objects.bulk_create(
            Comment(
                digest=digest,
                entry=target_entry,
                author=authors[n % 3],
                body=f"댓글 {n}",
                body_html=f"<p>댓글 {n}</p>",
                status=Comment.Status.HELD if n % 5 == 0 else Comment.Status.VISIBLE,
                last_activity_at=now,
            )
            for n in range((size + 1) // 2)
        )
        replies = Comment.objects.bulk_create(
            Comment(
                digest=digest,
                entry=target_entry,
                parent=tops[n % len(tops)],
                author=authors[(n + 1) % 3],
                body=f"답글 {n}",
                body_html=f"<p>답글 {n}</p>",
                last_activity_at=now,
            )
            for n in range(size // 2)
        )
        return tops + replies

    comments = comments_on(None) + comments_on(entry)
    Like.objects.bulk_create(
        [Like(user=moderator, comment=c) for c in comments]
        + [Like(user=authors[0], comment=c) for c in comments]
    )
    CommentReport.objects.bulk_create(
        CommentReport(comment=c, reporter=authors[1], reason="spam") for c in comments
    )
    CommentEdit.objects.bulk_create(CommentEdit(comment=c, body="예전 글") for c in comments)


@pytest.mark.parametrize("size", [1, 200])
def test_community_reads_have_flat_query_counts(client, count_queries, moderator, size):
    digest = make_digest(slug="sized", entries=2)
    entry = digest.entries.get(position=1)
    build_discussion(size, digest, entry, moderator)
    login(client, moderator)

    def fetch(url):
        response = client.get(url)
        assert response.status_code == 200
        return response

    counts = {
        "digest": count_queries(lambda: fetch(comments_url(digest))),
        "entry": count_queries(lambda: fetch(comments_url(entry=entry))),
        "queue": count_queries(lambda: fetch("/api/v1/moderation/queue/")),
    }
    assert counts == {"digest": 8, "entry": 8, "queue": 10}
    # The moderator sees every comment and its replies.
    top_level = (size + 1) // 2
    assert len(client.get(comments_url(digest)).json()) == top_level


@pytest.mark.parametrize("size", [0, 200])
def test_visitors_thread_reads_have_flat_query_counts(client, count_queries, moderator, size):
    digest = make_digest(slug="sized", entries=2)
    entry = digest.entries.get(position=1)
    build_discussion(size, digest, entry, moderator)
    assert count_queries(lambda: client.get(comments_url(digest))) == 2
    assert count_queries(lambda: client.get(comments_url(entry=entry))) == 2
    assert count_queries(lambda: client.get("/api/v1/digests/sized/")) == 4
    assert count_queries(lambda: client.get("/api/v1/digests/")) == 2

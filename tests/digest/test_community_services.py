"""Comments, likes, reports and moderation as docs/community.md promises them.

Written against the services' signatures only. Notifications and email go out when the
transaction commits, so every write that should tell someone runs inside `committed`.
"""

import contextlib
import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from accounts.models import Notification, TrustLevel, User
from accounts.services import editor_grant, moderator_grant, trust_level_refresh
from core.errors import Conflict, DomainError, InvalidInput, NotAllowed, RateLimited
from core.models import AuditEvent
from corrections.services.segments import current_text
from digest.models import Comment, CommentEdit, CommentReport, Like
from digest.services.comments import comment_create, comment_delete, comment_edit
from digest.services.likes import like_set
from digest.services.moderation import comment_moderate, report_create
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

PRODUCTION_RATE_LIMITS = {
    "flag": (30, 3600),
    "suggestion": (30, 3600),
    "vote": (120, 3600),
    "comment_new": (3, 86400),
    "comment": (20, 3600),
    "comment_trusted": (60, 3600),
    "like": (300, 3600),
    "report": (20, 3600),
}


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the services schedule for commit (notifications, email), as a request would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def established(user: User | None = None, **kwargs) -> User:
    """A member whose new-member days are over (links are not held, mentions notify)."""
    user = user or UserFactory(**kwargs)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - datetime.timedelta(days=10))
    user.refresh_from_db()
    trust_level_refresh(user=user)
    user.refresh_from_db()
    assert user.trust_level == TrustLevel.MEMBER
    return user


def trusted(user: User | None = None) -> User:
    user = established(user)
    User.objects.filter(pk=user.pk).update(
        trust_level=TrustLevel.TRUSTED, trust_level_override=TrustLevel.TRUSTED
    )
    user.refresh_from_db()
    return user


def comments_setting(**changes):
    return override_settings(GYOJEONG_COMMENTS={**settings.GYOJEONG_COMMENTS, **changes})


def audits_of(obj) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
        ).order_by("id")
    )


def snapshot() -> dict[str, int]:
    return {
        "comments": Comment.objects.count(),
        "edits": CommentEdit.objects.count(),
        "likes": Like.objects.count(),
        "reports": CommentReport.objects.count(),
        "audit": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
    }


@pytest.fixture
def digest(db):
    return make_digest(slug="community", entries=2, sentences=1)


@pytest.fixture
def writer(db):
    return established(display_name="글쓴이")


@pytest.fixture
def reader(db):
    return established(display_name="읽는이")


@pytest.fixture
def moderator(db):
    user = UserFactory(display_name="관리자")
    moderator_grant(user=user)
    return user


@pytest.fixture
def comment(digest, writer):
    return comment_create(author=writer, digest=digest, body="첫 댓글입니다.")


# --- comments -------------------------------------------------------------------------------


def test_comment_on_the_digest_and_on_an_entry(digest, writer):
    entry = digest.entries.get(position=2)
    on_digest = comment_create(author=writer, digest=digest, body="전체 글에 대한 의견")
    on_entry = comment_create(author=writer, digest=digest, entry=entry, body="이 항목은 **좋다**")
    assert on_digest.entry is None and on_digest.parent is None
    assert on_digest.status == Comment.Status.VISIBLE
    assert on_entry.entry == entry
    on_entry.refresh_from_db()
    assert on_entry.body == "이 항목은 **좋다**"
    assert "<strong>좋다</strong>" in on_entry.body_html


def test_reply_to_a_reply_joins_the_thread_root(digest, writer, reader):
    root = comment_create(author=writer, digest=digest, body="뿌리")
    reply = comment_create(author=reader, digest=digest, body="답글", parent=root)
    reply_to_reply = comment_create(author=writer, digest=digest, body="답글의 답글", parent=reply)
    assert reply.parent == root
    assert reply_to_reply.parent == root
    assert Comment.objects.filter(parent=reply).count() == 0


def test_a_reply_moves_the_thread_s_latest_activity(digest, writer, reader):
    root = comment_create(author=writer, digest=digest, body="뿌리")
    long_ago = timezone.now() - datetime.timedelta(days=3)
    Comment.objects.filter(pk=root.pk).update(created_at=long_ago, last_activity_at=long_ago)
    reply = comment_create(author=reader, digest=digest, body="답글", parent=root)
    root.refresh_from_db()
    assert root.last_activity_at > long_ago + datetime.timedelta(days=2)
    assert abs(root.last_activity_at - reply.created_at) < datetime.timedelta(seconds=5)


def test_empty_or_overlong_bodies_are_refused(digest, writer):
    before = snapshot()
    for body in ("", "   \n\t "):
        with pytest.raises(InvalidInput):
            comment_create(author=writer, digest=digest, body=body)
    with pytest.raises(InvalidInput):
        comment_create(
            author=writer, digest=digest, body="가" * (settings.GYOJEONG_COMMENTS["MAX_LENGTH"] + 1)
        )
    assert snapshot() == before


def test_visitors_cannot_comment(digest):
    with pytest.raises(NotAllowed):
        comment_create(author=AnonymousUser(), digest=digest, body="익명")
    assert Comment.objects.count() == 0


def test_a_filled_honeypot_leaves_no_visible_comment(digest, writer):
    with contextlib.suppress(DomainError):
        comment_create(author=writer, digest=digest, body="봇입니다", honeypot="http://spam")
    assert not Comment.objects.visible().filter(body="봇입니다").exists()


def test_a_quote_keeps_the_sentence_as_it_read(digest, writer):
    entry = digest.entries.get(position=1)
    segment = entry.segments.get(field="summary", position=0)
    comment = comment_create(
        author=writer,
        digest=digest,
        entry=entry,
        body="이 문장이 어색합니다",
        quote_segment=segment,
    )
    comment.refresh_from_db()
    assert comment.quote_segment == segment
    assert comment.quote_text == current_text(segment)


# --- editing and deleting -------------------------------------------------------------------


def test_author_edits_within_the_window_and_earlier_texts_are_kept(comment, writer):
    comment_edit(comment=comment, author=writer, body="고친 댓글 *하나*")
    comment_edit(comment=Comment.objects.get(pk=comment.pk), author=writer, body="다시 고친 댓글")
    comment.refresh_from_db()
    assert comment.body == "다시 고친 댓글"
    assert "다시 고친 댓글" in comment.body_html
    assert comment.edited_at is not None
    assert list(comment.edits.values_list("body", flat=True)) == [
        "첫 댓글입니다.",
        "고친 댓글 *하나*",
    ]


def test_edit_after_the_window_is_refused(comment, writer):
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    comment.refresh_from_db()
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        comment_edit(comment=comment, author=writer, body="너무 늦은 수정")
    assert not isinstance(refused.value, RateLimited)
    comment.refresh_from_db()
    assert comment.body == "첫 댓글입니다." and comment.edited_at is None
    assert snapshot() == before


def test_the_edit_window_follows_the_setting(digest, writer):
    with comments_setting(EDIT_WINDOW_HOURS=1):
        recent = comment_create(author=writer, digest=digest, body="30분 전")
        old = comment_create(author=writer, digest=digest, body="두 시간 전")
        now = timezone.now()
        Comment.objects.filter(pk=recent.pk).update(created_at=now - datetime.timedelta(minutes=30))
        Comment.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(hours=2))
        comment_edit(comment=Comment.objects.get(pk=recent.pk), author=writer, body="고침")
        with pytest.raises(DomainError):
            comment_edit(comment=Comment.objects.get(pk=old.pk), author=writer, body="고침")
    assert Comment.objects.get(pk=recent.pk).body == "고침"
    assert Comment.objects.get(pk=old.pk).body == "두 시간 전"


def test_only_the_author_edits_or_deletes(comment, reader, moderator):
    before = snapshot()
    for someone in (reader, moderator):
        with pytest.raises(NotAllowed):
            comment_edit(comment=comment, author=someone, body="남의 글 수정")
        with pytest.raises(NotAllowed):
            comment_delete(comment=comment, author=someone)
    comment.refresh_from_db()
    assert comment.body == "첫 댓글입니다." and comment.status == Comment.Status.VISIBLE
    assert snapshot() == before


def test_delete_is_soft(comment, writer, reader, digest):
    reply = comment_create(author=reader, digest=digest, body="답글", parent=comment)
    comment_delete(comment=comment, author=writer)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED
    assert comment.body == "첫 댓글입니다."  # moderators still read it
    assert Comment.objects.filter(pk=reply.pk, status=Comment.Status.VISIBLE).exists()


# --- mentions and replies -------------------------------------------------------------------


def test_a_mention_notifies_once_by_site_and_email(digest, writer, reader, committed):
    with committed():
        comment = comment_create(
            author=writer, digest=digest, body="@읽는이 님, 보셨나요? 다시 한번 @읽는이"
        )
    notes = Notification.objects.filter(recipient=reader)
    assert [n.kind for n in notes] == [Notification.Kind.MENTION]
    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert not Notification.objects.filter(recipient=writer).exists()
    assert comment.status == Comment.Status.VISIBLE


def test_a_display_name_with_a_space_can_be_mentioned(digest, writer, committed):
    kim = established(display_name="Kim Minji")
    with committed():
        comment_create(author=writer, digest=digest, body="고마워요 @Kim Minji 님")
    assert Notification.objects.filter(recipient=kim, kind=Notification.Kind.MENTION).count() == 1


def test_a_reply_notifies_the_parent_s_author(comment, digest, writer, reader, committed):
    with committed():
        comment_create(author=reader, digest=digest, body="동의합니다", parent=comment)
    notes = Notification.objects.filter(recipient=writer)
    assert [n.kind for n in notes] == [Notification.Kind.COMMENT_REPLY]
    assert [m.to for m in mail.outbox] == [[writer.email]]


def test_a_reply_that_also_mentions_the_parent_s_author_tells_them_once(
    comment, digest, writer, reader, committed
):
    with committed():
        comment_create(author=reader, digest=digest, body="@글쓴이 님 말씀에 동의", parent=comment)
    assert Notification.objects.filter(recipient=writer).count() == 1
    assert len([m for m in mail.outbox if writer.email in m.to]) == 1


def test_new_members_mentions_notify_nobody(digest, reader, member, committed):
    assert member.trust_level == TrustLevel.NEW
    with committed():
        comment_create(author=member, digest=digest, body="안녕하세요 @읽는이")
    assert not Notification.objects.filter(recipient=reader).exists()
    assert mail.outbox == []


def test_a_member_who_turned_mention_email_off_is_told_only_on_the_site(
    digest, writer, reader, committed
):
    User.objects.filter(pk=reader.pk).update(email_opt_outs=["mention"])
    with committed():
        comment_create(author=writer, digest=digest, body="@읽는이 확인 부탁")
    assert Notification.objects.filter(recipient=reader, kind=Notification.Kind.MENTION).exists()
    assert mail.outbox == []


# --- new members ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "여기 보세요 https://example.com/spam",
        "[싼 물건](https://example.com/spam)",
        "<https://example.com/spam>",
        "![그림](https://example.com/a.png)",
    ],
)
def test_a_new_member_s_link_waits_for_moderation(digest, member, writer, body):
    held = comment_create(author=member, digest=digest, body=body)
    assert held.status == Comment.Status.HELD
    assert comment_create(author=writer, digest=digest, body=body).status == Comment.Status.VISIBLE


def test_a_new_member_without_links_is_shown_at_once(digest, member):
    assert comment_create(author=member, digest=digest, body="링크 없는 글").status == "visible"


def test_a_moderator_restores_a_held_comment(digest, member, moderator, committed):
    held = comment_create(author=member, digest=digest, body="https://example.com/ok")
    with committed():
        comment_moderate(comment=held, moderator=moderator, action="restore")
    held.refresh_from_db()
    assert held.status == Comment.Status.VISIBLE
    assert [e.actor for e in audits_of(held)] == [moderator]


@override_settings(GYOJEONG_RATE_LIMITS=PRODUCTION_RATE_LIMITS)
def test_new_members_write_three_comments_a_day(digest, member, writer):
    for i in range(3):
        comment_create(author=member, digest=digest, body=f"새 회원 글 {i}")
    before = snapshot()
    with pytest.raises(RateLimited) as limited:
        comment_create(author=member, digest=digest, body="네 번째 글")
    assert limited.value.retry_after > 0
    assert snapshot() == before
    # An established member is not held to the new members' limit.
    for i in range(4):
        comment_create(author=writer, digest=digest, body=f"회원 글 {i}")


@override_settings(GYOJEONG_RATE_LIMITS=PRODUCTION_RATE_LIMITS)
def test_trusted_members_have_a_higher_limit(digest, writer):
    veteran = trusted(UserFactory(display_name="신뢰 회원"))
    for i in range(20):
        comment_create(author=writer, digest=digest, body=f"회원 {i}")
        comment_create(author=veteran, digest=digest, body=f"신뢰 {i}")
    with pytest.raises(RateLimited):
        comment_create(author=writer, digest=digest, body="스물한 번째")
    comment_create(author=veteran, digest=digest, body="스물한 번째")


# --- likes ----------------------------------------------------------------------------------


def test_liking_one_s_own_comment_is_refused(comment, writer):
    with pytest.raises(NotAllowed):
        like_set(user=writer, target=comment, liked=True)
    comment.refresh_from_db()
    assert comment.like_count == 0 and Like.objects.count() == 0


def test_visitors_cannot_like(comment):
    with pytest.raises(NotAllowed):
        like_set(user=AnonymousUser(), target=comment, liked=True)
    assert Like.objects.count() == 0


def test_a_like_is_idempotent(comment, reader):
    assert like_set(user=reader, target=comment, liked=True) == (True, 1)
    assert like_set(user=reader, target=comment, liked=True) == (True, 1)
    assert Like.objects.filter(comment=comment).count() == 1
    assert Comment.objects.get(pk=comment.pk).like_count == 1
    assert like_set(user=reader, target=comment, liked=False) == (False, 0)
    assert like_set(user=reader, target=comment, liked=False) == (False, 0)
    assert Like.objects.count() == 0
    assert Comment.objects.get(pk=comment.pk).like_count == 0


def test_digests_and_entries_are_liked_too(digest, reader, member):
    entry = digest.entries.get(position=1)
    assert like_set(user=reader, target=digest, liked=True) == (True, 1)
    assert like_set(user=member, target=digest, liked=True) == (True, 2)
    assert like_set(user=member, target=entry, liked=True) == (True, 1)
    digest.refresh_from_db()
    entry.refresh_from_db()
    assert (digest.like_count, entry.like_count) == (2, 1)
    assert Like.objects.filter(digest=digest).count() == 2
    assert Like.objects.filter(entry=entry).count() == 1


# --- reports --------------------------------------------------------------------------------


def test_one_open_report_per_member(comment, reader):
    report_create(comment=comment, reporter=reader, reason="spam")
    with pytest.raises(Conflict):
        report_create(comment=comment, reporter=reader, reason="abuse")
    assert CommentReport.objects.filter(comment=comment).count() == 1
    assert CommentReport.objects.get().status == CommentReport.Status.OPEN


def test_an_unknown_reason_is_refused(comment, reader):
    with pytest.raises(InvalidInput):
        report_create(comment=comment, reporter=reader, reason="boring")
    assert CommentReport.objects.count() == 0


def test_visitors_cannot_report(comment):
    with pytest.raises(NotAllowed):
        report_create(comment=comment, reporter=AnonymousUser(), reason="spam")
    assert CommentReport.objects.count() == 0


def test_three_distinct_members_reports_hide_a_comment(comment):
    reporters = [UserFactory() for _ in range(3)]
    assert report_create(comment=comment, reporter=reporters[0], reason="spam").status == "visible"
    assert report_create(comment=comment, reporter=reporters[1], reason="abuse").status == "visible"
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.VISIBLE
    assert report_create(comment=comment, reporter=reporters[2], reason="spam").status == "hidden"
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HIDDEN


def test_the_number_of_reports_that_hide_follows_the_setting(comment):
    with comments_setting(REPORTS_TO_HIDE=2):
        report_create(comment=comment, reporter=UserFactory(), reason="spam")
        report_create(comment=comment, reporter=UserFactory(), reason="spam")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HIDDEN


def test_a_trusted_member_s_single_report_hides(comment):
    report_create(comment=comment, reporter=trusted(UserFactory()), reason="abuse")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HIDDEN


def test_a_moderator_s_report_hides_at_once(comment, moderator):
    report_create(comment=comment, reporter=moderator, reason="spam")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HIDDEN


# --- moderation -----------------------------------------------------------------------------


def test_a_moderator_hides_with_an_audit_row_and_tells_the_author(
    comment, writer, moderator, committed
):
    with committed():
        comment_moderate(comment=comment, moderator=moderator, action="hide", reason="광고")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN
    assert comment.moderated_by == moderator and comment.moderated_at is not None
    assert comment.moderation_reason == "광고"
    events = audits_of(comment)
    assert len(events) == 1 and events[0].actor == moderator
    assert Notification.objects.filter(
        recipient=writer, kind=Notification.Kind.COMMENT_MODERATED
    ).exists()


def test_removing_upholds_the_open_reports(comment, writer, moderator, committed):
    reporters = [UserFactory(), UserFactory()]
    for reporter in reporters:
        report_create(comment=comment, reporter=reporter, reason="abuse")
    with committed():
        comment_moderate(comment=comment, moderator=moderator, action="remove", reason="욕설")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    reports = CommentReport.objects.filter(comment=comment)
    assert {r.status for r in reports} == {CommentReport.Status.UPHELD}
    assert all(r.resolved_by == moderator and r.resolved_at for r in reports)
    assert [e.actor for e in audits_of(comment) if e.actor == moderator] == [moderator]
    assert Notification.objects.filter(
        recipient=writer, kind=Notification.Kind.COMMENT_MODERATED
    ).exists()


def test_restore_brings_a_hidden_comment_back(comment, moderator):
    comment_moderate(comment=comment, moderator=moderator, action="hide", reason="확인 중")
    comment_moderate(
        comment=Comment.objects.get(pk=comment.pk), moderator=moderator, action="restore"
    )
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.VISIBLE
    assert len(audits_of(comment)) == 2


def test_dismissing_reports_closes_them(comment, moderator):
    reporter = UserFactory()
    report_create(comment=comment, reporter=reporter, reason="off_topic")
    comment_moderate(comment=comment, moderator=moderator, action="dismiss_reports")
    report = CommentReport.objects.get()
    assert report.status == CommentReport.Status.DISMISSED
    assert report.resolved_by == moderator and report.resolved_at is not None
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.VISIBLE
    assert len([e for e in audits_of(comment) if e.actor == moderator]) == 1
    # The member may report again once theirs was dismissed.
    report_create(comment=comment, reporter=reporter, reason="spam")


def test_editors_moderate_too(comment, editor):
    comment_moderate(comment=comment, moderator=editor, action="remove", reason="스팸")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.REMOVED


@pytest.mark.parametrize("action", ["hide", "restore", "remove", "dismiss_reports"])
def test_members_cannot_moderate(comment, reader, writer, action):
    trusted_member = trusted(UserFactory())
    before = snapshot()
    for someone in (reader, writer, trusted_member):
        with pytest.raises(NotAllowed):
            comment_moderate(comment=comment, moderator=someone, action=action, reason="x")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.VISIBLE
    assert snapshot() == before


def test_an_unknown_moderation_action_is_refused(comment, moderator):
    before = snapshot()
    with pytest.raises(InvalidInput):
        comment_moderate(comment=comment, moderator=moderator, action="delete")
    assert snapshot() == before


def test_a_moderator_granted_later_can_moderate(comment):
    user = UserFactory()
    with pytest.raises(NotAllowed):
        comment_moderate(comment=comment, moderator=user, action="hide", reason="x")
    moderator_grant(user=user)
    user = User.objects.get(pk=user.pk)
    comment_moderate(comment=comment, moderator=user, action="hide", reason="x")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HIDDEN


def test_editor_grant_makes_a_moderator(comment):
    user = UserFactory()
    editor_grant(user=user)
    comment_moderate(
        comment=comment, moderator=User.objects.get(pk=user.pk), action="hide", reason="x"
    )
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HIDDEN


@override_settings(GYOJEONG_RATE_LIMITS=PRODUCTION_RATE_LIMITS)
def test_over_the_limit_the_api_answers_429_with_retry_after(client, digest, member):
    client.force_login(member)
    url = f"/api/v1/digests/{digest.slug}/comments/"
    for i in range(3):
        answer = client.post(url, {"body": f"글 {i}"}, content_type="application/json")
        assert answer.status_code == 201, answer.content
    answer = client.post(url, {"body": "네 번째"}, content_type="application/json")
    assert answer.status_code == 429
    assert int(answer["Retry-After"]) > 0
    assert Comment.objects.filter(author=member).count() == 3

"""Trust levels, the moderator role and suspensions as docs/community.md describes them."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from accounts.models import MODERATORS_GROUP, Notification, Suspension, TrustLevel, User
from accounts.services import (
    moderator_grant,
    moderator_revoke,
    suspension_impose,
    suspension_lift,
    trust_level_refresh,
    trust_level_set,
)
from core.errors import DomainError, InvalidInput, NotAllowed
from core.models import AuditEvent
from corrections.models import Flag, Suggestion, Vote
from corrections.services.flags import flag_create
from corrections.services.review import suggestion_accept
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from corrections.services.votes import vote_cast
from digest.models import Comment, CommentEdit, CommentReport, Like
from digest.services.comments import comment_create, comment_delete, comment_edit
from digest.services.likes import like_set
from digest.services.moderation import comment_moderate, report_create
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def joined_days_ago(user: User, days: int) -> User:
    User.objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - datetime.timedelta(days=days)
    )
    user.refresh_from_db()
    return user


def established(**kwargs) -> User:
    user = joined_days_ago(UserFactory(**kwargs), 10)
    trust_level_refresh(user=user)
    user.refresh_from_db()
    return user


def level(user: User) -> str:
    return User.objects.get(pk=user.pk).trust_level


def audit_actions(user: User) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(User), target_id=str(user.pk)
        )
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.fixture
def digest(db):
    return make_digest(slug="trust", entries=2, sentences=2)


@pytest.fixture
def moderator(db):
    user = UserFactory(display_name="관리자")
    moderator_grant(user=user)
    return User.objects.get(pk=user.pk)


def accept_suggestions(author: User, digest, editor, count: int, start: int = 0) -> None:
    """Accept `count` suggestions of `author`, each on its own sentence."""
    segments = [s for e in digest.entries.all() for s in e.segments.order_by("field", "position")]
    assert len(segments) >= start + count
    for segment in segments[start : start + count]:
        suggestion = suggestion_create(
            segment=segment, author=author, text=f"{current_text(segment)} 다듬음"
        )
        suggestion_accept(suggestion=suggestion, editor=editor)


def likes_on_days(author: User, digest, *, likes: int, days: int) -> None:
    """`likes` members like the author's comment; the likes are then spread over `days` days."""
    comment = comment_create(author=author, digest=digest, body="좋아요 받을 글")
    likers = [UserFactory() for _ in range(likes)]
    for liker in likers:
        like_set(user=liker, target=comment, liked=True)
    # Noon of yesterday, local time: a few minutes either side never cross midnight, so the
    # likes fall on exactly `days` dates whatever the hour the test runs at.
    noon = (timezone.localtime() - datetime.timedelta(days=1)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    like_ids = list(
        Like.objects.filter(comment=comment).order_by("id").values_list("id", flat=True)
    )
    for position, like_id in enumerate(like_ids):
        Like.objects.filter(pk=like_id).update(
            created_at=noon - datetime.timedelta(days=position % days, minutes=position)
        )


# --- trust levels ---------------------------------------------------------------------------


def test_new_until_two_days_have_passed(member):
    assert trust_level_refresh(user=member) == TrustLevel.NEW
    assert level(member) == TrustLevel.NEW
    joined_days_ago(member, 3)
    assert trust_level_refresh(user=member) == TrustLevel.MEMBER
    assert level(member) == TrustLevel.MEMBER


def test_an_accepted_suggestion_ends_the_new_days(member, editor, digest, committed):
    with committed():
        accept_suggestions(member, digest, editor, 1)
    assert level(member) == TrustLevel.MEMBER


def test_five_accepted_suggestions_make_a_trusted_member(member, editor, digest, committed):
    with committed():
        accept_suggestions(member, digest, editor, 4)
    assert level(member) == TrustLevel.MEMBER
    with committed():
        accept_suggestions(member, digest, editor, 1, start=4)
    # Recomputed by the acceptance itself, without anyone calling trust_level_refresh.
    assert level(member) == TrustLevel.TRUSTED
    assert "trust.change" in audit_actions(member)
    assert Notification.objects.filter(
        recipient=member, kind=Notification.Kind.TRUST_CHANGED
    ).exists()


def test_twenty_likes_on_five_distinct_days_make_a_trusted_member(digest):
    author = established()
    likes_on_days(author, digest, likes=20, days=5)
    assert trust_level_refresh(user=author) == TrustLevel.TRUSTED
    assert level(author) == TrustLevel.TRUSTED
    assert "trust.change" in audit_actions(author)


def test_twenty_likes_on_one_day_are_not_enough(digest):
    author = established()
    likes_on_days(author, digest, likes=20, days=1)
    assert trust_level_refresh(user=author) == TrustLevel.MEMBER


def test_twenty_likes_on_four_days_are_not_enough(digest):
    author = established()
    likes_on_days(author, digest, likes=20, days=4)
    assert trust_level_refresh(user=author) == TrustLevel.MEMBER


def test_nineteen_likes_on_five_days_are_not_enough(digest):
    author = established()
    likes_on_days(author, digest, likes=19, days=5)
    assert trust_level_refresh(user=author) == TrustLevel.MEMBER


def test_an_upheld_report_blocks_trust_for_thirty_days(
    member, editor, digest, moderator, committed
):
    with committed():
        accept_suggestions(member, digest, editor, 5)
    assert level(member) == TrustLevel.TRUSTED
    comment = comment_create(author=member, digest=digest, body="문제의 글")
    report_create(comment=comment, reporter=UserFactory(), reason="abuse")
    with committed():
        comment_moderate(comment=comment, moderator=moderator, action="remove", reason="욕설")
    assert CommentReport.objects.get().status == CommentReport.Status.UPHELD
    # The upheld report is a number behind the level: recomputed without being asked.
    assert level(member) == TrustLevel.MEMBER
    assert trust_level_refresh(user=member) == TrustLevel.MEMBER

    long_ago = timezone.now() - datetime.timedelta(days=31)
    CommentReport.objects.update(created_at=long_ago, resolved_at=long_ago)
    Comment.objects.filter(pk=comment.pk).update(created_at=long_ago, moderated_at=long_ago)
    assert trust_level_refresh(user=member) == TrustLevel.TRUSTED


def test_a_dismissed_report_does_not_block_trust(member, editor, digest, moderator, committed):
    with committed():
        accept_suggestions(member, digest, editor, 5)
    comment = comment_create(author=member, digest=digest, body="괜찮은 글")
    report_create(comment=comment, reporter=UserFactory(), reason="spam")
    comment_moderate(comment=comment, moderator=moderator, action="dismiss_reports")
    assert trust_level_refresh(user=member) == TrustLevel.TRUSTED


def test_a_moderator_grants_revokes_and_resets_trust(moderator, committed):
    user = established()
    with committed():
        assert trust_level_set(user=user, moderator=moderator, override="trusted") == "trusted"
    assert level(user) == TrustLevel.TRUSTED
    # The decision overrides the record: a refresh keeps it.
    assert trust_level_refresh(user=user) == TrustLevel.TRUSTED
    with committed():
        trust_level_set(user=user, moderator=moderator, override="member", reason="신고 누적")
    assert level(user) == TrustLevel.MEMBER
    with committed():
        trust_level_set(user=user, moderator=moderator, override="")
    assert level(user) == TrustLevel.MEMBER
    assert User.objects.get(pk=user.pk).trust_level_override == ""
    actions = audit_actions(user)
    for action in ("trust.grant", "trust.revoke", "trust.reset"):
        assert action in actions
    assert (
        Notification.objects.filter(recipient=user, kind=Notification.Kind.TRUST_CHANGED).count()
        >= 2
    )


@pytest.mark.parametrize("reason", ["신고\x00누적", "가" * 2001])
def test_a_trust_decision_with_an_unstorable_reason_changes_nothing(moderator, reason):
    user = established()
    with pytest.raises(InvalidInput, match="reason"):
        trust_level_set(user=user, moderator=moderator, override="trusted", reason=reason)
    assert User.objects.get(pk=user.pk).trust_level_override == ""
    assert not AuditEvent.objects.filter(action="trust.grant").exists()


def test_a_revoke_overrides_an_earned_level(member, editor, digest, moderator, committed):
    with committed():
        accept_suggestions(member, digest, editor, 5)
    assert level(member) == TrustLevel.TRUSTED
    trust_level_set(user=member, moderator=moderator, override="member", reason="분쟁")
    assert level(member) == TrustLevel.MEMBER
    assert trust_level_refresh(user=member) == TrustLevel.MEMBER
    trust_level_set(user=member, moderator=moderator, override="")
    assert level(member) == TrustLevel.TRUSTED


def test_members_cannot_set_trust(moderator):
    user, someone = established(), established()
    before = AuditEvent.objects.count()
    with pytest.raises(NotAllowed):
        trust_level_set(user=user, moderator=someone, override="trusted")
    assert level(user) == TrustLevel.MEMBER
    assert AuditEvent.objects.count() == before


def test_a_moderator_cannot_set_another_moderator_s_trust_but_an_editor_can(moderator, editor):
    colleague = UserFactory()
    moderator_grant(user=colleague)
    before = AuditEvent.objects.count()
    with pytest.raises(NotAllowed):
        trust_level_set(user=colleague, moderator=moderator, override="member")
    assert AuditEvent.objects.count() == before
    trust_level_set(user=colleague, moderator=editor, override="trusted")
    assert level(colleague) == TrustLevel.TRUSTED


def test_moderator_grant_and_revoke(digest):
    user = UserFactory()
    assert moderator_grant(user=user) is True
    assert user.groups.filter(name=MODERATORS_GROUP).exists()
    comment = comment_create(author=established(), digest=digest, body="글")
    comment_moderate(
        comment=comment, moderator=User.objects.get(pk=user.pk), action="hide", reason="x"
    )
    assert moderator_revoke(user=user) is True
    assert not Group.objects.get(name=MODERATORS_GROUP).user_set.filter(pk=user.pk).exists()
    with pytest.raises(NotAllowed):
        comment_moderate(
            comment=Comment.objects.get(pk=comment.pk),
            moderator=User.objects.get(pk=user.pk),
            action="restore",
        )
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HIDDEN


# --- suspensions ----------------------------------------------------------------------------


def end_named(message: str, until: datetime.datetime) -> bool:
    local = timezone.localtime(until)
    return any(
        form in message
        for form in (local.date().isoformat(), f"{local:%Y.%m.%d}", f"{local:%Y년 %-m월 %-d일}")
    )


def world_rows() -> dict[str, int]:
    return {
        "comments": Comment.objects.count(),
        "edits": CommentEdit.objects.count(),
        "likes": Like.objects.count(),
        "reports": CommentReport.objects.count(),
        "flags": Flag.objects.count(),
        "suggestions": Suggestion.objects.count(),
        "votes": Vote.objects.count(),
    }


@pytest.fixture
def scene(digest):
    """Things a suspended member might try to write on."""
    author = established(display_name="다른 회원")
    comment = comment_create(author=author, digest=digest, body="남의 글")
    entry = digest.entries.get(position=1)
    segment = entry.segments.get(field="summary", position=0)
    others_suggestion = suggestion_create(
        segment=entry.segments.get(field="title", position=0),
        author=author,
        text="다른 회원의 제안 문장입니다.",
    )
    return {
        "digest": digest,
        "entry": entry,
        "comment": comment,
        "segment": segment,
        "suggestion": others_suggestion,
    }


def every_write(member: User, scene: dict, own_comment: Comment | None = None):
    """Each write the spec names (comment, like, report, flag, suggest, vote) as (name, call)."""
    writes = [
        ("comment", lambda: comment_create(author=member, digest=scene["digest"], body="글")),
        (
            "reply",
            lambda: comment_create(
                author=member, digest=scene["digest"], body="답글", parent=scene["comment"]
            ),
        ),
        ("like comment", lambda: like_set(user=member, target=scene["comment"], liked=True)),
        ("like digest", lambda: like_set(user=member, target=scene["digest"], liked=True)),
        ("like entry", lambda: like_set(user=member, target=scene["entry"], liked=True)),
        (
            "report",
            lambda: report_create(comment=scene["comment"], reporter=member, reason="spam"),
        ),
        ("flag", lambda: flag_create(segment=scene["segment"], author=member, reason="typo")),
        (
            "suggestion",
            lambda: suggestion_create(
                segment=scene["segment"], author=member, text="정지된 회원의 제안입니다."
            ),
        ),
        ("vote", lambda: vote_cast(suggestion=scene["suggestion"], voter=member, value=1)),
    ]
    if own_comment is not None:
        writes += [
            ("edit", lambda: comment_edit(comment=own_comment, author=member, body="고침")),
            ("delete", lambda: comment_delete(comment=own_comment, author=member)),
        ]
    return writes


def test_suspension_is_audited_notified_and_emailed(moderator, committed):
    member = established()
    until = timezone.now() + datetime.timedelta(days=7)
    with committed():
        suspension = suspension_impose(
            member=member, moderator=moderator, until=until, reason="광고 글 반복"
        )
    assert suspension.member == member and suspension.moderator == moderator
    assert suspension.ends_at == until and suspension.lifted_at is None
    assert Suspension.objects.in_force().filter(member=member).count() == 1
    assert "member.suspend" in audit_actions(member)
    assert Notification.objects.filter(recipient=member, kind=Notification.Kind.SUSPENDED).exists()
    emails = [m for m in mail.outbox if member.email in m.to]
    assert len(emails) == 1
    assert "광고 글 반복" in emails[0].body
    assert end_named(emails[0].body, until)


def test_a_suspended_member_s_every_write_is_refused_naming_the_end(scene, moderator):
    member = established()
    own = comment_create(author=member, digest=scene["digest"], body="내 글")
    until = timezone.now() + datetime.timedelta(days=7)
    suspension_impose(member=member, moderator=moderator, until=until, reason="욕설")
    member = User.objects.get(pk=member.pk)
    before = world_rows()
    for name, write in every_write(member, scene, own_comment=own):
        with pytest.raises(NotAllowed) as refused:
            write()
        assert end_named(str(refused.value), until), f"{name}: {refused.value}"
    assert world_rows() == before
    own.refresh_from_db()
    assert (own.body, own.status) == ("내 글", Comment.Status.VISIBLE)


def test_an_indefinite_suspension_says_until_further_notice(scene, moderator):
    member = established()
    suspension_impose(member=member, moderator=moderator, until=None, reason="반복된 욕설")
    member = User.objects.get(pk=member.pk)
    before = world_rows()
    for name, write in every_write(member, scene):
        with pytest.raises(NotAllowed) as refused:
            write()
        assert "until further notice" in str(refused.value), f"{name}: {refused.value}"
    assert world_rows() == before


def test_a_suspended_member_still_reads(client, scene, moderator):
    member = established()
    suspension_impose(member=member, moderator=moderator, until=None, reason="욕설")
    client.force_login(member)
    assert client.get(scene["digest"].get_absolute_url()).status_code == 200


def test_lifting_restores_writing_and_is_audited(scene, moderator, committed):
    member = established()
    suspension_impose(
        member=member,
        moderator=moderator,
        until=timezone.now() + datetime.timedelta(days=3),
        reason="욕설",
    )
    with committed():
        lifted = suspension_lift(member=member, moderator=moderator)
    assert lifted.lifted_at is not None and lifted.lifted_by == moderator
    assert not Suspension.objects.in_force().filter(member=member).exists()
    assert audit_actions(member).count("member.suspend") == 1
    assert audit_actions(member).count("member.unsuspend") == 1
    assert Notification.objects.filter(
        recipient=member, kind=Notification.Kind.SUSPENSION_LIFTED
    ).exists()
    member = User.objects.get(pk=member.pk)
    for _name, write in every_write(member, scene):
        write()  # no longer refused
    assert Comment.objects.filter(author=member).count() == 2


def test_an_expired_suspension_no_longer_blocks(scene, moderator):
    member = established()
    suspension = suspension_impose(
        member=member,
        moderator=moderator,
        until=timezone.now() + datetime.timedelta(days=1),
        reason="욕설",
    )
    past = timezone.now() - datetime.timedelta(days=5)
    Suspension.objects.filter(pk=suspension.pk).update(
        starts_at=past, ends_at=past + datetime.timedelta(days=1)
    )
    member = User.objects.get(pk=member.pk)
    comment_create(author=member, digest=scene["digest"], body="정지가 끝났다")


def test_a_moderator_cannot_suspend_an_editor_or_another_moderator(moderator, editor):
    colleague = UserFactory()
    moderator_grant(user=colleague)
    before = (Suspension.objects.count(), AuditEvent.objects.count(), len(mail.outbox))
    for target in (editor, User.objects.get(pk=colleague.pk)):
        with pytest.raises(NotAllowed):
            suspension_impose(member=target, moderator=moderator, until=None, reason="권한 남용")
    assert (Suspension.objects.count(), AuditEvent.objects.count(), len(mail.outbox)) == before


def test_members_cannot_suspend(moderator):
    member, victim = established(), established()
    trusted_member = established()
    trust_level_set(user=trusted_member, moderator=moderator, override="trusted")
    before = (Suspension.objects.count(), AuditEvent.objects.count())
    for someone in (member, User.objects.get(pk=trusted_member.pk)):
        with pytest.raises(NotAllowed):
            suspension_impose(member=victim, moderator=someone, until=None, reason="싫어서")
    assert (Suspension.objects.count(), AuditEvent.objects.count()) == before


def test_an_editor_suspends_and_lifts(editor):
    member = established()
    suspension_impose(member=member, moderator=editor, until=None, reason="스팸")
    suspension_lift(member=member, moderator=editor)
    assert {"member.suspend", "member.unsuspend"} <= set(audit_actions(member))


def test_a_suspension_needs_a_reason_and_a_future_end(moderator):
    member = established()
    before = (Suspension.objects.count(), AuditEvent.objects.count())
    with pytest.raises(InvalidInput):
        suspension_impose(member=member, moderator=moderator, until=None, reason="  ")
    with pytest.raises(InvalidInput):
        suspension_impose(
            member=member,
            moderator=moderator,
            until=timezone.now() - datetime.timedelta(hours=1),
            reason="욕설",
        )
    assert (Suspension.objects.count(), AuditEvent.objects.count()) == before


def test_lifting_when_nothing_is_in_force_is_refused(moderator):
    member = established()
    with pytest.raises(DomainError):
        suspension_lift(member=member, moderator=moderator)
    assert "member.unsuspend" not in audit_actions(member)


def test_a_member_cannot_lift_a_suspension(moderator):
    member, someone = established(), established()
    suspension_impose(member=member, moderator=moderator, until=None, reason="욕설")
    with pytest.raises(NotAllowed):
        suspension_lift(member=member, moderator=someone)
    assert Suspension.objects.in_force().filter(member=member).exists()


def test_the_api_refuses_a_suspended_member_with_403_naming_the_end(client, scene, moderator):
    member = established()
    until = timezone.now() + datetime.timedelta(days=7)
    suspension_impose(member=member, moderator=moderator, until=until, reason="욕설")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(member)
    slug = scene["digest"].slug
    before = world_rows()
    answers = [
        client.post(
            f"/api/v1/digests/{slug}/comments/", {"body": "글"}, content_type="application/json"
        ),
        client.put(f"/api/v1/comments/{scene['comment'].pk}/like/"),
        client.put(f"/api/v1/digests/{slug}/like/"),
        client.post(
            f"/api/v1/comments/{scene['comment'].pk}/reports/",
            {"reason": "spam"},
            content_type="application/json",
        ),
    ]
    for answer in answers:
        assert answer.status_code == 403, answer.content
        assert end_named(answer.json()["detail"], until), answer.json()
    assert world_rows() == before
    # Reading still works.
    assert client.get(f"/api/v1/digests/{slug}/comments/").status_code == 200

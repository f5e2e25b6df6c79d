"""The moderators' pages: the queue of comments, its actions, and the member page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, Suspension
from accounts.services import moderator_grant, moment_text, suspension_impose
from core.models import AuditEvent
from corrections.models import Flag
from digest.models import Comment, CommentReport, Like
from digest.services.comments import comment_create
from digest.services.moderation import report_create
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

QUEUE = reverse("moderation:queue")


@pytest.fixture
def digest(db):
    return make_digest(slug="talk", entries=2, sentences=2)


@pytest.fixture
def entry(digest):
    return digest.entries.get(position=1)


@pytest.fixture
def moderator(db):
    user = UserFactory(display_name="운영자")
    moderator_grant(user=user)
    return user


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def as_moderator(en, moderator):
    en.force_login(moderator)
    return en


def old_member(**kwargs):
    """A member past the new-member days, whose links are not held."""
    user = UserFactory(**kwargs)
    user.date_joined = timezone.now() - datetime.timedelta(days=30)
    user.save(update_fields=["date_joined"])
    return user


def held_comment(digest, entry=None):
    # UserFactory people joined just now: new members, whose links wait for a moderator.
    comment = comment_create(
        author=UserFactory(), digest=digest, entry=entry, body="광고 https://spam.example/"
    )
    assert comment.status == Comment.Status.HELD
    return comment


def reported_comment(digest, entry=None, *, note="욕설이 있습니다", body="무례한 댓글입니다"):
    comment = comment_create(author=old_member(), digest=digest, entry=entry, body=body)
    report_create(comment=comment, reporter=old_member(), reason="abuse", note=note)
    comment.refresh_from_db()
    return comment


def action(client, comment, name, reason="", **headers):
    return client.post(
        reverse("moderation:comment", args=[comment.pk]),
        {"action": name, "reason": reason, "next": QUEUE},
        headers=headers,
    )


# --- the queue ------------------------------------------------------------------------------


def test_queue_shows_held_and_reported_comments_with_their_context(as_moderator, digest, entry):
    held = held_comment(digest)
    segment = entry.segments.order_by("pk").first()
    parent = comment_create(author=old_member(), digest=digest, entry=entry, body="첫 댓글 본문")
    reply = comment_create(
        author=old_member(display_name="답글러"),
        digest=digest,
        entry=entry,
        parent=parent,
        quote_segment=segment,
        body="이 문장이 이상합니다",
    )
    reporter = old_member(display_name="신고자")
    report_create(comment=reply, reporter=reporter, reason="off_topic", note="주제와 무관")
    quiet = comment_create(author=old_member(), digest=digest, body="평범한 댓글")

    html = as_moderator.get(QUEUE).content.decode()

    assert f'id="moderation-comment-{held.pk}"' in html and "spam.example" in html
    assert f'id="moderation-comment-{reply.pk}"' in html
    assert f'id="moderation-comment-{quiet.pk}"' not in html
    assert "주제와 무관" in html and "신고자" in html and "Off-topic" in html
    assert "In reply to" in html and "첫 댓글 본문" in html
    assert reply.quote_text in html and f"#seg-{segment.pk}" in html
    assert "New member" in html  # the held comment's author
    assert "2 comments waiting for a decision." in html


def test_queue_shows_edit_history_and_suspended_authors(as_moderator, digest, moderator):
    comment = reported_comment(digest)
    comment.edits.create(body="처음에 쓴 글")
    suspension_impose(
        member=comment.author,
        moderator=moderator,
        until=timezone.now() + datetime.timedelta(days=3),
        reason="반복된 욕설",
    )
    html = as_moderator.get(QUEUE).content.decode()
    assert "처음에 쓴 글" in html and "1 earlier version" in html
    assert "Suspended until" in html


def test_queue_filters_by_status(as_moderator, digest):
    held = held_comment(digest)
    reported = reported_comment(digest)
    page = as_moderator.get(QUEUE + "?status=held").content.decode()
    assert f"moderation-comment-{held.pk}" in page
    assert f"moderation-comment-{reported.pk}" not in page
    page = as_moderator.get(QUEUE + "?status=reported").content.decode()
    assert f"moderation-comment-{held.pk}" not in page
    assert f"moderation-comment-{reported.pk}" in page
    # Junk in the filter or the page number shows the whole queue rather than an error.
    assert as_moderator.get(QUEUE + "?status=bogus&page=99999999999999999999").status_code == 200
    # A NUL byte is refused at the edge for every page (core.guards).
    assert as_moderator.get(QUEUE + "?status=%00").status_code == 400


def test_header_shows_moderators_the_waiting_count(as_moderator, digest):
    held_comment(digest)
    reported_comment(digest)
    html = as_moderator.get("/").content.decode()
    assert 'id="nav-moderation"' in html and "2 comments waiting" in html


def test_people_who_do_not_moderate_are_refused(en, digest, member):
    held = held_comment(digest)
    url = reverse("moderation:comment", args=[held.pk])
    for page in (QUEUE, reverse("moderation:member", args=[held.author_id])):
        response = en.get(page)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    assert en.post(url, {"action": "restore"}).status_code == 302
    en.force_login(member)
    assert en.get(QUEUE).status_code == 403
    assert en.get(reverse("moderation:member", args=[held.author_id])).status_code == 403
    assert en.post(url, {"action": "restore"}).status_code == 403
    suspend = reverse("moderation:member_suspend", args=[held.author_id])
    assert en.post(suspend, {"length": "indefinite", "reason": "x"}).status_code == 403
    held.refresh_from_db()
    assert held.status == Comment.Status.HELD
    assert not Suspension.objects.exists()
    assert 'id="nav-moderation"' not in en.get("/").content.decode()


# --- actions --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "status"), [("hide", "hidden"), ("remove", "removed")])
def test_hide_and_remove_need_a_reason_that_the_author_is_told(
    as_moderator, digest, moderator, name, status
):
    comment = reported_comment(digest)
    response = action(as_moderator, comment, name)
    assert response.status_code == 302
    refused = as_moderator.get(response.url).content.decode()
    assert f"Comment #{comment.pk} by {comment.author.public_name}: Give a reason" in refused
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert not AuditEvent.objects.filter(action=f"comment.{name}").exists()

    response = action(as_moderator, comment, name, reason="욕설은 안 됩니다")
    assert response.status_code == 302 and response.url == QUEUE
    comment.refresh_from_db()
    assert comment.status == status and comment.moderated_by == moderator
    event = AuditEvent.objects.get(action=f"comment.{name}")
    assert event.actor == moderator and event.target_id == str(comment.pk)
    assert event.data["reason"] == "욕설은 안 됩니다"
    told = Notification.objects.get(recipient=comment.author, kind="comment_moderated")
    assert "욕설은 안 됩니다" in told.message
    assert CommentReport.objects.get(comment=comment).status == "upheld"
    page = as_moderator.get(QUEUE).content.decode()
    assert f"Comment #{comment.pk} by {comment.author.public_name}" in page


def test_restore_approves_a_held_comment(as_moderator, digest, moderator):
    comment = held_comment(digest)
    action(as_moderator, comment, "restore")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert AuditEvent.objects.filter(action="comment.restore", actor=moderator).exists()
    assert f"moderation-comment-{comment.pk}" not in as_moderator.get(QUEUE).content.decode()


def test_dismissing_reports_brings_back_a_comment_reports_hid(as_moderator, digest, moderator):
    comment = comment_create(author=old_member(), digest=digest, body="괜찮은 댓글")
    for _ in range(3):
        report_create(comment=comment, reporter=old_member(), reason="spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN
    action(as_moderator, comment, "dismiss_reports")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert set(CommentReport.objects.values_list("status", flat=True)) == {"dismissed"}
    event = AuditEvent.objects.get(action="comment.dismiss_reports")
    assert event.actor == moderator and event.data["reports"] == 3


def test_htmx_replaces_the_row_in_place(as_moderator, digest):
    comment = reported_comment(digest)
    other = held_comment(digest)
    response = action(as_moderator, comment, "hide", reason="규칙 위반", HX_Request="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="moderation-comment-{comment.pk}"' in html
    assert f"Comment #{comment.pk} by {comment.author.public_name} is hidden" in html
    assert f"moderation-comment-{other.pk}" not in html
    # The header's count is refreshed out of band: the hidden one has been dealt with, and
    # only the held comment still waits.
    assert 'data-hx-swap-oob="true"' in html and "1 comment waiting" in html

    restored = action(as_moderator, other, "restore", HX_Request="true").content.decode()
    # Nothing waits any more: the header's link loses its count.
    assert "no longer waits for a decision" in restored and 'id="nav-moderation"' in restored
    assert "waiting" not in restored.split('id="nav-moderation"')[1].split("</li>")[0]


def test_htmx_refusal_keeps_the_row_and_the_typed_text(as_moderator, digest):
    comment = reported_comment(digest)
    response = action(as_moderator, comment, "hide", HX_Request="true")
    assert response.status_code == 400
    assert response["HX-Retarget"] == f"#moderation-comment-{comment.pk}"
    assert "Give a reason" in response.content.decode()
    bad = action(as_moderator, comment, "explode", reason="남겨 둘 글", HX_Request="true")
    assert bad.status_code == 400 and "남겨 둘 글" in bad.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


def test_unknown_comments_and_members_are_404(as_moderator):
    huge = 99999999999999999999
    assert as_moderator.post(f"/moderation/comments/{huge}/", {"action": "hide"}).status_code == 404
    assert as_moderator.get(f"/moderation/members/{huge}/").status_code == 404


# --- members --------------------------------------------------------------------------------


def test_suspension_from_the_member_page_stops_every_write(en, moderator, digest, entry):
    person = old_member(display_name="말썽꾼")
    comment = comment_create(author=old_member(), digest=digest, body="남의 댓글")
    en.force_login(moderator)
    member_page = reverse("moderation:member", args=[person.pk])
    assert "Suspend" in en.get(member_page).content.decode()

    response = en.post(
        reverse("moderation:member_suspend", args=[person.pk]),
        {"length": "days", "days": "3", "reason": "  반복된 욕설  "},
    )
    assert response.status_code == 302 and response.url == member_page
    suspension = Suspension.objects.get(member=person)
    assert suspension.reason == "반복된 욕설" and suspension.moderator == moderator
    left = suspension.ends_at - timezone.now()
    assert datetime.timedelta(days=2, hours=23) < left <= datetime.timedelta(days=3)
    assert AuditEvent.objects.filter(action="member.suspend", actor=moderator).exists()
    assert Notification.objects.filter(recipient=person, kind="suspended").exists()
    page = en.get(member_page).content.decode()
    assert f"말썽꾼 is suspended until {moment_text(suspension.ends_at)}" in page

    end = moment_text(suspension.ends_at)
    en.force_login(person)
    banner = en.get("/").content.decode()
    assert "Your account is suspended until" in banner and end in banner
    segment = entry.segments.first()
    writes = [
        (reverse("digest:digest_comments", args=[digest.slug]), {"body": "또 욕설"}),
        (reverse("digest:digest_like", args=[digest.slug]), {"liked": "1"}),
        (reverse("digest:comment_like", args=[comment.pk]), {"liked": "1"}),
        (reverse("digest:comment_report", args=[comment.pk]), {"reason": "spam"}),
        (reverse("corrections:flag_create", args=[segment.pk]), {"reason": "typo"}),
    ]
    for url, data in writes:
        response = en.post(url, data, follow=True)
        html = response.content.decode()
        assert "suspended until" in html and end in html, url
    assert not Comment.objects.filter(author=person).exists()
    assert not Like.objects.filter(user=person).exists()
    assert not CommentReport.objects.filter(reporter=person).exists()
    assert not Flag.objects.filter(author=person).exists()


def test_suspend_until_a_date_or_indefinitely_and_lift(as_moderator, moderator):
    person = old_member()
    suspend = reverse("moderation:member_suspend", args=[person.pk])
    day = timezone.localdate() + datetime.timedelta(days=10)
    as_moderator.post(suspend, {"length": "until", "until": day.isoformat(), "reason": "휴식"})
    first = Suspension.objects.get(member=person)
    assert timezone.localtime(first.ends_at).date() == day

    as_moderator.post(suspend, {"length": "indefinite", "reason": "계속된 문제"})
    current = Suspension.objects.in_force().get(member=person)
    assert current.ends_at is None and current.pk != first.pk

    response = as_moderator.post(reverse("moderation:member_lift", args=[person.pk]), follow=True)
    assert "is lifted" in response.content.decode()
    assert not Suspension.objects.in_force().filter(member=person).exists()
    assert AuditEvent.objects.filter(action="member.unsuspend", actor=moderator).exists()
    assert Notification.objects.filter(recipient=person, kind="suspension_lifted").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"length": "days", "reason": "이유"},
        {"length": "days", "days": "0", "reason": "이유"},
        {"length": "days", "days": "99999999999999999999", "reason": "이유"},
        {"length": "until", "until": "2001-01-01", "reason": "이유"},
        {"length": "until", "until": "not-a-date", "reason": "이유"},
        {"length": "indefinite", "reason": "   "},
        {"length": "forever", "reason": "이유"},
    ],
)
def test_bad_suspensions_change_nothing(as_moderator, data):
    person = old_member()
    response = as_moderator.post(
        reverse("moderation:member_suspend", args=[person.pk]), data, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "message--error" in html and f"{person.public_name}: " in html
    assert not Suspension.objects.exists()


def test_moderators_cannot_suspend_other_moderators(as_moderator):
    other = UserFactory()
    moderator_grant(user=other)
    page = as_moderator.get(reverse("moderation:member", args=[other.pk])).content.decode()
    assert "Only administrators can suspend" in page
    as_moderator.post(
        reverse("moderation:member_suspend", args=[other.pk]),
        {"length": "indefinite", "reason": "시험"},
    )
    assert not Suspension.objects.exists()


def test_trust_grant_revoke_and_reset_are_audited(as_moderator, moderator):
    person = old_member(display_name="믿을만한")
    url = reverse("moderation:member_trust", args=[person.pk])

    response = as_moderator.post(url, {"override": "trusted", "reason": "꾸준한 기여"}, follow=True)
    person.refresh_from_db()
    assert (person.trust_level, person.trust_level_override) == ("trusted", "trusted")
    assert "믿을만한 is trusted now." in response.content.decode()
    grant = AuditEvent.objects.get(action="trust.grant")
    assert grant.actor == moderator and grant.data["reason"] == "꾸준한 기여"

    as_moderator.post(url, {"override": "member"})
    person.refresh_from_db()
    assert (person.trust_level, person.trust_level_override) == ("member", "member")
    assert AuditEvent.objects.filter(action="trust.revoke", actor=moderator).exists()

    as_moderator.post(url, {"override": ""})
    person.refresh_from_db()
    assert person.trust_level_override == ""
    assert AuditEvent.objects.filter(action="trust.reset", actor=moderator).exists()

    # A request without a choice is not read as "reset".
    as_moderator.post(url, {"override": "trusted"})
    as_moderator.post(url, {})
    person.refresh_from_db()
    assert person.trust_level_override == "trusted"


def test_member_page_shows_trust_history_and_links(as_moderator, moderator):
    person = old_member(display_name="기록있음")
    as_moderator.post(
        reverse("moderation:member_trust", args=[person.pk]),
        {"override": "trusted", "reason": "좋은 제안들"},
    )
    html = as_moderator.get(reverse("moderation:member", args=[person.pk])).content.decode()
    assert "trust.grant" in html and "좋은 제안들" in html
    assert reverse("corrections:contributions", args=[person.pk]) in html
    own = as_moderator.get(reverse("moderation:member", args=[moderator.pk])).content.decode()
    assert "This is your own account" in own


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 30])
def test_queue_query_count_is_flat(client, moderator, count_queries, size):
    digest = make_digest(slug=f"busy-{size}", entries=2, sentences=2)
    entry = digest.entries.first()
    segment = entry.segments.first()
    parent = comment_create(author=old_member(), digest=digest, entry=entry, body="부모 댓글")
    for n in range(size):
        comment = reported_comment(digest, entry, note=f"메모 {n}", body=f"댓글 {n}")
        comment.edits.create(body=f"이전 글 {n}")
        reply = comment_create(
            author=old_member(),
            digest=digest,
            entry=entry,
            parent=parent,
            quote_segment=segment,
            body=f"답글 {n}",
        )
        report_create(comment=reply, reporter=old_member(), reason="spam")
        held_comment(digest)
    suspension_impose(member=reply.author, moderator=moderator, until=None, reason="시험 삼아 정지")
    client.force_login(moderator)
    client.get(QUEUE)  # warm the session

    def load():
        response = client.get(QUEUE)
        assert response.status_code == 200
        assert "메모 0" in response.content.decode()

    assert count_queries(load) == QUEUE_QUERIES


# session, user, groups; header: unread notifications, moderation count, own suspension;
# page: count, rows, their open reports with reporters, their edits, authors' suspensions.
QUEUE_QUERIES = 11

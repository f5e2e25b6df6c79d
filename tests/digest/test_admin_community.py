"""The admin of comments, reports, likes and suspensions: read-only, with actions that call
the moderation services (status changes, audit rows, the author told)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import MODERATORS_GROUP, Notification, Suspension
from accounts.permissions import is_moderator
from accounts.services import suspension_impose
from core.models import AuditEvent
from digest.models import Comment, CommentReport
from digest.services.comments import comment_create
from digest.services.likes import like_set
from digest.services.moderation import report_create
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

COMMENTS = "/admin/digest/comment/"


@pytest.fixture
def admin_en(admin_client):
    admin_client.cookies["django_language"] = "en"
    return admin_client


@pytest.fixture
def digest(db):
    return make_digest(slug="admin-talk", entries=1, sentences=1)


def seasoned():
    user = UserFactory()
    user.date_joined = timezone.now() - datetime.timedelta(days=30)
    user.save(update_fields=["date_joined"])
    return user


def a_comment(digest, body="관리자 화면의 댓글"):
    return comment_create(author=seasoned(), digest=digest, body=body)


def test_comment_pages_are_read_only_and_list_reports_and_edits(admin_en, digest):
    comment = a_comment(digest)
    comment.edits.create(body="예전 본문")
    report_create(comment=comment, reporter=seasoned(), reason="spam", note="광고 같아요")
    assert admin_en.get(COMMENTS + "add/").status_code == 403
    listing = admin_en.get(COMMENTS + "?status__exact=visible&q=관리자")
    assert listing.status_code == 200 and str(comment.pk) in listing.content.decode()
    detail = admin_en.get(f"{COMMENTS}{comment.pk}/change/").content.decode()
    assert "예전 본문" in detail and "광고 같아요" in detail
    assert admin_en.post(f"{COMMENTS}{comment.pk}/delete/", {"post": "yes"}).status_code == 403
    for page in ("commentreport", "commentedit", "like"):
        assert admin_en.get(f"/admin/digest/{page}/").status_code == 200
        assert admin_en.get(f"/admin/digest/{page}/add/").status_code == 403
    assert admin_en.get("/admin/accounts/suspension/").status_code == 200
    assert admin_en.get("/admin/accounts/suspension/add/").status_code == 403


@pytest.mark.parametrize(("name", "status"), [("hide", "hidden"), ("remove", "removed")])
def test_hide_and_remove_ask_for_a_reason_then_call_the_service(
    admin_en, admin_user, digest, name, status
):
    comments = [a_comment(digest, f"댓글 {n}") for n in range(2)]
    selected = [c.pk for c in comments]
    confirm = admin_en.post(COMMENTS, {"action": name, "_selected_action": selected})
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "댓글 0" in page and 'name="reason"' in page
    assert set(Comment.objects.values_list("status", flat=True)) == {"visible"}

    # Confirming without a reason shows the page again and changes nothing.
    empty = admin_en.post(
        COMMENTS, {"action": name, "_selected_action": selected, "apply": "1", "reason": ""}
    )
    assert empty.status_code == 200
    assert set(Comment.objects.values_list("status", flat=True)) == {"visible"}

    done = admin_en.post(
        COMMENTS,
        {"action": name, "_selected_action": selected, "apply": "1", "reason": "규칙 위반"},
    )
    assert done.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    events = AuditEvent.objects.filter(action=f"comment.{name}", actor=admin_user)
    assert events.count() == 2 and {e.data["reason"] for e in events} == {"규칙 위반"}
    notices = Notification.objects.filter(kind="comment_moderated")
    assert notices.count() == 2 and all("규칙 위반" in n.message for n in notices)


def test_restore_and_dismiss_reports_from_the_admin(admin_en, admin_user, digest):
    held = comment_create(author=UserFactory(), digest=digest, body="링크 https://x.example/")
    assert held.status == "held"
    reported = a_comment(digest)
    for _ in range(3):
        report_create(comment=reported, reporter=seasoned(), reason="abuse")
    reported.refresh_from_db()
    assert reported.status == "hidden"

    admin_en.post(COMMENTS, {"action": "restore", "_selected_action": [held.pk]})
    held.refresh_from_db()
    assert held.status == "visible"
    assert AuditEvent.objects.filter(action="comment.restore", actor=admin_user).exists()

    admin_en.post(
        "/admin/digest/commentreport/",
        {
            "action": "dismiss_reports",
            "_selected_action": [CommentReport.objects.filter(comment=reported).first().pk],
        },
    )
    reported.refresh_from_db()
    assert reported.status == "visible"
    assert set(CommentReport.objects.values_list("status", flat=True)) == {"dismissed"}
    assert AuditEvent.objects.get(action="comment.dismiss_reports").data["reports"] == 3


def test_a_refused_admin_action_is_a_warning_not_an_error(admin_en, digest):
    comment = a_comment(digest)
    response = admin_en.post(
        COMMENTS, {"action": "restore", "_selected_action": [comment.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "already shown" in response.content.decode()


def test_report_admin_upholds_by_hiding_with_a_reason(admin_en, digest):
    comment = a_comment(digest)
    report_create(comment=comment, reporter=seasoned(), reason="spam")
    report = CommentReport.objects.get(comment=comment)
    admin_en.post(
        "/admin/digest/commentreport/",
        {
            "action": "hide_comments",
            "_selected_action": [report.pk],
            "apply": "1",
            "reason": "광고",
        },
    )
    comment.refresh_from_db()
    report.refresh_from_db()
    assert comment.status == "hidden" and report.status == "upheld"


def test_likes_are_listed(admin_en, digest):
    like_set(user=seasoned(), target=digest, liked=True)
    assert admin_en.get("/admin/digest/like/").status_code == 200


def test_suspension_admin_lifts_through_the_service(admin_en, admin_user):
    member = seasoned()
    suspension_impose(member=member, moderator=admin_user, until=None, reason="시험")
    suspension = Suspension.objects.get(member=member)
    listing = admin_en.get("/admin/accounts/suspension/").content.decode()
    assert "icon-yes" in listing
    admin_en.post(
        "/admin/accounts/suspension/", {"action": "lift", "_selected_action": [suspension.pk]}
    )
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None and suspension.lifted_by == admin_user
    assert AuditEvent.objects.filter(action="member.unsuspend", actor=admin_user).exists()
    detail = admin_en.get(f"/admin/accounts/suspension/{suspension.pk}/change/")
    assert detail.status_code == 200 and "시험" in detail.content.decode()


def test_user_admin_grants_and_revokes_moderators_and_shows_trust(admin_en, admin_user):
    user = UserFactory()
    admin_en.post(
        "/admin/accounts/user/", {"action": "make_moderators", "_selected_action": [user.pk]}
    )
    user = type(user).objects.get(pk=user.pk)
    assert is_moderator(user)
    assert AuditEvent.objects.filter(action="role.grant_moderator", actor=admin_user).exists()

    page = admin_en.get(f"/admin/accounts/user/{user.pk}/change/")
    fields = page.context["adminform"].form.fields
    assert "trust_level" not in fields and "trust_level_override" not in fields
    assert "New member" in page.content.decode()

    admin_en.post(
        "/admin/accounts/user/", {"action": "remove_moderators", "_selected_action": [user.pk]}
    )
    assert not Group.objects.get(name=MODERATORS_GROUP).user_set.filter(pk=user.pk).exists()
    assert AuditEvent.objects.filter(action="role.revoke_moderator", actor=admin_user).exists()


def test_staff_who_do_not_moderate_do_not_get_the_actions(client, digest):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(staff)
    response = client.get(COMMENTS)
    assert response.status_code == 200
    assert 'value="hide"' not in response.content.decode()

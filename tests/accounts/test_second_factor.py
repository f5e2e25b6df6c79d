"""Editors, moderators and staff act only with a second factor where the site requires it, and
the admin is entered through the site's own rate-limited sign-in."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import override_settings
from django.urls import reverse

from accounts.services import SecondFactorRequired, editor_grant, moderator_grant
from core.models import AuditEvent
from corrections.models import Suggestion
from corrections.services.review import suggestion_accept
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from digest.models import Comment, CommentStatus
from digest.services.comments import comment_create
from digest.services.moderation import comment_moderate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

require_mfa = override_settings(GYOJEONG_REQUIRE_MFA=True)


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def with_totp(user):
    """The account after setting up an authenticator app, as the next request reads it."""
    TOTP.activate(user, generate_totp_secret())
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def segment(sample_digest):
    return sample_digest.entries.get(position=7).segments.get(field="summary", position=0)


@pytest.fixture
def pending(segment, member):
    text = current_text(segment).replace("8억", "80억")
    return suggestion_create(segment=segment, author=member, text=text)


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


# --- the admin's door --------------------------------------------------------------------------


def test_admin_login_page_sends_visitors_to_the_sites_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in response["Location"]


def test_admin_login_form_takes_no_password(client, superuser):
    superuser.set_password("right-password")
    superuser.save()
    response = client.post(
        "/admin/login/", {"username": superuser.email, "password": "right-password"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,5/5m/key"})
def test_failed_sign_ins_are_limited_even_for_a_superuser(client, superuser):
    superuser.set_password("right-password")
    superuser.save()
    url = reverse("account_login")
    for n in range(5):
        client.post(url, {"login": superuser.email, "password": f"wrong-{n}"})
    response = client.post(url, {"login": superuser.email, "password": "right-password"})
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,5/5m/key"})
def test_a_few_failed_sign_ins_do_not_lock_the_account(client, superuser):
    superuser.set_password("right-password")
    superuser.save()
    url = reverse("account_login")
    for n in range(3):
        client.post(url, {"login": superuser.email, "password": f"wrong-{n}"})
    client.post(url, {"login": superuser.email, "password": "right-password"})
    assert client.session["_auth_user_id"] == str(superuser.pk)


# --- required second factor --------------------------------------------------------------------


@require_mfa
def test_staff_without_a_second_factor_is_sent_to_set_one_up(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_index"))
    assert "2단계 인증이 필요합니다" in response.content.decode()


@require_mfa
def test_staff_with_totp_opens_the_admin(client, superuser):
    client.force_login(with_totp(superuser))
    assert client.get("/admin/").status_code == 200


def test_without_the_requirement_staff_open_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


@require_mfa
def test_editor_without_a_second_factor_cannot_accept(client, editor, pending):
    with pytest.raises(SecondFactorRequired):
        suggestion_accept(suggestion=pending, editor=editor)
    client.force_login(editor)
    response = client.post(
        f"/api/v1/suggestions/{pending.pk}/accept/", {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]
    pending.refresh_from_db()
    assert pending.status == Suggestion.Status.PENDING


@require_mfa
def test_editor_with_totp_accepts(editor, pending):
    revision = suggestion_accept(suggestion=pending, editor=with_totp(editor))
    pending.refresh_from_db()
    assert pending.status == Suggestion.Status.ACCEPTED
    assert revision.number == 2


@require_mfa
def test_review_queue_sends_an_editor_without_a_factor_to_set_one_up(client, editor):
    client.force_login(editor)
    response = client.get(reverse("corrections:review_queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_index"))
    client.force_login(with_totp(editor))
    assert client.get(reverse("corrections:review_queue")).status_code == 200


@require_mfa
def test_moderator_without_a_factor_cannot_hide_a_comment(sample_digest, member):
    moderator = UserFactory()
    moderator_grant(user=moderator)
    comment = comment_create(
        digest=sample_digest, author=member, body="첫 댓글입니다. 좋은 글이네요."
    )
    with pytest.raises(SecondFactorRequired):
        comment_moderate(comment=comment, moderator=moderator, action="hide", reason="spam")
    comment_moderate(comment=comment, moderator=with_totp(moderator), action="hide", reason="x")
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.HIDDEN


@require_mfa
def test_role_grants_need_the_granting_persons_second_factor(superuser, member):
    with pytest.raises(SecondFactorRequired):
        editor_grant(user=member, actor=superuser)
    assert not AuditEvent.objects.filter(action="role.grant_editor").exists()
    assert editor_grant(user=member, actor=with_totp(superuser))


@require_mfa
def test_members_are_never_asked_for_a_second_factor(client, member, segment):
    client.force_login(member)
    response = client.post(
        f"/api/v1/segments/{segment.pk}/flags/", {"reason": "typo"}, content_type="application/json"
    )
    assert response.status_code == 201


@require_mfa
def test_api_tokens_go_to_editors_only_once_they_have_a_second_factor(client, superuser, editor):
    from rest_framework.authtoken.models import Token

    client.force_login(with_totp(superuser))
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": editor.pk})
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert not Token.objects.exists()
    with_totp(editor)
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": editor.pk})
    assert response.status_code == 302
    assert Token.objects.filter(user=editor).exists()
    assert AuditEvent.objects.filter(
        action="user.api_token_issue", target_id=str(editor.pk)
    ).exists()


def test_the_passkey_page_opens_for_a_member(client, member):
    client.force_login(member)
    assert client.get("/accounts/2fa/webauthn/").status_code == 200

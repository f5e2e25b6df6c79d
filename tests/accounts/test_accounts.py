import subprocess
import sys
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.permissions import is_editor, is_member
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_signup_requires_email_verification_before_writing(
    client, django_capture_on_commit_callbacks
):
    # Account mail is queued for after the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "new@example.com",
                "display_name": "새 독자",
                "password1": "a-long pass phrase",
                "password2": "a-long pass phrase",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.display_name == "새 독자"
    assert not is_member(user)
    assert len(mail.outbox) == 1
    assert "new@example.com" in mail.outbox[0].to
    # Logging in before verifying leads to the verification page, not into the site.
    login = client.post(
        "/accounts/login/", {"login": "new@example.com", "password": "a-long pass phrase"}
    )
    assert "confirm-email" in login.url or "verification" in login.url
    address = EmailAddress.objects.get(user=user)
    address.verified = True
    address.save()
    assert is_member(User.objects.get(pk=user.pk))


def test_password_reset_sends_mail(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": member.email})
    assert len(mail.outbox) == 1
    assert "password" in mail.outbox[0].body.lower() or "비밀번호" in mail.outbox[0].body


def test_grant_editor_command(member):
    out = StringIO()
    call_command("grant_editor", member.email.upper(), stdout=out)
    assert "is now an editor" in out.getvalue()
    assert is_editor(User.objects.get(pk=member.pk))
    assert AuditEvent.objects.filter(action="role.grant_editor").count() == 1
    call_command("grant_editor", member.email, stdout=out)
    assert "was already an editor" in out.getvalue()
    call_command("grant_editor", member.email, "--revoke", stdout=out)
    assert not is_editor(User.objects.get(pk=member.pk))


def test_grant_editor_for_unknown_email_is_a_clear_error():
    with pytest.raises(CommandError, match="No account with the email address"):
        call_command("grant_editor", "ghost@example.com")


def test_public_name_never_shows_the_email(db):
    user = User.objects.create_user(email="Someone@Example.com", password="x")
    assert user.email == "someone@example.com"
    assert "someone" not in user.public_name and str(user.pk) in user.public_name


def test_profile_changes_the_display_name(client, member):
    client.force_login(member)
    client.post("/accounts/profile/", {"display_name": "  새   이름 "})
    member.refresh_from_db()
    assert member.display_name == "새 이름"
    response = client.post("/accounts/profile/", {"display_name": "me@example.com"})
    assert "email address" in response.content.decode() or "이메일" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == "새 이름"


def test_every_model_is_in_the_admin(admin_client):
    from django.apps import apps
    from django.contrib import admin

    for app in ("accounts", "digest", "corrections"):
        for model in apps.get_app_config(app).get_models():
            assert admin.site.is_registered(model), model
    assert admin_client.get("/admin/digest/revision/").status_code == 200


def test_deploy_check_is_clean_with_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "a-real-looking-secret-key-for-the-deploy-check-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "gyojeong.example",
        "DATABASE_URL": "sqlite:////tmp/gyojeong-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout

"""`make run`'s demo data: the sample post, one account per role, each printed with its
password, and an administrator who can open the admin site."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from accounts.permissions import is_editor, is_moderator
from core.models import AuditEvent
from digest.models import Digest

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_demo_accounts_are_printed_and_hold_their_roles(settings, client):
    settings.DEBUG = True
    output = seed()
    for line in (
        "Demo member: member@example.com / demo-member-pass",
        "Demo moderator: moderator@example.com / demo-moderator-pass",
        "Demo editor: editor@example.com / demo-editor-pass",
        "Demo administrator: admin@example.com / demo-admin-pass",
    ):
        assert line in output
    assert Digest.objects.published().count() == 1
    admin = User.objects.get(email="admin@example.com")
    assert admin.is_staff and admin.is_superuser and is_editor(admin)
    assert is_moderator(User.objects.get(email="moderator@example.com"))
    assert AuditEvent.objects.filter(action="role.grant_administrator").count() == 1
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_seeding_twice_changes_nothing(settings):
    settings.DEBUG = True
    seed()
    counts = (User.objects.count(), AuditEvent.objects.count(), Digest.objects.count())
    seed()
    assert (User.objects.count(), AuditEvent.objects.count(), Digest.objects.count()) == counts


def test_no_demo_data_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only created when DEBUG"):
        seed()
    assert not User.objects.exists()


def test_the_demo_shows_a_correction_a_confirmed_sentence_and_work_waiting(settings, client):
    settings.DEBUG = True
    seed()
    digest = Digest.objects.get()
    body = client.get(f"/api/v1/digests/{digest.slug}/").json()
    marks = [
        item["provenance"]
        for entry in body["entries"]
        for field in entry["fields"]
        for item in field["segments"]
    ]
    assert marks.count("edited") == 1 and marks.count("verified") == 1
    page = client.get(f"/d/{digest.slug}/").content.decode()
    assert "80억 개의 파라미터" in page
    client.force_login(User.objects.get(email="editor@example.com"))
    queue = client.get(reverse("corrections:review_queue")).content.decode()
    assert "에이전틱 정보 검색" in queue

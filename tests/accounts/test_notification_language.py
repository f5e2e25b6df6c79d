"""Every notification, notification email and newsletter is in its reader's language, whatever
the language of the person whose action caused it, of the request or of the worker."""

import datetime
import importlib
import io
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import Newsletter, Notification
from accounts.services import editor_grant
from accounts.tasks import notification_email
from corrections.services.review import suggestion_accept, suggestion_reject
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from digest.models import Digest
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

NOTIFICATIONS = reverse("corrections:notifications")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def segment(sample_digest):
    return sample_digest.entries.get(position=7).segments.get(field="summary", position=0)


@pytest.fixture
def english_editor(db):
    user = UserFactory(display_name="Jane", language="en")
    editor_grant(user=user)
    return user


@pytest.fixture
def korean_editor(db):
    user = UserFactory(display_name="김민지", language="ko")
    editor_grant(user=user)
    return user


def accept_as(language: str, *, author, editor, segment):
    """The editor accepts the author's suggestion working in `language`."""
    with translation.override(language):
        suggestion = suggestion_create(
            segment=segment, author=author, text=current_text(segment) + " (고침)"
        )
        return suggestion_accept(suggestion=suggestion, editor=editor)


def notifications_page(client, user, language: str) -> str:
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(NOTIFICATIONS)
    assert response.status_code == 200
    return response.content.decode()


def test_a_korean_member_reads_in_korean_what_an_english_editor_did(
    client, english_editor, segment
):
    member = UserFactory(language="ko")
    revision = accept_as("en", author=member, editor=english_editor, segment=segment)
    html = notifications_page(client, member, "ko")
    assert f"제안이 수락되어 수정판 {revision.number}에 게시되었습니다." in html
    assert "Your suggestion was accepted" not in html


def test_an_english_member_reads_in_english_what_a_korean_editor_did(
    client, korean_editor, segment
):
    member = UserFactory(language="en")
    revision = accept_as("ko", author=member, editor=korean_editor, segment=segment)
    html = notifications_page(client, member, "en")
    assert f"Your suggestion was accepted and published in revision {revision.number}." in html
    assert "제안이 수락되어" not in html


def test_a_rejection_reason_follows_the_reader_not_the_editor(client, english_editor, segment):
    member = UserFactory(language="ko")
    with translation.override("en"):
        suggestion = suggestion_create(
            segment=segment, author=member, text=current_text(segment) + " (고침)"
        )
        suggestion_reject(suggestion=suggestion, editor=english_editor, reason="meaning")
    html = notifications_page(client, member, "ko")
    assert "제안이 수락되지 않았습니다: 의미가 바뀜." in html
    assert "Changes the meaning" not in html


def test_rows_written_before_values_were_stored_still_read(client, member):
    Notification.objects.create(
        recipient=member, kind=Notification.Kind.FLAG_RESOLVED, message="예전 알림 문장입니다."
    )
    assert "예전 알림 문장입니다." in notifications_page(client, member, "en")


@pytest.mark.parametrize(
    ("reader", "worker", "subject", "body", "absent"),
    [
        ("ko", "en", "제안이 수락되었습니다", "제안이 수락되어 수정판", "Your suggestion"),
        ("en", "ko", "Your suggestion was accepted", "published in revision", "제안이"),
    ],
)
def test_the_email_is_in_the_recipients_language_not_the_workers(
    committed, english_editor, segment, reader, worker, subject, body, absent
):
    member = UserFactory(language=reader)
    with translation.override(worker), committed():
        accept_as(worker, author=member, editor=english_editor, segment=segment)
    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    html = message.alternatives[0][0]
    assert subject in message.subject
    assert body in message.body and body in html
    assert absent not in message.subject + message.body + html
    assert f'lang="{reader}"' in html
    # Rendering it again in a worker running in the other language changes nothing.
    notification = member.notifications.select_related("recipient").get()
    with translation.override(worker):
        assert notification_email(notification)["subject"] == message.subject


SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("reader", "worker", "subject", "heading", "absent"),
    [
        ("ko", "en", "교정 주간 소식", "새 다이제스트", "New digests"),
        ("en", "ko", "Gyojeong weekly", "New digests", "새 다이제스트"),
    ],
)
def test_the_newsletter_is_in_the_members_language_not_the_commands(
    settings, reader, worker, subject, heading, absent
):
    settings.SITE_URL = "https://gyojeong.example"
    member = UserFactory(language=reader, newsletter=Newsletter.WEEKLY)
    digest = make_digest(slug="2024-10-14-language", entries=1, sentences=1)
    published = datetime.datetime(2024, 10, 20, 12, tzinfo=SEOUL)
    Digest.objects.filter(pk=digest.pk).update(published_at=published)
    run_at = datetime.datetime(2024, 10, 21, 9, tzinfo=SEOUL)
    with translation.override(worker):
        call_command(
            "send_newsletters",
            "--frequency",
            "weekly",
            "--now",
            run_at.isoformat(),
            stdout=io.StringIO(),
        )
    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    html = message.alternatives[0][0]
    assert subject in message.subject
    assert heading in message.body and heading in html
    assert absent not in message.subject + message.body + html


def test_old_rows_are_backfilled_and_then_read_in_each_readers_language(client):
    backfill = importlib.import_module(
        "accounts.migrations.0006_notification_params_backfill"
    ).backfill
    korean, english = UserFactory(language="ko"), UserFactory(language="en")
    for reader in (korean, english):
        Notification.objects.create(
            recipient=reader,
            kind=Notification.Kind.SUGGESTION_REJECTED,
            message="제안이 수락되지 않았습니다: 의미가 바뀜.\n\n원문과 뜻이 다릅니다.",
        )
    unreadable = Notification.objects.create(
        recipient=english, kind=Notification.Kind.MENTION, message="손으로 고친 알림"
    )
    backfill(apps, None)
    assert "Your suggestion was not accepted: Changes the meaning." in notifications_page(
        client, english, "en"
    )
    assert "원문과 뜻이 다릅니다." in notifications_page(client, english, "en")
    assert "제안이 수락되지 않았습니다: 의미가 바뀜." in notifications_page(client, korean, "ko")
    unreadable.refresh_from_db()
    assert unreadable.params == {} and unreadable.text == "손으로 고친 알림"

"""Notification and account email: queued on commit, rendered for the recipient, sent once."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sites.models import Site
from django.core import mail
from django.test import override_settings
from django.utils import translation

from accounts.models import EmailKind, Notification, User
from accounts.services import notification_send, suspension_impose
from accounts.tasks import notification_email_deliver
from corrections.services.review import suggestions_publish
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def html_part(message) -> str:
    (html,) = [body for body, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def test_an_english_reader_gets_english_even_when_the_editor_works_in_korean(committed, editor):
    reader = UserFactory(language="en")
    with translation.override("ko"), committed():
        suspension_impose(member=reader, moderator=editor, until=None, reason="광고 도배")
    (message,) = mail.outbox
    assert "Your account is suspended" in message.subject
    assert "until further notice" in message.body and "광고 도배" in message.body
    assert "Your account is suspended" in html_part(message)
    # The site shows it in the reader's language too; the stored message stays Korean.
    notification = reader.notifications.get()
    assert notification.params["until"] is None
    with translation.override("en"):
        assert notification.text.startswith("A moderator suspended your account")
    with translation.override("ko"):
        assert notification.text == notification.message


@override_settings(SITE_URL="https://gyojeong.example")
def test_notification_email_is_multipart_with_unsubscribe_headers_and_footer(committed, member):
    with committed():
        notification_send(
            recipient=member,
            kind=Notification.Kind.MENTION,
            params={"name": "편집자"},
            url="/d/x/1/",
        )
    (message,) = mail.outbox
    html = html_part(message)
    assert message.body and html.startswith("<!DOCTYPE html>")
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://gyojeong.example/accounts/email/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = unsubscribe.strip("<>")
    assert link in message.body and link in html
    assert "https://gyojeong.example/d/x/1/" in message.body
    assert "https://gyojeong.example/accounts/profile/#email-preferences" in html
    assert 'style="' in html and "color-scheme" in html


def test_an_opted_out_kind_is_listed_but_not_emailed(committed, member):
    member.email_opt_outs = [EmailKind.MENTION]
    member.save()
    with committed():
        notification_send(recipient=member, kind=Notification.Kind.MENTION, params={"name": "a"})
    assert member.notifications.count() == 1 and mail.outbox == []


def test_a_retried_or_repeated_task_does_not_send_twice(committed, member):
    with committed():
        notification = notification_send(
            recipient=member, kind=Notification.Kind.FLAG_RESOLVED, params={"number": 3}
        )
    assert len(mail.outbox) == 1
    assert notification_email_deliver(notification.pk) is False
    assert len(mail.outbox) == 1


def test_a_failed_send_releases_the_claim_for_the_retry(member, monkeypatch):
    notification = notification_send(
        recipient=member, kind=Notification.Kind.FLAG_RESOLVED, params={"number": 3}
    )
    calls = []

    def flaky(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("mail server down")
        return 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", flaky)
    with pytest.raises(OSError):
        notification_email_deliver.run(notification.pk)
    assert Notification.objects.get(pk=notification.pk).emailed_at is None
    assert notification_email_deliver.run(notification.pk) is True
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None
    assert len(calls) == 2


def test_nothing_is_sent_when_the_transaction_rolls_back(member):
    # Without the on-commit callbacks running (the test's transaction never commits).
    notification_send(recipient=member, kind=Notification.Kind.MENTION, params={"name": "a"})
    assert mail.outbox == []


def test_a_batch_publish_sends_each_author_one_email(committed, sample_digest, editor, member):
    entry = sample_digest.entries.get(position=7)
    first, second, third = entry.segments.filter(field="abstract").order_by("position")[:3]
    other = UserFactory(language="en")
    ids = [
        suggestion_create(segment=first, author=member, text=current_text(first) + " 가").pk,
        suggestion_create(segment=second, author=member, text=current_text(second) + " 나").pk,
        suggestion_create(segment=third, author=other, text=current_text(third) + " 다").pk,
    ]
    mail.outbox.clear()
    with committed():
        suggestions_publish(entry=entry, suggestion_ids=ids, editor=editor)
    accepted = Notification.objects.filter(kind=Notification.Kind.SUGGESTION_ACCEPTED)
    assert sorted(accepted.values_list("recipient", flat=True)) == sorted([member.pk, other.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other.email])
    (english,) = [m for m in mail.outbox if m.to == [other.email]]
    assert "Your suggestion was accepted and published in revision 2." in english.body
    with translation.override("en"):
        assert accepted.get(recipient=member).text == (
            "2 of your suggestions were accepted and published in revision 2."
        )


@override_settings(SITE_URL="https://gyojeong.example")
def test_signup_confirmation_has_the_link_on_its_own_line_and_the_real_address(client, committed):
    from accounts.sites import site_sync

    site_sync()
    assert Site.objects.get_current().domain == "gyojeong.example"
    client.cookies["django_language"] = "en"
    with committed():
        client.post(
            "/accounts/signup/?next=/d/somewhere/",
            {
                "email": "new@example.com",
                "display_name": "새 독자",
                "password1": "a-long pass phrase",
                "password2": "a-long pass phrase",
                "newsletter": "daily",
                "language": "en",
                "next": "/d/somewhere/",
            },
        )
    user = User.objects.get(email="new@example.com")
    assert (user.newsletter, user.language) == ("daily", "en")
    (message,) = mail.outbox
    lines = message.body.splitlines()
    (link,) = [line for line in lines if "/accounts/confirm-email/" in line]
    assert link.startswith("https://gyojeong.example/accounts/confirm-email/")
    assert link == link.strip() and " " not in link
    assert "example.com!" not in message.body.replace("new@example.com", "")
    assert "Hello from Gyojeong!" in message.body
    # Confirming signs the member in and lands where they started.
    response = client.post(link.removeprefix("https://gyojeong.example"))
    assert response.status_code == 302 and response.url == "/d/somewhere/"
    assert EmailAddress.objects.get(user=user).verified
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_signup_preselects_the_weekly_newsletter(client):
    client.cookies["django_language"] = "en"
    html = client.get("/accounts/signup/").content.decode()
    assert 'name="newsletter" value="weekly"' in html
    weekly = html[html.index('value="weekly"') - 200 : html.index('value="weekly"') + 200]
    assert "checked" in weekly


@override_settings(SITE_URL="https://gyojeong.example")
def test_account_mail_is_in_the_readers_language_with_the_real_address(client, committed):
    member = UserFactory(language="ko")
    client.cookies["django_language"] = "en"
    with committed():
        client.post("/accounts/password/reset/", {"email": member.email})
    (message,) = mail.outbox
    assert "Someone, probably you" not in message.body
    (link,) = [line for line in message.body.splitlines() if "/password/reset/key/" in line]
    assert link.startswith("https://gyojeong.example/accounts/password/reset/key/")


@override_settings(SITE_URL="https://gyojeong.example")
def test_the_atom_feed_uses_site_url(client, sample_digest):
    xml = client.get("/feed/atom/").content.decode()
    assert "https://gyojeong.example/" in xml
    assert "example.com" not in xml.replace("gyojeong.example", "")
    assert f"https://gyojeong.example{sample_digest.get_absolute_url()}" in xml

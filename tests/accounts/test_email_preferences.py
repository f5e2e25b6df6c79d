"""The profile page's "Email me when…" choices, saved through preferences_update."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import EmailKind, Notification
from accounts.services import notification_send

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


@pytest.fixture
def signed_in(client, member):
    client.cookies["django_language"] = "en"
    client.force_login(member)
    return client


def test_every_kind_is_ticked_to_begin_with(signed_in):
    html = signed_in.get(PROFILE).content.decode()
    assert "Email me when…" in html
    for kind in EmailKind.values:
        assert f'value="{kind}"' in html
    # Every kind, and the weekly newsletter.
    assert html.count("checked") == len(EmailKind.values) + 1
    assert 'name="newsletter" value="weekly"' in html


def test_unticking_kinds_saves_them_and_stops_those_emails(
    signed_in, member, django_capture_on_commit_callbacks
):
    response = signed_in.post(
        PROFILE, {"form": "emails", "emailed": ["reviewed", "moderation"]}, follow=True
    )
    assert "Your email preferences were saved." in response.content.decode()
    member.refresh_from_db()
    assert sorted(member.email_opt_outs) == ["corrected", "mention", "reply"]
    assert member.wants_email("reviewed") and not member.wants_email("reply")
    html = response.content.decode()
    assert html.count("checked") == 2 + 1  # the two kinds and the newsletter

    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=member, kind=Notification.Kind.MENTION, params={"name": "x"})
        notification_send(
            recipient=member, kind=Notification.Kind.SUGGESTION_ACCEPTED, params={"number": 2}
        )
    # Both are in the site; only the kind still ticked is emailed.
    assert member.notifications.filter(kind__in=["mention", "suggestion_accepted"]).count() == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]


def test_nothing_ticked_turns_every_kind_off(signed_in, member):
    signed_in.post(PROFILE, {"form": "emails"})
    member.refresh_from_db()
    assert sorted(member.email_opt_outs) == sorted(EmailKind.values)


def test_unknown_kinds_are_refused_and_change_nothing(signed_in, member):
    response = signed_in.post(PROFILE, {"form": "emails", "emailed": ["reply", "spam"]})
    assert response.status_code == 200
    assert "error" in response.content.decode()
    member.refresh_from_db()
    assert member.email_opt_outs == []


def test_the_display_name_form_still_works_beside_it(signed_in, member):
    signed_in.post(PROFILE, {"form": "profile", "display_name": "새 이름"})
    member.refresh_from_db()
    assert member.display_name == "새 이름" and member.email_opt_outs == []
    # A post without the hidden field is the display name form, as before.
    signed_in.post(PROFILE, {"display_name": "또 다른 이름"})
    member.refresh_from_db()
    assert member.display_name == "또 다른 이름"

"""One-click unsubscribe (RFC 8058): a signed token per member and kind, no sign-in."""

import pytest
from django.test import Client

from accounts.email import unsubscribe_token, unsubscribe_url
from accounts.models import EmailKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def bare():
    """A mail client: no session, and CSRF checks enforced as in production."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    return client


def test_one_click_post_without_a_session_turns_the_kind_off(bare, member):
    url = path_of(unsubscribe_url(member, EmailKind.REPLY))
    response = bare.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You will no longer get emails about" in response.content.decode()
    member.refresh_from_db()
    assert member.email_opt_outs == [EmailKind.REPLY]
    assert member.wants_email(EmailKind.MENTION)
    # Again: nothing more changes.
    assert bare.post(url).status_code == 200
    member.refresh_from_db()
    assert member.email_opt_outs == [EmailKind.REPLY]


def test_the_newsletter_token_turns_the_newsletter_off(bare, member):
    bare.post(path_of(unsubscribe_url(member, "newsletter")))
    member.refresh_from_db()
    assert member.newsletter == "off" and member.email_opt_outs == []


def test_get_only_asks_for_confirmation(bare, member):
    response = bare.get(path_of(unsubscribe_url(member, EmailKind.MENTION)))
    html = response.content.decode()
    assert response.status_code == 200 and '<form method="post"' in html
    assert "Yes, unsubscribe me" in html
    member.refresh_from_db()
    assert member.email_opt_outs == []


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.split(":")[0] + ":x:y",
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_token_is_refused_and_changes_nothing(bare, member, tamper):
    token = tamper(unsubscribe_token(member, EmailKind.REPLY))
    response = bare.post(f"/accounts/email/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.content.decode()
    member.refresh_from_db()
    assert member.email_opt_outs == [] and member.newsletter == "weekly"


def test_tokens_are_per_member_and_kind_and_do_nothing_else(bare, member):
    other = UserFactory()
    assert unsubscribe_token(member, "reply") != unsubscribe_token(other, "reply")
    assert unsubscribe_token(member, "reply") != unsubscribe_token(member, "mention")
    # A token signed for something else (same key, another salt) is no unsubscribe token.
    from django.core import signing

    forged = signing.dumps({"u": member.pk, "k": "reply"})
    assert bare.post(f"/accounts/email/unsubscribe/{forged}/").status_code == 400
    # The token signs the member in to nothing.
    bare.post(path_of(unsubscribe_url(member, "reply")))
    assert "_auth_user_id" not in bare.session
    assert bare.get("/accounts/profile/").status_code == 302
    with pytest.raises(ValueError):
        unsubscribe_token(member, "admin")

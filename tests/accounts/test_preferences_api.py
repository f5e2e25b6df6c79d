"""GET and PATCH /api/v1/me/preferences/ (interfaces.md §5)."""

import pytest

from accounts.models import EmailKind

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/preferences/"


def test_a_new_member_gets_the_weekly_newsletter_and_every_email(client_member):
    data = client_member.get(URL).json()
    assert data == {
        "newsletter": "weekly",
        "language": "ko",
        "email_notifications": dict.fromkeys(EmailKind.values, True),
    }


def test_patch_changes_only_what_it_names(client_member, member):
    response = client_member.patch(
        URL,
        {"newsletter": "daily", "email_notifications": {"reply": False}},
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["newsletter"] == "daily" and data["language"] == "ko"
    assert data["email_notifications"]["reply"] is False
    assert data["email_notifications"]["mention"] is True
    member.refresh_from_db()
    assert member.email_opt_outs == ["reply"]
    response = client_member.patch(URL, {"language": "en"}, content_type="application/json")
    assert response.json()["language"] == "en"
    member.refresh_from_db()
    assert (member.language, member.newsletter, member.email_opt_outs) == ("en", "daily", ["reply"])


@pytest.mark.parametrize(
    "body",
    [
        {"newsletter": "hourly"},
        {"language": "fr"},
        {"email_notifications": {"spam": False}},
        {"email_notifications": {"reply": "maybe"}},
        {"email_notifications": ["reply"]},
    ],
)
def test_invalid_values_are_refused_and_change_nothing(client_member, member, body):
    response = client_member.patch(URL, body, content_type="application/json")
    assert response.status_code == 400
    member.refresh_from_db()
    assert (member.newsletter, member.language, member.email_opt_outs) == ("weekly", "ko", [])


def test_anonymous_callers_are_refused(client):
    assert client.get(URL).status_code in (401, 403)


def test_the_signed_in_members_language_shows_in_a_browser_without_a_cookie(client, member):
    member.language = "en"
    member.save()
    client.force_login(member)
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_profile_page_saves_newsletter_and_language(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/profile/",
        {"form": "emails", "newsletter": "off", "language": "en", "emailed": ["reply"]},
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    member.refresh_from_db()
    assert (member.newsletter, member.language) == ("off", "en")
    assert sorted(member.email_opt_outs) == sorted(set(EmailKind.values) - {"reply"})


def test_the_language_switcher_saves_the_members_choice(client, member):
    client.force_login(member)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    member.refresh_from_db()
    assert member.language == "en"

"""Display names: one set of rules, asked at sign-up, on the profile page and in the admin."""

import pytest
from django.db import IntegrityError, transaction

from accounts import services
from accounts.models import User
from accounts.services import AccountError, display_name_clean, profile_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long pass phrase"


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def signup(client, display_name: str, email: str = "new@example.com"):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": display_name,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def test_signup_with_an_at_sign_in_the_name_shows_the_error_and_creates_nobody(english):
    response = signup(english, "a@b")
    assert response.status_code == 200
    assert "must not be an email address" in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


def test_signup_refuses_a_name_someone_has_in_any_case(english):
    UserFactory(display_name="Proofreader")
    response = signup(english, "  PROOFREADER ")
    assert response.status_code == 200
    assert "already someone" in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


def test_signup_stores_the_cleaned_name(english):
    response = signup(english, "  새   독자 ")
    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").display_name == "새 독자"


def test_profile_refuses_another_members_name_and_keeps_ones_own(english, member):
    UserFactory(display_name="Proofreader")
    english.force_login(member)
    response = english.post("/accounts/profile/", {"display_name": "proofreader"})
    assert response.status_code == 200
    assert "already someone" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name != "proofreader"
    # Saving one's own name again (in another case) is not a clash.
    own = member.display_name
    response = english.post("/accounts/profile/", {"display_name": own.upper()})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == own.upper()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("   ", "must not be empty"),
        ("me@example.com", "email address"),
        ("가" * 61, "at most 60"),
        ("Member 12", "looks like the name shown"),
        ("member12", "looks like the name shown"),
        ("회원 3", "looks like the name shown"),
    ],
)
def test_display_name_rules(name, problem):
    with pytest.raises(AccountError, match=problem):
        display_name_clean(name=name)


def test_a_long_name_counts_after_whitespace_is_collapsed():
    name = "가" * 30 + "      " + "나" * 29
    assert len(display_name_clean(name=name)) == 60
    assert display_name_clean(name="Members of the lab 2024") == "Members of the lab 2024"


def test_the_database_refuses_a_duplicate_name_in_another_case():
    UserFactory(display_name="Proofreader")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(display_name="PROOFREADER")
    # Any number of people may have no name yet.
    UserFactory(display_name="")
    UserFactory(display_name="")


def test_a_name_taken_meanwhile_is_a_clear_error_not_a_crash(member, monkeypatch):
    UserFactory(display_name="Proofreader")
    before = member.display_name
    # As if the other person took the name after the check: only the constraint sees it.
    monkeypatch.setattr(services, "display_name_clean", lambda *, name, user=None: name)
    with pytest.raises(AccountError, match="already someone"):
        profile_update(user=member, display_name="proofreader")
    assert member.display_name == before
    member.refresh_from_db()
    assert member.display_name == before


def test_signup_race_on_the_name_keeps_the_account_without_a_name(english, monkeypatch):
    from accounts import forms

    UserFactory(display_name="Proofreader")
    monkeypatch.setattr(forms, "display_name_clean", lambda *, name, user=None: name)
    response = signup(english, "Proofreader")
    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").display_name == ""

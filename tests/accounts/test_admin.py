"""The user admin: accounts are created through the service, roles change only by actions."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import EDITORS_GROUP, User
from accounts.permissions import is_editor, is_member
from core.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/accounts/user/add/"


@pytest.fixture
def admin_en(admin_client):
    admin_client.cookies["django_language"] = "en"
    return admin_client


def test_admin_adds_a_verified_member_with_a_lower_case_email(admin_en, admin_user):
    response = admin_en.post(
        ADD_URL,
        {
            "email": "New.Person@Example.COM",
            "display_name": "  새   사람 ",
            "usable_password": "true",
            "password1": "a-long pass phrase",
            "password2": "a-long pass phrase",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.person@example.com")
    assert user.display_name == "새 사람"
    assert user.check_password("a-long pass phrase")
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, True, True)
    assert is_member(user)
    event = AuditEvent.objects.get(action="user.create")
    assert (event.actor, event.target_id) == (admin_user, str(user.pk))
    assert response.url.endswith(f"/admin/accounts/user/{user.pk}/change/")


def test_admin_adds_a_member_without_a_password(admin_en):
    response = admin_en.post(ADD_URL, {"email": "nopass@example.com", "usable_password": "false"})
    assert response.status_code == 302
    user = User.objects.get(email="nopass@example.com")
    assert not user.has_usable_password()
    assert user.display_name == ""
    assert EmailAddress.objects.filter(user=user, verified=True).exists()


def test_admin_add_refuses_an_existing_email_in_another_case_and_a_bad_name(admin_en, member):
    response = admin_en.post(
        ADD_URL,
        {"email": member.email.upper(), "display_name": "x@y", "usable_password": "false"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "already exists" in str(errors["email"])
    assert "email address" in str(errors["display_name"])
    assert User.objects.count() == 2  # the admin and the member


def test_groups_are_shown_but_not_editable(admin_en, member):
    response = admin_en.get(f"/admin/accounts/user/{member.pk}/change/")
    fields = response.context["adminform"].form.fields
    assert "groups" not in fields
    assert {"is_active", "is_staff", "is_superuser"} <= set(fields)


def test_roles_change_through_the_audited_actions(admin_en, member):
    response = admin_en.post(
        "/admin/accounts/user/",
        {"action": "make_editors", "_selected_action": [member.pk]},
    )
    assert response.status_code == 302
    assert is_editor(User.objects.get(pk=member.pk))
    assert AuditEvent.objects.filter(action="role.grant_editor").count() == 1
    assert Group.objects.get(name=EDITORS_GROUP).user_set.filter(pk=member.pk).exists()


def test_admin_edit_applies_the_display_name_rules(admin_en):
    UserFactory(display_name="Proofreader")
    other = UserFactory()
    url = f"/admin/accounts/user/{other.pk}/change/"
    form = admin_en.get(url).context["adminform"].form
    data = {
        name: form[name].value()
        for name in ["email", "display_name", "is_active", "is_staff", "is_superuser"]
    }
    data = {key: value for key, value in data.items() if value not in (None, False)}
    data.update(
        {
            "date_joined_0": other.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": other.date_joined.strftime("%H:%M:%S"),
            "display_name": "PROOFREADER",
        }
    )
    response = admin_en.post(url, data)
    assert response.status_code == 200
    assert "already someone" in str(response.context["adminform"].form.errors)
    # An operator may clear a name; the member then appears as "Member N".
    data["display_name"] = ""
    data["email"] = other.email.upper()
    response = admin_en.post(url, data)
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.display_name == ""
    assert other.email == other.email.lower()


def _change_form_data(client, user) -> dict:
    form = client.get(f"/admin/accounts/user/{user.pk}/change/").context["adminform"].form
    data = {
        name: form[name].value()
        for name in ["email", "display_name", "is_active", "is_staff", "is_superuser"]
    }
    return {key: value for key, value in data.items() if value not in (None, False)}


def test_an_email_change_in_the_admin_retires_the_old_address(admin_en, admin_user, client):
    person = UserFactory(email="old@example.com")
    person.set_password("pass-word-123")
    person.save()
    data = _change_form_data(admin_en, person) | {"email": "New@Example.com"}
    response = admin_en.post(f"/admin/accounts/user/{person.pk}/change/", data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "new@example.com"
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "verified")) == [
        ("new@example.com", True)
    ]
    assert is_member(User.objects.get(pk=person.pk))
    event = AuditEvent.objects.get(action="user.email_change", target_id=str(person.pk))
    assert (event.actor, event.data) == (
        admin_user,
        {"old": "old@example.com", "new": "new@example.com"},
    )
    client.post("/accounts/login/", {"login": "old@example.com", "password": "pass-word-123"})
    assert "_auth_user_id" not in client.session
    client.post("/accounts/login/", {"login": "new@example.com", "password": "pass-word-123"})
    assert client.session["_auth_user_id"] == str(person.pk)


def test_ticking_superuser_in_the_admin_is_audited(admin_en, admin_user):
    person = UserFactory()
    data = _change_form_data(admin_en, person) | {"is_superuser": "on", "is_staff": "on"}
    assert admin_en.post(f"/admin/accounts/user/{person.pk}/change/", data).status_code == 302
    person.refresh_from_db()
    assert person.is_superuser and person.is_staff
    actions = set(
        AuditEvent.objects.filter(target_id=str(person.pk), actor=admin_user).values_list(
            "action", flat=True
        )
    )
    assert actions == {"user.is_superuser_set", "user.is_staff_set"}


def test_an_unchanged_save_in_the_admin_writes_no_audit_row(admin_en):
    person = UserFactory()
    data = _change_form_data(admin_en, person)
    assert admin_en.post(f"/admin/accounts/user/{person.pk}/change/", data).status_code == 302
    assert not AuditEvent.objects.filter(target_id=str(person.pk)).exists()

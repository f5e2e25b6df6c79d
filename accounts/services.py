"""Writes to users and roles."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from digest.audit import audit_record

from .models import EDITORS_GROUP, User


class AccountError(Exception):
    pass


@transaction.atomic
def editor_grant(*, user: User, actor: User | None = None) -> bool:
    """Add the user to the Editors group; False if they already were an editor."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    audit_record(action="role.grant_editor", actor=actor, target=user)
    return True


@transaction.atomic
def editor_revoke(*, user: User, actor: User | None = None) -> bool:
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    audit_record(action="role.revoke_editor", actor=actor, target=user)
    return True


@transaction.atomic
def user_create_verified(
    *, email: str, password: str, display_name: str = "", actor: User | None = None
) -> User:
    """Create an account whose email is already verified (demo data and operators' scripts)."""
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError(f"An account with {email} already exists.")
    user = User.objects.create_user(email=email, password=password, display_name=display_name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    audit_record(action="user.create", actor=actor, target=user)
    return user

"""Who may do what. Views, API permission classes and services all ask these functions."""

from django.conf import settings
from django.utils import timezone

from .models import EDITORS_GROUP, MODERATORS_GROUP, Suspension


def _groups(user) -> set[str]:
    # Cached on the instance: templates and views ask several times per request.
    if not hasattr(user, "_group_names"):
        user._group_names = set(user.groups.values_list("name", flat=True))
    return user._group_names


def is_editor(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return EDITORS_GROUP in _groups(user)


def is_moderator(user) -> bool:
    """Hide, restore and remove comments, suspend members: moderators, and every editor."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_editor(user) or MODERATORS_GROUP in _groups(user)


def has_verified_email(user) -> bool:
    if not user.is_authenticated:
        return False
    from allauth.account.models import EmailAddress

    if not hasattr(user, "_has_verified_email"):
        user._has_verified_email = EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
    return user._has_verified_email


def is_member(user) -> bool:
    """A signed-in, active person with a verified email address: may write unless suspended."""
    return user.is_authenticated and user.is_active and has_verified_email(user)


def suspension_in_force(user) -> Suspension | None:
    """The member's current suspension, if any (read once per request and cached)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_suspension"):
        user._suspension = Suspension.objects.in_force(timezone.now()).filter(member=user).first()
    return user._suspension


def can_write(user) -> bool:
    """Comment, like, report, flag, suggest and vote: members who are not suspended."""
    return is_member(user) and suspension_in_force(user) is None


def needs_second_factor(user) -> bool:
    """Editors, moderators and staff review, moderate and administer only with a second
    factor (TOTP or a passkey) when the site requires it (settings.GYOJEONG_REQUIRE_MFA)."""
    if not settings.GYOJEONG_REQUIRE_MFA or not user.is_authenticated:
        return False
    return user.is_staff or is_moderator(user)


def second_factor_missing(user) -> bool:
    """Whether the user must set up a second factor before acting in their role."""
    if not needs_second_factor(user):
        return False
    if not hasattr(user, "_has_second_factor"):
        from allauth.mfa.utils import is_mfa_enabled

        user._has_second_factor = is_mfa_enabled(user)
    return not user._has_second_factor

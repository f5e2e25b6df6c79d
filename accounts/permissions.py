"""Who may do what. Views, API permission classes and services all ask these functions."""

from .models import EDITORS_GROUP


def is_editor(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cache on the instance: templates and views ask several times per request.
    if not hasattr(user, "_is_editor"):
        user._is_editor = user.groups.filter(name=EDITORS_GROUP).exists()
    return user._is_editor


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
    """A signed-in, active person with a verified email address: may write."""
    return user.is_authenticated and user.is_active and has_verified_email(user)

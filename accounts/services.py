"""Writes to users and roles."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digest.audit import audit_record

from .models import EDITORS_GROUP, Notification, User


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
        raise AccountError(_("An account with %(email)s already exists.") % {"email": email})
    user = User.objects.create_user(email=email, password=password, display_name=display_name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    audit_record(action="user.create", actor=actor, target=user)
    return user


# Subject and message of each kind. They are rendered in the site's language: the person told
# may not share the language of the editor whose action caused the notification.
NOTIFICATION_TEXTS = {
    Notification.Kind.SUGGESTION_ACCEPTED: (
        gettext_lazy("Your suggestion was accepted"),
        gettext_lazy("Your suggestion was accepted and published in revision %(number)d."),
    ),
    Notification.Kind.SUGGESTION_REJECTED: (
        gettext_lazy("Your suggestion was not accepted"),
        gettext_lazy("Your suggestion was not accepted: %(reason)s."),
    ),
    Notification.Kind.FLAG_RESOLVED: (
        gettext_lazy("A sentence you flagged was corrected"),
        gettext_lazy("A sentence you flagged was corrected in revision %(number)d."),
    ),
}


def notification_send(
    *, recipient: User, kind: str, params: dict | None = None, note: str = "", url: str = ""
) -> Notification:
    """Record an in-site notification and email it once the transaction commits.

    `note` is text a person wrote (such as an editor's reason); it follows the message.
    """
    subject_text, message_text = NOTIFICATION_TEXTS[kind]
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(subject_text)
        message = str(message_text) % (params or {})
    if note:
        message = f"{message}\n\n{note.strip()}"
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, message=message, url=url
    )
    if recipient.is_active and recipient.email:
        link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else settings.SITE_URL
        transaction.on_commit(
            lambda: send_mail(
                f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
                f"{message}\n\n{link}\n",
                None,
                [recipient.email],
            ),
            robust=True,
        )
    return notification


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    queryset = user.notifications.filter(read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.update(read_at=timezone.now())


@transaction.atomic
def profile_update(*, user: User, display_name: str) -> User:
    name = " ".join(display_name.split())
    if not name:
        raise AccountError(_("A display name must not be empty."))
    if "@" in name:
        raise AccountError(_("A display name must not be an email address."))
    user.display_name = name[:60]
    user.save(update_fields=["display_name"])
    return user

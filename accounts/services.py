"""Writes to users and roles."""

import re
import unicodedata

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digest.audit import audit_record

from .models import DISPLAY_NAME_MAX_LENGTH, EDITORS_GROUP, FALLBACK_NAME, Notification, User


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
    *, email: str, password: str | None, display_name: str = "", actor: User | None = None
) -> User:
    """Create an account whose email is already verified (admin, demo data, operators' scripts).

    The address is stored in lower case with a verified, primary allauth EmailAddress row. A
    `password` of None gives an unusable password: the person sets one through password reset.
    An empty `display_name` leaves the fallback public name ("Member 12").
    """
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError(_("An account with %(email)s already exists.") % {"email": email})
    name = display_name_clean(name=display_name) if display_name.strip() else ""
    user = User.objects.create_user(email=email, password=password, display_name=name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    audit_record(action="user.create", actor=actor, target=user)
    return user


def _looks_like_fallback_name(name: str) -> bool:
    """True for names such as "Member 12" or "회원 12", which User.public_name shows for others."""
    # The Korean form is listed as well in case the catalogue does not translate it yet.
    templates = {"회원 %(number)d"}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            templates.add(str(FALLBACK_NAME))
    for template in templates:
        before, _sep, after = template.partition("%(number)d")
        pattern = rf"{re.escape(before.strip())}\s*#?\s*\d+\s*{re.escape(after.strip())}"
        if re.fullmatch(pattern, name, flags=re.IGNORECASE):
            return True
    return False


def _name_taken(name: str) -> AccountError:
    return AccountError(_("“%(name)s” is already someone's display name.") % {"name": name})


def display_name_clean(*, name: str, user: User | None = None) -> str:
    """Return the name as it will be stored (NFC, whitespace collapsed) or raise AccountError.

    The one place the rules for display names live; the sign-up form, the profile page and the
    admin all ask it. `user` is the person who would carry the name (None while signing up), so
    that keeping one's own name is not a clash.
    """
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise AccountError(_("A display name must not be empty."))
    if "@" in name:
        raise AccountError(_("A display name must not be an email address."))
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise AccountError(
            _("A display name can have at most %(count)d characters.")
            % {"count": DISPLAY_NAME_MAX_LENGTH}
        )
    if _looks_like_fallback_name(name):
        raise AccountError(
            _("“%(name)s” looks like the name shown for members without one; choose another.")
            % {"name": name}
        )
    taken = User.objects.alias(key=Lower("display_name")).filter(key=Lower(Value(name)))
    if user is not None and user.pk is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise _name_taken(name)
    return name


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
    name = display_name_clean(name=display_name, user=user)
    previous, user.display_name = user.display_name, name
    try:
        with transaction.atomic():
            user.save(update_fields=["display_name"])
    except IntegrityError:
        # Someone took the name between the check above and this write (the database's
        # case-insensitive unique constraint refused it).
        user.display_name = previous
        raise _name_taken(name) from None
    return user

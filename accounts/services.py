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
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import InvalidInput, NotAllowed
from digest.audit import audit_record

from . import permissions, trust
from .models import (
    DISPLAY_NAME_MAX_LENGTH,
    EDITORS_GROUP,
    FALLBACK_NAME,
    MODERATORS_GROUP,
    EmailKind,
    Notification,
    Suspension,
    TrustLevel,
    User,
)

MAX_REASON_LENGTH = 2000


class AccountError(InvalidInput):
    pass


class Suspended(NotAllowed):
    """The member is suspended: they may read, and every write is refused with this message."""

    def __init__(self, suspension: Suspension):
        self.suspension = suspension
        if suspension.ends_at is None:
            message = _("Your account is suspended until further notice, so you cannot do this.")
        else:
            message = _(
                "Your account is suspended until %(date)s, so you cannot do this until then."
            ) % {"date": moment_text(suspension.ends_at)}
        super().__init__(message)


def moment_text(moment) -> str:
    """A date and time as a reader in the site's time zone writes it, with the zone named."""
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'Y-m-d H:i')} ({local.tzname()})"


def require_can_write(user) -> None:
    """Refuse every write of a suspended member with a message naming the end of it."""
    suspension = permissions.suspension_in_force(user)
    if suspension is not None:
        raise Suspended(suspension)


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
def moderator_grant(*, user: User, actor: User | None = None) -> bool:
    """Add the user to the Moderators group; False if they already were in it."""
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    audit_record(action="role.grant_moderator", actor=actor, target=user)
    return True


@transaction.atomic
def moderator_revoke(*, user: User, actor: User | None = None) -> bool:
    group = Group.objects.filter(name=MODERATORS_GROUP).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    audit_record(action="role.revoke_moderator", actor=actor, target=user)
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
    Notification.Kind.COMMENT_REPLY: (
        gettext_lazy("New reply to your comment"),
        gettext_lazy("%(name)s replied to your comment."),
    ),
    Notification.Kind.MENTION: (
        gettext_lazy("You were mentioned in a comment"),
        gettext_lazy("%(name)s mentioned you in a comment."),
    ),
    Notification.Kind.COMMENT_MODERATED: (
        gettext_lazy("A moderator took down your comment"),
        gettext_lazy("A moderator took down your comment. The reason:"),
    ),
    Notification.Kind.SUSPENDED: (
        gettext_lazy("Your account is suspended"),
        gettext_lazy(
            "A moderator suspended your account until %(until)s. You can still read the site, "
            "but not comment, like, report, flag, suggest or vote. The reason:"
        ),
    ),
    Notification.Kind.SUSPENSION_LIFTED: (
        gettext_lazy("Your suspension was lifted"),
        gettext_lazy("Your suspension was lifted; you can take part again."),
    ),
    Notification.Kind.TRUST_CHANGED: (
        gettext_lazy("Your trust level changed"),
        gettext_lazy("Your trust level is now: %(level)s."),
    ),
}

# Which email preference each kind follows; None: always emailed (account notices).
EMAIL_KIND_OF = {
    Notification.Kind.SUGGESTION_ACCEPTED: EmailKind.REVIEWED,
    Notification.Kind.SUGGESTION_REJECTED: EmailKind.REVIEWED,
    Notification.Kind.FLAG_RESOLVED: EmailKind.CORRECTED,
    Notification.Kind.COMMENT_REPLY: EmailKind.REPLY,
    Notification.Kind.MENTION: EmailKind.MENTION,
    Notification.Kind.COMMENT_MODERATED: EmailKind.MODERATION,
    Notification.Kind.TRUST_CHANGED: EmailKind.MODERATION,
    Notification.Kind.SUSPENDED: None,
    Notification.Kind.SUSPENSION_LIFTED: None,
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
    email_kind = EMAIL_KIND_OF[kind]
    wanted = email_kind is None or recipient.wants_email(email_kind)
    if recipient.is_active and recipient.email and wanted:
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


@transaction.atomic
def email_preferences_update(*, user: User, emailed: set[str]) -> User:
    """Email the member the notification kinds in `emailed` (EmailKind values), no others."""
    unknown = set(emailed) - set(EmailKind.values)
    if unknown:
        raise InvalidInput(_("Unknown kind of email: %(kinds)s.") % {"kinds": ", ".join(unknown)})
    user.email_opt_outs = sorted(set(EmailKind.values) - set(emailed))
    user.save(update_fields=["email_opt_outs"])
    return user


# --- trust levels --------------------------------------------------------------------------


@transaction.atomic
def trust_level_refresh(*, user: User, actor: User | None = None) -> str:
    """Recompute the member's trust level from their record; store, audit and tell them of a
    change. Call whenever a number behind it changes (accepted suggestion, like, report)."""
    now = timezone.now()
    locked = User.objects.select_for_update().get(pk=user.pk)
    level = trust.trust_level_for(locked, trust.track_record(locked, now=now), now=now)
    if level != locked.trust_level:
        previous = locked.trust_level
        locked.trust_level = level
        locked.save(update_fields=["trust_level"])
        audit_record(
            action="trust.change", actor=actor, target=locked, data={"from": previous, "to": level}
        )
        # Leaving the new-member limits happens quietly; gaining or losing trust is news.
        if TrustLevel.TRUSTED in (previous, level):
            notification_send(
                recipient=locked,
                kind=Notification.Kind.TRUST_CHANGED,
                params={"level": TrustLevel(level).label},
            )
    user.trust_level = level
    user.trust_level_override = locked.trust_level_override
    return level


@transaction.atomic
def trust_level_set(*, user: User, moderator: User, override: str, reason: str = "") -> str:
    """A moderator grants trust ("trusted"), revokes it ("member") or lets the record decide
    again (""). Returns the resulting level."""
    _require_moderator(moderator)
    if override not in ("", TrustLevel.TRUSTED, TrustLevel.MEMBER):
        raise InvalidInput(_("Choose trusted, not trusted or automatic."))
    if user.pk == moderator.pk:
        raise NotAllowed(_("Moderators do not change their own trust level."))
    _require_outranks(moderator, user)
    User.objects.filter(pk=user.pk).update(trust_level_override=override)
    user.trust_level_override = override
    action = {"": "trust.reset", "trusted": "trust.grant", "member": "trust.revoke"}[override]
    audit_record(action=action, actor=moderator, target=user, data={"reason": reason.strip()})
    return trust_level_refresh(user=user, actor=moderator)


# --- suspensions ---------------------------------------------------------------------------


def _require_moderator(user) -> None:
    if not permissions.is_moderator(user):
        raise NotAllowed(_("Only moderators can do this."))


def _require_outranks(actor: User, member: User) -> None:
    """Moderators act on members; editors also on moderators; administrators on editors."""
    if actor.is_superuser:
        return
    if permissions.is_editor(member):
        raise NotAllowed(_("Only administrators can do this to an editor."))
    if permissions.is_moderator(member) and not permissions.is_editor(actor):
        raise NotAllowed(_("Only editors and administrators can do this to a moderator."))


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give a reason; the member is told it."))
    if "\x00" in reason:
        raise InvalidInput(_("The reason contains a character that cannot be stored."))
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(
            _("The reason is too long (at most %(max)d characters).") % {"max": MAX_REASON_LENGTH}
        )
    return reason


@transaction.atomic
def suspension_impose(*, member: User, moderator: User, until, reason: str) -> Suspension:
    """Suspend `member` until `until` (an aware datetime) or, with None, until lifted.

    Suspending someone already suspended replaces the earlier suspension. Nobody suspends
    themselves; see `_require_outranks` for who may suspend whom.
    """
    _require_moderator(moderator)
    reason = _clean_reason(reason)
    now = timezone.now()
    if member.pk == moderator.pk:
        raise NotAllowed(_("You cannot suspend yourself."))
    _require_outranks(moderator, member)
    if until is not None and until <= now:
        raise InvalidInput(_("The end of a suspension must be in the future."))
    User.objects.select_for_update().filter(pk=member.pk).get()
    for open_one in Suspension.objects.select_for_update().filter(
        member=member, lifted_at__isnull=True
    ):
        # An earlier suspension ends here: replaced if in force, closed if it ran out.
        ran_out = open_one.ends_at is not None and open_one.ends_at <= now
        open_one.lifted_at = open_one.ends_at if ran_out else now
        open_one.lifted_by = None if ran_out else moderator
        open_one.save(update_fields=["lifted_at", "lifted_by"])
    suspension = Suspension.objects.create(
        member=member, moderator=moderator, reason=reason, starts_at=now, ends_at=until
    )
    audit_record(
        action="member.suspend",
        actor=moderator,
        target=member,
        data={"until": until.isoformat() if until else None, "reason": reason},
    )
    with translation.override(settings.LANGUAGE_CODE):
        until_text = moment_text(until) if until else str(_("further notice"))
    notification_send(
        recipient=member,
        kind=Notification.Kind.SUSPENDED,
        params={"until": until_text},
        note=reason,
    )
    member.__dict__.pop("_suspension", None)
    return suspension


@transaction.atomic
def suspension_lift(*, member: User, moderator: User) -> Suspension:
    _require_moderator(moderator)
    suspension = (
        Suspension.objects.select_for_update()
        .in_force(timezone.now())
        .filter(member=member)
        .first()
    )
    if suspension is None:
        raise InvalidInput(_("This member is not suspended."))
    suspension.lifted_at = timezone.now()
    suspension.lifted_by = moderator
    suspension.save(update_fields=["lifted_at", "lifted_by"])
    audit_record(action="member.unsuspend", actor=moderator, target=member)
    notification_send(recipient=member, kind=Notification.Kind.SUSPENSION_LIFTED)
    member.__dict__.pop("_suspension", None)
    return suspension

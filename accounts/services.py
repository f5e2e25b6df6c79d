"""Writes to users and roles."""

import datetime
import re
import unicodedata

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_record
from core.errors import InvalidInput, NotAllowed

from . import permissions, trust
from .models import (
    DISPLAY_NAME_MAX_LENGTH,
    EDITORS_GROUP,
    FALLBACK_NAME,
    MODERATORS_GROUP,
    EmailKind,
    Newsletter,
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


class SecondFactorRequired(NotAllowed):
    """An editor, moderator or administrator without two-factor authentication acted."""

    def __init__(self):
        super().__init__(
            _(
                "Set up two-factor authentication (an authenticator app or a passkey) in your "
                "account before you review, edit, moderate or administer."
            )
        )


def require_second_factor(user) -> None:
    """Refuse every review, moderation and role action of an account that must have a second
    factor and has none (accounts.permissions.second_factor_missing)."""
    if permissions.second_factor_missing(user):
        raise SecondFactorRequired()


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
    if actor is not None:
        require_second_factor(actor)
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    audit_record(action="role.grant_editor", actor=actor, target=user)
    return True


@transaction.atomic
def moderator_grant(*, user: User, actor: User | None = None) -> bool:
    """Add the user to the Moderators group; False if they already were in it."""
    if actor is not None:
        require_second_factor(actor)
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    audit_record(action="role.grant_moderator", actor=actor, target=user)
    return True


@transaction.atomic
def administrator_grant(*, user: User, actor: User | None = None) -> bool:
    """Make the user staff and superuser (the admin site, role management); False if they
    already were both. Without an actor this is an operator's first-run act (demo data, a
    script); an administrator granting it needs their second factor."""
    if actor is not None:
        require_second_factor(actor)
    current = User.objects.select_for_update().get(pk=user.pk)
    if current.is_staff and current.is_superuser:
        return False
    User.objects.filter(pk=current.pk).update(is_staff=True, is_superuser=True)
    user.is_staff = user.is_superuser = True
    audit_record(action="role.grant_administrator", actor=actor, target=user)
    return True


@transaction.atomic
def moderator_revoke(*, user: User, actor: User | None = None) -> bool:
    if actor is not None:
        require_second_factor(actor)
    group = Group.objects.filter(name=MODERATORS_GROUP).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    audit_record(action="role.revoke_moderator", actor=actor, target=user)
    return True


@transaction.atomic
def editor_revoke(*, user: User, actor: User | None = None) -> bool:
    if actor is not None:
        require_second_factor(actor)
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


@transaction.atomic
def api_token_issue(*, user: User, actor: User):
    """Give `user` an API token (or their existing one). Editors, moderators and staff get
    one only once they have a second factor, where the site requires it: a token skips the
    sign-in, so it must not be a way around the second factor."""
    from rest_framework.authtoken.models import Token

    require_second_factor(actor)
    if permissions.second_factor_missing(user):
        raise AccountError(
            _("%(user)s needs two-factor authentication before they can have an API token.")
            % {"user": user.email}
        )
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit_record(action="user.api_token_issue", actor=actor, target=user)
    return token


ACCOUNT_FLAGS = ("is_active", "is_staff", "is_superuser")


@transaction.atomic
def user_update_by_admin(
    *,
    user: User,
    actor: User,
    email: str,
    display_name: str,
    is_active: bool,
    is_staff: bool,
    is_superuser: bool,
) -> list[str]:
    """An administrator's change of an account; returns the names of what changed.

    A new email address replaces the old one entirely (the old address can no longer sign in
    or receive mail) and is verified, since an operator vouches for it, so the person stays a
    member. Every change is audited; the flags that give power (staff, superuser) and
    deactivation need the administrator's second factor, as role grants do."""
    require_second_factor(actor)
    current = User.objects.select_for_update().get(pk=user.pk)
    email = email.strip().lower()
    changed: list[str] = []
    if email != current.email:
        if User.objects.filter(email__iexact=email).exclude(pk=current.pk).exists():
            raise AccountError(_("An account with %(email)s already exists.") % {"email": email})
        EmailAddress.objects.filter(user=current).delete()
        EmailAddress.objects.create(user=current, email=email, verified=True, primary=True)
        audit_record(
            action="user.email_change",
            actor=actor,
            target=current,
            data={"old": current.email, "new": email},
        )
        current.email = email
        changed.append("email")
    name = display_name_clean(name=display_name, user=current) if display_name.strip() else ""
    if name != current.display_name:
        audit_record(
            action="user.rename",
            actor=actor,
            target=current,
            data={"old": current.display_name, "new": name},
        )
        current.display_name = name
        changed.append("display_name")
    wanted = {"is_active": is_active, "is_staff": is_staff, "is_superuser": is_superuser}
    for flag in ACCOUNT_FLAGS:
        if getattr(current, flag) != wanted[flag]:
            audit_record(
                action=f"user.{flag}_{'set' if wanted[flag] else 'cleared'}",
                actor=actor,
                target=current,
            )
            setattr(current, flag, wanted[flag])
            changed.append(flag)
    if changed:
        current.save(update_fields=changed)
    return changed


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
    if "\x00" in name:
        raise AccountError(_("The name contains a character that cannot be stored."))
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


# Subject and message of each kind, rendered in the reader's language when shown or emailed
# (see notification_text): the person told may not share the editor's language.
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


def _accepted_message(count: int) -> str:
    # Two messages rather than ngettext: the single case shares its text with
    # NOTIFICATION_TEXTS, and a batch always counts two or more.
    if count <= 1:
        return _("Your suggestion was accepted and published in revision %(number)d.")
    return _("%(count)d of your suggestions were accepted and published in revision %(number)d.")


# Kinds whose message counts several things (params["count"]), such as a batch publish.
NOTIFICATION_PLURALS = {Notification.Kind.SUGGESTION_ACCEPTED: _accepted_message}

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


# Params whose value is a translatable label are stored as the label's source text under this
# wrapper, so each reader sees it in their own language.
_MSGID = "msgid"
# Marks rows written with language-neutral params; older rows only have `message`.
_FORMAT_KEY = "v"


def _neutral(value):
    if isinstance(value, Promise):
        with translation.override(None):
            return {_MSGID: str(value)}
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def _shown(key: str, value, kind: str) -> str:
    """A stored param as the reader reads it, in the active language."""
    if isinstance(value, dict) and _MSGID in value:
        return _(value[_MSGID])
    if kind == Notification.Kind.TRUST_CHANGED and key == "level" and value in TrustLevel.values:
        return str(TrustLevel(value).label)
    if kind == Notification.Kind.SUSPENDED and key == "until":
        if not value:
            return _("further notice")
        try:
            return moment_text(datetime.datetime.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    return value


def notification_subject(notification: Notification) -> str:
    return str(NOTIFICATION_TEXTS[notification.kind][0])


def notification_text(notification: Notification) -> str:
    """The notification's message in the active language, followed by its note.

    Rows from before params were stored (no format marker) show the message written then.
    """
    params = notification.params or {}
    if _FORMAT_KEY not in params or notification.kind not in NOTIFICATION_TEXTS:
        return notification.message
    shown = {
        key: _shown(key, value, notification.kind)
        for key, value in params.items()
        if key != _FORMAT_KEY
    }
    try:
        if notification.kind in NOTIFICATION_PLURALS and "count" in shown:
            message = NOTIFICATION_PLURALS[notification.kind](int(shown["count"])) % shown
        else:
            message = str(NOTIFICATION_TEXTS[notification.kind][1]) % shown
    except (KeyError, TypeError, ValueError):
        return notification.message
    if notification.note:
        message = f"{message}\n\n{notification.note.strip()}"
    return message


def notification_send(
    *, recipient: User, kind: str, params: dict | None = None, note: str = "", url: str = ""
) -> Notification:
    """Record an in-site notification and queue its email for after the transaction commits.

    `note` is text a person wrote (such as an editor's reason); it follows the message.
    `params` are stored language-neutral (codes, ISO dates, the source text of translatable
    labels); the site and the email render them in the reader's language. `message` keeps the
    text in the site's language for the admin.
    """
    from .tasks import notification_email_deliver

    stored = {key: _neutral(value) for key, value in (params or {}).items()}
    stored[_FORMAT_KEY] = 1
    notification = Notification(
        recipient=recipient, kind=kind, params=stored, note=(note or "").strip(), url=url
    )
    with translation.override(settings.LANGUAGE_CODE):
        notification.message = notification_text(notification)
    notification.save()
    email_kind = EMAIL_KIND_OF[kind]
    wanted = email_kind is None or recipient.wants_email(email_kind)
    if recipient.is_active and recipient.email and wanted:
        pk = notification.pk
        transaction.on_commit(lambda: notification_email_deliver.delay(pk), robust=True)
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


LANGUAGE_CODES = ("ko", "en")


@transaction.atomic
def preferences_update(
    *,
    user: User,
    newsletter: str | None = None,
    language: str | None = None,
    emailed: dict[str, bool] | set[str] | None = None,
) -> User:
    """Change the member's newsletter, language and notification emails; None keeps a value.

    `emailed` is either the set of EmailKind values to email (the profile form) or a mapping
    of some kinds to on/off (the API's PATCH), which leaves the kinds it does not name alone.
    """
    fields = []
    if newsletter is not None:
        if newsletter not in Newsletter.values:
            raise InvalidInput(_("Choose weekly, daily or no newsletter."))
        user.newsletter = newsletter
        fields.append("newsletter")
    if language is not None:
        if language not in LANGUAGE_CODES:
            raise InvalidInput(_("Choose Korean or English."))
        user.language = language
        fields.append("language")
    if emailed is not None:
        if isinstance(emailed, dict):
            chosen = {kind for kind in EmailKind.values if user.wants_email(kind)}
            chosen |= {kind for kind, on in emailed.items() if on}
            chosen -= {kind for kind, on in emailed.items() if not on}
            kinds = set(emailed)
        else:
            chosen = kinds = set(emailed)
        unknown = kinds - set(EmailKind.values)
        if unknown:
            raise InvalidInput(
                _("Unknown kind of email: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))}
            )
        user.email_opt_outs = sorted(set(EmailKind.values) - chosen)
        fields.append("email_opt_outs")
    if fields:
        user.save(update_fields=fields)
    return user


@transaction.atomic
def unsubscribe_apply(*, user: User, kind: str) -> User:
    """Turn one kind of email off, as an unsubscribe link asks: an EmailKind value, or
    "newsletter" for the newsletter. Doing it twice changes nothing more."""
    if kind == "newsletter":
        return preferences_update(user=user, newsletter=Newsletter.OFF)
    return preferences_update(user=user, emailed={kind: False})


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
                params={"level": level},
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
    reason = (reason or "").strip()
    if "\x00" in reason or len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(
            _(
                "The reason must be at most %(max)d characters, with no character that "
                "cannot be stored."
            )
            % {"max": MAX_REASON_LENGTH}
        )
    if user.pk == moderator.pk:
        raise NotAllowed(_("Moderators do not change their own trust level."))
    _require_outranks(moderator, user)
    User.objects.filter(pk=user.pk).update(trust_level_override=override)
    user.trust_level_override = override
    action = {"": "trust.reset", "trusted": "trust.grant", "member": "trust.revoke"}[override]
    audit_record(action=action, actor=moderator, target=user, data={"reason": reason})
    return trust_level_refresh(user=user, actor=moderator)


# --- suspensions ---------------------------------------------------------------------------


def _require_moderator(user) -> None:
    if not permissions.is_moderator(user):
        raise NotAllowed(_("Only moderators can do this."))
    require_second_factor(user)


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
    notification_send(
        recipient=member,
        kind=Notification.Kind.SUSPENDED,
        params={"until": until.isoformat() if until else None},
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

"""Email to members: unsubscribe tokens and the one way every email is queued.

Every email the site sends (notifications, newsletters, account mail) is handed to a Celery
task after the surrounding transaction commits, so nothing is sent for work that was rolled
back and a slow mail server never holds up a request. Without a broker the task runs inline.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from .models import EmailKind, Newsletter, User

NEWSLETTER = "newsletter"
UNSUBSCRIBE_SALT = "accounts.email.unsubscribe"
ONE_CLICK = "List-Unsubscribe=One-Click"


def unsubscribable_kinds() -> set[str]:
    return {*EmailKind.values, NEWSLETTER}


def unsubscribe_token(user: User, kind: str) -> str:
    """A signed token that can only turn off `kind` (an EmailKind value or "newsletter") for
    `user`. It never expires: an old email's link must keep working."""
    if kind not in unsubscribable_kinds():
        raise ValueError(f"Unknown kind of email: {kind}")
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[User, str]:
    """The member and kind a token stands for; raises signing.BadSignature for anything that
    is not a token this site signed (tampered, truncated, for a deleted member)."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("k") not in unsubscribable_kinds():
        raise signing.BadSignature("Not an unsubscribe token.")
    user = User.objects.filter(pk=data.get("u")).first()
    if user is None:
        raise signing.BadSignature("The member no longer exists.")
    return user, data["k"]


def site_url(path: str = "") -> str:
    """An absolute address on the site, from settings.SITE_URL."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def unsubscribe_url(user: User, kind: str) -> str:
    return site_url(reverse("accounts:unsubscribe", args=[unsubscribe_token(user, kind)]))


def preferences_url() -> str:
    return site_url(reverse("accounts:profile")) + "#email-preferences"


def unsubscribe_headers(user: User, kind: str) -> dict[str, str]:
    """The RFC 2369 and RFC 8058 headers that let a mail client unsubscribe in one click."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user, kind)}>",
        "List-Unsubscribe-Post": ONE_CLICK,
    }


def wants(user: User, kind: str) -> bool:
    """Whether the member still takes this kind of email (checked when queued and sent)."""
    if not user.is_active or not user.email:
        return False
    if kind == NEWSLETTER:
        return user.newsletter != Newsletter.OFF
    return user.wants_email(kind)


def message_queue(
    *, to: str, subject: str, text: str, html: str = "", headers: dict | None = None
) -> None:
    """Queue a prepared email for after the transaction commits (account mail uses this
    directly; it carries no unsubscribe headers)."""
    from .tasks import email_send

    payload = {
        "to": to,
        "subject": subject,
        "text": text,
        "html": html,
        "headers": dict(headers or {}),
    }
    transaction.on_commit(lambda: email_send.delay(**payload), robust=True)


def email_queue(*, user: User, kind: str, subject: str, text: str, html: str) -> None:
    """Queue a multipart email to `user` with List-Unsubscribe headers for `kind`.

    Nothing is queued when the member turned this kind off (or the newsletter, for
    kind="newsletter"), and nothing is sent if the surrounding transaction rolls back. The
    body should already carry a visible unsubscribe link (`unsubscribe_url(user, kind)`).
    """
    if not wants(user, kind):
        return
    message_queue(
        to=user.email,
        subject=subject,
        text=text,
        html=html,
        headers=unsubscribe_headers(user, kind),
    )

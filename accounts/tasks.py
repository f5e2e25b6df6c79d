"""Background jobs that send email. Thin and idempotent: services queue them on commit."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import email
from .models import Notification

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}


def _send(*, to: str, subject: str, text: str, html: str = "", headers: dict | None = None):
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], headers=dict(headers or {})
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task(**RETRY)
def email_send(*, to: str, subject: str, text: str, html: str = "", headers: dict | None = None):
    """Send one prepared email (account mail, newsletters)."""
    _send(to=to, subject=subject, text=text, html=html, headers=headers)


def notification_email(notification: Notification) -> dict:
    """Subject, text, HTML and headers of a notification's email, in the recipient's language."""
    from .services import EMAIL_KIND_OF, notification_subject, notification_text

    user = notification.recipient
    kind = EMAIL_KIND_OF.get(notification.kind)
    with translation.override(user.language):
        subject = notification_subject(notification)
        context = {
            "user": user,
            "subject": subject,
            "message": notification_text(notification),
            "link": email.site_url(notification.url) if notification.url else email.site_url("/"),
            "site_url": email.site_url("/"),
            "preferences_url": email.preferences_url(),
            "unsubscribe_url": email.unsubscribe_url(user, kind) if kind else "",
            "email_kind": kind,
            "language": user.language,
        }
        text = render_to_string("email/notification.txt", context)
        html = render_to_string("email/notification.html", context)
    return {
        "subject": f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        "text": text,
        "html": html,
        "headers": email.unsubscribe_headers(user, kind) if kind else {},
    }


@shared_task(**RETRY)
def notification_email_deliver(notification_id: int) -> bool:
    """Email a notification once: claim it, render it for its recipient, send it.

    A second run (a retry after the send went through, a duplicate message) finds the claim
    taken and does nothing; a failed send releases the claim before the retry.
    """
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    from .services import EMAIL_KIND_OF

    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    user = notification.recipient
    kind = EMAIL_KIND_OF.get(notification.kind)
    # Preferences are checked again here: the member may have changed them since.
    if not user.is_active or not user.email or (kind and not user.wants_email(kind)):
        return False
    try:
        _send(to=user.email, **notification_email(notification))
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True

"""Reports on comments and what moderators do about them. Each action is audited."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Notification, TrustLevel, User
from accounts.permissions import is_moderator
from accounts.services import (
    notification_send,
    require_can_write,
    require_second_factor,
    trust_level_refresh,
)
from core.audit import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed
from core.ratelimit import rate_check

from ..models import Comment, CommentReport
from .comments import comment_announce, require_participant

MAX_NOTE_LENGTH = 1000
MAX_REASON_LENGTH = 2000


class ModerationAction:
    HIDE = "hide"
    RESTORE = "restore"
    REMOVE = "remove"
    DISMISS_REPORTS = "dismiss_reports"
    ALL = (HIDE, RESTORE, REMOVE, DISMISS_REPORTS)


def reports_to_hide() -> int:
    return settings.GYOJEONG_COMMENTS["REPORTS_TO_HIDE"]


def _locked(comment: Comment) -> Comment:
    # Lock only the comment's row: PostgreSQL cannot lock the nullable side of the joins.
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author", "digest", "entry", "parent__author")
        .get(pk=comment.pk)
    )


@transaction.atomic
def report_create(*, comment: Comment, reporter: User, reason: str, note: str = "") -> Comment:
    """Report a comment. Enough distinct reporters, or one trusted member, hide it at once
    until a moderator decides. Returns the comment with its status after the report."""
    require_participant(reporter)
    if reason not in CommentReport.Reason.values:
        raise InvalidInput(_("Choose why you are reporting this comment."))
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            _("The note is too long (at most %(max)d characters).") % {"max": MAX_NOTE_LENGTH}
        )
    if "\x00" in note:
        raise InvalidInput(_("The note contains a character that cannot be stored."))
    comment = _locked(comment)
    if comment.author_id == reporter.pk:
        raise NotAllowed(_("You cannot report your own comment."))
    if comment.status in (Comment.Status.DELETED, Comment.Status.REMOVED):
        raise InvalidInput(_("This comment is no longer shown."))
    if CommentReport.objects.filter(
        comment=comment, reporter=reporter, status=CommentReport.Status.OPEN
    ).exists():
        raise Conflict(_("You have already reported this comment; moderators will look at it."))
    rate_check(action="report", queryset=CommentReport.objects.filter(reporter=reporter))
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(
                comment=comment, reporter=reporter, reason=reason, note=note
            )
    except IntegrityError:
        raise Conflict(
            _("You have already reported this comment; moderators will look at it.")
        ) from None
    audit_record(action="comment.report", actor=reporter, target=comment, data={"reason": reason})
    open_reporters = (
        CommentReport.objects.filter(comment=comment, status=CommentReport.Status.OPEN)
        .values("reporter")
        .distinct()
        .count()
    )
    level = trust_level_refresh(user=reporter)
    weighty = level == TrustLevel.TRUSTED or is_moderator(reporter)
    if comment.status == Comment.Status.VISIBLE and (
        weighty or open_reporters >= reports_to_hide()
    ):
        comment.status = Comment.Status.HIDDEN
        comment.moderated_by = None
        comment.moderated_at = timezone.now()
        comment.moderation_reason = ""
        comment.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_reason"])
        audit_record(
            action="comment.auto_hide",
            actor=None,
            target=comment,
            data={"reports": open_reporters, "last_report": report.pk},
        )
    return comment


def _close_reports(comment: Comment, moderator: User, status: str) -> int:
    return CommentReport.objects.filter(comment=comment, status=CommentReport.Status.OPEN).update(
        status=status, resolved_by=moderator, resolved_at=timezone.now()
    )


@transaction.atomic
def comment_moderate(
    *, comment: Comment, moderator: User, action: str, reason: str = ""
) -> Comment:
    """hide / remove (reason required, shown to the author; open reports are upheld),
    restore (back in view; open reports dismissed), dismiss_reports (reports dismissed; a
    comment that reports alone had hidden comes back)."""
    if not is_moderator(moderator):
        raise NotAllowed(_("Only moderators can do this."))
    require_second_factor(moderator)
    require_can_write(moderator)
    if action not in ModerationAction.ALL:
        raise InvalidInput(_("Choose hide, restore, remove or dismiss reports."))
    reason = (reason or "").strip()
    if "\x00" in reason:
        raise InvalidInput(_("The reason contains a character that cannot be stored."))
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(
            _("The reason is too long (at most %(max)d characters).") % {"max": MAX_REASON_LENGTH}
        )
    comment = _locked(comment)
    previous = comment.status
    now = timezone.now()
    closed = 0
    if action in (ModerationAction.HIDE, ModerationAction.REMOVE):
        if not reason:
            raise InvalidInput(_("Give a reason; the author is told it."))
        if previous == Comment.Status.DELETED:
            raise InvalidInput(_("Its author deleted this comment; it is no longer shown."))
        comment.status = (
            Comment.Status.HIDDEN if action == ModerationAction.HIDE else Comment.Status.REMOVED
        )
        comment.moderation_reason = reason
        closed = _close_reports(comment, moderator, CommentReport.Status.UPHELD)
    elif action == ModerationAction.RESTORE:
        if previous == Comment.Status.DELETED:
            raise InvalidInput(_("Its author deleted this comment; it cannot be restored."))
        if previous == Comment.Status.VISIBLE:
            raise InvalidInput(_("This comment is already shown."))
        comment.status = Comment.Status.VISIBLE
        comment.moderation_reason = ""
        closed = _close_reports(comment, moderator, CommentReport.Status.DISMISSED)
    else:
        closed = _close_reports(comment, moderator, CommentReport.Status.DISMISSED)
        if not closed:
            raise InvalidInput(_("This comment has no open reports."))
        if previous == Comment.Status.HIDDEN and comment.moderated_by_id is None:
            comment.status = Comment.Status.VISIBLE
    comment.moderated_by = moderator
    comment.moderated_at = now
    comment.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_at"])
    audit_record(
        action=f"comment.{action}",
        actor=moderator,
        target=comment,
        data={"from": previous, "to": comment.status, "reason": reason, "reports": closed},
    )
    if action in (ModerationAction.HIDE, ModerationAction.REMOVE):
        notification_send(
            recipient=comment.author,
            kind=Notification.Kind.COMMENT_MODERATED,
            note=reason,
            url=comment.get_absolute_url(),
        )
    if action in (ModerationAction.HIDE, ModerationAction.REMOVE) and closed:
        trust_level_refresh(user=comment.author, actor=moderator)
    if previous == Comment.Status.HELD and comment.is_visible:
        comment_announce(comment=comment)
    return comment

"""Flags: a member marks a sentence that reads wrong; its author withdraws it, an editor
dismisses it, or a revision that changes the sentence resolves it."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed
from core.ratelimit import rate_check
from core.sanitize import render_user_text
from digest.models import Segment

from ..models import Flag
from ..tallies import tallies_refresh
from ._common import (
    _clean_note,
    _require_editor,
    _require_member,
    _require_writable,
    _segment_locked,
)
from .segments import current_text


@transaction.atomic
def flag_create(
    *,
    segment: Segment,
    author,
    reason: str,
    note: str = "",
    span: tuple[int, int] | None = None,
) -> Flag:
    """Flag a sentence of the current revision. One open flag per member and sentence."""
    _require_member(author)
    segment = _segment_locked(segment)
    _require_writable(segment, author)
    if reason not in Flag.Reason.values:
        raise InvalidInput(_("Choose one of the listed reasons."))
    note = _clean_note(note)
    text = current_text(segment)
    if span is not None:
        start, end = span
        if not (0 <= start < end <= len(text)):
            raise InvalidInput(
                _("The marked span must lie inside the sentence (0 to %(length)d).")
                % {"length": len(text)}
            )
    if Flag.objects.filter(segment=segment, author=author, status=Flag.Status.OPEN).exists():
        raise Conflict(_("You have already flagged this sentence."))
    rate_check(action="flag", queryset=Flag.objects.filter(author=author))
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                segment=segment,
                author=author,
                revision_id=segment.entry.current_revision_id,
                reason=reason,
                note=note,
                note_html=render_user_text(note) if note else "",
                span_start=span[0] if span else None,
                span_end=span[1] if span else None,
            )
    except IntegrityError:
        # Two requests raced past the check above; the constraint keeps one open flag.
        raise Conflict(_("You have already flagged this sentence.")) from None
    audit_record(
        action="flag.create", actor=author, target=flag, data={"reason": reason, "span": span}
    )
    tallies_refresh(segment_ids=[segment.pk])
    return flag


@transaction.atomic
def flag_withdraw(*, flag: Flag, user) -> Flag:
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.author_id != user.pk:
        raise NotAllowed(_("Only the person who flagged a sentence can withdraw the flag."))
    if flag.status != Flag.Status.OPEN:
        raise Conflict(_("This flag is no longer open."))
    flag.status = Flag.Status.WITHDRAWN
    flag.closed_at = timezone.now()
    flag.save(update_fields=["status", "closed_at"])
    audit_record(action="flag.withdraw", actor=user, target=flag)
    tallies_refresh(segment_ids=[flag.segment_id])
    return flag


@transaction.atomic
def flag_dismiss(*, flag: Flag, editor, note: str = "") -> Flag:
    _require_editor(editor)
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != Flag.Status.OPEN:
        raise Conflict(_("This flag is no longer open."))
    note = _clean_note(note)
    flag.status = Flag.Status.DISMISSED
    flag.closed_at = timezone.now()
    flag.save(update_fields=["status", "closed_at"])
    audit_record(action="flag.dismiss", actor=editor, target=flag, data={"note": note})
    tallies_refresh(segment_ids=[flag.segment_id])
    return flag

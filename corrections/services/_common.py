"""What the correction services share: who may write, what may be written, and the lock on
the sentence written about."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from accounts.services import require_can_write, require_second_factor
from core.errors import InvalidInput, NotAllowed, NotFound
from digest.models import Entry, Segment, SegmentText
from digest.services import entry_lock
from digest.text import normalize_text

from .. import permissions
from ..models import MAX_NOTE_LENGTH, MAX_TEXT_LENGTH


def _current_texts(entry: Entry, segment_ids: Iterable[int]) -> dict[int, str]:
    return dict(
        SegmentText.objects.filter(
            revision_id=entry.current_revision_id, segment_id__in=list(segment_ids)
        ).values_list("segment_id", "text")
    )


def _require_member(user) -> None:
    if not permissions.can_contribute(user):
        raise NotAllowed(_("Sign in with a verified email address to contribute."))
    require_can_write(user)


def _require_editor(user) -> None:
    if not permissions.can_edit_directly(user):
        raise NotAllowed(_("Only editors can do this."))
    require_second_factor(user)
    require_can_write(user)


def _require_writable(segment: Segment, user) -> None:
    if segment.retired_in_id is not None:
        raise InvalidInput(_("This sentence no longer exists in the current text."))
    if not segment.entry.digest.is_visible_to(user):
        raise NotFound(_("No such sentence."))


def _clean_text(text: str) -> str:
    cleaned = normalize_text(text or "")
    if not cleaned:
        raise InvalidInput(_("The text must not be empty."))
    if "\x00" in cleaned:
        raise InvalidInput(_("The text contains a character that cannot be stored."))
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise InvalidInput(
            _("The text is too long (at most %(max)d characters).") % {"max": MAX_TEXT_LENGTH}
        )
    return cleaned


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if "\x00" in note:
        raise InvalidInput(_("The note contains a character that cannot be stored."))
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            _("The note is too long (at most %(max)d characters).") % {"max": MAX_NOTE_LENGTH}
        )
    return note


def _segment_locked(segment: Segment) -> Segment:
    """Lock the sentence's entry, then read the sentence: a flag or suggestion then refers
    to the text that is current when it is written, not one a concurrent revision replaced."""
    entry_lock(entry_id=segment.entry_id)
    return Segment.objects.select_related("entry__digest", "entry__current_revision").get(
        pk=segment.pk
    )

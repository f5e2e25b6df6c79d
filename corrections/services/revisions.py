"""An editor restores an earlier revision's text, as a new revision."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, InvalidInput
from digest.models import Entry, Revision, SegmentText
from digest.services import entry_lock

from ..tallies import tallies_refresh
from ._common import _require_editor
from ._publishing import Change, _publish


@transaction.atomic
def revision_revert(*, entry: Entry, editor, to_number: int, summary: str = "") -> Revision:
    """Make an earlier revision's text current again, as a new revision; nothing is deleted."""
    _require_editor(editor)
    entry = entry_lock(entry_id=entry.pk)
    target = entry.revisions.filter(number=to_number).first()
    if target is None:
        raise InvalidInput(_("This entry has no revision %(number)d.") % {"number": to_number})
    if to_number == entry.current_revision.number:
        raise InvalidInput(_("That revision is already the current one."))
    old = dict(SegmentText.objects.filter(revision=target).values_list("segment_id", "text"))
    active = set(
        SegmentText.objects.filter(revision=entry.current_revision).values_list(
            "segment_id", flat=True
        )
    )
    if set(old) != active:
        raise Conflict(
            _(
                "The sentences of this entry were re-aligned by a later import, so revision "
                "%(number)d cannot be restored sentence by sentence."
            )
            % {"number": to_number}
        )
    revision = _publish(
        entry=entry,
        changes={segment_id: Change(text) for segment_id, text in old.items()},
        kind=Revision.Kind.REVERT,
        editor=editor,
        summary=summary,
        reverted_to=to_number,
    )
    audit_record(action="revision.revert", actor=editor, target=revision, data={"to": to_number})
    tallies_refresh(entry_ids=[entry.pk])
    return revision

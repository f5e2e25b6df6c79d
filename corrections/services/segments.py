"""A sentence's current text, and an editor's direct rewrite of it."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import InvalidInput
from digest.models import Revision, Segment, SegmentText
from digest.services import entry_lock

from ..tallies import tallies_refresh
from ._common import _clean_text, _require_editor
from ._publishing import Change, _publish


def current_text(segment: Segment) -> str:
    """The segment's text in its entry's current revision, read fresh from the database."""
    return SegmentText.objects.get(
        segment_id=segment.pk, revision_id=F("segment__entry__current_revision_id")
    ).text


@transaction.atomic
def segment_edit(*, segment: Segment, editor, text: str, summary: str = "") -> Revision:
    """An editor rewrites a sentence directly (revision kind `edit`)."""
    _require_editor(editor)
    entry = entry_lock(entry_id=segment.entry_id)
    segment = Segment.objects.get(pk=segment.pk)
    if segment.retired_in_id is not None:
        raise InvalidInput(_("This sentence no longer exists in the current text."))
    revision = _publish(
        entry=entry,
        changes={segment.pk: Change(_clean_text(text))},
        kind=Revision.Kind.EDIT,
        editor=editor,
        summary=summary,
    )
    audit_record(action="segment.edit", actor=editor, target=revision)
    tallies_refresh(segment_ids=[segment.pk])
    return revision

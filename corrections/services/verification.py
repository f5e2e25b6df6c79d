"""Editors vouch for sentences: a verification confirms the current text of each sentence
until the next change (see digest.models.SegmentVerification)."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit import audit_record
from core.errors import Conflict, InvalidInput, NotFound
from digest.models import Entry, Segment, SegmentText, SegmentVerification
from digest.pagecache import digests_changed
from digest.services import entry_lock

from ..models import Flag, MachineFinding
from ._common import _clean_note, _require_editor
from .flags import flag_dismiss


@dataclass
class VerifyResult:
    verified: list[int] = field(default_factory=list)  # segment ids confirmed now
    already: list[int] = field(default_factory=list)  # their current text was confirmed before
    dismissed_flags: list[int] = field(default_factory=list)
    overridden_findings: list[int] = field(default_factory=list)


def entry_segments(*, entry: Entry, field_name: str | None = None) -> list[Segment]:
    """The sentences of an entry's current text (of one field), in reading order: what
    "verify this field" and "verify this entry" confirm."""
    segments = entry.segments.filter(retired_in__isnull=True)
    if field_name is not None:
        segments = segments.filter(field=field_name)
    return list(segments.order_by("field", "position"))


@transaction.atomic
def segments_verify(*, segments: Sequence[Segment], editor, note: str = "") -> VerifyResult:
    """Confirm the current text of sentences of one entry (a sentence, a field, the entry).

    A sentence with an open flag or an error from the automatic checks is verified only
    with a note: the flags are then dismissed with it, and the overridden findings are
    named in the audit row. The automatic findings on a confirmed text are cleared (and
    `findings_refresh` leaves confirmed texts alone) until the text changes again.
    Sentences whose current text is already confirmed are left as they are, unless a
    reader flagged them since: then the confirmation is given again, with a note.
    """
    _require_editor(editor)
    note = _clean_note(note)
    if not segments:
        raise InvalidInput(_("Choose at least one sentence to verify."))
    entry_ids = {segment.entry_id for segment in segments}
    if len(entry_ids) != 1:
        raise InvalidInput(_("Verify the sentences of one entry at a time."))
    entry = entry_lock(entry_id=entry_ids.pop())
    if not entry.digest.is_visible_to(editor):
        raise NotFound(_("No such sentence."))
    wanted = {segment.pk for segment in segments}
    rows = {
        row.segment_id: row
        for row in SegmentText.objects.filter(
            revision_id=entry.current_revision_id,
            segment_id__in=wanted,
            segment__retired_in__isnull=True,
        )
    }
    if len(rows) != len(wanted):
        raise InvalidInput(_("This sentence no longer exists in the current text."))
    confirmed = set(
        SegmentVerification.objects.filter(
            segment_id__in=wanted, origin_id__in={row.origin_id for row in rows.values()}
        ).values_list("segment_id", "origin_id")
    )
    flagged = set(
        Flag.objects.filter(segment_id__in=wanted, status=Flag.Status.OPEN).values_list(
            "segment_id", flat=True
        )
    )
    result = VerifyResult()
    # A confirmed sentence that a reader has flagged since is confirmed again: the editor
    # answers the flag with a note, and the earlier confirmation stays the record of it.
    reconfirmed = set()
    for segment_id in sorted(wanted):
        if (segment_id, rows[segment_id].origin_id) not in confirmed:
            result.verified.append(segment_id)
        elif segment_id in flagged:
            result.verified.append(segment_id)
            reconfirmed.add(segment_id)
        else:
            result.already.append(segment_id)
    if not result.verified:
        return result
    open_flags = list(Flag.objects.filter(segment_id__in=result.verified, status=Flag.Status.OPEN))
    errors = list(
        MachineFinding.objects.filter(
            segment_id__in=result.verified,
            revision_id=entry.current_revision_id,
            severity=MachineFinding.Severity.ERROR,
        ).values_list("pk", flat=True)
    )
    if (open_flags or errors) and not note:
        blocked = len(
            {flag.segment_id for flag in open_flags}
            | set(MachineFinding.objects.filter(pk__in=errors).values_list("segment_id", flat=True))
        )
        raise Conflict(
            ngettext(
                "%(count)d sentence has an open flag or an error from the automatic checks: "
                "write a note to dismiss them and verify.",
                "%(count)d sentences have open flags or errors from the automatic checks: "
                "write a note to dismiss them and verify.",
                blocked,
            )
            % {"count": blocked}
        )
    for flag in open_flags:
        flag_dismiss(flag=flag, editor=editor, note=note)
        result.dismissed_flags.append(flag.pk)
    result.overridden_findings = errors
    MachineFinding.objects.filter(
        segment_id__in=result.verified, revision_id=entry.current_revision_id
    ).delete()
    SegmentVerification.objects.bulk_create(
        SegmentVerification(
            segment_id=segment_id, origin_id=rows[segment_id].origin_id, editor=editor, note=note
        )
        for segment_id in result.verified
        if segment_id not in reconfirmed
    )
    audit_record(
        action="segments.verify",
        actor=editor,
        target=entry,
        data={
            "segments": result.verified,
            **({"note": note} if note else {}),
            **({"dismissed_flags": result.dismissed_flags} if result.dismissed_flags else {}),
            **({"overridden_findings": errors} if errors else {}),
        },
    )
    # Bulk rows send no signals: the reading pages show provenance, so renew them here.
    transaction.on_commit(lambda: digests_changed([entry.digest_id], text=True))
    return result

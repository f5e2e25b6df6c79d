"""Writing a revision people made, and settling the work its change makes stale: shared by
review, editors' own edits and reverts, and imports."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Notification
from accounts.services import notification_send
from core.errors import InvalidInput
from digest.models import Entry, Revision, SegmentText
from digest.services import revision_append

from ..models import Flag, Suggestion
from ..quality import findings_refresh
from ..rebase import rebase_text
from ._common import _current_texts
from .glossary_candidates import revision_mine


@dataclass
class Change:
    text: str
    contributors: list[int] = field(default_factory=list)


def _publish(
    *,
    entry: Entry,
    changes: dict[int, Change],
    kind: str,
    editor,
    summary: str,
    reverted_to: int | None = None,
    keep_suggestions: Iterable[int] = (),
) -> Revision:
    """Write the next revision with `changes` and settle what the change makes stale.

    Call inside a transaction holding the entry lock. Open flags on changed sentences are
    resolved by the new revision; other open suggestions on them become outdated, with a
    rebased text when their change still applies.
    """
    current = _current_texts(entry, changes)
    effective = {
        segment_id: change
        for segment_id, change in changes.items()
        if current.get(segment_id) != change.text
    }
    if not effective:
        raise InvalidInput(_("Nothing would change: the text is already like this."))
    revision = revision_append(
        entry=entry,
        kind=kind,
        texts={segment_id: change.text for segment_id, change in effective.items()},
        editor=editor,
        summary=summary,
        credits=[
            (segment_id, user_id)
            for segment_id, change in effective.items()
            for user_id in change.contributors
        ],
        reverted_to=reverted_to,
    )
    # A revert restores wording that readers may have flagged; it corrects nothing.
    _settle_changed(
        revision,
        list(effective),
        keep_suggestions=keep_suggestions,
        resolve_flags=kind != Revision.Kind.REVERT,
    )
    findings_refresh(digest=entry.digest)
    # Mined after the commit and robustly: a failure there must not undo the correction.
    transaction.on_commit(lambda: revision_mine(revision_id=revision.pk), robust=True)
    return revision


def _settle_changed(
    revision: Revision,
    segment_ids: list[int],
    *,
    keep_suggestions: Iterable[int] = (),
    resolve_flags: bool = True,
) -> None:
    """Settle the work on sentences a new revision changed.

    Open flags are resolved by the revision (and their authors told); other open suggestions
    become outdated, with a rebased text when their change still applies.
    """
    new_texts = dict(
        SegmentText.objects.filter(revision=revision, segment_id__in=segment_ids).values_list(
            "segment_id", "text"
        )
    )
    if resolve_flags:
        _resolve_flags(revision, segment_ids)
    stale = (
        Suggestion.objects.select_for_update()
        .filter(segment_id__in=segment_ids, status__in=Suggestion.OPEN_STATUSES)
        .exclude(pk__in=list(keep_suggestions))
    )
    for suggestion in stale:
        _mark_outdated(suggestion, new_texts[suggestion.segment_id])


def _settle_retired(revision: Revision, segment_ids: list[int]) -> None:
    """Sentences a re-import replaced: their flags are resolved, their suggestions outdated."""
    _resolve_flags(revision, segment_ids)
    Suggestion.objects.filter(
        segment_id__in=segment_ids, status__in=Suggestion.OPEN_STATUSES
    ).update(
        status=Suggestion.Status.OUTDATED,
        rebased_on=None,
        rebased_text=None,
        updated_at=timezone.now(),
    )


def _mark_outdated(suggestion: Suggestion, now_text: str) -> None:
    suggestion.status = Suggestion.Status.OUTDATED
    suggestion.rebased_on = now_text
    suggestion.rebased_text = rebase_text(
        base=suggestion.base_text, suggested=suggestion.text, current=now_text
    )
    suggestion.save(update_fields=["status", "rebased_on", "rebased_text", "updated_at"])


def _resolve_flags(revision: Revision, segment_ids: list[int]) -> None:
    flags = list(
        Flag.objects.select_for_update(of=("self",))
        .filter(segment_id__in=segment_ids, status=Flag.Status.OPEN)
        .select_related("author")
    )
    if not flags:
        return
    Flag.objects.filter(pk__in=[f.pk for f in flags]).update(
        status=Flag.Status.RESOLVED, resolved_by=revision, closed_at=timezone.now()
    )
    url = revision.entry.get_absolute_url()
    for author in {f.author for f in flags}:
        notification_send(
            recipient=author,
            kind=Notification.Kind.FLAG_RESOLVED,
            params={"number": revision.number},
            url=url,
        )

"""Review: an editor accepts a suggestion (as written or edited), rejects it, or publishes
several pending suggestions on one entry as a single revision."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Notification
from accounts.services import notification_send, require_second_factor, trust_level_refresh
from core.audit import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed
from core.sanitize import render_user_text
from digest.models import Entry, Revision
from digest.services import entry_lock
from digest.text import normalize_text

from .. import permissions
from ..models import Suggestion
from ..tallies import tallies_refresh
from ._common import _clean_note, _clean_text, _current_texts, _require_editor
from ._publishing import Change, _mark_outdated, _publish


class SuggestionOutdated(Conflict):
    """The sentence changed after the suggestion was made; it needs a fresh look."""

    def __init__(self, suggestion: Suggestion):
        super().__init__(
            _(
                "The sentence changed after this suggestion was made. Review the rebased "
                "text, or compare base, current and suggested text, before accepting."
            )
        )
        self.suggestion = suggestion


def _lock_for_review(suggestion: Suggestion, editor) -> tuple[Entry, Suggestion]:
    """Lock the entry, then re-read the suggestion, in that order for every writer."""
    if not permissions.can_review(editor, suggestion):
        if permissions.can_edit_directly(editor):
            raise NotAllowed(_("Nobody reviews their own suggestion."))
        raise NotAllowed(_("Only editors can review suggestions."))
    require_second_factor(editor)
    entry = entry_lock(entry_id=suggestion.segment.entry_id)
    suggestion = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("segment", "author")
        .get(pk=suggestion.pk)
    )
    return entry, suggestion


def _accepted_text(suggestion: Suggestion, now_text: str, text: str | None) -> str | None:
    """The text to publish, or None when the suggestion must be looked at again."""
    if suggestion.status == Suggestion.Status.PENDING and suggestion.base_text == now_text:
        return _clean_text(text) if text else suggestion.text
    # An outdated suggestion needs the editor to say which text to publish, and only while
    # the sentence is still what the editor saw when the rebase was offered.
    if (
        suggestion.status == Suggestion.Status.OUTDATED
        and text
        and suggestion.rebased_on == now_text
    ):
        return _clean_text(text)
    return None


def _mark_accepted(
    suggestion: Suggestion, editor, revision: Revision, text: str, *, notify: bool = True
) -> None:
    suggestion.status = Suggestion.Status.ACCEPTED
    suggestion.reviewed_by = editor
    suggestion.reviewed_at = timezone.now()
    suggestion.accepted_revision = revision
    suggestion.accepted_text = text
    suggestion.save(
        update_fields=[
            "status",
            "reviewed_by",
            "reviewed_at",
            "accepted_revision",
            "accepted_text",
            "updated_at",
        ]
    )
    audit_record(
        action="suggestion.accept",
        actor=editor,
        target=suggestion,
        data={"revision": revision.number, "edited": text != suggestion.text},
    )
    # The editor who opened a glossary batch and reviews it needs no word of it.
    if notify and suggestion.author_id != editor.pk:
        notification_send(
            recipient=suggestion.author,
            kind=Notification.Kind.SUGGESTION_ACCEPTED,
            params={"number": revision.number},
            url=revision.entry.get_absolute_url(),
        )
    trust_level_refresh(user=suggestion.author)


@transaction.atomic
def _accept_or_outdate(
    *, suggestion, editor, text, summary, expected_text
) -> Revision | Suggestion:
    entry, suggestion = _lock_for_review(suggestion, editor)
    if suggestion.status not in Suggestion.OPEN_STATUSES:
        raise Conflict(_("This suggestion has already been reviewed or withdrawn."))
    if expected_text is not None and normalize_text(expected_text) != suggestion.text:
        raise Conflict(
            _("The author changed this suggestion after you opened it. Review it again.")
        )
    now_text = _current_texts(entry, [suggestion.segment_id]).get(suggestion.segment_id)
    if now_text is None:
        raise Conflict(_("This sentence no longer exists in the current text."))
    if (
        suggestion.author_id == editor.pk
        and text is not None
        and normalize_text(text) != suggestion.text
    ):
        # Reviewing a glossary batch one opened is reviewing the machine's text, not one's own.
        raise NotAllowed(
            _(
                "You opened this glossary batch, so you may accept its text only as it is; "
                "another editor can accept it with edits."
            )
        )
    publish_text = _accepted_text(suggestion, now_text, text)
    if publish_text is None:
        if suggestion.status != Suggestion.Status.OUTDATED or suggestion.rebased_on != now_text:
            _mark_outdated(suggestion, now_text)
        tallies_refresh(segment_ids=[suggestion.segment_id])
        return suggestion
    revision = _publish(
        entry=entry,
        changes={suggestion.segment_id: Change(publish_text, [suggestion.author_id])},
        kind=Revision.Kind.CORRECTION,
        editor=editor,
        summary=summary,
        keep_suggestions=[suggestion.pk],
    )
    _mark_accepted(suggestion, editor, revision, publish_text)
    tallies_refresh(segment_ids=[suggestion.segment_id])
    return revision


def suggestion_accept(
    *,
    suggestion: Suggestion,
    editor,
    text: str | None = None,
    summary: str = "",
    expected_text: str | None = None,
) -> Revision:
    """Publish a suggestion (optionally edited) as the entry's next revision.

    `expected_text` is the suggested text as the editor saw it; if its author has changed it
    since, nothing is published (Conflict).

    Raises SuggestionOutdated, after recording the suggestion as outdated, when the sentence
    changed since the suggestion was made: no change is ever overwritten silently.
    """
    outcome = _accept_or_outdate(
        suggestion=suggestion,
        editor=editor,
        text=text,
        summary=summary,
        expected_text=expected_text,
    )
    if isinstance(outcome, Suggestion):
        raise SuggestionOutdated(outcome)
    return outcome


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, editor, reason: str, note: str = "") -> Suggestion:
    _entry, suggestion = _lock_for_review(suggestion, editor)
    if suggestion.status not in Suggestion.OPEN_STATUSES:
        raise Conflict(_("This suggestion has already been reviewed or withdrawn."))
    if reason not in Suggestion.RejectReason.values:
        raise InvalidInput(_("Choose one of the listed reasons."))
    note = _clean_note(note)
    if reason == Suggestion.RejectReason.OTHER and not note:
        raise InvalidInput(_("Explain the reason in a note."))
    suggestion.status = Suggestion.Status.REJECTED
    suggestion.reviewed_by = editor
    suggestion.reviewed_at = timezone.now()
    suggestion.reject_reason = reason
    suggestion.reject_note = note
    suggestion.reject_note_html = render_user_text(note) if note else ""
    suggestion.save(
        update_fields=[
            "status",
            "reviewed_by",
            "reviewed_at",
            "reject_reason",
            "reject_note",
            "reject_note_html",
            "updated_at",
        ]
    )
    audit_record(
        action="suggestion.reject", actor=editor, target=suggestion, data={"reason": reason}
    )
    if suggestion.author_id != editor.pk:
        notification_send(
            recipient=suggestion.author,
            kind=Notification.Kind.SUGGESTION_REJECTED,
            params={"reason": Suggestion.RejectReason(reason).label},
            note=note,
            url=suggestion.segment.entry.get_absolute_url(),
        )
    tallies_refresh(segment_ids=[suggestion.segment_id])
    return suggestion


@dataclass
class BatchResult:
    revision: Revision | None
    accepted: list[Suggestion]
    outdated: list[Suggestion]


@transaction.atomic
def _publish_batch(*, entry, suggestion_ids, editor, summary) -> BatchResult:
    _require_editor(editor)
    entry = entry_lock(entry_id=entry.pk)
    suggestions = list(
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("segment", "author")
        .filter(pk__in=suggestion_ids)
        .order_by("pk")
    )
    if len(suggestions) != len(set(suggestion_ids)):
        raise InvalidInput(_("Some of these suggestions do not exist."))
    if any(s.segment.entry_id != entry.pk for s in suggestions):
        raise InvalidInput(_("All suggestions of a batch must belong to this entry."))
    if any(s.written_by(editor) for s in suggestions):
        raise NotAllowed(_("Nobody reviews their own suggestion."))
    if any(s.status != Suggestion.Status.PENDING for s in suggestions):
        raise Conflict(_("Only pending suggestions can be published together."))
    segments = [s.segment_id for s in suggestions]
    if len(set(segments)) != len(segments):
        raise InvalidInput(_("A batch can hold only one suggestion per sentence."))
    now_texts = _current_texts(entry, segments)
    fresh = [s for s in suggestions if now_texts.get(s.segment_id) == s.base_text]
    stale = [s for s in suggestions if s not in fresh]
    for suggestion in stale:
        if suggestion.segment_id not in now_texts:
            raise Conflict(_("A sentence of this batch no longer exists in the current text."))
        _mark_outdated(suggestion, now_texts[suggestion.segment_id])
    if not fresh:
        tallies_refresh(segment_ids=[s.segment_id for s in stale])
        return BatchResult(revision=None, accepted=[], outdated=stale)
    revision = _publish(
        entry=entry,
        changes={s.segment_id: Change(s.text, [s.author_id]) for s in fresh},
        kind=Revision.Kind.CORRECTION,
        editor=editor,
        summary=summary,
        keep_suggestions=[s.pk for s in fresh],
    )
    accepted_of: dict[int, list[Suggestion]] = {}
    for suggestion in fresh:
        _mark_accepted(suggestion, editor, revision, suggestion.text, notify=False)
        accepted_of.setdefault(suggestion.author_id, []).append(suggestion)
    # One notification (and so one email) per author, however many of theirs were accepted.
    for accepted in accepted_of.values():
        notification_send(
            recipient=accepted[0].author,
            kind=Notification.Kind.SUGGESTION_ACCEPTED,
            params={"number": revision.number, "count": len(accepted)},
            url=revision.entry.get_absolute_url(),
        )
    tallies_refresh(segment_ids=segments)
    return BatchResult(revision=revision, accepted=fresh, outdated=stale)


def suggestions_publish(
    *, entry: Entry, suggestion_ids: list[int], editor, summary: str = ""
) -> BatchResult:
    """Accept several pending suggestions on one entry as a single revision.

    Suggestions whose sentence changed meanwhile are recorded as outdated and left out; if
    none is left, no revision is written and SuggestionOutdated is raised for the first.
    """
    if not suggestion_ids:
        raise InvalidInput(_("Choose at least one suggestion."))
    if any(not 1 <= pk < 2**63 for pk in suggestion_ids):
        raise InvalidInput(_("Some of these suggestions do not exist."))
    result = _publish_batch(
        entry=entry, suggestion_ids=suggestion_ids, editor=editor, summary=summary
    )
    if result.revision is None:
        raise SuggestionOutdated(result.outdated[0])
    return result

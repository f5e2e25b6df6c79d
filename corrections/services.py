"""Flags, suggestions, votes and review. Each function is one transactional, audited action.

Rules live here and nowhere else: HTML views, htmx fragments, the API and the admin call these
functions and translate the domain errors below into their own responses.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Notification
from accounts.services import (
    notification_send,
    require_can_write,
    require_second_factor,
    trust_level_refresh,
)
from core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from core.ratelimit import rate_check
from core.sanitize import render_user_text
from digest.audit import audit_record
from digest.diffing import stored_diffs
from digest.models import AuditEvent, Entry, Revision, Segment, SegmentText
from digest.services import ImportResult, entry_lock, revision_append
from digest.text import normalize_text

from . import permissions
from .models import Flag, Suggestion, Vote
from .quality import findings_refresh
from .rebase import rebase_text
from .tallies import tallies_refresh

MAX_TEXT_LENGTH = 2000
MAX_NOTE_LENGTH = 2000


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


# --- helpers -------------------------------------------------------------------------------


def current_text(segment: Segment) -> str:
    """The segment's text in its entry's current revision, read fresh from the database."""
    return SegmentText.objects.get(
        segment_id=segment.pk, revision_id=F("segment__entry__current_revision_id")
    ).text


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


# --- flags ---------------------------------------------------------------------------------


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


# --- suggestions and votes -----------------------------------------------------------------


@transaction.atomic
def suggestion_create(
    *, segment: Segment, author, text: str, note: str = "", flag: Flag | None = None
) -> Suggestion:
    """Propose new text for a sentence, recorded against the current revision's text."""
    _require_member(author)
    segment = _segment_locked(segment)
    _require_writable(segment, author)
    text = _clean_text(text)
    note = _clean_note(note)
    base_text = current_text(segment)
    if text == base_text:
        raise InvalidInput(_("The suggestion is the same as the current text."))
    if flag is not None and flag.segment_id != segment.pk:
        raise InvalidInput(_("That flag belongs to another sentence."))
    if flag is not None and flag.status != Flag.Status.OPEN:
        raise InvalidInput(_("That flag is no longer open."))
    duplicate = Suggestion.objects.filter(
        segment=segment, author=author, text=text, status=Suggestion.Status.PENDING
    )
    if duplicate.exists():
        raise Conflict(_("You have already suggested exactly this text."))
    rate_check(action="suggestion", queryset=Suggestion.objects.filter(author=author))
    suggestion = Suggestion.objects.create(
        segment=segment,
        author=author,
        base_revision_id=segment.entry.current_revision_id,
        base_text=base_text,
        text=text,
        note=note,
        note_html=render_user_text(note) if note else "",
        flag=flag,
    )
    audit_record(action="suggestion.create", actor=author, target=suggestion)
    # Both texts are fixed from now on: diff them once here, so that pages only read it.
    stored_diffs([(base_text, text)])
    tallies_refresh(segment_ids=[segment.pk])
    return suggestion


def _own_pending(suggestion: Suggestion, user) -> Suggestion:
    _require_member(user)
    suggestion = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("segment__entry__digest")
        .get(pk=suggestion.pk)
    )
    if suggestion.author_id != user.pk:
        raise NotAllowed(_("Only its author can change a suggestion."))
    if suggestion.status != Suggestion.Status.PENDING:
        raise Conflict(_("Only a pending suggestion can be changed."))
    return suggestion


@transaction.atomic
def suggestion_update(*, suggestion: Suggestion, author, text: str, note: str = "") -> Suggestion:
    suggestion = _own_pending(suggestion, author)
    _require_writable(suggestion.segment, author)
    text = _clean_text(text)
    note = _clean_note(note)
    if text == suggestion.base_text:
        raise InvalidInput(_("The suggestion is the same as the current text."))
    if text != suggestion.text:
        # Votes were cast for the old wording; they do not carry over to a new one.
        Vote.objects.filter(suggestion=suggestion).delete()
        suggestion.score = 0
        suggestion.vote_count = 0
    suggestion.text = text
    suggestion.note = note
    suggestion.note_html = render_user_text(note) if note else ""
    suggestion.save(
        update_fields=["text", "note", "note_html", "score", "vote_count", "updated_at"]
    )
    audit_record(action="suggestion.update", actor=author, target=suggestion)
    stored_diffs([(suggestion.base_text, text)])
    tallies_refresh(segment_ids=[suggestion.segment_id])
    return suggestion


@transaction.atomic
def suggestion_withdraw(*, suggestion: Suggestion, author) -> Suggestion:
    suggestion = _own_pending(suggestion, author)
    suggestion.status = Suggestion.Status.WITHDRAWN
    suggestion.save(update_fields=["status", "updated_at"])
    audit_record(action="suggestion.withdraw", actor=author, target=suggestion)
    tallies_refresh(segment_ids=[suggestion.segment_id])
    return suggestion


@transaction.atomic
def vote_cast(*, suggestion: Suggestion, voter, value: int) -> Vote | None:
    """Vote +1 or −1; voting the same way again takes the vote back (returns None)."""
    _require_member(voter)
    if value not in (1, -1):
        raise InvalidInput(_("A vote is +1 or -1."))
    # Re-read under a lock: the caller's copy may predate an acceptance or a withdrawal.
    suggestion = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("segment__entry__digest")
        .get(pk=suggestion.pk)
    )
    _require_writable(suggestion.segment, voter)
    if suggestion.author_id == voter.pk:
        raise NotAllowed(_("You cannot vote on your own suggestion."))
    if not suggestion.is_open:
        raise Conflict(_("Voting is closed on this suggestion."))
    # Every cast, change and retraction counts: taking a vote back must not reset the limit.
    rate_check(
        action="vote",
        queryset=AuditEvent.objects.filter(actor=voter, action__startswith="vote."),
    )
    existing = Vote.objects.select_for_update().filter(suggestion=suggestion, voter=voter).first()
    if existing is None:
        try:
            with transaction.atomic():
                vote = Vote.objects.create(suggestion=suggestion, voter=voter, value=value)
        except IntegrityError:
            raise Conflict(_("You have already voted on this suggestion.")) from None
        Suggestion.objects.filter(pk=suggestion.pk).update(
            score=F("score") + value, vote_count=F("vote_count") + 1
        )
        audit_record(action="vote.cast", actor=voter, target=suggestion, data={"value": value})
        tallies_refresh(segment_ids=[suggestion.segment_id])
        return vote
    if existing.value == value:
        existing.delete()
        Suggestion.objects.filter(pk=suggestion.pk).update(
            score=F("score") - value, vote_count=F("vote_count") - 1
        )
        audit_record(action="vote.retract", actor=voter, target=suggestion)
        tallies_refresh(segment_ids=[suggestion.segment_id])
        return None
    existing.value = value
    existing.save(update_fields=["value"])
    Suggestion.objects.filter(pk=suggestion.pk).update(score=F("score") + 2 * value)
    audit_record(action="vote.change", actor=voter, target=suggestion, data={"value": value})
    tallies_refresh(segment_ids=[suggestion.segment_id])
    return existing


# --- review and revisions ------------------------------------------------------------------


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
    findings_refresh(digest=entry.digest, entries=[entry])
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


@transaction.atomic
def import_settle(*, result: ImportResult) -> int:
    """After an import: settle flags and suggestions on the sentences new machine revisions
    changed or replaced, and check the digest's current text. Returns the findings count."""
    for update in result.updates:
        if update.revision is None:
            continue
        _settle_changed(update.revision, update.changed_segment_ids)
        _settle_retired(update.revision, update.retired_segment_ids)
    found = findings_refresh(digest=result.digest)
    tallies_refresh(
        segment_ids=[
            segment_id
            for update in result.updates
            if update.revision is not None
            for segment_id in [*update.changed_segment_ids, *update.retired_segment_ids]
        ]
    )
    return found


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
    if notify:
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
    if any(s.author_id == editor.pk for s in suggestions):
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

"""Suggestions: a member proposes new text for a sentence, then changes or withdraws it while
it waits for review (corrections.services.review)."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed
from core.ratelimit import rate_check
from core.sanitize import render_user_text
from digest.diffing import stored_diffs
from digest.models import Segment

from ..models import Flag, Suggestion, Vote
from ..tallies import tallies_refresh
from ._common import _clean_note, _clean_text, _require_member, _require_writable, _segment_locked
from .segments import current_text


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


def _own_writable(suggestion: Suggestion, user) -> Suggestion:
    suggestion = _own_pending(suggestion, user)
    # The machine wrote a glossary batch's text, which is why its opener may review it; a
    # text of the opener's own would then be reviewed by its writer.
    if suggestion.glossary_term_id is not None:
        raise NotAllowed(
            _(
                "A glossary batch suggestion keeps the machine's text: accept or reject it, "
                "and suggest your own wording separately."
            )
        )
    return suggestion


@transaction.atomic
def suggestion_update(*, suggestion: Suggestion, author, text: str, note: str = "") -> Suggestion:
    suggestion = _own_writable(suggestion, author)
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

"""Votes on open suggestions: +1 or −1 per member, counted in the database."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed
from core.models import AuditEvent
from core.ratelimit import rate_check

from ..models import Suggestion, Vote
from ..tallies import tallies_refresh
from ._common import _require_member, _require_writable


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

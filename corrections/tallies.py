"""Counts of open work kept by the database: per sentence (SegmentTally) and per digest
(DigestTally).

The services that open or close flags and suggestions, or change a suggestion's votes, call
`tallies_refresh` at the end of their transaction with the sentences they touched. It
recounts those sentences from the flag and suggestion rows and moves the digest sums by the
difference, so the stored counts equal a recount whenever a transaction commits; pages read
them instead of counting every open row (the review queue, its header count and the
attention list).

A recount starts by locking the digests' DigestTally rows. Concurrent writers on the same
digest therefore recount one after the other, and each recount, made after the lock is
granted, sees everything the previous holder committed. The lock is taken last in every
writer and only tally rows are written under it, so it never waits behind a lock that a
waiting writer holds.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Max, Q, Sum

from digest.models import Digest, Segment

from .models import DigestTally, Flag, SegmentTally, Suggestion


@dataclass(frozen=True)
class Recount:
    open_flags: int = 0
    pending: int = 0
    outdated: int = 0
    votes: int = 0
    last_activity: datetime.datetime | None = None

    @property
    def empty(self) -> bool:
        return not (self.open_flags or self.pending or self.outdated)


def _recount(segments: Q) -> dict[int, Recount]:
    """Open flags and suggestions of the sentences `segments` selects, from their rows."""
    fields: dict[int, dict] = {}
    for row in (
        Flag.objects.filter(segments, status=Flag.Status.OPEN)
        .order_by()
        .values("segment_id")
        .annotate(n=Count("pk"), latest=Max("created_at"))
    ):
        fields[row["segment_id"]] = {"open_flags": row["n"], "last_activity": row["latest"]}
    for row in (
        Suggestion.objects.filter(segments, status__in=Suggestion.OPEN_STATUSES)
        .order_by()
        .values("segment_id", "status")
        .annotate(n=Count("pk"), votes=Sum("score"), latest=Max("created_at"))
    ):
        counts = fields.setdefault(row["segment_id"], {})
        counts[row["status"]] = row["n"]
        counts["votes"] = counts.get("votes", 0) + row["votes"]
        latest = counts.get("last_activity")
        counts["last_activity"] = row["latest"] if latest is None else max(latest, row["latest"])
    return {segment_id: Recount(**counts) for segment_id, counts in fields.items()}


def _locked_digests(digest_ids: list[int]) -> None:
    """Lock the digests' tally rows, creating the missing ones first."""
    found = list(
        DigestTally.objects.select_for_update()
        .filter(digest_id__in=digest_ids)
        .order_by("digest_id")
        .values_list("digest_id", flat=True)
    )
    if len(found) < len(digest_ids):
        DigestTally.objects.bulk_create(
            [DigestTally(digest_id=pk) for pk in digest_ids if pk not in found],
            ignore_conflicts=True,
        )
        list(
            DigestTally.objects.select_for_update()
            .filter(digest_id__in=digest_ids)
            .order_by("digest_id")
            .values_list("digest_id", flat=True)
        )


def tallies_refresh(*, segment_ids: Iterable[int] = (), entry_ids: Iterable[int] = ()) -> None:
    """Recount the open work on these sentences (and on every sentence of these entries).

    Call inside the transaction that changed them, after its other writes and locks: the
    digests' tally rows stay locked until it commits.
    """
    segment_ids, entry_ids = list(segment_ids), list(entry_ids)
    if not segment_ids and not entry_ids:
        return
    segments = {
        pk: (digest_id, retired)
        for pk, digest_id, retired in Segment.objects.filter(
            Q(pk__in=segment_ids) | Q(entry_id__in=entry_ids)
        ).values_list("pk", "entry__digest_id", "retired_in_id")
    }
    _locked_digests(sorted({digest_id for digest_id, _ in segments.values()}))
    ids = list(segments)
    counted = _recount(Q(segment_id__in=ids))
    stored = {tally.segment_id: tally for tally in SegmentTally.objects.filter(segment_id__in=ids)}
    changes: dict[int, list[int]] = {}  # digest: [pending, outdated] differences
    keep, drop = [], []
    for segment_id, (digest_id, retired) in segments.items():
        new = Recount() if retired else counted.get(segment_id, Recount())
        old = stored.get(segment_id)
        difference = changes.setdefault(digest_id, [0, 0])
        difference[0] += new.pending - (old.pending if old else 0)
        difference[1] += new.outdated - (old.outdated if old else 0)
        if new.empty:
            if old is not None:
                drop.append(segment_id)
        else:
            keep.append(
                SegmentTally(
                    segment_id=segment_id,
                    open_flags=new.open_flags,
                    pending=new.pending,
                    outdated=new.outdated,
                    votes=new.votes,
                    last_activity=new.last_activity,
                )
            )
    if drop:
        SegmentTally.objects.filter(segment_id__in=drop).delete()
    if keep:
        SegmentTally.objects.bulk_create(
            keep,
            update_conflicts=True,
            unique_fields=["segment"],
            update_fields=["open_flags", "pending", "outdated", "votes", "last_activity"],
        )
    for digest_id, (pending, outdated) in changes.items():
        if pending or outdated:
            DigestTally.objects.filter(digest_id=digest_id).update(
                pending=F("pending") + pending, outdated=F("outdated") + outdated
            )


def tallies_recount() -> tuple[dict[int, Recount], dict[int, tuple[int, int]]]:
    """What every tally should hold, counted from the rows: (sentences, digests)."""
    active = dict(
        Segment.objects.filter(retired_in__isnull=True).values_list("pk", "entry__digest_id")
    )
    segments = _recount(Q(segment__retired_in__isnull=True))
    digests = dict.fromkeys(Digest.objects.values_list("pk", flat=True), (0, 0))
    for segment_id, recount in segments.items():
        pending, outdated = digests[active[segment_id]]
        digests[active[segment_id]] = (pending + recount.pending, outdated + recount.outdated)
    return segments, digests


def tallies_stored() -> tuple[dict[int, Recount], dict[int, tuple[int, int]]]:
    """What the tallies hold, in the shape of `tallies_recount` (digests without a row: 0)."""
    segments = {
        tally.segment_id: Recount(
            open_flags=tally.open_flags,
            pending=tally.pending,
            outdated=tally.outdated,
            votes=tally.votes,
            last_activity=tally.last_activity,
        )
        for tally in SegmentTally.objects.all()
    }
    digests = dict.fromkeys(Digest.objects.values_list("pk", flat=True), (0, 0))
    digests.update(
        (tally.digest_id, (tally.pending, tally.outdated)) for tally in DigestTally.objects.all()
    )
    return segments, digests


@transaction.atomic
def tallies_rebuild() -> None:
    """Recount everything from the rows, for data written around the services (bulk loads).

    Takes every digest's tally lock, so no service recounts meanwhile.
    """
    _locked_digests(sorted(Digest.objects.values_list("pk", flat=True)))
    segments, digests = tallies_recount()
    SegmentTally.objects.all().delete()
    SegmentTally.objects.bulk_create(
        [
            SegmentTally(
                segment_id=segment_id,
                open_flags=r.open_flags,
                pending=r.pending,
                outdated=r.outdated,
                votes=r.votes,
                last_activity=r.last_activity,
            )
            for segment_id, r in segments.items()
        ],
        batch_size=2000,
    )
    for digest_id, (pending, outdated) in digests.items():
        DigestTally.objects.filter(digest_id=digest_id).update(pending=pending, outdated=outdated)

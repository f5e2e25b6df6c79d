"""Reads for the correction panel, the review queue, contributions and the audit log."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.permissions import is_editor
from accounts.trust import TrackRecord
from core.models import AuditEvent
from digest.models import (
    Digest,
    Entry,
    Field,
    Revision,
    Segment,
    SegmentText,
    SegmentVerification,
)
from digest.selectors import provenance_of

from .models import DigestTally, Flag, MachineFinding, SegmentTally, Suggestion, Vote

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def _current_text_subquery(segment_ref: str = "segment"):
    return Subquery(
        SegmentText.objects.filter(
            segment_id=OuterRef(f"{segment_ref}_id"),
            revision_id=OuterRef(f"{segment_ref}__entry__current_revision_id"),
        ).values("text")[:1]
    )


@dataclass
class SegmentPanel:
    segment: Segment
    current_text: str
    open_flag_count: int
    open_flags: list[Flag]  # details: editors only, empty for others
    suggestions: list[Suggestion]  # open ones, best voted first
    my_flag: Flag | None
    my_votes: dict[int, int]
    findings: list[MachineFinding]  # automatic findings on the current text: editors only
    origin: Revision  # the revision that wrote the current text
    verification: SegmentVerification | None  # an editor's confirmation of the current text

    @property
    def entry(self):
        return self.segment.entry

    @property
    def provenance(self) -> str:
        return provenance_of(origin_kind=self.origin.kind, verified=self.verification is not None)


def segment_panel(*, segment_id: int, user) -> SegmentPanel:
    """Everything the correction panel of one sentence shows, in a fixed number of queries."""
    editor = is_editor(user)
    digests = Digest.objects.visible_to(user)
    try:
        segment = (
            Segment.objects.select_related("entry__digest", "entry__current_revision")
            .filter(entry__digest__in=digests, retired_in__isnull=True)
            .annotate(
                current_text=Subquery(
                    SegmentText.objects.filter(
                        segment_id=OuterRef("pk"),
                        revision_id=OuterRef("entry__current_revision_id"),
                    ).values("text")[:1]
                )
            )
            .get(pk=segment_id)
        )
    except Segment.DoesNotExist:
        raise Http404("No such sentence.") from None
    flags = list(
        Flag.objects.filter(segment=segment, status=Flag.Status.OPEN)
        .select_related("author")
        .order_by("created_at", "id")
    )
    suggestions = list(
        Suggestion.objects.filter(segment=segment, status__in=Suggestion.OPEN_STATUSES)
        .select_related("author")
        .order_by("-score", "created_at", "id")
    )
    my_votes: dict[int, int] = {}
    if user.is_authenticated and suggestions:
        my_votes = dict(
            Vote.objects.filter(voter=user, suggestion__in=suggestions).values_list(
                "suggestion_id", "value"
            )
        )
    my_flag = next((f for f in flags if user.is_authenticated and f.author_id == user.pk), None)
    origin = (
        SegmentText.objects.select_related("origin__editor")
        .get(segment=segment, revision_id=segment.entry.current_revision_id)
        .origin
    )
    return SegmentPanel(
        segment=segment,
        current_text=segment.current_text,
        open_flag_count=len(flags),
        open_flags=flags if editor else [],
        suggestions=suggestions,
        my_flag=my_flag,
        my_votes=my_votes,
        findings=list(
            MachineFinding.objects.filter(
                segment=segment, revision_id=segment.entry.current_revision_id
            ).order_by("id")
        )
        if editor
        else [],
        origin=origin,
        verification=SegmentVerification.objects.filter(segment=segment, origin=origin)
        .select_related("editor")
        .first(),
    )


QUEUE_SORTS = {
    "votes": ["-score", "created_at", "id"],
    "oldest": ["created_at", "id"],
    "newest": ["-created_at", "-id"],
    "flags": ["-segment__tally__open_flags", "-score", "created_at", "id"],
}
# Counts the queue cannot read from the tallies (filters by reason, author or age) stop here;
# the queue's pages end at the same place, so no page ever needs more rows than this.
QUEUE_COUNT_LIMIT = 1000


@dataclass(frozen=True)
class QueueFilters:
    digest: str = ""
    entry: int | None = None
    reason: str = ""
    author: int | None = None
    # Part of the author's display name, matched case-insensitively.
    author_name: str = ""
    older_than_days: int | None = None
    status: str = ""  # "", "pending" or "outdated"
    sort: str = "votes"
    exclude: tuple[int, ...] = ()


def _queue_statuses(filters: QueueFilters) -> list[str]:
    if filters.status in Suggestion.OPEN_STATUSES:
        return [filters.status]
    return list(Suggestion.OPEN_STATUSES)


def review_queue(filters: QueueFilters = QueueFilters()) -> QuerySet[Suggestion]:
    """Open suggestions for editors, with the current text and the sentence's open flags.

    Every order is served by a partial index on the open suggestions (models.Suggestion), so
    a page costs its own rows, not a sort of the whole queue.
    """
    sort = filters.sort if filters.sort in QUEUE_SORTS else "votes"
    queryset = (
        Suggestion.objects.filter(
            status__in=_queue_statuses(filters), segment__retired_in__isnull=True
        )
        .select_related("segment__entry__digest", "author", "base_revision")
        .annotate(
            current_text=_current_text_subquery(),
            open_flags=Coalesce(F("segment__tally__open_flags"), 0),
        )
        .prefetch_related(
            Prefetch(
                "segment__flags",
                queryset=Flag.objects.filter(status=Flag.Status.OPEN)
                .select_related("author")
                .order_by("created_at", "id"),
                to_attr="open_flag_list",
            )
        )
    )
    if sort == "flags":
        # An open suggestion on an active sentence always has its sentence's tally; the
        # inner join lets the most flagged sentences be read first from their index.
        queryset = queryset.filter(segment__tally__isnull=False)
    if filters.digest:
        queryset = queryset.filter(segment__entry__digest__slug=filters.digest)
    if filters.entry:
        queryset = queryset.filter(segment__entry_id=filters.entry)
    if filters.reason:
        queryset = queryset.filter(
            segment_id__in=Flag.objects.filter(
                status=Flag.Status.OPEN, reason=filters.reason
            ).values("segment_id")
        )
    if filters.author:
        queryset = queryset.filter(author_id=filters.author)
    if filters.author_name:
        queryset = queryset.filter(author__display_name__icontains=filters.author_name)
    if filters.older_than_days:
        since = timezone.now() - datetime.timedelta(days=filters.older_than_days)
        queryset = queryset.filter(created_at__lte=since)
    if filters.exclude:
        queryset = queryset.exclude(pk__in=filters.exclude)
    return queryset.order_by(*QUEUE_SORTS[sort])


@dataclass(frozen=True)
class QueueCount:
    number: int
    # False when only QUEUE_COUNT_LIMIT were counted and there are more.
    exact: bool = True


def review_queue_count(filters: QueueFilters = QueueFilters()) -> QueueCount:
    """How many suggestions the queue holds with these filters, in one query (two when
    suggestions are skipped).

    Without a reason, author (id or name) or age filter the figure comes from the tallies;
    with one, the matching rows are counted up to QUEUE_COUNT_LIMIT.
    """
    if filters.reason or filters.author or filters.author_name or filters.older_than_days:
        counted = review_queue(filters).order_by()[: QUEUE_COUNT_LIMIT + 1].count()
        if counted > QUEUE_COUNT_LIMIT:
            return QueueCount(QUEUE_COUNT_LIMIT, exact=False)
        return QueueCount(counted)
    columns = _queue_statuses(filters)
    if filters.entry:
        tallies = SegmentTally.objects.filter(segment__entry_id=filters.entry)
        if filters.digest:
            tallies = tallies.filter(segment__entry__digest__slug=filters.digest)
    else:
        tallies = DigestTally.objects.all()
        if filters.digest:
            tallies = tallies.filter(digest__slug=filters.digest)
    sums = tallies.aggregate(**{column: Sum(column) for column in columns})
    number = sum(value or 0 for value in sums.values())
    if filters.exclude:
        unfiltered = QueueFilters(**{**filters.__dict__, "exclude": ()})
        number -= review_queue(unfiltered).filter(pk__in=filters.exclude).count()
    return QueueCount(number)


def _entry_title_subquery():
    """The current text of an entry's title, for labels that name the entry."""
    return Subquery(
        SegmentText.objects.filter(
            segment__entry_id=OuterRef("pk"),
            segment__field=Field.TITLE,
            segment__retired_in__isnull=True,
            revision_id=OuterRef("current_revision_id"),
        )
        .order_by("segment__position")
        .values("text")[:1]
    )


@dataclass(frozen=True)
class QueueFilterChoices:
    """What the queue's filter selects offer: digests by slug, and the entries (by id) of the
    chosen digest, or of the digest of the entry an old link names."""

    digests: list[tuple[str, str]]
    entries: list[tuple[int, str]]


def queue_filter_choices(*, digest: str = "", entry: int | None = None) -> QueueFilterChoices:
    """The filter choices in one query, two when a digest or an entry is chosen."""
    digests = list(Digest.objects.order_by("-period_start", "-id").values_list("slug", "title"))
    entries: list[tuple[int, str]] = []
    if digest or entry:
        rows = Entry.objects.annotate(title=_entry_title_subquery()).filter(
            Q(digest__slug=digest) if digest else Q(digest__entries=entry)
        )
        entries = [
            (pk, f"#{position} {title or ''}".strip())
            for pk, position, title in rows.order_by("position").values_list(
                "pk", "position", "title"
            )
        ]
    return QueueFilterChoices(digests=digests, entries=entries)


@dataclass(frozen=True)
class SegmentLabel:
    """How messages name a sentence: its entry's number and title, its field and number."""

    position: int
    title: str
    field: str
    sentence: int


def entry_title(*, entry: Entry) -> str:
    """The current text of `entry`'s title, in one query ("" if it has none)."""
    title = (
        SegmentText.objects.filter(
            segment__entry_id=entry.pk,
            segment__field=Field.TITLE,
            segment__retired_in__isnull=True,
            # Read fresh: a write that just moved the entry on is not in `entry` yet.
            revision_id=F("segment__entry__current_revision_id"),
        )
        .order_by("segment__position")
        .values_list("text", flat=True)
        .first()
    )
    return title or ""


def segment_label(*, segment: Segment) -> SegmentLabel:
    """The label of `segment` (with its entry already read), in one query for the title."""
    return SegmentLabel(
        position=segment.entry.position,
        title=entry_title(entry=segment.entry),
        field=str(segment.get_field_display()),
        sentence=segment.position + 1,
    )


def pending_count() -> int:
    """Open suggestions on active sentences: the header's figure, read from the tallies."""
    sums = DigestTally.objects.aggregate(pending=Sum("pending"), outdated=Sum("outdated"))
    return (sums["pending"] or 0) + (sums["outdated"] or 0)


def segments_visible_to(viewer):
    """Sentences of the digests `viewer` may see (Digest.objects.visible_to)."""
    return Segment.objects.filter(entry__digest__in=Digest.objects.visible_to(viewer))


def work_visible_to(queryset, viewer):
    """Flags and suggestions on the digests `viewer` may see (Digest.objects.visible_to)."""
    return queryset.filter(segment__entry__digest__in=Digest.objects.visible_to(viewer))


def contributions(*, user, viewer) -> QuerySet[Suggestion]:
    """A member's suggestions, newest first, with what became of them."""
    return work_visible_to(
        Suggestion.objects.filter(author=user)
        .select_related("segment__entry__digest", "accepted_revision", "reviewed_by")
        .order_by("-created_at", "-id"),
        viewer,
    )


def contribution_stats(*, user, viewer) -> dict[str, int]:
    counts = dict(
        work_visible_to(Suggestion.objects.filter(author=user), viewer)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts["flags"] = work_visible_to(Flag.objects.filter(author=user), viewer).count()
    return counts


def audit_log() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor", "target_type").order_by("-created_at", "-id")


def suggestion_for_review(*, suggestion_id: int) -> Suggestion:
    try:
        return review_queue_any().get(pk=suggestion_id)
    except Suggestion.DoesNotExist:
        raise Http404("No such suggestion.") from None


def review_queue_any() -> QuerySet[Suggestion]:
    """Suggestions in any status, annotated like the queue (for a single review page)."""
    return Suggestion.objects.select_related(
        "segment__entry__digest", "author", "base_revision"
    ).annotate(
        current_text=_current_text_subquery(),
        open_flags=Coalesce(F("segment__tally__open_flags"), 0),
    )


def _severity_rank(field: str) -> Case:
    return Case(
        When(**{field: "error"}, then=Value(3)),
        When(**{field: "warning"}, then=Value(2)),
        When(**{f"{field}__isnull": False}, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _attention_ranking(digest: str) -> QuerySet[Segment]:
    """The sentences with open work or a current finding, most pressing first: only what
    ranks them, so that ranking every sentence stays a narrow grouped scan."""
    current = Q(findings__revision_id=F("entry__current_revision_id"))
    queryset = (
        Segment.objects.filter(retired_in__isnull=True)
        .annotate(
            open_flags=Coalesce(F("tally__open_flags"), 0),
            open_suggestions=Coalesce(F("tally__pending") + F("tally__outdated"), 0),
            votes=Coalesce(F("tally__votes"), 0),
            last_activity=Coalesce(F("tally__last_activity"), Value(EPOCH)),
            worst_finding=Coalesce(Max(_severity_rank("findings__severity"), filter=current), 0),
        )
        .filter(Q(open_flags__gt=0) | Q(open_suggestions__gt=0) | Q(worst_finding__gt=0))
        .order_by("-open_flags", "-worst_finding", "-votes", "-last_activity", "pk")
    )
    if digest:
        queryset = queryset.filter(entry__digest__slug=digest)
    return queryset


def needs_attention(*, digest: str = "") -> QuerySet[Segment]:
    """Sentences editors should look at, most pressing first, with what the list shows.

    Ranked by open human flags, then the worst automatic finding, then the votes on open
    suggestions, then the latest activity. The open work comes from the sentences' tallies
    and the worst finding from one grouped join with the findings.
    """
    return (
        _attention_ranking(digest)
        .select_related("entry__digest")
        # A join rather than a subquery: a subquery would be grouped by, and so run for
        # every sentence instead of once for each row shown.
        .alias(
            current=FilteredRelation(
                "texts", condition=Q(texts__revision_id=F("entry__current_revision_id"))
            )
        )
        .annotate(current_text=F("current__text"))
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=MachineFinding.objects.order_by("id"),
                to_attr="finding_list",
            )
        )
    )


def needs_attention_page(*, digest: str = "", number, per_page: int) -> Page:
    """A page of `needs_attention`: the ranking and its count run over the narrow query
    (sentence ids), and only the page's sentences are read with their texts and findings."""
    ranked = _attention_ranking(digest).values_list("pk", flat=True)
    page = Paginator(ranked, per_page).get_page(number)
    ids = list(page.object_list)
    rows = {segment.pk: segment for segment in needs_attention(digest=digest).filter(pk__in=ids)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def track_record_of(user, now) -> TrackRecord:
    """The corrections part of a member's record: their accepted suggestions."""
    accepted = Suggestion.objects.filter(author=user, status=Suggestion.Status.ACCEPTED).count()
    return TrackRecord(accepted_contributions=accepted)


def attach_quoting_comments(suggestions) -> None:
    """Give each suggestion `quoting_comments`: the visible comments that quote its sentence,
    read for all of them in one query."""
    from digest.selectors.comments import comments_quoting

    by_segment = comments_quoting(segment_ids=sorted({s.segment_id for s in suggestions}))
    for suggestion in suggestions:
        suggestion.quoting_comments = by_segment.get(suggestion.segment_id, [])


def with_verification_state(suggestions: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """What "confirm the current text" needs to know of each suggestion's sentence, read in
    the same query as the suggestion (no query per row): `current_confirmed`, whether an
    editor already confirmed the current text, and `current_errors`, whether the automatic
    checks found an error in it (which, like an open flag, asks for a note)."""
    current_origin = SegmentText.objects.filter(
        segment_id=OuterRef(OuterRef("segment_id")),
        revision_id=OuterRef(OuterRef("segment__entry__current_revision_id")),
    ).values("origin_id")[:1]
    return suggestions.annotate(
        current_confirmed=Exists(
            SegmentVerification.objects.filter(
                segment_id=OuterRef("segment_id"), origin_id=Subquery(current_origin)
            )
        ),
        current_errors=Exists(
            MachineFinding.objects.filter(
                segment_id=OuterRef("segment_id"),
                revision_id=OuterRef("segment__entry__current_revision_id"),
                severity=MachineFinding.Severity.ERROR,
            )
        ),
    )

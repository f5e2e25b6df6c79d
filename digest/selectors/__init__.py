"""Reads for pages, the API and exports; each returns what its caller needs in fixed queries."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from core.models import AuditEvent

from ..diffing import DiffOp, stored_diffs
from ..models import (
    DIGEST_DETAIL_FIELDS,
    FIELD_ORDER,
    LINK_FIELDS,
    Digest,
    Entry,
    Provenance,
    Revision,
    RevisionCredit,
    SegmentText,
    SegmentVerification,
)
from .comments import visible_comment_count

CORRECTING_KINDS = [Revision.Kind.CORRECTION, Revision.Kind.EDIT, Revision.Kind.REVERT]


def _fields_set_by_editors(target, action: str, names) -> set[str]:
    """Which of `names` on `target` hold the value an editor last set through an audited
    `action`: for each field the newest change of it decides, and counts only if the
    target still has the value it set. One query."""
    changes = AuditEvent.objects.filter(
        action=action,
        target_type=ContentType.objects.get_for_model(type(target)),
        target_id=str(target.pk),
    ).order_by("-pk")
    decided: dict[str, bool] = {}
    for data in changes.values_list("data", flat=True):
        for name in names:
            if name in data and name not in decided:
                decided[name] = data[name]["new"] == getattr(target, name)
        if len(decided) == len(names):
            break
    return {name for name, set_by_editor in decided.items() if set_by_editor}


def links_set_by_editors(entry: Entry) -> set[str]:
    """The entry's links whose current address an editor set (services.entries
    .entry_links_update, audited as "entry.links_change")."""
    return _fields_set_by_editors(entry, "entry.links_change", LINK_FIELDS)


def details_set_by_editors(digest: Digest) -> set[str]:
    """The digest's title, publisher or original address as an editor set them
    (services.digests.digest_details_update, audited as "digest.details_change")."""
    return _fields_set_by_editors(digest, "digest.details_change", DIGEST_DETAIL_FIELDS)


@dataclass
class SegmentView:
    id: int
    position: int
    source: str | None
    target: str
    open_flags: int = 0
    machine_findings: int = 0
    provenance: str = Provenance.MACHINE


@dataclass
class FieldView:
    name: str
    segments: list[SegmentView] = field(default_factory=list)

    @property
    def source_text(self) -> str:
        return " ".join(s.source for s in self.segments if s.source)

    @property
    def target_text(self) -> str:
        return " ".join(s.target for s in self.segments)

    @property
    def has_source(self) -> bool:
        return any(s.source for s in self.segments)


@dataclass
class EntryView:
    entry: Entry
    fields: Mapping[str, FieldView]

    @property
    def title(self) -> FieldView | None:
        return self.fields.get("title")

    @property
    def summary(self) -> FieldView | None:
        return self.fields.get("summary")

    @property
    def abstract(self) -> FieldView | None:
        return self.fields.get("abstract")

    @property
    def ordered_fields(self) -> list[FieldView]:
        return [self.fields[name] for name in FIELD_ORDER if name in self.fields]


def digests_published() -> QuerySet[Digest]:
    """Published digests, newest first, each with its number of entries and of visible
    comments (its entries' included); `like_count` is a column."""
    return (
        Digest.objects.published()
        .annotate(entry_count=Count("entries"), comment_count=visible_comment_count())
        .order_by("-period_start", "-id")
    )


def _entries_with_badges(queryset: QuerySet[Entry]) -> QuerySet[Entry]:
    return queryset.select_related("current_revision").annotate(
        correction_count=Count("revisions", filter=Q(revisions__kind__in=CORRECTING_KINDS))
    )


def provenance_of(*, origin_kind: str, verified: bool) -> str:
    """Verified while an editor's confirmation is of the current text; otherwise machine when
    the text is still what a machine revision wrote, else edited."""
    if verified:
        return Provenance.VERIFIED
    return Provenance.MACHINE if origin_kind == Revision.Kind.MACHINE else Provenance.EDITED


def fields_for_revisions(
    revision_ids: list[int], *, with_flags: bool = False
) -> dict[int, dict[str, FieldView]]:
    """Every segment text of the given revisions, grouped by revision and field, in order.

    With `with_flags`, each segment also carries its number of open flags and of automatic
    findings (the corrections app's reverse relations, counted in the same query).
    """
    by_revision: dict[int, dict[str, FieldView]] = defaultdict(dict)
    rows = (
        SegmentText.objects.filter(revision_id__in=revision_ids)
        .select_related("segment")
        .annotate(
            origin_kind=F("origin__kind"),
            verified=Exists(
                SegmentVerification.objects.filter(
                    segment_id=OuterRef("segment_id"), origin_id=OuterRef("origin_id")
                )
            ),
        )
        .order_by("revision_id", "segment__position", "segment_id")
    )
    if with_flags:
        # Distinct counts: the two joins multiply each other's rows.
        rows = rows.annotate(
            open_flags=Count(
                "segment__flags", filter=Q(segment__flags__status="open"), distinct=True
            ),
            machine_findings=Count(
                "segment__findings",
                filter=Q(segment__findings__revision_id=F("revision_id")),
                distinct=True,
            ),
        )
    for row in rows:
        fields = by_revision[row.revision_id]
        name = row.segment.field
        view = fields.setdefault(name, FieldView(name=name))
        view.segments.append(
            SegmentView(
                id=row.segment_id,
                position=row.segment.position,
                source=row.segment.source,
                target=row.text,
                open_flags=getattr(row, "open_flags", 0),
                machine_findings=getattr(row, "machine_findings", 0),
                provenance=provenance_of(origin_kind=row.origin_kind, verified=row.verified),
            )
        )
    return {
        revision_id: {name: fields[name] for name in FIELD_ORDER if name in fields}
        for revision_id, fields in by_revision.items()
    }


class _PageTexts:
    """The current text of a page's entries, read in one query the first time any entry's
    text is needed: a page whose entry texts come from the fragment cache never reads it."""

    def __init__(self, revision_ids: list[int]):
        self.revision_ids = revision_ids
        self._fields: dict[int, dict[str, FieldView]] | None = None

    def of(self, revision_id: int) -> dict[str, FieldView]:
        if self._fields is None:
            self._fields = fields_for_revisions(self.revision_ids, with_flags=True)
        return self._fields.get(revision_id, {})


class _LazyFields(Mapping):
    def __init__(self, texts: _PageTexts, revision_id: int):
        self.texts = texts
        self.revision_id = revision_id

    def __getitem__(self, name: str) -> FieldView:
        return self.texts.of(self.revision_id)[name]

    def __iter__(self):
        return iter(self.texts.of(self.revision_id))

    def __len__(self) -> int:
        return len(self.texts.of(self.revision_id))


def _entry_views(entries: list[Entry]) -> list[EntryView]:
    texts = _PageTexts([e.current_revision_id for e in entries])
    return [EntryView(entry=e, fields=_LazyFields(texts, e.current_revision_id)) for e in entries]


def digest_get(*, slug: str, viewer) -> Digest:
    """The digest, 404 when it does not exist or `viewer` may not see it (a draft)."""
    try:
        return Digest.objects.visible_to(viewer).get(slug=slug)
    except Digest.DoesNotExist:
        raise Http404("No such digest.") from None


def digest_for_reader(*, slug: str, viewer) -> tuple[Digest, list[EntryView]]:
    digest = digest_get(slug=slug, viewer=viewer)
    entries = list(_entries_with_badges(digest.entries.order_by("position")))
    for entry in entries:
        entry.digest = digest
    return digest, _entry_views(entries)


def entry_for_reader(*, slug: str, position: int, viewer) -> EntryView:
    digest = digest_get(slug=slug, viewer=viewer)
    try:
        entry = _entries_with_badges(digest.entries.filter(position=position)).get()
    except Entry.DoesNotExist:
        raise Http404("No such entry.") from None
    entry.digest = digest
    return _entry_views([entry])[0]


@dataclass(frozen=True)
class EntryNeighbours:
    previous: int | None
    next: int | None
    count: int


def entry_neighbours(*, entry: Entry) -> EntryNeighbours:
    """The positions before and after `entry` in its digest, and how many entries it has;
    one query."""
    positions = list(
        Entry.objects.filter(digest_id=entry.digest_id)
        .order_by("position")
        .values_list("position", flat=True)
    )
    index = positions.index(entry.position)
    return EntryNeighbours(
        previous=positions[index - 1] if index > 0 else None,
        next=positions[index + 1] if index + 1 < len(positions) else None,
        count=len(positions),
    )


def entry_get(*, slug: str, position: int, viewer) -> Entry:
    """One entry of a digest, without its texts (for writes about the entry)."""
    digest = digest_get(slug=slug, viewer=viewer)
    try:
        entry = digest.entries.get(position=position)
    except Entry.DoesNotExist:
        raise Http404("No such entry.") from None
    entry.digest = digest
    return entry


def entry_by_id(*, entry_id: int, viewer) -> Entry:
    queryset = Entry.objects.select_related("digest", "current_revision").filter(
        digest__in=Digest.objects.visible_to(viewer)
    )
    try:
        return queryset.get(pk=entry_id)
    except Entry.DoesNotExist:
        raise Http404("No such entry.") from None


def revisions_for_entry(*, entry: Entry) -> list[Revision]:
    """All revisions, oldest first, with their editor and credited contributors."""
    return list(
        entry.revisions.select_related("editor")
        .prefetch_related(
            Prefetch(
                "credits",
                queryset=RevisionCredit.objects.select_related("contributor").order_by("id"),
            )
        )
        .order_by("number")
    )


def revision_contributors(revision: Revision) -> list:
    """Distinct contributors of a revision prefetched by `revisions_for_entry`, in credit order."""
    return list(dict.fromkeys(credit.contributor for credit in revision.credits.all()))


def revision_get(*, entry: Entry, number: int) -> Revision:
    try:
        return entry.revisions.select_related("editor").get(number=number)
    except Revision.DoesNotExist:
        raise Http404("No such revision.") from None


@dataclass
class FieldDiff:
    name: str
    ops: list[DiffOp]

    @property
    def changed(self) -> bool:
        return any(op.kind != "equal" for op in self.ops)


def revision_diff(
    *, entry: Entry, old: int, new: int
) -> tuple[Revision, Revision, list[FieldDiff]]:
    """The diff, field by field, between two revisions of an entry.

    Revisions never change, so each field's diff is computed once and stored; the diffs of
    all fields come in one query (see digest.diffing.stored_diffs).
    """
    revisions = {r.number: r for r in entry.revisions.filter(number__in=[old, new])}
    if old not in revisions or new not in revisions:
        raise Http404("No such revision.")
    fields = fields_for_revisions([revisions[old].pk, revisions[new].pk])
    old_fields = fields.get(revisions[old].pk, {})
    new_fields = fields.get(revisions[new].pk, {})
    texts = [
        (
            name,
            old_fields[name].target_text if name in old_fields else "",
            new_fields[name].target_text if name in new_fields else "",
        )
        for name in FIELD_ORDER
        if name in old_fields or name in new_fields
    ]
    ops = stored_diffs((before, after) for _name, before, after in texts)
    diffs = [FieldDiff(name=name, ops=ops[before, after]) for name, before, after in texts]
    return revisions[old], revisions[new], diffs


@dataclass
class SentenceChange:
    segment_id: int
    field: str
    before: str
    after: str


@dataclass
class RevisionChange:
    """A revision after an entry's first, with what it changed: for the corrections feed."""

    revision: Revision
    title: str
    contributors: list
    changes: list[SentenceChange]


def revisions_recent(*, limit: int = 30) -> list[RevisionChange]:
    """The newest revisions after the first of published digests' entries, newest first,
    each with its entry's title as that revision had it and the sentences it changed (the
    text before and after). Four queries whatever the number of revisions."""
    previous = Revision.objects.filter(
        entry_id=OuterRef("entry_id"), number=OuterRef("number") - 1
    ).values("pk")[:1]
    revisions = list(
        Revision.objects.filter(number__gt=1, entry__digest__in=Digest.objects.published())
        .select_related("entry__digest", "editor")
        .prefetch_related(
            Prefetch(
                "credits",
                queryset=RevisionCredit.objects.select_related("contributor").order_by("id"),
            )
        )
        .annotate(previous_id=Subquery(previous))
        .order_by("-created_at", "-pk")[:limit]
    )
    wanted = {r.pk for r in revisions} | {r.previous_id for r in revisions if r.previous_id}
    texts: dict[int, dict[int, tuple[str, int, str]]] = defaultdict(dict)
    rows = (
        SegmentText.objects.filter(revision_id__in=wanted)
        .order_by("segment__position", "segment_id")
        .values_list("revision_id", "segment_id", "segment__field", "segment__position", "text")
    )
    for revision_id, segment_id, field_name, position, text in rows:
        texts[revision_id][segment_id] = (field_name, position, text)
    order = {name: index for index, name in enumerate(FIELD_ORDER)}
    changes = []
    for revision in revisions:
        now = texts.get(revision.pk, {})
        before = texts.get(revision.previous_id, {})
        changed = [
            SentenceChange(
                segment_id=segment_id,
                field=field_name,
                before=before[segment_id][2] if segment_id in before else "",
                after=text,
            )
            for segment_id, (field_name, position, text) in sorted(
                now.items(), key=lambda item: (order.get(item[1][0], 9), item[1][1], item[0])
            )
            if segment_id not in before or before[segment_id][2] != text
        ]
        title = " ".join(text for name, _position, text in now.values() if name == "title")
        changes.append(
            RevisionChange(
                revision=revision,
                title=title,
                contributors=revision_contributors(revision),
                changes=changed,
            )
        )
    return changes

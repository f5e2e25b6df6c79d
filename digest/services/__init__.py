"""Writes to digests, entries and revisions. Every function is one transactional action."""

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import EmailKind, Newsletter, User
from core.audit import audit_record
from core.errors import InvalidInput

from .. import selectors
from ..interchange import DigestData, EntryData, FieldData, RevisionData
from ..models import (
    FIELD_ORDER,
    LINK_FIELDS,
    REVISION_SUMMARY_MAX_LENGTH,
    Digest,
    Entry,
    Revision,
    RevisionCredit,
    Segment,
    SegmentText,
    SegmentVerification,
)
from ..text import normalize_text


class DigestError(Exception):
    """A domain rule refused the action; the message is fit to show to the person acting."""


class DigestExists(DigestError):
    pass


@dataclass
class ImportResult:
    digest: Digest
    created: bool
    entries_created: list[int] = field(default_factory=list)
    entries_revised: list[int] = field(default_factory=list)
    entries_unchanged: list[int] = field(default_factory=list)
    entries_missing: list[int] = field(default_factory=list)
    updates: list["EntryUpdate"] = field(default_factory=list)
    # Details an editor set that the file would change: field name → the file's value.
    kept_details: dict[str, str | None] = field(default_factory=dict)

    @property
    def kept_corrections(self) -> int:
        return sum(len(update.kept_corrections) for update in self.updates)

    @property
    def kept_links(self) -> dict[int, dict[str, str | None]]:
        """Entry position → the links an editor set that the file would have replaced, with
        the file's address."""
        return {u.position: u.kept_links for u in self.updates if u.kept_links}


def entry_lock(*, entry_id: int) -> Entry:
    """Lock the entry row until the transaction ends; revision writers serialise on it.

    Call inside a transaction. On PostgreSQL this is SELECT … FOR UPDATE; SQLite serialises
    writers on its own.
    """
    entry = Entry.objects.select_for_update().get(pk=entry_id)
    # Read the current revision in a statement of its own. Joined into the locking query, it
    # would come from the snapshot taken before the lock was granted, which on PostgreSQL
    # misses a revision that the previous lock holder has just committed.
    if entry.current_revision_id is not None:
        entry.current_revision = Revision.objects.get(pk=entry.current_revision_id)
    return entry


def _summary_clean(summary: str) -> str:
    """An editor's words on a revision: refused when too long rather than cut short, so
    nobody's summary is published other than as written."""
    summary = (summary or "").strip()
    if "\x00" in summary:
        raise InvalidInput(_("The summary contains a character that cannot be stored."))
    if len(summary) > REVISION_SUMMARY_MAX_LENGTH:
        raise InvalidInput(
            _("The summary is too long (at most %(max)d characters, this one has %(length)d).")
            % {"max": REVISION_SUMMARY_MAX_LENGTH, "length": len(summary)}
        )
    return summary


def _origin_of(
    text: str, old: SegmentText, restored: Mapping[int, tuple[str, int]], revision: Revision
) -> int:
    """The revision that wrote `text`: unchanged, the old one's origin; brought back by a
    revert, the restored text's; otherwise this revision."""
    if text == old.text:
        return old.origin_id
    restored_text, restored_origin = restored.get(old.segment_id, (None, None))
    return restored_origin if restored_text == text else revision.pk


def revision_append(
    *,
    entry: Entry,
    kind: str,
    texts: Mapping[int, str],
    editor=None,
    summary: str = "",
    credits: Iterable[tuple[int, int]] = (),
    reverted_to: int | None = None,
    new_segments: Iterable[tuple[Segment, str]] = (),
    retired_segment_ids: Iterable[int] = (),
    created_at: datetime.datetime | None = None,
    translator: str = "",
) -> Revision:
    """Add the entry's next revision and make it current.

    `entry` must have been locked with `entry_lock` in the current transaction. `texts` maps
    segment ids to their new translation; active segments not named keep the current text.
    `credits` is a list of (segment id, contributor id); `new_segments` are (unsaved segment,
    translation) pairs introduced by this revision. Nothing that exists is modified
    except the entry's current-revision pointer and the retirement mark of replaced segments.
    `created_at` is for an import that recreates history; a new revision is made now.
    A revert (`reverted_to`) that brings a text back keeps the provenance the text had
    there: the machine's wording restored is still the machine's.
    """
    summary = _summary_clean(summary)
    current = entry.current_revision
    number = current.number + 1 if current else 1
    revision = Revision.objects.create(
        entry=entry,
        number=number,
        kind=kind,
        summary=summary,
        editor=editor if editor is not None and editor.is_authenticated else None,
        reverted_to=reverted_to,
        translator=translator,
        created_at=created_at or timezone.now(),
    )
    retired = set(retired_segment_ids)
    if retired:
        Segment.objects.filter(pk__in=retired, entry=entry).update(retired_in=revision)
    restored: dict[int, tuple[str, int]] = {}
    if reverted_to is not None:
        restored = {
            segment_id: (text, origin_id)
            for segment_id, text, origin_id in SegmentText.objects.filter(
                revision__entry=entry, revision__number=reverted_to
            ).values_list("segment_id", "text", "origin_id")
        }
    rows: list[SegmentText] = []
    if current:
        for old in SegmentText.objects.filter(revision=current).exclude(segment_id__in=retired):
            text = normalize_text(texts.get(old.segment_id, old.text))
            rows.append(
                SegmentText(
                    revision=revision,
                    segment_id=old.segment_id,
                    text=text,
                    origin_id=_origin_of(text, old, restored, revision),
                )
            )
    new_segments = list(new_segments)
    for segment, _text in new_segments:
        segment.introduced_in = revision
    Segment.objects.bulk_create([segment for segment, _text in new_segments])
    for segment, text in new_segments:
        rows.append(
            SegmentText(
                revision=revision, segment=segment, text=normalize_text(text), origin=revision
            )
        )
    SegmentText.objects.bulk_create(rows)
    RevisionCredit.objects.bulk_create(
        [
            RevisionCredit(revision=revision, segment_id=segment_id, contributor_id=user_id)
            for segment_id, user_id in dict.fromkeys(credits)
        ]
    )
    entry.current_revision = revision
    entry.save(update_fields=["current_revision"])
    return revision


def _unsaved_segments(entry: Entry, fields: Iterable[FieldData]) -> list[tuple[Segment, str]]:
    return [
        (Segment(entry=entry, field=f.name, position=position, source=seg.source), seg.target)
        for f in fields
        for position, seg in enumerate(f.segments)
    ]


def _entry_create(
    *,
    digest: Digest,
    data: EntryData,
    actor,
    people: Mapping[str, User],
    translator: str = "",
) -> Entry:
    entry = Entry.objects.create(
        digest=digest,
        position=data.position,
        kind=data.kind,
        source_url=data.source_url,
        read_more_url=data.read_more_url,
    )
    entry = entry_lock(entry_id=entry.pk)
    if data.history:
        _history_replay(entry=entry, history=data.history, people=people)
        return entry
    revision_append(
        entry=entry,
        kind=Revision.Kind.MACHINE,
        texts={},
        editor=actor,
        new_segments=_unsaved_segments(entry, data.fields),
        translator=translator,
    )
    return entry


def _history_replay(
    *, entry: Entry, history: Iterable[RevisionData], people: Mapping[str, User]
) -> None:
    """Write an imported history as the entry's revisions, with their numbers and times.

    A field whose English sentences are those of the revision before keeps its segments
    (only the translation changes); a field re-aligned by a machine revision gets new
    segments and retires the old ones, as `_entry_update` does on a re-import. The
    interchange format has checked that only machine revisions re-align.
    """
    segments: dict[str, list[Segment]] = {}
    previous: dict[str, FieldData] = {}
    for revision in history:
        wanted = {f.name: f for f in revision.fields}
        texts: dict[int, str] = {}
        retired: list[int] = []
        new_fields: list[FieldData] = []
        for name in FIELD_ORDER:
            old, new = previous.get(name), wanted.get(name)
            if old is not None and new is not None and _same_sources(old, new):
                texts.update(
                    (segment.pk, data.target)
                    for segment, data in zip(segments[name], new.segments, strict=True)
                )
                continue
            if old is not None:
                retired.extend(segment.pk for segment in segments.pop(name))
            if new is not None:
                new_fields.append(new)
        new_segments = _unsaved_segments(entry, new_fields)
        revision_append(
            entry=entry,
            kind=revision.kind,
            texts=texts,
            editor=people[revision.editor] if revision.editor is not None else None,
            summary=revision.summary,
            credits=[
                (segments[c.field][c.position].pk, people[c.contributor].pk)
                for c in revision.credits
            ],
            reverted_to=revision.reverted_to,
            new_segments=new_segments,
            retired_segment_ids=retired,
            created_at=revision.created_at,
        )
        for f in new_fields:
            segments[f.name] = [segment for segment, _ in new_segments if segment.field == f.name]
        previous = wanted


def _same_sources(old: FieldData, new: FieldData) -> bool:
    return [s.source for s in old.segments] == [s.source for s in new.segments]


def _people_named(names: Iterable[str]) -> tuple[dict[str, User], list[str]]:
    """The accounts of the people an imported history names, and the names of those created.

    A name is the public name the export wrote. It is looked up as a display name (unique on
    this site, ignoring case); a name with no account gets an inactive placeholder account
    under that display name, so that the history shows who did the work. A placeholder
    cannot sign in (no password, no verified address) and is sent no email.
    """
    people: dict[str, User] = {}
    created: list[str] = []
    for name in dict.fromkeys(names):
        user = User.objects.filter(display_name__iexact=name).first()
        if user is None:
            user = User(
                email=f"imported-{uuid.uuid4().hex}@placeholder.invalid",
                display_name=name,
                is_active=False,
                newsletter=Newsletter.OFF,
                email_opt_outs=list(EmailKind.values),
            )
            user.set_unusable_password()
            user.save()
            created.append(name)
        people[name] = user
    return people, created


def _history_names(entries: Iterable[EntryData]) -> list[str]:
    return [
        name
        for entry in entries
        for revision in entry.history
        for name in (
            *((revision.editor,) if revision.editor is not None else ()),
            *(credit.contributor for credit in revision.credits),
        )
    ]


def _active_fields(entry: Entry) -> dict[str, list[tuple[Segment, str, str]]]:
    """Each field's active segments as (segment, machine text, current text).

    The machine text is the segment's text in the latest machine revision: a re-import is
    compared with what the machine said before, never with what people corrected since.
    """
    machine = entry.revisions.filter(kind=Revision.Kind.MACHINE).order_by("-number").first()
    machine_texts = dict(
        SegmentText.objects.filter(revision=machine).values_list("segment_id", "text")
    )
    fields: dict[str, list[tuple[Segment, str, str]]] = {}
    rows = (
        SegmentText.objects.filter(revision_id=entry.current_revision_id)
        .select_related("segment")
        .order_by("segment__field", "segment__position")
    )
    for row in rows:
        machine_text = machine_texts.get(row.segment_id, row.text)
        fields.setdefault(row.segment.field, []).append((row.segment, machine_text, row.text))
    return fields


def _confirmed_segment_ids(entry: Entry) -> set[int]:
    """Sentences whose current text an editor confirmed: a person vouched for the machine's
    wording, so a re-import keeps it as it keeps a correction."""
    return set(
        SegmentVerification.objects.filter(
            segment__entry=entry,
            segment__texts__revision_id=entry.current_revision_id,
            origin_id=F("segment__texts__origin_id"),
        ).values_list("segment_id", flat=True)
    )


@dataclass
class EntryUpdate:
    """What a re-import did to one entry."""

    position: int
    revision: Revision | None = None
    changed_segment_ids: list[int] = field(default_factory=list)
    retired_segment_ids: list[int] = field(default_factory=list)
    # Sentences whose machine text changed but which people had corrected or confirmed: their
    # text is kept and reported, never silently replaced by a new machine translation.
    kept_corrections: list[int] = field(default_factory=list)
    # Links an editor set that the file would change: link name → the file's address.
    kept_links: dict[str, str | None] = field(default_factory=dict)


def _entry_update(*, entry: Entry, data: EntryData, actor) -> EntryUpdate | None:
    """Bring an existing entry in line with re-imported machine text; None if nothing changed."""
    entry = entry_lock(entry_id=entry.pk)
    update = EntryUpdate(position=entry.position)
    # A link an editor fixed stays, as a corrected sentence does; the file's address for it
    # is reported, so whoever imports can tell a fix upstream from the same old mistake.
    editors_links = selectors.links_set_by_editors(entry)
    wanted_meta = {"kind": data.kind}
    for name in LINK_FIELDS:
        if name not in editors_links:
            wanted_meta[name] = getattr(data, name)
        elif getattr(data, name) != getattr(entry, name):
            update.kept_links[name] = getattr(data, name)
    meta_changed = [name for name, value in wanted_meta.items() if getattr(entry, name) != value]
    if meta_changed:
        for name in meta_changed:
            setattr(entry, name, wanted_meta[name])
        entry.save(update_fields=meta_changed)
    texts: dict[int, str] = {}
    new_fields: list[FieldData] = []
    wanted = {f.name: f for f in data.fields}
    current = _active_fields(entry)
    confirmed = _confirmed_segment_ids(entry)
    for name in [n for n in FIELD_ORDER if n in current or n in wanted]:
        old = current.get(name, [])
        new = wanted.get(name)
        new_pairs = [(s.source, s.target) for s in new.segments] if new else []
        if [(seg.source, machine) for seg, machine, _ in old] == new_pairs:
            continue
        if new and [seg.source for seg, _, _ in old] == [s.source for s in new.segments]:
            # Same alignment of the source: keep the segments (and their flags), new texts.
            for (seg, machine, now), new_seg in zip(old, new.segments, strict=True):
                if new_seg.target == machine:
                    continue
                if now != machine or seg.pk in confirmed:
                    update.kept_corrections.append(seg.pk)
                    continue
                texts[seg.pk] = new_seg.target
                update.changed_segment_ids.append(seg.pk)
        else:
            # The English itself changed: the old sentences, and corrections of them, no
            # longer apply. They are retired, not deleted, so history stays readable.
            update.retired_segment_ids.extend(seg.pk for seg, _, _ in old)
            if new:
                new_fields.append(new)
    if texts or update.retired_segment_ids or new_fields:
        update.revision = revision_append(
            entry=entry,
            kind=Revision.Kind.MACHINE,
            texts=texts,
            editor=actor,
            new_segments=_unsaved_segments(entry, new_fields),
            retired_segment_ids=update.retired_segment_ids,
        )
    elif not meta_changed and not update.kept_corrections and not update.kept_links:
        return None
    return update


@transaction.atomic
def digest_import(
    *, data: DigestData, publish: bool = False, update: bool = False, actor=None
) -> ImportResult:
    """Create a digest from imported data, or with `update` bring an existing one up to date.

    Updating never rewrites history: entries whose text changed get a new machine revision,
    others are left alone, and entries missing from the file are kept.
    """
    digest = Digest.objects.select_for_update().filter(slug=data.slug).first()
    if digest and not update:
        raise DigestExists(
            f"A digest with slug {data.slug!r} already exists; use --update to add the "
            "changed entries as new machine revisions."
        )
    values = {
        "title": data.title,
        "publisher": data.publisher,
        "period_start": data.period_start,
        "period_end": data.period_end,
        "source_language": data.source_language,
        "target_language": data.target_language,
        "intro": list(data.intro),
        "notice": list(data.notice),
    }
    if data.original_url is not None:
        values["original_url"] = data.original_url
    status = Digest.Status.PUBLISHED if publish else data.status
    created = digest is None
    if created:
        digest = Digest.objects.create(slug=data.slug, status=Digest.Status.DRAFT, **values)
    result = ImportResult(digest=digest, created=created)
    if not created:
        # A title or address an editor fixed stays, as a corrected sentence does.
        for name in selectors.details_set_by_editors(digest):
            if name in values and values[name] != getattr(digest, name):
                result.kept_details[name] = values.pop(name)
        for name, value in values.items():
            setattr(digest, name, value)
        digest.save()
    existing = {e.position: e for e in digest.entries.all()}
    # Only entries new to the digest are created from their history; on --update the
    # history of an existing entry is this database's own and is left as it is.
    people, people_created = _people_named(
        _history_names([e for e in data.entries if e.position not in existing])
    )
    for entry_data in data.entries:
        entry = existing.pop(entry_data.position, None)
        if entry is None:
            _entry_create(
                digest=digest,
                data=entry_data,
                actor=actor,
                people=people,
                translator=data.translator,
            )
            result.entries_created.append(entry_data.position)
        elif (update_done := _entry_update(entry=entry, data=entry_data, actor=actor)) is None:
            result.entries_unchanged.append(entry_data.position)
        else:
            result.updates.append(update_done)
            if update_done.revision is not None:
                result.entries_revised.append(entry_data.position)
            else:
                result.entries_unchanged.append(entry_data.position)
    result.entries_missing = sorted(existing)
    audit_record(
        action="digest.import" if created else "digest.update",
        actor=actor,
        target=digest,
        data={
            "created": result.entries_created,
            "revised": result.entries_revised,
            "unchanged": result.entries_unchanged,
            **({"placeholder_accounts": people_created} if people_created else {}),
            **({"kept_details": sorted(result.kept_details)} if result.kept_details else {}),
        },
    )
    if status == Digest.Status.PUBLISHED and not digest.is_published:
        digest_publish(digest=digest, actor=actor)
    return result


@transaction.atomic
def digest_publish(*, digest: Digest, actor=None) -> Digest:
    if digest.is_published:
        raise DigestError("This digest is already published.")
    digest.status = Digest.Status.PUBLISHED
    digest.published_at = timezone.now()
    digest.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(action="digest.publish", actor=actor, target=digest)
    return digest


@transaction.atomic
def digest_unpublish(*, digest: Digest, actor=None) -> Digest:
    if not digest.is_published:
        raise DigestError("This digest is not published.")
    digest.status = Digest.Status.DRAFT
    digest.published_at = None
    digest.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(action="digest.unpublish", actor=actor, target=digest)
    return digest

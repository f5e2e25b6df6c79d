"""Runs the automatic translation checks against stored text and keeps their findings."""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F

from core.pagecache import release_token, stamps_tokens
from digest.models import Digest, Entry, SegmentText, SegmentVerification
from digest.pagecache import digest_text_stamp

from .checks import (
    CheckContext,
    Finding,
    Place,
    Severity,
    digest_level,
    length_ratio_profile,
    run_checks,
    term_profile,
)
from .checks import GlossaryTerm as TermRule
from .models import GlossaryTerm, MachineFinding


def glossary_rules() -> tuple[TermRule, ...]:
    """The approved terms as they are in the database now.

    Read on every call, so that a change from any process shows in the very next check;
    what is costly to rebuild (the compiled patterns, which terms occur in a source) is
    cached by the checks on the terms' text itself. Only the fields the checks use are
    read: building model instances took three quarters of the time.
    """
    return tuple(
        TermRule(
            source=source,
            approved=tuple(approved),
            forbidden=tuple(forbidden),
            do_not_translate=do_not_translate,
        )
        for source, approved, forbidden, do_not_translate in GlossaryTerm.objects.filter(
            status=GlossaryTerm.Status.APPROVED
        ).values_list("source", "approved", "forbidden", "do_not_translate")
    )


def _current_rows(entries: Iterable[Entry]):
    return (
        SegmentText.objects.filter(revision_id__in=[e.current_revision_id for e in entries])
        .select_related("segment__entry", "revision")
        .order_by("segment__entry__position", "segment__field", "segment__position")
    )


def _place(segment) -> Place:
    return Place(entry=segment.entry.position, field=segment.field, position=segment.position)


def check_context(
    *, digest: Digest | None, rows=None, glossary: tuple[TermRule, ...] | None = None
) -> CheckContext:
    """What the checks know of the whole digest: the glossary, the digest's typical length
    ratio, the speech level it keeps and how it renders its recurring terms.

    ``rows`` are the digest's current SegmentText rows, with their segments and entries.
    Callers checking several digests pass the glossary they loaded once.
    """
    if rows is None:
        rows = _current_rows(list(digest.entries.all()))
    rows = list(rows)
    pairs = [(row.segment.source, row.text) for row in rows if row.segment.source]
    return CheckContext(
        glossary=glossary_rules() if glossary is None else glossary,
        length_ratio=length_ratio_profile(pairs) if pairs else None,
        speech_level=digest_level(row.text for row in rows),
        terms=term_profile((_place(row.segment), row.segment.source, row.text) for row in rows),
    )


def _segment_contexts(context: CheckContext, rows) -> dict[int, CheckContext]:
    """The digest's context completed, for each segment, with its place and field neighbours."""
    fields: dict[tuple[int, str], list] = defaultdict(list)
    for row in rows:
        fields[row.segment.entry_id, row.segment.field].append(row)
    return {
        row.segment_id: replace(
            context,
            place=_place(row.segment),
            neighbours=tuple(
                other.text
                for other in fields[row.segment.entry_id, row.segment.field]
                if other.segment_id != row.segment_id
            ),
        )
        for row in rows
    }


def segment_check_context(*, context: CheckContext, segment) -> CheckContext:
    """A digest's context (from :func:`check_contexts`) for checking a new text of ``segment``.

    With the segment's place, the consistency check does not hold the new text against the
    segment's own current one. The field's other sentences are not known here; the register
    check then judges the new text on its own sentences.
    """
    return replace(context, place=_place(segment))


def suggestion_context(*, segment) -> CheckContext:
    """The context for checking a new text of ``segment`` against the rest of its digest."""
    rows = list(_current_rows(list(segment.entry.digest.entries.all())))
    context = check_context(digest=segment.entry.digest, rows=rows)
    return _segment_contexts(context, rows).get(segment.pk, replace(context, place=_place(segment)))


def check_contexts(
    *, digest_ids: Iterable[int], glossary: tuple[TermRule, ...] | None = None
) -> dict[int, CheckContext]:
    """Check contexts of several digests in two queries (a page listing many of them)."""
    glossary = glossary_rules() if glossary is None else glossary
    rows_by_digest: dict[int, list] = {pk: [] for pk in digest_ids}
    rows = SegmentText.objects.filter(
        segment__entry__digest_id__in=list(rows_by_digest),
        revision_id=F("segment__entry__current_revision_id"),
    ).select_related("segment__entry")
    for row in rows:
        rows_by_digest[row.segment.entry.digest_id].append(row)
    return {
        pk: check_context(digest=None, rows=digest_rows, glossary=glossary)
        for pk, digest_rows in rows_by_digest.items()
    }


# The keys change with every edit of the digest, the glossary or the code, so a copy is
# never stale; the expiry only frees the room of copies nobody asks for again.
QUEUE_FINDINGS_TTL_SECONDS = 24 * 60 * 60


def _glossary_version(glossary: tuple[TermRule, ...]) -> str:
    """A digest of the approved terms' content: exact whichever door changed them."""
    return hashlib.sha256(repr(glossary).encode()).hexdigest()[:16]


def _finding_row(finding: Finding) -> tuple:
    return (
        finding.check,
        str(finding.severity),
        finding.message,
        finding.span,
        dict(finding.params),
        finding.why,
        finding.fix,
    )


def _finding_from_row(row: tuple) -> Finding:
    check, severity, message, span, params, why, fix = row
    return Finding(check, Severity(severity), message, span, params=params, why=why, fix=fix)


def queue_findings(*, suggestions: Sequence) -> dict[int, list[Finding]]:
    """What the checks say about each suggestion's text, by suggestion id, each held against
    its digest's current text (the review queue's view of a page of suggestions).

    Checking a page's suggestions is most of what the queue costs, and an editor reloads it
    after every decision, so the findings are kept in the cache under a key of everything the
    checks read: the release, the glossary's content, the digest's text stamp (which every
    saved revision, entry or digest renews: digest.pagecache), the sentence and the text.
    """
    glossary = glossary_rules()
    if not settings.GYOJEONG_PAGE_CACHE:
        contexts = check_contexts(
            digest_ids={s.segment.entry.digest_id for s in suggestions}, glossary=glossary
        )
        return {s.pk: _suggestion_checked(s, contexts) for s in suggestions}
    stamps = {s.pk: digest_text_stamp(s.segment.entry.digest.slug) for s in suggestions}
    tokens = stamps_tokens(sorted(set(stamps.values())))
    prefix = f"queue-findings:{release_token()}:{_glossary_version(glossary)}"
    keys = {
        s.pk: ":".join(
            (
                prefix,
                tokens[stamps[s.pk]],
                str(s.segment_id),
                hashlib.sha256(s.text.encode()).hexdigest()[:32],
            )
        )
        for s in suggestions
    }
    found = cache.get_many(list(set(keys.values())))
    unchecked = [s for s in suggestions if keys[s.pk] not in found]
    if unchecked:
        contexts = check_contexts(
            digest_ids={s.segment.entry.digest_id for s in unchecked}, glossary=glossary
        )
        fresh = {
            keys[s.pk]: [_finding_row(f) for f in _suggestion_checked(s, contexts)]
            for s in unchecked
        }
        cache.set_many(fresh, timeout=QUEUE_FINDINGS_TTL_SECONDS)
        found |= fresh
    return {s.pk: [_finding_from_row(row) for row in found[keys[s.pk]]] for s in suggestions}


def _suggestion_checked(suggestion, contexts: dict[int, CheckContext]) -> list[Finding]:
    # The sentence's own place, so the consistency check does not hold the suggestion
    # against the text it replaces.
    segment = suggestion.segment
    context = segment_check_context(context=contexts[segment.entry.digest_id], segment=segment)
    return run_checks(segment.source, suggestion.text, context)


@dataclass(frozen=True)
class SegmentFinding:
    entry: Entry
    row: SegmentText
    finding: Finding


def digest_findings(*, digest: Digest) -> list[SegmentFinding]:
    """Check every sentence of the digest's current text, in reading order."""
    entries = {e.pk: e for e in digest.entries.all()}
    rows = list(_current_rows(entries.values()))
    contexts = _segment_contexts(check_context(digest=digest, rows=rows), rows)
    return [
        SegmentFinding(entry=entries[row.segment.entry_id], row=row, finding=finding)
        for row in rows
        for finding in run_checks(row.segment.source, row.text, contexts[row.segment_id])
    ]


def suggestion_findings(*, segment, text: str) -> list[Finding]:
    """What the checks say about a proposed text, before or after it is submitted."""
    return run_checks(segment.source, text, suggestion_context(segment=segment))


def verified_texts(rows) -> set[tuple[int, int]]:
    """(segment id, origin id) of the given current texts that an editor confirmed."""
    return set(
        SegmentVerification.objects.filter(
            segment_id__in=[row.segment_id for row in rows]
        ).values_list("segment_id", "origin_id")
    )


# Namespace of the PostgreSQL advisory lock that serialises refreshes of one digest's findings.
_REFRESH_LOCK_NAMESPACE = 7301


def _lock_digest_findings(digest: Digest) -> None:
    """Serialise refreshes of one digest until the transaction ends. Two editors publishing
    in different entries hold different entry locks; without this, both would delete the old
    findings and both insert new ones. An advisory lock rather than the digest's row lock:
    an import holds that row before its entries', publishing the other way round. SQLite
    serialises writers itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [_REFRESH_LOCK_NAMESPACE, digest.pk]
            )


@transaction.atomic
def findings_refresh(*, digest: Digest) -> int:
    """Replace the digest's stored findings with a fresh run. Always the whole digest: the
    consistency and register checks read every entry, so one changed sentence can raise or
    settle a finding on another entry's sentence.

    A sentence whose current text an editor confirmed gets none: the editor vouched for it
    (overriding errors took a note), and its next change brings the checks back."""
    _lock_digest_findings(digest)
    entries = list(digest.entries.all())
    rows = list(_current_rows(entries))
    contexts = _segment_contexts(check_context(digest=digest, rows=rows), rows)
    confirmed = verified_texts(rows)
    MachineFinding.objects.filter(segment__entry__digest=digest).delete()
    created = [
        MachineFinding(
            segment_id=row.segment_id,
            revision_id=row.revision_id,
            check_code=finding.check,
            severity=str(finding.severity),
            message=finding.message,
            params=dict(finding.params),
            why=finding.why,
            fix=finding.fix,
            span_start=finding.span[0] if finding.span else None,
            span_end=finding.span[1] if finding.span else None,
        )
        for row in rows
        if (row.segment_id, row.origin_id) not in confirmed
        for finding in run_checks(row.segment.source, row.text, contexts[row.segment_id])
    ]
    MachineFinding.objects.bulk_create(created)
    return len(created)

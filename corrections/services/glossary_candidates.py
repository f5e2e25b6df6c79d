"""Glossary candidates mined from accepted corrections, and the batch of machine suggestions
that applies an accepted term to the sentences still using a forbidden rendering.

When corrections in two or more entries replace one term's rendering the same way
(corrections.term_changes: "Transformer", 변압기 → 트랜스포머), a candidate proposes the
glossary entry that says so. Editors accept it (possibly edited) into an approved term,
whose checks then run again over the published digests, or dismiss it; a decided change is
not proposed again. Every change found is kept as a RenderingChange, the candidate's
evidence, whether or not it makes a candidate yet.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, InvalidInput
from core.sanitize import render_user_text
from digest.diffing import stored_diffs
from digest.models import Digest, Revision, SegmentText, SegmentVerification
from digest.services import entry_lock

from .. import glossary
from ..checks import CheckContext, Severity, run_checks
from ..checks import GlossaryTerm as TermRule
from ..models import (
    GlossaryCandidate,
    GlossaryTerm,
    MachineFinding,
    RenderingChange,
    Suggestion,
)
from ..tallies import tallies_refresh
from ..term_changes import term_changes
from ._common import _clean_note, _current_texts, _require_editor

# Evidence from this many entries proposes a candidate: one entry may have its own reasons.
MIN_ENTRIES = 2
# Revisions people wrote: corrections (accepted suggestions) and editors' direct edits.
MINED_KINDS = (Revision.Kind.CORRECTION, Revision.Kind.EDIT)
MINE_CHUNK = 500
# A sentence with more forbidden uses than this is left to a person.
MAX_REPLACEMENTS = 8

Key = tuple[str, str, str]  # (lower-case English term, old rendering, new rendering)


def _key_filter(key: Key) -> Q:
    """The rows of one change; the query aliases the lower-case English term `source_key`."""
    source, old, new = key
    return Q(source_key=source, old=old, new=new)


def _known_renderings() -> list[tuple[str, list[str]]]:
    return [
        (source, [*approved, *forbidden])
        for source, approved, forbidden in GlossaryTerm.objects.filter(
            status=GlossaryTerm.Status.APPROVED
        ).values_list("source", "approved", "forbidden")
    ]


def _found_changes(revision_ids: list[int], known) -> list[RenderingChange]:
    """The term changes of the sentences these revisions changed, as unsaved rows."""
    before = SegmentText.objects.filter(
        segment_id=OuterRef("segment_id"),
        revision__entry_id=OuterRef("revision__entry_id"),
        revision__number=OuterRef("revision__number") - 1,
    ).values("text")[:1]
    rows = (
        SegmentText.objects.filter(
            revision_id__in=revision_ids,
            revision__kind__in=MINED_KINDS,
            origin_id=F("revision_id"),
            segment__source__isnull=False,
        )
        .exclude(segment__introduced_in_id=F("revision_id"))
        .annotate(before=Subquery(before))
        .values_list("revision_id", "segment_id", "segment__source", "before", "text")
    )
    suggestions = {
        (revision_id, segment_id): pk
        for pk, revision_id, segment_id in Suggestion.objects.filter(
            accepted_revision_id__in=revision_ids, status=Suggestion.Status.ACCEPTED
        ).values_list("pk", "accepted_revision_id", "segment_id")
    }
    found = []
    for revision_id, segment_id, source, old_text, new_text in rows:
        if old_text is None:
            continue
        for change in term_changes(source=source, before=old_text, after=new_text, glossary=known):
            found.append(
                RenderingChange(
                    revision_id=revision_id,
                    segment_id=segment_id,
                    suggestion_id=suggestions.get((revision_id, segment_id)),
                    source_term=change.source_term[:120],
                    old=change.old[:120],
                    new=change.new[:120],
                    before=old_text,
                    after=new_text,
                )
            )
    return found


def _covered(key: Key) -> bool:
    """An approved term already approves the new rendering and forbids the old one."""
    source, old, new = key
    return any(
        new in approved and old in forbidden
        for approved, forbidden in GlossaryTerm.objects.alias(source_key=Lower("source"))
        .filter(source_key=source, status=GlossaryTerm.Status.APPROVED)
        .values_list("approved", "forbidden")
    )


def _undone() -> Exists:
    """Evidence whose revision a later revert of its entry went back past: the change did
    not stay, so it proposes nothing. Evidence already on a candidate stays there for the
    editor to read, and a revert that is itself reverted later still counts as one."""
    return Exists(
        Revision.objects.filter(
            entry_id=OuterRef("revision__entry_id"),
            kind=Revision.Kind.REVERT,
            number__gt=OuterRef("revision__number"),
            reverted_to__lt=OuterRef("revision__number"),
        )
    )


def _propose(key: Key) -> GlossaryCandidate | None:
    """Attach the change's new evidence to its open candidate, or open one when the evidence
    spans enough entries. Returns the candidate that got evidence, if any."""
    candidates = GlossaryCandidate.objects.alias(source_key=Lower("source")).filter(
        _key_filter(key)
    )
    if candidates.exclude(status=GlossaryCandidate.Status.OPEN).exists() or _covered(key):
        return None
    evidence = (
        RenderingChange.objects.alias(source_key=Lower("source_term"))
        .filter(_key_filter(key), candidate__isnull=True)
        .exclude(_undone())
    )
    candidate = candidates.filter(status=GlossaryCandidate.Status.OPEN).first()
    if candidate is None:
        if evidence.values("segment__entry_id").distinct().count() < MIN_ENTRIES:
            return None
        first = evidence.order_by("id").first()
        try:
            with transaction.atomic():
                candidate = GlossaryCandidate.objects.create(
                    source=first.source_term, old=first.old, new=first.new
                )
        except IntegrityError:
            # Another process opened it meanwhile; the unique constraint keeps one open.
            candidate = candidates.get(status=GlossaryCandidate.Status.OPEN)
        else:
            audit_record(
                action="glossary_candidate.propose",
                actor=None,
                target=candidate,
                data={"source": candidate.source, "old": candidate.old, "new": candidate.new},
            )
    attached = evidence.update(candidate=candidate)
    return candidate if attached else None


@transaction.atomic
def candidates_mine(*, revisions: Iterable[Revision] | None = None) -> list[GlossaryCandidate]:
    """Record the term changes of `revisions` (all corrections and edits when None) and
    propose the candidates their evidence now supports.

    Safe to run again over the same revisions: a change is recorded once. Returns the open
    candidates that got new evidence.
    """
    if revisions is None:
        ids = list(
            Revision.objects.filter(kind__in=MINED_KINDS)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    else:
        ids = [revision.pk for revision in revisions if revision.kind in MINED_KINDS]
    known = _known_renderings()
    keys: dict[Key, None] = {}
    for start in range(0, len(ids), MINE_CHUNK):
        found = _found_changes(ids[start : start + MINE_CHUNK], known)
        RenderingChange.objects.bulk_create(found, ignore_conflicts=True)
        keys.update(dict.fromkeys((row.source_term.lower(), row.old, row.new) for row in found))
    proposed = [_propose(key) for key in keys]
    return [candidate for candidate in proposed if candidate is not None]


def revision_mine(*, revision_id: int) -> None:
    """After a revision's commit: mine it for glossary candidates (see candidates_mine)."""
    revision = Revision.objects.filter(pk=revision_id, kind__in=MINED_KINDS).first()
    if revision is not None:
        candidates_mine(revisions=[revision])


def _with_renderings(base: list[str], first: list[str], drop: list[str]) -> list[str]:
    """`first`, then the renderings of `base` that are neither in `first` nor in `drop`."""
    return [*first, *(r for r in base if r not in first and r not in drop)]


def candidate_term(
    *,
    candidate: GlossaryCandidate,
    source: str | None = None,
    approved: list[str] | None = None,
    forbidden: list[str] | None = None,
) -> GlossaryTerm:
    """The glossary entry accepting the candidate makes, unsaved.

    The approved entry of the term is kept and given the renderings (by default, the new
    rendering approved first and the old one forbidden); its other renderings stay, except
    those the editor now approves or forbids the other way. Without an entry, a new one.
    """
    source = " ".join((source if source is not None else candidate.source).split())
    approved = [candidate.new] if approved is None else approved
    forbidden = [candidate.old] if forbidden is None else forbidden
    term = (
        GlossaryTerm.objects.alias(source_key=Lower("source"))
        .filter(source_key=Lower(Value(source)), status=GlossaryTerm.Status.APPROVED)
        .first()
    ) or GlossaryTerm(source=source, status=GlossaryTerm.Status.APPROVED)
    term.approved = _with_renderings(term.approved, approved, forbidden)
    term.forbidden = _with_renderings(term.forbidden, forbidden, approved)
    return term


def _open_candidate(candidate: GlossaryCandidate) -> GlossaryCandidate:
    candidate = GlossaryCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != GlossaryCandidate.Status.OPEN:
        raise Conflict(_("This glossary candidate has already been decided."))
    return candidate


@transaction.atomic
def candidate_accept(
    *,
    candidate: GlossaryCandidate,
    editor,
    approved: list[str] | None = None,
    forbidden: list[str] | None = None,
    source: str | None = None,
) -> GlossaryTerm:
    """Accept a candidate into the approved glossary (see candidate_term), editors only.

    The term is saved by corrections.glossary.term_save, which audits it and checks the
    published digests again after the commit.
    """
    _require_editor(editor)
    candidate = _open_candidate(candidate)
    for values in (approved, forbidden):
        if values is not None and not all(isinstance(value, str) for value in values):
            raise InvalidInput(_("Renderings must be a list of texts."))
    term = candidate_term(
        candidate=candidate, source=source, approved=approved, forbidden=forbidden
    )
    glossary.term_save(term=term, editor=editor)
    candidate.status = GlossaryCandidate.Status.ACCEPTED
    candidate.term = term
    candidate.decided_by = editor
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "term", "decided_by", "decided_at", "updated_at"])
    audit_record(
        action="glossary_candidate.accept",
        actor=editor,
        target=candidate,
        data={"approved": term.approved, "forbidden": term.forbidden},
    )
    return term


@transaction.atomic
def candidate_dismiss(*, candidate: GlossaryCandidate, editor, note: str) -> GlossaryCandidate:
    """Dismiss a candidate; the same change is not proposed again."""
    _require_editor(editor)
    candidate = _open_candidate(candidate)
    note = _clean_note(note)
    candidate.status = GlossaryCandidate.Status.DISMISSED
    candidate.note = note
    candidate.decided_by = editor
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "note", "decided_by", "decided_at", "updated_at"])
    audit_record(
        action="glossary_candidate.dismiss",
        actor=editor,
        target=candidate,
        data={"note": note} if note else {},
    )
    return candidate


def _rule(term: GlossaryTerm) -> TermRule:
    return TermRule(
        source=term.source,
        approved=tuple(term.approved),
        forbidden=tuple(term.forbidden),
        do_not_translate=term.do_not_translate,
    )


def _forbidden_uses(source: str, text: str, context: CheckContext):
    return [
        finding
        for finding in run_checks(source, text, context, only=["glossary"])
        if finding.severity == Severity.ERROR
    ]


def _particle_errors(source: str, text: str) -> int:
    return len(run_checks(source, text, CheckContext(), only=["particle"]))


def term_applied(*, term: GlossaryTerm, source: str, text: str) -> str | None:
    """`text` with every forbidden rendering of `term` replaced by its first approved one,
    as the glossary check's fix writes it (with the particle after it agreeing); None when a
    use cannot be replaced mechanically or the result would read worse."""
    context = CheckContext(glossary=(_rule(term),))
    fixed = text
    for _attempt in range(MAX_REPLACEMENTS):
        uses = _forbidden_uses(source, fixed, context)
        if not uses:
            break
        if uses[0].fix is None:
            return None
        fixed = uses[0].fix
    else:
        return None
    if fixed == text or _forbidden_uses(source, fixed, context):
        return None
    if _particle_errors(source, fixed) > _particle_errors(source, text):
        return None
    return fixed


def _published_rows(term: GlossaryTerm) -> QuerySet[SegmentText]:
    """Current texts of published sentences that may hold a forbidden rendering of `term`
    (the first word of one, so that spacing variants are found too)."""
    words = {rendering.split()[0] for rendering in term.forbidden if rendering.split()}
    if not words:
        return SegmentText.objects.none()
    contains = Q()
    for word in words:
        contains |= Q(text__icontains=word)
    # A text an editor confirmed is vouched for (and carries no findings, so the button's
    # count leaves it out too).
    confirmed = SegmentVerification.objects.filter(
        segment_id=OuterRef("segment_id"), origin_id=OuterRef("origin_id")
    )
    return (
        SegmentText.objects.filter(
            contains,
            revision_id=F("segment__entry__current_revision_id"),
            segment__retired_in__isnull=True,
            segment__source__isnull=False,
            segment__entry__digest__in=Digest.objects.published(),
        )
        .exclude(Exists(confirmed))
        .values_list("segment_id", "segment__entry_id", "segment__source")
    )


@transaction.atomic
def glossary_batch_open(*, term: GlossaryTerm, editor) -> list[Suggestion]:
    """Open one machine suggestion per published sentence whose current Korean still uses a
    forbidden rendering of the approved `term` where its English uses the term.

    Each replaces the forbidden rendering with the first approved one and waits for review
    like any other suggestion. The editor who opens the batch is its author on record; the
    machine wrote the text, so that editor may review each change too (never edit it).
    Sentences that already have an open suggestion applying the term, or an open suggestion
    of the same text, are skipped, and so are sentences whose current text an editor
    confirmed.
    """
    _require_editor(editor)
    term = GlossaryTerm.objects.get(pk=term.pk)
    if term.status != GlossaryTerm.Status.APPROVED:
        raise Conflict(_("Only an approved term can be applied to the digests."))
    if not term.forbidden or not (term.approved or term.do_not_translate):
        raise InvalidInput(_("The term has no forbidden rendering to replace."))
    by_entry: dict[int, dict[int, str]] = defaultdict(dict)
    for segment_id, entry_id, source in _published_rows(term):
        by_entry[entry_id][segment_id] = source
    note = f"{term.source} → {(term.approved or [term.source])[0]}"
    created: list[Suggestion] = []
    # Entries are locked in id order, as every writer that locks several does.
    for entry_id in sorted(by_entry):
        entry = entry_lock(entry_id=entry_id)
        sources = by_entry[entry_id]
        current = _current_texts(entry, sources)
        open_texts, applying = defaultdict(set), set()
        for segment_id, text, term_id in Suggestion.objects.filter(
            segment_id__in=list(sources), status__in=Suggestion.OPEN_STATUSES
        ).values_list("segment_id", "text", "glossary_term_id"):
            open_texts[segment_id].add(text)
            if term_id == term.pk:
                applying.add(segment_id)
        for segment_id in sorted(current):
            if segment_id in applying:
                continue
            text = term_applied(term=term, source=sources[segment_id], text=current[segment_id])
            if text is None or text in open_texts[segment_id]:
                continue
            created.append(
                Suggestion.objects.create(
                    segment_id=segment_id,
                    author=editor,
                    base_revision_id=entry.current_revision_id,
                    base_text=current[segment_id],
                    text=text,
                    note=note,
                    note_html=render_user_text(note),
                    glossary_term=term,
                )
            )
    if not created:
        raise Conflict(_("No published sentence is left to change for this term."))
    audit_record(
        action="glossary.batch_open",
        actor=editor,
        target=term,
        data={"source": term.source, "suggestions": [s.pk for s in created]},
    )
    stored_diffs([(s.base_text, s.text) for s in created])
    tallies_refresh(segment_ids=[s.segment_id for s in created])
    return created


# Reads for the glossary page.

EVIDENCE_SHOWN = 6
CANDIDATES_SHOWN = 100
# Accepted candidates are listed (with the batch that applies their term) this long.
ACCEPTED_LISTED = datetime.timedelta(days=30)


@dataclass(frozen=True)
class CandidatePage:
    open: list[GlossaryCandidate]
    # Accepted candidates whose term the checks still find broken in published sentences,
    # each with `sentences`, how many; one per term.
    accepted: list[GlossaryCandidate]


def _still_forbidden(terms: list[GlossaryTerm]) -> dict[str, int]:
    """How many published sentences the checks flag for a forbidden rendering of each term,
    leaving out those with an open suggestion that applies it; keyed by the term's source."""
    applied = Suggestion.objects.filter(
        segment_id=OuterRef("segment_id"),
        status__in=Suggestion.OPEN_STATUSES,
        glossary_term__source=OuterRef("term"),
    )
    rows = (
        MachineFinding.objects.annotate(term=KT("params__term"))
        .filter(
            check_code="glossary",
            severity=MachineFinding.Severity.ERROR,
            revision_id=F("segment__entry__current_revision_id"),
            segment__entry__digest__in=Digest.objects.published(),
            params__term__in=[term.source for term in terms],
        )
        .exclude(Exists(applied))
        .values("term")
        .annotate(sentences=Count("segment", distinct=True))
        .order_by()
    )
    return {row["term"]: row["sentences"] for row in rows}


def candidates_page() -> CandidatePage:
    """The candidates editors see on the glossary page: the open ones, newest first, with
    their first pieces of evidence and how much they have, and the recently accepted ones
    whose term is still to be applied. One query when there are none, three at most."""
    candidates = list(
        GlossaryCandidate.objects.filter(
            Q(status=GlossaryCandidate.Status.OPEN)
            | Q(
                status=GlossaryCandidate.Status.ACCEPTED,
                term__status=GlossaryTerm.Status.APPROVED,
                decided_at__gte=timezone.now() - ACCEPTED_LISTED,
            )
        )
        .select_related("term")
        .annotate(
            evidence_count=Count("evidence", distinct=True),
            entry_count=Count("evidence__segment__entry", distinct=True),
        )
        .order_by("-created_at", "-id")[:CANDIDATES_SHOWN]
    )
    open_ones = [c for c in candidates if c.status == GlossaryCandidate.Status.OPEN]
    accepted = [c for c in candidates if c.status == GlossaryCandidate.Status.ACCEPTED]
    evidence = RenderingChange.objects.select_related("segment__entry__digest").order_by(
        "segment__entry__digest__period_start", "segment__entry__position", "id"
    )
    prefetch_related_objects(
        open_ones,
        Prefetch("evidence", queryset=evidence[:EVIDENCE_SHOWN], to_attr="evidence_shown"),
    )
    counts = _still_forbidden([c.term for c in accepted]) if accepted else {}
    listed, seen = [], set()
    for candidate in sorted(accepted, key=lambda c: c.decided_at, reverse=True):
        candidate.sentences = counts.get(candidate.term.source, 0)
        if candidate.sentences and candidate.term_id not in seen:
            seen.add(candidate.term_id)
            listed.append(candidate)
    return CandidatePage(open=open_ones, accepted=listed)

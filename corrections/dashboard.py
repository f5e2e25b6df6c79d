"""Reads for the translation-quality dashboard: how much of the published text people have
corrected and checked, what readers flag, what the checks find, how long fixes take and who
contributes, per digest and over the recent digests.

Every figure comes from a grouped query over the window's digests (one query per kind of
figure), so the pages run the same number of queries for one digest and for fifty-two.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef
from django.http import Http404

from accounts.models import User
from digest.models import Digest, Provenance, SegmentText, SegmentVerification
from digest.selectors import CORRECTING_KINDS, provenance_of

from .finding_text import CHECK_NAMES
from .models import Flag, MachineFinding, RenderingChange, Suggestion

# The dashboard covers the newest published digests: a year of weekly issues.
WINDOW = 52
TOP_CONTRIBUTORS = 10
TOP_TERMS = 15
SEVERITIES = [
    MachineFinding.Severity.ERROR,
    MachineFinding.Severity.WARNING,
    MachineFinding.Severity.INFO,
]


def _percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks of sorted `values` (not empty)."""
    position = fraction * (len(values) - 1)
    lower = int(position)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


@dataclass
class FixTimes:
    """Hours from a flag to the correction that resolved it."""

    hours: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.hours)

    @property
    def median_hours(self) -> float | None:
        return statistics.median(self.hours) if self.hours else None

    @property
    def p90_hours(self) -> float | None:
        return _percentile(sorted(self.hours), 0.9) if self.hours else None


@dataclass
class DigestRow:
    digest: Digest
    sentences: int = 0
    corrected: int = 0
    verified: int = 0
    open_flags: int = 0
    closed_flags: int = 0
    findings: int = 0
    accepted: int = 0
    contributors: int = 0
    fixes: FixTimes = field(default_factory=FixTimes)

    @property
    def corrected_percent(self) -> float:
        return 100 * self.corrected / self.sentences if self.sentences else 0.0

    @property
    def verified_percent(self) -> float:
        return 100 * self.verified / self.sentences if self.sentences else 0.0


@dataclass
class CategoryRow:
    """One category (a flag reason, a check) with a count for each of its parts."""

    code: str
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Contributor:
    user: User
    accepted: int


@dataclass(frozen=True)
class TermRow:
    source_term: str
    old: str
    new: str
    count: int


@dataclass
class Dashboard:
    digests: list[DigestRow]  # in publication order, oldest first
    choices: list[Digest]  # the window's digests, newest first, for the digest filter
    selected: Digest | None
    flags: list[CategoryRow]  # counts "open" and "closed"
    contributors: list[Contributor]  # everyone whose suggestion was accepted, most first
    findings: list[CategoryRow] = field(default_factory=list)  # counts by severity
    fixes: FixTimes = field(default_factory=FixTimes)
    terms: list[TermRow] = field(default_factory=list)

    @property
    def sentences(self) -> int:
        return sum(row.sentences for row in self.digests)

    @property
    def corrected(self) -> int:
        return sum(row.corrected for row in self.digests)

    @property
    def verified(self) -> int:
        return sum(row.verified for row in self.digests)

    @property
    def corrected_percent(self) -> float:
        return 100 * self.corrected / self.sentences if self.sentences else 0.0

    @property
    def verified_percent(self) -> float:
        return 100 * self.verified / self.sentences if self.sentences else 0.0

    @property
    def top_contributors(self) -> list[Contributor]:
        return self.contributors[:TOP_CONTRIBUTORS]


def _window(digest_id: int | None) -> tuple[list[Digest], list[Digest]]:
    """(the window's digests newest first, the digests the figures cover)."""
    choices = list(
        Digest.objects.published()
        .only("id", "slug", "title", "period_start")
        .order_by("-period_start", "-id")[:WINDOW]
    )
    if digest_id is None:
        return choices, choices
    chosen = [digest for digest in choices if digest.pk == digest_id]
    if not chosen:
        raise Http404("No such digest among the recent ones.")
    return choices, chosen


def _count_sentences(rows: dict[int, DigestRow]) -> None:
    """Current sentences by where their text comes from, as the reading pages mark them."""
    current = (
        SegmentText.objects.filter(
            revision_id=F("segment__entry__current_revision_id"),
            segment__retired_in__isnull=True,
            segment__entry__digest_id__in=list(rows),
        )
        .annotate(
            verified=Exists(
                SegmentVerification.objects.filter(
                    segment_id=OuterRef("segment_id"), origin_id=OuterRef("origin_id")
                )
            )
        )
        .values_list("segment__entry__digest_id", "origin__kind", "verified")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for digest_id, origin_kind, verified, n in current:
        row = rows[digest_id]
        row.sentences += n
        # A text a person wrote and an editor then confirmed counts as corrected and as
        # verified; provenance_of alone would show it only as verified.
        if provenance_of(origin_kind=origin_kind, verified=False) == Provenance.EDITED:
            row.corrected += n
        if verified:
            row.verified += n


def _count_flags(rows: dict[int, DigestRow]) -> list[CategoryRow]:
    by_reason = {
        reason: CategoryRow(code=reason, label=str(label), counts={"open": 0, "closed": 0})
        for reason, label in Flag.Reason.choices
    }
    grouped = (
        Flag.objects.filter(segment__entry__digest_id__in=list(rows))
        .values_list("segment__entry__digest_id", "reason", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for digest_id, reason, status, n in grouped:
        part = "open" if status == Flag.Status.OPEN else "closed"
        by_reason[reason].counts[part] += n
        if part == "open":
            rows[digest_id].open_flags += n
        else:
            rows[digest_id].closed_flags += n
    return list(by_reason.values())


def _fix_times(rows: dict[int, DigestRow]) -> FixTimes:
    """Flags resolved by a correction (not by a re-import that replaced their sentence):
    hours from the flag to its closing. The percentiles are taken here rather than in SQL,
    which SQLite cannot do."""
    overall = FixTimes()
    resolved = Flag.objects.filter(
        segment__entry__digest_id__in=list(rows),
        status=Flag.Status.RESOLVED,
        resolved_by__kind__in=CORRECTING_KINDS,
        closed_at__isnull=False,
    ).values_list("segment__entry__digest_id", "created_at", "closed_at")
    for digest_id, created_at, closed_at in resolved.order_by():
        hours = max(closed_at - created_at, datetime.timedelta()).total_seconds() / 3600
        rows[digest_id].fixes.hours.append(hours)
        overall.hours.append(hours)
    return overall


def _count_findings(rows: dict[int, DigestRow]) -> list[CategoryRow]:
    """The current findings (those on each entry's current revision) by check and severity."""
    grouped = (
        MachineFinding.objects.filter(
            revision_id=F("segment__entry__current_revision_id"),
            segment__retired_in__isnull=True,
            segment__entry__digest_id__in=list(rows),
        )
        .values_list("segment__entry__digest_id", "check_code", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_check: dict[str, CategoryRow] = {}
    for digest_id, code, severity, n in grouped:
        rows[digest_id].findings += n
        row = by_check.setdefault(
            code,
            CategoryRow(
                code=code,
                label=str(CHECK_NAMES.get(code, code)),
                counts=dict.fromkeys(SEVERITIES, 0),
            ),
        )
        row.counts[severity] += n
    order = list(CHECK_NAMES)
    return sorted(
        by_check.values(),
        key=lambda row: (-row.total, order.index(row.code) if row.code in order else len(order)),
    )


def _accepted(rows: dict[int, DigestRow]):
    """People's accepted suggestions: a glossary batch's text is the machine's."""
    return Suggestion.objects.filter(
        status=Suggestion.Status.ACCEPTED,
        segment__entry__digest_id__in=list(rows),
        glossary_term__isnull=True,
    )


def _count_contributions(rows: dict[int, DigestRow]) -> list[Contributor]:
    per_digest = (
        _accepted(rows)
        .values_list("segment__entry__digest_id")
        .annotate(accepted=Count("pk"), people=Count("author_id", distinct=True))
        .order_by()
    )
    for digest_id, accepted, people in per_digest:
        rows[digest_id].accepted = accepted
        rows[digest_id].contributors = people
    # Filtering before annotating makes the count cover only the filtered suggestions. A
    # closed account is counted in each digest's figure but not named: its contributions
    # page is gone.
    people = (
        User.objects.filter(
            is_active=True,
            suggestions__status=Suggestion.Status.ACCEPTED,
            suggestions__segment__entry__digest_id__in=list(rows),
            suggestions__glossary_term__isnull=True,
        )
        .annotate(accepted=Count("suggestions"))
        .order_by("-accepted", "display_name", "pk")
    )
    return [Contributor(user=person, accepted=person.accepted) for person in people]


def _term_rows(rows: dict[int, DigestRow]) -> list[TermRow]:
    """The renderings of English terms that published changes replaced, most often first:
    the rendering changes the glossary candidates are mined from, counted in one query."""
    changes = (
        RenderingChange.objects.filter(segment__entry__digest_id__in=list(rows))
        .values_list("source_term", "old", "new")
        .annotate(n=Count("pk"))
        .order_by("-n", "source_term", "old", "new")[:TOP_TERMS]
    )
    return [TermRow(source_term=term, old=old, new=new, count=n) for term, old, new, n in changes]


def quality_dashboard(*, digest_id: int | None = None, editor: bool = False) -> Dashboard:
    """The dashboard's figures for the window's published digests, or for one of them.

    Readers get the sentences, flags and contributors; editors also the automatic findings,
    the time from flag to fix and the most corrected terms. Raises Http404 for a digest
    that is not among the window's published digests.
    """
    choices, covered = _window(digest_id)
    rows = {digest.pk: DigestRow(digest=digest) for digest in reversed(covered)}
    _count_sentences(rows)
    dashboard = Dashboard(
        digests=list(rows.values()),
        choices=choices,
        selected=covered[0] if digest_id is not None else None,
        flags=_count_flags(rows),
        contributors=_count_contributions(rows),
    )
    if editor:
        dashboard.findings = _count_findings(rows)
        dashboard.fixes = _fix_times(rows)
        dashboard.terms = _term_rows(rows)
    return dashboard

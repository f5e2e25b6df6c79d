"""The ``numbers`` check: every quantity of the source is in the target, and back.

Both texts are read into normalised quantities (see :mod:`extract`), which
are then matched as multisets: "8B" matches "80억", "10 million" matches
"천만", "two decades" matches "20년". Names that carry digits ("Llama 3.1",
"GPT-4o", "Mistral 8x22B") are not quantities; they are compared as text.

Severities, chosen so that editors can trust the check:

* ``error`` — a source quantity is missing and the target has an unmatched
  quantity of the same kind in its place ("8B" against "8억"). A wrong value
  is almost always a real mistake, and the finding points at it.
* ``warning`` — a source quantity has no counterpart at all (an omission,
  which a free but correct translation sometimes makes), a target quantity
  has no source (an addition, or a form the reader does not know), percent
  and percentage points are confused, or a name's digits are missing.

Weak readings ("one", "하나", "first", "두 모델") are optional: they can
match but are never reported, since they are numbers in meaning only now
and then. When unsure, the check stays silent.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from corrections.checks.base import CheckContext, Finding, Severity
from corrections.checks.extract import Extraction, extract
from corrections.checks.quantity import (
    Kind,
    NameToken,
    Quantity,
    describe,
    normalise_name,
)

CODE = "numbers"

_PERCENT_KINDS = frozenset({Kind.PERCENT, Kind.POINTS})


def _same_kind(source: Quantity, target: Quantity) -> bool:
    """Tell whether two quantities measure the same thing."""
    return source.kind is target.kind


def _compatible(source: Quantity, target: Quantity) -> bool:
    """Tell whether two quantities of different kinds may still be one.

    A bare "2048" reads as a year but may be a count; "3 times" may be a
    multiplier or a repetition ("세 번"); "3 points" may be percentage points
    or a score.
    """
    if source.kind is target.kind:
        return True
    if {source.kind, target.kind} == {Kind.YEAR, Kind.PLAIN}:
        return True
    return target.kind in source.alt_kinds or source.kind in target.alt_kinds


@dataclass
class _Matcher:
    """The state of the matching: what is still unmatched on each side."""

    source: list[Quantity]
    target: list[Quantity]

    def match_equal(self, fits: Callable[[Quantity, Quantity], bool]) -> None:
        """Pair quantities of equal value whose kinds satisfy ``fits``.

        Firm source quantities go first, and firm target quantities are
        preferred, so that an optional "one" cannot take the "1" that a firm
        quantity needs.
        """
        for source in sorted(self.source, key=lambda q: q.optional):
            candidates = [
                target
                for target in self.target
                if target.value == source.value and fits(source, target)
            ]
            if candidates:
                chosen = min(candidates, key=lambda q: (q.optional, q.span))
                self.source.remove(source)
                self.target.remove(chosen)

    def drop_name_parts(
        self, source_names: Iterable[NameToken], target_names: Iterable[NameToken]
    ) -> None:
        """Drop quantities that are the digits of a name on the other side.

        A transliterated "라마 3.1" leaves a bare "3.1" in the target that
        belongs to the source name "Llama 3.1"; likewise "Llama-3.1-70B" in
        the source explains a "70B" in the target.
        """
        source_parts = {part for name in source_names for part in name.parts}
        target_parts = {part for name in target_names for part in name.parts}
        self.target = [q for q in self.target if normalise_name(q.text) not in source_parts]
        self.source = [q for q in self.source if normalise_name(q.text) not in target_parts]


def _distance(source: Quantity, target: Quantity) -> float:
    """How far apart two values are, on a logarithmic scale."""
    low = min(source.value, target.value)
    high = max(source.value, target.value)
    if low <= 0:
        return math.inf if high > 0 else 0.0
    return math.log10(high / low)


def _mismatch(source: Quantity, target: Quantity) -> Finding:
    """The error for a source quantity that the target renders with another value."""
    return Finding(
        CODE,
        Severity.ERROR,
        f"source {describe(source)} has no match; target has {describe(target)}",
        target.span,
    )


def _pair_mismatches(matcher: _Matcher) -> list[Finding]:
    """Pair each unmatched source quantity with the nearest wrong target value.

    The nearest pair of the same kind is taken first, then a pair of equal
    value but different kind ("10%" written as "10배").
    """
    findings: list[Finding] = []
    firm_sources = [q for q in matcher.source if not q.optional]
    candidates = [
        (_distance(s, t), s.span, t.span, s, t)
        for s in firm_sources
        for t in matcher.target
        if t.pairable and _compatible(s, t)
    ]
    candidates += [
        (math.inf, s.span, t.span, s, t)
        for s in firm_sources
        for t in matcher.target
        if t.pairable and t.value == s.value and not _compatible(s, t)
    ]
    for *_, source, target in sorted(candidates, key=lambda c: c[:3]):
        if source in matcher.source and target in matcher.target:
            if {source.kind, target.kind} == _PERCENT_KINDS and source.value == target.value:
                findings.append(_percent_confusion(source, target))
            else:
                findings.append(_mismatch(source, target))
            matcher.source.remove(source)
            matcher.target.remove(target)
    return findings


def _percent_confusion(source: Quantity, target: Quantity) -> Finding:
    """The warning for "3 percentage points" rendered as "3%", or the reverse."""
    return Finding(
        CODE,
        Severity.WARNING,
        f"source {describe(source)} is written as {describe(target)} in the target; "
        "percent and percentage points differ",
        target.span,
    )


def _leftovers(matcher: _Matcher) -> list[Finding]:
    """Report firm quantities that are left on either side."""
    findings = [
        Finding(
            CODE,
            Severity.WARNING,
            f"source {describe(q)} has no match; target has no such quantity",
            None,
        )
        for q in matcher.source
        if not q.optional
    ]
    findings += [
        Finding(CODE, Severity.WARNING, f"target {describe(q)} has no match in the source", q.span)
        for q in matcher.target
        if not q.optional
    ]
    return findings


def _digits_present(name: NameToken, target: Extraction, target_text: str) -> bool:
    """Tell whether every digit run of ``name`` occurs as a number in the target."""
    written = {q.text for q in target.quantities}
    written |= {part for other in target.names for part in other.digits}
    padded = f" {target_text} "
    return all(
        run in written
        or any(
            not padded[i - 1].isdigit() and not padded[i + len(run)].isdigit()
            for i in _occurrences(padded, run)
        )
        for run in name.digits
    )


def _occurrences(text: str, needle: str) -> Iterable[int]:
    """Yield the start of every occurrence of ``needle`` in ``text``."""
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)


def _check_names(source: Extraction, target: Extraction, target_text: str) -> list[Finding]:
    """Warn about source names whose digits the target lost or changed.

    A name may occur fewer times in the target (a translation says "이 모델"
    instead of repeating it); that is only reported when the target holds a
    differently numbered name of the same stem ("Llama 3" for "Llama 3.1"),
    or when the name and its digits are missing altogether.
    """
    findings: list[Finding] = []
    target_norm = normalise_name(target_text)
    counts = Counter(name.norm for name in source.names)
    firsts = {name.norm: name for name in reversed(source.names)}
    for norm, count in counts.items():
        present = target_norm.count(norm)
        if present >= count:
            continue
        name = firsts[norm]
        variants = [
            other
            for other in target.names
            if name.stem and other.stem == name.stem and other.norm not in counts
        ]
        if variants:
            findings.append(
                Finding(
                    CODE,
                    Severity.WARNING,
                    f"source name {name.text} appears as {variants[0].text} in the target",
                    variants[0].span,
                )
            )
        elif not present and not _digits_present(name, target, target_text):
            findings.append(
                Finding(
                    CODE,
                    Severity.WARNING,
                    f"source name {name.text} is missing from the target; "
                    f"its digits {', '.join(name.digits)} do not appear",
                    None,
                )
            )
    return findings


def check_numbers(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Compare the quantities and digit-bearing names of ``source`` and ``target``."""
    del context  # The check needs no digest-wide knowledge.
    source_read = extract(source, "en")
    target_read = extract(target, "ko")
    matcher = _Matcher(list(source_read.quantities), list(target_read.quantities))
    matcher.match_equal(_same_kind)
    matcher.match_equal(_compatible)
    matcher.drop_name_parts(source_read.names, target_read.names)
    findings = _pair_mismatches(matcher)
    findings += _leftovers(matcher)
    findings += _check_names(source_read, target_read, target)
    return sorted(findings, key=_finding_order)


def _finding_order(finding: Finding) -> tuple[int, int]:
    """Order findings by their place in the target; those without one go last."""
    return (finding.span[0], finding.span[1]) if finding.span else (1 << 30, 0)

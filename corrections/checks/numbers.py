"""The ``numbers`` check: every quantity of the source is in the target, and back.

Both texts are read into normalised quantities (see :mod:`extract`), which
are then matched as multisets: "8B" matches "80억", "10 million" matches
"천만", "two decades" matches "20년", "1.5 hours" matches "90분", "a quarter"
matches "4분의 1" and "25%", "thousands of" matches "수천". Names that carry
digits ("Llama 3.1", "GPT-4o", "Mistral 8x22B") are not quantities; they are
compared as text.

Severities, chosen so that editors can trust the check:

* ``error`` — almost surely wrong: a source quantity has another value, unit
  or order of magnitude in the target ("8B" against "8억", "40 ms" against
  "40초", "millions" against "수십억"), a quantity written with digits is
  missing, two values are swapped between the things they describe, a share
  is turned into a reduction ("70% of the size" as "70% 작은"), or a name is
  renumbered ("Llama-3-8B" as "Llama-3-70B"), a lower bound becomes an upper
  one ("over 70%" as "70% 미만", "nearly 100" as "100개 이상"), a rise becomes a
  fall ("increases by 15%" as "15% 감소", unless a comparison is restated from
  its other side), a rate changes its span of time or stops being a rate
  ("per second" as "분당"), a part of the year moves ("late 2022" as "2022년
  초"), the start of a change is made its end, a rank becomes a count ("the
  third layer" as "세 개 레이어"), a cap on a count takes in or leaves out its
  edge ("fewer than 50" as "50개 이하"), "the top 3" is narrowed to the one rank
  "3위", a rough figure is made exact in words ("about 60%" as "정확히 60%") or
  an exact one rough, or the target adds a figure in digits to the source's own
  figures.
* ``warning`` — plausible but suspicious: a quantity in words is missing,
  the target adds a quantity to a sentence without figures or in words, an
  exact figure is made vague ("2,400" as "수천"), percent and percentage
  points are confused, or a name and its digits are missing.

Weak readings ("one", "하나", "the first step", "half") can match but are
never reported as missing, since they are numbers in meaning only now and
then. When unsure, the check stays silent.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import lru_cache
from itertools import combinations, pairwise

from corrections.checks.base import CheckContext, Finding, Severity, gettext_noop
from corrections.checks.digits import read_sense
from corrections.checks.extract import Extraction, extract
from corrections.checks.korean import FOLLOW_OK, MANY
from corrections.checks.quantity import (
    UNITS,
    Kind,
    NameToken,
    Quantity,
    describe,
    format_number,
    format_value,
    korean_form,
    normalise_name,
)

CODE = "numbers"

_PERCENT_KINDS = frozenset({Kind.PERCENT, Kind.POINTS})
# Time conversions round: a month is 30 or 31 days, a year 365 or 366.
_TIME_TOLERANCE = Fraction(3, 100)
# Dimensions whose units convert into one another: "1.5 h" is "90분", "16 kHz" "16,000Hz".
_CONVERTIBLE = frozenset({"time", "data", "length", "frequency", "energy", "power", "mass"})

MISMATCH = gettext_noop("source %(source)s has no match; target has %(target)s")
WHY_MAGNITUDE = gettext_noop("%(source_text)s is %(source_number)s, which is %(korean)s in Korean.")
WHY_CHANGED = gettext_noop(
    "The number differs: the source says %(source_number)s, the target %(target_number)s."
)
WHY_KIND = gettext_noop(
    "The value is kept but what it measures differs: %(source_number)s against %(target_number)s."
)
WHY_APPROX = gettext_noop(
    "%(source_text)s is in the order of %(source_number)s, "
    "but %(target_text)s is in the order of %(target_number)s."
)
WHY_ORDINAL = gettext_noop(
    "%(source_text)s and %(target_text)s differ in kind: one gives a place in an order, "
    "the other counts how many."
)
UNIT_CHANGED = gettext_noop("source %(source)s is %(target)s in the target; the unit changed")
WHY_UNIT = gettext_noop(
    "The number is kept but the unit is not: %(source_text)s would be %(converted)s."
)
INVERTED = gettext_noop("source %(source)s is %(target)s in the target; the change is reversed")
WHY_INVERTED = gettext_noop(
    "A share of %(share)s%% is a reduction of %(reduction)s%%; "
    "keeping the number reverses the meaning."
)
WHY_OPPOSITE = gettext_noop(
    "%(source_text)s and %(target_text)s go opposite ways: one multiplies, the other divides."
)
WHY_TAKEN_OR_LEFT = gettext_noop(
    "%(taken)s is the part taken away and %(left)s the part that is left; with the same "
    "number they say opposite things."
)
APPROX_TO_EXACT = gettext_noop("source %(source)s is the exact figure %(target)s in the target")
WHY_APPROX_TO_EXACT = gettext_noop(
    "The source gives only a rough amount; the translation states a precise number it "
    "does not have."
)
EXACT_TO_APPROX = gettext_noop("source %(source)s is only %(target)s in the target")
WHY_EXACT_TO_APPROX = gettext_noop(
    "%(target_text)s is a rough amount; the source gives the exact figure %(source_number)s."
)
POINTS_CONFUSED = gettext_noop(
    "source %(source)s is written as %(target)s in the target; percent and percentage points differ"
)
WHY_POINTS = gettext_noop(
    "A change of %(number)s percentage points is not a change of %(number)s%%."
)
GAP_AS_PERCENT = gettext_noop(
    "target %(target)s is the gap between %(first)s and %(second)s, which is counted in "
    "percentage points"
)
WHY_GAP = gettext_noop(
    "The gap between %(first_text)s and %(second_text)s is %(number)s percentage points "
    "(%(number)s%%p); a change of %(number)s%% would be relative to one of them."
)
DROPPED = gettext_noop("source %(source)s has no match; target has no such quantity")
WHY_DROPPED = gettext_noop(
    "Every quantity of the source should be in the translation, converted where needed."
)
WHY_DROPPED_MAGNITUDE = gettext_noop(
    "%(source_text)s is %(korean)s in Korean, and the target does not have it."
)
ADDED = gettext_noop("target %(target)s has no match in the source")
WHY_ADDED = gettext_noop("The translation states a quantity that the source does not give.")
SWAPPED = gettext_noop("source %(first)s and %(second)s are swapped in the target")
WHY_SWAPPED = gettext_noop(
    "In the source %(first_text)s goes with %(first_anchor)s and %(second_text)s with "
    "%(second_anchor)s; the target pairs them the other way round."
)
WHY_REVERSED = gettext_noop(
    "The source goes from %(first_text)s to %(second_text)s; the target goes the other way."
)
BOUND_REVERSED = gettext_noop(
    "source %(source)s is %(target)s in the target; the bound is reversed"
)
WHY_BOUND = gettext_noop(
    "The source says %(source_bound)s %(source_text)s and the target %(target_text)s "
    "%(target_bound)s: one is a lower bound, the other an upper bound."
)
BOUND_INCLUDED = gettext_noop(
    "source %(source)s is %(target)s in the target; the figure itself is now included"
)
BOUND_EXCLUDED = gettext_noop(
    "source %(source)s is %(target)s in the target; the figure itself is now left out"
)
WHY_EDGE = gettext_noop(
    "The source says %(source_bound)s %(source_text)s and the target %(target_text)s "
    "%(target_bound)s: one takes in the figure itself, the other stops short of it."
)
WHY_NEAR = gettext_noop(
    "The source says %(source_bound)s %(source_text)s and the target %(target_text)s "
    "%(target_bound)s: one stays just short of the figure, the other reaches or passes it."
)
WHY_DIRECTION = gettext_noop(
    "The source says %(source_word)s and the target %(target_word)s: one goes up, the other down."
)
WHY_COMPARISON = gettext_noop(
    "Both compare with the same thing, but the source says %(source_word)s and the target "
    "%(target_word)s."
)
WHY_COMPARISON_TURNED = gettext_noop(
    "The target compares from the other side, so %(source_word)s should turn round; "
    "%(target_word)s keeps the source's direction and reverses the comparison."
)
RATE_CHANGED = gettext_noop(
    "source rate %(source)s is %(target)s in the target; the span of time differs"
)
WHY_RATE = gettext_noop(
    "%(source)s and %(target)s divide by different spans of time, so the same figure is "
    "a different rate."
)
RATE_LOST = gettext_noop("source %(source)s %(per)s is no longer a rate in the target")
WHY_RATE_LOST = gettext_noop(
    "The source counts %(source_text)s %(per)s; the target does not divide "
    "%(target_text)s by any span of time."
)
WHY_PER_LOST = gettext_noop(
    "The source gives %(source_text)s %(per)s; the target states %(target_text)s as a whole "
    "amount, with no 당, 마다 or 별."
)
PERIOD_CHANGED = gettext_noop(
    "source %(source)s is %(target)s in the target; the part of the year differs"
)
WHY_PERIOD = gettext_noop(
    "The source says %(source_period)s %(source_text)s and the target %(target_text)s "
    "%(target_period)s: the two parts of the year do not overlap."
)
ENDS_CONFUSED = gettext_noop(
    "source %(source)s is %(target)s in the target; the start and the end of the change "
    "are confused"
)
WHY_RESPECTIVELY = gettext_noop(
    "The source lists its figures in the order of its items (\"respectively\"); the target "
    "gives %(first_text)s to the item of %(second_text)s."
)
OTHER_END = gettext_noop(
    "source %(source)s is %(target)s in the target; it is counted from the other end"
)
WHY_FIRST_LAST = gettext_noop(
    "The source takes the first %(source_text)s; the target takes the last %(target_text)s."
)
WHY_LAST_FIRST = gettext_noop(
    "The source takes the last %(source_text)s; the target takes the first %(target_text)s."
)
WHY_TO_FROM = gettext_noop(
    "In the source the change ends at %(source_text)s; in the target it starts from "
    "%(target_text)s."
)
WHY_FROM_TO = gettext_noop(
    "In the source the change starts from %(source_text)s; in the target it ends at "
    "%(target_text)s."
)
AMOUNT_OR_END = gettext_noop(
    "source %(source)s is %(target)s in the target; the size of the change and where it "
    "ends are confused"
)
WHY_BY_TO = gettext_noop(
    "In the source the figure changes by %(source_text)s; in the target it changes to "
    '%(target_text)s ("…로"), which is another amount.'
)
WHY_TO_BY = gettext_noop(
    "In the source the figure changes to %(source_text)s; in the target it changes by "
    "%(target_text)s, which is another amount."
)
WHY_PART_WHOLE = gettext_noop(
    "In the source %(first_text)s is a part of %(second_text)s; the target takes "
    "%(second_text)s out of %(first_text)s."
)
TOP_NARROWED = gettext_noop(
    "source %(source)s is %(target)s in the target; a place among the top is now one exact rank"
)
WHY_TOP = gettext_noop(
    "%(source_text)s takes in every place up to %(source_number)s; %(target_text)s names "
    "only that one place."
)
NOUN_CHANGED = gettext_noop(
    "source %(source)s counts %(source_noun)s; %(target)s in the target counts %(target_noun)s"
)
WHY_NOUN_CHANGED = gettext_noop(
    "The figure is kept but what it counts is not: %(source_noun)s and %(target_noun)s are "
    "different things."
)
PER_CHANGED = gettext_noop("source rate per %(source_noun)s is per %(target_noun)s in the target")
WHY_PER_CHANGED = gettext_noop(
    "A rate keeps what it divides by: a figure per %(source_noun)s is not the same figure "
    "per %(target_noun)s."
)
COMPARED_WRONG_WAY = gettext_noop(
    "the target compares %(first)s with %(second)s the wrong way round"
)
WHY_NOT_HIGHER = gettext_noop(
    "%(first)s is less than %(second)s, yet the target says it is higher or more."
)
WHY_NOT_LOWER = gettext_noop(
    "%(first)s is more than %(second)s, yet the target says it is lower or less."
)
WHY_TIME_NOT_SPEED = gettext_noop(
    "%(source_text)s faster takes 1/%(source_number)s of the time; the target multiplies the "
    "time by %(target_number)s instead."
)
SHARE_OR_TOTAL = gettext_noop(
    "source %(source)s is %(target)s in the target; an amount for each is confused with a total"
)
WHY_EACH_TOTAL = gettext_noop(
    "In the source %(source_text)s is for each one of several; the target makes "
    "%(target_text)s their total."
)
WHY_TOTAL_EACH = gettext_noop(
    "In the source %(source_text)s is a total; the target gives %(target_text)s to each one."
)
TOP_TURNED = gettext_noop(
    "source %(source)s is %(target)s in the target; the places are counted from the other end"
)
WHY_TOP_TURNED = gettext_noop(
    "%(source_text)s and %(target_text)s name opposite ends of a ranking: the best places "
    "and the worst."
)
NAME_CHANGED = gettext_noop("source name %(source)s appears as %(target)s in the target")
WHY_NAME_CHANGED = gettext_noop(
    "Names with digits are copied as written: %(source)s and %(target)s are different "
    "models or versions."
)
NAME_MISSING = gettext_noop(
    "source name %(name)s is missing from the target; its digits %(digits)s do not appear"
)
WHY_NAME_MISSING = gettext_noop(
    "A name that carries digits is copied as written, or at least keeps its digits."
)


def _finding(
    severity: Severity,
    message: str,
    span: tuple[int, int] | None,
    why: str,
    params: Mapping[str, str],
) -> Finding:
    return Finding(CODE, severity, message, span, params=dict(params), why=why)


# Matching --------------------------------------------------------------------


def _compatible(source: Quantity, target: Quantity) -> bool:
    """Tell whether two quantities of different kinds may still be one.

    A bare "2048" reads as a year but may be a count; "3 times" may be a
    multiplier or a repetition ("세 번"); "3 points" may be percentage points
    or a score.
    """
    if source.kind is target.kind:
        return True
    if _rank_against_count(source, target):
        return False
    if {source.kind, target.kind} == {Kind.YEAR, Kind.PLAIN}:
        return True
    return target.kind in source.alt_kinds or source.kind in target.alt_kinds


def _rank_against_count(source: Quantity, target: Quantity) -> bool:
    """Tell whether one is a rank ("the second stage") and the other counts things ("두 단계")."""
    ordinal, other = (source, target) if source.kind is Kind.ORDINAL else (target, source)
    return ordinal.kind is Kind.ORDINAL and other.kind is Kind.PLAIN and other.unit == "count"


def _units_agree(source: Quantity, target: Quantity) -> bool:
    """Tell whether two equal numbers may carry their units: one has none, or both the same.

    A Korean counter ("4,096개") agrees with any counted noun ("4,096 tokens").
    """
    if source.unit is None or target.unit is None or source.unit == target.unit:
        return True
    return {source.dimension, target.dimension} == {"count", "text"}


_OPPOSITE_SENSES = ({"share", "reduction"}, {"more", "less"})


def _senses_agree(source: Quantity, target: Quantity) -> bool:
    """Only a share against a reduction is a clear contradiction.

    A rise against a fall is not: "40% faster" is often rendered "40% 단축" (the time
    shrinks), which an editor accepts. For factors, "3x fewer" against "3배 많은" is.
    """
    return {source.sense, target.sense} not in _OPPOSITE_SENSES


# Currencies do not convert into one another, but a dollar's cents are a part of it.
_ONE_CURRENCY = frozenset({"USD", "¢"})


def _same_amount(source: Quantity, target: Quantity) -> bool:
    """Tell whether two quantities in different units are one amount ("1.5 h" and "90분")."""
    if not (source.unit and target.unit) or source.dimension != target.dimension:
        return False
    if {source.unit, target.unit} == _ONE_CURRENCY:
        return source.base() == target.base()
    if source.dimension not in _CONVERTIBLE:
        return False
    if source.unit == target.unit:
        return False
    if source.dimension == "time":
        low, high = sorted((source.base(), target.base()))
        return high - low <= high * _TIME_TOLERANCE
    return source.base() == target.base() or source.base(binary=True) == target.base(binary=True)


def _ratio(quantity: Quantity) -> Fraction | None:
    """The value of a share as a plain ratio: "25%", "4분의 1" and "0.25" are all 1/4."""
    if quantity.kind is Kind.FRACTION:
        return quantity.value
    if quantity.kind is Kind.PERCENT:
        return quantity.value / 100
    if quantity.kind is Kind.PLAIN and quantity.scale == 1 and 0 < quantity.value < 1:
        return quantity.value
    return None


def _equivalent(source: Quantity, target: Quantity) -> bool:
    """Tell whether two quantities say the same in other words.

    "a quarter" is "25%", "3x fewer" is "3분의 1", and "70% of the size" is "30% 작은".
    """
    if Kind.FRACTION in (source.kind, target.kind):
        ratio_source, ratio_target = _ratio(source), _ratio(target)
        if (
            ratio_source is not None
            and ratio_target is not None
            and {source.sense, target.sense} == {"share", "reduction"}
        ):
            # "by a third" leaves two thirds: "3분의 2로" says the same, "3분의 1로" does not.
            ratio_target = 1 - ratio_target
        if ratio_source is not None and ratio_target is not None:
            # "two-thirds" is also written "약 67%": a percentage may round the share.
            if ratio_source == ratio_target:
                return True
            percent = source if source.kind is Kind.PERCENT else target
            if percent.kind is Kind.PERCENT and abs(ratio_source - ratio_target) * 100 <= 0.5:
                return True
    if (target.kind, target.value) in source.equivalents:
        return True
    if (source.kind, source.value) in target.equivalents:
        return True
    return (
        source.kind is target.kind is Kind.PERCENT
        and None not in (source.sense, target.sense)
        and source.sense != target.sense
        and source.value + target.value == 100
    )


@dataclass
class _Matcher:
    """The state of the matching: what is still unmatched on each side."""

    source: list[Quantity]
    target: list[Quantity]
    pairs: list[tuple[Quantity, Quantity]] = field(default_factory=list)
    # "5 out of 8" paired with the two numbers of "8개 중 5개": (source, part, whole).
    split: list[tuple[Quantity, Quantity, Quantity]] = field(default_factory=list)

    def match(self, fits: Callable[[Quantity, Quantity], bool]) -> None:
        """Pair quantities for which ``fits`` holds.

        Firm source quantities go first, and firm target quantities are
        preferred, so that an optional "one" cannot take the "1" that a firm
        quantity needs.
        """
        for source in sorted(self.source, key=lambda q: q.optional):
            candidates = [target for target in self.target if fits(source, target)]
            if candidates:
                chosen = min(candidates, key=lambda q: (q.optional, q.span))
                self.source.remove(source)
                self.target.remove(chosen)
                self.pairs.append((source, chosen))

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
        # A part that both sides write inside a name ("Mistral-7B" … "Mistral-7B는") explains
        # nothing: a "7B" beside it is a quantity of its own ("7B parameters").
        self.target = [q for q in self.target if not _part_of(q, source_parts - target_parts)]
        self.source = [q for q in self.source if not _part_of(q, target_parts - source_parts)]


_LEADING_NUMBER = re.compile(r"[\d.,]+")


def _part_of(quantity: Quantity, parts: set[str]) -> bool:
    """Tell whether a quantity is written as a piece of a name: "3.1", "16비트" for "FP16"."""
    if normalise_name(quantity.text) in parts:
        return True
    # "mid-2023" is read as a name; its year is "2023년" in the target.
    if quantity.dimension not in ("time", "data") and quantity.kind is not Kind.YEAR:
        return False
    written = _LEADING_NUMBER.match(quantity.text)
    return written is not None and written.group() in parts


def _with_senses(read: Extraction, text: str) -> list[Quantity]:
    """The quantities of ``read``, each fraction marked as a share or a reduction.

    "by a third" takes a third away, "3분의 1로 줄인다" leaves a third, as percentages do.
    """
    return [
        replace(q, sense=read_sense(text, *q.span))
        if q.kind is Kind.FRACTION and q.sense is None
        else q
        for q in read.quantities
    ]


_WRITTEN_PARTS = re.compile(r"\d+")


def _split_fractions(matcher: _Matcher, source_text: str) -> None:
    """Pair "5 out of 8" with "8개 작업 중 5개", where Korean writes the two numbers apart."""
    for source in [q for q in matcher.source if q.kind is Kind.FRACTION]:
        written = [Fraction(int(d)) for d in _WRITTEN_PARTS.findall(source.text)]
        if len(written) != 2:
            continue
        found = []
        for value in written:
            found += [t for t in matcher.target if t.kind is Kind.PLAIN and t.value == value][:1]
        if len(found) == 2 and found[0] is not found[1]:
            matcher.source.remove(source)
            for target in found:
                matcher.target.remove(target)
            matcher.pairs.append((source, found[0]))
            matcher.split.append((source, found[0], found[1]))
    # The other way round: "two of the three tasks" as "세 가지 중 두 가지".
    for target in [q for q in matcher.target if q.kind is Kind.FRACTION and "중" in q.text]:
        plain = [q for q in matcher.source if q.kind is Kind.PLAIN and q.value]
        whole_part = next(
            (
                (whole, part)
                for whole in plain
                for part in plain
                if part.span[1] <= whole.span[0]
                and part.value / whole.value == target.value
                and _EN_PART_OF.fullmatch(source_text, part.span[1], whole.span[0])
            ),
            None,
        )
        if whole_part is not None:
            for source in whole_part:
                matcher.source.remove(source)
            matcher.target.remove(target)
            matcher.pairs.append((whole_part[1], target))


def _match(source: list[Quantity], target: list[Quantity]) -> _Matcher:
    matcher = _Matcher(list(source), list(target))
    matcher.match(
        lambda s, t: (
            s.kind is t.kind and s.value == t.value and s.unit == t.unit and _senses_agree(s, t)
        )
    )
    matcher.match(
        lambda s, t: (
            s.value == t.value and _compatible(s, t) and _units_agree(s, t) and _senses_agree(s, t)
        )
    )
    matcher.match(lambda s, t: _compatible(s, t) and _same_amount(s, t))
    matcher.match(_equivalent)
    return matcher


# Mismatches --------------------------------------------------------------------


def _pairable(source: Quantity, target: Quantity) -> bool:
    """Tell whether an unmatched target quantity may be the wrong rendering of a source one.

    Not a span of time against a count ("250 ms" and the "한" of "한 스텝"): a time written
    wrong keeps being a time.
    """
    dimensions = {source.dimension, target.dimension}
    if None not in dimensions and len(dimensions) > 1 and dimensions != {"count", "text"}:
        return False
    if _compatible(source, target):
        return True
    kinds = {source.kind, target.kind}
    if kinds == {Kind.ORDINAL, Kind.PLAIN}:
        return True
    if Kind.APPROX in kinds and kinds <= {Kind.APPROX, Kind.PLAIN}:
        plain = target if target.kind is Kind.PLAIN else source
        return plain.value >= 10
    if kinds == {Kind.FRACTION, Kind.MULTIPLIER}:
        # "halves" written "두 배로": the factor is turned upside down.
        return source.value * target.value == 1
    return Kind.FRACTION in kinds and _ratio(source) is not None and _ratio(target) is not None


def _distance(source: Quantity, target: Quantity) -> float:
    """How far apart two values are, on a logarithmic scale."""
    if source.dimension and source.dimension == target.dimension:
        low, high = sorted((source.base(), target.base()))
    elif {source.kind, target.kind} == {Kind.FRACTION, Kind.MULTIPLIER}:
        return 1.0
    elif Kind.FRACTION in (source.kind, target.kind):
        low, high = sorted((_ratio(source) or Fraction(0), _ratio(target) or Fraction(0)))
    else:
        low, high = sorted((source.value, target.value))
    if low <= 0:
        return math.inf if high > 0 else 0.0
    distance = math.log10(high / low)
    return distance if source.kind is target.kind else distance + 1


def _reported_sources(matcher: _Matcher) -> list[Quantity]:
    """Source quantities that a wrong target value may stand for.

    Weak ordinals and fractions count here: "the second stage" as "세 번째 단계"
    and "half of the heads" as "4분의 1" are wrong, though a free translation
    may leave them out.
    """
    return [
        q
        for q in matcher.source
        if not q.optional
        or (q.pairable and q.kind in (Kind.ORDINAL, Kind.FRACTION, Kind.MULTIPLIER))
    ]


def _pair_mismatches(matcher: _Matcher) -> list[Finding]:
    """Pair each unmatched source quantity with the nearest wrong target value.

    The nearest pair of the same kind is taken first, then a pair of equal
    value but different kind ("10%" written as "10배").
    """
    findings: list[Finding] = []
    sources = _reported_sources(matcher)
    candidates = [
        (_distance(s, t), s.span, t.span, s, t)
        for s in sources
        for t in matcher.target
        if t.pairable and _pairable(s, t)
    ]
    # Not a month against a span of time: "January" is no "한 달".
    candidates += [
        (math.inf, s.span, t.span, s, t)
        for s in sources
        for t in matcher.target
        if t.pairable
        and t.value == s.value
        and not _pairable(s, t)
        and not (s.kind is Kind.MONTH and t.dimension == "time")
    ]
    for *_, source, target in sorted(candidates, key=lambda c: c[:3]):
        if source in matcher.source and target in matcher.target:
            findings.append(_mismatch(source, target))
            matcher.source.remove(source)
            matcher.target.remove(target)
    # "a single GPU" as "GPU 2개": the weak "one" still names a count the target changed.
    for source in [q for q in matcher.source if q.optional and q.kind is Kind.PLAIN]:
        wrong = [
            t
            for t in matcher.target
            if not t.optional
            and t.kind is Kind.PLAIN
            and t.value <= 10
            and t.value != source.value
            and t.scale == 1
            and _units_agree(source, t)
        ]
        if source.value == 1 and wrong:
            target = min(wrong, key=lambda t: t.span)
            findings.append(_mismatch(source, target))
            matcher.source.remove(source)
            matcher.target.remove(target)
    return findings


def _params(source: Quantity, target: Quantity) -> dict[str, str]:
    return {
        "source": describe(source),
        "target": describe(target),
        "source_text": source.text,
        "target_text": target.text,
        "source_number": format_value(source),
        "target_number": format_value(target),
    }


_WRITTEN_NUMBER = re.compile(r"^(?P<number>[\d,.]+)(?P<rest>.*)$", re.DOTALL)


def _converted(source: Quantity, target: Quantity) -> str:
    """Write the source amount in the target's unit, the way the target writes it."""
    value = source.base() / UNITS[target.unit or ""][1]
    written = _WRITTEN_NUMBER.match(target.text)
    rest = written.group("rest") if written else f" {target.unit}"
    return f"{format_number(value)}{rest}"


def _mismatch(source: Quantity, target: Quantity) -> Finding:
    """The finding for a source quantity that the target renders with another value."""
    params = _params(source, target)
    kinds = {source.kind, target.kind}
    if kinds == _PERCENT_KINDS and source.value == target.value:
        number = format_number(source.value)
        return _finding(
            Severity.ERROR, POINTS_CONFUSED, target.span, WHY_POINTS, {**params, "number": number}
        )
    if source.kind is Kind.APPROX and target.kind is Kind.PLAIN:
        return _finding(Severity.ERROR, APPROX_TO_EXACT, target.span, WHY_APPROX_TO_EXACT, params)
    if source.kind is Kind.PLAIN and target.kind is Kind.APPROX:
        close = target.value <= source.value < target.value * 10
        severity = Severity.WARNING if close else Severity.ERROR
        return _finding(severity, EXACT_TO_APPROX, target.span, WHY_EXACT_TO_APPROX, params)
    if source.kind is target.kind is Kind.APPROX:
        params |= {
            "source_number": format_number(source.value),
            "target_number": format_number(target.value),
        }
        return _finding(Severity.ERROR, MISMATCH, target.span, WHY_APPROX, params)
    if (
        source.kind is target.kind
        and source.value == target.value
        and not _senses_agree(source, target)
    ):
        if source.kind is Kind.MULTIPLIER:
            return _finding(Severity.ERROR, INVERTED, target.span, WHY_OPPOSITE, params)
        if source.kind is Kind.FRACTION:
            taken, left = (source, target) if source.sense == "reduction" else (target, source)
            params |= {"taken": taken.text, "left": left.text}
            return _finding(Severity.ERROR, INVERTED, target.span, WHY_TAKEN_OR_LEFT, params)
        share = source.value if source.sense == "share" else 100 - source.value
        params |= {"share": format_number(share), "reduction": format_number(100 - share)}
        return _finding(Severity.ERROR, INVERTED, target.span, WHY_INVERTED, params)
    if source.value == target.value and source.unit != target.unit and source.unit and target.unit:
        if source.dimension == target.dimension and source.dimension in _CONVERTIBLE:
            params["converted"] = _converted(source, target)
            return _finding(Severity.ERROR, UNIT_CHANGED, target.span, WHY_UNIT, params)
        return _finding(Severity.ERROR, UNIT_CHANGED, target.span, WHY_KIND, params)
    if {source.kind, target.kind} == {Kind.ORDINAL, Kind.PLAIN} and source.value == target.value:
        return _finding(Severity.ERROR, MISMATCH, target.span, WHY_ORDINAL, params)
    if source.kind is not target.kind and source.value == target.value:
        return _finding(Severity.ERROR, MISMATCH, target.span, WHY_KIND, params)
    korean = korean_form(source.value) if source.kind is Kind.PLAIN else None
    if korean and target.kind is Kind.PLAIN and source.dimension in (None, "count", "text"):
        params["korean"] = korean
        return _finding(Severity.ERROR, MISMATCH, target.span, WHY_MAGNITUDE, params)
    return _finding(Severity.ERROR, MISMATCH, target.span, WHY_CHANGED, params)


def _firm_in_meaning(quantity: Quantity) -> bool:
    """Tell whether a missing quantity is surely lost rather than rephrased.

    Digits, units, shares, ranks and vague amounts are; a number word such as "three"
    is too, except "one" and "a dozen", which a free translation often rephrases.
    """
    if any(char.isdigit() for char in quantity.text) or quantity.unit:
        return True
    if quantity.kind in (Kind.APPROX, Kind.FRACTION, Kind.ORDINAL, Kind.MONTH):
        return True
    return quantity.value >= 2 and "dozen" not in quantity.text.lower()


# "zeroed", "zero-shot" need no "0" of their own, but "0이 된다" writes one.
_ZERO_WORD = re.compile(r"(?i)\bzero(?:e[sd]|ing|s)?\b(?![-\s]shot)")


def _restates(matcher: _Matcher, quantity: Quantity) -> bool:
    """Tell whether an extra target figure says matched ones again in other terms, which a
    translation may add to help the reader: "3분의 2, 즉 약 67%", "0.512(51.2%)", "72시간(3일)",
    "98%를 유지(손실 2%)"."""
    sources = [source for source, _ in matcher.pairs]
    if any(_equivalent(source, quantity) or _same_amount(source, quantity) for source in sources):
        return True
    if _completes(quantity, sources):
        return True
    return quantity.kind is Kind.PERCENT and any(
        source.kind is Kind.PLAIN and 0 < source.value < 1 and source.value * 100 == quantity.value
        for source in sources
    )


# Figures a translation works out from two of the source's: gaps, totals, ratios, shares.
_ARITHMETIC_KINDS = frozenset({Kind.PLAIN, Kind.PERCENT, Kind.POINTS})
# What a gap or a total may be worked out from: a percentage from shares (not "40건에서
# 60건으로 20% 증가", a rise of 50%), points from shares or scores, a score from scores.
_GAP_OPERANDS = {
    Kind.PERCENT: frozenset({Kind.PERCENT, Kind.POINTS}),
    Kind.POINTS: frozenset({Kind.PERCENT, Kind.POINTS, Kind.PLAIN}),
    Kind.PLAIN: frozenset({Kind.PLAIN, Kind.POINTS}),
}
_FACTOR_KINDS = frozenset({Kind.MULTIPLIER, Kind.PERCENT, Kind.FRACTION})
# "약 12개 층", "80배가량": a worked-out figure the target rounds, and says so (the hedge
# words are those of the hedges check below).
_ROUNDING = Fraction(3, 100)


def _amount(quantity: Quantity) -> Fraction:
    """What a figure counts in: a time in seconds, a share as a ratio, anything else as is."""
    if quantity.dimension == "time":
        return quantity.base()
    if quantity.kind in (Kind.PERCENT, Kind.POINTS):
        return quantity.value / 100
    return quantity.value


_DECIMALS = re.compile(r"\d(?:[\d,]*)(?:\.(?P<decimals>\d+))?")


def _close(value: Fraction, quantity: Quantity, hedged: bool) -> bool:
    """Tell whether a worked-out ``value`` (in the units ``quantity`` is written in) is what
    ``quantity`` says, rounded to the digits it writes ("36%" for 36.19%), or within a few
    percent where the target says it is rough ("약 81억")."""
    gap = abs(value - quantity.value)
    if gap == 0:
        return True
    written = _DECIMALS.search(quantity.text)
    decimals = len(written.group("decimals") or "") if written else 0
    # A fraction in words is exact: "3분의 1" does not round a quarter.
    if quantity.kind is not Kind.FRACTION and gap <= Fraction(1, 2) / 10**decimals:
        return True
    return hedged and gap <= abs(quantity.value) * _ROUNDING


_EN_FROM_BEFORE = re.compile(r"(?i)\bfrom\s+[$€£₩]?$")


def _end_and_start(
    first: Quantity, second: Quantity, source_text: str
) -> tuple[Quantity, Quantity]:
    """Where a change between two figures ends and where it starts: the later figure is the
    end, unless "from" names it the start ("32 requests, up from 8")."""
    earlier, later = sorted((first, second), key=lambda q: q.span)
    if _EN_FROM_BEFORE.search(source_text, max(0, later.span[0] - 8), later.span[0]):
        return earlier, later
    return later, earlier


# "5 seeds for each of the 12 configurations": the figures multiply, they do not add up.
_EACH_OF = re.compile(
    r"(?i)(?:\b(?:for\s+)?(?:each|every)(?:\s+of)?(?:\s+(?:the|its|their|our|these|those))?"
    r"|(?<![A-Za-z0-9])[×x])\s*$"
)


def _multiplied(first: Quantity, second: Quantity, source_text: str) -> bool:
    """Whether the source says one figure counts something for each of the other's, right
    before the second: "5 seeds for each of the 12 configurations", "8 × 3"."""
    low, high = sorted((first.span, second.span))
    return bool(_EACH_OF.search(source_text[low[1] : high[0]]))


def _derived(
    quantity: Quantity, sources: list[Quantity], source_text: str, target_text: str
) -> list[Quantity]:
    """The two source figures an extra target figure is worked out from, or ``[]``.

    "NLLB-3.3B(39.4)를 2.3 BLEU 앞선다" states the gap of 41.7 and 2.3; "10억 5천만" is
    three times 350M; "4배로 늘어남" is 32 requests against 8. Only an extra figure is read
    this way: one that changes a source figure is paired with it first and reported.
    """
    start, end = quantity.span
    hedged = bool(
        _KO_HEDGE_BEFORE.search(target_text, max(0, start - 6), start)
        or _KO_HEDGE_AFTER.match(target_text, end)
    )
    firm = [s for s in sources if not s.optional and s.kind is not Kind.YEAR]
    for first, second in combinations(firm, 2):
        time = [q.dimension == "time" for q in (first, second, quantity)]
        if quantity.kind in _ARITHMETIC_KINDS and all(
            q.kind in _GAP_OPERANDS[quantity.kind] for q in (first, second)
        ):
            # Time in seconds; scores, shares and points as written ("17.5점에서 4.1점",
            # a gap of "13.4점").
            if all(time):
                terms = (first.base(), second.base(), quantity.base())
            elif not any(time):
                terms = (first.value, second.value, quantity.value)
            else:
                terms = ()
            if (
                terms
                and terms[2] in (abs(terms[0] - terms[1]), terms[0] + terms[1])
                and not _multiplied(first, second, source_text)
            ):
                return [first, second]
        for factor, amount in ((first, second), (second, first)):
            # A count times a factor: "10억 5천만" for 3x 350M, "총 210억" for three 7B models.
            if (
                quantity.kind is Kind.PLAIN
                and amount.kind is Kind.PLAIN
                and (factor.kind in _FACTOR_KINDS or factor.value > 1)
                and not any(time)
                and _close(_ratio_of(factor) * amount.value, quantity, hedged)
            ):
                return [first, second]
            # A count divided by a factor: "이전 정책(약 36%)의 2.1배" for 76% at 2.1x.
            if (
                factor.kind is Kind.MULTIPLIER
                and amount.kind is quantity.kind
                and amount.kind in (Kind.PLAIN, Kind.PERCENT)
                and factor.value > 1
                and _close(amount.value / factor.value, quantity, hedged)
            ):
                return [first, second]
            # A ratio of two amounts of one kind: "32 requests, up from 8" is "4배".
            if (
                quantity.kind in (Kind.MULTIPLIER, Kind.FRACTION, Kind.PERCENT)
                and factor.kind is amount.kind
                and factor.kind in (Kind.PLAIN, Kind.PERCENT)
                and time[0] == time[1]
                and _amount(amount) != 0
            ):
                ratio = _amount(factor) / _amount(amount)
                if quantity.sense in ("reduction", "growth"):
                    # A change goes from its start to its end: "2,000 to 400 tokens" is "80%
                    # 감소" (never "20% 감소"), "from 40 to 60" is "50% 증가".
                    if (factor, amount) != _end_and_start(first, second, source_text):
                        continue
                    ratio = 1 - ratio if quantity.sense == "reduction" else ratio - 1
                if quantity.kind is Kind.PERCENT:
                    ratio *= 100
                if ratio not in (0, 1) and _close(ratio, quantity, hedged):
                    return [first, second]
    return []


# A change or a difference said of the figure: "20% 상승", "15% 높고", "7.4% 줄어".
_KO_CHANGE_AFTER = re.compile(
    r"\s?(?:가량|정도|만큼|이나|씩)?\s?(?:더\s?)?(?:상승|증가|높|낮|감소|줄|개선|향상|하락|떨어|차이"
    r"|앞서|앞선|뒤처|뒤진|올랐|오른|늘)"
)


def _gaps_as_percent(target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report "40%에서 60%로 20% 상승" for "rises from 40% to 60%": the gap of two
    percentages is 20 points, a rise of 50%. The figure is taken out, and the fix writes
    it in points."""
    findings = []
    percents = [s for s, _ in matcher.pairs if s.kind is Kind.PERCENT]
    for quantity in [t for t in matcher.target if t.kind is Kind.PERCENT and not t.optional]:
        if not _KO_CHANGE_AFTER.match(target_text, quantity.span[1]):
            continue
        gap = next(
            (
                (first, second)
                for first, second in combinations(percents, 2)
                if abs(first.value - second.value) == quantity.value
            ),
            None,
        )
        if gap is None or any(_rival(source, quantity) for source in matcher.source):
            continue
        matcher.target.remove(quantity)
        first, second = sorted(gap, key=lambda q: q.span)
        number = format_number(quantity.value)
        params = {
            "target": describe(quantity),
            "target_text": quantity.text,
            "first": describe(first),
            "second": describe(second),
            "first_text": first.text,
            "second_text": second.text,
            "number": number,
        }
        start, end = quantity.span
        fix = f"{target_text[:start]}{number}%p{target_text[end:]}"
        findings.append(
            Finding(
                CODE,
                Severity.ERROR,
                GAP_AS_PERCENT,
                quantity.span,
                params=params,
                why=WHY_GAP,
                fix=fix,
            )
        )
    return findings


def _pair_worked_out(matcher: _Matcher, source_text: str, target_text: str) -> None:
    """Take out the extra target figures worked out from source ones, with the source
    figures they alone render ("3x its size" written as the size it makes).

    A source figure left unmatched that looks like the extra one is more likely what it
    renders wrongly ("quadruples" as "두 배가 된다", "top-3" as "상위 3%"), so the extra one
    is then left to be paired with it.
    """
    # Taking one out may free another: once "손실 2%" is the rest of "retaining 98%", that
    # 98% no longer claims "20% 수준", which is 400 tokens of 2,000.
    while any(_take_worked_out(matcher, q, source_text, target_text) for q in list(matcher.target)):
        pass


def _take_worked_out(
    matcher: _Matcher, quantity: Quantity, source_text: str, target_text: str
) -> bool:
    """Take ``quantity`` out if it is worked out from source figures; tell whether it was."""
    if quantity.optional or (quantity.kind, quantity.value) in {
        (t.kind, t.value) for _, t in matcher.pairs
    }:
        return False
    if complement := _complement(quantity, matcher.source, source_text, target_text):
        matcher.source.remove(complement)
        matcher.target.remove(quantity)
        matcher.pairs.append((complement, quantity))
        return True
    if any(_rival(source, quantity) for source in matcher.source):
        return False
    if _completes(quantity, [s for s, _ in matcher.pairs]):
        matcher.target.remove(quantity)
        return True
    derived_from = _derived(
        quantity, [s for s, _ in matcher.pairs] + matcher.source, source_text, target_text
    )
    if not derived_from:
        return False
    matcher.target.remove(quantity)
    for source in derived_from:
        if source in matcher.source:
            matcher.source.remove(source)
            matcher.pairs.append((source, quantity))
    return True


# What names the other side of a share: "정확도 손실은 4%", "나머지 12%", "실패율은 3%".
_KO_OTHER_SIDE_BEFORE = re.compile(
    r"(?:손실|손해|감소|하락|저하|나머지|실패|오답|오류|누락|잃|빠진|제외)[가-힣]{0,3}\s?"
    r"(?:[가-힣]+\s){0,2}(?:약\s?)?$"
)


_EN_OTHER_SIDE = re.compile(
    r"(?i)\b(?:fail\w*|errors?|erroneous|loss|los(?:e|es|t|ing)|miss\w*|wrong\w*|incorrect\w*"
    r"|reject\w*|unsolved|invalid)\b"
)
# "2.5%에서만 실패했다": the other side named after the figure.
_KO_OTHER_SIDE_AFTER = re.compile(
    r"\s?(?:[가-힣]{1,4}\s?){0,2}?(?:실패|틀렸|틀린|틀리|오답|누락|손실|잃|빠졌|제외)"
)


def _complement(
    quantity: Quantity, sources: list[Quantity], source_text: str, target_text: str
) -> Quantity | None:
    """The unmatched source share that a target share completes to 100%: "keeps 96%" as
    "손실은 4%". The target must say it speaks of the other side (a reduction, a loss, the
    rest): "새 모델을 38%의 경우에 선호" for "preferred the new model 62% of the time" is
    the figure of the other model put on this one."""
    if quantity.kind is not Kind.PERCENT:
        return None
    if quantity.sense == "reduction":
        # "25% 줄어든다" completes only what the source keeps, not an unmarked "falls by 75%".
        senses = {"share"}
    elif _KO_OTHER_SIDE_BEFORE.search(
        target_text, max(0, quantity.span[0] - 20), quantity.span[0]
    ) or _KO_OTHER_SIDE_AFTER.match(target_text, quantity.span[1]):
        senses = {"share", None}
    else:
        return None
    return next(
        (
            source
            for source in sources
            if source.kind is Kind.PERCENT
            and source.value + quantity.value == 100
            and source.sense in senses
            # "fails on 4%" as "96%에서 실패": both name the failing side.
            and not _EN_OTHER_SIDE.search(
                source_text, max(0, source.span[0] - 40), source.span[1] + 30
            )
        ),
        None,
    )


def _rival(source: Quantity, target: Quantity) -> bool:
    """Tell whether an unmatched source figure may be what ``target`` renders wrongly: one
    of its kind, its value, or near it. A weak "one" ("a single 34B model") claims only a
    small count, as in "a single GPU" written "GPU 2개"."""
    if source.optional and source.value == 1:
        return target.kind is Kind.PLAIN and target.value <= 10 and target.scale == 1
    if source.kind is target.kind or source.value == target.value:
        return True
    return _pairable(source, target) and _distance(source, target) < 1


def _completes(quantity: Quantity, matched: list[Quantity]) -> bool:
    """Tell whether a target share is the rest of a share the target already renders."""
    return quantity.kind in _PERCENT_KINDS and any(
        source.kind in _PERCENT_KINDS and source.value + quantity.value == 100 for source in matched
    )


def _ratio_of(quantity: Quantity) -> Fraction:
    """A factor as the number it multiplies by: "3x" is 3, "38%" 0.38, "4분의 1" 1/4."""
    if quantity.kind is Kind.PERCENT:
        return quantity.value / 100
    return quantity.value


# "the 2023 winner" beside "the 2024 edition" is "전년도 우승작"; "이듬해" is the year after.
_KO_YEAR_BEFORE = re.compile(r"(?<![가-힣])(?:전년|작년|지난해|직전\s?연도|전해)")
_KO_YEAR_AFTER = re.compile(r"(?<![가-힣])(?:이듬해|다음\s?해|익년|다음\s?연도)")


def _year_said_relatively(quantity: Quantity, matcher: _Matcher, target_text: str) -> bool:
    """Tell whether a source year is named by its distance from a year the target gives."""
    if quantity.kind is not Kind.YEAR:
        return False
    years = {target.value for _, target in matcher.pairs if target.kind is Kind.YEAR}
    return bool(
        (quantity.value + 1 in years and _KO_YEAR_BEFORE.search(target_text))
        or (quantity.value - 1 in years and _KO_YEAR_AFTER.search(target_text))
    )


def _part_of_stated_share(matcher: _Matcher, quantity: Quantity, target_text: str) -> bool:
    """Tell whether an extra count is the whole or the part of a share the target also
    states otherwise: "다섯 개 중 하나(약 20%)" for "1 in 5"."""
    if quantity.kind is not Kind.PLAIN:
        return False
    shares = [s for s, _ in matcher.pairs if s.kind is Kind.FRACTION]
    written = (
        {Fraction(int(digits)) for s in shares for digits in _WRITTEN_PARTS.findall(s.text)}
        | {Fraction(s.value.denominator) for s in shares}
        | {Fraction(s.value.numerator) for s in shares}
    )
    return quantity.value in written and bool(
        _KO_WHOLE_OF.match(target_text, quantity.span[1])
        or re.search(r"(?:중|가운데)\s?(?:약\s?)?$", target_text[: quantity.span[0]])
    )


def _leftovers(matcher: _Matcher, source_text: str, target_text: str) -> list[Finding]:
    """Report firm quantities that are left on either side.

    A quantity that repeats a matched one of the same side is a second mention
    ("the 8B model … the 8B variant"), which a translation may drop or add.
    """
    matched_source = {(s.kind, s.value) for s, _ in matcher.pairs}
    matched_target = {(t.kind, t.value) for _, t in matcher.pairs}
    matched_target |= {(s.kind, s.value) for s, _ in matcher.pairs}
    findings = []
    for quantity in matcher.source:
        if quantity.optional or (quantity.kind, quantity.value) in matched_source:
            continue
        if _year_said_relatively(quantity, matcher, target_text):
            continue
        if quantity.kind is Kind.APPROX and MANY.search(target_text):
            # "thousands of" as "수많은" keeps the sense, if not the size.
            continue
        severity = Severity.ERROR if _firm_in_meaning(quantity) else Severity.WARNING
        params = {
            "source": describe(quantity),
            "source_text": quantity.text,
            "source_number": format_value(quantity),
        }
        korean = korean_form(quantity.value) if quantity.kind is Kind.PLAIN else None
        if korean:
            params["korean"] = korean
        why = WHY_DROPPED_MAGNITUDE if korean else WHY_DROPPED
        findings.append(_finding(severity, DROPPED, None, why, params))
    for quantity in matcher.target:
        if quantity.optional or (quantity.kind, quantity.value) in matched_target:
            continue
        if _restates(matcher, quantity) or _part_of_stated_share(matcher, quantity, target_text):
            continue
        if quantity.value == 0 and _ZERO_WORD.search(source_text):
            continue
        if _quantile_share(quantity, source_text, target_text):
            continue
        params = {
            "target": describe(quantity),
            "target_text": quantity.text,
            "target_number": format_value(quantity),
        }
        # Among the source's own figures, an extra one in digits stands for one of them
        # written wrong; in a sentence without figures it may come from the paper.
        written = any(char.isdigit() for char in quantity.text)
        severity = Severity.ERROR if written and matcher.pairs else Severity.WARNING
        findings.append(_finding(severity, ADDED, quantity.span, WHY_ADDED, params))
    return findings


# "the lowest income quintile" is "소득 하위 20%", "the top tercile" "상위 3분의 1".
_QUANTILES = {
    "tercile": Fraction(1, 3), "quartile": Fraction(1, 4), "quintile": Fraction(1, 5),
    "decile": Fraction(1, 10), "percentile": Fraction(1, 100),
}  # fmt: skip
_QUANTILE = re.compile(r"(?i)\b(tercile|quartile|quintile|decile|percentile)s?\b")
_KO_QUANTILE_SIDE = re.compile(r"(?:상위|하위)\s?$")
_EN_SIDE = re.compile(
    r"(?i)\b(?:(?P<top>top|highest|upper|best|richest)|(?P<bottom>bottom|lowest|worst|poorest))\b"
    r"(?![-\s]?\d)"  # not "top-1 accuracy"
)
_EN_SIDE_ALONE = re.compile(
    r"(?i)\bthe\s+((?:top|highest|upper|best|richest|bottom|lowest|worst|poorest))\s*(?=[.,;)]|$)"
)


def _quantile_share(quantity: Quantity, source_text: str, target_text: str) -> bool:
    """Whether a share of the target is the size of the one quantile the source names.

    Of two kinds ("the top decile and the bottom quartile") either share could be the one
    written wrong, so then none explains itself.
    """
    if quantity.kind not in (Kind.PERCENT, Kind.FRACTION):
        return False
    shares = {_QUANTILES[match.group(1).lower()] for match in _QUANTILE.finditer(source_text)}
    if shares != {_ratio(quantity)}:
        return False
    # "the top quintile" is not "하위 20%": the side must be one the source names, beside a
    # quantile ("the lowest income quintile") or standing for one ("than those in the highest").
    side = _KO_QUANTILE_SIDE.search(target_text[max(0, quantity.span[0] - 4) : quantity.span[0]])
    if side is None:
        return True
    sides = set()
    for quantile in _QUANTILE.finditer(source_text):
        sides |= _sides(source_text[max(0, quantile.start() - 30) : quantile.start()])
    sides |= _sides(" ".join(_EN_SIDE_ALONE.findall(source_text)))
    if not sides:
        return True  # "the hardest quintile": no side the check can read
    return ("top" if side.group().startswith("상위") else "bottom") in sides


def _sides(text: str) -> set[str]:
    return {"top" if match.group("top") else "bottom" for match in _EN_SIDE.finditer(text)}


# Swapped values --------------------------------------------------------------------

# Clauses end at punctuation and at the words that join list items; the comma of
# "16,384" does not end one.
_CLAUSE_END = re.compile(
    r"[;:()]|(?<!\d),|,(?!\d)|\s(?:and|while|whereas|but|vs\.?|versus)\s|\s및\s|[과와]\s"
    r"|(?<!e\.g)(?<!i\.e)(?<!et al)(?<!Fig)(?<!approx)(?<!etc)(?<!vs)[.!?](?=\s)"
    r"|(?<=[가-힣])(?:지만|으며|이며|하며|는데|면서)\s"
    # "정밀도는 78.6%에 이르고 재현율은 …", "… 마치는 반면 ReAct는 …"; not the "고" of
    # "하고 있다" or of a quotation ("라고").
    # Not the 고 of a noun (최고, 경고, 참고, …) nor of a quotation ("…다고", "…라고").
    r"|(?<=[가-힣])(?<![최참경광사재보신공창수다라])고\s(?!있|싶|보|난)"
    r"|(?<=[가-힣])\s반면(?:에)?,?\s"
)
# A short aside in brackets, such as the English term after its Korean ("통과율(pass@1)"),
# belongs to the clause around it.
_ASIDE = re.compile(r"\(([^()]{1,30})\)")
_LATIN = re.compile(r"(?<![0-9A-Za-z])[A-Za-z][A-Za-z0-9.\-]*[A-Za-z0-9]|(?<![0-9A-Za-z])[A-Z]")
# Common words of the summaries with their usual Korean renderings, so that "the
# encoder" and "인코더" can anchor the numbers next to them.
_CONCEPTS: tuple[tuple[str, str, str], ...] = (
    # Words of a role ("생성기") come before the words they begin with ("생성"), which would
    # otherwise take their place; "retriever" and 검색기 both stay "retrieval".
    ("reader", r"\breaders?\b", "리더(?!보드)|독해기"),
    ("generator", r"\bgenerators?\b", "생성기"),
    ("verifier", r"\bverifiers?\b", "검증기|검증자"),
    ("router", r"\brouters?\b", "라우터"),
    ("transformer", r"\btransformers?\b", "트랜스포머"),
    ("target", r"\btarget\b", "대상|타깃|타겟"),
    ("speaker", r"\bspeakers?\b", "화자|발화자"),
    # A conversation, not the 대화 of a chat model ("대화 모델", "대화형").
    ("dialogue", r"\bdialog(?:ue)?s?\b", "대화(?!\\s?모델|형)"),
    ("encoder", r"\bencoders?\b", "인코더"),
    ("decoder", r"\bdecoders?\b", "디코더"),
    ("teacher", r"\bteachers?\b", "교사"),
    ("student", r"\bstudents?\b", "학생"),
    ("learning rate", r"\blearning rates?\b|\blr\b", "학습률"),
    ("pretraining", r"\bpre-?train(?:ing|ed)?\b", "사전\\s?학습|사전\\s?훈련"),
    ("finetuning", r"\bfine-?tun(?:ing|ed|e)\b", "미세\\s?조정|파인\\s?튜닝"),
    ("training", r"(?<!-)\btrain(?:ing|ed)?\b", "(?<!사전 )(?<!사전)학습|(?<!사전 )훈련"),
    ("validation", r"\bvalidation\b", "검증"),
    ("development", r"\bdev(?:elopment)?\b", "개발"),
    ("test", r"\btest(?:ing)?\b", "테스트|시험"),
    ("inference", r"\binference\b", "추론"),
    ("english", r"\bEnglish\b", "영어"),
    ("chinese", r"\bChinese\b", "중국어"),
    ("korean", r"\bKorean\b", "한국어"),
    ("japanese", r"\bJapanese\b", "일본어"),
    ("math", r"\bmath(?:ematics|ematical)?\b", "수학"),
    ("code", r"\bcod(?:e|ing)\b", "코드|코딩"),
    ("image", r"\bimages?\b", "이미지"),
    ("text", r"\btexts?\b|\btextual\b", "텍스트"),
    ("video", r"\bvideos?\b", "비디오|동영상|영상"),
    ("audio", r"\baudio\b|\bspeech\b", "오디오|음성"),
    ("input", r"\binputs?\b", "입력"),
    ("output", r"\boutputs?\b", "출력"),
    ("accuracy", r"\baccuracy\b", "정확도"),
    ("latency", r"\blatency\b", "지연"),
    ("memory", r"\bmemory\b", "메모리"),
    ("throughput", r"\bthroughput\b", "처리량"),
    ("small", r"\bsmall(?:er|est)?\b", "소형|작은"),
    ("large", r"\blarge(?:r|st)?\b", "대형|큰"),
    ("baseline", r"\bbaselines?\b", "기준|베이스라인"),
    ("human", r"\bhumans?\b", "사람|인간"),
    ("synthetic", r"\bsynthetic\b", "합성"),
    ("real", r"\breal\b", "실제"),
    ("prefill", r"\bprefill\b", "프리필"),
    ("generation", r"\bgenerat(?:ion|ing)\b", "생성"),
    ("retrieval", r"\bretriev(?:al|er|ing)\b", "검색"),
    ("epoch", r"\bepochs?\b", "에포크|에폭"),
    ("decoding", r"\bdecoding\b", "디코딩"),
    ("encoding", r"\bencoding\b", "인코딩"),
    ("base", r"\bbase\b", "기본|베이스"),
    ("instruct", r"\binstruct(?:ion)?(?:-tuned)?\b", "인스트럭트|지시"),
    ("chat", r"\bchat\b", "챗|채팅|대화"),
    ("reward", r"\brewards?\b", "보상"),
    ("policy", r"\bpolic(?:y|ies)\b", "정책"),
    ("agent", r"\bagents?\b", "에이전트"),
    ("summarization", r"\bsummari[sz]ation\b", "요약"),
    ("translation", r"\btranslation\b", "번역"),
    ("classification", r"\bclassification\b", "분류"),
    ("vision", r"\bvision\b|\bvisual\b", "비전|시각"),
    ("tool", r"\btools?\b", "도구|툴"),
    ("split", r"\bsplits?\b", "분할|스플릿"),
    ("batch", r"\bbatch(?:es)?\b", "배치"),
    ("node", r"\bnodes?\b", "노드"),
    ("layer", r"\blayers?\b", "레이어|층"),
    ("head", r"\bheads?\b", "헤드"),
    ("parameter", r"\bparameters?\b", "파라미터|매개변수"),
    ("step", r"\bsteps?\b", "스텝|단계"),
    ("sample", r"\bsamples?\b", "샘플|표본"),
    ("example", r"\bexamples?\b", "예시|예제"),
    ("language", r"\blanguages?\b", "언어"),
    ("task", r"\btasks?\b", "작업|과제|태스크"),
    ("expert", r"\bexperts?\b", "전문가"),
    ("user", r"\busers?\b", "사용자"),
    ("document", r"\bdocuments?\b", "문서"),
    ("question", r"\bquestions?\b", "질문|문항"),
    ("answer", r"\banswers?\b", "답변|정답"),
    ("context", r"\bcontext\b", "컨텍스트|맥락|문맥"),
    ("warmup", r"\bwarm-?up\b", "워밍업|웜업"),
    ("seed", r"\bseeds?\b", "시드"),
    ("vocabulary", r"\bvocabular(?:y|ies)\b", "어휘"),
    ("dimension", r"\bdimensions?\b|\bdimensional\b", "차원"),
    ("hidden", r"\bhidden\b(?!\s+test)", "은닉|히든"),
    ("attention", r"\battention\b", "어텐션|주의"),
    ("speed", r"\bspeed\b|\bfaster\b", "속도|빠르|빨라"),
    ("cost", r"\bcosts?\b", "비용"),
    ("precision", r"\bprecision\b", "정밀도"),
    ("recall", r"\brecall\b", "재현율"),
    ("win", r"\bwin(?:s|rate)?\b", "승률|승리"),
    ("overall", r"\boverall\b|\btotal\b", r"전체|종합|(?<![가-힣])총(?=\s?[0-9])"),
    ("active", r"\bactive\b|\bactivated\b", "활성"),
    ("open", r"\bopen\b|\bpublic\b", "공개|오픈"),
    # "the hidden test set" is kept from the public: "비공개 테스트 세트".
    ("closed", r"\bclosed\b|\bproprietary\b|\bprivate\b|\bhidden(?=\s+test)", "비공개|폐쇄"),
    ("leaderboard", r"\bleaderboards?\b", "리더보드|순위표"),
    ("gpu", r"\bGPUs?\b", "GPU"),
    ("token", r"\btokens?\b", "토큰"),
    ("sentence", r"\bsentences?\b", "문장"),
    ("prompt", r"\bprompts?\b", "프롬프트"),
    ("round", r"\brounds?\b", "라운드|차례|회차"),
    ("multilingual", r"\bmultilingual\b", "다국어"),
    ("monolingual", r"\bmonolingual\b", "단일\\s?언어"),
    ("camera", r"\bcameras?\b", "카메라"),
    ("controller", r"\bcontrollers?\b", "컨트롤러|제어기"),
    ("sensor", r"\bsensors?\b", "센서"),
    ("robot", r"\brobots?\b|\brobotic\b", "로봇"),
    ("frame", r"\bframes?\b", "프레임"),
    ("pixel", r"\bpixels?\b", "픽셀"),
    ("patch", r"\bpatch(?:es)?\b", "패치"),
    ("query", r"\bquer(?:y|ies)\b", "쿼리|질의"),
    ("planner", r"\bplanners?\b", "플래너|계획기"),
    ("server", r"\bservers?\b", "서버"),
    ("client", r"\bclients?\b", "클라이언트"),
    ("resolution", r"\bresolution\b", "해상도"),
    ("weight", r"\bweights?\b", "가중치"),
    ("gradient", r"\bgradients?\b", "그래디언트|기울기"),
    ("trajectory", r"\btraject(?:ory|ories)\b", "궤적"),
    ("episode", r"\bepisodes?\b", "에피소드"),
    ("demonstration", r"\bdemonstrations?\b", "시연|데모"),
    ("annotator", r"\bannotators?\b|\braters?\b", "주석자|어노테이터|평가자"),
    ("draft", r"\bdraft(?:er)?\b", "초안|드래프트"),
    ("dense", r"\bdense\b", "밀집|덴스"),
    ("sparse", r"\bsparse\b", "희소"),
    ("online", r"\bonline\b", "온라인"),
    ("offline", r"\boffline\b", "오프라인"),
    ("easy", r"\beas(?:y|ier|iest)\b", "쉬운"),
    ("hard", r"\bhard(?:er|est)?\b", "어려운"),
    ("previous", r"\bprevious\b|\bprior\b|\bpredecessor\b", "이전|기존"),
)
_CONCEPT_KEYS = tuple(key for key, _, _ in _CONCEPTS)
_ENGLISH_CONCEPTS = re.compile(
    "|".join(f"(?P<c{i}>{english})" for i, (_, english, _) in enumerate(_CONCEPTS)), re.I
)
_KOREAN_CONCEPTS = re.compile(
    "|".join(f"(?P<c{i}>{korean})" for i, (_, _, korean) in enumerate(_CONCEPTS))
)


@lru_cache(maxsize=512)
def _concept_hits(text: str, english: bool) -> tuple[tuple[int, int, str, str], ...]:
    """Every common word of :data:`_CONCEPTS` in ``text``: ``(start, end, key, word)``."""
    pattern = _ENGLISH_CONCEPTS if english else _KOREAN_CONCEPTS
    return tuple(
        (m.start(), m.end(), _CONCEPT_KEYS[int(m.lastgroup[1:])], m.group())
        for m in pattern.finditer(text)
    )


@lru_cache(maxsize=512)
def _clause_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    unbracketed = _ASIDE.sub(lambda match: f" {match.group(1)} ", text)
    for match in _CLAUSE_END.finditer(unbracketed):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


_Anchors = dict[str, tuple[str, int]]


def _anchors(
    text: str, quantity: Quantity, others: Iterable[Quantity], english: bool
) -> tuple[int, _Anchors]:
    """The clause of ``quantity`` and the words that anchor it there, with their weights.

    Anchors are Latin words (benchmarks, models, units), the other matched
    quantities of the clause ("the 7B model scores 61.2") and the common words
    of :data:`_CONCEPTS`, keyed so that the English and the Korean forms agree.
    A name or a number is a stronger anchor than a common word.
    """
    clauses = _clause_bounds(text)
    position = quantity.span[0]
    index = next(i for i, (start, end) in enumerate(clauses) if start <= position <= end)
    start, end = clauses[index]
    anchors: _Anchors = {}
    for match in _LATIN.finditer(text, start, end):
        word = match.group()
        strong = any(char.isdigit() or char.isupper() for char in word)
        anchors.setdefault(word.lower(), (word, 2 if strong else 1))
    for other in others:
        if other is not quantity and start <= other.span[0] <= end:
            anchors.setdefault(f"#{other.value}", (other.text, 2))
    for hit_start, hit_end, key, word in _concept_hits(text, english):
        if start <= hit_start and hit_end <= end:
            anchors.setdefault(key, (word, 1))
    return index, anchors


_NEAR = 16
_PARTICLE_GAP = 3


# Accelerators are named alike in both languages and sit right beside their count:
# "8×H200" is "H200 8개", so they anchor a number as a common word does.
_DEVICE = re.compile(r"(?<![0-9A-Za-z])(?:[AHBLV]\d{2,3}|TPU\s?v\d[a-z]?|MI\d{3}X?)(?![0-9A-Za-z])")


@lru_cache(maxsize=512)
def _device_hits(text: str) -> tuple[tuple[int, int, str, str], ...]:
    return tuple((m.start(), m.end(), m.group().lower(), m.group()) for m in _DEVICE.finditer(text))


# Names kept in Latin letters in both texts ("5 LLMs" is "LLM 5개"), keyed without the
# plural of an acronym.
_KEPT_NAME = re.compile(r"(?<![0-9A-Za-z])[A-Z][A-Za-z0-9\-]*[A-Z0-9](?=s?(?![0-9A-Za-z]))")


@lru_cache(maxsize=512)
def _name_hits(text: str) -> tuple[tuple[int, int, str, str], ...]:
    return tuple(
        (m.start(), m.end(), f"name:{m.group().lower()}", m.group())
        for m in _KEPT_NAME.finditer(text)
    )


_KO_COUNTER_GAP = re.compile(r"\s?(?:개|대|명|건|번|회|종|층)(?:의)?\s?")
_PREPOSITION = re.compile(r"(?i)\b(?:from|in|on|across|over|at|for|with|among)\b")


def _nearby(text: str, quantity: Quantity, english: bool) -> list[tuple[int, str, str, bool]]:
    """The common words of the clause of ``quantity`` with their distance from it, nearest
    first: ``(distance, key, word, after)``.

    A Korean word after the number is farther than it looks when the number's
    own particle lies between them ("3으로 64 에포크").
    """
    found = []
    # A word past a clause break ("256 and a learning rate") belongs to the next item.
    low, high = next(
        ((a, b) for a, b in _clause_bounds(text) if a <= quantity.span[0] <= b), (0, len(text))
    )
    for start, end, key, word in (
        *_concept_hits(text, english),
        *_device_hits(text),
        *_name_hits(text),
    ):
        if start < low or end > high:
            continue
        if end <= quantity.span[0]:
            if english and _PREPOSITION.search(text, end, quantity.span[0]):
                continue  # "tasks from 11 repositories": the tasks are not the 11
            distance, after = quantity.span[0] - end, False
        elif start >= quantity.span[1]:
            gap = text[quantity.span[1] : start]
            distance = len(gap) + (0 if english or not gap.strip() else _PARTICLE_GAP)
            if not english and _KO_COUNTER_GAP.fullmatch(gap):
                distance = 0  # "64개의 GPU": the noun the figure counts is its anchor
            after = True
        else:
            continue
        found.append((distance, key, word, after))
    return sorted(found, key=lambda item: item[0])


def _nearest(text: str, quantity: Quantity, english: bool) -> tuple[str | None, str]:
    """The common word closest to ``quantity``: its key and its written form."""
    for distance, key, word, _after in _nearby(text, quantity, english):
        if distance <= _NEAR:
            return key, word
    return None, ""


# How far a Korean noun may sit after its figure when modifiers come between them:
# "700억 파라미터 규모의 초안 모델" is the draft model's size.
_MODIFIED_NEAR = 28


def _swapped_nearby(
    source_text: str,
    target_text: str,
    first: tuple[Quantity, Quantity],
    second: tuple[Quantity, Quantity],
) -> bool:
    """Within one clause, tell whether the words right beside two values are exchanged.

    A word beside both values ("12-layer retriever and 24-layer reader", "파라미터") tells
    them apart no more than their unit does, so the nearest word of its own stands for each;
    in Korean only the two English words count, a few modifiers away at most.
    """
    s1, s2 = _nearest(source_text, first[0], True)[0], _nearest(source_text, second[0], True)[0]
    t1 = _nearest(target_text, first[1], False)[0]
    t2 = _nearest(target_text, second[1], False)[0]
    if None not in (s1, s2) and s1 != s2 and t1 == s2 and t2 == s1:
        return True
    own = []
    for quantity in (first[0], second[0]):
        # An English figure that modifies a noun comes before it ("a 48-layer generator").
        candidates = sorted(
            (item for item in _nearby(source_text, quantity, True) if item[0] <= _NEAR),
            key=lambda item: (not item[3], item[0]),
        )
        own.append([key for _d, key, _w, _after in candidates])
    while own[0] and own[1] and own[0][0] == own[1][0]:
        shared = own[0][0]
        own = [[key for key in keys if key != shared] for keys in own]
    if not (own[0] and own[1]) or own[0][0] == own[1][0]:
        return False
    e1, e2 = own[0][0], own[1][0]
    korean = []
    for quantity in (first[1], second[1]):
        candidates = [
            (distance, key, word, after)
            for distance, key, word, after in _nearby(target_text, quantity, False)
            if distance <= _MODIFIED_NEAR and key in (e1, e2)
        ]
        # A figure that ends in an adnominal ("10억 파라미터 규모의 대상 모델") modifies the
        # first of the two nouns after it, whatever stands before the figure.
        following = min((item for item in candidates if item[3]), key=lambda i: i[0], default=None)
        if following is not None and _modifies(target_text, quantity, following):
            korean.append(following[1])
            continue
        candidates.sort(key=lambda item: item[0])
        korean.append(candidates[0][1] if candidates else None)
    return korean == [e2, e1]


_KO_ADNOMINAL_GAP = re.compile(r"\s?(?:[가-힣A-Za-z]+\s){0,2}[가-힣A-Za-z]*(?:의|인|짜리|급)\s")


def _modifies(text: str, quantity: Quantity, candidate: tuple[int, str, str, bool]) -> bool:
    """Whether a Korean figure is part of a modifier of the word after it."""
    _distance, _key, word, after = candidate
    if not after:
        return False
    start = text.find(word, quantity.span[1])
    return start >= 0 and bool(_KO_ADNOMINAL_GAP.fullmatch(text, quantity.span[1], start))


def _weight(keys: set[str], anchors: _Anchors) -> int:
    return sum(anchors[key][1] for key in keys)


_FROM_EN = re.compile(r"(?i)\bfrom\s+$")
_TO_EN = re.compile(r"(?i)\s*(?:to|→|->)\s*")
_FROM_TO_KO = re.compile(r"\s?(?:에서|부터)\s*|\s*(?:→|->)\s*")


def _reversed_range(source_text: str, target_text: str, pairs: list[tuple[Quantity, Quantity]]):
    """Find "from 45.2 to 61.8" written "61.8에서 45.2로": the change runs backwards."""
    for s1, t1 in pairs:
        for s2, t2 in pairs:
            if s1 is s2 or s1.value == s2.value:
                continue
            if not _FROM_EN.search(source_text, max(0, s1.span[0] - 8), s1.span[0]):
                continue
            if not _TO_EN.fullmatch(source_text, s1.span[1], s2.span[0]):
                continue
            if t2.span[1] <= t1.span[0] and _FROM_TO_KO.fullmatch(
                target_text, t2.span[1], t1.span[0]
            ):
                return s1, s2, t2
    return None


# "2,000 steps out of 100,000" is "10만 스텝 중 2,000 스텝": Korean names the whole first.
_EN_PART_OF = re.compile(
    r"(?i)(?:\s+[A-Za-z][\w\-]*){0,3}\s+out\s+of\s+(?:the\s+|all\s+|a\s+total\s+of\s+)?"
    r"|\s+of\s+(?:the\s+|its\s+|their\s+)?"
)
_KO_WHOLE_OF = re.compile(r"(?:\s?[가-힣A-Za-z\-]+){0,2}\s?(?:중|가운데)(?:에서)?\s?")


def _part_whole_reversed(
    source_text: str, target_text: str, pairs: list[tuple[Quantity, Quantity]]
) -> tuple[Quantity, Quantity, Quantity] | None:
    """Find "A out of B" written "A 중 B": the part is made the whole."""
    for s1, t1 in pairs:
        for s2, t2 in pairs:
            if s1 is s2 or s1.value == s2.value or s1.span[1] > s2.span[0]:
                continue
            if not _EN_PART_OF.fullmatch(source_text, s1.span[1], s2.span[0]):
                continue
            if t1.span[1] <= t2.span[0] and _KO_WHOLE_OF.fullmatch(
                target_text, t1.span[1], t2.span[0]
            ):
                return s1, s2, t1
    return None


def _digit_ranks(source: Quantity, target: Quantity) -> bool:
    return source.kind is target.kind is Kind.ORDINAL and all(
        any(char.isdigit() for char in quantity.text) for quantity in (source, target)
    )


_RESPECTIVELY = re.compile(r"(?i),?\s*respectively\b")
_KO_RESPECTIVELY = re.compile(r"각각")
_SENTENCE_END = re.compile(r"[.;!?](?!\d)")
_SENTENCE = re.compile(r"(?:[^.;!?]|\.(?=\d))+(?:[.;!?](?!\d)|$)")


def _anchor_hits(text: str, english: bool) -> list[tuple[int, int, str, str]]:
    return sorted(
        (*_concept_hits(text, english), *_device_hits(text), *_name_hits(text)),
        key=lambda hit: hit[0],
    )


# What joins the items of a list: "A, B and C", "A와 B", "A, B, C".
_EN_COORDINATOR = re.compile(
    r"(?i)\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|versus|vs\.?)\s+|\s*/\s*)(?:the\s+)?"
)
# An aside in brackets may follow an item ("GPT-4(오픈AI)와"), and a head noun the items share
# may be repeated ("학습 세트와 테스트 세트").
_KO_COORDINATOR = re.compile(
    r"(?:\([^()]{1,20}\))?\s*(?:[가-힣]+\s?)??"
    r"(?:,|·|/|와|과|및|그리고|하고|이랑|랑|또는|혹은|이나|나|,\s*그리고)\s*"
)


def _coordinated(hits, text: str, count: int, english: bool, *, last: bool) -> list[str] | None:
    """The keys of ``count`` anchors in a row that a list joins ("MMLU and GSM8K"), the run
    nearest the figures: the last one before them, or the first one after them."""
    joiner = _EN_COORDINATOR if english else _KO_COORDINATOR
    runs = []
    for index in range(len(hits) - count + 1):
        run = hits[index : index + count]
        if len({hit[2] for hit in run}) == count and all(
            joiner.fullmatch(text, first[1], second[0]) for first, second in pairwise(run)
        ):
            runs.append([hit[2] for hit in run])
    if not runs:
        return None
    return runs[-1] if last else runs[0]


def _respective(
    source_text: str, target_text: str, pairs: list[tuple[Quantity, Quantity]]
) -> list[list[tuple[Quantity, Quantity, str, str]]]:
    """Read each "A, B and C hold X, Y and Z, respectively": per list, every listed figure
    with its target, the item the source gives it and the item the target gives it.

    The English pairs items and figures by their places in two lists. The Korean either
    keeps both lists ("A, B, C에는 각각 X, Y, Z") or writes each figure beside its item
    ("C는 Z, B는 Y, A는 X"). A list the texts do not show this way is left out.
    """
    read = []
    previous = 0
    for marker in _RESPECTIVELY.finditer(source_text):
        sentence = next(
            (m for m in _SENTENCE.finditer(source_text) if m.start() <= marker.start() < m.end()),
            None,
        )
        if sentence is None:
            continue
        # A second "respectively" of one sentence lists the figures after the first.
        begin = max(sentence.start(), previous)
        previous = marker.end()
        listed = sorted(
            (pair for pair in pairs if begin <= pair[0].span[0] < marker.start()),
            key=lambda pair: pair[0].span[0],
        )
        if len(listed) < 2 or len({pair[0].value for pair in listed}) < len(listed):
            continue
        first, last = listed[0][0].span[0], listed[-1][0].span[1]
        hits = [
            h for h in _anchor_hits(source_text, True) if sentence.start() <= h[0] < sentence.end()
        ]
        before = [h for h in hits if h[1] <= first]
        after = [h for h in hits if h[0] >= last and h[1] <= marker.start()]
        items = _coordinated(after, source_text, len(listed), True, last=False) or _coordinated(
            before, source_text, len(listed), True, last=True
        )
        if items is None:
            continue
        found = _items_in_target(target_text, [target for _source, target in listed], items)
        if found is None:
            continue
        read.append(
            [
                (source, target, item, found[id(target)])
                for (source, target), item in zip(listed, items, strict=True)
            ]
        )
    return read


def _items_in_target(
    target_text: str, targets: list[Quantity], items: list[str]
) -> dict[int, str] | None:
    """The item the target gives each figure, by id; ``None`` when it does not show."""
    targets = sorted(targets, key=lambda target: target.span[0])
    sentence = next(
        (m for m in _SENTENCE.finditer(target_text) if m.start() <= targets[0].span[0] < m.end()),
        None,
    )
    if sentence is None or targets[-1].span[0] >= sentence.end():
        return None
    hits = [
        h
        for h in _anchor_hits(target_text, False)
        if h[2] in items and sentence.start() <= h[0] < sentence.end()
    ]
    each = _KO_RESPECTIVELY.search(target_text, sentence.start(), sentence.end())
    found: dict[int, str] = {}
    if each is not None and all(t.span[0] > each.end() for t in targets):
        # Both lists kept: the items before 각각, in order, and the figures after it; the
        # figures sit beside the last item, so no nearer word tells them apart.
        before = [h for h in hits if h[1] <= each.start()]
        keys = _coordinated(before, target_text, len(items), False, last=True)
        if keys is None:
            return None
        return dict(zip((id(t) for t in targets), keys, strict=True))
    for target in targets:
        key, _word = _nearest_of(target_text, target, items)
        if key is None:
            return None
        found[id(target)] = key
    return found if len(set(found.values())) == len(found) else None


def _listed_respectively(source_text: str, quantity: Quantity) -> bool:
    """Whether a figure of the source comes before a "respectively" of its sentence."""
    marker = _RESPECTIVELY.search(source_text, quantity.span[1])
    if marker is None:
        return False
    return not _SENTENCE_END.search(source_text, quantity.span[1], marker.start())


def _nearest_of(text: str, quantity: Quantity, keys: list[str]) -> tuple[str | None, str]:
    for distance, key, word, _after in _nearby(text, quantity, False):
        if key in keys and distance <= _MODIFIED_NEAR:
            return key, word
    return None, ""


def _swapped(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report two matched values that the target attaches to each other's words.

    "7B for the encoder and 13B for the decoder" as "인코더에는 13B, 디코더에는
    7B" matches as a multiset; only the words beside each number tell the swap.
    """
    # A weak reading is no anchor, but a rank written in digits on both sides ("1st", "1위")
    # is as firm as any figure.
    for _fraction, part, whole in matcher.split:
        if part.span[1] <= whole.span[0] and _KO_WHOLE_OF.fullmatch(
            target_text, part.span[1], whole.span[0]
        ):
            params = {
                "first": part.text,
                "second": whole.text,
                "first_text": part.text,
                "second_text": whole.text,
            }
            return [_finding(Severity.ERROR, SWAPPED, part.span, WHY_PART_WHOLE, params)]
    pairs = [
        (s, t)
        for s, t in matcher.pairs
        if (not s.optional and not t.optional) or _digit_ranks(s, t)
    ]
    if len(pairs) < 2:
        return []
    if reversed_range := _reversed_range(source_text, target_text, pairs):
        first, second, target = reversed_range
        params = {
            "first": first.text,
            "second": second.text,
            "first_text": first.text,
            "second_text": second.text,
        }
        return [_finding(Severity.ERROR, SWAPPED, target.span, WHY_REVERSED, params)]
    if part_whole := _part_whole_reversed(source_text, target_text, pairs):
        part, whole, target = part_whole
        params = {
            "first": part.text,
            "second": whole.text,
            "first_text": part.text,
            "second_text": whole.text,
        }
        return [_finding(Severity.ERROR, SWAPPED, target.span, WHY_PART_WHOLE, params)]
    respective = _respective(source_text, target_text, pairs)
    for rows in respective:
        wrong = [row for row in rows if row[2] != row[3]]
        if not wrong:
            continue
        source, target, _item, given = wrong[0]
        other = next(row[0] for row in rows if row[2] == given)
        params = {
            "first": source.text,
            "second": other.text,
            "first_text": source.text,
            "second_text": other.text,
        }
        return [_finding(Severity.ERROR, SWAPPED, target.span, WHY_RESPECTIVELY, params)]
    # Figures listed "respectively" go with their items by place, read or not; the words
    # beside them would pair "A and B score X and Y" the wrong way round.
    pairs = [pair for pair in pairs if not _listed_respectively(source_text, pair[0])]
    if len(pairs) < 2:
        return []
    sources = [s for s, _ in pairs]
    targets = [t for _, t in pairs]
    read_source = [_anchors(source_text, s, sources, english=True) for s in sources]
    read_target = [_anchors(target_text, t, targets, english=False) for t in targets]
    for first in range(len(pairs)):
        for second in range(first + 1, len(pairs)):
            s1, s2 = sources[first], sources[second]
            if s1.kind is not s2.kind or s1.value == s2.value:
                continue
            (cs1, a_s1), (cs2, a_s2) = read_source[first], read_source[second]
            (ct1, a_t1), (ct2, a_t2) = read_target[first], read_target[second]
            if cs1 == cs2 or ct1 == ct2:
                if _swapped_nearby(source_text, target_text, pairs[first], pairs[second]):
                    params = {
                        "first": s1.text,
                        "second": s2.text,
                        "first_text": s1.text,
                        "second_text": s2.text,
                        "first_anchor": _nearest(source_text, s1, english=True)[1],
                        "second_anchor": _nearest(source_text, s2, english=True)[1],
                    }
                    return [
                        _finding(Severity.ERROR, SWAPPED, targets[first].span, WHY_SWAPPED, params)
                    ]
                continue
            # Each value anchors the other's clause; what both clauses share tells nothing.
            a_s1 = {k: v for k, v in a_s1.items() if k != f"#{s2.value}"}
            a_s2 = {k: v for k, v in a_s2.items() if k != f"#{s1.value}"}
            a_t1 = {k: v for k, v in a_t1.items() if k != f"#{s2.value}"}
            a_t2 = {k: v for k, v in a_t2.items() if k != f"#{s1.value}"}
            shared = set(a_s1) & set(a_s2) | set(a_t1) & set(a_t2)
            own1, own2 = set(a_s1) - shared, set(a_s2) - shared
            cross1, cross2 = own1 & set(a_t2), own2 & set(a_t1)
            straight = _weight(own1 & set(a_t1), a_s1) + _weight(own2 & set(a_t2), a_s2)
            cross = _weight(cross1, a_s1) + _weight(cross2, a_s2)
            if cross1 and cross2 and cross > straight:
                params = {
                    "first": s1.text,
                    "second": s2.text,
                    "first_text": s1.text,
                    "second_text": s2.text,
                    "first_anchor": a_s1[min(cross1)][0],
                    "second_anchor": a_s2[min(cross2)][0],
                }
                return [_finding(Severity.ERROR, SWAPPED, targets[first].span, WHY_SWAPPED, params)]
    return []


# Bounds --------------------------------------------------------------------

# "over 70%" against "70% 미만": the value is kept, the side of it is not. "nearly 100"
# stays just below its figure, so it sides with the upper bounds: "100개에 가까운" keeps
# it, "100개 이상" does not. "since 2017" and "2017년부터" are lower bounds in time.
_EN_BOUND_BEFORE = re.compile(
    r"(?i)(?:(?P<near>\bnearly|\balmost|\bclose\s+to|\bjust\s+(?:under|below|shy\s+of)"
    r"|\bslightly\s+(?:under|below|less\s+than)|\bshy\s+of|\bapproaching|\bnot\s+quite)"
    r"|(?P<upper>\bno\s+more\s+than|\bnot\s+more\s+than|\bless\s+than|\bfewer\s+than"
    r"|\bno[t]?\s+(?:higher|greater|larger|bigger|longer|later)\s+than|\bnot\s+exceeding"
    r"|\bwithin"
    r"|\bunder|\bbelow|\bat\s+most|\bup\s+to|\bas\s+(?:many|much|high|long|large)\s+as"
    r"|\buntil|\btill|\bbefore|\b(?:shorter|smaller|lower|younger|earlier|narrower)\s+than"
    r"|[<≤])"
    r"|(?P<lower>\bno[t]?\s+(?:fewer|less|lower|smaller|shorter|earlier)\s+than|\bmore\s+than|\bover|\babove|\bat\s+least"
    r"|\bgreater\s+than|\bexceed(?:s|ed|ing)?|\bsurpass(?:es|ed|ing)?|\bupwards\s+of|\bas\s+(?:few|little|low|short|small)\s+as"
    r"|\bsince|\b(?:longer|larger|bigger|higher|older|later|wider|deeper)\s+than|[>≥]))"
    r"\s*[$€£₩]?$"
)
_EN_BOUND_AFTER = re.compile(
    r"(?i)\s*(?:\w+\s+)?(?:(?P<upper>or\s+(?:fewer|less|below|under))"
    r"|(?P<lower>or\s+(?:more|above|higher|greater)|and\s+(?:above|up)))\b"
)
_KO_BOUND_BEFORE = re.compile(
    r"(?:(?P<lower>최소|적어도)|(?P<upper>최대|많아야)|(?P<near>거의))\s?[$€£₩]?$"
)
# After the number: its counter or unit, a particle, a softening adverb, then the word.
_KO_BOUND_AFTER = re.compile(
    r"\s?(?:개의|개|명|장|건|대|배|점|단어|토큰|문장|시간|스텝|에폭|회|번|파라미터|매개변수|샘플"
    r"|쌍|줄|글자|레이어|층)?\s?"
    r"(?:[이가을를에]\s?)?(?:(?:약간|조금|살짝|다소|훨씬|좀|꽤|채)\s?)?"
    r"(?:(?P<lower>이상|초과|넘게|넘는|넘었|넘어|넘습|넘기|넘으|웃돌|웃도|웃돈|상회|부터|이후|이래"
    r"|보다\s?(?:많|긴|길|큰|크|높|늦|넓|깊))"
    r"|(?P<near>가까이|가까운|가깝|육박|못\s?미치|못\s?미칩|못\s?미친|못\s?미쳐|밑돌|밑도|밑돈"
    r"|안\s?되|안\s?걸)"
    r"|(?P<upper>이하|미만|하회|이내|까지|이전|보다\s?(?:적|짧|작|낮|이르|이른|좁|얕)))"
)


def _bound(text: str, quantity: Quantity, english: bool) -> tuple[str, str, bool] | None:
    """The side a bound word puts ``quantity`` on ("lower" or "upper"), the word, and
    whether the word only approaches the figure ("nearly", "가까이")."""
    start, end = quantity.span
    before = _EN_BOUND_BEFORE if english else _KO_BOUND_BEFORE
    after = _EN_BOUND_AFTER if english else _KO_BOUND_AFTER
    for match in (before.search(text, max(0, start - 24), start), after.match(text, end)):
        if match:
            groups = match.groupdict()
            if groups.get("near"):
                return "upper", groups["near"].strip(), True
            side = "lower" if groups.get("lower") else "upper"
            word = match.group(side).strip()
            if not english and "보다" in word and _KO_NEGATED.match(text, match.end()):
                # "50ms보다 길지 않다" is at most 50 ms.
                return ("upper" if side == "lower" else "lower"), word, False
            return side, word, False
    return None


# Whether a bound word takes in the figure itself: "at least 50" and "50개 이상" do, "more
# than 50" and "50개 초과" do not. Words that may go either way ("until", "까지") are neither.
_INCLUSIVE = re.compile(
    r"(?i)^(?:at\s+(?:most|least)|no\s+(?:more|fewer|less)\s+than|not\s+more\s+than|up\s+to"
    r"|as\s+\w+\s+as|or\s+\w+|and\s+\w+|[≤≥]|이상|이하|이내|최소|적어도|최대|많아야)$"
)
_EXCLUSIVE = re.compile(
    r"(?i)^(?:\w+\s+than|under|below|over|above|exceed\w*|surpass\w*"
    r"|[<>]|미만|초과|넘\w*|웃\w*|상회|하회|밑\w*|보다\s?\w+)$"
)


def _includes(word: str) -> bool | None:
    """Tell whether a bound word includes its figure; ``None`` when it may go either way."""
    word = re.sub(r"\s+", " ", word)
    if _INCLUSIVE.match(word):
        return True
    if _EXCLUSIVE.match(word):
        return False
    return None


_BoundWord = tuple[str, str, bool]


def _edge_changed(
    source: Quantity, target: Quantity, source_bound: _BoundWord, target_bound: _BoundWord
) -> Finding | None:
    """Report a bound on a count whose figure is now taken in or left out.

    "fewer than 50 words" as "50개 이하" lets a 50-word document through: a cap on a
    count is a filter, and its edge is a real item; so does "at least 10" as "10개 초과".
    "over N" as "N개 이상" is left alone, being the ordinary Korean for it ("over 100,000
    repositories"), and so are measures ("below 2 mm" as "2mm 이하"), whose single point
    hardly matters.
    """
    if source_bound[0] != target_bound[0]:
        return None
    if source.value != target.value:
        return None  # "fewer than 10" as "9 이하" moves the figure with the word
    if source_bound[2] or target_bound[2]:
        return None
    if source.kind is not Kind.PLAIN or source.value.denominator != 1:
        return None
    if source.dimension not in (None, "count", "text"):
        return None
    source_in, target_in = _includes(source_bound[1]), _includes(target_bound[1])
    if source_in is None or target_in is None or source_in == target_in:
        return None
    if source_bound[0] == "lower" and not source_in:
        return None  # "over 100" as "100개 이상": the ordinary Korean for it
    params = {
        **_params(source, target),
        "source_bound": source_bound[1],
        "target_bound": target_bound[1],
    }
    message = BOUND_INCLUDED if target_in else BOUND_EXCLUDED
    return _finding(Severity.ERROR, message, target.span, WHY_EDGE, params)


def _reversed_bounds(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report a matched value whose bound word points the other way in the target."""
    findings: list[Finding] = []
    for source, target in matcher.pairs:
        source_bound = _bound(source_text, source, english=True)
        target_bound = _bound(target_text, target, english=False)
        if (
            source_bound
            and target_bound
            and (edge := _edge_changed(source, target, source_bound, target_bound))
        ):
            findings.append(edge)
            continue
        if source_bound and target_bound and source_bound[0] != target_bound[0]:
            params = {
                **_params(source, target),
                "source_bound": source_bound[1],
                "target_bound": target_bound[1],
            }
            why = WHY_NEAR if source_bound[2] or target_bound[2] else WHY_BOUND
            findings.append(_finding(Severity.ERROR, BOUND_REVERSED, target.span, why, params))
    return findings


# Directions --------------------------------------------------------------------

# "increases by 15%" against "15% 감소": the figure is kept, the way it goes is not. Only
# plain words of rising and falling count. "faster", "improves" and "단축" do not: a
# speed-up shortens a time ("2x faster" is "2배 단축"), and "latency improves" falls.
# A figure that is itself a span of time ("40 ms faster") or a score in points ("2
# points better") has words of its own, read first.
# What may lie between a verb and its figure: no clause break, no other "by" or "but".
# The words of one phrase: no "by", "to" or conjunction, but "end-to-end" is one word.
_WITHIN_PHRASE = r"(?:(?!(?<!-)\b(?:by|but|while|whereas|and|than|to)\b(?!-))(?:[^.;,]|\.(?=\w)))"
_EN_UP = (
    r"increas\w*|rais(?:e|es|ed|ing)|boost\w*|grow\w*|grew|expand\w*|ris(?:e|es|ing)|rose"
    r"|gain(?:s|ed|ing)?|lift\w*|jump\w*|climb\w*|upwards?"
)
_EN_DOWN = (
    r"decreas\w*|reduc\w*|cut(?:s|ting)?|shr[iau]nk\w*|drop\w*|fall\w*|fell|declin\w*"
    r"|lower(?:s|ed|ing)|los(?:e|es|ing)|lost|degrad\w*|slash\w*|hurt\w*|downwards?"
)
# Verbs that compare with something named beside them: "outperforms GPT-3.5 by 4 points".
_EN_AHEAD = r"outperform\w*|beat(?:s|ing)?|exceed\w*|surpass\w*|lead(?:s|ing)?|led|lead\w*|ahead"
_EN_BEHIND = r"trail\w*|lag(?:s|ged|ging)?|underperform\w*|behind"
_EN_DIRECTION_BEFORE = re.compile(
    rf"(?i)\b(?:(?P<up>{_EN_UP})|(?P<down>{_EN_DOWN})|(?P<ahead>{_EN_AHEAD})"
    rf"|(?P<behind>{_EN_BEHIND}))\b{_WITHIN_PHRASE}{{0,40}}?\bby\s+"
    r"(?:a\s+factor\s+of\s+|about\s+|roughly\s+|around\s+|nearly\s+|almost\s+|over\s+"
    r"|only\s+|just\s+|up\s+to\s+|a\s+further\s+)?[$€£₩]?$"
)
# A verb of change measured without "by": "costs dropped 60%", "accuracy rose 4 points".
_EN_DIRECTION_DIRECT = re.compile(
    rf"(?i)\b(?:(?P<up>{_EN_UP})|(?P<down>{_EN_DOWN}))\s+(?:to\s+)?"
    r"(?:about\s+|roughly\s+|around\s+|nearly\s+|almost\s+|only\s+|just\s+|another\s+)?[$€£₩]?$"
)
# A metric may stand between the figure and its direction: "1.5 BLEU below the teacher".
_EN_DIRECTION_AFTER = re.compile(
    r"(?i)(?:\s+(?-i:[A-Z][A-Za-z0-9@.\-]*[A-Za-z0-9])(?=\s))?"
    r"[\s-]*(?:(?P<up>(?:more|higher|larger|bigger|greater|longer)(?!\s+[a-z]+(?:ent|ive"
    r"|able|ible|ful|ous|al|ic|ate|ant|ust|ure)\b)|increases?|rises?|jumps?|boosts?)"
    r"|(?P<down>(?:fewer|less)(?!\s+[a-z]+(?:ent|ive|able|ible|ful|ous|al|ic|ate|ant|ust|ure)\b)"
    r"|lower|smaller|shorter|cheaper"
    # The change named as a noun: "a 2% increase in refusals", "a fourfold drop".
    r"|decreases?|reductions?|drops?|declines?|falls?)"
    r"|(?P<ahead>ahead|above)|(?P<behind>behind|below))\b"
)
_KO_DIRECTION_AFTER = re.compile(
    r"(?:\s?(?:점|포인트|개|명|배))?(?:\s?(?:이|가|을|를|만큼|씩|정도|가량|이나|나|으로|로))?\s?"
    r"(?:(?:더|가량|정도|약간|조금|훨씬|크게)\s?)?"
    r"(?:(?P<up>높|많|증가|늘|상승|커지|커졌|커집|확대|올라|오르|올랐|올렸|올리|많아|인상(?!적)|자주"
    r"|비싸|비싼|비쌉|비쌌)"
    r"|(?P<down>낮|적(?:은|게|습|어|다|고|지)|감소|줄|하락|떨어|저하|내려|내렸|작아"
    r"|작(?:은|게|습|다|고)|덜|축소|절감|저렴|느리|느린|느려|인하)"
    r"|(?P<ahead>앞서|앞섭|앞선|앞질|능가|우세|이기|이긴|이겼)"
    r"|(?P<behind>뒤처|뒤쳐|뒤져|뒤지|뒤진|뒤졌|뒤집니|밀리|밀려|밀린|졌))"
)
# A span of time goes by its own words: "40 ms faster" takes less time, so it is "40ms
# 짧다" or "40ms 빠르다", and "40ms 길다" or "40ms 느리다" turns it round.
_EN_TIME_DIRECTION_AFTER = re.compile(
    r"(?i)[\s-]*(?:(?P<down>faster|quicker|sooner|earlier|shorter)|(?P<up>slower|later|longer))\b"
)
_KO_TIME_DIRECTION_AFTER = re.compile(
    r"(?:\s?(?:이|가|을|를|만큼|씩|정도|가량))?\s?(?:(?:더|약간|조금|훨씬|크게)\s?)?"
    r"(?:(?P<up>길|긴|늘|느리|느린|느려|늦|더\s?걸)|(?P<down>짧|빠르|빠른|빨라|빨리|빠릅|단축|앞당))"
)
# A score in points is better when it is higher: "1.5 points better" is "1.5포인트 높다".
_EN_SCORE_DIRECTION_AFTER = re.compile(r"(?i)[\s-]*(?:(?P<up>better)|(?P<down>worse))\b")
_KO_SCORE_DIRECTION_AFTER = re.compile(
    r"(?:\s?(?:이|가|을|를|만큼|씩|정도|가량))?\s?(?:(?:더|약간|조금|훨씬|크게)\s?)?"
    r"(?:(?P<up>좋|나아|나은|우수)|(?P<down>나쁘|나빠|나쁜|뒤떨어))"
)
_WAYS = {"up": 1, "ahead": 1, "down": -1, "behind": -1}
_KO_STANDARD = re.compile(r"(?P<word>[A-Za-z0-9][A-Za-z0-9.\-]*|[가-힣]+?)\s?보다")
# A verb that compares takes its standard as an object as well: "GPT-4를 2점 앞선다",
# "GPT-4에 2점 뒤진다". Only a Latin name is read so, as a Korean noun with "를" may be
# anything the sentence is about.
_KO_OBJECT_STANDARD = re.compile(r"(?P<word>[A-Za-z][A-Za-z0-9.\-]*)\s?(?:을|를|에)(?![가-힣])")


@dataclass(frozen=True)
class _Direction:
    way: int  # 1 for up, -1 for down
    word: str
    start: int  # where the word is, to tell a subject before it from an object after it
    relational: bool  # the word compares with something named beside it


def _direction(text: str, quantity: Quantity, english: bool) -> _Direction | None:
    """The way a change or a comparison goes for ``quantity``, from the words beside it."""
    start, end = quantity.span
    matches = []
    if quantity.dimension == "time":
        time_words = _EN_TIME_DIRECTION_AFTER if english else _KO_TIME_DIRECTION_AFTER
        matches.append(time_words.match(text, end))
    if quantity.kind is Kind.POINTS:
        score_words = _EN_SCORE_DIRECTION_AFTER if english else _KO_SCORE_DIRECTION_AFTER
        matches.append(score_words.match(text, end))
    if english:
        matches.append(_EN_DIRECTION_BEFORE.search(text, max(0, start - 80), start))
        matches.append(_EN_DIRECTION_DIRECT.search(text, max(0, start - 40), start))
        matches.append(_EN_DIRECTION_AFTER.match(text, end))
    else:
        matches.append(_KO_DIRECTION_AFTER.match(text, end))
    for match in matches:
        if match:
            name = match.lastgroup or ""
            return _Direction(
                _WAYS[name], match.group(name), match.start(name), name in ("ahead", "behind")
            )
    return None


def _latin_position(text: str, word: str) -> int | None:
    found = re.search(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", text)
    return found.start() if found else None


def _standard_first(
    source_text: str, target_text: str, target: Quantity, verb: int, objects: bool = False
) -> bool | None:
    """Tell whether the target compares with what the source names first.

    "B trails A" restated as "A가 B보다 앞섭니다" compares with B, the source's subject,
    so the direction rightly turns round; "B가 A보다" keeps the source's frame. ``None``
    when the target's "…보다" cannot be found in the source.
    """
    found = None
    # The standard is in the figure's own clause: a "보다" of an earlier clause compares
    # something else.
    clause = next(
        (start for start, end in _clause_bounds(target_text) if start <= target.span[0] <= end), 0
    )
    for match in _KO_STANDARD.finditer(target_text, clause, target.span[0]):
        found = match
    if found is None and objects:
        for match in _KO_OBJECT_STANDARD.finditer(target_text, clause, target.span[0]):
            found = match
    if found is None:
        return None
    # The standard is a noun phrase: in "가장 강력한 기준 모델보다" the words before "모델"
    # say which model, so they are read from the nearest back.
    phrase = _STANDARD_PHRASE.search(target_text, clause, found.start("word"))
    words = [found.group("word")]
    if phrase is not None:
        words += reversed(phrase.group().split())
    for word in words[:3]:
        position = _standard_position(source_text, target_text, word, found)
        if position is not None:
            return position < verb
    return None


# Up to two words right before the standard's last word, in the same clause.
_STANDARD_PHRASE = re.compile(r"(?:[A-Za-z0-9가-힣][A-Za-z0-9.\-가-힣]* ){1,2}$")


def _standard_position(
    source_text: str, target_text: str, word: str, found: re.Match[str]
) -> int | None:
    """Where the source names the target's ``word`` of a standard, if it does."""
    if word[0].isascii():
        return _latin_position(source_text, word)
    start = target_text.rfind(word, 0, found.end("word"))
    keys = {
        key
        for s, e, key, _ in _concept_hits(target_text, False)
        if s >= start and e <= start + len(word)
    }
    positions = [s for s, _, key, _ in _concept_hits(source_text, True) if key in keys]
    return positions[0] if positions else None


def _reversed_directions(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report a matched figure that rises in one text and falls in the other.

    A comparison may be restated from the other side ("B trails A by 2 points" as "A가 B보다
    2점 앞섭니다"); it is only reversed when the target compares with the same thing.
    """
    findings: list[Finding] = []
    for source, target in matcher.pairs:
        source_way = _direction(source_text, source, english=True)
        target_way = _direction(target_text, target, english=False)
        if source_way is None or target_way is None:
            continue
        first = _standard_first(
            source_text, target_text, target, source_way.start, objects=target_way.relational
        )
        if first is None and (source_way.relational or target_way.relational):
            continue
        same_frame = not first
        if (source_way.way == target_way.way) == same_frame:
            continue
        params = {
            **_params(source, target),
            "source_word": source_way.word,
            "target_word": target_way.word,
        }
        relational = first is not None
        why = WHY_COMPARISON if relational else WHY_DIRECTION
        if relational and first:
            why = WHY_COMPARISON_TURNED
        findings.append(_finding(Severity.ERROR, INVERTED, target.span, why, params))
    return findings


# Rates --------------------------------------------------------------------

# "45 tokens per second" is "초당 45개", not "분당 45개": a rate keeps its span of time,
# or converts its figure with it ("120 per minute" is "초당 2").
_EN_TIME_UNITS = {
    "second": "s", "sec": "s", "s": "s", "minute": "min", "min": "min", "hour": "h", "hr": "h",
    "h": "h", "day": "d", "week": "wk", "month": "mo", "year": "yr",
}  # fmt: skip
_KO_TIME_UNITS = {
    "초": "s", "분": "min", "시간": "h", "일": "d", "주": "wk", "개월": "mo", "달": "mo",
    "년": "yr",
}  # fmt: skip
_EN_PER_TIME = re.compile(
    r"(?i)\bper\s+(?:[A-Za-z0-9]+-)?(?P<unit>second|sec|minute|min|hour|hr|day|week|month|year)s?\b"
    r"|(?<=[A-Za-z0-9])/(?P<symbol>s|sec|min|h|hr|day)\b"
    r"|(?<=[KkMGT]b)ps\b"
    # "$15 an hour", "3 million queries a day".
    # After a figure or a counted plural; not "takes about a day" or "in a day", spans.
    r"|(?:(?<=[0-9%]\s)|(?<=[a-z]s\s)|(?<=\bonce\s)|(?<=\btwice\s))"
    r"(?<!\btakes\s)(?<!\blasts\s)(?<!\bneeds\s)(?<!\brequires\s)(?<!\bruns\s)(?<!\bis\s)"
    r"(?<!\bwas\s)(?<!\bhas\s)(?<!\bwithin\s)(?<!\bas\s)(?<!\bthis\s)"
    r"(?:a|an)\s+(?P<article>second|minute|hour|day|week|month|year)\b"
)
_KO_TIME = "초|분|시간|일|주|개월|달|년"
_KO_PER_TIME = re.compile(
    rf"(?<![가-힣0-9.,])(?:1\s?)?(?P<unit>{_KO_TIME})(?:당|마다)(?![가-힣])"
    rf"|(?<![가-힣])매\s?(?P<each>{_KO_TIME})(?![가-힣])"
    rf"|(?<![가-힣0-9.,])1\s?(?P<one>{_KO_TIME})(?:에|\s?동안)(?![가-힣])"
    r"|(?i:(?<=[A-Za-z0-9\s])(?:/s(?:ec)?|/초|fps|qps|rps|tps|tok/s|bps)(?![A-Za-z]))"
    # Words that say "every": "매일", "연간"; not the 주간 of "2주간" (for two weeks).
    # "연평균 267Gt" is an average per year.
    r"|(?<![가-힣0-9])(?P<word>일일|매일|매달|매월|월간|매주|주간|매년|연간|해마다|초속|분속|시속"
    r"|연평균|월평균|주평균|일평균)"
    r"(?:에|당|마다|간)?(?![가-힣])"
    # Spans that divide only with a particle or before their figure: "하루에 10만 건",
    # "하루 10만 건"; "하루 만에", "일주일 앞서", "최장 일주일" are spans of time.
    r"|(?<![가-힣0-9])(?P<span>하루|한\s?시간|한\s?달|일주일|한\s?해)"
    r"(?:(?:에|당|마다|간)(?![가-힣])"
    r"|(?=\s?(?:(?:평균|약|대략|최대|최소|거의|무려)\s?)*(?:[0-9]|(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉"
    r"|열|수)(?![가-힣]{2}))))"
    r"|(?<![가-힣])(?P<prefix>월|연|주|일)\s?(?=[0-9$₩])"
)
# Native words for a span of time that a rate divides by: "하루에 10만 건" is "100,000 a day",
# "초속 50cm" is "50 cm per second".
_KO_TIME_WORDS = {
    "하루": "d", "일일": "d", "매일": "d", "한시간": "h", "한달": "mo", "매달": "mo", "매월": "mo",
    "월간": "mo", "일주일": "wk", "매주": "wk", "주간": "wk", "한해": "yr", "매년": "yr",
    "연간": "yr", "해마다": "yr", "초속": "s", "분속": "min", "시속": "h", "연평균": "yr",
    "월평균": "mo", "주평균": "wk", "일평균": "d",
}  # fmt: skip
# "per epoch", "per GPU": any rate, which Korean writes "에폭당", "GPU마다", "매 단계", "GPU별".
_EN_PER = re.compile(r"(?i)(?<!as )\bper[\s-]+(?!cent\b|se\b)(?P<noun>[A-Za-z][A-Za-z0-9\-]*)")
_KO_PER = re.compile(
    # Not the 당 of 해당, 상당, 정당 (but "결정당" is "per decision").
    r"(?<![해상담부타적배할충감])(?<!(?<![가-힣])정)당(?![가-힣])"
    r"|(?<=[가-힣A-Za-z0-9])당(?=[은는의이가을를에도])"
    r"|마다|(?<![가-힣])매\s?(?=[가-힣A-Za-z])|(?<![특개차구식분선])(?<=[가-힣A-Za-z0-9])별(?![가-힣])"
    r"|(?<![가-힣])각\s|(?<![가-힣])(?:한|1)\s?(?:번|회)(?![가-힣])|(?<![가-힣])하나(?:에|의|당)"
)


@dataclass(frozen=True)
class _Per:
    unit: str
    text: str
    span: tuple[int, int]


def _time_denominators(text: str, english: bool) -> list[_Per]:
    found = []
    for match in (_EN_PER_TIME if english else _KO_PER_TIME).finditer(text):
        groups = match.groupdict()
        names = ("unit", "symbol", "each", "one", "article")
        name = next((g for g in names if groups.get(g)), None)
        word = match.group(name).lower() if name else "s"
        unit = (_EN_TIME_UNITS if english else _KO_TIME_UNITS).get(word, "s")
        if word := groups.get("word") or groups.get("span"):
            unit = _KO_TIME_WORDS[re.sub(r"\s", "", word)]
        elif prefix := groups.get("prefix"):
            # "월 5달러", "연 3%": a month, a year before the figure.
            unit = {"월": "mo", "연": "yr", "주": "wk", "일": "d"}[prefix]
        found.append(_Per(unit, match.group().strip(), match.span()))
    return found


def _outside_denominators(quantities: Iterable[Quantity], pers: list[_Per]) -> list[Quantity]:
    """Drop the "1초" of "1초에 50장": it is the span of a rate, not an amount of its own."""
    return [q for q in quantities if not any(p.span[0] <= q.span[0] < p.span[1] for p in pers)]


def _rate_of(text: str, per: tuple[int, int], quantities: Iterable[Quantity]) -> Quantity | None:
    """The figure a rate counts: the nearest quantity before "per", in the same clause."""
    before = [
        q
        for q in quantities
        if q.span[1] <= per[0]
        and per[0] - q.span[1] <= 48
        and not _CLAUSE_END.search(text, q.span[1], per[0])
    ]
    return max(before, key=lambda q: q.span, default=None)


def _rates(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report a rate whose span of time changed or vanished; pair figures converted with it."""
    sources = _time_denominators(source_text, english=True)
    targets = _time_denominators(target_text, english=False)
    any_target_rate = bool(targets) or bool(_KO_PER.search(target_text))
    for per in list(sources):
        same = next((t for t in targets if UNITS[t.unit][1] == UNITS[per.unit][1]), None)
        if same is not None:
            sources.remove(per)
            targets.remove(same)
    matched = [s for s, _ in matcher.pairs]
    if sources and targets:
        ds, dt = UNITS[sources[0].unit][1], UNITS[targets[0].unit][1]
        converted = False
        for source in list(matcher.source):
            for target in matcher.target:
                # "20 m/s" is "시속 72km": a rate of lengths converts both units at once.
                same = source.dimension is not None and source.dimension == target.dimension
                amount = source.base() if same else source.value
                other = target.base() if same else target.value
                if amount * dt == other * ds and _compatible(source, target):
                    matcher.source.remove(source)
                    matcher.target.remove(target)
                    matcher.pairs.append((source, target))
                    converted = True
                    break
        if converted:
            return []
        params = {"source": sources[0].text, "target": targets[0].text}
        return [_finding(Severity.ERROR, RATE_CHANGED, targets[0].span, WHY_RATE, params)]
    if sources:
        figure = _rate_of(source_text, sources[0].span, matched)
        if figure is None:
            return []
        target = next(t for s, t in matcher.pairs if s is figure)
        params = {**_params(figure, target), "per": sources[0].text}
        return [_finding(Severity.ERROR, RATE_LOST, target.span, WHY_RATE_LOST, params)]
    if any_target_rate:
        return []
    for match in _EN_PER.finditer(source_text):
        figure = _rate_of(source_text, match.span(), matched)
        if figure is not None:
            target = next(t for s, t in matcher.pairs if s is figure)
            params = {**_params(figure, target), "per": match.group()}
            return [_finding(Severity.ERROR, RATE_LOST, target.span, WHY_PER_LOST, params)]
    return []


# Parts of a year --------------------------------------------------------------------

# "late 2022" is "2022년 말", not "2022년 초"; "the first half of 2023" is "상반기". Each
# part is a stretch of the year, and two parts that do not overlap cannot both be right.
_EN_PERIOD_BEFORE = re.compile(
    r"(?i)(?:\b(?P<early>early|the\s+(?:beginning|start)\s+of)|\b(?P<late>late|the\s+end\s+of)"
    r"|\b(?P<mid>mid|the\s+middle\s+of)|\b(?P<h1>(?:the\s+)?first\s+half\s+of|H1)"
    r"|\b(?P<h2>(?:the\s+)?(?:second|latter)\s+half\s+of|H2)|\bQ(?P<q>[1-4]))[\s-]*(?:of\s+)?$"
)
_KO_PERIOD_AFTER = re.compile(
    r"\s?(?:(?P<early>초반|초|연초)|(?P<late>후반|말|연말)|(?P<mid>중반|중순)"
    r"|(?P<h1>상반기|전반기)|(?P<h2>하반기|후반기)|(?P<q>[1-4])\s?분기)" + FOLLOW_OK
)
_KO_QUARTER = re.compile(r"([1-4])\s?분기")
_PERIODS: dict[str, tuple[Fraction, Fraction]] = {
    "early": (Fraction(0), Fraction(2, 5)), "late": (Fraction(3, 5), Fraction(1)),
    "mid": (Fraction(3, 10), Fraction(7, 10)), "h1": (Fraction(0), Fraction(1, 2)),
    "h2": (Fraction(1, 2), Fraction(1)),
}  # fmt: skip


_Period = tuple[tuple[Fraction, Fraction], str]


def _period(text: str, year: Quantity, english: bool) -> _Period | None:
    """The stretch of the year that a word beside ``year`` names, and the word."""
    if english:
        match = _EN_PERIOD_BEFORE.search(text, max(0, year.span[0] - 24), year.span[0])
    else:
        match = _KO_PERIOD_AFTER.match(text, year.span[1])
    if not match:
        return None
    name = match.lastgroup or ""
    if name == "q":
        quarter = int(match.group("q"))
        return (Fraction(quarter - 1, 4), Fraction(quarter, 4)), match.group().strip()
    return _PERIODS[name], match.group().strip()


def _changed_periods(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report a year kept with a part of it that does not overlap the source's."""
    findings: list[Finding] = []
    for source, target in matcher.pairs:
        if source.kind is not Kind.YEAR or target.kind is not Kind.YEAR:
            continue
        source_part = _period(source_text, source, english=True)
        target_part = _period(target_text, target, english=False)
        if source_part is None or target_part is None:
            continue
        (low, high), (other_low, other_high) = source_part[0], target_part[0]
        if low < other_high and other_low < high:
            continue
        quarter = _KO_QUARTER.fullmatch(target_part[1])
        if quarter and re.search(rf"\bQ{quarter.group(1)}\b", source_text):
            continue  # "between Q1 and Q4 2024" as "2024년 1분기에서 4분기"
        params = {
            **_params(source, target),
            "source_period": source_part[1],
            "target_period": target_part[1],
        }
        findings.append(_finding(Severity.ERROR, PERIOD_CHANGED, target.span, WHY_PERIOD, params))
    return findings


# Start and end of a change --------------------------------------------------------------------

# "doubling the batch size to 512" ends at 512; "512에서 두 배로 늘리면" starts there.
_EN_CHANGE = (
    r"doubl|tripl|quadrupl|halv|increas|rais|grow|grew|expand|extend|scal|ris|rose|reduc|cut"
    r"|drop|fall|fell|decreas|lower|shrink|shrank|compress|jump|climb|boost|improv|truncat"
)
_EN_TO = re.compile(
    rf"(?i)\b(?:{_EN_CHANGE})\w*\b{_WITHIN_PHRASE}{{0,40}}?(?<!\bup)\s+to\s+[$€£₩]?$"
)
_EN_FROM = re.compile(r"(?i)\bfrom\s+[$€£₩]?$")
_KO_CHANGE = (
    r"늘|증가|줄|감소|상승|하락|떨어|오르|오른|오릅|올라|올랐|확대|축소|배로|향상|개선|높|낮"
    r"|내려|내리|내린|내렸|커지|커졌|작아|적어|인상|인하|단축|급증|급감|뛰"
)
_KO_FROM = re.compile(
    rf"(?:\s?[가-힣]{{1,3}})?\s?(?:에서|부터)(?![가-힣])(?=[^.;]{{0,20}}?(?:{_KO_CHANGE}))"
)
_KO_TO = re.compile(
    rf"(?:\s?[가-힣]{{1,3}})?\s?(?:으로|로|까지)(?![가-힣])(?=[^.;]{{0,20}}?(?:{_KO_CHANGE}))"
)


# "cuts the cost by 40%" names the size of a change; "40%로 줄인다" where it ends. A factor
# is the same either way ("by 2x" is "두 배로"), so it has no such role.
_EN_BY = re.compile(
    rf"(?i)\b(?:{_EN_UP}|{_EN_DOWN}|shorten\w*|improv\w*|extend\w*)\b{_WITHIN_PHRASE}{{0,40}}?"
    r"\bby\s+(?:about\s+|roughly\s+|around\s+|nearly\s+|almost\s+|only\s+|just\s+"
    r"|another\s+|a\s+further\s+)?[$€£₩]?$"
)
_KO_BY = re.compile(
    r"(?:\s?(?:개|명|배|점))?\s?(?:만큼|가량|정도|씩|이나|나|만|더)?\s?"
    r"(?:늘|증가|줄|감소|상승|하락|떨어|올라|올랐|오르|높|낮|향상|개선|단축|축소|절감|인상|인하"
    r"|감축|급증|급감|커지|커졌|작아|적어)"
)


def _role(text: str, quantity: Quantity, english: bool) -> str | None:
    """Whether ``quantity`` is where a change starts ("from"), where it ends ("to") or its
    size ("by")."""
    start, end = quantity.span
    if english:
        if _EN_FROM.search(text, max(0, start - 8), start):
            return "from"
        if _EN_TO.search(text, max(0, start - 80), start):
            return "to"
        return "by" if _EN_BY.search(text, max(0, start - 80), start) else None
    if _KO_FROM.match(text, end):
        return "from"
    if _KO_TO.match(text, end):
        return "to"
    return "by" if _KO_BY.match(text, end) else None


_CONFUSIONS = {
    ("to", "from"): (ENDS_CONFUSED, WHY_TO_FROM),
    ("from", "to"): (ENDS_CONFUSED, WHY_FROM_TO),
    ("by", "to"): (AMOUNT_OR_END, WHY_BY_TO),
    ("to", "by"): (AMOUNT_OR_END, WHY_TO_BY),
}


def _confused_ends(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report a figure that ends a change in one text and starts it, or sizes it, in the other."""
    findings: list[Finding] = []
    for source, target in matcher.pairs:
        # A factor, a figure converted ("by 75%" as "4분의 1로") or one already reported for
        # its sense has nothing more to tell.
        if Kind.MULTIPLIER in (source.kind, target.kind):
            continue
        if source.base() != target.base() or not _senses_agree(source, target):
            continue
        roles = (
            _role(source_text, source, english=True),
            _role(target_text, target, english=False),
        )
        if roles in _CONFUSIONS:
            message, why = _CONFUSIONS[roles]
            findings.append(
                _finding(Severity.ERROR, message, target.span, why, _params(source, target))
            )
    return findings


# Which end of a sequence a count is taken from: "the first 512 tokens" are "처음 512개
# 토큰", not "마지막 512개 토큰"; "the last 20 turns" may be "최근 20개 턴".
_EN_SEQUENCE_END = re.compile(
    r"(?i)\b(?:(?P<first>first|initial|opening|earliest|leading)"
    r"|(?P<last>last|final|closing|latest|trailing|most\s+recent))\s+$"
)
_KO_SEQUENCE_END = re.compile(
    r"(?<![가-힣])(?:(?P<first>처음|첫|맨\s?앞|앞|초반|선두)"
    r"|(?P<last>마지막|맨\s?끝|끝|맨\s?뒤|뒤|최근|후반|말미))(?:의)?\s?$"
)


def _sequence_end(text: str, quantity: Quantity, english: bool) -> str | None:
    pattern = _EN_SEQUENCE_END if english else _KO_SEQUENCE_END
    found = pattern.search(text, max(0, quantity.span[0] - 14), quantity.span[0])
    return found.lastgroup if found else None


def _other_end(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report a count taken from the start of a sequence in one text and its end in the other."""
    findings: list[Finding] = []
    for source, target in matcher.pairs:
        ends = (
            _sequence_end(source_text, source, english=True),
            _sequence_end(target_text, target, english=False),
        )
        if None in ends or ends[0] == ends[1]:
            continue
        # "the first 512 and the last 512" may be paired either way round.
        alike = [(s, t) for s, t in matcher.pairs if s.value == source.value]
        if Counter(_sequence_end(source_text, s, english=True) for s, _t in alike) == Counter(
            _sequence_end(target_text, t, english=False) for _s, t in alike
        ):
            continue
        why = WHY_FIRST_LAST if ends[0] == "first" else WHY_LAST_FIRST
        findings.append(
            _finding(Severity.ERROR, OTHER_END, target.span, why, _params(source, target))
        )
    return findings


# What a figure counts --------------------------------------------------------------------

# Units of work and of models that no translation renders as one another: "30 epochs" is
# never "30스텝", nor "2 nodes with 8 GPUs each" "GPU 2개를 갖춘 노드 8대".
_COUNTABLE = frozenset(
    [
        "epoch",
        "step",
        "node",
        "layer",
        "head",
        "language",
        "question",
        "expert",
        "gpu",
        "seed",
        "token",
        "sentence",
        "prompt",
    ]
)
# One word may stand between a figure and what it counts ("30 real tasks"), but not the
# "per" or "each" of a rate.
_EN_COUNTED_AFTER = re.compile(r"(?i)[\s-]+(?:(?!(?:per|each|every|an?)\b)[a-z]+[\s-]+)?")
_KO_COUNTER_AFTER = re.compile(r"\s?(?:개|대|명|건|번|회|종|층)?(?:의)?\s?")
_KO_COUNTER = re.compile(r"\s?(?:개|대|명|건)")
_EN_PER_NOUN = re.compile(r"(?i)\b(?:per|each)\s+(?:[a-z]+\s+)?$")
_KO_PER_NOUN = re.compile(r"\s?(?:당|마다|별)(?![가-힣])")


def _counted(text: str, quantity: Quantity, english: bool) -> tuple[str, str] | None:
    """The countable concept that ``quantity`` counts, with its written word: "30 epochs",
    "30스텝", "노드 8대"."""
    start, end = quantity.span
    hits = [hit for hit in _concept_hits(text, english) if hit[2] in _COUNTABLE]
    if english:
        gap = _EN_COUNTED_AFTER.match(text, end)
        after = gap.end() if gap else end
        return next(
            ((key, word) for s, e, key, word in hits if s in (end + 1, after) and s >= end), None
        )
    after = _KO_COUNTER_AFTER.match(text, end).end()
    for s, _e, key, word in hits:
        if s == after:
            return key, word
    if _KO_COUNTER.match(text, end):
        for _s, e, key, word in hits:
            if e <= start and not text[e:start].strip() and not _KO_PER_NOUN.match(text, e):
                return key, word
    return None


def _per_nouns(text: str, english: bool) -> dict[str, str]:
    """The countable concepts that the text's rates divide by, with their written words:
    "per step", "에포크당"."""
    found: dict[str, str] = {}
    for s, e, key, word in _concept_hits(text, english):
        if key not in _COUNTABLE:
            continue
        divides = (
            _EN_PER_NOUN.search(text, max(0, s - 20), s) if english else _KO_PER_NOUN.match(text, e)
        )
        if divides:
            found.setdefault(key, word)
    return found


def _counted_changed(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report a figure that counts another thing in the target, or two that trade nouns."""
    changed = []
    for source, target in matcher.pairs:
        if source.optional or target.optional:
            continue  # "one GPU" and "한 스텝" are articles as often as counts
        source_noun = _counted(source_text, source, True)
        target_noun = _counted(target_text, target, False)
        if source_noun and target_noun and source_noun[0] != target_noun[0]:
            changed.append((source, target, source_noun, target_noun))
    for source, target, source_noun, target_noun in changed:
        other = next(
            (
                item
                for item in changed
                if item[2][0] == target_noun[0] and item[3][0] == source_noun[0]
            ),
            None,
        )
        if other is not None:
            params = {
                "first": source.text,
                "second": other[0].text,
                "first_text": source.text,
                "second_text": other[0].text,
                "first_anchor": source_noun[1],
                "second_anchor": other[2][1],
            }
            return [_finding(Severity.ERROR, SWAPPED, target.span, WHY_SWAPPED, params)]
    findings = [
        _finding(
            Severity.ERROR,
            NOUN_CHANGED,
            target.span,
            WHY_NOUN_CHANGED,
            _params(source, target)
            | {"source_noun": source_noun[1], "target_noun": target_noun[1]},
        )
        for source, target, source_noun, target_noun in changed
    ]
    source_per, target_per = _per_nouns(source_text, True), _per_nouns(target_text, False)
    lost, gained = source_per.keys() - target_per.keys(), target_per.keys() - source_per.keys()
    if lost and gained:
        params = {"source_noun": source_per[min(lost)], "target_noun": target_per[min(gained)]}
        findings.append(_finding(Severity.ERROR, PER_CHANGED, None, WHY_PER_CHANGED, params))
    return findings


# Comparisons turned round ------------------------------------------------------------------

# "The baseline needs 4x as many steps as ours" is also "제안 방법은 기준 모델의 4분의 1만
# 필요하다": the target compares from the other side, so the figure is the reciprocal. It
# may do so only when what it compares with ("기준 모델의", "vLLM의") is what the source
# names first. "2x faster" likewise takes "절반의 시간".
_KO_STANDARD_BEFORE = re.compile(
    r"(?P<phrase>(?:[A-Za-z0-9가-힣][A-Za-z0-9.\-가-힣]*\s){0,3}[A-Za-z0-9가-힣][A-Za-z0-9.\-가-힣]*?)"
    r"(?:의|보다|\s대비|에\s비해)\s?(?:약\s?)?$"
)
# The proposed method, as both languages name it.
_EN_OURS = re.compile(r"(?i)\b(?:our|proposed|this)\b")
_KO_OURS = re.compile(r"^(?:제안|우리|본$)")
_EN_FASTER_AFTER = re.compile(r"(?i)[\s-]*(?:faster|quicker|speedup|speed-up)\b")
_KO_CLAUSE_PARTICLE = re.compile(r"(?:은|는|이|가|을|를|에서|에는|에게|에도|으로|로)$")
_KO_TIME_BEFORE = re.compile(r"시간(?:이|은|을)?\s?(?:약\s?)?$")
# After "두" or "2배" (whose span holds its 배): "배가 된다", "배로 늘어난다".
_KO_MORE_TIME_AFTER = re.compile(
    r"(?:\s?배)?(?:가|로)?\s?(?:되|됩|된|돼|늘|증가|길|걸|더\s?걸|커|많이\s?걸|많이\s?든|든다|듭니)"
)


def _reciprocal(source: Quantity, target: Quantity) -> bool:
    ratios = []
    for quantity in (source, target):
        if quantity.kind not in (Kind.MULTIPLIER, Kind.FRACTION):
            return False
        ratios.append(quantity.value)
    return ratios[0] * ratios[1] == 1 and ratios[0] != 1


def _names_the_subject(source_text: str, source: Quantity, word: str) -> bool:
    """Tell whether the target's ``word`` of a standard is what the source names before
    ``source``, its subject."""
    if word[0].isascii():
        position = _latin_position(source_text, word)
        return position is not None and position < source.span[0]
    if _KO_OURS.search(word):
        ours = _EN_OURS.search(source_text, 0, source.span[0])
        return ours is not None
    keys = {key for _, _, key, _ in _concept_hits(word, False)}
    return any(
        start < source.span[0]
        for start, _, key, _ in _concept_hits(source_text, True)
        if key in keys
    )


def _turned(source_text: str, target_text: str, source: Quantity, target: Quantity) -> bool:
    """Tell whether ``target`` says ``source`` from the other side of the comparison."""
    if not _reciprocal(source, target):
        return False
    before = target_text[max(0, target.span[0] - 40) : target.span[0]]
    if _EN_FASTER_AFTER.match(source_text, source.span[1]) and _KO_TIME_BEFORE.search(before):
        return True  # "2x faster": "시간이 절반"
    standard = _KO_STANDARD_BEFORE.search(before)
    if standard is None:
        return False
    # The standard's own words only: a word with a subject's or an object's particle
    # ("기준 모델은") belongs to the clause around the comparison.
    words = []
    for word in reversed(standard.group("phrase").split()):
        if words and _KO_CLAUSE_PARTICLE.search(word):
            break
        words.append(word)
    return any(_names_the_subject(source_text, source, word) for word in words)


def _shifted_bound(source_text: str, target_text: str, source: Quantity, target: Quantity) -> bool:
    """Tell whether a strict bound on a count is written with the next whole number and an
    inclusive word: "fewer than 10 words" is "9단어 이하", "more than one" "두 명 이상"."""
    if not (source.kind is target.kind is Kind.PLAIN) or source.value.denominator != 1:
        return False
    if source.dimension not in (None, "count", "text"):
        return False
    source_bound = _bound(source_text, source, english=True)
    target_bound = _bound(target_text, target, english=False)
    if source_bound is None or target_bound is None or source_bound[0] != target_bound[0]:
        return False
    if _includes(source_bound[1]) is not False or _includes(target_bound[1]) is not True:
        return False
    step = 1 if source_bound[0] == "lower" else -1
    return target.value == source.value + step


def _pair_turned(source_text: str, target_text: str, matcher: _Matcher) -> None:
    """Pair figures that a turned-round comparison writes as their reciprocals."""
    matcher.match(lambda s, t: _turned(source_text, target_text, s, t))


def _time_for_speed(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report "2x faster" written "시간이 두 배가 된다": the time doubles instead of halving."""
    findings = []
    for source, target in matcher.pairs:
        if source.kind is not Kind.MULTIPLIER or target.kind is not Kind.MULTIPLIER:
            continue
        before = target_text[max(0, target.span[0] - 12) : target.span[0]]
        if (
            _EN_FASTER_AFTER.match(source_text, source.span[1])
            and _KO_TIME_BEFORE.search(before)
            and _KO_MORE_TIME_AFTER.match(target_text, target.span[1])
        ):
            params = _params(source, target)
            findings.append(
                _finding(Severity.ERROR, INVERTED, target.span, WHY_TIME_NOT_SPEED, params)
            )
    return findings


# Comparisons between two figures ------------------------------------------------------------

# "오류율은 4.2%로 5.9%보다 높다" cannot be right, whatever the source says: 4.2 is not
# higher than 5.9.
_KO_THAN_AFTER = re.compile(
    r"\s?보다\s?(?:(?:더|훨씬|조금|약간|크게|많이)\s?)?"
    r"(?:(?P<up>(?:높|많)(?:다|은|고|으며|습|아|게)|크(?:다|고|며)|큰|커(?:서|요|졌|집)|길(?:다|고|며)|긴)"
    r"|(?P<down>(?:낮|적|작|짧)(?:다|은|고|으며|습|아|게)|덜))"
)
# "길지 않다" denies the comparison it starts.
_KO_NEGATED = re.compile(r"[가-힣]*지\s?(?:않|못)")
_SUBJECT_GAP = 40
# The figure compared is stated as such: "4.2%로", "4.2%이며", "4.2%는", not "40%의 데이터로".
_KO_STATED_AFTER = re.compile(r"\s?(?:으로|로|이고|이며|이지만|인데|는|은|,)(?![가-힣])")


def _compared_wrong_way(target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report "A … B보다 높다" where the figure A is in fact below B, or the reverse."""
    targets = sorted((t for _, t in matcher.pairs), key=lambda q: q.span)
    for index, second in enumerate(targets):
        than = _KO_THAN_AFTER.match(target_text, second.span[1])
        if than is None or _KO_NEGATED.match(target_text, than.end()):
            continue
        first = next(
            (
                q
                for q in reversed(targets[:index])
                if q.kind is second.kind
                and q.unit == second.unit
                and second.span[0] - q.span[1] <= _SUBJECT_GAP
                and _KO_STATED_AFTER.match(target_text, q.span[1])
            ),
            None,
        )
        if first is None or first.value == second.value:
            continue
        if than.lastgroup == "up" and first.value < second.value:
            why = WHY_NOT_HIGHER
        elif than.lastgroup == "down" and first.value > second.value:
            why = WHY_NOT_LOWER
        else:
            continue
        params = {"first": first.text, "second": second.text}
        return [_finding(Severity.ERROR, COMPARED_WRONG_WAY, second.span, why, params)]
    return []


# Each and in total --------------------------------------------------------------------

# "2 GPUs with 24 GB each" has 48 GB in all; "합계 24GB인 GPU 2개" has 24.
_EN_EACH_AFTER = re.compile(r"(?i)(?:\s+[A-Za-z][\w\-]*){0,3}\s+each\b(?!\s+of\b)")
_EN_EACH_BEFORE = re.compile(
    r"(?i)\beach\b[^.;,]{0,30}?\b(?:has|have|having|holds|holding|contains|containing|uses"
    r"|using|runs|gets|takes|with|[a-z]+ed)\s+(?:[a-z\-]+\s+){0,2}$"
)
_EN_TOTAL = re.compile(
    r"(?i)\b(?:a\s+total\s+of|in\s+total|totall?ing|combined|altogether|global\s+batch)\b"
)
# "130,000 demonstrations across 22 embodiments" are all of them together.
# Not "5 prompts per task across 40 tasks", an amount for each.
_EN_ACROSS = re.compile(
    r"(?i)(?:\s+(?!per\b|each\b)[A-Za-z][\w\-]*){1,3}\s+across\s+(?:all\s+|the\s+)?\d"
)
_KO_TOTAL_BEFORE = re.compile(r"(?:총|합계|합쳐서?|모두\s?합해|도합|전체)\s?$")
_KO_EACH = re.compile(r"각각|(?<![가-힣])각\s|씩|마다")
# "GPU당 1,024": the 당 right before the figure.
_KO_PER_BEFORE = re.compile(r"(?<=[가-힣A-Za-z0-9])당\s?$")


def _each_or_total(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report an amount for each of several written as their total, or the reverse."""
    findings: list[Finding] = []
    for source, target in matcher.pairs:
        start, end = source.span
        each = bool(
            _EN_EACH_AFTER.match(source_text, end)
            or _EN_EACH_BEFORE.search(source_text, max(0, start - 40), start)
        )
        low, high = next(
            ((a, b) for a, b in _clause_bounds(source_text) if a <= start <= b),
            (0, len(source_text)),
        )
        total = bool(
            _EN_TOTAL.search(source_text, max(low, start - 20), min(high, end + 24))
            or _EN_ACROSS.match(source_text, end)
        )
        near = target_text[max(0, target.span[0] - 12) : target.span[1] + 6]
        target_total = bool(
            _KO_TOTAL_BEFORE.search(target_text, max(0, target.span[0] - 6), target.span[0])
        )
        target_each = bool(
            _KO_EACH.search(near)
            or _KO_PER_BEFORE.search(target_text, max(0, target.span[0] - 3), target.span[0])
        )
        if each and not total and target_total and not target_each:
            why = WHY_EACH_TOTAL
        elif total and not each and target_each and not target_total:
            why = WHY_TOTAL_EACH
        else:
            continue
        findings.append(
            _finding(Severity.ERROR, SHARE_OR_TOTAL, target.span, why, _params(source, target))
        )
    return findings


# Hedges --------------------------------------------------------------------

# "about 60%" written "정확히 60%" claims a precision the source does not; "exactly 512"
# written "약 512" gives one up. Dropping a hedge is common and left alone.
_EN_HEDGE_BEFORE = re.compile(
    r"(?i)(?:\b(?:about|around|roughly|approximately|approx\.|circa|some)\s*|~\s?)[$€£₩]?$"
)
_EN_EXACT_BEFORE = re.compile(r"(?i)\b(?:exactly|precisely)\s+[$€£₩]?$")
_KO_HEDGE_BEFORE = re.compile(r"(?:(?<![가-힣])약|대략|얼추|~)\s?[$€£₩]?$")
_KO_HEDGE_AFTER = re.compile(r"\s?(?:개|명|장|대|건|번|회)?\s?(?:가량|정도|내외|안팎|남짓|쯤)")
_KO_EXACT_BEFORE = re.compile(r"(?:정확히|정확하게|딱)\s?[$€£₩]?$")


def _hedges_changed(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report a rough figure made exact in words, or an exact one made rough."""
    findings: list[Finding] = []
    for source, target in matcher.pairs:
        s_start, t_start = source.span[0], target.span[0]
        s_before = max(0, s_start - 16)
        t_before = max(0, t_start - 8)
        if _EN_HEDGE_BEFORE.search(source_text, s_before, s_start) and _KO_EXACT_BEFORE.search(
            target_text, t_before, t_start
        ):
            params = _params(source, target)
            findings.append(
                _finding(Severity.ERROR, APPROX_TO_EXACT, target.span, WHY_APPROX_TO_EXACT, params)
            )
        elif _EN_EXACT_BEFORE.search(source_text, s_before, s_start) and (
            _KO_HEDGE_BEFORE.search(target_text, t_before, t_start)
            or _KO_HEDGE_AFTER.match(target_text, target.span[1])
        ):
            params = _params(source, target)
            findings.append(
                _finding(Severity.ERROR, EXACT_TO_APPROX, target.span, WHY_EXACT_TO_APPROX, params)
            )
    return findings


# Top places --------------------------------------------------------------------

# "in the top 3" is any of the first three places; "3위" alone is the third. Korean keeps
# the range with "상위 3위", "3위 이내", "3위 안", "3위권".
_EN_TOP_BEFORE = re.compile(r"(?i)\btop[\s-]?$")
_KO_TOP_BEFORE = re.compile(r"(?:상위|톱|top|Top|TOP)[\s-]?$")
_KO_RANK_WORD = re.compile(r"[위등]$")
_KO_WITHIN_AFTER = re.compile(r"\s?(?:이내|안|내|권|까지|이상|안쪽|에\s?(?:들|든|올|오른|진입))")


_EN_END_BEFORE = re.compile(
    r"(?i)\b(?:(?P<top>top|best|highest)|(?P<bottom>bottom|worst|lowest))[\s-]?$"
)
_KO_END_BEFORE = re.compile(r"(?:(?P<top>상위|톱)|(?P<bottom>하위|최하위))\s?$")


def _narrowed_tops(source_text: str, target_text: str, matcher: _Matcher) -> list[Finding]:
    """Report "the top 3" written as the single rank "3위", or as "하위 3"."""
    findings: list[Finding] = []
    for source, target in matcher.pairs:
        start, end = target.span
        source_end = _EN_END_BEFORE.search(source_text, max(0, source.span[0] - 10), source.span[0])
        target_end = _KO_END_BEFORE.search(target_text, max(0, start - 6), start)
        if source_end and target_end and source_end.lastgroup != target_end.lastgroup:
            params = _params(source, target) | {
                "source_text": f"{source_end.group().strip()} {source.text}",
                "target_text": f"{target_end.group().strip()} {target.text}",
            }
            findings.append(
                _finding(Severity.ERROR, TOP_TURNED, target.span, WHY_TOP_TURNED, params)
            )
            continue
        if not _EN_TOP_BEFORE.search(source_text, max(0, source.span[0] - 8), source.span[0]):
            continue
        if target.kind is not Kind.ORDINAL or not _KO_RANK_WORD.search(target_text, start, end):
            continue
        if _KO_TOP_BEFORE.search(target_text, max(0, start - 8), start):
            continue
        if _KO_WITHIN_AFTER.match(target_text, end):
            continue
        params = _params(source, target)
        findings.append(_finding(Severity.ERROR, TOP_NARROWED, target.span, WHY_TOP, params))
    return findings


# Names --------------------------------------------------------------------


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


_DIGIT_RUNS = re.compile(r"\d+(?:\.\d+)*")


def _runs(name: NameToken) -> list[NameToken]:
    """One name per digit run of ``name``, to ask which of its digits a target kept."""
    return [replace(name, digits=(run,)) for run in name.digits]


def _shape(name: NameToken) -> str:
    """The name with its numbers blanked: "Mixtral 8x7B" and "8x22B" share "#x#b"."""
    return _DIGIT_RUNS.sub("#", name.norm)


_HANGUL_WORD = re.compile(r"[\s\-]?[가-힣]{2,}")


def _transliterated_tail(name: NameToken, other: NameToken, target_text: str) -> bool:
    """Tell whether ``other`` is ``name`` with its last word written in Hangul.

    "o1-preview" as "o1 프리뷰" keeps the name; "GPT-4o" as "GPT-4" does not.
    """
    if not name.norm.startswith(other.norm):
        return False
    tail = name.norm[len(other.norm) :]
    return (
        len(tail) >= 3 and tail.isalpha() and bool(_HANGUL_WORD.match(target_text, other.span[1]))
    )


def _check_names(source: Extraction, target: Extraction, target_text: str) -> list[Finding]:
    """Report source names whose digits the target lost or changed.

    A name may occur fewer times in the target (a translation says "이 모델"
    instead of repeating it); that is only reported when the target holds a
    differently numbered name of the same stem or shape ("Llama 3" for "Llama
    3.1"), or when the name and its digits are missing altogether.
    """
    findings: list[Finding] = []
    target_norm = normalise_name(target_text)
    counts = Counter(name.norm for name in source.names)
    firsts = {name.norm: name for name in reversed(source.names)}
    for norm, count in counts.items():
        # "gpt4" inside "gpt4o" is another name; "llama3.1" before "70b" is the same one.
        present = len(re.findall(rf"(?<![a-z0-9.]){re.escape(norm)}(?![a-z]|\.\d)", target_norm))
        if present >= count:
            continue
        name = firsts[norm]
        variants = [
            other
            for other in target.names
            if other.norm not in counts
            and ((name.stem and other.stem == name.stem) or _shape(other) == _shape(name))
            and not _transliterated_tail(name, other, target_text)
        ]
        if variants:
            params = {"source": name.text, "target": variants[0].text}
            findings.append(
                _finding(Severity.ERROR, NAME_CHANGED, variants[0].span, WHY_NAME_CHANGED, params)
            )
        elif not present and not _digits_present(name, target, target_text):
            # Some digits or the stem kept ("라마 3", "Llama" for "Llama-3-8B") is a name
            # cut short; nothing kept is more often a name replaced by "이 모델".
            partly = any(_digits_present(part, target, target_text) for part in _runs(name))
            partly = partly or (len(name.stem) >= 3 and name.stem in target_norm)
            severity = Severity.ERROR if partly else Severity.WARNING
            params = {"name": name.text, "digits": ", ".join(name.digits)}
            findings.append(_finding(severity, NAME_MISSING, None, WHY_NAME_MISSING, params))
    return findings


def check_numbers(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Compare the quantities and digit-bearing names of ``source`` and ``target``."""
    del context  # The check needs no digest-wide knowledge.
    source_read = extract(source, "en")
    target_read = extract(target, "ko")
    target_quantities = _outside_denominators(
        _with_senses(target_read, target), _time_denominators(target, english=False)
    )
    matcher = _match(_with_senses(source_read, source), target_quantities)
    matcher.drop_name_parts(source_read.names, target_read.names)
    _split_fractions(matcher, source)
    _pair_turned(source, target, matcher)
    matcher.match(lambda s, t: _shifted_bound(source, target, s, t))
    gaps = _gaps_as_percent(target, matcher)
    _pair_worked_out(matcher, source, target)
    rates = _rates(source, target, matcher)
    findings = gaps + _pair_mismatches(matcher) + rates
    findings += _leftovers(matcher, source, target)
    if not findings:
        findings = _swapped(source, target, matcher)
    findings += _reversed_bounds(source, target, matcher)
    findings += _reversed_directions(source, target, matcher)
    findings += _changed_periods(source, target, matcher)
    findings += _narrowed_tops(source, target, matcher)
    findings += _hedges_changed(source, target, matcher)
    findings += _confused_ends(source, target, matcher)
    findings += _other_end(source, target, matcher)
    findings += _each_or_total(source, target, matcher)
    findings += _compared_wrong_way(target, matcher)
    findings += _time_for_speed(source, target, matcher)
    findings += _counted_changed(source, target, matcher)
    findings += _check_names(source_read, target_read, target)
    # Two rules may see one slip ("2 and 8 are swapped" from their anchors and their nouns).
    unique: dict[object, Finding] = {}
    for finding in findings:
        unique.setdefault((finding.message, finding.span) if finding.span else id(finding), finding)
    return sorted(unique.values(), key=_finding_order)


def _finding_order(finding: Finding) -> tuple[int, int]:
    """Order findings by their place in the target; those without one go last."""
    return (finding.span[0], finding.span[1]) if finding.span else (1 << 30, 0)

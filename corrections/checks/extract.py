"""Read every quantity and every digit-bearing name of an English or Korean text.

The readers run from the most specific to the most general; each one masks
what it took so that later readers do not read the same characters again:
protected tokens (URLs, arXiv ids) first, then names ("GPT-4o"), dates,
ordinals, digits with their units, and finally number words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from corrections.checks import english, korean
from corrections.checks.digits import find_digit_numbers, find_scientific, find_slash_fractions
from corrections.checks.names import find_names
from corrections.checks.protected import find_protected
from corrections.checks.quantity import UNITS, Kind, NameToken, Quantity

Language = Literal["en", "ko"]

_MASK = "\x00"
_ISO_DATE = re.compile(
    r"(?<![0-9.])(?P<year>(?:19|20)\d{2})(?P<sep>[-/.])(?P<month>0?[1-9]|1[0-2])"
    r"(?P=sep)(?P<day>0?[1-9]|[12]\d|3[01])(?![0-9])"
)
# Words that join the two ends of a range written with one magnitude:
# "1–3 million", "5-10%", "2~3배", "1~3억", "between 1 and 3 million".
_RANGE_JOINER = re.compile(r"\s*(?:-|–|—|~|～|to|and)\s*")
_BETWEEN = re.compile(r"between\s+$", re.IGNORECASE)
_TOP_N = re.compile(r"(?i)top-?(?P<n>\d{1,3})")
_TOP_N_FREE = re.compile(r"(?i)(?<![A-Za-z0-9\x00])top-(?P<n>\d{1,3})(?![0-9A-Za-z.])")
_INHERITABLE = frozenset({Kind.PLAIN, Kind.PERCENT, Kind.POINTS, Kind.MULTIPLIER})
_MEASURED = frozenset(
    {"time", "data", "length", "frequency", "energy", "power", "mass", "money"}
)


@dataclass(frozen=True)
class Extraction:
    """The quantities and the digit-bearing names found in one text."""

    quantities: tuple[Quantity, ...]
    names: tuple[NameToken, ...]


class _Scanner:
    """Collects quantities while masking the characters already read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.chars = list(text)
        self.quantities: list[Quantity] = []

    @property
    def masked(self) -> str:
        """The text with every character read so far replaced by NUL."""
        return "".join(self.chars)

    def mask(self, spans: Iterable[tuple[int, int]]) -> None:
        """Hide ``spans`` from the readers that run later."""
        for start, end in spans:
            self.chars[start:end] = _MASK * (end - start)

    def read(self, reader: Callable[[str], list[Quantity]]) -> None:
        """Run one reader on the masked text and keep what does not overlap."""
        taken: list[tuple[int, int]] = []
        for quantity in sorted(reader(self.masked), key=lambda q: (q.span[0], -q.span[1])):
            start, end = quantity.span
            if _MASK in self.masked[start:end]:
                continue
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append(quantity.span)
            self.quantities.append(quantity)
        self.mask(taken)


# "2022.3~2023.6": a year and its month at each end, as terse Korean writes a span of months;
# a "2015.5" alone is a decimal.
_YEAR_MONTH = re.compile(
    r"(?<![0-9.,])(?P<year>(?:19|20)\d{2})\.(?P<month>0?[1-9]|1[0-2])(?![0-9]|\.[0-9])"
    r"(?=\s?[~–]\s?(?:19|20)\d{2}\.(?:0?[1-9]|1[0-2])(?![0-9]|\.[0-9]))"
    r"|(?<=[~–])\s?(?P<end_year>(?:19|20)\d{2})\.(?P<end_month>0?[1-9]|1[0-2])(?![0-9]|\.[0-9])"
)


def _find_dates(masked: str) -> list[Quantity]:
    """Read ISO-style dates ("2024-10-21") as a year, a month and a day, and "2022.3" as a
    year and a month."""
    found: list[Quantity] = []
    for match in _YEAR_MONTH.finditer(masked):
        groups = ("year", "month") if match.group("year") else ("end_year", "end_month")
        for group, kind in zip(groups, (Kind.YEAR, Kind.MONTH), strict=True):
            found.append(
                Quantity(match.group(group), Fraction(int(match.group(group))), kind,
                         match.span(group))
            )  # fmt: skip
    for match in _ISO_DATE.finditer(masked):
        for group, kind in (("year", Kind.YEAR), ("month", Kind.MONTH), ("day", Kind.PLAIN)):
            found.append(
                Quantity(match.group(group), Fraction(int(match.group(group))), kind,
                         match.span(group))
            )  # fmt: skip
    return found


def _find_top_n(masked: str) -> list[Quantity]:
    """Read "top-3" as the number 3, which Korean writes "상위 3개" or "3위"."""
    return [
        Quantity(match.group(), Fraction(int(match.group("n"))), Kind.PLAIN, match.span("n"),
                 alt_kinds=frozenset({Kind.ORDINAL}))
        for match in _TOP_N_FREE.finditer(masked)
    ]  # fmt: skip


def _share_range_magnitude(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """Give the first end of a range the magnitude, kind or unit of the second.

    In "1–3 million" and "1~3억" the "1" means one million and one hundred
    million. The first end must be bare digits and smaller than the written
    digits of the second end, so that "400 million to 8B" is left alone.
    """
    result = list(quantities)
    for index in range(len(result) - 1):
        first, second = result[index], result[index + 1]
        if not first.bare or second.kind not in _INHERITABLE:
            continue
        joiner = _RANGE_JOINER.fullmatch(text, first.span[1], second.span[0])
        if (
            joiner is not None
            and first.kind is Kind.PLAIN
            and first.unit is None
            and second.dimension in _MEASURED
            and (joiner.group().strip() != "and" or _BETWEEN.search(text, 0, first.span[0]))
        ):
            # "from 412 to 318 seconds", "2~3시간": both ends are in the unit, either way.
            result[index] = replace(first, unit=second.unit, bare=False)
            continue
        if second.scale == 1 and second.kind is Kind.PLAIN:
            continue
        joiner = _RANGE_JOINER.fullmatch(text, first.span[1], second.span[0])
        if joiner is None:
            continue
        if joiner.group().strip() == "and" and not _BETWEEN.search(text, 0, first.span[0]):
            continue
        written = second.value / second.scale
        if first.value >= written:
            continue
        result[index] = replace(
            first,
            value=first.value * second.scale,
            kind=second.kind,
            alt_kinds=second.alt_kinds,
            scale=second.scale,
            bare=False,
        )
    return result


_DURATION_JOINER = re.compile(r"\s*(?:and\s+)?")


def _join_durations(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """Read "1시간 30분" and "1 hour 30 minutes" as one duration, 90 minutes."""
    result: list[Quantity] = []
    for quantity in quantities:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.dimension == quantity.dimension == "time"
            and UNITS[previous.unit or ""][1] > UNITS[quantity.unit or ""][1]
            and _DURATION_JOINER.fullmatch(text, previous.span[1], quantity.span[0])
        ):
            unit_size = UNITS[quantity.unit or ""][1]
            larger = previous.base() / unit_size
            if (previous.unit, quantity.unit) == ("yr", "mo"):
                larger = previous.value * 12  # a year of the calendar, not 365 days of 30
            result[-1] = replace(
                quantity,
                text=text[previous.span[0] : quantity.span[1]],
                value=larger + quantity.value,
                span=(previous.span[0], quantity.span[1]),
            )
            continue
        result.append(quantity)
    return result


def _extract(text: str, language: Language) -> Extraction:
    """Read ``text`` without caching; see :func:`extract`."""
    scanner = _Scanner(text)
    scanner.mask(token.span for token in find_protected(text))
    # "1×10^-3" would otherwise be read as a name of dimensions.
    scanner.read(find_scientific)
    # "top-3" ranks like "상위 3개" or "3위"; it is a quantity, not a name to copy.
    names = [name for name in find_names(scanner.masked) if not _TOP_N.fullmatch(name.text)]
    scanner.mask(name.span for name in names)
    scanner.read(_find_top_n)
    scanner.read(_find_dates)
    if language == "ko":
        scanner.read(korean.find_per_one)
        scanner.read(korean.find_approximate)
        scanner.read(korean.find_fractions)
        scanner.read(korean.find_ordinals)
    else:
        scanner.read(english.find_labelled_ordinals)
        scanner.read(english.find_approximate)
        scanner.read(english.find_fractions)
        scanner.read(english.find_months)
    scanner.read(find_slash_fractions)
    scanner.read(find_digit_numbers)
    if language == "ko":
        scanner.read(korean.find_bare_magnitudes)
        scanner.read(korean.find_native_numbers)
    else:
        scanner.read(english.find_word_numbers)
        scanner.read(english.find_special_words)
    ordered = sorted(scanner.quantities, key=lambda q: q.span)
    ordered = _join_durations(text, _share_range_magnitude(text, ordered))
    return Extraction(tuple(ordered), tuple(names))


@lru_cache(maxsize=2048)
def extract(text: str, language: Language) -> Extraction:
    """Return the quantities and names of ``text`` written in ``language``.

    The result is cached because editors re-run the checks on the same
    segments while they work, and extraction is the costly part.
    """
    return _extract(text, language)

"""Numbers written with digits, in English and in Korean text alike.

Korean translations keep Latin forms such as "8B", "6.60%" and "2x", so one
reader serves both languages: it takes the digits, applies Korean units
("80억") or Latin magnitudes ("8B", "513 million"), then reads the unit that
decides the kind ("%", "%p", "배", "년", "1970s").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from corrections.checks.korean import FOLLOW_OK, parse_magnitude
from corrections.checks.quantity import Kind, Quantity

# Digits that are not glued to a word, a decimal point or a masked token. A
# number followed by ".5" or ",5" is a version or a list ("3.1.2", "1,2,3")
# and is skipped as a whole.
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9.,_\x00])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![0-9]|[.,][0-9])"
)

_SIZE_SUFFIXES: dict[str, int] = {
    "k": 10**3, "K": 10**3, "M": 10**6, "B": 10**9, "b": 10**9, "T": 10**12,
}  # fmt: skip
_MAGNITUDE_WORDS: dict[str, int] = {
    "hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
    "trillion": 10**12,
}  # fmt: skip

_SIZE = re.compile(r"[kKMBbT](?![A-Za-z0-9])")
_MAGNITUDE = re.compile(r"\s(?P<word>hundred|thousand|million|billion|trillion)\b")


@dataclass(frozen=True)
class _Unit:
    """A unit that may follow digits: its pattern and what it makes of them."""

    pattern: re.Pattern[str]
    kind: Kind
    alt_kinds: frozenset[Kind] = frozenset()
    factor: int = 1


# The order matters: "%p" must be tried before "%", "번째" before "번".
_UNITS: tuple[_Unit, ...] = (
    _Unit(
        re.compile(
            r"\s?(?:[%％]p(?![A-Za-z\-])|[%％]\s?포인트|퍼센트\s?포인트"
            r"|percentage[ -]points?\b|pp\b|p\.p\.|[%％][ -]points?\b)"
        ),
        Kind.POINTS,
    ),
    _Unit(re.compile(r"\s?(?:[%％]|퍼센트|percent\b|per cent\b)"), Kind.PERCENT),
    _Unit(re.compile(rf"(?:\s?×|x(?![A-Za-z0-9])|\s?-?fold\b|\s?배{FOLLOW_OK})"), Kind.MULTIPLIER),
    _Unit(re.compile(r"\s+times\b"), Kind.MULTIPLIER, frozenset({Kind.PLAIN})),
    _Unit(
        re.compile(rf"(?:\s?포인트{FOLLOW_OK}|\s+points?\b)"), Kind.POINTS, frozenset({Kind.PLAIN})
    ),
    _Unit(re.compile(r"\s?년대"), Kind.DECADE),
    _Unit(re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])"), Kind.ORDINAL),
    # "3위" also renders "top 3", so a Korean rank may match a plain number.
    _Unit(
        re.compile(rf"(?:번째|위{FOLLOW_OK}|등{FOLLOW_OK})"), Kind.ORDINAL, frozenset({Kind.PLAIN})
    ),
    _Unit(re.compile(r"\s+decades?\b"), Kind.PLAIN, factor=10),
)
_SLASH_FRACTION = re.compile(
    r"(?<![A-Za-z0-9.,/\x00])(?P<numerator>\d+)/(?P<denominator>\d+)(?![0-9/]|[.,][0-9])"
)
# "0-shot" is as often written "제로샷" as "0샷"; the zero is a setting name.
_ZERO_SHOT = re.compile(r"-?shot\b")
_ORDINAL_PREFIX = re.compile(r"(?<![가-힣])제$")
# "by a factor of 3" is a multiplier, as "3배" in Korean.
FACTOR_OF = re.compile(r"(?i)\bfactor\s+of\s+$")
_DECADE_S = re.compile(r"['’]?s(?![A-Za-z])")
_KOREAN_YEAR = re.compile(rf"\s?년(?!대){FOLLOW_OK}")
_KOREAN_MONTH = re.compile(rf"월{FOLLOW_OK}")


def _to_fraction(digits: str) -> Fraction:
    """Turn "1,300.5" into an exact fraction."""
    return Fraction(digits.replace(",", ""))


def _decade(digits: str) -> Fraction | None:
    """Return the decade that "1970" or "90" names, or ``None``.

    Two-digit decades are read as the 1900s from 30 up and as the 2000s
    below, the way "the 90s" and "20년대" are used in technical writing.
    """
    if not digits.isdigit() or not digits.endswith("0") or len(digits) not in (2, 4):
        return None
    value = int(digits)
    if len(digits) == 2:
        value += 1900 if value >= 30 else 2000
    return Fraction(value)


def _is_year(digits: str) -> bool:
    """Tell whether bare digits look like a calendar year (1900–2099)."""
    return len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2099


def _read_unit(
    masked: str, digits: str, value: Fraction, end: int
) -> tuple[Fraction, Kind, frozenset[Kind], int]:
    """Read the unit after a number and return ``(value, kind, alt_kinds, end)``."""
    for unit in _UNITS:
        match = unit.pattern.match(masked, end)
        if match:
            if unit.kind is Kind.DECADE:
                value = _decade(digits) or value
            return value * unit.factor, unit.kind, unit.alt_kinds, match.end()
    decade = _decade(digits)
    if decade is not None and (match := _DECADE_S.match(masked, end)):
        return decade, Kind.DECADE, frozenset(), match.end()
    if match := _KOREAN_YEAR.match(masked, end):
        year = _is_year(digits) or (digits.isdigit() and 1000 <= int(digits) <= 2999)
        return value, Kind.YEAR if year else Kind.PLAIN, frozenset(), match.end()
    if (match := _KOREAN_MONTH.match(masked, end)) and digits.isdigit() and 1 <= int(digits) <= 12:
        return value, Kind.MONTH, frozenset(), match.end()
    if _is_year(digits):
        return value, Kind.YEAR, frozenset(), end
    return value, Kind.PLAIN, frozenset(), end


def _read_scale(masked: str, end: int) -> tuple[Fraction, int] | None:
    """Read a Latin magnitude ("8B", "513 million") after the digits."""
    if match := _SIZE.match(masked, end):
        return Fraction(_SIZE_SUFFIXES[match.group()]), match.end()
    if match := _MAGNITUDE.match(masked, end):
        return Fraction(_MAGNITUDE_WORDS[match.group("word")]), match.end()
    return None


def find_slash_fractions(masked: str) -> list[Quantity]:
    """Find fractions written with a slash ("1/4 of the cost"), as Korean "4분의 1".

    Chains such as "80/10/10" are splits, not fractions, and are left to the
    digit reader; so are pairs with a four-digit part, which are years.
    """
    found: list[Quantity] = []
    for match in _SLASH_FRACTION.finditer(masked):
        numerator, denominator = match.group("numerator", "denominator")
        if int(denominator) == 0 or max(len(numerator), len(denominator)) >= 4:
            continue
        value = Fraction(int(numerator), int(denominator))
        found.append(Quantity(match.group(), value, Kind.PLAIN, match.span()))
    return found


def find_digit_numbers(masked: str) -> list[Quantity]:
    """Find every number written with digits in ``masked`` text."""
    found: list[Quantity] = []
    for match in _NUMBER.finditer(masked):
        start, end = match.span()
        digits = match.group()
        value = _to_fraction(digits)
        scale = Fraction(1)
        korean = parse_magnitude(masked, start)
        if korean is not None:
            value, scale, end = korean
        elif latin := _read_scale(masked, end):
            scale, end = latin
            value *= scale
        if scale != 1:
            # A magnitude fixes the reading: "2천만 개", "8B" are counts.
            kind, alt_kinds, unit_end = Kind.PLAIN, frozenset(), end
            for unit in _UNITS[:5]:
                if unit_match := unit.pattern.match(masked, end):
                    kind, alt_kinds, unit_end = unit.kind, unit.alt_kinds, unit_match.end()
                    break
        else:
            value, kind, alt_kinds, unit_end = _read_unit(masked, digits, value, end)
        if (
            kind is Kind.PLAIN
            and scale == 1
            and FACTOR_OF.search(masked, max(0, start - 16), start)
        ):
            kind = Kind.MULTIPLIER
        if (
            kind is Kind.PLAIN
            and scale == 1
            and _ORDINAL_PREFIX.search(masked, max(0, start - 1), start)
        ):
            # "제1저자", "제3장": the prefix 제 makes an ordinal, which may still
            # stand for a plain reference number ("Chapter 3").
            kind, alt_kinds = Kind.ORDINAL, frozenset({Kind.PLAIN})
        bare = scale == 1 and unit_end == match.end() and kind in (Kind.PLAIN, Kind.YEAR)
        optional = value == 0 and bool(_ZERO_SHOT.match(masked, unit_end))
        found.append(
            Quantity(
                text=masked[start:unit_end].strip(),
                value=value,
                kind=kind,
                span=(start, unit_end),
                alt_kinds=alt_kinds,
                scale=scale,
                bare=bare,
                optional=optional,
                pairable=not optional,
            )
        )
    return found

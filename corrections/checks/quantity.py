"""Value types shared by the number extractors and the ``numbers`` check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Context, Decimal
from enum import StrEnum
from fractions import Fraction


class Kind(StrEnum):
    """What a number measures; only quantities of compatible kinds can match."""

    PLAIN = "number"
    PERCENT = "percent"
    POINTS = "percentage points"
    MULTIPLIER = "multiplier"
    YEAR = "year"
    DECADE = "decade"
    MONTH = "month"
    ORDINAL = "ordinal"
    FRACTION = "fraction"
    APPROX = "approximate"


# Each unit: its dimension, its size in the base unit of the dimension (seconds,
# bits, metres), and for byte multiples the power of 1,000 or 1,024 it stands for (bit
# multiples are read in steps of 1,000 only, as networks count them).
UNITS: dict[str, tuple[str, Fraction, int]] = {
    "ns": ("time", Fraction(1, 10**9), 0),
    "µs": ("time", Fraction(1, 10**6), 0),
    "ms": ("time", Fraction(1, 1000), 0),
    "s": ("time", Fraction(1), 0),
    "min": ("time", Fraction(60), 0),
    "h": ("time", Fraction(3600), 0),
    "d": ("time", Fraction(86400), 0),
    "wk": ("time", Fraction(7 * 86400), 0),
    "mo": ("time", Fraction(30 * 86400), 0),
    "yr": ("time", Fraction(365 * 86400), 0),
    "bit": ("data", Fraction(1), 0),
    "B": ("data", Fraction(8), 0),
    "KB": ("data", Fraction(8 * 10**3), 1),
    "MB": ("data", Fraction(8 * 10**6), 2),
    "GB": ("data", Fraction(8 * 10**9), 3),
    "TB": ("data", Fraction(8 * 10**12), 4),
    "PB": ("data", Fraction(8 * 10**15), 5),
    "Kb": ("data", Fraction(10**3), 0),
    "Mb": ("data", Fraction(10**6), 0),
    "Gb": ("data", Fraction(10**9), 0),
    "Tb": ("data", Fraction(10**12), 0),
    "Hz": ("frequency", Fraction(1), 0),
    "kHz": ("frequency", Fraction(10**3), 0),
    "MHz": ("frequency", Fraction(10**6), 0),
    "GHz": ("frequency", Fraction(10**9), 0),
    "nm": ("length", Fraction(1, 10**9), 0),
    "µm": ("length", Fraction(1, 10**6), 0),
    "mm": ("length", Fraction(1, 1000), 0),
    "cm": ("length", Fraction(1, 100), 0),
    "m": ("length", Fraction(1), 0),
    "km": ("length", Fraction(1000), 0),
    "Wh": ("energy", Fraction(3600), 0),
    "kWh": ("energy", Fraction(3600 * 10**3), 0),
    "MWh": ("energy", Fraction(3600 * 10**6), 0),
    "GWh": ("energy", Fraction(3600 * 10**9), 0),
    "mW": ("power", Fraction(1, 1000), 0),
    "W": ("power", Fraction(1), 0),
    "kW": ("power", Fraction(10**3), 0),
    "MW": ("power", Fraction(10**6), 0),
    "GW": ("power", Fraction(10**9), 0),
    "mg": ("mass", Fraction(1, 1000), 0),
    "g": ("mass", Fraction(1), 0),
    "kg": ("mass", Fraction(10**3), 0),
    "t": ("mass", Fraction(10**6), 0),
    "kt": ("mass", Fraction(10**9), 0),
    "Mt": ("mass", Fraction(10**12), 0),
    "Gt": ("mass", Fraction(10**15), 0),
    "count": ("count", Fraction(1), 0),
    "USD": ("money", Fraction(1), 0),
    "¢": ("money", Fraction(1, 100), 0),  # US cents
    "EUR": ("money", Fraction(1), 0),
    "GBP": ("money", Fraction(1), 0),
    "KRW": ("money", Fraction(1), 0),
    "token": ("text", Fraction(1), 0),
    "word": ("text", Fraction(1), 0),
    "char": ("text", Fraction(1), 0),
    "param": ("text", Fraction(1), 0),
    "sentence": ("text", Fraction(1), 0),
    "document": ("text", Fraction(1), 0),
}


@dataclass(frozen=True)
class Quantity:
    """One number read from a text, normalised to an exact value.

    ``optional`` marks weak readings such as "one", "하나" or "the second":
    they may satisfy a quantity on the other side but are never reported as
    missing or extra. ``pairable`` says whether the quantity may be named as
    the wrong counterpart of an unmatched quantity; it is off for readings
    such as the Korean "한", which is usually the article "a". ``scale`` is
    the magnitude applied to the written digits (10**8 for "억", 10**9 for
    "B"), and ``bare`` marks digits written with no unit or magnitude at all,
    which is what lets "1–3 million" share its magnitude. ``unit`` names a unit of
    time or data (a key of :data:`UNITS`) or ``"count"`` after a Korean counter.
    ``equivalents`` are other readings that say the same ("3x fewer" is also 1/3);
    ``sense`` marks a percentage as a ``"share"`` ("70% of the size"), a
    ``"reduction"`` ("30% smaller") or a ``"growth"``, and a factor as ``"more"`` or
    ``"less"`` ("3x fewer").
    """

    text: str
    value: Fraction
    kind: Kind
    span: tuple[int, int]
    optional: bool = False
    pairable: bool = True
    alt_kinds: frozenset[Kind] = field(default_factory=frozenset)
    scale: Fraction = Fraction(1)
    bare: bool = False
    unit: str | None = None
    equivalents: frozenset[tuple[Kind, Fraction]] = field(default_factory=frozenset)
    sense: str | None = None

    @property
    def dimension(self) -> str | None:
        """What the unit measures ("time", "data", "count"), or ``None`` without a unit."""
        return UNITS[self.unit][0] if self.unit else None

    def base(self, *, binary: bool = False) -> Fraction:
        """The value in the base unit of its dimension (seconds, bits), for comparisons.

        Data sizes are read in decimal steps by default; ``binary`` reads them in steps
        of 1,024, since "1,024 MB" and "1 GB" are both common ways to write one size.
        """
        if not self.unit:
            return self.value
        _, factor, power = UNITS[self.unit]
        if binary and power:
            return self.value * 8 * 1024**power
        return self.value * factor


@dataclass(frozen=True)
class NameToken:
    """A name that carries digits (GPT-4o, Llama 3.1, 8x22B) and must be copied.

    ``norm`` is the lower-cased name without spaces, hyphens or underscores;
    ``stem`` is its leading letters, used to find a differently numbered
    version of the same name; ``parts`` are the digit-bearing pieces of the
    name, and ``digits`` the digit runs that a transliterated name keeps.
    """

    text: str
    span: tuple[int, int]
    norm: str
    stem: str
    parts: frozenset[str]
    digits: tuple[str, ...]


_SEPARATORS = re.compile(r"[\s_\-]+")
_DECIMAL_CONTEXT = Context(prec=60)


def normalise_name(text: str) -> str:
    """Lower-case ``text`` and drop spaces, hyphens and underscores."""
    return _SEPARATORS.sub("", text.lower())


def format_number(value: Fraction) -> str:
    """Format an exact value with thousands separators and no trailing zeros."""
    decimal = _DECIMAL_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))
    text = f"{decimal.normalize(_DECIMAL_CONTEXT):,f}"
    return text


# Values are shown with symbols only, never with words, because the finding's
# template is translated and its values are not.
_KIND_FORMATS: dict[Kind, str] = {
    Kind.PLAIN: "{}",
    Kind.PERCENT: "{}%",
    Kind.POINTS: "{}%p",
    Kind.MULTIPLIER: "{}×",
    Kind.YEAR: "{}",
    Kind.DECADE: "{}s",
    Kind.MONTH: "{}/12",
    Kind.ORDINAL: "#{}",
    Kind.FRACTION: "{}",
    Kind.APPROX: "~{}",
}


def format_value(quantity: Quantity) -> str:
    """Format the normalised value of ``quantity`` together with its kind.

    Years and decades are written without separators, as people write them.
    """
    if quantity.kind in (Kind.YEAR, Kind.DECADE):
        number = str(int(quantity.value))
    elif quantity.kind is Kind.FRACTION:
        value = quantity.value
        number = f"{value.numerator}/{value.denominator}" if value.denominator > 1 else "1"
    else:
        number = format_number(quantity.value)
    text = _KIND_FORMATS[quantity.kind].format(number)
    # Units are shown as symbols; counted nouns are words, which a template's values
    # must not carry, and the written text beside the value already shows them.
    if quantity.dimension in _MEASURES:
        text = f"{text} {quantity.unit}"
    return text


_MEASURES = frozenset({"time", "data", "money", "length", "frequency", "energy", "power", "mass"})


def describe(quantity: Quantity) -> str:
    """Return ``"8억 (800,000,000)"``: the written form and the normalised value."""
    return f"{quantity.text} ({format_value(quantity)})"


_KOREAN_GROUPS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))


def korean_form(value: Fraction) -> str | None:
    """Write a large whole number the Korean way, "80억" or "5억 1,300만"; else ``None``."""
    if value.denominator != 1 or value < 10**4:
        return None
    rest = int(value)
    parts = []
    for size, unit in _KOREAN_GROUPS:
        if rest >= size:
            parts.append(f"{rest // size:,}{unit}")
            rest %= size
    if rest:
        parts.append(f"{rest:,}")
    return " ".join(parts)

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
    which is what lets "1–3 million" share its magnitude.
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


_KIND_FORMATS: dict[Kind, str] = {
    Kind.PLAIN: "{}",
    Kind.PERCENT: "{}%",
    Kind.POINTS: "{} percentage points",
    Kind.MULTIPLIER: "{}×",
    Kind.YEAR: "year {}",
    Kind.DECADE: "the {}s",
    Kind.MONTH: "month {}",
    Kind.ORDINAL: "ordinal {}",
}


def format_value(quantity: Quantity) -> str:
    """Format the normalised value of ``quantity`` together with its kind.

    Years and decades are written without separators, as people write them.
    """
    if quantity.kind in (Kind.YEAR, Kind.DECADE):
        number = str(int(quantity.value))
    else:
        number = format_number(quantity.value)
    return _KIND_FORMATS[quantity.kind].format(number)


def describe(quantity: Quantity) -> str:
    """Return ``"8억 (800,000,000)"``: the written form and the normalised value."""
    return f"{quantity.text} ({format_value(quantity)})"

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

from corrections.checks.korean import FOLLOW_OK, comparison_sense, parse_magnitude
from corrections.checks.quantity import UNITS, Kind, Quantity

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
# "a 7-billion-parameter model" joins the magnitude with a hyphen; a title capitalises it.
_MAGNITUDE = re.compile(r"(?i)[\s-](?P<word>hundred|thousand|million|billion|trillion)\b")


@dataclass(frozen=True)
class _Unit:
    """A unit that may follow digits: its pattern and what it makes of them."""

    pattern: re.Pattern[str]
    kind: Kind
    alt_kinds: frozenset[Kind] = frozenset()
    factor: Fraction = Fraction(1)


# The order matters: "%p" must be tried before "%", "번째" before "번".
_UNITS: tuple[_Unit, ...] = (
    # "a 9-basis-point rise" is 0.09 percentage points: "0.09%p".
    _Unit(
        # "bp" too, but not "bps", which is as often bits per second.
        re.compile(r"(?i:(?:\s+|-)basis[ -]points?\b)|\s?bp\b"),
        Kind.POINTS,
        factor=Fraction(1, 100),
    ),
    _Unit(
        re.compile(
            r"\s?(?:[%％]p(?![A-Za-z\-])|[%％]\s?포인트|퍼센트\s?포인트"
            r"|percentage[ -]points?\b|pp\b|p\.p\.|[%％][ -]points?\b)"
        ),
        Kind.POINTS,
    ),
    _Unit(re.compile(r"\s?(?:[%％]|퍼센트|percent\b|per cent\b)"), Kind.PERCENT),
    # "40배속" is forty times real speed.
    _Unit(
        re.compile(rf"(?:\s?×|x(?![A-Za-z0-9])|\s?-?fold\b|\s?배속{FOLLOW_OK}|\s?배{FOLLOW_OK})"),
        Kind.MULTIPLIER,
    ),
    _Unit(re.compile(r"\s+times\b"), Kind.MULTIPLIER, frozenset({Kind.PLAIN})),
    _Unit(
        re.compile(rf"(?:\s?포인트{FOLLOW_OK}|(?:\s+|-)points?\b)"),
        Kind.POINTS,
        frozenset({Kind.PLAIN}),
    ),
    _Unit(re.compile(r"\s?년대"), Kind.DECADE),
    _Unit(re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])"), Kind.ORDINAL),
    # "3위" also renders "top 3", so a Korean rank may match a plain number; "3번째" is
    # only ever a position ("the first 1,000 steps" is not "1,000번째 스텝").
    _Unit(re.compile(r"번째"), Kind.ORDINAL),
    _Unit(re.compile(rf"(?:위{FOLLOW_OK}|등{FOLLOW_OK})"), Kind.ORDINAL, frozenset({Kind.PLAIN})),
    _Unit(re.compile(r"\s+decades?\b"), Kind.PLAIN, factor=Fraction(10)),
)
# Units of time and of data. A number kept with another unit ("40 ms" as "40초")
# is a different amount, while a converted one ("1.5 hours" as "90분") is the same.
_WORD_UNIT = r"(?:\s|-)?"
_END = r"(?![A-Za-z0-9])"


def _measure(words: str, korean: str = "", symbols: str = "") -> re.Pattern[str]:
    """A unit written as an English word, a Korean word or a Latin symbol."""
    # Titles capitalise the words: "in 24 Hours", "1-Bit".
    forms = [rf"{_WORD_UNIT}(?i:{words}){_END}"]
    if korean:
        forms.append(rf"{_WORD_UNIT}(?:{korean}){FOLLOW_OK}")
    if symbols:
        forms.append(rf"\s?(?:{symbols}){_END}")
    return re.compile("|".join(forms))


def _bits(prefix: str, korean: str, symbol: str) -> re.Pattern[str]:
    """A multiple of bits, also as the rate "Gbps", whose "ps" the rates read."""
    return re.compile(
        rf"{_WORD_UNIT}{prefix}bits?{_END}|{_WORD_UNIT}{korean}비트{FOLLOW_OK}"
        rf"|\s?(?:{symbol})b(?:it)?(?:(?=ps{_END})|(?=/)|{_END})"
    )


_MEASURES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_measure("nanoseconds?", "나노초", "ns"), "ns"),
    (_measure("microseconds?", "마이크로초", "[µμ]s"), "µs"),
    (_measure("milliseconds?", "밀리초", "ms|msec"), "ms"),
    (_measure("seconds?|secs?", "초(?!과)", "s(?![-'’])"), "s"),
    # Not the 분위 of a quantile ("소득 1분위").
    (_measure("minutes?|mins?", "분(?!의|위)"), "min"),
    (_measure("hours?|hrs?", "시간", "h(?!-)"), "h"),
    (_measure("days?", "일(?!부|반|관|상|종|련|치|정)"), "d"),
    (_measure("weeks?", "주(?!요|제|의|장|로)"), "wk"),
    (_measure("months?", "개월|\\s?달"), "mo"),
    (_measure("years?"), "yr"),
    (_measure("bits?", "비트"), "bit"),
    (_measure("bytes?", "바이트"), "B"),
    (_measure("kilobytes?", "킬로바이트", "KB|kB|KiB"), "KB"),
    (_measure("megabytes?", "메가바이트", "MB|MiB"), "MB"),
    (_measure("gigabytes?", "기가바이트", "GB|GiB"), "GB"),
    (_measure("terabytes?", "테라바이트", "TB|TiB"), "TB"),
    (_measure("petabytes?", "페타바이트", "PB|PiB"), "PB"),
    # Bits are not bytes: "400 Gb/s" (or "400Gbps") is an eighth of "400GB/s".
    (_bits("kilo", "킬로", "K|k"), "Kb"),
    (_bits("mega", "메가", "M"), "Mb"),
    (_bits("giga", "기가", "G"), "Gb"),
    (_bits("tera", "테라", "T"), "Tb"),
    (_measure("kilohertz", "킬로헤르츠", "kHz|KHz"), "kHz"),
    (_measure("megahertz", "메가헤르츠", "MHz"), "MHz"),
    (_measure("gigahertz", "기가헤르츠", "GHz"), "GHz"),
    (_measure("hertz", "헤르츠", "Hz"), "Hz"),
    (_measure("GPU[\\s-]?hours?", "GPU\\s?시간"), "h"),
    (_measure("GPU[\\s-]?days?", "GPU\\s?일"), "d"),
    # Lengths: "2 mm" kept as "2cm" is a tenfold error, "0.5 m" as "50cm" the same length.
    # A bare "m" is a unit only when set apart ("0.08 m"), before "/" ("0.5 m/s") or before
    # Korean ("2m 길이"): an English "5m" is as often five million.
    (_measure("nanomet(?:er|re)s?", "나노미터", "nm"), "nm"),
    (_measure("micromet(?:er|re)s?|microns?", "마이크로미터", "[µμ]m"), "µm"),
    (_measure("millimet(?:er|re)s?", "밀리미터", "mm"), "mm"),
    (_measure("centimet(?:er|re)s?", "센티미터", "cm"), "cm"),
    (_measure("kilomet(?:er|re)s?", "킬로미터", "km"), "km"),
    (_measure("met(?:er|re)s?", "미터", r"m(?=/|\s?[가-힣])|(?<=\s)m(?![A-Za-z0-9/])"), "m"),
    # Energy and power: "2.9 kWh" kept as "2.9Wh" is a thousandfold error.
    (_measure("gigawatt[\\s-]?hours?", "기가와트시", "GWh"), "GWh"),
    (_measure("megawatt[\\s-]?hours?", "메가와트시", "MWh"), "MWh"),
    (_measure("kilowatt[\\s-]?hours?", "킬로와트시", "kWh|KWh"), "kWh"),
    (_measure("watt[\\s-]?hours?", "와트시", "Wh"), "Wh"),
    (_measure("gigawatts?", "기가와트", "GW"), "GW"),
    (_measure("megawatts?", "메가와트", "MW"), "MW"),
    (_measure("kilowatts?", "킬로와트", "kW|KW"), "kW"),
    (_measure("watts?", "와트", "W"), "W"),
    (_measure("milliwatts?", "밀리와트", "mW"), "mW"),
    # Mass: "267 gigatonnes" is "2,670억 톤"; a bare "t" is too often something else.
    (_measure("milligrams?", "밀리그램", "mg"), "mg"),
    (_measure("kilograms?", "킬로그램", "kg"), "kg"),
    # Not the "13-gram" of n-grams.
    (_measure("(?<!-)grams?", "그램", "g"), "g"),
    (_measure("gigatonnes?|gigatons?", "기가톤", "Gt"), "Gt"),
    (_measure("megatonnes?|megatons?", "메가톤", "Mt"), "Mt"),
    (_measure("kilotonnes?|kilotons?", "킬로톤", "kt"), "kt"),
    (_measure("(?:metric\\s+)?(?:tonnes?|tons?)", "톤"), "t"),
    (_measure("dollars?|USD", "달러"), "USD"),
    (_measure("cents?", "센트", "¢"), "¢"),
    (_measure("KRW", "원"), "KRW"),
    (_measure("euros?|EUR", "유로"), "EUR"),
    # What is counted, when it follows the number: "2T tokens" is not "2조 단어".
    (_measure("tokens?", r"(?:개(?:의)?\s?)?토큰"), "token"),
    (_measure("words?", r"(?:개(?:의)?\s?)?단어"), "word"),
    (_measure("characters?|chars?", r"(?:개(?:의)?\s?)?(?:문자|글자)"), "char"),
    (_measure("parameters?|params?", r"(?:개(?:의)?\s?)?(?:파라미터|매개변수)"), "param"),
    (_measure("sentences?", r"(?:개(?:의)?\s?)?문장"), "sentence"),
    (_measure("documents?|docs?", r"(?:개(?:의)?\s?)?문서"), "document"),
)
_AND_A_HALF = re.compile(r"\s?반(?=이|을|의|에|만|동안|정도|가량|\s|[.,]|$)")
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "₩": "KRW", "£": "GBP"}
# Korean counters of things: "3개" cannot render "3 days".
_COUNTER = re.compile(r"\s?(?:개|명|장|대|건|마리|권|쌍)(?!월)" + FOLLOW_OK)
# "8×H100", "4x A100": the number of GPUs, not a factor; Korean writes "H100 8장".
_DEVICE_AFTER = re.compile(
    r"\s?(?:\x00|[A-Z][A-Za-z]*\s?\d|(?:NVIDIA|Nvidia|AMD|Intel|Google|TPU|GPU|CPU|Ascend)\b)"
)
# "3x fewer parameters", "cuts memory 4x": a factor that divides, also written "3분의 1".
_DIVIDING_AFTER = re.compile(
    r"(?i)(?:\s+|-)(?:fewer|smaller|less|lower|cheaper|shorter|reduction|compression)\b"
)
_DIVIDING_BEFORE = re.compile(
    r"(?i)(?:\b(?:reduc|cut|shrink|shrank|shorten|compress|decreas|lower|drop|slash|declin)\w*"
    r"|\b(?:fall(?:s|ing|en)?|fell))\b"
    r"[^.;]{0,40}$"
)
# "70% of the size" is a share; "30% smaller" a reduction. The two say the same thing
# when they add up to 100, and the opposite when the number is kept.
_SHARE_AFTER = re.compile(
    r"(?i)\s+of\s+(?:the|its|their|a|an)\b|\s?(?:수준|크기|규모|에\s?불과)"
    # "데이터가 60%만 필요하다": what is left, as "40% less data" says it.
    r"|\s?(?:의\s?[가-힣A-Za-z]+\s?)?만\s?(?:필요|사용|쓰|씁|써|든다|듭니|소요|소모|유지|남)"
    # "스텝 수의 70%만으로 도달한다": what is left is enough.
    r"|\s?만으로"
    r"|\s?(?:로|으로|까지)\s?(?:\S+\s)?(?:줄|감소|낮|축소|떨어|하락)"
    # "정확도의 95%를 유지한다": what is kept, as "loses only 5%" says it.
    r"|\s?[을를]\s?(?:그대로\s?)?(?:유지|보존|보전)"
)
_CUT_PART_BEFORE = re.compile(
    r"(?i)\b(?:reduc|cut|sav|eliminat|remov|trim|prun|shav|los(?:e|es|ing)\b|lost\b)\w*\s+"
    # "cuts 30% of", not "the pruned network keeps 30% of": no other verb between.
    r"(?:(?!to\s|(?:keep|kept|retain|leav|left|us(?:e|es|ed|ing)\b|ha[sv]|had\b|hold|held"
    r"|preserv)\w*\s)[a-z]+\s+){0,2}$"
)
_COPULA = re.compile(r"(?i)\b(?:is|are|was|were|be|becomes?|became|remains?|stays?)\b")
_SHARE_BEFORE = re.compile(
    r"(?i)\b(?:reduc|cut|drop|fall|fell|lower|decreas|shrink|shrank)\w*\b[^.;%]{0,30}\bto\s+$"
)
_REDUCTION_AFTER = re.compile(
    r"(?i)\s*(?:smaller|fewer|less|lower|cheaper|shorter|reduction|decrease|drop)\b"
    r"|\s?(?:만큼\s?)?(?:더\s?)?(?:(?:작|적)(?:은|아|어|습|다|게|지만|고\s|으며|으나)|줄|감소|낮|절감|축소|단축|덜)"
)
# "40% faster" is "1.4배 빠른".
_GROWTH_AFTER = re.compile(
    r"(?i)\s*(?:faster|higher|more|larger|bigger|better|longer|increase|speedup|gain)\b"
    r"|\s?(?:더\s?)?(?:빠른|빠릅|빨라|높|많|큰|커|늘|증가|향상)"
)
# "improves by 100%" doubles: "두 배 향상".
_GROWTH_BEFORE = re.compile(
    r"(?i)\b(?:increas|improv|rais|boost|grow|grew|gain|jump|climb|ris|rose)\w*\b[^.;%]{0,30}"
    r"\bby\s+$"
)
# "순전파 1회에", "1번에": one go, as Korean renders "each" or "a single"; a weak reading.
_ONCE_AFTER = re.compile(r"\s?(?:회|번)(?!째)")
# "memory use falls 40%": the verb takes its figure without "by".
_REDUCTION_DIRECT = re.compile(
    r"(?i)\b(?:falls?|fell|drops?|dropped|declin(?:es?|ed)|shrinks?|shrank|decreas(?:es?|ed))"
    r"\s+(?:by\s+)?(?:(?:about|roughly|nearly|almost|only|just|some)\s+)?$"
)
_REDUCTION_BEFORE = re.compile(
    r"(?i)\b(?:reduc|cut|shrink|shrank|decreas|lower|drop|slash|sav)\w*\b[^.;%]{0,30}by\s+$"
)
_SCIENTIFIC = re.compile(
    r"(?<![A-Za-z0-9.,_\x00])(?:(?P<mantissa>\d+(?:\.\d+)?)\s?(?:[eE](?P<e>[-+−]?\d+)"
    # "×10^-4" needs its caret: "1024×1024" is a size, not 1024 × 10²⁴.
    r"|[×x*]\s?10\^\{?(?P<p>[-+−]?\d+)\}?|[×x*]\s?10(?P<sup>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
    r"|10\^\{?(?P<bare>[-+−]?\d+)\}?|10(?P<baresup>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))(?![0-9A-Za-z])"
)
# "2^16" and "2¹⁶": a power of another base, as vocabulary sizes and dimensions are given.
_POWER = re.compile(
    r"(?<![A-Za-z0-9.,_\x00])(?P<base>[2-9]|[1-9]\d)(?:\^\{?(?P<p>\d{1,2})\}?"
    r"|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+))(?![0-9A-Za-z])"
)
_SUPERSCRIPT = str.maketrans("⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹−", "-+0123456789-")
_SLASH_FRACTION = re.compile(
    r"(?<![A-Za-z0-9.,/\x00])(?P<numerator>\d+)/(?P<denominator>\d+)(?![0-9/]|[.,][0-9])"
)
# "0-shot" is as often written "제로샷" as "0샷"; the zero is a setting name.
_ZERO_SHOT = re.compile(r"-?shot\b")
_ORDINAL_PREFIX = re.compile(r"(?<![가-힣])제$")
# "layer 12", "Layers 12 through 18", "epoch 3": a number after the thing it numbers is
# its index, which Korean may write as a position ("12번째 층").
_INDEX_BEFORE = re.compile(
    r"(?i)\b(?:layers?|blocks?|stages?|epochs?|rounds?|levels?|phases?|turns?|iterations?)\s+"
    r"(?:\d+\s*(?:through|to|and|-|–|~)\s*)?$"
)


# "by a factor of 3" is a multiplier, as "3배" in Korean.
def divides(masked: str, start: int, end: int) -> bool:
    """Tell whether the factor written at ``start:end`` shrinks something ("cuts it 4x")."""
    return bool(
        _DIVIDING_AFTER.match(masked, end)
        or _DIVIDING_BEFORE.search(masked, max(0, start - 60), start)
    )


def dividing_equivalents(value: Fraction) -> frozenset[tuple[Kind, Fraction]]:
    """ "4x smaller" is a quarter of the size: "4분의 1", "25% 크기" or "75% 작은"."""
    return frozenset(
        {(Kind.FRACTION, 1 / value), (Kind.PERCENT, 100 / value), (Kind.PERCENT, 100 - 100 / value)}
    )


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


_Reading = tuple[Fraction, Kind, frozenset[Kind], int, str | None]


def _read_unit(masked: str, digits: str, value: Fraction, end: int) -> _Reading:
    """Read the unit after a number: ``(value, kind, alt_kinds, end, unit)``."""
    for unit in _UNITS:
        match = unit.pattern.match(masked, end)
        if match:
            if unit.kind is Kind.DECADE:
                value = _decade(digits) or value
            measure = "yr" if unit.factor == 10 else None
            return value * unit.factor, unit.kind, unit.alt_kinds, match.end(), measure
    decade = _decade(digits)
    if decade is not None and (match := _DECADE_S.match(masked, end)):
        return decade, Kind.DECADE, frozenset(), match.end(), None
    if match := _KOREAN_YEAR.match(masked, end):
        if _is_year(digits) or (digits.isdigit() and 1000 <= int(digits) <= 2999):
            return value, Kind.YEAR, frozenset(), match.end(), None
        return value, Kind.PLAIN, frozenset(), match.end(), "yr"
    if (match := _KOREAN_MONTH.match(masked, end)) and digits.isdigit() and 1 <= int(digits) <= 12:
        return value, Kind.MONTH, frozenset(), match.end(), None
    if measure := read_measure(masked, end):
        unit, unit_end = measure
        # A counted noun is not part of the number as written: "8B" stays "8B".
        if UNITS[unit][0] == "text":
            return value, Kind.PLAIN, frozenset(), end, unit
        if UNITS[unit][0] == "time" and (half := _AND_A_HALF.match(masked, unit_end)):
            # "1시간 반" is an hour and a half.
            return value + Fraction(1, 2), Kind.PLAIN, frozenset(), half.end(), unit
        return value, Kind.PLAIN, frozenset(), unit_end, unit
    if _is_year(digits):
        return value, Kind.YEAR, frozenset(), end, None
    counter = "count" if _COUNTER.match(masked, end) else None
    return value, Kind.PLAIN, frozenset(), end, counter


def _read_scale(masked: str, end: int) -> tuple[Fraction, int] | None:
    """Read a Latin magnitude ("8B", "513 million") after the digits."""
    if match := _SIZE.match(masked, end):
        return Fraction(_SIZE_SUFFIXES[match.group()]), match.end()
    if match := _MAGNITUDE.match(masked, end):
        return Fraction(_MAGNITUDE_WORDS[match.group("word").lower()]), match.end()
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
        found.append(Quantity(match.group(), value, Kind.FRACTION, match.span()))
    return found


def find_scientific(masked: str) -> list[Quantity]:
    """Find numbers in scientific notation: "3e-4", "2.5 × 10^-5", "10⁻³"."""
    found: list[Quantity] = []
    for match in _SCIENTIFIC.finditer(masked):
        exponent = next(
            group for group in match.group("e", "p", "sup", "bare", "baresup") if group is not None
        )
        power = int(exponent.translate(_SUPERSCRIPT))
        if abs(power) > 30:
            continue
        mantissa = Fraction(match.group("mantissa") or 1)
        found.append(
            Quantity(match.group(), mantissa * Fraction(10) ** power, Kind.PLAIN, match.span())
        )
    taken = [q.span for q in found]
    for match in _POWER.finditer(masked):
        base = int(match.group("base"))
        power = int((match.group("p") or match.group("sup")).translate(_SUPERSCRIPT))
        start, end = match.span()
        if base == 10 or power > 64 or any(s < end and start < e for s, e in taken):
            continue
        found.append(Quantity(match.group(), Fraction(base**power), Kind.PLAIN, match.span()))
    return found


def read_measure(masked: str, end: int) -> tuple[str, int] | None:
    """Read a unit of time or data at ``end``: ``(unit, end)``."""
    for pattern, unit in _MEASURES:
        if match := pattern.match(masked, end):
            return unit, match.end()
    return None


def read_sense(masked: str, start: int, end: int) -> str | None:
    """Tell what a percentage says about a change.

    A ``"share"`` is a level ("70% of the size", "30%로 줄인다": down *to* 30%), a
    ``"reduction"`` a decrease by the amount ("30% smaller", "30% 감소"), and a
    ``"growth"`` an increase by it ("30% faster", "30% 더 높은").
    """
    before = masked[max(0, start - 60) : start]
    cut = _CUT_PART_BEFORE.search(before)
    if cut and not _COPULA.search(cut.group()):
        # "cuts 30% of the cost" removes 30%: a reduction, though "of the" follows; but
        # "the pruned model is 40% of the size" states what is left.
        return "reduction"
    if _SHARE_AFTER.match(masked, end) or _SHARE_BEFORE.search(before):
        return "share"
    if (
        _REDUCTION_AFTER.match(masked, end)
        or _REDUCTION_BEFORE.search(before)
        or _REDUCTION_DIRECT.search(before)
    ):
        return "reduction"
    if _GROWTH_AFTER.match(masked, end):
        return "growth"
    return None


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
        measure: str | None = None
        if scale != 1:
            # A magnitude fixes the reading: "2천만 개", "8B" are counts.
            kind, alt_kinds, unit_end = Kind.PLAIN, frozenset(), end
            for unit in _UNITS[:5]:
                if unit_match := unit.pattern.match(masked, end):
                    kind, alt_kinds, unit_end = unit.kind, unit.alt_kinds, unit_match.end()
                    break
            else:
                if reading := read_measure(masked, end):
                    measure = reading[0]
                    unit_end = end if UNITS[measure][0] == "text" else reading[1]
        else:
            value, kind, alt_kinds, unit_end, measure = _read_unit(masked, digits, value, end)
        equivalents: frozenset[tuple[Kind, Fraction]] = frozenset()
        sense = None
        if measure is None and (currency := _CURRENCY_SIGNS.get(masked[start - 1 : start])):
            measure = currency
        if kind is Kind.MULTIPLIER:
            sense = comparison_sense(masked, unit_end)
        if kind is Kind.MULTIPLIER and _DEVICE_AFTER.match(masked, unit_end):
            kind, alt_kinds, unit_end = Kind.PLAIN, frozenset(), end
        elif (
            kind is Kind.MULTIPLIER
            and value > 1
            and (
                _DIVIDING_AFTER.match(masked, unit_end)
                or _DIVIDING_BEFORE.search(masked, max(0, start - 60), start)
            )
        ):
            equivalents = dividing_equivalents(value)
        elif kind is Kind.PERCENT:
            sense = read_sense(masked, start, unit_end)
            if sense == "reduction" and value < 100:
                equivalents = frozenset({(Kind.FRACTION, 1 - value / 100)})
            elif _GROWTH_AFTER.match(masked, unit_end) or _GROWTH_BEFORE.search(
                masked, max(0, start - 60), start
            ):
                equivalents = frozenset({(Kind.MULTIPLIER, 1 + value / 100)})
        if (
            kind is Kind.MULTIPLIER
            and not equivalents
            and value > 1
            and _GROWTH_AFTER.match(masked, unit_end)
        ):
            equivalents = frozenset({(Kind.PERCENT, (value - 1) * 100)})
        if (
            kind is Kind.PLAIN
            and scale == 1
            and FACTOR_OF.search(masked, max(0, start - 16), start)
        ):
            # A bare figure, which Korean may write without its 배 ("실시간 계수 0.05").
            kind, alt_kinds = Kind.MULTIPLIER, alt_kinds | {Kind.PLAIN}
            if value > 1 and divides(masked, start, unit_end):
                equivalents = dividing_equivalents(value)
        if (
            kind is Kind.PLAIN
            and scale == 1
            and _ORDINAL_PREFIX.search(masked, max(0, start - 1), start)
        ):
            # "제1저자", "제3장": the prefix 제 makes an ordinal, which may still
            # stand for a plain reference number ("Chapter 3").
            kind, alt_kinds = Kind.ORDINAL, frozenset({Kind.PLAIN})
        elif (
            kind is Kind.PLAIN
            and scale == 1
            and measure is None
            and _INDEX_BEFORE.search(masked, max(0, start - 40), start)
        ):
            alt_kinds = alt_kinds | {Kind.ORDINAL}
        bare = scale == 1 and unit_end == match.end() and kind in (Kind.PLAIN, Kind.YEAR)
        optional = value == 0 and bool(_ZERO_SHOT.match(masked, unit_end))
        once = kind is Kind.PLAIN and digits == "1" and bool(_ONCE_AFTER.match(masked, unit_end))
        # "1위" also renders "tops the leaderboard" and "the best", which have no number.
        first_rank = kind is Kind.ORDINAL and value == 1 and masked[end:unit_end] in ("위", "등")
        found.append(
            Quantity(
                text=masked[start:unit_end].strip(),
                value=value,
                kind=kind,
                span=(start, unit_end),
                alt_kinds=alt_kinds,
                scale=scale,
                bare=bare,
                optional=optional or first_rank or once,
                pairable=not optional,
                unit=measure,
                equivalents=equivalents,
                sense=sense,
            )
        )
    return found

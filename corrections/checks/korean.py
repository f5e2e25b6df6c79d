"""Korean number forms: 만/억/조 magnitudes, native numerals and ordinals.

Korean groups digits by four: "5억 1,300만" is 513,000,000 and "천만" is
10,000,000. Native numerals ("두 가지", "세 배") count small things, and
ordinals ("첫째", "두 번째") enumerate. Sino-Korean numerals written in
Hangul (일, 이, 삼) are deliberately not read, because the same syllables
are ordinary words and particles far more often than they are numbers.
"""

from __future__ import annotations

import re
from fractions import Fraction

from corrections.checks.quantity import Kind, Quantity

_SMALL_UNITS: dict[str, int] = {"천": 1_000, "백": 100, "십": 10}
_BIG_UNITS: dict[str, int] = {"조": 10**12, "억": 10**8, "만": 10**4}

# Particles, endings and counters that may follow a Korean number. A unit
# syllable followed by any other Hangul is the start of an ordinary word:
# "배포" (deployment) is not "배" (times), "억제" (suppression) is not "억".
_FOLLOWERS = (
    "으로|에서|에게|까지|부터|보다|만큼|이며|이고|이다|이라|입니|짜리|가량|정도|이상|이하"
    "|미만|초과|내외|가까이|남짓|동안|만에|개월|시간|파라미터|매개변수|페이지|퍼센트|포인트"
    "|토큰|단어|달러|단계|가지|차원|비트|바이트"
    "|의|를|을|이|가|은|는|로|와|과|에|도|만|씩|나|인|라|뿐|간|당|중|여|개|명|건|원|배|번"
    "|회|종|곳|쌍|편|장|분|초|일|주|년|쪽|줄|권|대|점|층|샷|세|살|위|차|째"
)
FOLLOW_OK = rf"(?:(?![가-힣])|(?=(?:{_FOLLOWERS})))"

_GROUP = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)?(?P<small>[천백십])?(?P<big>[조억만])?"
)
_GROUP_GAP = re.compile(r" ?")
_FOLLOW = re.compile(FOLLOW_OK)

# Counters after which a native numeral is certainly a count. Before an
# ordinary noun it may not be: "두 모델 모두" translates "both models".
_COUNTERS = (
    "가지|개|명|번|배|종류|종|차례|단계|권|쌍|편|곳|군데|달|해|주|시간|층|마리|대|줄|문장|단어"
)
_ATTACHED_COUNTERS = "가지|개|명|배|번"
_BARE_SMALL = re.compile(rf"(?<![가-힣A-Za-z0-9.,\x00])[천백십](?=[조억만]|\s?(?:{_COUNTERS}))")

_NATIVE: dict[str, int] = {
    "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8,
    "아홉": 9, "열": 10, "열한": 11, "열두": 12, "열세": 13, "열네": 14, "열다섯": 15,
    "열여섯": 16, "열일곱": 17, "열여덟": 18, "열아홉": 19, "스무": 20, "스물": 20,
    "서른": 30, "마흔": 40, "쉰": 50,
}  # fmt: skip
_NATIVE_WORDS = "|".join(sorted(_NATIVE, key=len, reverse=True))
_NATIVE_NUMBER = re.compile(
    rf"(?<![가-힣])(?P<word>{_NATIVE_WORDS})"
    rf"(?:(?P<attached>{_ATTACHED_COUNTERS}){FOLLOW_OK}"
    rf"|\s(?P<counter>{_COUNTERS}){FOLLOW_OK}"
    r"|(?P<noun>\s(?=[가-힣])))"
)
# Numerals that are also common words when no counter follows: "열" is a
# column or heat, "네" is "yes", "한" is the article "a".
_AMBIGUOUS_WITHOUT_COUNTER = frozenset({"열", "네"})

_ORDINAL_WORDS: dict[str, int] = {
    "첫": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8,
    "아홉": 9, "열": 10,
}  # fmt: skip
_ORDINAL_DAY_WORDS: dict[str, int] = {
    "첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4, "다섯째": 5, "여섯째": 6, "일곱째": 7,
    "여덟째": 8, "아홉째": 9, "열째": 10,
}  # fmt: skip
_ORDINAL = re.compile(
    r"(?<![가-힣])(?:(?P<series>"
    + "|".join(sorted(_ORDINAL_DAY_WORDS, key=len, reverse=True))
    + r")|(?P<word>"
    + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + r")\s?번째)"
)
_STANDALONE = re.compile(rf"(?<![가-힣])(?P<word>하나|둘|셋|넷)(?!째){FOLLOW_OK}")
_STANDALONE_VALUES: dict[str, int] = {"하나": 1, "둘": 2, "셋": 3, "넷": 4}
_HALF = re.compile(rf"(?<![가-힣])절반{FOLLOW_OK}")
_FRACTION = re.compile(r"(?<![0-9.,])(?P<whole>\d+)\s?분의\s?(?P<part>\d+)(?![0-9])")
# "수십", "수백만", "수십억" mean "tens of", "millions of": vague on purpose.
_VAGUE = re.compile(r"(?<![가-힣])수\s?[십백천만억조]+")


def parse_magnitude(text: str, pos: int) -> tuple[Fraction, Fraction, int] | None:
    """Read a number with Korean units starting at ``pos``.

    Returns ``(value, scale, end)`` where ``scale`` is the unit applied to the
    first written digits, or ``None`` when no Korean unit is present or the
    units turn out to begin an ordinary word. Groups must use strictly
    decreasing big units, as in "1조 2천억" or "12만 8천".
    """
    total = Fraction(0)
    scale: Fraction | None = None
    end = pos
    last_big = 10**13
    cursor = pos
    while True:
        match = _GROUP.match(text, cursor)
        num, small, big = match.group("num", "small", "big")
        if not (num or small) or not (small or big):
            break
        big_value = _BIG_UNITS[big] if big else 1
        if big_value >= last_big:
            break
        unit = Fraction((_SMALL_UNITS[small] if small else 1) * big_value)
        total += (Fraction(num.replace(",", "")) if num else 1) * unit
        if scale is None:
            scale = unit
        end = match.end()
        if not big:
            break
        last_big = big_value
        cursor = _GROUP_GAP.match(text, end).end()
    if scale is None or not _FOLLOW.match(text, end):
        return None
    return total, scale, end


def find_bare_magnitudes(masked: str) -> list[Quantity]:
    """Find numbers that start with a unit and no digit: "천만", "백만 개"."""
    found: list[Quantity] = []
    for match in _BARE_SMALL.finditer(masked):
        parsed = parse_magnitude(masked, match.start())
        if parsed is None:
            continue
        value, scale, end = parsed
        found.append(
            Quantity(masked[match.start() : end], value, Kind.PLAIN, (match.start(), end),
                     scale=scale)
        )  # fmt: skip
    return found


def find_ordinals(masked: str) -> list[Quantity]:
    """Find word ordinals ("첫째", "두 번째"); they are weak, optional readings."""
    found: list[Quantity] = []
    for match in _ORDINAL.finditer(masked):
        series, word = match.group("series", "word")
        value = _ORDINAL_DAY_WORDS[series] if series else _ORDINAL_WORDS[word]
        found.append(
            Quantity(match.group(), Fraction(value), Kind.ORDINAL, match.span(),
                     optional=True, pairable=False)
        )  # fmt: skip
    return found


def find_native_numbers(masked: str) -> list[Quantity]:
    """Find native numerals such as "두 가지", "세 배" and "다섯 개".

    With a counter they are firm readings; before an ordinary noun ("세
    영역") they are optional, since the same syllable can be a word. "한"
    is never firm: it is the article "a" at least as often as "one".
    """
    found: list[Quantity] = []
    for match in _NATIVE_NUMBER.finditer(masked):
        word = match.group("word")
        counter = match.group("attached") or match.group("counter")
        if counter is None and word in _AMBIGUOUS_WITHOUT_COUNTER:
            continue
        value = _NATIVE[word]
        kind = Kind.MULTIPLIER if counter == "배" else Kind.PLAIN
        firm = counter is not None and value != 1
        found.append(
            Quantity(word, Fraction(value), kind, match.span("word"),
                     optional=not firm, pairable=value != 1)
        )  # fmt: skip
    for match in _STANDALONE.finditer(masked):
        value = _STANDALONE_VALUES[match.group("word")]
        found.append(
            Quantity(match.group("word"), Fraction(value), Kind.PLAIN, match.span("word"),
                     optional=True, pairable=value != 1)
        )  # fmt: skip
    for match in _HALF.finditer(masked):
        found.append(
            Quantity("절반", Fraction(50), Kind.PERCENT, (match.start(), match.start() + 2),
                     optional=True)
        )  # fmt: skip
    return found


def vague_spans(masked: str) -> list[tuple[int, int]]:
    """Return the spans of vague amounts ("수백만") that must not be read."""
    return [match.span() for match in _VAGUE.finditer(masked)]


def find_fractions(masked: str) -> list[Quantity]:
    """Find fractions such as "3분의 1" (one third), which name the whole first."""
    found: list[Quantity] = []
    for match in _FRACTION.finditer(masked):
        whole = int(match.group("whole"))
        if whole == 0:
            continue
        value = Fraction(int(match.group("part")), whole)
        found.append(Quantity(match.group(), value, Kind.PLAIN, match.span()))
    return found

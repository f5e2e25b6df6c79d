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
    "|토큰|단어|달러|단계|가지|차원|비트|바이트|지만"
    "|의|를|을|이|가|은|는|로|와|과|에|도|만|씩|나|인|라|뿐|간|당|중|여|개|명|건|원|배|번"
    "|회|종|곳|쌍|편|장|분|초|일|주|년|쪽|줄|권|대|점|층|샷|세|살|위|차|째|였|이었|다"
    # The noun endings of digest Korean: "2.1배임", "3배 증가함".
    "|임|함|됨"
)
FOLLOW_OK = rf"(?:(?![가-힣])|(?=(?:{_FOLLOWERS})))"

# One group of four digits, written with digits, with 천/백/십 or with both:
# "2,500", "8천7백", "3천", "1.5". The big unit (만/억/조) follows the group.
_GROUP = re.compile(
    r"(?:(?P<n1000>\d)?(?P<u1000>천)(?:\s(?=\d?[백십]))?)?"
    r"(?:(?P<n100>\d)?(?P<u100>백)(?:\s(?=\d?십))?)?(?:(?P<n10>\d)?(?P<u10>십))?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)?(?P<big>[조억만])?"
)
# A last group without a big unit ("1만 2,500") must not be a unit of its own.
_NOT_A_TAIL = re.compile(r"\s?(?:[%％배년월위]|번째)")
_GROUP_GAP = re.compile(r" ?")
_FOLLOW = re.compile(FOLLOW_OK)

# Counters after which a native numeral is certainly a count. Before an
# ordinary noun it may not be: "두 모델 모두" translates "both models".
_COUNTERS = (
    "가지|개|명|번|배|종류|종|차례|단계|권|쌍|편|곳|군데|달|해|주|시간|층|마리|대|줄|문장|단어"
    "|장|건|회|마디|턴|라운드|스텝|에폭|레이어|샷"
)
_ATTACHED_COUNTERS = "가지|개|명|배|번"
_BARE_SMALL = re.compile(
    rf"(?<![가-힣A-Za-z0-9.,\x00])(?:[천백십](?=[조억만]|\s?(?:{_COUNTERS}))"
    r"|[만억](?=\s?(?:개|명|건|장|쌍|단어|토큰|문장|시간)))"
)

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
    # Before a noun, Korean or kept in Latin letters ("다섯 LLM이").
    r"|(?P<noun>\s(?=[가-힣]|[A-Z]{2})))"
)
# Counters after which a native numeral is a factor or a repetition, not a count of things.
_NOT_COUNTS = frozenset({"배", "번", "회", "차례"})
_COUNTER_UNITS: dict[str, str] = {
    "시간": "h", "달": "mo", "해": "yr", "주": "wk", "개": "count", "명": "count",
}  # fmt: skip
# Native words for spans of time: "이틀" renders "two days".
_TIME_WORD_VALUES: dict[str, tuple[Fraction, str]] = {
    "하루": (Fraction(1), "d"), "이틀": (Fraction(2), "d"), "사흘": (Fraction(3), "d"),
    "나흘": (Fraction(4), "d"), "일주일": (Fraction(1), "wk"), "보름": (Fraction(15), "d"),
    "반년": (Fraction(1, 2), "yr"), "반나절": (Fraction(1, 4), "d"),
}  # fmt: skip
_TIME_WORDS = re.compile(
    r"(?<![가-힣])(?P<word>"
    + "|".join(_TIME_WORD_VALUES)
    + r")(?:간|만에|동안|의|에|을|이|가|은|는|도)?(?![가-힣])"
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
# "한두 개", "두세 번": two numbers in one word, either of which the source may name.
_PAIRED: dict[str, tuple[int, int]] = {
    "한두": (1, 2), "두세": (2, 3), "서너": (3, 4), "너덧": (4, 5), "네다섯": (4, 5),
    "대여섯": (5, 6),
}  # fmt: skip
_PAIRED_NUMBER = re.compile(r"(?<![가-힣])(?P<word>" + "|".join(_PAIRED) + r")(?=\s|[가-힣])")
_STANDALONE = re.compile(rf"(?<![가-힣])(?P<word>하나|둘|셋|넷)(?!째){FOLLOW_OK}")
_STANDALONE_VALUES: dict[str, int] = {"하나": 1, "둘": 2, "셋": 3, "넷": 4}
_HALF = re.compile(rf"(?<![가-힣])(?:절반{FOLLOW_OK}|반(?=으로|의|만|\s?(?:크기|수준|가량|정도)))")
# "ranks first" is also "가장 높은 순위", "선두", "정상".
_TOP_RANK = re.compile(r"최고\s?순위|가장\s?높은\s?순위|(?<![가-힣])선두|(?<![가-힣])정상에|1등")
# "배로 늘었다" is "doubled", with no numeral.
_DOUBLED = re.compile(r"(?<![가-힣0-9])배로\s?(?=늘|증가|커|확대|많아)")
# "1.8분의 1" divides by a factor of 1.8.
_FRACTION = re.compile(r"(?<![0-9.,])(?P<whole>\d+(?:\.\d+)?)\s?분의\s?(?P<part>\d+)(?![0-9])")
# "112개 중 2위" is a rank among 112, not a share of them; "120개 중 2B 모델" names a model
# after the whole, and "120개 중 3천" is no part written in digits alone.
_ONE_OF = re.compile(
    r"(?<![0-9.,])(?P<whole>\d+)\s?(?P<counter>개|명|건|번|문제)?\s?중\s?(?P<part>\d+)"
    r"(?![0-9.,%A-Za-z천백만억조])(?!\s?(?:위|등|번째|순위))(?:\s?(?P=counter))?"
)
# Orders of magnitude: "한 자릿수" is a factor of ten.
_DIGIT_PLACES = re.compile(r"(?<![가-힣])(?P<word>한|두|세)\s?자릿수")
# Words that render a vague amount without a magnitude: "수많은" for "thousands of".
MANY = re.compile(r"수많은|수없이|무수히|무수한|막대한|방대한")
# "수십", "수백만", "수십억" mean "tens of", "millions of": vague on purpose, and
# compared by their order of magnitude with "dozens", "millions", "billions".
_VAGUE = re.compile(
    rf"(?<![가-힣])(?:수|몇)\s?(?P<small>[십백천])?(?P<big>[만억조])?(?(small)|(?(big)|(?!)))"
    rf"{FOLLOW_OK}"
)


def _group_value(match: re.Match[str]) -> tuple[Fraction, Fraction, bool] | None:
    """Return ``(value, first_unit, has_small_unit)`` of one digit group, or ``None``."""
    value = Fraction(0)
    first_unit: Fraction | None = None
    small = False
    for digit, unit, size in (("n1000", "u1000", 1000), ("n100", "u100", 100), ("n10", "u10", 10)):
        if match.group(unit):
            small = True
            value += int(match.group(digit) or 1) * size
            first_unit = first_unit or Fraction(size)
    if num := match.group("num"):
        # "2천48" and "3백5" finish the number; "2천1500" or "3천2.5" are no number at all.
        smallest = 10 if match.group("u10") else 100 if match.group("u100") else 1000
        if small and (not num.isdigit() or int(num) >= smallest):
            return None
        value += Fraction(num.replace(",", ""))
        first_unit = first_unit or Fraction(1)
    if first_unit is None:
        # A bare "만 개" or "억 명" is one 만, one 억.
        return (Fraction(1), Fraction(1), True) if match.group("big") else None
    return value, first_unit, small


# Words that say which way a factor goes: "3x fewer" and "3배 적은" divide, "3x more"
# and "3배 많은" multiply. Only plain antonyms count: "2배 단축" (time halved) renders
# "2x faster" well, so it is neither.
_LESS_AFTER = re.compile(
    r"(?i)(?:\s+|-)(?:fewer|smaller|less|lower|slower|cheaper)\b"
    r"|\s?(?:더\s?)?(?:적은|적습|적게|작은|작습|작게|느린|느립|느려|느리|낮은|낮습|낮게|덜|저렴"
    r"|(?:적|작|낮)(?:다|고|으며|지만))"
)
_MORE_AFTER = re.compile(
    r"(?i)(?:\s+|-)(?:more|larger|bigger|higher|greater|faster)\b"
    r"|\s?(?:더\s?)?(?:많은|많습|많이|큰|큽|크게|빠른|빠릅|빠르|빨라|높은|높습|높게"
    r"|(?:크|많|높)(?:다|고|며|지만)|많으며|높으며)"
    # "4배 더 필요하다": more of what is needed, used or spent.
    r"|\s?더\s?(?:필요|소요|사용|소모|걸리|걸린|걸립|든다|들었|듭니)"
    # "비용이 두 배 든다", "두 배 비싼": the cost is multiplied.
    r"|\s?(?:더\s?)?(?:든다|듭니|들었|들어간|들어갑|비싼|비쌉|비싸)"
)


def comparison_sense(text: str, end: int) -> str | None:
    """Tell whether the factor that ends at ``end`` multiplies ("more") or divides ("less")."""
    if _LESS_AFTER.match(text, end):
        return "less"
    if _MORE_AFTER.match(text, end):
        return "more"
    return None


def parse_magnitude(text: str, pos: int) -> tuple[Fraction, Fraction, int] | None:
    """Read a number with Korean units starting at ``pos``.

    Returns ``(value, scale, end)`` where ``scale`` is the unit applied to the
    first written digits, or ``None`` when no Korean unit is present or the
    units turn out to begin an ordinary word. Groups must use strictly
    decreasing big units, as in "1조 2천억", "12만 8천", "8천7백만" and
    "1만 2,500", which are each one number.
    """
    total = Fraction(0)
    scale: Fraction | None = None
    end = pos
    last_big = 10**13
    cursor = pos
    while True:
        match = _GROUP.match(text, cursor)
        group = _group_value(match) if match.end() > cursor else None
        if group is None:
            break
        value, first_unit, small = group
        big = match.group("big")
        big_value = _BIG_UNITS[big] if big else 1
        if big_value >= last_big:
            break
        if not big and not small:
            # Bare digits count only as the last group of a larger number.
            if scale is None or value >= last_big or value < 100:
                break
            if _NOT_A_TAIL.match(text, match.end()):
                break
        total += value * big_value
        if scale is None:
            scale = first_unit * big_value
        end = match.end()
        if not big:
            break
        last_big = big_value
        cursor = _GROUP_GAP.match(text, end).end()
    if scale is None or scale == 1:
        return None
    # A unit syllable may begin an ordinary word ("억제"); digits at the end cannot, so
    # "1만 2,500곡" is one number before any counter.
    if not text[end - 1].isdigit() and not _FOLLOW.match(text, end):
        return None
    if text[end - 1] == "만" and text[pos:end].startswith("0.") and _CHANGE_AFTER.match(text, end):
        return None  # "0.3만 상승": only 0.3, with the particle 만; "1.5만 증가" is 15,000
    return total, scale, end


# A change that "N만" may be the amount of: "만" is then the particle "only".
_CHANGE_AFTER = re.compile(
    r"\s(?:상승|증가|하락|감소|향상|개선|늘|줄|높|낮|오르|올랐|올라|떨어|차이|앞서|뒤처|악화)"
)


_SINO_DIGITS = str.maketrans("일이삼사오육칠팔구", "123456789")
# Sino-Korean numerals spelled out, "오백 개", "삼십만 명": read only before a counter,
# since the same syllables start ordinary words ("사천", "오십견").
_SINO_NUMBER = re.compile(
    r"(?<![가-힣])(?P<word>(?:[일이삼사오육칠팔구]?[십백천만억조])+[일이삼사오육칠팔구]?)"
    rf"(?=\s?(?:개|명|장|건|가지|번|배|대|권|쌍|시간|달러|토큰|단어|문항|문제|페이지|층|회){FOLLOW_OK})"
)


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
    for match in _SINO_NUMBER.finditer(masked):
        word = match.group("word")
        digits = word.translate(_SINO_DIGITS)
        if digits == word or not (parsed := parse_magnitude(digits, 0)) or parsed[2] != len(word):
            continue
        value, scale, _ = parsed
        found.append(Quantity(word, value, Kind.PLAIN, match.span("word"), scale=scale))
    return found


# "1인당 200개", "1회당", "한 명당": the one says "each", as "per annotator" does in English.
_PER_ONE = re.compile(
    r"(?<![0-9.,])(?:1|(?<![가-힣])한)\s?(?:인|명|개|회|건|장|대|번|쌍)?당(?![가-힣])"
)


def find_per_one(masked: str) -> list[Quantity]:
    """Find the "1" of "1인당", which counts nothing."""
    return [
        Quantity(match.group(), Fraction(1), Kind.PLAIN, match.span(), optional=True,
                 pairable=False)
        for match in _PER_ONE.finditer(masked)
    ]  # fmt: skip


def find_ordinals(masked: str) -> list[Quantity]:
    """Find word ordinals ("첫째", "두 번째"); they are weak, optional readings."""
    found: list[Quantity] = []
    for match in _ORDINAL.finditer(masked):
        series, word = match.group("series", "word")
        value = _ORDINAL_DAY_WORDS[series] if series else _ORDINAL_WORDS[word]
        found.append(
            Quantity(match.group(), Fraction(value), Kind.ORDINAL, match.span(), optional=True)
        )
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
        unit = _COUNTER_UNITS.get(counter or "")
        if unit is None and counter and counter not in _NOT_COUNTS:
            # "두 단계", "세 층": a cardinal that counts things, never a rank ("second").
            unit = "count"
        sense = comparison_sense(masked, match.end()) if kind is Kind.MULTIPLIER else None
        found.append(
            Quantity(word, Fraction(value), kind, match.span("word"),
                     optional=not firm, pairable=value != 1 or unit is not None, unit=unit,
                     sense=sense)
        )  # fmt: skip
    for match in _TIME_WORDS.finditer(masked):
        value, unit = _TIME_WORD_VALUES[match.group("word")]
        found.append(
            Quantity(match.group("word"), value, Kind.PLAIN, match.span("word"), optional=True,
                     unit=unit)
        )  # fmt: skip
    for match in _PAIRED_NUMBER.finditer(masked):
        low, high = _PAIRED[match.group("word")]
        start, end = match.span("word")
        cut = start + (1 if len(match.group("word")) == 2 else end - start - 1)
        found.append(Quantity(masked[start:cut], Fraction(low), Kind.PLAIN, (start, cut),
                              optional=True))  # fmt: skip
        found.append(Quantity(masked[cut:end], Fraction(high), Kind.PLAIN, (cut, end),
                              optional=True))  # fmt: skip
    for match in _STANDALONE.finditer(masked):
        value = _STANDALONE_VALUES[match.group("word")]
        found.append(
            Quantity(match.group("word"), Fraction(value), Kind.PLAIN, match.span("word"),
                     optional=True, pairable=value != 1)
        )  # fmt: skip
    for match in _DIGIT_PLACES.finditer(masked):
        power = {"한": 1, "두": 2, "세": 3}[match.group("word")]
        found.append(Quantity(match.group(), Fraction(10**power), Kind.MULTIPLIER, match.span()))
    for match in _HALF.finditer(masked):
        found.append(
            Quantity(match.group(), Fraction(1, 2), Kind.FRACTION, match.span(), optional=True)
        )
    for match in _TOP_RANK.finditer(masked):
        found.append(
            Quantity(match.group(), Fraction(1), Kind.ORDINAL, match.span(), optional=True,
                     pairable=False)
        )  # fmt: skip
    for match in _DOUBLED.finditer(masked):
        found.append(
            Quantity(match.group().strip(), Fraction(2), Kind.MULTIPLIER, match.span(),
                     optional=True)
        )  # fmt: skip
    return found


# "십여 명" is ten-odd: it renders "a dozen" or "about 15", not "dozens" (수십).
_TEN_ODD = re.compile(
    r"(?<![가-힣])(?:십여|십수|열댓|여남은)(?=\s?(?:명|개|건|가지|곳|번|종|편|대|권))"
)
_TEN_ODD_VALUES = frozenset((Kind.PLAIN, Fraction(n)) for n in range(10, 20))


def find_approximate(masked: str) -> list[Quantity]:
    """Find vague amounts ("수천", "수십만", "몇백만"), valued by their order of magnitude."""
    found: list[Quantity] = [
        Quantity(match.group(), Fraction(12), Kind.PLAIN, match.span(), optional=True,
                 equivalents=_TEN_ODD_VALUES)
        for match in _TEN_ODD.finditer(masked)
    ]  # fmt: skip
    for match in _VAGUE.finditer(masked):
        small, big = match.group("small", "big")
        value = (_SMALL_UNITS[small] if small else 1) * (_BIG_UNITS[big] if big else 1)
        found.append(Quantity(match.group(), Fraction(value), Kind.APPROX, match.span()))
    return found


# "네 명 중 세 명": the same with native numerals, which need their counter on both sides.
_NATIVE_ONE_OF = re.compile(
    rf"(?<![가-힣])(?P<whole>{_NATIVE_WORDS})\s?(?P<counter>명|개|건|가지|곳|번)\s?(?:중|가운데)\s?"
    rf"(?P<part>{_NATIVE_WORDS})\s?(?P=counter){FOLLOW_OK}"
)


def find_fractions(masked: str) -> list[Quantity]:
    """Find fractions such as "3분의 1" (one third) and "5명 중 1명", which name the whole first."""
    found: list[Quantity] = []
    for match in _NATIVE_ONE_OF.finditer(masked):
        whole, part = _NATIVE[match.group("whole")], _NATIVE[match.group("part")]
        if 0 < part < whole:
            found.append(
                Quantity(match.group(), Fraction(part, whole), Kind.FRACTION, match.span())
            )
    for match in _ONE_OF.finditer(masked):
        whole, part = int(match.group("whole")), int(match.group("part"))
        if 0 < part < whole:
            found.append(
                Quantity(match.group(), Fraction(part, whole), Kind.FRACTION, match.span())
            )
    for match in _FRACTION.finditer(masked):
        whole = Fraction(match.group("whole"))
        if whole == 0:
            continue
        value = Fraction(int(match.group("part"))) / whole
        found.append(Quantity(match.group(), value, Kind.FRACTION, match.span()))
    return found

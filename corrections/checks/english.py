"""English number words: "three", "twenty-five", "a dozen", "two decades", "twice".

Only the readings that a translation must keep are firm. "one", "single",
"double" and the ordinals are optional: they may satisfy a Korean "하나" or
"1위", but their absence in the Korean is not reported, because "one of the
largest" and "the first step" are seldom numbers in meaning.
"""

from __future__ import annotations

import re
from fractions import Fraction

from corrections.checks.digits import FACTOR_OF, divides, dividing_equivalents
from corrections.checks.quantity import Kind, Quantity

_UNITS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_MAGNITUDES: dict[str, int] = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}  # fmt: skip
_MULTIPLES: dict[str, int] = {"hundred": 100, "dozen": 12}

_WORD = "|".join(sorted([*_UNITS, *_TENS, *_MAGNITUDES, *_MULTIPLES], key=len, reverse=True))
_PHRASE = re.compile(
    rf"(?i)(?<![A-Za-z\-])(?:(?P<article>an?)\s+(?=(?:hundred|dozen|thousand|million|billion"
    rf"|trillion)\b))?(?P<body>(?:{_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_WORD}))*)(?![A-Za-z])"
)
_TOKEN = re.compile(r"[A-Za-z]+")

_SUFFIXES: tuple[tuple[re.Pattern[str], Kind, frozenset[Kind], int], ...] = (
    (re.compile(r"(?i)\s+percentage\s+points?\b"), Kind.POINTS, frozenset(), 1),
    (re.compile(r"(?i)\s+(?:percent|per\s+cent)\b"), Kind.PERCENT, frozenset(), 1),
    (re.compile(r"(?i)\s+times\b"), Kind.MULTIPLIER, frozenset({Kind.PLAIN}), 1),
    (re.compile(r"(?i)-?fold\b"), Kind.MULTIPLIER, frozenset(), 1),
    (re.compile(r"(?i)\s+points?\b"), Kind.POINTS, frozenset({Kind.PLAIN}), 1),
    (re.compile(r"(?i)\s+decades?\b"), Kind.PLAIN, frozenset(), 10),
)
# Time units after number words: "two hours", "three-day".
_WORD_MEASURES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?i)(?:\s+|-){word}\b"), unit)
    for word, unit in (
        ("seconds?", "s"), ("minutes?", "min"), ("hours?", "h"), ("days?", "d"),
        ("weeks?", "wk"), ("months?", "mo"), ("years?", "yr"), ("bits?", "bit"),
        ("bytes?", "B"),
    )
)  # fmt: skip
# "two-stage", "three-layer": a number in a compound is often dropped or
# rewritten in Korean ("2단계", "투 타워"), so it is only an optional reading.
_COMPOUND = re.compile(r"-[A-Za-z]")

_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
# "per second" is a rate, not a rank.
_ORDINAL = re.compile(r"(?i)(?<![A-Za-z\-])(?<!per )(?:" + "|".join(_ORDINALS) + r")(?![A-Za-z])")

# An ordinal that ranks ("ranks first", "second place") must be kept as "1위", "2위".
_RANK_BEFORE = re.compile(
    r"(?i)\b(?:rank(?:s|ed|ing)?|plac(?:e|es|ed|ing)|finish(?:es|ed|ing)?)\s+"
    r"(?:(?:in|at)\s+)?(?:the\s+)?(?:overall\s+)?$"
)
_RUNNER_UP = re.compile(r"(?i)\brunners?-up\b")
# "the second-best system" ranks as surely as "second place" does.
_RANK_AFTER = re.compile(
    r"(?i)\s+(?:place|position|spot|overall)\b|-(?:best|worst|largest|smallest|highest|lowest"
    r"|strongest|weakest|biggest|fastest|slowest|most)\b"
)
_FRACTION_COUNTS: dict[str, int] = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_FRACTION_PARTS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
    "hundredth": 100, "hundredths": 100,
}  # fmt: skip
_FRACTION = re.compile(
    r"(?i)(?<![A-Za-z\-])(?P<count>a|one|two|three|four|five)[\s-]"
    r"(?P<part>halves|half|thirds|third|quarters|quarter|fifths|fifth|sixths|sixth|sevenths"
    r"|seventh|eighths|eighth|ninths|ninth|tenths|tenth|hundredths|hundredth)(?![A-Za-z])"
)

# "half an hour" is 30분; "one in five" is "5명 중 1명" or 20%.
_HALF_OF_TIME = re.compile(
    r"(?i)(?<![A-Za-z\-])(?P<half>half\s+an?|an?\s+hour\s+and\s+a\s+half)\s*"
    r"(?P<unit>hour|day|week|month|year|minute|second)?\b"
)
# "a quarter of a second" is 250ms, "three quarters of an hour" 45분.
_PART_OF_TIME = re.compile(
    r"(?i)(?<![A-Za-z\-])(?P<part>an?\s+quarter|one\s+quarter|three\s+quarters|an?\s+third"
    r"|one\s+third|two\s+thirds|a\s+tenth|one\s+tenth)\s+of\s+an?\s+"
    r"(?P<unit>second|minute|hour|day|week|month|year)\b"
)
# "the bottom third of students" is "하위 3분의 1", not a rank.
_TOP_PART = re.compile(
    r"(?i)(?<![A-Za-z\-])(?:top|bottom|upper|lower)\s+(?P<part>third|quarter|tenth)(?![A-Za-z])"
)
_PARTS_OF_TIME = {"quarter": Fraction(1, 4), "quarters": Fraction(3, 4), "third": Fraction(1, 3),
                  "thirds": Fraction(2, 3), "tenth": Fraction(1, 10)}  # fmt: skip
_TIME_WORDS = {"second": "s", "minute": "min", "hour": "h", "day": "d", "week": "wk",
               "month": "mo", "year": "yr"}  # fmt: skip
# "an hour", "a week": weak readings that may match "1시간", "일주일".
_ONE_TIME = re.compile(
    r"(?i)(?<![A-Za-z\-])(?:an?|one)\s+(?P<unit>second|minute|hour|day|week|month|year)\b"
    r"(?!\s+and\s+a\s+half)"
)
_AND_A_HALF = re.compile(
    r"(?i)(?<![A-Za-z\-])(?P<count>one|two|three|four|five|\d+)\s+and\s+a\s+half\s+"
    r"(?P<unit>second|minute|hour|day|week|month|year)s?\b"
)
_SMALL_COUNT = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty"
# "3 out of every 4", "one in every ten"; with digits on both sides also "2 of the 16"
# (in words, "one of the two" is an idiom, not a share).
_ONE_IN = re.compile(
    rf"(?i)(?<![A-Za-z\-])(?:(?P<part>{_SMALL_COUNT})\s+(?:in|out\s+of)\s+(?:every\s+|each\s+)?"
    rf"(?P<whole>{_SMALL_COUNT}|hundred|a\s+hundred|a\s+thousand)"
    r"|(?<![0-9.,])(?P<digit_part>\d+)\s+of\s+(?:the\s+)?(?P<digit_whole>\d+)(?![0-9.,%\-]))\b"
)
_ORDERS = re.compile(
    r"(?i)(?<![A-Za-z\-])(?P<count>an|one|two|three|four|\d)\s+orders?\s+of\s+magnitude\b"
)
# "single-digit" and "double-digit" count places, as Korean "한 자릿수" and "두 자릿수" do.
_DIGIT_PLACES = re.compile(r"(?i)(?<![A-Za-z\-])(?P<count>single|double|triple)[\s-]digits?\b")
_PLACES = {"single": 1, "double": 2, "triple": 3}
_HALF_OF_MAGNITUDE = re.compile(
    r"(?i)(?<![A-Za-z\-])(?P<part>half|an?\s+quarter\s+of|an?\s+third\s+of"
    r"|three\s+quarters\s+of)\s+an?\s+(?P<word>thousand|million|billion|trillion)\b"
)
_PART_OF_MAGNITUDE = {"half": Fraction(1, 2), "quarter": Fraction(1, 4),
                      "third": Fraction(1, 3), "quarters": Fraction(3, 4)}  # fmt: skip
_APPROX_SIZES: dict[str, int] = {
    "dozens": 10, "tens": 10, "hundreds": 100, "thousands": 10**3, "millions": 10**6,
    "billions": 10**9, "trillions": 10**12, "hundred": 100, "thousand": 10**3,
    "million": 10**6, "billion": 10**9, "trillion": 10**12, "decades": 10, "dozen": 10,
}  # fmt: skip
# "two thousands", "3 decades": counted, not vague.
_COUNTED_BEFORE = re.compile(
    r"(?i)(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|a|an))\s+$"
)
_APPROX = re.compile(
    r"(?i)(?<![A-Za-z\-])(?:(?P<lead>tens|hundreds)\s+of\s+"
    r"(?P<plural>thousands|millions|billions)|(?:several|a\s+few)\s+"
    r"(?P<single>dozen|hundred|thousand|million|billion)(?!\s+and\b)"
    r"|(?P<alone>dozens|tens|hundreds|thousands|millions|billions|trillions)(?=\s+of\b)"
    r"|(?P<decades>decades)(?!\s+of\b))(?![A-Za-z])"
)
_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Month names count only when capitalised; "May" and the abbreviations also
# need a day or a year beside them, since "may" is a verb and "Mar" a word.
_FULL_MONTH = re.compile(
    r"(?<![A-Za-z])(?:January|February|March|April|June|July|August|September|October"
    r"|November|December)(?![A-Za-z])"
)
_DATED_MONTH = re.compile(
    r"(?<![A-Za-z])(?:May|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
    r"(?=\s+\d)|(?<=\d\s)(?:May|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)

_SPECIAL: tuple[tuple[re.Pattern[str], Fraction, Kind, bool, frozenset[Kind]], ...] = (
    # "twice" is firm: Korean writes "두 배", "2배" or "두 번".
    (re.compile(r"(?i)\btwice\b"), Fraction(2), Kind.MULTIPLIER, False, frozenset({Kind.PLAIN})),
    # The verbs are firm ("doubles the context" must keep its factor); the adjective
    # is not ("a double check").
    (re.compile(r"(?i)\b(?:doubl(?:es|ed|ing))\b(?!-)"), Fraction(2), Kind.MULTIPLIER, False,
     frozenset()),
    (re.compile(r"(?i)\bdouble\b(?!-)"), Fraction(2), Kind.MULTIPLIER, True, frozenset()),
    (re.compile(r"(?i)\b(?:tripl(?:e|es|ed|ing))\b(?!-)"), Fraction(3), Kind.MULTIPLIER, True,
     frozenset()),
    (re.compile(r"(?i)\b(?:quadrupl(?:e|es|ed|ing))\b"), Fraction(4), Kind.MULTIPLIER, True,
     frozenset()),
    # "halves" and "half of the samples" keep their share; "the first half of 2024" and
    # "half-precision" are idioms.
    (re.compile(r"(?i)\b(?:halves|halved|halving)\b"), Fraction(1, 2), Kind.FRACTION, False,
     frozenset()),
    (re.compile(r"(?i)(?<!first )(?<!second )(?<!other )(?<!latter )\bhalf\b(?!-|way)(?=\s+of\b)"),
     Fraction(1, 2), Kind.FRACTION, False, frozenset()),
    (re.compile(r"(?i)\bhalf\b"), Fraction(1, 2), Kind.FRACTION, True, frozenset()),
    (re.compile(r"(?i)\bsingle\b"), Fraction(1), Kind.PLAIN, True, frozenset()),
    # "a pair of encoders" is "두 개의 인코더" or "인코더 쌍": weak, as "single" is.
    (re.compile(r"(?i)\ba\s+(?:pair|couple)\s+of\b"), Fraction(2), Kind.PLAIN, True,
     frozenset()),
    # "per million tokens" is "100만 토큰당" in Korean.
    (re.compile(r"(?i)(?<=per )thousand\b"), Fraction(10**3), Kind.PLAIN, True, frozenset()),
    (re.compile(r"(?i)(?<=per )million\b"), Fraction(10**6), Kind.PLAIN, True, frozenset()),
    (re.compile(r"(?i)(?<=per )billion\b"), Fraction(10**9), Kind.PLAIN, True, frozenset()),
    (re.compile(r"(?i)(?<![A-Za-z\-])decade\b"), Fraction(10), Kind.PLAIN, True, frozenset()),
)  # fmt: skip
_FOLD_WORD = re.compile(
    r"(?i)\b(?P<word>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)fold\b"
)


def _evaluate(tokens: list[str], article: bool) -> Fraction | None:
    """Evaluate number words such as ["two", "hundred", "and", "five"].

    Returns ``None`` for sequences that are not one number ("two and three").
    """
    total = 0
    current = 0
    previous = "article" if article else None
    for word in tokens:
        if word in _UNITS:
            if previous in ("unit", "teen") or (previous == "tens" and _UNITS[word] >= 10):
                return None
            current += _UNITS[word]
            previous = "unit" if _UNITS[word] < 10 else "teen"
        elif word in _TENS:
            if previous in ("unit", "teen", "tens"):
                return None
            current += _TENS[word]
            previous = "tens"
        elif word in _MULTIPLES:
            if previous not in ("unit", "teen", "tens", "article"):
                return None
            current = (current or 1) * _MULTIPLES[word]
            previous = "multiple"
        elif word in _MAGNITUDES:
            if previous not in ("unit", "teen", "tens", "article", "multiple"):
                return None
            total += (current or 1) * _MAGNITUDES[word]
            current = 0
            previous = "magnitude"
        elif word == "and":
            if previous not in ("multiple", "magnitude"):
                return None
            previous = "and"
    if previous in (None, "and", "article"):
        return None
    return Fraction(total + current)


def _segments(body: str, offset: int, article: bool) -> list[tuple[int, int, Fraction, bool]]:
    """Split a run of number words into numbers: ``(start, end, value, alone_one)``.

    A run such as "two and three" is two numbers; each is evaluated on its
    own when the run as a whole is not a number.
    """
    found = [
        (m.group().lower(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(body)
    ]
    words = [word for word, _, _ in found]
    value = _evaluate(words, article)
    if value is not None:
        return [(found[0][1], found[-1][2], value, words == ["one"])]
    segments = []
    for word, start, end in found:
        single = _evaluate([word], article=False)
        if single is not None:
            segments.append((start, end, single, word == "one"))
    return segments


def find_word_numbers(masked: str) -> list[Quantity]:
    """Find numbers written as English words in ``masked`` text."""
    found: list[Quantity] = []
    for match in _PHRASE.finditer(masked):
        article = match.group("article") is not None
        segments = _segments(match.group("body"), match.start("body"), article)
        for index, (start, end, value, alone_one) in enumerate(segments):
            if article and index == 0:
                start = match.start()
            kind, alt_kinds, optional = Kind.PLAIN, frozenset[Kind](), alone_one
            unit = None
            equivalents = frozenset[tuple[Kind, Fraction]]()
            if index == 0 and FACTOR_OF.search(masked, max(0, start - 16), start):
                kind = Kind.MULTIPLIER
                if value > 1 and divides(masked, start, end):
                    equivalents = dividing_equivalents(Fraction(value))
            if index == len(segments) - 1:
                for pattern, suffix_kind, suffix_alts, factor in _SUFFIXES:
                    if suffix := pattern.match(masked, end):
                        kind, alt_kinds, end = suffix_kind, suffix_alts, suffix.end()
                        value *= factor
                        unit = "yr" if factor == 10 else None
                        break
                else:
                    for pattern, measure in _WORD_MEASURES:
                        if suffix := pattern.match(masked, end):
                            unit, end = measure, suffix.end()
                            break
                    else:
                        optional = optional or bool(_COMPOUND.match(masked, end))
            found.append(
                Quantity(masked[start:end], value, kind, (start, end), optional=optional,
                         pairable=not alone_one, alt_kinds=alt_kinds, unit=unit,
                         equivalents=equivalents)
            )  # fmt: skip
    return found


def find_special_words(masked: str) -> list[Quantity]:
    """Find "twice", "tenfold", "half", ordinals and the other one-word amounts."""
    found: list[Quantity] = []
    for pattern, value, kind, optional, alt_kinds in _SPECIAL:
        for match in pattern.finditer(masked):
            pairable = not optional or kind is Kind.FRACTION
            found.append(
                Quantity(match.group(), value, kind, match.span(), optional=optional,
                         pairable=pairable, alt_kinds=alt_kinds)
            )  # fmt: skip
    for match in _FOLD_WORD.finditer(masked):
        word = match.group("word").lower()
        value = _UNITS.get(word) or _TENS.get(word) or _MULTIPLES.get(word) or _MAGNITUDES[word]
        found.append(Quantity(match.group(), Fraction(value), Kind.MULTIPLIER, match.span()))
    for match in _RUNNER_UP.finditer(masked):
        found.append(
            Quantity(match.group(), Fraction(2), Kind.ORDINAL, match.span(), optional=True,
                     alt_kinds=frozenset({Kind.PLAIN}))
        )  # fmt: skip
    for match in _ORDINAL.finditer(masked):
        value = _ORDINALS[match.group().lower()]
        start, end = match.span()
        ranked = bool(
            _RANK_BEFORE.search(masked, max(0, start - 30), start) or _RANK_AFTER.match(masked, end)
        )
        found.append(
            Quantity(match.group(), Fraction(value), Kind.ORDINAL, match.span(),
                     optional=not ranked, alt_kinds=frozenset({Kind.PLAIN}))
        )  # fmt: skip
    return found


# "by month three", "in round 2": the label counts which one, as "세 번째 달", "2라운드" do.
_LABELLED = re.compile(
    r"(?i)\b(?:month|week|day|round|stage|phase|epoch|turn|wave|cycle|session)\s+"
    r"(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\b(?![.,]\d|\s*%)"
)


def find_labelled_ordinals(masked: str) -> list[Quantity]:
    """Find "month three" and "round 2", which rank one of a series."""
    found = []
    for match in _LABELLED.finditer(masked):
        value = _count(match.group("n"))
        found.append(
            Quantity(match.group("n"), Fraction(value), Kind.ORDINAL, match.span("n"),
                     alt_kinds=frozenset({Kind.PLAIN}))
        )  # fmt: skip
    return found


def find_months(masked: str) -> list[Quantity]:
    """Find month names, which Korean writes as numbers ("October" → "10월")."""
    found: list[Quantity] = []
    spans = [m.span() for m in _FULL_MONTH.finditer(masked)]
    spans += [m.span() for m in _DATED_MONTH.finditer(masked)]
    for start, end in sorted(set(spans)):
        name = masked[start:end].rstrip(".").lower()
        found.append(Quantity(masked[start:end], Fraction(_MONTHS[name]), Kind.MONTH, (start, end)))
    return found


def _count(word: str) -> int:
    """The value of a digit run or of one number word ("nine", "a hundred")."""
    word = word.lower().removeprefix("a ").strip()
    if word.isdigit():
        return int(word)
    return _UNITS.get(word) or _TENS.get(word) or _MULTIPLES.get(word) or _MAGNITUDES[word]


def find_fractions(masked: str) -> list[Quantity]:
    """Find fractions such as "a quarter", "one-third" and "two thirds".

    They match "4분의 1", "25%" or "0.25" alike. "half a million" is a count,
    500,000, and "half" alone is a weak reading: it is often idiomatic ("the
    first half of 2024" is "상반기").
    """
    found: list[Quantity] = []
    for match in _HALF_OF_TIME.finditer(masked):
        if match.group("half").lower().startswith("half"):
            if not match.group("unit"):
                continue
            value, unit = Fraction(1, 2), _TIME_WORDS[match.group("unit").lower()]
        else:
            value, unit = Fraction(3, 2), "h"
        found.append(Quantity(match.group(), value, Kind.PLAIN, match.span(), unit=unit))
    for match in _TOP_PART.finditer(masked):
        value = _PARTS_OF_TIME[match.group("part").lower()]
        found.append(Quantity(match.group(), value, Kind.FRACTION, match.span()))
    for match in _PART_OF_TIME.finditer(masked):
        value = _PARTS_OF_TIME[match.group("part").lower().split()[-1]]
        unit = _TIME_WORDS[match.group("unit").lower()]
        found.append(Quantity(match.group(), value, Kind.PLAIN, match.span(), unit=unit))
    for match in _AND_A_HALF.finditer(masked):
        value = _count(match.group("count")) + Fraction(1, 2)
        unit = _TIME_WORDS[match.group("unit").lower()]
        found.append(Quantity(match.group(), value, Kind.PLAIN, match.span(), unit=unit))
    for match in _ONE_TIME.finditer(masked):
        unit = _TIME_WORDS[match.group("unit").lower()]
        found.append(
            Quantity(match.group(), Fraction(1), Kind.PLAIN, match.span(), optional=True, unit=unit)
        )
    for match in _ONE_IN.finditer(masked):
        if match.group("digit_part"):
            part, size = int(match.group("digit_part")), int(match.group("digit_whole"))
        else:
            part, size = (_count(match.group(group)) for group in ("part", "whole"))
        if 0 < part < size:
            found.append(Quantity(match.group(), Fraction(part, size), Kind.FRACTION, match.span()))
    for match in _ORDERS.finditer(masked):
        count = match.group("count").lower()
        power = int(count) if count.isdigit() else {"an": 1, "one": 1}.get(count) or _UNITS[count]
        value = Fraction(10**power)
        # "reduces traffic by an order of magnitude" leaves a tenth: "10분의 1 수준".
        equivalents = (
            frozenset({(Kind.FRACTION, 1 / value)})
            if divides(masked, *match.span())
            else frozenset()
        )
        found.append(
            Quantity(match.group(), value, Kind.MULTIPLIER, match.span(), equivalents=equivalents)
        )
    for match in _DIGIT_PLACES.finditer(masked):
        power = _PLACES[match.group("count").lower()]
        found.append(Quantity(match.group(), Fraction(10**power), Kind.MULTIPLIER, match.span()))
    for match in _HALF_OF_MAGNITUDE.finditer(masked):
        size = _MAGNITUDES[match.group("word").lower()]
        part = _PART_OF_MAGNITUDE[match.group("part").lower().split()[-2 if " " in
                                  match.group("part") else 0]]  # fmt: skip
        found.append(Quantity(match.group(), part * size, Kind.PLAIN, match.span()))
    for match in _FRACTION.finditer(masked):
        count = _FRACTION_COUNTS[match.group("count").lower()]
        part = match.group("part").lower()
        value = Fraction(count, _FRACTION_PARTS[part])
        if part.startswith("hal"):
            found.append(Quantity(match.group(), value, Kind.FRACTION, match.span(), optional=True))
        else:
            found.append(Quantity(match.group(), value, Kind.FRACTION, match.span()))
    return found


def find_approximate(masked: str) -> list[Quantity]:
    """Find vague amounts ("thousands of", "tens of millions", "a few hundred").

    Each is valued by its order of magnitude, as Korean "수천", "수천만" and "수백" are.
    """
    found: list[Quantity] = []
    for match in _APPROX.finditer(masked):
        if _COUNTED_BEFORE.search(masked, max(0, match.start() - 12), match.start()):
            continue
        word = match.group("plural") or match.group("single") or match.group("alone")
        word = word or match.group("decades")
        value = Fraction(_APPROX_SIZES[word.lower()])
        if lead := match.group("lead"):
            value *= 10 if lead.lower() == "tens" else 100
        found.append(Quantity(match.group(), value, Kind.APPROX, match.span()))
    return found

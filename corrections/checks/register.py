"""The ``register`` check: the sentences of one field keep one speech level.

Korean prose ends every sentence in a speech level: 합니다체 ("…제안합니다."), 한다체
("…제안한다."), 해요체 ("…제안해요.") or the memo style of notes ("…제안함."). A digest
keeps one of them; a translation that mixes them within a field reads as two writers.

The check reads the ending of each sentence of the segment and of the other segments of
its field (:attr:`CheckContext.neighbours`). When the field mixes levels, the sentences of
the segment that differ from the level the field mostly keeps are reported; on a tie, the
level the digest mostly keeps (:attr:`CheckContext.speech_level`) decides, and 합니다체, the
house style of the weekly posts, after that. A field none of whose sentences keeps the
digest's level, though some end in a full level, is off as a whole: its sentences are
reported against the digest's level. Questions ("…어떤 모습일까요?"), quoted words and
embedded clauses ("…한다는 것을 보여줍니다") are not sentence endings and never count.

Mixing 합니다체, 한다체 and 해요체 is an ``error``: a careful editor always evens it out.
The memo style (…함, …있음) beside 합니다체 is a ``warning``, since lists of findings are
sometimes written that way on purpose; beside 한다체, whose shorthand it is, it is no
change of level at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache

from corrections.checks.base import CheckContext, Finding, Severity, gettext_noop

CODE = "register"


class Level(StrEnum):
    """A speech level, as the ending of a sentence shows it."""

    HAPNIDA = "hapnida"
    HANDA = "handa"
    HAEYO = "haeyo"
    MEMO = "memo"


HOUSE_LEVEL = Level.HAPNIDA

_QUOTED = re.compile(
    r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|'[^'\n]*'|「[^」]*」|『[^』]*』|《[^》]*》|〈[^〉]*〉"
)
# A sentence ends at a full stop, an exclamation mark or a question mark followed by a
# space or the end; "6.94%" and "3.0" have a digit after the point.
_SENTENCE_END = re.compile(r"[.!?。]+(?=[\s)\]\"'’”]*(?:\s|$))")
_LAST_WORD = re.compile(r"([가-힣]+)[^가-힣]*$")

_HAEYO_ENDINGS = (
    "어요", "아요", "해요", "여요", "예요", "에요", "워요", "와요", "봐요", "돼요", "줘요",
    "져요", "려요", "라요", "러요", "내요", "세요", "네요", "군요", "지요", "데요", "래요",
    "대요", "죠",
)  # fmt: skip
# Syllables before a final 다 that make it a 한다체 verb or adjective: "한다", "했다",
# "있다", "같다", "이다". A 다 after other syllables is more often a noun or a particle
# ("바다", "…보다", "…마다").
_HANDA_BEFORE = frozenset("이같없있많높낮좋크작쉽렵않싶르하되지빠춥적짧길넓깊")
_MEMO_ENDINGS = frozenset("함됨킴냄")
# Vowels of a syllable without a final consonant that 해요체 contracts before 요: 커요 (크+어요),
# 가요, 돼요, 줘요, 세요, 펴요. A noun ending in such a syllable and 요 is rare; "개요"
# (overview) is the one a digest writes.
_HAEYO_VOWELS = frozenset((0, 1, 4, 5, 6, 7, 9, 10, 14, 15))  # ㅏ ㅐ ㅓ ㅔ ㅕ ㅖ ㅘ ㅙ ㅝ ㅞ
_YO_NOUNS = frozenset({"개요"})


def _final(syllable: str) -> int:
    return (ord(syllable) - 0xAC00) % 28


def level_of(word: str) -> Level | None:
    """The speech level that a sentence ending in ``word`` shows, or ``None`` for none."""
    if word.endswith(("니다", "니까", "십시오")):
        return Level.HAPNIDA
    if word.endswith(_HAEYO_ENDINGS):
        return Level.HAEYO
    if len(word) >= 2 and word[-1] == "요" and not word.endswith(tuple(_YO_NOUNS)):
        before = ord(word[-2]) - 0xAC00
        if 0 <= before < 11172 and before % 28 == 0 and (before // 28) % 21 in _HAEYO_VOWELS:
            return Level.HAEYO
    if len(word) >= 2 and word.endswith("다") and word[-2] != "니":
        before = word[-2]
        # A final ㄴ or ㅆ before 다 is the mark of 한다체: "한다", "된다", "했다", "있었다".
        if _final(before) in (4, 20) or before in _HANDA_BEFORE:
            return Level.HANDA
        return None
    if len(word) >= 2 and word[-1] in _MEMO_ENDINGS:
        return Level.MEMO
    # "있음", "없음", "않음", "보였음": a nominalised verb, not a noun like "처음" or "마음".
    if len(word) >= 2 and word[-1] == "음" and (_final(word[-2]) == 20 or word[-2] in "없않"):
        return Level.MEMO
    return None


@lru_cache(maxsize=4096)
def sentence_levels(text: str) -> tuple[tuple[int, int, Level], ...]:
    """Return ``(start, end, level)`` of the last word of each sentence that shows a level.

    Quoted words are blanked first, so that a quoted title in 한다체 does not count. A
    question is not read: 합니다체 prose asks rhetorical questions in 해요체 ("…일까요?").
    """
    blank = _QUOTED.sub(lambda match: " " * len(match.group()), text)
    found = []
    start = 0
    for match in _SENTENCE_END.finditer(blank):
        sentence_end = match.start()
        is_question = "?" in match.group()
        piece = blank[start:sentence_end]
        start = match.end()
        if is_question:
            continue
        last = _LAST_WORD.search(piece)
        if last is None or last.end(1) != len(piece.rstrip(")]\"'’” ")):
            continue
        level = level_of(last.group(1))
        if level is not None:
            word_start = sentence_end - len(piece) + last.start(1)
            found.append((word_start, word_start + len(last.group(1)), level))
    return tuple(found)


def digest_level(targets: Iterable[str]) -> Level | None:
    """The speech level that most sentence endings of a digest show, if one does."""
    counts = Counter(level for text in targets for *_span, level in sentence_levels(text))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _expected(field: Counter[Level], digest: str | None) -> Level:
    """The level the field keeps: its most frequent, then the digest's, then the house's."""
    top = max(field.values())
    leading = [level for level, count in field.items() if count == top]
    if len(leading) == 1:
        return leading[0]
    for preferred in (digest, HOUSE_LEVEL):
        if preferred in leading:
            return Level(preferred)
    return sorted(leading)[0]


_MESSAGE = gettext_noop(
    "'%(ending)s' changes the speech level: the other sentences of this field end like '%(other)s'"
)
_MESSAGE_DIGEST = gettext_noop(
    "'%(ending)s' is in %(found)s, but the rest of this digest keeps to %(level)s"
)
_LEVEL_NAMES = {
    Level.HAPNIDA: "합니다체",
    Level.HANDA: "한다체",
    Level.HAEYO: "해요체",
    Level.MEMO: "-음/-함",
}
_FORMAL = frozenset({Level.HAPNIDA, Level.HANDA, Level.HAEYO})
_WHY = gettext_noop(
    "A field keeps one speech level (합니다체, 한다체 or 해요체) throughout; a mix reads as "
    "two writers."
)


def check_register(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Report the sentences of ``target`` whose speech level differs from their field's."""
    del source  # The speech level is a matter of the Korean alone.
    own = sentence_levels(target)
    if not own:
        return []
    others = [item for text in context.neighbours for item in _with_text(text)]
    field = Counter(level for *_span, level in own) + Counter(level for _w, level in others)
    digest = Level(context.speech_level) if context.speech_level in _FORMAL else None
    if Level.MEMO in field and Level.HAPNIDA not in (digest, *field.keys()):
        # The memo style is the plain style's shorthand: beside 한다체 it is no change of
        # level; beside the polite 합니다체 it is.
        del field[Level.MEMO]
        own = tuple(item for item in own if item[2] is not Level.MEMO)
    if digest is not None and digest not in field and _FORMAL & field.keys():
        # The whole field is in another level than the digest keeps everywhere else.
        return [
            Finding(
                CODE,
                Severity.ERROR,
                _MESSAGE_DIGEST,
                (start, end),
                params={
                    "ending": target[start:end],
                    "found": _LEVEL_NAMES[level],
                    "level": _LEVEL_NAMES[digest],
                },
                why=_WHY,
            )
            for start, end, level in own
            if level in _FORMAL
        ]
    if len(field) < 2:
        return []
    expected = _expected(field, context.speech_level)
    sample = next(
        (target[s:e] for s, e, level in own if level is expected),
        next((word for word, level in others if level is expected), ""),
    )
    findings = []
    for start, end, level in own:
        if level is expected:
            continue
        formal = Level.MEMO not in (level, expected)
        findings.append(
            Finding(
                CODE,
                Severity.ERROR if formal else Severity.WARNING,
                _MESSAGE,
                (start, end),
                params={"ending": target[start:end], "other": sample},
                why=_WHY,
            )
        )
    return findings


def _with_text(text: str) -> list[tuple[str, Level]]:
    return [(text[start:end], level) for start, end, level in sentence_levels(text)]

"""The ``repeated`` check: a phrase written twice in a row in the target.

Machine translation sometimes emits a phrase twice ("일관된 추론과 오류 인식
데모: 일관된 추론과 오류 인식 데모"). A repetition counts when the phrase
has at least two words and six characters, or is one word of at least four
Hangul syllables, so that ordinary doubled words ("매우 매우", "the the") are
left to spell checkers.
The check stays silent when the source repeats itself as often, since the
repetition is then the author's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corrections.checks.base import CheckContext, Finding, Severity

CODE = "repeated"

_TOKEN = re.compile(r"\S+")
_PUNCTUATION = "".join(
    sorted(set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~·…“”‘’「」『』《》〈〉、。，：；！？（）–—"))
)
_HANGUL = re.compile(r"[가-힣]")
# Longer repetitions than this many words are not machine-translation
# stutters but duplicated paragraphs, which other tools catch.
_MAX_WORDS = 30
_MIN_CHARS = 6
_MIN_HANGUL_SINGLE_WORD = 4


@dataclass(frozen=True)
class _Word:
    """A word without its surrounding punctuation, and where it sits."""

    norm: str
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    """Split ``text`` into words, dropping tokens that are only punctuation."""
    words: list[_Word] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        core = token.strip(_PUNCTUATION)
        if not core:
            continue
        start = match.start() + token.index(core)
        words.append(_Word(core.casefold(), start, start + len(core)))
    return words


def _long_enough(phrase: list[_Word]) -> bool:
    """Tell whether a repeated phrase is long enough to be a stutter.

    A phrase of several words needs six characters; a single word needs four
    Hangul syllables, since one Korean word carries as much as a short
    English phrase ("워터마킹").
    """
    text = " ".join(word.norm for word in phrase)
    if len(phrase) >= 2:
        return len(text) >= _MIN_CHARS
    return len(_HANGUL.findall(text)) >= _MIN_HANGUL_SINGLE_WORD


def find_repetitions(text: str) -> list[tuple[int, int]]:
    """Return the spans of the second copies of back-to-back repeated phrases."""
    words = _words(text)
    norms = [word.norm for word in words]
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        longest = 0
        for length in range(1, min(_MAX_WORDS, (len(words) - index) // 2) + 1):
            first = norms[index : index + length]
            if first == norms[index + length : index + 2 * length] and _long_enough(
                words[index : index + length]
            ):
                longest = length
        if longest:
            spans.append((words[index + longest].start, words[index + 2 * longest - 1].end))
            index += 2 * longest
        else:
            index += 1
    return spans


def check_repeated(source: str | None, target: str, context: CheckContext) -> list[Finding]:
    """Report phrases that the target repeats back to back and the source does not."""
    del context  # The check needs no digest-wide knowledge.
    repetitions = find_repetitions(target)
    if not repetitions or (
        source is not None and len(find_repetitions(source)) >= len(repetitions)
    ):
        return []
    return [
        Finding(
            CODE,
            Severity.WARNING,
            f"'{target[start:end]}' repeats the phrase just before it",
            (start, end),
        )
        for start, end in repetitions
    ]

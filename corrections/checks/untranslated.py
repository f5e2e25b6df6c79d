"""The ``untranslated`` check: the target is still the English source.

It fires when the target equals the source (ignoring case and spacing), or
when the target is mostly Latin script, but only if the source is a real
piece of prose. Titles made of names ("LongRAG", "Granite 3.0 Technical
Report") and segments of code or identifiers are rightly left in English.
"""

from __future__ import annotations

import re

from corrections.checks.base import CheckContext, Finding, Severity

CODE = "untranslated"

_TOKEN = re.compile(r"\S+")
_PLAIN_WORD = re.compile(r"[A-Za-z][a-z]*(?:['’-][a-z]+)*[,.;:!?)]*")
_LATIN = re.compile(r"[A-Za-z]")
_HANGUL = re.compile(r"[가-힣]")
_SPACE = re.compile(r"\s+")

# A source needs this many ordinary words, making up at least this share of
# its tokens, to be prose that a reader expects in Korean.
_MIN_PLAIN_WORDS = 4
_MIN_PLAIN_SHARE = 0.5
# Korean prose about ML keeps many Latin names (LLM, RAG, GPT-4o): in the
# sample digest the Latin share of a translated segment reaches 0.39, and 0.64
# for a title that is mostly a model name. Only a target that is almost all
# Latin letters has been left untranslated.
_MAX_LATIN_SHARE = 0.8


def _normalise(text: str) -> str:
    """Collapse whitespace and case so that trivial differences do not count."""
    return _SPACE.sub(" ", text).strip().casefold()


def is_prose(source: str) -> bool:
    """Tell whether ``source`` is prose rather than names, identifiers or code.

    Ordinary words are lower-case words or capitalised words without inner
    capitals or digits; "LLMs", "GPT-4o", "snake_case" and "LongRAG" are not.
    """
    tokens = [token.lstrip("(\"'“‘") for token in _TOKEN.findall(source)]
    if not tokens:
        return False
    plain = sum(1 for token in tokens if _PLAIN_WORD.fullmatch(token))
    return plain >= _MIN_PLAIN_WORDS and plain / len(tokens) >= _MIN_PLAIN_SHARE


def latin_share(text: str) -> float:
    """Return the share of Latin letters among the Latin and Hangul letters."""
    latin = len(_LATIN.findall(text))
    hangul = len(_HANGUL.findall(text))
    return latin / (latin + hangul) if latin + hangul else 0.0


def check_untranslated(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Report a target that was left in English although the source is prose."""
    del context  # The check needs no digest-wide knowledge.
    if not target.strip() or not is_prose(source):
        return []
    span = (0, len(target))
    if _normalise(source) == _normalise(target):
        return [Finding(CODE, Severity.ERROR, "target is identical to the source", span)]
    share = latin_share(target)
    if share >= _MAX_LATIN_SHARE:
        return [
            Finding(
                CODE,
                Severity.WARNING,
                f"target is mostly Latin script ({share:.0%} of its letters); "
                "it looks untranslated",
                span,
            )
        ]
    return []

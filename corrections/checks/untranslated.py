"""The ``untranslated`` check: English prose left in English in the target.

It fires when the target equals the source (ignoring case and spacing) and the
source is a real piece of prose, and when the target carries a clause or a sentence
of English copied from the source ("이 방법은 achieves state-of-the-art results on
MMLU를 달성합니다"). Korean ML prose rightly keeps much English: names ("LongRAG",
"Granite 3.0 Technical Report"), acronyms, code, URLs, a gloss in brackets
("커리큘럼 학습(curriculum learning)"), a quoted prompt and a famous title written in
title case ("Attention Is All You Need"). None of these is a run of ordinary
lower-case words.
"""

from __future__ import annotations

import re

from corrections.checks.base import CheckContext, Finding, Severity, gettext_noop
from corrections.checks.protected import find_protected

CODE = "untranslated"

_TOKEN = re.compile(r"\S+")
_PLAIN_WORD = re.compile(r"[A-Za-z][a-z]*(?:['’-][a-z]+)*[,.;:!?)]*")
_SPACE = re.compile(r"\s+")

# A source needs this many ordinary words, making up at least this share of
# its tokens, to be prose that a reader expects in Korean.
_MIN_PLAIN_WORDS = 4
_MIN_PLAIN_SHARE = 0.5

# A run of English in the target: Latin words joined by spaces and light
# punctuation. Hangul, a bracket or a quotation mark ends it, so that a gloss
# in brackets and a quoted prompt are runs of their own.
_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*(?:[,:;]?[ \t]+[A-Za-z0-9][A-Za-z0-9'’\-]*)*")
_RUN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_LOWER_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*")
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:['’-][A-Za-z]+)*")
_OPENERS = "(\"“‘'「『《〈[（*_"
_CLOSERS = ")\"”’'」』》〉]）*_"
# A paper's title is kept in English and named as such: "… 논문", "…라는 논문", "논문 …".
_TITLE_AFTER = re.compile(r"\s*(?:이?라는\s*)?(?:논문|제목|연구|책|보고서)")
_TITLE_BEFORE = re.compile(r"(?:논문|제목)\s*[:：]?\s*$")

# English function words: a kept name or term almost never contains one outside a
# hyphenated compound ("mixture-of-experts"), while a clause of prose always does.
_FUNCTION_WORDS: frozenset[str] = frozenset(
    {
        "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "by", "as",
        "at", "from", "into", "than", "that", "which", "who", "whose", "is", "are", "was",
        "were", "be", "been", "being", "has", "have", "had", "can", "could", "will",
        "would", "may", "might", "should", "must", "do", "does", "did", "not", "we", "our",
        "it", "its", "they", "their", "this", "these", "those", "while", "when", "where",
        "how", "what", "but", "both", "each", "such", "over", "across", "without",
        "between", "through", "about", "using", "via", "more", "most", "also", "only",
    }
)  # fmt: skip
# A clause needs this many ordinary words, at least one of them a function word.
_MIN_CLAUSE_WORDS = 3
_MIN_FUNCTION_WORDS = 1
# Or this many without a function word ("proposes novel retrieval augmented generation").
_MIN_CLAUSE_WORDS_WITHOUT_FUNCTION = 4
_MIN_SENTENCE_WORDS = 6
# Title case: this share of the content words capitalised makes the run a name or a title.
_TITLE_SHARE = 0.6
# The run must come from the source: this share of its ordinary words occurs there.
_MIN_COPIED_SHARE = 0.8

_WHY_IDENTICAL = gettext_noop("The target is the English source itself, not a translation.")
_WHY_CLAUSE = gettext_noop(
    "Ordinary English words copied from the source read as a sentence left untranslated; "
    "names, acronyms and code may stay in English."
)


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


def _masked(text: str) -> str:
    """Blank out URLs, code, LaTeX and the other tokens that are never translated."""
    for token in find_protected(text):
        start, end = token.span
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _titled(text: str, start: int, end: int) -> bool:
    """Tell whether the run at ``start:end`` is named as the title of a paper."""
    return bool(_TITLE_AFTER.match(text, end) or _TITLE_BEFORE.search(text[:start]))


def _quoted(text: str, start: int, end: int) -> bool:
    """Tell whether the run at ``start:end`` is enclosed in brackets or quotation marks."""
    before = text[:start].rstrip()
    # A quoted sentence keeps its own punctuation inside the quotes: "What is X?"
    after = text[end:].lstrip().lstrip(".?!…,")
    return bool(before) and before[-1] in _OPENERS and bool(after) and after[0] in _CLOSERS


def _is_clause(words: list[str]) -> bool:
    """Tell whether the words of a run read as English prose rather than a name or a title."""
    lower = [word for word in words if _LOWER_WORD.fullmatch(word)]
    functions = [word for word in lower if word in _FUNCTION_WORDS]
    content = [word for word in words if word.lower() not in _FUNCTION_WORDS]
    capitalised = [word for word in content if _CAPITALISED.fullmatch(word)]
    # A title or a name capitalises most of its content words; a sentence opens with a
    # capital on a function word ("We", "The") or on one content word at most.
    if content and len(capitalised) > 1 and len(capitalised) / len(content) >= _TITLE_SHARE:
        return False
    plain = len(lower) + (1 if words and _CAPITALISED.fullmatch(words[0]) else 0)
    if len(functions) >= _MIN_FUNCTION_WORDS:
        return plain >= _MIN_CLAUSE_WORDS
    return plain >= _MIN_CLAUSE_WORDS_WITHOUT_FUNCTION


def english_clauses(source: str, target: str) -> list[tuple[int, int]]:
    """Return the spans of the target's runs of English prose that it copied from the source."""
    source_words = {word.casefold() for word in _RUN_WORD.findall(_masked(source))}
    masked = _masked(target)
    spans: list[tuple[int, int]] = []
    for match in _RUN.finditer(masked):
        words = _RUN_WORD.findall(match.group())
        if (
            not _is_clause(words)
            or _quoted(masked, *match.span())
            or _titled(masked, *match.span())
        ):
            continue
        ordinary = [word for word in words if not any(char.isdigit() for char in word)]
        copied = sum(1 for word in ordinary if word.casefold() in source_words)
        if ordinary and copied / len(ordinary) >= _MIN_COPIED_SHARE:
            spans.append(match.span())
    return spans


def check_untranslated(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Report a target, or a clause of it, that was left in English."""
    del context  # The check needs no digest-wide knowledge.
    if not target.strip():
        return []
    if is_prose(source) and _normalise(source) == _normalise(target):
        return [
            Finding(
                CODE,
                Severity.ERROR,
                gettext_noop("the target is identical to the source"),
                (0, len(target)),
                why=_WHY_IDENTICAL,
            )
        ]
    return [
        Finding(
            CODE,
            # A whole English sentence is surely untranslated; a short phrase may be a
            # term the writer chose to keep.
            Severity.ERROR
            if len(_RUN_WORD.findall(target[slice(*span)])) >= _MIN_SENTENCE_WORDS
            else Severity.WARNING,
            gettext_noop("'%(english)s' is still in English"),
            span,
            params={"english": target[slice(*span)]},
            why=_WHY_CLAUSE,
        )
        for span in english_clauses(source, target)
    ]

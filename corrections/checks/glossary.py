"""The ``glossary`` check: source terms are rendered the way editors agreed.

A term fires only when it occurs in the source (case-insensitively, on word
boundaries, plural included). Korean renderings are matched as substrings,
because particles attach to the noun ("파인튜닝을"), and spaces inside a
rendering are optional, because spacing of compounds varies ("미세 조정",
"미세조정").

Severities: a forbidden rendering is an ``error`` (editors rejected it on
purpose); a missing approved rendering or a do-not-translate term that was
translated is a ``warning``, because the translator may have chosen a
correct paraphrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from corrections.checks.base import CheckContext, Finding, GlossaryTerm, Severity

CODE = "glossary"


@lru_cache(maxsize=4096)
def _source_pattern(term: str, *, exact_case: bool = False) -> re.Pattern[str]:
    """Match ``term`` as a whole word or phrase, with an optional plural ending.

    ``exact_case`` is for do-not-translate terms, which must be copied as
    written ("LoRA", not "lora").
    """
    words = [re.escape(word) for word in term.split()]
    body = r"\s+".join(words)
    flags = 0 if exact_case else re.IGNORECASE
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?:s|es)?(?![A-Za-z0-9])", flags)


@lru_cache(maxsize=4096)
def _rendering_pattern(rendering: str) -> re.Pattern[str]:
    """Match a rendering as a substring in which spaces are optional.

    Renderings that start or end with a Latin letter or a digit also need a
    word boundary there, so that the approved "RAG" is not found in
    "LongRAG" or "FRAGMENT".
    """
    pieces = [re.escape(char) for char in "".join(rendering.split())]
    body = r"\s*".join(pieces)
    start = r"(?<![A-Za-z0-9])" if rendering[:1].isascii() and rendering[:1].isalnum() else ""
    end = r"(?![A-Za-z0-9])" if rendering[-1:].isascii() and rendering[-1:].isalnum() else ""
    return re.compile(f"{start}{body}{end}", re.IGNORECASE)


def _spans(renderings: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    """Return every span of ``text`` where one of ``renderings`` occurs."""
    return [
        match.span()
        for rendering in renderings
        if rendering.strip()
        for match in _rendering_pattern(rendering).finditer(text)
    ]


def _inside(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    """Tell whether ``span`` lies within one of ``others``."""
    return any(start <= span[0] and span[1] <= end for start, end in others)


def _check_term(term: GlossaryTerm, target: str) -> list[Finding]:
    """Check one term that occurs in the source."""
    approved = _spans(term.approved, target)
    findings = [
        Finding(
            CODE,
            Severity.ERROR,
            f"'{target[start:end]}' is a forbidden rendering of '{term.source}'; "
            + (
                f"keep '{term.source}' as written"
                if term.do_not_translate and not term.approved
                else f"use {_quote(term.approved)}"
            ),
            (start, end),
        )
        # A forbidden "모델" inside an approved "언어 모델" is not a violation.
        for start, end in _spans(term.forbidden, target)
        if not _inside((start, end), approved)
    ]
    if term.do_not_translate:
        # After a forbidden rendering, "missing" would say the same thing a second time.
        if not findings and not _source_pattern(term.source, exact_case=True).search(target):
            findings.append(
                Finding(
                    CODE,
                    Severity.WARNING,
                    f"'{term.source}' must stay untranslated; it is missing from the target",
                    None,
                )
            )
    elif term.approved and not approved and not findings:
        # A forbidden rendering already names the approved ones; a second
        # finding about the same words would only add noise.
        findings.append(
            Finding(
                CODE,
                Severity.WARNING,
                f"'{term.source}' should be rendered as {_quote(term.approved)}",
                None,
            )
        )
    return findings


MAX_QUOTED = 4


def _quote(renderings: tuple[str, ...]) -> str:
    """Quote renderings for a message: "'미세 조정' or '파인튜닝'".

    Long lists are cut after a few: spacing variants add nothing a reader needs.
    """
    if not renderings:
        return "an approved rendering"
    quoted = " or ".join(f"'{rendering}'" for rendering in renderings[:MAX_QUOTED])
    if len(renderings) > MAX_QUOTED:
        quoted += f" (or {len(renderings) - MAX_QUOTED} more in the glossary)"
    return quoted


# One glossary is current at a time; the second place keeps a request that still holds
# the previous one (read just before an editor's change) from evicting the new one.
@lru_cache(maxsize=2)
def _terms_in(terms: tuple[str, ...]) -> Callable[[str], tuple[int, ...]]:
    """Return a function giving the positions in ``terms`` of the terms that occur in a source.

    Searching a source for every term is most of the cost of the checks, and the answer
    depends only on the source and the terms' text, while pages check the same
    sentences again and again with new translations.
    """
    patterns = [(index, _source_pattern(term)) for index, term in enumerate(terms) if term.strip()]

    @lru_cache(maxsize=4096)
    def occurring(source: str) -> tuple[int, ...]:
        return tuple(index for index, pattern in patterns if pattern.search(source))

    return occurring


def check_glossary(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Check every glossary term of ``context`` that occurs in ``source``."""
    occurring = _terms_in(tuple(term.source for term in context.glossary))
    findings: list[Finding] = []
    for index in occurring(source):
        findings.extend(_check_term(context.glossary[index], target))
    return findings

"""Automatic checks of one aligned translation segment (English → Korean).

``run_checks(source, target, context)`` returns the findings of every check
in :data:`CHECKS`, in that order. The checks are pure Python, so that they
run anywhere — in views, in management commands and in tests — without a
configured Django.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

from corrections.checks.base import (
    Check,
    CheckContext,
    Finding,
    GlossaryTerm,
    Place,
    Severity,
    TermUse,
)
from corrections.checks.consistency import check_consistency, term_profile
from corrections.checks.glossary import check_glossary
from corrections.checks.length import DEFAULT_LENGTH_RATIO, check_length, length_ratio_profile
from corrections.checks.numbers import check_numbers
from corrections.checks.particle import check_particle
from corrections.checks.preserve import check_preserve
from corrections.checks.register import check_register, digest_level
from corrections.checks.repeated import check_repeated
from corrections.checks.untranslated import check_untranslated

__all__ = [
    "CHECKS",
    "DEFAULT_LENGTH_RATIO",
    "TARGET_ONLY_CHECKS",
    "Check",
    "CheckContext",
    "Finding",
    "GlossaryTerm",
    "Place",
    "Severity",
    "TermUse",
    "digest_level",
    "length_ratio_profile",
    "run_checks",
    "term_profile",
]

CHECKS: Mapping[str, Check] = MappingProxyType(
    {
        "numbers": check_numbers,
        "glossary": check_glossary,
        "repeated": check_repeated,
        "untranslated": check_untranslated,
        "preserve": check_preserve,
        "length": check_length,
        "particle": check_particle,
        "register": check_register,
        "consistency": check_consistency,
    }
)
"""Every check by its code, in the order in which :func:`run_checks` runs them."""

TARGET_ONLY_CHECKS: frozenset[str] = frozenset({"repeated"})
"""Checks that still make sense when a segment has no source (a Korean-only title)."""

_TARGET_ONLY: Mapping[str, Callable[[str | None, str, CheckContext], list[Finding]]] = {
    "repeated": check_repeated,
}

_DEFAULT_CONTEXT = CheckContext()

logger = logging.getLogger(__name__)


def _selected(only: Iterable[str] | None) -> list[str]:
    """Return the codes to run, in :data:`CHECKS` order, refusing unknown codes."""
    if only is None:
        return list(CHECKS)
    wanted = set(only)
    unknown = wanted - CHECKS.keys()
    if unknown:
        raise ValueError(f"unknown check codes: {', '.join(sorted(unknown))}")
    return [code for code in CHECKS if code in wanted]


def run_checks(
    source: str | None,
    target: str,
    context: CheckContext = _DEFAULT_CONTEXT,
    *,
    only: Iterable[str] | None = None,
) -> list[Finding]:
    """Run the checks on one segment and return their findings.

    ``source`` is ``None`` for segments that exist only in Korean, such as a
    digest's own title; only the checks in :data:`TARGET_ONLY_CHECKS` run
    then. ``only`` restricts the run to the given check codes; an unknown
    code raises :class:`ValueError` rather than silently checking nothing. A check
    that raises is logged and skipped; the others still run.
    """
    findings: list[Finding] = []
    for code in _selected(only):
        if source is None and code not in _TARGET_ONLY:
            continue
        try:
            findings.extend(CHECKS[code](source, target, context))
        except Exception:
            # A check is advice: one that breaks on an odd text must not refuse a member's
            # suggestion, an import or a page. The error is logged for the developers.
            logger.exception("The %r check failed on a segment; its findings are left out", code)
    return _without_repeats(findings)


def _without_repeats(findings: list[Finding]) -> list[Finding]:
    """Drop a consistency finding about a term the glossary reports here already: the
    glossary's names the rendering to use, which settles the other place too."""
    glossary_terms = {
        finding.params["term"].lower()
        for finding in findings
        if finding.check == "glossary" and "term" in finding.params
    }
    return [
        finding
        for finding in findings
        if finding.check != "consistency"
        or finding.params.get("term", "").lower() not in glossary_terms
    ]

"""Shared types of the translation checks.

Every check receives one aligned segment (an English source and its Korean
target) together with a :class:`CheckContext`, and returns a list of
:class:`Finding` objects. The module is pure Python on purpose: the checks run
inside request handlers, management commands and tests alike, and must not
depend on Django being configured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How strongly a finding suggests that the translation is wrong."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One problem found in a target segment.

    ``span`` holds character offsets ``(start, end)`` into the target text, or
    ``None`` when the problem is an absence that has no place in the target.
    """

    check: str
    severity: Severity
    message: str
    span: tuple[int, int] | None


@dataclass(frozen=True)
class GlossaryTerm:
    """A source term with the renderings editors approved or rejected."""

    source: str
    approved: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    do_not_translate: bool = False


@dataclass(frozen=True)
class CheckContext:
    """Digest-wide knowledge that the checks may use.

    ``length_ratio`` is the typical ``(median, spread)`` of the target/source
    character-length ratio for the digest, as computed by
    :func:`corrections.checks.length_ratio_profile`.
    """

    glossary: tuple[GlossaryTerm, ...] = ()
    length_ratio: tuple[float, float] | None = None


Check = Callable[[str, str, CheckContext], list[Finding]]
"""The signature that every check function implements."""

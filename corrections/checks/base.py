"""Shared types of the translation checks.

Every check receives one aligned segment (an English source and its Korean
target) together with a :class:`CheckContext`, and returns a list of
:class:`Finding` objects. The module is pure Python on purpose: the checks run
inside request handlers, management commands and tests alike, and must not
depend on Django being configured.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


def gettext_noop(message: str) -> str:
    """Marks a finding's English message for translation without importing Django.

    ``makemessages`` extracts every ``gettext_noop("…")`` call; the site translates the
    message when it shows it (``corrections.finding_text``), in the reader's language.
    """
    return message


class Severity(StrEnum):
    """How strongly a finding suggests that the translation is wrong."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One problem found in a target segment.

    ``message`` and ``why`` are English templates marked with :func:`gettext_noop`, with
    ``%(name)s`` placeholders filled from ``params`` (quoted text, numbers: never words
    that need translating). ``span`` holds character offsets ``(start, end)`` into the
    target text, or ``None`` when the problem is an absence that has no place in the
    target. ``fix`` is the whole corrected target when the fix is mechanical (a particle,
    a preserved token, a glossary rendering), so that a person can take it in one click.
    """

    check: str
    severity: Severity
    message: str
    span: tuple[int, int] | None
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    why: str = ""
    fix: str | None = None

    @property
    def text(self) -> str:
        """The message in English, placeholders filled."""
        return fill(self.message, self.params)

    @property
    def why_text(self) -> str:
        return fill(self.why, self.params)


def fill(template: str, params: Mapping[str, str]) -> str:
    """``template % params``, or the template itself when it has no placeholders to fill.

    A template whose placeholders don't match its params (a translation that lost one)
    is shown unfilled rather than breaking the page that lists it.
    """
    if not params:
        return template
    try:
        return template % dict(params)
    except (KeyError, ValueError, TypeError):
        return template


@dataclass(frozen=True)
class GlossaryTerm:
    """A source term with the renderings editors approved or rejected."""

    source: str
    approved: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    do_not_translate: bool = False


@dataclass(frozen=True)
class Place:
    """Where a segment sits in its digest: the entry's number, the field, the position."""

    entry: int
    field: str
    position: int = 0


@dataclass(frozen=True)
class TermUse:
    """One rendering of a recurring source term, and where the digest uses it.

    ``key`` is the Korean word that renders the English one, which the check compares
    without particles and adjective endings; ``text`` is the rendering as written, with the
    kept token, for messages.
    """

    key: str
    text: str
    place: Place


@dataclass(frozen=True)
class CheckContext:
    """Digest-wide knowledge that the checks may use.

    ``length_ratio`` is the typical ``(median, spread)`` of the target/source
    character-length ratio for the digest, as computed by
    :func:`corrections.checks.length_ratio_profile`.

    ``speech_level`` is the speech level most sentences of the digest end in
    (:func:`corrections.checks.register.digest_level`), and ``terms`` how the digest renders
    its recurring terms, place by place (:func:`corrections.checks.consistency.term_profile`).

    The last two fields describe the segment being checked, so a caller sets them per
    segment (``dataclasses.replace``): ``place`` is where it sits, so that the terms found
    there are not compared with themselves, and ``neighbours`` the current text of the other
    segments of its field.
    """

    glossary: tuple[GlossaryTerm, ...] = ()
    length_ratio: tuple[float, float] | None = None
    speech_level: str | None = None
    terms: Mapping[str, tuple[TermUse, ...]] = field(default_factory=lambda: MappingProxyType({}))
    place: Place | None = None
    neighbours: tuple[str, ...] = ()


Check = Callable[[str, str, CheckContext], list[Finding]]
"""The signature that every check function implements."""

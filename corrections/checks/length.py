"""The ``length`` check: the target is far shorter or longer than usual.

Only the translatable part of a segment is measured. Code spans, URLs, file
paths, LaTeX and the Latin-script names that the target copies from the source
("Llama-3.1-8B", "MMLU-Pro") are copied rather than translated, so they would
pull the ratio of a name-heavy sentence towards 1. What is left is counted in
letters (Hangul syllables and Latin letters), because spacing and punctuation
differ between the languages more than the words do.

Korean needs about 0.4 syllables per English letter for the same content. On
the sample digest of 2024-10-21 (24 paragraph pairs with at least 30
translatable source letters) the ratio has a median of 0.390, a spread
(1.4826 × median absolute deviation) of 0.037, and ranges from 0.30 to 0.43;
:data:`DEFAULT_LENGTH_RATIO` rounds these figures.

A ratio is "far outside" when it is more than a factor away from the
median: the factor is at least 1.6, wider when the profile is noisy, and a
quarter wider again for segments under 80 letters, whose ratios vary more. A
truncated translation (ratio near 0.15) or an added sentence (ratio near 1)
falls outside; ordinary variation does not.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable

from corrections.checks.base import CheckContext, Finding, Severity, gettext_noop
from corrections.checks.protected import find_untranslatable

CODE = "length"

DEFAULT_LENGTH_RATIO: tuple[float, float] = (0.39, 0.04)
MIN_SOURCE_LETTERS = 30
_MIN_FACTOR = 1.6
_SPREADS = 4.0
_SHORT_SEGMENT = 80
_SHORT_WIDENING = 1.25
_MAD_TO_SD = 1.4826

_SHORT = gettext_noop(
    "target is unusually short: %(ratio)s× the source length, "
    "where %(low)s–%(high)s× is usual (median %(median)s×)"
)
_LONG = gettext_noop(
    "target is unusually long: %(ratio)s× the source length, "
    "where %(low)s–%(high)s× is usual (median %(median)s×)"
)
_WHY_SHORT = gettext_noop("A much shorter translation often leaves out a clause or a sentence.")
_WHY_LONG = gettext_noop(
    "A much longer translation often repeats itself or adds what the source does not say."
)

_LATIN_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.+_'’-]*[A-Za-z0-9+])?")


def _without(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    pieces, done = [], 0
    for start, end in spans:
        pieces.append(text[done:start])
        done = max(done, end)
    pieces.append(text[done:])
    return " ".join(pieces)


def _name_key(token: str) -> str:
    """Compare copied names case-insensitively and without an English plural: "LLMs", "LLM"."""
    key = token.lower()
    return key[:-1] if len(key) > 2 and key.endswith("s") else key


def translatable_letters(source: str, target: str) -> tuple[int, int]:
    """Count the letters of source and target that were translated rather than copied."""
    source = _without(source, find_untranslatable(source))
    target = _without(target, find_untranslatable(target))
    copied = {_name_key(t) for t in _LATIN_TOKEN.findall(source)} & {
        _name_key(t) for t in _LATIN_TOKEN.findall(target)
    }

    def letters(text: str) -> int:
        kept = _LATIN_TOKEN.sub(lambda m: "" if _name_key(m.group()) in copied else m.group(), text)
        return sum(char.isalpha() for char in kept)

    return letters(source), letters(target)


def length_ratio_profile(pairs: Iterable[tuple[str, str]]) -> tuple[float, float]:
    """Return the ``(median, spread)`` of target/source ratios of translatable letters.

    Only pairs whose source has at least 30 translatable letters count, as in the
    check itself. The spread is the median absolute deviation scaled to a
    standard deviation, which a few bad segments cannot inflate. Without any
    usable pair the built-in default is returned.
    """
    ratios = []
    for source, target in pairs:
        source_letters, target_letters = translatable_letters(source, target)
        if source_letters >= MIN_SOURCE_LETTERS and target.strip():
            ratios.append(target_letters / source_letters)
    if not ratios:
        return DEFAULT_LENGTH_RATIO
    median = statistics.median(ratios)
    deviation = statistics.median(abs(ratio - median) for ratio in ratios)
    return median, _MAD_TO_SD * deviation


def acceptable_range(profile: tuple[float, float], source_letters: int) -> tuple[float, float]:
    """Return the lowest and highest ratio that are not reported."""
    median, spread = profile
    factor = max(_MIN_FACTOR, math.exp(_SPREADS * spread / median)) if median > 0 else _MIN_FACTOR
    if source_letters < _SHORT_SEGMENT:
        factor *= _SHORT_WIDENING
    return median / factor, median * factor


def check_length(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Report a target whose translated part is far from the usual share of the source's."""
    source_letters, target_letters = translatable_letters(source, target)
    if source_letters < MIN_SOURCE_LETTERS:
        return []
    profile = context.length_ratio or DEFAULT_LENGTH_RATIO
    low, high = acceptable_range(profile, source_letters)
    ratio = target_letters / source_letters
    if low <= ratio <= high:
        return []
    short = ratio < low
    return [
        Finding(
            CODE,
            Severity.WARNING,
            _SHORT if short else _LONG,
            None,
            params={
                "ratio": f"{ratio:.2f}",
                "low": f"{low:.2f}",
                "high": f"{high:.2f}",
                "median": f"{profile[0]:.2f}",
            },
            why=_WHY_SHORT if short else _WHY_LONG,
        )
    ]

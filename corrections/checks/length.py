"""The ``length`` check: the target is far shorter or longer than usual.

Korean needs about half as many characters as English for the same content.
On the sample digest of 2024-10-21 (24 paragraph pairs whose source has at
least 40 characters) the target/source character ratio has a median of
0.486, a spread (1.4826 × median absolute deviation) of 0.051, and ranges
from 0.40 to 0.55; :data:`DEFAULT_LENGTH_RATIO` rounds these figures.

A ratio is "far outside" when it is more than a factor away from the
median: the factor is at least 1.6, wider when the profile is noisy, and a
quarter wider again for segments under 100 characters, whose ratios vary
more. A truncated translation (ratio near 0.25) or an added sentence (ratio
near 1) falls outside; ordinary variation does not.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable

from corrections.checks.base import CheckContext, Finding, Severity

CODE = "length"

DEFAULT_LENGTH_RATIO: tuple[float, float] = (0.49, 0.05)
MIN_SOURCE_LENGTH = 40
_MIN_FACTOR = 1.6
_SPREADS = 4.0
_SHORT_SEGMENT = 100
_SHORT_WIDENING = 1.25
_MAD_TO_SD = 1.4826


def length_ratio_profile(pairs: Iterable[tuple[str, str]]) -> tuple[float, float]:
    """Return the ``(median, spread)`` of target/source length ratios.

    Only pairs whose source has at least 40 characters count, as in the
    check itself. The spread is the median absolute deviation scaled to a
    standard deviation, which a few bad segments cannot inflate. Without any
    usable pair the built-in default is returned.
    """
    ratios = [
        len(target) / len(source)
        for source, target in pairs
        if len(source) >= MIN_SOURCE_LENGTH and target.strip()
    ]
    if not ratios:
        return DEFAULT_LENGTH_RATIO
    median = statistics.median(ratios)
    deviation = statistics.median(abs(ratio - median) for ratio in ratios)
    return median, _MAD_TO_SD * deviation


def acceptable_range(profile: tuple[float, float], source_length: int) -> tuple[float, float]:
    """Return the lowest and highest ratio that are not reported."""
    median, spread = profile
    factor = max(_MIN_FACTOR, math.exp(_SPREADS * spread / median)) if median > 0 else _MIN_FACTOR
    if source_length < _SHORT_SEGMENT:
        factor *= _SHORT_WIDENING
    return median / factor, median * factor


def check_length(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Report a target whose length is far from the usual share of the source."""
    if len(source) < MIN_SOURCE_LENGTH:
        return []
    profile = context.length_ratio or DEFAULT_LENGTH_RATIO
    low, high = acceptable_range(profile, len(source))
    ratio = len(target) / len(source)
    if low <= ratio <= high:
        return []
    direction = "short" if ratio < low else "long"
    return [
        Finding(
            CODE,
            Severity.WARNING,
            f"target is unusually {direction}: {ratio:.2f}× the source length, "
            f"where {low:.2f}–{high:.2f}× is usual (median {profile[0]:.2f}×)",
            None,
        )
    ]

"""Carries a suggestion made against an older sentence over to the sentence as it is now."""

import unicodedata

from diff_match_patch import diff_match_patch


def rebase_text(*, base: str, suggested: str, current: str) -> str | None:
    """Apply the base→suggested change to `current`; None when it does not apply cleanly."""
    engine = diff_match_patch()
    # Slightly stricter than the library's default of 0.5: a patch that lands in an
    # approximate place is worse than no rebase, yet the context around a short Korean
    # edit often includes words that changed in the meantime.
    engine.Match_Threshold = 0.4
    base, suggested, current = (unicodedata.normalize("NFC", t) for t in (base, suggested, current))
    patches = engine.patch_make(base, suggested)
    rebased, applied = engine.patch_apply(patches, current)
    if not all(applied) or rebased == current:
        return None
    return rebased

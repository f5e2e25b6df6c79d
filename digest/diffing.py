"""Character-level diffs with semantic clean-up, the granularity Korean text needs."""

import unicodedata
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

_KINDS = {-1: "delete", 0: "equal", 1: "insert"}


@dataclass(frozen=True)
class DiffOp:
    kind: str  # "equal", "insert" or "delete"
    text: str


def diff_texts(before: str, after: str) -> list[DiffOp]:
    """Diff two texts in NFC so that composed and decomposed Hangul compare equal."""
    engine = diff_match_patch()
    engine.Diff_Timeout = 2.0
    diffs = engine.diff_main(
        unicodedata.normalize("NFC", before), unicodedata.normalize("NFC", after)
    )
    engine.diff_cleanupSemantic(diffs)
    return [DiffOp(kind=_KINDS[op], text=text) for op, text in diffs]

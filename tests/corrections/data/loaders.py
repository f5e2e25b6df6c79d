"""Readers for the labelled data of the translation-check tests and for the sample digest.

The TSV files have a header row and tab-separated columns without quoting,
so that they stay readable and editable by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from corrections.checks import GlossaryTerm

DATA = Path(__file__).resolve().parent
SAMPLE = DATA.parents[2] / "digest" / "samples" / "2024-10-21-top-ml-papers.txt"

_HANGUL = re.compile(r"[가-힣]")
_MIN_ENGLISH_PARAGRAPH = 40


@dataclass(frozen=True)
class LabelledPair:
    """One hand-labelled segment: which check or form it exercises and the verdict."""

    label: str
    expected: str
    english: str
    korean: str
    note: str


def _rows(name: str) -> list[list[str]]:
    """Read a TSV file of this folder without its header row."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


def numbers_labelled() -> list[LabelledPair]:
    """Return the labelled pairs of the numbers check; ``label`` is the form exercised."""
    return [LabelledPair(*row) for row in _rows("numbers_labelled.tsv")]


def checks_labelled() -> list[LabelledPair]:
    """Return the labelled pairs of the other checks; ``label`` is the check code."""
    return [LabelledPair(*row) for row in _rows("checks_labelled.tsv")]


def glossary() -> tuple[GlossaryTerm, ...]:
    """Return the test glossary; renderings are separated by "|"."""
    return tuple(
        GlossaryTerm(
            source=source,
            approved=tuple(filter(None, approved.split("|"))),
            forbidden=tuple(filter(None, forbidden.split("|"))),
            do_not_translate=flag == "yes",
        )
        for source, approved, forbidden, flag in _rows("glossary.tsv")
    )


def sample_pairs() -> list[tuple[str, str]]:
    """Return the (English, Korean) segment pairs of the sample digest.

    Each Korean paragraph of the sample is followed by its English original
    on the next line, and titles read "Korean / English".
    """
    lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    pairs: list[tuple[str, str]] = []
    for index, line in enumerate(lines):
        korean, _, english = line.rpartition(" / ")
        if korean and _HANGUL.search(korean) and not _HANGUL.search(english):
            pairs.append((english, korean))
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (
            _HANGUL.search(line)
            and len(following) >= _MIN_ENGLISH_PARAGRAPH
            and not _HANGUL.search(following)
            and not following.startswith("http")
        ):
            pairs.append((following, line))
    return pairs


def sample_korean_only() -> list[str]:
    """Return the Korean lines of the sample that have no English original."""
    paired = {korean for _, korean in sample_pairs()}
    return [
        line.strip()
        for line in SAMPLE.read_text(encoding="utf-8").splitlines()
        if _HANGUL.search(line) and line.strip() not in paired and " / " not in line
    ]

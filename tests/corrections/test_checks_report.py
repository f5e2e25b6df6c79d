"""Precision and recall of every check on the hand-labelled pairs.

Print the report with
``.venv/bin/pytest tests/corrections/test_checks_report.py -q -s -p no:django --noconftest``.
A pair is a positive when the check under test returns any finding for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from corrections.checks import CHECKS, CheckContext, run_checks
from tests.corrections.data.loaders import LabelledPair, checks_labelled, glossary, numbers_labelled

MIN_PRECISION = 0.9
MIN_RECALL = 0.9


@dataclass
class Score:
    """Confusion counts of one check, with the pairs it got wrong."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, pair: LabelledPair, flagged: bool, expected: bool) -> None:
        """Count one verdict."""
        if flagged and expected:
            self.true_positive += 1
        elif flagged:
            self.false_positive += 1
            self.wrong.append(f"false alarm: {pair.english} | {pair.korean}")
        elif expected:
            self.false_negative += 1
            self.wrong.append(f"missed: {pair.english} | {pair.korean}")
        else:
            self.true_negative += 1

    @property
    def precision(self) -> float:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0


def _scores() -> dict[str, Score]:
    """Score every check on its labelled pairs."""
    context = CheckContext(glossary=glossary())
    # Consistency compares sentences across a digest; its cases are in test_checks_consistency.
    scores = {code: Score() for code in CHECKS if code != "consistency"}
    for pair in checks_labelled():
        findings = run_checks(pair.english, pair.korean, context, only=[pair.label])
        scores[pair.label].add(pair, bool(findings), pair.expected == "flag")
    for pair in numbers_labelled():
        findings = run_checks(pair.english, pair.korean, context, only=["numbers"])
        scores["numbers"].add(pair, bool(findings), pair.expected == "error")
    return scores


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return _scores()


def test_every_check_has_labelled_pairs_of_both_kinds(scores: dict[str, Score]) -> None:
    for code, score in scores.items():
        assert score.true_positive + score.false_negative >= 3, code
        assert score.true_negative + score.false_positive >= 3, code


def test_report_precision_and_recall_per_check(scores: dict[str, Score]) -> None:
    print("\ncheck         pairs  precision  recall")
    for code, score in scores.items():
        total = (
            score.true_positive + score.false_positive + score.false_negative + score.true_negative
        )
        print(f"{code:<12} {total:>6}  {score.precision:>9.3f}  {score.recall:>6.3f}")
        for wrong in score.wrong:
            print(f"    {wrong}")
    for code, score in scores.items():
        assert score.precision >= MIN_PRECISION, code
        assert score.recall >= MIN_RECALL, code

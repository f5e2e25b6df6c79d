"""Precision and recall of each translation check on the blind set (data/blind/).

    .venv/bin/python -m tests.corrections.blind_eval [--errors-only] [--misses CHECK]

A pair labelled 1 for a check is a hit when that check reports anything on it (with
--errors-only: a finding of severity error). Every pair labelled 0 is clean of every kind of
error, so any finding on it, of any check, is a false alarm of that check. Findings of a
check on pairs labelled 1 for another check are not counted either way: those pairs carry
one known error, and a second check may rightly see it too.

The digest-level context is built per group, as corrections.quality.check_context builds a
digest's: the length profile, the speech level and the term profile from the group's pairs,
each pair a segment of its own entry; ungrouped pairs are each a digest of their own (the
built-in length profile, and a speech level and terms of their own). The glossary of
data/blind/glossary.tsv is for all.

The set is for measuring only. Never tune a rule to one of its pairs (data/blind/README.md).
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from corrections.checks import (
    CHECKS,
    CheckContext,
    GlossaryTerm,
    Place,
    digest_level,
    length_ratio_profile,
    run_checks,
    term_profile,
)

BLIND = Path(__file__).resolve().parent / "data" / "blind"


@dataclass(frozen=True)
class BlindPair:
    id: str
    group: str
    kind: str
    check: str
    label: int
    severity: str
    source: str
    target: str


@dataclass
class Score:
    positives: int = 0
    hits: int = 0
    false_alarms: int = 0

    @property
    def precision(self) -> float | None:
        reported = self.hits + self.false_alarms
        return self.hits / reported if reported else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.positives if self.positives else None


def blind_pairs() -> list[BlindPair]:
    with (BLIND / "pairs.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            BlindPair(
                id=row["id"],
                group=row["group"],
                kind=row["kind"],
                check=row["check"],
                label=int(row["label"]),
                severity=row["severity"],
                source=row["source"],
                target=row["target"],
            )
            for row in rows
        ]


def blind_glossary() -> tuple[GlossaryTerm, ...]:
    with (BLIND / "glossary.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return tuple(
            GlossaryTerm(
                source=row["term"],
                approved=tuple(filter(None, row["approved"].split("|"))),
                forbidden=tuple(filter(None, row["forbidden"].split("|"))),
            )
            for row in rows
        )


def contexts(pairs: list[BlindPair]) -> dict[str, CheckContext]:
    """The check context of each pair, by id."""
    glossary = blind_glossary()
    groups: dict[str, list[BlindPair]] = defaultdict(list)
    for pair in pairs:
        groups[pair.group or f"single {pair.id}"].append(pair)
    result: dict[str, CheckContext] = {}
    for name, members in groups.items():
        places = {p.id: Place(entry=n, field="summary") for n, p in enumerate(members, 1)}
        digest = CheckContext(
            glossary=glossary,
            length_ratio=(
                length_ratio_profile((p.source, p.target) for p in members)
                if not name.startswith("single ")
                else None
            ),
            speech_level=digest_level(p.target for p in members),
            terms=term_profile((places[p.id], p.source, p.target) for p in members),
        )
        for p in members:
            result[p.id] = replace(digest, place=places[p.id])
    return result


def evaluate(*, errors_only: bool = False) -> tuple[dict[str, Score], dict[str, list[str]]]:
    """Each labelled check's score, and per check the ids of its misses and false alarms."""
    pairs = blind_pairs()
    context = contexts(pairs)
    scores: dict[str, Score] = defaultdict(Score)
    mistakes: dict[str, list[str]] = defaultdict(list)
    for pair in pairs:
        findings = run_checks(pair.source, pair.target, context[pair.id])
        if errors_only:
            findings = [f for f in findings if f.severity == "error"]
        reported = {f.check for f in findings}
        if pair.label == 1:
            score = scores[pair.check]
            score.positives += 1
            if pair.check in reported:
                score.hits += 1
            else:
                mistakes[pair.check].append(f"miss {pair.id} ({pair.kind})")
        else:
            for check in reported:
                scores[check].false_alarms += 1
                mistakes[check].append(f"false alarm {pair.id} ({pair.kind})")
        scores.setdefault(pair.check, Score())
    return dict(scores), dict(mistakes)


def _figure(value: float | None) -> str:
    return "   —" if value is None else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors-only", action="store_true", help="count only error findings")
    parser.add_argument("--misses", metavar="CHECK", help="list a check's misses and false alarms")
    args = parser.parse_args()
    scores, mistakes = evaluate(errors_only=args.errors_only)
    print(f"{'check':<14}{'positives':>10}{'hits':>6}{'false':>7}{'precision':>11}{'recall':>8}")
    for check in sorted(scores, key=lambda c: (c not in CHECKS, c)):
        score = scores[check]
        implemented = "" if check in CHECKS else "  (no such check yet)"
        print(
            f"{check:<14}{score.positives:>10}{score.hits:>6}{score.false_alarms:>7}"
            f"{_figure(score.precision):>11}{_figure(score.recall):>8}{implemented}"
        )
    if args.misses:
        print("\n".join(mistakes.get(args.misses, [])))


if __name__ == "__main__":
    main()

"""The ``numbers`` check on a third fresh set, written by a tester who never saw the code.

data/numbers_fresh3.tsv holds 256 pairs of ML-paper sentences and Korean renderings, one
`ok` and one `error` rendering per sentence for the most part, in sixteen kinds: rates per
unit of time, factors, vague amounts, Korean numerals, units, swapped values, comparisons,
fractions, percent against percentage points, ranges and bounds, ordinals, digits in
names, dropped figures, scientific notation, dates, and "nearly" against "over" (see
data/numbers_fresh3.md). As in the blind evaluation, any finding on an `ok` pair is a
false alarm, a note included; a pair labelled `error` is found when the check reports
anything, and found as an error when one finding is an error.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from corrections.checks import CheckContext, Finding, Severity
from corrections.checks.numbers import (
    BOUND_REVERSED,
    ENDS_CONFUSED,
    INVERTED,
    MISMATCH,
    PERIOD_CHANGED,
    RATE_CHANGED,
    RATE_LOST,
    SWAPPED,
    WHY_COMPARISON,
    WHY_NEAR,
    WHY_ORDINAL,
    WHY_PART_WHOLE,
    WHY_TAKEN_OR_LEFT,
    check_numbers,
)

DATA = Path(__file__).resolve().parent / "data" / "numbers_fresh3.tsv"

MIN_PRECISION = 1.00
MIN_RECALL = 1.00
MIN_ERROR_RECALL = 1.00


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    source: str
    target: str
    expected: str
    note: str


def cases() -> list[Case]:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return [Case(*line.split("\t")) for line in lines[1:] if line.strip()]


def numbers(source: str, target: str) -> list[Finding]:
    return check_numbers(source, target, CheckContext())


def test_the_set_is_as_described() -> None:
    rows = cases()
    assert len(rows) == 256
    assert len({row.id for row in rows}) == 256
    assert Counter(row.expected for row in rows) == {"ok": 128, "error": 128}
    assert len({row.kind for row in rows}) == 16


def test_precision_and_recall_on_the_fresh_set() -> None:
    hits = error_hits = false_alarms = positives = 0
    mistakes: list[str] = []
    for case in cases():
        findings = numbers(case.source, case.target)
        if case.expected == "error":
            positives += 1
            hits += bool(findings)
            error_hits += any(f.severity is Severity.ERROR for f in findings)
            if not any(f.severity is Severity.ERROR for f in findings):
                mistakes.append(f"missed {case.id} ({case.kind}): {case.note}")
        elif findings:
            false_alarms += 1
            mistakes.append(f"false alarm {case.id} ({case.kind}): {findings[0].text}")
    precision = hits / (hits + false_alarms)
    recall = hits / positives
    error_recall = error_hits / positives
    print(
        f"\nnumbers on fresh3: precision {precision:.3f}, recall {recall:.3f}, "
        f"errors-only recall {error_recall:.3f}"
    )
    print("\n".join(mistakes))
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL
    assert error_recall >= MIN_ERROR_RECALL


# What the new readings tell the reader ---------------------------------------------


def only(source: str, target: str) -> Finding:
    (finding,) = numbers(source, target)
    assert finding.severity is Severity.ERROR
    return finding


def test_a_rate_per_another_span_of_time_names_both_spans() -> None:
    finding = only(
        "The model decodes 45 tokens per second.", "이 모델은 분당 45개의 토큰을 디코딩합니다."
    )
    assert finding.message == RATE_CHANGED
    assert finding.text == "source rate per second is 분당 in the target; the span of time differs"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("The system serves 120 queries per minute.", "이 시스템은 초당 2개의 쿼리를 처리합니다."),
        (
            "It handles 50 images per second per GPU.",
            "GPU 한 대당 1초에 50장의 이미지를 처리합니다.",
        ),
        ("It processes 30 frames per second.", "30FPS로 처리합니다."),
        ("It takes 3 hours per run.", "한 번 실행하는 데 3시간이 걸립니다."),
    ],
)
def test_a_rate_converted_or_rephrased_is_accepted(source: str, target: str) -> None:
    assert numbers(source, target) == []


def test_a_rate_that_became_a_duration_or_a_total_is_lost() -> None:
    assert only("It runs at 30 frames per second.", "프레임당 30초로 동작합니다.").message == (
        RATE_LOST
    )
    assert only(
        "Training used 400 GPU-hours per epoch.", "학습에 총 400 GPU 시간이 들었습니다."
    ).message == (RATE_LOST)


def test_a_comparison_restated_from_the_other_side_is_accepted() -> None:
    assert (
        numbers("Model B trails model A by 2.1 points.", "모델 A가 모델 B보다 2.1점 앞섭니다.")
        == []
    )


def test_a_comparison_turned_round_says_both_words() -> None:
    finding = only(
        "Our model outperforms GPT-3.5 by 4 points.", "우리 모델은 GPT-3.5보다 4점 낮습니다."
    )
    assert finding.message == INVERTED
    assert finding.why == WHY_COMPARISON
    assert finding.why_text == (
        "Both compare with the same thing, but the source says outperforms and the target 낮."
    )


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Memory usage increases by 15%.", "메모리 사용량이 15% 감소합니다."),
        ("Inference is 8x cheaper.", "추론 비용이 8배 증가합니다."),
        ("The method reduces memory by a factor of 4.", "이 방법은 메모리를 4배 늘립니다."),
    ],
)
def test_a_rise_rendered_as_a_fall_is_reversed(source: str, target: str) -> None:
    assert only(source, target).message == INVERTED


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("It is 2x faster.", "지연 시간이 2배 줄어듭니다."),
        ("Latency improves by 30%.", "지연 시간이 30% 줄어듭니다."),
        ("It reduces errors by 3 points.", "오류를 3포인트 줄입니다."),
    ],
)
def test_a_speed_up_may_shorten_a_time(source: str, target: str) -> None:
    assert numbers(source, target) == []


def test_nearly_against_at_least_explains_the_approach() -> None:
    finding = only(
        "The model supports nearly 100 languages.", "이 모델은 100개 이상의 언어를 지원합니다."
    )
    assert finding.message == BOUND_REVERSED
    assert finding.why == WHY_NEAR


def test_reducing_by_a_third_is_not_reducing_to_a_third() -> None:
    finding = only("LoRA reduces memory by a third.", "LoRA는 메모리를 3분의 1로 줄입니다.")
    assert finding.why == WHY_TAKEN_OR_LEFT
    assert numbers("LoRA reduces memory by a third.", "LoRA는 메모리를 3분의 2로 줄입니다.") == []


def test_an_ordinal_made_a_count_says_so() -> None:
    finding = only("We probe the third layer.", "세 개의 레이어를 분석합니다.")
    assert (finding.message, finding.why) == (MISMATCH, WHY_ORDINAL)


def test_a_part_made_the_whole_is_swapped() -> None:
    finding = only(
        "We use 2,000 warmup steps out of 100,000 total steps.",
        "전체 2,000 스텝 중 10만 스텝을 워밍업에 사용합니다.",
    )
    assert (finding.message, finding.why) == (SWAPPED, WHY_PART_WHOLE)
    assert numbers("5 out of 8 tasks improve.", "8개 작업 중 5개가 향상됩니다.") == []


def test_a_part_of_the_year_that_does_not_overlap_is_an_error() -> None:
    assert only("It was released in late 2022.", "2022년 초에 공개되었습니다.").message == (
        PERIOD_CHANGED
    )
    assert numbers("It was released in late 2023.", "2023년 하반기에 공개되었습니다.") == []


def test_the_end_of_a_change_made_its_start_is_an_error() -> None:
    finding = only(
        "Doubling the batch size to 512 hurts.", "배치 크기를 512에서 두 배로 늘리면 나빠집니다."
    )
    assert finding.message == ENDS_CONFUSED

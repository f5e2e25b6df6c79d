"""Tests of the ``numbers`` check: parsing of every form, messages, spans, and a labelled set.

Run the labelled report alone with
``.venv/bin/pytest tests/corrections/test_checks_numbers.py -k labelled -s``.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest

from corrections.checks import CheckContext, Finding, Severity, run_checks
from corrections.checks.extract import extract
from corrections.checks.numbers import check_numbers
from corrections.checks.quantity import Kind, format_number
from tests.corrections.data.loaders import numbers_labelled, sample_pairs

CONTEXT = CheckContext()


def numbers(source: str, target: str) -> list[Finding]:
    """Run the numbers check alone."""
    return check_numbers(source, target, CONTEXT)


def values(text: str, language: str) -> list[tuple[Fraction, Kind]]:
    """Return the firm quantities of ``text`` as ``(value, kind)`` pairs."""
    return [(q.value, q.kind) for q in extract(text, language).quantities if not q.optional]


def optional_values(text: str, language: str) -> list[tuple[Fraction, Kind]]:
    """Return the optional quantities of ``text`` as ``(value, kind)`` pairs."""
    return [(q.value, q.kind) for q in extract(text, language).quantities if q.optional]


def names(text: str, language: str = "en") -> list[str]:
    """Return the digit-bearing names of ``text``."""
    return [name.text for name in extract(text, language).names]


P, PCT, PTS, MUL = Kind.PLAIN, Kind.PERCENT, Kind.POINTS, Kind.MULTIPLIER
FRAC, APPROX = Kind.FRACTION, Kind.APPROX
YEAR, DECADE, MONTH, ORD = Kind.YEAR, Kind.DECADE, Kind.MONTH, Kind.ORDINAL
F = Fraction


# Korean forms ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5억 1,300만 개의 예시", [(F(513_000_000), P)]),
        ("약 천만 개의 응답", [(F(10_000_000), P)]),
        ("약 2천만 개의 응답", [(F(20_000_000), P)]),
        ("4억 개에서 80억 개의 파라미터", [(F(400_000_000), P), (F(8_000_000_000), P)]),
        ("80억", [(F(8_000_000_000), P)]),
        ("12만 8천 개의 질문", [(F(128_000), P)]),
        ("1만 2천 5백 개", [(F(12_500), P)]),
        ("8천7백만 개", [(F(87_000_000), P)]),
        ("1만 2,500개", [(F(12_500), P)]),
        ("1조 2천억 개의 토큰", [(F(1_200_000_000_000), P)]),
        ("백만 개", [(F(1_000_000), P)]),
        ("십억 명", [(F(1_000_000_000), P)]),
        ("1.5억 개", [(F(150_000_000), P)]),
        ("4,050억 개", [(F(405_000_000_000), P)]),
        ("천 개의 프롬프트", [(F(1000), P)]),
        ("1~3억 페이지", [(F(100_000_000), P), (F(300_000_000), P)]),
        ("100만~300만 토큰", [(F(1_000_000), P), (F(3_000_000), P)]),
    ],
)
def test_korean_magnitudes(text: str, expected: list[tuple[Fraction, Kind]]) -> None:
    assert values(text, "ko") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("101개 언어", [(F(101), P)]),
        ("2배 크기의 모델", [(F(2), MUL)]),
        ("2022년부터", [(F(2022), YEAR)]),
        ("지난 20년 동안", [(F(20), P)]),
        ("1970년대 이후", [(F(1970), DECADE)]),
        ("80년대", [(F(1980), DECADE)]),
        ("6.60%", [(F("6.6"), PCT)]),
        ("40퍼센트", [(F(40), PCT)]),
        ("3%p", [(F(3), PTS)]),
        ("3%포인트", [(F(3), PTS)]),
        ("4.1퍼센트포인트", [(F("4.1"), PTS)]),
        ("2.5포인트", [(F("2.5"), PTS)]),
        ("3위", [(F(3), ORD)]),
        ("10월 21일", [(F(10), MONTH), (F(21), P)]),
        ("3명의 참가자", [(F(3), P)]),
        ("6개월", [(F(6), P)]),
        ("3분의 1", [(F(1, 3), FRAC)]),
        ("제3장", [(F(3), ORD)]),
    ],
)
def test_korean_counters_and_units(text: str, expected: list[tuple[Fraction, Kind]]) -> None:
    assert values(text, "ko") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("두 가지 주요 접근 방식", [(F(2), P)]),
        ("세 가지 영역", [(F(3), P)]),
        ("네 가지 기준", [(F(4), P)]),
        ("다섯 명의 주석자", [(F(5), P)]),
        ("열 번 샘플링", [(F(10), P)]),
        ("열두 개", [(F(12), P)]),
        ("두 배 빠릅니다", [(F(2), MUL)]),
        ("세 번의 실험", [(F(3), P)]),
    ],
)
def test_korean_native_numerals_with_counters(
    text: str, expected: list[tuple[Fraction, Kind]]
) -> None:
    assert values(text, "ko") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("두 모델 모두", [(F(2), P)]),
        ("중 하나입니다", [(F(1), P)]),
        ("하나의 모델", [(F(1), P)]),
        ("한 가지 언어", [(F(1), P)]),
        ("첫째, 둘째, 셋째, 넷째", [(F(1), ORD), (F(2), ORD), (F(3), ORD), (F(4), ORD)]),
        ("세 번째 단계", [(F(3), ORD)]),
        ("헤드의 절반을", [(F(1, 2), FRAC)]),
        ("리더보드 1위", [(F(1), ORD)]),
        ("한두 개", [(F(1), P), (F(2), P)]),
    ],
)
def test_korean_weak_readings_are_optional(
    text: str, expected: list[tuple[Fraction, Kind]]
) -> None:
    assert values(text, "ko") == []
    assert optional_values(text, "ko") == expected


@pytest.mark.parametrize(
    "text",
    [
        "추천 시스템 백본이 프로덕션에 배포되었습니다.",
        "이 백서는 구조 조정을 검토합니다.",
        "세계 모델은 새로운 세대의 에이전트를 생성합니다.",
        "네, 네트워크가 빠르게 수렴합니다.",
        "모델이 피드백 루프를 억제합니다.",
        "천천히 십분 활용합니다.",
        "일관된 추론과 이론적 이해",
    ],
)
def test_korean_words_that_contain_unit_syllables_are_not_numbers(text: str) -> None:
    assert extract(text, "ko").quantities == ()


# English forms -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("513 million examples", [(F(513_000_000), P)]),
        ("400 million to 8 billion", [(F(400_000_000), P), (F(8_000_000_000), P)]),
        ("8B and 32B", [(F(8_000_000_000), P), (F(32_000_000_000), P)]),
        ("the 7b variant", [(F(7_000_000_000), P)]),
        ("a 128K context", [(F(128_000), P)]),
        ("the 1.5M-sample subset", [(F(1_500_000), P)]),
        ("1.8T parameters", [(F(1_800_000_000_000), P)]),
        ("1.2k cases", [(F(1200), P)]),
        ("$4.6 million", [(F(4_600_000), P)]),
        ("1,300 problems", [(F(1300), P)]),
        ("a learning rate of 0.0003", [(F(3, 10_000), P)]),
        ("1–3 million tokens", [(F(1_000_000), P), (F(3_000_000), P)]),
        ("between 1 and 3 million", [(F(1_000_000), P), (F(3_000_000), P)]),
        ("7 to 70B parameters", [(F(7_000_000_000), P), (F(70_000_000_000), P)]),
        ("Figure 1 and 2", [(F(1), P), (F(2), P)]),
    ],
)
def test_english_digits_and_magnitudes(text: str, expected: list[tuple[Fraction, Kind]]) -> None:
    assert values(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three types", [(F(3), P)]),
        ("Nine social dimensions", [(F(9), P)]),
        ("twenty-five benchmarks", [(F(25), P)]),
        ("one hundred and twenty puzzles", [(F(120), P)]),
        ("A dozen annotators", [(F(12), P)]),
        ("two dozen prompts", [(F(24), P)]),
        ("a hundred prompts", [(F(100), P)]),
        ("Three million images", [(F(3_000_000), P)]),
        ("a million dialogues", [(F(1_000_000), P)]),
        ("two decades", [(F(20), P)]),
        ("ten percent", [(F(10), PCT)]),
        ("five percentage points", [(F(5), PTS)]),
        ("two and three", [(F(2), P), (F(3), P)]),
    ],
)
def test_english_number_words(text: str, expected: list[tuple[Fraction, Kind]]) -> None:
    assert values(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6.60% improvement", [(F("6.6"), PCT)]),
        ("92 percent", [(F(92), PCT)]),
        ("3 percentage points", [(F(3), PTS)]),
        ("3 pp", [(F(3), PTS)]),
        ("2.5 points", [(F("2.5"), PTS)]),
        ("10x faster", [(F(10), MUL)]),
        ("10× faster", [(F(10), MUL)]),
        ("drops 4-fold", [(F(4), MUL)]),
        ("recall tenfold", [(F(10), MUL)]),
        ("a model 2x its size", [(F(2), MUL)]),
        ("twice as fast", [(F(2), MUL)]),
        ("doubles the context", [(F(2), MUL)]),
        ("halves the memory", [(F(1, 2), FRAC)]),
        ("half of the heads", [(F(1, 2), FRAC)]),
        ("three times higher", [(F(3), MUL)]),
        ("by a factor of 3", [(F(3), MUL)]),
        ("5–10%", [(F(5), PCT), (F(10), PCT)]),
        ("2–3x faster", [(F(2), MUL), (F(3), MUL)]),
        ("Since 2022", [(F(2022), YEAR)]),
        ("in 2014", [(F(2014), YEAR)]),
        ("Since the 1970s", [(F(1970), DECADE)]),
        ("the 80s", [(F(1980), DECADE)]),
        ("in March 2024", [(F(3), MONTH), (F(2024), YEAR)]),
        ("on 2024-10-21", [(F(2024), YEAR), (F(10), MONTH), (F(21), P)]),
        ("ranks 2nd", [(F(2), ORD)]),
    ],
)
def test_english_units_and_kinds(text: str, expected: list[tuple[Fraction, Kind]]) -> None:
    assert values(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one of the largest collections", [(F(1), P)]),
        ("a single model", [(F(1), P)]),
        ("First, Second, Third, Fourth", [(F(1), ORD), (F(2), ORD), (F(3), ORD), (F(4), ORD)]),
        ("a double check", [(F(2), MUL)]),
        ("the first half of the year", [(F(1), ORD), (F(1, 2), FRAC)]),
        ("over the past decade", [(F(10), P)]),
        ("a two-stage pipeline", [(F(2), P)]),
    ],
)
def test_english_weak_readings_are_optional(
    text: str, expected: list[tuple[Fraction, Kind]]
) -> None:
    assert values(text, "en") == []
    assert optional_values(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected_names", "expected_values"),
    [
        ("Llama 3.1 70B", ["Llama 3.1"], [(F(70_000_000_000), P)]),
        ("Gemma 2 27B", ["Gemma 2"], [(F(27_000_000_000), P)]),
        ("Mistral 8x22B", ["8x22B"], []),
        ("GPT-4o and o1", ["GPT-4o", "o1"], []),
        ("Aya-101 covers 101 languages", ["Aya-101"], [(F(101), P)]),
        ("Granite 3.0 under Apache 2.0", ["Granite 3.0", "Apache 2.0"], []),
        ("Qwen2.5-7B-Instruct", ["Qwen2.5-7B-Instruct"], []),
        ("dataset v1.1", ["v1.1"], []),
        ("GSM8K and ImageNet-1K", ["GSM8K", "ImageNet-1K"], []),
        ("8 A100s", ["A100"], [(F(8), P)]),
        ("Nearly 20 million", [], [(F(20_000_000), P)]),
        ("Over 10 tasks", [], [(F(10), P)]),
        ("Table 4 and Section 3.2", [], [(F(4), P), (F(Fraction("3.2")), P)]),
    ],
)
def test_names_are_not_quantities(
    text: str, expected_names: list[str], expected_values: list[tuple[Fraction, Kind]]
) -> None:
    assert names(text) == expected_names
    assert values(text, "en") == expected_values


@pytest.mark.parametrize(
    "text",
    [
        "arXiv:2410.12345v2",
        "the paper 2410.05229",
        "https://x.com/omarsar0/status/1848396596230127655",
        "`batch_size=32`",
    ],
)
def test_protected_tokens_hide_their_digits(text: str) -> None:
    assert extract(text, "en").quantities == ()


def test_values_are_formatted_with_thousands_separators() -> None:
    assert format_number(Fraction(8_000_000_000)) == "8,000,000,000"
    assert format_number(Fraction("6.60")) == "6.6"
    assert format_number(Fraction(1, 4)) == "0.25"


# Findings ----------------------------------------------------------------


def test_8b_against_8eok_names_both_quantities_and_says_how_korean_writes_8b() -> None:
    source = "Presents lightweight foundation models ranging from 400 million to 8B parameters."
    target = "4억 개에서 8억 개의 파라미터에 이르는 경량 기초 모델을 제공합니다."
    (finding,) = numbers(source, target)
    assert finding.severity is Severity.ERROR
    assert finding.text == "source 8B (8,000,000,000) has no match; target has 8억 (800,000,000)"
    assert finding.why_text == "8B is 8,000,000,000, which is 80억 in Korean."
    assert finding.span == (target.index("8억"), target.index("8억") + 2)


def test_messages_are_templates_filled_from_params() -> None:
    (finding,) = numbers("The 8B model is fast.", "8억 모델은 빠릅니다.")
    assert "%(source)s" in finding.message
    assert "%(" in finding.why
    assert all(isinstance(value, str) for value in finding.params.values())
    assert finding.params["korean"] == "80억"


def test_a_dropped_number_written_in_digits_is_an_error_without_span() -> None:
    (finding,) = numbers(
        "In 2023, the team released 4 checkpoints.", "팀은 4개의 체크포인트를 공개했습니다."
    )
    assert finding.severity is Severity.ERROR
    assert finding.text == "source 2023 (2023) has no match; target has no such quantity"
    assert finding.span is None


def test_a_dropped_dozen_is_only_a_warning() -> None:
    (finding,) = numbers("A dozen annotators labelled it.", "주석자들이 레이블을 달았습니다.")
    assert finding.severity is Severity.WARNING


def test_addition_is_a_warning_on_the_added_quantity() -> None:
    target = "코드와 8억 개의 가중치를 공개합니다."
    (finding,) = numbers("We release the code and weights.", target)
    assert finding.severity is Severity.WARNING
    assert finding.text == "target 8억 (800,000,000) has no match in the source"
    assert target[slice(*finding.span)] == "8억"


def test_percent_and_percentage_points_are_not_interchangeable() -> None:
    target = "정확도를 3% 높입니다."
    (finding,) = numbers("It adds 3 percentage points of accuracy.", target)
    assert finding.severity is Severity.ERROR
    assert "percent and percentage points differ" in finding.text
    assert finding.why_text == "A change of 3 percentage points is not a change of 3%."
    assert target[slice(*finding.span)] == "3%"


def test_kind_mismatch_of_equal_values_is_an_error() -> None:
    target = "메모리 사용량이 4% 감소합니다."
    (finding,) = numbers("Memory use drops 4-fold.", target)
    assert finding.severity is Severity.ERROR
    assert finding.text == "source 4-fold (4×) has no match; target has 4% (4%)"


def test_nearest_value_is_named_when_several_are_wrong() -> None:
    target = "점수는 72.1이고 정확도는 51.3%입니다."
    findings = numbers("The score is 71.2 and the accuracy 53.1%.", target)
    assert [target[slice(*f.span)] for f in findings] == ["72.1", "51.3%"]
    assert all(f.severity is Severity.ERROR for f in findings)


def test_changed_version_of_a_name_is_an_error() -> None:
    target = "GPT-4를 백본으로 사용합니다."
    (finding,) = numbers("GPT-4o serves as the backbone.", target)
    assert finding.severity is Severity.ERROR
    assert finding.text == "source name GPT-4o appears as GPT-4 in the target"
    assert target[slice(*finding.span)] == "GPT-4"


def test_renumbered_mixture_is_an_error() -> None:
    (finding,) = numbers("Mistral 8x22B is a baseline.", "Mistral 8x7B도 기준 모델입니다.")
    assert finding.severity is Severity.ERROR
    assert finding.text == "source name 8x22B appears as 8x7B in the target"


def test_a_name_cut_short_is_an_error() -> None:
    (finding,) = numbers(
        "We fine-tune Llama-3-8B on math.", "수학 데이터로 라마 3을 미세 조정합니다."
    )
    assert finding.severity is Severity.ERROR
    assert finding.text == (
        "source name Llama-3-8B is missing from the target; its digits 3, 8 do not appear"
    )


def test_missing_name_digits_are_reported() -> None:
    (finding,) = numbers("We compare with Aya-101.", "다국어 모델과 비교합니다.")
    assert finding.severity is Severity.WARNING
    assert finding.text == (
        "source name Aya-101 is missing from the target; its digits 101 do not appear"
    )


def test_transliterated_name_keeps_its_digits() -> None:
    assert numbers("Llama 3.1 is a strong open model.", "라마 3.1은 강력한 공개 모델입니다.") == []


def test_a_name_may_be_mentioned_fewer_times() -> None:
    source = "o1 uses different patterns; for math, o1 relies on reuse."
    assert (
        numbers(source, "o1은 작업마다 다른 패턴을 사용하며, 수학에서는 재사용에 의존합니다.") == []
    )


def test_korean_only_segment_skips_the_numbers_check() -> None:
    assert run_checks(None, "[2024/10/21 ~ 10/27] 이번 주의 주요 ML 논문", only=["numbers"]) == []


# The real sample -----------------------------------------------------------


def test_the_only_number_finding_of_the_sample_is_granite_8b() -> None:
    found = [
        (english, finding)
        for english, korean in sample_pairs()
        for finding in numbers(english, korean)
    ]
    assert [(english[:40], f.severity, f.text) for english, f in found] == [
        (
            "Presents lightweight foundation models r",
            Severity.ERROR,
            "source 8B (8,000,000,000) has no match; target has 8억 (800,000,000)",
        )
    ]


@pytest.mark.parametrize(
    ("english_start", "expected"),
    [
        ("A family of open-weight", {"8B", "32B", "513 million", "101", "27B", "70B", "2x"}),
        ("Proposes SynthID-Text", {"10 million"}),
        ("Large language models (LLMs) have enabled", {"20 million"}),
        ("What will information entry", {"1970s", "two decades", "2022", "three"}),
        ("This report presents Granite", {"400 million", "8 billion", "1", "2"}),
    ],
)
def test_sample_quantities_are_read(english_start: str, expected: set[str]) -> None:
    (english, korean) = next(p for p in sample_pairs() if p[0].startswith(english_start))
    assert {q.text for q in extract(english, "en").quantities if not q.optional} == expected
    assert numbers(english, korean) == []


# The labelled set ----------------------------------------------------------

REQUIRED_FORMS = {
    "ko-magnitude", "range", "en-suffix", "en-magnitude", "en-words", "decimal", "separator",
    "percent", "points", "multiplier", "year", "decade", "name", "arxiv", "figure", "ordinal",
    "ko-native", "ko-counter", "addition", "vague", "false-friend",
}  # fmt: skip


def test_labelled_set_covers_every_form() -> None:
    pairs = numbers_labelled()
    assert len(pairs) >= 120
    forms = Counter(pair.label for pair in pairs)
    assert not REQUIRED_FORMS - set(forms)
    verdicts = Counter(pair.expected for pair in pairs)
    assert set(verdicts) == {"ok", "error"}
    assert verdicts["error"] >= 40


def test_labelled_precision_and_recall() -> None:
    true_positive = false_positive = false_negative = 0
    misses: list[str] = []
    for pair in numbers_labelled():
        flagged = any(
            f.severity in (Severity.ERROR, Severity.WARNING)
            for f in numbers(pair.english, pair.korean)
        )
        expected = pair.expected == "error"
        true_positive += flagged and expected
        false_positive += flagged and not expected
        false_negative += expected and not flagged
        if flagged != expected:
            kind = "false alarm" if flagged else "missed"
            misses.append(f"{pair.label}: {kind}: {pair.english} | {pair.korean} ({pair.note})")
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    print(f"\nnumbers check on {len(numbers_labelled())} labelled pairs: "
          f"precision {precision:.3f}, recall {recall:.3f}")  # fmt: skip
    for miss in misses:
        print(f"  {miss}")
    assert precision >= 0.95
    assert recall >= 0.95

"""What the ``numbers`` check tells a reader: its templates, their values and their Korean."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation

from corrections import finding_text
from corrections.checks import CheckContext, Finding, Severity
from corrections.checks import numbers as numbers_module
from corrections.checks.numbers import check_numbers
from tests.corrections import test_numbers_kinds as kinds


def numbers(source: str, target: str) -> list[Finding]:
    return check_numbers(source, target, CheckContext())


def only(source: str, target: str) -> Finding:
    (finding,) = numbers(source, target)
    return finding


def templates() -> list[str]:
    """Every ``gettext_noop`` template of the check, as makemessages extracts them."""
    tree = ast.parse(Path(numbers_module.__file__).read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "gettext_noop"
    ]


def every_wrong_pair() -> list[tuple[str, str]]:
    return [
        pair
        for name in dir(kinds)
        if name.endswith(("_WRONG", "_SUSPICIOUS"))
        for pair in getattr(kinds, name)
    ]


def test_every_finding_has_a_filled_message_and_why() -> None:
    findings = [f for source, target in every_wrong_pair() for f in numbers(source, target)]
    assert len(findings) >= 60
    for finding in findings:
        assert finding.message in templates()
        assert finding.why in templates()
        assert "%(" not in finding.text
        assert "%(" not in finding.why_text
        assert all(isinstance(value, str) for value in finding.params.values())


def test_the_why_of_a_magnitude_says_how_korean_writes_it() -> None:
    finding = only("The 8B model is fast.", "8억 모델은 빠릅니다.")
    assert finding.why_text == "8B is 8,000,000,000, which is 80억 in Korean."


def test_the_why_of_a_changed_unit_gives_the_converted_amount() -> None:
    finding = only("Latency falls to 40 ms per token.", "토큰당 지연 시간이 40초로 줄어듭니다.")
    assert finding.text == "source 40 ms (40 ms) is 40초 (40 s) in the target; the unit changed"
    assert finding.why_text == "The number is kept but the unit is not: 40 ms would be 0.04초."


def test_a_swap_names_both_values_and_their_words() -> None:
    target = "인코더에는 13B, 디코더에는 7B를 사용합니다."
    finding = only("We use 7B for the encoder and 13B for the decoder.", target)
    assert finding.severity is Severity.ERROR
    assert finding.text == "source 7B and 13B are swapped in the target"
    assert "encoder" in finding.why_text and "decoder" in finding.why_text
    assert target[slice(*finding.span)] == "7B"


def test_a_vague_amount_of_another_size_says_both_sizes() -> None:
    finding = only(
        "The corpus spans thousands of repositories.",
        "코퍼스는 수백만 개의 저장소에 걸쳐 있습니다.",
    )
    assert finding.why_text == (
        "thousands is in the order of 1,000, but 수백만 is in the order of 1,000,000."
    )


def test_an_exact_figure_made_vague_is_a_warning_that_says_so() -> None:
    finding = only(
        "The corpus spans 2,400 repositories.", "코퍼스는 수천 개의 저장소에 걸쳐 있습니다."
    )
    assert finding.severity is Severity.WARNING
    assert finding.text == "source 2,400 (2,400) is only 수천 (~1,000) in the target"


def test_a_share_turned_into_a_reduction_is_an_error() -> None:
    finding = only(
        "The student is 70% of the size of the teacher.", "학생 모델은 교사 모델보다 70% 작습니다."
    )
    assert finding.severity is Severity.ERROR
    assert finding.why_text == (
        "A share of 70% is a reduction of 30%; keeping the number reverses the meaning."
    )


@pytest.mark.parametrize("template", templates())
def test_every_template_has_a_korean_translation(template: str) -> None:
    with translation.override("ko"):
        assert translation.gettext(template) != template


def test_a_finding_is_shown_in_korean_with_its_values() -> None:
    finding = only("The 8B model is fast.", "8억 모델은 빠릅니다.")
    with translation.override("ko"):
        assert finding_text.message(finding) == (
            "원문 8B (8,000,000,000)에 맞는 값이 없고, 번역문에는 8억 (800,000,000) 값이 있습니다"
        )
        assert finding_text.why(finding) == "8B: 8,000,000,000, 한국어로는 80억입니다."

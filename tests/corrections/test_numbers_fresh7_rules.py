"""Readings of the ``numbers`` check added for the seventh round of fresh sentences.

Each reading has sentences an editor accepts (no finding) and sentences with one mistake
(an error naming it). The sentences were written for these tests; none is copied from the
labelled sets.
"""

from __future__ import annotations

import pytest

from corrections.checks import CheckContext, Finding, Severity
from corrections.checks.numbers import check_numbers


def numbers(source: str, target: str) -> list[Finding]:
    return check_numbers(source, target, CheckContext())


RIGHT = [
    # A number of several Korean groups is one number before any counter, not only the
    # counters a lone "만" may take.
    ("The archive holds 27,340 recordings.", "아카이브에는 음원 2만 7,340곡이 있다."),
    ("Of the 410,500 cases, most were mild.", "41만 500건(대부분 경증) 중에서"),
    # Mass converts like time and data: gigatonnes are hundreds of millions of tonnes.
    ("Forests absorb 7.6 gigatonnes of carbon.", "숲은 76억 톤의 탄소를 흡수한다."),
    ("The robot lifts up to 12 kilograms.", "로봇은 최대 12kg을 들어 올린다."),
    ("Each sample weighs 250 mg.", "각 시료의 무게는 0.25그램이다."),
    # "연평균" is a rate per year, as "per year" is.
    ("Emissions fell 3.1% per year on average.", "배출량은 연평균 3.1% 줄었다."),
    ("Sea level rose 3.4 mm per year.", "해수면은 연평균 3.4mm 상승했다."),
    # "배속" is a multiple of real time.
    ("Playback runs 16x faster than real time.", "재생은 실시간 대비 16배속으로 실행된다."),
    # A summary opens with a verb, which no number after it makes a model name.
    ("Compares 7 tokenizers on 30 languages.", "토크나이저 일곱 개를 30개 언어에서 비교한다."),
    ("Trains 4 agents in 3 environments.", "에이전트 네 개를 세 가지 환경에서 학습한다."),
]


@pytest.mark.parametrize(("source", "target"), RIGHT)
def test_accepted_renderings_raise_nothing(source: str, target: str) -> None:
    assert numbers(source, target) == []


WRONG = [
    # The groups read together: 2만 7,430 is not 27,340.
    ("The archive holds 27,340 recordings.", "아카이브에는 음원 2만 7,430곡이 있다."),
    # Tonnes are not gigatonnes, nor grams kilograms.
    ("Forests absorb 7.6 gigatonnes of carbon.", "숲은 7.6톤의 탄소를 흡수한다."),
    ("The robot lifts up to 12 kilograms.", "로봇은 최대 12g을 들어 올린다."),
    # A yearly rate is not a monthly one.
    ("Sea level rose 3.4 mm per year.", "해수면은 월평균 3.4mm 상승했다."),
    # The verb does not hide a changed count.
    ("Compares 7 tokenizers on 30 languages.", "토크나이저 다섯 개를 30개 언어에서 비교한다."),
]


@pytest.mark.parametrize(("source", "target"), WRONG)
def test_changed_amounts_are_errors(source: str, target: str) -> None:
    assert any(f.severity is Severity.ERROR for f in numbers(source, target))

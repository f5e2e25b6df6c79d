"""The repeated check on stutters of English→Korean machine translation, and on the
repetitions Korean makes on purpose."""

from __future__ import annotations

import pytest

from corrections.checks import Severity, run_checks
from corrections.finding_text import message


def repeated(source: str | None, target: str):
    return run_checks(source, target, only=["repeated"])


@pytest.mark.parametrize(
    ("source", "target", "fixed"),
    [
        ("We train the model.", "모델 모델을 학습합니다.", "모델을 학습합니다."),
        ("The model learns.", "모델이 모델을 학습합니다.", "모델을 학습합니다."),
        ("Data matters.", "데이터 데이터가 중요합니다.", "데이터가 중요합니다."),
        ("LongRAG is fast.", "LongRAG LongRAG는 빠릅니다.", "LongRAG는 빠릅니다."),
        (
            "It works on long contexts.",
            "긴 문맥 긴 문맥에서 작동합니다.",
            "긴 문맥에서 작동합니다.",
        ),
        (
            "It improves accuracy.",
            "정확도를 개선하고 개선합니다.",
            "정확도를 개선합니다.",
        ),
        (
            "It improves performance.",
            "성능을 향상시키고 향상시킵니다.",
            "성능을 향상시킵니다.",
        ),
        ("This model is fast.", "이 모델 이 모델은 빠릅니다.", "이 모델은 빠릅니다."),
        ("A bigger model.", "더 큰 더 큰 모델", "더 큰 모델"),
        ("Retrieval and generation.", "검색 및 및 생성", "검색 및 생성"),
        ("The language model is fast.", "언어 모델모델은 빠릅니다.", "언어 모델은 빠릅니다."),
        ("We read the data.", "데이터를를 읽습니다.", "데이터를 읽습니다."),
        ("It uses reinforcement learning.", "강화 학습 강화학습을 씁니다.", "강화학습을 씁니다."),
        (
            "It raises retrieval quality.",
            "검색 성능을 높이고 검색 성능을 높입니다.",
            "검색 성능을 높입니다.",
        ),
        (
            "The model handles long contexts.",
            "이 모델은 긴 문맥을 처리하는 긴 문맥을 처리합니다.",
            "이 모델은 긴 문맥을 처리합니다.",
        ),
        (
            "We propose a method.",
            "우리는 방법을 제안합니다. 우리는 방법을 제안합니다.",
            "우리는 방법을 제안합니다.",
        ),
    ],
)
def test_a_stutter_is_reported_with_the_target_it_should_have_been(source, target, fixed):
    (finding,) = repeated(source, target)
    assert finding.severity is (Severity.WARNING if "이 모델을" in target else Severity.ERROR)
    assert finding.fix == fixed
    assert target[slice(*finding.span)] in fixed


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("It works very, very well.", "매우 매우 잘 작동합니다."),
        ("The model learns one by one.", "모델은 하나씩 하나씩 학습합니다."),
        ("It learns step by step.", "한 단계 한 단계 학습합니다."),
        ("It learns step by step.", "단계 단계별로 배웁니다."),
        ("It looks at each part.", "하나하나 살펴봅니다."),
        ("It explains it carefully.", "차근차근 설명합니다."),
        ("A little faster.", "좀 더 좀 더 빠르게"),
        (
            "It trains step by step and evaluates step by step.",
            "단계별로 학습하고 단계별로 평가합니다.",
        ),
        ("We propose a model. The model is fast.", "새 모델을 제안합니다. 모델은 빠릅니다."),
        ("A new framework. The framework is fast.", "새 프레임워크. 프레임워크는 빠릅니다."),
        ("LLMs judging LLMs", "LLM이 LLM을 평가합니다."),
        ("One model teaches another.", "모델이 모델을 가르칩니다."),
        ("We collect data and fix errors.", "데이터를 수집하고 데이터를 수정합니다."),
        ("Analysts analyse the data.", "분석 분석가가 데이터를 봅니다."),
        ("The evaluation is done.", "평가가 끝났습니다."),
        ("A 2x2 kernel.", "크기 (2, 2) 커널"),
        ("Chain of thought, chain of thought", "생각의 사슬, 생각의 사슬"),
    ],
)
def test_repetitions_that_korean_or_the_source_makes_are_left_alone(source, target):
    assert repeated(source, target) == []


def test_the_message_quotes_both_copies_and_says_why():
    (finding,) = repeated("The model learns.", "모델이 모델을 학습합니다.")
    assert finding.text == "'모델을' repeats '모델이' with another ending"
    assert finding.why_text.startswith("A translator that stutters")


def test_the_message_is_shown_in_korean(settings):
    from django.utils import translation

    (finding,) = repeated("We train the model.", "모델 모델을 학습합니다.")
    with translation.override("ko"):
        shown = message(finding)
    assert "'모델을'" in shown and "'모델'" in shown
    assert "repeats" not in shown

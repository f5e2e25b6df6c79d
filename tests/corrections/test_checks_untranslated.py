"""The untranslated check on English prose left in Korean targets, and on the English that
Korean ML prose rightly keeps."""

from __future__ import annotations

import pytest

from corrections.checks import Severity, run_checks


def untranslated(source: str, target: str):
    return run_checks(source, target, only=["untranslated"])


@pytest.mark.parametrize(
    ("source", "target", "english", "severity"),
    [
        (
            "The method achieves state-of-the-art results on MMLU.",
            "이 방법은 achieves state-of-the-art results on MMLU를 달성합니다.",
            "achieves state-of-the-art results on MMLU",
            Severity.WARNING,
        ),
        (
            "It works well. The results are strong and hold across all of the tasks.",
            "잘 작동합니다. The results are strong and hold across all of the tasks.",
            "The results are strong and hold across all of the tasks",
            Severity.ERROR,
        ),
        (
            "We propose a new method for retrieval.",
            "We propose a new method for retrieval을 제안합니다.",
            "We propose a new method for retrieval",
            Severity.ERROR,
        ),
        (
            "Uses a mixture of experts with top-2 routing.",
            "top-2 라우팅을 사용하는 mixture of experts를 사용합니다.",
            "mixture of experts",
            Severity.WARNING,
        ),
        (
            "Large language models often hallucinate facts.",
            "Large language models often hallucinate facts를 보입니다.",
            "Large language models often hallucinate facts",
            Severity.ERROR,
        ),
    ],
)
def test_an_english_clause_copied_into_the_target_is_reported(source, target, english, severity):
    (finding,) = untranslated(source, target)
    assert target[slice(*finding.span)] == english
    assert finding.text == f"'{english}' is still in English"
    assert finding.severity is severity
    assert finding.why_text


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("We build on Attention Is All You Need.", "Attention Is All You Need를 기반으로 합니다."),
        ("We evaluate on Needle in a Haystack.", "Needle in a Haystack에서 평가합니다."),
        (
            "We use curriculum learning here.",
            "여기서는 커리큘럼 학습(curriculum learning)을 씁니다.",
        ),
        (
            'The prompt "Let\'s think step by step" helps.',
            '"Let\'s think step by step"이라는 프롬프트가 도움이 됩니다.',
        ),
        ("LongRAG combines RAG, LLMs and CoT.", "LongRAG는 RAG, LLM, CoT를 결합합니다."),
        ("We use in-context learning.", "in-context learning을 사용합니다."),
        (
            "We build on Language models are few-shot learners.",
            "Language models are few-shot learners 논문을 기반으로 합니다.",
        ),
        (
            'It answers "What is the capital of France?" correctly.',
            '"What is the capital of France?"라는 질문에 올바르게 답합니다.',
        ),
        (
            "Run `pip install vllm` and open https://docs.vllm.ai/en/latest/ first.",
            "먼저 `pip install vllm`을 실행하고 https://docs.vllm.ai/en/latest/ 를 여세요.",
        ),
        ("GPT-4o and Claude 3.5 Sonnet lead.", "GPT-4o와 Claude 3.5 Sonnet이 앞섭니다."),
        ("Granite 3.0 Technical Report", "Granite 3.0 Technical Report"),
        ("We propose a new method for retrieval.", "검색을 위한 새로운 방법을 제안합니다."),
        # English in the target that the source does not have is not a copy.
        ("We study pruning.", "가지치기를 연구합니다 (see also the related work)."),
    ],
)
def test_names_titles_glosses_quotes_and_code_stay_english(source, target):
    assert untranslated(source, target) == []


def test_a_target_that_is_the_source_is_an_error():
    source = "A Survey on Data Synthesis and Augmentation for Large Language Models"
    (finding,) = untranslated(source, source)
    assert finding.severity is Severity.ERROR
    assert finding.text == "the target is identical to the source"

"""The length check measures only what was translated: code, URLs and copied names are left out."""

from __future__ import annotations

import pytest

from corrections.checks import CheckContext, Severity, run_checks
from corrections.checks.length import translatable_letters


def length(source: str, target: str, context: CheckContext | None = None):
    return run_checks(source, target, context or CheckContext(), only=["length"])


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (
            "Install it with `pip install vllm==0.6.3` and run `vllm serve`.",
            "`pip install vllm==0.6.3`으로 설치하고 `vllm serve`를 실행합니다.",
        ),
        (
            "Set `temperature=0.7` and `top_p=0.9` in `config.yaml`.",
            "`config.yaml`에서 `temperature=0.7`과 `top_p=0.9`로 설정합니다.",
        ),
        (
            "Llama-3.1-8B-Instruct beats GPT-4o-mini on MMLU-Pro and GSM8K.",
            "Llama-3.1-8B-Instruct가 MMLU-Pro와 GSM8K에서 GPT-4o-mini를 앞섭니다.",
        ),
        (
            "Weights are available at https://huggingface.co/ibm-granite.",
            "가중치는 https://huggingface.co/ibm-granite 에서 받을 수 있습니다.",
        ),
        (
            "OpenAI, Anthropic, Google DeepMind, and Meta FAIR released new models.",
            "OpenAI, Anthropic, Google DeepMind, Meta FAIR가 새 모델을 공개했습니다.",
        ),
        (
            "The loss is $\\mathcal{L} = \\mathcal{L}_{CE} + \\lambda \\mathcal{L}_{KL}$.",
            "손실은 $\\mathcal{L} = \\mathcal{L}_{CE} + \\lambda \\mathcal{L}_{KL}$입니다.",
        ),
        (
            "Presents a new method for aligning language models with human preferences.",
            "인간 선호도에 언어 모델을 맞추는 새로운 방법을 제시합니다.",
        ),
    ],
)
def test_sentences_dominated_by_code_urls_or_names_are_not_reported(source, target) -> None:
    assert length(source, target) == []


def test_copied_names_and_code_are_not_counted() -> None:
    source_letters, target_letters = translatable_letters(
        "Run `vllm serve` on 8 GPUs with LLMs.", "LLM과 GPU 8장으로 `vllm serve`를 실행합니다."
    )
    assert (source_letters, target_letters) == (len("Runonwith"), len("과장으로를실행합니다"))


def test_a_truncated_translation_beside_code_is_still_reported() -> None:
    (finding,) = length(
        "Install with `pip install foo` and then read the documentation at https://foo.dev to "
        "configure the retriever and the reranker for your own corpus.",
        "`pip install foo`로 설치합니다.",
    )
    assert finding.severity is Severity.WARNING
    assert finding.text.startswith("target is unusually short")
    assert finding.why


def test_an_added_sentence_is_reported_as_long() -> None:
    (finding,) = length(
        "Shows that chain-of-thought prompting improves reasoning in small models.",
        "생각의 사슬 프롬프팅이 소형 모델의 추론을 향상시킨다는 것을 보여줍니다. 또한 이 방법은 "
        "대규모 모델에서도 효과적이며 다양한 벤치마크에서 최고 성능을 달성합니다.",
    )
    assert finding.message.startswith("target is unusually long: %(ratio)s×")
    assert set(finding.params) == {"ratio", "low", "high", "median"}

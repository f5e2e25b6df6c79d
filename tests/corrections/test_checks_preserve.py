"""The preserve check on tokens that a translation must copy as written: what a machine
translation does to them, the fix it offers, and the renderings Korean is free to choose."""

from __future__ import annotations

import pytest

from corrections.checks import Severity, run_checks


def preserve(source: str, target: str):
    return run_checks(source, target, only=["preserve"])


@pytest.mark.parametrize(
    ("source", "target", "altered", "fixed"),
    [
        (
            "Code is at https://github.com/QingFei1/LongRAG.",
            "코드는 github.com/QingFei1/LongRAG 에서 볼 수 있습니다.",
            "github.com/QingFei1/LongRAG",
            "코드는 https://github.com/QingFei1/LongRAG 에서 볼 수 있습니다.",
        ),
        (
            "Set `temperature=0` first.",
            "먼저 `온도=0`으로 설정합니다.",
            "`온도=0`",
            "먼저 `temperature=0`으로 설정합니다.",
        ),
        (
            "Set `temperature=0` first.",
            "먼저 temperature=0으로 설정합니다.",
            "temperature=0",
            "먼저 `temperature=0`으로 설정합니다.",
        ),
        (
            "LongRAG beats baselines [12].",
            "LongRAG는 기준 모델을 능가합니다 [21].",
            "[21]",
            "LongRAG는 기준 모델을 능가합니다 [12].",
        ),
        (
            "LongRAG beats baselines.",
            "LongRag는 기준 모델을 능가합니다.",
            "LongRag",
            "LongRAG는 기준 모델을 능가합니다.",
        ),
        (
            "We fine-tune Qwen2.5-7B-Instruct.",
            "Qwen2-7B-Instruct를 미세 조정합니다.",
            "Qwen2-7B-Instruct",
            "Qwen2.5-7B-Instruct를 미세 조정합니다.",
        ),
        ("GPT-4o wins.", "GPT-4O가 이깁니다.", "GPT-4O", "GPT-4o가 이깁니다."),
        ("BERT is old.", "Bert는 오래되었습니다.", "Bert", "BERT는 오래되었습니다."),
        (
            "Released as vLLM v0.6.3.",
            "vLLM v0.6.2로 출시되었습니다.",
            "v0.6.2",
            "vLLM v0.6.3로 출시되었습니다.",
        ),
        (
            "Claude 3.5 Sonnet leads.",
            "Claude 3 Sonnet이 앞섭니다.",
            "Claude 3",
            "Claude 3.5 Sonnet이 앞섭니다.",
        ),
        (
            "Set max_new_tokens to 512.",
            "max_new_token을 512로 설정합니다.",
            "max_new_token",
            "max_new_tokens을 512로 설정합니다.",
        ),
        (
            "Attention costs O(n^2).",
            "어텐션은 O(n2)가 듭니다.",
            "O(n2)",
            "어텐션은 O(n^2)가 듭니다.",
        ),
        ("We set k=5.", "k=3으로 설정합니다.", "k=3", "k=5으로 설정합니다."),
        (
            "Follow @omarsar0 for more.",
            "더 많은 소식은 @omarsar 에서.",
            "@omarsar",
            "더 많은 소식은 @omarsar0 에서.",
        ),
        (
            "Run train.py with config.yaml.",
            "config.yml로 train.py를 실행합니다.",
            "config.yml",
            "config.yaml로 train.py를 실행합니다.",
        ),
        (
            "See huggingface/transformers.",
            "huggingface/transformer를 보세요.",
            "huggingface/transformer",
            "huggingface/transformers를 보세요.",
        ),
        (
            "Contact ml@example.org.",
            "ml@example.com으로 연락하세요.",
            "ml@example.com",
            "ml@example.org으로 연락하세요.",
        ),
    ],
)
def test_an_altered_copy_is_pointed_at_and_restored(source, target, altered, fixed):
    (finding,) = preserve(source, target)
    assert finding.severity is Severity.ERROR
    assert target[slice(*finding.span)] == altered
    assert finding.fix == fixed
    assert f"is written as '{altered}'" in finding.text
    assert finding.why_text


@pytest.mark.parametrize(
    ("source", "target", "token", "severity"),
    [
        (
            "LongRAG beats baselines [12].",
            "LongRAG는 기준 모델을 능가합니다.",
            "[12]",
            Severity.ERROR,
        ),
        (
            "See 10.1145/3292500.3330701.",
            "논문을 참조하세요.",
            "10.1145/3292500.3330701",
            Severity.ERROR,
        ),
        (
            "We fine-tune Qwen2.5-7B.",
            "큐웬 모델을 미세 조정합니다.",
            "Qwen2.5-7B",
            Severity.WARNING,
        ),
        ("HumanEval and MBPP rise.", "인간 평가와 MBPP가 오릅니다.", "HumanEval", Severity.WARNING),
    ],
)
def test_a_dropped_token_has_no_place_and_no_fix(source, target, token, severity):
    (finding,) = preserve(source, target)
    assert (finding.span, finding.fix, finding.severity) == (None, None, severity)
    assert finding.text == f"'{token}' is missing from the target"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Released as vLLM v0.6.3.", "vLLM 버전 0.6.3으로 출시되었습니다."),
        ("Claude 3.5 Sonnet leads.", "클로드 3.5 소네트가 앞섭니다."),
        ("Trained on 8×H100 GPUs.", "H100 8장으로 학습했습니다."),
        ("Top-1 accuracy rises.", "상위 1 정확도가 오릅니다."),
        ("DeepMind and PyTorch.", "딥마인드와 파이토치."),
        ("COVID-19 data.", "코로나19 데이터."),
        ("We set k=5.", "k를 5로 설정합니다."),
        ("Attention costs O(n^2).", "어텐션은 O(n^2)의 시간이 듭니다."),
        ("Use a train/test split.", "학습/테스트 분할을 사용합니다."),
        ("LLMs help.", "LLM이 돕습니다."),
        ("Since 2022 models grew.", "2022년 이후 모델이 커졌습니다."),
        ("It uses CoT-guided filtering.", "CoT 가이드 필터링을 사용합니다."),
        ("Cited in [3, 5].", "[3,5]에서 인용되었습니다."),
        ("LongRAG and LongRAG-2 differ.", "LongRAG와 LongRAG-2는 다릅니다."),
    ],
)
def test_renderings_korean_may_choose_are_accepted(source, target):
    assert preserve(source, target) == []

"""The repeated check on fresh MT stutters and on repetitions a translation means to keep."""

from __future__ import annotations

import pytest
from django.utils import translation

from corrections.checks import run_checks
from corrections.finding_text import message


def repeated(source: str, target: str):
    return run_checks(source, target, only=["repeated"])


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("The LLM summarizes each paper.", "LLM LLM은 각 논문을 요약합니다."),
        ("Accuracy rose by 10 points.", "정확도가 10 10포인트 상승했습니다."),
        ("The model improved recall.", "모델은 재현율을 개선했습니다 했습니다."),
        (
            "We evaluate the model on three benchmarks.",
            "우리는 모델을, 모델을 세 가지 벤치마크에서 평가합니다.",
        ),
        (
            "The retriever returns the top passages to the reader model.",
            "검색기는 상위 구절을 구절을 리더 모델에 반환합니다.",
        ),
        (
            "The new method reduces memory usage during training.",
            "새로운 방법은 학습 중 메모리 사용량을\n메모리 사용량을 줄입니다.",
        ),
        (
            "Agents call tools to answer questions.",
            "에이전트는 도구를 도구를 호출해 질문에 답합니다.",
        ),
        (
            "The authors release the code and the weights.",
            "저자들은 코드와 가중치를 가중치를 공개합니다.",
        ),
        (
            "Performance drops sharply on long inputs.",
            "긴 입력에서 성능이 성능이 급격히 떨어집니다.",
        ),
        (
            "The dataset contains 5,000 annotated dialogues.",
            "데이터셋에는 주석이 달린 대화 대화 5,000개가 포함되어 있습니다.",
        ),
        ("We fine-tune the model with LoRA.", "LoRA LoRA로 모델을 미세 조정합니다."),
        (
            "The paper proposes a new decoding strategy.",
            "이 논문은 새로운 디코딩 전략을 새로운 디코딩 전략을 제안합니다.",
        ),
        (
            "The study shows that larger models hallucinate less.",
            "이 연구는 더 큰 모델이 환각을 덜 일으킨다는 것을 보여줍니다 보여줍니다.",
        ),
        ("The benchmark covers math and code.", "이 벤치마크는 수학과 코드를 다룹니다 다룹니다."),
        ("Results improve by 3% on GSM8K.", "GSM8K에서 결과가 3% 3% 향상됩니다."),
        ("We use GPT-4 as a judge.", "GPT-4 GPT-4를 평가자로 사용합니다."),
        ("The method is simple and effective.", "이 방법은 간단하고 간단하고 효과적입니다."),
        ("Training takes two days on eight GPUs.", "학습은 GPU 8개에서 이틀이 걸립니다 걸립니다."),
        (
            "The agent plans, acts and reflects.",
            "에이전트는 계획하고, 계획하고, 행동하고 성찰합니다.",
        ),
        ("We compare against strong baselines.", "우리는 강력한 기준선과 기준선과 비교합니다."),
        (
            "The model generates code from natural language descriptions.",
            "모델은 자연어 설명으로부터 코드를 생성합니다 생성합니다.",
        ),
        ("This reduces inference cost by half.", "이는 추론 비용을 추론 비용을 절반으로 줄입니다."),
        (
            "Transformers dominate vision tasks.",
            "트랜스포머가 트랜스포머가 비전 작업을 지배합니다.",
        ),
        ("The reward model scores each response.", "보상 모델은 각 응답에 응답에 점수를 매깁니다."),
        (
            "The approach works on both text and images.",
            "이 접근법은 텍스트와 이미지 모두에서 모두에서 작동합니다.",
        ),
        (
            "We release a new dataset of 2 million images.",
            "우리는 200만 장의 이미지로 구성된 새로운 데이터셋을 데이터셋을 공개합니다.",
        ),
        (
            "The RAG pipeline retrieves documents first.",
            "RAG RAG 파이프라인은 먼저 문서를 검색합니다.",
        ),
        ("Scores are reported in Table 2.", "점수는 표 2에 보고되어 있습니다 있습니다."),
        (
            "The model achieves state-of-the-art results.",
            "이 모델은 최첨단 결과를 달성했습니다. 달성했습니다.",
        ),
        (
            "The team trained the model for 100k steps.",
            "팀은 모델을 10만 10만 스텝 동안 학습시켰습니다.",
        ),
        (
            "We observe that longer contexts help.",
            "우리는 더 긴 컨텍스트가 도움이 된다는 것을 관찰했습니다, 관찰했습니다.",
        ),
        ("Attention heads specialize during training.", "어텐션 헤드는 학습 중에 중에 특화됩니다."),
        ("The approach is evaluated on MMLU.", "이 접근법은 MMLU MMLU에서 평가됩니다."),
        ("Each expert handles a subset of tokens.", "각 전문가는 토큰의 일부를 일부를 처리합니다."),
        (
            "The researchers open-source the framework.",
            "연구진은 프레임워크를 프레임워크를\n오픈소스로 공개합니다.",
        ),
        (
            "Diffusion models produce high-quality images.",
            "확산 모델은 고품질 이미지를 생성합니다. 생성합니다.",
        ),
        ("The system answers in under one second.", "시스템은 1초 이내에 이내에 응답합니다."),
        ("The model was trained on web data.", "모델은 웹 데이터로 학습되었습니다 학습되었습니다."),
        ("We propose a lightweight adapter.", "우리는 경량 어댑터를 제안합니다 제안합니다."),
        (
            "The agent uses a search tool and a calculator.",
            "에이전트는 검색 도구와 검색 도구와 계산기를 사용합니다.",
        ),
        (
            "Our method outperforms prior work by a wide margin.",
            "우리의 방법은 이전 연구를 큰 차이로 큰 차이로 능가합니다.",
        ),
        (
            "The model is released under an open license.",
            "모델은 개방형 라이선스로 라이선스로 공개됩니다.",
        ),
        ("We train the model on model outputs.", "모델 출력으로 모델을 모델을 학습합니다."),
        (
            "The agent asks another agent for help.",
            "에이전트는 다른 에이전트에게 에이전트에게 도움을 요청합니다.",
        ),
        ("Layer by layer, the network improved.", "네트워크는 층별로 개선했습니다 했습니다."),
        ("It achieves 85.2% accuracy.", "85.2% 85.2%의 정확도를 달성합니다."),
        ("We show strong results.", "우리는 강력한 결과를 보여 보여줍니다."),
        ("Results are in the appendix.", "결과는 부록에 에 있습니다."),
        ("It reduces cost.", "비용을 줄여 줄여줍니다."),
    ],
)
def test_a_fresh_stutter_is_reported(source, target):
    findings = repeated(source, target)
    assert findings
    assert all(finding.fix and len(finding.fix) < len(target) for finding in findings)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("The model improves step by step.", "모델은 단계별로 조금씩 조금씩 개선됩니다."),
        (
            "Models judging models is a growing practice.",
            "모델이 모델을 평가하는 방식이 늘고 있습니다.",
        ),
        ("One agent critiques another.", "한 에이전트가 다른 에이전트를 비평합니다."),
        ("The matrix has shape (2, 2).", "행렬의 형태는 (2, 2)입니다."),
        ("Layer by layer, the network refines features.", "네트워크는 층별로 특징을 정제합니다."),
        ("The score went from 10 to 10.5.", "점수는 10에서 10.5로 올랐습니다."),
        ("We test the model again and again.", "우리는 모델을 계속 계속 테스트합니다."),
        ("They compare GPT-4 and GPT-4o.", "GPT-4와 GPT-4o를 비교합니다."),
        ("The task is very, very hard.", "이 작업은 매우, 매우 어렵습니다."),
        ("Each step, one by one, is verified.", "각 단계는 하나씩 하나씩 검증됩니다."),
        (
            "Data, data, data: the paper argues scale is everything.",
            "데이터, 데이터, 데이터: 논문은 규모가 전부라고 주장합니다.",
        ),
        (
            "The model answered 'yes, yes' to every question.",
            "모델은 모든 질문에 '네, 네'라고 답했습니다.",
        ),
        (
            "Words like 'the the' are removed during cleaning.",
            "정제 중에 'the the' 같은 단어는 제거됩니다.",
        ),
        ("We sample 10 10-second clips.", "10초짜리 클립 10개를 샘플링합니다."),
        (
            "Learning to learn is the goal of meta-learning.",
            "학습하는 법을 학습하는 것이 메타 학습의 목표입니다.",
        ),
        (
            "The model predicts the next token.",
            "모델은 다음 토큰을 예측합니다. 모델은 또한 불확실성을 추정합니다.",
        ),
        ("Step by step, the model improves.", "모델은 단계 단계 개선됩니다."),
        (
            "The model learns from data and more data.",
            "모델은 데이터와 더 많은 데이터로 학습합니다.",
        ),
        ("The model achieves 1 12-point gain.", "모델은 1 12포인트 향상을 달성합니다."),
        ("Outputs are grouped in pairs (3, 3).", "출력은 (3, 3) 쌍으로 묶입니다."),
        ("We improve the method.", "우리는 방법을 개선 했습니다."),
    ],
)
def test_a_repetition_the_translation_means_is_left_alone(source, target):
    assert repeated(source, target) == []


@pytest.mark.parametrize(
    ("target", "fixed"),
    [
        ("모델은 재현율을 개선했습니다 했습니다.", "모델은 재현율을 개선했습니다."),
        ("결과는 부록에 에 있습니다.", "결과는 부록에 있습니다."),
        ("정확도가 10 10포인트 상승했습니다.", "정확도가 10포인트 상승했습니다."),
        ("우리는 강력한 결과를 보여 보여줍니다.", "우리는 강력한 결과를 보여줍니다."),
        ("GSM8K에서 결과가 3% 3% 향상됩니다.", "GSM8K에서 결과가 3% 향상됩니다."),
    ],
)
def test_the_fix_keeps_the_copy_that_fits_the_sentence(target, fixed):
    (finding,) = repeated("The model improves.", target)
    assert finding.fix == fixed


def test_a_repeated_ending_is_named_as_such_in_english_and_korean():
    (finding,) = repeated("The model improved recall.", "모델은 재현율을 개선했습니다 했습니다.")
    assert finding.text == "'했습니다' repeats the ending of '개선했습니다'"
    with translation.override("ko"):
        shown = message(finding)
    assert shown == "'했습니다': 바로 앞 '개선했습니다'의 어미가 한 번 더 나옵니다"

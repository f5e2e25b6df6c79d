"""The glossary check on fresh pairs: correct renderings a naive rule would flag, and slips."""

from __future__ import annotations

import pytest

from corrections.checks import CheckContext, GlossaryTerm, Severity, run_checks

GLOSSARY = CheckContext(
    glossary=(
        GlossaryTerm("transformer", ("트랜스포머",), ("변압기",)),
        GlossaryTerm("fine-tuning", ("미세 조정", "파인튜닝"), ("미세 튜닝",)),
        GlossaryTerm("retrieval-augmented generation", ("검색 증강 생성",), ("검색 보강 생성",)),
        GlossaryTerm("hallucination", ("환각",), ("망상",)),
        GlossaryTerm("agent", ("에이전트",), ("대리인", "요원")),
        GlossaryTerm("benchmark", ("벤치마크",), ("기준점",)),
        GlossaryTerm("inference", ("추론",), ("추리",)),
        GlossaryTerm("reinforcement learning", ("강화 학습",), ("보강 학습",)),
        GlossaryTerm("embedding", ("임베딩",), ("매립",)),
        GlossaryTerm("attention", ("어텐션", "주의 집중"), ("주목",)),
        GlossaryTerm(
            "large language model", ("대규모 언어 모델", "거대 언어 모델"), ("큰 언어 모델",)
        ),
        GlossaryTerm("prompt", ("프롬프트",), ("신속한",)),
        GlossaryTerm("reward model", ("보상 모델",), ("보상 모형",)),
        GlossaryTerm("dataset", ("데이터셋", "데이터 세트"), ()),
        GlossaryTerm("diffusion model", ("확산 모델",), ("디퓨전 모형",)),
        GlossaryTerm("chain-of-thought", ("사고의 연쇄", "생각의 사슬"), ()),
        GlossaryTerm("distillation", ("증류",), ("정제",)),
        GlossaryTerm("quantization", ("양자화",), ("정량화",)),
    )
)


def glossary(source: str, target: str):
    return run_checks(source, target, GLOSSARY, only=["glossary"])


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("We propose a transformer-based retriever.", "트랜스포머 기반 검색기를 제안합니다."),
        ("Fine-tuning improves accuracy.", "미세조정은 정확도를 높입니다."),
        ("Fine-tuning improves accuracy.", "파인 튜닝은 정확도를 높입니다."),
        (
            "Retrieval-augmented generation reduces hallucinations.",
            "RAG(검색 증강 생성)는 환각을 줄입니다.",
        ),
        (
            "Retrieval-augmented generation (RAG) reduces hallucinations.",
            "검색 증강 생성(RAG)은 환각 현상을 줄입니다.",
        ),
        ("The agent's memory grows.", "에이전트의 메모리가 늘어납니다."),
        ("Multi-agent systems coordinate.", "멀티 에이전트 시스템이 협력합니다."),
        ("Agents collaborate.", "에이전트들이 협업합니다."),
        ("The benchmarks cover math.", "벤치 마크는 수학을 다룹니다."),
        ("Inference is cheap.", "inference 비용이 저렴합니다."),
        (
            "We use reinforcement learning from human feedback.",
            "인간 피드백 기반 강화학습을 사용합니다.",
        ),
        (
            "We use RLHF (reinforcement learning from human feedback).",
            "RLHF(인간 피드백을 통한 강화 학습)를 사용합니다.",
        ),
        ("The embeddings are normalized.", "임베딩 벡터는 정규화됩니다."),
        ("Self-attention is quadratic.", "셀프 어텐션은 이차 복잡도를 가집니다."),
        ("Large language models hallucinate.", "LLM은 환각을 일으킵니다."),
        ("Large language models (LLMs) hallucinate.", "대형 언어 모델(LLM)은 환각을 일으킵니다."),
        (
            "The paper 'Attention Is All You Need' introduced the transformer.",
            "논문 'Attention Is All You Need'는 트랜스포머를 소개했습니다.",
        ),
        ("Prompting strategies matter.", "프롬프팅 전략이 중요합니다."),
        ("The reward model's scores drift.", "보상모델의 점수가 변합니다."),
        ("The dataset is public.", "이 데이터 셋은 공개되어 있습니다."),
        ("Chain-of-thought prompting helps.", "CoT(Chain-of-Thought) 프롬프팅이 도움이 됩니다."),
        ("Knowledge distillation compresses models.", "지식 증류는 모델을 압축합니다."),
        ("4-bit quantization halves memory.", "4비트 양자화는 메모리를 절반으로 줄입니다."),
        ("Post-training quantization is applied.", "학습 후 양자화(PTQ)가 적용됩니다."),
        ("Vision transformers scale well.", "ViT는 잘 확장됩니다."),
        ("Vision transformers (ViTs) scale well.", "비전 트랜스포머(ViT)는 잘 확장됩니다."),
        ("The agentic workflow is robust.", "에이전틱 워크플로는 견고합니다."),
        ("The benchmark is hard.", "이 벤치마크는 어렵습니다."),
        ("Fine-tuned models do better.", "파인튜닝된 모델이 더 좋습니다."),
        ("The datasets are large.", "데이터셋들은 큽니다."),
        ("A transformer encoder is used.", "Transformer 인코더가 사용됩니다."),
        ("In-context learning beats fine-tuning.", "인컨텍스트 학습이 파인튜닝보다 낫습니다."),
        ("Embedding models are compared.", "임베딩 모델들을 비교합니다."),
        ("The distilled model is small.", "증류된 모델은 작습니다."),
        ("Inference-time compute matters.", "추론 시점 연산이 중요합니다."),
        ("A reward-model ensemble is used.", "보상 모델 앙상블을 사용합니다."),
    ],
)
def test_a_correct_rendering_draws_no_finding(source, target):
    assert glossary(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("The transformer is fast.", "변압기는 빠릅니다."),
        ("Fine-tuning helps.", "미세 튜닝이 도움이 됩니다."),
        ("The agent acts.", "대리인이 행동합니다."),
        ("Hallucination is common.", "망상은 흔합니다."),
        (
            "Retrieval-augmented generation grounds answers.",
            "검색 보강 생성은 답변의 근거를 제공합니다.",
        ),
        ("We compare reward models.", "여러 보상 모형을 비교합니다."),
        ("Distillation shrinks the model.", "정제는 모델을 줄입니다."),
        ("Transformer-based models dominate.", "변압기 기반 모델이 지배적입니다."),
        ("The embedding space is smooth.", "매립 공간은 매끄럽습니다."),
        ("We apply reinforcement learning.", "보강 학습을 적용합니다."),
        ("LLM agents use tools.", "LLM 요원은 도구를 사용합니다."),
    ],
)
def test_a_forbidden_rendering_is_an_error_with_a_fix(source, target):
    (finding,) = glossary(source, target)
    assert finding.severity is Severity.ERROR
    assert finding.fix and finding.fix != target


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Large language models hallucinate.", "LLM은 환각을 일으킵니다."),
        ("Vision transformers scale well.", "ViT는 잘 확장됩니다."),
        ("Chain-of-thought prompting helps.", "CoT 프롬프팅이 도움이 됩니다."),
        ("We study retrieval-augmented generation.", "RAG를 연구합니다."),
    ],
)
def test_an_acronym_of_the_source_words_renders_the_term(source, target):
    assert glossary(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Large language models hallucinate.", "GPU는 환각을 일으킵니다."),
        ("Vision transformers scale well.", "CNN은 잘 확장됩니다."),
        ("The diffusion model is slow.", "이 생성 모델은 느립니다."),
    ],
)
def test_an_unrelated_acronym_or_wording_still_draws_the_missing_warning(source, target):
    (finding,) = glossary(source, target)
    assert finding.severity is Severity.WARNING
    assert finding.text.startswith(f"'{finding.params['term']}' should be rendered as")

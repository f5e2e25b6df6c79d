"""The glossary check on realistic ML-summary sentences: senses, code, inflections and fixes."""

from __future__ import annotations

import pytest

from corrections.checks import CheckContext, Finding, GlossaryTerm, Severity, run_checks
from corrections.checks.glossary import final_sound, replace_noun

GLOSSARY = CheckContext(
    glossary=(
        GlossaryTerm("transformer", ("트랜스포머",), ("변압기",)),
        GlossaryTerm("survey", ("서베이", "개관"), ("설문 조사", "설문")),
        GlossaryTerm("agent", ("에이전트",), ("대리인", "요원")),
        GlossaryTerm("prompt", ("프롬프트",), ("신속한",)),
        GlossaryTerm("retrieval", ("검색",), ("인출",)),
        GlossaryTerm("ablation", ("어블레이션", "절제 실험"), ("절제술",)),
        GlossaryTerm("ground truth", ("정답", "실제 값"), ("지상 실측",)),
        GlossaryTerm("quantization", ("양자화",), ("정량화",)),
        GlossaryTerm("Gemini", ("Gemini", "제미나이"), ("쌍둥이자리",)),
        GlossaryTerm("paper", ("논문",), ("백서",)),
        GlossaryTerm("fine-tuning", ("미세 조정", "파인튜닝"), ("미세 튜닝",)),
        GlossaryTerm("reward model", ("보상 모델",), ("보상 모형",)),
        GlossaryTerm("token", ("토큰",), ("징표",)),
        GlossaryTerm("query", ("쿼리", "질의"), ("문의",)),
    )
)


def glossary(source: str, target: str) -> list[Finding]:
    return run_checks(source, target, GLOSSARY, only=["glossary"])


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (
            "The utility replaced a 40-year-old power transformer after the storm.",
            "전력 회사는 폭풍 이후 40년 된 변압기를 교체했습니다.",
        ),
        (
            "The utility monitors transformers across its power grid.",
            "이 전력 회사는 전력망 전체의 변압기를 감시합니다.",
        ),
        (
            "We ran a survey of 1,200 developers about their use of coding assistants.",
            "코딩 어시스턴트 사용에 대해 개발자 1,200명을 대상으로 설문 조사를 실시했습니다.",
        ),
        (
            "In a survey conducted in 2023, 62% of respondents used chatbots weekly.",
            "2023년에 실시한 설문 조사에서 응답자의 62%가 매주 챗봇을 사용했습니다.",
        ),
        (
            "The government white paper sets out rules for frontier models.",
            "정부 백서는 프런티어 모델에 대한 규칙을 제시합니다.",
        ),
        (
            "Castor and Pollux are the brightest stars in Gemini.",
            "카스토르와 폴룩스는 쌍둥이자리에서 가장 밝은 별입니다.",
        ),
        (
            "The model predicts outcomes of catheter ablation for atrial fibrillation.",
            "이 모델은 심방세동에 대한 카테터 절제술의 결과를 예측합니다.",
        ),
        (
            "LLM agents that mimic human memory retrieval plan better.",
            "인간의 기억 인출을 모방하는 LLM 에이전트가 계획을 더 잘 세웁니다.",
        ),
        (
            "Annotators received prompt feedback on each label.",
            "어노테이터는 각 레이블에 대해 신속한 피드백을 받았습니다.",
        ),
        (
            "Field ground truth was collected at 300 sites to validate the satellite maps.",
            "위성 지도를 검증하기 위해 300개 지점에서 지상 실측 자료를 수집했습니다.",
        ),
        (
            "We quantify the error of 4-bit quantization and of 8-bit quantization.",
            "4비트 및 8비트 양자화의 오차를 정량화합니다.",
        ),
    ],
)
def test_ordinary_senses_of_glossary_words_are_not_reported(source, target) -> None:
    assert glossary(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (
            "Run `agent.run()` with the default settings.",
            "기본 설정으로 `agent.run()`을 실행합니다.",
        ),
        (
            "Weights are at https://huggingface.co/org/retrieval-transformer for download.",
            "가중치는 https://huggingface.co/org/retrieval-transformer 에서 받을 수 있습니다.",
        ),
        ("Edit configs/agent.yaml before training.", "학습 전에 configs/agent.yaml을 수정합니다."),
        (
            "Set max_new_tokens to 512 for long answers.",
            "긴 답변에는 max_new_tokens를 512로 둡니다.",
        ),
    ],
)
def test_terms_inside_code_urls_and_paths_are_not_uses(source, target) -> None:
    assert glossary(source, target) == []


def test_agent_does_not_cover_agentic_but_covers_plurals_and_spellings() -> None:
    assert glossary("Agentic workflows beat single calls.", "에이전틱 워크플로가 낫습니다.") == []
    (finding,) = glossary("Two agents' plans differ.", "두 대리인의 계획은 다릅니다.")
    assert finding.params["term"] == "agent"
    (finding,) = glossary("We release the fine tuning recipe.", "미세 튜닝 레시피를 공개합니다.")
    assert finding.params["term"] == "fine-tuning"
    (finding,) = glossary("Queries are rewritten first.", "문의를 먼저 다시 씁니다.")
    assert finding.params["term"] == "query"


def test_a_term_kept_in_english_counts_as_approved() -> None:
    assert (
        glossary("We fine-tune a Transformer on 10k examples.", "Transformer를 학습합니다.") == []
    )


@pytest.mark.parametrize(
    ("source", "target", "fix"),
    [
        (
            "A Transformer with 12 layers is trained on code.",
            "12개 층을 가진 변압기가 코드로 학습됩니다.",
            "12개 층을 가진 트랜스포머가 코드로 학습됩니다.",
        ),
        (
            "The reward model scores each answer.",
            "보상 모형은 각 답변에 점수를 매깁니다.",
            "보상 모델은 각 답변에 점수를 매깁니다.",
        ),
        (
            "Dense retrieval finds relevant passages.",
            "밀집 인출을 거쳐 관련 구절을 찾습니다.",
            "밀집 검색을 거쳐 관련 구절을 찾습니다.",
        ),
        (
            "4-bit quantization halves memory.",
            "4비트 정량화로 메모리가 절반으로 줄어듭니다.",
            "4비트 양자화로 메모리가 절반으로 줄어듭니다.",
        ),
        (
            "LLM agents plan with tools and memory.",
            "LLM 대리인과 도구로 계획합니다.",
            "LLM 에이전트와 도구로 계획합니다.",
        ),
        (
            "Gemini responses were rated by humans.",
            "쌍둥이자리의 응답을 사람이 평가했습니다.",
            "Gemini의 응답을 사람이 평가했습니다.",
        ),
        (
            "A Survey of Methods for LLM Evaluation",
            "LLM 평가 방법에 관한 설문 조사",
            "LLM 평가 방법에 관한 서베이",
        ),
    ],
)
def test_a_forbidden_rendering_is_an_error_with_a_fix_whose_particle_agrees(
    source, target, fix
) -> None:
    (finding,) = glossary(source, target)
    assert finding.severity is Severity.ERROR
    assert finding.fix == fix
    assert finding.params["found"] == target[slice(*finding.span)]
    assert finding.why


def test_a_forbidden_rendering_beside_an_approved_one_needs_a_word_to_translate() -> None:
    """Without "quantify" in the source, the second rendering of the term is wrong."""
    (finding,) = glossary(
        "Quantization to 4 bits and quantization to 8 bits both work.",
        "4비트 양자화와 8비트 정량화 모두 잘 작동합니다.",
    )
    assert finding.params["found"] == "정량화"


def test_a_missing_rendering_is_a_warning_without_fix() -> None:
    (finding,) = glossary("Each token is scored.", "각 단위에 점수를 매깁니다.")
    assert (finding.severity, finding.fix) == (Severity.WARNING, None)
    assert finding.text == "'token' should be rendered as '토큰'"


def test_verbs_need_no_noun_rendering() -> None:
    assert (
        glossary("We survey recent work on evaluation.", "평가에 관한 최근 연구를 살펴봅니다.")
        == []
    )
    assert glossary("We prompt GPT-4o to explain each step.", "GPT-4o에게 설명을 지시합니다.") == []


def test_messages_are_templates_with_values() -> None:
    (finding,) = glossary("LLM agents plan.", "LLM 대리인이 계획합니다.")
    assert finding.message == (
        "'%(found)s' is a forbidden rendering of '%(term)s'; use %(approved)s"
    )
    assert dict(finding.params) == {"found": "대리인", "term": "agent", "approved": "'에이전트'"}


@pytest.mark.parametrize(
    ("word", "sound"),
    [("모델", "rieul"), ("변압기", "vowel"), ("양자화", "vowel"), ("검색", "consonant"),
     ("LLM", "consonant"), ("SQL", "rieul"), ("RAG", "vowel"), ("Gemini", "vowel"),
     ("Transformer", "vowel"), ("token", "consonant"), ("Mistral", "rieul")],
)  # fmt: skip
def test_final_sound_of_korean_and_latin_words(word, sound) -> None:
    assert final_sound(word) == sound


def test_replacing_a_noun_keeps_copulas_and_adjusts_only_particles() -> None:
    assert replace_noun("모형을 씁니다", (0, 2), "모델") == "모델을 씁니다"
    assert replace_noun("모형이다", (0, 2), "트랜스포머") == "트랜스포머이다"
    assert replace_noun("변압기로 바꿉니다", (0, 3), "검색") == "검색으로 바꿉니다"
    assert replace_noun("변압기로 바꿉니다", (0, 3), "모델") == "모델로 바꿉니다"
    assert replace_noun("변압기는 크다", (0, 3), "양자화") == "양자화는 크다"

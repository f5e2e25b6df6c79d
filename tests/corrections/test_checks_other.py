"""Tests of the glossary, repeated, untranslated, preserve and length checks and of run_checks."""

from __future__ import annotations

import pytest

from corrections.checks import (
    CHECKS,
    DEFAULT_LENGTH_RATIO,
    CheckContext,
    Finding,
    GlossaryTerm,
    Severity,
    length_ratio_profile,
    run_checks,
)
from corrections.checks.length import acceptable_range
from corrections.checks.protected import TokenKind, find_protected
from tests.corrections.data.loaders import sample_korean_only, sample_pairs

FINE_TUNING = GlossaryTerm(
    "fine-tuning", approved=("미세 조정", "파인튜닝"), forbidden=("미세 튜닝",)
)
LORA = GlossaryTerm("LoRA", approved=(), do_not_translate=True)
LANGUAGE_MODEL = GlossaryTerm("language model", approved=("언어 모델",), forbidden=("모델",))
GLOSSARY = CheckContext(glossary=(FINE_TUNING, LORA, LANGUAGE_MODEL))


def only(
    code: str, source: str | None, target: str, context: CheckContext = GLOSSARY
) -> list[Finding]:
    """Run one check through :func:`run_checks`."""
    return run_checks(source, target, context, only=[code])


# glossary ----------------------------------------------------------------


def test_glossary_accepts_any_approved_rendering_with_particles_and_spacing() -> None:
    source = "We study fine-tuning of small models."
    for target in (
        "소형 모델의 미세 조정을 연구합니다.",
        "파인튜닝을 연구합니다.",
        "미세조정을 연구합니다.",
    ):
        assert only("glossary", source, target) == []


def test_glossary_reports_a_forbidden_rendering_at_its_place() -> None:
    target = "소형 모델의 미세 튜닝을 연구합니다."
    (finding,) = only("glossary", "We study Fine-Tuning of small models.", target)
    assert finding.severity is Severity.ERROR
    assert target[slice(*finding.span)] == "미세 튜닝"
    assert finding.text == (
        "'미세 튜닝' is a forbidden rendering of 'fine-tuning'; use '미세 조정', '파인튜닝'"
    )
    assert finding.fix == "소형 모델의 미세 조정을 연구합니다."


def test_glossary_reports_a_missing_approved_rendering() -> None:
    (finding,) = only("glossary", "We study fine-tuning.", "소형 모델의 조율을 연구합니다.")
    assert (finding.check, finding.severity, finding.span, finding.fix) == (
        "glossary",
        Severity.WARNING,
        None,
        None,
    )
    assert finding.text == "'fine-tuning' should be rendered as '미세 조정', '파인튜닝'"


def test_glossary_terms_match_whole_words_and_plurals_only() -> None:
    assert only("glossary", "Fine-tunings differ.", "파인튜닝은 다릅니다.") == []
    assert only("glossary", "Language models reflect creators.", "언어 모델은 반영합니다.") == []
    assert (
        only("glossary", "Multilanguage modelling helps.", "다국어 모형화가 도움이 됩니다.") == []
    )


def test_glossary_forbidden_rendering_inside_an_approved_one_is_fine() -> None:
    assert only("glossary", "A language model.", "언어 모델입니다.") == []
    (finding,) = only("glossary", "A language model.", "언어 모델과 다른 모델입니다.")
    assert finding.span == (10, 12)


def test_glossary_do_not_translate_terms_must_be_copied_exactly() -> None:
    assert only("glossary", "We apply LoRA.", "LoRA를 적용합니다.") == []
    (finding,) = only("glossary", "We apply LoRA.", "로라를 적용합니다.")
    assert finding.severity is Severity.WARNING
    assert finding.text == "'LoRA' must stay untranslated; it is missing from the target"
    assert len(only("glossary", "We apply LoRA.", "lora를 적용합니다.")) == 1


def test_glossary_without_terms_finds_nothing() -> None:
    assert run_checks("We study fine-tuning.", "조율을 연구합니다.", only=["glossary"]) == []


# repeated ----------------------------------------------------------------


def test_repeated_finds_the_doubled_title_of_the_sample() -> None:
    source, target = next(pair for pair in sample_pairs() if pair[0].startswith("A Theoretical"))
    (finding,) = only("repeated", source, target)
    assert finding.severity is Severity.ERROR
    assert target[slice(*finding.span)] == "일관된 추론과 오류 인식 데모"
    assert finding.span[0] == target.rindex("일관된")


@pytest.mark.parametrize(
    ("target", "second_copy"),
    [
        ("이 모델은 긴 문맥을 처리합니다 긴 문맥을 처리합니다.", "긴 문맥을 처리합니다"),
        ("워터마킹 워터마킹 체계를 제안합니다.", "워터마킹"),
        ("우리는 방법을 제안합니다. 우리는 방법을 제안합니다.", "우리는 방법을 제안합니다"),
    ],
)
def test_repeated_points_at_the_second_copy(target: str, second_copy: str) -> None:
    (finding,) = only("repeated", "The source.", target)
    assert target[slice(*finding.span)] == second_copy
    assert finding.span[0] == target.rindex(second_copy)


@pytest.mark.parametrize(
    "target",
    [
        "매우 매우 잘 작동합니다.",
        "데이터가 중요합니다.",
        "단계별로 학습하고 단계별로 평가합니다.",
    ],
)
def test_repeated_ignores_short_or_separated_repetitions(target: str) -> None:
    assert only("repeated", "The source.", target) == []


def test_repeated_is_silent_when_the_source_repeats_itself() -> None:
    assert only("repeated", "Chain of thought, chain of thought", "생각의 사슬, 생각의 사슬") == []


def test_repeated_runs_on_korean_only_segments() -> None:
    (finding,) = run_checks(None, "주간 논문 요약 주간 논문 요약")
    assert finding.check == "repeated"


# untranslated --------------------------------------------------------------


def test_untranslated_reports_an_identical_target() -> None:
    source = "We propose a simple method for long-context retrieval."
    target = "we  propose a simple method for long-context retrieval."
    (finding,) = only("untranslated", source, target)
    assert finding.severity is Severity.ERROR
    assert finding.span == (0, len(target))
    assert finding.text == "the target is identical to the source"


def test_untranslated_reports_the_english_clause_of_a_mixed_target() -> None:
    target = "We propose a new method for retrieval을 제안합니다."
    (finding,) = only("untranslated", "We propose a new method for retrieval.", target)
    assert target[slice(*finding.span)] == "We propose a new method for retrieval"
    assert finding.text == "'We propose a new method for retrieval' is still in English"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("LongRAG", "LongRAG"),
        ("Granite 3.0 Technical Report", "Granite 3.0 Technical Report"),
        ("GPT-4o, o1-preview, Claude 3.5 Sonnet", "GPT-4o, o1-preview, Claude 3.5 Sonnet"),
        ("`pip install vllm` then `vllm serve`", "`pip install vllm` then `vllm serve`"),
        ("LongRAG combines RAG, LLMs and CoT.", "LongRAG는 RAG, LLM, CoT를 결합합니다."),
    ],
)
def test_untranslated_leaves_names_and_code_alone(source: str, target: str) -> None:
    assert only("untranslated", source, target) == []


# preserve ------------------------------------------------------------------


def test_protected_tokens_are_found_by_family() -> None:
    text = (
        "See https://github.com/QingFei1/LongRAG. (arXiv:2410.12345v2), `k=5`, $x^2$, \\alpha, "
        "ml@example.org and GitHub - QingFei1/LongRAG."
    )
    found = {(token.kind, token.text) for token in find_protected(text)}
    assert found == {
        (TokenKind.URL, "https://github.com/QingFei1/LongRAG"),
        (TokenKind.ARXIV, "2410.12345v2"),
        (TokenKind.CODE, "`k=5`"),
        (TokenKind.LATEX, "$x^2$"),
        (TokenKind.LATEX, "\\alpha"),
        (TokenKind.EMAIL, "ml@example.org"),
        (TokenKind.GITHUB, "QingFei1/LongRAG"),
    }


def test_preserve_accepts_verbatim_copies() -> None:
    source = "Data and code are available at GitHub - QingFei1/LongRAG and https://x.com/a/1."
    target = (
        "데이터와 코드는 GitHub - QingFei1/LongRAG 및 https://x.com/a/1에서 확인할 수 있습니다."
    )
    assert only("preserve", source, target) == []


def test_preserve_points_at_the_altered_copy() -> None:
    target = "코드는 https://github.com/QingFei1/LongRag 에서 확인할 수 있습니다."
    (finding,) = only("preserve", "Code is at https://github.com/QingFei1/LongRAG.", target)
    assert finding.severity is Severity.ERROR
    assert finding.text == (
        "'https://github.com/QingFei1/LongRAG' is written as "
        "'https://github.com/QingFei1/LongRag'; copy it exactly"
    )
    assert target[slice(*finding.span)] == "https://github.com/QingFei1/LongRag"
    assert finding.fix == "코드는 https://github.com/QingFei1/LongRAG 에서 확인할 수 있습니다."


def test_preserve_reports_a_dropped_token_without_span() -> None:
    (finding,) = only("preserve", "Set `temperature=0` first.", "먼저 온도를 0으로 설정합니다.")
    assert (finding.severity, finding.span, finding.fix) == (Severity.ERROR, None, None)
    assert finding.text == "'`temperature=0`' is missing from the target"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("It costs $5 to $10 per run.", "실행당 5달러에서 10달러의 비용이 듭니다."),
        ("Users can opt in and/or out.", "사용자는 옵트인 및/또는 옵트아웃할 수 있습니다."),
        ("The score is 1234.5678.", "점수는 1234.5678입니다."),
    ],
)
def test_preserve_ignores_look_alikes(source: str, target: str) -> None:
    assert only("preserve", source, target) == []


def test_preserve_checks_latex_and_arxiv_ids() -> None:
    source = "The loss $\\mathcal{L}$ follows arXiv:2410.12345."
    assert only("preserve", source, "손실 $\\mathcal{L}$은 arXiv:2410.12345를 따릅니다.") == []
    findings = only("preserve", source, "손실 $L$은 arXiv:2410.12354를 따릅니다.")
    assert [f.text for f in findings] == [
        "'$\\mathcal{L}$' is written as '$L$'; copy it exactly",
        "'2410.12345' is written as '2410.12354'; copy it exactly",
    ]


# length --------------------------------------------------------------------


def test_length_profile_of_the_sample_matches_the_default() -> None:
    median, spread = length_ratio_profile(sample_pairs())
    assert median == pytest.approx(DEFAULT_LENGTH_RATIO[0], abs=0.01)
    assert spread == pytest.approx(DEFAULT_LENGTH_RATIO[1], abs=0.01)


def test_length_profile_without_usable_pairs_is_the_default() -> None:
    assert length_ratio_profile([("short", "짧음"), ("x" * 50, " ")]) == DEFAULT_LENGTH_RATIO


def test_length_range_is_wider_for_short_segments() -> None:
    low_long, high_long = acceptable_range(DEFAULT_LENGTH_RATIO, 200)
    low_short, high_short = acceptable_range(DEFAULT_LENGTH_RATIO, 60)
    assert low_short < low_long < DEFAULT_LENGTH_RATIO[0] < high_long < high_short


def test_length_reports_truncated_and_padded_targets() -> None:
    source = (
        "Finds that LLMs exhibit a diverse ideological stance which reflects the worldview "
        "of its creators."
    )
    (short,) = only("length", source, "LLM은 세계관을 반영합니다.")
    assert short.severity is Severity.WARNING
    assert short.text.startswith("target is unusually short: 0.13× the source length")
    (long,) = only("length", source, "가" * 120)
    assert long.text.startswith("target is unusually long")
    (empty,) = only("length", source, "")
    assert empty.text.startswith("target is unusually short: 0.00×")


def test_length_uses_the_profile_of_the_context() -> None:
    source = "x" * 100
    assert only("length", source, "가" * 50) == []
    assert len(only("length", source, "가" * 50, CheckContext(length_ratio=(1.2, 0.05)))) == 1


def test_length_skips_short_sources() -> None:
    assert (
        only(
            "length",
            "LongRAG",
            "LongRAG: 긴 맥락 질문 답변을 위한 이중 관점 검색 증강 생성 패러다임",
        )
        == []
    )


# run_checks ----------------------------------------------------------------


def test_checks_are_listed_in_order() -> None:
    assert list(CHECKS) == [
        "numbers",
        "glossary",
        "repeated",
        "untranslated",
        "preserve",
        "length",
        "particle",
        "register",
        "consistency",
    ]


def test_run_checks_runs_everything_by_default() -> None:
    source = "The 8B model uses fine-tuning, see https://example.org/a."
    target = "8억 모델은 미세 튜닝을 사용합니다 미세 튜닝을 사용합니다."
    findings = run_checks(source, target, GLOSSARY)
    assert [f.check for f in findings] == [
        "numbers",
        "glossary",
        "glossary",
        "repeated",
        "preserve",
    ]


def test_run_checks_only_restricts_and_keeps_the_order() -> None:
    source = "The 8B model, see https://example.org/a."
    target = "8억 모델입니다."
    assert [f.check for f in run_checks(source, target, only=["preserve", "numbers"])] == [
        "numbers",
        "preserve",
    ]
    assert run_checks(source, target, only=[]) == []
    with pytest.raises(ValueError, match="unknown check codes: spelling"):
        run_checks(source, target, only=["numbers", "spelling"])


def test_run_checks_without_source_runs_only_target_checks() -> None:
    assert run_checks(None, "8억 개의 모델 https://example.org") == []
    for line in sample_korean_only():
        assert run_checks(None, line) == []


def test_run_checks_on_the_sample_finds_the_two_known_errors() -> None:
    found = [
        (finding.check, finding.severity)
        for english, korean in sample_pairs()
        for finding in run_checks(english, korean)
    ]
    assert found == [("repeated", Severity.ERROR), ("numbers", Severity.ERROR)]


def test_a_name_translated_into_a_forbidden_word_is_one_clear_finding():
    gemini = GlossaryTerm(
        source="Gemini", approved=(), forbidden=("쌍둥이자리",), do_not_translate=True
    )
    findings = run_checks(
        "feedback on nearly 10 million Gemini responses",
        "약 천만 개의 쌍둥이자리 응답에 대한 피드백",
        CheckContext(glossary=(gemini,)),
        only=["glossary"],
    )
    assert [(f.text, f.fix) for f in findings] == [
        (
            "'쌍둥이자리' is a forbidden rendering of 'Gemini'; keep 'Gemini' as written",
            "약 천만 개의 Gemini 응답에 대한 피드백",
        )
    ]


def test_long_lists_of_renderings_are_shortened():
    term = GlossaryTerm(
        source="few-shot", approved=("퓨샷", "퓨 샷", "소수 샷", "소수샷", "소수 예시")
    )
    (finding,) = run_checks(
        "few-shot prompting", "원샷 프롬프트", CheckContext(glossary=(term,)), only=["glossary"]
    )
    assert finding.text.endswith("'소수샷' (or 1 more in the glossary)")

"""The consistency check: a recurring source term reads the same way throughout a digest."""

import pytest

from corrections.checks import CheckContext, Place, Severity, run_checks, term_profile
from corrections.models import MachineFinding
from corrections.quality import (
    check_contexts,
    digest_findings,
    findings_refresh,
    segment_check_context,
    suggestion_findings,
)
from corrections.services.segments import current_text

SUMMARY_1 = Place(entry=1, field="summary")
ABSTRACT_1 = Place(entry=1, field="abstract", position=2)
TITLE_2 = Place(entry=2, field="title")


def consistency(pairs, place, source, target):
    """Check one pair of a digest made of ``pairs`` (place, source, target)."""
    context = CheckContext(terms=term_profile(pairs), place=place)
    return run_checks(source, target, context, only=["consistency"])


SPARSE = [
    (SUMMARY_1, "We study sparse IR at scale.", "대규모 희소 IR을 연구합니다."),
    (ABSTRACT_1, "Sparse IR redefines retrieval.", "스파스 IR은 검색을 재정의합니다."),
    (TITLE_2, "Evaluating LLM judges", "LLM 평가자 검증"),
]


def test_a_term_beside_a_kept_token_rendered_two_ways_is_reported_at_both_places():
    (here,) = consistency(SPARSE, *SPARSE[0])
    assert here.severity is Severity.WARNING
    assert here.text == (
        "'sparse IR' is rendered '희소 IR' here but '스파스 IR' in the abstract of entry 1"
    )
    assert SPARSE[0][2][slice(*here.span)] == "희소 IR"
    (there,) = consistency(SPARSE, *SPARSE[1])
    assert there.params["other"] == "희소 IR" and there.params["here"] == "스파스 IR"
    assert consistency(SPARSE, *SPARSE[2]) == []


def test_known_variants_of_a_term_are_compared_across_entries():
    pairs = [
        (SUMMARY_1, "We study fine-tuning.", "파인튜닝을 연구합니다."),
        (TITLE_2, "Efficient fine-tuning of LLMs", "LLM의 효율적인 미세조정"),
    ]
    (finding,) = consistency(pairs, *pairs[1])
    assert finding.text == (
        "'fine-tuning' is rendered '미세조정' here but '파인튜닝' in the summary of entry 1"
    )


@pytest.mark.parametrize(
    "pairs",
    [
        # Spacing, particles and adjective endings do not make another rendering.
        [
            (SUMMARY_1, "We propose Coherent CoT.", "일관된 CoT를 제안합니다."),
            (TITLE_2, "Coherent CoT works", "일관적인 CoT가 효과적입니다"),
        ],
        [
            (SUMMARY_1, "Fine-tuning helps.", "미세 조정이 도움이 됩니다."),
            (TITLE_2, "On fine-tuning", "미세조정에 관하여"),
        ],
        # Different source words: agent and agentic.
        [
            (SUMMARY_1, "LLM agents plan.", "LLM 에이전트가 계획합니다."),
            (TITLE_2, "Agentic search", "에이전틱 검색"),
        ],
        # Ordinary words beside a kept token are not terms.
        [
            (SUMMARY_1, "A new IR paradigm.", "새로운 IR 패러다임입니다."),
            (TITLE_2, "A new IR benchmark", "신규 IR 벤치마크"),
        ],
        # A source with both agent and agentic says nothing about which one 에이전트 renders.
        [
            (SUMMARY_1, "Agentic systems of agents.", "에이전트로 이루어진 에이전트 시스템입니다."),
            (TITLE_2, "Agentic planning", "에이전틱 계획"),
        ],
    ],
)
def test_renderings_that_agree_or_do_not_align_are_not_reported(pairs):
    for pair in pairs:
        assert consistency(pairs, *pair) == []


def test_a_term_used_once_or_without_a_digest_profile_is_silent():
    assert consistency(SPARSE[:1], *SPARSE[0]) == []
    assert run_checks(SPARSE[0][1], SPARSE[0][2], only=["consistency"]) == []


# --- through the site's pipeline -----------------------------------------------------------


def _agentic_segment(digest, rendering):
    entry = digest.entries.get(position=1)
    return next(s for s in entry.segments.filter(field="abstract") if rendering in current_text(s))


@pytest.mark.django_db
def test_the_sample_digest_stores_the_agentic_ir_inconsistency_on_both_sides(sample_digest):
    findings_refresh(digest=sample_digest)
    odd = _agentic_segment(sample_digest, "에이전틱 IR은")
    (stored,) = MachineFinding.objects.filter(segment=odd, check_code="consistency")
    assert stored.params["other"] == "에이전트"
    assert stored.severity == "warning"
    usual = _agentic_segment(sample_digest, "에이전트 IR은 혁신적인")
    # The same sentence also writes "ecosystems" as 에코시스템, which entry 9 translates
    # (생태계): a second finding, about another term.
    (stored,) = [
        found
        for found in MachineFinding.objects.filter(segment=usual, check_code="consistency")
        if "agentic" in found.params["term"].lower()
    ]
    assert stored.params["other"] == "에이전틱"


@pytest.mark.django_db
def test_a_suggestion_that_evens_out_the_term_is_not_compared_with_its_own_old_text(
    sample_digest,
):
    odd = _agentic_segment(sample_digest, "에이전틱 IR은")
    fixed = current_text(odd).replace("에이전틱 IR은", "에이전트 IR은")
    assert [
        f for f in suggestion_findings(segment=odd, text=fixed) if f.check == "consistency"
    ] == []
    kept = suggestion_findings(segment=odd, text=current_text(odd) + " ")
    assert [f.params["other"] for f in kept if f.check == "consistency"] == ["에이전트"]
    # As the review queue checks it, with one context for the page's digests.
    digest_context = check_contexts(digest_ids=[sample_digest.pk])[sample_digest.pk]
    context = segment_check_context(context=digest_context, segment=odd)
    assert run_checks(odd.source, fixed, context, only=["consistency"]) == []


@pytest.mark.django_db
def test_each_segment_of_the_digest_is_checked_with_its_own_place(sample_digest):
    findings = [
        f for f in digest_findings(digest=sample_digest) if f.finding.check == "consistency"
    ]
    assert findings
    for found in findings:
        if found.finding.span is None:
            # A place that translates a term another place keeps: nothing of it to mark.
            assert "here" not in found.finding.params
            assert found.finding.params["other"] not in found.row.text
            continue
        start, end = found.finding.span
        assert found.row.text[start:end] == found.finding.params["here"]
        assert found.finding.params["other"] != found.finding.params["here"]
    # 생태계 in entry 9 against 에코시스템 in entry 1, reported at both.
    assert any(f.finding.params.get("other") == "에코시스템" for f in findings)
    assert any(f.finding.params.get("here") == "에코시스템" for f in findings)
    # Gemini as 쌍둥이자리 is the glossary's error there; no second finding repeats it.
    glossed = [f for f in findings if f.finding.params.get("other") == "Gemini"]
    assert glossed == []


def test_one_loanword_spelled_two_ways_is_reported():
    pairs = [
        (
            SUMMARY_1,
            "We propose a new decoder for speech.",
            "음성을 위한 새로운 디코더를 제안합니다.",
        ),
        (ABSTRACT_1, "The decoder is frozen during tuning.", "튜닝 중에는 데코더를 고정합니다."),
    ]
    (finding,) = consistency(pairs, *pairs[1])
    assert (finding.params["here"], finding.params["other"]) == ("데코더", "디코더")
    pairs[1] = (
        ABSTRACT_1,
        "The decoder is frozen during tuning.",
        "튜닝 중에는 디코더들을 고정합니다.",
    )
    assert consistency(pairs, *pairs[1]) == []


def test_two_words_of_one_family_are_not_two_spellings():
    pairs = [
        (SUMMARY_1, "Watermarking for code.", "코드를 위한 워터마킹."),
        (ABSTRACT_1, "The watermark survives edits.", "이 워터마크는 편집에도 남습니다."),
        (TITLE_2, "Robust watermarking at scale", "대규모 강건한 워터마킹"),
    ]
    assert all(consistency(pairs, *pair) == [] for pair in pairs)


def test_a_longer_terms_rendering_is_its_own_beside_a_shorter_term():
    pairs = [
        (
            SUMMARY_1,
            "Multi-agent debate improves answers.",
            "멀티 에이전트 토론은 답을 개선합니다.",
        ),
        (TITLE_2, "Scaling multi-agent systems", "다중 에이전트 시스템의 확장"),
    ]
    (finding,) = consistency(pairs, *pairs[1])
    assert finding.params["other"] == "멀티 에이전트"


def test_a_verb_is_no_loanword_and_an_everyday_sense_is_no_rendering():
    verb = [
        (
            SUMMARY_1,
            "Agents recall events, modeled on humans.",
            "인간을 본떠 에이전트가 사건을 회상합니다.",
        ),
        (ABSTRACT_1, "Up to a million events are stored.", "최대 100만 개의 사건을 저장합니다."),
    ]
    assert all(consistency(verb, *pair) == [] for pair in verb)
    senses = [
        (TITLE_2, "Predicting transformer failures in power grids", "전력망의 변압기 고장 예측"),
        (
            SUMMARY_1,
            "A Transformer model forecasts faults.",
            "트랜스포머 모델이 고장을 예측합니다.",
        ),
    ]
    assert all(consistency(senses, *pair) == [] for pair in senses)

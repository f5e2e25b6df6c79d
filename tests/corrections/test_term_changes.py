"""Which term renderings an accepted correction changed, on realistic summary sentences."""

import pytest

from corrections.term_changes import TermChange, term_changes

GLOSSARY = [("model", ["모델"]), ("fine-tuning", ["미세 조정", "파인튜닝"])]


@pytest.mark.parametrize(
    ("source", "before", "after", "expected"),
    [
        (
            "The Transformer processes tokens in parallel.",
            "변압기는 토큰을 병렬로 처리합니다.",
            "트랜스포머는 토큰을 병렬로 처리합니다.",
            TermChange("Transformer", "변압기", "트랜스포머"),
        ),
        (
            "We replace recurrence with a Transformer encoder.",
            "우리는 순환을 변압기 인코더로 대체합니다.",
            "우리는 순환을 트랜스포머 인코더로 대체합니다.",
            TermChange("Transformer", "변압기", "트랜스포머"),
        ),
        # The plural at the start of the sentence names the singular term.
        (
            "Transformers dominate NLP benchmarks.",
            "변압기가 NLP 벤치마크를 지배합니다.",
            "트랜스포머가 NLP 벤치마크를 지배합니다.",
            TermChange("Transformer", "변압기", "트랜스포머"),
        ),
        # A glossary term of the source explains a lower-case word.
        (
            "The model uses Mamba layers.",
            "이 모형은 맘바 층을 사용합니다.",
            "이 모델은 맘바 층을 사용합니다.",
            TermChange("model", "모형", "모델"),
        ),
        # The name copied in Latin script is its own English term.
        (
            "GPT-4 outperforms Llama on MMLU.",
            "GPT-4는 MMLU에서 라마를 능가합니다.",
            "GPT-4는 MMLU에서 Llama를 능가합니다.",
            TermChange("Llama", "라마", "Llama"),
        ),
    ],
)
def test_a_replaced_rendering_is_tied_to_its_english_term(source, before, after, expected):
    found = term_changes(source=source, before=before, after=after, glossary=GLOSSARY)
    assert found == [expected]


def test_the_two_forms_of_a_particle_are_taken_off_both_sides():
    assert term_changes(
        source="The Transformer beats the LSTM.",
        before="변압기가 LSTM을 이깁니다.",
        after="트랜스포머가 LSTM을 이깁니다.",
    ) == [TermChange("Transformer", "변압기", "트랜스포머")]
    assert term_changes(
        source="We distil the Teacher into a small network.",
        before="교사를 작은 네트워크로 증류합니다.",
        after="티처 모형을 작은 네트워크로 증류합니다.",
    ) == [TermChange("Teacher", "교사", "티처 모형")]


@pytest.mark.parametrize(
    ("source", "before", "after"),
    [
        # A whole-sentence rewrite says nothing about one term.
        (
            "The Transformer processes tokens in parallel.",
            "변압기는 토큰을 병렬로 처리합니다.",
            "트랜스포머는 여러 토큰을 동시에 한꺼번에 다룹니다.",
        ),
        # Words moved, none re-rendered.
        (
            "The Transformer processes tokens in parallel.",
            "변압기는 토큰을 병렬로 처리합니다.",
            "토큰을 변압기는 병렬로 처리합니다.",
        ),
        # Only the particle was fixed.
        (
            "The Transformer processes tokens in parallel.",
            "변압기를 토큰을 병렬로 처리합니다.",
            "변압기는 토큰을 병렬로 처리합니다.",
        ),
        # A verb ending changed (register), not a noun.
        (
            "The Transformer processes tokens in parallel.",
            "변압기는 토큰을 병렬로 처리합니다.",
            "변압기는 토큰을 병렬로 처리한다.",
        ),
        # A number changed.
        ("Accuracy improves by 3 points.", "정확도가 3점 향상됩니다.", "정확도가 4점 향상됩니다."),
        # Two technical words are left unrendered in Latin script: which one was it?
        (
            "Mamba and Hyena replace the attention of the model.",
            "맘바와 하이에나는 모형의 주의를 대체합니다.",
            "맘바와 하이에나는 모형의 어텐션을 대체합니다.",
        ),
        # Only one of two uses was changed: the old rendering is still there.
        (
            "The Transformer and its Transformer blocks.",
            "변압기와 그 변압기 블록.",
            "트랜스포머와 그 변압기 블록.",
        ),
        # The only English word left is a function word.
        (
            "However, the results are mixed.",
            "그러나 결과는 엇갈립니다.",
            "그러나 성과는 엇갈립니다.",
        ),
    ],
)
def test_unsure_changes_give_nothing(source, before, after):
    assert term_changes(source=source, before=before, after=after, glossary=GLOSSARY) == []


def test_a_term_the_glossary_knows_is_found_with_two_changes_in_one_sentence():
    found = term_changes(
        source="Fine-tuning the model with Mamba improves accuracy.",
        before="맘바로 모형을 세부 조정하면 정확도가 향상됩니다.",
        after="맘바로 모델을 미세 조정하면 정확도가 향상됩니다.",
        glossary=GLOSSARY,
    )
    assert found == [TermChange("model", "모형", "모델")]

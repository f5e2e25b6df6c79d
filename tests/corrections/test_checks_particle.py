"""The particle check: 은/는, 이/가, 을/를, 과/와, (으)로 agree with how the word before is read."""

import pytest

from corrections.checks import CheckContext, Severity, run_checks


def particle(target: str):
    return run_checks("", target, CheckContext(), only=["particle"])


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("GPT은 강력한 모델입니다.", "GPT는 강력한 모델입니다."),
        ("LLM를 평가합니다.", "LLM을 평가합니다."),
        ("결과에 3를 더합니다.", "결과에 3을 더합니다."),
        ("점수가 10가 되었습니다.", "점수가 10이 되었습니다."),
        ("URL으로 접속합니다.", "URL로 접속합니다."),
        ("값을 1으로 나눕니다.", "값을 1로 나눕니다."),
        ("정확도가 6%으로 올랐습니다.", "정확도가 6%로 올랐습니다."),
        ("Mistral를 능가합니다.", "Mistral을 능가합니다."),
        ("LLM와 검색기를 결합합니다.", "LLM과 검색기를 결합합니다."),
        ("CoT과 함께 씁니다.", "CoT와 함께 씁니다."),
        ("GPT-4은 더 정확합니다.", "GPT-4는 더 정확합니다."),
        ("Llama 3.1를 미세 조정합니다.", "Llama 3.1을 미세 조정합니다."),
        ("LLM라고 부릅니다.", "LLM이라고 부릅니다."),
        ("검색 증강 생성(RAG)는 환각을 줄입니다.", "검색 증강 생성(RAG)은 환각을 줄입니다."),
        ("후보 1,000를 추립니다.", "후보 1,000을 추립니다."),
        ("H100로 학습합니다.", "H100으로 학습합니다."),  # 에이치백, never "hundred"
        ("결과는 scores.json로 저장합니다.", "결과는 scores.json으로 저장합니다."),  # 제이슨
        ("설정은 train.yaml으로 읽습니다.", "설정은 train.yaml로 읽습니다."),  # 야믈
    ],
)
def test_a_particle_that_disagrees_with_the_reading_is_an_error_with_the_fix(wrong, right):
    (finding,) = particle(wrong)
    assert finding.severity is Severity.ERROR
    assert finding.fix == right
    start, end = finding.span
    assert finding.params["found"].startswith(wrong[start:end])


@pytest.mark.parametrize(
    "target",
    [
        "GPT는 지피티로 읽습니다.",
        "LLM을 평가하고 LLM의 한계를 봅니다.",
        "RAG는 검색을 더합니다.",  # 래그: the sample post's reading
        "RAG을 쓰는 사람도 있습니다.",  # 랙: readers differ, so neither form is reported
        "LongRAG가 앞섭니다.",
        "SQL로 질의하고 SQL과 비교합니다.",
        "Granite 3.0을 소개합니다.",  # 삼 점 영 or three point oh
        "Llama 3를 씁니다.",  # 삼 or 쓰리
        "70B가 8B보다 큽니다.",  # 칠십비 or 칠백억
        "o1은 추론합니다.",
        "GPT-4o를 백본으로 씁니다.",
        "이 모델은 2022년에 나왔습니다.",
        "https://x.com/a는 링크입니다.",
        "GPT이라고도 부릅니다.",  # the copula kept in full after a vowel
        "이전 단계의 추론(일관된 CoT)이 통합됩니다.",
        "A100 8장으로 학습합니다.",
        "의존성은 requirements.txt를 봅니다.",  # 텍스트 or 티엑스티
        "v1.2로 올립니다.",
        "그림은 figure.png를 봅니다.",  # 피엔지
        "사진은 photo.jpeg이 있습니다.",  # 제이펙
        "가중치는 model.pkl를 읽습니다.",  # 피클 or 피케이엘: either
        "로그는 train.jsonl로 남깁니다.",  # 제이슨엘
    ],
)
def test_correct_or_undecidable_particles_are_left_alone(target):
    assert particle(target) == []


def test_two_wrong_particles_share_one_fix_that_corrects_both():
    findings = particle("LLM는 GPT을 능가합니다.")
    assert [f.params["expected"] for f in findings] == ["은", "를"]
    assert {f.fix for f in findings} == {"LLM은 GPT를 능가합니다."}


def test_the_message_quotes_the_word_and_the_why_names_its_ending():
    (finding,) = particle("IR는 정보 검색입니다.")
    assert finding.text == "'IR는' should be 'IR은'"
    assert "final ㄹ" in finding.why_text
    (finding,) = particle("IR으로 줄여 씁니다.")
    assert finding.text == "'IR으로' should be 'IR로'"

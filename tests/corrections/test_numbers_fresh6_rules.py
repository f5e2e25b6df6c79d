"""Readings of the ``numbers`` check added for the sixth round of fresh sentences.

Each reading has sentences an editor accepts (no finding) and sentences with one mistake
(an error naming it). The sentences were written for these tests; none is copied from the
labelled sets.
"""

from __future__ import annotations

import pytest

from corrections.checks import CheckContext, Finding, Severity
from corrections.checks.numbers import GAP_AS_PERCENT, SWAPPED, UNIT_CHANGED, check_numbers


def numbers(source: str, target: str) -> list[Finding]:
    return check_numbers(source, target, CheckContext())


RIGHT = [
    # Clauses joined by "-고" and "반면" each keep their own figure.
    (
        "Recall reaches 88.2% while precision stays at 71.5%.",
        "재현율은 88.2%에 이르고 정밀도는 71.5%에 머문다.",
    ),
    (
        "The planner needs 12 calls per task, compared with 31 for the baseline.",
        "플래너는 작업당 12회 호출이 필요한 반면 기준 모델은 31회가 필요하다.",
    ),
    # The "고" of "하고 있다" joins no clauses.
    (
        "Usage grew from 3 to 9 teams while costs stayed at 40%.",
        "사용 팀은 3개에서 9개로 늘어나고 있으며 비용은 40%로 유지된다.",
    ),
    # Parts of a unit of time are amounts of it.
    ("Each frame is ready in a quarter of a second.", "각 프레임은 250ms 만에 준비된다."),
    ("Indexing takes three quarters of an hour.", "색인에는 45분이 걸린다."),
    # "a pair of" and "a couple of" are two, but need not be written.
    ("A pair of critics scores each answer.", "두 개의 비평 모델이 각 답변을 채점한다."),
    ("A pair of critics scores each answer.", "비평 모델 쌍이 각 답변을 채점한다."),
    # "a few dozen" is 수십.
    ("Only a few dozen prompts trigger the bug.", "버그를 일으키는 프롬프트는 수십 개뿐이다."),
    # The one of "1인당" says "each".
    (
        "Nine raters each judged 150 pairs, 1,350 judgements in all.",
        "평가자 9명이 1인당 150쌍씩, 모두 1,350건을 판정했다.",
    ),
    (
        "Each of the 4 robots logs 300 episodes.",
        "로봇 4대가 한 대당 에피소드 300개를 기록한다.",
    ),
    # What is kept says what is lost from the other side.
    (
        "The quantized model loses only 3% of its accuracy.",
        "양자화 모델은 정확도의 97%를 유지한다.",
    ),
]


# Figures the translation works out from the source's, added to help the reader.
WORKED_OUT = [
    (
        "It scores 64.2 on BBH, 3.6 points above Gemma-2-9B.",
        "BBH에서 64.2점으로 Gemma-2-9B(60.6점)보다 3.6점 높다.",
    ),
    ("Combines four 13B experts.", "13B 전문가 4개(총 520억 파라미터)를 결합한다."),
    (
        "The server handles 48 requests at once, up from 12.",
        "서버가 동시에 처리하는 요청이 12개에서 48개로 4배가 된다.",
    ),
    # The factor itself is not written; the size it makes is.
    (
        "The 2.7B model matches models three times its size.",
        "2.7B 모델이 약 81억 파라미터급 모델과 맞먹는다.",
    ),
    ("The student keeps 96% of the teacher's quality.", "학생 모델의 품질 손실은 4%에 그친다."),
    ("Training runs for 48 hours.", "학습은 48시간(2일) 동안 진행된다."),
    # Rounded, and said to be.
    (
        "The router skips 27% of the 48 layers.",
        "라우터는 48개 층 중 27%(약 13개)를 건너뛴다.",
    ),
]


@pytest.mark.parametrize(("source", "target"), WORKED_OUT)
def test_figures_worked_out_from_the_source_raise_nothing(source: str, target: str) -> None:
    assert numbers(source, target) == []


WORKED_OUT_WRONG = [
    # A product that does not add up.
    ("Combines four 13B experts.", "13B 전문가 4개(총 420억 파라미터)를 결합한다."),
    # An unmatched figure like the extra one is what it renders, whatever the sums say:
    # top-8 is no gap of 8 points.
    ("Lifts top-8 accuracy from 71% to 79%.", "상위 8% 정확도를 71%에서 79%로 높인다."),
    # A complement keeps the other side: retaining 96% is not retaining 4%.
    ("The student keeps 96% of the teacher's quality.", "학생 모델은 품질의 4%를 유지한다."),
]


@pytest.mark.parametrize(("source", "target"), WORKED_OUT_WRONG)
def test_figures_that_do_not_work_out_are_errors(source: str, target: str) -> None:
    assert any(f.severity is Severity.ERROR for f in numbers(source, target))


def test_a_weak_factor_left_unmatched_still_shows_the_extra_one() -> None:
    # "quadruples" may be a noun ("temporal quadruples"), so it is not reported missing;
    # 1,024 over 256 does not make "두 배" right.
    findings = numbers(
        "Going from 256 to 1,024 patches quadruples the visual tokens.",
        "패치를 256개에서 1,024개로 늘리면 시각 토큰이 두 배가 된다.",
    )
    assert [f.params["target_text"] for f in findings] == ["두"]


@pytest.mark.parametrize(("source", "target"), RIGHT)
def test_accepted_renderings_raise_nothing(source: str, target: str) -> None:
    assert numbers(source, target) == []


SWAPS = [
    (
        "Recall reaches 88.2% while precision stays at 71.5%.",
        "재현율은 71.5%에 이르고 정밀도는 88.2%에 머문다.",
    ),
    (
        "The planner needs 12 calls per task, compared with 31 for the baseline.",
        "플래너는 작업당 31회 호출이 필요한 반면 기준 모델은 12회가 필요하다.",
    ),
    # Common nouns that anchor a figure: cameras, controllers, multilingual variants.
    (
        "The camera streams at 90 Hz and the controller updates at 400 Hz.",
        "카메라는 400Hz로 스트리밍하고 컨트롤러는 90Hz로 갱신한다.",
    ),
    (
        "A 48K vocabulary serves the multilingual model and a 16K one the English model.",
        "다국어 모델에는 16K 어휘를, 영어 모델에는 48K 어휘를 쓴다.",
    ),
]


@pytest.mark.parametrize(("source", "target"), SWAPS)
def test_exchanged_figures_are_reported_as_swapped(source: str, target: str) -> None:
    findings = numbers(source, target)
    assert [(f.message, f.severity) for f in findings] == [(SWAPPED, Severity.ERROR)]


WRONG = [
    # A part of a unit of time changed, a complement that does not add up, a per-one count
    # that is a real count.
    ("Each frame is ready in a quarter of a second.", "각 프레임은 500ms 만에 준비된다."),
    (
        "The quantized model loses only 3% of its accuracy.",
        "양자화 모델은 정확도의 93%를 유지한다.",
    ),
    ("Only a few dozen prompts trigger the bug.", "버그를 일으키는 프롬프트는 수천 개뿐이다."),
]


@pytest.mark.parametrize(("source", "target"), WRONG)
def test_changed_amounts_are_errors(source: str, target: str) -> None:
    assert any(f.severity is Severity.ERROR for f in numbers(source, target))


def test_a_gap_between_percentages_written_as_percent_is_an_error_with_its_fix() -> None:
    source = "Accuracy climbs from 52% to 67% with the new prompt."
    target = "새 프롬프트로 정확도가 52%에서 67%로 15% 상승한다."
    (finding,) = numbers(source, target)
    assert (finding.message, finding.severity) == (GAP_AS_PERCENT, Severity.ERROR)
    assert target[slice(*finding.span)] == "15%"
    assert finding.fix == "새 프롬프트로 정확도가 52%에서 67%로 15%p 상승한다."
    assert numbers(source, finding.fix) == []


@pytest.mark.parametrize(
    "target",
    [
        "새 프롬프트로 정확도가 52%에서 67%로 15%포인트 상승한다.",
        "새 프롬프트로 정확도가 52%에서 67%로 오른다.",
    ],
)
def test_a_gap_in_points_or_left_unsaid_is_right(target: str) -> None:
    assert numbers("Accuracy climbs from 52% to 67% with the new prompt.", target) == []


def test_a_relative_change_the_source_states_is_no_gap() -> None:
    source = "Recall rises from 40% to 60%, a 50% relative gain."
    assert numbers(source, "재현율이 40%에서 60%로 올라 상대적으로 50% 증가한다.") == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # A change named as a noun after its figure.
        ("We see a threefold increase in recall.", "재현율이 3배 감소함을 확인했다."),
        ("It costs a 4% increase in latency.", "그 대가로 지연 시간이 4% 줄어든다."),
    ],
)
def test_a_change_named_after_its_figure_keeps_its_way(source: str, target: str) -> None:
    assert any(f.severity is Severity.ERROR for f in numbers(source, target))


def test_a_change_named_after_its_figure_may_be_kept() -> None:
    assert numbers("We see a threefold increase in recall.", "재현율이 3배 증가했다.") == []


def test_names_kept_in_latin_anchor_their_counts() -> None:
    source = "Four LLMs debate for 6 rounds before a verdict."
    findings = numbers(source, "LLM 6개가 4라운드 동안 토론한 뒤 결론을 낸다.")
    assert [(f.message, f.severity) for f in findings] == [(SWAPPED, Severity.ERROR)]
    assert numbers(source, "LLM 4개가 6라운드 동안 토론한 뒤 결론을 낸다.") == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # A total of a count and a weak "single" beside it: the "single" claims nothing big.
        (
            "Merges two 8B models into a single 16B model.",
            "8B 모델 두 개(총 160억 파라미터)를 하나의 16B 모델로 합친다.",
        ),
        # Native numerals before loanword counters.
        ("Dialogues last 6 turns on average.", "대화는 평균 여섯 턴 동안 이어진다."),
        ("Training stops after 3 rounds.", "학습은 세 라운드 뒤에 멈춘다."),
        # A year said from the year beside it.
        (
            "The 2025 edition beats the 2024 winner by 3.1 points.",
            "2025년판은 전년도 우승작을 3.1점 앞선다.",
        ),
    ],
)
def test_more_renderings_an_editor_accepts(source: str, target: str) -> None:
    assert numbers(source, target) == []


def test_a_year_said_from_a_year_the_target_does_not_give_is_dropped() -> None:
    findings = numbers("The 2024 winner scored 71.2.", "전년도 우승작은 71.2점을 받았다.")
    assert [f.params["source_text"] for f in findings] == ["2024"]


def test_a_weak_one_still_claims_a_small_count() -> None:
    findings = numbers("Runs on a single GPU.", "GPU 2개에서 실행된다.")
    assert any(f.severity is Severity.ERROR for f in findings)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # A quarter the source names, given after the year it shares.
        (
            "Traffic grew 3x between Q2 and Q4 2025.",
            "2025년 2분기에서 4분기 사이 트래픽이 3배 늘었다.",
        ),
        # "결정당" is per decision, whatever "정당" means alone.
        ("Routing adds under 3 ms per decision.", "라우팅은 결정당 3ms 미만을 더한다."),
        # A share stated twice: as its count and as a percentage.
        (
            "About 1 in 4 answers cites a source.",
            "답변 네 개 중 약 하나(약 25%)가 출처를 인용한다.",
        ),
        # Digest Korean ends a sentence on a noun: "2.5배임".
        ("The new policy is 2.5x as reliable.", "새 정책의 신뢰도는 기존의 2.5배임."),
    ],
)
def test_digest_phrasings_an_editor_accepts(source: str, target: str) -> None:
    assert numbers(source, target) == []


def test_a_total_across_several_made_an_amount_for_each_is_an_error() -> None:
    source = "Trained on 90,000 demonstrations across 12 robots."
    assert numbers(source, "로봇 12대에서 모은 시연 9만 건으로 학습했다.") == []
    findings = numbers(source, "로봇 12대마다 시연 9만 건씩 모아 학습했다.")
    assert any(f.severity is Severity.ERROR for f in findings)
    # An amount per item across several is no total.
    assert (
        numbers("We draw 8 samples per task across 30 tasks.", "30개 과제마다 8개씩 뽑는다.") == []
    )


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # Rounded to the digits the target writes.
        (
            "Keeps 2 million of 27 million candidates.",
            "후보 2,700만 개 중 200만 개(7%)만 남긴다.",
        ),
        # A figure divided by the factor the source gives.
        (
            "It succeeds 81% of the time, 2.5x the prior policy's rate.",
            "성공률은 81%로, 이전 정책(약 32%)의 2.5배다.",
        ),
    ],
)
def test_worked_out_figures_may_be_rounded(source: str, target: str) -> None:
    assert numbers(source, target) == []


def test_a_fraction_in_words_does_not_round() -> None:
    findings = numbers(
        "Of its 8T training tokens, 2T are code.",
        "학습 토큰 8T 중 3분의 1인 2T가 코드다.",
    )
    assert any(f.severity is Severity.ERROR for f in findings)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Students in the bottom third gained most.", "하위 3분의 1 학생들이 가장 많이 향상됐다."),
        ("Users churn most by month four.", "사용자 이탈은 네 번째 달에 가장 많다."),
        ("Memory use falls 35%.", "메모리 사용량이 기존의 65% 수준으로 내려간다."),
        ("It needs 20% fewer steps.", "스텝 수의 80%만으로 충분하다."),
    ],
)
def test_shares_and_labels_an_editor_accepts(source: str, target: str) -> None:
    assert numbers(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Students in the bottom third gained most.", "하위 4분의 1 학생들이 가장 많이 향상됐다."),
        ("Users churn most by month four.", "사용자 이탈은 세 번째 달에 가장 많다."),
        ("Memory use falls 35%.", "메모리 사용량이 35% 수준으로 내려간다."),
    ],
)
def test_shares_and_labels_changed_are_errors(source: str, target: str) -> None:
    assert any(f.severity is Severity.ERROR for f in numbers(source, target))


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Pairs that differ by fewer than 8 words are hard.", "7단어 이하로 다른 쌍은 어렵다."),
        (
            "A third of the clips show more than one speaker.",
            "클립의 약 33%에 화자가 두 명 이상 나온다.",
        ),
        ("Six LLMs vote on each answer.", "여섯 LLM이 각 답변에 투표한다."),
        ("It runs at a real-time factor of 0.08.", "실시간 계수(RTF)는 0.08이다."),
    ],
)
def test_bounds_moved_with_their_figure_and_bare_factors(source: str, target: str) -> None:
    assert numbers(source, target) == []


def test_a_strict_bound_moved_the_wrong_way_is_an_error() -> None:
    findings = numbers(
        "Pairs that differ by fewer than 8 words are hard.", "9단어 이하로 다른 쌍은 어렵다."
    )
    assert any(f.severity is Severity.ERROR for f in findings)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Inference uses 1.8 kWh per day.", "추론에 하루 1.8Wh를 쓴다."),
        ("Training Agents in 12 Hours", "12일 만에 에이전트 학습하기"),
        ("Scaling 4-Bit Optimizers", "4바이트 옵티마이저 확장"),
    ],
)
def test_a_value_kept_with_another_unit_is_an_error(source: str, target: str) -> None:
    assert UNIT_CHANGED in [f.message for f in numbers(source, target)]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Inference uses 1.8 kWh per day.", "추론에 하루 1,800Wh를 쓴다."),
        ("The board draws 450 W at peak.", "보드는 최대 0.45kW를 소비한다."),
        ("Training Agents in 12 Hours", "12시간 만에 에이전트 학습하기"),
    ],
)
def test_energy_power_and_title_case_units_convert(source: str, target: str) -> None:
    assert numbers(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # A change that ends at its figure keeps its way ("falls to", "로 늘어났다").
        ("Latency falls to 1.9 seconds, down from 5.2.", "지연 시간이 5.2초에서 1.9초로 늘어났다."),
        ("Bot PRs are merged 12% less often.", "봇 PR은 12% 더 자주 병합된다."),
        # A bound across a counted noun, and "or more" made strict.
        ("It leads among models under 3B parameters.", "30억 파라미터 이상 모델 중 선두다."),
        ("Tasks needing 4 or more tools are hard.", "도구가 네 개를 초과해 필요한 과제는 어렵다."),
        # An amount for each written as a total, and a total given to each.
        ("Each of the 9 raters scored 300 answers.", "평가자 9명이 총 300개의 답변을 채점했다."),
        (
            "Each GPU holds 8 sequences, a global batch of 512.",
            "각 GPU는 시퀀스 8개를, GPU당 512개를 처리한다.",
        ),
    ],
)
def test_ways_bounds_and_totals_changed_are_errors(source: str, target: str) -> None:
    assert any(f.severity is Severity.ERROR for f in numbers(source, target))


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Latency falls to 1.9 seconds, down from 5.2.", "지연 시간이 5.2초에서 1.9초로 줄었다."),
        ("Tasks needing 4 or more tools are hard.", "도구가 네 개 이상 필요한 과제는 어렵다."),
        ("Over 100 repositories are used.", "100개 이상의 저장소가 쓰인다."),
        (
            "Labels cost $0.05 per item, $900 in total for 18K items.",
            "라벨 비용은 항목당 0.05달러로, 1만 8천 개 항목에 총 900달러다.",
        ),
        ("Fine-Tuning in 24 Hours on One GPU", "GPU 한 장으로 하루 만에 미세 조정하기"),
        ("Runs on a 4×RTX 4090 server.", "RTX 4090 4장을 단 서버에서 실행된다."),
        (
            "The kernel cuts memory traffic by an order of magnitude.",
            "커널이 메모리 트래픽을 10분의 1 수준으로 줄인다.",
        ),
        (
            "Logs from March 1 to March 31, 2025 were used.",
            "2025년 3월 한 달 동안(1일~31일)의 로그를 썼다.",
        ),
    ],
)
def test_ways_bounds_totals_and_spans_an_editor_accepts(source: str, target: str) -> None:
    assert numbers(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Forecasts reach up to 7 days ahead.", "예보는 최장 일주일 앞까지 내다본다."),
        ("Injuries are predicted 7 days in advance.", "부상을 일주일 앞서 예측한다."),
        ("The test ran for 14 days.", "테스트는 2주간 진행됐다."),
        ("About 6 restarts happen per day.", "재시작이 하루 평균 6회 일어난다."),
        ("It fetches roughly 2.1M pages per day.", "하루 약 210만 페이지를 가져온다."),
        ("The farm has a 12 GW capacity.", "발전 단지의 용량은 12,000MW다."),
        ("The core draws 60 mW.", "코어는 0.06W를 소비한다."),
    ],
)
def test_spans_of_time_and_power_an_editor_accepts(source: str, target: str) -> None:
    assert numbers(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Spreads widen by 15 basis points.", "스프레드가 0.15%p 확대된다."),
        ("Run between April 2021 and May 2022.", "2021.4~2022.5 운영."),
        ("Runtime falls from 300 to 240 seconds.", "실행 시간이 5분에서 4분으로 60초 줄었다."),
        (
            "96% of the builds pass on the first try.",
            "첫 시도에서 빌드의 4%만 실패한다.",
        ),
    ],
)
def test_basis_points_terse_dates_and_worked_out_spans(source: str, target: str) -> None:
    assert numbers(source, target) == []


def test_basis_points_read_as_percentage_points_are_an_error() -> None:
    findings = numbers("Spreads widen by 15 basis points.", "스프레드가 15%p 확대된다.")
    assert any(f.severity is Severity.ERROR for f in findings)


def test_a_decimal_near_a_year_is_no_date() -> None:
    assert numbers("The index stands at 2021.4.", "지수는 2021.4다.") == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # A percent change of two counts is relative to the start, and goes its way.
        ("Requests rose from 40 to 60 per minute.", "분당 요청이 40건에서 60건으로 20% 증가했다."),
        ("Requests rose from 40 to 60 per minute.", "분당 요청이 40건에서 60건으로 150% 증가했다."),
        ("Tokens grew from 400 to 2,000.", "토큰이 400개에서 2,000개로 80% 감소했다."),
        # Both name the failing side: no complement.
        ("The model fails on 4% of cases.", "모델은 96%의 경우에서 실패했다."),
        # An unmatched figure like the extra one claims it before any complement.
        ("Precision is 70% and recall is 40%.", "정밀도는 70%이고 재현율은 30%이다."),
        # Nouns ending in 고 end no clause: the swap is still seen.
        (
            "Accuracy peaks at 78.6% on MMLU and at 60.1% on GSM8K.",
            "MMLU에서 정확도는 최고 60.1%, GSM8K에서는 78.6%에 이른다.",
        ),
        ("Scores drift upward by 0.4 points.", "점수가 0.4점 낮게 치우친다."),
    ],
)
def test_worked_out_figures_that_do_not_hold_are_errors(source: str, target: str) -> None:
    assert any(f.severity is Severity.ERROR for f in numbers(source, target))


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Requests rose from 40 to 60 per minute.", "분당 요청이 40건에서 60건으로 50% 증가했다."),
        ("The link runs at 9600 bps.", "링크 속도는 9600bps이다."),
        ("The score rises from 2015.5 to 2030.2.", "점수가 2015.5에서 2030.2로 올랐다."),
        ("Yields rise 9 basis points.", "금리가 9bp 오른다."),
    ],
)
def test_relative_changes_bits_and_decimals_an_editor_accepts(source: str, target: str) -> None:
    assert numbers(source, target) == []

"""Readings of the ``numbers`` check added for the seventh round of fresh sentences.

Each reading has sentences an editor accepts (no finding) and sentences with one mistake
(an error naming it). The sentences were written for these tests; none is copied from the
labelled sets.
"""

from __future__ import annotations

import pytest

from corrections.checks import CheckContext, Finding, Severity
from corrections.checks.numbers import check_numbers


def numbers(source: str, target: str) -> list[Finding]:
    return check_numbers(source, target, CheckContext())


RIGHT = [
    # A number of several Korean groups is one number before any counter, not only the
    # counters a lone "만" may take.
    ("The archive holds 27,340 recordings.", "아카이브에는 음원 2만 7,340곡이 있다."),
    ("Of the 410,500 cases, most were mild.", "41만 500건(대부분 경증) 중에서"),
    ("Training runs for 25,000 steps.", "학습은 2만 5000스텝 동안 진행된다."),
    # Mass converts like time and data: gigatonnes are hundreds of millions of tonnes.
    ("Forests absorb 7.6 gigatonnes of carbon.", "숲은 76억 톤의 탄소를 흡수한다."),
    ("The robot lifts up to 12 kilograms.", "로봇은 최대 12kg을 들어 올린다."),
    ("Each sample weighs 250 mg.", "각 시료의 무게는 0.25그램이다."),
    # "연평균" is a rate per year, as "per year" is.
    ("Emissions fell 3.1% per year on average.", "배출량은 연평균 3.1% 줄었다."),
    ("Sea level rose 3.4 mm per year.", "해수면은 연평균 3.4mm 상승했다."),
    ("The lake drops 12 cm per month.", "호수 수위는 월평균 12cm 낮아진다."),
    # A dollar's cents convert; no other currency does.
    ("Each call costs 0.4 cents.", "호출당 비용은 0.004달러이다."),
    ("Each call costs $0.25.", "호출당 비용은 25센트이다."),
    # A quantile is a share of the population: the bottom quintile is 하위 20%.
    (
        "Schools in the poorest quintile gain the most, more than those in the richest.",
        "소득 하위 20% 학교가 상위 20% 학교보다 더 많이 향상된다.",
    ),
    ("Prompts in the top tercile take longest.", "상위 3분의 1의 프롬프트가 가장 오래 걸린다."),
    ("Only the first 256 frames are kept.", "처음 256개 프레임만 남긴다."),
    ("We average the last 5 checkpoints.", "최근 5개 체크포인트의 평균을 낸다."),
    ("Distillation is 40% cheaper than retraining.", "증류는 재학습보다 40% 더 저렴하다."),
    ("We train 4 seeds for each of the 9 settings.", "9개 설정마다 시드 4개씩, 총 36회 학습한다."),
    # A sum of two figures with a rate between them is still a sum.
    (
        "It solves 88% of tasks at 30 seconds per task, against 71% before.",
        "과제당 30초로 과제의 88%를 해결해 이전(71%)보다 17%p 높다.",
    ),
    # An n-gram is no weight.
    ("We drop documents with 10-gram repeats.", "10개 단어가 반복되는 문서를 제거한다."),
    # "배속" is a multiple of real time.
    ("Playback runs 16x faster than real time.", "재생은 실시간 대비 16배속으로 실행된다."),
    # A summary opens with a verb, which no number after it makes a model name.
    ("Compares 7 tokenizers on 30 languages.", "토크나이저 일곱 개를 30개 언어에서 비교한다."),
    ("Trains 4 agents in 3 environments.", "에이전트 네 개를 세 가지 환경에서 학습한다."),
]


@pytest.mark.parametrize(("source", "target"), RIGHT)
def test_accepted_renderings_raise_nothing(source: str, target: str) -> None:
    assert numbers(source, target) == []


WRONG = [
    # The groups read together: 2만 7,430 is not 27,340.
    ("The archive holds 27,340 recordings.", "아카이브에는 음원 2만 7,430곡이 있다."),
    # Tonnes are not gigatonnes, nor grams kilograms.
    ("Forests absorb 7.6 gigatonnes of carbon.", "숲은 7.6톤의 탄소를 흡수한다."),
    ("The robot lifts up to 12 kilograms.", "로봇은 최대 12g을 들어 올린다."),
    # A yearly rate is not a monthly one.
    ("Sea level rose 3.4 mm per year.", "해수면은 월평균 3.4mm 상승했다."),
    # Figures given "for each of" another multiply: 5 seeds for each of 12 settings are 60
    # runs, not 17.
    ("We train 4 seeds for each of the 9 settings.", "9개 설정마다 시드 4개씩, 총 13회 학습한다."),
    # Cents are not dollars.
    ("Each call costs 0.4 cents.", "호출당 비용은 0.4달러이다."),
    # Dearer is not cheaper.
    ("Distillation is 40% cheaper than retraining.", "증류는 재학습보다 40% 더 비싸다."),
    # The first of a sequence is not its last, nor the other way round.
    ("Only the first 256 frames are kept.", "마지막 256개 프레임만 남긴다."),
    ("We average the last 5 checkpoints.", "처음 5개 체크포인트의 평균을 낸다."),
    # The verb does not hide a changed count.
    ("Compares 7 tokenizers on 30 languages.", "토크나이저 다섯 개를 30개 언어에서 비교한다."),
]


@pytest.mark.parametrize(("source", "target"), WRONG)
def test_changed_amounts_are_errors(source: str, target: str) -> None:
    assert any(f.severity is Severity.ERROR for f in numbers(source, target))


SWAPPED_APART = [
    # A unit word beside both figures ("layer", "파라미터") tells them apart no more than
    # the figures do; the noun of each does, a few Korean modifiers away.
    (
        "A 16-layer router sends queries to a 48-layer generator.",
        "16층 생성기에 48층 라우터가 질의를 보낸다.",
    ),
    (
        "A 1B draft model feeds a 34B target model.",
        "340억 파라미터 규모의 초안 모델이 10억 파라미터 규모의 대상 모델에 입력을 준다.",
    ),
]


@pytest.mark.parametrize(("source", "target"), SWAPPED_APART)
def test_figures_exchanged_between_nouns_behind_modifiers_are_swapped(source, target) -> None:
    (finding,) = [f for f in numbers(source, target) if f.severity is Severity.ERROR]
    assert "swapped" in finding.text


KEPT_APART = [
    (
        "A 16-layer router sends queries to a 48-layer generator.",
        "16층 라우터가 48층 생성기에 질의를 보낸다.",
    ),
    (
        "A 1B draft model feeds a 34B target model.",
        "10억 파라미터 규모의 초안 모델이 340억 파라미터 규모의 대상 모델에 입력을 준다.",
    ),
    # Reordered, each figure still with its own noun.
    (
        "A 1B draft model feeds a 34B target model.",
        "340억 파라미터 대상 모델에는 10억 파라미터 초안 모델이 입력을 준다.",
    ),
]


@pytest.mark.parametrize(("source", "target"), KEPT_APART)
def test_figures_kept_with_their_nouns_raise_nothing(source, target) -> None:
    assert numbers(source, target) == []


QUANTILES_WRONG = [
    # Not the share of the quantile the source names.
    ("Prompts in the top tercile take longest.", "상위 25%에 속하는 프롬프트가 가장 오래 걸린다."),
    # Nor its other end.
    ("Users in the top decile drive most traffic.", "하위 10% 사용자가 트래픽 대부분을 만든다."),
]


@pytest.mark.parametrize(("source", "target"), QUANTILES_WRONG)
def test_a_share_that_is_not_the_named_quantile_is_reported(source, target) -> None:
    assert numbers(source, target)


RESPECTIVELY = "The model scores 45.2 and 61.8 on MMLU and GSM8K, respectively."


@pytest.mark.parametrize(
    "target",
    [
        "이 모델은 MMLU와 GSM8K에서 각각 45.2와 61.8을 기록한다.",  # both lists kept
        "이 모델은 GSM8K에서 61.8, MMLU에서 45.2를 기록한다.",  # each figure by its item
    ],
)
def test_figures_given_respectively_to_their_items_raise_nothing(target: str) -> None:
    assert numbers(RESPECTIVELY, target) == []


@pytest.mark.parametrize(
    "target",
    [
        "이 모델은 MMLU와 GSM8K에서 각각 61.8과 45.2를 기록한다.",
        "이 모델은 GSM8K에서 45.2, MMLU에서 61.8을 기록한다.",
    ],
)
def test_figures_given_to_each_others_items_are_swapped(target: str) -> None:
    (finding,) = numbers(RESPECTIVELY, target)
    assert finding.severity is Severity.ERROR
    assert finding.text == "source 45.2 and 61.8 are swapped in the target"
    assert "respectively" in finding.why_text


# Cases from the second review of this round: readings that must not misfire.
REVIEWED_RIGHT = [
    # The items of "respectively" are the list nearest the figures, not any name before it.
    (
        "On MMLU, GPT-4 and Llama-3 score 86.4 and 68.4, respectively.",
        "GPT-4와 Llama-3은 MMLU에서 각각 86.4, 68.4를 기록한다.",
    ),
    (
        "On MMLU, GPT-4 and Llama-3 score 86.4 and 68.4, respectively.",
        "MMLU 기준 Llama-3은 68.4, GPT-4는 86.4를 기록한다.",
    ),
    (
        "Accuracy on the training and test sets is 98% and 85%, respectively.",
        "학습 세트와 테스트 세트의 정확도는 각각 98%와 85%이다.",
    ),
    (
        "The model reaches 45.2% and 61.8% accuracy on MMLU and GSM8K, respectively.",
        "이 모델은 MMLU에서 45.2%, GSM8K에서 61.8%의 정확도를 기록한다.",
    ),
    # Only the sentence of the figures is read.
    (
        "GSM8K is a math benchmark. The model scores 45.2 and 61.8 on MMLU and GSM8K, "
        "respectively.",
        "GSM8K는 수학 벤치마크다. 이 모델은 MMLU와 GSM8K에서 각각 45.2와 61.8을 기록한다.",
    ),
    # A word ending in x is no multiplication sign.
    ("GPT-4 solves 67% and Codex 28%.", "GPT-4는 67%, Codex는 28%를 풀어 39%p 차이가 난다."),
    # A figure's own noun right after it is its noun, whatever modifier follows.
    (
        "The 70B teacher distills into a 7B student.",
        "70B 교사 모델의 학생은 교사보다 10배 작은 7B 모델이다.",
    ),
    # Two equal counts from either end may be written in either order.
    ("It keeps the first 512 and the last 512 tokens.", "마지막 512개와 처음 512개 토큰을 남긴다."),
    # A quantile with no side the check reads, and the Korean 분위 of a quantile.
    ("Tasks in the hardest quintile take longest.", "난도 상위 20% 과제가 가장 오래 걸린다."),
    ("Households in the first income quintile spend more.", "소득 1분위 가구가 더 많이 쓴다."),
]


@pytest.mark.parametrize(("source", "target"), REVIEWED_RIGHT)
def test_reviewed_right_renderings_raise_nothing(source: str, target: str) -> None:
    assert numbers(source, target) == []


REVIEWED_WRONG = [
    # A list read by "respectively" leaves the other sentences to the other readings.
    (
        "The model scores 45.2 and 61.8 on MMLU and GSM8K, respectively. The encoder has 12 "
        "layers and the decoder has 24 layers.",
        "이 모델은 MMLU와 GSM8K에서 각각 45.2와 61.8을 기록한다. "
        "인코더는 24개 층, 디코더는 12개 층이다.",
    ),
    # 리더보드 is no reader, the 대화 of a chat model no dialogue, 검색 모델 a retriever.
    (
        "It ranks 3rd on the leaderboard and 5th in the human study.",
        "리더보드에서 5위, 인간 평가에서 3위를 기록했다.",
    ),
    (
        "The base model scores 45.2 and the chat model 61.8.",
        "기본 모델은 61.8, 대화 모델은 45.2를 기록한다.",
    ),
    (
        "The retriever runs on 8 GPUs and the decoder on 2 GPUs.",
        "검색 모델은 GPU 2개, 디코더는 GPU 8개에서 실행된다.",
    ),
    # "top-1" is no side of a quantile.
    (
        "Top-1 accuracy on the bottom quintile of classes rises 8 points.",
        "상위 20% 클래스의 top-1 정확도가 8포인트 오른다.",
    ),
]


@pytest.mark.parametrize(("source", "target"), REVIEWED_WRONG)
def test_reviewed_wrong_renderings_are_reported(source: str, target: str) -> None:
    assert any(f.severity is Severity.ERROR for f in numbers(source, target))


# Cases from the third review: lists the Korean joins in other ways, or splits.
RESPECTIVE = "GPT-4 and Llama-3 score 86.4 and 68.4, respectively."


@pytest.mark.parametrize(
    "target",
    [
        "GPT-4·Llama-3은 각각 86.4와 68.4로 GPT-4가 높다.",
        "GPT-4하고 Llama-3은 각각 86.4와 68.4로 GPT-4가 앞선다.",
        "GPT-4(오픈AI)와 Llama-3(메타)은 각각 86.4와 68.4로 GPT-4가 높다.",
        # Split in two sentences, each figure with its item.
        "GPT-4는 86.4점을 기록했다. Llama-3은 68.4점이었다.",
    ],
)
def test_a_list_joined_or_split_otherwise_raises_nothing(target: str) -> None:
    assert numbers(RESPECTIVE, target) == []


@pytest.mark.parametrize(
    ("source", "target", "swapped"),
    [
        (RESPECTIVE, "GPT-4하고 Llama-3은 각각 68.4와 86.4이다.", "86.4 and 68.4"),
        (
            "Accuracy is 98% and 85% on the training and test sets, respectively.",
            "학습 세트와 테스트 세트의 정확도는 각각 85%와 98%이다.",
            "98% and 85%",
        ),
        # The second list of a sentence, named with its own figures.
        (
            "MMLU and GSM8K reach 45.2 and 61.8, respectively, while HumanEval and MBPP reach "
            "30.1 and 40.7, respectively.",
            "MMLU와 GSM8K는 각각 45.2와 61.8, HumanEval과 MBPP는 각각 40.7과 30.1에 이른다.",
            "30.1 and 40.7",
        ),
    ],
)
def test_a_list_given_the_wrong_way_round_names_its_own_figures(source, target, swapped) -> None:
    (finding,) = numbers(source, target)
    assert finding.text == f"source {swapped} are swapped in the target"

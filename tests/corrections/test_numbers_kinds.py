"""The ``numbers`` check on realistic summary sentences, one group per kind of mistake.

Each group lists translations an editor would accept (no finding at all) and translations
with one mistake (an error, or for an exact figure made vague a warning). The sentences
were written for these tests, not taken from the blind set.
"""

from __future__ import annotations

import pytest

from corrections.checks import CheckContext, Finding, Severity
from corrections.checks.numbers import check_numbers


def numbers(source: str, target: str) -> list[Finding]:
    return check_numbers(source, target, CheckContext())


def severities(source: str, target: str) -> set[Severity]:
    return {finding.severity for finding in numbers(source, target)}


# Vague amounts: 수천, 수만, 수십만, 수백만, 수십억 against thousands … billions.

APPROXIMATE_RIGHT = [
    ("The corpus spans thousands of repositories.", "코퍼스는 수천 개의 저장소에 걸쳐 있습니다."),
    ("They annotated tens of thousands of dialogues.", "수만 개의 대화에 주석을 달았습니다."),
    (
        "Hundreds of thousands of users joined the study.",
        "수십만 명의 사용자가 연구에 참여했습니다.",
    ),
    ("The model was trained on millions of images.", "모델은 수백만 장의 이미지로 학습되었습니다."),
    ("Billions of tokens are processed daily.", "매일 수십억 개의 토큰이 처리됩니다."),
    ("Thousands of annotators contributed.", "수많은 주석자가 참여했습니다."),
    ("Dozens of benchmarks exist.", "수십 개의 벤치마크가 있습니다."),
    ("Hundreds of millions of users rely on it.", "수억 명의 사용자가 이를 사용합니다."),
    ("Tens of millions of documents were filtered.", "수천만 개의 문서가 필터링되었습니다."),
    ("A few thousand examples suffice.", "몇천 개의 예시면 충분합니다."),
    ("Several hundred GPUs were used.", "수백 개의 GPU가 사용되었습니다."),
    ("Over the past two decades, ...", "지난 20년 동안 ..."),
    ("It is used by millions of developers.", "수백만 명의 개발자가 사용합니다."),
    ("Billions of parameters", "수십억 개의 파라미터"),
    ("There are thousands of such tasks.", "이런 작업이 수천 가지 있습니다."),
    ("It generates hundreds of samples.", "수백 개의 샘플을 생성합니다."),
    ("It costs millions of dollars.", "수백만 달러가 듭니다."),
    ("Tens of thousands of GPUs", "수만 개의 GPU"),
    ("several thousand tokens", "수천 개의 토큰"),
]


@pytest.mark.parametrize(("source", "target"), APPROXIMATE_RIGHT)
def test_approximate_right_translations_have_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


APPROXIMATE_WRONG = [
    ("The corpus spans thousands of repositories.", "코퍼스는 수백만 개의 저장소에 걸쳐 있습니다."),
    ("They annotated tens of thousands of dialogues.", "수천 개의 대화에 주석을 달았습니다."),
    ("The model was trained on millions of images.", "모델은 수십억 장의 이미지로 학습되었습니다."),
    ("Billions of tokens are processed daily.", "매일 수백만 개의 토큰이 처리됩니다."),
    (
        "Hundreds of thousands of users joined the study.",
        "수백만 명의 사용자가 연구에 참여했습니다.",
    ),
    ("The corpus spans thousands of repositories.", "코퍼스는 1,000개의 저장소에 걸쳐 있습니다."),
    ("The model was trained on millions of images.", "모델은 이미지로 학습되었습니다."),
    ("Hundreds of millions of users rely on it.", "수백만 명의 사용자가 이를 사용합니다."),
    ("Tens of thousands of examples.", "수십만 개의 예시."),
    ("Dozens of benchmarks exist.", "수백 개의 벤치마크가 있습니다."),
    ("Thousands of prompts were written.", "1,000개의 프롬프트가 작성되었습니다."),
]


@pytest.mark.parametrize(("source", "target"), APPROXIMATE_WRONG)
def test_approximate_mistakes_are_errors(source: str, target: str) -> None:
    assert Severity.ERROR in severities(source, target)


# Korean numerals read as one number, magnitudes (8B is 80억), changed and dropped numbers.

NUMERALS_AND_MAGNITUDES_RIGHT = [
    ("The context grows to 1 million tokens.", "컨텍스트가 100만 토큰으로 늘어납니다."),
    ("The set has 12,500 questions.", "이 세트에는 1만 2,500개의 질문이 있습니다."),
    ("They collected 513,200 samples.", "51만 3,200개의 샘플을 수집했습니다."),
    ("The crawl found 87 million pages.", "크롤링으로 8천7백만 개의 페이지를 찾았습니다."),
    ("The crawl found 87 million pages.", "크롤링으로 8,700만 개의 페이지를 찾았습니다."),
    ("It has 1.2 million entries.", "120만 개의 항목이 있습니다."),
    ("Memory drops by 50%.", "메모리가 절반으로 줄어듭니다."),
    ("The error rate falls from 10% to 5%, halving it.", "오류율이 10%에서 5%로 절반이 됩니다."),
    ("The 8B model is fast.", "80억 모델은 빠릅니다."),
    ("The 8B model is fast.", "8B 모델은 빠릅니다."),
    ("The model has 70B parameters.", "모델의 파라미터는 700억 개입니다."),
    ("We collected 12,500 prompts.", "1만 2천5백 개의 프롬프트를 수집했습니다."),
    ("We collected 12,500 prompts.", "12,500개의 프롬프트를 수집했습니다."),
    ("We collected 10,000 prompts.", "만 개의 프롬프트를 수집했습니다."),
    ("They release 2.5 million images.", "250만 장의 이미지를 공개합니다."),
    ("The dataset spans 35 million documents.", "데이터 세트는 3천5백만 개의 문서를 포함합니다."),
    ("It covers 1.25 billion pairs.", "12억 5천만 쌍을 다룹니다."),
    ("The pipeline has two stages.", "파이프라인은 두 단계로 구성됩니다."),
    ("The pipeline has two stages.", "파이프라인은 2단계로 구성됩니다."),
    ("It was released in October 2024.", "2024년 10월에 공개되었습니다."),
    (
        "Each of the 128 experts has 1.5B parameters.",
        "128개의 전문가 각각은 15억 개의 파라미터를 가집니다.",
    ),
    (
        "The benchmark has 1,000 questions in 10 categories.",
        "벤치마크는 10개 범주에 걸친 1,000개의 질문으로 구성됩니다.",
    ),
    ("A 7B model beats a 70B one.", "7B 모델이 70B 모델을 이깁니다."),
    ("Accuracy improves by 12 percentage points.", "정확도가 12%p 향상됩니다."),
    ("It is 5 points better.", "5점 더 높습니다."),
    ("The window grows to 128K tokens.", "윈도가 12만 8천 토큰으로 늘어납니다."),
    ("The window grows to 128K tokens.", "윈도가 128K 토큰으로 늘어납니다."),
    ("We run 3 seeds and report the mean.", "세 개의 시드로 실행하고 평균을 보고합니다."),
    ("It has 12,500 entries.", "1만2500개의 항목이 있습니다."),
    ("It has 320 million parameters.", "3억 2천만 개의 파라미터를 가집니다."),
    ("It has 50 million users.", "5천만 명의 사용자가 있습니다."),
    ("It has 12 million images.", "1,200만 장의 이미지가 있습니다."),
    ("It has 2 trillion tokens.", "2조 개의 토큰이 있습니다."),
    ("It has 12,500 entries.", "12,500개(1만 2,500개)의 항목이 있습니다."),
    ("It has 1.25 million entries.", "125만 개의 항목이 있습니다."),
    ("The set holds 40,000 pairs.", "세트에는 4만 쌍이 있습니다."),
    ("We sample 3,000 prompts.", "3천 개의 프롬프트를 샘플링합니다."),
    ("It scored 1,450 Elo.", "1,450 Elo를 기록했습니다."),
    ("It improves the win rate from 45% to 62%.", "승률을 45%에서 62%로 높입니다."),
    ("The 7B model matches the 70B model.", "7B 모델은 70B 모델과 맞먹습니다."),
    (
        "The 7B model matches the 70B model.",
        "70억 파라미터 모델이 700억 파라미터 모델과 맞먹습니다.",
    ),
    (
        "The 7B and 13B variants score 45.3 and 51.0.",
        "7B와 13B 변형은 각각 45.3점과 51.0점을 기록합니다.",
    ),
    ("It costs $0.50 per million tokens.", "100만 토큰당 0.5달러입니다."),
    ("Around 60% of the answers are correct.", "답변의 약 60%가 정답입니다."),
    ("Since 2017, Transformers dominate.", "2017년 이후 트랜스포머가 지배합니다."),
    (
        "A 1B draft model speeds up a 70B target 2.5x.",
        "10억 파라미터 초안 모델이 700억 목표 모델을 2.5배 가속합니다.",
    ),
]


@pytest.mark.parametrize(("source", "target"), NUMERALS_AND_MAGNITUDES_RIGHT)
def test_numerals_and_magnitudes_right_translations_have_no_finding(
    source: str, target: str
) -> None:
    assert numbers(source, target) == []


NUMERALS_AND_MAGNITUDES_WRONG = [
    ("The set has 12,500 questions.", "이 세트에는 1만 5,200개의 질문이 있습니다."),
    ("They collected 513,200 samples.", "5만 1,320개의 샘플을 수집했습니다."),
    ("The crawl found 87 million pages.", "크롤링으로 8천7백 개의 페이지를 찾았습니다."),
    ("It has 1.2 million entries.", "12만 개의 항목이 있습니다."),
    ("We evaluate on 57 subjects.", "여러 과목에서 평가합니다."),
    ("We evaluate on 57 subjects.", "75개 과목에서 평가합니다."),
    ("The 8B model is fast.", "8억 모델은 빠릅니다."),
    ("The model has 70B parameters.", "모델의 파라미터는 7천억 개입니다."),
    ("It improves accuracy by 4.2 points on 12 tasks.", "12개 작업에서 정확도를 향상시킵니다."),
    ("The dataset covers 101 languages.", "데이터 세트는 100개 언어를 다룹니다."),
]


@pytest.mark.parametrize(("source", "target"), NUMERALS_AND_MAGNITUDES_WRONG)
def test_numerals_and_magnitudes_mistakes_are_errors(source: str, target: str) -> None:
    assert Severity.ERROR in severities(source, target)


NUMERALS_AND_MAGNITUDES_SUSPICIOUS = [
    ("The corpus spans 2,400 repositories.", "코퍼스는 수천 개의 저장소에 걸쳐 있습니다."),
    ("The set has 2,400 items.", "세트에는 수천 개의 항목이 있습니다."),
]


@pytest.mark.parametrize(("source", "target"), NUMERALS_AND_MAGNITUDES_SUSPICIOUS)
def test_numerals_and_magnitudes_suspicious_translations_are_warnings(
    source: str, target: str
) -> None:
    assert severities(source, target) == {Severity.WARNING}


# Two values exchanged between the things they describe.

SWAPPED_VALUES_RIGHT = [
    (
        "We use 7B for the encoder and 13B for the decoder.",
        "인코더에는 7B, 디코더에는 13B를 사용합니다.",
    ),
    (
        "Accuracy rises to 82.1% on MMLU and 64.3% on GSM8K.",
        "정확도가 MMLU에서 82.1%, GSM8K에서 64.3%로 오릅니다.",
    ),
    (
        "The 7B model scores 61.2 and the 70B model 72.5.",
        "7B 모델은 61.2점, 70B 모델은 72.5점을 기록합니다.",
    ),
    ("GPT-4 scores 86.4% on MMLU.", "GPT-4는 MMLU에서 86.4%를 기록합니다."),
    ("Scores rise from 45.2 to 61.8.", "점수가 45.2에서 61.8로 오릅니다."),
    (
        "Llama-3-8B reaches 66.6 while Mistral-7B reaches 62.5.",
        "Llama-3-8B는 66.6, Mistral-7B는 62.5를 기록합니다.",
    ),
    (
        "It reaches 64.3% on GSM8K and 82.1% on MMLU.",
        "MMLU에서 82.1%, GSM8K에서 64.3%를 달성합니다.",
    ),
    (
        "It achieves 80.1% and 75.3% on MMLU and GSM8K, respectively.",
        "MMLU와 GSM8K에서 각각 80.1%와 75.3%를 달성합니다.",
    ),
    (
        "The encoder has 300M parameters and the decoder 1.2B.",
        "인코더는 3억 개, 디코더는 12억 개의 파라미터를 가집니다.",
    ),
    (
        "Training uses 4,096 tokens and inference 8,192.",
        "학습에는 4,096개, 추론에는 8,192개의 토큰을 사용합니다.",
    ),
    ("Scores are 71.2 on MMLU and 34.5 on MATH.", "MMLU 71.2점, MATH 34.5점입니다."),
    ("The encoder has 12 layers and the decoder 24.", "디코더는 24개 층, 인코더는 12개 층입니다."),
]


@pytest.mark.parametrize(("source", "target"), SWAPPED_VALUES_RIGHT)
def test_swapped_values_right_translations_have_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


SWAPPED_VALUES_WRONG = [
    (
        "We use 7B for the encoder and 13B for the decoder.",
        "인코더에는 13B, 디코더에는 7B를 사용합니다.",
    ),
    (
        "Accuracy rises to 82.1% on MMLU and 64.3% on GSM8K.",
        "MMLU에서 64.3%, GSM8K에서 82.1%로 정확도가 오릅니다.",
    ),
    (
        "The 7B model scores 61.2 and the 70B model 72.5.",
        "7B 모델은 72.5점, 70B 모델은 61.2점을 기록합니다.",
    ),
    ("GPT-4 scores 86.4% on MMLU.", "GPT-4는 MMLU에서 84.6%를 기록합니다."),
    ("Scores rise from 45.2 to 61.8.", "점수가 61.8에서 45.2로 오릅니다."),
    (
        "Llama-3-8B reaches 66.6 while Mistral-7B reaches 62.5.",
        "Llama-3-8B는 62.5, Mistral-7B는 66.6을 기록합니다.",
    ),
    (
        "The encoder has 300M parameters and the decoder 1.2B.",
        "인코더는 12억 개, 디코더는 3억 개의 파라미터를 가집니다.",
    ),
    (
        "Training uses 4,096 tokens and inference 8,192.",
        "학습에는 8,192개, 추론에는 4,096개의 토큰을 사용합니다.",
    ),
    ("The encoder has 12 layers and the decoder 24.", "인코더는 24개 층, 디코더는 12개 층입니다."),
]


@pytest.mark.parametrize(("source", "target"), SWAPPED_VALUES_WRONG)
def test_swapped_values_mistakes_are_errors(source: str, target: str) -> None:
    assert Severity.ERROR in severities(source, target)


# Units of time, data and money: a kept number with another unit is wrong, a conversion is right.

UNITS_RIGHT = [
    ("Training takes 1.5 hours on one node.", "한 노드에서 학습에 90분이 걸립니다."),
    ("Latency falls to 40 ms per token.", "토큰당 지연 시간이 40밀리초로 줄어듭니다."),
    ("The model needs 16 GB of memory.", "모델에는 16GB의 메모리가 필요합니다."),
    ("The run took 2 days.", "실행에 48시간이 걸렸습니다."),
    ("Weights are stored in 4 bits.", "가중치는 4비트로 저장됩니다."),
    ("Latency falls to 0.5 seconds.", "지연 시간이 500ms로 줄어듭니다."),
    ("The cache uses 2 GB.", "캐시는 2기가바이트를 사용합니다."),
    ("The model places second on MMLU.", "이 모델은 MMLU에서 2위에 올랐습니다."),
    ("The second stage refines the draft.", "두 번째 단계에서 초안을 다듬습니다."),
    ("The run lasted 90 seconds.", "실행은 1분 30초 동안 진행되었습니다."),
    ("Each query takes 250 ms.", "각 쿼리는 0.25초가 걸립니다."),
    ("The checkpoint is 1,024 MB.", "체크포인트는 1GB입니다."),
    ("Annotation took two weeks.", "주석 작업에 14일이 걸렸습니다."),
    ("Pretraining ran for three months.", "사전 학습은 3개월 동안 진행되었습니다."),
    (
        "The model stores 16-bit weights, i.e. 2 bytes per parameter.",
        "모델은 16비트 가중치, 즉 파라미터당 2바이트를 저장합니다.",
    ),
    ("It took half an hour.", "30분이 걸렸습니다."),
    ("It ranks second on the Open LLM Leaderboard.", "Open LLM 리더보드에서 2위를 차지합니다."),
    ("It is the second-best model.", "두 번째로 좋은 모델입니다."),
    (
        "The 405B model needs 810 GB in 16-bit precision.",
        "405B 모델은 16비트 정밀도에서 810GB가 필요합니다.",
    ),
    ("It uses 4-bit quantization.", "4비트 양자화를 사용합니다."),
    ("Latency drops from 2 s to 800 ms.", "지연 시간이 2초에서 800밀리초로 줄어듭니다."),
    ("Training took 10 days on 256 TPUs.", "TPU 256개로 10일 동안 학습했습니다."),
    (
        "In the first stage, the model is pretrained; in the second, it is aligned.",
        "첫 단계에서 모델을 사전 학습하고, 두 번째 단계에서 정렬합니다.",
    ),
    ("It costs $2 per hour.", "시간당 2달러입니다."),
    ("The evaluation lasted six weeks.", "평가는 6주 동안 진행되었습니다."),
    ("Each episode lasts 5 minutes.", "각 에피소드는 300초 동안 진행됩니다."),
    ("The model reads 1 MB per second.", "모델은 초당 1MB를 읽습니다."),
]


@pytest.mark.parametrize(("source", "target"), UNITS_RIGHT)
def test_units_right_translations_have_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


UNITS_WRONG = [
    ("Training took 3 days on 64 GPUs.", "64일 동안 GPU 3개로 학습했습니다."),
    ("Latency falls to 40 ms per token.", "토큰당 지연 시간이 40초로 줄어듭니다."),
    ("The model needs 16 GB of memory.", "모델에는 16MB의 메모리가 필요합니다."),
    ("Training takes 12 hours on one node.", "한 노드에서 학습에 12일이 걸립니다."),
    ("Weights are stored in 4 bits.", "가중치는 4바이트로 저장됩니다."),
    ("The model needs 16 GB of memory.", "모델에는 16TB의 메모리가 필요합니다."),
    ("Each step takes 200 microseconds.", "각 단계는 200밀리초가 걸립니다."),
    ("The model places second on MMLU.", "이 모델은 MMLU에서 3위에 올랐습니다."),
    ("The second stage refines the draft.", "세 번째 단계에서 초안을 다듬습니다."),
    ("It uses 4-bit quantization.", "8비트 양자화를 사용합니다."),
    ("Training took 3 weeks.", "학습에 3개월이 걸렸습니다."),
    ("The KV cache takes 40 GB.", "KV 캐시는 40MB를 차지합니다."),
    ("Training took 10 days.", "학습에 10시간이 걸렸습니다."),
]


@pytest.mark.parametrize(("source", "target"), UNITS_WRONG)
def test_units_mistakes_are_errors(source: str, target: str) -> None:
    assert Severity.ERROR in severities(source, target)


# Fractions and multiples: a quarter, a third, half a million, one in five.

FRACTIONS_RIGHT = [
    ("The method cuts cost by a quarter.", "이 방법은 비용을 4분의 1만큼 줄입니다."),
    ("The method cuts cost by a quarter.", "이 방법은 비용을 25% 줄입니다."),
    ("Half a million prompts were collected.", "50만 개의 프롬프트가 수집되었습니다."),
    ("Half of the heads can be pruned.", "헤드의 절반을 가지치기할 수 있습니다."),
    ("The method halves memory use.", "이 방법은 메모리 사용량을 절반으로 줄입니다."),
    ("Three quarters of the data is synthetic.", "데이터의 4분의 3이 합성 데이터입니다."),
    ("The method halves latency.", "이 방법은 지연 시간을 절반으로 줄입니다."),
    ("The model is one tenth the size.", "모델 크기는 10분의 1입니다."),
    ("One in five answers is wrong.", "답변 5개 중 1개가 틀립니다."),
    ("One in five answers is wrong.", "답변의 20%가 틀립니다."),
    ("The student is half the size of the teacher.", "학생 모델은 교사 모델의 절반 크기입니다."),
    ("This cuts the error rate in half.", "오류율을 절반으로 줄입니다."),
    ("It halves the number of layers.", "레이어 수를 절반으로 줄입니다."),
    ("It processes a quarter of a million requests a day.", "하루에 25만 건의 요청을 처리합니다."),
    ("Half of the 1,200 samples are synthetic.", "1,200개 샘플 중 절반이 합성 데이터입니다."),
    ("Nine in ten users prefer it.", "사용자 10명 중 9명이 이를 선호합니다."),
    ("Nine in ten users prefer it.", "사용자의 90%가 이를 선호합니다."),
]


@pytest.mark.parametrize(("source", "target"), FRACTIONS_RIGHT)
def test_fractions_right_translations_have_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


FRACTIONS_WRONG = [
    ("The method cuts cost by a quarter.", "이 방법은 비용을 절반으로 줄입니다."),
    ("Half a million prompts were collected.", "100만 개의 프롬프트가 수집되었습니다."),
    ("Half of the heads can be pruned.", "헤드의 4분의 1을 가지치기할 수 있습니다."),
    ("The method halves memory use.", "이 방법은 메모리 사용량을 3분의 1로 줄입니다."),
    ("Three quarters of the data is synthetic.", "데이터의 3분의 1이 합성 데이터입니다."),
    ("The method halves memory.", "메모리를 두 배로 늘립니다."),
]


@pytest.mark.parametrize(("source", "target"), FRACTIONS_WRONG)
def test_fractions_mistakes_are_errors(source: str, target: str) -> None:
    assert Severity.ERROR in severities(source, target)


# Ranks and ordinals: first, second, top-3 against 1위, 두 번째, 상위 3개.

RANKS_RIGHT = [
    ("Only a third of the samples pass.", "샘플의 3분의 1만 통과합니다."),
    ("Two thirds of the answers are correct.", "답변의 3분의 2가 정답입니다."),
    ("It ranks first on the leaderboard.", "리더보드에서 1위를 차지합니다."),
    ("It is among the top-3 systems.", "상위 3개 시스템에 속합니다."),
    ("It ranks 3rd overall.", "종합 3위입니다."),
    ("It is the first open model to do so.", "그렇게 한 최초의 공개 모델입니다."),
    ("It takes first place among open models.", "공개 모델 중 1위를 차지합니다."),
    ("It is in the top 5 on three benchmarks.", "세 가지 벤치마크에서 상위 5위 안에 듭니다."),
    ("Our model ranks first on 7 of 9 tasks.", "우리 모델은 9개 작업 중 7개에서 1위를 차지합니다."),
    ("It needs a third of the compute.", "연산량의 3분의 1만 필요합니다."),
    ("Two-thirds of the errors are formatting issues.", "오류의 3분의 2는 형식 문제입니다."),
    ("Two-thirds of the errors are formatting issues.", "오류의 약 67%는 형식 문제입니다."),
    ("It places first in 5 of 8 categories.", "8개 범주 중 5개에서 1위를 차지합니다."),
    ("Our method comes first.", "우리 방법이 가장 먼저 나옵니다."),
    ("The top-1 accuracy is 81.3%.", "top-1 정확도는 81.3%입니다."),
    ("The top-1 accuracy is 81.3%.", "상위 1개 정확도는 81.3%입니다."),
    ("It ranks among the top 10 models.", "상위 10개 모델에 듭니다."),
    ("It is the third model to do so.", "그렇게 한 세 번째 모델입니다."),
    ("Error falls by a third.", "오류가 3분의 1 줄어듭니다."),
    ("Error falls by a third.", "오류가 약 33% 줄어듭니다."),
]


@pytest.mark.parametrize(("source", "target"), RANKS_RIGHT)
def test_ranks_right_translations_have_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


RANKS_WRONG = [
    ("Only a third of the samples pass.", "샘플의 4분의 1만 통과합니다."),
    ("Only a third of the samples pass.", "샘플의 절반만 통과합니다."),
    ("It ranks first on the leaderboard.", "리더보드에서 2위를 차지합니다."),
    ("It is among the top-3 systems.", "상위 5개 시스템에 속합니다."),
    ("It ranks 3rd overall.", "종합 4위입니다."),
    ("It ranks first on the leaderboard.", "리더보드에서 두 번째입니다."),
    ("It needs a third of the compute.", "연산량의 3배가 필요합니다."),
]


@pytest.mark.parametrize(("source", "target"), RANKS_WRONG)
def test_ranks_mistakes_are_errors(source: str, target: str) -> None:
    assert Severity.ERROR in severities(source, target)


# Scientific notation: 3e-4 is 0.0003.

SCIENTIFIC_RIGHT = [
    ("We use a learning rate of 3e-4.", "학습률 0.0003을 사용합니다."),
    ("We use a learning rate of 3e-4.", "학습률 3e-4를 사용합니다."),
    ("Weight decay is set to 1e-2.", "가중치 감쇠는 0.01로 설정합니다."),
    ("The threshold is 1×10^-3.", "임계값은 0.001입니다."),
    ("We use a learning rate of 2.5e-5.", "학습률 2.5 × 10^-5를 사용합니다."),
    (
        "The learning rate is 1e-5 with a batch size of 64.",
        "학습률은 0.00001, 배치 크기는 64입니다.",
    ),
    ("The corpus has 10^9 tokens.", "코퍼스에는 10억 개의 토큰이 있습니다."),
    (
        "We use 5e-5 for fine-tuning and 3e-4 for pretraining.",
        "미세 조정에는 5e-5, 사전 학습에는 3e-4를 사용합니다.",
    ),
    (
        "The learning rate warms up to 3e-4 over 2,000 steps.",
        "학습률은 2,000 스텝 동안 3e-4까지 워밍업됩니다.",
    ),
    ("We use β2 = 0.95 and ε = 1e-8.", "β2 = 0.95, ε = 1e-8을 사용합니다."),
    ("We use β2 = 0.95 and ε = 1e-8.", "β2 = 0.95, ε = 10^-8을 사용합니다."),
    ("Weight decay of 0.1 and lr 1.5e-4.", "가중치 감쇠 0.1, 학습률 1.5×10⁻⁴."),
    ("The model was trained with 6e23 FLOPs.", "모델은 6e23 FLOPs로 학습되었습니다."),
    ("The model was trained with 6e23 FLOPs.", "모델은 6×10^23 FLOPs로 학습되었습니다."),
]


@pytest.mark.parametrize(("source", "target"), SCIENTIFIC_RIGHT)
def test_scientific_right_translations_have_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


SCIENTIFIC_WRONG = [
    ("We use a learning rate of 3e-4.", "학습률 3e-5를 사용합니다."),
    ("We use a learning rate of 3e-4.", "학습률 0.003을 사용합니다."),
]


@pytest.mark.parametrize(("source", "target"), SCIENTIFIC_WRONG)
def test_scientific_mistakes_are_errors(source: str, target: str) -> None:
    assert Severity.ERROR in severities(source, target)


# GPU counts written with a multiplier sign (8×H100) are counts, not factors.

NAME_MULTIPLIER_RIGHT = [
    ("We train on 8×H100 GPUs.", "H100 GPU 8장으로 학습합니다."),
    ("Fine-tuning fits on 4xA100.", "미세 조정은 A100 4장에 들어갑니다."),
    ("Fine-tuning fits on 4x A100 GPUs.", "미세 조정은 A100 GPU 4개에 들어갑니다."),
    ("We train on 8×H100 GPUs.", "8×H100 GPU로 학습합니다."),
    ("Training took 1.5 hours on 8×H100 GPUs.", "H100 GPU 8장으로 학습에 1시간 30분이 걸렸습니다."),
    (
        "The model was trained on 8x NVIDIA A100 GPUs.",
        "모델은 NVIDIA A100 GPU 8개로 학습되었습니다.",
    ),
    ("Training ran on 8x H100 80GB GPUs.", "학습은 H100 80GB GPU 8장에서 진행되었습니다."),
    ("Inference fits on a single 4xA100 node.", "추론은 A100 4장이 달린 노드 하나에 들어갑니다."),
    ("We train on 256×TPUv4 chips.", "TPUv4 칩 256개로 학습합니다."),
    ("We use 8× H100s.", "H100 8개를 사용합니다."),
    ("It needs 16x V100 32GB.", "V100 32GB 16장이 필요합니다."),
    (
        "A cluster of 8×H100 GPUs trained it in 3 days.",
        "8×H100 GPU 클러스터로 3일 만에 학습했습니다.",
    ),
    (
        "On 8×H100, throughput reaches 2,300 tokens/s.",
        "H100 8장에서 처리량은 초당 2,300 토큰에 이릅니다.",
    ),
]


@pytest.mark.parametrize(("source", "target"), NAME_MULTIPLIER_RIGHT)
def test_name_multiplier_right_translations_have_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


NAME_MULTIPLIER_WRONG = [
    ("We train on 8×H100 GPUs.", "H100 GPU 4장으로 학습합니다."),
]


@pytest.mark.parametrize(("source", "target"), NAME_MULTIPLIER_WRONG)
def test_name_multiplier_mistakes_are_errors(source: str, target: str) -> None:
    assert Severity.ERROR in severities(source, target)


# Digits inside model names are copied as written.

MODEL_NAMES_RIGHT = [
    ("Training used 64 H100 GPUs.", "H100 GPU 64개로 학습했습니다."),
    ("We fine-tune Llama-3-8B.", "Llama-3-8B를 미세 조정합니다."),
    ("Gemma-2-9B is compared.", "Gemma-2-9B와 비교합니다."),
    ("GPT-4o and Claude 3.5 Sonnet are compared.", "GPT-4o와 Claude 3.5 Sonnet을 비교합니다."),
    ("GPT-4o and Claude 3.5 Sonnet are compared.", "GPT-4o와 클로드 3.5 소네트를 비교합니다."),
    ("Qwen2.5-72B-Instruct is the strongest.", "Qwen2.5-72B-Instruct가 가장 강력합니다."),
    ("Training ran on 2×8 H100 nodes.", "학습은 H100 8장짜리 노드 2개에서 진행되었습니다."),
    (
        "Mixtral 8x7B activates 2 experts per token.",
        "Mixtral 8x7B는 토큰당 2개의 전문가를 활성화합니다.",
    ),
    ("In 2023, GPT-4 scored 86.4%.", "2023년에 GPT-4는 86.4%를 기록했습니다."),
    ("Llama 3 70B and 8B are open.", "Llama 3 70B와 8B는 공개되어 있습니다."),
    ("GPT-3.5 and GPT-4 are compared.", "GPT-3.5와 GPT-4를 비교합니다."),
    ("We compare Phi-3-mini with Gemma-2B.", "Phi-3-mini와 Gemma-2B를 비교합니다."),
    ("We compare Phi-3-mini with Gemma-2B.", "Phi-3 미니와 Gemma-2B를 비교합니다."),
]


@pytest.mark.parametrize(("source", "target"), MODEL_NAMES_RIGHT)
def test_model_names_right_translations_have_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


MODEL_NAMES_WRONG = [
    ("We fine-tune Llama-3-8B.", "Llama-3-70B를 미세 조정합니다."),
    ("We fine-tune Llama-3-8B on math.", "수학 데이터로 Llama-3을 미세 조정합니다."),
    ("Qwen2.5-7B beats GPT-4o.", "Qwen2.5-14B가 GPT-4o를 능가합니다."),
    ("Mixtral 8x7B is a baseline.", "Mixtral 8x22B가 기준선입니다."),
    ("Qwen2.5-72B-Instruct is the strongest.", "Qwen2.5-7B-Instruct가 가장 강력합니다."),
    ("Claude 3.5 Sonnet is compared.", "Claude 3 Sonnet과 비교합니다."),
    ("We compare Phi-3-mini with Gemma-2B.", "Phi-3-mini와 Gemma-7B를 비교합니다."),
    ("GPT-4 is the judge.", "GPT-4o가 심판입니다."),
]


@pytest.mark.parametrize(("source", "target"), MODEL_NAMES_WRONG)
def test_model_names_mistakes_are_errors(source: str, target: str) -> None:
    assert Severity.ERROR in severities(source, target)


# Equivalent rephrasings (70% of the size is 30% smaller) are right; reversed ones are not.

REPHRASINGS_RIGHT = [
    ("The student is 70% of the size of the teacher.", "학생 모델은 교사 모델보다 30% 작습니다."),
    ("It is 2x faster than the baseline.", "기준선보다 두 배 빠릅니다."),
    ("It is twice as fast.", "두 배 빠릅니다."),
    ("It uses 3x fewer parameters.", "파라미터를 3분의 1만 사용합니다."),
    ("Accuracy doubles.", "정확도가 두 배가 됩니다."),
    ("Accuracy doubles.", "정확도가 2배로 늘어납니다."),
    ("It is an order of magnitude faster.", "10배 빠릅니다."),
    ("It is 40% faster.", "1.4배 빠릅니다."),
    ("It uses 90% fewer parameters.", "파라미터를 10분의 1만 사용합니다."),
    ("Inference is 3x cheaper.", "추론 비용이 3분의 1입니다."),
    ("The method cuts memory by 75%.", "메모리를 4분의 1로 줄입니다."),
    ("The model is 10 times smaller.", "모델은 10분의 1 크기입니다."),
    (
        "The memory footprint shrinks to 25% of the original.",
        "메모리 사용량이 원래의 25%로 줄어듭니다.",
    ),
    (
        "The memory footprint shrinks to 25% of the original.",
        "메모리 사용량이 원래의 4분의 1로 줄어듭니다.",
    ),
    ("Memory shrinks by 75%.", "메모리가 4분의 1로 줄어듭니다."),
    ("Speed improves 3x.", "속도가 3배 향상됩니다."),
    ("Speed improves 3x.", "속도가 200% 향상됩니다."),
    ("The model is 4x smaller.", "모델 크기가 4분의 1입니다."),
    ("The model is 4x smaller.", "모델 크기가 75% 작습니다."),
    ("Batch size doubles to 512.", "배치 크기가 512로 두 배가 됩니다."),
    ("Accuracy rose from 40% to 80%, doubling.", "정확도가 40%에서 80%로 두 배가 되었습니다."),
    (
        "It was trained for 3 epochs with a batch size of 64.",
        "배치 크기 64로 3 에포크 동안 학습되었습니다.",
    ),
]


@pytest.mark.parametrize(("source", "target"), REPHRASINGS_RIGHT)
def test_rephrasings_right_translations_have_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


REPHRASINGS_WRONG = [
    ("It is 2x faster than the baseline.", "기준선보다 세 배 빠릅니다."),
    ("The student is 70% of the size of the teacher.", "학생 모델은 교사 모델보다 70% 작습니다."),
    (
        "It was trained for 3 epochs with a batch size of 64.",
        "배치 크기 3으로 64 에포크 동안 학습되었습니다.",
    ),
]


@pytest.mark.parametrize(("source", "target"), REPHRASINGS_WRONG)
def test_rephrasings_mistakes_are_errors(source: str, target: str) -> None:
    assert Severity.ERROR in severities(source, target)


# What is counted and which way a factor goes: "2T tokens" is not "2조 단어",
# and "3x fewer" is not "3배 많은".
COUNTED_AND_DIRECTION_RIGHT = [
    ("It is trained on 2T tokens.", "2조 개의 토큰으로 학습되었습니다."),
    ("It has 7B parameters.", "70억 개의 파라미터를 가집니다."),
    ("Training uses 4,096 tokens.", "학습에는 4,096개의 토큰을 사용합니다."),
    ("It uses 3x fewer parameters.", "파라미터를 3배 적게 사용합니다."),
    ("It is 2x faster.", "처리 시간이 2배 단축됩니다."),
    ("It is 40% faster.", "처리 시간이 40% 단축됩니다."),
    ("The first stage trains the encoder.", "1단계에서는 인코더를 학습합니다."),
    ("It tops the leaderboard.", "리더보드 1위를 차지합니다."),
    ("Each prompt gets two or three answers.", "프롬프트마다 답변이 두세 개 달립니다."),
    ("Weights are stored in FP16.", "가중치는 16비트 부동소수점으로 저장됩니다."),
    ("Training takes 1.5 hours.", "학습에 1시간 반이 걸립니다."),
    ("Training takes one and a half hours.", "학습에 90분이 걸립니다."),
    ("It takes a minute.", "60초가 걸립니다."),
    ("It ranks first on MT-Bench.", "MT-Bench에서 가장 높은 순위를 차지합니다."),
    ("It is the runner-up.", "2위입니다."),
    ("It runs on a single GPU.", "GPU 1개에서 실행됩니다."),
    ("It halves memory.", "메모리를 반으로 줄입니다."),
    ("It doubles the context.", "컨텍스트를 배로 늘립니다."),
    ("In the first half of 2024, it was released.", "2024년 상반기에 공개되었습니다."),
    (
        "We train with a learning rate of 2e-5 and a batch size of 32.",
        "학습률 2e-5, 배치 크기 32로 학습합니다.",
    ),
]
COUNTED_AND_DIRECTION_WRONG = [
    ("It is trained on 2T tokens.", "2조 개의 단어로 학습되었습니다."),
    ("It has 7B parameters.", "70억 개의 토큰을 가집니다."),
    ("It uses 3x fewer parameters.", "파라미터를 3배 많이 사용합니다."),
    ("It is 2x faster.", "2배 느립니다."),
    ("It adds 3 percentage points of accuracy.", "정확도를 3% 높입니다."),
    ("It reduces latency by 30%.", "지연 시간을 30%로 줄입니다."),
    ("We fine-tune Llama-3-8B on math.", "수학 데이터로 라마 3을 미세 조정합니다."),
    ("It ranks second.", "1위를 차지합니다."),
    ("Training takes 2 hours.", "학습에 1시간 반이 걸립니다."),
    ("It runs on a single GPU.", "GPU 2개에서 실행됩니다."),
    ("It halves memory.", "메모리를 줄입니다."),
    ("Half of the samples are noisy.", "샘플 대부분에 잡음이 있습니다."),
    ("It doubles the context.", "컨텍스트를 늘립니다."),
    ("We fine-tune Llama-3-8B.", "Llama 모델을 미세 조정합니다."),
    (
        "We train with a learning rate of 2e-5 and a batch size of 32.",
        "학습률 32, 배치 크기 2e-5로 학습합니다.",
    ),
    (
        "The base model gets 45.1 and the instruct model 52.3.",
        "기본 모델은 52.3점, 인스트럭트 모델은 45.1점을 얻습니다.",
    ),
    (
        "Prefill takes 120 ms and decoding 35 ms per token.",
        "프리필에는 35ms, 디코딩에는 토큰당 120ms가 걸립니다.",
    ),
]


@pytest.mark.parametrize(("source", "target"), COUNTED_AND_DIRECTION_RIGHT)
def test_counted_and_direction_right_translations_have_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


@pytest.mark.parametrize(("source", "target"), COUNTED_AND_DIRECTION_WRONG)
def test_counted_and_direction_mistakes_are_errors(source: str, target: str) -> None:
    assert Severity.ERROR in severities(source, target)

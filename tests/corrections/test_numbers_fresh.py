"""The ``numbers`` check on a fresh set of summary sentences and their translations.

The pairs were written for these tests the way translators of ML paper summaries render
figures: approximations ("약", "대략"), bounds ("이상", "미만", "최대"), Korean magnitudes
("2조 4천억", "천만"), native numerals ("열 배", "세 번째"), fractions, ranks, versions,
dates, ranges, scientific notation, currencies and converted units. Each right pair must
raise nothing; each wrong one, with one figure changed, dropped, swapped or re-bounded,
must raise an error.
"""

from __future__ import annotations

import pytest

from corrections.checks import CheckContext, Finding, Severity
from corrections.checks.numbers import ADDED, BOUND_REVERSED, check_numbers


def numbers(source: str, target: str) -> list[Finding]:
    return check_numbers(source, target, CheckContext())


RIGHT = [
    (
        "The method is roughly 2.5x faster than the baseline.",
        "이 방법은 기준선보다 약 2.5배 빠릅니다.",
    ),
    ("It reaches over 90% accuracy on MMLU.", "MMLU에서 90% 이상의 정확도를 달성합니다."),
    (
        "The model supports contexts of up to 1M tokens.",
        "이 모델은 최대 100만 토큰의 컨텍스트를 지원합니다.",
    ),
    ("We release a 7-billion-parameter model.", "70억 파라미터 모델을 공개합니다."),
    ("Throughput improves tenfold.", "처리량이 열 배 향상됩니다."),
    ("Throughput improves tenfold.", "처리량이 10배 향상됩니다."),
    ("Error rates drop to single-digit percentages.", "오류율이 한 자릿수 퍼센트로 떨어집니다."),
    ("Fewer than half of the samples are labeled.", "샘플의 절반 미만에 레이블이 있습니다."),
    ("One-third of the heads can be pruned.", "헤드의 3분의 1을 가지치기할 수 있습니다."),
    ("Top-5 accuracy rises to 94.1%.", "Top-5 정확도가 94.1%로 상승합니다."),
    ("The team took 3rd place in the challenge.", "이 팀은 챌린지에서 3위를 차지했습니다."),
    ("The benchmark was released in 2023.", "이 벤치마크는 2023년에 공개되었습니다."),
    ("We use PyTorch 2.1 and CUDA 12.1.", "PyTorch 2.1과 CUDA 12.1을 사용합니다."),
    ("The paper appeared on March 14, 2024.", "이 논문은 2024년 3월 14일에 공개되었습니다."),
    ("Gains range from 10–20%.", "향상 폭은 10~20%입니다."),
    ("Each prompt uses between 3 and 5 examples.", "각 프롬프트는 3~5개의 예시를 사용합니다."),
    ("The score is 71.2 ±0.3.", "점수는 71.2 ±0.3입니다."),
    ("The improvement is significant (p < 0.05).", "향상은 유의미합니다(p < 0.05)."),
    ("Training cost about $2M.", "학습 비용은 약 200만 달러였습니다."),
    ("The corpus contains 2.4 trillion tokens.", "코퍼스는 2조 4천억 개의 토큰을 포함합니다."),
    ("The corpus contains 2.4 trillion tokens.", "코퍼스는 2.4조 토큰으로 구성됩니다."),
    ("They collected 10 million images.", "천만 장의 이미지를 수집했습니다."),
    ("This is the third version of the dataset.", "이것은 데이터셋의 세 번째 버전입니다."),
    ("It uses less than half the memory.", "메모리를 절반 이하로 사용합니다."),
    ("The model has more than 100 layers.", "모델은 100개 초과의 레이어를 가집니다."),
    ("Latency stays below 50 ms.", "지연 시간은 50ms 미만으로 유지됩니다."),
    (
        "The 70B model outperforms GPT-4 on 5 of 8 tasks.",
        "70B 모델은 8개 작업 중 5개에서 GPT-4를 능가합니다.",
    ),
    ("Training took 2 weeks on 512 GPUs.", "학습은 512개의 GPU에서 2주가 걸렸습니다."),
    ("Training took 2 weeks on 512 GPUs.", "학습은 GPU 512개로 14일이 걸렸습니다."),
    ("The file is 4 GB.", "파일 크기는 4,096MB입니다."),
    ("A learning rate of 3e-4 works best.", "학습률 3×10^-4가 가장 좋습니다."),
    ("A learning rate of 3e-4 works best.", "학습률 0.0003이 가장 좋습니다."),
    ("The model was trained on 15T tokens.", "모델은 15조 개의 토큰으로 학습되었습니다."),
    ("Accuracy improved by 4.2 percentage points.", "정확도가 4.2%p 향상되었습니다."),
    ("Nearly 40% of responses were hallucinated.", "응답의 40% 가까이가 환각이었습니다."),
    ("It is twice as fast.", "두 배 빠릅니다."),
    ("Three annotators labeled each example.", "각 예시는 세 명의 주석자가 레이블링했습니다."),
    ("Only a quarter of the budget is used.", "예산의 4분의 1만 사용됩니다."),
    ("Memory use falls by 75%.", "메모리 사용량이 75% 줄어듭니다."),
    ("The dataset has 1.2M examples.", "데이터셋에는 120만 개의 예시가 있습니다."),
    ("At least 8 GPUs are required.", "최소 8개의 GPU가 필요합니다."),
    ("The model ranks first on the leaderboard.", "이 모델은 리더보드에서 1위를 차지합니다."),
    ("Llama 3.1 405B was released in July 2024.", "Llama 3.1 405B는 2024년 7월에 공개되었습니다."),
    ("Inference is 30% cheaper.", "추론 비용이 30% 저렴합니다."),
    (
        "Mixtral 8x7B uses 2 of its 8 experts per token.",
        "Mixtral 8x7B는 토큰당 8개 전문가 중 2개를 사용합니다.",
    ),
    ("The 8x22B variant is about 3x larger.", "8x22B 변형은 약 3배 더 큽니다."),
    ("Around 5,000 prompts were collected.", "약 5천 개의 프롬프트를 수집했습니다."),
    ("Approximately 1.3 million users took part.", "대략 130만 명의 사용자가 참여했습니다."),
    ("Some 300 hours of speech were transcribed.", "약 300시간 분량의 음성이 전사되었습니다."),
    ("Inference takes 1.5 seconds per image.", "이미지당 추론에 1,500ms가 걸립니다."),
    ("Training lasted 90 minutes.", "학습은 1시간 30분 동안 진행되었습니다."),
    ("The checkpoint is 140 GB.", "체크포인트는 140GB입니다."),
    ("The model needs 0.5 TB of memory.", "모델에는 500GB의 메모리가 필요합니다."),
    ("Dropout of 1e-1 is applied.", "드롭아웃 0.1이 적용됩니다."),
    ("The loss falls to 2.3 × 10^-2.", "손실이 0.023으로 떨어집니다."),
    ("Weight decay is set to 1e-5.", "가중치 감쇠는 10^-5로 설정됩니다."),
    ("Nineteen languages are covered.", "19개 언어를 다룹니다."),
    ("It has twelve attention heads.", "열두 개의 어텐션 헤드가 있습니다."),
    ("The second stage uses 4 GPUs.", "두 번째 단계에서는 GPU 4개를 사용합니다."),
    ("It finished fourth among 20 teams.", "20개 팀 중 4위를 기록했습니다."),
    ("The model halves the latency.", "이 모델은 지연 시간을 절반으로 줄입니다."),
    ("Costs dropped by two-thirds.", "비용이 3분의 2 감소했습니다."),
    ("Costs dropped by two-thirds.", "비용이 약 67% 감소했습니다."),
    ("The encoder has 6 layers and the decoder 12.", "인코더는 6개 층, 디코더는 12개 층입니다."),
    (
        "GPT-4o scores 88.7 while Claude 3.5 scores 88.3.",
        "GPT-4o는 88.7점, Claude 3.5는 88.3점을 기록합니다.",
    ),
    ("Accuracy rose from 45.2% to 61.8%.", "정확도가 45.2%에서 61.8%로 상승했습니다."),
    ("The model is 40% smaller.", "모델 크기가 40% 작습니다."),
    ("It has 60% of the parameters.", "파라미터가 40% 적습니다."),
    ("We train for 100k steps.", "10만 스텝 동안 학습합니다."),
    ("The vocabulary has 32,000 entries.", "어휘에는 3만 2천 개의 항목이 있습니다."),
    ("The vocabulary has 32,000 entries.", "어휘 크기는 32K입니다."),
    ("A batch size of 2,048 is used.", "배치 크기 2048을 사용합니다."),
    ("Qwen2.5-72B beats Llama-3-70B.", "Qwen2.5-72B는 Llama-3-70B를 능가합니다."),
    ("The budget was €1.5 million.", "예산은 150만 유로였습니다."),
    ("The budget was $3 billion.", "예산은 30억 달러였습니다."),
    ("It was trained over six months.", "6개월에 걸쳐 학습되었습니다."),
    ("Half a million images were labeled.", "50만 장의 이미지에 레이블을 붙였습니다."),
    ("The gap narrows to under 1 point.", "격차가 1포인트 미만으로 줄어듭니다."),
]

WRONG = [
    (
        "The method is roughly 2.5x faster than the baseline.",
        "이 방법은 기준선보다 약 25배 빠릅니다.",
    ),
    ("It reaches over 90% accuracy on MMLU.", "MMLU에서 80% 이상의 정확도를 달성합니다."),
    (
        "The model supports contexts of up to 1M tokens.",
        "이 모델은 최대 10만 토큰의 컨텍스트를 지원합니다.",
    ),
    ("We release a 7-billion-parameter model.", "7억 파라미터 모델을 공개합니다."),
    ("Throughput improves tenfold.", "처리량이 백 배 향상됩니다."),
    ("Fewer than half of the samples are labeled.", "샘플의 3분의 1 미만에 레이블이 있습니다."),
    ("One-third of the heads can be pruned.", "헤드의 3분의 2를 가지치기할 수 있습니다."),
    ("Top-5 accuracy rises to 94.1%.", "Top-1 정확도가 94.1%로 상승합니다."),
    ("The team took 3rd place in the challenge.", "이 팀은 챌린지에서 2위를 차지했습니다."),
    ("The benchmark was released in 2023.", "이 벤치마크는 2022년에 공개되었습니다."),
    ("We use PyTorch 2.1 and CUDA 12.1.", "PyTorch 2.0과 CUDA 12.1을 사용합니다."),
    ("The paper appeared on March 14, 2024.", "이 논문은 2024년 4월 14일에 공개되었습니다."),
    ("Gains range from 10–20%.", "향상 폭은 10~30%입니다."),
    ("Each prompt uses between 3 and 5 examples.", "각 프롬프트는 3~6개의 예시를 사용합니다."),
    ("The score is 71.2 ±0.3.", "점수는 71.2 ±3입니다."),
    ("The improvement is significant (p < 0.05).", "향상은 유의미합니다(p < 0.5)."),
    ("Training cost about $2M.", "학습 비용은 약 20만 달러였습니다."),
    ("Training cost about $2M.", "학습 비용은 약 200만 원이었습니다."),
    ("The corpus contains 2.4 trillion tokens.", "코퍼스는 2,400억 개의 토큰을 포함합니다."),
    ("They collected 10 million images.", "백만 장의 이미지를 수집했습니다."),
    ("This is the third version of the dataset.", "이것은 데이터셋의 두 번째 버전입니다."),
    ("Latency stays below 50 ms.", "지연 시간은 50초 미만으로 유지됩니다."),
    (
        "The 70B model outperforms GPT-4 on 5 of 8 tasks.",
        "70B 모델은 8개 작업 중 6개에서 GPT-4를 능가합니다.",
    ),
    ("The 70B model outperforms GPT-4 on 5 of 8 tasks.", "70B 모델은 작업에서 GPT-4를 능가합니다."),
    ("Training took 2 weeks on 512 GPUs.", "학습은 512개의 GPU에서 2개월이 걸렸습니다."),
    ("Training took 2 weeks on 512 GPUs.", "학습은 GPU에서 2주가 걸렸습니다."),
    ("The file is 4 GB.", "파일 크기는 4MB입니다."),
    ("A learning rate of 3e-4 works best.", "학습률 3×10^-3이 가장 좋습니다."),
    ("The model was trained on 15T tokens.", "모델은 15억 개의 토큰으로 학습되었습니다."),
    ("Accuracy improved by 4.2 percentage points.", "정확도가 4.2% 향상되었습니다."),
    ("It is twice as fast.", "세 배 빠릅니다."),
    ("Three annotators labeled each example.", "각 예시는 두 명의 주석자가 레이블링했습니다."),
    ("Only a quarter of the budget is used.", "예산의 절반만 사용됩니다."),
    ("Memory use falls by 75%.", "메모리 사용량이 25% 줄어듭니다."),
    ("The dataset has 1.2M examples.", "데이터셋에는 12만 개의 예시가 있습니다."),
    ("At least 8 GPUs are required.", "최소 4개의 GPU가 필요합니다."),
    ("The model ranks first on the leaderboard.", "이 모델은 리더보드에서 2위를 차지합니다."),
    ("Llama 3.1 405B was released in July 2024.", "Llama 3 405B는 2024년 7월에 공개되었습니다."),
    (
        "The encoder has 12 layers and the decoder 24 layers.",
        "인코더는 24개 레이어, 디코더는 12개 레이어를 가집니다.",
    ),
    ("Recall rises from 61.3 to 70.8.", "재현율이 70.8에서 61.3으로 상승합니다."),
    ("The model costs $0.5 per million tokens.", "이 모델은 100만 토큰당 5달러입니다."),
    ("The window is 8,192 tokens.", "윈도우는 819개 토큰입니다."),
    ("Training ran for 3 days.", "학습은 3시간 동안 진행되었습니다."),
    ("Scores improve by 5% relative.", "점수가 5배 향상됩니다."),
    (
        "Mixtral 8x7B uses 2 of its 8 experts per token.",
        "Mixtral 8x22B는 토큰당 8개 전문가 중 2개를 사용합니다.",
    ),
    (
        "Mixtral 8x7B uses 2 of its 8 experts per token.",
        "Mixtral 8x7B는 토큰당 8개 전문가 중 3개를 사용합니다.",
    ),
    ("Around 5,000 prompts were collected.", "약 5만 개의 프롬프트를 수집했습니다."),
    ("Approximately 1.3 million users took part.", "대략 13만 명의 사용자가 참여했습니다."),
    ("Some 300 hours of speech were transcribed.", "약 300분 분량의 음성이 전사되었습니다."),
    ("Inference takes 1.5 seconds per image.", "이미지당 추론에 1.5ms가 걸립니다."),
    ("The checkpoint is 140 GB.", "체크포인트는 140MB입니다."),
    ("The checkpoint is 140 GB.", "체크포인트는 140TB입니다."),
    ("Dropout of 1e-1 is applied.", "드롭아웃 0.01이 적용됩니다."),
    ("The loss falls to 2.3 × 10^-2.", "손실이 0.23으로 떨어집니다."),
    ("Weight decay is set to 1e-5.", "가중치 감쇠는 10^-6으로 설정됩니다."),
    ("Nineteen languages are covered.", "90개 언어를 다룹니다."),
    ("It has twelve attention heads.", "스무 개의 어텐션 헤드가 있습니다."),
    ("The second stage uses 4 GPUs.", "세 번째 단계에서는 GPU 4개를 사용합니다."),
    ("It finished fourth among 20 teams.", "20개 팀 중 5위를 기록했습니다."),
    ("The model halves the latency.", "이 모델은 지연 시간을 두 배로 늘립니다."),
    ("Costs dropped by two-thirds.", "비용이 3분의 1 감소했습니다."),
    ("The encoder has 6 layers and the decoder 12.", "인코더는 12개 층, 디코더는 6개 층입니다."),
    (
        "GPT-4o scores 88.7 while Claude 3.5 scores 88.3.",
        "GPT-4o는 88.3점, Claude 3.5는 88.7점을 기록합니다.",
    ),
    ("Accuracy rose from 45.2% to 61.8%.", "정확도가 61.8%에서 45.2%로 상승했습니다."),
    ("The model is 40% smaller.", "모델 크기가 60% 작습니다."),
    ("It has 60% of the parameters.", "파라미터가 60% 적습니다."),
    ("We train for 100k steps.", "1만 스텝 동안 학습합니다."),
    ("The vocabulary has 32,000 entries.", "어휘에는 3천 2백 개의 항목이 있습니다."),
    ("Qwen2.5-72B beats Llama-3-70B.", "Qwen2-72B는 Llama-3-70B를 능가합니다."),
    ("The budget was €1.5 million.", "예산은 150만 달러였습니다."),
    ("The budget was $3 billion.", "예산은 3억 달러였습니다."),
    ("It was trained over six months.", "6주에 걸쳐 학습되었습니다."),
    ("It was trained over six months.", "6년에 걸쳐 학습되었습니다."),
    ("Half a million images were labeled.", "500만 장의 이미지에 레이블을 붙였습니다."),
    ("Around 5,000 prompts were collected.", "프롬프트를 수집했습니다."),
    (
        "The team labeled roughly 40,000 images in 3 weeks.",
        "팀은 3주 동안 이미지에 레이블을 붙였습니다.",
    ),
    ("It achieves a 3.2-point gain on GSM8K.", "GSM8K에서 2.3포인트 향상을 달성합니다."),
    ("Over 70% of users preferred it.", "사용자의 70% 미만이 이를 선호했습니다."),
    ("Fewer than 10 errors were found.", "10개 이상의 오류가 발견되었습니다."),
    ("The window grows from 4K to 128K tokens.", "윈도우가 4K에서 12.8K 토큰으로 늘어납니다."),
]


@pytest.mark.parametrize(("source", "target"), RIGHT)
def test_a_faithful_translation_has_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


@pytest.mark.parametrize(("source", "target"), WRONG)
def test_a_wrong_figure_is_an_error(source: str, target: str) -> None:
    assert Severity.ERROR in {finding.severity for finding in numbers(source, target)}


def test_a_lower_bound_turned_into_an_upper_bound_names_both_words() -> None:
    (finding,) = numbers(
        "Over 70% of users preferred it.", "사용자의 70% 미만이 이를 선호했습니다."
    )
    assert finding.message == BOUND_REVERSED
    assert finding.text == "source 70% (70%) is 70% (70%) in the target; the bound is reversed"
    assert finding.why_text == (
        "The source says Over 70% and the target 70% 미만: "
        "one is a lower bound, the other an upper bound."
    )


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("At least 8 GPUs are required.", "GPU가 8개 이상 필요합니다."),
        ("Fewer than 10 errors were found.", "오류는 10개 미만으로 발견되었습니다."),
        ("The model supports up to 128K tokens.", "최대 128K 토큰을 지원합니다."),
        ("It needs 16 GB or more.", "16GB 이상이 필요합니다."),
    ],
)
def test_a_bound_kept_on_its_side_is_accepted(source: str, target: str) -> None:
    assert numbers(source, target) == []


def test_a_currency_followed_by_a_copula_keeps_its_unit() -> None:
    (finding,) = numbers("The budget was €1.5 million.", "예산은 150만 달러였습니다.")
    assert finding.severity is Severity.ERROR
    assert "unit changed" in finding.text


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (
            "Five hundred questions were written by experts.",
            "전문가들이 오백 개의 질문을 작성했습니다.",
        ),
        ("About 2,500 images were kept.", "약 이천오백 장의 이미지가 남았습니다."),
        ("It reduces hallucinations by a factor of three.", "환각을 3분의 1로 줄입니다."),
        ("Costs were cut by a factor of 4.", "비용이 4분의 1로 줄었습니다."),
    ],
)
def test_spelled_out_numerals_and_dividing_factors_are_read(source: str, target: str) -> None:
    assert numbers(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (
            "Five hundred questions were written by experts.",
            "전문가들이 오십 개의 질문을 작성했습니다.",
        ),
        ("About 2,500 images were kept.", "약 이천 장의 이미지가 남았습니다."),
        ("Costs were cut by a factor of 4.", "비용이 3분의 1로 줄었습니다."),
    ],
)
def test_a_spelled_out_numeral_or_factor_of_another_value_is_an_error(
    source: str, target: str
) -> None:
    assert Severity.ERROR in {finding.severity for finding in numbers(source, target)}


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("The backend serves 300 users.", "백엔드는 300명의 사용자를 지원합니다."),
        ("Sichuan cuisine is one domain.", "사천 요리가 한 도메인입니다."),
        ("Five hundred developers took part.", "개발자 500명이 참여했습니다."),
    ],
)
def test_numeral_syllables_inside_words_are_not_read(source: str, target: str) -> None:
    assert numbers(source, target) == []


def test_a_figure_added_beside_the_source_figures_is_an_error() -> None:
    findings = numbers(
        "The 7B model was trained on 2T tokens.",
        "7B 모델은 2조 개의 토큰으로 3주간 학습되었습니다.",
    )
    assert [(finding.message, finding.severity) for finding in findings] == [
        (ADDED, Severity.ERROR)
    ]


def test_a_figure_added_to_a_sentence_without_figures_stays_a_warning() -> None:
    (finding,) = numbers("We release the weights.", "가중치 3종을 공개합니다.")
    assert finding.severity is Severity.WARNING

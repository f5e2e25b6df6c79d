"""Readings of the ``numbers`` check added for the fourth round of fresh sentences.

Each reading has sentences an editor accepts (no finding) and sentences with one
mistake (an error). The sentences were written for these tests; none is copied from
the labelled sets.
"""

from __future__ import annotations

import pytest

from corrections.checks import CheckContext, Finding, Severity
from corrections.checks.numbers import check_numbers


def numbers(source: str, target: str) -> list[Finding]:
    return check_numbers(source, target, CheckContext())


def errors(source: str, target: str) -> list[Finding]:
    return [f for f in numbers(source, target) if f.severity is Severity.ERROR]


RIGHT = [
    # Lengths convert like times and data sizes.
    ("The gripper opens to 0.08 m.", "그리퍼는 8cm까지 벌어진다."),
    ("Each pixel covers 1.5 mm of the slide.", "각 픽셀은 슬라이드의 1.5밀리미터를 덮는다."),
    ("The drone flies at 3 m/s.", "드론은 초속 300cm로 난다."),
    ("The drone flies at 3 m/s.", "드론은 3m/s로 난다."),
    # A share restated as the reduction that leaves it, whatever the Korean ending.
    (
        "The pruned network is 40% of the original's width but keeps most of its recall.",
        "가지치기한 네트워크는 원래보다 폭이 60% 작지만 재현율 대부분을 유지한다.",
    ),
    # A relative rise by a percentage is a factor.
    ("Throughput improves by 200% after batching.", "배칭 후 처리량이 세 배 향상된다."),
    ("Recall increases by 50% with reranking.", "재순위화로 재현율이 1.5배 늘어난다."),
    # "1회", "1번" render "each" and "a single", which carry no figure.
    ("Each rollout takes 12 s on one core.", "롤아웃 1회에 코어 하나로 12초가 걸린다."),
    # A rank among a whole is not a share of it.
    ("The system ranked 4th of 37 teams.", "이 시스템은 37개 중 4위를 기록했다."),
    # "layer 7" is the seventh layer.
    (
        "Heads in layers 3 to 9 attend to the previous token.",
        "3~9번째 층의 헤드는 직전 토큰에 주목한다.",
    ),
    ("We probe layer 20 of the encoder.", "인코더의 20번째 층을 탐침한다."),
    # "the top 5" may be kept as a range of places.
    ("It finishes in the top 5 on most tracks.", "대부분의 트랙에서 상위 5위 안에 든다."),
    ("It finishes in the top 5 on most tracks.", "대부분의 트랙에서 5위 이내에 든다."),
    # A kept bound on a count, and a lower bound that Korean writes "이상".
    ("Prompts with fewer than 20 tokens are dropped.", "토큰이 20개 미만인 프롬프트는 버린다."),
    ("Prompts with at most 20 tokens are dropped.", "토큰이 20개 이하인 프롬프트는 버린다."),
    ("We crawled more than 300 forums.", "300개 이상의 포럼을 크롤링했다."),
    ("Inputs that exceed 4,096 tokens are truncated.", "4,096개 토큰을 넘는 입력은 잘린다."),
    # Time told by its own words.
    ("The cache makes decoding 15 ms faster.", "캐시 덕분에 디코딩이 15ms 빨라진다."),
    ("The cache makes decoding 15 ms faster.", "캐시 덕분에 디코딩 시간이 15ms 짧아진다."),
    # A price cut kept as a cut.
    ("Fees were cut by 20%, from $5 to $4.", "수수료는 5달러에서 4달러로 20% 인하되었다."),
    # A comparison whose standard is the object of the verb.
    ("Our 3B model beats Phi-3 by 4 points.", "본 3B 모델은 Phi-3를 4포인트 앞선다."),
    # The comma of a figure does not split its clause.
    (
        "The run used 2,048 A100 GPUs for 21 days.",
        "이 실행에는 A100 GPU 2,048개가 21일 동안 사용되었다.",
    ),
    # Two ranks on two boards, each kept with its board.
    (
        "It ranks 3rd on the public leaderboard and 1st on the private one.",
        "공개 리더보드에서 3위, 비공개 리더보드에서 1위를 했다.",
    ),
    # The same settings, each kept with its own word.
    (
        "We tune for 5 epochs with a batch size of 128 and a dropout of 0.1.",
        "배치 크기 128, 드롭아웃 0.1로 5 에폭 동안 튜닝한다.",
    ),
    # A rate per a compound span of time.
    ("Renting costs $1.20 per GPU-hour.", "대여 비용은 GPU 시간당 1.20달러이다."),
    # A speed converts its length and its time together.
    ("The cart rolls at 5 m/s.", "카트는 시속 18km로 구른다."),
    # A hedge kept, or an exact figure kept exact.
    ("Around 300 volunteers labelled the clips.", "약 300명의 봉사자가 클립에 레이블을 달았다."),
    ("We drew exactly 64 seeds.", "정확히 64개의 시드를 뽑았다."),
    # A rate "a day" kept, and "in a day" or "about a day", which are spans.
    ("The crawler fetches 2 million pages a day.", "크롤러는 하루에 200만 페이지를 가져온다."),
    ("Fine-tuning 4 adapters takes about a day.", "어댑터 4개의 미세 조정에 약 하루가 걸린다."),
    ("The adapter is 20x smaller than the backbone.", "어댑터는 백본보다 20배 작다."),
    # A fall without "by", kept as a fall; a lead kept as a lead.
    ("Error rates fell 15% after the fix.", "수정 후 오류율이 15% 감소했다."),
    (
        "The 1B model lands 4.5 points above Pythia-1.4B.",
        "1B 모델은 Pythia-1.4B보다 4.5포인트 높다.",
    ),
    # A "보다" of an earlier clause does not frame a figure of a later one.
    (
        "It is 3 points above Mistral-7B and needs 25% less memory.",
        "Mistral-7B보다 3포인트 높고, 메모리는 25% 적게 필요하다.",
    ),
    # A part of a whole, however the English joins them.
    ("The verifier rejects 2 out of every 5 drafts.", "검증기는 초안 5개 중 2개를 거부한다."),
    ("The verifier rejects 2 out of every 5 drafts.", "검증기는 초안의 40%를 거부한다."),
    ("Each node hosts 4 of the 32 shards.", "각 노드는 샤드 32개 중 4개를 맡는다."),
    ("Pruning leaves one eighth of the weights.", "가지치기 후 가중치의 8분의 1이 남는다."),
    ("Pruning leaves one eighth of the weights.", "가지치기 후 가중치의 12.5%가 남는다."),
    # "of the 24-layer model" is no share.
    ("We read layer 6 of the 24-layer model.", "24층 모델의 6번째 층을 읽는다."),
    # The end of a rise kept as its end.
    ("Recall climbs to 74%, up from 69%.", "재현율이 69%에서 74%로 오른다."),
    # A score that is better is higher.
    ("The reranker is 2.1 points better on NQ.", "리랭커는 NQ에서 2.1포인트 높다."),
    ("The reranker is 2.1 points better on NQ.", "리랭커는 NQ에서 2.1포인트 더 좋다."),
]


@pytest.mark.parametrize(("source", "target"), RIGHT)
def test_an_accepted_rendering_has_no_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


WRONG = [
    # A length kept with another unit.
    ("The lens is 35 mm wide.", "렌즈 폭은 35cm이다."),
    ("The cable runs 2 km.", "케이블은 2m 이어진다."),
    # A share kept with its number as a reduction.
    (
        "The pruned network is 40% of the original's width but keeps most of its recall.",
        "가지치기한 네트워크는 원래보다 폭이 40% 작지만 재현율 대부분을 유지한다.",
    ),
    # A rate whose span of time changed.
    ("Renting costs $1.20 per GPU-hour.", "대여 비용은 GPU 1대당 하루 1.20달러이다."),
    # A price cut written as a rise, and a rise as a cut.
    ("Fees were cut by 20%, from $5 to $4.", "수수료는 5달러에서 4달러로 20% 인상되었다."),
    ("Tuition was raised by 8% this year.", "올해 수업료가 8% 인하되었다."),
    # A time saved written as a time lost.
    ("The cache makes decoding 15 ms faster.", "캐시 덕분에 디코딩 시간이 15ms 길어진다."),
    ("Checkpointing makes each step 30 ms slower.", "체크포인팅으로 각 스텝이 30ms 빨라진다."),
    # A comparison turned round, with its standard as the object.
    ("Our 3B model trails Phi-3 by just 4 points.", "본 3B 모델은 Phi-3를 4포인트 앞선다."),
    # A lower bound written as an upper one.
    ("Inputs that exceed 4,096 tokens are truncated.", "4,096개 미만의 토큰으로 된 입력은 잘린다."),
    # A cap on a count that now takes in, or leaves out, its edge.
    ("Prompts with fewer than 20 tokens are dropped.", "토큰이 20개 이하인 프롬프트는 버린다."),
    ("Prompts with at most 20 tokens are dropped.", "토큰이 20개 미만인 프롬프트는 버린다."),
    # "the top 5" narrowed to one place.
    ("It finishes in the top 5 on most tracks.", "대부분의 트랙에서 5위를 차지한다."),
    # Two sizes exchanged between the things they size.
    (
        "The encoder sees 90K images, the development split 6K, and the test split 15K.",
        "인코더는 9만 개, 개발 분할은 1만 5천 개, 테스트 분할은 6천 개의 이미지를 본다.",
    ),
    # Two ranks exchanged between two boards.
    (
        "It ranks 3rd on the public leaderboard and 1st on the private one.",
        "공개 리더보드에서 1위, 비공개 리더보드에서 3위를 했다.",
    ),
    # A speed whose length was not converted with its time.
    ("The cart rolls at 5 m/s.", "카트는 시속 5km로 구른다."),
    # A cap on a length in words whose edge moved.
    ("Titles shorter than 8 words are merged.", "8단어 이하의 제목은 병합한다."),
    # A hedge turned into a precise claim, and a precise figure into a hedge.
    ("Around 300 volunteers labelled the clips.", "정확히 300명의 봉사자가 레이블을 달았다."),
    ("We drew exactly 64 seeds.", "64개 정도의 시드를 뽑았다."),
    # A better score written as a lower one, and a lead written as a lag.
    ("The reranker is 2.1 points better on NQ.", "리랭커는 NQ에서 2.1포인트 낮다."),
    ("The reranker is ahead of BM25 by 6 points.", "리랭커는 BM25에 6포인트 뒤진다."),
    # Two ranks exchanged between a group and the whole.
    ("It ranks 2nd among small models and 9th overall.", "소형 모델 중 9위, 전체 2위이다."),
    # A rate "a day" given another span of time.
    ("The crawler fetches 2 million pages a day.", "크롤러는 시간당 200만 페이지를 가져온다."),
    # A factor that divides written as one that multiplies, in a plain ending.
    ("The adapter is 20x smaller than the backbone.", "어댑터는 백본보다 20배 크다."),
    # A fall without "by", written as a rise.
    ("Error rates fell 15% after the fix.", "수정 후 오류율이 15% 증가했다."),
    # A lead over a named model written as a lag behind it.
    (
        "The 1B model lands 4.5 points above Pythia-1.4B.",
        "1B 모델은 Pythia-1.4B보다 4.5포인트 낮다.",
    ),
    # A part of a whole changed.
    ("The verifier rejects 2 out of every 5 drafts.", "검증기는 초안의 25%를 거부한다."),
    ("Pruning leaves one eighth of the weights.", "가지치기 후 가중치의 6분의 1이 남는다."),
    # The end of a rise made its start.
    ("Recall climbs to 74%, up from 69%.", "재현율이 74%에서 69%로 오른다."),
    # A factor that divides written as one that multiplies what is needed.
    ("The sampler needs 3x fewer forward passes.", "이 샘플러는 순전파가 3배 더 필요하다."),
    # Two settings exchanged; the word after "and" belongs to the next setting.
    (
        "We tune for 5 epochs with a batch size of 128 and a dropout of 0.1.",
        "배치 크기 5, 드롭아웃 0.1로 128 에폭 동안 튜닝한다.",
    ),
    # A count of nodes exchanged with the count of devices in each.
    ("We train on 4 nodes of 8×A100.", "A100 4개로 이루어진 노드 8대에서 학습한다."),
]


@pytest.mark.parametrize(("source", "target"), WRONG)
def test_one_wrong_quantity_is_an_error(source: str, target: str) -> None:
    assert errors(source, target)


def test_a_length_kept_with_another_unit_says_what_it_would_be() -> None:
    (finding,) = numbers("The lens is 35 mm wide.", "렌즈 폭은 35cm이다.")
    assert finding.params["converted"] == "3.5cm"


def test_the_edge_of_a_bound_names_both_words() -> None:
    (finding,) = numbers(
        "Prompts with fewer than 20 tokens are dropped.", "토큰이 20개 이하인 프롬프트는 버린다."
    )
    assert finding.params["source_bound"] == "fewer than"
    assert finding.params["target_bound"] == "이하"
    assert "now included" in finding.message


def test_an_edge_on_a_measure_is_left_alone() -> None:
    assert numbers("Latency stays under 30 ms.", "지연 시간은 30ms 이하로 유지된다.") == []

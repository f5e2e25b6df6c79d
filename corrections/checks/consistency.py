"""The ``consistency`` check: a recurring source term reads the same way throughout a digest.

A digest that renders "agentic IR" as 에이전트 IR in one sentence and 에이전틱 IR in the
next makes the reader wonder whether two things are meant. Aligning terms in general
needs a dictionary; this check uses the one alignment that free translation rarely
breaks: a name or an acronym kept as written ("IR", "LLM", "CoT") with the word right next
to it. In "agentic IR" → "에이전트 IR" the word before "IR" in English is rendered by the
word before "IR" in Korean, and in "LLM agents" → "LLM 에이전트" the word after "LLM" by the
word after it.

A sentence counts only when the alignment is unambiguous: the kept token has one
neighbour word in the source and one in the target. Ordinary words beside a token ("new",
"these", "large") are not terms and are skipped; renderings that differ only in spacing,
particles or an adjective ending ("일관된", "일관적인") are the same rendering.

Where no token is kept, the way each word of a recurring term is written still shows: kept
in Latin letters ("Transformer", "reward model"), written as its sound in Hangul (트랜스포머,
리워드 모델, 오버피팅, matched by their consonants) or translated (보상 모델, 과적합). A
digest that writes one source term two of these ways renders it two ways; so does one that
writes 합성 데이터 and 인공 데이터 for "synthetic data", the word beside the transliterated
one rendering the word beside it in English.

The digest's renderings are read once per digest (:func:`term_profile`) into
:attr:`CheckContext.terms`; a segment is reported when a term it renders one way is
rendered another way elsewhere in the digest, naming the other rendering and its place.
Each rendering is acceptable on its own, so the finding is a ``warning``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from types import MappingProxyType

from corrections.checks.base import CheckContext, Finding, Place, Severity, TermUse, gettext_noop
from corrections.checks.glossary import source_pattern
from corrections.checks.protected import find_protected

CODE = "consistency"

# A kept token: an acronym or a name with at least two capitals ("IR", "LLM", "CoT",
# "GPT-4o"), which translators copy as written.
# A hyphen continues the token only before a part with a digit or a capital ("GPT-4o"),
# not before an English word glued to it ("CoT-guided").
_TOKEN = re.compile(
    r"(?<![A-Za-z0-9\-])[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*"
    r"(?:-[A-Za-z]*[0-9A-Z][A-Za-z0-9]*)*(?![A-Za-z0-9])"
)

# Words beside a kept token that are not terms: "new IR", "these LLMs", "large RAG".
_ORDINARY_WORDS = """
    a an the this that these those its their our my your his her some any each every all
    both either neither no not and or but nor of in on at to for from by with as into onto
    than via per about across over under between within without against among such same
    other another new novel modern existing current recent prior previous large small big
    little long short high low good better best great strong weak simple different various
    several many much more most less few multiple single first second third last next main
    general popular standard typical common specific proposed resulting following above
    below using based vs is are was were be been being has have had do does did can could
    may might will would shall should must also only just even very well
"""
_ORDINARY = frozenset(_ORDINARY_WORDS.split())
_PARTICLES = (
    "으로부터", "에서는", "으로는", "에게서", "이라는", "에서의", "으로서", "으로써", "라는",
    "에서", "에게", "으로", "까지", "부터", "보다", "처럼", "만큼", "이나", "과의", "와의",
    "의", "은", "는", "이", "가", "을", "를", "과", "와", "로", "에", "도", "만", "나",
)  # fmt: skip
_ADJECTIVE_ENDINGS = ("적인", "스러운", "로운", "하는", "적", "한", "인", "된", "형")

# Terms of the field that translators render in more than one accepted way, with the
# renderings grouped by kind: spellings of one rendering ("미세 조정", "미세조정") share a
# group, and two groups in one digest are an inconsistency. A term with one group is here
# because its rendering may also render another term ("에이전트" renders "agent", so a
# source that has both says nothing about how "agentic" was rendered).
_VARIANTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "fine-tuning": (("미세 조정",), ("파인튜닝",)),
    "pre-training": (("사전 학습",), ("사전 훈련",), ("사전 교육",), ("프리트레이닝",)),
    "post-training": (("사후 학습",), ("사후 훈련",), ("사후 교육",), ("포스트 트레이닝",)),
    "dataset": (("데이터 세트",), ("데이터셋",), ("데이터 집합",)),
    "transformer": (("트랜스포머",), ("변환기",)),
    "parameter": (("파라미터",), ("매개변수",)),
    "hyperparameter": (("하이퍼파라미터",), ("초매개변수",)),
    "workflow": (("워크플로",), ("워크플로우",)),
    "agentic": (("에이전틱",), ("에이전트",)),
    "agent": (("에이전트",),),
    "multi-agent": (("멀티 에이전트",), ("다중 에이전트",)),
    "long-context": (("긴 문맥",), ("긴 컨텍스트",), ("장문맥",), ("롱 컨텍스트",), ("긴 맥락",)),
    "chain-of-thought": (
        ("사고의 사슬",),
        ("생각의 사슬",),
        ("연쇄 사고", "연쇄적 사고"),
        ("생각 연쇄",),
        ("사고 연쇄",),
        ("사고 체인",),
    ),
    "in-context learning": (
        ("맥락 내 학습",),
        ("상황 내 학습",),
        ("문맥 내 학습",),
        ("인컨텍스트 학습",),
        ("인컨텍스트 러닝",),
    ),
    "few-shot": (("퓨샷",), ("소수 샷",), ("단발성",)),
    "zero-shot": (("제로샷",), ("영샷",)),
    "foundation model": (("기반 모델",), ("기초 모델",), ("파운데이션 모델",)),
    "large language model": (("대규모 언어 모델",), ("대형 언어 모델",), ("거대 언어 모델",)),
    "open-weight": (("오픈 웨이트",), ("공개 가중치",), ("개방형 가중치",)),
    "hallucination": (("환각",), ("할루시네이션",)),
    "distillation": (("증류",), ("디스틸레이션",)),
    "quantization": (("양자화",), ("정량화",)),
    "pruning": (("가지치기",), ("프루닝",)),
    "multimodal": (("멀티모달",), ("다중 모달",), ("다중 양식",)),
    "retriever": (("리트리버",), ("검색기",)),
    "reranker": (("리랭커",), ("재순위화 모델",)),
    "retrieval-augmented generation": (
        ("검색 증강 생성",),
        ("검색 기반 생성",),
        ("검색 보강 생성",),
    ),
    "instruction tuning": (
        ("명령어 조정",),
        ("명령어 튜닝",),
        ("인스트럭션 조정",),
        ("인스트럭션 튜닝",),
        ("지시 조정",),
        ("지시 튜닝",),
    ),
    "preference alignment": (("선호도 정렬", "선호 정렬"), ("선호도 조정", "선호 조정")),
    "speculative sampling": (("추측 샘플링", "추측적 샘플링"), ("투기적 샘플링",)),
    "speculative decoding": (("추측 디코딩", "추측적 디코딩"), ("투기적 디코딩",)),
    "diffusion model": (("확산 모델",), ("디퓨전 모델",)),
    "test-time compute": (("테스트 시간 계산",), ("테스트 시간 연산",), ("테스트 타임 컴퓨트",)),
    "test-time scaling": (
        ("테스트 시간 스케일링",),
        ("테스트 시간 확장",),
        ("테스트 타임 스케일링",),
    ),
    "ablation": (("제거 연구", "제거 실험"), ("절제 연구", "절제 실험"), ("어블레이션",)),
    "latency": (("지연 시간",), ("레이턴시",)),
    "context window": (("컨텍스트 창",), ("컨텍스트 윈도우",), ("컨텍스트 윈도",), ("문맥 창",)),
    "scaling law": (("스케일링 법칙",), ("확장 법칙",)),
    "vision-language model": (("비전 언어 모델",), ("시각 언어 모델",)),
    "robustness": (("견고성",), ("강건성",), ("로버스트니스",)),
    "interpretability": (("해석 가능성",), ("해석성",), ("설명 가능성",)),
    "throughput": (("처리량",), ("스루풋",), ("처리율",)),
    "mixture of experts": (("전문가 혼합",), ("혼합 전문가",), ("전문가 믹스처",)),
    "alignment": (("정렬",), ("얼라인먼트",), ("조정",)),
    "distribution shift": (("분포 변화",), ("분포 이동",), ("분포 변동",), ("분포 전환",)),
    "verifier": (("검증기",), ("검증자",), ("베리파이어",)),
    "sycophancy": (("아첨",), ("아부",), ("영합",)),
    "red teaming": (("레드 팀링", "레드팀 테스트"), ("레드 티밍",), ("적대적 테스트",)),
    "checkpoint": (("체크포인트",), ("검사점",)),
    "baseline": (("기준선",), ("베이스라인",), ("기준 모델",)),
    "metric": (("지표", "평가 지표", "측정 지표"), ("메트릭",), ("척도",)),
    "question answering": (("질의응답",), ("질문 답변", "질문 응답")),
    "synthetic data": (("합성 데이터",), ("인공 데이터",), ("가상 데이터",)),
    "data augmentation": (("데이터 증강",), ("데이터 보강",), ("데이터 확장",)),
    "grounding": (("그라운딩",), ("근거화",), ("접지",)),
    "unlearning": (("언러닝",), ("망각",), ("학습 해제",)),
    "hidden state": (("은닉 상태",), ("숨겨진 상태",), ("히든 스테이트",)),
    "loss function": (("손실 함수",), ("로스 함수",)),
    "learning rate": (("학습률",), ("러닝 레이트",), ("학습 속도",)),
    "gradient descent": (("경사 하강", "경사하강"), ("기울기 하강",), ("그래디언트 디센트",)),
    "underfitting": (("과소적합",), ("언더피팅",)),
    "sparsity": (("희소성",), ("희박성",), ("스파시티",)),
    "self-play": (("셀프 플레이",), ("자기 대국",), ("자가 대전",)),
    "self-consistency": (("자기 일관성",), ("자체 일관성",), ("셀프 일관성",)),
    "video generation": (("비디오 생성",), ("동영상 생성",), ("영상 생성",)),
    "prompt injection": (("프롬프트 주입",), ("프롬프트 인젝션",)),
    "human feedback": (("인간 피드백",), ("사람의 피드백", "사람 피드백"), ("휴먼 피드백",)),
    "active learning": (("능동 학습",), ("액티브 러닝",)),
    "embedding": (("임베딩",), ("내장 표현",), ("매립",)),
    "state space model": (("상태 공간 모델",), ("스테이트 스페이스 모델",)),
    "policy optimization": (("정책 최적화",), ("폴리시 최적화",)),
    "tokenizer": (("토크나이저",), ("토큰화기",)),
    "reward model": (("보상 모델",), ("리워드 모델",)),
    "reward hacking": (("보상 해킹",), ("리워드 해킹",)),
    "jailbreak": (("탈옥",), ("제일브레이크",)),
    "guardrail": (("가드레일",), ("안전장치",)),
    "curriculum learning": (("커리큘럼 학습",), ("교육과정 학습",), ("교과 과정 학습",)),
    "self-attention": (("셀프 어텐션",), ("자기 어텐션",), ("자기 주의",)),
    "sparse autoencoder": (("희소 오토인코더",), ("스파스 오토인코더",)),
    "world model": (("월드 모델",), ("세계 모델",)),
    "tool use": (("도구 사용",), ("툴 사용",)),
    "function calling": (("함수 호출",), ("펑션 콜링",)),
    "data contamination": (("데이터 오염",), ("데이터 유출",)),
    "overfitting": (("과적합",), ("오버피팅",)),
    "feature steering": (("피처 스티어링",), ("특징 조정",), ("기능 조정",)),
    "denoising": (("노이즈 제거",), ("잡음 제거",), ("디노이징",)),
    "self-supervised learning": (("자기 지도 학습",), ("자가 지도 학습",)),
    "prompt engineering": (("프롬프트 엔지니어링",), ("프롬프트 공학",)),
    "leaderboard": (("리더보드",), ("순위표",)),
    "batch size": (("배치 크기",), ("배치 사이즈",)),
    "corpus": (("말뭉치",), ("코퍼스",)),
    "annotation": (("어노테이션",), ("애너테이션",), ("주석",)),
    "position paper": (("포지션 페이퍼",), ("입장 논문",)),
    "technical report": (("기술 보고서",), ("기술 문서",), ("테크니컬 리포트",)),
}


def _term_pattern(term: str) -> re.Pattern[str]:
    """A source term in any of its spellings: "fine-tuning", "fine tuning", "finetunings"."""
    words = re.split(r"[-\s]", term)
    body = r"[-\s]?".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![A-Za-z]){body}s?(?![A-Za-z])", re.IGNORECASE)


def _rendering_pattern(rendering: str) -> re.Pattern[str]:
    """A Korean rendering with optional spaces and hyphens ("미세조정", "비전-언어 모델")."""
    pieces = [re.escape(char) for char in rendering.replace(" ", "")]
    return re.compile(r"[-\s]?".join(pieces))


_TERMS = [
    (
        term,
        _term_pattern(term),
        [
            (group, _rendering_pattern(rendering))
            for group, spellings in enumerate(groups)
            for rendering in spellings
        ],
    )
    for term, groups in _VARIANTS.items()
]


def _stems(word: str) -> frozenset[str]:
    """The forms a Korean word may have without its particle or its adjective ending."""
    forms = {word}
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) > len(particle):
            forms.add(word[: -len(particle)])
    for form in list(forms):
        for ending in _ADJECTIVE_ENDINGS:
            if form.endswith(ending) and len(form) > len(ending):
                forms.add(form[: -len(ending)])
    return frozenset(forms)


def _same(first: str, second: str) -> bool:
    return first == second or bool(_stems(first) & _stems(second))


def _unplural(token: str) -> str:
    """ "LLMs" is the plural of "LLM", which the Korean writes without the s."""
    return token[:-1] if token.endswith("s") and token[-2:-1].isupper() else token


def _singular(word: str) -> str:
    lower = word.lower()
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return lower


@dataclass(frozen=True)
class _Rendering:
    """A source term and its rendering in one target."""

    term: str  # normalised: "agentic ir", "llm agent"
    label: str  # as the source writes it: "agentic IR"
    word: str  # the Korean word that renders the English one: "에이전트"
    text: str  # the rendering as the target writes it: "에이전트 IR"
    span: tuple[int, int]


def _source_neighbours(source: str, token: str) -> tuple[set[str], set[str]]:
    """The English words right before and right after each occurrence of ``token``."""
    before: set[str] = set()
    after: set[str] = set()
    for match in _TOKEN.finditer(source):
        if _unplural(match.group()) != token:
            continue
        head = source[: match.start()]
        previous = re.search(r"([A-Za-z]+(?:-[A-Za-z]+)*)[ (]?$", head)
        glued = head.endswith("-")
        if previous and not glued and head[-1:] in " (":
            word = previous.group(1)
            before.add(word if word.lower() not in _ORDINARY else "")
        else:
            before.add("")
        tail = source[match.end() :]
        following = re.match(r"(?: |-)([A-Za-z]+)", tail)
        if following:
            word = following.group(1)
            after.add(word if word.lower() not in _ORDINARY else "")
        else:
            after.add("")
    return before, after


def _target_neighbours(target: str, token: str) -> tuple[list[tuple[str, int]], list[str]]:
    """The Korean words right before and right after each occurrence of ``token``.

    A word before counts when a single space separates it ("에이전트 IR", "(에이전트 IR"),
    not a parenthesis, which marks a gloss ("정보 검색(IR)"). A word after counts when the
    token carries no particle of its own ("LLM 에이전트", not "LLM이 응답").
    """
    before: list[tuple[str, int]] = []
    after: list[str] = []
    pattern = re.compile(rf"(?<![A-Za-z0-9\-]){re.escape(token)}(?![A-Za-z0-9\-])")
    for match in pattern.finditer(target):
        head = target[: match.start()]
        previous = re.search(r"(?:^|[\s(])([가-힣]+) $", head)
        before.append((previous.group(1), previous.start(1)) if previous else ("", -1))
        following = re.match(r" ([가-힣]+)", target[match.end() :])
        after.append(following.group(1) if following else "")
    return before, after


def _known_renderings(source: str, target: str) -> list[_Rendering]:
    """The terms of :data:`_VARIANTS` in the source, each with the one rendering group used.

    A place of the target claimed by the renderings of two terms of the source renders
    neither for sure; a term rendered in two groups within the pair is left out as well.
    """
    matches: list[tuple[str, str, int, tuple[int, int]]] = []
    for term, pattern, renderings_of_term in _TERMS:
        written = pattern.search(source)
        if written is None:
            continue
        spans: list[tuple[int, int, int]] = []
        for group, rendering in renderings_of_term:
            spans.extend((*match.span(), group) for match in rendering.finditer(target))
        # Longer spellings first, so that "워크플로우" is not also read as "워크플로".
        taken: list[tuple[int, int, int]] = []
        for start, end, group in sorted(spans, key=lambda span: span[0] - span[1]):
            if all(
                end <= other_start or other_end <= start for other_start, other_end, _g in taken
            ):
                taken.append((start, end, group))
        matches.extend((term, written.group(), group, (start, end)) for start, end, group in taken)
    found = []
    for term, label, group, span in matches:
        # A longer term's rendering holds a shorter one's ("멀티 에이전트", "에이전트"): it is
        # the longer term's; only renderings that partly overlap claim a place together.
        shared = any(
            other_term != term
            and span[0] < other_span[1]
            and other_span[0] < span[1]
            and not (span[0] <= other_span[0] and other_span[1] <= span[1] and span != other_span)
            for other_term, _label, _group, other_span in matches
        )
        groups = {g for t, _l, g, _s in matches if t == term}
        if shared or len(groups) != 1 or len(_VARIANTS[term]) < 2:
            continue
        if any(rendering.term == f"={term}" for rendering in found):
            continue
        found.append(_Rendering(f"={term}", label, f"={group}", target[span[0] : span[1]], span))
    return found


@lru_cache(maxsize=4096)
def renderings(source: str, target: str) -> tuple[_Rendering, ...]:
    """The recurring terms of one pair, with their Korean renderings.

    Terms of :data:`_VARIANTS` come first; a term beside a kept token is left out where it
    covers the same words of the target as one of them ("long-context LLMs", "긴 문맥 LLM").
    """
    known = _known_renderings(source, target)
    found: list[_Rendering] = []
    tokens = {_unplural(match.group()) for match in _TOKEN.finditer(source)}
    for token in sorted(tokens):
        en_before, en_after = _source_neighbours(source, token)
        ko_before, ko_after = _target_neighbours(target, token)
        if not ko_before:
            continue
        # One English neighbour and one Korean neighbour: the two render each other.
        if len(en_before) == 1 and (word := next(iter(en_before))):
            words = {ko for ko, _start in ko_before if ko}
            if len(words) == 1 and all(ko for ko, _start in ko_before):
                korean = words.pop()
                start = next(start for ko, start in ko_before if ko == korean)
                end = target.index(token, start) + len(token)
                found.append(
                    _Rendering(
                        f"{word.lower()} {token.lower()}",
                        f"{word} {token}",
                        korean,
                        target[start:end],
                        (start, end),
                    )
                )
        if len(en_after) == 1 and (word := next(iter(en_after))):
            words = set(ko_after)
            if len(words) == 1 and (korean := words.pop()):
                start = target.index(f"{token} {korean}")
                stem = min(_stems(korean), key=len) if len(_stems(korean)) > 1 else korean
                found.append(
                    _Rendering(
                        f"{token.lower()} {_singular(word)}",
                        f"{token} {word}",
                        stem,
                        target[start : start + len(token) + 1 + len(korean)],
                        (start, start + len(token) + 1 + len(korean)),
                    )
                )
    beside = [
        rendering
        for rendering in found
        if not any(
            rendering.span[0] < other.span[1] and other.span[0] < rendering.span[1]
            for other in known
        )
    ]
    return tuple(known + beside)


# --- how a term is written: kept in Latin letters, transliterated or translated ---------------
#
# Free translation hides which Korean words render which English ones, but one thing shows
# through: whether a word of the term is kept in Latin letters ("reward model"), written as
# its sound in Hangul (리워드 모델, 오버피팅, 트랜스포머) or translated (보상 모델, 과적합).
# A digest that keeps "Transformer" in one place and writes 트랜스포머 in another, or that
# writes 인퍼런스 here and 추론 there for the same source word, renders one term two ways.
#
# A term is a run of one to three content words of the source, compared by their stems
# ("fine-tuned" and "fine-tuning", "embeddings" and "embedding"), and only the longest terms
# that recur in the digest are read. A single word counts only when it is long enough to be a
# term and not an everyday word with a sense of its own ("attention" 주목, "bias" 편향).

_EVERYDAY_WORDS = """
    attention bias point size level type step group speed user style key test layer task
    score system code feature memory performance version team case line plan list option
    value image text time cost sample function network graph state space head power table
    target domain control design service page program project class object game note topic
    issue label policy regression mode model data token prompt message pattern format filter
    module signal channel scale phase session input output process source record template tool
    unit window block chain card base track trend content context skill story stage goal rule
    term view order range paper study work result method approach problem question answer
    example number form report course field benchmarks
"""
_EVERYDAY = frozenset(_EVERYDAY_WORDS.split())
_INNER_WORDS = frozenset({"of"})  # "mixture of experts", "chain of thought"
_PRONOUN_WORDS = "we us i you it they them he she one ours"
_PRONOUNS = frozenset(_PRONOUN_WORDS.split())
_SOURCE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]*[0-9][A-Za-z0-9]*)*")
_HANGUL_WORD = re.compile(r"[가-힣]+")
_KOREAN_TAILS = tuple(
    sorted(
        set(_PARTICLES)
        | {
            "된", "되는", "되어", "됨", "하는", "한", "하여", "해", "하고", "한다", "하면", "함",
            "들", "들은", "들이", "들을", "들의", "들과", "조차", "마저", "에는", "으로의", "로의",
            "이다", "다", "입니다", "이며", "이고", "적", "적인", "화",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip


@lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    """An English word without its plural or verb ending: "tuned", "tuning" → "tun".

    A name with capitals inside keeps its case and loses only a plural s ("LLMs" → "LLM"),
    so that "SHAP" is not "shaped".
    """
    if any(char.isupper() for char in word[1:]):
        return _unplural(word)
    lower = word.lower()
    if any(char.isdigit() for char in lower) or len(lower) <= 3:
        return lower
    if lower.endswith("ies") and len(lower) > 4:
        lower = lower[:-3] + "y"
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        lower = lower[:-1]
    for ending in ("ing", "ed"):
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            lower = lower[: -len(ending)]
            break
    return lower[:-1] if lower.endswith("e") and len(lower) > 4 else lower


@dataclass(frozen=True)
class _Word:
    text: str
    span: tuple[int, int]
    joined: bool  # joined to the word before by a hyphen or a single space, nothing else
    hyphen: bool = False  # joined to the word before by a hyphen


@lru_cache(maxsize=4096)
def _source_words(source: str) -> tuple[_Word, ...]:
    words = []
    previous_end = None
    protected = [token.span for token in find_protected(source)]
    for match in _SOURCE_WORD.finditer(source):
        if any(start <= match.start() < end for start, end in protected):
            previous_end = None  # a URL, code or a GitHub reference is copied, not a term
            continue
        gap = source[previous_end : match.start()] if previous_end is not None else None
        words.append(_Word(match.group(), match.span(), gap in (" ", "-"), gap == "-"))
        previous_end = match.end()
    return tuple(words)


def _content(word: str) -> bool:
    lower = word.lower()
    return (
        lower not in _ORDINARY
        and lower not in _PRONOUNS
        and len(lower) >= 2
        and not lower.isdigit()
    )


def _is_name(word: str) -> bool:
    """A name or an acronym, which translators keep as written: "LLM", "Transformer"."""
    return any(char.isupper() or char.isdigit() for char in word[1:])


@lru_cache(maxsize=4096)
def source_terms(source: str) -> dict[str, tuple[tuple[str, ...], str, tuple[bool, ...]]]:
    """The candidate terms of a source, by their stems ("reward model"), with their words,
    the term as the source writes it, and which of its words tell a rendering apart.

    A word tells when it is a term by itself, or a part of a hyphenated compound ("test" of
    "test-time compute"), whose words read as one term whatever their everyday senses.
    """
    words = _source_words(source)
    terms: dict[str, tuple[tuple[str, ...], str, tuple[bool, ...]]] = {}
    for start in range(len(words)):
        if not _content(words[start].text) or words[start].text.lower() in _INNER_WORDS:
            continue
        for end in range(start, min(start + 3, len(words))):
            if end > start and not words[end].joined:
                break
            last = words[end].text
            if not _content(last) and last.lower() not in _INNER_WORDS:
                break
            if last.lower() in _INNER_WORDS:
                continue
            run = tuple(word.text for word in words[start : end + 1])
            telling = tuple(
                _single_term(word.text)
                or (index > start and word.hyphen)
                or (index < end and words[index + 1].hyphen)
                for index, word in enumerate(words[start : end + 1], start)
            )
            if not any(telling):
                continue  # only a word that is a term of its own can be written two ways
            label = source[words[start].span[0] : words[end].span[1]]
            terms.setdefault(" ".join(_stem(word) for word in run), (run, label, telling))
    return terms


@lru_cache(maxsize=16384)
def _single_term(word: str) -> bool:
    lower = word.lower()
    if _is_name(word):
        return True
    return len(lower) >= 5 and lower not in _EVERYDAY and _stem(lower) not in _EVERYDAY


# Sound classes: a consonant of an English spelling and of a Hangul syllable that a loanword
# renders one by the other. Vowels, glides and an r before a consonant are not written; a
# spelling that a loanword writes two ways ("th" as ㅅ or ㄷ, "ch" as ㅊ or ㅋ) gives both.
_EN_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tion", ("SN",)), ("sion", ("SN",)), ("ture", ("S",)), ("tch", ("S",)),
    ("sch", ("SK", "S")), ("ch", ("S", "K")), ("sh", ("S",)), ("ph", ("P",)), ("th", ("S", "T")),
    ("ck", ("K",)), ("nge", ("NS", "NK")), ("ngi", ("NS", "NK")), ("ng", ("G",)),
    ("gn", ("N",)), ("qu", ("K",)), ("x", ("KS",)),
    ("ce", ("S",)), ("ci", ("S",)), ("cy", ("S",)), ("ge", ("S", "K")), ("gi", ("S", "K")),
)  # fmt: skip
_EN_LETTER = {
    "b": "P", "p": "P", "f": "P", "v": "P", "d": "T", "t": "T", "k": "K", "q": "K", "g": "K",
    "c": "K", "s": "S", "z": "S", "j": "S", "m": "M", "n": "N", "l": "L",
}  # fmt: skip
_KO_INITIAL = ("K", "K", "N", "T", "T", "L", "M", "P", "P", "S", "S", "", "S", "S", "S", "K",
               "T", "P", "H")  # fmt: skip
_KO_FINAL = ("", "K", "K", "K", "N", "N", "N", "T", "L", "L", "M", "L", "L", "L", "L", "L",
             "M", "P", "P", "T", "T", "G", "T", "T", "K", "T", "P", "T")  # fmt: skip
_VOWELS = "aeiouy"
_MAX_SOUNDS = 64


def _collapse(classes: Iterable[str]) -> str:
    """The consonant classes, a class written twice with no vowel between counted once
    ("hallucination", 할루시네이션), vowels left out."""
    out: list[str] = []
    for item in "".join(classes):
        if not out or out[-1] != item or item == "V":
            out.append(item)
    return "".join(out).replace("V", "")


def _letters_sounds(text: str) -> list[tuple[str, ...]]:
    """The sound options of each spelling unit of a word, in order."""
    options: list[tuple[str, ...]] = []
    index = 0
    while index < len(text):
        for spelling, sounds in _EN_RULES:
            if text.startswith(spelling, index):
                options.append(sounds)
                index += len(spelling)
                break
        else:
            char = text[index]
            following = text[index + 1 : index + 2]
            if char == "r":
                options.append(("L",) if following and following in _VOWELS else ("",))
            elif char == "h":
                options.append(("H", "") if following and following in _VOWELS else ("",))
            elif char in _VOWELS and (index or char != "y"):
                options.append(("V",))
            else:
                options.append((_EN_LETTER.get(char, ""),))
            index += 1
    return options


@lru_cache(maxsize=8192)
def _english_sounds(word: str) -> frozenset[str]:
    """The consonant classes that a Korean loanword of an English word may write.

    A participle is also read as its noun ("fine-tuned" as 파인튜닝), and a plural without
    its s ("embeddings" as 임베딩).
    """
    lower = re.sub(r"[^a-z]", "", word.lower())
    spellings = {lower}
    if lower.endswith("ed") and len(lower) > 4:
        spellings.add(lower[:-2] + "ing")
    for spelling in list(spellings):
        if spelling.endswith("s") and not spelling.endswith("ss") and len(spelling) > 3:
            spellings.add(spelling[:-1])
    sounds: set[str] = set()
    for spelling in spellings:
        text = re.sub(r"(.)\1", r"\1", spelling)
        variants = [""]
        for options in _letters_sounds(text):
            variants = [head + option for head in variants for option in options][:_MAX_SOUNDS]
        sounds.update(_collapse(variant) for variant in variants)
    return frozenset(sound for sound in sounds if len(sound) >= 2)


@lru_cache(maxsize=8192)
def _korean_sound(word: str) -> str:
    classes: list[str] = []
    for char in word:
        code = ord(char) - 0xAC00
        if not 0 <= code < 11172:
            continue
        classes.append(_KO_INITIAL[code // 588])
        # The vowel ㅡ is the one Korean adds between consonants ("스", "트"), not a sound of
        # the English word.
        classes.append("" if (code // 28) % 21 == 18 else "V")
        classes.append(_KO_FINAL[code % 28])
    return _collapse(classes)


@lru_cache(maxsize=8192)
def _korean_stems(word: str) -> frozenset[str]:
    stems = {word}
    for tail in _KOREAN_TAILS:
        if word.endswith(tail) and len(word) > len(tail):
            stems.add(word[: -len(tail)])
    return frozenset(stems)


@lru_cache(maxsize=4096)
def _hangul_spans(target: str) -> Mapping[str, tuple[tuple[tuple[int, int], bool], ...]]:
    """Where a transliterated term may be written in a target, by its consonant classes:
    ``sound → ((span, whole), …)`` in reading order.

    Runs of one to three Hangul words (the last without its particle) are whole; a part of
    one word is not ("그래프" of "지식그래프를"), since Korean writes compounds without spaces.
    """
    words = list(_HANGUL_WORD.finditer(target))
    found: dict[str, list[tuple[tuple[int, int], bool]]] = defaultdict(list)
    for start in range(len(words)):
        for end in range(start, min(start + 3, len(words))):
            if end > start and target[words[end - 1].end() : words[end].start()] not in (" ", "-"):
                break
            head = "".join(word.group() for word in words[start:end])
            # The word without all it may end in: "차원에서의" is 차원 and 에서의, not a loanword.
            stem = min(_korean_stems(words[end].group()), key=len)
            if stem:
                span = (words[start].start(), words[end].start() + len(stem))
                found[_korean_sound(head + stem)].append((span, True))
        word, offset = words[start].group(), words[start].start()
        for first in range(len(word)):
            for last in range(first + 2, len(word) + 1):
                if (first, last) != (0, len(word)):
                    span = (offset + first, offset + last)
                    found[_korean_sound(word[first:last])].append((span, False))
    return MappingProxyType(
        {
            sound: tuple(sorted(spans, key=lambda item: (item[0][0], not item[1], item[0][1])))
            for sound, spans in found.items()
        }
    )


# Syllables that start with ㄲ, ㄸ, ㅃ or ㅉ, which the rules for loanwords never write.
_TENSE = re.compile(
    "[" + "".join(f"{chr(0xAC00 + initial * 588)}-{chr(0xAC00 + initial * 588 + 587)}"
                  for initial in (1, 4, 8, 13)) + "]"
)  # fmt: skip


@lru_cache(maxsize=8192)
def _transliterations(english: str, target: str) -> tuple[tuple[int, int], ...]:
    """Where the target writes the English word or words in Hangul, first place first.

    Acronyms are left out: a Korean text writes them as they are, or reads them letter by
    letter (엘엘엠), which their consonants do not show.
    """
    if sum(char.isupper() for char in english) >= 2:
        return ()
    by_sound = _hangul_spans(target)
    groups = _vowel_groups(english)
    candidates = sorted(
        (item for sound in _english_sounds(english) for item in by_sound.get(sound, ())),
        key=lambda item: (item[0][0], not item[1], item[0][1]),
    )
    spans: list[tuple[int, int]] = []
    for span, whole in candidates:
        korean = target[span[0] : span[1]]
        if korean.endswith("다") and not english.lower().endswith(("da", "ta")):
            continue  # a verb ("보인다"), not a loanword; "람다" is "lambda"
        if _TENSE.search(korean):
            continue  # loanwords write no tense stops: "본떠" is a verb, not "events"
        if _stems(korean) & _NATIVE_WORDS:
            continue  # "다른" (other) has the consonants of "trains" but is no loanword
        syllables = sum("가" <= char <= "힣" for char in korean)
        if (
            syllables >= groups
            and _distinctive(_korean_sound(korean), korean, whole=whole)
            and (not spans or spans[-1][1] <= span[0])
        ):
            spans.append(span)
    return tuple(spans)


# Everyday native words whose consonants happen to spell an English word's.
_NATIVE_WORDS = frozenset(
    {
        "다른", "모든", "그런", "어떤", "여러", "그리고", "그러나", "그래서", "따라서", "하지만",
        "대한", "위한", "통한", "다양한", "새로운", "빠른", "바른", "부른", "드러난", "놀라운",
        "어려운", "쉬운", "이러한", "그러한", "저러한",
    }
)  # fmt: skip


def _vowel_groups(english: str) -> int:
    """How many vowels an English word is heard with, a final silent e aside: a loanword
    writes each with a syllable of its own at least ("evaluation" 이밸류에이션, not 발전)."""
    lower = re.sub(r"[^a-z]", "", english.lower())
    lower = re.sub(r"(?<=[^aeiouy])e(s|d)?$", "", lower)
    return len(re.findall(r"[aeiouy]+", lower))


def _distinctive(sound: str, korean: str, *, whole: bool) -> bool:
    """Whether a Hangul word's consonants match an English word's by more than chance.

    Two consonants match many native words ("저자" and "authors", "후보" and "however"), so
    they count only for a whole word of three syllables or more, which native words of two
    consonants rarely are ("데이터"); a part of a compound needs four.
    """
    syllables = sum("가" <= char <= "힣" for char in korean)
    if not whole:
        return len(sound) >= 4
    return len(sound) >= 3 or syllables >= 3


_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=4096)
def _latin_words(target: str) -> tuple[tuple[str, int, int], ...]:
    """The Latin words of a target, lowercased, with their spans, outside protected tokens."""
    protected = [token.span for token in find_protected(target)]
    return tuple(
        (match.group().lower(), match.start(), match.end())
        for match in _LATIN_WORD.finditer(target)
        if not any(start <= match.start() < end for start, end in protected)
    )


def _latin_matches(words: tuple[str, ...], target: str) -> list[tuple[int, int]]:
    """Where the target keeps the words as written, in any inflection ("reward models"),
    outside code, URLs and formulas, which are copied rather than translated."""
    stems = [_stem(word).lower() for word in words]
    kept = _latin_words(target)
    found = []
    for first in range(len(kept) - len(stems) + 1):
        run = kept[first : first + len(stems)]
        if all(
            word.startswith(stem) and len(word) - len(stem) <= 4
            for (word, _s, _e), stem in zip(run, stems, strict=True)
        ) and all(
            target[previous[2] : following[1]] in ("", " ", "-")
            for previous, following in pairwise(run)
        ):
            found.append((run[0][1], run[-1][2]))
    return found


def _glossed(target: str, start: int, end: int) -> bool:
    """Whether Latin letters at ``start:end`` only gloss the Korean before them, as in
    "미세조정(fine-tuning)"."""
    return (
        target[start - 1 : start] == "("
        and target[end : end + 1] == ")"
        and bool(re.search(r"[가-힣]\s?$", target[: start - 1]))
    )


@lru_cache(maxsize=8192)
def _latin(words: tuple[str, ...], target: str) -> tuple[tuple[int, int], ...] | None:
    """The spans of the words kept in Latin letters; ``None`` when they only gloss Korean."""
    spans = []
    glossed = False
    for span in _latin_matches(words, target):
        if _glossed(target, *span):
            glossed = True
        else:
            spans.append(span)
    return None if glossed and not spans else tuple(spans)


def _acronym(words: tuple[str, ...], source: str, target: str) -> tuple[int, int] | None:
    """Where the target writes an acronym of the words that the source spells out ("MoE")."""
    initials = "".join(part[0] for word in words for part in word.split("-")).lower()
    if len(initials) < 2:
        return None
    for match in _TOKEN.finditer(target):
        token = _unplural(match.group())
        if token.lower() == initials and token not in source:
            return match.span()
    return None


@dataclass(frozen=True)
class _Writing:
    """How one target writes a term: a key per word (L Latin, T Hangul sound, N Korean words,
    A an acronym), the span of what it writes when it is there to see, and the Korean words
    right before and after the written ones, which render the translated words of the term
    ("보상" of "보상 모델"); one of each per place the written word occurs."""

    key: str
    span: tuple[int, int] | None
    before: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()
    translated: str = ""  # the English word those Korean words render, as the source has it
    # The words written in Hangul sound, as spelled: "architecture:아키텍처", "+" between.
    spelling: str = ""

    @property
    def profile_key(self) -> str:
        beside = ("/".join(sorted(self.before)), "/".join(sorted(self.after)))
        return "|".join((self.key, *beside, self.translated, self.spelling))


def _spelled_apart(first: str, second: str) -> bool:
    """Whether two Hangul writings of one sound are two spellings. One that holds the other
    ("이 워터마크", "워터마크") only reaches further, over a word the sound does not show."""
    parts, other_parts = first.split("+"), second.split("+")
    if not first or not second or len(parts) != len(other_parts):
        return False
    for mine, theirs in zip(parts, other_parts, strict=True):
        english, _, mine = mine.partition(":")
        other_english, _, theirs = theirs.partition(":")
        # "watermark" and "watermarking" share a term but are two words, written two ways.
        if english != other_english or mine == theirs:
            continue
        if not (mine.startswith(theirs) or theirs.startswith(mine)) and not (
            mine.endswith(theirs) or theirs.endswith(mine)
        ):
            return True
    return False


def _spelling(text: str) -> str:
    """A Hangul writing without its spacing, hyphens or plural: "인코더들" is "인코더"."""
    return re.sub(r"[\s\-·]", "", text).removesuffix("들")


def _alike(first: frozenset[str], second: frozenset[str], *, leading: bool) -> bool:
    """Whether one of the Korean words beside one writing is one beside the other.

    A word before may carry more in front ("사전학습", "학습"), one after more behind, since
    a compound is spaced or not; particles and adjective endings do not count.
    """
    if not first or not second:
        return True
    for word in first:
        for other in second:
            for a in _stems(word):
                for b in _stems(other):
                    if (
                        (a.endswith(b) or b.endswith(a))
                        if leading
                        else (a.startswith(b) or b.startswith(a))
                    ):
                        return True
    return False


def _differ(
    first: str, second: str, words: tuple[str, ...] = (), telling: tuple[bool, ...] = ()
) -> bool:
    """Whether two writings of a term (:attr:`_Writing.profile_key`) differ.

    They differ in the way each word is written, or, written alike, in the Korean words beside
    the kept or transliterated ones, which render the same English words ("합성 데이터",
    "인공 데이터" for "synthetic data").
    """
    key, before, after, translated, spelling = first.split("|")
    other_key, other_before, other_after, other_translated, other_spelling = second.split("|")
    if key == other_key and _spelled_apart(spelling, other_spelling):
        return True  # one sound spelled two ways: 아키텍처 and 아키텍쳐, 인코더 and 엔코더
    if key != other_key:
        # Only a word that is a term by itself tells: "processes" of "reasoning processes"
        # is an everyday word a translator may write either way.
        marks = [
            tells
            for word, tells in zip(words, telling, strict=True)
            if word.lower() not in _INNER_WORDS
        ]
        if len(key) != len(other_key) or len(marks) != len(key):
            return True
        return any(
            mine != theirs and tells
            for mine, theirs, tells in zip(key, other_key, marks, strict=True)
        )
    if translated != other_translated:
        return False  # "integrates watermarking", "integrating watermarking": not one term
    words = [frozenset(filter(None, part.split("/"))) for part in (before, after)]
    others = [frozenset(filter(None, part.split("/"))) for part in (other_before, other_after)]
    return not (
        _alike(words[0], others[0], leading=True) and _alike(words[1], others[1], leading=False)
    )


@lru_cache(maxsize=8192)
def _writing(words: tuple[str, ...], source: str, target: str) -> _Writing | None:
    latin = _latin(words, target)
    if latin is None:
        return None  # a gloss: the term's Korean is written beside it
    size = sum(word.lower() not in _INNER_WORDS for word in words)
    if latin:
        return _Writing("L" * size, latin[0])
    if (acronym := _acronym(words, source, target)) is not None:
        return _Writing("A", acronym)
    whole = _transliterations("".join(words), target)
    if whole:
        english = "".join(_singular(word) for word in words)
        spelling = f"{english}:{_spelling(target[whole[0][0] : whole[0][1]])}"
        return _Writing("T" * size, whole[0], spelling=spelling)
    keys = []
    places: list[tuple[tuple[int, int], ...]] = []
    spelled: list[str] = []
    for word in words:
        if word.lower() in _INNER_WORDS:
            continue
        kept = _latin((word,), target)
        if kept:
            keys.append("L")
            places.append(kept)
        elif spans := _transliterations(word, target):
            keys.append("T")
            places.append(spans)
            spelled.append(f"{_singular(word)}:{_spelling(target[spans[0][0] : spans[0][1]])}")
        elif _kin_written(word, source, target):
            return None  # 에이전트 of "agents" may render "agentic" of the same source too
        else:
            keys.append("N")
    key = "".join(keys)
    spelling = "+".join(spelled)
    if not places:
        return _Writing(key, None)
    firsts = [spans[0] for spans in places]
    if any(
        not re.fullmatch(r"[\s\-]?", target[previous[1] : following[0]])
        for previous, following in pairwise(firsts)
    ):
        return None  # the written words are apart: they need not render one term
    start, end = firsts[0][0], firsts[-1][1]
    before: set[str] = set()
    after: set[str] = set()
    translated = [word for word, mark in zip(words, keys, strict=False) if mark == "N"]
    if len(words) != 2 or len(translated) != 1 or not _single_term(translated[0]):
        # Only a two-word term with a term of its own beside the written word ("reward" of
        # "reward model", not "outputs" of "model outputs") keeps its words in order.
        return _Writing(key, (start, end), spelling=spelling)
    if key.startswith("N"):
        for span in places[0]:
            if word := _word_before(target, span[0]):
                before.add(word)
        if (word := _word_before(target, start)) is not None:
            start = target.rindex(word, 0, start)
    if key.endswith("N"):
        for span in places[-1]:
            if word := _word_after(target, span[1]):
                after.add(word)
        if (word := _word_after(target, end)) is not None:
            end = target.index(word, end) + len(word)
    return _Writing(
        key, (start, end), frozenset(before), frozenset(after), translated[0].lower(), spelling
    )


def _kin_written(word: str, source: str, target: str) -> bool:
    """Whether the target transliterates a word of the source that begins like ``word``
    ("agents" beside "agentic", "token" beside "tokenizer"), which may render it as well."""
    lower = word.lower()
    for other in _source_words(source):
        kin = other.text.lower()
        if (
            kin == lower
            or _stem(kin) == _stem(lower)
            or not (kin.startswith(lower[:4]) and len(kin) >= 4 and len(lower) >= 4)
        ):
            continue
        if _transliterations(other.text, target) or _latin((other.text,), target):
            return True
    return False


def _word_before(target: str, start: int) -> str | None:
    before = re.search(r"(?:^|[\s(])([가-힣]+) $", target[:start])
    return before.group(1) if before else None


def _word_after(target: str, end: int) -> str | None:
    after = re.match(r" ([가-힣]+)", target[end:])
    if after is None:
        return None
    word = after.group(1)
    return min(_korean_stems(word), key=len) if len(word) > 1 else word


_WRITTEN = "~"  # the prefix of the terms of this section in a term profile


def _longest(terms: Iterable[str], recurring: Iterable[str]) -> list[str]:
    """The recurring terms of a source that no longer recurring term of it contains."""
    found = [term for term in terms if term in recurring]
    return [
        term
        for term in found
        if not any(other != term and f" {term} " in f" {other} " for other in found)
    ]


def _writings(source: str, target: str, recurring: Iterable[str]) -> dict[str, _Writing]:
    terms = source_terms(source)
    result = {}
    for term in _longest(terms, recurring):
        writing = _writing(terms[term][0], source, target)
        if writing is not None:
            result[term] = writing
    return result


# A digest's profile is built on every page that checks its sentences; the answer depends on
# the source alone.
@lru_cache(maxsize=8192)
def _ordinary_use(source: str, term: str) -> bool:
    """Whether the source uses the term only in an everyday sense, which the glossary check
    knows ("power-grid transformers", "a survey of 500 nurses")."""
    label = source_terms(source)[term][1]
    return not source_pattern(label).search(source)


def term_profile(
    pairs: Iterable[tuple[Place, str, str]],
) -> Mapping[str, tuple[TermUse, ...]]:
    """How a digest renders each of its recurring terms: ``(place, source, target)`` pairs in.

    Only terms used in at least two places are kept; the rest cannot disagree.
    """
    uses: dict[str, list[TermUse]] = defaultdict(list)
    pairs = [(place, source, target) for place, source, target in pairs if source and target]
    places: dict[str, set[Place]] = defaultdict(set)
    for place, source, target in pairs:
        for rendering in renderings(source, target):
            uses[rendering.term].append(TermUse(rendering.word, rendering.text, place))
        for term in source_terms(source):
            places[term].add(place)
    recurring = frozenset(term for term, where in places.items() if len(where) >= 2)
    for place, source, target in pairs:
        for term, writing in _writings(source, target, recurring).items():
            if "N" in writing.key and _ordinary_use(source, term):
                continue  # "transformer failures in power grids" are 변압기, rightly
            text = target[slice(*writing.span)] if writing.span else ""
            uses[_WRITTEN + term].append(TermUse(writing.profile_key, text, place))
    return MappingProxyType(
        {
            term: tuple(found)
            for term, found in uses.items()
            if len({use.place for use in found}) >= 2
        }
    )


_MESSAGES = {
    "title": gettext_noop(
        "'%(term)s' is rendered '%(here)s' here but '%(other)s' in the title of entry %(entry)s"
    ),
    "summary": gettext_noop(
        "'%(term)s' is rendered '%(here)s' here but '%(other)s' in the summary of entry %(entry)s"
    ),
    "abstract": gettext_noop(
        "'%(term)s' is rendered '%(here)s' here but '%(other)s' in the abstract of entry %(entry)s"
    ),
}
_MESSAGE_ELSEWHERE = gettext_noop(
    "'%(term)s' is rendered '%(here)s' here but '%(other)s' elsewhere in this digest"
)
_MESSAGES_TRANSLATED = {
    "title": gettext_noop(
        "'%(term)s' is written '%(here)s' here but in Korean words in the title of entry %(entry)s"
    ),
    "summary": gettext_noop(
        "'%(term)s' is written '%(here)s' here but in Korean words in the summary of entry "
        "%(entry)s"
    ),
    "abstract": gettext_noop(
        "'%(term)s' is written '%(here)s' here but in Korean words in the abstract of entry "
        "%(entry)s"
    ),
}
_MESSAGE_TRANSLATED_ELSEWHERE = gettext_noop(
    "'%(term)s' is written '%(here)s' here but in Korean words elsewhere in this digest"
)
# The other side of the two above: this place translates the term, which has no span to
# mark, while another place keeps or transliterates it.
_MESSAGES_WRITTEN_THERE = {
    "title": gettext_noop(
        "'%(term)s' is written in Korean words here but '%(other)s' in the title of entry "
        "%(entry)s"
    ),
    "summary": gettext_noop(
        "'%(term)s' is written in Korean words here but '%(other)s' in the summary of entry "
        "%(entry)s"
    ),
    "abstract": gettext_noop(
        "'%(term)s' is written in Korean words here but '%(other)s' in the abstract of entry "
        "%(entry)s"
    ),
}
_MESSAGE_WRITTEN_ELSEWHERE = gettext_noop(
    "'%(term)s' is written in Korean words here but '%(other)s' elsewhere in this digest"
)
_WHY = gettext_noop(
    "A term should read the same way throughout a digest; choose one rendering and use it "
    "everywhere."
)


def check_consistency(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Report terms that this segment renders differently from another place of the digest."""
    if not context.terms:
        return []
    findings = []
    for rendering in renderings(source, target):
        others = [
            use
            for use in context.terms.get(rendering.term, ())
            if use.place != context.place and not _same(use.key, rendering.word)
        ]
        if not others:
            continue
        # The nearest other place is the one the reader can compare at a glance.
        here = context.place
        other = min(
            others,
            key=lambda use: (
                here is None or use.place.entry != here.entry,
                here is None or use.place.field != here.field,
            ),
        )
        findings.append(
            Finding(
                CODE,
                Severity.WARNING,
                _MESSAGES.get(other.place.field, _MESSAGE_ELSEWHERE),
                rendering.span,
                params={
                    "term": rendering.label,
                    "here": rendering.text,
                    "other": other.text,
                    "entry": str(other.place.entry),
                },
                why=_WHY,
            )
        )
    findings.extend(_writing_findings(source, target, context, findings))
    return findings


def _label(term: tuple[tuple[str, ...], str, tuple[bool, ...]], mine: str, theirs: str) -> str:
    """The term as the source writes it, or the one word of it written another way."""
    words, label, _telling = term
    telling = [word for word in words if word.lower() not in _INNER_WORDS]
    key, other_key = mine.partition("|")[0], theirs.partition("|")[0]
    if len(key) == len(other_key) == len(telling):
        differing = [w for w, a, b in zip(telling, key, other_key, strict=True) if a != b]
        if len(differing) == 1 and len(telling) > 1:
            return differing[0]
    return label


def _translated_by_most(uses: Iterable[TermUse], writing: _Writing, written: int) -> bool:
    """Whether three places or more translate the term as this one does, against one."""
    alike = sum(use.key == writing.profile_key for use in uses)
    return written == 1 and alike >= 3


def _reported(finding: Finding, label: str) -> bool:
    """Whether a finding of a known rendering is about the term the source writes as ``label``."""
    term, label = finding.params.get("term", "").lower(), label.lower()
    return bool(term) and (term in label or label in term)


def _nearest(others: list[TermUse], here: Place | None) -> TermUse:
    """The nearest other place is the one the reader can compare at a glance."""
    return min(
        others,
        key=lambda use: (
            here is None or use.place.entry != here.entry,
            here is None or use.place.field != here.field,
            not use.text,
        ),
    )


def _writing_findings(
    source: str, target: str, context: CheckContext, found: list[Finding]
) -> list[Finding]:
    """Report terms this segment writes in Latin letters, in Hangul sound or as an acronym
    when another place of the digest writes them another way."""
    recurring = frozenset(
        term[len(_WRITTEN) :] for term in context.terms if term.startswith(_WRITTEN)
    )
    if not recurring:
        return []
    taken = [finding.span for finding in found if finding.span]
    findings = []
    terms = source_terms(source)
    for term, writing in _writings(source, target, recurring).items():
        span = writing.span
        if span is not None and any(span[0] < end and start < span[1] for start, end in taken):
            continue
        others = [
            use
            for use in context.terms.get(_WRITTEN + term, ())
            if use.place != context.place
            and _differ(use.key, writing.profile_key, terms[term][0], terms[term][2])
        ]
        if span is None:
            # Translated here: reported only against a place that shows the other writing,
            # where no rendering of this segment was reported for the term already, and not
            # where the source means the word in its everyday sense ("power transformers").
            # When most places translate the term and one writes it otherwise, that one
            # place is the odd one out, and only it is reported.
            others = [use for use in others if use.text]
            if (
                not others
                or _ordinary_use(source, term)
                or any(_reported(finding, terms[term][1]) for finding in found)
                or _translated_by_most(context.terms.get(_WRITTEN + term, ()), writing, len(others))
            ):
                continue
            other = _nearest(others, context.place)
            params = {
                "term": _label(terms[term], writing.profile_key, other.key),
                "other": other.text,
                "entry": str(other.place.entry),
            }
            message = _MESSAGES_WRITTEN_THERE.get(other.place.field, _MESSAGE_WRITTEN_ELSEWHERE)
            findings.append(Finding(CODE, Severity.WARNING, message, None, params=params, why=_WHY))
            continue
        if not others:
            continue
        other = _nearest(others, context.place)
        params = {
            "term": _label(terms[term], writing.profile_key, other.key),
            "here": target[span[0] : span[1]],
            "entry": str(other.place.entry),
        }
        if other.text:
            message = _MESSAGES.get(other.place.field, _MESSAGE_ELSEWHERE)
            params["other"] = other.text
        else:
            message = _MESSAGES_TRANSLATED.get(other.place.field, _MESSAGE_TRANSLATED_ELSEWHERE)
            params["other"] = ""  # the other place writes no form of it to quote
        taken.append(span)
        findings.append(Finding(CODE, Severity.WARNING, message, span, params=params, why=_WHY))
    return findings

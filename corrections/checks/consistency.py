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
from types import MappingProxyType

from corrections.checks.base import CheckContext, Finding, Place, Severity, TermUse, gettext_noop

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
    "interpretability": (("해석 가능성",), ("해석성",)),
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
        shared = any(
            other_term != term and span[0] < other_span[1] and other_span[0] < span[1]
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


def term_profile(
    pairs: Iterable[tuple[Place, str, str]],
) -> Mapping[str, tuple[TermUse, ...]]:
    """How a digest renders each of its recurring terms: ``(place, source, target)`` pairs in.

    Only terms used in at least two places are kept; the rest cannot disagree.
    """
    uses: dict[str, list[TermUse]] = defaultdict(list)
    for place, source, target in pairs:
        if not source or not target:
            continue
        for rendering in renderings(source, target):
            uses[rendering.term].append(TermUse(rendering.word, rendering.text, place))
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
    return findings

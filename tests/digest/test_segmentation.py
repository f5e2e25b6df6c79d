"""Sentence splitting and alignment of English originals with Korean translations."""

import itertools
import random
import re
from pathlib import Path

import pytest

from digest.segmentation import align, segment_field, split_sentences

SAMPLE = Path(__file__).resolve().parents[2] / "digest" / "samples" / "2024-10-21-top-ml-papers.txt"
HANGUL = re.compile("[\uac00-\ud7a3]")


def normalised(text: str) -> str:
    return " ".join(text.split())


def sample_pairs() -> list[tuple[str, str]]:
    """Return (korean, english) paragraph pairs from the sample digest.

    A Korean paragraph is directly followed by its English original, which is long and has no
    Hangul; titles, links and headings do not match that pattern.
    """
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    return [
        (korean, english)
        for korean, english in itertools.pairwise(lines)
        if HANGUL.search(korean) and not HANGUL.search(english) and len(english) > 100
    ]


# --- Splitting: English edge cases ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "LongRAG outperforms long-context LLMs (up by 6.94%), advanced RAG (up by 6.16%). "
            "The learning rate was 0.5. It converged.",
            [
                "LongRAG outperforms long-context LLMs (up by 6.94%), advanced RAG (up by 6.16%).",
                "The learning rate was 0.5.",
                "It converged.",
            ],
            id="decimals",
        ),
        pytest.param(
            "The collection has 513,000,000 examples. Another 1,300 were added.",
            ["The collection has 513,000,000 examples.", "Another 1,300 were added."],
            id="thousands-separators",
        ),
        pytest.param(
            "Aya Expanse 32B outperforms Llama 3.1 70B and Granite 3.0 models. "
            "We compare v2.0 with GPT-4o. o1 achieved the best performance.",
            [
                "Aya Expanse 32B outperforms Llama 3.1 70B and Granite 3.0 models.",
                "We compare v2.0 with GPT-4o.",
                "o1 achieved the best performance.",
            ],
            id="versions-and-model-names",
        ),
        pytest.param(
            "The release is v2.0. The next one is Llama 3. It follows.",
            ["The release is v2.0.", "The next one is Llama 3.", "It follows."],
            id="version-at-sentence-end",
        ),
        pytest.param(
            "Complex tasks (e.g., coding, math) matter. Inference strategies (i.e. Test-time "
            "Compute methods) help.",
            [
                "Complex tasks (e.g., coding, math) matter.",
                "Inference strategies (i.e. Test-time Compute methods) help.",
            ],
            id="e.g.-and-i.e.",
        ),
        pytest.param(
            "Some tasks, e.g. Coding and Math, are hard. Others are easy.",
            ["Some tasks, e.g. Coding and Math, are hard.", "Others are easy."],
            id="capital-after-e.g.",
        ),
        pytest.param(
            "This follows Vaswani et al. who proposed it. It was extended by Smith et al. "
            "We build on both.",
            [
                "This follows Vaswani et al. who proposed it.",
                "It was extended by Smith et al.",
                "We build on both.",
            ],
            id="et-al",
        ),
        pytest.param(
            "We compare RAG vs. Long-context models. Results are mixed.",
            ["We compare RAG vs. Long-context models.", "Results are mixed."],
            id="vs",
        ),
        pytest.param(
            "It covers coding, math, etc. The results are strong. It covers math etc. and more.",
            [
                "It covers coding, math, etc.",
                "The results are strong.",
                "It covers math etc. and more.",
            ],
            id="etc",
        ),
        pytest.param(
            "See Fig. 2 for details. Compare with cf. Table 3 and Eq. (4). No. 5 is best.",
            [
                "See Fig. 2 for details.",
                "Compare with cf. Table 3 and Eq. (4).",
                "No. 5 is best.",
            ],
            id="fig-cf-eq-no",
        ),
        pytest.param(
            "Dr. Kim and Mr. Lee met Prof. Park. They discussed it.",
            ["Dr. Kim and Mr. Lee met Prof. Park.", "They discussed it."],
            id="titles",
        ),
        pytest.param(
            "Data from the U.S. Census Bureau was used. They moved to the U.S. The rest stayed.",
            [
                "Data from the U.S. Census Bureau was used.",
                "They moved to the U.S.",
                "The rest stayed.",
            ],
            id="dotted-acronym",
        ),
        pytest.param(
            "The book by J. R. R. Tolkien is long. A. Vaswani wrote the paper.",
            ["The book by J. R. R. Tolkien is long.", "A. Vaswani wrote the paper."],
            id="initials",
        ),
        pytest.param(
            "See https://x.com/a/b.c?d=1 for details. Mail a.b@example.org. Code is at "
            "https://github.com/QingFei1/LongRAG. Thanks.",
            [
                "See https://x.com/a/b.c?d=1 for details.",
                "Mail a.b@example.org.",
                "Code is at https://github.com/QingFei1/LongRAG.",
                "Thanks.",
            ],
            id="urls-and-emails",
        ),
        pytest.param(
            "We tried... It failed. We waited... and it worked. Wait… What?",
            ["We tried...", "It failed.", "We waited... and it worked.", "Wait…", "What?"],
            id="ellipses",
        ),
        pytest.param(
            "The model (see Fig. 2. It is big.) works well. Next.",
            ["The model (see Fig. 2. It is big.) works well.", "Next."],
            id="sentences-inside-parentheses",
        ),
        pytest.param(
            'He said "Stop. Now." Then he left. She said "Go." He went.',
            ['He said "Stop. Now."', "Then he left.", 'She said "Go."', "He went."],
            id="quotes",
        ),
        pytest.param(
            "It is shown below (as in Figure 1.) The next part follows.",
            ["It is shown below (as in Figure 1.)", "The next part follows."],
            id="closing-bracket-stays-with-sentence",
        ),
        pytest.param(
            "The ideological stance is “unbiased.” Critics disagree.",
            ["The ideological stance is “unbiased.”", "Critics disagree."],
            id="curly-quotes",
        ),
        pytest.param(
            "Is it useful? Yes! It helps. Really?! Sure.",
            ["Is it useful?", "Yes!", "It helps.", "Really?!", "Sure."],
            id="question-and-exclamation-marks",
        ),
        pytest.param(
            "Provides an introduction to agentic IR; discusses applications. Also it helps; "
            "it works.",
            [
                "Provides an introduction to agentic IR; discusses applications.",
                "Also it helps; it works.",
            ],
            id="semicolons-do-not-split",
        ),
        pytest.param(
            "The score rose to 6.94. the rest is lower-case and continues.",
            ["The score rose to 6.94. the rest is lower-case and continues."],
            id="lower-case-never-starts-a-sentence",
        ),
        pytest.param(
            "Steps: 1. Collect data. 2. Train the model.",
            ["Steps: 1. Collect data.", "2. Train the model."],
            id="numbered-items",
        ),
        pytest.param(
            "These results hold.[3] Further work follows.",
            ["These results hold.[3]", "Further work follows."],
            id="citation-after-period",
        ),
        pytest.param(
            "A smiley :( never closes. Another sentence. 1) first item. Done.",
            ["A smiley :( never closes.", "Another sentence.", "1) first item.", "Done."],
            id="unmatched-brackets-do-not-glue-sentences",
        ),
    ],
)
def test_split_english(text, expected):
    assert split_sentences(text, "en") == expected


def test_split_treats_newlines_as_whitespace():
    text = "First line of the\nsame sentence.\n\nSecond  sentence\there."
    assert split_sentences(text, "en") == [
        "First line of the same sentence.",
        "Second sentence here.",
    ]


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_split_blank_text_gives_nothing(text, language):
    assert split_sentences(text, language) == []


# --- Splitting: Korean ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "이 모델은 강력합니다. 결과는 좋았습니다. 정말 그런가요? 그렇다. 놀랍다! 끝。 다음",
            [
                "이 모델은 강력합니다.",
                "결과는 좋았습니다.",
                "정말 그런가요?",
                "그렇다.",
                "놀랍다!",
                "끝。",
                "다음",
            ],
            id="endings",
        ),
        pytest.param(
            "둘째, 다양한 응답을 검색하는 방법(예: BoN)의 경우, 상한선을 제한합니다. "
            "다른 방법(e.g. Step-wise BoN)도 있습니다.",
            [
                "둘째, 다양한 응답을 검색하는 방법(예: BoN)의 경우, 상한선을 제한합니다.",
                "다른 방법(e.g. Step-wise BoN)도 있습니다.",
            ],
            id="english-abbreviations-inside",
        ),
        pytest.param(
            "다국어 데이터 세트는 5억 1,300만 개입니다. LongRAG는 6.94% 증가했습니다. "
            "Llama 3.1 70B보다 낫습니다.",
            [
                "다국어 데이터 세트는 5억 1,300만 개입니다.",
                "LongRAG는 6.94% 증가했습니다.",
                "Llama 3.1 70B보다 낫습니다.",
            ],
            id="numbers-and-versions",
        ),
        pytest.param(
            "최고의 성능을 달성했습니다. o1은 작업마다 다른 추론 패턴을 사용합니다.",
            ["최고의 성능을 달성했습니다.", "o1은 작업마다 다른 추론 패턴을 사용합니다."],
            id="lower-case-model-name-starts-sentence",
        ),
        pytest.param(
            "회원으로 가입하시면 보내드립니다! "
            "(기본은 Weekly지만 Daily로 변경도 가능합니다.) 감사합니다.",
            [
                "회원으로 가입하시면 보내드립니다!",
                "(기본은 Weekly지만 Daily로 변경도 가능합니다.)",
                "감사합니다.",
            ],
            id="parenthesised-sentence",
        ),
        pytest.param(
            "자세한 내용은 https://x.com/a/b.c?d=1 에서 확인할 수 있습니다. 데이터도 공개합니다.",
            [
                "자세한 내용은 https://x.com/a/b.c?d=1 에서 확인할 수 있습니다.",
                "데이터도 공개합니다.",
            ],
            id="url",
        ),
    ],
)
def test_split_korean(text, expected):
    assert split_sentences(text, "ko") == expected


# --- Alignment ------------------------------------------------------------------------------

EN_THREE = [
    "Large language models are trained on vast amounts of data to generate natural language.",
    "These models have become popular in artificial intelligence assistants like ChatGPT.",
    "They already play an influential role in how humans access information.",
]
KO_TWO = [
    "대규모 언어 모델은 방대한 양의 데이터를 학습하여 자연어를 생성합니다.",
    "이러한 모델은 ChatGPT와 같은 인공지능 어시스턴트에서 널리 사용되고 있으며 "
    "이미 사람이 정보에 액세스하는 방식에 영향력 있는 역할을 하고 있습니다.",
]
EN_TWO = [
    "Watermarking can help identify synthetic text and limit accidental or deliberate misuse, "
    "but it has not been adopted in production systems owing to stringent quality requirements.",
    "Here we describe SynthID-Text, a production-ready text watermarking scheme.",
]
KO_THREE = [
    "워터마킹은 합성 텍스트를 식별하고 우발적이거나 고의적인 오용을 제한하는 데 "
    "도움이 될 수 있습니다.",
    "그러나 엄격한 품질 요구 사항으로 인해 생산 시스템에서는 채택되지 않았습니다.",
    "여기에서는 프로덕션 지원 텍스트 워터마킹 체계인 SynthID-Text에 대해 설명합니다.",
]


def shapes(beads):
    return [(len(src), len(tgt)) for src, tgt in beads]


def test_align_two_english_sentences_to_one_korean():
    beads = align(EN_THREE, KO_TWO)
    assert beads == [([EN_THREE[0]], [KO_TWO[0]]), (EN_THREE[1:], [KO_TWO[1]])]


def test_align_one_english_sentence_to_two_korean():
    beads = align(EN_TWO, KO_THREE)
    assert beads == [([EN_TWO[0]], KO_THREE[:2]), ([EN_TWO[1]], [KO_THREE[2]])]


def test_align_equal_counts_are_one_to_one():
    pairs = sample_pairs()
    korean, english = pairs[1]
    source = split_sentences(english, "en")
    target = split_sentences(korean, "ko")
    assert len(source) == len(target) == 9
    assert shapes(align(source, target)) == [(1, 1)] * 9


def test_align_prefers_one_to_one_even_with_uneven_lengths():
    source = ["A short one.", "This sentence is considerably longer than the first one is."]
    target = ["짧은 문장입니다.", "이 문장은 첫 번째 문장보다 훨씬 더 깁니다."]
    assert shapes(align(source, target)) == [(1, 1), (1, 1)]


def test_align_uses_one_sided_beads_only_when_unavoidable():
    source = [f"Sentence number {n} is about as long as the others." for n in range(5)]
    target = ["모든 문장을 하나로 합친 번역입니다."]
    beads = align(source, target)
    assert [s for src, _ in beads for s in src] == source
    assert [t for _, tgt in beads for t in tgt] == target
    # Five sentences against one need one 2:1 bead and three 1:0 beads at the least.
    assert sum(1 for src, tgt in beads if not src or not tgt) == 3
    assert sorted(shapes(beads)) == [(1, 0), (1, 0), (1, 0), (2, 1)]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ([], [], []),
        (["Only English."], [], [(["Only English."], [])]),
        ([], ["한국어만.", "두 문장."], [([], ["한국어만."]), ([], ["두 문장."])]),
    ],
)
def test_align_with_an_empty_side_keeps_every_sentence(source, target, expected):
    assert align(source, target) == expected


# --- segment_field --------------------------------------------------------------------------


def test_segment_field_pairs_sentences():
    segments = segment_field(" ".join(EN_THREE), "\n".join(KO_TWO))
    assert segments == [(EN_THREE[0], KO_TWO[0]), (" ".join(EN_THREE[1:]), KO_TWO[1])]


def test_segment_field_merges_one_sided_beads_into_neighbours():
    source = " ".join(f"Sentence number {n} is about as long as the others are." for n in range(5))
    target = "첫 문장들의 번역입니다. 나머지 문장들의 번역입니다."
    segments = segment_field(source, target)
    assert len(segments) == 2
    assert all(src and tgt for src, tgt in segments)
    assert " ".join(src for src, _ in segments) == source
    assert " ".join(tgt for _, tgt in segments) == target


def test_segment_field_without_source_gives_one_segment_per_target_sentence():
    target = "첫 번째 문장입니다. 두 번째 문장입니다."
    expected = [(None, "첫 번째 문장입니다."), (None, "두 번째 문장입니다.")]
    assert segment_field(None, target) == expected
    assert segment_field("  \n ", target) == expected


def test_segment_field_with_blank_target():
    assert segment_field("One sentence.  Two\nsentences.", " ") == [
        ("One sentence. Two sentences.", "")
    ]
    assert segment_field(" ", "") == []
    assert segment_field(None, "\n") == []


def test_segment_field_honours_languages():
    # After a Korean sentence ending, the Korean rules accept any lower-case word as the next
    # sentence start; the English rules do not.
    target = "최고의 성능을 달성했습니다. pytorch로 구현했습니다."
    source = "It achieved the best performance. It is implemented in PyTorch."
    assert len(segment_field(source, target)) == 2
    assert len(segment_field(source, target, target_language="en")) == 1


# --- Properties -----------------------------------------------------------------------------

TOKENS = [
    "model", "the", "LLMs", "6.94%", "1,300", "Llama", "3.1", "v2.0.", "GPT-4o", "o1", "e.g.",
    "i.e.,", "et", "al.", "vs.", "etc.", "Fig.", "2.", "Dr.", "U.S.", "J.", "(see", "it.)",
    '"Stop.', 'Now."', "https://x.com/a/b.c?d=1", "a.b@example.org.", "...", "…", "wait...",
    "works.", "Yes!", "Why?", "clause;", "The", "We", "(", ")", '"', "“quoted.”", "[3]",
    "입니다.", "했습니다.", "그런가요?", "다.", "모델은", "(예:", "BoN)", "결과는", "。", "끝!",
]  # fmt: skip
SPACES = [" ", " ", " ", "  ", "\n", "\t", "\n\n", " \u3000"]


def random_text(rng: random.Random) -> str:
    words = [rng.choice(TOKENS) for _ in range(rng.randint(0, 60))]
    return "".join(rng.choice(SPACES) + word for word in words) + rng.choice(SPACES)


@pytest.mark.parametrize("seed", range(150))
def test_join_invariants_hold_for_random_text(seed):
    rng = random.Random(seed)
    source, target = random_text(rng), random_text(rng)
    for text in (source, target):
        for language in ("en", "ko"):
            sentences = split_sentences(text, language)
            assert " ".join(sentences) == normalised(text)
            assert all(s and s == normalised(s) for s in sentences)

    segments = segment_field(source, target)
    assert " ".join(src for src, _ in segments if src) == normalised(source)
    assert " ".join(tgt for _, tgt in segments) == normalised(target)
    if normalised(target):
        assert all(tgt for _, tgt in segments)
    if normalised(source):
        assert all(src for src, _ in segments)
    else:
        assert all(src is None for src, _ in segments)


@pytest.mark.parametrize("seed", range(50))
def test_align_concatenation_gives_back_both_sides(seed):
    rng = random.Random(seed)
    source = [rng.choice(TOKENS) * rng.randint(1, 8) for _ in range(rng.randint(0, 12))]
    target = [rng.choice(TOKENS) * rng.randint(1, 8) for _ in range(rng.randint(0, 12))]
    beads = align(source, target)
    assert [s for src, _ in beads for s in src] == source
    assert [t for _, tgt in beads for t in tgt] == target
    assert all(src or tgt for src, tgt in beads)
    assert all(len(src) <= 2 and len(tgt) <= 2 for src, tgt in beads)
    assert align(source, target) == beads


# --- The sample digest ----------------------------------------------------------------------


def test_sample_digest_fields_keep_all_text():
    pairs = sample_pairs()
    assert len(pairs) >= 15
    for korean, english in pairs:
        segments = segment_field(english, korean)
        assert " ".join(src for src, _ in segments if src) == normalised(english)
        assert " ".join(tgt for _, tgt in segments) == normalised(korean)
        assert all(src and tgt for src, tgt in segments)


def test_sample_first_abstract_aligns_sentence_by_sentence():
    korean, english = next(
        pair for pair in sample_pairs() if pair[1].startswith("What will information entry")
    )
    assert len(split_sentences(english, "en")) == 9
    assert split_sentences(korean, "ko")[:2] == [
        "차세대 디지털 제품에서 정보 입력은 어떤 모습일까요?",
        "1970년대 이후, 관련 정보에 대한 사용자 액세스는 도메인별 정보 검색(IR) 아키텍처에 "
        "의존해 왔습니다.",
    ]
    assert len(split_sentences(korean, "ko")) == 9
    segments = segment_field(english, korean)
    assert len(segments) >= 7
    assert segments[0] == (
        "What will information entry look like in the next generation of digital products?",
        "차세대 디지털 제품에서 정보 입력은 어떤 모습일까요?",
    )

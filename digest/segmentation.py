"""Sentence splitting and sentence alignment for bilingual digest fields.

A digest field holds an English original and its Korean machine translation as two paragraphs.
Readers proofread translations sentence by sentence, so both paragraphs are split into
sentences and the sentences are paired up with a length-based alignment in the style of
Gale and Church (1993).

The module is pure Python on purpose: it is used by the importer, by checks and by tests
that must not need Django or a database.

Both public operations keep text intact: sentences are runs of whitespace-separated tokens of
the normalised text, so joining the pieces with single spaces always gives back
``" ".join(text.split())``.
"""

import itertools
import math
import re
from collections.abc import Sequence

__all__ = ["align", "segment_field", "split_sentences"]

# ---------------------------------------------------------------------------
# Sentence splitting
# ---------------------------------------------------------------------------

# Marks that end a sentence when they close a token. The ASCII ellipsis "..." is recognised
# separately because its last character is an ordinary period.
_TERMINALS = frozenset(".!?。！？…")

# Marks that may open a sentence before its first word; their presence alone makes the next
# token a plausible sentence start.
_OPENING_MARKS = frozenset("([{\"'`“‘«「『（【〈《")

# Marks that may follow the terminal punctuation of a sentence and stay with it, as in `."`
# or `.)`.
_CLOSING_MARKS = frozenset(")]}\"'`”’»」』）】〉》")

# Symbols that often open a sentence in technical prose ("$5 million was ...").
_START_SYMBOLS = frozenset("$€£¥#@•")

# Bracket pairs tracked to keep a parenthetical or quotation in one sentence. Single quotes
# are left out because ’ and ' double as apostrophes ("model’s", "models'"), which would make
# the pairing unreliable.
_BRACKET_PAIRS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "“": "”",
    "«": "»",
    "「": "」",
    "『": "』",
    "（": "）",
    "【": "】",
    "〈": "〉",
    "《": "》",
}
_BRACKET_CLOSERS = {closer: opener for opener, closer in _BRACKET_PAIRS.items()}

# Abbreviations after which a sentence never ends, compared case-insensitively. Clause
# connectives such as "e.g." and "vs." are always followed by more of the same sentence.
_NEVER_FINAL = frozenset(
    {"e.g", "i.e", "cf", "vs", "viz", "approx", "resp", "incl", "esp", "w.r.t", "a.k.a"}
)

# Titles before a name, compared case-sensitively so that lower-case words ("ms" as
# milliseconds at the end of a sentence) are not mistaken for them.
_TITLES = frozenset({"Dr", "Mr", "Mrs", "Ms", "Prof", "Mt", "Gen", "Rev", "Hon"})

# Abbreviations that introduce a number ("Fig. 2", "Eq. (3)", "No. 5", "pp. 10-12"). They do
# not end a sentence when a reference follows, but "said no. The" still does.
_REFERENCE_PREFIXES = frozenset(
    {
        "fig", "figs", "eq", "eqs", "sec", "secs", "tab", "tbl", "ref", "refs", "vol",
        "no", "nos", "pp", "p", "ch", "chap", "thm", "alg", "app", "def", "lem", "prop",
    }
)  # fmt: skip
_REFERENCE_TARGET = re.compile(r"[(\[]?(?:\d|[A-Z]\d)")

# Abbreviations that may or may not end a sentence ("and so on, etc. The next ..." versus
# "Smith et al. proposed ..."). Together with initials and dotted acronyms (U.S., Ph.D.)
# they end a sentence only when a word that commonly starts an English sentence follows.
_AMBIGUOUS = frozenset(
    {"etc", "al", "inc", "ltd", "corp", "co", "jr", "sr", "bros", "ph.d", "u.s.a", "st"}
)
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")

# Words that typically start an English sentence. Single letters ("A", "I") are left out
# because they are more often initials in "J. A. Smith".
_SENTENCE_STARTERS = frozenset(
    {
        "the", "this", "these", "that", "those", "there", "their", "they", "it", "its",
        "we", "our", "us", "he", "she", "his", "her", "you", "your", "in", "on", "at",
        "for", "to", "as", "by", "with", "from", "of", "into", "over", "under", "after",
        "before", "during", "since", "until", "however", "moreover", "furthermore",
        "additionally", "also", "finally", "thus", "therefore", "hence", "here",
        "similarly", "specifically", "overall", "notably", "importantly", "consequently",
        "meanwhile", "nevertheless", "nonetheless", "instead", "yet", "but", "and", "so",
        "or", "if", "when", "while", "although", "though", "despite", "unlike", "then",
        "such", "each", "all", "both", "most", "many", "some", "several", "other",
        "another", "further", "besides", "indeed", "next", "given", "first", "second",
        "third", "fourth", "fifth", "lastly", "recently", "currently", "today",
        "unfortunately", "experiments", "results", "evaluations", "existing", "extensive",
        "an", "one", "two", "three",
    }
)  # fmt: skip

# A lower-case token that is a name rather than a continuation: "o1", "iPhone", "mAP",
# "word2vec". Such names may start a sentence after a clear sentence end.
_LOWERCASE_NAME = re.compile(r"[a-z]+[0-9A-Z]")

# A bare list enumerator such as "1." at the start of a sentence or after a colon.
_ENUMERATOR = re.compile(r"\d{1,2}")

# Numeric citation markers glued to the end of a sentence ("results.[3]").
_TRAILING_CITATION = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]$")


def _is_hangul(char: str) -> bool:
    code = ord(char)
    return 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


def _strip_closers(token: str) -> str:
    """Remove closing marks and citation markers that may follow a sentence's final mark."""
    while True:
        stripped = _TRAILING_CITATION.sub("", token).rstrip("".join(_CLOSING_MARKS))
        if stripped == token:
            return token
        token = stripped


def _is_sentence_starter(token: str) -> bool:
    """Tell whether a token is a capitalised word that commonly starts an English sentence."""
    word = token.lstrip("".join(_OPENING_MARKS)).rstrip(".,;:!?…")
    return word[:1].isupper() and word.lower() in _SENTENCE_STARTERS


def _protected_boundaries(tokens: Sequence[str]) -> list[bool]:
    """Flag the gaps between tokens that lie inside a matched bracket or quotation.

    Entry ``k`` refers to the gap after ``tokens[k]``. Only pairs that actually match are
    counted: a stray ")" of a list item or an unclosed "(" must not glue the rest of the text
    into one sentence.
    """
    depth_change = [0] * (len(tokens) + 1)
    stack: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        for position, char in enumerate(token):
            if char == '"':
                # A straight quote at the start of a word (or right after an opening mark)
                # opens a quotation; anywhere else it closes one or is an inch mark.
                opens = position == 0 or token[position - 1] in _OPENING_MARKS
                open_at = next((k for k, (c, _) in enumerate(stack) if c == '"'), None)
                if opens:
                    if open_at is not None:
                        # Straight quotes do not nest, so the earlier one was never closed.
                        del stack[open_at]
                    stack.append((char, index))
                elif open_at is not None:
                    _, start = stack[open_at]
                    del stack[open_at:]
                    depth_change[start] += 1
                    depth_change[index] -= 1
            elif char in _BRACKET_PAIRS and position < len(token) - 1:
                # An opener followed by whitespace, as in the smiley ":(", opens nothing.
                stack.append((char, index))
            elif char in _BRACKET_CLOSERS and position > 0:
                # Likewise a closer preceded by whitespace closes nothing.
                opener = _BRACKET_CLOSERS[char]
                open_at = next(
                    (k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == opener), None
                )
                if open_at is not None:
                    # Openers above the match were never closed and are dropped with it.
                    _, start = stack[open_at]
                    del stack[open_at:]
                    depth_change[start] += 1
                    depth_change[index] -= 1
    protected = []
    depth = 0
    for index in range(len(tokens)):
        depth += depth_change[index]
        protected.append(depth > 0)
    return protected


def _plausible_start(token: str, *, allow_lowercase: bool, allow_names: bool) -> bool:
    """Tell whether a token can be the first word of a sentence."""
    first = token[0]
    if first in _OPENING_MARKS or first in _START_SYMBOLS or first.isdigit():
        return True
    if first.isalpha() and not first.islower():
        # Upper-case Latin letters and caseless scripts (Hangul, Han) both qualify.
        return True
    if first.isalpha():
        if allow_lowercase:
            return True
        return allow_names and _LOWERCASE_NAME.match(token) is not None
    return False


def _ends_sentence(
    tokens: Sequence[str], index: int, *, korean: bool, previous_was_boundary: bool
) -> bool:
    """Decide whether a sentence ends between ``tokens[index]`` and the token after it."""
    token = tokens[index]
    following = tokens[index + 1]
    core = _strip_closers(token)
    if not core or core[-1] not in _TERMINALS:
        return False

    if core.endswith(("...", "…")):
        # An ellipsis trails off inside a sentence as often as it ends one; only a clearly
        # new sentence start counts.
        return _plausible_start(following, allow_lowercase=False, allow_names=False)

    # A Korean sentence ends with a Hangul verb ending ("...습니다.", "...요?"). Such an ending
    # is unambiguous, so even a lower-case Latin word ("pytorch로 ...") starts the next one.
    before_mark = core.rstrip("".join(_TERMINALS))
    hangul_ending = korean and bool(before_mark) and _is_hangul(before_mark[-1])

    if core[-1] != ".":
        return _plausible_start(following, allow_lowercase=hangul_ending, allow_names=True)

    word = core[:-1].lstrip("".join(_OPENING_MARKS))
    lowered = word.lower()
    if lowered in _NEVER_FINAL or word in _TITLES:
        return False
    if lowered in _REFERENCE_PREFIXES and _REFERENCE_TARGET.match(following):
        return False
    if (
        _ENUMERATOR.fullmatch(word)
        and word == core[:-1]
        and (previous_was_boundary or tokens[index - 1].endswith(":"))
    ):
        # "1." opening a numbered item belongs to the item, not to a sentence of its own.
        return False
    if (
        lowered in _AMBIGUOUS
        or _DOTTED_ACRONYM.fullmatch(word)
        or (len(word) == 1 and word.isalpha() and word.isascii())
    ):
        return _is_sentence_starter(following)
    return _plausible_start(following, allow_lowercase=hangul_ending, allow_names=True)


def split_sentences(text: str, language: str) -> list[str]:
    """Split text into sentences.

    ``language`` is a language code; "ko" (or "ko-KR") selects the Korean rules, anything
    else the English rules. Sentences break only at whitespace, after terminal punctuation
    (optionally followed by closing quotes or brackets), outside matched brackets and
    quotations, and before a plausible sentence start. Semicolons never break a sentence.

    The result joined with single spaces equals ``" ".join(text.split())``; blank text gives
    an empty list.
    """
    tokens = text.split()
    if not tokens:
        return []
    korean = language.lower().split("-")[0] == "ko"
    protected = _protected_boundaries(tokens)

    sentences: list[str] = []
    start = 0
    previous_was_boundary = True
    for index in range(len(tokens) - 1):
        is_boundary = not protected[index] and _ends_sentence(
            tokens, index, korean=korean, previous_was_boundary=previous_was_boundary
        )
        if is_boundary:
            sentences.append(" ".join(tokens[start : index + 1]))
            start = index + 1
        previous_was_boundary = is_boundary
    sentences.append(" ".join(tokens[start:]))
    return sentences


# ---------------------------------------------------------------------------
# Alignment
# ---------------------------------------------------------------------------

# Prior probabilities of bead shapes (source count, target count), after Gale and Church.
# The dictionary order is also the tie-breaking order, which keeps the result deterministic
# and favours 1:1 beads.
_BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (2, 1): 0.0445,
    (1, 2): 0.0445,
    (2, 2): 0.011,
    (1, 0): 0.00495,
    (0, 1): 0.00495,
}
_BEAD_COSTS = {shape: -math.log(prior) for shape, prior in _BEAD_PRIORS.items()}

# Variance of the length difference per source character. Gale and Church measured 6.8 for
# related European languages; English and Korean differ more in structure, so the spread
# is wider.
_VARIANCE = 12.0

Bead = tuple[list[str], list[str]]


def _expected_ratio(source: Sequence[str], target: Sequence[str]) -> float:
    """Estimate target characters per source character from the whole field."""
    source_chars = sum(len(sentence) for sentence in source)
    target_chars = sum(len(sentence) for sentence in target)
    if source_chars == 0 or target_chars == 0:
        return 1.0
    return target_chars / source_chars


def _length_cost(source_chars: int, target_chars: int, ratio: float) -> float:
    """Return -log P(|delta| >= observed) for a pair of lengths.

    The target length is converted to source characters with the expected ratio and the
    difference is normalised by the standard deviation expected for pieces of that size, as
    in Gale and Church's symmetric formulation.
    """
    scaled_target = target_chars / ratio
    mean = (source_chars + scaled_target) / 2
    if mean == 0:
        return 0.0
    delta = abs(scaled_target - source_chars) / math.sqrt(mean * _VARIANCE)
    # The two-tailed normal probability is erfc(delta / sqrt 2). For large deltas erfc
    # underflows to zero, so its asymptotic expansion keeps costs finite and ordered.
    x = delta / math.sqrt(2)
    if x < 25:
        return -math.log(math.erfc(x))
    return x * x + math.log(x * math.sqrt(math.pi))


def align(source: list[str], target: list[str]) -> list[tuple[list[str], list[str]]]:
    """Align two sentence lists by length with dynamic programming.

    Beads may be 1:1, 2:1, 1:2 or 2:2; 1:0 and 0:1 beads are a last resort: the number of
    one-sided beads is minimised first and the Gale–Church cost only decides between
    alignments with equally few of them. As a result no sentence is ever dropped, and a
    one-sided bead appears only when the sentence counts differ too much for the other
    shapes. The beads, concatenated in order, give back both lists exactly.
    """
    n, m = len(source), len(target)
    ratio = _expected_ratio(source, target)
    source_lengths = [len(sentence) for sentence in source]
    target_lengths = [len(sentence) for sentence in target]

    # best[i][j] is the cheapest (one-sided bead count, cost) aligning source[:i] with
    # target[:j]; comparing tuples makes the count of one-sided beads dominate.
    infinity = (math.inf, math.inf)
    best = [[infinity] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0, 0.0)
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            for (di, dj), prior_cost in _BEAD_COSTS.items():
                if di > i or dj > j:
                    continue
                skips, cost = best[i - di][j - dj]
                if skips == math.inf:
                    continue
                bead_cost = prior_cost + _length_cost(
                    sum(source_lengths[i - di : i]), sum(target_lengths[j - dj : j]), ratio
                )
                candidate = (skips + (di == 0 or dj == 0), cost + bead_cost)
                if candidate < best[i][j]:
                    best[i][j] = candidate
                    step[i][j] = (di, dj)

    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        shape = step[i][j]
        assert shape is not None  # every cell is reachable through one-sided beads
        di, dj = shape
        beads.append((source[i - di : i], target[j - dj : j]))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def _bead_cost(bead: Bead, ratio: float) -> float:
    return _length_cost(sum(map(len, bead[0])), sum(map(len, bead[1])), ratio)


def _merge(*beads: Bead) -> Bead:
    return (
        [sentence for bead in beads for sentence in bead[0]],
        [sentence for bead in beads for sentence in bead[1]],
    )


def _absorb_one_sided(beads: list[Bead], ratio: float) -> list[Bead]:
    """Merge 1:0 and 0:1 beads into neighbouring two-sided beads.

    A segment without a source or without a translation cannot be proofread on its own, so
    one-sided beads join a neighbour. A run of them between two two-sided beads is divided at
    the point where the two merged beads fit the expected length ratio best.
    """
    anchors = [index for index, (src, tgt) in enumerate(beads) if src and tgt]
    if not anchors:
        return beads
    merged: list[Bead] = []
    # Leading one-sided beads can only join the first two-sided bead.
    current = _merge(*beads[: anchors[0] + 1])
    for previous_anchor, next_anchor in itertools.pairwise(anchors):
        run = beads[previous_anchor + 1 : next_anchor]
        following = beads[next_anchor]
        best_split = len(run)
        best_cost = math.inf
        # Trying the largest split first means ties attach to the preceding bead.
        for split in range(len(run), -1, -1):
            cost = _bead_cost(_merge(current, *run[:split]), ratio) + _bead_cost(
                _merge(*run[split:], following), ratio
            )
            if cost < best_cost:
                best_split, best_cost = split, cost
        merged.append(_merge(current, *run[:best_split]))
        current = _merge(*run[best_split:], following)
    # Trailing one-sided beads can only join the last two-sided bead.
    merged.append(_merge(current, *beads[anchors[-1] + 1 :]))
    return merged


def segment_field(
    source: str | None,
    target: str,
    *,
    source_language: str = "en",
    target_language: str = "ko",
) -> list[tuple[str | None, str]]:
    """Split an original and its translation into aligned (source, target) segments.

    Without a source, every target sentence becomes a segment with source ``None``. Without a
    target, the whole source becomes one segment with an empty target. Otherwise both sides
    are split, aligned and one-sided beads are merged into neighbours, so every segment has a
    non-empty source and a non-empty target. Joining the sources, and joining the targets,
    with single spaces gives back the whitespace-normalised inputs.
    """
    source_sentences = split_sentences(source or "", source_language)
    target_sentences = split_sentences(target, target_language)
    if not source_sentences:
        return [(None, sentence) for sentence in target_sentences]
    if not target_sentences:
        return [(" ".join(source_sentences), "")]
    ratio = _expected_ratio(source_sentences, target_sentences)
    beads = _absorb_one_sided(align(source_sentences, target_sentences), ratio)
    return [(" ".join(src), " ".join(tgt)) for src, tgt in beads]

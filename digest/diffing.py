"""Diffs of Korean text that do bounded work at any amount of change, and their store.

Korean wants character-level diffs with semantic clean-up (a particle is one syllable of a
word), but diff-match-patch's character diff costs about the square of the change: two
20,000-character texts ten per cent apart took over a second. `diff_texts` bounds the work:

1. When the changed middle of two texts is short, they are diffed by character, as always.
2. Otherwise, or when the character diff shows the texts to be very different, they are
   diffed by word first (see `_TOKEN`): each word becomes one character (diff-match-patch's
   "lines mode" trick); words found exactly once in both texts (or runs of three words,
   where words repeat) anchor the comparison, as in patience diff, again inside the
   stretches between anchors; diff-match-patch compares the stretches short enough, and the
   result is cleaned up semantically at word level. Each replaced run of words is then
   diffed by character when that is cheap and reads better than the whole words.

Every diff-match-patch call is charged, before it runs, what its worst case costs (see
`_Budget`); what the budget cannot pay for stays a whole-word delete and insert, which is
still readable. The result is checked: its ops always rebuild both texts exactly.

Texts that never change (revisions, a suggestion's base and text) are diffed once: the ops
are stored under a hash of the algorithm and both texts (`StoredDiff`), and `stored_diffs`
fetches any number of them in one query, computing and storing those it does not find.
"""

import hashlib
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from diff_match_patch import diff_match_patch

from .models import StoredDiff

# Part of every stored diff's key: change it whenever the ops `diff_texts` returns change,
# so that diffs stored by an older algorithm are no longer found.
ALGORITHM = "bounded-1"

DELETE, EQUAL, INSERT = -1, 0, 1
_KINDS = {DELETE: "delete", EQUAL: "equal", INSERT: "insert"}

# What diff-match-patch may be charged for one diff, in units of its inner loop (about a
# microsecond each in CPython), for comparing words and then for comparing characters.
WORD_BUDGET = 2_000
CHARACTER_BUDGET = 6_000
# Texts whose changed middle is at most this long (both sides together) are diffed by
# character, which costs at most about (240 / 2)² units; a longer middle, even one of two
# changes far apart, goes by word.
CHAR_DIFF_CHARS = 240
# How deep patience anchoring looks inside the stretches between anchors.
MAX_ANCHOR_DEPTH = 8
# Anchors of single words are enough when there is one every this many words; sparser ones
# are tried again with runs of three words.
ANCHOR_DENSITY = 20

_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
# A "word" of a diff: a run of Hangul, of other letters or of digits, or any other single
# character (punctuation), with the white space after it. That is an eojeol (Korean's
# space-separated unit, a stem with its particles) with its punctuation split off, and also
# split where the script changes: a particle written onto a Latin name or a number ("LLM의",
# "3배") is worth telling apart from the name.
_TOKEN = re.compile(rf"\s+|(?:[{_HANGUL}]+|[^\W\d_{_HANGUL}]+|\d+|.)\s*", re.DOTALL)


@dataclass(frozen=True)
class DiffOp:
    kind: str  # "equal", "insert" or "delete"
    text: str


class _Budget:
    """The diff-match-patch work one diff may still do."""

    def __init__(self, units: int) -> None:
        self.left = units

    def take(self, before: str, after: str) -> bool:
        """Pay for diffing `before` with `after` if the worst case fits in what is left.

        diff-match-patch's bisection walks about ((n + m) / 2)² cells when nothing matches,
        and its recursion about as many again; what is charged here is that worst case.
        """
        cost = ((len(before) + len(after)) // 2 + 1) ** 2
        if cost > self.left:
            return False
        self.left -= cost
        return True


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    # No deadline: the budget bounds the work, and an unbounded run always gives the same,
    # minimal diff, where a deadline gives whatever the machine managed in the time.
    engine.Diff_Timeout = 0
    return engine


def _reads_well(diffs: list[tuple[int, str]], before: str, after: str) -> bool:
    """Whether a character diff keeps at least half of the longer text as it was. Below
    that, what it keeps are stray syllables between deletions and insertions, which read
    worse than the whole words replaced."""
    kept = sum(len(text) for op, text in diffs if op == EQUAL)
    return 2 * kept >= max(len(before), len(after))


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, found by halving (each comparison runs in C)."""
    if not a or not b or a[0] != b[0]:
        return 0
    low, high = 1, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _affixes(a: str, b: str) -> tuple[int, int]:
    prefix = _common_prefix(a, b)
    suffix = _common_prefix(a[prefix:][::-1], b[prefix:][::-1])
    return prefix, suffix


def _anchors(a: str, b: str, width: int) -> list[tuple[int, int]]:
    """Where runs of `width` words found exactly once in each of `a` and `b` start, in both:
    the longest chain of them in the same order in both, without overlaps (patience diff)."""
    if width == 1:
        runs_a, runs_b = a, b
    else:
        runs_a = [a[i : i + width] for i in range(len(a) - width + 1)]
        runs_b = [b[j : j + width] for j in range(len(b) - width + 1)]
    count_a, count_b = Counter(runs_a), Counter(runs_b)
    in_b = {run: j for j, run in enumerate(runs_b) if count_b[run] == 1}
    pairs = [(i, in_b[run]) for i, run in enumerate(runs_a) if count_a[run] == 1 and run in in_b]
    # Longest increasing run of positions in `b`, by patience sorting.
    tails: list[int] = []  # position in `b` ending the best run of each length
    ends: list[int] = []  # index in `pairs` of that run's last pair
    previous = [-1] * len(pairs)
    for index, (_i, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[length] = j
            ends[length] = index
        previous[index] = ends[length - 1] if length else -1
    chain = []
    index = ends[-1] if ends else -1
    while index != -1:
        chain.append(pairs[index])
        index = previous[index]
    anchors: list[tuple[int, int]] = []
    for i, j in reversed(chain):
        if not anchors or (i >= anchors[-1][0] + width and j >= anchors[-1][1] + width):
            anchors.append((i, j))
    return anchors


def _anchoring(a: str, b: str) -> tuple[list[tuple[int, int]], int]:
    """Anchors of single words, or, where words repeat too much to anchor much (a text that
    says the same sentences twice), of runs of three words, with the width used."""
    best: tuple[list[tuple[int, int]], int] = ([], 1)
    for width in (1, 3):
        anchors = _anchors(a, b, width)
        if len(anchors) * width > len(best[0]) * best[1]:
            best = (anchors, width)
        if len(anchors) * width * ANCHOR_DENSITY >= min(len(a), len(b)):
            break
    return best


class _WordDiff:
    """A diff of two texts by word, each word encoded as one character."""

    def __init__(self, engine: diff_match_patch, budget: _Budget) -> None:
        self.engine = engine
        self.budget = budget

    def diff(self, before: str, after: str) -> list[tuple[int, str]]:
        tokens_before, tokens_after = _TOKEN.findall(before), _TOKEN.findall(after)
        words = list(dict.fromkeys(tokens_before + tokens_after))
        codes = dict(zip(words, map(chr, range(len(words))), strict=True))
        encoded: list[tuple[int, str]] = []
        self.gap(
            "".join(map(codes.__getitem__, tokens_before)),
            "".join(map(codes.__getitem__, tokens_after)),
            encoded,
            0,
        )
        return _semantic(
            [(op, "".join(map(words.__getitem__, map(ord, text)))) for op, text in _merged(encoded)]
        )

    def gap(self, a: str, b: str, out: list, depth: int) -> None:
        """Append the diff of `a` with `b` to `out`."""
        prefix, suffix = _affixes(a, b)
        if prefix:
            out.append((EQUAL, a[:prefix]))
        tail = a[len(a) - suffix :]
        a, b = a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]
        if not a or not b:
            out.append((DELETE, a) if a else (INSERT, b))
        elif len(a) == 1 or len(b) == 1 or set(a).isdisjoint(b):
            # A single word on one side is either inside the other side or replaced, and
            # sides without a word in common are replaced: no search needed.
            out.extend(self.short(a, b))
        elif self.budget.take(a, b):
            out.extend(self.engine.diff_main(a, b, False))
        elif depth < MAX_ANCHOR_DEPTH and (anchoring := _anchoring(a, b))[0]:
            anchors, width = anchoring
            i0 = j0 = 0
            for i, j in [*anchors, (len(a), len(b))]:
                if a[i0:i] == b[j0:j]:
                    out.append((EQUAL, a[i0 : i + width]))
                else:
                    self.gap(a[i0:i], b[j0:j], out, depth + 1)
                    out.append((EQUAL, a[i : i + width]))
                i0, j0 = i + width, j + width
        else:
            out.extend([(DELETE, a), (INSERT, b)])
        if suffix:
            out.append((EQUAL, tail))

    @staticmethod
    def short(a: str, b: str) -> list[tuple[int, str]]:
        """The diff when one side is a single word, or the sides share none."""
        if len(a) == 1 and (at := b.find(a)) != -1:
            return [(INSERT, b[:at]), (EQUAL, a), (INSERT, b[at + 1 :])]
        if len(b) == 1 and (at := a.find(b)) != -1:
            return [(DELETE, a[:at]), (EQUAL, b), (DELETE, a[at + 1 :])]
        return [(DELETE, a), (INSERT, b)]


def _semantic(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """diff-match-patch's semantic clean-up rule, in one pass: an equality no longer than
    the edits on each side of it becomes part of them. Lengths count characters, and every
    op starts and ends at a word boundary, as it did.

    Runs of edits are kept on a stack between the equalities; a run that swallows the
    equality before it can make the one before that small enough too, which the inner loop
    looks at, so the whole is linear where diff-match-patch's list surgery is quadratic.
    """
    equalities = [""]  # equalities[k] comes before runs[k]
    runs: list[list] = []  # [deleted parts, inserted parts, deleted length, inserted length]
    run: list = [[], [], 0, 0]

    def push(run: list) -> None:
        while runs and equalities[-1]:
            equal, previous = equalities[-1], runs[-1]
            size = len(equal)
            if size > max(previous[2], previous[3]) or size > max(run[2], run[3]):
                break
            # The run before grows in place: the one arriving is usually the shorter.
            previous[0] += [equal, *run[0]]
            previous[1] += [equal, *run[1]]
            previous[2] += size + run[2]
            previous[3] += size + run[3]
            run = runs.pop()
            equalities.pop()
        runs.append(run)

    for op, text in diffs:
        if not text:
            continue
        if op == EQUAL:
            if run[2] or run[3]:
                push(run)
                run = [[], [], 0, 0]
                equalities.append(text)
            else:
                equalities[-1] += text
        elif op == DELETE:
            run[0].append(text)
            run[2] += len(text)
        else:
            run[1].append(text)
            run[3] += len(text)
    if run[2] or run[3]:
        push(run)
        equalities.append("")
    cleaned: list[tuple[int, str]] = []
    for equal, (deleted, inserted, _d, _i) in zip(equalities, runs, strict=False):
        if equal:
            cleaned.append((EQUAL, equal))
        if deleted:
            cleaned.append((DELETE, "".join(deleted)))
        if inserted:
            cleaned.append((INSERT, "".join(inserted)))
    if equalities[-1]:
        cleaned.append((EQUAL, equalities[-1]))
    return cleaned


def _refined(diffs: list[tuple[int, str]], engine: diff_match_patch, budget: _Budget):
    """Each replaced run of words diffed by character, where the budget allows and the
    character diff reads better than the whole words."""
    refined: list[tuple[int, str]] = []
    index = 0
    while index < len(diffs):
        op, text = diffs[index]
        if op != DELETE or index + 1 == len(diffs) or diffs[index + 1][0] != INSERT:
            refined.append((op, text))
            index += 1
            continue
        before, after = text, diffs[index + 1][1]
        index += 2
        characters = _by_character(before, after, engine, budget)
        if characters is not None and _reads_well(characters, before, after):
            refined.extend(characters)
        else:
            refined.extend([(DELETE, before), (INSERT, after)])
    return _merged(refined)


def _by_character(before: str, after: str, engine: diff_match_patch, budget: _Budget):
    """A character diff with semantic clean-up, or None if the budget cannot pay for it."""
    prefix, suffix = _affixes(before, after)
    a, b = before[prefix : len(before) - suffix], after[prefix : len(after) - suffix]
    if not a or not b or set(a).isdisjoint(b):
        middle = [(DELETE, a), (INSERT, b)]
    elif budget.take(a, b):
        middle = engine.diff_main(a, b, False)
        engine.diff_cleanupSemantic(middle)
    else:
        return None
    return [(EQUAL, before[:prefix]), *middle, (EQUAL, before[len(before) - suffix :])]


def _merged(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Neighbouring ops of one kind joined, empty ones dropped, deletions before insertions."""
    merged: list[tuple[int, str]] = []
    for equal, group in groupby(diffs, key=lambda diff: diff[0] == EQUAL):
        texts = list(group)
        if equal:
            merged.append((EQUAL, "".join([text for _op, text in texts])))
            continue
        merged.append((DELETE, "".join([text for op, text in texts if op == DELETE])))
        merged.append((INSERT, "".join([text for op, text in texts if op == INSERT])))
    return [(op, text) for op, text in merged if text]


def _rebuilds(diffs: list[tuple[int, str]], before: str, after: str) -> bool:
    old = "".join(text for op, text in diffs if op != INSERT)
    new = "".join(text for op, text in diffs if op != DELETE)
    return old == before and new == after


def _diff(before: str, after: str) -> list[tuple[int, str]]:
    engine = _engine()
    prefix, suffix = _affixes(before, after)
    diffs = None
    if len(before) + len(after) - 2 * (prefix + suffix) <= CHAR_DIFF_CHARS:
        diffs = engine.diff_main(before, after, False)
        engine.diff_cleanupSemantic(diffs)
        if not _reads_well(diffs, before, after):
            diffs = None
    if diffs is None:
        words = _WordDiff(engine, _Budget(WORD_BUDGET)).diff(before, after)
        diffs = _refined(words, engine, _Budget(CHARACTER_BUDGET))
    if _rebuilds(diffs, before, after):
        return diffs
    # A safety net: should a step above ever go wrong, the reader still sees a true diff.
    return _merged([(DELETE, before), (INSERT, after)])


def _ops(diffs: list) -> list[DiffOp]:
    return [DiffOp(kind=_KINDS[op], text=text) for op, text in diffs]


def diff_texts(before: str, after: str) -> list[DiffOp]:
    """Diff two texts in NFC so that composed and decomposed Hangul compare equal."""
    return _ops(_diff(unicodedata.normalize("NFC", before), unicodedata.normalize("NFC", after)))


def _key(before: str, after: str) -> str:
    digest = hashlib.sha256(ALGORITHM.encode())
    for text in (before, after):
        data = text.encode()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


Pair = tuple[str, str]


def stored_diffs(pairs: Iterable[Pair]) -> dict[Pair, list[DiffOp]]:
    """The diff of each (before, after) pair, read from the store in one query however many
    pairs there are; those not stored yet are computed and stored (one more query).

    Only for texts that never change (revisions, a suggestion and the text it was written
    against): each distinct pair adds a row for good. Identical texts need no row.
    """
    diffs: dict[Pair, list[DiffOp]] = {}
    keys: dict[Pair, str] = {}
    wanted: dict[str, Pair] = {}  # key: the pair in NFC
    for pair in pairs:
        if pair in diffs or pair in keys:
            continue
        before, after = (unicodedata.normalize("NFC", text) for text in pair)
        if before == after:
            diffs[pair] = [DiffOp(kind="equal", text=before)] if before else []
            continue
        keys[pair] = key = _key(before, after)
        wanted[key] = (before, after)
    if not wanted:
        return diffs
    stored = dict(StoredDiff.objects.filter(key__in=wanted).values_list("key", "ops"))
    missing = [StoredDiff(key=key, ops=_diff(*wanted[key])) for key in wanted if key not in stored]
    if missing:
        # Another request may store the same pair meanwhile; its row is as good as this one.
        StoredDiff.objects.bulk_create(missing, ignore_conflicts=True)
        stored.update((row.key, row.ops) for row in missing)
    for pair, key in keys.items():
        diffs[pair] = _ops(stored[key])
    return diffs

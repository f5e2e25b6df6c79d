"""Diffs of texts that never change: exact, readable at any amount of change, bounded, and
computed once, then read from the store."""

import datetime
import random
import re
import unicodedata
from unittest import mock

import pytest
from diff_match_patch import diff_match_patch
from django.urls import reverse

from corrections.models import Suggestion
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create, suggestion_update
from digest import diffing
from digest.diffing import diff_texts, stored_diffs
from digest.interchange import DigestData, EntryData, FieldData, SegmentData
from digest.loading import load_digest_file
from digest.models import Revision, StoredDiff
from digest.services import digest_import, entry_lock, revision_append
from tests.conftest import SAMPLE_PATH
from tests.factories import UserFactory

CHANGES = [0.01, 0.1, 0.3, 0.6, 1.0]
PARTICLES = "은는이가을를에의로와과도만"


def korean_sentences() -> list[str]:
    """The Korean sentences of the sample digest, in order."""
    (data,) = load_digest_file(SAMPLE_PATH)
    targets = [
        segment.target
        for entry in data.entries
        for field in entry.fields
        for segment in field.segments
    ]
    return [s for target in targets for s in re.split(r"(?<=[.?!])\s+", target) if s]


def long_korean(chars: int = 20_000, seed: int = 0) -> str:
    """About `chars` characters of real Korean: the sample's sentences, shuffled, repeated."""
    rng = random.Random(seed)
    sentences = korean_sentences()
    picked: list[str] = []
    while sum(len(s) + 1 for s in picked) < chars:
        rng.shuffle(sentences)
        picked.extend(sentences)
    return " ".join(picked)[:chars].rsplit(" ", 1)[0]


def changed(text: str, fraction: float, seed: int = 1) -> str:
    """`text` with about `fraction` of its words replaced, dropped, doubled with another word
    or given another particle, as an editor or a re-translation would."""
    rng = random.Random(seed)
    vocabulary = sorted({w for s in korean_sentences() for w in s.split()})
    words = []
    for word in text.split(" "):
        if rng.random() >= fraction:
            words.append(word)
            continue
        kind = rng.random()
        if kind < 0.4:
            words.append(rng.choice(vocabulary))
        elif kind < 0.55:
            continue
        elif kind < 0.7:
            words.extend([word, rng.choice(vocabulary)])
        else:
            words.append(word[:-1] + rng.choice(PARTICLES))
    return " ".join(words)


def rebuilt(ops) -> tuple[str, str]:
    """The two texts the ops describe, as the reader reconstructs them from the marks."""
    before = "".join(op.text for op in ops if op.kind != "insert")
    after = "".join(op.text for op in ops if op.kind != "delete")
    return before, after


def _hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def at_word_boundary(text: str, position: int) -> bool:
    """Whether a reader sees a cut at `position` between whole words: at the ends, after a
    space, beside punctuation, or where Hangul meets Latin letters or digits."""
    if position in (0, len(text)):
        return True
    left, right = text[position - 1], text[position]
    return (
        left.isspace()
        or not left.isalnum()
        or not right.isalnum()
        or _hangul(left) != _hangul(right)
        or left.isdigit() != right.isdigit()
    )


def cuts(ops) -> tuple[list[int], list[int]]:
    """Where each deletion and insertion starts and ends, in the old and the new text."""
    old_cuts, new_cuts = [], []
    old = new = 0
    for op in ops:
        if op.kind == "delete":
            old_cuts += [old, old + len(op.text)]
        if op.kind == "insert":
            new_cuts += [new, new + len(op.text)]
        if op.kind != "insert":
            old += len(op.text)
        if op.kind != "delete":
            new += len(op.text)
    return old_cuts, new_cuts


# --- exact ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", CHANGES)
def test_ops_rebuild_both_20k_korean_texts_at_any_amount_of_change(fraction):
    before = long_korean()
    after = changed(before, fraction)
    assert len(before) > 19_000
    assert rebuilt(diff_texts(before, after)) == (before, after)


def test_ops_rebuild_random_texts_of_every_kind():
    rng = random.Random(9)
    alphabet = "가나다라 마바사.아자,차 AB c1 23\n\t은는이가ᄀ\u1161"  # and a decomposed syllable
    for _ in range(400):
        before = "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 5, 60, 900])))
        if rng.random() < 0.5:
            after = "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 5, 60, 900])))
        else:
            after = changed(before, rng.random(), seed=rng.randrange(1000))
        ops = diff_texts(before, after)
        assert rebuilt(ops) == tuple(unicodedata.normalize("NFC", t) for t in (before, after))
        assert all(op.text for op in ops)  # no empty marks


@pytest.mark.parametrize("fraction", CHANGES)
def test_stored_diff_read_back_rebuilds_both_texts(db, fraction):
    before = long_korean(seed=2)
    after = changed(before, fraction, seed=3)
    stored_diffs([(before, after)])
    (row,) = StoredDiff.objects.all()
    assert len(row.key) == 64
    # What a later page reads is the stored row, which gives back both texts exactly.
    assert rebuilt(stored_diffs([(before, after)])[before, after]) == (before, after)


# --- readable -------------------------------------------------------------------------------


def test_a_changed_particle_is_marked_by_character_in_a_sentence_and_in_a_long_text():
    sentence = "대규모 언어 모델은 적은 데이터로도 빠르게 학습합니다."
    ops = diff_texts(sentence, sentence.replace("모델은", "모델이"))
    assert [(op.kind, op.text) for op in ops if op.kind != "equal"] == [
        ("delete", "은"),
        ("insert", "이"),
    ]
    # The same change twice, far apart in 20,000 characters: still one syllable each.
    text = long_korean(seed=4)
    long_after = sentence.replace("모델은", "모델이")
    ops = diff_texts(f"{sentence} {text} {sentence}", f"{long_after} {text} {long_after}")
    assert [(op.kind, op.text) for op in ops if op.kind != "equal"] == [
        ("delete", "은"),
        ("insert", "이"),
        ("delete", "은"),
        ("insert", "이"),
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # a short sentence rewritten
        (
            "이 모델은 대규모 데이터로 학습되어 높은 정확도를 보입니다.",
            "연구진은 새로운 벤치마크를 공개하고 결과를 비교했습니다.",
        ),
        # two unrelated halves of the sample, 10,000 and 5,000 characters
        (
            " ".join(korean_sentences()[: len(korean_sentences()) // 2]),
            " ".join(korean_sentences()[len(korean_sentences()) // 2 :]),
        ),
        # 20,000 characters, every word changed
        (long_korean(seed=5), changed(long_korean(seed=5), 1.0, seed=6)),
    ],
    ids=["sentence", "halves", "20k-all-words"],
)
def test_very_different_texts_are_marked_in_whole_words(before, after):
    ops = diff_texts(before, after)
    assert rebuilt(ops) == (before, after)
    old_cuts, new_cuts = cuts(ops)
    assert all(at_word_boundary(before, cut) for cut in old_cuts)
    assert all(at_word_boundary(after, cut) for cut in new_cuts)
    # Long runs, not character soup: on average a mark covers several words.
    marks = [op for op in ops if op.kind != "equal"]
    assert sum(len(op.text) for op in marks) / len(marks) > 20


def test_moderate_change_keeps_the_unchanged_words_unmarked():
    before = long_korean(seed=7)
    after = changed(before, 0.1, seed=8)
    ops = diff_texts(before, after)
    unchanged = sum(len(op.text) for op in ops if op.kind == "equal")
    assert unchanged > 0.8 * len(before)


# --- bounded --------------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", CHANGES)
def test_diff_match_patch_is_never_handed_more_than_a_short_changed_stretch(fraction):
    """Its cost grows with the square of what it compares; whatever the change, each call
    compares at most a few hundred changed characters (or encoded words)."""
    before = long_korean(seed=10)
    after = changed(before, fraction, seed=11)
    original = diff_match_patch.diff_main
    sizes = []

    def recording(engine, text1, text2, *args, **kwargs):
        prefix = engine.diff_commonPrefix(text1, text2)
        suffix = engine.diff_commonSuffix(text1[prefix:], text2[prefix:])
        sizes.append(len(text1) + len(text2) - 2 * (prefix + suffix))
        return original(engine, text1, text2, *args, **kwargs)

    with mock.patch.object(diff_match_patch, "diff_main", recording):
        ops = diff_texts(before, after)
    assert rebuilt(ops) == (before, after)
    assert max(sizes, default=0) <= diffing.CHAR_DIFF_CHARS


# --- computed once --------------------------------------------------------------------------


def test_stored_diffs_reads_any_number_of_pairs_in_one_query(db, django_assert_num_queries):
    pairs = [(f"문장 {n}은 짧습니다.", f"문장 {n}는 짧습니다.") for n in range(30)]
    with django_assert_num_queries(2):  # nothing stored yet: one read, one insert
        stored_diffs(pairs)
    with django_assert_num_queries(1):
        diffs = stored_diffs(pairs)
    assert len(diffs) == 30 and StoredDiff.objects.count() == 30
    with django_assert_num_queries(0):  # identical texts need no row
        assert stored_diffs([("같은 문장", "같은 문장")]) == {
            ("같은 문장", "같은 문장"): [diffing.DiffOp(kind="equal", text="같은 문장")]
        }


def test_composed_and_decomposed_hangul_share_one_stored_diff(db):
    before, after = "한국어 문장입니다.", "한국어 문장이었습니다."
    decomposed = unicodedata.normalize("NFD", before)
    stored_diffs([(before, after)])
    with mock.patch.object(diffing, "_diff", wraps=diffing._diff) as computed:
        ops = stored_diffs([(decomposed, after)])[decomposed, after]
    assert computed.call_count == 0 and StoredDiff.objects.count() == 1
    assert rebuilt(ops) == (before, after)


def _long_entry(editor, fraction: float):
    """A published entry whose abstract is 20,000 characters of Korean, in sentences of about
    1,700, and a second revision that changes `fraction` of its words."""
    text = long_korean(seed=12)
    pieces = [text[i : i + 1700] for i in range(0, len(text), 1700)]
    data = DigestData(
        slug="long-abstract",
        title="긴 초록",
        publisher="PyTorchKR",
        period_start=datetime.date(2024, 10, 21),
        period_end=datetime.date(2024, 10, 27),
        status="published",
        intro=(),
        notice=(),
        entries=(
            EntryData(
                position=1,
                kind="paper",
                source_url=None,
                read_more_url=None,
                fields=(
                    FieldData(name="title", segments=(SegmentData(source="T", target="제목"),)),
                    FieldData(
                        name="abstract",
                        segments=tuple(SegmentData(source="S", target=p) for p in pieces),
                    ),
                ),
            ),
        ),
    )
    entry = digest_import(data=data, publish=True).digest.entries.get()
    segments = entry.segments.filter(field="abstract").order_by("position")
    revision_append(
        entry=entry_lock(entry_id=entry.pk),
        kind=Revision.Kind.EDIT,
        texts={s.pk: changed(current_text(s), fraction, seed=s.position) for s in segments},
        editor=editor,
        summary="크게 고침",
    )
    return entry


@pytest.mark.parametrize("fraction", [0.1, 0.6])
def test_history_diff_of_20k_characters_is_computed_on_the_first_view_only(
    client, editor, fraction
):
    entry = _long_entry(editor, fraction)
    url = reverse("digest:history", args=[entry.digest.slug, 1]) + "?from=1&to=2"
    with mock.patch.object(diffing, "_diff", wraps=diffing._diff) as computed:
        first = client.get(url)
    assert first.status_code == 200 and "<del>" in first.content.decode()
    assert computed.call_count == 1  # the abstract; the title did not change
    assert StoredDiff.objects.count() == 1
    with mock.patch.object(diffing, "_diff", wraps=diffing._diff) as computed:
        second = client.get(url)
    assert computed.call_count == 0
    assert second.content.decode().count("<del>") == first.content.decode().count("<del>")
    # The API answers from the same row.
    with mock.patch.object(diffing, "_diff", wraps=diffing._diff) as computed:
        api = client.get(f"/api/v1/entries/{entry.pk}/diff/?from=1&to=2").json()
    assert computed.call_count == 0
    abstract = next(f for f in api["fields"] if f["name"] == "abstract")
    old = "".join(text for kind, text in abstract["ops"] if kind != "insert")
    assert len(old) > 19_000


def test_a_suggestion_is_diffed_when_written_and_never_on_a_page(client, member, sample_digest):
    segment = sample_digest.entries.get(position=7).segments.get(field="summary", position=0)
    text = current_text(segment).replace("8억", "80억")
    suggestion = suggestion_create(segment=segment, author=member, text=text)
    assert StoredDiff.objects.count() == 1
    suggestion_update(suggestion=suggestion, author=member, text=text + " (수정)")
    assert StoredDiff.objects.count() == 2
    with mock.patch.object(diffing, "_diff", wraps=diffing._diff) as computed:
        panel = client.get(reverse("corrections:segment", args=[segment.pk]))
        people = client.get(reverse("corrections:contributions", args=[member.pk]))
    assert computed.call_count == 0
    assert "<ins>0</ins>" in panel.content.decode() and "<ins>0</ins>" in people.content.decode()


def test_bulk_loaded_suggestions_are_diffed_on_their_first_view(client, sample_digest):
    """Rows written without the service (a bulk loader) have no stored diff: the first page
    that shows them computes and stores it, and no page computes it again."""
    segment = sample_digest.entries.get(position=7).segments.get(field="summary", position=0)
    base = current_text(segment)
    Suggestion.objects.bulk_create(
        Suggestion(
            segment=segment,
            author=UserFactory(),
            base_revision_id=segment.entry.current_revision_id,
            base_text=base,
            text=f"{base} 추가 {n}",
        )
        for n in range(3)
    )
    assert not StoredDiff.objects.exists()
    url = reverse("corrections:segment", args=[segment.pk])
    with mock.patch.object(diffing, "_diff", wraps=diffing._diff) as computed:
        assert "<ins> 추가 0</ins>" in client.get(url).content.decode()
    assert computed.call_count == 3 and StoredDiff.objects.count() == 3
    with mock.patch.object(diffing, "_diff", wraps=diffing._diff) as computed:
        client.get(url)
    assert computed.call_count == 0

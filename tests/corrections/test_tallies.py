"""The stored counts of open work (corrections.tallies) against what the rows say.

Editors read the review queue's totals, the header's figure and the attention list from the
tallies. Every service that opens or closes work must leave them equal to a recount, and the
figures an editor sees must match the rows the queue actually lists.
"""

import dataclasses
import datetime
import json
import random
import re
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import Conflict, DomainError, NotAllowed
from corrections import selectors
from corrections.models import Flag, MachineFinding, SegmentTally, Suggestion
from corrections.selectors import (
    QueueCount,
    QueueFilters,
    needs_attention,
    pending_count,
    review_queue,
    review_queue_count,
)
from corrections.services.flags import flag_create, flag_dismiss, flag_withdraw
from corrections.services.imports import import_settle
from corrections.services.review import (
    SuggestionOutdated,
    suggestion_accept,
    suggestion_reject,
    suggestions_publish,
)
from corrections.services.revisions import revision_revert
from corrections.services.segments import current_text, segment_edit
from corrections.services.suggestions import (
    suggestion_create,
    suggestion_update,
    suggestion_withdraw,
)
from corrections.services.votes import vote_cast
from corrections.tallies import tallies_recount, tallies_stored
from digest.exporting import digest_document
from digest.interchange import from_json
from digest.models import Segment
from digest.services import digest_import
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

OPEN = list(Suggestion.OPEN_STATUSES)
QUEUE = reverse("corrections:review_queue")
ATTENTION = reverse("corrections:needs_attention")


# --- what the rows say, counted here without the tallies ------------------------------------


def open_suggestions(**filters):
    return Suggestion.objects.filter(status__in=OPEN, segment__retired_in__isnull=True, **filters)


def expected_attention(digest_slug: str = "") -> dict[int, tuple[int, int, int]]:
    """Active sentences with open work or a finding on their current text:
    {segment: (open flags, open suggestions, sum of their scores)}."""
    segments = Segment.objects.filter(retired_in__isnull=True)
    if digest_slug:
        segments = segments.filter(entry__digest__slug=digest_slug)
    current = dict(segments.values_list("pk", "entry__current_revision_id"))
    flags = Counter(
        Flag.objects.filter(status="open", segment_id__in=current).values_list(
            "segment_id", flat=True
        )
    )
    suggestions: dict[int, list[int]] = defaultdict(list)
    for segment_id, score in Suggestion.objects.filter(
        status__in=OPEN, segment_id__in=current
    ).values_list("segment_id", "score"):
        suggestions[segment_id].append(score)
    found = {
        segment_id
        for segment_id, revision_id in MachineFinding.objects.filter(
            segment_id__in=current
        ).values_list("segment_id", "revision_id")
        if current[segment_id] == revision_id
    }
    return {
        pk: (flags[pk], len(suggestions[pk]), sum(suggestions[pk]))
        for pk in current
        if flags[pk] or suggestions[pk] or pk in found
    }


def check(*digests) -> None:
    """Stored tallies equal a recount, and every figure an editor reads equals the rows."""
    assert tallies_stored() == tallies_recount()
    assert pending_count() == open_suggestions().count()
    filter_sets = [QueueFilters(status=s) for s in ("", "pending", "outdated")]
    for digest in digests:
        filter_sets += [QueueFilters(digest=digest.slug, status=s) for s in ("", "outdated")]
        for entry in digest.entries.all():
            filter_sets += [
                QueueFilters(entry=entry.pk),
                QueueFilters(entry=entry.pk, status="pending"),
                QueueFilters(entry=entry.pk, digest=digest.slug, status="outdated"),
            ]
    if len(digests) > 1:
        # An entry of one digest with another digest's slug: nothing matches.
        entry = digests[0].entries.first()
        filter_sets.append(QueueFilters(entry=entry.pk, digest=digests[1].slug))
    # Suggestions the editor skipped in this session are left out of the rows and the count.
    skipped = tuple(open_suggestions().order_by("pk").values_list("pk", flat=True)[:2])
    filter_sets += [dataclasses.replace(f, exclude=skipped) for f in list(filter_sets)]
    for filters in filter_sets:
        rows = list(review_queue(filters))
        assert review_queue_count(filters) == QueueCount(len(rows)), filters
        # Sorting by flags must not lose a suggestion either.
        by_flags = list(review_queue(dataclasses.replace(filters, sort="flags")))
        assert sorted(s.pk for s in by_flags) == sorted(s.pk for s in rows), filters
        for suggestion in rows:
            assert suggestion.open_flags == len(suggestion.segment.open_flag_list)
    # The queue lists exactly the open suggestions on active sentences.
    assert sorted(s.pk for s in review_queue()) == sorted(
        open_suggestions().values_list("pk", flat=True)
    )
    for slug in ["", *(d.slug for d in digests)]:
        rows = list(needs_attention(digest=slug))
        shown = {s.pk: (s.open_flags, s.open_suggestions, s.votes) for s in rows}
        assert len(rows) == len(shown), slug  # each sentence once
        assert shown == expected_attention(slug), slug


def counts(**filters) -> tuple[int, int]:
    """(pending, outdated) as the queue reports them."""
    return (
        review_queue_count(QueueFilters(status="pending", **filters)).number,
        review_queue_count(QueueFilters(status="outdated", **filters)).number,
    )


def fix(segment, tag: str = "고침") -> str:
    return current_text(segment) + f" {tag}"


# --- a small world --------------------------------------------------------------------------


@dataclasses.dataclass
class World:
    digest: object
    other: object
    members: list
    editor: object

    @property
    def entries(self):
        return list(self.digest.entries.order_by("position"))

    def segments(self, position: int = 1) -> list[Segment]:
        return list(
            Segment.objects.filter(
                entry__digest=self.digest, entry__position=position, retired_in__isnull=True
            ).order_by("field", "position")
        )

    def check(self):
        check(self.digest, self.other)


@pytest.fixture
def world(editor):
    digest = make_digest(slug="tally-main", entries=2, sentences=1)
    other = make_digest(
        slug="tally-other", entries=1, sentences=1, start=datetime.date(2024, 11, 4)
    )
    members = [UserFactory() for _ in range(4)]
    # Work on another digest, which the digest and entry filters must leave out.
    elsewhere = Segment.objects.filter(entry__digest=other).first()
    suggestion_create(segment=elsewhere, author=members[3], text=fix(elsewhere, "다른 곳"))
    world = World(digest=digest, other=other, members=members, editor=editor)
    world.check()
    return world


# --- 1. every service keeps the tallies and the figures right -------------------------------


def test_flags_opened_withdrawn_and_dismissed(world):
    m0, m1, m2, _ = world.members
    seg, bare, _ = world.segments()
    suggestion = suggestion_create(segment=seg, author=m0, text=fix(seg))
    first = flag_create(segment=seg, author=m1, reason="awkward")
    flag_create(segment=seg, author=m2, reason="typo")
    only = flag_create(segment=bare, author=m1, reason="number")
    world.check()
    (row,) = review_queue(QueueFilters(entry=seg.entry_id))
    assert row.pk == suggestion.pk and row.open_flags == 2
    attention = {s.pk: s.open_flags for s in needs_attention(digest=world.digest.slug)}
    assert attention == {seg.pk: 2, bare.pk: 1}

    flag_withdraw(flag=first, user=m1)
    world.check()
    assert review_queue(QueueFilters(entry=seg.entry_id)).get().open_flags == 1

    flag_dismiss(flag=only, editor=world.editor)
    world.check()
    # Nothing is open on that sentence any more: it leaves the attention list.
    assert bare.pk not in {s.pk for s in needs_attention()}
    assert not SegmentTally.objects.filter(segment=bare).exists()


def test_suggestions_created_updated_and_withdrawn(world):
    m0, m1, m2, _ = world.members
    seg, other_seg, _ = world.segments()
    assert pending_count() == 1
    mine = suggestion_create(segment=seg, author=m0, text=fix(seg))
    suggestion_create(segment=other_seg, author=m1, text=fix(other_seg))
    world.check()
    assert pending_count() == 3
    assert counts(digest=world.digest.slug) == (2, 0)
    assert counts(entry=seg.entry_id) == (2, 0)

    vote_cast(suggestion=mine, voter=m1, value=1)
    vote_cast(suggestion=mine, voter=m2, value=1)
    world.check()
    assert needs_attention().get(pk=seg.pk).votes == 2
    # New wording: the votes were for the old one and are gone from the ranking too.
    suggestion_update(suggestion=mine, author=m0, text=fix(seg, "새 표현"))
    world.check()
    assert needs_attention().get(pk=seg.pk).votes == 0

    suggestion_withdraw(suggestion=mine, author=m0)
    world.check()
    assert pending_count() == 2
    assert counts(digest=world.digest.slug) == (1, 0)
    assert not SegmentTally.objects.filter(segment=seg).exists()


def test_votes_cast_changed_and_taken_back(world):
    m0, m1, m2, m3 = world.members
    seg = world.segments()[0]
    first = suggestion_create(segment=seg, author=m0, text=fix(seg, "하나"))
    second = suggestion_create(segment=seg, author=m1, text=fix(seg, "둘"))
    vote_cast(suggestion=first, voter=m1, value=1)
    vote_cast(suggestion=first, voter=m2, value=1)
    vote_cast(suggestion=second, voter=m3, value=-1)
    world.check()
    assert needs_attention().get(pk=seg.pk).votes == 1
    vote_cast(suggestion=first, voter=m1, value=-1)  # changed
    world.check()
    assert needs_attention().get(pk=seg.pk).votes == -1
    assert vote_cast(suggestion=first, voter=m2, value=1) is None  # taken back
    world.check()
    assert needs_attention().get(pk=seg.pk).votes == -2
    with pytest.raises(NotAllowed):
        vote_cast(suggestion=first, voter=m0, value=1)
    world.check()
    # Queue order by votes follows the scores.
    assert [s.pk for s in review_queue(QueueFilters(entry=seg.entry_id))] == [first.pk, second.pk]


def test_accepting_a_pending_suggestion_outdates_its_rivals(world):
    m0, m1, m2, _ = world.members
    seg = world.segments()[0]
    chosen = suggestion_create(segment=seg, author=m0, text=fix(seg, "채택"))
    rival = suggestion_create(segment=seg, author=m1, text=fix(seg, "경쟁"))
    flag_create(segment=seg, author=m2, reason="awkward")
    vote_cast(suggestion=chosen, voter=m2, value=1)
    suggestion_accept(suggestion=chosen, editor=world.editor)
    world.check()
    rival.refresh_from_db()
    assert rival.status == "outdated"
    assert counts(digest=world.digest.slug) == (0, 1)
    assert pending_count() == 2
    # The flag was resolved by the correction; the rival still waits.
    row = needs_attention().get(pk=seg.pk)
    assert (row.open_flags, row.open_suggestions, row.votes) == (0, 1, 0)


def test_accepting_an_outdated_suggestion(world):
    m0, m1, _, _ = world.members
    seg = world.segments()[0]
    suggestion = suggestion_create(segment=seg, author=m0, text=fix(seg))
    vote_cast(suggestion=suggestion, voter=m1, value=1)
    segment_edit(segment=seg, editor=world.editor, text="편집자가 " + current_text(seg))
    world.check()
    assert counts(entry=seg.entry_id) == (0, 1)
    # Without a text to publish, accepting an outdated suggestion refuses and keeps it open.
    with pytest.raises(SuggestionOutdated):
        suggestion_accept(suggestion=suggestion, editor=world.editor)
    world.check()
    assert counts(entry=seg.entry_id) == (0, 1)
    suggestion.refresh_from_db()
    text = suggestion.rebased_text or fix(seg, "재작성")
    suggestion_accept(suggestion=suggestion, editor=world.editor, text=text)
    world.check()
    assert current_text(seg) == text
    assert counts(entry=seg.entry_id) == (0, 0)
    assert pending_count() == 1
    assert not SegmentTally.objects.filter(segment=seg).exists()


def test_accepting_a_suggestion_whose_sentence_changed_meanwhile(world):
    m0, _, _, _ = world.members
    seg = world.segments()[0]
    suggestion = suggestion_create(segment=seg, author=m0, text=fix(seg))
    # Written against text that changed since (a concurrent edit between the editor's page
    # and the accept): accepting records it as outdated instead of publishing it.
    Suggestion.objects.filter(pk=suggestion.pk).update(base_text="예전에 읽힌 문장입니다.")
    assert counts(entry=seg.entry_id) == (1, 0)
    with pytest.raises(SuggestionOutdated):
        suggestion_accept(suggestion=suggestion, editor=world.editor)
    world.check()
    assert counts(entry=seg.entry_id) == (0, 1)
    assert pending_count() == 2


def test_rejecting_pending_and_outdated_suggestions(world):
    m0, m1, _, _ = world.members
    seg, other_seg, _ = world.segments()
    pending = suggestion_create(segment=seg, author=m0, text=fix(seg))
    outdated = suggestion_create(segment=other_seg, author=m1, text=fix(other_seg))
    segment_edit(segment=other_seg, editor=world.editor, text="다시 쓴 문장입니다.")
    world.check()
    assert counts(entry=seg.entry_id) == (1, 1)
    suggestion_reject(suggestion=pending, editor=world.editor, reason="not_better")
    world.check()
    assert counts(entry=seg.entry_id) == (0, 1)
    suggestion_reject(suggestion=outdated, editor=world.editor, reason="other", note="이미 고침")
    world.check()
    assert counts(entry=seg.entry_id) == (0, 0)
    assert pending_count() == 1


def test_batch_publish_accepts_some_and_outdates_others(world):
    m0, m1, m2, _ = world.members
    a, b, c = world.segments()
    on_a = suggestion_create(segment=a, author=m0, text=fix(a))
    rival_on_a = suggestion_create(segment=a, author=m1, text=fix(a, "경쟁"))
    on_b = suggestion_create(segment=b, author=m1, text=fix(b))
    stale = suggestion_create(segment=c, author=m2, text=fix(c))
    flag_create(segment=a, author=m2, reason="typo")
    # A suggestion written against text that has changed since (a concurrent edit that
    # happened between the editor's page and the publish): the batch must outdate it.
    Suggestion.objects.filter(pk=stale.pk).update(base_text="예전에 읽힌 문장입니다.")
    world.check()
    result = suggestions_publish(
        entry=a.entry, suggestion_ids=[on_a.pk, on_b.pk, stale.pk], editor=world.editor
    )
    assert {s.pk for s in result.accepted} == {on_a.pk, on_b.pk}
    assert [s.pk for s in result.outdated] == [stale.pk]
    world.check()
    rival_on_a.refresh_from_db()
    assert rival_on_a.status == "outdated"
    assert counts(entry=a.entry_id) == (0, 2)
    assert counts(digest=world.digest.slug) == (0, 2)
    assert pending_count() == 3


def test_batch_publish_where_every_suggestion_is_stale(world):
    m0, m1, _, _ = world.members
    a, b, _ = world.segments()
    one = suggestion_create(segment=a, author=m0, text=fix(a))
    two = suggestion_create(segment=b, author=m1, text=fix(b))
    Suggestion.objects.filter(pk__in=[one.pk, two.pk]).update(base_text="예전 문장입니다.")
    with pytest.raises(SuggestionOutdated):
        suggestions_publish(entry=a.entry, suggestion_ids=[one.pk, two.pk], editor=world.editor)
    world.check()
    assert counts(entry=a.entry_id) == (0, 2)


def test_direct_edit(world):
    m0, m1, m2, _ = world.members
    a, b, _ = world.segments()
    suggestion_create(segment=a, author=m0, text=fix(a))
    suggestion_create(segment=a, author=m1, text=fix(a, "둘"))
    suggestion_create(segment=b, author=m1, text=fix(b))
    flag_create(segment=a, author=m2, reason="awkward")
    segment_edit(segment=a, editor=world.editor, text="편집자가 고친 문장입니다.")
    world.check()
    assert counts(entry=a.entry_id) == (1, 2)
    assert needs_attention().get(pk=a.pk).open_flags == 0


def test_revert_that_brings_back_an_old_text(world):
    m0, m1, _, _ = world.members
    a, b, _ = world.segments()
    entry = a.entry
    segment_edit(segment=a, editor=world.editor, text="편집한 문장입니다.")
    on_edited = suggestion_create(segment=a, author=m0, text="편집한 문장입니다. 더 고침")
    untouched = suggestion_create(segment=b, author=m1, text=fix(b))
    flag_create(segment=a, author=m1, reason="awkward")
    world.check()
    revision_revert(entry=entry, editor=world.editor, to_number=1)
    world.check()
    on_edited.refresh_from_db()
    untouched.refresh_from_db()
    assert (on_edited.status, untouched.status) == ("outdated", "pending")
    assert counts(entry=entry.pk) == (1, 1)
    # A revert corrects nothing: the reader's flag stays open and ranked.
    assert needs_attention().get(pk=a.pk).open_flags == 1


def reimport(tmp_path, digest, change) -> str:
    """Export the digest, let `change` edit the document, import it with --update."""
    out = StringIO()
    call_command("export_digest", digest.slug, stdout=out)
    document = json.loads(out.getvalue())
    change(document)
    path = tmp_path / "update.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("import_digest", str(path), "--update", stdout=out)
    return out.getvalue()


def field_of(document, position: int, name: str) -> dict:
    (entry,) = [e for e in document["entries"] if e["position"] == position]
    (field,) = [f for f in entry["fields"] if f["name"] == name]
    return field


def test_reimport_that_changes_and_retires_sentences(tmp_path, world):
    m0, m1, m2, _ = world.members
    by_field = {s.field: s for s in world.segments()}
    changed, retired = by_field["summary"], by_field["title"]
    on_changed = suggestion_create(segment=changed, author=m0, text=fix(changed))
    on_retired = suggestion_create(segment=retired, author=m1, text=fix(retired))
    vote_cast(suggestion=on_retired, voter=m2, value=1)
    flag_create(segment=retired, author=m2, reason="typo")
    flag_create(segment=changed, author=m1, reason="typo")
    world.check()
    assert pending_count() == 3

    def edit(document):
        summary = field_of(document, 1, "summary")["segments"][0]
        summary["target"] = "기계가 새로 번역한 요약 문장입니다."
        title = field_of(document, 1, "title")
        title["segments"] = [{"source": "A new English title.", "target": "새 제목입니다."}]

    reimport(tmp_path, world.digest, edit)
    retired.refresh_from_db()
    assert retired.retired_in is not None
    on_changed.refresh_from_db()
    assert on_changed.status == "outdated"
    world.check()
    # The changed sentence's suggestion still waits (outdated); the retired one does not count.
    assert pending_count() == 2
    assert counts(digest=world.digest.slug) == (0, 1)
    assert not SegmentTally.objects.filter(segment=retired).exists()
    assert needs_attention().get(pk=changed.pk).open_flags == 0


# --- 3. retired sentences -------------------------------------------------------------------


def test_retired_sentences_leave_no_tally_and_no_count(tmp_path, world, client):
    m0, m1, m2, _ = world.members
    title = {s.field: s for s in world.segments()}["title"]
    suggestion = suggestion_create(segment=title, author=m0, text=fix(title))
    vote_cast(suggestion=suggestion, voter=m1, value=1)
    flag_create(segment=title, author=m2, reason="awkward")

    def new_english(document):
        field_of(document, 1, "title")["segments"] = [
            {"source": "Another English title.", "target": "다른 제목입니다."}
        ]

    reimport(tmp_path, world.digest, new_english)
    title.refresh_from_db()
    assert title.retired_in is not None
    world.check()
    assert not SegmentTally.objects.filter(segment=title).exists()
    assert pending_count() == 1  # only the other digest's suggestion
    assert title.pk not in {s.pk for s in needs_attention()}
    assert suggestion.pk not in {s.pk for s in review_queue()}
    client.force_login(world.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "1 suggestion waiting for review." in client.get(QUEUE).content.decode()

    # Its outdated suggestion can still be closed; that must not bring its tally back.
    suggestion_reject(suggestion=suggestion, editor=world.editor, reason="not_better")
    world.check()
    assert not SegmentTally.objects.filter(segment=title).exists()
    # Nobody can add work to it.
    with pytest.raises(DomainError):
        flag_create(segment=title, author=m1, reason="typo")
    with pytest.raises(DomainError):
        suggestion_create(segment=title, author=m1, text="새 제안입니다.")
    world.check()
    assert pending_count() == 1


def test_rejecting_work_left_on_a_retired_sentence_keeps_the_header_right(tmp_path, world):
    m0, m1, _, _ = world.members
    title = {s.field: s for s in world.segments()}["title"]
    first = suggestion_create(segment=title, author=m0, text=fix(title, "하나"))
    second = suggestion_create(segment=title, author=m1, text=fix(title, "둘"))

    def new_english(document):
        field_of(document, 1, "title")["segments"] = [
            {"source": "Yet another title.", "target": "또 다른 제목입니다."}
        ]

    reimport(tmp_path, world.digest, new_english)
    for suggestion in (first, second):
        suggestion_reject(suggestion=suggestion, editor=world.editor, reason="not_better")
        world.check()
        assert pending_count() == 1


# --- 2. random sequences ---------------------------------------------------------------------


class Walk:
    """Random operations by three members and an editor on a small digest."""

    def __init__(self, seed: int, editor):
        self.rng = random.Random(seed)
        self.digest = make_digest(slug=f"walk-{seed}", entries=2, sentences=1)
        self.members = [UserFactory() for _ in range(3)]
        self.editor = editor
        self.people = [*self.members, editor]
        self.n = 0

    def pick(self, queryset):
        items = list(queryset)
        return self.rng.choice(items) if items else None

    def segment(self):
        return self.pick(
            Segment.objects.filter(entry__digest=self.digest, retired_in__isnull=True).order_by(
                "pk"
            )
        )

    def suggestion(self, statuses=OPEN):
        return self.pick(
            Suggestion.objects.filter(
                segment__entry__digest=self.digest, status__in=statuses
            ).order_by("pk")
        )

    def flag(self):
        return self.pick(
            Flag.objects.filter(segment__entry__digest=self.digest, status="open").order_by("pk")
        )

    def text(self, segment) -> str:
        self.n += 1
        if self.rng.random() < 0.1:
            return current_text(segment)  # the same as now: refused
        return current_text(segment) + f" 고침{self.n % 4}"  # repeats sometimes: duplicates

    # operations ---------------------------------------------------------------------------

    def op_flag(self):
        flag_create(
            segment=self.segment(),
            author=self.rng.choice(self.people),
            reason=self.rng.choice(Flag.Reason.values),
        )

    def op_flag_withdraw(self):
        if flag := self.flag():
            user = flag.author if self.rng.random() < 0.8 else self.rng.choice(self.people)
            flag_withdraw(flag=flag, user=user)

    def op_flag_dismiss(self):
        if flag := self.flag():
            flag_dismiss(flag=flag, editor=self.editor)

    def op_suggest(self):
        segment = self.segment()
        suggestion_create(
            segment=segment, author=self.rng.choice(self.people), text=self.text(segment)
        )

    def op_update(self):
        if suggestion := self.suggestion(["pending"]):
            author = suggestion.author if self.rng.random() < 0.8 else self.rng.choice(self.people)
            suggestion_update(
                suggestion=suggestion, author=author, text=self.text(suggestion.segment)
            )

    def op_withdraw(self):
        if suggestion := self.suggestion():
            suggestion_withdraw(suggestion=suggestion, author=suggestion.author)

    def op_vote(self):
        if suggestion := self.suggestion():
            vote_cast(
                suggestion=suggestion,
                voter=self.rng.choice(self.people),
                value=self.rng.choice([1, -1]),
            )

    def op_accept(self):
        if suggestion := self.suggestion():
            text = None
            if suggestion.status == "outdated" and self.rng.random() < 0.7:
                text = suggestion.rebased_text or suggestion.text
            suggestion_accept(suggestion=suggestion, editor=self.editor, text=text)

    def op_reject(self):
        if suggestion := self.suggestion():
            reason = self.rng.choice(Suggestion.RejectReason.values)
            suggestion_reject(
                suggestion=suggestion, editor=self.editor, reason=reason, note="왜냐하면"
            )

    def op_batch(self):
        entry = self.rng.choice(list(self.digest.entries.order_by("pk")))
        one_each: dict[int, int] = {}
        for suggestion in (
            Suggestion.objects.filter(segment__entry=entry, status="pending")
            .exclude(author=self.editor)
            .order_by("pk")
        ):
            one_each.setdefault(suggestion.segment_id, suggestion.pk)
        ids = [pk for pk in one_each.values() if self.rng.random() < 0.7]
        if ids:
            if self.rng.random() < 0.3:  # one of them went stale meanwhile
                Suggestion.objects.filter(pk=self.rng.choice(ids)).update(base_text="예전 문장.")
            suggestions_publish(entry=entry, suggestion_ids=ids, editor=self.editor)

    def op_edit(self):
        segment = self.segment()
        self.n += 1
        segment_edit(segment=segment, editor=self.editor, text=f"편집 {self.n % 3}: 문장입니다.")

    def op_revert(self):
        # Mostly undo the latest change of an entry with open suggestions, so the revert
        # changes sentences people are working on; now and then a refused one (the current).
        entry = self.pick(
            self.digest.entries.filter(segments__suggestions__status="pending")
            .distinct()
            .order_by("pk")
        ) or self.rng.choice(list(self.digest.entries.order_by("pk")))
        latest = entry.current_revision.number
        if latest == 1 or self.rng.random() < 0.1:
            to_number = latest
        elif self.rng.random() < 0.7:
            to_number = latest - 1
        else:
            to_number = self.rng.randint(1, latest - 1)
        revision_revert(entry=entry, editor=self.editor, to_number=to_number)

    def op_reimport(self):
        document = digest_document(digest=self.digest)
        entry = self.rng.choice(document["entries"])
        field = self.rng.choice(entry["fields"])
        self.n += 1
        if self.rng.random() < 0.5:
            segment = self.rng.choice(field["segments"])
            segment["target"] = f"기계 번역 {self.n}입니다."
        else:
            field["segments"] = [
                {"source": f"New English {self.n}.", "target": f"새 문장 {self.n}입니다."}
            ]
        with transaction.atomic():  # as import_digest does
            result = digest_import(data=from_json(document), update=True)
            import_settle(result=result)

    OPERATIONS = {
        "flag": 3,
        "flag_withdraw": 1,
        "flag_dismiss": 1,
        "suggest": 5,
        "update": 1,
        "withdraw": 1,
        "vote": 4,
        "accept": 2,
        "reject": 1,
        "batch": 1,
        "edit": 2,
        "revert": 2,
        "reimport": 1,
    }

    def step(self) -> str:
        """Run one random operation; its name, with "!" when it was refused."""
        names = list(self.OPERATIONS)
        name = self.rng.choices(names, weights=[self.OPERATIONS[n] for n in names])[0]
        # Refusals are part of the walk: own votes, stale accepts, nothing to change...
        try:
            getattr(self, f"op_{name}")()
        except DomainError:
            return name + "!"
        return name


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_sequences_keep_the_tallies_exact(editor, seed):
    walk = Walk(seed, editor)
    done = []
    for _ in range(60):
        done.append(walk.step())
        assert tallies_stored() == tallies_recount(), done
        assert pending_count() == open_suggestions().count(), done
        digest_filter = QueueFilters(digest=walk.digest.slug)
        assert review_queue_count(digest_filter).number == len(list(review_queue(digest_filter)))
    check(walk.digest)
    # The walk did real work, not only refused operations.
    succeeded = {name for name in done if not name.endswith("!")}
    assert {"suggest", "vote", "flag"} <= succeeded, done
    assert len(succeeded & {"accept", "reject", "batch", "edit", "revert", "reimport"}) >= 3, done


# --- 4. the bounded count ---------------------------------------------------------------------


def bounded_world(editor, how: str):
    """Six suggestions matching the filter `how`, and one that does not."""
    digest = make_digest(slug="bounded", entries=3, sentences=1)
    author, other, flagger = UserFactory(), UserFactory(), UserFactory()
    segments = list(Segment.objects.filter(entry__digest=digest).order_by("pk"))
    matching = []
    for segment in segments[:6]:
        flag_create(segment=segment, author=flagger, reason="typo")
        matching.append(suggestion_create(segment=segment, author=author, text=fix(segment)))
    last = segments[6]
    flag_create(segment=last, author=flagger, reason="awkward")
    suggestion_create(segment=last, author=other, text=fix(last))
    if how == "older_than_days":
        Suggestion.objects.filter(pk__in=[s.pk for s in matching]).update(
            created_at=timezone.now() - datetime.timedelta(days=30)
        )
    query = {
        "reason": "reason=typo",
        "author": f"author={author.pk}",
        "older_than_days": "older_than_days=7",
    }
    return matching, author, query[how]


def shown_ids(html: str) -> list[int]:
    return [
        int(pk)
        for pk in re.findall(r'<article class="review-item[^"]*" id="suggestion-(\d+)"', html)
    ]


def all_pages(client, query: str) -> tuple[str, list[int], int]:
    first = client.get(f"{QUEUE}?{query}").content.decode()
    total_pages = int(re.search(r"Page 1 of (\d+)", first).group(1)) if "Page 1 of" in first else 1
    ids = []
    for number in range(1, total_pages + 2):  # one past the end: the last page again
        html = client.get(f"{QUEUE}?{query}&page={number}").content.decode()
        if number <= total_pages:
            ids += shown_ids(html)
        else:
            assert shown_ids(html) == shown_ids(
                client.get(f"{QUEUE}?{query}&page={total_pages}").content.decode()
            )
    return first, ids, total_pages


@pytest.mark.parametrize("how", ["reason", "author", "older_than_days"])
def test_bounded_count_says_more_than_and_pages_stop_at_the_limit(client, editor, monkeypatch, how):
    from corrections.views import review

    monkeypatch.setattr(selectors, "QUEUE_COUNT_LIMIT", 5)
    monkeypatch.setattr(review, "QUEUE_PAGE_SIZE", 2)
    matching, author, query = bounded_world(editor, how)
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    first, ids, pages = all_pages(client, query)
    assert "More than 5 suggestions match these filters." in first
    assert "waiting for review" not in first
    assert "The pages reach the first 5 suggestions" in first
    assert pages == 3
    assert len(ids) == 5 and len(set(ids)) == 5
    assert set(ids) <= {s.pk for s in matching}

    # Exactly the limit: the exact number, every one reachable, no note.
    suggestion_withdraw(suggestion=matching[0], author=author)
    first, ids, pages = all_pages(client, query)
    assert "5 suggestions waiting for review." in first
    assert "More than" not in first and "The pages reach" not in first
    assert pages == 3
    assert sorted(ids) == sorted(s.pk for s in matching[1:])


def test_unfiltered_queue_above_the_limit_gives_the_exact_number_and_stops_paging(
    client, editor, monkeypatch
):
    from corrections.views import review

    monkeypatch.setattr(selectors, "QUEUE_COUNT_LIMIT", 5)
    monkeypatch.setattr(review, "QUEUE_PAGE_SIZE", 2)
    bounded_world(editor, "reason")
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    first, ids, pages = all_pages(client, "sort=oldest")
    assert "7 suggestions waiting for review." in first
    assert "The pages reach the first 5 suggestions" in first
    assert pages == 3 and len(set(ids)) == 5


# --- 5. query counts do not grow with the data -------------------------------------------------


def populate(entry, people, editor) -> None:
    """Per entry: two flags and a voted suggestion on one sentence, a flag and an error on
    another, an outdated suggestion and a warning on the third."""
    a, b, c = entry.segments.order_by("field", "position")
    flag_create(segment=a, author=people[0], reason="awkward")
    flag_create(segment=a, author=people[1], reason="number")
    flag_create(segment=b, author=people[0], reason="typo")
    voted = suggestion_create(segment=a, author=people[1], text=fix(a))
    vote_cast(suggestion=voted, voter=people[2], value=1)
    suggestion_create(segment=c, author=people[1], text=fix(c))
    segment_edit(segment=c, editor=editor, text=f"편집한 {entry.position}번 문장입니다.")
    entry.refresh_from_db()
    for segment, severity in ((b, "error"), (c, "warning")):
        MachineFinding.objects.create(
            segment=segment,
            revision_id=entry.current_revision_id,
            check_code="numbers",
            severity=severity,
            message="A number differs from the source.",
        )


PAGES = {
    "queue votes": QUEUE + "?sort=votes",
    "queue oldest": QUEUE + "?sort=oldest",
    "queue newest": QUEUE + "?sort=newest",
    "queue flags": QUEUE + "?sort=flags",
    "queue digest": QUEUE + "?digest=sized",
    "queue reason": QUEUE + "?reason=number",
    "queue outdated": QUEUE + "?status=outdated&sort=flags",
    "attention": ATTENTION,
    "attention digest": ATTENTION + "?digest=sized",
}


def test_queue_and_attention_query_counts_are_flat(client, editor, count_queries):
    digest = make_digest(slug="sized", entries=8, sentences=1)
    people = [UserFactory() for _ in range(3)]
    entries = list(digest.entries.order_by("position"))
    client.force_login(editor)

    def measure():
        return {name: count_queries(lambda url=url: client.get(url)) for name, url in PAGES.items()}

    for entry in entries[:2]:
        populate(entry, people, editor)
    small = measure()
    small_shown = len(shown_ids(client.get(QUEUE).content.decode()))
    for entry in entries[2:]:
        populate(entry, people, editor)
    large = measure()
    assert (small_shown, len(shown_ids(client.get(QUEUE).content.decode()))) == (4, 16)
    html = client.get(ATTENTION).content.decode()
    assert html.count('class="review-item"') == 24
    assert large == small


# --- 6. the attention list's order -------------------------------------------------------------


def test_attention_list_order(client, editor):
    digest = make_digest(slug="attention", entries=3, sentences=1)
    m = [UserFactory() for _ in range(5)]
    segs = list(Segment.objects.filter(entry__digest=digest).order_by("pk"))
    two_flags, error, warning_voted, warning, finding_only, nothing, suggestion_only = segs[:7]

    def finding(segment, severity):
        MachineFinding.objects.create(
            segment=segment,
            revision_id=segment.entry.current_revision_id,
            check_code="numbers",
            severity=severity,
            message="A number differs from the source.",
        )

    flag_create(segment=two_flags, author=m[0], reason="awkward")
    flag_create(segment=two_flags, author=m[1], reason="typo")
    for segment in (error, warning_voted, warning):
        flag_create(segment=segment, author=m[0], reason="number")
    finding(error, "warning")  # its worst finding counts, and it is listed once
    finding(error, "error")
    finding(warning_voted, "warning")
    finding(warning, "warning")
    finding(finding_only, "error")
    voted = suggestion_create(segment=warning_voted, author=m[1], text=fix(warning_voted))
    vote_cast(suggestion=voted, voter=m[2], value=1)
    vote_cast(suggestion=voted, voter=m[3], value=1)
    suggestion_create(segment=warning, author=m[1], text=fix(warning))
    # Many votes, but no flag and no finding: below the sentence with only a finding.
    popular = suggestion_create(segment=suggestion_only, author=m[0], text=fix(suggestion_only))
    for voter in m[1:]:
        vote_cast(suggestion=popular, voter=voter, value=1)
    expected = [two_flags, error, warning_voted, warning, finding_only, suggestion_only]
    assert [s.pk for s in needs_attention(digest="attention")] == [s.pk for s in expected]
    assert nothing.pk not in {s.pk for s in needs_attention()}
    check(digest)

    client.force_login(editor)
    html = client.get(ATTENTION).content.decode()
    positions = [html.index(f'#seg-{s.pk}"') for s in expected]
    assert positions == sorted(positions)
    assert f'#seg-{nothing.pk}"' not in html

    # Withdrawing one of the two flags: now equal flags, and the error finding wins.
    flag_withdraw(flag=Flag.objects.get(segment=two_flags, author=m[1]), user=m[1])
    order = [s.pk for s in needs_attention(digest="attention")]
    assert order.index(error.pk) < order.index(two_flags.pk)
    check(digest)


def test_conflicting_vote_on_own_suggestion_changes_nothing(world):
    m0 = world.members[0]
    seg = world.segments()[0]
    own = suggestion_create(segment=seg, author=m0, text=fix(seg))
    before = tallies_stored()
    with pytest.raises(NotAllowed):
        vote_cast(suggestion=own, voter=m0, value=1)
    with pytest.raises(Conflict):
        suggestion_create(segment=seg, author=m0, text=own.text)
    assert tallies_stored() == before
    world.check()


def test_equal_rank_goes_to_the_latest_activity(member, other_member):
    digest = make_digest(slug="activity", entries=1, sentences=1)
    earlier, later, _ = Segment.objects.filter(entry__digest=digest).order_by("pk")
    flag_create(segment=later, author=member, reason="typo")
    flag_create(segment=earlier, author=member, reason="typo")
    suggestion_create(segment=later, author=other_member, text=fix(later))
    # Same flags, no finding, no votes: the sentence worked on last comes first.
    assert [s.pk for s in needs_attention(digest="activity")] == [later.pk, earlier.pk]


# --- under real concurrency (PostgreSQL) ---------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_work_on_one_digest_keeps_its_tally():
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL")
    digest = make_digest(slug="together", entries=4, sentences=1)
    segments = list(Segment.objects.filter(entry__digest=digest).order_by("pk"))
    authors = [UserFactory() for _ in segments]
    voter = UserFactory()
    errors: list[BaseException] = []

    def run_all(jobs):
        barrier = threading.Barrier(len(jobs))

        def run(job):
            try:
                barrier.wait(timeout=30)
                job()
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors

    run_all(
        [
            lambda s=s, a=a: suggestion_create(segment=s, author=a, text=s.source + " 번역")
            for s, a in zip(segments, authors, strict=True)
        ]
    )
    assert tallies_stored() == tallies_recount()
    assert pending_count() == len(segments)
    made = list(Suggestion.objects.order_by("pk"))
    jobs = []
    for n, suggestion in enumerate(made):
        if n % 3 == 0:
            jobs.append(lambda s=suggestion: suggestion_withdraw(suggestion=s, author=s.author))
        elif n % 3 == 1:
            jobs.append(lambda s=suggestion: vote_cast(suggestion=s, voter=voter, value=1))
        else:
            jobs.append(
                lambda s=suggestion: flag_create(segment=s.segment, author=voter, reason="typo")
            )
    run_all(jobs)
    assert tallies_stored() == tallies_recount()
    withdrawn = len(made[0::3])
    assert pending_count() == len(segments) - withdrawn
    assert review_queue_count(QueueFilters(digest="together")).number == len(segments) - withdrawn

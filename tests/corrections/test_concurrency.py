"""Twenty editors accept at once; PostgreSQL row locks must keep every change."""

import contextlib
import threading

import pytest
from django.db import connection, connections

from corrections.models import Suggestion
from corrections.services.review import SuggestionOutdated, suggestion_accept
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from digest.models import Revision
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
]


def test_twenty_simultaneous_accepts_lose_nothing(sample_digest):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL")
    entry = sample_digest.entries.get(position=1)
    segments = list(entry.segments.order_by("field", "position"))
    contested, others = segments[0], segments[1:11]
    assert len(others) == 10
    editors = [UserFactory() for _ in range(20)]
    from accounts.services import editor_grant

    for editor in editors:
        editor_grant(user=editor)

    suggestions = []
    for i in range(10):
        author = UserFactory()
        suggestions.append(
            suggestion_create(
                segment=contested, author=author, text=f"{current_text(contested)} 교정{i}"
            )
        )
    for i, segment in enumerate(others):
        suggestions.append(
            suggestion_create(
                segment=segment, author=UserFactory(), text=f"{current_text(segment)} 수정{i}"
            )
        )

    barrier = threading.Barrier(20)
    outcomes: dict[int, str] = {}
    errors: list[BaseException] = []

    def accept(suggestion, editor):
        try:
            barrier.wait(timeout=30)
            suggestion_accept(suggestion=suggestion, editor=editor)
            outcomes[suggestion.pk] = "accepted"
        except SuggestionOutdated:
            outcomes[suggestion.pk] = "outdated"
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=accept, args=(s, e))
        for s, e in zip(suggestions, editors, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    numbers = sorted(Revision.objects.filter(entry=entry).values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1)), "revision numbers must be gap-free"
    assert len(numbers) == 1 + 1 + 10  # machine + one contested winner + ten others

    statuses = dict(Suggestion.objects.values_list("pk", "status"))
    contested_ids = [s.pk for s in suggestions[:10]]
    other_ids = [s.pk for s in suggestions[10:]]
    assert [statuses[pk] for pk in contested_ids].count("accepted") == 1
    assert [statuses[pk] for pk in contested_ids].count("outdated") == 9
    assert all(statuses[pk] == "accepted" for pk in other_ids)
    assert {outcomes[pk] for pk in other_ids} == {"accepted"}
    for pk, status in statuses.items():
        assert outcomes[pk] == status or (status == "outdated" and outcomes[pk] == "outdated")

    # No change was lost: every accepted text is in the entry's current text.
    for suggestion in Suggestion.objects.filter(status="accepted").select_related("segment"):
        assert current_text(suggestion.segment) == suggestion.text


def test_two_entries_published_at_once_leave_each_finding_stored_once(sample_digest, monkeypatch):
    """Each publication re-checks the whole digest; two at once must not both write."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL")
    from django.db.models import Count

    import corrections.quality as quality
    from accounts.services import editor_grant
    from corrections.models import MachineFinding

    quality.findings_refresh(digest=sample_digest)
    before = MachineFinding.objects.count()
    editor = UserFactory()
    editor_grant(user=editor)
    suggestions = [
        suggestion_create(
            segment=segment, author=UserFactory(), text=f"{current_text(segment)} 고침"
        )
        for segment in (
            sample_digest.entries.get(position=position).segments.get(field="title")
            for position in (2, 3)
        )
    ]
    # Hold each refresh between reading the digest and replacing its findings, so that
    # without serialising both would delete the old rows and both insert the new ones.
    barrier = threading.Barrier(2)
    real = quality.verified_texts

    def held(rows):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)
        return real(rows)

    monkeypatch.setattr(quality, "verified_texts", held)
    errors: list[BaseException] = []

    def accept(suggestion):
        try:
            suggestion_accept(suggestion=suggestion, editor=editor)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(s,)) for s in suggestions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    doubled = (
        MachineFinding.objects.values("segment", "revision", "check_code", "message", "span_start")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert list(doubled) == []
    assert MachineFinding.objects.count() <= before + 2

"""Likes pressed at the same moment: the stored count must always equal the Like rows."""

import threading

import pytest
from django.db import connection, connections

from digest.models import Comment, Like
from digest.services.comments import comment_create
from digest.services.likes import like_set
from tests.factories import UserFactory, make_digest

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
]

THREADS = 20


@pytest.fixture
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent likes need PostgreSQL")


def storm(calls):
    """Run every (user, target, liked) at once, each thread on its own connection."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[bool, int]] = []
    errors: list[BaseException] = []

    def press(user, target, liked):
        try:
            barrier.wait(timeout=30)
            results.append(like_set(user=user, target=target, liked=liked))
        except BaseException as error:  # noqa: BLE001 - reported by the callers' assertions
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a like never finished"
    return results, errors


def stored(comment) -> tuple[int, int]:
    comment = Comment.objects.get(pk=comment.pk)
    return comment.like_count, Like.objects.filter(comment=comment).count()


@pytest.fixture
def comment(needs_postgres):
    digest = make_digest(slug="like-storm", entries=1, sentences=1)
    return comment_create(author=UserFactory(), digest=digest, body="좋아요를 눌러 주세요")


def test_twenty_members_at_once_make_twenty_likes(comment):
    members = [UserFactory() for _ in range(THREADS)]
    results, errors = storm([(m, comment, True) for m in members])
    assert errors == []
    assert stored(comment) == (THREADS, THREADS)
    assert all(liked for liked, _ in results)
    assert sorted(count for _, count in results)[-1] == THREADS

    # Then one member presses twenty times at once: one more like, no more.
    one = UserFactory()
    results, errors = storm([(one, comment, True) for _ in range(THREADS)])
    assert errors == []
    assert Like.objects.filter(comment=comment, user=one).count() == 1
    assert stored(comment) == (THREADS + 1, THREADS + 1)
    assert {liked for liked, _ in results} == {True}


def test_one_member_twenty_times_on_a_fresh_comment_is_one_like(comment):
    one = UserFactory()
    results, errors = storm([(one, comment, True) for _ in range(THREADS)])
    assert errors == []
    assert stored(comment) == (1, 1)
    assert results and all(result == (True, 1) for result in results)


def test_unlike_storm_keeps_count_equal_to_rows(comment):
    members = [UserFactory() for _ in range(THREADS)]
    for member in members:
        like_set(user=member, target=comment, liked=True)
    assert stored(comment) == (THREADS, THREADS)

    # Everyone takes the like back at once, each twice.
    results, errors = storm([(m, comment, False) for m in members for _ in range(2)])
    assert errors == []
    assert stored(comment) == (0, 0)
    assert {liked for liked, _ in results} == {False}


def test_mixed_like_and_unlike_storm_keeps_count_equal_to_rows(comment):
    members = [UserFactory() for _ in range(THREADS)]
    for member in members[: THREADS // 2]:
        like_set(user=member, target=comment, liked=True)

    # The first half unlike while the second half like, and one member flips back and forth.
    flipper = members[0]
    calls = [(m, comment, False) for m in members[1 : THREADS // 2]]
    calls += [(m, comment, True) for m in members[THREADS // 2 :]]
    calls += [(flipper, comment, i % 2 == 0) for i in range(6)]
    _results, errors = storm(calls)
    assert errors == []
    count, rows = stored(comment)
    assert count == rows
    assert rows in (THREADS // 2, THREADS // 2 + 1)  # the second half, and the flipper or not
    assert Like.objects.filter(comment=comment, user__in=members[1 : THREADS // 2]).count() == 0

"""Members' digest pages from cached blocks (digest.fragments): shared where members see the
same, never where they would differ, and fresh on the request after any write.

Writes run inside `committed()`, which runs the on-commit callbacks that renew the stamps.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.services import moderator_grant, suspension_impose
from digest.fragments import csrf_placeholder
from digest.models import Comment
from digest.services.comments import comment_create
from digest.services.likes import like_set
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.GYOJEONG_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def entry(sample_digest):
    return sample_digest.entries.get(position=3)


@pytest.fixture
def comment(sample_digest, entry, other_member, committed):
    with committed():
        return comment_create(
            author=other_member, digest=sample_digest, entry=entry, body="Block test comment"
        )


def page_of(client, digest) -> str:
    response = client.get(reverse("digest:digest", kwargs={"slug": digest.slug}))
    assert response.status_code == 200
    return response.content.decode()


def form_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def comment_count(html: str) -> int:
    shown = re.search(r'class="digest__comment-count">([^<]*)<', html).group(1)
    return int(re.search(r"\d+", shown).group())


def queries_of(func) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        func()
    return [query["sql"] for query in queries.captured_queries]


def test_a_second_member_gets_the_blocks_without_the_discussions_being_read(
    client, sample_digest, comment, member
):
    first = UserFactory()
    client.force_login(first)
    page_of(client, sample_digest)
    client.force_login(member)
    sql = queries_of(lambda: page_of(client, sample_digest))
    # The member's own comments are looked up (none), not the digest's comment threads.
    comment_reads = [q for q in sql if 'FROM "digest_comment"' in q and "COUNT" not in q]
    assert len(comment_reads) == 1 and '"author_id" =' in comment_reads[0]
    assert "Block test comment" in page_of(client, sample_digest)


def test_each_member_gets_their_own_token_in_shared_blocks(client, sample_digest, comment):
    pages = []
    for _ in range(2):
        client.force_login(UserFactory())
        pages.append(page_of(client, sample_digest))
    first, second = (form_tokens(page) for page in pages)
    assert len(first) == 1 and len(second) == 1
    assert first != second
    for page in pages:
        assert csrf_placeholder() not in page
    # The second member's token is the one their session accepts: a like posted from the
    # page goes through.
    token = second.pop()
    like = client.post(
        reverse("digest:comment_like", args=[comment.pk]),
        {"liked": "1", "csrfmiddlewaretoken": token},
    )
    assert like.status_code in (200, 302)
    assert comment.likes.count() == 1


def test_a_new_comment_shows_to_members_on_the_next_request(
    client, sample_digest, entry, member, other_member, committed
):
    client.force_login(member)
    before = page_of(client, sample_digest)
    assert "A fresh remark" not in before
    with committed():
        comment_create(
            author=other_member, digest=sample_digest, entry=entry, body="A fresh remark"
        )
    page = page_of(client, sample_digest)
    assert "A fresh remark" in page
    assert comment_count(page) == comment_count(before) + 1


def test_a_like_shows_as_pressed_only_to_the_member_who_gave_it(
    client, sample_digest, comment, member, committed
):
    button = (
        rf'id="comment-like-{comment.pk}-button" name="liked" value="(\d)" aria-pressed="(\w+)"'
    )
    bystander = UserFactory()
    client.force_login(bystander)
    assert re.search(button, page_of(client, sample_digest)).groups() == ("1", "false")
    with committed():
        like_set(user=member, target=comment, liked=True)
    client.force_login(member)
    assert re.search(button, page_of(client, sample_digest)).groups() == ("0", "true")
    client.force_login(bystander)
    page = page_of(client, sample_digest)
    assert re.search(button, page).groups() == ("1", "false")
    # The count the bystander sees moved with the like.
    assert re.search(rf'id="comment-like-{comment.pk}-button".*?like__count">1<', page, re.S)


def test_only_the_author_sees_edit_and_only_while_the_window_lasts(
    client, sample_digest, comment, other_member, member
):
    edit_url = reverse("digest:comment_edit", args=[comment.pk])
    client.force_login(member)
    assert edit_url not in page_of(client, sample_digest)
    client.force_login(other_member)
    assert edit_url in page_of(client, sample_digest)
    # Nothing is written when the edit window closes; the page still stops offering it.
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=30))
    assert edit_url not in page_of(client, sample_digest)


def test_a_suspended_member_no_longer_gets_the_writers_blocks(
    client, sample_digest, comment, member, committed
):
    moderator = UserFactory()
    moderator_grant(user=moderator)
    client.force_login(member)
    reply_url = reverse("digest:comment_reply", args=[comment.pk])
    assert reply_url in page_of(client, sample_digest)
    with committed():
        suspension_impose(
            member=member,
            moderator=moderator,
            until=timezone.now() + timedelta(days=3),
            reason="Cooling off",
        )
    assert reply_url not in page_of(client, sample_digest)

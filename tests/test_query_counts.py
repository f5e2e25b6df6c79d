"""Pages not covered by their app's tests also run a fixed number of queries at any size."""

import pytest
from django.urls import reverse

from accounts.services import notification_send
from corrections.glossary import term_propose
from corrections.services.flags import flag_create
from corrections.services.review import suggestion_accept
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from corrections.services.votes import vote_cast
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db


def build(size: int, editor):
    """A digest of `size` entries, each with flags, votes and one accepted correction."""
    digest = make_digest(slug="sized", entries=size, sentences=size)
    voters = [UserFactory() for _ in range(2)]
    for entry in digest.entries.all():
        segments = list(entry.segments.all())
        for segment in segments[:size]:
            flag_create(segment=segment, author=voters[0], reason="awkward")
        suggestion = suggestion_create(
            segment=segments[0], author=voters[0], text=current_text(segments[0]) + " 고침"
        )
        vote_cast(suggestion=suggestion, voter=voters[1], value=1)
        suggestion_accept(suggestion=suggestion, editor=editor)
        for n in range(size):
            notification_send(recipient=editor, kind="flag_resolved", params={"number": n})
            term_propose(
                source=f"term {entry.position} {n}",
                approved=["용어"],
                forbidden=[],
                note="",
                author=voters[1],
            )
    pending = suggestion_create(
        segment=segments[1], author=voters[1], text=current_text(segments[1]) + " 제안"
    )
    return digest, pending


@pytest.mark.parametrize("size", [2, 6])
def test_more_pages_have_flat_query_counts(client, editor, count_queries, size):
    digest, pending = build(size, editor)
    client.force_login(editor)
    counts = {
        "revision": count_queries(
            lambda: client.get(reverse("digest:revision", args=[digest.slug, 1, 2]))
        ),
        "notifications": count_queries(lambda: client.get(reverse("corrections:notifications"))),
        "glossary": count_queries(lambda: client.get(reverse("corrections:glossary"))),
        "review_suggestion": count_queries(
            lambda: client.get(reverse("corrections:review_suggestion", args=[pending.pk]))
        ),
        "feed": count_queries(lambda: client.get(reverse("digest:feed"))),
    }
    assert counts == EXPECTED


# Every page an editor sees includes the header's moderation count and the check for the
# viewer's own suspension (the banner); the suggestion page also lists, in one query, the
# comments that quote the sentence, and reads the suggestion's stored diffs in one more; the
# revision page reads its diffs in one query (here the corrected field is the one sentence
# whose diff was stored with its suggestion, so nothing is left to store); the glossary
# reads its open candidates in one query even when there are none. The feed loads the
# signed-in editor (session and user) to pick their language, as the browser has no
# language cookie.
EXPECTED = {
    "revision": 11,
    "notifications": 9,
    "glossary": 11,
    "review_suggestion": 14,
    "feed": 4,
}

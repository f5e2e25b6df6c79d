"""Editors' comforts in the review queue: filters by name, messages that name their target,
form errors beside their field, the direct edit's preview and cancel link."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from corrections.services.flags import flag_create
from corrections.services.segments import current_text
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

QUEUE = reverse("corrections:review_queue")


@pytest.fixture
def english(client_editor):
    client_editor.cookies["django_language"] = "en"
    return client_editor


def shown(client, url) -> str:
    return client.get(url).content.decode()


def flashed(response) -> list[str]:
    """The messages waiting for the next page, oldest first (redirects are not followed)."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_author_filter_matches_part_of_the_display_name(english, suggest, entry):
    alice = UserFactory(display_name="Alice Kim")
    bob = UserFactory(display_name="Bob Lee")
    by_alice = suggest(alice)
    by_bob = suggest(bob, target=entry.segments.get(field="title"), text="새 제목입니다")
    html = shown(english, QUEUE + "?author=ice k")
    assert f"suggestion-{by_alice.pk}" in html and f"suggestion-{by_bob.pk}" not in html
    # Links from before the filter took names carried the author's id.
    html = shown(english, QUEUE + f"?author={bob.pk}")
    assert f"suggestion-{by_bob.pk}" in html and f"suggestion-{by_alice.pk}" not in html


def test_digest_and_entry_are_chosen_from_lists(english, member, suggest, entry):
    other = make_digest(slug="other-week", entries=1, sentences=1)
    elsewhere = suggest(member, target=other.entries.get().segments.first(), text="다른 주 제안")
    here = suggest(member)
    html = shown(english, QUEUE)
    assert f'<option value="{entry.digest.slug}">' in html and '<option value="other-week">' in html
    html = shown(english, QUEUE + f"?digest={entry.digest.slug}")
    assert f"suggestion-{here.pk}" in html and f"suggestion-{elsewhere.pk}" not in html
    # With a digest chosen, its entries are listed by number and title.
    assert f'<option value="{entry.pk}">#7 ' in html
    html = shown(english, QUEUE + f"?entry={entry.pk}")
    assert f"suggestion-{here.pk}" in html and f"suggestion-{elsewhere.pk}" not in html
    assert f'<option value="{entry.pk}" selected>#7 ' in html


@pytest.mark.parametrize("size", [2, 6])
def test_name_filters_keep_the_query_count_flat(client, editor, count_queries, size):
    digest = make_digest(slug="sized", entries=size, sentences=2)
    author = UserFactory(display_name="Writer One")
    from corrections.services.suggestions import suggestion_create

    for entry in digest.entries.all():
        for segment in entry.segments.all():
            suggestion_create(segment=segment, author=author, text=current_text(segment) + " 고침")
    client.force_login(editor)
    url = QUEUE + f"?digest=sized&entry={digest.entries.first().pk}&author=writer"
    assert count_queries(lambda: client.get(url)) == FILTERED_QUEUE_QUERIES


# The unfiltered queue's queries (test_review_views.QUEUE_QUERIES), with the chosen digest's
# entries for the entry list, and the count of the matching rows, which an author filter
# cannot read from the tallies.
FILTERED_QUEUE_QUERIES = 16


def test_success_messages_name_the_suggestion_and_the_sentence(english, member, suggest):
    accepted = suggest(member)
    response = english.post(
        reverse("corrections:suggestion_accept", args=[accepted.pk]), {"next": QUEUE}
    )
    message = flashed(response)[-1]
    assert f"Accepted suggestion #{accepted.pk} as revision 2" in message
    assert "entry 7 “" in message and "Summary sentence 1" in message
    rejected = suggest(member, text="다른 제안입니다")
    response = english.post(
        reverse("corrections:suggestion_reject", args=[rejected.pk]), {"reason": "meaning"}
    )
    message = flashed(response)[-1]
    assert message.startswith(f"Rejected suggestion #{rejected.pk}")
    assert "Summary sentence 1" in message
    skipped = suggest(member, text="세 번째 제안입니다")
    response = english.post(reverse("corrections:suggestion_skip", args=[skipped.pk]))
    assert flashed(response)[-1].startswith(f"Skipped suggestion #{skipped.pk}")


def test_direct_edit_revert_and_dismiss_name_their_target(english, other_member, entry, segment):
    response = english.post(
        reverse("corrections:segment_edit", args=[segment.pk]), {"text": "고친 문장입니다."}
    )
    message = flashed(response)[-1]
    assert message.startswith("entry 7 “") and message.endswith(
        "Summary sentence 1: Saved as revision 2."
    )
    response = english.post(reverse("corrections:revision_revert", args=[entry.pk]), {"to": "1"})
    message = flashed(response)[-1]
    assert message.startswith("Revision 3 of entry 7 “")
    flag = flag_create(segment=segment, author=other_member, reason="awkward")
    response = english.post(reverse("corrections:flag_dismiss", args=[flag.pk]))
    message = flashed(response)[-1]
    assert message.startswith("Dismissed the flag on entry 7 “")


def test_direct_edit_error_sits_beside_its_field_and_cancel_goes_back(english, segment):
    url = reverse("corrections:segment_edit", args=[segment.pk])
    html = english.post(url, {"text": ""}).content.decode()
    box = f"segment-text-{segment.pk}"
    label = html.index(f'for="{box}"')
    error = html.index(f'id="{box}-error"')
    assert label < error < html.index(f'id="{box}"')
    assert f'aria-describedby="segment-preview-{segment.pk} {box}-error"' in html
    reading = f"{segment.entry.get_absolute_url()}#seg-{segment.pk}"
    assert f'href="{reading}"' in html
    back = shown(english, url + "?next=" + QUEUE)
    assert f'class="button secondary" href="{QUEUE}"' in back


def test_direct_edit_previews_the_change_against_the_current_text(english, segment):
    page = shown(english, reverse("corrections:segment_edit", args=[segment.pk]))
    url = reverse("corrections:suggestion_preview", args=[segment.pk])
    assert f'data-hx-post="{url}"' in page
    before = current_text(segment)
    html = english.post(url, {"text": before.replace("8억", "80억")}).content.decode()
    assert "<ins>0</ins>" in html
    assert "No change yet" in english.post(url, {"text": before}).content.decode()


def test_deciding_a_proposed_term_names_it(english, member):
    from corrections.glossary import term_propose

    term = term_propose(
        author=member, source="vibe coding", approved=["바이브 코딩"], forbidden=[], note=""
    )
    response = english.post(reverse("corrections:term_decide", args=[term.pk]), {"approve": "1"})
    assert flashed(response)[-1] == "Approved the term “vibe coding”."


def test_a_glossary_form_error_sits_under_its_label(english):
    html = english.post(reverse("corrections:term_create"), {"source": ""}).content.decode()
    label = html.index('for="id_source"')
    assert label < html.index('id="id_source_error"') < html.index('name="source"')
    assert "errorlist" not in html

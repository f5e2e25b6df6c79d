"""The sentence panel shows its suggestions ten a page, with and without JavaScript."""

import re

import pytest
from django.urls import reverse

from corrections.models import Suggestion
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from corrections.views.member import SUGGESTIONS_PER_PAGE
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TOTAL = 2 * SUGGESTIONS_PER_PAGE + 3


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def segment():
    return make_digest(slug="busy").entries.first().segments.first()


def suggest_many(segment, count: int) -> list[Suggestion]:
    base = current_text(segment)
    return [
        suggestion_create(segment=segment, author=UserFactory(), text=f"{base} 제안 {n}")
        for n in range(count)
    ]


def url(segment, **params) -> str:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return reverse("corrections:segment", args=[segment.pk]) + (f"?{query}" if query else "")


def shown(html: str) -> list[int]:
    return [
        int(pk)
        for pk in re.findall(r'<li class="panel-suggestion[^"]*" id="suggestion-(\d+)"', html)
    ]


def test_every_suggestion_is_on_exactly_one_page_without_javascript(client, segment):
    suggestions = suggest_many(segment, TOTAL)
    pages = [client.get(url(segment, page=n)).content.decode() for n in (1, 2, 3)]
    seen = [pk for html in pages for pk in shown(html)]
    assert sorted(seen) == sorted(s.pk for s in suggestions)  # all of them, none twice
    assert [len(shown(html)) for html in pages] == [10, 10, 3]
    assert all(f"Suggested corrections ({TOTAL})" in html for html in pages)
    first, middle, last = pages
    assert "Page 1 of 3" in first and 'rel="prev"' not in first
    assert f'rel="next" href="{url(segment, page=2)}"' in first
    assert f'rel="prev" href="{url(segment, page=1)}"' in middle
    assert f'rel="next" href="{url(segment, page=3)}"' in middle
    assert "Page 3 of 3" in last and 'rel="next"' not in last
    # The numbering of the list goes on from page to page.
    assert '<ol class="panel-suggestions" start="11">' in middle


def test_htmx_loads_a_page_of_suggestions_into_the_panel(client, segment):
    suggest_many(segment, TOTAL)
    html = client.get(url(segment, page=2), **HTMX).content.decode()
    assert "<html" not in html and len(shown(html)) == 10
    assert (
        f'data-hx-get="{url(segment, page=3)}"' in html
        and 'data-hx-target="#correction-panel"' in html
    )


def test_a_page_out_of_range_or_malformed_shows_a_real_page(client, segment):
    suggest_many(segment, TOTAL)
    assert len(shown(client.get(url(segment, page=99)).content.decode())) == 3
    assert len(shown(client.get(url(segment, page="x")).content.decode())) == 10
    assert len(shown(client.get(url(segment, suggestion="9" * 30)).content.decode())) == 10


def test_few_suggestions_have_no_page_links(client, segment):
    suggest_many(segment, 2)
    html = client.get(url(segment)).content.decode()
    assert len(shown(html)) == 2 and "Pages of suggestions" not in html


def test_a_new_suggestion_is_shown_on_its_page_after_the_redirect(client, segment):
    suggest_many(segment, TOTAL)
    author = UserFactory()
    client.force_login(author)
    response = client.post(
        reverse("corrections:suggestion_create", args=[segment.pk]),
        {"text": current_text(segment) + " 마지막 제안"},
    )
    mine = Suggestion.objects.get(author=author)
    assert response.url == f"{url(segment, suggestion=mine.pk)}#suggestion-{mine.pk}"
    html = client.get(response.url).content.decode()
    assert mine.pk in shown(html) and "Page 3 of 3" in html


def test_a_new_suggestion_by_htmx_is_shown_in_the_panel(client, segment):
    suggest_many(segment, TOTAL)
    author = UserFactory()
    client.force_login(author)
    html = client.post(
        reverse("corrections:suggestion_create", args=[segment.pk]),
        {"text": current_text(segment) + " 마지막 제안"},
        **HTMX,
    ).content.decode()
    assert Suggestion.objects.get(author=author).pk in shown(html)


def test_a_suggestion_on_a_later_page_can_be_edited(client, segment):
    last = suggest_many(segment, TOTAL)[-1]
    client.force_login(last.author)
    edit = reverse("corrections:suggestion_edit", args=[last.pk])
    html = client.get(edit).content.decode()
    assert f'id="edit-text-{last.pk}"' in html
    assert f'href="{url(segment, page=3)}"' in html  # Cancel goes back to that page


def test_voting_follows_the_suggestion_to_its_new_page(client, segment):
    last = suggest_many(segment, TOTAL)[-1]
    client.force_login(UserFactory())
    vote = reverse("corrections:vote", args=[last.pk])
    html = client.post(vote, {"value": "1"}, **HTMX).content.decode()
    # The only +1 now leads the list, on the first page.
    assert shown(html)[0] == last.pk and "Page 1 of 3" in html


def test_withdrawing_without_javascript_comes_back_to_the_same_page(client, segment):
    suggestion = suggest_many(segment, TOTAL)[SUGGESTIONS_PER_PAGE]  # first of page 2
    client.force_login(suggestion.author)
    html = client.get(url(segment, page=2)).content.decode()
    assert '<input type="hidden" name="page" value="2">' in html
    response = client.post(
        reverse("corrections:suggestion_withdraw", args=[suggestion.pk]), {"page": "2"}
    )
    assert response.url == url(segment, page=2)
    assert suggestion.pk not in shown(client.get(response.url).content.decode())


@pytest.mark.parametrize("viewer", ["visitor", "member"])
def test_panel_queries_are_the_same_for_one_suggestion_and_for_pages_of_them(
    client, count_queries, viewer
):
    few = make_digest(slug="few").entries.first().segments.first()
    many = make_digest(slug="many").entries.first().segments.first()
    suggest_many(few, 1)
    suggest_many(many, TOTAL)
    if viewer == "member":
        client.force_login(UserFactory())
    client.get(url(few))  # the session and caches
    assert count_queries(lambda: client.get(url(few))) == count_queries(
        lambda: client.get(url(many, page=2))
    )


def test_panel_of_bulk_loaded_suggestions_reads_and_stores_diffs_in_fixed_queries(
    client, count_queries
):
    """Suggestions written without the service have no stored diff yet: the first view
    reads the page's diffs in one query and stores the missing ones in one more."""
    counts = []
    for slug, size in (("few", 1), ("many", TOTAL)):
        segment = make_digest(slug=slug).entries.first().segments.first()
        base = current_text(segment)
        Suggestion.objects.bulk_create(
            Suggestion(
                segment=segment,
                author=UserFactory(),
                base_revision_id=segment.entry.current_revision_id,
                base_text=base,
                text=f"{base} {n}",
            )
            for n in range(size)
        )
        client.get("/")
        counts.append(count_queries(lambda segment=segment: client.get(url(segment))))
    assert counts[0] == counts[1]

"""Readers search entries, digests and comments in Korean and English (digest.search)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from digest.interchange import DigestData, EntryData, FieldData, SegmentData
from digest.models import Comment
from digest.search import MAX_QUERY_LENGTH, clean_query, highlight, search
from digest.services import digest_import
from digest.services.comments import comment_create
from tests.factories import make_digest

pytestmark = pytest.mark.django_db

WEEK = datetime.date(2024, 10, 21)
NEXT_WEEK = datetime.date(2024, 10, 28)
VISITOR = AnonymousUser()


def entry(position: int, *, title: tuple[str, str], summary: tuple[str, str]) -> EntryData:
    abstract = (f"We study problem {position}.", f"우리는 문제 {position}을 연구합니다.")
    return EntryData(
        position=position,
        kind="paper",
        source_url=None,
        read_more_url=None,
        fields=tuple(
            FieldData(name=name, segments=(SegmentData(source=source, target=target),))
            for name, (source, target) in (
                ("title", title),
                ("summary", summary),
                ("abstract", abstract),
            )
        ),
    )


def import_digest(*, slug, start, entries, status="published", title="주간 논문 모음", intro=()):
    data = DigestData(
        slug=slug,
        title=title,
        publisher="PyTorchKR",
        period_start=start,
        period_end=start + datetime.timedelta(days=6),
        status=status,
        intro=intro,
        entries=tuple(entries),
    )
    return digest_import(data=data, publish=status == "published").digest


@pytest.fixture
def library():
    """Two published weeks and a draft, each with the word 검색 ("search") somewhere."""
    first = import_digest(
        slug="week-one",
        start=WEEK,
        intro=("이번 주에는 추론 논문을 모았습니다.",),
        entries=[
            # The word only inside a longer one, in a summary sentence.
            entry(
                1,
                title=("Reasoning with Large Language Models", "대규모 언어 모델의 추론"),
                summary=(
                    "Agentic information retrieval is a new paradigm.",
                    "에이전트정보검색은 새로운 패러다임입니다.",
                ),
            ),
            # The word in the title, in Korean and in English.
            entry(
                2,
                title=("Agentic Information Retrieval", "에이전트 정보 검색"),
                summary=("The paper surveys agents.", "이 논문은 에이전트를 조사합니다."),
            ),
        ],
    )
    second = import_digest(
        slug="week-two",
        start=NEXT_WEEK,
        title="검색 특집 주간",
        entries=[
            entry(
                1,
                title=("Dense Passage Ranking", "밀집 문단 순위화"),
                summary=("Ranking for retrieval.", "검색을 위한 순위화입니다."),
            )
        ],
    )
    draft = import_digest(
        slug="draft-week",
        start=datetime.date(2024, 11, 4),
        status="draft",
        entries=[
            entry(
                1,
                title=("Unpublished Retrieval Paper", "공개 전 검색 논문"),
                summary=("Not yet.", "아직 아닙니다."),
            )
        ],
    )
    return {"first": first, "second": second, "draft": draft}


def keys(results) -> list[tuple[str, str, int | None]]:
    return [(r.kind, r.digest.slug, r.entry_position) for r in results]


def test_a_korean_word_inside_a_sentence_and_a_title_are_found_the_title_first(library, client):
    results = list(search(query="검색", viewer=VISITOR, kind="entry"))

    found = keys(results)
    assert found[0] == ("entry", "week-one", 2)
    # Found inside "에이전트정보검색은": a summary sentence, ranked below the title match.
    assert ("entry", "week-one", 1) in found
    assert found.index(("entry", "week-one", 2)) < found.index(("entry", "week-one", 1))
    title_hit = results[found.index(("entry", "week-one", 2))]
    sentence_hit = results[found.index(("entry", "week-one", 1))]
    assert title_hit.field == "title"
    assert str(title_hit.title_html) == "에이전트 정보 <mark>검색</mark>"
    assert sentence_hit.field == "summary"
    assert "에이전트정보<mark>검색</mark>은" in sentence_hit.snippet_html
    assert sentence_hit.snippet_lang == "ko"


def test_an_english_title_is_found_and_ranks_above_a_summary_match(library, client):
    results = list(search(query="retrieval", viewer=VISITOR, kind="entry"))

    found = keys(results)
    assert found[0] == ("entry", "week-one", 2)
    assert results[0].field == "title"
    assert results[0].snippet_lang == "en"
    assert str(results[0].snippet_html) == "Agentic Information <mark>Retrieval</mark>"
    # The summaries that say "retrieval" come after it.
    assert set(found[1:]) == {("entry", "week-one", 1), ("entry", "week-two", 1)}


def test_every_word_must_be_in_one_text(library, client):
    results = search(query="agentic paradigm", viewer=VISITOR)

    assert keys(results) == [("entry", "week-one", 1)]


def test_kind_and_week_filters(library, client):
    visitor = VISITOR

    digests = list(search(query="검색", viewer=visitor, kind="digest"))
    assert [(r.kind, r.digest.slug) for r in digests] == [("digest", "week-two")]
    assert str(digests[0].title_html) == "<mark>검색</mark> 특집 주간"

    this_week = search(query="검색", viewer=visitor, week=WEEK + datetime.timedelta(days=3))
    assert {r.digest.slug for r in this_week} == {"week-one"}
    assert {r.kind for r in search(query="검색", viewer=visitor, week=NEXT_WEEK)} == {
        "entry",
        "digest",
    }


def test_drafts_are_found_by_editors_only(library, client, editor):
    assert "draft-week" not in {r.digest.slug for r in search(query="검색", viewer=VISITOR)}
    assert "draft-week" in {r.digest.slug for r in search(query="검색", viewer=editor)}


def test_comments_hidden_from_visitors_are_not_found(library, client, member, other_member):
    digest = library["first"]
    shown = comment_create(author=member, digest=digest, body="검색 결과가 좋네요")
    hidden = comment_create(author=other_member, digest=digest, body="검색 광고입니다")
    # What a moderator's hide leaves behind (digest.services.moderation.comment_moderate).
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)

    results = list(search(query="검색", viewer=VISITOR, kind="comment"))

    assert [r.id for r in results] == [shown.pk]
    assert results[0].url == f"/d/week-one/#comment-{shown.pk}"
    assert results[0].author == member.public_name


def test_highlighting_escapes_what_members_wrote(library, member):
    comment_create(
        author=member,
        digest=library["first"],
        entry=library["first"].entries.get(position=1),
        body='<script>alert("검색")</script> & 검색',
    )

    (result,) = search(query="검색", viewer=member, kind="comment")

    assert str(result.snippet_html) == (
        "&lt;script&gt;alert(&quot;<mark>검색</mark>&quot;)&lt;/script&gt; &amp; <mark>검색</mark>"
    )
    assert result.url.startswith("/d/week-one/1/#comment-")


def test_highlight_keeps_a_window_around_the_first_match():
    text = "가" * 300 + "검색" + "나" * 300

    snippet = str(highlight(text, ["검색"], width=60))

    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>검색</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) == 62


def test_queries_are_cleaned_and_bounded(library, client):
    assert clean_query("  검색\x00  결과 ") == "검색 결과"
    assert len(clean_query("a" * 500)) == MAX_QUERY_LENGTH
    assert search(query="  ", viewer=VISITOR).count() == 0
    assert search(query="!!!", viewer=VISITOR).count() == 0


def test_results_page_in_order(library, client):
    results = search(query="검색", viewer=VISITOR)
    everything = list(results[0 : results.count()])

    assert results.count() == len(everything) == 4
    assert [results[i].id for i in range(4)] == [r.id for r in everything]
    assert list(results[1:3]) == everything[1:3]


# --- the page --------------------------------------------------------------------------


def test_search_page_lists_results_with_links(library, client):
    response = client.get(reverse("digest:search"), {"q": "검색", "kind": "entry"})

    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 3
    assert page.object_list[0].url == "/d/week-one/2/"
    html = response.content.decode()
    assert 'role="search"' in html
    assert '<label for="id_q">' in html
    assert 'href="/d/week-one/2/"' in html
    assert "에이전트 정보 <mark>검색</mark>" in html


def test_search_page_without_a_query_invites_one(library, client):
    response = client.get(reverse("digest:search"))

    assert response.status_code == 200
    assert response.context["page"] is None
    assert not response.context["form"].errors


def test_search_page_refuses_an_unknown_week(library, client):
    response = client.get(reverse("digest:search"), {"q": "검색", "week": "1999-01-01"})

    assert response.context["page"] is None
    assert "week" in response.context["form"].errors


def test_search_page_escapes_the_query(library, client):
    response = client.get(reverse("digest:search"), {"q": "<b>검색</b>"})

    assert response.status_code == 200
    assert "<b>검색</b>" not in response.content.decode()


# --- the API ---------------------------------------------------------------------------


def test_api_search(library, client):
    response = client.get("/api/v1/search/", {"q": "retrieval", "kind": "entry"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    first = body["results"][0]
    assert first["kind"] == "entry"
    assert first["digest"] == "week-one"
    assert first["entry_position"] == 2
    assert first["url"] == "/d/week-one/2/"
    assert first["week"] == "2024-10-21"
    assert first["snippet_html"] == "Agentic Information <mark>Retrieval</mark>"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "x" * (MAX_QUERY_LENGTH + 1)},
        {"q": "a", "kind": "user"},
        {"q": "a", "week": "soon"},
    ],
)
def test_api_search_refuses_malformed_queries(library, client, params):
    assert client.get("/api/v1/search/", params).status_code == 400


def test_api_search_pages(library, client):
    first = client.get("/api/v1/search/", {"q": "검색"}).json()
    assert first["count"] == 4 and first["next"] is None
    assert client.get("/api/v1/search/", {"q": "검색", "page": 2}).status_code == 404


# --- query counts -------------------------------------------------------------------------


def grow(size: int, member):
    for n in range(size):
        digest = make_digest(
            slug=f"sized-{n}",
            entries=size,
            sentences=size,
            start=WEEK - datetime.timedelta(weeks=n + 1),
        )
        for position in range(1, size + 1):
            comment_create(
                author=member,
                digest=digest,
                entry=digest.entries.get(position=position),
                body="문장 좋네요",
            )


@pytest.mark.parametrize("size", [2, 5])
def test_search_runs_a_fixed_number_of_queries(client, member, count_queries, size):
    grow(size, member)
    url = reverse("digest:search")

    counts = {
        "entries": count_queries(lambda: client.get(url, {"q": "문장", "kind": "entry"})),
        "comments": count_queries(lambda: client.get(url, {"q": "좋네요", "kind": "comment"})),
        "everything": count_queries(lambda: client.get(url, {"q": "좋네요"})),
        "api": count_queries(lambda: client.get("/api/v1/search/", {"q": "좋네요"})),
    }

    assert counts == EXPECTED_QUERIES


# The page reads the week filter's choices. A search counts the hits of each kind it looks
# for, ranks those of each kind that has some, and reads what it shows of the page's hits:
# entries and their texts (two queries), digests (one), comments with their digests,
# entries and authors (one). Only comments say "좋네요".
EXPECTED_QUERIES = {
    "entries": 1 + 1 + 1 + 2,
    "comments": 1 + 1 + 1 + 1,
    "everything": 1 + 3 + 1 + 1,
    "api": 3 + 1 + 1,
}

import re

import pytest
from django.urls import reverse

from digest.models import Revision
from digest.services import entry_lock, revision_append
from tests.factories import make_digest

pytestmark = pytest.mark.django_db

DIGEST_URL = "/d/2024-10-21-top-ml-papers/"


def correct_first_summary_sentence(entry, new_text, editor=None):
    entry = entry_lock(entry_id=entry.pk)
    segment = entry.segments.get(field="summary", position=0)
    return revision_append(
        entry=entry,
        kind=Revision.Kind.CORRECTION,
        texts={segment.pk: new_text},
        editor=editor,
        summary="용어 수정",
        credits=[(segment.pk, editor.pk)] if editor else [],
    )


def test_home_lists_published_digests_newest_first(client):
    make_digest(slug="2024-10-14-older", start=__import__("datetime").date(2024, 10, 14))
    make_digest(slug="2024-10-21-newer")
    make_digest(
        slug="2024-10-28-draft", status="draft", start=__import__("datetime").date(2024, 10, 28)
    )
    html = client.get("/").content.decode()
    assert html.index("/d/2024-10-21-newer/") < html.index("/d/2024-10-14-older/")
    assert "2024-10-28-draft" not in html


def test_home_paginates(client):
    import datetime

    for week in range(12):
        make_digest(
            slug=f"week-{week}", start=datetime.date(2024, 1, 1) + datetime.timedelta(weeks=week)
        )
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert first.count('class="digest-card"') == 10
    assert second.count('class="digest-card"') == 2
    assert "/d/week-11/" in first and "/d/week-0/" in second


def test_digest_page_shows_the_post_in_its_shape(client, sample_digest):
    response = client.get(DIGEST_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="entry entry--inline"') == 10
    assert "이번 주에 선정된 논문들은" in html  # intro
    assert "Agentic Information Retrieval" in html and "에이전트 정보 검색" in html
    assert "https://www.nature.com/articles/s41586-024-08025-4" in html
    assert "파이토치 한국 사용자 모임이 정리한" in html  # closing notice
    assert "기계 번역" in html  # the honest notice, in Korean by default
    assert '<html lang="ko">' in html
    assert 'lang="en"' in html


def test_every_korean_sentence_is_paired_with_its_english_original(client, sample_digest):
    html = client.get(DIGEST_URL).content.decode()
    korean = set(re.findall(r'class="seg" id="seg-(\d+)" data-seg="\1"', html))
    english = set(re.findall(r'class="src" data-seg="(\d+)"', html))
    assert len(korean) > 80
    # Every English sentence has its Korean partner on the page; only Korean-only titles lack one.
    assert english <= korean
    assert len(korean - english) == 1  # entry 2's title has no English original


def test_side_by_side_layout_works_without_javascript(client, sample_digest):
    html = client.get(DIGEST_URL + "?layout=parallel").content.decode()
    assert 'class="parallel__row"' in html
    row = re.search(
        r'<div class="parallel__row" role="row">(.*?)</div>\s*</div>', html, re.S
    ).group(1)
    assert 'lang="ko"' in row and 'lang="en"' in row


def test_pages_have_no_inline_scripts_or_external_assets(client, sample_digest):
    for url in ["/", DIGEST_URL, DIGEST_URL + "1/", DIGEST_URL + "1/history/"]:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag, f"inline script on {url}"
        assert not re.search(r'(src|href)="(https?:)?//(?!www\.nature|x\.com|example)', html), url


def test_draft_is_hidden_from_readers_but_shown_to_editors(client, editor):
    make_digest(slug="draft-digest", status="draft")
    assert client.get("/d/draft-digest/").status_code == 404
    client.force_login(editor)
    response = client.get("/d/draft-digest/")
    assert response.status_code == 200
    assert "Draft" in response.content.decode() or "초안" in response.content.decode()


def test_entry_permalink_and_badge(client, sample_digest, editor):
    entry = sample_digest.entries.get(position=3)
    html = client.get(entry.get_absolute_url()).content.decode()
    assert "A Theoretical Understanding of Chain-of-Thought" in html
    assert "수정 1" not in html
    correct_first_summary_sentence(
        entry, "데모에 올바른 추론 경로를 추가하면 정확도가 향상됩니다.", editor
    )
    html = client.get(entry.get_absolute_url()).content.decode()
    assert "데모에 올바른 추론 경로를 추가하면 정확도가 향상됩니다." in html
    assert "badge--corrected" in html


def test_history_lists_revisions_and_diffs_them(client, sample_digest, editor):
    entry = sample_digest.entries.get(position=3)
    correct_first_summary_sentence(
        entry, "데모에 올바른 추론 경로를 추가하면 정확도가 향상됩니다.", editor
    )
    url = reverse("digest:history", args=[sample_digest.slug, 3])
    html = client.get(url).content.decode()
    assert "용어 수정" in html and editor.public_name in html
    assert "<ins>" in html and "<del>" in html
    html = client.get(url + "?from=2&to=1").content.decode()
    assert "<ins>" in html
    assert client.get(url + "?from=7&to=1").status_code == 404
    assert client.get(url + "?from=abc").status_code == 404


def test_old_revision_stays_readable(client, sample_digest, editor):
    entry = sample_digest.entries.get(position=3)
    old_first = entry.segments.get(field="summary", position=0).texts.get().text
    correct_first_summary_sentence(entry, "완전히 새 문장입니다.", editor)
    html = client.get(reverse("digest:revision", args=[sample_digest.slug, 3, 1])).content.decode()
    assert old_first in html and "완전히 새 문장입니다." not in html


def test_atom_feed_lists_published_digests(client, sample_digest):
    response = client.get("/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Top ML Papers of the Week" in response.content.decode()


def test_language_switch_to_english(client, sample_digest):
    response = client.post("/i18n/setlang/", {"language": "en", "next": DIGEST_URL}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Machine-translated." in html
    korean = client.get(DIGEST_URL, headers={"cookie": ""})
    assert korean.status_code == 200


@pytest.mark.parametrize("entries", [2, 8])
def test_page_query_counts_do_not_grow_with_data(client, count_queries, editor, entries):
    digest = make_digest(slug="sized", entries=entries, sentences=entries)
    for entry in digest.entries.all():
        correct_first_summary_sentence(entry, "교정된 문장입니다.", editor)
    counts = {
        "digest": count_queries(lambda: client.get("/d/sized/")),
        "entry": count_queries(lambda: client.get("/d/sized/1/")),
        "history": count_queries(lambda: client.get("/d/sized/1/history/")),
        "home": count_queries(lambda: client.get("/")),
    }
    # The same fixed numbers at both sizes; see the parametrised twin of this test.
    assert counts == EXPECTED_QUERIES


# The reading pages read their discussions in one more query (every comment of the page at
# once); the home page's comment counts are a subquery of its one list query. The history's
# first view reads the stored diffs of its two revisions and stores them (two queries). The
# entry page also reads its digest's entry positions, for the previous and next links.
EXPECTED_QUERIES = {"digest": 4, "entry": 5, "history": 9, "home": 2}


def test_korean_is_the_default_whatever_the_browser_asks(client, sample_digest):
    html = client.get(DIGEST_URL, headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="ko">' in html and "기계 번역" in html
    client.cookies["django_language"] = "en"
    html = client.get(DIGEST_URL).content.decode()
    assert '<html lang="en">' in html and "Machine-translated." in html

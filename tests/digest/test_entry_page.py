"""The entry's own page: its title is the page's heading, and it leads to the entries before
and after it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def entry_url(digest, position: int) -> str:
    return reverse("digest:entry", args=[digest.slug, position])


def test_the_entry_title_is_the_pages_one_h1(client, sample_digest):
    html = client.get(entry_url(sample_digest, 5)).content.decode()
    assert html.count("<h1") == 1
    assert 'class="entry__title" id="entry-5-title"' in html.split("<h1", 1)[1][:80]


def test_previous_and_next_entries_are_linked_in_the_middle(client, sample_digest):
    html = client.get(entry_url(sample_digest, 5)).content.decode()
    assert f'rel="prev" href="{entry_url(sample_digest, 4)}"' in html
    assert f'rel="next" href="{entry_url(sample_digest, 6)}"' in html
    assert "10개 중 5번째 항목" in html


def test_the_first_and_last_entries_have_one_neighbour(client, sample_digest):
    first = client.get(entry_url(sample_digest, 1)).content.decode()
    last = client.get(entry_url(sample_digest, 10)).content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_the_digest_page_keeps_entry_titles_as_h2(client, sample_digest):
    html = client.get(sample_digest.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert html.count('<h2 class="entry__title"') == 10


def test_an_old_revisions_page_names_that_revision_in_its_badge(client, sample_digest, editor):
    from tests.digest.test_reader_pages import correct_first_summary_sentence

    entry = sample_digest.entries.get(position=3)
    correct_first_summary_sentence(entry, "완전히 새 문장입니다.", editor)
    old = client.get(reverse("digest:revision", args=[sample_digest.slug, 3, 1])).content.decode()
    current = client.get(entry_url(sample_digest, 3)).content.decode()
    assert "수정판 1/2 · 기계 번역" in old and "수정판 2" not in old.replace("수정판 1/2", "")
    assert "수정판 2 · 1회 수정됨" in " ".join(current.split())


def test_the_notice_tells_phone_readers_how_to_act(client, sample_digest, member):
    client.force_login(member)
    html = client.get(entry_url(sample_digest, 1)).content.decode()
    assert "연필 표시(✎)를 누르면" in html
    assert "마우스를 올리거나" not in html

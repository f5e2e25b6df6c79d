"""The corrections feed: each new revision of a published entry, what it changed and who."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse

from digest.models import Revision
from digest.services import entry_lock, revision_append
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_URL = reverse("digest:corrections_feed")


def site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def correct(entry, texts, *, editor, contributor=None, summary=""):
    entry = entry_lock(entry_id=entry.pk)
    return revision_append(
        entry=entry,
        kind=Revision.Kind.CORRECTION,
        texts=texts,
        editor=editor,
        summary=summary,
        credits=[(segment_id, contributor.pk) for segment_id in texts] if contributor else [],
    )


def feed_entries(client):
    response = client.get(FEED_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    # The feed is this site's own answer, not untrusted input.
    return ET.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_an_accepted_correction_names_its_sentence_people_and_diff(english, editor):
    digest = make_digest(slug="fed")
    entry = digest.entries.get(position=2)
    segment = entry.segments.get(field="summary", position=1)
    old_text = segment.texts.get().text
    contributor = UserFactory(display_name="제안자")
    revision = correct(
        entry,
        {segment.pk: "고친 문장입니다."},
        editor=editor,
        contributor=contributor,
        summary="용어 수정",
    )

    (item,) = feed_entries(english)
    assert item.find(f"{ATOM}title").text == (
        "항목 2의 title 문장 1은 6.94% 향상을 보고합니다. 항목 2의 title 문장 2은 6.94% 향상을 "
        "보고합니다.: revision 2 (Correction)"
    )
    link = item.find(f"{ATOM}link").get("href")
    assert link == site("/d/fed/2/history/?from=1&to=2")
    assert item.find(f"{ATOM}author/{ATOM}name").text == "편집자"
    assert item.find(f"{ATOM}updated").text == revision.created_at.isoformat()
    summary = item.find(f"{ATOM}summary").text
    assert "1 sentence changed:" in summary
    assert f'<del lang="ko">{old_text}</del><br><ins lang="ko">고친 문장입니다.</ins>' in summary
    assert "Published by 편집자." in summary and "Suggested by 제안자." in summary
    assert "용어 수정" in summary
    # The link opens the diff of exactly that revision.
    history = english.get(link.removeprefix(site(""))).content.decode()
    assert "Changes from revision 1 to 2" in history


def test_the_feed_speaks_the_readers_language(client, editor):
    digest = make_digest(slug="fed")
    entry = digest.entries.get(position=1)
    segment = entry.segments.get(field="title", position=0)
    correct(entry, {segment.pk: "새 제목"}, editor=editor)
    (item,) = feed_entries(client)
    assert "문장 1개를 고쳤습니다:" in item.find(f"{ATOM}summary").text
    assert "(수정)" in item.find(f"{ATOM}title").text
    # The title is the one the revision gave the entry.
    assert item.find(f"{ATOM}title").text.startswith("새 제목 ")


def test_newest_first_and_only_published_digests(english, editor):
    published = make_digest(slug="fed")
    draft = make_digest(slug="draft", status="draft")
    for digest in (published, draft):
        entry = digest.entries.get(position=1)
        correct(entry, {entry.segments.first().pk: "첫 교정"}, editor=editor)
    entry = published.entries.get(position=3)
    correct(entry, {entry.segments.first().pk: "둘째 교정"}, editor=editor)

    links = [item.find(f"{ATOM}link").get("href") for item in feed_entries(english)]
    assert links == [
        site("/d/fed/3/history/?from=1&to=2"),
        site("/d/fed/1/history/?from=1&to=2"),
    ]


def test_sentences_from_suggestions_are_escaped(english, editor):
    digest = make_digest(slug="fed")
    entry = digest.entries.get(position=1)
    segment = entry.segments.get(field="abstract", position=0)
    correct(entry, {segment.pk: '<script>alert("x")</script> & 문장'}, editor=editor)
    (item,) = feed_entries(english)
    summary = item.find(f"{ATOM}summary").text
    assert "<script>" not in summary
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 문장" in summary


def test_digest_pages_link_to_the_feed(english, editor):
    make_digest(slug="fed")
    for url in ("/", "/d/fed/", "/d/fed/1/", "/d/fed/1/history/"):
        html = english.get(url).content.decode()
        assert (
            f'<link rel="alternate" type="application/atom+xml" title="Corrections" '
            f'href="{FEED_URL}">' in html
        ), url


@pytest.mark.parametrize("size", [2, 6])
def test_the_feed_reads_a_fixed_number_of_queries(client, editor, count_queries, size):
    digest = make_digest(slug="fed", entries=size, sentences=size)
    for entry in digest.entries.all():
        for segment in list(entry.segments.all())[:size]:
            correct(entry, {segment.pk: f"교정 {segment.pk}"}, editor=editor, contributor=editor)
    assert count_queries(lambda: client.get(FEED_URL)) == 4

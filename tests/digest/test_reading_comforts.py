"""Reading comforts on the digest and entry pages: the Korean-only layout, links to single
sentences, the contents, and the scripts that remember a reader's layout."""

import re

import pytest

from digest.models import Segment
from tests.factories import make_digest

pytestmark = pytest.mark.django_db

DIGEST_URL = "/d/2024-10-21-top-ml-papers/"


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_korean_only_hides_the_english_but_keeps_it_for_tooltips_and_print(english, sample_digest):
    html = english.get(DIGEST_URL + "?layout=korean").content.decode()
    assert html.count('class="entry entry--korean"') == 10
    assert '<a href="?layout=korean" data-layout="korean" aria-current="true">Korean only</a>' in (
        html
    )
    # The English is still there (site.css hides it on screen only).
    assert '<p class="source" lang="en">' in html
    assert re.search(r'<span class="seg" id="seg-\d+" data-seg="\d+" title="[^"]+">', html)


def test_every_layout_is_offered_and_unknown_ones_fall_back(english, sample_digest):
    html = english.get(DIGEST_URL + "?layout=sideways").content.decode()
    assert html.count('class="entry entry--inline"') == 10
    for layout, label in (
        ("inline", "Korean with English below"),
        ("parallel", "Side by side"),
        ("korean", "Korean only"),
    ):
        assert f'href="?layout={layout}" data-layout="{layout}"' in html and label in html


@pytest.mark.parametrize("layout", ["inline", "parallel", "korean"])
def test_each_sentence_has_its_own_anchor(client, sample_digest, layout):
    html = client.get(f"{DIGEST_URL}?layout={layout}").content.decode()
    segments = Segment.objects.filter(entry__digest=sample_digest, retired_in__isnull=True)
    ids = re.findall(r'<span class="seg" id="seg-(\d+)"', html)
    assert sorted(map(int, ids)) == sorted(segments.values_list("pk", flat=True))
    assert 'id="seg-share-template"' in html and "이 문장 링크 복사" in html


def test_the_layout_script_runs_before_the_body_on_reading_pages_only(client, sample_digest):
    script = re.compile(r'<script src="/static/js/layout\.js" data-layout="(\w+)"></script>')
    head = client.get(DIGEST_URL + "?layout=parallel").content.decode().split("<body")[0]
    assert script.findall(head) == ["parallel"]
    head = client.get(DIGEST_URL + "1/").content.decode().split("<body")[0]
    assert script.findall(head) == ["inline"]
    assert not script.search(client.get(DIGEST_URL + "1/history/").content.decode())


def test_the_contents_count_the_entries_in_the_readers_language(client, sample_digest):
    html = client.get(DIGEST_URL).content.decode()
    assert '<summary class="toc__summary">목차: 항목 10개</summary>' in html
    client.cookies["django_language"] = "en"
    html = client.get(DIGEST_URL).content.decode()
    assert '<summary class="toc__summary">Contents: 10 entries</summary>' in html
    assert html.count('<li><a href="#entry-') == 10


@pytest.mark.parametrize("entries", [2, 8])
def test_korean_only_reads_as_few_queries_as_the_other_layouts(client, count_queries, entries):
    make_digest(slug="sized", entries=entries, sentences=entries)
    counts = {
        layout: (
            count_queries(lambda layout=layout: client.get(f"/d/sized/?layout={layout}")),
            count_queries(lambda layout=layout: client.get(f"/d/sized/1/?layout={layout}")),
        )
        for layout in ("inline", "parallel", "korean")
    }
    # The fixed numbers of tests/digest/test_reader_pages.py (digest page, entry page).
    assert counts == {"inline": (4, 5), "parallel": (4, 5), "korean": (4, 5)}

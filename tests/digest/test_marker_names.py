"""Each sentence marker says which sentence it corrects, and a flagged one says its count."""

import re
from collections import Counter
from html import unescape

from corrections.services.flags import flag_create


def marker_names(html: str) -> list[str]:
    return [
        unescape(name)
        for name in re.findall(r'<a class="seg-marker[^"]*"[^>]* aria-label="([^"]+)"', html)
    ]


def test_every_marker_of_a_digest_page_has_a_name_of_its_own(client, sample_digest):
    client.cookies["django_language"] = "en"
    names = marker_names(client.get(sample_digest.get_absolute_url()).content.decode())
    assert len(names) > 80
    assert [name for name, count in Counter(names).items() if count > 1] == []
    assert "Correct sentence 1 (entry 7, Title)" in names
    assert "Correct sentence 2 (entry 7, Abstract)" in names


def test_a_flagged_marker_names_its_sentence_and_the_count_it_shows(
    client, sample_digest, member, other_member
):
    entry = sample_digest.entries.get(position=7)
    segment = entry.segments.get(field="summary", position=0)
    for author in (member, other_member):
        flag_create(segment=segment, author=author, reason="number")
    html = client.get(entry.get_absolute_url()).content.decode()
    assert "문장 1 교정하기 (7번 항목 요약), 미처리 신고 2 건" in marker_names(html)
    # The count the marker shows, ⚑2, is a word of the name, outside its parentheses.
    assert re.search(
        r'aria-label="[^"(]*\([^)]*\), [^"]*\b2\b[^"]*"><span aria-hidden="true">⚑2<', html
    )

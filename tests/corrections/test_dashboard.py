"""The translation-quality dashboard: its figures, its CSV, who sees what, both languages,
the charts' accessible names and a query count that does not grow with the digests."""

import csv
import datetime
import io
import re

import pytest
from django.test import TestCase
from django.urls import reverse

from corrections.models import Flag, GlossaryTerm, MachineFinding
from corrections.services.flags import flag_create, flag_dismiss
from corrections.services.review import suggestion_accept
from corrections.services.segments import current_text, segment_edit
from corrections.services.suggestions import suggestion_create
from corrections.services.verification import segments_verify
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

PUBLIC = reverse("corrections:quality")
EDITOR = reverse("corrections:quality_editor")
T0 = datetime.datetime(2024, 10, 22, 9, 0, tzinfo=datetime.UTC)


def sentences(digest):
    return list(
        digest.entries.get(position=1).segments.filter(retired_in__isnull=True).order_by("pk")
    )


def accept(segment, author, editor, text=None):
    suggestion = suggestion_create(
        segment=segment, author=author, text=text or current_text(segment) + " 고침"
    )
    # After the commit, the published change is read for changed term renderings.
    with TestCase.captureOnCommitCallbacks(execute=True):
        suggestion_accept(suggestion=suggestion, editor=editor)
    return suggestion


def fixed_flag(segment, author, editor, *, reason: str, hours: int, contributor):
    """A flag that a correction resolved `hours` after it was made."""
    flag = flag_create(segment=segment, author=author, reason=reason)
    accept(segment, contributor, editor)
    Flag.objects.filter(pk=flag.pk).update(
        created_at=T0, closed_at=T0 + datetime.timedelta(hours=hours)
    )
    return flag


@pytest.fixture
def data(editor):
    """Two digests of one entry with two sentences to a field (six sentences each).

    Newer digest: sentence 0 corrected from a suggestion (a terminology flag fixed in 2 h),
    1 corrected from a suggestion (a typo flag fixed in 10 h) and then verified, 2 edited
    by an editor, 3 verified as the machine wrote it, 4 flagged (open), 5 flagged and
    dismissed. Older digest: sentence 0 corrected from a suggestion.
    """
    older = make_digest(slug="older", entries=1, start=datetime.date(2024, 10, 14))
    newer = make_digest(slug="newer", entries=1, start=datetime.date(2024, 10, 21))
    kim = UserFactory(display_name="김교정")
    lee = UserFactory(display_name="이교정")
    reader = UserFactory(display_name="독자")
    GlossaryTerm.objects.create(source="gains", approved=["이득"])
    s = sentences(newer)
    fixed_flag(s[0], reader, editor, reason="terminology", hours=2, contributor=kim)
    fixed_flag(s[1], reader, editor, reason="typo", hours=10, contributor=lee)
    segment_edit(segment=s[2], editor=editor, text=current_text(s[2]) + " 편집")
    segments_verify(segments=[s[1], s[3]], editor=editor, note="확인했습니다.")
    flag_create(segment=s[4], author=reader, reason="awkward")
    dismissed = flag_create(segment=s[5], author=reader, reason="awkward")
    flag_dismiss(flag=dismissed, editor=editor)
    first = sentences(older)[0]
    accept(first, kim, editor, text=current_text(first).replace("향상을", "이득을"))
    # The findings are derived data: the checks' own are replaced by known ones.
    MachineFinding.objects.all().delete()
    entry = newer.entries.get(position=1)
    MachineFinding.objects.create(
        segment=s[4],
        revision=entry.current_revision,
        check_code="numbers",
        severity="error",
        message="A number differs.",
    )
    MachineFinding.objects.create(
        segment=s[5],
        revision=entry.current_revision,
        check_code="numbers",
        severity="warning",
        message="A number differs.",
    )
    # A finding of an older revision is no longer current.
    MachineFinding.objects.create(
        segment=s[5],
        revision=entry.revisions.get(number=1),
        check_code="glossary",
        severity="error",
        message="Old.",
    )
    return {"older": older, "newer": newer, "kim": kim, "lee": lee}


def english(client):
    client.cookies["django_language"] = "en"
    return client


def table_rows(html: str, caption_id: str) -> list[list[str]]:
    """The text of each body row of the table whose caption has this id."""
    table = html.split(f'id="{caption_id}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def csv_rows(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def test_readers_see_each_digests_corrected_and_verified_sentences(client, data):
    html = english(client).get(PUBLIC).content.decode()
    newer, older = table_rows(html, "by-digest-caption")
    # Digest, sentences, corrected, verified, open flags, closed flags.
    assert newer[1:] == ["6", "3 (50.0%)", "2 (33.3%)", "1", "3"]
    assert older[1:] == ["6", "1 (16.7%)", "0 (0.0%)", "0", "0"]
    assert "[2024/10/21]" in newer[0]
    assert "The figures cover the latest 2 published digests." in html


def test_readers_see_flags_by_reason_and_contributors_but_no_editor_figures(client, data):
    html = english(client).get(PUBLIC).content.decode()
    assert table_rows(html, "flags-caption") == [
        # Reason, open, closed, total: the reasons nobody used are left out.
        ["Awkward wording", "1", "1", "2"],
        ["Terminology", "0", "1", "1"],
        ["Typo", "0", "1", "1"],
    ]
    assert table_rows(html, "contributors-caption") == [["김교정", "2"], ["이교정", "1"]]
    assert "Findings by check" not in html
    assert "Time from flag to fix" not in html


def test_editors_see_findings_time_to_fix_and_the_corrected_terms(client_editor, data):
    html = english(client_editor).get(EDITOR).content.decode()
    newer, _older = table_rows(html, "by-digest-caption")
    # ... then current findings, accepted suggestions, contributors, median and p90 hours.
    assert newer[6:] == ["2", "2", "2", "6.0", "9.2"]
    assert table_rows(html, "findings-caption") == [["Numbers", "1", "1", "0", "2"]]
    assert table_rows(html, "terms-caption") == [["gains", "향상", "이득", "1"]]
    assert "6.0 h" in html and "9.2 h" in html


def test_a_closed_account_is_not_named(client, data):
    data["kim"].is_active = False
    data["kim"].save()
    html = english(client).get(PUBLIC).content.decode()
    assert table_rows(html, "contributors-caption") == [["이교정", "1"]]
    assert "김교정" not in html


def test_one_digest_at_a_time(client, data):
    newer = data["newer"]
    html = english(client).get(PUBLIC, {"digest": newer.pk}).content.decode()
    assert [row[0] for row in table_rows(html, "by-digest-caption")] == [newer.title]
    assert table_rows(html, "contributors-caption") == [["김교정", "1"], ["이교정", "1"]]
    assert f"The figures cover “{newer.title}” only." in html
    assert client.get(PUBLIC, {"digest": "999999"}).status_code == 404
    assert client.get(PUBLIC, {"digest": "x"}).status_code == 404


def test_the_page_is_korean_by_default_and_english_on_request(client, data):
    html = client.get(PUBLIC).content.decode()
    assert '<html lang="ko">' in html
    assert "<h1>번역 품질</h1>" in html
    assert '<h2 id="flags-heading">신고 사유별</h2>' in html
    assert ["어색한 표현", "1", "1", "2"] in table_rows(html, "flags-caption")
    assert "최근 게시된 다이제스트 2개를 집계한 수치입니다." in html
    english_html = english(client).get(PUBLIC).content.decode()
    assert '<html lang="en">' in english_html
    assert "<h1>Translation quality</h1>" in english_html


def test_charts_are_named_images_with_their_numbers_in_tables(client_editor, data):
    html = english(client_editor).get(EDITOR).content.decode()
    svgs = re.findall(r"<svg [^>]*>", html)
    assert len(svgs) == 4  # over time, flags, findings, contributors
    for svg in svgs:
        assert 'role="img"' in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for id in ids:
            assert re.search(rf'<(title|desc) id="{id}">[^<]+</\1>', html)
    assert '<title id="chart-flags-title">Flags by reason</title>' in html
    assert " style=" not in html.split("<main", 1)[1]


def test_names_in_charts_are_escaped(client, data):
    data["kim"].display_name = "<b>김</b>"
    data["kim"].save()
    html = client.get(PUBLIC).content.decode()
    assert "<b>김</b>" not in html
    assert "&lt;b&gt;김&lt;/b&gt;" in html


def test_csv_of_each_table(client, client_editor, data):
    digests = csv_rows(english(client).get(reverse("corrections:quality_csv", args=["digests"])))
    assert digests[0] == [
        "Digest", "Title", "Week of", "Sentences", "Corrected", "Verified", "Open flags",
        "Closed flags",
    ]  # fmt: skip
    assert digests[1][0] == "older" and digests[2][0] == "newer"
    assert digests[2][2:] == ["2024-10-21", "6", "3", "2", "1", "3"]
    # Korean, the site's language, for a visitor without a choice.
    del client.cookies["django_language"]
    response = client.get(reverse("corrections:quality_csv", args=["flags"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="quality-flags.csv"' in response["Content-Disposition"]
    flags = csv_rows(response)
    assert flags[0] == ["사유", "미처리", "처리됨", "합계"]
    assert ["어색한 표현", "1", "1", "2"] in flags
    editor_digests = csv_rows(
        client_editor.get(reverse("corrections:quality_editor_csv", args=["digests"]))
    )
    assert editor_digests[2][8:] == ["2", "2", "2", "2", "6.00", "9.20"]
    terms = csv_rows(client_editor.get(reverse("corrections:quality_editor_csv", args=["terms"])))
    assert terms[1] == ["gains", "향상", "이득", "1"]


def test_csv_keeps_a_name_from_being_read_as_a_formula(client, data):
    data["kim"].display_name = "=HYPERLINK(1)"
    data["kim"].save()
    rows = csv_rows(client.get(reverse("corrections:quality_csv", args=["contributors"])))
    assert ["'=HYPERLINK(1)", "2"] in rows


def test_who_sees_what(client, member, data):
    assert client.get(PUBLIC).status_code == 200
    assert client.get(EDITOR).status_code == 302
    assert (
        client.get(reverse("corrections:quality_editor_csv", args=["digests"])).status_code == 302
    )
    # Readers' CSV has no table of the editors' figures.
    assert client.get(reverse("corrections:quality_csv", args=["findings"])).status_code == 404
    client.force_login(member)
    assert client.get(EDITOR).status_code == 403
    assert client.get(reverse("corrections:quality_editor_csv", args=["terms"])).status_code == 403
    html = client.get(PUBLIC).content.decode()
    assert EDITOR not in html


def test_drafts_are_left_out(client, data):
    make_digest(slug="draft", entries=1, status="draft", start=datetime.date(2024, 10, 28))
    html = english(client).get(PUBLIC).content.decode()
    assert len(table_rows(html, "by-digest-caption")) == 2


def test_the_footer_links_to_the_summary(client, data):
    html = client.get(reverse("digest:home")).content.decode()
    assert f'href="{PUBLIC}"' in html


def build(count: int, editor):
    """`count` weekly digests, each with a fixed flag, a verified sentence and a finding."""
    author, reader = UserFactory(), UserFactory()
    for week in range(count):
        digest = make_digest(
            slug=f"week-{week}",
            entries=1,
            sentences=1,
            start=datetime.date(2024, 1, 1) + datetime.timedelta(weeks=week),
        )
        title, summary, _abstract = sentences(digest)
        fixed_flag(title, reader, editor, reason="typo", hours=week + 1, contributor=author)
        segments_verify(segments=[summary], editor=editor, note="확인했습니다.")
        entry = digest.entries.get()
        MachineFinding.objects.create(
            segment=title,
            revision_id=entry.current_revision_id,
            check_code="length",
            severity="info",
            message="Long.",
        )


@pytest.mark.parametrize("count", [1, 52])
def test_the_query_count_is_flat_at_1_and_52_digests(client, editor, count_queries, count):
    build(count, editor)
    public = count_queries(lambda: client.get(PUBLIC))
    public_csv = count_queries(
        lambda: client.get(reverse("corrections:quality_csv", args=["digests"]))
    )
    client.force_login(editor)
    editors = count_queries(lambda: client.get(EDITOR))
    assert len(table_rows(client.get(EDITOR).content.decode(), "by-digest-caption")) == count
    assert (public, public_csv, editors) == EXPECTED


# Readers: the digests, the sentences, the flags, the accepted suggestions by digest and by
# person; the CSV runs the same reads. The editors' page adds the session, the editor and
# their groups, the findings, the fixed flags, the changed term renderings, and what every
# page shows an editor (the suspension check and the header's counts of
# notifications, suggestions and reported comments).
EXPECTED = (5, 5, 15)


@pytest.mark.parametrize("value", ["²", "abc", "-1", "1.5"])
def test_a_digest_filter_that_is_not_a_number_is_not_found(client, data, value):
    assert client.get(reverse("corrections:quality"), {"digest": value}).status_code == 404
    csv_url = reverse("corrections:quality_csv", args=["digests"])
    assert client.get(csv_url, {"digest": value}).status_code == 404


def test_a_glossary_batchs_suggestions_are_not_credited_as_peoples_work(client, data):
    from corrections.models import Suggestion

    term = GlossaryTerm.objects.get(source="gains")
    # Lee's accepted suggestion, as if it had been written by a glossary batch.
    Suggestion.objects.filter(author=data["lee"]).update(glossary_term=term)
    html = english(client).get(PUBLIC).content.decode()
    assert table_rows(html, "contributors-caption") == [["김교정", "2"]]

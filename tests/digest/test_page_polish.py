"""What a reader notices around the text: the tab's icon, what a shared link shows, valid
times, a flag form that makes the member choose, a way back from the API docs, and a word on
entries whose post gives no paper link."""

import datetime
import html as html_lib
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from corrections.models import Flag
from corrections.services.suggestions import suggestion_create
from digest.models import Comment, Digest
from digest.services.comments import comment_create
from digest.templatetags.timestamps import datetime_attr
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A valid date, or a global date and time to the second with its zone (no fractions).
VALID_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:?\d{2}))?")
DESCRIPTION_MAX = 160


class Head(HTMLParser):
    """The <meta> and <link> tags of a page and every <time datetime> value."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.datetimes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content", "")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "time":
            self.datetimes.append(attrs.get("datetime"))


def parsed(response) -> Head:
    head = Head()
    head.feed(response.content.decode())
    return head


def english(client):
    client.cookies["django_language"] = "en"
    return client


# --- favicon, description, Open Graph ------------------------------------------------------


def test_every_page_links_the_svg_favicon(client):
    head = parsed(client.get(reverse("digest:home")))
    (icon,) = [link for link in head.links if link.get("rel") == "icon"]
    assert icon["type"] == "image/svg+xml" and icon["href"].endswith("/img/favicon.svg")
    path = finders.find("img/favicon.svg")
    assert path is not None
    with open(path, encoding="utf-8") as svg:
        text = svg.read()
    assert text.startswith("<svg") and "<script" not in text and "style=" not in text


def test_pages_without_a_text_of_their_own_get_the_site_description(client):
    head = parsed(client.get(reverse("digest:home")))
    assert head.meta["description"] and head.meta["description"] == head.meta["og:description"]
    assert head.meta["og:site_name"] == "교정" == head.meta["og:title"]
    assert head.meta["og:type"] == "website"
    assert head.meta["og:url"] == "http://testserver/"
    assert head.meta["og:locale"] == "ko_KR"


def test_the_digest_page_is_described_by_its_korean_introduction(client, sample_digest):
    head = parsed(client.get(sample_digest.get_absolute_url()))
    description = head.meta["description"]
    assert len(description) <= DESCRIPTION_MAX
    assert description.startswith("이번 주에 선정된 논문들은")
    assert description.endswith("…")
    assert head.meta["og:description"] == description
    assert head.meta["og:title"] == sample_digest.title
    assert head.meta["og:type"] == "article"
    assert head.meta["og:url"] == f"http://testserver{sample_digest.get_absolute_url()}"
    assert head.meta["og:locale"] == "ko_KR"


def test_the_entry_page_is_described_by_its_korean_summary(client, sample_digest):
    entry = sample_digest.entries.get(position=9)
    head = parsed(client.get(entry.get_absolute_url()))
    assert head.meta["og:title"] == "대규모 언어 모델 결과물 식별을 위한 확장 가능한 워터마킹"
    assert head.meta["description"].startswith("LLM에서 텍스트 품질을 보존하고")
    assert len(head.meta["description"]) <= DESCRIPTION_MAX
    assert head.meta["og:url"] == f"http://testserver{entry.get_absolute_url()}"
    assert head.meta["og:type"] == "article"


def test_the_description_is_escaped(client, sample_digest):
    Digest.objects.filter(pk=sample_digest.pk).update(
        intro=['"따옴표" <b>굵게</b> & 끝 <script>alert(1)</script>']
    )
    response = client.get(sample_digest.get_absolute_url())
    raw = response.content.decode()
    assert '<meta name="description" content="&quot;따옴표&quot; &lt;b&gt;굵게' in raw
    assert "<script>alert(1)" not in raw
    assert parsed(response).meta["description"].startswith('"따옴표" <b>굵게</b> & 끝')


def test_open_graph_locale_follows_the_interface_language(client, sample_digest):
    head = parsed(english(client).get(sample_digest.get_absolute_url()))
    assert head.meta["og:locale"] == "en_US"
    # The description is still the digest's own Korean text.
    assert head.meta["description"].startswith("이번 주에 선정된 논문들은")


# --- <time datetime> ----------------------------------------------------------------------


def test_the_datetime_filter_writes_seconds_and_the_seoul_offset():
    moment = datetime.datetime(2024, 10, 21, 0, 30, 5, 123456, tzinfo=datetime.UTC)
    assert datetime_attr(moment) == "2024-10-21T09:30:05+09:00"
    assert datetime_attr(datetime.date(2024, 10, 21)) == "2024-10-21"
    assert datetime_attr(None) == ""


def test_every_datetime_on_a_digest_page_is_valid_without_fractions(client, sample_digest):
    reader = UserFactory(date_joined=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    entry = sample_digest.entries.get(position=7)
    thread = comment_create(author=reader, digest=sample_digest, body="좋은 글입니다.")
    comment_create(author=reader, digest=sample_digest, body="답글입니다.", parent=thread)
    comment_create(author=reader, digest=sample_digest, entry=entry, body="항목 댓글입니다.")
    # Moments with microseconds, which `date:"c"` would have written out.
    Comment.objects.update(
        created_at=datetime.datetime(2024, 10, 22, 3, 4, 5, 678901, tzinfo=datetime.UTC)
    )
    Comment.objects.filter(parent=None, entry=None).update(
        last_activity_at=datetime.datetime(2024, 10, 23, 3, 4, 5, 678901, tzinfo=datetime.UTC)
    )
    for url in (sample_digest.get_absolute_url(), entry.get_absolute_url()):
        values = parsed(client.get(url)).datetimes
        assert values, url
        assert [v for v in values if not VALID_DATETIME.fullmatch(v or "")] == [], url
    digest_page = parsed(client.get(sample_digest.get_absolute_url())).datetimes
    assert "2024-10-22T12:04:05+09:00" in digest_page
    assert "2024-10-23T12:04:05+09:00" in digest_page


def test_every_datetime_on_the_history_page_is_valid(client, sample_digest):
    values = parsed(client.get(reverse("digest:history", args=[sample_digest.slug, 7]))).datetimes
    assert values and all(VALID_DATETIME.fullmatch(v) for v in values), values


def test_no_template_writes_a_datetime_with_date_c():
    from pathlib import Path

    from django.conf import settings

    offenders = [
        str(path)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if re.search(r"datetime=\"\{\{[^}]*\|date:'c'", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# --- required selects start empty ---------------------------------------------------------


def _select(html: str, name: str, select_id: str | None = None) -> str:
    pattern = rf'<select(?=[^>]*name="{name}")'
    if select_id:
        pattern += rf'(?=[^>]*id="{select_id}")'
    return re.search(pattern + r"[^>]*>(.*?)</select>", html, re.S).group(0)


def test_the_flag_reason_starts_on_an_empty_choice(client, sample_digest):
    segment = sample_digest.entries.get(position=7).segments.get(field="summary", position=0)
    client.force_login(UserFactory())
    html = client.get(reverse("corrections:segment", args=[segment.pk])).content.decode()
    select = _select(html, "reason")
    assert " required" in select.split(">")[0]
    options = re.findall(r"<option([^>]*)>([^<]*)</option>", select)
    assert options[0][0] == ' value=""' and options[0][1]
    assert [attrs for attrs, _label in options[1:]] == [
        f' value="{value}"' for value, _label in Flag.Reason.choices
    ]
    assert "selected" not in select


def test_an_empty_flag_reason_is_refused_with_a_clear_message(client, sample_digest):
    segment = sample_digest.entries.get(position=7).segments.get(field="summary", position=0)
    client.force_login(UserFactory())
    url = reverse("corrections:flag_create", args=[segment.pk])
    response = english(client).post(url, {"reason": "", "note": ""}, HTTP_HX_REQUEST="true")
    assert "Choose one of the listed reasons." in response.content.decode()
    assert not Flag.objects.exists()


def test_the_reject_reason_starts_on_an_empty_choice(client, editor, sample_digest):
    segment = sample_digest.entries.get(position=7).segments.get(field="summary", position=0)
    author = UserFactory()
    suggestion = suggestion_create(segment=segment, author=author, text="새 번역 문장입니다.")
    client.force_login(editor)
    pages = [
        (client.get(reverse("corrections:review_suggestion", args=[suggestion.pk])), "id_reason"),
        (client.get(reverse("corrections:review_queue")), f"reason-{suggestion.pk}"),
    ]
    for response, select_id in pages:
        select = _select(response.content.decode(), "reason", select_id)
        assert " required" in select.split(">")[0]
        first, *reasons = re.findall(r"<option([^>]*)>", select)
        # Django's own rendering marks the empty choice selected; no reason is.
        assert first.strip() in ('value=""', 'value="" selected')
        assert reasons and not [attrs for attrs in reasons if "selected" in attrs]
    refused = english(client).post(
        reverse("corrections:suggestion_reject", args=[suggestion.pk]), {"reason": ""}, follow=True
    )
    assert "Reason: Choose one of the listed reasons." in refused.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


# --- the API docs page --------------------------------------------------------------------


def test_the_api_docs_page_links_back_home_without_inline_style(client):
    response = client.get(reverse("api-docs"))
    html = response.content.decode()
    header = re.search(r'<header class="api-docs-header"[^>]*>(.*?)</header>', html, re.S)
    assert header and f'href="{reverse("digest:home")}"' in header.group(1)
    assert "다이제스트 목록으로 돌아가기" in header.group(1)
    assert " style=" not in html
    # The one inline <style> is still drf-spectacular's, which the page's policy allows by hash.
    assert len(re.findall(r"<style", html)) == 1
    (sheet,) = [
        href
        for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        if "api_docs" in href
    ]
    assert finders.find("css/api_docs.css") is not None and sheet.endswith("css/api_docs.css")


# --- entries without a paper link ---------------------------------------------------------


def _links(html: str, position: int) -> str:
    entry = re.search(rf'<article class="entry[^"]*" id="entry-{position}".*?</footer>', html, re.S)
    return entry.group(0).split('<footer class="entry__links">')[1]


def test_entries_without_a_paper_link_say_so_on_the_digest_page(client, sample_digest):
    html = client.get(sample_digest.get_absolute_url()).content.decode()
    missing = sample_digest.entries.filter(source_url__isnull=True)
    assert missing.count() == 9
    for entry in missing:
        links = _links(html, entry.position)
        assert 'class="entry__no-link"' in links
        assert "논문 링크</a>" not in links
        # The post's "read more" link stays the way to the source.
        assert f'href="{html_lib.escape(entry.read_more_url)}"' in links
    with_link = sample_digest.entries.get(source_url__isnull=False)
    links = _links(html, with_link.position)
    assert 'class="entry__no-link"' not in links
    assert f'<a href="{with_link.source_url}" rel="noopener">논문 링크</a>' in links


def test_the_entry_page_says_so_too(client, sample_digest):
    entry = sample_digest.entries.get(position=1)
    html = english(client).get(entry.get_absolute_url()).content.decode()
    assert '<li class="entry__no-link">No paper link in the original post</li>' in html
    # The way back to the digest the entry came from.
    assert f'<a href="{sample_digest.get_absolute_url()}" lang="ko">' in html

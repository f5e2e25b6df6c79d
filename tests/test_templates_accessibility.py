"""What the templates promise readers of every kind: filters that survive paging, private
notes kept private, one tab stop per sentence, and language and change cues that screen
readers can use."""

import re
from html.parser import HTMLParser

import pytest
from django.db.models import Q
from django.urls import reverse

from corrections.models import GlossaryTerm
from corrections.quality import findings_refresh
from corrections.services.review import suggestion_reject
from corrections.services.segments import current_text, segment_edit
from corrections.services.suggestions import suggestion_create
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def english(client):
    client.cookies["django_language"] = "en"
    return client


class LangMap(HTMLParser):
    """Text of a page with the language each piece is in, as a screen reader would take it."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.texts: list[tuple[str, str]] = []  # (text, lang)
        self.elements: list[tuple[str, dict, str]] = []  # (tag, attrs, lang)

    def lang(self) -> str:
        return self.stack[-1][1] if self.stack else ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang", self.lang())
        self.elements.append((tag, attrs, lang))
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        # <title> can't carry lang on its parts; only the body is checked.
        if data.strip() and not (self.stack and self.stack[-1][0] == "title"):
            self.texts.append((data.strip(), self.lang()))

    def lang_of(self, text: str) -> set[str]:
        return {lang for piece, lang in self.texts if text in piece}


def lang_map(html: str) -> LangMap:
    parser = LangMap()
    parser.feed(html)
    return parser


@pytest.fixture
def entry7(sample_digest):
    return sample_digest.entries.get(position=7)


@pytest.fixture
def segment7(entry7):
    """Entry 7's first summary sentence really says 8억 for 8B: the numbers check flags it."""
    return entry7.segments.get(field="summary", position=0)


def suggest_on_many(digest, author, count):
    segments = [
        segment
        for entry in digest.entries.order_by("position")
        for segment in entry.segments.filter(retired_in__isnull=True).order_by("id")
    ][:count]
    assert len(segments) == count
    for segment in segments:
        suggestion_create(segment=segment, author=author, text=current_text(segment) + " 고침")


# Pagination keeps every other GET parameter.


def test_glossary_search_keeps_the_query_on_page_2(client, db):
    english(client)
    matching = GlossaryTerm.objects.filter(
        Q(source__icontains="ing") | Q(note__icontains="ing"), status="approved"
    ).count()
    assert matching > 50  # the starter glossary fills more than one page of 50
    first = client.get(reverse("corrections:glossary") + "?q=ing").content.decode()
    assert 'rel="next" href="?q=ing&amp;page=2"' in first
    second = client.get(reverse("corrections:glossary") + "?q=ing&page=2").content.decode()
    assert 'rel="prev" href="?q=ing&amp;page=1"' in second
    assert f"{matching} terms" in second
    assert second.count('<th scope="row" lang="en">') == matching - 50


def test_review_queue_and_attention_list_keep_their_filters_on_page_2(
    client_editor, member, sample_digest
):
    english(client_editor)
    suggest_on_many(sample_digest, member, 31)  # queue: 20 a page; attention: 30 a page
    slug = sample_digest.slug
    queue = reverse("corrections:review_queue")
    first = client_editor.get(f"{queue}?digest={slug}&sort=oldest").content.decode()
    assert f'rel="next" href="?digest={slug}&amp;sort=oldest&amp;page=2"' in first
    second = client_editor.get(f"{queue}?digest={slug}&sort=oldest&page=2").content.decode()
    assert f'rel="prev" href="?digest={slug}&amp;sort=oldest&amp;page=1"' in second
    assert "page=2&amp;page" not in second
    attention = reverse("corrections:needs_attention")
    html = client_editor.get(f"{attention}?digest={slug}").content.decode()
    assert f'rel="next" href="?digest={slug}&amp;page=2"' in html


def test_reading_layout_survives_paging_the_home_page(client, db):
    import datetime

    from tests.factories import make_digest

    for week in range(11):
        make_digest(
            slug=f"week-{week}", start=datetime.date(2024, 1, 1) + datetime.timedelta(weeks=week)
        )
    html = english(client).get("/?layout=parallel").content.decode()
    assert 'rel="next" href="?layout=parallel&amp;page=2"' in html


# Reject notes are written to the author, not to every visitor.


@pytest.fixture
def rejected(sample_digest, segment7, member, editor):
    suggestion = suggestion_create(
        segment=segment7, author=member, text=current_text(segment7) + " 비공개"
    )
    suggestion_reject(suggestion=suggestion, editor=editor, reason="style", note="개인 메모입니다")
    return suggestion


@pytest.mark.parametrize("viewer", ["visitor", "other_member"])
def test_reject_note_is_hidden_from_other_people(client, rejected, member, other_member, viewer):
    if viewer == "other_member":
        client.force_login(other_member)
    html = english(client).get(reverse("corrections:contributions", args=[member.pk])).content
    html = html.decode()
    assert "Does not fit the style guide" in html  # the reason stays public
    assert "개인 메모입니다" not in html


@pytest.mark.parametrize("viewer", ["author", "editor"])
def test_reject_note_is_shown_to_its_author_and_to_editors(
    client, rejected, member, editor, viewer
):
    client.force_login(member if viewer == "author" else editor)
    html = english(client).get(reverse("corrections:contributions", args=[member.pk])).content
    html = html.decode()
    assert "Does not fit the style guide" in html
    assert '<div class="panel-note"><p>개인 메모입니다</p></div>' in html


# One tab stop per sentence: the marker link, which links its sentence for highlighting.


@pytest.mark.parametrize("layout", ["inline", "parallel"])
def test_sentences_are_not_tab_stops_and_markers_name_their_sentence(
    client_member, sample_digest, layout
):
    html = client_member.get(f"{sample_digest.get_absolute_url()}?layout={layout}").content
    html = html.decode()
    sentences = re.findall(r'<span class="seg"[^>]*>', html)
    assert len(sentences) > 80
    assert not [tag for tag in sentences if "tabindex" in tag]
    sentence_ids = [re.search(r'data-seg="(\d+)"', tag).group(1) for tag in sentences]
    marker_ids = re.findall(r'<a class="seg-marker[^"]*" href="[^"]+" data-seg="(\d+)"', html)
    assert marker_ids == sentence_ids
    # Each marker follows its own sentence, so the marker is the sentence's only tab stop.
    for seg_id in sentence_ids[:5]:
        assert re.search(
            rf'<span class="seg" id="seg-{seg_id}"[^>]*>[^<]*</span><a class="seg-marker[^"]*" '
            rf'href="[^"]+" data-seg="{seg_id}"',
            html,
        )


# Diffs say what was added and removed, in words.


def test_review_queue_and_suggestion_page_diffs_have_hidden_cues(client_editor, member, segment7):
    english(client_editor)
    suggestion = suggestion_create(
        segment=segment7, author=member, text=current_text(segment7).replace("8억", "80억")
    )
    for url in [
        reverse("corrections:review_queue"),
        reverse("corrections:review_suggestion", args=[suggestion.pk]),
    ]:
        html = client_editor.get(url).content.decode()
        assert '<span class="visually-hidden" lang="en"> (added: </span><ins>0</ins>' in html
        pieces = lang_map(html)
        assert pieces.lang_of("(added:") == {"en"}
        assert pieces.lang_of("억 개의") == {"ko"}  # the Korean around the change


def test_history_diff_has_hidden_cues(client, editor, segment7, entry7):
    text = current_text(segment7)
    segment_edit(segment=segment7, editor=editor, text=text.replace("경량", "가벼운"))
    html = english(client).get(reverse("digest:history", args=[entry7.digest.slug, 7])).content
    html = html.decode()
    assert '<span class="visually-hidden" lang="en"> (removed: </span><del>경량</del>' in html
    assert '<span class="visually-hidden" lang="en"> (added: </span><ins>가벼운</ins>' in html


# Counts in the header are part of the links' names.


def test_header_counts_are_read_as_part_of_the_links(client_editor, editor, member, sample_digest):
    english(client_editor)
    suggest_on_many(sample_digest, member, 2)
    html = client_editor.get("/").content.decode()
    assert '<span class="count" aria-hidden="true">2</span>' in html
    assert '<span class="visually-hidden"> 2 suggestions waiting</span>' in html
    assert not re.search(r'<span class="count"[^>]*aria-label', html)

    suggestion = suggestion_create(
        segment=sample_digest.entries.first().segments.first(),
        author=member,
        text="다른 문장입니다.",
    )
    suggestion_reject(suggestion=suggestion, editor=editor, reason="style")
    client_editor.force_login(member)
    html = client_editor.get("/").content.decode()
    assert '<span class="count" aria-hidden="true">1</span>' in html
    assert '<span class="visually-hidden"> 1 unread</span>' in html


# Languages: the UI is in the UI language; only content carries lang.


@pytest.mark.parametrize("page", ["digest", "entry", "revision"])
def test_reading_pages_mark_content_not_chrome_as_korean(client, sample_digest, entry7, page):
    url = {
        "digest": sample_digest.get_absolute_url(),
        "entry": entry7.get_absolute_url(),
        "revision": reverse("digest:revision", args=[sample_digest.slug, 7, 1]),
    }[page]
    html = english(client).get(url).content.decode()
    assert '<html lang="en">' in html
    pieces = lang_map(html)
    for chrome in ["Permalink", "History", "About the paper", "Abstract", "Machine-translated."]:
        assert pieces.lang_of(chrome) <= {"en"}, chrome
    # Every piece of Korean text is marked Korean; the English originals are marked English.
    korean = [(text, lang) for text, lang in pieces.texts if re.search("[가-힣]", text)]
    assert len(korean) > 10
    assert [text for text, lang in korean if lang != "ko"] == []
    assert pieces.lang_of("Presents lightweight foundation models") == {"en"}
    for _tag, attrs, lang in pieces.elements:
        if "seg-marker" in attrs.get("class", ""):
            assert lang == "en"  # its aria-label is English, though it sits in Korean text
    if page == "digest":
        assert pieces.lang_of("이번 주에 선정된 논문들은") == {"ko"}  # intro
        assert pieces.lang_of("파이토치 한국 사용자 모임이 정리한") == {"ko"}  # notice
        assert pieces.lang_of("Original notice") == {"en"}


def test_member_panel_diff_cues_are_in_the_ui_language(client_member, segment7):
    english(client_member)
    url = reverse("corrections:suggestion_preview", args=[segment7.pk])
    text = current_text(segment7).replace("경량", "가벼운")
    html = client_member.post(url, {"text": text}).content.decode()
    pieces = lang_map(html)
    assert pieces.lang_of("(removed:") == {"en"} and pieces.lang_of("(added:") == {"en"}
    assert pieces.lang_of("가벼운") == {"ko"}


# Automatic-check messages name their check in words, on every surface that lists them.


@pytest.mark.parametrize(
    ("language", "check", "message"),
    [("en", "Numbers", "source 8B"), ("ko", "숫자", "원문 8B")],
)
def test_finding_messages_are_in_the_readers_language_on_every_surface(
    client_editor, member, sample_digest, segment7, language, check, message
):
    client_editor.cookies["django_language"] = language
    findings_refresh(digest=sample_digest)
    # The suggestion keeps 8억 for 8B, so the numbers check still has something to say.
    suggestion = suggestion_create(
        segment=segment7, author=member, text=current_text(segment7) + " (수정)"
    )
    finding = re.compile(
        rf'<span class="finding__check">{check}</span>: <span class="finding__message">'
        rf"[^<]*{message}"
    )
    for url in [
        reverse("corrections:review_queue"),
        reverse("corrections:review_suggestion", args=[suggestion.pk]),
        reverse("corrections:needs_attention"),
        reverse("corrections:segment", args=[segment7.pk]),
    ]:
        assert finding.search(client_editor.get(url).content.decode()), url
    # The member's preview of a text, as the panel shows it while typing.
    preview = client_editor.post(
        reverse("corrections:suggestion_preview", args=[segment7.pk]),
        {"text": current_text(segment7) + " (수정)"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert finding.search(preview)


def test_the_bare_diff_partial_is_gone():
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    with pytest.raises(TemplateDoesNotExist):
        get_template("partials/diff_ops.html")


# In a browser: the marker is the sentence's one tab stop, and focusing it shows the pairing.


@pytest.fixture
def chromium():
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_keyboard_reaches_each_sentence_once_and_sees_it_highlighted(
    chromium, live_server, sample_digest
):
    entry = sample_digest.entries.get(position=7)
    first, second = entry.segments.filter(field="abstract").order_by("position")[:2]
    page = chromium.new_context(locale="en-US").new_page()
    page.goto(f"{live_server.url}{entry.get_absolute_url()}")
    page.locator(f'.seg-marker[data-seg="{first.pk}"]').focus()
    page.keyboard.press("Tab")
    marker = page.locator(f'.seg-marker[data-seg="{second.pk}"]')
    assert page.evaluate("document.activeElement.classList.contains('seg-marker')")
    assert page.evaluate("document.activeElement.dataset.seg") == str(second.pk)
    # The focused marker lights up its Korean sentence and the English original.
    assert "is-linked" in page.locator(f"#seg-{second.pk}").get_attribute("class")
    assert "is-linked" in page.locator(f'.src[data-seg="{second.pk}"]').get_attribute("class")
    assert marker.evaluate("el => getComputedStyle(el).opacity") == "1"
    background = page.locator(f"#seg-{second.pk}").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # Enter opens the panel through the marker's data-hx-get; Escape gives focus back to the marker.
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'panel-heading'")
    page.keyboard.press("Escape")
    page.wait_for_function(
        f"() => document.activeElement.matches('.seg-marker[data-seg=\"{second.pk}\"]')"
    )
    # A click on the sentence itself still opens the panel; closing returns to its marker.
    page.locator(f"#seg-{first.pk}").click()
    page.wait_for_function("() => document.activeElement.id === 'panel-heading'")
    page.locator("#correction-panel [data-panel-close]").click()
    page.wait_for_function(
        f"() => document.activeElement.matches('.seg-marker[data-seg=\"{first.pk}\"]')"
    )

"""In Chromium: the remembered layout, links to one sentence, the contents beside the text
or folded at the top, and nothing wider than a phone, in the light and the dark scheme."""

import pytest

from tests.browser.test_correction_flow import browser  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def digest_url(live_server, digest, query=""):
    return f"{live_server.url}{digest.get_absolute_url()}{query}"


def test_the_chosen_layout_is_remembered_on_the_next_pages(
    browser,  # noqa: F811
    live_server,
    sample_digest,
):
    page = browser.new_context(viewport=WIDE).new_page()
    page.goto(f"{live_server.url}/d/{sample_digest.slug}/3/")
    page.click('.layout-switch a[data-layout="parallel"]')
    page.wait_for_url("**?layout=parallel")

    page.goto(digest_url(live_server, sample_digest, "#entry-4"))
    assert page.url.endswith("?layout=parallel#entry-4")
    assert page.locator("article.entry--parallel").count() == 10
    assert page.locator(".parallel").first.is_visible()

    # An address that names its layout (a shared link) is left as it is.
    page.goto(digest_url(live_server, sample_digest, "?layout=inline"))
    assert page.url.endswith("?layout=inline")

    page.click('.layout-switch a[data-layout="korean"]')
    page.wait_for_url("**?layout=korean")
    page.goto(f"{live_server.url}/d/{sample_digest.slug}/5/")
    assert page.url.endswith("/5/?layout=korean")
    assert not page.locator("article.entry .source").first.is_visible()
    assert page.locator("article.entry .target").first.is_visible()


def test_a_sentence_link_opens_on_the_sentence_and_can_be_copied(
    browser,  # noqa: F811
    live_server,
    sample_digest,
):
    entry = sample_digest.entries.get(position=5)
    segment = entry.segments.get(field="abstract", position=3)
    context = browser.new_context(viewport=WIDE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(digest_url(live_server, sample_digest, f"#seg-{segment.pk}"))
    sentence = page.locator(f"#seg-{segment.pk}")
    box = sentence.bounding_box()
    assert 0 <= box["y"] < WIDE["height"]
    english = page.locator(f'.src[data-seg="{segment.pk}"]')
    assert "is-target" in english.get_attribute("class")
    # Both fade in (a background transition): wait for the end colour, --target.
    for selector in (f"#seg-{segment.pk}", f'.src[data-seg="{segment.pk}"]'):
        page.wait_for_function(
            "s => getComputedStyle(document.querySelector(s)).backgroundColor"
            " === 'rgb(255, 229, 138)'",
            arg=selector,
            timeout=3000,
        )

    other = sample_digest.entries.get(position=2).segments.get(field="summary", position=0)
    page.locator(f"#seg-{other.pk}").hover()
    button = page.locator(".seg-share")
    button.wait_for()
    before = page.locator(f"#seg-{other.pk}").bounding_box()
    button.click()
    assert page.locator(f"#seg-{other.pk}").bounding_box() == before  # the text did not move
    assert button.text_content() == "링크를 복사했습니다"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == digest_url(live_server, sample_digest, f"#seg-{other.pk}")


def test_the_contents_stay_beside_the_text_on_a_wide_screen(
    browser,  # noqa: F811
    live_server,
    sample_digest,
):
    page = browser.new_context(viewport=WIDE).new_page()
    page.goto(digest_url(live_server, sample_digest))
    toc = page.locator("details.toc")
    assert toc.evaluate("el => el.open")
    entries = page.locator("article.entry").first.bounding_box()
    assert toc.bounding_box()["x"] > entries["x"] + entries["width"]
    page.locator("#entry-6").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")
    box = toc.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= WIDE["height"]
    current = page.locator(".toc a[aria-current]")
    current.wait_for()
    assert current.get_attribute("href") == "#entry-6"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_contents_fold_into_a_bar_and_nothing_overflows(
    browser,  # noqa: F811
    live_server,
    sample_digest,
    scheme,
):
    page = browser.new_context(viewport=PHONE).new_page()
    page.emulate_media(color_scheme=scheme)
    for path in ("/", sample_digest.get_absolute_url(), f"/d/{sample_digest.slug}/1/"):
        for query in ("", "?layout=parallel"):
            page.goto(f"{live_server.url}{path}{query}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (path, query, width)
    page.goto(digest_url(live_server, sample_digest))
    toc = page.locator("details.toc")
    assert not toc.evaluate("el => el.open")
    page.locator("#entry-5").scroll_into_view_if_needed()
    assert toc.bounding_box()["y"] == 0  # stays at the top while reading
    page.click(".toc__summary")
    page.click('.toc a[href="#entry-8"]')
    assert not toc.evaluate("el => el.open")
    heading = page.locator("#entry-8-title").bounding_box()
    # The entry's heading is not hidden under the bar.
    assert heading["y"] >= toc.bounding_box()["height"]
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background == ("rgb(20, 24, 29)" if scheme == "dark" else "rgb(252, 252, 250)")


def test_print_shows_both_languages_and_the_papers_addresses_without_the_controls(
    browser,  # noqa: F811
    live_server,
    sample_digest,
):
    page = browser.new_context(viewport=WIDE).new_page()
    page.emulate_media(media="print", color_scheme="dark")
    page.goto(digest_url(live_server, sample_digest, "?layout=korean"))
    for hidden in (".site-header", ".site-footer", ".layout-switch", ".toc", ".comments"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert not page.locator(".seg-marker").first.is_visible()
    # Korean only on screen, both languages on paper.
    assert page.locator("article.entry .source").first.is_visible()
    link = page.locator('.entry__links a[href^="http"]').first
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert link.get_attribute("href") in after
    # Printed dark on white, whatever the screen's scheme.
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background == "rgb(255, 255, 255)"

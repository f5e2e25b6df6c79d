"""The correction panel leaves the sentence it is about in view, on a wide screen (docked
beside the text) and on a phone (a bottom sheet, with a backdrop that closes it); after a
suggestion is sent it shows what was sent and folds the form, with no flag ticked again."""

import pytest

from corrections.models import Suggestion
from tests.browser.test_correction_flow import browser, sign_in  # noqa: F401 (the fixture)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def open_panel(page, seg_id):
    page.locator(f"#seg-{seg_id}").click()
    page.locator("#correction-panel .panel").wait_for()
    # Wait for the scroll that brings the sentence into view to end.
    page.wait_for_function(
        "() => new Promise(done => requestAnimationFrame(() => setTimeout(() => done(true), 600)))"
    )


@pytest.mark.parametrize("width, height", [(1280, 800), (360, 740)])
def test_the_tapped_sentence_stays_visible_beside_or_above_the_panel(
    browser,  # noqa: F811
    live_server,
    sample_digest,
    width,
    height,
):
    member = UserFactory()
    entry = sample_digest.entries.get(position=7)
    # The abstract's last sentences: far down the page, where a sheet would cover them.
    segment = entry.segments.filter(field="abstract").order_by("-position").first()
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}{entry.get_absolute_url()}")
    open_panel(page, segment.pk)
    sentence = page.locator(f"#seg-{segment.pk}").bounding_box()
    panel = page.locator("#correction-panel").bounding_box()
    assert sentence["y"] >= 0 and sentence["y"] + sentence["height"] <= height
    assert not overlap(sentence, panel)
    backdrop = page.locator(".panel-backdrop")
    if width < 768:
        assert backdrop.is_visible()
        backdrop.click(position={"x": 5, "y": 5})
        assert page.locator("#correction-panel .panel").count() == 0
        assert backdrop.count() == 0
    else:
        assert not backdrop.is_visible()


def test_after_sending_the_panel_shows_it_and_folds_the_form(
    browser,  # noqa: F811
    live_server,
    sample_digest,
):
    member = UserFactory()
    entry = sample_digest.entries.get(position=7)
    segment = entry.segments.get(field="summary", position=0)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}{entry.get_absolute_url()}")
    open_panel(page, segment.pk)
    panel = page.locator("#correction-panel")
    assert panel.locator("select[name=reason]").input_value() == ""
    panel.locator("select[name=reason]").select_option("number")
    panel.locator(".flag-form button[type=submit]").click()
    panel.locator(".panel-myflag").wait_for()
    page.wait_for_function("() => !document.querySelector('.htmx-settling, .htmx-swapping')")
    box = panel.locator("textarea[name=text]")
    corrected = box.input_value().replace("8억 개", "80억 개")
    box.fill(corrected)
    assert panel.locator("input[name=flag]").is_checked()
    panel.locator(".suggestion-form button[type=submit]").click()
    panel.locator(".panel-sent").wait_for()
    assert corrected in panel.locator(".panel-sent").inner_text()
    assert not panel.locator("textarea[name=text]").is_visible()
    panel.locator(".panel-form__fold > summary").click()
    assert panel.locator("textarea[name=text]").is_visible()
    assert not panel.locator("input[name=flag]").is_checked()
    assert Suggestion.objects.filter(author=member).count() == 1

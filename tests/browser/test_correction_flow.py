"""A member flags and corrects a sentence, an editor accepts, a visitor sees revision 2.

Drives Debian's Chromium through Playwright against Django's live server.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.services import editor_grant
from corrections.models import Flag, Suggestion
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory

PASSWORD = "correct horse battery"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("GYOJEONG_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required in CI but /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls that set up and
    # check data here are plain synchronous code all the same.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/")


def test_flag_suggest_accept_and_read_revision_2(browser, live_server, sample_digest):
    member = UserFactory(display_name="번역지킴이")
    editor = UserFactory(display_name="편집장")
    editor_grant(user=editor)
    entry = sample_digest.entries.get(position=7)
    segment = entry.segments.get(field="summary", position=0)
    entry_url = f"{live_server.url}{entry.get_absolute_url()}"

    # A member opens the sentence's panel from the reading page, flags it and suggests a fix.
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, member.email)
    page.goto(entry_url)
    page.locator(f"#seg-{segment.pk}").click()
    panel = page.locator("#correction-panel")
    panel.locator("select[name=reason]").wait_for()
    assert "Presents lightweight foundation models" in panel.inner_text()
    panel.locator("select[name=reason]").select_option("number")
    panel.locator("textarea[name=note]").first.fill("8B는 80억입니다.")
    panel.locator(".flag-form button[type=submit]").click()
    page.wait_for_function("() => document.querySelector('#correction-panel .panel__flag-count')")
    # htmx wires up the swapped-in form once the swap has settled.
    page.wait_for_function("() => !document.querySelector('.htmx-settling, .htmx-swapping')")
    textarea = panel.locator("textarea[name=text]")
    corrected = textarea.input_value().replace("8억 개", "80억 개")
    textarea.fill(corrected)
    panel.locator(".panel-preview ins").first.wait_for()  # the live diff shows the change
    panel.locator(".suggestion-form button[type=submit]").click()
    panel.locator(".panel-suggestions li").first.wait_for()
    assert Flag.objects.filter(segment=segment, author=member, status="open").exists()
    suggestion = Suggestion.objects.get(segment=segment, author=member)
    assert suggestion.text == corrected

    # An editor accepts it from the review queue.
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, editor.email)
    page.goto(f"{live_server.url}{reverse('corrections:review_queue')}")
    page.locator(f"#suggestion-{suggestion.pk} form[action$='/accept/'] button").click()
    page.wait_for_load_state()
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"

    # A visitor reads revision 2 with the corrected sentence, and its credit and diff.
    page = browser.new_context(locale="ko-KR").new_page()
    page.goto(entry_url)
    assert "80억 개의 파라미터" in page.locator(f"#seg-{segment.pk}").inner_text()
    badge = page.locator(".badge").first.inner_text()
    assert "2" in badge
    page.locator(".badge").first.click()
    page.wait_for_url("**/history/")
    history = page.locator("main").inner_text()
    assert "번역지킴이" in history and "편집장" in history
    assert page.locator(".diff ins").first.inner_text() == "0"
    # Kept for people to look at after a run; the folder is ignored by git.
    artifacts = Path(settings.BASE_DIR) / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "history-after-correction.png"), full_page=True)

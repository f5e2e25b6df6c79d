"""The strict Content-Security-Policy breaks nothing a reader or an API user does in Chromium.

A member opens the correction panel on a digest page and types a suggestion (htmx requests,
a live preview, the panel's script); the API docs page renders Swagger UI and lists the
operations. Any message of Chromium's about the policy, a violation event or an uncaught
script error fails the test.

Drives Debian's Chromium through Playwright against Django's live server.
"""

import os
import re

import pytest
from django.urls import reverse

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory

PASSWORD = "correct horse battery"
# Generous, for a loaded CI machine; a passing run waits far less.
TIMEOUT_MS = 15_000
# Runs before any script of the page and outside its policy: a violation the console might
# word differently is still recorded.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""

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


class PolicyWatch:
    """Collects what a page says about the policy, and every uncaught script error."""

    def __init__(self, page):
        self.page = page
        self.messages: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(f"pageerror: {error}"))

    def _console(self, message):
        if "content security policy" in message.text.lower():
            self.messages.append(f"console {message.type}: {message.text}")

    def assert_clean(self):
        violations = self.page.evaluate("() => window.__cspViolations")
        assert self.messages == [], self.messages
        assert violations == [], violations


def new_page(browser):
    context = browser.new_context(locale="ko-KR")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    return page, PolicyWatch(page)


def settled(page) -> None:
    """Wait until htmx has no request in flight and has finished swapping and settling."""
    page.wait_for_function(
        "() => window.htmx"
        " && !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
    )


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    # Enter submits the password's own form, whatever other buttons (a passkey's) the page has.
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_correction_panel_works_under_the_policy(browser, live_server, sample_digest):
    member = UserFactory()
    entry = sample_digest.entries.get(position=7)
    segment = entry.segments.get(field="summary", position=0)
    page, watch = new_page(browser)
    sign_in(page, live_server, member.email)

    page.goto(f"{live_server.url}{sample_digest.get_absolute_url()}")
    page.wait_for_function("() => window.htmx !== undefined")
    # htmx was told not to inject its indicator <style>, which the policy would refuse.
    assert page.locator("head style").count() == 0
    page.locator(f"#seg-{segment.pk}").click()
    panel = page.locator("#correction-panel")
    panel.locator("select[name=reason]").wait_for()
    assert "is-open" in (panel.get_attribute("class") or "")
    settled(page)
    # The live preview is an htmx request triggered by typing (hx-trigger with a delay).
    textarea = panel.locator("textarea[name=text]")
    textarea.fill(textarea.input_value() + " 수정")
    panel.locator(".panel-preview ins").first.wait_for()
    settled(page)
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => !document.querySelector('#correction-panel').classList.contains('is-open')"
    )
    watch.assert_clean()


def test_api_docs_render_under_the_policy(browser, live_server):
    page, watch = new_page(browser)
    response = page.goto(f"{live_server.url}{reverse('api-docs')}")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Gyojeong API" in page.locator(".swagger-ui .info .title").inner_text()
    operations = page.locator(".swagger-ui .opblock")
    operations.first.wait_for()
    assert operations.count() > 5
    # Opening an operation draws its icons (data: images) and its parameter table.
    operations.first.locator(".opblock-summary").click()
    page.locator(".swagger-ui .opblock.is-open .opblock-body").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/api/v1/", page.locator(".swagger-ui").inner_text())
    watch.assert_clean()

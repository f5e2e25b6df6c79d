"""Where a second factor is required, an editor without one is sent to set it up before the
review queue or the admin opens; after activating an authenticator app they accept a
suggestion and open the admin, and the next sign-in asks for the app's code.

Drives Debian's Chromium through Playwright against Django's live server.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import override_settings
from django.urls import reverse

from accounts.services import editor_grant
from corrections.models import Suggestion
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from tests.browser.test_correction_flow import PASSWORD, browser  # noqa: F401 - the fixture
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def password_step(page, live_server, email):
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


@override_settings(GYOJEONG_REQUIRE_MFA=True)
def test_an_editor_sets_up_totp_then_reviews_and_opens_the_admin(
    browser,  # noqa: F811 - the fixture imported above
    live_server,
    sample_digest,
):
    member = UserFactory()
    editor = UserFactory(display_name="편집장", is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    editor_grant(user=editor)
    segment = sample_digest.entries.get(position=7).segments.get(field="summary", position=0)
    suggestion = suggestion_create(
        segment=segment, author=member, text=current_text(segment).replace("8억", "80억")
    )
    setup_path = reverse("mfa_index")

    page = browser.new_context(locale="ko-KR").new_page()
    password_step(page, live_server, editor.email)
    # Without a factor, the queue and the admin both send the editor to the setup page.
    for path in (reverse("corrections:review_queue"), "/admin/"):
        page.goto(f"{live_server.url}{path}")
        assert page.url.startswith(f"{live_server.url}{setup_path}"), page.url
        assert "2단계 인증이 필요합니다" in page.locator(".messages").inner_text()
    assert Suggestion.objects.get(pk=suggestion.pk).status == "pending"

    # Activate an authenticator app with the secret the page shows.
    page.goto(f"{live_server.url}{reverse('mfa_activate_totp')}")
    # Changing the account's factors asks for the password again first.
    assert "/accounts/reauthenticate/" in page.url
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/2fa/totp/activate/")
    # The QR code is a data: image, which the policy allows on this page only.
    assert page.evaluate("() => document.querySelector('main img').naturalWidth") > 0
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", code_for(secret))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}{reverse('corrections:review_queue')}")
    assert page.url == f"{live_server.url}{reverse('corrections:review_queue')}"
    page.locator(f"#suggestion-{suggestion.pk} form[action$='/accept/'] button").click()
    page.wait_for_load_state()
    assert Suggestion.objects.get(pk=suggestion.pk).status == "accepted"
    response = page.goto(f"{live_server.url}/admin/")
    assert response.status == 200 and page.url == f"{live_server.url}/admin/"

    # A new sign-in asks for the code after the password.
    page = browser.new_context(locale="ko-KR").new_page()
    password_step(page, live_server, editor.email)
    assert "/2fa/authenticate/" in page.url
    time.sleep(max(0.0, 31 - time.time() % 30))  # a code is accepted once: wait for the next
    page.fill("input[name=code]", code_for(secret))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    response = page.goto(f"{live_server.url}/admin/")
    assert response.status == 200 and page.url == f"{live_server.url}/admin/"

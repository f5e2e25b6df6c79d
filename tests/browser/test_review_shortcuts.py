"""The review queue's keyboard shortcuts, in Chromium: j moves to the next suggestion and a
accepts it; ? opens the list of shortcuts, Escape closes it and gives the focus back; keys
typed into a field stay text."""

import pytest
from django.urls import reverse

from accounts.services import editor_grant
from corrections.models import Suggestion
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from tests.browser.test_correction_flow import browser, sign_in  # noqa: F401 (the fixture)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_j_then_a_accepts_the_second_suggestion(browser, live_server, sample_digest):  # noqa: F811
    editor = UserFactory(display_name="편집장")
    editor_grant(user=editor)
    author = UserFactory(display_name="제안자")
    entry = sample_digest.entries.get(position=7)
    title, summary = (
        entry.segments.get(field="title"),
        entry.segments.get(field="summary", position=0),
    )
    first = suggestion_create(segment=summary, author=author, text=current_text(summary) + " 첫째")
    second = suggestion_create(segment=title, author=author, text=current_text(title) + " 둘째")
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, editor.email)
    page.goto(f"{live_server.url}{reverse('corrections:review_queue')}")
    items = page.locator("[data-review-item]")
    assert items.count() == 2
    order = [items.nth(n).get_attribute("id") for n in range(2)]
    assert set(order) == {f"suggestion-{first.pk}", f"suggestion-{second.pk}"}

    # Typing in a field is typing: the filter's author box takes the letters.
    page.locator("#id_author").fill("")
    page.locator("#id_author").press_sequentially("ja")
    assert page.locator("#id_author").input_value() == "ja"
    assert Suggestion.objects.filter(status="pending").count() == 2

    page.locator("body").click(position={"x": 1, "y": 1})
    page.keyboard.press("?")
    dialog = page.locator("#review-shortcuts")
    assert dialog.is_visible()
    assert "j" in dialog.inner_text() and "Esc" in dialog.inner_text()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()

    page.keyboard.press("j")
    current = page.evaluate("document.activeElement.id")
    assert current == order[1]
    assert "is-current" in page.locator(f"#{order[1]}").get_attribute("class")
    page.keyboard.press("a")
    page.wait_for_load_state()
    page.locator(".messages").wait_for()
    accepted = Suggestion.objects.get(pk=int(order[1].split("-")[1]))
    untouched = Suggestion.objects.get(pk=int(order[0].split("-")[1]))
    assert (accepted.status, untouched.status) == ("accepted", "pending")
    assert f"{accepted.pk}번 제안" in page.locator(".messages").inner_text()


def test_r_moves_to_the_reason_and_help_gives_focus_back(browser, live_server, sample_digest):  # noqa: F811
    editor = UserFactory(display_name="편집장")
    editor_grant(user=editor)
    segment = sample_digest.entries.get(position=7).segments.get(field="summary", position=0)
    suggestion = suggestion_create(
        segment=segment, author=UserFactory(), text=current_text(segment) + " 고침"
    )
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, editor.email)
    page.goto(f"{live_server.url}{reverse('corrections:review_queue')}")
    page.locator("[data-shortcuts-open]").click()
    assert page.locator("#review-shortcuts").is_visible()
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.matches('[data-shortcuts-open]')")
    page.locator("body").click(position={"x": 1, "y": 1})
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == f"reason-{suggestion.pk}"
    # Inside the select, letters choose options; they do not skip or accept.
    page.keyboard.press("s")
    page.keyboard.press("a")
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"

"""Where a sentence's text comes from, as a reader sees it and as the API says it: machine →
edited → verified → edited, as the sentence is corrected, checked by an editor in the
correction panel, and corrected again."""

import pytest

from accounts.services import editor_grant
from corrections.services.review import suggestion_accept
from corrections.services.segments import current_text, segment_edit
from corrections.services.suggestions import suggestion_create
from tests.browser.test_correction_flow import browser, sign_in  # noqa: F401 (fixture)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provenance_follows_the_sentence_in_the_reader_and_the_api(
    browser,  # noqa: F811
    live_server,
    sample_digest,
):
    member = UserFactory(display_name="번역지킴이")
    editor = UserFactory(display_name="편집장")
    editor_grant(user=editor)
    entry = sample_digest.entries.get(position=3)
    segment = entry.segments.get(field="abstract", position=1)
    entry_url = f"{live_server.url}{entry.get_absolute_url()}"
    api_url = f"{live_server.url}/api/v1/digests/{sample_digest.slug}/"
    reader = browser.new_context(locale="ko-KR").new_page()

    def seen() -> tuple[str, str]:
        reader.goto(entry_url)
        classes = reader.locator(f"#seg-{segment.pk}").get_attribute("class").split()
        mark = next((c.removeprefix("seg--") for c in classes if c.startswith("seg--")), "machine")
        body = reader.request.get(api_url).json()
        in_api = next(
            item["provenance"]
            for e in body["entries"]
            for field in e["fields"]
            for item in field["segments"]
            if item["id"] == segment.pk
        )
        return mark, in_api

    assert seen() == ("machine", "machine")
    assert "사람이 고치거나 확인한 문장 0/" in reader.inner_text(".entry__checked")

    suggestion = suggestion_create(
        segment=segment, author=member, text=current_text(segment) + " (다듬음)"
    )
    suggestion_accept(suggestion=suggestion, editor=editor)
    assert seen() == ("edited", "edited")
    assert "사람이 고치거나 확인한 문장 1/" in reader.inner_text(".entry__checked")

    # The editor confirms the sentence from its correction panel.
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, editor.email)
    page.goto(entry_url)
    page.locator(f".seg-marker[data-seg='{segment.pk}']").click()
    panel = page.locator("#correction-panel")
    panel.locator(".panel-verify").wait_for()
    assert "사람이 고쳤습니다" in panel.inner_text()
    panel.get_by_role("button", name="이 문장 확인").click()
    page.wait_for_url(f"{entry_url}#seg-{segment.pk}")
    assert "문장 1개를 확인했습니다" in page.inner_text("body")
    assert seen() == ("verified", "verified")

    segment_edit(segment=segment, editor=editor, text=current_text(segment) + " 다시")
    assert seen() == ("edited", "edited")

    # The reader's toggle lights up the sentences nobody has changed or checked.
    reader.goto(entry_url)
    reader.locator("[data-unchecked-toggle]").check()
    unchecked = entry.segments.get(field="abstract", position=0)
    assert reader.locator(f"#seg-{unchecked.pk}").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    ) not in ("rgba(0, 0, 0, 0)", "transparent")
    assert reader.locator(f"#seg-{segment.pk}").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    ) in ("rgba(0, 0, 0, 0)", "transparent")

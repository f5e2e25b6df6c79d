"""Editors read an English back-translation of a suggestion (and of the text it would
replace) in the review queue, from the configured translation service: fetched after the page
shows, kept in the cache, and never an error page when the service fails."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from tests.corrections.test_translate_digest import FakeService, english

pytestmark = pytest.mark.django_db

QUEUE = reverse("corrections:review_queue")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fake():
    service = FakeService()
    yield service
    service.server.shutdown()


@pytest.fixture
def openai(settings, fake):
    settings.MT_BACKEND = "openai"
    settings.MT_BASE_URL = fake.url + "/v1"
    settings.MT_API_KEY = "test-key"
    settings.MT_MODEL = "fake-mt-1"
    settings.MT_TIMEOUT = 0.5
    settings.MT_ATTEMPTS = 3
    settings.MT_BACKOFF = 0
    return fake


@pytest.fixture
def suggestion(member, segment):
    return suggestion_create(segment=segment, author=member, text="모델을 80억 개로 늘렸습니다.")


def back_translation_url(suggestion) -> str:
    return reverse("corrections:review_back_translation", args=[suggestion.pk])


def test_the_review_page_loads_the_english_of_both_texts(client_editor, openai, suggestion):
    page = client_editor.get(reverse("corrections:review_suggestion", args=[suggestion.pk]))
    html = page.content.decode()
    assert "영어 역번역" in html
    assert f'data-hx-get="{back_translation_url(suggestion)}" data-hx-trigger="load"' in html
    assert openai.calls == []  # the page itself does not wait for the service

    fragment = client_editor.get(back_translation_url(suggestion), **HTMX)
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html
    assert f'<span lang="en">{english(suggestion.text)}</span>' in html
    assert f'<span lang="en">{english(current_text(suggestion.segment))}</span>' in html
    system_prompts = [body["messages"][0]["content"] for _, body, _ in openai.calls]
    assert len(system_prompts) == 2 and all("into English" in p for p in system_prompts)


def test_the_queue_offers_it_on_each_row_when_opened(client_editor, openai, suggestion):
    html = client_editor.get(QUEUE).content.decode()
    assert (
        f'<details class="back-translation" data-hx-get="{back_translation_url(suggestion)}" '
        'data-hx-trigger="toggle once"'
    ) in html
    assert openai.calls == []


def test_without_javascript_the_link_opens_a_page(client_editor, openai, suggestion):
    html = client_editor.get(back_translation_url(suggestion)).content.decode()
    assert "<html" in html and f'<dd lang="ko">{suggestion.text}</dd>' in html
    assert english(suggestion.text) in html


def test_nothing_is_shown_without_a_configured_backend(client_editor, settings, suggestion):
    settings.MT_BASE_URL = ""
    for url in (QUEUE, reverse("corrections:review_suggestion", args=[suggestion.pk])):
        html = client_editor.get(url).content.decode()
        assert "영어 역번역" not in html and "back-translation" not in html
    assert client_editor.get(back_translation_url(suggestion), **HTMX).status_code == 404


@pytest.mark.parametrize("mode", ["refused", "slow", "garbage"])
def test_a_failing_service_gives_a_short_message(client_editor, openai, suggestion, mode):
    openai.mode = mode
    response = client_editor.get(back_translation_url(suggestion), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("역번역을 불러오지 못했습니다") == 2
    # One try, no retry, and the second text is not sent to a service that just failed.
    assert len(openai.calls) == 1


def test_a_failure_is_not_remembered(client_editor, openai, suggestion):
    openai.mode = "refused"
    client_editor.get(back_translation_url(suggestion), **HTMX)
    openai.mode = "ok"
    html = client_editor.get(back_translation_url(suggestion), **HTMX).content.decode()
    assert english(suggestion.text) in html


def test_a_reload_asks_the_service_nothing_new(client_editor, openai, suggestion, member):
    first = client_editor.get(back_translation_url(suggestion), **HTMX).content.decode()
    asked = len(openai.calls)
    assert asked == 2
    again = client_editor.get(back_translation_url(suggestion), **HTMX).content.decode()
    assert again == first and len(openai.calls) == asked
    # Another suggestion on the same sentence only needs its own text translated.
    other = suggestion_create(
        segment=suggestion.segment, author=member, text="모델을 크게 키웠습니다."
    )
    html = client_editor.get(back_translation_url(other), **HTMX).content.decode()
    assert english(other.text) in html and len(openai.calls) == asked + 1


def test_the_deepl_backend_translates_back_into_english(client_editor, settings, fake, suggestion):
    settings.MT_BACKEND = "deepl"
    settings.MT_BASE_URL = fake.url + "/v2"
    settings.MT_MODEL = ""
    settings.MT_TIMEOUT = 0.5
    html = client_editor.get(back_translation_url(suggestion), **HTMX).content.decode()
    assert english(suggestion.text) in html
    assert {(body["source_lang"], body["target_lang"]) for _, body, _ in fake.calls} == {
        ("KO", "EN-US")
    }


def test_only_editors_read_it(client_member, openai, suggestion):
    response = client_member.get(back_translation_url(suggestion), **HTMX)
    assert response.status_code == 403
    assert openai.calls == []

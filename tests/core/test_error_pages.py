"""The pages a reader meets when an address leads nowhere (404) or the site fails (500)."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from django.urls import path, reverse
from django.utils import translation
from django.views import defaults

from config import urls as site_urls


def _boom(request):
    raise ImproperlyConfigured("a failure inside a view")


# The site's URLconf plus a failing view, for the test that lets a view fail through the whole
# stack (the policy's report-uri is reversed from it).
urlpatterns = [path("boom/", _boom), *site_urls.urlpatterns]


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_unknown_address_answers_404_with_the_site_page_in_korean(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert re.search(r"<h1[^>]*>페이지를 찾을 수 없습니다\.</h1>", html)
    assert "<title>페이지를 찾을 수 없습니다. · 교정</title>" in html
    # The site's own page (header, navigation, footer), with ways back that need no search.
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    ways = re.search(r'<ul class="error-page__ways">(.*?)</ul>', html, re.S).group(1)
    assert f'href="{reverse("digest:home")}"' in ways
    assert f'href="{reverse("corrections:glossary")}"' in ways
    assert "Content-Security-Policy" in response
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)
    assert " style=" not in html and "<style" not in html


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_unknown_entry_of_a_real_digest_gets_the_same_page(client, sample_digest):
    response = client.get(f"{sample_digest.get_absolute_url()}99/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다." in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_the_404_page_follows_the_visitors_language(client):
    client.cookies["django_language"] = "en"
    html = client.get("/no-such-page/").content.decode()
    assert re.search(r"<h1[^>]*>Page not found</h1>", html)
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_unmatched_api_addresses_still_answer_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_the_500_page_renders_without_a_request_context_or_queries(django_assert_num_queries):
    request = RequestFactory().get("/d/some-digest/")
    with translation.override("ko"), django_assert_num_queries(0):
        response = defaults.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert re.search(r"<h1[^>]*>서버 오류</h1>", html)
    assert '<html lang="ko">' in html
    assert 'href="/"' in html
    assert "{%" not in html and "{{" not in html


def test_the_500_page_needs_no_database_at_all():
    """Without the django_db mark any query raises: the page must not make one."""
    request = RequestFactory().get("/")
    with translation.override("en"):
        response = defaults.server_error(request)
    assert response.status_code == 500
    assert re.search(r"<h1[^>]*>Server error</h1>", response.content.decode())


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_failing_view_answers_the_500_page_under_the_policy(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert re.search(r"<h1[^>]*>서버 오류</h1>", html)
    assert "a failure inside a view" not in html
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert " style=" not in html and "<style" not in html and "<script" not in html

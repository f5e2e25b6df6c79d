"""The newsletter's HTML, rendered to PNG in Debian's Chromium, in Korean and English, light
and dark: test-artifacts/newsletter-<language>-<scheme>.png, for people to look at."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Newsletter
from accounts.services import editor_grant
from corrections.services.review import suggestion_accept
from corrections.services.segments import segment_edit
from corrections.services.suggestions import suggestion_create
from digest.models import Digest, NewsletterDelivery, Revision
from digest.newsletter import newsletter_plans, newsletter_render
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory, make_digest

NOW = datetime.datetime(2024, 10, 28, 0, 0, tzinfo=datetime.UTC)  # Monday 09:00 in Seoul

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("GYOJEONG_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required in CI but /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def newsletter_html(language: str) -> str:
    editor = UserFactory(display_name="편집장", newsletter=Newsletter.OFF)
    editor_grant(user=editor)
    contributor = UserFactory(display_name="번역지킴이", newsletter=Newsletter.OFF)
    member = UserFactory(language=language)
    old = make_digest(slug=f"old-{language}", entries=2, sentences=2)
    Digest.objects.filter(pk=old.pk).update(published_at=NOW - datetime.timedelta(days=10))
    NewsletterDelivery.objects.create(
        member=member,
        frequency="weekly",
        period_start=datetime.date(2024, 10, 21),
        window_start=NOW - datetime.timedelta(days=14),
        window_end=NOW - datetime.timedelta(days=7),
        status="sent",
        digests=[old.pk],
        claimed_at=NOW - datetime.timedelta(days=7),
        sent_at=NOW - datetime.timedelta(days=7),
    )
    new = make_digest(
        slug=f"new-{language}", entries=3, sentences=1, start=datetime.date(2024, 10, 21)
    )
    Digest.objects.filter(pk=new.pk).update(
        published_at=NOW - datetime.timedelta(days=2), like_count=4
    )
    summary = old.entries.get(position=1).segments.filter(field="summary").order_by("position")[0]
    suggestion = suggestion_create(
        segment=summary, author=contributor, text="항목 1의 요약 문장 1은 6.94%p 향상을 보고합니다."
    )
    revisions = [suggestion_accept(suggestion=suggestion, editor=editor)]
    title = old.entries.get(position=2).segments.get(field="title", position=0)
    revisions.append(segment_edit(segment=title, editor=editor, text="두 번째 항목의 고친 제목"))
    Revision.objects.filter(pk__in=[r.pk for r in revisions]).update(
        created_at=NOW - datetime.timedelta(days=1)
    )
    (plan,) = [p for p in newsletter_plans(frequency="weekly", now=NOW) if p.member == member]
    assert len(plan.digests) == 1 and len(plan.errata) == 2
    return newsletter_render(plan)[2]


@pytest.fixture(params=["ko", "en"])
def rendered(request, settings):
    settings.SITE_URL = "https://gyojeong.example"
    return request.param, newsletter_html(request.param)


def test_newsletter_snapshots(rendered, browser):
    # The data is written and the HTML rendered before Chromium starts.
    language, html = rendered
    artifacts = Path(settings.BASE_DIR) / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        context = browser.new_context(
            viewport={"width": 720, "height": 900}, color_scheme=scheme, locale=f"{language}-KR"
        )
        page = context.new_page()
        # Nothing may load from outside the email itself.
        requests = []
        page.on("request", lambda request, seen=requests: seen.append(request.url))
        page.set_content(html)
        page.screenshot(path=str(artifacts / f"newsletter-{language}-{scheme}.png"), full_page=True)
        assert [url for url in requests if not url.startswith("data:")] == []
        context.close()

"""The editors' glossary page with candidates and a batch to open passes the guards every page
passes (tests/browser/test_page_audit.py): no serious axe violation, no sideways scrolling on
a 360 px phone, valid HTML; in Korean and English."""

import json
import os
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.services import editor_grant
from corrections.models import GlossaryCandidate, GlossaryTerm, RenderingChange
from corrections.quality import findings_refresh
from corrections.services.glossary_candidates import candidate_accept, candidates_mine
from corrections.services.review import suggestion_accept
from corrections.services.suggestions import suggestion_create
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_page_audit import (
    ARTIFACTS,
    AXE,
    BLOCKING_IMPACTS,
    INSTALL_HINT,
    PHONE_WIDTH,
    VNU,
    PageSpec,
    crawl,
    require,
    session_cookies,
)
from tests.corrections.test_glossary_candidates import SENTENCES, summary, transformer_digest
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser]


def make_data():
    """Two corrections of "Transformer" mined into a candidate and accepted (the third
    sentence still to change), and a second candidate that waits for a decision."""
    GlossaryTerm.objects.filter(source__icontains="transformer").delete()
    digest = transformer_digest()
    member = UserFactory(display_name="교정가")
    editor = UserFactory(display_name="편집자")
    editor_grant(user=editor)
    for position, (_source, _target, corrected) in enumerate(SENTENCES, start=1):
        if corrected is not None:
            suggestion = suggestion_create(
                segment=summary(digest, position), author=member, text=corrected
            )
            suggestion_accept(suggestion=suggestion, editor=editor)
    # Outside a test transaction's commit, the mining and the checks are run here.
    candidates_mine()
    candidate_accept(candidate=GlossaryCandidate.objects.get(), editor=editor)
    findings_refresh(digest=digest)
    second = GlossaryCandidate.objects.create(
        source="Transformer encoder", old="변압기 인코더", new="트랜스포머 인코더"
    )
    RenderingChange.objects.filter(segment=summary(digest, 2)).update(candidate=second)
    pages = [PageSpec("glossary-editor", "editor", reverse("corrections:glossary"))]
    return {"editor": editor}, pages


@pytest.fixture(scope="module")
def audit(django_db_setup, django_db_blocker, live_server):
    require(os.path.exists(CHROMIUM), "Debian's chromium is not installed")
    require(AXE.exists(), f"axe-core is not installed: {INSTALL_HINT}")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with django_db_blocker.unblock():
        try:
            people, pages = make_data()
            cookies = session_cookies(people)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    result = crawl(browser, live_server.url, cookies, pages)
                finally:
                    browser.close()
        finally:
            call_command("flush", interactive=False, verbosity=0)
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return result


def test_the_page_shows_candidates_and_the_batch(audit):
    html = audit.documents["glossary-editor-en.html"]
    assert "Glossary candidates" in html and "Open batch suggestions (1 sentence)" in html
    assert "일괄 제안 열기(1개 문장)" in audit.documents["glossary-editor-ko.html"]


def test_no_serious_accessibility_violation_and_no_sideways_scrolling(audit):
    problems = [
        f"{v.language} {v.device}: {finding['id']} {finding['help']}"
        for v in audit.visits
        for finding in v.violations
        if finding["impact"] in BLOCKING_IMPACTS
    ] + [
        f"{v.language} phone: {v.width}"
        for v in audit.visits
        if v.device == "phone" and v.width["width"] > PHONE_WIDTH
    ]
    assert not problems, "\n".join(problems)


def test_the_html_is_valid(audit):
    require(VNU.exists(), f"vnu-jar is not installed: {INSTALL_HINT}")
    java = shutil.which("java")
    require(java is not None, f"no Java runtime for the Nu HTML checker: {INSTALL_HINT}")
    folder = ARTIFACTS / "html-glossary-candidates"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = []
    for name, html in sorted(audit.documents.items()):
        (folder / name).write_text(html, encoding="utf-8")
        files.append(str(folder / name))
    done = subprocess.run(  # noqa: S603 (a fixed command on files this test wrote)
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(done.stderr.strip() or done.stdout.strip())["messages"]
    errors = [f"{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] != "info"]
    assert not errors, "\n".join(errors)

"""Every kind of page, in Korean and English, on a desktop and on a phone, passes four guards.

- axe-core finds no violation of serious or critical impact;
- on a 360 px wide phone nothing makes the page scroll sideways;
- a resting sentence marker has 3:1 contrast, and is a 24 px target on a phone;
- the Nu HTML checker finds no error in the HTML the server sent.

One crawl serves all the tests: the data is made once, Chromium is started once, each role
signs in once and keeps one browser context per language and device. Each page also leaves a
full-page screenshot in test-artifacts/screenshots/<page>-<lang>-<device>.png, the served HTML
in test-artifacts/html/ and every axe finding (minor and moderate ones too) in
test-artifacts/audit/axe.json, for people to look at after a run.

axe-core and vnu.jar come from npm and Java runs the checker: tests/browser/install_audit_tools.sh
installs them (.ci/run calls it) into GYOJEONG_AUDIT_TOOLS, ~/.cache/gyojeong/audit-tools unless
set. Without them, or without Chromium, the tests are skipped, and fail under
GYOJEONG_REQUIRE_BROWSER=1 as CI sets it. GYOJEONG_AUDIT_PAGES=digest,sign-up audits only the
pages named, for a quick look while fixing one.
"""

import datetime
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import editor_grant, moderator_grant
from corrections.models import GlossaryTerm
from corrections.quality import findings_refresh
from corrections.services.flags import flag_create
from corrections.services.review import suggestion_accept, suggestion_reject
from corrections.services.segments import current_text, segment_edit
from corrections.services.suggestions import suggestion_create
from digest.loading import load_digest_file
from digest.services import digest_import
from digest.services.comments import comment_create
from digest.services.moderation import report_create
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory

# Where `npm install --prefix` put axe-core and vnu-jar: outside the work tree, so a checkout
# stays clean and CI runs on one machine share the download.
AUDIT_TOOLS = Path(
    os.environ.get("GYOJEONG_AUDIT_TOOLS") or Path.home() / ".cache" / "gyojeong" / "audit-tools"
)
AXE = AUDIT_TOOLS / "node_modules" / "axe-core" / "axe.min.js"
VNU = AUDIT_TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "bash tests/browser/install_audit_tools.sh installs it"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
SAMPLE_PATH = Path(settings.BASE_DIR) / "digest" / "samples" / "2024-10-21-top-ml-papers.txt"

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
}
PHONE_WIDTH = 360
LANGUAGES = {"ko": "ko-KR", "en": "en-US"}
BLOCKING_IMPACTS = {"serious", "critical"}
# Generous, for a loaded CI machine; a passing run waits far less.
TIMEOUT_MS = 20_000

pytestmark = [pytest.mark.browser]

# Runs in the page: axe's findings, reduced to what a report needs.
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(" "),
      html: n.html.slice(0, 200),
      summary: (n.failureSummary || "").slice(0, 300),
    })),
  }));
}"""

# Runs in the page: the width that scrolls, and the elements reaching furthest right.
MEASURE_WIDTH = """(limit) => {
  const width = document.scrollingElement.scrollWidth;
  if (width <= limit) return {width, widest: []};
  const name = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    for (const cls of Array.from(el.classList).slice(0, 3)) text += "." + cls;
    return text;
  };
  const path = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 4;
         node = node.parentElement) parts.unshift(name(node));
    return parts.join(" > ");
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit + 0.5) continue;
    // The deepest element past the edge names the culprit; its ancestors only contain it.
    const child = Array.from(el.children).some((c) => c.getBoundingClientRect().right > limit);
    if (!child) wide.push({element: path(el), right: Math.round(box.right)});
  }
  wide.sort((a, b) => b.right - a.right);
  return {width, widest: wide.slice(0, 5)};
}"""


# Runs in the page: the resting size and contrast of the first unflagged sentence marker.
MEASURE_MARKER = """() => {
  const marker = document.querySelector(".seg-marker:not(.seg-marker--flagged)");
  if (!marker) return null;
  const rgba = (css) => {
    const [r, g, b, a = 1] = css.match(/[\\d.]+/g).map(Number);
    return {rgb: [r, g, b], a};
  };
  let opacity = 1;
  let background = [255, 255, 255];
  for (let node = marker; node; node = node.parentElement) {
    opacity *= Number(getComputedStyle(node).opacity);
  }
  for (let node = marker; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour.a > 0) { background = colour.rgb; break; }
  }
  const ink = rgba(getComputedStyle(marker.firstElementChild || marker).color);
  const alpha = ink.a * opacity;
  const seen = ink.rgb.map((c, i) => c * alpha + background[i] * (1 - alpha));
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((c) => {
      c /= 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(seen), luminance(background)].sort((x, y) => y - x);
  const box = marker.getBoundingClientRect();
  return {
    width: Math.round(box.width * 10) / 10,
    height: Math.round(box.height * 10) / 10,
    contrast: Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100,
  };
}"""
# WCAG 2.2: 1.4.11 non-text contrast, and 2.5.8 target size raised to 2.5.5's 24 px on phones,
# where a fingertip, not a pointer, picks one marker out of a line of text.
MARKER_CONTRAST = 3.0
MARKER_TARGET_PX = 24


@dataclass(frozen=True)
class PageSpec:
    name: str
    role: str  # visitor, member, editor or moderator
    path: str
    status: int = 200
    open_panel: bool = False
    ready: str | None = None  # what the page's scripts draw, awaited before the audit


@dataclass
class Visit:
    spec: PageSpec
    language: str
    device: str
    status: int
    violations: list[dict]
    width: dict
    marker: dict | None


@dataclass
class Audit:
    visits: list[Visit] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)  # file name -> served HTML


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("GYOJEONG_REQUIRE_BROWSER"):
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def established_member(**kwargs) -> User:
    """A member who joined ten days ago, past the new-member limits."""
    user = UserFactory(**kwargs)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - datetime.timedelta(days=10))
    user.refresh_from_db()
    return user


def make_data() -> tuple[dict[str, User], list[PageSpec]]:
    """Everything each page type needs to show its content, and the pages to visit."""
    (data,) = load_digest_file(SAMPLE_PATH)
    digest = digest_import(data=data, publish=True).digest
    member = established_member(display_name="교정가")
    reporter = established_member(display_name="신고자")
    editor = UserFactory(display_name="편집자")
    editor_grant(user=editor)
    moderator = UserFactory(display_name="운영자")
    moderator_grant(user=moderator)

    entry = digest.entries.get(position=7)
    segment = entry.segments.get(field="summary", position=0)
    # Revision 2 by an editor's direct edit, revision 3 from the member's suggestion: the
    # member gets a notification, the audit log has rows, the history has a diff.
    segment_edit(
        segment=segment, editor=editor, text=current_text(segment).replace("경량", "가벼운")
    )
    accepted = suggestion_create(
        segment=segment, author=member, text=current_text(segment).replace("8억", "80억")
    )
    suggestion_accept(suggestion=accepted, editor=editor)
    others = list(entry.segments.filter(retired_in__isnull=True).exclude(pk=segment.pk)[:3])
    rejected = suggestion_create(
        segment=others[0], author=member, text=current_text(others[0]) + " 고침"
    )
    suggestion_reject(suggestion=rejected, editor=editor, reason="style", note="문체 안내")
    flag = flag_create(segment=others[1], author=member, reason="number", note="숫자 확인")
    pending = suggestion_create(
        segment=others[1], author=member, text=current_text(others[1]) + " 수정", flag=flag
    )
    findings_refresh(digest=digest)
    # The starter glossary's terms are there unless a transactional test emptied the tables.
    term = GlossaryTerm.objects.filter(status=GlossaryTerm.Status.APPROVED).first()
    if term is None:
        term = GlossaryTerm.objects.create(source="foundation model", approved=["파운데이션 모델"])
    comment = comment_create(author=member, digest=digest, body="3번 논문 번역이 좋았어요.")
    report_create(comment=comment, reporter=reporter, reason="spam")

    slug = digest.slug
    history = reverse("digest:history", args=[slug, 7])
    pages = [
        PageSpec("home", "visitor", reverse("digest:home")),
        PageSpec("digest", "visitor", digest.get_absolute_url()),
        PageSpec("entry", "visitor", entry.get_absolute_url()),
        PageSpec("history", "visitor", history),
        PageSpec("history-diff", "visitor", f"{history}?from=1&to=3"),
        PageSpec("old-revision", "visitor", reverse("digest:revision", args=[slug, 7, 1])),
        PageSpec("search", "visitor", reverse("digest:search") + "?q=%EB%AA%A8%EB%8D%B8"),
        PageSpec("glossary", "visitor", reverse("corrections:glossary")),
        PageSpec("not-found", "visitor", "/no-such-page/", status=404),
        PageSpec("sign-in", "visitor", reverse("account_login")),
        PageSpec("sign-up", "visitor", reverse("account_signup")),
        PageSpec("password-reset", "visitor", reverse("account_reset_password")),
        PageSpec("api-docs", "visitor", reverse("api-docs"), ready=".swagger-ui .opblock"),
        PageSpec("digest-panel", "member", digest.get_absolute_url(), open_panel=True),
        PageSpec("forbidden", "member", reverse("corrections:review_queue"), status=403),
        PageSpec("profile", "member", reverse("accounts:profile")),
        PageSpec("notifications", "member", reverse("corrections:notifications")),
        PageSpec("contributions", "member", reverse("corrections:contributions", args=[member.pk])),
        PageSpec("review-queue", "editor", reverse("corrections:review_queue")),
        PageSpec(
            "review-suggestion",
            "editor",
            reverse("corrections:review_suggestion", args=[pending.pk]),
        ),
        PageSpec("attention", "editor", reverse("corrections:needs_attention")),
        PageSpec("audit-log", "editor", reverse("corrections:audit_log")),
        PageSpec(
            "segment-edit", "editor", reverse("corrections:segment_edit", args=[others[2].pk])
        ),
        PageSpec("term-edit", "editor", reverse("corrections:term_edit", args=[term.pk])),
        PageSpec("moderation-queue", "moderator", reverse("moderation:queue")),
        PageSpec("moderation-member", "moderator", reverse("moderation:member", args=[member.pk])),
        PageSpec("quality", "visitor", reverse("corrections:quality")),
        PageSpec("quality-editor", "editor", reverse("corrections:quality_editor")),
    ]
    people = {"member": member, "editor": editor, "moderator": moderator}
    # GYOJEONG_AUDIT_PAGES=digest,api-docs audits only those, for a quicker look while fixing.
    chosen = {name for name in os.environ.get("GYOJEONG_AUDIT_PAGES", "").split(",") if name}
    return people, [spec for spec in pages if not chosen or spec.name in chosen]


def session_cookies(people: dict[str, User]) -> dict[str, str]:
    """One signed-in session per role, made without the sign-in form."""
    cookies = {}
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def open_panel(page) -> str:
    """Open the correction panel from the page's third marker; return the fragment's HTML."""
    marker = page.locator(".seg-marker").nth(2)
    with page.expect_response(lambda r: "/s/" in r.url and r.request.method == "GET") as answer:
        marker.click()
    page.locator("#correction-panel select[name=reason]").wait_for()
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
    )
    return answer.value.text()


def as_document(fragment: str, language: str) -> str:
    """An htmx fragment inside the smallest valid document, for the HTML checker."""
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>fragment</title></head><body>{fragment}</body></html>"
    )


def crawl(browser, base_url: str, cookies: dict[str, str], pages: list[PageSpec]) -> Audit:
    axe_source = AXE.read_text(encoding="utf-8")
    screenshots = ARTIFACTS / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    audit = Audit()
    roles = ["visitor", *cookies]
    for language, locale in LANGUAGES.items():
        for device, options in DEVICES.items():
            for role in roles:
                context = browser.new_context(locale=locale, **options)
                context.set_default_timeout(TIMEOUT_MS)
                jar = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
                if role != "visitor":
                    jar.append(
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": cookies[role],
                            "url": base_url,
                        }
                    )
                context.add_cookies(jar)
                page = context.new_page()
                for spec in (p for p in pages if p.role == role):
                    response = page.goto(base_url + spec.path, wait_until="load")
                    if spec.ready:
                        page.locator(spec.ready).first.wait_for()
                    if device == "desktop":
                        audit.documents[f"{spec.name}-{language}.html"] = response.text()
                    if spec.open_panel:
                        fragment = open_panel(page)
                        if device == "desktop":
                            audit.documents[f"{spec.name}-fragment-{language}.html"] = as_document(
                                fragment, language
                            )
                    # Evaluated through the debugging protocol, so the page's policy (no
                    # inline scripts) does not apply to the injection.
                    if not page.evaluate("() => 'axe' in window"):
                        page.evaluate(axe_source)
                    violations = page.evaluate(RUN_AXE)
                    width = page.evaluate(MEASURE_WIDTH, PHONE_WIDTH)
                    # A visitor's page: no pointer has rested on a marker yet.
                    marker = page.evaluate(MEASURE_MARKER) if role == "visitor" else None
                    page.screenshot(
                        path=str(screenshots / f"{spec.name}-{language}-{device}.png"),
                        full_page=True,
                    )
                    audit.visits.append(
                        Visit(spec, language, device, response.status, violations, width, marker)
                    )
                context.close()
    return audit


@pytest.fixture(scope="module")
def audit(django_db_setup, django_db_blocker, live_server):
    require(os.path.exists(CHROMIUM), "Debian's chromium is not installed")
    require(AXE.exists(), f"axe-core is not installed: {INSTALL_HINT}")
    # Playwright's sync API runs an event loop in this thread; the ORM calls that set up
    # data here are plain synchronous code all the same.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    # The data lives for the whole module, made once; the crawl ends before the first test
    # body runs, and the database is emptied afterwards as a transactional test leaves it.
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
    report = ARTIFACTS / "audit"
    report.mkdir(parents=True, exist_ok=True)
    (report / "axe.json").write_text(
        json.dumps(
            [
                {"page": v.spec.name, "language": v.language, "device": v.device, **finding}
                for v in result.visits
                for finding in v.violations
            ],
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    return result


def where(visit: Visit) -> str:
    return f"{visit.spec.name} ({visit.language}, {visit.device}, {visit.spec.path})"


def test_every_page_answers_as_expected(audit):
    wrong = [f"{where(v)}: {v.status}" for v in audit.visits if v.status != v.spec.status]
    assert not wrong, "\n".join(wrong)


def test_no_serious_or_critical_accessibility_violations(audit):
    problems = []
    for visit in audit.visits:
        for finding in visit.violations:
            if finding["impact"] not in BLOCKING_IMPACTS:
                continue
            nodes = "\n".join(f"      {n['target']}: {n['html']}" for n in finding["nodes"][:5])
            more = len(finding["nodes"]) - 5
            problems.append(
                f"{where(visit)}: {finding['id']} [{finding['impact']}] {finding['help']}, "
                f"{len(finding['nodes'])} nodes\n{nodes}"
                + (f"\n      … {more} more" if more > 0 else "")
            )
    assert not problems, "\n".join(problems)


def test_nothing_scrolls_sideways_on_a_phone(audit):
    problems = [
        f"{where(v)}: {v.width['width']} px wide; widest: "
        + "; ".join(f"{w['element']} (right edge {w['right']})" for w in v.width["widest"])
        for v in audit.visits
        if v.device == "phone" and v.width["width"] > PHONE_WIDTH
    ]
    assert not problems, "\n".join(problems)


def test_resting_sentence_markers_are_visible_and_big_enough_to_tap(audit):
    measured = [v for v in audit.visits if v.marker is not None]
    crawled = {v.spec.name for v in audit.visits}
    assert {v.spec.name for v in measured} >= {"digest", "entry"} & crawled
    problems = [
        f"{where(v)}: contrast {v.marker['contrast']}:1, "
        f"{v.marker['width']}×{v.marker['height']} px"
        for v in measured
        if v.marker["contrast"] < MARKER_CONTRAST
        or (v.device == "phone" and min(v.marker["width"], v.marker["height"]) < MARKER_TARGET_PX)
    ]
    assert not problems, "\n".join(problems)


def test_served_html_is_valid(audit):
    require(VNU.exists(), f"vnu-jar is not installed: {INSTALL_HINT}")
    java = shutil.which("java")
    require(java is not None, f"no Java runtime for the Nu HTML checker: {INSTALL_HINT}")
    folder = ARTIFACTS / "html"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = []
    for name, html in sorted(audit.documents.items()):
        path = folder / name
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    # One JVM for every document: starting the checker costs more than checking a page.
    done = subprocess.run(  # noqa: S603 (a fixed command on files this test wrote)
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stderr.strip() or done.stdout.strip()
    messages = json.loads(output)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}\n"
        f"      {m.get('extract', '').strip()}"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)

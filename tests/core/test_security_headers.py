"""Security headers on every kind of page, scored as the MDN HTTP Observatory scores them;
the Content-Security-Policy report endpoint; the API's JSON 404."""

import base64
import hashlib
import json
import logging
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from config.settings import base as base_settings
from config.settings import production as production_settings
from core.csp import LOGGED_REPORT_CHARS, MAX_REPORT_BYTES

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------------------------------
# The Observatory's scoring, for the headers of one response
# ---------------------------------------------------------------------------------------

# The Observatory's grade chart only distinguishes scores up to 100 (A+); bonuses count only
# when the score without them is at least this (MINIMUM_SCORE_FOR_EXTRA_CREDIT).
EXTRA_CREDIT_FLOOR = 90
DANGEROUSLY_BROAD = {
    "ftp:",
    "http:",
    "https:",
    "*",
    "http://*",
    "http://*.*",
    "https://*",
    "https://*.*",
}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCE_OR_HASH = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
SIX_MONTHS = 15_552_000
PRIVATE_REFERRER = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
UNSAFE_REFERRER = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
# From best to worst, as cookies.js ranks them (`onlyIfWorse`), with their modifiers.
COOKIE_RESULTS = [
    ("cookies-without-secure-flag-but-protected-by-hsts", -5),
    ("cookies-without-secure-flag", -20),
    ("cookies-session-without-secure-flag-but-protected-by-hsts", -10),
    ("cookies-samesite-flag-invalid", -20),
    ("cookies-anticsrf-without-samesite-flag", -20),
    ("cookies-session-without-httponly-flag", -30),
    ("cookies-session-without-secure-flag", -40),
]


class InvalidPolicy(ValueError):
    pass


def parse_csp(header: str) -> dict[str, set[str]]:
    """One policy as the Observatory's cspParser.js reads it: lower-cased, a repeated
    directive (other than report-uri/report-to) makes it invalid, an empty source list is
    'none'."""
    if "," in header:
        # Several policies in one header are intersected by cspParser.js; the site sends one.
        raise NotImplementedError("only a single policy is scored")
    header = header.replace("\r", "").replace("\n", "").strip()
    if len(header) < len("img-src") - 1:
        raise InvalidPolicy(header)
    policy: dict[str, set[str]] = {}
    for entry in header.split(";"):
        if not entry.strip():
            continue
        directive, *sources = entry.strip().split()
        directive = directive.lower()
        if directive in policy and directive not in {"report-uri", "report-to"}:
            raise InvalidPolicy(f"duplicate directive {directive}")
        values = {source.lower() for source in sources}
        if not values and directive.endswith("-src"):
            values = {"'none'"}
        policy.setdefault(directive, values)
    return policy


def csp_modifier(headers, *, https: bool) -> tuple[str, int, dict | None]:
    """analyzer/tests/csp.js: the first unsafe thing found decides, in the order below."""
    header = headers.get("Content-Security-Policy")
    if not header:
        if headers.get("Content-Security-Policy-Report-Only"):
            return "csp-not-implemented-but-reporting-enabled", -25, None
        return "csp-not-implemented", -25, None
    try:
        csp = parse_csp(header)
    except InvalidPolicy:
        return "csp-header-invalid", -25, None
    default = csp.get("default-src")
    script_src = set(csp.get("script-src") or default or {"*"})
    object_src = set(csp.get("object-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    for sources in (script_src, style_src):
        if any(source.startswith(NONCE_OR_HASH) for source in sources):
            sources.discard("'unsafe-inline'")
    if "'strict-dynamic'" in script_src:
        if not any(source.startswith(NONCE_OR_HASH) for source in script_src):
            # Parsed all the same: frame-ancestors still counts for x-frame-options.
            return "csp-header-invalid", -25, csp
        script_src = {
            source
            for source in script_src
            if not source.startswith(tuple(DANGEROUSLY_BROAD))
            and source not in {"'self'", "'unsafe-inline'"}
        }
    active = [
        s for d, ss in csp.items() if d not in {"img-src", "media-src", "script-src"} for s in ss
    ]
    active += script_src
    passive = [s for d in ("img-src", "media-src") for s in csp.get(d) or default or ()]
    insecure = ("http:", "ftp:")
    if script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or object_src & DANGEROUSLY_BROAD:
        return "csp-implemented-with-unsafe-inline", -20, csp
    if https and any(source.startswith(insecure) for source in active):
        return "csp-implemented-with-insecure-scheme", -20, csp
    if "'unsafe-eval'" in script_src | style_src:
        return "csp-implemented-with-unsafe-eval", -10, csp
    if https and any(source.startswith(insecure) for source in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10, csp
    if style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0, csp
    if default == {"'none'"}:
        return "csp-implemented-with-no-unsafe-default-src-none", 10, csp
    return "csp-implemented-with-no-unsafe", 5, csp


def hsts_modifier(headers, *, https: bool) -> tuple[str, int]:
    """analyzer/tests/strict-transport-security.js, without the preload list (+5 for a
    domain Chromium ships as preloaded: not something a response shows)."""
    if not https:
        return "hsts-not-implemented-no-https", -20
    header = headers.get("Strict-Transport-Security")
    if not header:
        return "hsts-not-implemented", -20
    parts = [part.strip().lower() for part in header[:1024].split(";")]
    max_age = next((part[len("max-age=") :] for part in parts if part.startswith("max-age=")), None)
    if "," in header or max_age is None or not max_age.isdigit():
        return "hsts-header-invalid", -20
    if int(max_age) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


def cookies_modifier(response, *, hsts: bool) -> tuple[str, int]:
    """analyzer/tests/cookies.js: the worst finding over every cookie the response sets; a
    session cookie is one whose name holds "sess" or "login", an anti-CSRF one "csrf"."""
    if not response.cookies:
        return "cookies-not-found", 0
    ranks = [name for name, _modifier in COOKIE_RESULTS]
    worst = None

    def found(result):
        nonlocal worst
        if worst is None or ranks.index(result) > ranks.index(worst):
            worst = result

    missing_samesite = False
    for name, morsel in response.cookies.items():
        key = name.lower()
        session = "sess" in key or "login" in key
        samesite = morsel["samesite"]
        if samesite and samesite.lower() not in {"lax", "strict", "none"}:
            found("cookies-samesite-flag-invalid")
        if not morsel["secure"] and samesite.lower() == "none":
            found("cookies-samesite-flag-invalid")
        if not morsel["secure"]:
            found(
                "cookies-without-secure-flag-but-protected-by-hsts"
                if hsts
                else "cookies-without-secure-flag"
            )
        if "csrf" in key and not samesite:
            found("cookies-anticsrf-without-samesite-flag")
        if session and not morsel["secure"]:
            found(
                "cookies-session-without-secure-flag-but-protected-by-hsts"
                if hsts
                else "cookies-session-without-secure-flag"
            )
        if session and not morsel["httponly"]:
            found("cookies-session-without-httponly-flag")
        missing_samesite = missing_samesite or not samesite
    if worst is not None:
        return worst, dict(COOKIE_RESULTS)[worst]
    if missing_samesite:
        return "cookies-secure-with-httponly-sessions", 0
    return "cookies-secure-with-httponly-sessions-and-samesite", 5


def cors_modifier(headers) -> tuple[str, int]:
    """analyzer/tests/cors.js, for the response's own headers (it also probes
    crossdomain.xml and clientaccesspolicy.xml, which the site does not serve)."""
    allowed = headers.get("Access-Control-Allow-Origin")
    if not allowed:
        return "cross-origin-resource-sharing-not-implemented", 0
    if (
        allowed.strip() != "*"
        and headers.get("Access-Control-Allow-Credentials", "").lower() == "true"
    ):
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    return "cross-origin-resource-sharing-implemented-with-public-access", 0


def redirection_modifier(http_response, host: str) -> tuple[str, int]:
    """analyzer/tests/redirection.js, for the first hop: http:// must go to https:// on the
    same host."""
    if http_response is None:
        return "redirection-not-tested", 0
    if http_response.status_code not in (301, 302, 303, 307, 308):
        return "redirection-missing", -20
    target = urlsplit(http_response["Location"])
    if target.scheme != "https":
        return "redirection-not-to-https", -20
    if target.hostname != host:
        return "redirection-off-host-from-http", -5
    return "redirection-to-https", 0


def referrer_modifier(headers) -> tuple[str, int]:
    """analyzer/tests/referrer-policy.js: the last known value of the header decides."""
    header = headers.get("Referrer-Policy")
    if not header:
        return "referrer-policy-not-implemented", 0
    known = [
        v.strip().lower()
        for v in header.split(",")
        if v.strip().lower() in PRIVATE_REFERRER | UNSAFE_REFERRER
    ]
    if known and known[-1] in PRIVATE_REFERRER:
        return "referrer-policy-private", 5
    if known:
        return "referrer-policy-unsafe", -5
    return "referrer-policy-header-invalid", -5


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def sri_modifier(response, *, host: str, https: bool) -> tuple[str, int]:
    """analyzer/tests/subresource-integrity.js: only scripts from another site need SRI
    (same-site is approximated by the same host)."""
    if response.get("Content-Type", "").split(";")[0] != "text/html":
        return "sri-not-implemented-response-not-html", 0
    parser = _Scripts()
    parser.feed(response.content.decode(errors="replace"))
    if not parser.scripts:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    worst = ("sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0)
    for script in parser.scripts:
        src = script.get("src")
        if not src:
            continue
        parts = urlsplit(src)
        relative = not parts.scheme and not src.startswith("//")
        if relative or (parts.hostname == host and not src.startswith("//")):
            # SRI is not needed here, but earns the bonus all the same.
            secure = parts.scheme == "https" or (relative and https)
            if script.get("integrity") and secure and worst[1] == 0:
                worst = ("sri-implemented-and-all-scripts-loaded-securely", 5)
            continue
        secure = parts.scheme == "https"
        if script.get("integrity") and not secure:
            candidate = ("sri-implemented-but-external-scripts-not-loaded-securely", -20)
        elif not script.get("integrity") and secure:
            candidate = ("sri-not-implemented-but-external-scripts-loaded-securely", -5)
        elif not script.get("integrity"):
            candidate = ("sri-not-implemented-and-external-scripts-not-loaded-securely", -50)
        else:
            candidate = ("sri-implemented-and-external-scripts-loaded-securely", 5)
        if candidate[1] < worst[1] or worst[1] == 0:
            worst = candidate
    return worst


def xcto_modifier(headers) -> tuple[str, int]:
    """analyzer/tests/x-content-type-options.js."""
    header = headers.get("X-Content-Type-Options")
    if not header:
        return "x-content-type-options-not-implemented", -5
    if header[:256].strip().lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-header-invalid", -5


def xfo_modifier(headers, csp: dict | None) -> tuple[str, int]:
    """analyzer/tests/x-frame-options.js: CSP frame-ancestors wins over the header."""
    if csp and "frame-ancestors" in csp:
        return "x-frame-options-implemented-via-csp", 5
    header = headers.get("X-Frame-Options", "")[:1024].strip().lower()
    if header in {"deny", "sameorigin"}:
        return "x-frame-options-sameorigin-or-deny", 0
    if header.startswith("allow-from"):
        return "x-frame-options-allow-from-origin", 0
    return ("x-frame-options-header-invalid" if header else "x-frame-options-not-implemented"), -20


def corp_modifier(headers) -> tuple[str, int]:
    """analyzer/tests/cross-origin-resource-policy.js."""
    header = headers.get("Cross-Origin-Resource-Policy", "")[:256].strip().lower()
    if not header:
        return "cross-origin-resource-policy-not-implemented", 0
    if header in {"same-origin", "same-site"}:
        return f"cross-origin-resource-policy-implemented-with-{header}", 10
    if header == "cross-origin":
        return "cross-origin-resource-policy-implemented-with-cross-origin", 0
    return "cross-origin-resource-policy-header-invalid", -5


def observatory_score(response, *, https: bool, http_response=None, host="testserver"):
    """The MDN HTTP Observatory's score for one response, with the result of each test.

    Follows mdn/mdn-http-observatory: the modifiers of src/grader/charts.js (SCORE_TABLE)
    and the decisions of src/analyzer/tests/*.js, summed as src/scanner/index.js does: start
    at 100, add every penalty, and add the bonuses only if the penalties left at least 90.
    Tests and rules that apply to this site's headers:

    - content-security-policy: none or report-only -25, unparsable -25; 'unsafe-inline' or
      data: in script-src, or a broad object-src -20; http: sources on HTTPS -20;
      'unsafe-eval' -10; http: images -10; unsafe style-src 0; otherwise +5, or +10 with
      default-src 'none' (csp-implemented-with-no-unsafe-default-src-none). A nonce or hash
      neutralises 'unsafe-inline' beside it.
    - cookies: session cookie without Secure -40 (-10 under HSTS), without HttpOnly -30,
      anti-CSRF cookie without SameSite -20, invalid SameSite -20, any cookie without Secure
      -20 (-5 under HSTS); all secure with SameSite +5; no cookies 0.
    - cross-origin-resource-policy: same-origin or same-site +10, invalid -5.
    - cross-origin-resource-sharing: credentialed access from anywhere -50.
    - redirection: http:// not redirected to https:// -20 (first hop only; given the answer
      to the same request over plain HTTP).
    - referrer-policy: no-referrer, same-origin, strict-origin(-when-cross-origin) +5,
      unsafe or invalid -5.
    - strict-transport-security: missing or invalid -20, not served over HTTPS -20, under
      six months -10.
    - subresource-integrity: external scripts without SRI -5 (-50 over HTTP); same-origin
      scripts, as all of this site's are, 0.
    - x-content-type-options: not nosniff -5.
    - x-frame-options: frame-ancestors in the CSP +5, else DENY/SAMEORIGIN 0, missing -20.
    """
    headers = response.headers
    csp_result, csp_points, csp = csp_modifier(headers, https=https)
    hsts = hsts_modifier(headers, https=https)
    results = dict(
        [
            (csp_result, csp_points),
            cookies_modifier(response, hsts=hsts[1] == 0),
            corp_modifier(headers),
            cors_modifier(headers),
            redirection_modifier(http_response, host),
            referrer_modifier(headers),
            hsts,
            sri_modifier(response, host=host, https=https),
            xcto_modifier(headers),
            xfo_modifier(headers, csp),
        ]
    )
    penalties = 100 + sum(points for points in results.values() if points < 0)
    with_bonuses = 100 + sum(results.values())
    return (with_bonuses if penalties >= EXTRA_CREDIT_FLOOR else penalties), results


# ---------------------------------------------------------------------------------------
# The scorer itself, on headers whose score the Observatory's rules fix
# ---------------------------------------------------------------------------------------


class FakeResponse:
    def __init__(self, headers, content=b"", cookies=None):
        from http.cookies import SimpleCookie

        self.headers = {"Content-Type": "text/html", **headers}
        self.content = content
        self.cookies = SimpleCookie(cookies or "")

    def get(self, name, default=None):
        return self.headers.get(name, default)


def test_scorer_gives_a_bare_https_response_the_observatory_penalties():
    score, results = observatory_score(FakeResponse({}), https=True)
    # No CSP -25, no HSTS -20, no nosniff -5, no X-Frame-Options -20; no bonus below 90.
    assert score == 30
    assert results["csp-not-implemented"] == -25


def test_scorer_ranks_unsafe_policies_as_the_observatory_does():
    strict = "default-src 'none'; script-src 'self'; style-src 'self'; frame-ancestors 'none'"
    headers = {
        "Strict-Transport-Security": "max-age=31536000",
        "X-Content-Type-Options": "nosniff",
    }
    inline = strict.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    evaled = strict.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")
    hashed = strict.replace("style-src 'self'", "style-src 'self' 'unsafe-inline' 'sha256-x'")
    scores = {
        name: observatory_score(
            FakeResponse({**headers, "Content-Security-Policy": policy}), https=True
        )[0]
        for name, policy in [
            ("strict", strict),
            ("inline", inline),
            ("eval", evaled),
            ("hashed", hashed),
            ("self", strict.replace("default-src 'none'", "default-src 'self'")),
        ]
    }
    # +10 default-src 'none', +5 frame-ancestors; -20 and -10 take the bonuses' place.
    assert scores == {"strict": 115, "inline": 80, "eval": 95, "hashed": 115, "self": 110}


def test_scorer_penalises_cookies_as_the_observatory_does():
    hsts = {"Strict-Transport-Security": "max-age=31536000"}
    insecure_session = FakeResponse(hsts, cookies="sessionid=abc; Path=/")
    assert cookies_modifier(insecure_session, hsts=True) == (
        "cookies-session-without-httponly-flag",
        -30,
    )
    secure = FakeResponse(hsts, cookies="csrftoken=abc; Path=/; Secure; SameSite=Lax")
    assert cookies_modifier(secure, hsts=True) == (
        "cookies-secure-with-httponly-sessions-and-samesite",
        5,
    )


# ---------------------------------------------------------------------------------------
# The site's pages
# ---------------------------------------------------------------------------------------

# What production.py changes for HTTPS, applied to the tests' settings: the headers and
# cookies a visitor of the real site gets (everything else is already the same everywhere).
HTTPS_SETTINGS = {
    name: value
    for name, value in vars(production_settings).items()
    if name.isupper()
    and name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "LANGUAGE_COOKIE_"))
    and getattr(base_settings, name, object()) != value
}


def page_url(page: str, digest) -> str:
    if page == "digest":
        return digest.get_absolute_url()
    if page == "entry":
        return digest.entries.get(position=7).get_absolute_url()
    if page == "not-found":
        return "/no-such-page/"
    return reverse(
        {
            "home": "digest:home",
            "glossary": "corrections:glossary",
            "sign-in": "account_login",
            "api": "api-digest-list",
            "api-docs": "api-docs",
            "review-queue": "corrections:review_queue",
        }[page]
    )


@pytest.fixture
def https_client():
    assert "SECURE_HSTS_SECONDS" in HTTPS_SETTINGS and "SESSION_COOKIE_SECURE" in HTTPS_SETTINGS
    with override_settings(**HTTPS_SETTINGS):
        yield Client()


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "digest",
        "entry",
        "glossary",
        "sign-in",
        "api",
        "api-docs",
        "review-queue",
        "not-found",
    ],
)
def test_every_page_type_scores_at_least_100(https_client, sample_digest, editor, page):
    if page == "review-queue":
        https_client.force_login(editor)
    url = page_url(page, sample_digest)
    response = https_client.get(url, secure=True)
    assert response.status_code == (404 if page == "not-found" else 200)
    score, results = observatory_score(response, https=True, http_response=https_client.get(url))
    assert score >= 100, results
    # Not only enough bonuses: no test of the Observatory finds anything to hold against it.
    assert [result for result, points in results.items() if points < 0] == []


def test_headers_are_the_same_without_production_settings(client, sample_digest):
    """Development and the tests get the policy too: it is in base.py, not production.py."""
    response = client.get(sample_digest.get_absolute_url())
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy["default-src"] == {"'none'"}
    assert policy["script-src"] == policy["style-src"] == {"'self'"}
    assert policy["img-src"] == policy["connect-src"] == policy["form-action"] == {"'self'"}
    assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == {"'none'"}
    assert policy["report-uri"] == {reverse("csp-report")}
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    permissions = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    assert {"camera", "microphone", "geolocation", "payment", "usb"} <= permissions.keys()
    assert set(permissions.values()) == {"()"}


def test_only_the_api_docs_page_allows_data_images_and_its_inline_style(client):
    site = parse_csp(client.get(reverse("digest:home"))["Content-Security-Policy"])
    docs = client.get(reverse("api-docs"))
    policy = parse_csp(docs["Content-Security-Policy"])
    assert "data:" not in site["img-src"] and "data:" in policy["img-src"]
    # The hash in config/urls.py must still be that of the inline <style> drf-spectacular's
    # template renders, or Swagger UI's page loses those rules after an upgrade.
    html = docs.content.decode()
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
        for style in styles
    }
    style_src = re.search(r"style-src ([^;]*)", docs["Content-Security-Policy"]).group(1)
    assert hashes and hashes <= set(style_src.split()) - {"'self'"}
    assert policy["script-src"] == {"'self'"}


def test_api_docs_page_has_no_inline_script(client):
    response = client.get(reverse("api-docs"))
    parser = _Scripts()
    parser.feed(response.content.decode())
    assert parser.scripts and all(script.get("src") for script in parser.scripts)
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", response.content.decode())
    # Its start-up script is served on its own, as JavaScript, from the page's own address.
    (init_src,) = [s["src"] for s in parser.scripts if "script" in urlsplit(s["src"]).query]
    init = client.get(init_src)
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in init.content.decode()


# ---------------------------------------------------------------------------------------
# The violation report endpoint
# ---------------------------------------------------------------------------------------

CSP_REPORT = {
    "csp-report": {
        "document-uri": "https://gyojeong.example/d/2024-10-21-top-ml-papers/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "original-policy": "default-src 'none'; script-src 'self'",
        "disposition": "enforce",
    }
}
REPORTS_JSON = [
    {
        "type": "csp-violation",
        "url": "https://gyojeong.example/glossary/",
        "body": {"effectiveDirective": "img-src", "blockedURL": "https://evil.example/x.png"},
    }
]


@pytest.fixture
def csrf_client():
    # The endpoint must work without a token, as browsers send none.
    return Client(enforce_csrf_checks=True)


def post_report(client, body, content_type="application/csp-report", **extra):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    # Set even for an empty body, which the test client would otherwise send without a type.
    extra.setdefault("CONTENT_TYPE", content_type)
    return client.generic("POST", reverse("csp-report"), data, content_type=content_type, **extra)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(CSP_REPORT, "application/csp-report"), (REPORTS_JSON, "application/reports+json")],
)
def test_a_report_is_logged_and_answered_204(csrf_client, caplog, body, content_type):
    with caplog.at_level(logging.WARNING, logger="core.csp"):
        response = post_report(csrf_client, body, content_type)
    assert response.status_code == 204
    (record,) = [r for r in caplog.records if r.name == "core.csp"]
    assert record.levelno == logging.WARNING
    assert "Content-Security-Policy violation" in record.getMessage()
    assert ("script-src-elem" if body is CSP_REPORT else "img-src") in record.getMessage()


def test_a_logged_report_is_one_truncated_line(csrf_client, caplog):
    long_report = {
        "csp-report": {"document-uri": "https://a.example/\nforged log line " + "x" * 9000}
    }
    with caplog.at_level(logging.WARNING, logger="core.csp"):
        assert post_report(csrf_client, long_report).status_code == 204
    (record,) = [r for r in caplog.records if r.name == "core.csp"]
    message = record.getMessage()
    assert "\n" not in message
    assert len(message) <= LOGGED_REPORT_CHARS + len("Content-Security-Policy violation: ")


def test_a_body_over_the_limit_is_refused_with_413(csrf_client, caplog):
    huge = {"csp-report": {"blocked-uri": "x" * (MAX_REPORT_BYTES + 1)}}
    with caplog.at_level(logging.WARNING, logger="core.csp"):
        assert post_report(csrf_client, huge).status_code == 413
        # A declared length over the limit is refused before anything is read.
        declared = post_report(csrf_client, CSP_REPORT, CONTENT_LENGTH=str(MAX_REPORT_BYTES * 4))
        assert declared.status_code == 413
    assert not [r for r in caplog.records if r.name == "core.csp"]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json at all",
        b"\xff\xfe\x00garbage",
        b'{"csp-report": ',
        b"[" * 5000,
        b'"just a string"',
        b"42",
        # Valid JSON, but nested deeper than any report (core.parsers.MAX_JSON_DEPTH).
        b'{"a": ' + b"[" * 40 + b"1" + b"]" * 40 + b"}",
    ],
)
def test_garbage_is_refused_with_400_and_never_500(csrf_client, caplog, body):
    with caplog.at_level(logging.WARNING, logger="core.csp"):
        response = post_report(csrf_client, body)
    assert response.status_code == 400
    assert not [r for r in caplog.records if r.name == "core.csp"]


def test_other_content_types_are_refused_with_415(csrf_client):
    assert post_report(csrf_client, CSP_REPORT, "text/plain").status_code == 415
    assert (
        post_report(csrf_client, CSP_REPORT, "multipart/form-data; boundary=x").status_code == 415
    )


def test_a_flood_of_reports_from_one_address_is_cut_off_with_429(csrf_client, caplog):
    from django.core.cache import cache

    from core.csp import REPORTS_PER_MINUTE

    cache.clear()
    with caplog.at_level(logging.WARNING, logger="core.csp"):
        answers = [post_report(csrf_client, CSP_REPORT).status_code for _ in range(70)]
        elsewhere = post_report(csrf_client, CSP_REPORT, REMOTE_ADDR="203.0.113.9")
    assert answers == [204] * REPORTS_PER_MINUTE + [429] * (70 - REPORTS_PER_MINUTE)
    assert elsewhere.status_code == 204
    logged = [r for r in caplog.records if r.name == "core.csp"]
    assert len(logged) == REPORTS_PER_MINUTE + 1
    cache.clear()


def test_only_post_is_accepted(client):
    response = client.get(reverse("csp-report"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"


# ---------------------------------------------------------------------------------------
# The API's 404
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/nope/", "/api/nope", "/api/nope/", "/api/v1/digests/a/b/c/"]
)
def test_unmatched_api_addresses_answer_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    assert "Content-Security-Policy" in response


def test_other_unmatched_addresses_keep_the_html_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_api_addresses_without_their_slash_still_redirect(client):
    response = client.get("/api/v1/digests")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/digests/"

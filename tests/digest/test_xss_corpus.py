"""Hostile text in comments and display names must never turn into markup that runs.

The corpus in data/xss_payloads.txt holds one payload a line, collected from the public cheat
sheets (OWASP XSS Filter Evasion, PortSwigger, HTML5 Security Cheatsheet) plus Markdown- and
htmx-specific vectors. A line starting with ``esc:`` carries control characters or newlines
written as ``\\n``, ``\\t``, ``\\xNN`` or ``\\uNNNN``; every other line is taken literally.

Each payload is checked three ways:
- rendered by core.sanitize.render_markdown (one test per payload);
- posted as comment bodies through comment_create and read back on the digest page, as a
  visitor and as a moderator (who also sees held comments);
- used as the display name of a member who comments, read back on the digest page.

The page checks look only at what user text produced: comment bodies are framed by unique
markers, and everything else on the page is compared with the same page holding harmless
comments, so that the page's own scripts, forms and htmx attributes do not count.
"""

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from accounts.models import DISPLAY_NAME_MAX_LENGTH, User
from accounts.services import trust_level_refresh
from core.errors import InvalidInput
from core.sanitize import render_markdown
from digest.models import Comment
from digest.services.comments import comment_create, comment_delete, comment_edit
from digest.services.likes import like_set
from digest.services.moderation import comment_moderate
from tests.factories import UserFactory, make_digest

PAYLOAD_FILE = Path(__file__).parent / "data" / "xss_payloads.txt"

FORBIDDEN_TAGS = frozenset({"script", "iframe", "object", "embed", "style", "meta", "base", "form"})
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "background",
        "data",
        "lowsrc",
        "dynsrc",
    }
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
REQUIRED_REL = {"nofollow", "ugc", "noopener"}
# What a browser ignores in a URL before reading its scheme, and more: all whitespace, C0 and
# C1 controls and the invisible format characters.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_ESCAPE = re.compile(r"\\(n|t|r|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")


def _unescape(match: re.Match) -> str:
    code = match.group(1)
    return {"n": "\n", "t": "\t", "r": "\r"}.get(code) or chr(int(code[1:], 16))


def load_payloads() -> list[str]:
    payloads = []
    for line in PAYLOAD_FILE.read_text(encoding="utf-8").splitlines():
        if not line:
            continue
        if line.startswith("esc:"):
            line = _ESCAPE.sub(_unescape, line[4:])
        payloads.append(line)
    return payloads


PAYLOADS = load_payloads()


def payload_id(index: int) -> str:
    return f"p{index:03d}"


# --- the checks -----------------------------------------------------------------------------


def url_is_dangerous(value: str) -> bool:
    """The parsers hand over attribute values with character references decoded, as a browser
    reads them; what is left is cleaned of whitespace and controls and compared lower-cased.
    (Decoding a second time would flag harmless relative URLs such as a literal
    "&#106;avascript:", which a browser never runs.)"""
    return _URL_NOISE.sub("", value).lower().startswith(DANGEROUS_SCHEMES)


class Element:
    __slots__ = ("attrs", "tag")

    def __init__(self, tag: str, attrs: list[tuple[str, str | None]]):
        self.tag = tag
        self.attrs = [(name.lower(), value or "") for name, value in attrs]


class _Collector(HTMLParser):
    """Every start tag of a fragment, as html.parser (close to a browser) reads it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.texts: dict[int, list[str]] = {}

    def parse_html_declaration(self, i):
        # A browser reads "<![" that does not open CDATA as a bogus comment; html.parser would
        # give up with an AssertionError instead.
        if self.rawdata.startswith("<![", i) and not self.rawdata.startswith("<![CDATA[", i):
            return self.parse_bogus_comment(i)
        return super().parse_html_declaration(i)

    def handle_starttag(self, tag, attrs):
        self.elements.append(Element(tag, attrs))
        if tag in ("script", "style"):
            self.texts[len(self.elements) - 1] = []

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, attrs))

    def handle_data(self, data):
        if self.elements and (len(self.elements) - 1) in self.texts:
            self.texts[len(self.elements) - 1].append(data)


def parse_html_parser(fragment: str) -> _Collector:
    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    return collector


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def parse_html5lib(fragment: str) -> list[Element]:
    """The same fragment as an HTML5 (browser-grade) tree builder reads it, when available.

    bleach vendors html5lib; when the vendored copy cannot be imported only html.parser is used.
    """
    try:
        from bleach._vendor import html5lib
    except ImportError:  # pragma: no cover - depends on bleach's packaging
        return []
    tree = html5lib.parseFragment(fragment, treebuilder="etree")
    elements = []
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        tag = _local(node.tag)
        if tag == "documentfragment":
            continue
        attrs = []
        for name, value in node.attrib.items():
            name = name if isinstance(name, str) else ":".join(p for p in name if p)
            local = _local(name)
            if "xlink" in name and local == "href":
                local = "xlink:href"
            attrs.append((local, value))
        elements.append(Element(tag, attrs))
    return elements


def element_problems(element: Element, *, check_rel: bool) -> list[str]:
    problems = []
    if element.tag in FORBIDDEN_TAGS:
        problems.append(f"<{element.tag}> element")
    for name, value in element.attrs:
        if name.startswith("on"):
            problems.append(f"event handler {name}= on <{element.tag}>")
        if name.startswith(("hx-", "data-hx-")):
            problems.append(f"htmx attribute {name}= on <{element.tag}>")
        if name == "style":
            problems.append(f"style attribute on <{element.tag}>")
        if name in URL_ATTRIBUTES and url_is_dangerous(value):
            problems.append(f"{name}={value!r} on <{element.tag}>")
    if check_rel and element.tag == "a":
        rel = set(dict(element.attrs).get("rel", "").lower().split())
        if not rel >= REQUIRED_REL:
            problems.append(f"<a> with rel={sorted(rel)} (needs nofollow ugc noopener)")
    return problems


def fragment_problems(fragment: str) -> list[str]:
    """Problems in HTML that came entirely from user text (a rendered comment body)."""
    problems = []
    for element in parse_html_parser(fragment).elements:
        problems += element_problems(element, check_rel=True)
    for element in parse_html5lib(fragment):
        problems += [f"[html5] {p}" for p in element_problems(element, check_rel=True)]
    return problems


# --- 1. render_markdown, one payload at a time ----------------------------------------------


def test_corpus_is_large_and_distinct():
    assert len(PAYLOADS) >= 300
    assert len(set(PAYLOADS)) == len(PAYLOADS), "payloads must be distinct"


@pytest.mark.parametrize("payload", PAYLOADS, ids=[payload_id(i) for i in range(len(PAYLOADS))])
def test_render_markdown_neutralises(payload):
    rendered = render_markdown(payload)
    assert fragment_problems(rendered) == [], rendered


def test_images_become_links_and_headings_stay_text():
    rendered = render_markdown("# 제목\n\n![그림](https://example.com/a.png)")
    elements = parse_html_parser(rendered).elements
    tags = {element.tag for element in elements}
    assert "img" not in tags
    assert not tags & {"h1", "h2", "h3", "h4", "h5", "h6"}
    links = [element for element in elements if element.tag == "a"]
    assert [dict(link.attrs)["href"] for link in links] == ["https://example.com/a.png"]
    assert fragment_problems(rendered) == []


def test_safe_links_survive_with_rel():
    rendered = render_markdown("[교정](https://example.com/a?b=1&c=2) 그리고 https://example.org")
    links = [e for e in parse_html_parser(rendered).elements if e.tag == "a"]
    hrefs = [dict(link.attrs)["href"] for link in links]
    assert "https://example.com/a?b=1&c=2" in hrefs
    assert fragment_problems(rendered) == []


# --- 2. and 3. the digest page --------------------------------------------------------------

_TOKENISH = re.compile(r"[A-Za-z0-9_\-]{20,}")
_DIGITS = re.compile(r"\d+")


class PageFindings:
    """Security-relevant markup of a whole page, normalised so that two renderings of the same
    template compare equal: digits (ids, times) and long tokens (CSRF) are blanked and every
    member's display name is replaced by NAME."""

    def __init__(self, names: Iterable[str]):
        self.names = sorted({n for n in names if n}, key=len, reverse=True)

    def _normal(self, value: str) -> str:
        for name in self.names:
            if name in value:
                value = value.replace(name, "NAME")
        value = _TOKENISH.sub("TOKEN", value)
        return _DIGITS.sub("#", value)

    def of(self, page: str) -> set[tuple]:
        collector = parse_html_parser(page)
        findings = set()
        for index, element in enumerate(collector.elements):
            if element.tag in FORBIDDEN_TAGS:
                text = "".join(collector.texts.get(index, []))[:200]
                attrs = tuple(sorted((n, self._normal(v)) for n, v in element.attrs))
                findings.add(("element", element.tag, attrs, self._normal(text)))
            for name, value in element.attrs:
                if name.startswith(("on", "hx-", "data-hx-")) or name == "style":
                    findings.add(("attr", element.tag, name, self._normal(value)))
                if name in URL_ATTRIBUTES and url_is_dangerous(value):
                    findings.add(("url", element.tag, name, self._normal(value)))
        return findings


def _established(user: User) -> User:
    """A member past the new-member days, so links are not held for moderation."""
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timezone.timedelta(days=30))
    user.refresh_from_db()
    trust_level_refresh(user=user)
    user.refresh_from_db()
    return user


def _benign_comments(digest, editor) -> list[User]:
    """One comment in every state the page can show, so the template's own markup is known."""
    writer = _established(UserFactory(display_name="평범한 독자"))
    replier = _established(UserFactory(display_name="답글 독자"))
    newcomer = UserFactory(display_name="새 독자")
    first = comment_create(
        author=writer, digest=digest, body="좋은 글입니다. [출처](https://example.com/a)"
    )
    comment_create(author=replier, digest=digest, body="동의합니다 @평범한 독자", parent=first)
    like_set(user=replier, target=first, liked=True)
    edited = comment_create(author=writer, digest=digest, body="처음 문장")
    comment_edit(comment=edited, author=writer, body="고친 문장")
    comment_create(author=newcomer, digest=digest, body="링크 https://example.com/held")
    hidden = comment_create(author=replier, digest=digest, body="숨겨질 글")
    comment_moderate(comment=hidden, moderator=editor, action="hide", reason="광고")
    gone = comment_create(author=writer, digest=digest, body="지울 글")
    comment_create(author=replier, digest=digest, body="지운 글에 단 답글", parent=gone)
    comment_delete(comment=gone, author=writer)
    entry = digest.entries.first()
    comment_create(author=writer, digest=digest, entry=entry, body="항목에 단 글")
    return [writer, replier, newcomer]


def _batches(payloads: list[tuple[int, str]], limit: int = 2500) -> list[list[tuple[int, str]]]:
    batches, current, size = [], [], 0
    for index, payload in payloads:
        if current and (size + len(payload) > limit or len(current) >= 12):
            batches.append(current)
            current, size = [], 0
        current.append((index, payload))
        size += len(payload) + 40
    if current:
        batches.append(current)
    return batches


def _begin(tag: str) -> str:
    return f"qxbegin{tag}qx"


def _end(tag: str) -> str:
    return f"qxend{tag}qx"


def _framed(tag: str, items: list[tuple[int, str]]) -> str:
    parts = [_begin(tag)]
    for index, payload in items:
        parts += [f"qxpay{index:03d}qx", payload]
    parts.append(_end(tag))
    return "\n\n".join(parts)


def _regions(page: str, tag: str) -> list[str | None]:
    """Every stretch of the page between a comment's begin and end marker (None: no end)."""
    regions = []
    for match in re.finditer(re.escape(_begin(tag)), page):
        end = page.find(_end(tag), match.end())
        regions.append(page[match.end() : end] if end != -1 else None)
    return regions


def _has_control(text: str) -> bool:
    return any(ord(c) < 32 and c not in "\t\n\r" for c in text)


def _post(author, digest, body) -> Comment | None:
    try:
        return comment_create(author=author, digest=digest, body=body)
    except InvalidInput:
        return None


def _comments_setting(**changes):
    return override_settings(GYOJEONG_COMMENTS={**settings.GYOJEONG_COMMENTS, **changes})


@pytest.mark.django_db
def test_digest_page_shows_payload_comments_harmlessly(client, editor):
    """Bodies: each batch of payloads goes in once by an established member (shown to all) and
    once by a new member (links make it wait for moderation: only moderators see it)."""
    with _comments_setting(COLLAPSE_AFTER=100_000):
        digest = make_digest(slug="xss-bodies", entries=1, sentences=1)
        users = _benign_comments(digest, editor)
        url = digest.get_absolute_url()
        visitor_page = client.get(url)
        assert visitor_page.status_code == 200
        client.force_login(editor)
        moderator_page = client.get(url).content.decode()
        client.logout()
        names = [u.display_name for u in users] + [editor.display_name]
        normaliser = PageFindings(names)
        baseline = normaliser.of(visitor_page.content.decode()) | normaliser.of(moderator_page)

        veteran = _established(UserFactory(display_name="고참 독자"))
        newcomer = UserFactory(display_name="신참 독자")
        normaliser = PageFindings([*names, veteran.display_name, newcomer.display_name])
        refused: list[str] = []
        shown, held = [], []  # tags of comments readers should see / only moderators
        edited = None
        for number, batch in enumerate(_batches(list(enumerate(PAYLOADS)))):
            for who, author in (("v", veteran), ("n", newcomer)):
                tag = f"{who}{number:03d}"
                comment = _post(author, digest, _framed(tag, batch))
                if comment is None:
                    # Refused as a whole: post one payload at a time to find the culprit.
                    for index, payload in batch:
                        single = f"{tag}s{index:03d}"
                        comment = _post(author, digest, _framed(single, [(index, payload)]))
                        if comment is None:
                            refused.append(payload)
                        else:
                            (shown if comment.status == "visible" else held).append(single)
                    continue
                (shown if comment.status == "visible" else held).append(tag)
                if edited is None and who == "v":
                    # The first batch lives on only in the edit history moderators read.
                    comment_edit(comment=comment, author=veteran, body=_framed("history", []))
                    edited = tag
        shown.remove(edited)

        # Only text with control characters may be refused; HTML-looking text is ordinary text.
        assert [p for p in refused if not _has_control(p)] == []

        visitor = client.get(url).content.decode()
        client.force_login(editor)
        moderator = client.get(url).content.decode()

    problems: list[str] = []
    missing_for_visitor = [tag for tag in shown if _begin(tag) not in visitor]
    missing_for_moderator = [tag for tag in shown + held if _begin(tag) not in moderator]
    for page_name, page, tags in (
        ("visitor", visitor, shown),
        ("moderator", moderator, shown + held + [edited]),
    ):
        for tag in tags:
            for region in _regions(page, tag):
                if region is None:
                    problems.append(f"{page_name}: comment {tag} has no end marker")
                    continue
                for problem in fragment_problems(region):
                    problems.append(f"{page_name}: comment {tag}: {problem}")
        for finding in sorted(normaliser.of(page) - baseline, key=repr):
            problems.append(f"{page_name}: markup not in the template: {finding}")
    leaked = [tag for tag in held if _begin(tag) in visitor]

    assert problems == [], "\n".join(problems[:50])
    assert leaked == [], "held comments' bodies reached a visitor"
    assert missing_for_visitor == [], (
        f"{len(missing_for_visitor)} of {len(shown)} visible comments are not on the digest page"
    )
    assert missing_for_moderator == [], (
        f"{len(missing_for_moderator)} of {len(shown + held)} comments are not on the "
        "moderator's digest page"
    )


@pytest.mark.django_db
def test_digest_page_shows_payload_display_names_harmlessly(client, editor):
    """Every payload becomes the display name of a member who comments on the digest."""
    with _comments_setting(COLLAPSE_AFTER=100_000):
        digest = make_digest(slug="xss-names", entries=1, sentences=1)
        users = _benign_comments(digest, editor)
        url = digest.get_absolute_url()
        visitor_page = client.get(url).content.decode()
        client.force_login(editor)
        moderator_page = client.get(url).content.decode()
        client.logout()
        names = [u.display_name for u in users] + [editor.display_name]
        baseline = PageFindings(names).of(visitor_page) | PageFindings(names).of(moderator_page)

        authors = []
        for index, payload in enumerate(PAYLOADS):
            # Set directly, as an old account or an admin edit might have it: the form's
            # checks are not what keeps a page safe. The prefix keeps names unique; names hold
            # at most 60 characters (PostgreSQL refuses more), so long payloads are cut there.
            # PostgreSQL cannot store NUL at all (forms refuse it before it gets there).
            name = f"qxname{index:03d}qx {payload}".replace("\x00", "")[:DISPLAY_NAME_MAX_LENGTH]
            author = UserFactory(display_name=name)
            comment_create(author=author, digest=digest, body=f"이름 시험 {index}")
            authors.append((index, name))
        normaliser = PageFindings(names + [name for _, name in authors])

        visitor = client.get(url).content.decode()
        client.force_login(editor)
        moderator = client.get(url).content.decode()

    problems = []
    for page_name, page in (("visitor", visitor), ("moderator", moderator)):
        for finding in sorted(normaliser.of(page) - baseline, key=repr):
            problems.append(f"{page_name}: markup not in the template: {finding}")
        for index, name in authors:
            if not any(c in name for c in "<>\"'"):
                continue
            for match in re.finditer(re.escape(f"qxname{index:03d}qx"), page):
                if page.startswith(name, match.start()):
                    problems.append(f"{page_name}: name {index} written unescaped")
    missing = [index for index, _ in authors if f"qxname{index:03d}qx" not in visitor]

    assert problems == [], "\n".join(problems[:50])
    assert missing == [], (
        f"{len(missing)} of {len(authors)} comment authors' names are not on the page"
    )

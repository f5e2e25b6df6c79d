"""The one place that turns user-written text into HTML. Nothing else imports bleach.

Notes and reasons are plain text: escaped, links made clickable, paragraphs and line breaks
kept. Comments are Markdown, rendered by markdown-it with raw HTML off, then cleaned by the
same allow-list. Links always carry `rel="nofollow ugc noopener"`; images become links to the
image, never embedded. The result is stored beside the source text, so pages never render
unsanitised input.
"""

from html import escape

import bleach
from bleach.linkifier import Linker
from markdown_it import MarkdownIt

PLAIN_TAGS = frozenset({"p", "br", "a"})
MARKDOWN_TAGS = PLAIN_TAGS | frozenset(
    {"em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "s"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "rel", "title"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


_linker = Linker(callbacks=[_link_rel], parse_email=False)


def _clean(html: str, tags: frozenset[str]) -> str:
    return bleach.clean(
        html, tags=tags, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True
    )


def render_user_text(text: str) -> str:
    """Safe HTML for a note or a reason written by a person, as plain text."""
    escaped = bleach.clean(text.strip(), tags=set(), strip=False)
    paragraphs = [p.strip() for p in escaped.replace("\r\n", "\n").split("\n\n") if p.strip()]
    html = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    # Linkify after cleaning: its callbacks also set the rel of the links it makes.
    return _linker.linkify(_clean(html, PLAIN_TAGS))


def _link_open(renderer, tokens, idx, options, env) -> str:
    tokens[idx].attrSet("rel", LINK_REL)
    return renderer.renderToken(tokens, idx, options, env)


def _image_as_link(renderer, tokens, idx, options, env) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = renderer.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escape(src)}" rel="{LINK_REL}">{escape(alt)}</a>'


def _markdown() -> MarkdownIt:
    # markdown-it finds bare addresses itself (linkify), outside code; bleach's linkifier
    # would escape code blocks twice when told to skip them.
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    # Headings in a comment would break the page's outline; "# text" stays a paragraph.
    md.disable(["heading", "lheading"])
    md.enable(["strikethrough", "linkify"])
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("image", _image_as_link)
    return md


_md = _markdown()


def render_markdown(text: str) -> str:
    """Safe HTML for a comment written in Markdown; every link carries LINK_REL."""
    return _clean(_md.render(text.strip()), MARKDOWN_TAGS)

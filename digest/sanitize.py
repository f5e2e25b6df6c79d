"""The one place that turns user-written text into HTML. Nothing else imports bleach.

People write plain text; it is escaped, links are made clickable (and marked nofollow), and
paragraphs and line breaks are kept. The result is stored beside the source text, so pages
never render unsanitised input.
"""

import bleach
from bleach.linkifier import Linker

ALLOWED_TAGS = frozenset({"p", "br", "a"})
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def _nofollow(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener ugc"
    return attrs


_linker = Linker(callbacks=[_nofollow], skip_tags={"pre", "code"}, parse_email=False)


def render_user_text(text: str) -> str:
    """Safe HTML for a note, a comment or a reason written by a person."""
    escaped = bleach.clean(text.strip(), tags=set(), strip=False)
    paragraphs = [p.strip() for p in escaped.replace("\r\n", "\n").split("\n\n") if p.strip()]
    html = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return bleach.clean(
        _linker.linkify(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
    )

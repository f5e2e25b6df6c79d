"""A diff's marks, rendered in Python.

A long diff has thousands of ops; as a template loop each cost an `{% if %}` chain and a few
variable lookups, and as `format_html` calls a lazy-argument check each, which made
rendering a 20,000-character history diff slower than computing it. The markup is the one
corrections/partials/diff.html wrote: screen readers hear what was added or removed, in the
interface's language, around the Korean text.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from ..diffing import DiffOp

register = template.Library()


@register.simple_tag
def diff_marks(ops: list[DiffOp]) -> SafeString:
    language = escape(get_language() or "")
    # (opening, closing) markup around each inserted or deleted text; the cues are escaped
    # here once, the texts below.
    marked = {
        kind: (
            f'<span class="visually-hidden" lang="{language}"> {escape(cue)} </span><{tag}>',
            f'</{tag}><span class="visually-hidden">) </span>',
        )
        for kind, cue, tag in [
            ("insert", gettext("(added:"), "ins"),
            ("delete", gettext("(removed:"), "del"),
        ]
    }
    parts = [
        marked[op.kind][0] + escape(op.text) + marked[op.kind][1]
        if op.kind in marked
        else escape(op.text)
        for op in ops
    ]
    # Safe: every text in it, the ops' and the translated cues, is escaped above.
    return mark_safe(f'<span class="panel-diff" lang="ko">{"".join(parts)}</span>')  # noqa: S308

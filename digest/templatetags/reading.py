"""The sentences of a reader page, rendered in Python.

A digest page shows a few hundred sentences, each with its marker; as template includes
they cost most of the page's rendering time (a context push, two `{% url %}` and a
`{% blocktranslate %}` per sentence). The markup is the same as the templates wrote it.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from digest.models import Field

register = template.Library()

# A placeholder id that no real sentence has: the segment URL is reversed once per page
# and the placeholder replaced, instead of a reverse() per sentence.
_PLACEHOLDER_ID = 987654321
_PLACEHOLDER = str(_PLACEHOLDER_ID)


@lru_cache(maxsize=8)
def _segment_url_pattern(script_prefix: str) -> str:
    return reverse("corrections:segment", args=[_PLACEHOLDER_ID])


@lru_cache(maxsize=8)
def _labels(language: str) -> tuple[str, str, str]:
    # Looked up once per language: each gettext call costs a thread-local lookup, and a page
    # has hundreds of markers.
    return (
        gettext("Correct sentence %(number)s (entry %(entry)s, %(field)s)"),
        gettext("Correct sentence %(number)s (%(field)s)"),
        gettext("Automatic checks found a possible problem"),
    )


@lru_cache(maxsize=8)
def _field_labels(language: str) -> dict[str, str]:
    return {name: str(label) for name, label in Field.choices}


class _Sentences:
    """What every sentence of one page shares: its URL, language and viewer."""

    def __init__(self, context):
        self.url_pattern = _segment_url_pattern(get_script_prefix())
        self.language = context.get("LANGUAGE_CODE", "")
        self.editor = bool(context.get("user_is_editor"))
        self.old_revision = bool(context.get("old_revision"))
        language = get_language()
        in_entry, alone, self.findings_title = _labels(language)
        self.field_labels = _field_labels(language)
        # A digest page shows every entry: the entry's number tells its sentences apart.
        item = context.get("item")
        self.entry_number = item.entry.position if item is not None else None
        self.marker_label = alone if self.entry_number is None else in_entry

    def segment_url(self, segment_id: int) -> str:
        return self.url_pattern.replace(_PLACEHOLDER, str(segment_id))

    def sentence(self, seg, *, field: str, number: int, with_title: bool) -> SafeString:
        title = format_html(' title="{}"', seg.source) if with_title and seg.source else ""
        # A quiet mark of where the text comes from (legend: partials/provenance_legend.html);
        # machine text, the usual case, carries none.
        mark = "" if seg.provenance == "machine" else f" seg--{seg.provenance}"
        return format_html(
            '<span class="seg{}" id="seg-{}" data-seg="{}"{}>{}</span>{}',
            mark,
            seg.id,
            seg.id,
            title,
            seg.target,
            self.marker(seg, field=field, number=number),
        )

    def sentences(self, field, *, with_title: bool):
        """Each sentence of a field with its marker, numbered as the reader counts them."""
        for number, seg in enumerate(field.segments, start=1):
            yield self.sentence(seg, field=field.name, number=number, with_title=with_title)

    def marker(self, seg, *, field: str, number: int) -> SafeString | str:
        if self.old_revision:
            return ""
        url = self.segment_url(seg.id)
        flags = seg.open_flags
        # Every marker says which sentence it corrects: a list of a page's links would
        # otherwise hold a hundred identical names.
        label = self.marker_label % {
            "number": number,
            "entry": self.entry_number,
            "field": self.field_labels.get(field, field),
        }
        if flags:
            # The count is shown, so the name carries it as a word of its own outside the
            # parentheses, where speech recognition users, who say what they see, find it.
            label = ngettext(
                "%(sentence)s, %(counter)s open flag",
                "%(sentence)s, %(counter)s open flags",
                flags,
            ) % {"sentence": label, "counter": flags}
            icon = format_html('<span aria-hidden="true">⚑{}</span>', flags)
        else:
            icon = format_html('<span aria-hidden="true">{}</span>', "✎")
        html = format_html(
            '<a class="seg-marker{}" href="{}" data-seg="{}" lang="{}" data-hx-get="{}" '
            'data-hx-target="#correction-panel" data-hx-swap="innerHTML" aria-label="{}">{}</a>',
            " seg-marker--flagged" if flags else "",
            url,
            seg.id,
            self.language,
            url,
            label,
            icon,
        )
        if self.editor and seg.machine_findings:
            findings = ngettext(
                "%(counter)s automatic finding",
                "%(counter)s automatic findings",
                seg.machine_findings,
            ) % {"counter": seg.machine_findings}
            html = format_html(
                '{}<a class="seg-finding" href="{}" data-seg="{}" lang="{}" title="{}">'
                '<span aria-hidden="true">⚠</span><span class="visually-hidden">{}</span></a>',
                html,
                url,
                seg.id,
                self.language,
                self.findings_title,
                findings,
            )
        return html

    @staticmethod
    def source(seg) -> SafeString:
        return format_html('<span class="src" data-seg="{}">{}</span>', seg.id, seg.source)


@register.simple_tag
def people_checked(item) -> tuple[int, int]:
    """(sentences whose text a person changed or confirmed, all sentences) of an entry."""
    segments = [s for field in item.ordered_fields for s in field.segments]
    return sum(s.provenance != "machine" for s in segments), len(segments)


@register.simple_tag
def digest_people_checked(entry_discussions) -> tuple[int, int]:
    """`people_checked` over every entry of the digest page."""
    counts = [people_checked(item) for item, _discussion in entry_discussions]
    return sum(done for done, _all in counts), sum(all_ for _done, all_ in counts)


def _joined(pieces, separator: str = " ") -> SafeString:
    return format_html_join(separator, "{}", ((piece,) for piece in pieces))


@register.simple_tag(takes_context=True)
def title_sentences(context, field) -> SafeString:
    """An entry title's Korean sentences, each with its marker."""
    return _joined(_Sentences(context).sentences(field, with_title=False))


@register.simple_tag
def title_sources(field) -> SafeString:
    """An entry title's English original."""
    return _joined(_Sentences.source(s) for s in field.segments if s.source)


@register.simple_tag(takes_context=True)
def field_inline(context, field) -> SafeString:
    """A field as two paragraphs: Korean sentences, then the English original."""
    sentences = _Sentences(context)
    target = _joined(sentences.sentences(field, with_title=True))
    html = format_html('<p class="target" lang="ko">{}</p>', target)
    if field.has_source:
        source = _joined(sentences.source(s) for s in field.segments if s.source)
        html = format_html('{}\n<p class="source" lang="en">{}</p>', html, source)
    return html


@register.simple_tag(takes_context=True)
def field_parallel(context, field) -> SafeString:
    """A field as a two-column table, one row per sentence."""
    sentences = _Sentences(context)
    rows = _joined(
        (
            format_html(
                '<div class="parallel__row" role="row">'
                '<div class="parallel__cell" role="cell" lang="ko">{}</div>'
                '<div class="parallel__cell parallel__cell--source" role="cell" lang="en">{}'
                "</div></div>",
                sentence,
                sentences.source(seg) if seg.source else "",
            )
            for seg, sentence in zip(
                field.segments, sentences.sentences(field, with_title=False), strict=True
            )
        ),
        separator="",
    )
    return format_html(
        '<div class="parallel" role="table" aria-label="{}">{}</div>',
        gettext("Korean and English side by side"),
        rows,
    )

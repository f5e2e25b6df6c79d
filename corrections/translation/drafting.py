"""A draft digest from an English-only weekly post, translated sentence by sentence."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from django.conf import settings

from digest.interchange import DigestData, from_weekly
from digest.segmentation import split_sentences
from digest.weekly_format import ParsedDigest, ParsedEntry, ParsedField

from ..checks.base import GlossaryTerm
from .backends import Backend, Constraints, TranslationError

_DATE_RANGE = re.compile(r"^\s*(\[[^\]]*\])\s*(.*)$")


@dataclass(frozen=True)
class Draft:
    parsed: ParsedDigest  # the post with its Korean filled in, as a weekly file would have it
    data: DigestData  # what `digest_import` stores: one segment per English sentence
    characters: int  # English characters sent for translation
    requests: int


def source_characters(parsed: ParsedDigest) -> int:
    return (
        len(parsed.title)
        + sum(len(p) for p in parsed.intro)
        + sum(len(f.source or "") for e in parsed.entries for f in e.fields)
    )


def draft_translation(
    *, parsed: ParsedDigest, backend: Backend, glossary: tuple[GlossaryTerm, ...] = ()
) -> Draft:
    """Translate every English sentence of `parsed` (as `parse_weekly_text(...,
    english_only=True)` reads it) and align each translation to its sentence.

    Nothing is stored: a failure part-way leaves no half-translated digest behind, and the
    caller imports the whole draft in one transaction.
    """
    characters = source_characters(parsed)
    if characters > settings.MT_MAX_CHARACTERS:
        raise TranslationError(
            f"The post has {characters:,} characters to translate, more than MT_MAX_CHARACTERS "
            f"({settings.MT_MAX_CHARACTERS:,}); nothing was sent."
        )
    pieces = [
        parsed.title,
        *parsed.intro,
        *(f.source or "" for e in parsed.entries for f in e.fields),
    ]
    constraints = Constraints.from_glossary(glossary, pieces)
    try:
        korean, data = _translated_post(parsed, backend, constraints)
    finally:
        # Whatever the run made on the service (a DeepL glossary) goes, success or not.
        backend.close()
    return Draft(parsed=korean, data=data, characters=characters, requests=backend.requests_made)


def _translated_post(
    parsed: ParsedDigest, backend: Backend, constraints: Constraints
) -> tuple[ParsedDigest, DigestData]:
    """The post with its Korean filled in, and the digest data that pairs each translation
    with its English sentence."""
    pairs: dict[str, list[tuple[str | None, str]]] = {}

    def translated(sentences: list[str]) -> list[str]:
        return backend.translate(sentences, constraints=constraints)

    match = _DATE_RANGE.match(parsed.title)
    date_range, english_title = (match[1], match[2]) if match else ("", parsed.title)
    (korean_title,) = translated([english_title])
    title = f"{date_range} {korean_title} ({english_title})".strip()
    intro = tuple(translated(list(parsed.intro))) if parsed.intro else ()

    entries: list[ParsedEntry] = []
    for entry in parsed.entries:
        fields: list[ParsedField] = []
        for item in entry.fields:
            source = item.source or ""
            # A title is one segment, as the importer makes it; other fields one per sentence.
            sentences = [source] if item.name == "title" else split_sentences(source, "en")
            targets = translated(sentences)
            pairs[source] = list(zip(sentences, targets, strict=True))
            fields.append(dataclasses.replace(item, target=" ".join(targets)))
        entries.append(dataclasses.replace(entry, fields=tuple(fields)))
    korean = dataclasses.replace(parsed, title=title, intro=intro, entries=tuple(entries))
    data = from_weekly(
        korean,
        segment=lambda source, target: pairs[source or ""],
        translator=backend.label,
    )
    return korean, data

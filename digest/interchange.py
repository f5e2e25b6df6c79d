"""The neutral shape of a digest between files and the database, and the `digest/1` format.

Both input formats (the weekly text post and `digest/1` JSON) become `DigestData`; the import
service only ever sees `DigestData`, so validation rules live in one place per format.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from .models import FIELD_ORDER, Digest, Entry
from .segmentation import segment_field
from .text import normalize_text
from .weekly_format import ParsedDigest

FORMAT_NAME = "digest/1"
MAX_POSITION = 32767  # the largest value a PositiveSmallIntegerField holds everywhere
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class InterchangeError(ValueError):
    """A `digest/1` document that does not fit the format; `path` names the offending value."""

    def __init__(self, message: str, *, path: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class SegmentData:
    source: str | None
    target: str


@dataclass(frozen=True)
class FieldData:
    name: str
    segments: tuple[SegmentData, ...]

    @property
    def source_text(self) -> str:
        return " ".join(s.source for s in self.segments if s.source)

    @property
    def target_text(self) -> str:
        return " ".join(s.target for s in self.segments)


@dataclass(frozen=True)
class EntryData:
    position: int
    kind: str
    source_url: str | None
    read_more_url: str | None
    fields: tuple[FieldData, ...]


@dataclass(frozen=True)
class DigestData:
    slug: str
    title: str
    publisher: str
    period_start: datetime.date
    period_end: datetime.date
    source_language: str = "en"
    target_language: str = "ko"
    status: str = Digest.Status.DRAFT
    intro: tuple[str, ...] = ()
    notice: tuple[str, ...] = ()
    entries: tuple[EntryData, ...] = field(default_factory=tuple)


def from_weekly(parsed: ParsedDigest) -> DigestData:
    """Segment and align each field of a parsed weekly post."""
    entries = []
    for parsed_entry in parsed.entries:
        fields = []
        for parsed_field in parsed_entry.fields:
            pairs = segment_field(parsed_field.source, parsed_field.target)
            fields.append(
                FieldData(
                    name=parsed_field.name,
                    segments=tuple(SegmentData(source=s, target=t) for s, t in pairs),
                )
            )
        entries.append(
            EntryData(
                position=parsed_entry.position,
                kind=parsed_entry.kind,
                source_url=parsed_entry.source_url,
                read_more_url=parsed_entry.read_more_url,
                fields=tuple(fields),
            )
        )
    return DigestData(
        slug=parsed.slug(),
        title=parsed.title,
        publisher=parsed.publisher,
        period_start=parsed.period_start,
        period_end=parsed.period_end,
        intro=tuple(parsed.intro),
        notice=tuple(parsed.notice),
        entries=tuple(entries),
    )


def _expect(value: Any, kind: type | tuple[type, ...], path: str, what: str) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise InterchangeError(f"expected {what}", path=path)
    return value


def _text(
    value: Any,
    path: str,
    *,
    nullable: bool = False,
    blank: bool = False,
    max_length: int | None = None,
) -> str | None:
    if value is None and nullable:
        return None
    _expect(value, str, path, "a string" + (" or null" if nullable else ""))
    text = normalize_text(value)
    if not text and not blank:
        raise InterchangeError("must not be empty", path=path)
    if max_length is not None and len(text) > max_length:
        raise InterchangeError(f"longer than {max_length} characters", path=path)
    return text


def _limit(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def _url(value: Any, path: str) -> str | None:
    url = _text(value, path, nullable=True, max_length=_limit(Entry, "source_url"))
    if url is not None and not re.match(r"^https?://\S+$", url):
        raise InterchangeError("expected an http(s) URL or null", path=path)
    return url


def _date(value: Any, path: str) -> datetime.date:
    _expect(value, str, path, "a date as YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InterchangeError(f"{value!r} is not a date as YYYY-MM-DD", path=path) from None


def _paragraphs(value: Any, path: str) -> tuple[str, ...]:
    _expect(value, list, path, "a list of strings")
    return tuple(_text(item, f"{path}[{i}]") for i, item in enumerate(value))


def _fields(value: Any, path: str) -> tuple[FieldData, ...]:
    _expect(value, list, path, "a list of fields")
    fields = []
    for i, raw in enumerate(value):
        here = f"{path}[{i}]"
        _expect(raw, dict, here, "an object")
        name = raw.get("name")
        if name not in FIELD_ORDER:
            raise InterchangeError("expected name title, summary or abstract", path=f"{here}.name")
        segments_raw = _expect(raw.get("segments"), list, f"{here}.segments", "a list")
        if not segments_raw:
            raise InterchangeError("a field needs at least one segment", path=f"{here}.segments")
        segments = []
        for j, seg in enumerate(segments_raw):
            seg_path = f"{here}.segments[{j}]"
            _expect(seg, dict, seg_path, "an object")
            source = _text(seg.get("source"), f"{seg_path}.source", nullable=(name == "title"))
            target = _text(seg.get("target"), f"{seg_path}.target")
            segments.append(SegmentData(source=source, target=target))
        fields.append(FieldData(name=name, segments=tuple(segments)))
    names = [f.name for f in fields]
    if names[:2] != ["title", "summary"] or names not in (
        ["title", "summary"],
        ["title", "summary", "abstract"],
    ):
        raise InterchangeError(
            "fields must be title, summary and optionally abstract, in that order", path=path
        )
    return tuple(fields)


def from_json(document: Any) -> DigestData:
    """Validate a parsed `digest/1` document; errors name the JSON path of the bad value."""
    _expect(document, dict, "$", "a JSON object")
    if document.get("format") != FORMAT_NAME:
        raise InterchangeError(f'expected "{FORMAT_NAME}"', path="$.format")
    slug = _text(document.get("slug"), "$.slug", max_length=_limit(Digest, "slug"))
    if not SLUG_RE.match(slug):
        raise InterchangeError("expected lowercase letters, digits and hyphens", path="$.slug")
    start = _date(document.get("period_start"), "$.period_start")
    end = _date(document.get("period_end"), "$.period_end")
    if end < start:
        raise InterchangeError("the period ends before it starts", path="$.period_end")
    status = document.get("status", Digest.Status.DRAFT)
    if status not in Digest.Status.values:
        raise InterchangeError('expected "draft" or "published"', path="$.status")
    entries_raw = _expect(document.get("entries"), list, "$.entries", "a list of entries")
    if not entries_raw:
        raise InterchangeError("a digest needs at least one entry", path="$.entries")
    entries = []
    seen_positions: set[int] = set()
    for i, raw in enumerate(entries_raw):
        here = f"$.entries[{i}]"
        _expect(raw, dict, here, "an object")
        position = _expect(raw.get("position"), int, f"{here}.position", "a whole number")
        if not 1 <= position <= MAX_POSITION or position in seen_positions:
            raise InterchangeError(
                f"expected a unique position from 1 to {MAX_POSITION}", path=f"{here}.position"
            )
        seen_positions.add(position)
        kind = raw.get("kind")
        if kind not in Entry.Kind.values:
            raise InterchangeError('expected "paper" or "article"', path=f"{here}.kind")
        entries.append(
            EntryData(
                position=position,
                kind=kind,
                source_url=_url(raw.get("source_url"), f"{here}.source_url"),
                read_more_url=_url(raw.get("read_more_url"), f"{here}.read_more_url"),
                fields=_fields(raw.get("fields"), f"{here}.fields"),
            )
        )
    return DigestData(
        slug=slug,
        title=_text(document.get("title"), "$.title", max_length=_limit(Digest, "title")),
        publisher=_text(
            document.get("publisher"), "$.publisher", max_length=_limit(Digest, "publisher")
        ),
        period_start=start,
        period_end=end,
        source_language=_text(
            document.get("source_language", "en"),
            "$.source_language",
            max_length=_limit(Digest, "source_language"),
        ),
        target_language=_text(
            document.get("target_language", "ko"),
            "$.target_language",
            max_length=_limit(Digest, "target_language"),
        ),
        status=status,
        intro=_paragraphs(document.get("intro", []), "$.intro"),
        notice=_paragraphs(document.get("notice", []), "$.notice"),
        entries=tuple(sorted(entries, key=lambda e: e.position)),
    )

"""The neutral shape of a digest between files and the database, and the `digest/1` format.

Both input formats (the weekly text post and `digest/1` JSON) become `DigestData`; the import
service only ever sees `DigestData`. Each format checks its own shape, and both then pass their
values through the same checks (`_text`, `_url`, `_slug`, `_position`), whose limits are the
model fields' `max_length`: what passes here fits the database.
"""

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from accounts.models import User

from .models import FIELD_ORDER, Digest, Entry, Revision
from .segmentation import segment_field
from .text import normalize_text
from .weekly_format import ParsedDigest

FORMAT_NAME = "digest/1"
MAX_POSITION = 32767  # the largest value a PositiveSmallIntegerField holds everywhere
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SURROGATE_RE = re.compile("[\ud800-\udfff]")


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
class CreditData:
    """A person credited for one sentence of a revision (a `RevisionCredit`)."""

    field: str
    position: int
    contributor: str  # the person's public name


@dataclass(frozen=True)
class RevisionData:
    """One revision of an entry's history, as `export_digest --history` writes it.

    People are named by their public name; the import service finds or creates the
    accounts (see `digest.services.digest_import`).
    """

    number: int
    kind: str
    created_at: datetime.datetime
    summary: str
    editor: str | None
    reverted_to: int | None
    fields: tuple[FieldData, ...]
    credits: tuple[CreditData, ...] = ()


@dataclass(frozen=True)
class EntryData:
    position: int
    kind: str
    source_url: str | None
    read_more_url: str | None
    fields: tuple[FieldData, ...]
    # Every revision, oldest first, the last one with `fields`; empty when the document
    # gives only the current text, which is then imported as revision 1.
    history: tuple[RevisionData, ...] = ()


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
    original_url: str | None = None
    # Who drafted the translation of new entries' first revision (translate_digest).
    translator: str = ""


def _line(number: int, what: str) -> str:
    return f"line {number} ({what})"


def from_weekly(
    parsed: ParsedDigest,
    *,
    segment: Callable[[str | None, str], list[tuple[str | None, str]]] = segment_field,
    translator: str = "",
) -> DigestData:
    """Segment and align each field of a parsed weekly post; errors name the line.

    The values with a limit are checked first, so that a post too long to store is refused
    before its sentences are aligned. A machine translation drafted here already has its
    sentence pairs, and passes them as ``segment`` (with the ``translator`` to record).
    """
    title_at = _line(parsed.title_line, "title")
    title = _text(parsed.title, title_at, max_length=_limit(Digest, "title"))
    slug = _slug(parsed.slug(), f"{title_at}, the slug made from it")
    publisher = _text(
        parsed.publisher,
        _line(parsed.publisher_line, "publisher"),
        max_length=_limit(Digest, "publisher"),
    )
    seen: set[int] = set()
    checked = [
        (
            parsed_entry,
            _position(parsed_entry.position, seen, _line(parsed_entry.line, "entry title")),
            _url(parsed_entry.source_url, _line(parsed_entry.source_url_line, "link")),
            _url(parsed_entry.read_more_url, _line(parsed_entry.read_more_url_line, "read more")),
        )
        for parsed_entry in parsed.entries
    ]
    entries = []
    for parsed_entry, position, source_url, read_more_url in checked:
        fields = []
        for parsed_field in parsed_entry.fields:
            pairs = segment(parsed_field.source, parsed_field.target)
            fields.append(
                FieldData(
                    name=parsed_field.name,
                    segments=tuple(SegmentData(source=s, target=t) for s, t in pairs),
                )
            )
        entries.append(
            EntryData(
                position=position,
                kind=parsed_entry.kind,
                source_url=source_url,
                read_more_url=read_more_url,
                fields=tuple(fields),
            )
        )
    return DigestData(
        slug=slug,
        title=title,
        publisher=publisher,
        period_start=parsed.period_start,
        period_end=parsed.period_end,
        intro=tuple(parsed.intro),
        notice=tuple(parsed.notice),
        entries=tuple(entries),
        translator=translator,
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


def _slug(value: Any, path: str) -> str:
    slug = _text(value, path, max_length=_limit(Digest, "slug"))
    if not SLUG_RE.match(slug):
        raise InterchangeError("expected lowercase letters, digits and hyphens", path=path)
    return slug


def _position(value: Any, seen: set[int], path: str) -> int:
    position = _expect(value, int, path, "a whole number")
    if not 1 <= position <= MAX_POSITION or position in seen:
        raise InterchangeError(f"expected a unique position from 1 to {MAX_POSITION}", path=path)
    seen.add(position)
    return position


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


def _raw_text(value: Any, path: str, *, max_length: int, blank: bool = True) -> str:
    """Text stored as written (a summary, a person's name): checked, not normalised, so that
    what an export wrote comes back unchanged."""
    _expect(value, str, path, "a string")
    if not blank and not value.strip():
        raise InterchangeError("must not be empty", path=path)
    if len(value) > max_length:
        raise InterchangeError(f"longer than {max_length} characters", path=path)
    return value


def _name(value: Any, path: str) -> str:
    return _raw_text(value, path, max_length=_limit(User, "display_name"), blank=False)


def _datetime(value: Any, path: str) -> datetime.datetime:
    _expect(value, str, path, "a date and time in ISO 8601 with its UTC offset")
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InterchangeError(
            f"{value[:40]!r} is not a date and time in ISO 8601 with its UTC offset", path=path
        )
    return moment


def _sources(fields: tuple[FieldData, ...]) -> dict[str, list[str | None]]:
    return {f.name: [s.source for s in f.segments] for f in fields}


def _credits(raw: dict, fields: tuple[FieldData, ...], path: str) -> tuple[CreditData, ...]:
    sizes = {f.name: len(f.segments) for f in fields}
    credits = []
    for i, item in enumerate(_expect(raw["credits"], list, path, "a list of credits")):
        here = f"{path}[{i}]"
        _expect(item, dict, here, "an object")
        field_name = item.get("field")
        if field_name not in sizes:
            raise InterchangeError("expected a field of this revision", path=f"{here}.field")
        position = _expect(item.get("position"), int, f"{here}.position", "a whole number")
        if not 0 <= position < sizes[field_name]:
            raise InterchangeError(
                f"expected a sentence of the {field_name} (0 to {sizes[field_name] - 1})",
                path=f"{here}.position",
            )
        contributor = _name(item.get("contributor"), f"{here}.contributor")
        credits.append(CreditData(field=field_name, position=position, contributor=contributor))
    return tuple(credits)


def _changed(before: tuple[FieldData, ...], after: tuple[FieldData, ...]) -> list[tuple[str, int]]:
    """(field, position) of the sentences whose translation differs; same alignment assumed."""
    old = {f.name: f for f in before}
    return [
        (f.name, position)
        for f in after
        for position, segment in enumerate(f.segments)
        if old[f.name].segments[position].target != segment.target
    ]


def _revision(raw: Any, number: int, previous: RevisionData | None, path: str) -> RevisionData:
    _expect(raw, dict, path, "an object")
    if raw.get("number") != number or isinstance(raw.get("number"), bool):
        raise InterchangeError(
            f"expected revision {number}: revisions are numbered 1, 2, 3, … in order",
            path=f"{path}.number",
        )
    kind = raw.get("kind")
    if kind not in Revision.Kind.values or (previous is None and kind != Revision.Kind.MACHINE):
        expected = (
            '"machine": the first revision is the machine translation'
            if previous is None
            else 'expected "machine", "correction", "edit" or "revert"'
        )
        raise InterchangeError(expected, path=f"{path}.kind")
    reverted_to = raw.get("reverted_to")
    if kind == Revision.Kind.REVERT:
        _expect(reverted_to, int, f"{path}.reverted_to", "the number of the restored revision")
        if not 1 <= reverted_to < number:
            raise InterchangeError(
                f"expected an earlier revision, from 1 to {number - 1}", path=f"{path}.reverted_to"
            )
    elif reverted_to is not None:
        raise InterchangeError("only a revert restores a revision", path=f"{path}.reverted_to")
    fields = _fields(raw.get("fields"), f"{path}.fields")
    realigned = previous is not None and _sources(fields) != _sources(previous.fields)
    if realigned and kind != Revision.Kind.MACHINE:
        raise InterchangeError(
            "only a machine revision can change the English sentences; this one must have "
            "the sentences of the revision before",
            path=f"{path}.fields",
        )
    editor = raw.get("editor")
    contributors_raw = _expect(raw.get("contributors", []), list, f"{path}.contributors", "a list")
    contributors = [
        _name(name, f"{path}.contributors[{i}]") for i, name in enumerate(contributors_raw)
    ]
    if kind == Revision.Kind.MACHINE and (contributors or raw.get("credits")):
        raise InterchangeError("a machine revision credits nobody", path=f"{path}.contributors")
    if raw.get("credits") is not None:
        credits = _credits(raw, fields, f"{path}.credits")
        if list(dict.fromkeys(c.contributor for c in credits)) != contributors:
            raise InterchangeError(
                "expected the people of `credits`, each once, in the order of their first credit",
                path=f"{path}.contributors",
            )
    else:
        # A document without per-sentence credits credits each contributor with every
        # sentence the revision changed, which is what the history pages show.
        changed = _changed(previous.fields, fields) if previous and contributors else []
        credits = tuple(
            CreditData(field=field_name, position=position, contributor=person)
            for field_name, position in changed
            for person in contributors
        )
    if contributors and not credits:
        raise InterchangeError(
            "contributors need a changed sentence to be credited with", path=f"{path}.contributors"
        )
    return RevisionData(
        number=number,
        kind=kind,
        created_at=_datetime(raw.get("created_at"), f"{path}.created_at"),
        summary=_raw_text(
            raw.get("summary", ""), f"{path}.summary", max_length=_limit(Revision, "summary")
        ),
        editor=None if editor is None else _name(editor, f"{path}.editor"),
        reverted_to=reverted_to if kind == Revision.Kind.REVERT else None,
        fields=fields,
        credits=credits,
    )


def _history(value: Any, path: str) -> tuple[RevisionData, ...]:
    _expect(value, list, path, "a list of revisions")
    if not value:
        raise InterchangeError("a history needs at least the first revision", path=path)
    revisions: list[RevisionData] = []
    for i, raw in enumerate(value):
        previous = revisions[-1] if revisions else None
        revisions.append(_revision(raw, i + 1, previous, f"{path}[{i}]"))
    return tuple(revisions)


def _check_history_ends_at(
    raw: dict, fields: tuple[FieldData, ...], history: tuple[RevisionData, ...], path: str
) -> None:
    """The entry's text is its last revision's: an entry shows its current revision."""
    if raw.get("revision", len(history)) != len(history):
        raise InterchangeError(
            f"expected {len(history)}, the number of the last revision in history",
            path=f"{path}.revision",
        )
    if history[-1].fields != fields:
        raise InterchangeError(
            "differ from the last revision in history; the current text is the last revision's",
            path=f"{path}.fields",
        )


def _unstorable(document: Any) -> InterchangeError | None:
    """The first value anywhere in `document` that no database column can hold: a string
    with a NUL character or a lone surrogate (JSON allows both as escapes), a number that is
    not finite (`1e999`, `NaN`, `Infinity`). Walked without recursion."""
    stack: list[tuple[Any, str]] = [(document, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            problem = _unstorable_text(value)
            if problem:
                return InterchangeError(problem, path=path)
        elif isinstance(value, float) and not math.isfinite(value):
            return InterchangeError("expected a finite number", path=path)
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                problem = _unstorable_text(key)
                if problem:
                    return InterchangeError(f"a key {problem}", path=path)
                stack.append((item, f"{path}.{key}"))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]") for i, item in reversed(list(enumerate(value))))
    return None


def _unstorable_text(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL character (\\u0000), which cannot be stored"
    if SURROGATE_RE.search(text):
        return "contains a lone surrogate (\\ud800 to \\udfff), which is not a character"
    return None


def from_json(document: Any) -> DigestData:
    """Validate a parsed `digest/1` document; errors name the JSON path of the bad value."""
    unstorable = _unstorable(document)
    if unstorable is not None:
        raise unstorable
    _expect(document, dict, "$", "a JSON object")
    if document.get("format") != FORMAT_NAME:
        raise InterchangeError(f'expected "{FORMAT_NAME}"', path="$.format")
    slug = _slug(document.get("slug"), "$.slug")
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
        position = _position(raw.get("position"), seen_positions, f"{here}.position")
        kind = raw.get("kind")
        if kind not in Entry.Kind.values:
            raise InterchangeError('expected "paper" or "article"', path=f"{here}.kind")
        fields = _fields(raw.get("fields"), f"{here}.fields")
        history = ()
        if raw.get("history") is not None:
            history = _history(raw["history"], f"{here}.history")
            _check_history_ends_at(raw, fields, history, here)
        entries.append(
            EntryData(
                position=position,
                kind=kind,
                source_url=_url(raw.get("source_url"), f"{here}.source_url"),
                read_more_url=_url(raw.get("read_more_url"), f"{here}.read_more_url"),
                fields=fields,
                history=history,
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
        original_url=_url(document.get("original_url"), "$.original_url"),
    )

"""Reader for the weekly digest text format (see FORMAT.md and digest/samples/).

A post looks like::

    [2024/10/21 ~ 10/27] 이번 주의 주요 ML 논문 (Top ML Papers of the Week)
    PyTorchKR
    -
    <intro paragraph>            (one or more, each after a "-" line)
    <Korean title> / <English title>   (or only a Korean title)
    논문 소개 | 글 소개
    <Korean summary>
    <English summary>
    논문 초록(Abstract)           (optional, with a Korean and an English paragraph)
    ...
    논문 링크 | 글 링크           (optionally followed by a URL line)
    더 읽어보기                   (optional, followed by a URL line)
    ...
    원문                          (the rest of the file is the closing notice)

Blank lines carry no meaning and are dropped, but every error names the line number of the
original input so that an editor can find the problem in the file they were given.

This module is pure Python so that it can be used (and tested) without Django.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

__all__ = [
    "DigestFormatError",
    "ParsedDigest",
    "ParsedEntry",
    "ParsedField",
    "format_weekly_text",
    "parse_weekly_text",
]


class DigestFormatError(ValueError):
    """The text does not have the shape of a weekly digest."""

    line: int | None
    message: str

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(message if line is None else f"line {line}: {message}")

    def __reduce__(self) -> tuple[Callable[..., DigestFormatError], tuple[str]]:
        # The default pickling replays ``args`` (the formatted text) positionally, which would
        # lose the keyword-only ``line`` and prefix the message twice.
        return functools.partial(type(self), line=self.line), (self.message,)


@dataclass(frozen=True)
class ParsedField:
    name: str  # "title" | "summary" | "abstract"
    source: str | None  # the English original; None when the post gives only Korean
    target: str  # the Korean machine translation


@dataclass(frozen=True)
class ParsedEntry:
    position: int  # 1-based order in the digest
    kind: str  # "paper" | "article"
    source_url: str | None
    read_more_url: str | None
    fields: tuple[ParsedField, ...]  # title, summary, then abstract if present
    line: int  # line of the entry's title in the original input
    # Where the URLs were, for errors found after parsing (a URL too long to store); not
    # part of what the entry is, so equal entries laid out differently stay equal.
    source_url_line: int = field(default=0, compare=False)
    read_more_url_line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ParsedDigest:
    title: str
    publisher: str
    period_start: datetime.date
    period_end: datetime.date
    intro: tuple[str, ...]
    notice: tuple[str, ...]
    entries: tuple[ParsedEntry, ...]
    # Lines of the header, for errors found after parsing (see ParsedEntry).
    title_line: int = field(default=0, compare=False)
    publisher_line: int = field(default=0, compare=False)
    intro_lines: tuple[int, ...] = field(default=(), compare=False)

    def slug(self) -> str:
        """``2024-10-21-top-ml-papers`` for "... (Top ML Papers of the Week)"."""
        english = _english_part(self.title)
        words = _slugify(english) if english is not None else ""
        # Every post is weekly, so the phrase adds nothing but length to the URL.
        words = words.removesuffix("-of-the-week")
        return f"{self.period_start.isoformat()}-{words or 'digest'}"


# --- text helpers -------------------------------------------------------------------------------

# Syllables plus the jamo blocks: NFC composes most jamo into syllables, but stray jamo survive.
_HANGUL_RE = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff]")


def _has_hangul(text: str) -> bool:
    return _HANGUL_RE.search(text) is not None


def _english_part(title: str) -> str | None:
    """The English name of the digest: the last parenthesised text without Hangul, or the
    whole title when it has no Hangul at all. A leading date range is not part of the name."""
    title = re.sub(r"^\s*\[[^\]]*\]\s*", "", title)
    for group in reversed(re.findall(r"\(([^()]*)\)", title)):
        if not _has_hangul(group) and re.search("[A-Za-z]", group):
            return group
    return None if _has_hangul(title) else title


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub("[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _split_title(text: str) -> tuple[str, str | None]:
    """Split "<Korean title> / <English title>" into (Korean, English).

    Both halves may contain " / ", so split at the first separator whose remainder has no
    Hangul: that keeps a Korean "입력 / 출력" together and an English "Input / Output" together.
    Without such a separator the whole line is a Korean-only title.
    """
    for separator in re.finditer(r"\s+/\s+", text):
        korean, english = text[: separator.start()].strip(), text[separator.end() :].strip()
        if korean and english and not _has_hangul(english):
            return korean, english
    return text, None


_URL_RE = re.compile(r"https?://\S+")


def _as_url(text: str) -> str | None:
    """The URL on a line, unwrapped from [ ] or < >, or None if the line is not one."""
    candidate = text.strip()
    if len(candidate) >= 2 and (candidate[0], candidate[-1]) in {("[", "]"), ("<", ">")}:
        candidate = candidate[1:-1].strip()
    if not _URL_RE.fullmatch(candidate):
        return None
    try:
        host = urlsplit(candidate).netloc
    except ValueError:  # e.g. an unbalanced "[" in the host part
        return None
    return candidate if host else None


def _looks_like_bad_url(text: str) -> bool:
    """A one-word line meant as a URL but with the wrong or no scheme ("ftp://…", "www.…").

    Where a URL may follow, such a line would otherwise be read as the next entry's title and
    the error would surface a line later with a misleading message.
    """
    return not any(ch.isspace() for ch in text) and ("://" in text or text.startswith("www."))


def _quote(text: str, limit: int = 60) -> str:
    return f"'{text if len(text) <= limit else text[: limit - 1] + '…'}'"


# --- lines and their classification -------------------------------------------------------------

TokenKind = Literal["dash", "notice", "summary", "abstract", "link", "read_more", "url", "text"]

_SUMMARY_KINDS = {"논문 소개": "paper", "글 소개": "article"}
_ABSTRACT_RE = re.compile(r"(?:논문|글) 초록(?: ?\(Abstract\))?")
# The heading may carry its URL on the same line, after a space or a colon.
_LINK_RE = re.compile(r"(?:논문|글) 링크(?P<rest>(?:[ :].*)?)")
_READ_MORE_RE = re.compile(r"더 읽어보기(?P<rest>(?:[ :].*)?)")


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based, in the original input
    raw: str  # trailing whitespace removed; the notice keeps this form
    kind: TokenKind
    value: str | None  # summary: the entry kind; link/read_more: inline URL text; url: the URL

    @property
    def text(self) -> str:
        return self.raw.strip()


def _heading_rest(pattern: re.Pattern[str], text: str) -> tuple[bool, str | None]:
    """(is this heading, inline URL text if any).

    Text after the heading counts only when it is plausibly a URL (or follows a colon), so that
    an entry titled "논문 링크 분석" is still read as a title.
    """
    match = pattern.fullmatch(text)
    if match is None:
        return False, None
    rest = match["rest"].strip()
    if rest.startswith(":"):
        return True, rest[1:].strip() or None
    if not rest:
        return True, None
    if rest.startswith(("http", "[", "<")) or _looks_like_bad_url(rest):
        return True, rest
    return False, None


def _classify(number: int, raw: str) -> _Line:
    # Headings are compared with runs of whitespace squeezed, so "논문  소개" still matches.
    text = " ".join(raw.split())
    if text == "-":
        return _Line(number, raw, "dash", None)
    if text == "원문":
        return _Line(number, raw, "notice", None)
    if text in _SUMMARY_KINDS:
        return _Line(number, raw, "summary", _SUMMARY_KINDS[text])
    if _ABSTRACT_RE.fullmatch(text):
        return _Line(number, raw, "abstract", None)
    is_link, inline = _heading_rest(_LINK_RE, text)
    if is_link:
        return _Line(number, raw, "link", inline)
    is_read_more, inline = _heading_rest(_READ_MORE_RE, text)
    if is_read_more:
        return _Line(number, raw, "read_more", inline)
    url = _as_url(text)
    if url is not None:
        return _Line(number, raw, "url", url)
    return _Line(number, raw, "text", None)


def _read_lines(text: str) -> list[_Line]:
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(physical, start=1):
        column = raw.find("\x00") + 1
        if column:
            # No text of a post has a use for it, and PostgreSQL cannot store it.
            raise DigestFormatError(
                f"found a NUL character (U+0000) in column {column}", line=number
            )
    return [
        _classify(number, raw.rstrip())
        for number, raw in enumerate(physical, start=1)
        if raw.strip()
    ]


class _Cursor:
    """Walks the non-blank lines; reports end-of-input errors just after the last one."""

    def __init__(self, lines: list[_Line]) -> None:
        self._lines = lines
        self._pos = 0
        self.end_line = lines[-1].number + 1 if lines else 1

    def peek(self) -> _Line | None:
        return self._lines[self._pos] if self._pos < len(self._lines) else None

    def peek_is(self, *kinds: TokenKind) -> bool:
        line = self.peek()
        return line is not None and line.kind in kinds

    def take(self) -> _Line:
        line = self._lines[self._pos]
        self._pos += 1
        return line

    def rest(self) -> list[_Line]:
        lines, self._pos = self._lines[self._pos :], len(self._lines)
        return lines

    def error(self, expected: str, line: _Line | None = None) -> DigestFormatError:
        """An error at ``line`` (default: the next line) saying what was expected there."""
        line = line if line is not None else self.peek()
        if line is None:
            return DigestFormatError(f"expected {expected}, found end of input", line=self.end_line)
        return DigestFormatError(
            f"expected {expected}, found {_quote(line.text)}", line=line.number
        )


# --- the parser ---------------------------------------------------------------------------------

_TITLE_RE = re.compile(
    r"\[\s*(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})\s*~\s*"
    r"(?:(?P<end_year>\d{4})/)?(?P<end_month>\d{1,2})/(?P<end_day>\d{1,2})\s*\]\s*(?P<title>.*)"
)
_TITLE_SHAPE = "the title line '[YYYY/MM/DD ~ MM/DD] <title>'"
_URL_SHAPE = "a URL starting with http:// or https://"


def parse_weekly_text(text: str, *, english_only: bool = False) -> ParsedDigest:
    """Parse a weekly digest post; raise DigestFormatError naming the first line that does not
    fit the format.

    ``english_only`` reads a post before translation (what ``translate_digest`` drafts from):
    the same headings and layout, with only the English title line and the English paragraph
    under each heading; the intro paragraphs are English too. Every field's ``target`` is then
    empty.
    """
    cursor = _Cursor(_read_lines(text))
    title_line = cursor.peek()
    title, period_start, period_end = _parse_title_line(cursor)

    if not cursor.peek_is("text"):
        raise cursor.error("the publisher line after the title line")
    publisher_line = cursor.take()

    intro, intro_lines = _parse_intro(cursor)
    if english_only:
        for paragraph, number in zip(intro, intro_lines, strict=True):
            _refuse_korean(paragraph, number, "an English intro paragraph")

    entries: list[ParsedEntry] = []
    while not cursor.peek_is("notice") and cursor.peek() is not None:
        if not cursor.peek_is("text"):
            raise cursor.error(
                "an entry title line"
                if not entries
                else "the next entry's title line, 원문, or the end of the file"
            )
        entries.append(
            _parse_entry(cursor, position=len(entries) + 1, english_only=english_only)
        )
    if not entries:
        raise cursor.error("an entry title line")

    notice: tuple[str, ...] = ()
    if cursor.peek_is("notice"):
        cursor.take()
        # The notice is free text shown as published, so keep leading spaces and headings as is.
        notice = tuple(line.raw for line in cursor.rest())

    assert title_line is not None  # _parse_title_line refuses empty input
    return ParsedDigest(
        title=title,
        publisher=publisher_line.text,
        period_start=period_start,
        period_end=period_end,
        intro=intro,
        notice=notice,
        entries=tuple(entries),
        title_line=title_line.number,
        publisher_line=publisher_line.number,
        intro_lines=intro_lines,
    )


def _parse_title_line(cursor: _Cursor) -> tuple[str, datetime.date, datetime.date]:
    line = cursor.peek()
    match = _TITLE_RE.fullmatch(line.text) if line is not None else None
    if line is None or match is None:
        raise cursor.error(_TITLE_SHAPE)
    cursor.take()

    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    try:
        start = datetime.date(year, month, day)
    except ValueError:
        raise DigestFormatError(
            f"expected a real start date (YYYY/MM/DD), found '{match['year']}/{match['month']}/"
            f"{match['day']}'",
            line=line.number,
        ) from None

    end_month, end_day = int(match["end_month"]), int(match["end_day"])
    if match["end_year"] is not None:
        end_year = int(match["end_year"])
    else:
        # The end carries no year: a week that crosses New Year ends in the next one.
        end_year = year + 1 if end_month < month else year
    try:
        end = datetime.date(end_year, end_month, end_day)
    except ValueError:
        raise DigestFormatError(
            f"expected a real end date, found '{match['end_month']}/{match['end_day']}' "
            f"(read as {end_year})",
            line=line.number,
        ) from None
    if end < start:
        raise DigestFormatError(
            f"expected an end date on or after the start date {start.isoformat()}, "
            f"found {end.isoformat()}",
            line=line.number,
        )

    if not match["title"].strip():
        raise DigestFormatError("expected a title after the date range", line=line.number)
    # The whole line is the title, date range included, as the post shows it (and as the
    # digest/1 interchange format records it).
    return line.text.strip(), start, end


def _parse_intro(cursor: _Cursor) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The intro paragraphs and their line numbers."""
    paragraphs: list[_Line] = []
    while cursor.peek_is("dash"):
        dash = cursor.take()
        if not cursor.peek_is("text"):
            raise cursor.error(f"an intro paragraph after the '-' on line {dash.number}")
        paragraphs.append(cursor.take())
    if not paragraphs:
        raise cursor.error("a '-' line followed by an intro paragraph")
    return tuple(p.text for p in paragraphs), tuple(p.number for p in paragraphs)


def _refuse_korean(text: str, number: int, expected: str) -> None:
    if _has_hangul(text):
        raise DigestFormatError(
            f"expected {expected} (a post to translate has no Korean), found {_quote(text)}",
            line=number,
        )


def _parse_entry(cursor: _Cursor, *, position: int, english_only: bool = False) -> ParsedEntry:
    title_line = cursor.take()
    if english_only:
        _refuse_korean(title_line.text, title_line.number, "an English entry title")
        fields = [ParsedField("title", title_line.text, "")]
    else:
        korean_title, english_title = _split_title(title_line.text)
        fields = [ParsedField("title", english_title, korean_title)]

    if not cursor.peek_is("summary"):
        raise cursor.error("a summary heading (논문 소개 or 글 소개)")
    summary_heading = cursor.take()
    assert summary_heading.value is not None  # _classify always sets the kind of a summary
    parse_field = _parse_english if english_only else _parse_pair
    fields.append(parse_field(cursor, "summary", summary_heading))

    if cursor.peek_is("abstract"):
        fields.append(parse_field(cursor, "abstract", cursor.take()))

    if not cursor.peek_is("link"):
        link = "a link heading (논문 링크 or 글 링크)"
        has_abstract = fields[-1].name == "abstract"
        raise cursor.error(link if has_abstract else f"an abstract heading (논문 초록) or {link}")
    link_heading = cursor.take()
    source_url_line = _url_line(cursor, link_heading)
    source_url = _parse_url_after(cursor, link_heading, optional=True)

    read_more_url, read_more_url_line = None, 0
    if cursor.peek_is("read_more"):
        read_more_heading = cursor.take()
        read_more_url_line = _url_line(cursor, read_more_heading)
        read_more_url = _parse_url_after(cursor, read_more_heading, optional=False)

    return ParsedEntry(
        position=position,
        kind=summary_heading.value,
        source_url=source_url,
        read_more_url=read_more_url,
        fields=tuple(fields),
        line=title_line.number,
        source_url_line=source_url_line,
        read_more_url_line=read_more_url_line,
    )


def _parse_pair(cursor: _Cursor, name: str, heading: _Line) -> ParsedField:
    """The Korean paragraph and then the English paragraph under a summary/abstract heading."""
    if not cursor.peek_is("text"):
        raise cursor.error(f"the Korean {name} after line {heading.number}")
    korean = cursor.take()

    expected = f"the English {name} after line {korean.number}"
    english = cursor.peek()
    if english is None or english.kind != "text":
        raise cursor.error(expected)
    if _has_hangul(english.text):
        # Two Korean paragraphs in a row: the English original is missing (or the Korean wraps).
        raise DigestFormatError(
            f"expected {expected}, found Korean text {_quote(english.text)}", line=english.number
        )
    cursor.take()
    return ParsedField(name, english.text, korean.text)


def _parse_english(cursor: _Cursor, name: str, heading: _Line) -> ParsedField:
    """The English paragraph under a summary/abstract heading of a post to translate."""
    if not cursor.peek_is("text"):
        raise cursor.error(f"the English {name} after line {heading.number}")
    english = cursor.take()
    _refuse_korean(english.text, english.number, f"the English {name}")
    return ParsedField(name, english.text, "")


def _url_line(cursor: _Cursor, heading: _Line) -> int:
    """The line a heading's URL is on: the heading's own, or the next when it is a URL."""
    following = cursor.peek()
    if heading.value is None and following is not None and following.kind == "url":
        return following.number
    return heading.number


def _parse_url_after(cursor: _Cursor, heading: _Line, *, optional: bool) -> str | None:
    """The URL on the heading line itself or on the next line."""
    expected = f"{_URL_SHAPE} after {_quote(heading.text)} on line {heading.number}"
    if heading.value is not None:
        url = _as_url(heading.value)
        if url is None:
            raise DigestFormatError(
                f"expected {_URL_SHAPE}, found {_quote(heading.value)}", line=heading.number
            )
        return url
    if cursor.peek_is("url"):
        return cursor.take().value
    following = cursor.peek()
    if not optional or (following is not None and _looks_like_bad_url(following.text)):
        raise cursor.error(expected)
    return None


# --- the writer ---------------------------------------------------------------------------------

_SUMMARY_HEADINGS = {kind: heading for heading, kind in _SUMMARY_KINDS.items()}


def _title_line(korean: str, english: str | None, position: int) -> str:
    """An entry's title line, refused where the reader would split it elsewhere: it splits
    at the first " / " whose remainder has no Hangul."""
    korean, english = korean.strip(), english.strip() if english else None
    line = f"{korean} / {english}" if english else korean
    if _split_title(line) != (korean, english):
        raise DigestFormatError(
            f"the title of entry {position} ({line!r}) would be read back split at a "
            "different ' / ' (the reader splits at the first one followed by no Hangul); "
            "export the digest as JSON instead"
        )
    return line


def format_weekly_text(parsed: ParsedDigest) -> str:
    """The post as the weekly format writes it: what `parse_weekly_text` reads back."""
    lines = [parsed.title, parsed.publisher]
    for paragraph in parsed.intro:
        lines += ["-", paragraph]
    for entry in parsed.entries:
        noun = "논문" if entry.kind == "paper" else "글"
        for item in entry.fields:
            if item.name == "title":
                lines.append(_title_line(item.target, item.source, entry.position))
                continue
            heading = _SUMMARY_HEADINGS[entry.kind] if item.name == "summary" else f"{noun} 초록"
            lines += [heading, item.target, *([item.source] if item.source else [])]
        lines.append(f"{noun} 링크")
        if entry.source_url:
            lines.append(entry.source_url)
        if entry.read_more_url:
            lines += ["더 읽어보기", entry.read_more_url]
    if parsed.notice:
        lines += ["원문", *parsed.notice]
    return "\n".join(lines) + "\n"

"""Tests for digest.weekly_format: the real sample, the variations FORMAT.md allows, and errors
that name the right line."""

from __future__ import annotations

import dataclasses
import datetime
import pickle
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.weekly_format import (
    DigestFormatError,
    ParsedDigest,
    ParsedEntry,
    ParsedField,
    parse_weekly_text,
)

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "digest/samples/2024-10-21-top-ml-papers.txt"
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")

HEADER = [
    "[2024/10/21 ~ 10/27] 이번 주의 주요 ML 논문 (Top ML Papers of the Week)",
    "PyTorchKR",
    "-",
    "이번 주의 소개 문단입니다.",
]
NOTICE = ["원문", "- 이 글은 GPT 모델로 정리한 것입니다."]


def entry_lines(
    title: str = "에이전트 정보 검색 / Agentic Information Retrieval",
    *,
    summary_heading: str = "논문 소개",
    abstract_heading: str | None = "논문 초록(Abstract)",
    link: list[str] | None = None,
    read_more: list[str] | None = None,
) -> list[str]:
    lines = [title, summary_heading, "한국어 요약입니다.", "An English summary."]
    if abstract_heading is not None:
        lines += [abstract_heading, "한국어 초록입니다.", "An English abstract."]
    lines += link if link is not None else ["논문 링크"]
    lines += read_more if read_more is not None else ["더 읽어보기", "https://x.com/a/status/1"]
    return lines


def build(*entries: list[str], header: list[str] = HEADER, notice: list[str] = NOTICE) -> str:
    lines = [*header]
    for entry in entries:
        lines += entry
    return "\n".join([*lines, *notice]) + "\n"


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line of ``text`` that equals ``needle``."""
    numbers = [n for n, line in enumerate(text.split("\n"), start=1) if line == needle]
    assert len(numbers) == 1, numbers
    return numbers[0]


def without_lines(digest: ParsedDigest) -> ParsedDigest:
    """The digest with entry line numbers zeroed, to compare inputs laid out differently."""
    entries = tuple(dataclasses.replace(entry, line=0) for entry in digest.entries)
    return dataclasses.replace(digest, entries=entries)


def all_strings(digest: ParsedDigest) -> Iterator[str]:
    yield from (digest.title, digest.publisher, *digest.intro, *digest.notice)
    for entry in digest.entries:
        for field in entry.fields:
            yield from (text for text in (field.source, field.target) if text is not None)


def parse_error(text: str) -> DigestFormatError:
    with pytest.raises(DigestFormatError) as info:
        parse_weekly_text(text)
    return info.value


# --- the real sample ----------------------------------------------------------------------------


def test_sample_header_intro_and_notice() -> None:
    digest = parse_weekly_text(SAMPLE)

    assert digest.title == "[2024/10/21 ~ 10/27] 이번 주의 주요 ML 논문 (Top ML Papers of the Week)"
    assert digest.publisher == "PyTorchKR"
    assert digest.period_start == datetime.date(2024, 10, 21)
    assert digest.period_end == datetime.date(2024, 10, 27)
    assert digest.slug() == "2024-10-21-top-ml-papers"
    assert len(digest.intro) == 3
    assert digest.intro[0].startswith("이번 주에 선정된 논문들은")
    assert len(digest.notice) == 3
    assert digest.notice[0].startswith("- 이 글은 GPT 모델로")
    assert digest.notice[2] == "아래쪽에 좋아요를 눌러주시면 뉴스 발행에 힘이 됩니다~"


def test_sample_entries() -> None:
    entries = parse_weekly_text(SAMPLE).entries

    assert [entry.position for entry in entries] == list(range(1, 11))
    assert [entry.kind for entry in entries] == ["paper", "article"] + ["paper"] * 8
    assert [entry.line for entry in entries] == [9, 19, 26, 36, 46, 56, 63, 73, 83, 94]
    assert all(entry.read_more_url.startswith("https://x.com/") for entry in entries)
    assert [entry.source_url for entry in entries] == [None] * 8 + [
        "https://www.nature.com/articles/s41586-024-08025-4",
        None,
    ]
    names = [tuple(field.name for field in entry.fields) for entry in entries]
    with_abstract = ("title", "summary", "abstract")
    assert (
        names
        == [with_abstract]
        + [("title", "summary")] * 1
        + [with_abstract] * 3
        + [("title", "summary")]
        + [with_abstract] * 4
    )


def test_sample_first_entry_fields() -> None:
    first = parse_weekly_text(SAMPLE).entries[0]

    assert first.read_more_url == "https://x.com/omarsar0/status/1848396596230127655"
    title, summary, abstract = first.fields
    assert title == ParsedField("title", "Agentic Information Retrieval", "에이전트 정보 검색")
    assert summary.source.startswith("Provides an introduction to agentic information retrieval")
    assert summary.target.startswith("LLM 에이전트의 역량에 따라")
    assert abstract.source.startswith("What will information entry look like")
    assert abstract.target.startswith("차세대 디지털 제품에서")


def test_sample_article_without_english_title_or_abstract() -> None:
    aya = parse_weekly_text(SAMPLE).entries[1]

    assert aya.kind == "article"
    assert aya.fields[0] == ParsedField("title", None, "Aya Expanse 출시 소개")
    assert [field.name for field in aya.fields] == ["title", "summary"]
    assert aya.fields[1].source.startswith("A family of open-weight foundation models")
    assert aya.source_url is None
    assert aya.read_more_url == "https://x.com/CohereForAI/status/1849435983449587796"


def test_sample_titles_with_colons_and_abstract_heading_without_english() -> None:
    entries = parse_weekly_text(SAMPLE).entries

    cot = entries[2].fields[0]
    assert cot.target.startswith("연쇄 사고에 대한 이론적 이해: 일관된 추론과 오류 인식 데모:")
    assert cot.source.startswith("A Theoretical Understanding of Chain-of-Thought")
    assert entries[4].fields[0].source.startswith("LongRAG: A Dual-Perspective")
    granite = entries[6]  # its abstract heading is "논문 초록" without "(Abstract)"
    assert granite.fields[2].name == "abstract"
    assert granite.fields[2].source.startswith("This report presents Granite 3.0")


# --- accepted variations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(SAMPLE.replace("\n", "\r\n"), id="crlf"),
        pytest.param(SAMPLE.replace("\n", "\r"), id="cr"),
        pytest.param("\ufeff" + SAMPLE, id="bom"),
        pytest.param("\ufeff" + SAMPLE.replace("\n", "\r\n") + "\r\n", id="bom-crlf"),
        pytest.param(SAMPLE.replace("\n", " \t \n") + "   ", id="trailing-spaces"),
    ],
)
def test_layout_variants_parse_identically(variant: str) -> None:
    assert parse_weekly_text(variant) == parse_weekly_text(SAMPLE)


def test_blank_lines_everywhere_keep_original_line_numbers() -> None:
    spread = "\n\n" + "\n \n\n".join(SAMPLE.split("\n")) + "\n\n\n"

    digest = parse_weekly_text(spread)

    assert without_lines(digest) == without_lines(parse_weekly_text(SAMPLE))
    # Sample line n sits at 3 * (n - 1) + 3 once two blank lines precede every line.
    assert [entry.line for entry in digest.entries][:3] == [27, 57, 78]
    assert spread.split("\n")[26].startswith("에이전트 정보 검색 /")


def test_nfd_input_gives_nfc_output() -> None:
    decomposed = unicodedata.normalize("NFD", SAMPLE)
    assert decomposed != SAMPLE  # the test is only meaningful if the input really changed

    digest = parse_weekly_text(decomposed)

    assert digest == parse_weekly_text(SAMPLE)
    assert all(unicodedata.is_normalized("NFC", text) for text in all_strings(digest))
    assert digest.entries[1].kind == "article"


def test_missing_read_more_and_notice() -> None:
    text = build(entry_lines(read_more=[]), entry_lines(read_more=[]), notice=[])

    digest = parse_weekly_text(text)

    assert [entry.read_more_url for entry in digest.entries] == [None, None]
    assert digest.notice == ()


def test_entry_without_english_title_or_abstract() -> None:
    text = build(entry_lines("새 모델 출시 소개", summary_heading="글 소개", abstract_heading=None))

    (entry,) = parse_weekly_text(text).entries

    assert entry.kind == "article"
    assert entry.fields == (
        ParsedField("title", None, "새 모델 출시 소개"),
        ParsedField("summary", "An English summary.", "한국어 요약입니다."),
    )


@pytest.mark.parametrize(
    "heading", ["논문 초록(Abstract)", "논문 초록", "글 초록", "논문 초록 (Abstract)"]
)
def test_abstract_heading_spellings(heading: str) -> None:
    (entry,) = parse_weekly_text(build(entry_lines(abstract_heading=heading))).entries

    assert entry.fields[2] == ParsedField("abstract", "An English abstract.", "한국어 초록입니다.")


@pytest.mark.parametrize(
    "link",
    [
        ["논문 링크 https://arxiv.org/abs/2410.09713"],
        ["논문 링크: https://arxiv.org/abs/2410.09713"],
        ["논문 링크 : <https://arxiv.org/abs/2410.09713>"],
        ["글 링크", "https://arxiv.org/abs/2410.09713"],
        ["논문 링크", "[https://arxiv.org/abs/2410.09713]"],
        ["논문 링크", "<https://arxiv.org/abs/2410.09713>"],
    ],
)
def test_link_url_on_the_heading_or_the_next_line(link: list[str]) -> None:
    (entry,) = parse_weekly_text(build(entry_lines(link=link))).entries

    assert entry.source_url == "https://arxiv.org/abs/2410.09713"
    assert entry.read_more_url == "https://x.com/a/status/1"


def test_read_more_url_on_the_heading_line() -> None:
    text = build(entry_lines(read_more=["더 읽어보기: https://x.com/b/status/2"]))

    assert parse_weekly_text(text).entries[0].read_more_url == "https://x.com/b/status/2"


def test_entry_title_that_merely_starts_like_a_link_heading() -> None:
    text = build(entry_lines(read_more=[]), entry_lines("논문 링크 분석 / Citation Link Analysis"))

    second = parse_weekly_text(text).entries[1]

    assert second.fields[0] == ParsedField("title", "Citation Link Analysis", "논문 링크 분석")


@pytest.mark.parametrize(
    ("title", "korean", "english"),
    [
        ("입력 / 출력 토큰 / Input / Output Tokens", "입력 / 출력 토큰", "Input / Output Tokens"),
        ("입출력 모델 / Input/Output Models", "입출력 모델", "Input/Output Models"),
        ("GPT-4o와 o1 비교 / 정리", "GPT-4o와 o1 비교 / 정리", None),
        ("Granite 3.0 / Granite 3.0", "Granite 3.0", "Granite 3.0"),
    ],
)
def test_entry_title_split(title: str, korean: str, english: str | None) -> None:
    (entry,) = parse_weekly_text(build(entry_lines(title))).entries

    assert entry.fields[0] == ParsedField("title", english, korean)


@pytest.mark.parametrize(
    ("title_line", "start", "end"),
    [
        ("[2024/12/30 ~ 01/05] 이번 주의 주요 ML 논문", (2024, 12, 30), (2025, 1, 5)),
        ("[2024/12/30~2025/01/05] 주요 논문", (2024, 12, 30), (2025, 1, 5)),
        ("[2024/2/26~3/3] 주요 논문", (2024, 2, 26), (2024, 3, 3)),
        ("[2024/10/21 ~ 10/21] 주요 논문", (2024, 10, 21), (2024, 10, 21)),
    ],
)
def test_period(title_line: str, start: tuple[int, int, int], end: tuple[int, int, int]) -> None:
    digest = parse_weekly_text(build(entry_lines(), header=[title_line, *HEADER[1:]]))

    assert digest.period_start == datetime.date(*start)
    assert digest.period_end == datetime.date(*end)


def test_two_intro_paragraphs() -> None:
    header = [*HEADER[:2], "-", "첫 번째 문단.", "-", "두 번째 문단."]

    assert parse_weekly_text(build(entry_lines(), header=header)).intro == (
        "첫 번째 문단.",
        "두 번째 문단.",
    )


def test_notice_is_kept_verbatim_apart_from_blank_lines_and_trailing_spaces() -> None:
    notice = ["원문", "  들여쓴 줄  ", "", "논문 소개", "https://discuss.pytorch.kr/"]

    digest = parse_weekly_text(build(entry_lines(), notice=notice))

    assert digest.notice == ("  들여쓴 줄", "논문 소개", "https://discuss.pytorch.kr/")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("이번 주의 주요 ML 논문 (Top ML Papers of the Week)", "2024-10-21-top-ml-papers"),
        ("주요 논문 (LLM Research Highlights)", "2024-10-21-llm-research-highlights"),
        ("Top ML Papers of the Week", "2024-10-21-top-ml-papers"),
        ("이번 주의 주요 ML 논문", "2024-10-21-digest"),
        ("모델(LLMs) 소식 (Café Notes!) (2부)", "2024-10-21-cafe-notes"),
    ],
)
def test_slug(title: str, slug: str) -> None:
    header = [f"[2024/10/21 ~ 10/27] {title}", *HEADER[1:]]

    assert parse_weekly_text(build(entry_lines(), header=header)).slug() == slug


def test_result_is_immutable() -> None:
    digest = parse_weekly_text(SAMPLE)

    with pytest.raises(dataclasses.FrozenInstanceError):
        digest.title = "x"  # type: ignore[misc]
    assert isinstance(digest.entries, tuple)
    assert isinstance(digest.entries[0], ParsedEntry)
    assert isinstance(digest.entries[0].fields, tuple)


# --- errors -------------------------------------------------------------------------------------


def test_error_formatting_and_pickling() -> None:
    located = DigestFormatError("expected X, found 'Y'", line=42)
    unlocated = DigestFormatError("expected X")

    assert str(located) == "line 42: expected X, found 'Y'"
    assert (located.line, located.message) == (42, "expected X, found 'Y'")
    assert str(unlocated) == "expected X"
    assert unlocated.line is None
    assert isinstance(located, ValueError)
    copy = pickle.loads(pickle.dumps(located))  # noqa: S301 - our own object
    assert (copy.line, copy.message, str(copy)) == (42, located.message, str(located))


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n  \n", "\r\n\r\n"])
def test_empty_input(text: str) -> None:
    error = parse_error(text)

    assert error.line == 1
    assert "expected the title line" in error.message
    assert "found end of input" in error.message


def test_missing_title_line() -> None:
    error = parse_error(build(entry_lines(), header=HEADER[1:]))

    assert error.line == 1
    assert (
        error.message == "expected the title line '[YYYY/MM/DD ~ MM/DD] <title>', found 'PyTorchKR'"
    )


def test_missing_publisher() -> None:
    error = parse_error(build(entry_lines(), header=[HEADER[0], *HEADER[2:]]))

    assert error.line == 2
    assert error.message == "expected the publisher line after the title line, found '-'"


def test_missing_title_text() -> None:
    error = parse_error(build(entry_lines(), header=["[2024/10/21 ~ 10/27]", *HEADER[1:]]))

    assert error.line == 1
    assert error.message == "expected a title after the date range"


@pytest.mark.parametrize(
    ("title_line", "expected"),
    [
        (
            "[2024/02/30 ~ 03/05] 주요 논문",
            "expected a real start date (YYYY/MM/DD), found '2024/02/30'",
        ),
        (
            "[2023/02/27 ~ 02/29] 주요 논문",
            "expected a real end date, found '02/29' (read as 2023)",
        ),
        (
            "[2024/13/01 ~ 01/05] 주요 논문",
            "expected a real start date (YYYY/MM/DD), found '2024/13/01'",
        ),
    ],
)
def test_bad_date(title_line: str, expected: str) -> None:
    # Blank lines first: the title is then on line 3 of the file.
    error = parse_error("\n\n" + build(entry_lines(), header=[title_line, *HEADER[1:]]))

    assert error.line == 3
    assert error.message == expected


@pytest.mark.parametrize(
    ("title_line", "found"),
    [
        ("[2024/10/27 ~ 10/21] 주요 논문", "2024-10-21"),
        ("[2024/10/21 ~ 2024/10/20] 주요 논문", "2024-10-20"),
        ("[2025/01/02 ~ 2024/12/30] 주요 논문", "2024-12-30"),
    ],
)
def test_end_date_before_start(title_line: str, found: str) -> None:
    error = parse_error(build(entry_lines(), header=[title_line, *HEADER[1:]]))

    assert error.line == 1
    assert error.message.startswith("expected an end date on or after the start date")
    assert error.message.endswith(f"found {found}")


def test_garbage_where_summary_heading_is_expected() -> None:
    entry = entry_lines()
    entry[1] = "요약"
    text = build(entry_lines(), entry)

    error = parse_error(text)

    assert error.line == 16
    assert line_of(text, "요약") == 16
    assert error.message == "expected a summary heading (논문 소개 or 글 소개), found '요약'"
    assert str(error) == f"line 16: {error.message}"


def test_non_url_after_read_more() -> None:
    text = build(entry_lines(read_more=["더 읽어보기", "x.com 에서 보기"]))

    error = parse_error(text)

    assert error.line == line_of(text, "x.com 에서 보기") == 14
    assert error.message == (
        "expected a URL starting with http:// or https:// after '더 읽어보기' on line 13, "
        "found 'x.com 에서 보기'"
    )


@pytest.mark.parametrize(
    ("link", "bad_line", "found"),
    [
        (["논문 링크", "ftp://example.org/paper.pdf"], 13, "'ftp://example.org/paper.pdf'"),
        (["논문 링크", "www.example.org/paper"], 13, "'www.example.org/paper'"),
        (["논문 링크: arxiv 2410.09713"], 12, "'arxiv 2410.09713'"),
        (["논문 링크 <https://>"], 12, "'<https://>'"),
    ],
)
def test_bad_link_url(link: list[str], bad_line: int, found: str) -> None:
    error = parse_error(build(entry_lines(link=link, read_more=[])))

    assert error.line == bad_line
    assert "expected a URL starting with http:// or https://" in error.message
    assert error.message.endswith(f"found {found}")


def test_korean_summary_followed_by_a_heading() -> None:
    text = build(entry_lines(), entry_lines())
    lines = text.split("\n")
    del lines[17]  # the second entry's English summary
    text = "\n".join(lines)

    error = parse_error(text)

    assert error.line == 18  # the abstract heading that took the English summary's place
    assert error.message == (
        "expected the English summary after line 17, found '논문 초록(Abstract)'"
    )


def test_korean_summary_followed_by_more_korean() -> None:
    entry = entry_lines(abstract_heading=None)
    entry[3] = "두 번째 한국어 문단입니다."

    error = parse_error(build(entry))

    assert error.line == 8
    assert error.message == (
        "expected the English summary after line 7, found Korean text '두 번째 한국어 문단입니다.'"
    )


def test_korean_abstract_without_english_at_end_of_input() -> None:
    text = "\n".join([*HEADER, *entry_lines()[:6]]) + "\n\n\n"

    error = parse_error(text)

    assert error.line == 11  # just after the last non-blank line
    assert error.message == "expected the English abstract after line 10, found end of input"


def test_summary_heading_without_paragraphs() -> None:
    error = parse_error(build(entry_lines()[:2] + entry_lines()[4:]))

    assert error.line == 7
    assert error.message == "expected the Korean summary after line 6, found '논문 초록(Abstract)'"


def test_missing_link_heading() -> None:
    entry = entry_lines()
    entry.remove("논문 링크")

    error = parse_error(build(entry))

    assert error.line == 12
    assert error.message == ("expected a link heading (논문 링크 or 글 링크), found '더 읽어보기'")


def test_stray_line_after_an_entry() -> None:
    text = build(entry_lines(), ["https://x.com/a/status/2"])

    error = parse_error(text)

    assert error.line == 15
    assert error.message == (
        "expected the next entry's title line, 원문, or the end of the file, "
        "found 'https://x.com/a/status/2'"
    )


def test_truncated_entry_without_notice() -> None:
    text = build(entry_lines()[:4], notice=[])

    error = parse_error(text)

    assert error.line == 9
    assert error.message.startswith("expected an abstract heading (논문 초록) or a link heading")
    assert error.message.endswith("found end of input")


@pytest.mark.parametrize(
    ("notice", "found"),
    [(NOTICE, "found '원문'"), ([], "found end of input")],
)
def test_digest_without_entries(notice: list[str], found: str) -> None:
    error = parse_error(build(notice=notice))

    assert error.line == 5
    assert error.message == f"expected an entry title line, {found}"


def test_missing_intro() -> None:
    error = parse_error(build(entry_lines(), header=HEADER[:2]))

    assert error.line == 3
    assert error.message.startswith("expected a '-' line followed by an intro paragraph, found")


def test_dash_without_intro_paragraph() -> None:
    header = [*HEADER[:2], "-", "-", "소개 문단입니다."]

    error = parse_error(build(entry_lines(), header=header))

    assert error.line == 4
    assert error.message == "expected an intro paragraph after the '-' on line 3, found '-'"


def test_error_lines_count_crlf_and_blank_lines_of_the_original() -> None:
    entry = entry_lines()
    entry[1] = "요약"
    text = "\ufeff\r\n" + build(entry).replace("\n", "\r\n\r\n")

    error = parse_error(text)

    # "요약" is line 6 of build(); each line now takes two, after one leading blank line.
    assert error.line == 1 + 2 * (6 - 1) + 1
    assert "expected a summary heading" in error.message


def test_long_found_text_is_shortened() -> None:
    entry = entry_lines()
    entry[1] = "가" * 200

    message = parse_error(build(entry)).message

    assert message.endswith("found '" + "가" * 59 + "…'")


@pytest.mark.parametrize(
    ("line", "text", "column"),
    [
        pytest.param(5, "에이전트\x00 정보 검색 / Agentic Information Retrieval", 5, id="title"),
        pytest.param(8, "An English\x00 summary.", 11, id="english"),
        pytest.param(3, "\x00", 1, id="alone-where-a-dash-belongs"),
        pytest.param(17, "- 이 글은\x00", 7, id="notice"),
    ],
)
def test_a_nul_character_anywhere_is_an_error_naming_line_and_column(
    line: int, text: str, column: int
) -> None:
    lines = build(entry_lines()).split("\n")
    lines[line - 1] = text

    error = parse_error("\n".join(lines))

    assert error.line == line
    assert error.message == f"found a NUL character (U+0000) in column {column}"


def test_lines_of_header_and_urls_are_recorded_but_not_compared() -> None:
    text = build(entry_lines(link=["논문 링크", "https://arxiv.org/abs/1"]))
    digest = parse_weekly_text(text)

    assert (digest.title_line, digest.publisher_line, digest.intro_lines) == (1, 2, (4,))
    entry = digest.entries[0]
    assert (entry.source_url_line, entry.read_more_url_line) == (
        line_of(text, "https://arxiv.org/abs/1"),
        line_of(text, "https://x.com/a/status/1"),
    )
    # Only the entry's own line is part of it (see without_lines); the others are not.
    assert without_lines(parse_weekly_text("\n\n" + text)) == without_lines(digest)


# --- values too large to store: the checks digest/1 JSON goes through -----------------------


def weekly_data(text: str):
    from digest.interchange import from_weekly

    return from_weekly(parse_weekly_text(text))


@pytest.mark.parametrize(
    ("header", "entry", "error"),
    [
        pytest.param(
            ["[2024/10/21 ~ 10/27] " + "가" * 280, *HEADER[1:]],
            entry_lines(),
            "line 1 (title): longer than 300 characters",
            id="title",
        ),
        pytest.param(
            [HEADER[0], "PyTorchKR " * 13, *HEADER[2:]],
            entry_lines(),
            "line 2 (publisher): longer than 120 characters",
            id="publisher",
        ),
        pytest.param(
            ["[2024/10/21 ~ 10/27] 이번 주의 논문 (" + "Papers " * 20 + ")", *HEADER[1:]],
            entry_lines(),
            "line 1 (title), the slug made from it: longer than 120 characters",
            id="slug",
        ),
        pytest.param(
            HEADER,
            entry_lines(link=["논문 링크 https://arxiv.org/" + "a" * 500]),
            "line 12 (link): longer than 500 characters",
            id="link",
        ),
    ],
)
def test_values_too_long_for_the_database_name_their_line(
    header: list[str], entry: list[str], error: str
) -> None:
    from digest.interchange import InterchangeError

    with pytest.raises(InterchangeError) as info:
        weekly_data(build(entry, header=header))

    assert str(info.value) == error


def test_a_title_of_the_longest_storable_length_is_accepted() -> None:
    title = "[2024/10/21 ~ 10/27] " + "가" * (300 - 21)

    assert weekly_data(build(entry_lines(), header=[title, *HEADER[1:]])).title == title


def test_the_writer_gives_back_what_the_reader_read():
    from digest.weekly_format import format_weekly_text

    parsed = parse_weekly_text(SAMPLE)
    assert parse_weekly_text(format_weekly_text(parsed)) == parsed


def test_a_post_to_translate_is_read_without_korean_and_refuses_korean_paragraphs():
    english = (
        "[2024/10/28 ~ 11/03] Top ML Papers of the Week\nPyTorchKR\n-\nAn intro.\n"
        "Agentic IR\n논문 소개\nAgents retrieve.\n논문 링크\nhttps://arxiv.org/abs/2410.09713\n"
    )
    parsed = parse_weekly_text(english, english_only=True)
    assert [(f.name, f.source, f.target) for f in parsed.entries[0].fields] == [
        ("title", "Agentic IR", ""),
        ("summary", "Agents retrieve.", ""),
    ]
    with pytest.raises(DigestFormatError) as error:
        parse_weekly_text(
            english.replace("Agents retrieve.", "에이전트가 검색합니다."), english_only=True
        )
    assert error.value.line == 7 and "has no Korean" in str(error.value)


def test_the_writer_refuses_a_title_the_reader_would_split_elsewhere():
    import dataclasses

    from digest.weekly_format import DigestFormatError, format_weekly_text

    parsed = parse_weekly_text(SAMPLE)
    first = parsed.entries[0]

    def with_title(korean, english):
        title = dataclasses.replace(first.fields[0], target=korean, source=english)
        entry = dataclasses.replace(first, fields=(title, *first.fields[1:]))
        return dataclasses.replace(parsed, entries=(entry, *parsed.entries[1:]))

    # Hangul on the Korean side tells the halves apart, slashes and all.
    kept = with_title("입력 / 출력 정렬", "Input / Output Alignment")
    assert parse_weekly_text(format_weekly_text(kept)) == kept
    with pytest.raises(DigestFormatError, match=r"title of entry 1 .* split at a different"):
        format_weekly_text(with_title("GPT-4o / o1", "GPT-4o / o1"))
    with pytest.raises(DigestFormatError, match=r"title of entry 1 .* split at a different"):
        format_weekly_text(with_title("검색 증강 생성 / RAG", None))
    # Spaces around the halves are the reader's to drop, not a reason to refuse.
    spaced = with_title("트랜스포머 ", "Transformers ")
    assert parse_weekly_text(format_weekly_text(spaced)).entries[0].fields[0].source == (
        "Transformers"
    )

"""Reads a digest file in either supported format into `DigestData`."""

import json
import re
from pathlib import Path

from .interchange import DigestData, InterchangeError, from_json, from_weekly
from .weekly_format import DigestFormatError, parse_weekly_text


class DigestFileError(ValueError):
    """A file that cannot be imported; the message names the file and the line or JSON path."""


def load_digest_file(path: Path) -> list[DigestData]:
    """Read one weekly post, one `digest/1` document, or a JSON list of them (`export --all`)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DigestFileError(f"{path}: cannot read the file ({error.strerror}).") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DigestFileError(
            f"{path}: not UTF-8 text (byte {error.start} cannot be decoded)."
        ) from error
    if _looks_like_json(text):
        nul = text.find("\x00")
        if nul >= 0:
            line = text.count("\n", 0, nul) + 1
            column = nul - text.rfind("\n", 0, nul)
            raise DigestFileError(
                f"{path}: line {line}, column {column}: a NUL character (U+0000), which "
                "neither JSON nor the database accepts."
            )
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise DigestFileError(
                f"{path}: line {error.lineno}, column {error.colno}: invalid JSON ({error.msg})."
            ) from error
        except RecursionError as error:
            # Python's decoder recurses once per level of nesting; a digest nests a few.
            raise DigestFileError(
                f"{path}: invalid JSON (lists and objects nest too deeply)."
            ) from error
        except ValueError as error:  # an integer of more digits than Python converts
            raise DigestFileError(f"{path}: invalid JSON ({error}).") from error
        try:
            if isinstance(document, list):
                return [_from_json_item(item, f"$[{i}]") for i, item in enumerate(document)]
            return [from_json(document)]
        except InterchangeError as error:
            raise DigestFileError(f"{path}: {error}") from error
    try:
        return [from_weekly(parse_weekly_text(text))]
    except (DigestFormatError, InterchangeError) as error:
        raise DigestFileError(f"{path}: {error}") from error


def _looks_like_json(text: str) -> bool:
    # A weekly post also starts with "[" (its date range), so a list must open with an object.
    return bool(re.match(r"\s*(\{|\[\s*[{\]])", text))


def _from_json_item(item, path: str) -> DigestData:
    try:
        return from_json(item)
    except InterchangeError as error:
        raise InterchangeError(error.message, path=path + error.path.removeprefix("$")) from None

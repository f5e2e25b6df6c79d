"""Small text helpers shared by import, export, diffs and checks."""

import unicodedata


def normalize_text(text: str) -> str:
    """Return text in NFC with runs of whitespace collapsed to single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())

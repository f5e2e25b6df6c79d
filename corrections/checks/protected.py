"""Tokens that a translation must copy byte for byte.

URLs, e-mail addresses, code spans, LaTeX, arXiv identifiers and GitHub
``owner/repo`` references are not language: a machine translation that
touches them breaks a link or a formula. The ``preserve`` check compares them
between source and target, and the ``numbers`` check masks them so that the
digits inside them are not read as quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class TokenKind(StrEnum):
    """The families of protected tokens, named as they appear in messages."""

    CODE = "code span"
    LATEX = "LaTeX"
    URL = "URL"
    EMAIL = "e-mail address"
    ARXIV = "arXiv id"
    GITHUB = "GitHub reference"


@dataclass(frozen=True)
class Protected:
    """One protected token: its family, the exact text and its span."""

    kind: TokenKind
    text: str
    span: tuple[int, int]


# Hangul ends a URL because Korean particles attach directly to the preceding
# token ("https://x.com/a에서"), and a URL itself never contains Hangul unescaped.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_CODE = re.compile(r"```.+?```|`[^`\n]+`", re.DOTALL)
_LATEX_DISPLAY = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)", re.DOTALL)
# Inline math follows the rule pandoc uses to tell math from prices: the
# opening dollar is followed by a non-space, the closing one is preceded by a
# non-space and not followed by a digit, so "$5 to $10" is not math.
_LATEX_INLINE = re.compile(r"\$(?=\S)[^$\n]*?(?<=\S)\$(?!\d)")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+(?:\{[^{}\n]*\})*")
# A new-style arXiv id is YYMM.NNNNN; checking the month keeps four-decimal
# numbers such as 1234.5678 from being taken for identifiers.
_ARXIV = re.compile(
    r"(?<![A-Za-z0-9.])(?:arXiv:\s?)?\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}(?:v\d+)?(?![0-9])"
)
# A bare "owner/repo" is only trusted after an explicit "GitHub -" label or a
# scheme-less "github.com/", because phrases such as "and/or" look the same.
_GITHUB = re.compile(
    r"(?:(?i:github)\s*[-–—:]\s*|(?i:github\.com)/)"
    r"(?P<ref>[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9_.-]*[A-Za-z0-9_-])"
)

_TRAILING = ".,;:!?'\"]}>"

# The order matters: earlier families win when two patterns overlap, so a
# URL that contains an arXiv id is kept whole.
_PATTERNS: tuple[tuple[TokenKind, re.Pattern[str]], ...] = (
    (TokenKind.CODE, _CODE),
    (TokenKind.LATEX, _LATEX_DISPLAY),
    (TokenKind.URL, _URL),
    (TokenKind.EMAIL, _EMAIL),
    (TokenKind.LATEX, _LATEX_INLINE),
    (TokenKind.ARXIV, _ARXIV),
    (TokenKind.GITHUB, _GITHUB),
    (TokenKind.LATEX, _LATEX_COMMAND),
)


def _trim_url(text: str) -> str:
    """Drop sentence punctuation that ends up glued to the end of a URL.

    A closing parenthesis is kept only when the URL opened one itself, as in
    Wikipedia links.
    """
    while text:
        last = text[-1]
        if last in _TRAILING or (last == ")" and text.count("(") < text.count(")")):
            text = text[:-1]
        else:
            break
    return text


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Tell whether ``span`` intersects any span already claimed."""
    start, end = span
    return any(start < t_end and t_start < end for t_start, t_end in taken)


def find_protected(text: str) -> list[Protected]:
    """Return the protected tokens of ``text`` in reading order."""
    found: list[Protected] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            group = "ref" if kind is TokenKind.GITHUB else 0
            start, end = match.span(group)
            token = match.group(group)
            if kind in (TokenKind.URL, TokenKind.GITHUB):
                token = _trim_url(token)
                end = start + len(token)
            if kind is TokenKind.ARXIV and token.startswith("arXiv:"):
                # The label may be localised; only the identifier must survive.
                offset = len(token) - len(token[6:].lstrip())
                start, token = start + offset, token[offset:]
            if not token or _overlaps((start, end), taken):
                continue
            taken.append((start, end))
            found.append(Protected(kind, token, (start, end)))
    found.sort(key=lambda item: item.span)
    return found


# A file path: rooted ("/etc/x", "./run.sh", "~/data") or relative with a file extension
# ("configs/agent.yaml", "agent.py"). A bare "a/b" is not trusted, because "and/or" and
# "encoder/decoder" are words.
_PATH = re.compile(
    r"(?<![\w/.\\-])(?:(?:~|\.{1,2})?/[\w.-]+(?:/[\w.-]*)*"
    r"|(?:[\w-]+/)*[\w-]+\.(?:py|ipynb|ya?ml|json|jsonl|toml|cfg|ini|md|txt|csv|tsv|sh|js|ts"
    r"|rs|go|java|cpp|cc|[ch]|html|css|pt|pth|bin|ckpt|safetensors|onnx|gguf|h5|pkl|parquet"
    r"|log|zip|gz|tar))(?![\w/])"
)
# Identifiers of code written without backticks: snake_case, and dotted names called or
# imported ("agent.run()", "transformers.AutoModel").
_IDENTIFIER = re.compile(
    r"(?<![\w.])(?:[A-Za-z]\w*_\w+|[A-Za-z_]\w+(?:\.[A-Za-z_]\w+)+(?:\(\))?|[A-Za-z_]\w*\(\))"
    r"(?![\w(])"
)


# The glossary and length checks ask about the same source, and pages check the same
# sentences again and again.
@lru_cache(maxsize=4096)
def find_untranslatable(text: str) -> tuple[tuple[int, int], ...]:
    """Return the spans of ``text`` that are not language: protected tokens, paths and code.

    The glossary and length checks leave these out, because a term inside a file name or
    a code span is not a use of the term, and such text is copied rather than translated.
    """
    spans = [token.span for token in find_protected(text)]
    for pattern in (_PATH, _IDENTIFIER):
        for match in pattern.finditer(text):
            if not _overlaps(match.span(), spans):
                spans.append(match.span())
    return tuple(sorted(spans))

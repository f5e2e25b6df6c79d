"""The ``preserve`` check: URLs, code, math, identifiers and names are copied exactly.

Each protected token of the source (see :mod:`protected`: URLs, e-mail addresses, code,
LaTeX, arXiv ids, GitHub references), each citation mark ("[12]"), version ("v2.1",
"3.0.1"), handle ("@omarsar0") and DOI must occur byte for byte in the target; a
missing one is an ``error``, since a changed link or formula is broken whatever the
reason. Names that carry digits or inner capitals ("Qwen2.5-7B-Instruct", "LongRAG",
"snake_case") are reported when the target holds an altered copy: re-cased
("LongRag"), re-punctuated ("GPT4o") or with other digits ("Llama-3.2-8B"). Such a
name is not reported merely for being absent, since Korean may transliterate a
product ("딥마인드") or say "이 모델"; only a digit-bearing model name whose letters
and digits are both gone is worth a warning.

When the altered copy is found, the finding points at it and its ``fix`` is the target
with the source token put back in its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from corrections.checks.base import CheckContext, Finding, Severity, gettext_noop
from corrections.checks.protected import TokenKind, find_protected

CODE = "preserve"


class _Family(StrEnum):
    """Token families that only this check protects."""

    CITATION = "citation"
    VERSION = "version"
    HANDLE = "handle"
    DOI = "doi"
    FORMULA = "formula"
    FILE = "file"
    REPO = "repository"
    MODEL = "model"
    ACRONYM = "acronym"
    NAME = "name"


@dataclass(frozen=True)
class _Token:
    family: TokenKind | _Family
    text: str
    span: tuple[int, int]


_CITATION = re.compile(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")
_VERSION = re.compile(
    r"(?<![A-Za-z0-9.])(?:v\d+(?:\.\d+)+|v\d+(?![A-Za-z0-9])|\d+\.\d+\.\d+)(?![0-9])"
)
# Math outside LaTeX: big-O terms, powers and subscripts, and settings such as "k=5".
_FORMULA = re.compile(
    r"(?<![A-Za-z0-9])(?:[OΘΩ]\([^()\s]*(?:\([^()\s]*\))?[^()\s]*\)"
    r"|[A-Za-z][A-Za-z0-9]*\^\{?[A-Za-z0-9+\-]+\}?"
    r"|[A-Za-z][A-Za-z0-9_]*\s?=\s?-?[0-9.]*[0-9](?:e-?[0-9]+)?)"
)
_FILE = re.compile(
    r"(?<![A-Za-z0-9_./-])[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*\.(?:py|ipynb|jsonl|json|yaml|yml"
    r"|toml|txt|md|csv|tsv|sh|js|ts|cpp|rs|go|pth|pt|bin|safetensors|gguf|onnx|parquet)"
    r"(?![A-Za-z0-9])"
)
# "owner/repo" without a GitHub label: trusted only when the target holds an altered
# copy, since "train/test" and "and/or" look the same and are rightly translated.
_REPO = re.compile(
    r"(?<![A-Za-z0-9_./@-])[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9](?![/\w])"
)
# A name written as words and a version: "Claude 3.5 Sonnet", "Llama 3.1", "Gemma 2".
_MODEL = re.compile(
    r"(?<![A-Za-z0-9\-])(?P<word>[A-Z][A-Za-z]*[a-z][A-Za-z]*) (?P<version>\d{1,2}(?:\.\d+){0,2})"
    r"(?![0-9A-Za-z%×]|\.[0-9]|,[0-9]|\s?(?:x\b|-?fold|percent|times|points?|hundred|thousand"
    r"|million|billion|trillion|decades?|years?|months?|weeks?|days?|hours?|minutes?|seconds?"
    r"|GPUs?|tokens?|languages?|tasks?|models?|samples?|examples?|steps?|layers?))"
)
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,}(?![A-Za-z0-9])")
_HANDLE = re.compile(r"(?<![A-Za-z0-9_@.])@[A-Za-z0-9_]{2,}")
_DOI = re.compile(r"(?<![A-Za-z0-9])10\.\d{4,9}/[^\s가-힣]+")
# A name-like token: letters and digits joined by -, _, . or +; it counts as a name when
# it carries a digit after a letter, an underscore, or a capital after a small letter.
_NAME = re.compile(
    r"(?<![A-Za-z0-9_\-.+/@])[A-Za-z][A-Za-z0-9]*(?:[-_.+][A-Za-z0-9]+)*(?![A-Za-z0-9_])"
)
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_LETTER_THEN_DIGIT = re.compile(r"[A-Za-z][-_.]?\d")
# A chunk of the target that is not Korean: an altered copy lies inside one.
_CHUNK = re.compile(r"[^\s가-힣]+")
_EDGE = "\"'“”‘’()[]{}<>,.;:!?«»「」『』"
_KEY_DROP = re.compile(r"[^0-9a-z]")
_SCHEME = re.compile(r"^(?:https?://)?(?:www\.)?")

# Words before a number that make an ordinary phrase, not a name ("top-1", "Q3").
_ORDINARY_STEMS: frozenset[str] = frozenset(
    {
        "top", "pass", "rank", "step", "steps", "layer", "stage", "table", "fig", "figure",
        "sec", "section", "eq", "version", "phase", "epoch", "round", "level", "type",
        "covid", "co", "no", "vol", "ch", "appendix", "part", "day", "week", "year", "k",
        "n", "x", "q", "fp", "bf", "int", "float", "rouge", "bleu", "f", "recall", "hit",
        "ndcg", "mrr", "map", "acc", "em", "p", "r", "at",
    }
)  # fmt: skip
_MIN_NAME_LETTERS = 2
_MIN_NAME_LENGTH = 3
_MIN_SIMILARITY = 0.8
# Capitalised words before a number that begin a phrase, not a model name ("Since 2022").
_NOT_MODEL_WORDS: frozenset[str] = frozenset(
    {
        "About", "After", "Around", "Before", "Between", "By", "Chapter", "Day", "Epoch",
        "Eq", "Equation", "Example", "Fig", "Figure", "For", "From", "In", "Level", "Nearly",
        "Of", "On", "Only", "Over", "Page", "Part", "Phase", "Round", "Section", "Since",
        "Stage", "Step", "Table", "Task", "The", "Top", "Under", "Until", "Up", "Version",
        "Week", "With", "Within", "Year", "Appendix", "Algorithm", "Theorem", "Lemma", "Line",
        "Layer", "Rank", "Tier", "Type", "Group", "Case", "Question",
    }
)  # fmt: skip
_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_CAPITAL_RUN = re.compile(r"[A-Z]{2,}")
# Brands that Korean prose writes in Hangul ("깃허브", "파이토치"), so that their absence
# in Latin letters is no loss.
_TRANSLITERATED: frozenset[str] = frozenset(
    {
        "deepmind", "openai", "github", "pytorch", "tensorflow", "youtube", "linkedin",
        "iphone", "ipad", "chatgpt", "javascript", "typescript", "powerpoint", "whatsapp",
        "deepseek", "huggingface", "paypal", "playstation", "macbook", "macos", "ios",
        "xai", "mistralai", "tiktok", "wechat", "bytedance", "nvidia", "alphago",
        "alphafold", "alphazero", "openreview", "arxiv", "facebook", "instagram",
    }
)  # fmt: skip
_LEADING_LETTERS = re.compile(r"[A-Za-z]+")

_FORMULA_WHY = gettext_noop("A formula is copied as written; a changed one means another thing.")
_LINK_WHY = gettext_noop(
    "A link or a repository is copied as written; a changed one leads nowhere."
)
_WHY: dict[TokenKind | _Family, str] = {
    TokenKind.CODE: gettext_noop("Code is copied as written; a changed code span no longer runs."),
    TokenKind.LATEX: _FORMULA_WHY,
    TokenKind.URL: _LINK_WHY,
    TokenKind.EMAIL: gettext_noop("An e-mail address is copied as written, or mail goes astray."),
    TokenKind.ARXIV: gettext_noop("An arXiv id names one paper; a changed one names another."),
    TokenKind.GITHUB: _LINK_WHY,
    _Family.CITATION: gettext_noop("A citation mark points to one reference; keep it as written."),
    _Family.VERSION: gettext_noop("A version number names one release; another names another."),
    _Family.HANDLE: gettext_noop("A handle names one account and is copied as written."),
    _Family.DOI: gettext_noop("A DOI names one publication; a changed one leads nowhere."),
    _Family.FORMULA: _FORMULA_WHY,
    _Family.FILE: gettext_noop("A file name is copied as written, or the file cannot be found."),
    _Family.REPO: _LINK_WHY,
    _Family.MODEL: gettext_noop("A model's version is copied exactly; another is another model."),
    _Family.ACRONYM: gettext_noop("An acronym is copied in its own capitals."),
    _Family.NAME: gettext_noop(
        "Model, dataset and code names are copied with their exact letters, case and digits."
    ),
}

_SAME_FAMILY_COPIES = frozenset(
    {
        *TokenKind,
        _Family.CITATION,
        _Family.VERSION,
        _Family.HANDLE,
        _Family.DOI,
        _Family.FILE,
        _Family.FORMULA,
    }
)
# Families in which another token is the altered copy only when it is the only one.
_SINGLE_CANDIDATE = frozenset({_Family.VERSION, _Family.FORMULA})
_REPORTED_ONLY_WHEN_ALTERED = frozenset(
    {_Family.NAME, _Family.FORMULA, _Family.REPO, _Family.MODEL, _Family.ACRONYM}
)
_ALTERED = gettext_noop("'%(token)s' is written as '%(altered)s'; copy it exactly")
_MISSING = gettext_noop("'%(token)s' is missing from the target")


def _key(text: str) -> str:
    """The token with case, scheme and punctuation ignored: "GPT-4o" and "gpt4o" agree."""
    return _KEY_DROP.sub("", _SCHEME.sub("", text.casefold()).removeprefix("arxiv"))


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if "a" <= char <= "z")


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _is_name(token: str) -> bool:
    """Tell whether a word is an identifier or a model name rather than an ordinary word.

    "H100" and "x86" are names; "Q3" and "top-1" are ordinary phrases.
    """
    if not ("_" in token or _INNER_CAPITAL.search(token) or _LETTER_THEN_DIGIT.search(token)):
        return False
    stem = _LEADING_LETTERS.match(token)
    if stem is None or stem.group().casefold() in _ORDINARY_STEMS:
        return False
    return len(_letters(token)) >= _MIN_NAME_LETTERS or len(token) >= _MIN_NAME_LENGTH


def _tokens(text: str) -> list[_Token]:
    """Every token of ``text`` that the target must copy, in reading order."""
    found = [_Token(token.kind, token.text, token.span) for token in find_protected(text)]
    masked = list(text)
    for token in found:
        masked[token.span[0] : token.span[1]] = "\x00" * (token.span[1] - token.span[0])
    rest = "".join(masked)
    taken: list[tuple[int, int]] = []
    for family, pattern in (
        (_Family.DOI, _DOI),
        (_Family.CITATION, _CITATION),
        (_Family.FORMULA, _FORMULA),
        (_Family.HANDLE, _HANDLE),
        (_Family.FILE, _FILE),
        (_Family.REPO, _REPO),
        (_Family.MODEL, _MODEL),
        (_Family.VERSION, _VERSION),
        (_Family.NAME, _NAME),
        (_Family.ACRONYM, _ACRONYM),
    ):
        for match in pattern.finditer(rest):
            span, word = match.span(), match.group().rstrip(".")
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            if family is _Family.MODEL and match.group("word") in _NOT_MODEL_WORDS:
                continue
            if family is _Family.NAME:
                # "8 A100s" is the plural of the name A100, which Korean writes bare.
                if word[-1] == "s" and word[-2:-1].isdigit():
                    word = word[:-1]
                if not _is_name(word):
                    continue
            taken.append(span)
            found.append(_Token(family, word, (span[0], span[0] + len(word))))
    found.sort(key=lambda token: token.span)
    return found


def _present(token: _Token, target: str) -> bool:
    """Tell whether the target holds the token as written (a version also as bare digits)."""
    if token.text in target:
        return True
    if token.family in (_Family.CITATION, _Family.FORMULA):
        return token.text.replace(" ", "") in target.replace(" ", "")
    if token.family is _Family.MODEL:
        # "Claude 3.5 Sonnet" may be "Claude 3.5 소네트", "Gemma 2" may be "젬마 2".
        version = token.text.split(" ")[1]
        return bool(re.search(rf"(?<![0-9.]){re.escape(version)}(?![0-9]|\.[0-9])", target))
    if token.family is _Family.VERSION and token.text.startswith("v"):
        # "v2.1" may be written "버전 2.1".
        return bool(re.search(rf"(?<![0-9.]){re.escape(token.text[1:])}(?![0-9]|\.[0-9])", target))
    return False


def _chunks(target: str) -> list[_Token]:
    """The target's non-Korean chunks, without the punctuation of the sentence around them.

    A closing bracket stays when the chunk opened one itself: "O(n2)", not "O(n2".
    """
    chunks = []
    for match in _CHUNK.finditer(target):
        text = match.group()
        start = match.start()
        while text and (text[0] in _EDGE and not (text[0] in "([{" and _closes(text, text[0]))):
            text, start = text[1:], start + 1
        while text and text[-1] in _EDGE and not _opened(text, text[-1]):
            text = text[:-1]
        if text:
            chunks.append(_Token(_Family.NAME, text, (start, start + len(text))))
    return chunks


_PAIRS = {"(": ")", "[": "]", "{": "}"}


def _closes(text: str, opener: str) -> bool:
    return text.count(_PAIRS[opener]) >= text.count(opener)


def _opened(text: str, closer: str) -> bool:
    opener = next((o for o, c in _PAIRS.items() if c == closer), None)
    return opener is not None and text.count(opener) >= text.count(closer)


def _altered_copy(
    token: _Token, target: str, source: set[str], target_tokens: list[_Token], chunks: list[_Token]
) -> _Token | None:
    """Return the target's altered copy of ``token``, if it can be told apart.

    ``target_tokens`` and ``chunks`` hold only what no earlier finding has claimed.
    """
    target_tokens = [t for t in target_tokens if t.text not in source]
    if token.family in _SAME_FAMILY_COPIES:
        same_family = [t for t in target_tokens if t.family is token.family]
        if len(same_family) == 1 or (same_family and token.family not in _SINGLE_CANDIDATE):
            return same_family[0]
    if token.family is _Family.MODEL:
        return _other_version(token, target)
    key = _key(token.text)
    for chunk in chunks:
        if chunk.text not in source and _key(chunk.text) == key:
            return chunk
    if token.family is _Family.REPO:
        candidates = [c for c in chunks if "/" in c.text and c.text not in source]
    elif token.family is _Family.NAME:
        candidates = [t for t in target_tokens if t.family is _Family.NAME]
        if _digits(token.text):
            letters = _letters(token.text)
            for candidate in candidates:
                if _letters(candidate.text) == letters:
                    return candidate
    else:
        return None
    # A name with a letter dropped or added ("max_new_token") is the same name misspelt.
    best = max(candidates, key=lambda t: _similarity(t.text, token.text), default=None)
    if best is not None and _similarity(best.text, token.text) >= _MIN_SIMILARITY:
        return best
    return None


def _other_version(token: _Token, target: str) -> _Token | None:
    """Find the model's name in the target with another version ("Claude 3 Sonnet")."""
    word, _, rest = token.text.partition(" ")
    version = rest.split(" ")[0]
    pattern = rf"(?i)(?<![A-Za-z]){re.escape(word)}[ -]?(\d+(?:\.\d+)*)(?![0-9])"
    for match in re.finditer(pattern, target):
        if match.group(1) != version:
            start = match.start()
            return _Token(_Family.MODEL, match.group(), (start, match.end()))
    return None


def _replacement(token: _Token) -> str:
    """What the fix writes over the altered copy: a model's name and version only."""
    if token.family is _Family.MODEL:
        word, _, rest = token.text.partition(" ")
        return f"{word} {rest.split(' ')[0]}"
    return token.text


def _similarity(first: str, second: str) -> float:
    return SequenceMatcher(None, first.casefold(), second.casefold()).ratio()


def _dropped_name(token: _Token, target: str) -> bool:
    """Tell whether a name left no trace in the target.

    A digit-bearing name ("Qwen2.5-7B") is gone when neither its letters nor its first
    number remain ("라마 3.1" keeps the number); a name with inner capitals ("HumanEval")
    when no part of it in capitals remains ("오픈AI" keeps "AI") and it is not a brand that
    Korean usually transliterates ("딥마인드").
    """
    text = token.text
    stem = _LEADING_LETTERS.match(text)
    if stem is None or stem.group().casefold() in target.casefold():
        return False
    head = text.split("-")[0]
    if head != text and _is_name(head) and head in target:
        # "CoT-guided" may become "CoT 가이드".
        return False
    number = _NUMBER.search(text)
    if number is not None and _LETTER_THEN_DIGIT.search(text):
        return not re.search(rf"(?<![0-9.]){re.escape(number.group())}(?![0-9])", target)
    if not _INNER_CAPITAL.search(text) or text.casefold() in _TRANSLITERATED:
        return False
    return not any(part in target for part in _CAPITAL_RUN.findall(text))


def check_preserve(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Report source tokens that the target does not copy verbatim."""
    del context  # The check needs no digest-wide knowledge.
    source_tokens = _tokens(source)
    if not source_tokens:
        return []
    source_texts = {token.text for token in source_tokens}
    target_tokens = _tokens(target)
    chunks = _chunks(target)
    findings: list[Finding] = []
    reported: set[str] = set()
    for token in source_tokens:
        if token.text in reported or _present(token, target):
            continue
        reported.add(token.text)
        altered = _altered_copy(token, target, source_texts, target_tokens, chunks)
        why = _WHY[token.family]
        if altered is not None:
            target_tokens = [t for t in target_tokens if t.span != altered.span]
            chunks = [c for c in chunks if c.span != altered.span]
            start, end = altered.span
            findings.append(
                Finding(
                    CODE,
                    Severity.ERROR,
                    _ALTERED,
                    altered.span,
                    params={"token": token.text, "altered": altered.text},
                    why=why,
                    fix=target[:start] + _replacement(token) + target[end:],
                )
            )
        elif token.family not in _REPORTED_ONLY_WHEN_ALTERED:
            findings.append(
                Finding(CODE, Severity.ERROR, _MISSING, None, params={"token": token.text}, why=why)
            )
        elif _dropped_name(token, target):
            findings.append(
                Finding(
                    CODE, Severity.WARNING, _MISSING, None, params={"token": token.text}, why=why
                )
            )
    return findings

"""The term renderings an accepted correction changed, aligned to the English they render.

A correction that replaces "변압기는" with "트랜스포머는" in a sentence whose English says
"Transformer" changed how one term is rendered: :func:`term_changes` returns
``TermChange("Transformer", "변압기", "트랜스포머")``. Glossary candidates are mined from
such changes (corrections.services.glossary_candidates), so the function is built to be
right when it speaks and to say nothing otherwise: whole-sentence rewrites, changed word
order, particle fixes and changes it cannot tie to exactly one English term give ``[]``.

The Korean is compared word by word (words are separated by spaces); a changed run of at
most a few words is one change, with the particle or copula both sides end in taken off.
The English term is found, in this order, from

1. the glossary: a term of the source whose known renderings include the old or the new
   Korean;
2. the Korean itself, when one side is the English word copied in Latin script;
3. the source's only technical token (a capitalised word, an acronym, a name with digits)
   that the corrected Korean neither copies nor renders with a known rendering, when the
   correction made exactly one change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from corrections.checks.glossary import source_pattern


@dataclass(frozen=True)
class TermChange:
    source_term: str
    old: str
    new: str


# A change longer than this many words on either side is a rewrite, not a rendering.
_MAX_WORDS = 3
# At least this share of the words of each side must stay as they were.
_MIN_KEPT = 0.5
_MAX_CHANGES = 3

# Endings a noun carries inside its word: the plural 들, then a particle or the copula.
# Both sides must end in one of them (the same one, or the two forms of one particle).
_ENDINGS = sorted(
    (
        "에서는", "에서도", "에게서", "에서의", "으로는", "으로서", "으로써", "이라는", "이라고",
        "입니다", "이었다", "이며", "이고", "이다", "이란", "에서", "에게", "에는", "에도", "으로",
        "로는", "로서", "로써", "까지", "부터", "보다", "처럼", "만큼", "라는", "라고", "이나",
        "과의", "와의", "과는", "와는", "에의", "였다", "은", "는", "이", "가", "을", "를", "의",
        "에", "와", "과", "로", "도", "만", "나", "란",
    ),
    key=len,
    reverse=True,
)  # fmt: skip
# Particles that are also the last syllable of many nouns ("속도", "결과", "정의", "차이").
_NOUN_FINAL = frozenset({"이", "가", "도", "과", "의", "로", "나", "만", "에", "란"})
# The two forms of one particle, chosen by the final sound of the noun before it.
_PAIRED = {
    frozenset(pair)
    for pair in (("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("으로", "로"),
                 ("으로는", "로는"), ("으로서", "로서"), ("으로써", "로써"), ("이라는", "라는"),
                 ("이라고", "라고"), ("과의", "와의"), ("과는", "와는"), ("이나", "나"),
                 ("이란", "란"), ("이었다", "였다"))
}  # fmt: skip
# A changed word that ends like a verb or an adjective is not a noun of the glossary.
_PREDICATE = re.compile(
    r"(?:다|요|하|한|할|함|해|했|합|되|된|될|됨|됩|돼|됐|하는|되는|하여|하고|되어|되고|시켜"
    r"|시킨|시키는|적으로|하게|되게|게|고|며|서|지|면|으며|어|아|았|었|겠|니다)$"
)
_PUNCTUATION = "\"'“”‘’()[]{}<>「」『』.,;:!?…·"
_HANGUL = re.compile(r"[가-힣]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
# Capitalised words that start English sentences and name nothing.
_FUNCTION_WORDS = frozenset(
    {
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "we", "our", "they",
        "their", "he", "she", "his", "her", "i", "you", "your", "in", "on", "at", "to", "for",
        "from", "by", "with", "as", "of", "and", "or", "but", "if", "when", "while", "where",
        "which", "who", "what", "how", "why", "however", "moreover", "furthermore", "finally",
        "first", "second", "third", "then", "thus", "therefore", "also", "here", "there", "each",
        "every", "all", "both", "many", "most", "some", "such", "other", "another", "one", "two",
        "three", "unlike", "although", "though", "because", "since", "after", "before", "during",
        "despite", "given", "using", "based", "compared"
    }
)  # fmt: skip


def _plain(text: str) -> str:
    return "".join(text.split())


def _words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def _bare(word: str) -> str:
    return word.strip(_PUNCTUATION)


def _ending(word: str) -> str:
    """The particle or copula ``word`` ends in, if what is left is still a word."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            return ending
    return ""


def _strip_endings(old: list[str], new: list[str]) -> tuple[str, str] | None:
    """The changed words without the ending both sides share; None when they differ.

    Only the last word of a run carries the particle. "변압기는"/"트랜스포머는" share 는,
    "모형을"/"모델을" share 을, "모형을"/"트랜스포머를" take the two forms of 을/를.
    """
    old = [_bare(word) for word in old]
    new = [_bare(word) for word in new]
    if not all(old) or not all(new):
        return None
    last_old, last_new = old[-1], new[-1]
    if last_old.endswith("들") != last_new.endswith("들"):
        return None
    a, b = _ending(last_old), _ending(last_new)
    paired = a != b and frozenset((a, b)) in _PAIRED
    if a != b and not paired:
        # A particle on one side only: unless it is a syllable nouns also end in
        # ("속도", "평가"), the correction changed the sentence's structure.
        if (a and a not in _NOUN_FINAL) or (b and b not in _NOUN_FINAL) or (a and b):
            return None
        a = b = ""
    if a and not paired and a in _NOUN_FINAL and min(len(last_old), len(last_new)) <= 2:
        # "결과"/"성과" end in the same syllable, which is part of each noun.
        a = b = ""
    if a:
        last_old, last_new = last_old[: -len(a)], last_new[: -len(b)]
    last_old, last_new = last_old.removesuffix("들"), last_new.removesuffix("들")
    return " ".join([*old[:-1], last_old]), " ".join([*new[:-1], last_new])


def _is_rendering(text: str) -> bool:
    """A noun-like run of words: letters, no digits, not ending like a predicate."""
    if not text or any(char.isdigit() for char in text):
        return False
    if not all(_HANGUL.search(word) or _LATIN_WORD.fullmatch(word) for word in text.split()):
        return False
    return not (_HANGUL.search(text[-1]) and _PREDICATE.search(text))


def _singular(word: str) -> str:
    """ "Transformers" → "Transformer", "LLMs" → "LLM", "Adam's" → "Adam"."""
    word = re.sub(r"['’]s?$", "", word)
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _technical_tokens(source: str) -> list[str]:
    """Capitalised words, acronyms and names with digits of an English sentence.

    The first word of a sentence counts too unless it is a function word: "Transformers
    dominate…" names a term. A wrong word here only makes rule 3 keep quiet more often.
    """
    found: list[str] = []
    for match in _LATIN_WORD.finditer(source):
        word = match.group().rstrip(".")
        if word.lower() in _FUNCTION_WORDS:
            continue
        if not any(char.isupper() for char in word):
            continue
        singular = _singular(word)
        if singular not in found:
            found.append(singular)
    return found


def _copies(target: str, word: str) -> bool:
    """Tell whether ``target`` has ``word`` in Latin script (a plural or particle after it)."""
    return bool(
        re.search(rf"(?<![A-Za-z0-9]){re.escape(word)}(?:e?s)?(?![A-Za-z0-9])", target, re.I)
    )


def _changes(before: str, after: str) -> list[tuple[str, str]] | None:
    """The changed runs of words as (old, new) without their endings; None for a rewrite."""
    old_words, new_words = _words(before), _words(after)
    if not old_words or not new_words:
        return None
    matcher = SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    if kept < _MIN_KEPT * max(len(old_words), len(new_words)):
        return None
    runs = [op for op in matcher.get_opcodes() if op[0] == "replace"]
    if len(runs) > _MAX_CHANGES:
        return None
    pieces = []
    for _tag, i1, i2, j1, j2 in runs:
        if i2 - i1 > _MAX_WORDS or j2 - j1 > _MAX_WORDS:
            return None
        if i2 - i1 == j2 - j1:
            # As many words on each side: each word was replaced by its counterpart.
            pieces += [([o], [n]) for o, n in zip(old_words[i1:i2], new_words[j1:j2], strict=True)]
        else:
            pieces.append((old_words[i1:i2], new_words[j1:j2]))
    changes = []
    for old_run, new_run in pieces:
        # A particle inside a run ends a phrase: the run is more than one term.
        if any(
            _ending(_bare(word)) not in ("", *_NOUN_FINAL)
            for word in (*old_run[:-1], *new_run[:-1])
        ):
            continue
        stripped = _strip_endings(old_run, new_run)
        if stripped is None:
            continue
        old, new = stripped
        if _plain(old) == _plain(new) or not (_is_rendering(old) and _is_rendering(new)):
            continue
        if not (_HANGUL.search(old) or _HANGUL.search(new)):
            continue
        # A rendering that still occurs after the change, or that was there before it, was
        # moved or only partly replaced: the words were reordered, not re-rendered.
        if _plain(old) in _plain(after) or _plain(new) in _plain(before):
            continue
        changes.append((old, new))
    return changes


def term_changes(
    *,
    source: str,
    before: str,
    after: str,
    glossary: Iterable[tuple[str, Sequence[str]]] = (),
) -> list[TermChange]:
    """The renderings of English terms of ``source`` that ``before`` → ``after`` replaced.

    ``glossary`` gives known renderings, as (English term, renderings) pairs: the approved
    and forbidden renderings of the glossary's terms, say. ``[]`` when nothing changed
    that can be tied to exactly one English term.
    """
    source = unicodedata.normalize("NFC", source)
    before, after = unicodedata.normalize("NFC", before), unicodedata.normalize("NFC", after)
    changes = _changes(before, after)
    if not changes:
        return []
    known = [
        (term, {_plain(r) for r in renderings if r.strip()})
        for term, renderings in glossary
        if term.strip() and source_pattern(term).search(source)
    ]
    tokens = _technical_tokens(source)
    found: list[TermChange] = []
    unresolved: list[tuple[str, str]] = []
    for old, new in changes:
        by_glossary = {
            term for term, renderings in known if {_plain(old), _plain(new)} & renderings
        }
        by_copy = {
            token
            for token in tokens
            for side in (old, new)
            if _LATIN_WORD.fullmatch(side) and _singular(side).lower() == token.lower()
        }
        terms = by_glossary or by_copy
        if len(terms) == 1:
            found.append(TermChange(terms.pop(), old, new))
        elif not terms:
            unresolved.append((old, new))
    if len(changes) == 1 and len(unresolved) == 1:
        old, new = unresolved[0]
        rendered = {
            term.lower()
            for term, renderings in known
            if any(r in _plain(after) for r in renderings)
        }
        open_tokens = [
            token for token in tokens if not _copies(after, token) and token.lower() not in rendered
        ]
        if len(open_tokens) == 1:
            found.append(TermChange(open_tokens[0], old, new))
    return list(dict.fromkeys(found))

"""The ``particle`` check: a Korean particle agrees with how the word before it is read.

Korean particles come in pairs chosen by the sound that ends the word before them: 은/는,
이/가, 을/를, 과/와, and 으로/로, where a word read with a final ㄹ takes 로 ("URL로"). A
translator writing a Latin name or a number into Korean prose has to choose by the word's
Korean reading, which the spelling hides: "GPT" is read 지피티 and takes 는, "LLM" is read
엘엘엠 and takes 을, "3" is read 삼 and takes 을, "10" is read 십 and takes 이.

Each word gets the set of endings its readings may have (a name's "3" may be 삼 or 쓰리, a
"RAG" 래그 or 랙), and the check reports a particle only when every reading calls for the
other form. Words whose reading is unknown are left alone: the check must be right when it
speaks. A particle after a parenthesis or a closing quote agrees with the word before the
parenthesis or inside the quote, as in "검색 증강 생성(RAG)은".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from corrections.checks.base import CheckContext, Finding, Severity, gettext_noop
from corrections.checks.protected import TokenKind, find_protected

CODE = "particle"


class End(StrEnum):
    """How the Korean reading of a word ends, as far as particles care."""

    VOWEL = "vowel"
    RIEUL = "rieul"  # a final ㄹ: takes 을/은/이/과 like a consonant, but 로 like a vowel
    CONSONANT = "consonant"


V, L, C = End.VOWEL, End.RIEUL, End.CONSONANT


@dataclass(frozen=True)
class _Pair:
    """One particle in its two forms, and the endings that take the vowel form."""

    after_consonant: str
    after_vowel: str
    vowel_like: frozenset[End]
    # The forms that are wrong after the other kind of ending. "이라" after a vowel is
    # the copula kept in full ("GPT이라고"), which is correct, so it is not listed.
    wrong_after_vowel: bool = True
    wrong_after_consonant: bool = True


_VOWEL_ONLY = frozenset({V})
_PAIRS = (
    _Pair("은", "는", _VOWEL_ONLY),
    _Pair("이", "가", _VOWEL_ONLY),
    _Pair("을", "를", _VOWEL_ONLY),
    _Pair("과", "와", _VOWEL_ONLY),
    _Pair("으로", "로", frozenset({V, L})),
    _Pair("이라", "라", _VOWEL_ONLY, wrong_after_vowel=False),
    _Pair("이나", "나", _VOWEL_ONLY, wrong_after_vowel=False),
    _Pair("이며", "며", _VOWEL_ONLY, wrong_after_vowel=False),
    _Pair("이야", "야", _VOWEL_ONLY, wrong_after_vowel=False),
    _Pair("이랑", "랑", _VOWEL_ONLY, wrong_after_vowel=False),
)

# What may follow each form inside the same word: "로서", "과의", "라고". A longer run of
# Hangul is an ordinary word written without a space, which the check does not judge.
_TAILS: dict[str, tuple[str, ...]] = {
    "은": ("",),
    "는": ("",),
    "이": ("",),
    "가": ("",),
    "을": ("",),
    "를": ("",),
    "과": ("", "의", "는", "도", "만"),
    "와": ("", "의", "는", "도", "만"),
    "으로": ("", "서", "써", "부터", "는", "도", "의", "만", "서는", "부터는"),
    "로": ("", "서", "써", "부터", "는", "도", "의", "만", "서는", "부터는"),
    "이라": ("고", "는", "면", "서", "도"),
    "라": ("고", "는", "면", "서", "도"),
    "이나": ("",),
    "나": ("",),
    "이며": ("",),
    "며": ("",),
    "이야": ("", "말로"),
    "야": ("", "말로"),
    "이랑": ("",),
    "랑": ("",),
}

_LETTER_ENDS: dict[str, frozenset[End]] = {
    **dict.fromkeys("ABCDEFGHIJKOPQSTUVWXY", _VOWEL_ONLY),
    "L": frozenset({L}),  # 엘
    "M": frozenset({C}),  # 엠
    "N": frozenset({C}),  # 엔
    "R": frozenset({L}),  # 알
    "Z": frozenset({V, C}),  # 지, 제트
}

# Sino-Korean readings of the last digit: 영 일 이 삼 사 오 육 칠 팔 구.
_SINO_DIGIT = (C, L, V, C, V, V, C, L, L, V)
# English readings of the last digit, as names are often read: zero/oh, one, two, three,
# four, five, six, seven, eight (에잇 or 에이트), nine.
_ENGLISH_DIGIT: tuple[frozenset[End], ...] = (
    _VOWEL_ONLY,
    frozenset({C}),
    _VOWEL_ONLY,
    _VOWEL_ONLY,
    _VOWEL_ONLY,
    _VOWEL_ONLY,
    _VOWEL_ONLY,
    frozenset({C}),
    frozenset({C, V}),
    frozenset({C}),
)

# Names and words of the field whose Korean reading the spelling rules below would miss
# or could not decide. Acronyms read as words are here too ("BERT" 버트, "LoRA" 로라);
# "RAG" is read 래그, 랙 and 알에이지 alike, so it takes both forms.
_WORDS: dict[str, frozenset[End]] = {
    word: frozenset(ends)
    for word, ends in {
        "rag": (V, C, L),
        "bert": (V,),
        "roberta": (V,),
        "lora": (V,),
        "qlora": (V,),
        "cot": (V,),
        "bon": (C,),
        "moe": (V,),
        "vit": (V,),  # 비트 or 브이아이티
        "gan": (C,),
        "json": (C,),
        "yaml": (L,),
        "sql": (L,),
        "nasa": (V,),
        "sota": (V,),
        "glue": (V,),
        "bleu": (V,),
        "rouge": (V,),
        "clip": (C,),
        "shap": (C,),  # 샵
        "lime": (C,),  # 라임
        "bit": (V,),  # 비트
        "jet": (V,),  # 제트
        "set": (V, C),  # 세트, 셋
        "kit": (V, C),  # 키트, 킷
        "hit": (V, C),  # 히트, 힛
        "relu": (V,),
        "nerf": (V,),
        "model": (L,),
        "transformer": (V,),
        "llama": (V,),
        "alpaca": (V,),
        "vicuna": (V,),
        "mistral": (L,),
        "mixtral": (L,),
        "gemini": (V,),
        "gemma": (V,),
        "claude": (V,),
        "google": (L,),
        "meta": (V,),
        "openai": (V,),
        "anthropic": (C,),
        "deepseek": (V,),
        "qwen": (C,),
        "granite": (V,),
        "aya": (V,),
        "cohere": (V,),
        "python": (C,),
        "pytorch": (V,),
        "tensorflow": (V,),
        "github": (V,),
        "adam": (C,),
        "falcon": (C,),
        "whisper": (V,),
        "sora": (V,),
        "copilot": (C,),
        "kaggle": (L,),
        "imagenet": (C,),
        "wikipedia": (V,),
        "arxiv": (V,),
        "chatgpt": (V,),
        "synthid": (V,),
        "apache": (V,),
        "nvidia": (V,),
        "microsoft": (V,),
        "hugging": (C,),
        "face": (V,),
        "benchmark": (V,),
        "token": (C,),
        "prompt": (V,),
        "agent": (V,),
        "pipeline": (C,),
        "dataset": (C,),
        "embedding": (C,),
        "encoder": (V,),
        "decoder": (V,),
        "attention": (C,),
        "layer": (V,),
        "loss": (V,),
        "tokenizer": (V,),
        "framework": (V,),
        "network": (V,),
        "chatbot": (C,),
        "robot": (C,),
        "chat": (C,),
        "bot": (C,),
        "web": (C,),
        "hub": (V,),
        "lab": (C,),
        "step": (C,),
        "deep": (C,),
        "group": (C,),
        "setup": (C,),
        "book": (C,),
        "block": (C,),
        "stack": (C,),
        "check": (V,),
        "big": (C,),
        "o": (V,),
    }.items()
}

_HOST_CHARS = re.compile(r"[A-Za-z0-9.,%+\-]+$")
_HANGUL_RUN = re.compile(r"[가-힣]+")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+(?:\.\d+)?")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*$")
_QUOTE_CLOSERS = frozenset("'’\"”」』")
_VOWEL_LETTERS = frozenset("AEIOU")


# File extensions as they are read aloud; one read either way ("jpg" 제이피지 or 제이펙,
# "pkl" 피클 or 피케이엘) is left out.
_EXTENSIONS: dict[str, frozenset[End]] = {
    extension: frozenset(ends)
    for extension, ends in {
        "json": (C,), "jsonl": (L,), "yaml": (L,), "yml": (L,), "toml": (L,), "html": (L,),
        "xml": (L,), "csv": (V,), "tsv": (V,), "txt": (V,), "md": (V,), "pdf": (V,),
        "png": (V,), "jpeg": (C,), "py": (V,), "sh": (V,), "ipynb": (V,), "zip": (C,),
        "log": (V,), "bin": (C,), "onnx": (V,), "parquet": (V,), "safetensors": (V,),
    }.items()
}  # fmt: skip


def _hangul_end(syllable: str) -> End:
    """The ending of a Hangul syllable: no final, a final ㄹ, or another final."""
    final = (ord(syllable) - 0xAC00) % 28
    return V if final == 0 else L if final == 8 else C


def _sino_ends(number: str) -> frozenset[End]:
    """Endings of a number read in Sino-Korean: "10" is 십, "1,000" 천, "2.5" 이 점 오."""
    digits = number.replace(",", "")
    if "." in digits:
        return frozenset({_SINO_DIGIT[int(digits[-1])]})
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped)
    if not stripped:
        return frozenset({C})  # 영
    if zeros == 0:
        return frozenset({_SINO_DIGIT[int(stripped[-1])]})
    # 십 백 천 만 … 억 … all end in a consonant, up to 조 (10^12), which does not.
    if zeros < 12:
        return frozenset({C})
    return frozenset()


def _english_number_ends(number: str) -> frozenset[End]:
    """Endings of a number in a name read the English way ("Llama 3" as 쓰리, "H100")."""
    digits = number.replace(",", "")
    last = int(digits[-1])
    if len(digits) == 2 and digits[0] == "1":
        # ten, eleven, thirteen … nineteen end in ㄴ; twelve (트웰브) in a vowel.
        return _VOWEL_ONLY if digits == "12" else frozenset({C})
    if last != 0 or "." in digits:
        return _ENGLISH_DIGIT[last]
    if len(digits) == 3 and digits.endswith("00"):
        return frozenset()  # "A100", "H200", "MI300": 에이백, 에이치이백, never "hundred"
    return _VOWEL_ONLY  # twenty…ninety, thousand, or digit by digit ("zero")


def _word_ends(word: str) -> frozenset[End] | None:
    """Endings of an English word by its spelling, where the spelling is a safe guide.

    Korean loanword spelling gives a final ㅁ, ㄴ, ㅇ or ㄹ for a final m, n, ng or l; most
    other final consonants get a vowel 으 (트, 드, 스, 프), and final vowels and r stay
    vowels. A final p, t or k after a short vowel is written as a final consonant (the
    loanword rule behind "chat" 챗, "net" 넷, "clip" 클립, "stack" 스택); after a long vowel
    or a diphthong it takes 으 ("speak" 스피크), which the spelling does not tell apart from a
    short one when two vowel letters come before, so those are not judged.
    """
    lower = word.lower()
    if lower in _WORDS:
        return _WORDS[lower]
    if len(lower) < 3 or not lower.isalpha():
        return None
    if lower.endswith(("ing", "ng", "m", "n")):
        return frozenset({C})
    if lower.endswith(("ic", "ism")):
        return frozenset({C})
    if lower.endswith(("le", "l")):
        return frozenset({L})
    if lower.endswith(("me", "ne")):
        return frozenset({C})
    last, before = lower[-1], lower[-2]
    vowels = "aeiouy"
    if last in "aiouyrw":
        return _VOWEL_ONLY
    if last == "e":
        return _VOWEL_ONLY if before not in vowels else None
    if last in "sxzdgfvh":
        return _VOWEL_ONLY
    if last in "ktpb" and before not in vowels and before not in "c":
        return _VOWEL_ONLY
    if _short_vowel_stop(lower):
        return frozenset({C})
    return None


def _short_vowel_stop(lower: str) -> bool:
    """Whether a word ends in one short vowel letter and p, t or k ("net", "chat", "stack").

    "-it" is left out: long words read it either way ("edit" 에디트, "commit" 커밋).
    """
    stop = lower[:-1] if lower.endswith("ck") else lower
    if stop[-1:] not in "ptk" or lower.endswith("it"):
        return False
    vowel, before = stop[-2:-1], stop[-3:-2]
    return vowel in "aeiou" and vowel != "" and before not in "aeiouy"


# Consonant clusters an English word may begin or end with: an acronym whose letters make
# a syllable this way can be read as a word ("YOLO" 욜로, "LIME" 라임); one that cannot
# ("MMLU", "GRPO", "ONNX") is read letter by letter.
_ONSET_CLUSTERS = """
    bl br ch cl cr dr fl fr gl gr pl pr sc sh sk sl sm sn sp st sw th tr tw wh wr
    chr sch scr shr spl spr squ str thr
"""
_CODA_CLUSTERS = """
    ch ck ct ft ld lf lk lm lp lt mp nd ng nk ns nt ps pt rb rc rd rk rl rm rn rp rs rt
    sh sk sp st th ts
"""
_ONSETS = frozenset(_ONSET_CLUSTERS.split())
_CODAS = frozenset(_CODA_CLUSTERS.split())
_CLUSTERS = re.compile(r"[^aeiou]+|[aeiou]+")


def _pronounceable(lower: str) -> bool:
    """Whether the letters of an acronym can be read as one English word."""
    # A "y" is a vowel except at the start ("SYN" as "sin", "YOLO" as "yolo").
    runs = _CLUSTERS.findall(lower[:1] + lower[1:].replace("y", "i"))
    if not any(run[0] in "aeiou" for run in runs):
        return False
    for index, run in enumerate(runs):
        if run[0] in "aeiou" or len(run) == 1:
            continue
        if index == 0 and run not in _ONSETS:
            return False
        if index == len(runs) - 1 and run not in _CODAS:
            return False
        if 0 < index < len(runs) - 1 and len(run) > 2:
            return False
    return True


def _acronym_ends(acronym: str) -> frozenset[End] | None:
    """Endings of an all-capital acronym: read letter by letter ("LLM" 엘엘엠) or as a word.

    An acronym whose letters cannot make an English word is read letter by letter. One
    that can is read as a word when it is long ("YOLO" 욜로, "LIME" 라임) and either way
    when it is short ("MIT" 엠아이티 or 밋), so the two readings must agree there.
    """
    lower = acronym.lower()
    if lower in _WORDS:
        return _WORDS[lower]
    letters = _LETTER_ENDS[acronym[-1]]
    if len(acronym) == 1 or not _pronounceable(lower):
        return letters
    word = _word_ends(lower)
    if len(acronym) <= 3:
        return letters if word is None else letters | word
    return word


def _part_ends(part: str, *, in_name: bool) -> frozenset[End] | None:
    """Endings of the last part of a word (after its last hyphen)."""
    number = _NUMBER.fullmatch(part.rstrip("%"))
    if part.endswith("%"):
        return _VOWEL_ONLY if number else None  # 퍼센트
    if number:
        ends = _sino_ends(part)
        if in_name:
            ends |= _english_number_ends(part)
        return ends or None
    if not part[:1].isalnum():
        return None
    if part.lower() in _WORDS:
        return _WORDS[part.lower()]
    pieces = _CAMEL.findall(part)
    if not pieces or "".join(pieces) != part:
        # A file name is read with its extension: "results.json" 제이슨, "train.yaml" 야믈.
        name, dot, extension = part.rpartition(".")
        if dot and name:
            return _EXTENSIONS.get(extension.lower())
        return None
    last = pieces[-1]
    if last.isdigit():
        return _part_ends(last, in_name=True)
    if len(pieces) > 1 and _NUMBER.fullmatch(pieces[-2]):
        # "4o", "2x", "8B", "32K": a letter after digits is read as a letter; a size is
        # read with its letter ("70B" 칠십비, "32K" 삼십이케이), as the field says it.
        return _acronym_ends(last.upper()) if len(last) <= 2 else _word_ends(last)
    if len(last) == 1:
        # A single letter is read by its name: "top-k" 탑케이, "n" 엔.
        return _LETTER_ENDS[last.upper()]
    if last.isupper():
        return _acronym_ends(last) if len(last) > 1 or len(pieces) == 1 else _LETTER_ENDS[last]
    return _word_ends(last)


def host_ends(text: str, end: int) -> tuple[int, frozenset[End]] | None:
    """Where the word ending at ``end`` starts, and the endings its readings may have.

    A parenthesis or a closing quote right before ``end`` is skipped: the particle agrees
    with what precedes the parenthesis, or with the quoted words.
    """
    position = end
    closer = text[position - 1 : position]
    if closer == ")":
        opening = text.rfind("(", 0, position - 1)
        if opening <= 0 or ")" in text[opening + 1 : position - 1]:
            return None
        position = opening
    elif closer in _QUOTE_CLOSERS:
        position -= 1
    previous = text[position - 1 : position]
    if not previous:
        return None
    if "가" <= previous <= "힣":
        start = position
        while start > 0 and "가" <= text[start - 1] <= "힣":
            start -= 1
        return start, frozenset({_hangul_end(previous)})
    match = _HOST_CHARS.search(text, 0, position)
    if match is None or match.end() != position:
        return None
    word = match.group().lstrip(".,+-").rstrip(".,+-")
    if not word or match.group().endswith((".", ",", "+", "-")):
        return None
    start = position - len(match.group().lstrip(".,+-"))
    before = text[start - 1 : start]
    if before and (before.isalnum() or before in "/_@#$\\\x00"):
        return None
    parts = word.split("-")
    in_name = len(parts) > 1 and any(c.isalpha() for c in "".join(parts[:-1]))
    if not in_name:
        # "Llama 3.1", "Gemma 2": a number after a Latin word is part of a name.
        in_name = text[start - 1 : start].isspace() and bool(
            _LATIN_WORD.search(text[:start].rstrip())
        )
    ends = _part_ends(parts[-1], in_name=in_name)
    return (start, ends) if ends else None


_CODE_NAME = re.compile(r"`([A-Za-z_][\w.]*?)(?:\(\))?`$")


def _code_ends(code: str) -> frozenset[End] | None:
    """Endings of a code span read aloud: its last name ("`forward()`" 포워드, "`config.json`"
    제이슨, "`torch.compile`" 컴파일); a span that is not a plain name is not judged."""
    match = _CODE_NAME.fullmatch(code)
    if match is None:
        return None
    name = re.split(r"[._]", match.group(1))[-1]
    return _part_ends(name, in_name=False) if name else None


def _forms() -> list[tuple[str, _Pair, bool]]:
    """Every particle form, longest first, with its pair and whether it is the vowel form."""
    forms = [(pair.after_consonant, pair, False) for pair in _PAIRS]
    forms += [(pair.after_vowel, pair, True) for pair in _PAIRS]
    return sorted(forms, key=lambda form: -len(form[0]))


_FORMS = _forms()


def _particle(run: str) -> tuple[str, str, _Pair, bool] | None:
    """Split a Hangul run into a particle form and its tail, when it is one."""
    for form, pair, vowel_form in _FORMS:
        if run.startswith(form) and run[len(form) :] in _TAILS[form]:
            return form, run[len(form) :], pair, vowel_form
    return None


_WHY = {
    V: gettext_noop(
        "'%(head)s' is read with a final vowel, so it takes the particle for words without "
        "a final consonant."
    ),
    L: gettext_noop("'%(head)s' is read with a final ㄹ, which takes 로 but 을, 은, 이 and 과."),
    C: gettext_noop(
        "'%(head)s' is read with a final consonant, so it takes the particle for words with one."
    ),
}


@lru_cache(maxsize=4096)
def find_particle_errors(target: str) -> tuple[tuple[int, int, int, str, str, End], ...]:
    """Return ``(word_start, start, end, expected, tail, ending)`` for each wrong particle.

    ``start``–``end`` is the span of the particle form, after the word that starts at
    ``word_start`` and before the ``tail`` of the same word ("고" of "라고"); ``ending`` is
    how every reading of that word ends, as far as the needed form goes.
    """
    masked = list(target)
    code_ends: dict[int, tuple[int, frozenset[End]]] = {}
    for token in find_protected(target):
        masked[token.span[0] : token.span[1]] = "\x00" * (token.span[1] - token.span[0])
        if token.kind is TokenKind.CODE and (ends := _code_ends(token.text)):
            code_ends[token.span[1]] = (token.span[0], ends)
    text = "".join(masked)
    errors = []
    for match in _HANGUL_RUN.finditer(text):
        parsed = _particle(match.group())
        if parsed is None:
            continue
        form, tail, pair, vowel_form = parsed
        host = code_ends.get(match.start()) or host_ends(text, match.start())
        if host is None:
            continue
        word_start, ends = host
        vowel_like = {end in pair.vowel_like for end in ends}
        if len(vowel_like) != 1:
            continue
        wants_vowel_form = vowel_like.pop()
        if wants_vowel_form == vowel_form:
            continue
        if vowel_form and not pair.wrong_after_consonant:
            continue
        if not vowel_form and not pair.wrong_after_vowel:
            continue
        expected = pair.after_vowel if wants_vowel_form else pair.after_consonant
        # All readings agree on the form; the explanation names the ending that decides it.
        ending = V if wants_vowel_form and V in ends else L if ends == {L} else C
        errors.append(
            (word_start, match.start(), match.start() + len(form), expected, tail, ending)
        )
    return tuple(errors)


def check_particle(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Report particles that do not agree with the reading of the word before them."""
    del source, context  # The particle depends on the Korean alone.
    errors = find_particle_errors(target)
    if not errors:
        return []
    fixed = target
    for _word_start, start, end, expected, _tail, _ending in reversed(errors):
        fixed = fixed[:start] + expected + fixed[end:]
    findings = []
    for word_start, start, end, expected, tail, ending in errors:
        word = target[word_start:start]
        # The reading is the word's own, without the parenthesis or quote after it.
        head = (
            word[: word.index("(")] if word.endswith(")") else word.rstrip("".join(_QUOTE_CLOSERS))
        )
        findings.append(
            Finding(
                CODE,
                Severity.ERROR,
                gettext_noop("'%(word)s%(found)s' should be '%(word)s%(expected)s'"),
                (start, end),
                params={
                    "word": word,
                    "found": target[start:end] + tail,
                    "expected": expected + tail,
                    "head": head,
                },
                why=_WHY[ending],
                fix=fixed,
            )
        )
    return findings

"""The ``glossary`` check: source terms are rendered the way editors agreed.

A term fires only when it occurs in the source in its machine-learning sense:
case-insensitively, on word boundaries, plural and possessive included, and
outside code spans, URLs, file paths and code identifiers. Glossary words have
ordinary senses in neighbouring fields (a power transformer is a 변압기, a
questionnaire survey a 설문 조사); :func:`_ordinary_sense` recognises them from the
neighbouring words, for every term alike, so that editors need not list senses.

Korean renderings are matched as substrings, because particles attach to the
noun ("파인튜닝을"). Spacing of an approved rendering is free ("미세 조정",
"미세조정"); a forbidden rendering may only vary where it has a space, so that
"요원" is not found in "중요 원칙". An English term copied into the target counts
as approved: keeping ML terms in Latin script is common and correct. So does an
acronym of the source words ("LLM" for "large language models", "ViT" for "vision
transformers"), which silences the missing-rendering warning.

Severities: a forbidden rendering is an ``error`` (editors rejected it on
purpose) and carries a fix, the target with the agreed rendering and a particle
that agrees with it; a missing approved rendering or a do-not-translate term that
was translated is a ``warning``, because the translator may have chosen a
correct paraphrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from corrections.checks.base import CheckContext, Finding, GlossaryTerm, Severity, gettext_noop
from corrections.checks.protected import find_untranslatable

CODE = "glossary"

_FORBIDDEN = gettext_noop("'%(found)s' is a forbidden rendering of '%(term)s'; use %(approved)s")
_FORBIDDEN_MORE = gettext_noop(
    "'%(found)s' is a forbidden rendering of '%(term)s'; use %(approved)s "
    "(or %(more)s more in the glossary)"
)
_FORBIDDEN_KEEP = gettext_noop(
    "'%(found)s' is a forbidden rendering of '%(term)s'; keep '%(term)s' as written"
)
_MISSING_KEPT = gettext_noop("'%(term)s' must stay untranslated; it is missing from the target")
_MISSING = gettext_noop("'%(term)s' should be rendered as %(approved)s")
_MISSING_MORE = gettext_noop(
    "'%(term)s' should be rendered as %(approved)s (or %(more)s more in the glossary)"
)
_WHY_FORBIDDEN = gettext_noop(
    "Editors rejected this rendering in the glossary, so that one term reads the same everywhere."
)
_WHY_KEPT = gettext_noop(
    "The glossary keeps this name as written, so that readers can recognise and search for it."
)
_WHY_MISSING = gettext_noop(
    "The glossary lists the agreed renderings; a different wording may still be a correct "
    "paraphrase."
)

_BOUNDARY_BEFORE = r"(?<![A-Za-z0-9_])"
_BOUNDARY_AFTER = r"(?![A-Za-z0-9_])"


@lru_cache(maxsize=4096)
def _term_regex(term: str, *, exact_case: bool = False) -> re.Pattern[str]:
    """Match ``term`` as a whole word or phrase, with a plural or possessive ending.

    ``exact_case`` is for do-not-translate terms, which must be copied as
    written ("LoRA", not "lora"). An underscore is part of a word, so that
    ``max_new_tokens`` is not a use of "token".
    """
    # "fine-tuning", "fine tuning" and "finetuning" are spellings of one term.
    words = [r"[-\s]?".join(map(re.escape, word.split("-"))) for word in term.split()]
    last = re.escape(term.split()[-1]) if term.split() else ""
    # A final consonant + y takes -ies: "query" → "queries".
    if len(last) > 1 and last[-1] in "yY" and last[-2].lower() not in "aeiou-":
        words[-1] = f"{words[-1][:-1]}(?:{last[-1]}|ies)"
    body = r"[-\s]+".join(words)
    flags = 0 if exact_case else re.IGNORECASE
    return re.compile(rf"{_BOUNDARY_BEFORE}{body}(?:s|es)?(?:'s?|’s?)?{_BOUNDARY_AFTER}", flags)


class _TermMatcher:
    """Finds the uses of a term in its machine-learning sense in a source."""

    __slots__ = ("regex",)

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex

    def finditer(self, source: str) -> Iterator[re.Match[str]]:
        return self.in_language(_language(source))

    def in_language(self, language: str) -> Iterator[re.Match[str]]:
        """The uses in a source whose code and URLs are already blanked (:func:`_language`)."""
        for match in self.regex.finditer(language):
            if not _ordinary_sense(language, match.start(), match.end()):
                yield match

    def search(self, source: str) -> re.Match[str] | None:
        return next(self.finditer(source), None)


@lru_cache(maxsize=4096)
def source_pattern(term: str, *, exact_case: bool = False) -> _TermMatcher:
    """The matcher of ``term`` in a source (see :func:`_term_regex`)."""
    return _TermMatcher(_term_regex(term, exact_case=exact_case))


@lru_cache(maxsize=4096)
def _language(text: str) -> str:
    """``text`` with code, URLs, paths and the like blanked out, offsets unchanged."""
    spans = find_untranslatable(text)
    if not spans:
        return text
    pieces, done = [], 0
    for start, end in spans:
        pieces += [text[done:start], "\x00" * (end - start)]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


# Ordinary senses. Glossary words are also words of electrical engineering, survey
# research, medicine, astronomy, cognitive science, remote sensing, publishing and
# everyday English. The vocabulary of those fields, next to a term or in its sentence,
# marks the ordinary sense; a machine-learning word right beside the term overrides it
# ("a Transformer model for voltage forecasting").
_ML_NEIGHBOURS = frozenset(
    {
        "model", "models", "architecture", "architectures", "layer", "layers", "block", "blocks",
        "encoder", "encoders", "decoder", "decoders", "network", "networks", "neural", "llm",
        "llms", "language", "vision", "attention", "backbone", "backbones", "weights", "pretrained",
        "pre-trained", "based", "ai", "ml", "deep", "generative", "multimodal", "gpt", "rl",
        "agentic", "embedding", "embeddings", "token", "tokens"
    }
)  # fmt: skip
# The word right before a term that makes it a compound of another field.
_ORDINARY_MODIFIERS = frozenset(
    {
        "power", "voltage", "electrical", "electric", "distribution", "step-down", "step-up",
        "isolation", "instrument", "three-phase", "substation", "grid", "questionnaire",
        "household", "telephone", "phone", "online", "census", "opinion", "postal", "mail",
        "nationwide", "exit", "field", "catheter", "radiofrequency", "cardiac", "surgical", "laser",
        "tissue", "tumor", "tumour", "endometrial", "in-situ", "white", "government", "episodic",
        "autobiographical", "customer", "employee", "staff", "student", "public", "annual"
    }
)  # fmt: skip
# The word right after a term that makes it the head's modifier in another field.
_ORDINARY_HEADS = frozenset(
    {
        "station", "substation", "oil", "winding", "windings", "respondents", "participants",
        "questionnaire", "questionnaires", "therapy", "procedure", "procedures", "catheter",
        "feedback", "reply", "replies", "payment", "delivery", "notification", "treatment", "action"
    }
)  # fmt: skip
# Words anywhere in the sentence that place it in another field.
_ORDINARY_SENTENCE = frozenset(
    {
        "questionnaire", "questionnaires", "respondent", "respondents", "interviewee",
        "interviewees", "likert", "polled", "pollsters", "census", "answered", "interviewed",
        "constellation", "constellations", "zodiac", "astronomer", "astronomers", "astronomy",
        "astronaut", "astronauts", "telescope", "telescopes", "spacecraft", "nasa", "horoscope",
        "horoscopes", "castor", "pollux", "catheter", "catheters", "atrial", "arrhythmia",
        "arrhythmias", "fibrillation", "surgeon", "surgeons", "surgery", "cardiology", "cardiac",
        "hippocampus", "hippocampal", "episodic", "neuroscience", "neuroscientists", "psychologist",
        "psychologists", "voltage", "kv", "kilovolt", "substation", "substations", "electricity",
        "electrical", "outage", "outages", "blackout", "blackouts", "megawatts", "soil", "crop",
        "crops", "agronomy", "surveyors", "gps", "psychology", "psychological", "astrology",
        "astrological"
    }
)  # fmt: skip
# Weaker signs of another field, trusted only in a sentence without machine-learning words:
# "memory retrieval" is 기억 인출 in a sentence about people, a module of an LLM agent
# otherwise. After a word for people ("human memory retrieval") the modifier is trusted
# everywhere.
_WEAK_MODIFIERS = frozenset({"memory", "long-term", "short-term"})
_WEAK_SENTENCE = frozenset(
    {
        "brain", "satellite", "aerial", "drone", "field", "stars", "grid", "power", "utility",
        "utilities", "cognitive"
    }
)  # fmt: skip
_HUMAN = frozenset(
    {
        "human", "humans", "people", "person", "biological", "brain"
    }
)  # fmt: skip
_ML_SENTENCE = _ML_NEIGHBOURS | frozenset(
    {
        "agent", "agents", "training", "trained", "fine-tuning", "fine-tuned", "dataset",
        "datasets", "benchmark", "benchmarks", "transformer", "transformers", "inference", "rag",
        "vector", "prompt", "prompts", "chatbot"
    }
)  # fmt: skip
# People as the object of the term ("a survey of 500 developers", "prompts users to")
# make it an act directed at people: a questionnaire, a reminder.
_PEOPLE = frozenset(
    {
        "people", "persons", "users", "developers", "practitioners", "researchers", "engineers",
        "participants", "respondents", "students", "teachers", "clinicians", "physicians",
        "doctors", "nurses", "employees", "workers", "adults", "children", "customers",
        "professionals", "scientists", "programmers", "residents", "voters", "consumers",
        "households", "companies", "organizations", "organisations", "firms"
    }
)  # fmt: skip
_SKIPPED_BEFORE_OBJECT = frozenset(
    {
        "of", "among", "with", "across", "from", "the", "a", "an", "our", "its", "their", "over",
        "nearly", "about", "some", "more", "than", "by", "was", "were", "is", "are"
    }
)  # fmt: skip
# A term right after a subject or a modal is a verb ("we survey recent work", "we prompt
# the model"), which Korean renders with a verb rather than the agreed noun.
_SUBJECTS = frozenset(
    {
        "we", "they", "i", "you", "can", "could", "should", "will", "would", "may", "might", "must",
        "cannot"
    }
)  # fmt: skip
_ADVERBS = frozenset(
    {
        "also", "then", "first", "further", "still", "often", "directly", "simply", "carefully",
        "automatically", "only"
    }
)  # fmt: skip
_QUESTION_WORDS = frozenset({"what", "how", "why", "when", "where", "which", "who", "whom"})
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_SENTENCE_END = re.compile(r"[.!?;:](?=\s)|\n")


def _words(text: str) -> list[str]:
    return [word.lower().strip("'’-").removesuffix("'s") for word in _WORD.findall(text)]


def _used_as_verb(term: str, before: list[str]) -> bool:
    """Tell whether a one-word term follows a subject or a modal, outside a question.

    A phrase ("information entry") is a noun, and in "What will information entry look
    like?" the modal belongs to the question.
    """
    if " " in term.strip():
        return False
    words = [word for word in before[-4:] if word not in _ADVERBS]
    if not words or words[-1] not in _SUBJECTS:
        return False
    return len(words) < 2 or words[-2] not in _QUESTION_WORDS


def _ordinary_sense(text: str, start: int, end: int) -> bool:
    """Tell whether the term at ``text[start:end]`` is used in a non-ML sense."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() if right_match else len(text)
    before, after = _words(text[left:start]), _words(text[end:right])
    previous, following = before[-1:], after[:1]
    if any(word in _ML_NEIGHBOURS for word in (*previous, *following)):
        return False
    if _used_as_verb(text[start:end], before):
        return True
    # "field-collected ground truth" and "power-grid transformers" are compounds too.
    if any(part in _ORDINARY_MODIFIERS for word in previous for part in (word, *word.split("-"))):
        return True
    if any(word in _ORDINARY_HEADS for word in following):
        return True
    sentence = (*before, *after)
    if any(word in _ORDINARY_SENTENCE for word in sentence):
        return True
    if any(word in _WEAK_MODIFIERS for word in previous) and any(
        word in _HUMAN for word in before[-4:-1]
    ):
        return True
    if not any(word in _ML_SENTENCE for word in sentence) and (
        any(word in _WEAK_MODIFIERS for word in previous)
        or any(word in _WEAK_SENTENCE for word in sentence)
    ):
        return True
    content = [
        (word, raw)
        for word, raw in zip(after[:8], _WORD.findall(text[end:right])[:8], strict=False)
        if word not in _SKIPPED_BEFORE_OBJECT and not word.replace(",", "").isdigit()
    ]
    return any(word in _PEOPLE and not raw.endswith(("'", "’")) for word, raw in content[:3])


@lru_cache(maxsize=4096)
def _rendering_pattern(rendering: str, *, strict: bool = False) -> re.Pattern[str]:
    """Match an approved rendering as a substring with free spacing, or a forbidden one strictly.

    Renderings that start or end with a Latin letter or a digit also need a
    word boundary there, so that the approved "RAG" is not found in
    "LongRAG" or "FRAGMENT". A ``strict`` (forbidden) rendering varies only where it has
    a space and starts a Korean word, so that "요원" is found neither in "중요 원칙" nor in
    "중요원칙".
    """
    if strict:
        body = r"\s*".join(re.escape(word) for word in rendering.split())
    else:
        body = r"\s*".join(re.escape(char) for char in "".join(rendering.split()))
    first, last = rendering.strip()[:1], rendering.strip()[-1:]
    start = r"(?<![A-Za-z0-9])" if first.isascii() and first.isalnum() else ""
    if strict and _is_hangul(first):
        start = r"(?<![가-힣])"
    end = r"(?![A-Za-z0-9])" if last.isascii() and last.isalnum() else ""
    return re.compile(f"{start}{body}{end}", re.IGNORECASE)


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    """``text`` without spaces and in one case, for a cheap test that a rendering may occur."""
    return "".join(text.split()).casefold()


def _spans(
    renderings: tuple[str, ...], text: str, *, strict: bool = False
) -> list[tuple[int, int]]:
    """Return every span of ``text`` where one of ``renderings`` occurs."""
    # Compiling a pattern costs far more than a substring test, and most renderings of a
    # glossary are absent from a given sentence; a pattern only ever matches where the
    # rendering's letters occur in order with spacing aside.
    folded = _folded(text)
    return [
        match.span()
        for rendering in renderings
        if rendering.strip() and _folded(rendering) in folded
        for match in _rendering_pattern(rendering, strict=strict).finditer(text)
    ]


def _inside(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    """Tell whether ``span`` lies within one of ``others``."""
    return any(start <= span[0] and span[1] <= end for start, end in others)


def _distinct(spans: list[tuple[int, int]]) -> int:
    """Count the spans that do not overlap an earlier one (spacing variants match twice)."""
    taken: list[tuple[int, int]] = []
    for span in sorted(spans):
        if not any(span[0] < end and start < span[1] for start, end in taken):
            taken.append(span)
    return len(taken)


def _approved_spans(term: GlossaryTerm, target: str) -> list[tuple[int, int]]:
    """Where the target renders ``term`` as agreed, in Korean or by copying the English term.

    An approved "조사" inside a forbidden "설문 조사" is not an approved rendering.
    """
    forbidden = _spans(term.forbidden, target, strict=True)
    approved = [span for span in _spans(term.approved, target) if not _inside(span, forbidden)]
    return approved + [match.span() for match in _term_regex(term.source).finditer(target)]


_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?![A-Za-z])")
_ACRONYM_SKIPPED = frozenset({"of", "from", "with", "the", "and", "for", "to", "in", "on"})


def _abbreviated(term: str, source: str, target: str) -> bool:
    """Tell whether the target writes the term as an acronym of the source's words.

    "Large language models" may be "LLM" and "vision transformers" "ViT": the acronym's
    capitals are the initials of source words that include the term.
    """
    acronyms = {
        "".join(char for char in token.removesuffix("s") if char.isupper()).lower()
        for token in _ACRONYM.findall(target)
    }
    if not acronyms:
        return False
    language = _language(source)
    # Hyphens split words: "chain-of-thought" is CoT.
    words = [
        (match.group().lower(), match.start(), match.end())
        for match in re.finditer(r"[A-Za-z]+", language)
    ]
    for use in _term_regex(term).finditer(language):
        covered = [i for i, (_, start, end) in enumerate(words) if use.start() <= start < use.end()]
        if not covered:
            continue
        for first in range(max(0, covered[0] - 6), covered[0] + 1):
            for last in range(covered[-1], min(len(words), covered[-1] + 7)):
                window = [word for word, _, _ in words[first : last + 1]]
                spelled = "".join(word[0] for word in window)
                kept = "".join(word[0] for word in window if word not in _ACRONYM_SKIPPED)
                if spelled in acronyms or kept in acronyms:
                    return True
    return False


def _check_term(
    term: GlossaryTerm, target: str, claims: int | None = None, *, abbreviated: bool = False
) -> list[Finding]:
    """Check one term that occurs in the source.

    ``claims`` is how many approved renderings the target needs before a forbidden word is
    taken for the translation of another source word (``None``: never), as "quantify" is
    정량화 beside "quantization", 양자화.
    """
    approved = _approved_spans(term, target)
    # A forbidden "모델" inside an approved "언어 모델" is not a violation, and "설문" inside
    # a forbidden "설문 조사" is the same violation.
    found = _spans(term.forbidden, target, strict=True)
    forbidden = [
        span
        for span in found
        if not _inside(span, approved)
        and not any(_inside(span, [other]) and other != span for other in found)
    ]
    if forbidden and claims is not None and _distinct(approved) >= claims:
        forbidden = []
    findings = [_forbidden_finding(term, target, span) for span in forbidden]
    if term.do_not_translate:
        # After a forbidden rendering, "missing" would say the same thing a second time.
        if not findings and not _term_regex(term.source, exact_case=True).search(target):
            findings.append(
                Finding(
                    CODE,
                    Severity.WARNING,
                    _MISSING_KEPT,
                    None,
                    params={"term": term.source},
                    why=_WHY_KEPT,
                )
            )
    elif term.approved and not approved and not findings and not abbreviated:
        # A forbidden rendering already names the approved ones; a second
        # finding about the same words would only add noise.
        listed, more = _quote(term.approved)
        findings.append(
            Finding(
                CODE,
                Severity.WARNING,
                _MISSING_MORE if more else _MISSING,
                None,
                params={"term": term.source, "approved": listed, **more},
                why=_WHY_MISSING,
            )
        )
    return findings


def _forbidden_finding(term: GlossaryTerm, target: str, span: tuple[int, int]) -> Finding:
    start, end = span
    params = {"found": target[start:end], "term": term.source}
    if term.do_not_translate and not term.approved:
        message, replacement = _FORBIDDEN_KEEP, term.source
    else:
        listed, more = _quote(term.approved)
        params.update(approved=listed, **more)
        message, replacement = (_FORBIDDEN_MORE if more else _FORBIDDEN), term.approved[0]
    return Finding(
        CODE,
        Severity.ERROR,
        message,
        span,
        params=params,
        why=_WHY_FORBIDDEN,
        fix=replace_noun(target, span, replacement),
    )


MAX_QUOTED = 4


def _quote(renderings: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """Quote renderings for a message ("'미세 조정', '파인튜닝'") and count those left out.

    Long lists are cut after a few: spacing variants add nothing a reader needs.
    """
    quoted = ", ".join(f"'{rendering}'" for rendering in renderings[:MAX_QUOTED])
    left_out = len(renderings) - MAX_QUOTED
    return quoted, ({"more": str(left_out)} if left_out > 0 else {})


# Particles that change with the final sound of the noun before them, as
# (after a consonant, after a vowel); after ㄹ, 으로 is 로.
_PARTICLES = (("으로", "로"), ("이", "가"), ("은", "는"), ("을", "를"), ("과", "와"))
_VOWEL, _CONSONANT, _RIEUL = "vowel", "consonant", "rieul"
# How the last letter of an acronym is read: "SQL" 에스큐엘 ends in ㄹ, "LLM" 엘엘엠 in ㅁ.
_LETTER_ENDINGS = {"L": _RIEUL, "R": _RIEUL, "M": _CONSONANT, "N": _CONSONANT}
_DIGIT_ENDINGS = {
    "0": _CONSONANT, "1": _RIEUL, "3": _CONSONANT, "6": _CONSONANT, "7": _RIEUL, "8": _RIEUL
}  # fmt: skip


def final_sound(word: str) -> str | None:
    """How ``word`` ends when read aloud: a vowel, ㄹ or another consonant (``None``: unknown).

    English words written in Latin script are read by their spelling: a final m, n or ng
    is a consonant and l is ㄹ; other endings take a vowel, as in loanwords (에이전트, 래그).
    """
    word = word.rstrip(")]}'\"’ .,")
    if not word:
        return None
    last = word[-1]
    if "가" <= last <= "힣":
        ending = (ord(last) - ord("가")) % 28
        return _VOWEL if ending == 0 else _RIEUL if ending == 8 else _CONSONANT
    if last.isdigit():
        return _DIGIT_ENDINGS.get(last, _VOWEL)
    if not last.isascii() or not last.isalpha():
        return None
    if word.isupper() and len(word) <= 5:
        return _LETTER_ENDINGS.get(last, _VOWEL)
    lower = word.lower()
    if lower.endswith(("m", "n", "ng")):
        return _CONSONANT
    return _RIEUL if lower.endswith("l") else _VOWEL


def _particle_form(pair: tuple[str, str], sound: str) -> str:
    after_consonant, after_vowel = pair
    if pair[0] == "으로" and sound == _RIEUL:
        return after_vowel
    return after_vowel if sound == _VOWEL else after_consonant


def _is_hangul(char: str) -> bool:
    return "가" <= char <= "힣"


def replace_noun(text: str, span: tuple[int, int], replacement: str) -> str | None:
    """Return ``text`` with the noun at ``span`` replaced and the particle after it agreeing.

    "변압기가" becomes "트랜스포머가" and "모형을" becomes "모델을". ``None`` when a
    particle follows and the final sound of ``replacement`` cannot be told.
    """
    start, end = span
    rest = text[end:]
    old, new = final_sound(text[start:end]), final_sound(replacement)
    for pair in _PARTICLES:
        for particle in pair:
            if not rest.startswith(particle) or old is None:
                continue
            if particle != _particle_form(pair, old):
                continue
            after = rest[len(particle) : len(particle) + 1]
            # 이, 가, 은… end the word; "모델이다" is a copula, not a subject particle.
            ends_word = (
                not after or not _is_hangul(after) or (pair[0] == "과" and after in "의는도")
            )
            if len(particle) == 1 and not ends_word:
                continue
            if new is None:
                return None
            return text[:start] + replacement + _particle_form(pair, new) + rest[len(particle) :]
    return text[:start] + replacement + rest


def _needles(term: str) -> tuple[str, ...]:
    """Texts that every use of ``term`` holds (see :func:`_term_regex`), case folded: the
    pieces of its words between spaces and hyphens, which a use may drop, the last without
    a final "y", which a plural spells "ies"."""
    pieces = [piece for word in term.casefold().split() for piece in word.split("-") if piece]
    if pieces and len(pieces[-1]) > 1 and pieces[-1].endswith("y"):
        pieces[-1] = pieces[-1][:-1]
    return tuple(pieces)


# One glossary is current at a time; the second place keeps a request that still holds
# the previous one (read just before an editor's change) from evicting the new one.
@lru_cache(maxsize=2)
def _terms_in(terms: tuple[str, ...]) -> Callable[[str], tuple[tuple[int, int], ...]]:
    """Return a function giving ``(position, uses)`` of the terms that occur in a source.

    Searching a source for every term is most of the cost of the checks, and the answer
    depends only on the source and the terms' text, while pages check the same
    sentences again and again with new translations.
    """
    # A term's pattern is compiled only once a source holds all its pieces, so that a
    # glossary of hundreds of terms costs a fresh process only the few that the digest uses.
    needles = [(index, _needles(term), term) for index, term in enumerate(terms) if term.strip()]

    @lru_cache(maxsize=4096)
    def occurring(source: str) -> tuple[tuple[int, int], ...]:
        language = _language(source)
        folded = language.casefold()
        found = (
            (index, sum(1 for _ in matcher.in_language(language)))
            for index, pieces, term in needles
            if all(piece in folded for piece in pieces)
            and (matcher := source_pattern(term)).regex.search(language)
        )
        return tuple((index, uses) for index, uses in found if uses)

    return occurring


def _has_sibling(source: str, term: str) -> bool:
    """Tell whether the source has, besides the term, a word of its family.

    "quantify" beside "quantization", "models" beside "language model": such a word
    explains a rendering that would be forbidden for the term itself.
    """
    stem = term.split()[-1].lower() if term.split() else ""
    need = max(5, len(stem) // 2)
    regex = _term_regex(term)
    language = _language(source)
    uses = [match.span() for match in regex.finditer(language)]
    for match in _WORD.finditer(language):
        word = match.group().lower()
        if _inside(match.span(), uses) or len(word) < need:
            continue
        if word[:need] == stem[:need]:
            return True
    return False


def check_glossary(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Check every glossary term of ``context`` that occurs in ``source``."""
    occurring = _terms_in(tuple(term.source for term in context.glossary))
    found = occurring(source)
    approved = {index: _approved_spans(context.glossary[index], target) for index, _ in found}

    def shared(index: int, other: int) -> bool:
        return any(a < d and c < b for a, b in approved[index] for c, d in approved[other])

    findings: list[Finding] = []
    for index, uses in found:
        term = context.glossary[index]
        # A forbidden word may translate another word of the term's family in the source.
        # Then one agreed rendering covers the term, as Korean often names a repeated noun
        # once ("4비트와 8비트 양자화"), unless other terms of the source ("pre-trained"
        # beside "pre-training") claim that rendering too.
        claims = None
        if term.forbidden and _has_sibling(source, term.source):
            others = sum(n for other, n in found if other != index and shared(index, other))
            claims = uses + others if others else 1
        abbreviated = _abbreviated(term.source, source, target)
        findings.extend(_check_term(term, target, claims, abbreviated=abbreviated))
    return findings

"""The ``repeated`` check: a word or phrase written twice in a row in the target.

Machine translation stutters in several ways: it emits a phrase twice ("일관된 추론과
오류 인식 데모: 일관된 추론과 오류 인식 데모"), doubles a word and gives only the second
copy its particle ("모델 모델을") or both copies other endings ("모델이 모델을",
"개선하고 개선합니다"), writes a verb's ending or particle again as a word ("개선했습니다
했습니다", "부록에 에", "보여 보여줍니다"), doubles a number ("10 10포인트"), spaces the
copy otherwise ("언어 모델 언어모델은") or glues it to
the first ("모델모델은", "데이터를를"). Korean doubles some words on purpose: adverbs
("매우 매우", "하나씩 하나씩", "차근차근") and distributives ("한 단계 한 단계") are left
alone. The check stays silent when the source repeats itself as well ("step by step",
"models judging models", "one model teaches another"), since the repetition is then
the author's. Each finding's ``fix`` drops the first copy, since the second carries the
particle the sentence needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corrections.checks.base import CheckContext, Finding, Severity, gettext_noop

CODE = "repeated"

# Brackets split words, so that a gloss ("모델(LLM)") does not hide the word before it.
_TOKEN = re.compile(r"[^\s()\[\]（）]+")
_PUNCTUATION = "".join(
    sorted(set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~·…“”‘’「」『』《》〈〉、。，：；！？（）–—"))
)
_HANGUL = re.compile(r"[가-힣]")
# A verb or adjective ending that stands as a word: "했습니다", "됩니다", "있습니다".
_PREDICATE = re.compile(r"(?:하|했|합|한|되|됐|됩|된|있|없|였|었|시켰|시킵)[가-힣]{0,3}(?:다|요)")
_LONE_PARTICLES = frozenset(
    {"은", "는", "을", "를", "에", "의", "와", "로", "에서", "으로", "에게"}
)
# "보여", "줄여", "해": the 아/어 form that an auxiliary verb follows.
_CONNECTIVE_VOWELS = frozenset({0, 1, 4, 6, 9, 14})
_AUXILIARY = re.compile(
    r"(?:주|줍|준|줄|줘|줬|드리|드립|드린|내|냅|낸|놓|두|둡|버리|버립|봅|봤)[가-힣]{0,3}"
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_UNITS = "%$€£°"
# A sentence end or a colon between two copies of one word means the second starts a
# new statement ("…새 모델. 모델은 …"); only a whole repeated phrase crosses it.
_BOUNDARY = re.compile(r"[.!?:;。：；！？…]")
# Longer repetitions than this many words are not machine-translation
# stutters but duplicated paragraphs, which other tools catch.
_MAX_WORDS = 30
_MIN_CHARS = 3
_MIN_HANGUL_SINGLE_WORD = 4
_MIN_STEM = 2
_SAME_HEAD_WORDS = 2
# A copy spaced otherwise spans at most this many words and needs this many letters.
_MAX_RESPACED = 3
_MIN_RESPACED_LETTERS = 3

# What may follow a noun to make a verb or an adjective: "개선" → "개선하고", "개선합니다".
_VERB_ENDING = re.compile(
    r"(?:하|합|한|할|함|해|했|되|된|될|됨|됩|돼|됐|시키|시킨|시킬|시켜|시킵|시켰)[가-힣]{0,3}"
)
# What may follow a noun in one word: an optional plural, then a case or
# delimiter particle. "모델" and "모델을" are one word with two endings;
# "분석" and "분석가" would be too, which is why the stem needs two letters and
# the doubled words must stand next to each other.
_PARTICLE = re.compile(
    r"(?:들)?(?:에서는|에서도|에게서|에서|에게|에는|에도|으로는|으로|로는|로|까지|부터|보다"
    r"|처럼|만큼|이라는|라는|이라고|라고|이나|이며|이고|이란|과의|와의|과는|와는|에의"
    r"|은|는|이|가|을|를|의|에|와|과|도|만|나|란)?"
)
# Words that Korean doubles for emphasis or to mean "one after another".
_REDUPLICATED: frozenset[str] = frozenset(
    {
        "매우", "아주", "정말", "너무", "계속", "다시", "자꾸", "빨리", "천천히", "조금",
        "하나", "서로", "따로", "차례", "가끔", "오래", "많이", "점점", "각각", "여러",
        "더욱", "거듭", "몇번", "번번이", "두루", "구석구석", "곳곳", "하루",
    }
)  # fmt: skip
_DISTRIBUTIVE = frozenset({"한", "각", "매"})
# A word or a particle glued to its own copy; Korean words built that way on purpose
# ("하나하나", "차근차근") are listed.
_GLUED = re.compile(
    r"([가-힣]{2,}|[A-Za-z]{3,})\1|(?<=[가-힣A-Za-z0-9])(을|를|은|는|에서|으로|에게)\2(?![가-힣])"
)
_GLUED_WORDS: frozenset[str] = frozenset(
    {
        "하나", "차근", "구석", "군데", "사이", "조각", "가지", "조금", "가끔", "오래", "이리",
        "두근", "반짝", "울퉁", "띄엄", "대충", "천천", "따로", "서로", "요리", "그럭", "알록",
        "오순", "도란", "흔들", "곰곰", "꼼꼼", "딱딱", "빨리", "자꾸", "여기", "번번", "하루",
    }
)  # fmt: skip
# One-syllable words that begin a noun phrase or stand for one ("이 이를" is "this, it").
_ONE_SYLLABLE_FUNCTION = frozenset(
    {
        "이", "그", "저", "한", "두", "세", "네", "각", "새", "수", "것", "더", "좀", "잘",
        "또", "꼭", "안", "못", "매",
    }
)  # fmt: skip
# One-syllable adverbs and interjections that may be doubled for emphasis ("쭉 쭉").
_ONE_SYLLABLE_ADVERBS = frozenset(
    {"참", "푹", "딱", "쭉", "꽉", "툭", "쑥", "싹", "척", "네", "예"}
)
_ADVERBS = _REDUPLICATED | {"좀", "더", "훨씬", "잘", "또", "꼭", "꽤", "가장"}

# Source words that do not make a repetition meaningful ("the … the").
_STOPWORDS: frozenset[str] = frozenset(
    {
        "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "by", "as",
        "at", "is", "are", "was", "be", "it", "its", "that", "this", "from", "than", "we",
        "our", "can", "not", "more", "most", "also", "which", "their", "they", "into",
    }
)  # fmt: skip
_SOURCE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_SOURCE_WINDOW = 3
_RECIPROCAL = re.compile(r"(?i)\b(?:another|each other|one another|other|themselves|itself)\b")

_WHY = gettext_noop(
    "A translator that stutters writes the same words twice; the source says them once."
)


@dataclass(frozen=True)
class _Word:
    """A word without its surrounding punctuation, where it sits and what precedes it."""

    norm: str
    start: int
    end: int
    boundary_before: bool
    # What stands between this word and the one before it: " " or "% " but not ", ".
    gap: str = ""


def _words(text: str) -> list[_Word]:
    """Split ``text`` into words, dropping tokens that are only punctuation."""
    words: list[_Word] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        core = token.strip(_PUNCTUATION)
        if not core:
            continue
        start = match.start() + token.index(core)
        boundary = bool(_BOUNDARY.search(text, previous_end, start))
        gap = text[previous_end:start]
        words.append(_Word(core.casefold(), start, start + len(core), boundary, gap))
        previous_end = start + len(core)
    return words


def _letters(word: str) -> int:
    """Count the letters of a word: Hangul syllables and Latin letters."""
    return sum(1 for char in word if char.isalpha())


def _long_enough(phrase: list[_Word]) -> bool:
    """Tell whether an exactly repeated phrase is a stutter.

    A phrase of several words needs three characters, unless it is a distributive
    ("한 단계 한 단계") or all adverbs ("좀 더 좀 더"). A single word counts unless Korean
    doubles it on purpose ("매우 매우", "하나씩 하나씩") or it is a bare number, which
    lists and shapes repeat ("(2, 2)"); "및 및" and "10% 10%" are stutters.
    """
    if len(phrase) >= 2:
        if phrase[0].norm in _DISTRIBUTIVE or all(word.norm in _ADVERBS for word in phrase):
            return False
        return len(" ".join(word.norm for word in phrase)) >= _MIN_CHARS
    norm = phrase[0].norm
    if len(_HANGUL.findall(norm)) >= _MIN_HANGUL_SINGLE_WORD:
        return True
    if norm.isdigit() or norm in _ADVERBS or norm in _ONE_SYLLABLE_ADVERBS:
        return False
    return (_letters(norm) >= 1 or len(norm) >= _MIN_STEM) and not norm.endswith(("씩", "히"))


def _split_particle(first: str, second: str) -> tuple[str, str] | None:
    """Return the endings of two words that are one stem with different endings.

    ``("모델", "모델을")`` gives ``("", "을")``, ``("모델이", "모델을")`` gives
    ``("이", "을")`` and ``("개선하고", "개선합니다")`` gives ``("하고", "합니다")``;
    words that differ otherwise give ``None``.
    """
    if first == second:
        return None
    common = 0
    for first_char, second_char in zip(first, second, strict=False):
        if first_char != second_char:
            break
        common += 1
    for stem_length in range(common, 0, -1):
        stem = first[:stem_length]
        if not _stem_long_enough(stem, first == stem):
            continue
        first_rest, second_rest = first[stem_length:], second[stem_length:]
        if _ending(first_rest) and _ending(second_rest):
            return first_rest, second_rest
    return None


def _stem_long_enough(stem: str, bare: bool) -> bool:
    """A stem needs two letters; a bare one-syllable noun ("값 값을") will do too."""
    if _letters(stem) >= _MIN_STEM:
        return True
    return bare and bool(_HANGUL.fullmatch(stem)) and stem not in _ONE_SYLLABLE_FUNCTION


def _ending(rest: str) -> bool:
    """Tell whether ``rest`` is a particle or a verb ending after a noun stem."""
    return bool(_PARTICLE.fullmatch(rest) or _VERB_ENDING.fullmatch(rest))


@dataclass(frozen=True)
class Repetition:
    """Two copies side by side: the spans of the first and of the second copy."""

    first: tuple[int, int]
    second: tuple[int, int]
    exact: bool
    words: int
    # The endings of the two copies when they differ: ("이", "을") for "모델이 모델을".
    endings: tuple[str, str] = ("", "")
    # The second copy is the ending of the first ("개선했습니다 했습니다"), so it is the
    # second copy that goes.
    tail: bool = False

    @property
    def both_marked(self) -> bool:
        """Both copies carry an ending, as a sentence about one thing acting on another of
        its kind may rightly have ("모델이 모델을 가르칩니다")."""
        return bool(self.endings[0])

    @property
    def two_particles(self) -> bool:
        return all(rest and _PARTICLE.fullmatch(rest) for rest in self.endings)


def _match(words: list[_Word], index: int, length: int) -> Repetition | None:
    """Compare the ``length`` words at ``index`` with the ``length`` words after them."""
    if length >= 2 and words[index].norm != words[index + length].norm:
        return None
    if length == 1 and _repeated_stem(words[index], words[index + 1]):
        spans = (
            (words[index].start, words[index].end),
            (words[index + 1].start, words[index + 1].end),
        )
        return Repetition(*spans, exact=False, words=1)
    if length == 1 and _repeated_ending(words[index], words[index + 1]):
        spans = (
            (words[index].start, words[index].end),
            (words[index + 1].start, words[index + 1].end),
        )
        return Repetition(*spans, exact=False, words=1, tail=True)
    if words[index].norm[:1] != words[index + length].norm[:1]:
        return None
    first, second = words[index : index + length], words[index + length : index + 2 * length]
    head_first, head_second = [w.norm for w in first[:-1]], [w.norm for w in second[:-1]]
    if head_first != head_second:
        return None
    spans = (first[0].start, first[-1].end), (second[0].start, second[-1].end)
    if length == 1 and _repeated_number(first[0], second[0]):
        return Repetition(*spans, exact=first[0].norm == second[0].norm, words=1)
    if first[-1].norm == second[-1].norm:
        return Repetition(*spans, exact=True, words=length) if _long_enough(first) else None
    if second[0].boundary_before:
        return None
    particles = _split_particle(first[-1].norm, second[-1].norm)
    if particles is None:
        # After two identical words, a last word on the same verb is a stutter whatever
        # its ending: "검색 성능을 높이고 검색 성능을 높입니다".
        if length >= _SAME_HEAD_WORDS + 1 and first[-1].norm[:1] == second[-1].norm[:1]:
            return Repetition(*spans, exact=False, words=length)
        return None
    if length == 1 and first[0].norm[: len(first[0].norm) - len(particles[0])] in _REDUPLICATED:
        return None
    if length >= 2 and (
        first[0].norm in _DISTRIBUTIVE or len(" ".join(w.norm for w in first)) < _MIN_STEM * 2
    ):
        return None
    return Repetition(*spans, exact=False, words=length, endings=particles)


def _repeated_ending(first: _Word, second: _Word) -> bool:
    """Tell whether a verb's ending comes again as a word of its own: "개선했습니다 했습니다".

    Korean spaces a verb from its noun ("개선 했습니다") but never after the ending is
    already written.
    """
    if second.boundary_before or len(first.norm) <= len(second.norm):
        return False
    if first.norm.endswith(second.norm):
        # A particle written again counts too: "부록에 에", "모델은 는".
        return _HANGUL.search(first.norm[: -len(second.norm)]) is not None and bool(
            _PREDICATE.fullmatch(second.norm) or second.norm in _LONE_PARTICLES
        )
    return False


def _repeated_stem(first: _Word, second: _Word) -> bool:
    """Tell whether a verb is written, then written again with its auxiliary: "보여 보여줍니다"."""
    rest = second.norm[len(first.norm) :]
    if second.boundary_before or not rest or not second.norm.startswith(first.norm):
        return False
    last = first.norm[-1]
    if len(_HANGUL.findall(first.norm)) < _MIN_STEM or not _HANGUL.fullmatch(last):
        return False
    vowel, final = divmod((ord(last) - ord("가")) % 588, 28)
    return final == 0 and vowel in _CONNECTIVE_VOWELS and bool(_AUXILIARY.fullmatch(rest))


def _repeated_number(first: _Word, second: _Word) -> bool:
    """Tell whether a number is written twice with only a space or its unit between.

    Lists and shapes separate their numbers ("(2, 2)", "2-2"); "10 10포인트" and "3% 3%"
    are a stutter. A digit after the copy makes another number ("1 12개").
    """
    if not _NUMBER.fullmatch(first.norm) or not second.norm.startswith(first.norm):
        return False
    if second.gap.strip(_UNITS + " ") or not second.gap.endswith(" ") or "\n" in second.gap:
        return False
    rest = second.norm[len(first.norm) :].lstrip(_UNITS)
    return not rest or _HANGUL.match(rest) is not None


def find_repetitions(text: str) -> list[Repetition]:
    """Return the back-to-back repetitions of ``text``, longest first at each place."""
    words = _words(text)
    places: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        places.setdefault(word.norm, []).append(position)
    found: list[Repetition] = []
    index = 0
    while index < len(words):
        best: tuple[int, Repetition] | None = None
        longest = min(_MAX_WORDS, (len(words) - index) // 2)
        # A phrase of several words repeats only where its first word comes again.
        lengths = [1] if longest else []
        lengths += [
            place - index for place in places[words[index].norm] if 2 <= place - index <= longest
        ]
        for length in lengths:
            repetition = _match(words, index, length)
            if repetition is not None:
                best = (2 * length, repetition)
        if best is None:
            best = _respaced(words, index)
        if best:
            found.append(best[1])
            index += best[0]
        else:
            index += 1
    for word in words:
        found.extend(_inside(text, word))
    found.sort(key=lambda repetition: repetition.second)
    return found


def _respaced(words: list[_Word], index: int) -> tuple[int, Repetition] | None:
    """Find a copy spaced otherwise: "언어 모델 언어모델은", "데이터셋 데이터 셋"."""
    initial = words[index].norm[:1]
    for first_length in range(1, _MAX_RESPACED + 1):
        middle = index + first_length
        if middle >= len(words) or words[middle].norm[:1] != initial:
            continue
        if words[middle].boundary_before:
            continue
        joined_first = "".join(word.norm for word in words[index:middle])
        if _letters(joined_first) < _MIN_RESPACED_LETTERS:
            continue
        for second_length in range(1, _MAX_RESPACED + 1):
            end = middle + second_length
            if first_length == second_length or end > len(words):
                continue
            joined_second = "".join(word.norm for word in words[middle:end])
            endings = _split_particle(joined_first, joined_second)
            # Only a particle may differ: "학습하는 법을 학습하는" is two verb forms.
            particles = endings is not None and all(_PARTICLE.fullmatch(e) for e in endings)
            if joined_first == joined_second or particles:
                spans = (
                    (words[index].start, words[middle - 1].end),
                    (
                        words[middle].start,
                        words[end - 1].end,
                    ),
                )
                repetition = Repetition(
                    *spans,
                    exact=joined_first == joined_second,
                    words=max(first_length, second_length),
                )
                return first_length + second_length, repetition
    return None


def _inside(text: str, word: _Word) -> list[Repetition]:
    """Find a stutter without a space: "모델모델은", "RAGRAG", "데이터를를"."""
    found = []
    original = text[word.start : word.end]
    for match in _GLUED.finditer(original):
        copy = match.group(1) or match.group(2)
        if copy.casefold() in _GLUED_WORDS:
            continue
        half = len(copy)
        start = word.start + match.start()
        found.append(Repetition((start, start + half), (start + half, start + 2 * half), True, 1))
    return found


def _source_repeats_a_word(source: str, window: int | None = _SOURCE_WINDOW) -> bool:
    """Tell whether the source says a content word twice within ``window`` words (or at all).

    "step by step", "layer-by-layer" and "models judging models" are repetitions that a
    faithful translation may keep.
    """
    words = [word.lower().removesuffix("s") for word in _SOURCE_WORD.findall(source)]
    for index, word in enumerate(words):
        if word in _STOPWORDS or len(word) < _MIN_STEM:
            continue
        if word in words[index + 1 : None if window is None else index + 1 + window]:
            return True
    return False


def _marked(target: str, repetition: Repetition) -> bool:
    """Tell whether an exact copy is a phrase or a word with a particle or a verb ending.

    A bare noun said twice ("데이터, 데이터") may echo the source; "모델을 모델을" does not.
    """
    if repetition.words >= 2:
        return True
    word = target[slice(*repetition.second)]
    return _HANGUL.search(word) is not None and any(
        _ending(word[cut:]) for cut in range(1, len(word))
    )


def check_repeated(source: str | None, target: str, context: CheckContext) -> list[Finding]:
    """Report words and phrases that the target repeats back to back and the source does not."""
    del context  # The check needs no digest-wide knowledge.
    repetitions = find_repetitions(target)
    if not repetitions:
        return []
    if source is not None:
        if len(find_repetitions(source)) >= len(repetitions):
            return []
        if _source_repeats_a_word(source):
            # Only a whole phrase said twice is still a stutter then.
            # So is a word written twice with one ending ("모델을 모델을") or a verb's
            # ending written again, which no source wording explains.
            repetitions = [r for r in repetitions if r.tail or (r.exact and _marked(target, r))]
        elif _RECIPROCAL.search(source) or _source_repeats_a_word(source, window=None):
            # "One model teaches another" is "모델이 모델을 가르칩니다" in Korean.
            repetitions = [r for r in repetitions if not r.both_marked]
    findings = []
    for repetition in repetitions:
        start, end = repetition.second
        # The second copy keeps its particle ("모델 모델을" → "모델을"), so the fix drops
        # the first copy and the space after it.
        fix = target[: repetition.first[0]] + target[start:]
        first = target[slice(*repetition.first)]
        if repetition.tail:
            fix = target[: repetition.first[1]] + target[end:]
            message = gettext_noop("'%(copy)s' repeats the ending of '%(first)s'")
        elif repetition.exact:
            message = gettext_noop("'%(copy)s' repeats the words just before it")
        else:
            message = gettext_noop("'%(copy)s' repeats '%(first)s' with another ending")
        findings.append(
            Finding(
                CODE,
                # A word said twice is almost surely a slip; with a particle on each copy
                # ("모델이 모델을") it may be a sentence about one thing and another.
                Severity.WARNING if repetition.two_particles else Severity.ERROR,
                message,
                (start, end),
                params={"copy": target[start:end], "first": first},
                why=_WHY,
                fix=fix,
            )
        )
    return findings

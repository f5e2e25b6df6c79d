"""Names that contain digits: model names, versions and mixture sizes.

"GPT-4o", "Aya-101", "Llama 3.1" and "Mistral 8x22B" contain digits, but the
digits are part of a name, not a quantity: a translation must copy them and
must never convert them. This module finds such names in English and in
Korean text (Korean keeps them in Latin script), so that the ``numbers``
check can exclude them from the quantities and compare them as text.
"""

from __future__ import annotations

import re

from corrections.checks.quantity import NameToken, normalise_name

# Mixture and shape sizes such as 8x22B or 1024x1024 are names, whereas "2x"
# followed by a word is a multiplier; a digit right after the "x" decides.
_DIMENSION = re.compile(
    r"(?<![A-Za-z0-9.\x00])\d+(?:\.\d+)?[x×]\d+(?:\.\d+)?[A-Za-z]*(?![A-Za-z0-9])"
)
# A token that starts with a letter and contains a digit: GPT-4o, o1,
# Aya-101, Qwen2.5-7B-Instruct, v1.1, H100, CIFAR-10, top-1.
_ALPHANUMERIC = re.compile(r"(?<![A-Za-z0-9_\x00])[A-Za-z][A-Za-z0-9_]*(?:[.\-][A-Za-z0-9_]+)*")
# A capitalised word followed by a short version number: Llama 3.1, Gemma 2,
# Granite 3.0, Apache 2.0. The lookahead refuses numbers that carry a unit or
# a magnitude ("Nearly 20 million", "Top 10%"), which are quantities.
_CAPITALISED = re.compile(
    r"(?<![A-Za-z0-9_\x00\-])(?P<word>[A-Z][A-Za-z]*[a-z][A-Za-z]*|[A-Z]{2,})"
    r" (?P<version>\d{1,2}(?:\.\d+){0,2})"
    r"(?![0-9A-Za-z%％×]|\.[0-9]|,[0-9]"
    r"|\s?(?:x(?![A-Za-z])|-?fold\b|percent\b|percentage\b|times\b|points?\b"
    r"|hundred\b|thousand\b|million\b|billion\b|trillion\b|dozen\b|decades?\b|years?\b"
    r"|%|배|년|개|명|가지|위|월|만|억|천|조|번째))"
)
_DIGIT_RUN = re.compile(r"\d+(?:\.\d+)*")
_PLURAL = re.compile(r"[0-9]s$")
_LEADING_LETTERS = re.compile(r"[a-z]+")
_SEPARATORS = re.compile(r"[\s_\-]+")

# Capitalised words that precede plain numbers: sentence openers,
# prepositions and determiners ("Since 2022", "Over 10"), and the words of
# cross-references, whose numbers must be compared as values ("Figure 1").
_NOT_NAMES: frozenset[str] = frozenset(
    {
        "A", "About", "Above", "Across", "After", "Against", "Ages", "All", "Almost", "Along",
        "Also", "Among", "An", "And", "Another", "Approximately", "Around", "As", "At", "Before",
        "Below", "Between", "Beyond", "Both", "But", "By", "Day", "Days", "During", "Each", "Even",
        "Every", "Exactly", "Fewer", "First", "For", "From", "Here", "Hour", "Hours", "In", "Into",
        "Its", "Just", "Last", "Less", "Many", "More", "Most", "Near", "Nearly", "Next", "No", "Of",
        "On", "Only", "Or", "Our", "Over", "Past", "Per", "Roughly", "Since", "Some", "Than",
        "That", "The", "Their", "Then", "There", "These", "This", "Those", "Through", "To", "Top",
        "Total", "Under", "Until", "Up", "Upon", "Using", "Via", "We", "Week", "Weeks", "When",
        "Where", "While", "With", "Within", "Without", "Year", "Years", "Month", "Months", "Step",
        "Steps", "Stage", "Stages", "Phase", "Level", "Levels", "Layer", "Layers", "Round",
        "Rounds", "Part", "Parts", "Task", "Tasks", "Question", "Questions", "Problem", "Problems",
        "Example", "Examples", "Exercise", "Experiment", "Experiments", "Listing", "Line", "Lines",
        "Page", "Pages", "Rule", "Rules", "Item", "Items", "Option", "Options", "Type", "Types",
        "Category", "Group", "Groups", "Case", "Cases", "Setting", "Settings", "Version",
        "Hypothesis", "Claim", "Insight", "Finding", "Findings", "Figure", "Figures", "Fig", "Figs",
        "Table", "Tables", "Section", "Sections", "Sec", "Appendix", "Chapter", "Chapters", "Eq",
        "Eqs", "Equation", "Equations", "Algorithm", "Algorithms", "Theorem", "Lemma", "Corollary",
        "Definition", "Proposition", "Remark", "Note", "Footnote", "Slide", "Slides", "Epoch",
        "Epochs", "Iteration", "Iterations", "Rank", "Ranked", "Bottom", "Vol", "Volume", "Issue",
        "Number", "Numbers", "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun",
        "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"
    }
)  # fmt: skip
_VERB_ENDINGS = ("ing", "ed", "ly")
# A digest's summaries open with a verb: "Compares 5 runtimes", "Trains 3 models".
_OPENING_VERBS = frozenset(
    {
        "Adds", "Analyses", "Analyzes", "Annotates", "Applies", "Audits", "Benchmarks", "Builds",
        "Collects", "Combines", "Compares", "Compiles", "Covers", "Creates", "Curates", "Defines",
        "Deploys", "Describes", "Designs", "Develops", "Distills", "Evaluates", "Examines",
        "Explores", "Extends", "Finds", "Generates", "Identifies", "Includes", "Introduces",
        "Investigates", "Labels", "Lists", "Maps", "Measures", "Offers",
        "Presents", "Proposes", "Provides", "Releases", "Reports", "Reviews", "Runs", "Samples",
        "Scales", "Selects", "Shows", "Simulates", "Spans", "Studies", "Surveys", "Tests",
        "Tracks", "Trains", "Translates", "Tunes", "Uses",
    }
)  # fmt: skip


def _name_token(text: str, span: tuple[int, int]) -> NameToken:
    """Build the comparison keys of one name."""
    norm = normalise_name(text)
    stem_match = _LEADING_LETTERS.match(norm)
    pieces = _SEPARATORS.split(text.lower())
    parts = {piece for piece in pieces if any(char.isdigit() for char in piece)}
    parts.add(norm)
    # The bare digit runs count too: "Q3" explains the "3" of "3분기".
    parts.update(_DIGIT_RUN.findall(text))
    return NameToken(
        text=text,
        span=span,
        norm=norm,
        stem=stem_match.group() if stem_match else "",
        parts=frozenset(parts),
        digits=tuple(_DIGIT_RUN.findall(text)),
    )


def _is_plain_word(word: str) -> bool:
    """Tell whether a capitalised word is an ordinary word rather than a name."""
    if word in _NOT_NAMES or word in _OPENING_VERBS:
        return True
    return not word.isupper() and word.lower().endswith(_VERB_ENDINGS)


def find_names(masked: str) -> list[NameToken]:
    """Return the digit-bearing names of ``masked`` text, in reading order.

    ``masked`` is the text with protected tokens replaced by NUL characters,
    so that URLs and arXiv ids are not read as names.
    """
    names: list[NameToken] = []
    taken: list[tuple[int, int]] = []

    def claim(span: tuple[int, int]) -> bool:
        if any(span[0] < end and start < span[1] for start, end in taken):
            return False
        taken.append(span)
        return True

    for match in _DIMENSION.finditer(masked):
        if claim(match.span()):
            names.append(_name_token(match.group(), match.span()))
    for match in _ALPHANUMERIC.finditer(masked):
        token = match.group()
        if not any(char.isdigit() for char in token):
            continue
        span = match.span()
        if _PLURAL.search(token):
            # "8 A100s" is the plural of the name A100, which Korean writes bare.
            token, span = token[:-1], (span[0], span[1] - 1)
        if claim(match.span()):
            names.append(_name_token(token, span))
    for match in _CAPITALISED.finditer(masked):
        if _is_plain_word(match.group("word")):
            continue
        if claim(match.span()):
            names.append(_name_token(match.group(), match.span()))
    names.sort(key=lambda name: name.span)
    return names

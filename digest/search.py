"""Search of entries, digests and comments as a reader may see them (a selector module).

A hit needs every word of the query inside one text: one sentence of an entry (its current
Korean translation or its English source), a digest's title or introduction, or a visible
comment's body. Words are matched as substrings, because Korean attaches particles and
writes compounds without spaces: "검색" has to be found inside "에이전트정보검색은". On
PostgreSQL the substring test is an ILIKE that the trigram (pg_trgm) GIN indexes of
migration 0006 serve. Trigram similarity alone cannot do it: a two-syllable word's padded
trigrams never occur in the middle of a longer word, so its similarity there is 0.

Ranking puts where the words were found first: an entry's or a digest's title (3) above an
entry's summary (2) and its abstract, a digest's introduction or a comment (1). On
PostgreSQL a relevance below 1 orders hits of the same weight: full-text rank with the
'simple' configuration (Korean has no stemmer; whole words rank above parts of words) and
trigram word similarity to the query. SQLite has neither, so its hits of the same weight
come newest week first. Either way the weight decides first, so the two databases agree on
which match comes first.

Results are read lazily: `search()` returns a sequence whose length and slices each run a
fixed number of queries, so Django's and DRF's paginators page through it as through a
queryset.
"""

import datetime
import re
import string
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Max,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from .models import FIELD_ORDER, Comment, Digest, Entry, Field, SegmentText

KINDS = ("entry", "digest", "comment")
# Longer queries are cut: nobody types more into a search box, and each word is one more
# substring test per row.
MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
SNIPPET_WIDTH = 160
# Quotes and punctuation around a word are not part of it ("GPT-4o," or «검색»).
_STRIP = string.punctuation + "“”‘’«»「」『』…·"

TITLE_WEIGHT = 3.0
SUMMARY_WEIGHT = 2.0
OTHER_WEIGHT = 1.0
# Keeps PostgreSQL's relevance below 1, so it never lifts a hit above a heavier one.
RELEVANCE_SHARE = 0.45


def clean_query(raw: str) -> str:
    """The query as searched: NFC (as Korean is stored), without NUL characters, with
    whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFC", raw.replace("\x00", ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def query_terms(query: str) -> list[str]:
    """The distinct words of a cleaned query, without surrounding punctuation."""
    terms: dict[str, str] = {}
    for word in query.split():
        word = word.strip(_STRIP)
        if word and word.casefold() not in terms:
            terms[word.casefold()] = word
    return list(terms.values())[:MAX_TERMS]


def _contains_all(text: str | None, terms: list[str]) -> bool:
    folded = (text or "").casefold()
    return bool(folded) and all(term.casefold() in folded for term in terms)


def _contains_any(text: str | None, terms: list[str]) -> bool:
    folded = (text or "").casefold()
    return any(term.casefold() in folded for term in terms)


def highlight(text: str, terms: list[str], *, width: int | None = SNIPPET_WIDTH) -> SafeString:
    """`text` escaped, with every occurrence of a term wrapped in <mark>; cut to about `width`
    characters around the first occurrence (with an ellipsis where text was left out)."""
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)),
        re.IGNORECASE,
    )
    prefix = suffix = ""
    if width is not None and len(text) > width:
        first = pattern.search(text)
        start = max(0, (first.start() if first else 0) - width // 3)
        end = min(len(text), start + width)
        start = max(0, end - width)
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        text = text[start:end]
    parts: list[SafeString] = [escape(prefix)]
    position = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    parts.extend([escape(text[position:]), escape(suffix)])
    return format_html_join("", "{}", ((part,) for part in parts))


@dataclass
class SearchResult:
    """One hit, ready to show: `title_html` and `snippet_html` are escaped text with <mark>s."""

    kind: str
    id: int
    url: str
    # Where the snippet comes from: title, summary, abstract (entries), title or intro
    # (digests), comment.
    field: str
    title: str
    title_html: SafeString
    snippet_html: SafeString
    # "ko" for a translation, "en" for an English source, None when unknown (comments).
    snippet_lang: str | None
    digest: Digest
    author: str = ""
    entry_position: int | None = None


def _all_terms(lookup: str, terms: list[str]) -> Q:
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{lookup}__icontains": term})
    return condition


def _float(value: float) -> Value:
    return Value(value, output_field=FloatField())


def _relevance(query: str, *fields: str):
    """PostgreSQL's order among hits of one weight: below RELEVANCE_SHARE * 2 < 1."""
    similarities = [
        TrigramWordSimilarity(Value(query), Coalesce(F(name), Value(""))) for name in fields
    ]
    similarity = Greatest(*similarities) if len(similarities) > 1 else similarities[0]
    rank = SearchRank(
        SearchVector(*fields, config="simple"),
        SearchQuery(query, config="simple"),
        # rank / (rank + 1): bounded by 1 whatever the text's length.
        normalization=32,
    )
    return ExpressionWrapper(
        _float(RELEVANCE_SHARE) * similarity + _float(RELEVANCE_SHARE) * rank,
        output_field=FloatField(),
    )


class _JsonTextsSQLite(Func):
    """A JSON list's strings joined by spaces. SQLite stores JSON with non-ASCII characters
    escaped (\\uXXXX), so the column's own text would not contain a Korean word;
    json_each gives the strings back."""

    template = "(SELECT group_concat(value, ' ') FROM json_each(%(expressions)s))"
    output_field = TextField()


def _intro_text():
    """A digest's introduction paragraphs (a JSON list) as one searchable text."""
    if connection.vendor == "postgresql":
        return Cast("intro", TextField())
    return _JsonTextsSQLite("intro")


class SearchResults:
    """The hits of one search, best first. `count()` and each slice run a fixed number of
    queries (one per kind searched, plus one or two per kind on the slice)."""

    def __init__(self, *, query: str, viewer, kind: str | None, week: datetime.date | None):
        self.query = query
        self.terms = query_terms(query)
        self.viewer = viewer
        self.kinds = (kind,) if kind else KINDS
        self.week = week
        self.postgres = connection.vendor == "postgresql"

    # --- which rows match, and their rank ----------------------------------------------

    def _digests(self) -> QuerySet[Digest]:
        digests = Digest.objects.visible_to(self.viewer)
        if self.week is not None:
            digests = digests.filter(period_start__lte=self.week, period_end__gte=self.week)
        return digests

    def _ranked_entries(self) -> QuerySet:
        rows = SegmentText.objects.filter(
            revision_id=F("segment__entry__current_revision_id"),
            segment__entry__digest__in=self._digests(),
        ).filter(_all_terms("text", self.terms) | _all_terms("segment__source", self.terms))
        score = Case(
            When(segment__field=Field.TITLE, then=_float(TITLE_WEIGHT)),
            When(segment__field=Field.SUMMARY, then=_float(SUMMARY_WEIGHT)),
            default=_float(OTHER_WEIGHT),
            output_field=FloatField(),
        )
        if self.postgres:
            score = ExpressionWrapper(
                score + _relevance(self.query, "text", "segment__source"),
                output_field=FloatField(),
            )
        return (
            rows.values(
                hit_id=F("segment__entry_id"), period=F("segment__entry__digest__period_start")
            )
            .annotate(rank=Max(score))
            .order_by("-rank", "-period", "-hit_id")
        )

    def _ranked_digests(self) -> QuerySet:
        rows = (
            self._digests()
            .annotate(intro_text=_intro_text())
            .filter(_all_terms("title", self.terms) | _all_terms("intro_text", self.terms))
        )
        score = Case(
            When(_all_terms("title", self.terms), then=_float(TITLE_WEIGHT)),
            default=_float(OTHER_WEIGHT),
            output_field=FloatField(),
        )
        if self.postgres:
            score = ExpressionWrapper(
                score + _relevance(self.query, "title", "intro_text"), output_field=FloatField()
            )
        return (
            rows.annotate(rank=score)
            .values("rank", hit_id=F("pk"), period=F("period_start"))
            .order_by("-rank", "-period", "-hit_id")
        )

    def _ranked_comments(self) -> QuerySet:
        rows = (
            Comment.objects.visible()
            .filter(digest__in=self._digests())
            .filter(_all_terms("body", self.terms))
        )
        score = _float(OTHER_WEIGHT)
        if self.postgres:
            score = ExpressionWrapper(
                score + _relevance(self.query, "body"), output_field=FloatField()
            )
        return (
            rows.annotate(rank=score)
            .values("rank", hit_id=F("pk"), period=F("digest__period_start"))
            .order_by("-rank", "-period", "-hit_id")
        )

    @cached_property
    def _ranked(self) -> dict[str, QuerySet]:
        builders = {
            "entry": self._ranked_entries,
            "digest": self._ranked_digests,
            "comment": self._ranked_comments,
        }
        return {kind: builders[kind]() for kind in self.kinds}

    # --- the sequence ------------------------------------------------------------------

    @cached_property
    def _counts(self) -> dict[str, int]:
        if not self.terms:
            return {}
        return {kind: ranked.count() for kind, ranked in self._ranked.items()}

    @cached_property
    def _count(self) -> int:
        return sum(self._counts.values())

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        return iter(self[: self._count])

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self._count)
        if start >= stop:
            return []
        hits = [
            (kind, row)
            for kind, ranked in self._ranked.items()
            if self._counts[kind]
            for row in ranked[:stop]
        ]
        # The same order as each kind's query, kinds in KINDS order on a tie.
        hits.sort(
            key=lambda hit: (
                -hit[1]["rank"],
                -hit[1]["period"].toordinal(),
                KINDS.index(hit[0]),
                -hit[1]["hit_id"],
            )
        )
        hits = hits[start:stop]
        found = self._results(
            {kind: [row["hit_id"] for k, row in hits if k == kind] for kind in self.kinds}
        )
        # A hit deleted since it was ranked is left out.
        return [found[kind][row["hit_id"]] for kind, row in hits if row["hit_id"] in found[kind]]

    # --- what a page shows of each hit -------------------------------------------------

    def _results(self, ids: dict[str, list[int]]) -> dict[str, dict[int, SearchResult]]:
        readers = {
            "entry": self._entry_results,
            "digest": self._digest_results,
            "comment": self._comment_results,
        }
        return {kind: readers[kind](kind_ids) if kind_ids else {} for kind, kind_ids in ids.items()}

    def _entry_results(self, ids: list[int]) -> dict[int, SearchResult]:
        entries = Entry.objects.select_related("digest").in_bulk(ids)
        rows = (
            SegmentText.objects.filter(
                revision_id__in=[entry.current_revision_id for entry in entries.values()]
            )
            .select_related("segment")
            .order_by("segment__position", "segment_id")
        )
        texts: dict[int, dict[str, list[tuple[str | None, str]]]] = {}
        for row in rows:
            fields = texts.setdefault(row.segment.entry_id, {})
            fields.setdefault(row.segment.field, []).append((row.segment.source, row.text))
        return {pk: self._entry_result(entry, texts.get(pk, {})) for pk, entry in entries.items()}

    def _entry_result(self, entry: Entry, fields) -> SearchResult:
        title = " ".join(target for _source, target in fields.get(Field.TITLE, []))
        # Candidate snippets, best first: the English title (the Korean one is the heading),
        # then each sentence of the summary and the abstract, Korean before English.
        candidates = [
            (Field.TITLE.value, source, "en") for source, _target in fields.get(Field.TITLE, [])
        ]
        for name in FIELD_ORDER[1:]:
            for source, target in fields.get(name, []):
                candidates += [(name.value, target, "ko"), (name.value, source, "en")]
        candidates = [c for c in candidates if c[1]]
        # Without a word in any of them (the Korean title alone matched), the summary's
        # first sentence gives the context.
        context = next(
            (c for c in candidates if c[0] != Field.TITLE),
            candidates[0] if candidates else (Field.TITLE.value, "", "ko"),
        )
        field, text, lang = next(
            (c for c in candidates if _contains_all(c[1], self.terms)),
            next((c for c in candidates if _contains_any(c[1], self.terms)), context),
        )
        if _contains_all(title, self.terms):
            field = Field.TITLE.value
        return SearchResult(
            kind="entry",
            id=entry.pk,
            url=entry.get_absolute_url(),
            field=field,
            title=title,
            title_html=highlight(title, self.terms, width=None),
            snippet_html=highlight(text, self.terms),
            snippet_lang=lang,
            digest=entry.digest,
            entry_position=entry.position,
        )

    def _digest_results(self, ids: list[int]) -> dict[int, SearchResult]:
        results = {}
        for digest in Digest.objects.filter(pk__in=ids):
            paragraphs = [p for p in digest.intro if isinstance(p, str) and p]
            text = next(
                (p for p in paragraphs if _contains_all(p, self.terms)),
                next(
                    (p for p in paragraphs if _contains_any(p, self.terms)),
                    paragraphs[0] if paragraphs else "",
                ),
            )
            results[digest.pk] = SearchResult(
                kind="digest",
                id=digest.pk,
                url=digest.get_absolute_url(),
                field="title" if _contains_all(digest.title, self.terms) else "intro",
                title=digest.title,
                title_html=highlight(digest.title, self.terms, width=None),
                snippet_html=highlight(text, self.terms),
                snippet_lang="ko",
                digest=digest,
            )
        return results

    def _comment_results(self, ids: list[int]) -> dict[int, SearchResult]:
        comments = Comment.objects.select_related("digest", "entry", "author").filter(pk__in=ids)
        return {
            comment.pk: SearchResult(
                kind="comment",
                id=comment.pk,
                url=comment.get_absolute_url(),
                field="comment",
                title=comment.digest.title,
                title_html=escape(comment.digest.title),
                snippet_html=highlight(comment.body, self.terms),
                snippet_lang=None,
                digest=comment.digest,
                author=comment.author.public_name,
                entry_position=comment.entry.position if comment.entry_id else None,
            )
            for comment in comments
        }


def search(
    *, query: str, viewer, kind: str | None = None, week: datetime.date | None = None
) -> SearchResults:
    """What `viewer` may read that matches `query`, best first; slice it (or hand it to a
    paginator) for a page. `kind` is one of KINDS (None: all of them); `week` keeps the
    digests whose period holds that day. A query without words finds nothing, without a
    query run."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"Unknown kind of result: {kind!r}")
    return SearchResults(query=clean_query(query), viewer=viewer, kind=kind, week=week)


def search_weeks(*, viewer) -> list[datetime.date]:
    """The first days of the digests `viewer` may read, newest first: the week filter's
    choices (one query)."""
    return list(
        Digest.objects.visible_to(viewer)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .distinct()
    )

"""Every payload of the XSS corpus, through every field people write, read back in Chromium.

The corpus is tests/digest/data/xss_payloads.txt (public cheat sheets plus Markdown-, htmx- and
marker-calling vectors; see tests/digest/test_xss_corpus.py). Each payload is written into each
field below through the service that writes the field (the importer, from a digest/1 file, for
imported content), packed several to a value as far as the field's length limit allows and
framed by markers (`qxb<tag>qx … qxe<tag>qx`; only the begin marker where a field holds 60
characters). A value a service refuses with its domain error is split in halves and retried,
down to the single payloads refused; those are counted, never written another way. Payloads
longer than a field's limit are counted and not written there.

Fields, who writes them, and the pages where they are checked (as whom, when it matters):

=========================================  ===========  ==========================================
field (service)                            writer       pages
=========================================  ===========  ==========================================
comment body, digest discussion            member       digest page (visitor, editor), comment edit
  (comment_create)                                      and delete pages (author, first three),
                                                        contributions
comment body, entry discussion             member       entry page, digest page
comment body held for moderation           new member   digest page (editor), moderation queue
comment's earlier text (comment_edit)      new member   moderation queue (earlier versions)
comment body quoting a sentence            member       entry page, names digest, sentence page
                                                        (editor: comments quoting it; member:
                                                        the ?from_comment= note, first three)
display name (profile_update)              member,      names digest (every name), notifications
                                           staff        ("… replied", the first 40), moderation
                                                        queue, profile and header (three members),
                                                        contributions, sentence page, review
                                                        queue, history, notification emails
imported history names (placeholder        importer     entry history page
  accounts, digest_import)
imported revision summary                  importer     entry history page
digest title, publisher (digest_import)    importer     home page (all), digest pages, headings
                                                        and breadcrumbs of the review and
                                                        moderation queues
digest introduction, closing notice        importer     digest page, home page (first paragraph)
entry title / summary / abstract, English  importer     entry page (inline and side by side),
  and Korean of each sentence                           digest page, old revision page, sentence
                                                        pages, the quote of a comment
entry links (digest_import)                importer     digest page
entry links (entry_links_update)           editor       digest page
flag note (flag_create)                    member       sentence page (editor, the flagger),
                                                        review queue, suggestion review page
flag dismissal note (flag_dismiss)         editor       audit log
suggestion text (suggestion_create)        member       sentence pages (visitor, author, its edit
                                                        form), review queue, suggestion review
                                                        pages (each), contributions
suggestion note (suggestion_create)        member       sentence pages, review queue, suggestion
                                                        review page (first), contributions
rejection note (suggestion_reject)         editor       contributions (author, editor),
                                                        notifications, notification email
text an editor publishes for a suggestion  editor       entry page, history diff, contributions
  (suggestion_accept)
revision summary (segment_edit,            editor       entry history page
  revision_revert, suggestions_publish)
a sentence edited directly (segment_edit)  editor       entry page, history diff, old revision
                                                        pages, sentence page
outdated suggestion (rebased onto the      member       review queue, sentence page (editor)
  edited sentence)
comment report note (report_create)        member       moderation queue
moderation reason (comment_moderate)       moderator    digest page (author), contributions,
                                                        notifications, moderation queue, audit log,
                                                        notification email
suspension reason (suspension_impose)      moderator    moderation member page, notifications,
                                                        audit log, notification email
trust decision reason (trust_level_set)    moderator    moderation member page, audit log
glossary term, approved and forbidden      editor       glossary (visitor: every page; editor),
  renderings, note (term_save)                          term edit page, automatic findings that
                                                        quote them (needs attention, sentence page)
proposed term, rendering, note             member       glossary (editor)
  (term_propose)
all of the above                                        admin change lists (first page) and change
                                                        pages of a member, a term, an entry and a
                                                        comment
=========================================  ===========  ==========================================

Not covered: entry link labels (the site's own words, nobody writes them); notification texts
beyond the names and notes above (the site's own words); the e-mail newsletter and the Atom feed
(not HTML pages of the site; notification e-mails are opened, five per field they carry).

Every page is opened in Chromium as the person who sees those fields, with the page's
Content-Security-Policy bypassed (so that the escaping itself is what is tested) and a trap
installed before any script of the page (tests/browser/xss_harness.py): any call of
alert/confirm/prompt/print, eval, Function, a string timer, document.write or the corpus's own
marker functions, any dialog, any request off the site or any request htmx makes without being
asked, any frame, navigation or uncaught script error fails. In the DOM, inside every region of
user text, no element may carry an `on*`, `hx-*`/`data-hx-*` or style attribute or a
`javascript:`/`vbscript:`/`data:` address (the site shows no `data:` image on these pages), and
only the elements the sanitizer allows may appear; on the page as a whole, the same kinds of
markup may appear only as they do on the same pages filled with harmless text (a first pass
builds that baseline, then its digests go back to drafts). Every value written must show on at
least one page, and every field on each kind of page listed for it.
"""

import datetime
import json
import os
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import (
    editor_grant,
    moderator_grant,
    profile_update,
    suspension_impose,
    trust_level_refresh,
    trust_level_set,
)
from core.errors import DomainError
from corrections.glossary import term_propose, term_save
from corrections.models import Flag, GlossaryTerm
from corrections.services.flags import flag_create, flag_dismiss
from corrections.services.imports import import_settle
from corrections.services.review import suggestion_accept, suggestion_reject, suggestions_publish
from corrections.services.revisions import revision_revert
from corrections.services.segments import segment_edit
from corrections.services.suggestions import suggestion_create, suggestion_withdraw
from digest.interchange import InterchangeError, from_json
from digest.loading import DigestFileError, load_digest_file
from digest.models import Comment, Segment
from digest.services import DigestError, digest_import, digest_unpublish
from digest.services.comments import comment_create, comment_edit
from digest.services.entries import entry_links_update
from digest.services.moderation import comment_moderate, report_create
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory

from .xss_harness import Chunk, Packer, Visit, Visitor, load_payloads

TIMEOUT_MS = 30_000
# Payloads holding a NUL are left out: every door refuses NUL before any service sees it
# (core.guards, core.parsers; tests/core/test_guards.py and test_probe.py), and PostgreSQL
# cannot store it, so they say nothing about escaping.
PAYLOADS = [payload for payload in load_payloads() if "\x00" not in payload]
# The harmless twin of the corpus: the same fields, the same states, the same pages.
HARMLESS = [
    "좋은 번역입니다.",
    "[출처](https://example.com/a) 를 보세요",
    "첫 줄\n둘째 줄",
    "https://example.org/b 참고",
    "**굵게** 와 *기울임* 과 `코드`",
    "> 인용한 문장",
    "- 목록 하나\n- 목록 둘",
    "평범한 독자의 말",
]
# Refusals a write may end in: the domain errors of the services and of the importer.
REFUSALS = (DomainError, DigestError, InterchangeError, DigestFileError)
HANGUL = "가나다라마바사아자차카타파하거너더러머버서"
# The work entry's sentences are Korean only: a diff of one against a payload then never
# matches letters of a marker, which stays whole inside one inserted run. It has this many
# sentences more than the values counted, for values split in halves after a refusal.
SPARE_SENTENCES = 12
# Named members whose reply is notified (notifications come 20 to a page), and whose link
# waits in the moderation queue; every name shows on the names digest.
NAMES_TOLD = 40
NAMES_HELD = 20
# Notification emails opened, at most, per field whose text they carry.
EMAILS_PER_FIELD = 5

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hangul(number: int) -> str:
    word = ""
    while True:
        number, digit = divmod(number, len(HANGUL))
        word = HANGUL[digit] + word
        if not number:
            return word


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("GYOJEONG_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required in CI but /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls that set up and
    # check data here are plain synchronous code all the same.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


# --- bookkeeping ----------------------------------------------------------------------------


class Field:
    """What became of the corpus in one field."""

    def __init__(self, code: str, label: str, pages: tuple[str, ...], *, framed: bool = True):
        self.code = code
        self.label = label
        self.pages = pages
        self.framed = framed
        self.tags: list[str] = []
        self.written: set[int] = set()
        self.refused: dict[int, str] = {}
        self.too_long: list[int] = []
        self.writes = 0

    def accept(self, chunk: Chunk) -> None:
        self.writes += 1
        self.tags.append(chunk.tag)
        self.written.update(chunk.indices)

    def refuse(self, chunk: Chunk, error: Exception) -> None:
        for index in chunk.indices:
            self.refused[index] = f"{type(error).__name__}: {str(error)[:80]}"


def established(user: User) -> User:
    """A member past the new-member days."""
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - datetime.timedelta(days=30))
    user.refresh_from_db()
    trust_level_refresh(user=user)
    user.refresh_from_db()
    return user


def _doc(slug: str, title: str, publisher: str, entries: list[dict], **extra) -> dict:
    return {
        "format": "digest/1",
        "slug": slug,
        "title": title,
        "publisher": publisher,
        "period_start": "2024-10-21",
        "period_end": "2024-10-27",
        "status": "published",
        "entries": entries,
        **extra,
    }


def _segments(pairs) -> list[dict]:
    return [{"source": source, "target": target} for source, target in pairs]


def _entry(position: int, *, title=None, summary=None, abstract=None, **extra) -> dict:
    fields = [
        {"name": "title", "segments": _segments(title or [(f"Entry {position}", "항목")])},
        {"name": "summary", "segments": _segments(summary or [("It works.", "잘 됩니다.")])},
    ]
    if abstract:
        fields.append({"name": "abstract", "segments": _segments(abstract)})
    return {"position": position, "kind": "paper", "fields": fields, **extra}


def _history_entry(position: int, revisions: list[tuple[str, str | None, list[str]]]) -> dict:
    """An entry whose history has, after the machine revision, one correction per
    (summary, editor, contributors), each changing its one sentence."""
    moment = datetime.datetime(2024, 10, 21, 9, tzinfo=datetime.UTC)

    def fields(target: str) -> list[dict]:
        return [
            {"name": "title", "segments": _segments([("History", "이력")])},
            {"name": "summary", "segments": _segments([("It changed.", target)])},
        ]

    history = [
        {
            "number": 1,
            "kind": "machine",
            "created_at": moment.isoformat(),
            "fields": fields("이력 문장"),
        }
    ]
    for number, (summary, editor, contributors) in enumerate(revisions, start=2):
        history.append(
            {
                "number": number,
                "kind": "correction",
                "created_at": (moment + datetime.timedelta(minutes=number)).isoformat(),
                "summary": summary,
                "editor": editor,
                "contributors": contributors,
                "fields": fields(f"이력 문장 {hangul(number)}"),
            }
        )
    return {
        "position": position,
        "kind": "paper",
        "fields": history[-1]["fields"],
        "history": history,
    }


# --- the world: every field filled through its service ---------------------------------------


class World:
    """Everything one pass writes: with the corpus, or with harmless text for the baseline."""

    def __init__(self, *, name: str, payloads: list[str], codes: str, folder: Path, staff):
        self.name = name
        self.payloads = payloads
        self.prefix = f"xss-{name}"
        self.codes = codes  # "" for the corpus, "z" for the harmless twin: tags never clash
        self.folder = folder
        self.editor, self.moderator, self.admin = staff
        self.fields: dict[str, Field] = {}
        self.packers: dict[str, Packer] = {}
        self.users: list[User] = []
        self.imports = 0

    # bookkeeping helpers

    def field(self, code: str, label: str, pages: tuple[str, ...], **kwargs) -> Field:
        field = Field(self.codes + code, label, pages, **kwargs)
        self.fields[code] = field
        self.packers[code] = Packer(self.codes + code, self.payloads)
        return field

    def chunks(self, code: str, capacity: int, *, sep: str, closed: bool = True) -> list[Chunk]:
        chunks, too_long = self.packers[code].pack(capacity, sep=sep, closed=closed)
        self.fields[code].too_long = too_long
        return chunks

    def put(self, code: str, chunks, write, *, sep: str, closed: bool = True) -> list:
        """write(chunk) for each chunk; a refused chunk is split in halves and retried, down
        to the single payloads that are refused."""
        field, results = self.fields[code], []
        pending = list(chunks)
        while pending:
            chunk = pending.pop(0)
            try:
                results.append((chunk, write(chunk)))
            except REFUSALS as error:
                if len(chunk.indices) == 1:
                    field.refuse(chunk, error)
                else:
                    pending[:0] = self.packers[code].halves(chunk, sep=sep, closed=closed)
                continue
            field.accept(chunk)
        return results

    def member(self) -> User:
        user = UserFactory()
        self.users.append(user)
        return user

    def probe(self, place, text: str) -> Exception | None:
        """The importer's verdict on `text` in one place of a document."""
        document = _doc(f"{self.prefix}-probe", "제목", "발행", [_entry(1)])
        place(document, text)
        try:
            from_json(document)
        except InterchangeError as error:
            return error
        return None

    def probed(self, code: str, chunks: list[Chunk], place, *, sep: str, closed=True):
        """The chunks the importer takes (refused ones split in halves until what is left
        is the payloads it refuses, counted)."""
        field, kept = self.fields[code], []
        pending = list(chunks)
        while pending:
            chunk = pending.pop(0)
            error = self.probe(place, chunk.text)
            if error is None:
                kept.append(chunk)
            elif len(chunk.indices) == 1:
                field.refuse(chunk, error)
            else:
                pending[:0] = self.packers[code].halves(chunk, sep=sep, closed=closed)
        for chunk in kept:
            field.accept(chunk)
        return kept

    def import_file(self, document: dict, *, settle: bool = False):
        """Import a digest/1 document from a file, as `import_digest` does; `settle` also runs
        the automatic checks (only the main digest needs its findings)."""
        self.imports += 1
        path = self.folder / f"{document['slug']}.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        (data,) = load_digest_file(path)
        result = digest_import(data=data, actor=self.editor)
        if settle:
            import_settle(result=result)
        return result.digest

    # the fields

    def build(self) -> None:
        self.declare()
        self.timings: dict[str, float] = {}
        # The links come before the audited reasons and notes, which the audit log then shows
        # on its first pages.
        steps = ("people", "glossary", "digests", "links", "comments", "corrections", "moderation")
        for step in steps:
            started = time.monotonic()
            getattr(self, step)()
            self.timings[step] = time.monotonic() - started

    def declare(self) -> None:
        f = self.field
        f("cd", "comment body (digest)", ("digest", "comment-edit", "contributions"))
        f("ce", "comment body (entry)", ("entry", "digest"))
        f("ch", "comment body held for moderation", ("digest", "moderation-queue"))
        f("ck", "comment's earlier text", ("moderation-queue",))
        f(
            "cu",
            "comment quoting a sentence",
            ("entry", "digest-names", "segment", "segment-from-comment"),
        )
        f(
            "nm",
            "display name",
            (
                "digest-names", "notifications", "profile", "email", "review-queue",
                "moderation-queue", "history", "contributions", "segment",
            ),
        )  # fmt: skip
        f("hn", "imported history names", ("history",))
        f("hs", "imported revision summary", ("history",))
        f("ti", "digest title (import)", ("home", "digest", "review-queue", "moderation-queue"))
        f("pu", "digest publisher (import)", ("home", "digest"))
        f("in", "digest introduction (import)", ("digest", "home"))
        f("no", "digest closing notice (import)", ("digest",))
        for code, label in [
            ("tt", "entry title, Korean"),
            ("ts", "entry title, English"),
            ("mt", "entry summary, Korean"),
            ("ms", "entry summary, English"),
            ("at", "entry abstract, Korean"),
            ("as", "entry abstract, English"),
        ]:
            f(code, f"{label} (import)", ("entry", "digest", "revision", "segment"))
        f("ul", "entry links (import)", ("digest",), framed=False)
        f("lk", "entry links (entry_links_update)", ("digest-links",), framed=False)
        f("fn", "flag note", ("segment", "review-queue", "review-detail"))
        f("dn", "flag dismissal note", ("audit",))
        f("sg", "suggestion text", ("segment", "review-queue", "review-detail", "contributions"))
        f("sn", "suggestion note", ("segment", "review-queue", "review-detail", "contributions"))
        f("rj", "rejection note", ("contributions", "notifications", "email"))
        f("ac", "text published for a suggestion", ("entry", "history", "contributions"))
        f("rv", "revision summary", ("history",))
        f("de", "sentence edited directly", ("entry", "history", "revision", "segment"))
        f("so", "outdated suggestion", ("review-queue", "segment"))
        f("rp", "comment report note", ("moderation-queue",))
        f(
            "mr",
            "moderation reason",
            ("digest", "contributions", "notifications", "audit", "email", "moderation-queue"),
        )
        f("sr", "suspension reason", ("moderation-member", "notifications", "audit", "email"))
        f("tr", "trust decision reason", ("moderation-member", "audit"))
        f("gs", "glossary term", ("glossary", "term-edit", "attention"))
        f("ga", "glossary approved rendering", ("glossary", "attention"))
        f("gf", "glossary forbidden rendering", ("glossary",))
        f("gn", "glossary note", ("glossary",))
        f("gp", "proposed term", ("glossary",))
        f("gr", "proposed rendering", ("glossary",))
        f("go", "proposal note", ("glossary",))

    def people(self) -> None:
        """Every payload becomes a member's display name (the prefix marker where it fits)."""
        field = self.fields["nm"]
        self.name_tags: dict[int, str] = {}
        for index, payload in enumerate(self.payloads):
            user = self.member()
            framed = self.packers["nm"].frame([(index, payload)], sep="", closed=False)
            chunk = framed if len(framed.text) <= 60 else Chunk("", payload, [index])
            try:
                profile_update(user=user, display_name=chunk.text)
            except REFUSALS as error:
                field.refuse(chunk, error)
            else:
                field.accept(chunk)
                self.name_tags[user.pk] = chunk.tag
        # The people who write the rest, each under one of those names where there are enough.
        roles = [
            "suggester", "rejected", "accepted", "moderated", "suspended", "trusted",
            "reporter", "writer", "newcomer", "dismissed", "quoter", "outdated", "replied",
            "reported",
        ]  # fmt: skip
        while len(self.users) < len(roles):
            self.member()
        # Staff names show beside their work (revisions, moderation, suspensions, audit log).
        for index, user in enumerate((self.editor, self.moderator, self.admin)):
            if index < len(self.payloads):
                chunk = self.packers["nm"].frame(
                    [(index, self.payloads[index])], sep="", closed=False
                )
                self.put(
                    "nm",
                    [chunk],
                    lambda c, user=user: profile_update(user=user, display_name=c.text),
                    sep="",
                    closed=False,
                )
        self.named = list(self.users)
        self.role = dict(zip(roles, self.named, strict=False))
        for role in ("writer", "reporter", "moderated", "replied", "reported", "quoter"):
            established(self.role[role])

    def glossary(self) -> None:
        packs = {
            "gs": self.chunks("gs", 120, sep=" "),
            "ga": self.chunks("ga", 2000, sep=" "),
            "gf": self.chunks("gf", 2000, sep=" "),
            "gn": self.chunks("gn", 300, sep=" "),
        }
        benign = {"gs": "", "ga": "용어", "gf": "", "gn": ""}
        number = iter(range(1_000_000))

        def save(values: dict[str, str]) -> GlossaryTerm:
            n = next(number)
            term = GlossaryTerm(
                source=values.get("gs") or f"{self.prefix} term {n}",
                approved=[values.get("ga") or f"용어 {hangul(n)}"],
                forbidden=[values["gf"]] if values.get("gf") else [],
                note=values.get("gn", ""),
                status=GlossaryTerm.Status.APPROVED,
            )
            return term_save(term=term, editor=self.editor)

        # One term per source; the forbidden renderings and notes ride on the first terms. The
        # approved renderings ride on terms of plain words after them: the checks quote an
        # approved rendering only for a term they find in the English, and a source made of
        # markup reads as code to them, where no term counts. A refused term is written
        # again field by field, the others harmless.
        offset = {"ga": len(packs["gs"])}
        rows = max(offset.get(code, 0) + len(chunks) for code, chunks in packs.items())
        self.terms = []
        for row in range(rows):
            values = {
                code: chunks[row - offset.get(code, 0)]
                for code, chunks in packs.items()
                if 0 <= row - offset.get(code, 0) < len(chunks)
            }
            try:
                self.terms.append(save({code: chunk.text for code, chunk in values.items()}))
            except REFUSALS:
                for code, chunk in values.items():
                    done = self.put(
                        code, [chunk], lambda c, code=code: save({**benign, code: c.text}), sep=" "
                    )
                    self.terms += [term for _, term in done]
                continue
            for code, chunk in values.items():
                self.fields[code].accept(chunk)
        proposer = self.role["quoter"]
        proposals = {
            "gp": self.chunks("gp", 120, sep=" "),
            "gr": self.chunks("gr", 2000, sep=" "),
            "go": self.chunks("go", 300, sep=" "),
        }
        for code, chunks in proposals.items():

            def propose(chunk, code=code):
                values = {"gp": f"{self.prefix} proposal", "gr": "제안", "go": "", code: chunk.text}
                return term_propose(
                    source=values["gp"],
                    approved=[values["gr"]],
                    forbidden=[],
                    note=values["go"],
                    author=proposer,
                )

            self.put(code, chunks, propose, sep=" ")

    def digests(self) -> None:
        """The main digest (its text, history and links from the importer), one digest per
        title and publisher value, and the digests of names and of editors' links."""

        def place_title(doc, text):
            doc.update(title=text)

        def place_publisher(doc, text):
            doc.update(publisher=text)

        titles = self.probed("ti", self.chunks("ti", 300, sep=" "), place_title, sep=" ")
        publishers = self.probed("pu", self.chunks("pu", 120, sep=" "), place_publisher, sep=" ")
        intro = self.probed(
            "in",
            self.chunks("in", 2000, sep="\n"),
            lambda doc, text: doc.update(intro=[text]),
            sep="\n",
        )
        notice = self.probed(
            "no",
            self.chunks("no", 2000, sep="\n"),
            lambda doc, text: doc.update(notice=[text]),
            sep="\n",
        )

        def segment_place(name: str, side: str):
            def place(doc, text):
                pair = (text, "대상") if side == "source" else ("Source.", text)
                doc["entries"][0] = _entry(1, **{name: [pair]})

            return place

        texts = {}
        for code, name, side in [
            ("tt", "title", "target"),
            ("ts", "title", "source"),
            ("mt", "summary", "target"),
            ("ms", "summary", "source"),
            ("at", "abstract", "target"),
            ("as", "abstract", "source"),
        ]:
            place = segment_place(name, side)
            texts[code] = self.probed(code, self.chunks(code, 2000, sep=" "), place, sep=" ")

        def pairs(target_code: str, source_code: str) -> list[tuple[str, str]]:
            targets, sources = texts[target_code], texts[source_code]
            return [
                (
                    sources[i].text if i < len(sources) else f"Sentence {i}.",
                    targets[i].text if i < len(targets) else f"문장 {hangul(i)}",
                )
                for i in range(max(len(targets), len(sources), 1))
            ]

        # Importer links: one payload at a time (an address holds one).
        links_field = self.fields["ul"]
        good_links = []
        for index, payload in enumerate(self.payloads):
            chunk = Chunk("", payload, [index])
            error = self.probe(lambda doc, text: doc["entries"][0].update(source_url=text), payload)
            if error is None:
                good_links.append(payload)
                links_field.accept(chunk)
            else:
                links_field.refuse(chunk, error)

        summaries = self.probed(
            "hs",
            self.chunks("hs", 500, sep=" "),
            lambda doc, text: doc["entries"].__setitem__(
                0, _history_entry(1, [(text, "편집", [])])
            ),
            sep=" ",
        )
        names = []
        names_field = self.fields["hn"]
        for index, payload in enumerate(self.payloads):
            framed = self.packers["hn"].frame([(index, payload)], sep="", closed=False)
            chunk = framed if len(framed.text) <= 60 else Chunk("", payload, [index])
            error = self.probe(
                lambda doc, text: doc["entries"].__setitem__(
                    0, _history_entry(1, [("", text, [text])])
                ),
                chunk.text,
            )
            if error is None:
                names.append(chunk.text)
                names_field.accept(chunk)
            else:
                names_field.refuse(chunk, error)
        revisions = []
        for number in range(max(len(summaries), (len(names) + 9) // 10, 1)):
            people = names[number * 10 : number * 10 + 10]
            revisions.append(
                (
                    summaries[number].text if number < len(summaries) else "",
                    people[0] if people else None,
                    people[1:],
                )
            )

        counts = self.work_counts()
        work_sentences = sum(counts.values()) + SPARE_SENTENCES
        entries = [
            _entry(
                1,
                title=pairs("tt", "ts"),
                summary=pairs("mt", "ms"),
                abstract=pairs("at", "as"),
                read_more_url="https://example.com/main/1",
                source_url="https://example.com/main/source/1",
            ),
            _entry(
                2,
                title=[("Terms", "용어 항목")],
                # (the glossary stores terms with NUL, which no digest file can carry)
                summary=[
                    (
                        " ¶ ".join(t.source for t in self.terms if "\x00" not in t.source),
                        "용어를 확인하는 문장",
                    )
                ],
            ),
            _history_entry(3, revisions),
        ]
        for position, url in enumerate(good_links, start=4):
            entries.append(_entry(position, source_url=url, read_more_url=url))
        main = _doc(
            f"{self.prefix}-main",
            titles[0].text if titles else "제목",
            publishers[0].text if publishers else "발행",
            entries,
            intro=[chunk.text for chunk in intro],
            notice=[chunk.text for chunk in notice],
        )
        self.main = self.import_file(main, settle=True)
        # The sentences editors and members work on, in a digest of their own: every revision
        # re-checks its digest, and the main digest is large.
        work = _doc(
            f"{self.prefix}-work",
            titles[1].text if len(titles) > 1 else "작업 다이제스트",
            publishers[1].text if len(publishers) > 1 else "발행",
            [
                _entry(
                    1,
                    title=[("Work", "작업 항목")],
                    summary=[
                        (f"Work sentence {i}.", f"작업 문장 {hangul(i)}")
                        for i in range(work_sentences)
                    ],
                ),
                _entry(
                    2,
                    title=[("Summaries", "요약 항목")],
                    summary=[
                        (f"Summary sentence {i}.", f"요약 문장 {hangul(i)}") for i in range(3)
                    ],
                ),
            ],
        )
        self.work_digest = self.import_file(work, settle=True)
        self.heads = []
        for number in range(2, max(len(titles), len(publishers))):
            head = _doc(
                f"{self.prefix}-head-{number:03d}",
                titles[number].text if number < len(titles) else f"머리 {hangul(number)}",
                publishers[number].text if number < len(publishers) else "발행",
                [_entry(1)],
                intro=["소개"],
            )
            self.heads.append(self.import_file(head))
        self.names_digest = self.import_file(
            _doc(f"{self.prefix}-names", "이름 다이제스트", "발행", [_entry(1)])
        )
        link_entries = (len(self.payloads) + 1) // 2
        self.links_digest = self.import_file(
            _doc(
                f"{self.prefix}-links",
                "링크 다이제스트",
                "발행",
                [
                    _entry(i, read_more_url=f"https://example.com/r/{i}")
                    for i in range(1, link_entries + 1)
                ],
            )
        )
        entries = {e.position: e for e in self.main.entries.all()}
        self.e1, self.terms_entry, self.history = (entries[i] for i in (1, 2, 3))
        self.work, self.summed = self.work_digest.entries.order_by("position")
        self.work_pool = iter(
            Segment.objects.filter(
                entry=self.work, field="summary", retired_in__isnull=True
            ).order_by("position")
        )

    def work_counts(self) -> dict[str, int]:
        """How many Korean-only sentences of the work entry each kind of writing needs."""
        slots = (
            len(self.packers["sg"].pack(2000, sep=" ")[0])
            + len(self.packers["sn"].pack(2000, sep="\n\n")[0])
            + 1
        )
        return {
            "suggestions": slots // 10 + 2,
            "accepted": len(self.packers["ac"].pack(2000, sep=" ")[0]) + 3,
            "edited": len(self.packers["de"].pack(2000, sep=" ")[0]) * 2 + 2,
            "other": 4,
        }

    def sentence(self) -> Segment:
        return next(self.work_pool)

    def comments(self) -> None:
        writer, newcomer = self.role["writer"], self.role["newcomer"]
        quoter = self.role["quoter"]
        digest, e1 = self.main, self.e1
        held_link = "\n\nhttps://example.com/held"
        self.digest_comments = self.put(
            "cd",
            self.chunks("cd", 4900, sep="\n\n"),
            lambda c: comment_create(author=writer, digest=digest, body=c.text),
            sep="\n\n",
        )
        self.put(
            "ce",
            self.chunks("ce", 4900, sep="\n\n"),
            lambda c: comment_create(author=writer, digest=digest, entry=e1, body=c.text),
            sep="\n\n",
        )
        self.put(
            "ch",
            self.chunks("ch", 4900, sep="\n\n"),
            lambda c: comment_create(author=newcomer, digest=digest, body=c.text + held_link),
            sep="\n\n",
        )

        def earlier(chunk):
            comment = comment_create(author=newcomer, digest=digest, body=chunk.text + held_link)
            return comment_edit(comment=comment, author=newcomer, body="고친 글" + held_link)

        self.put("ck", self.chunks("ck", 4900, sep="\n\n"), earlier, sep="\n\n")
        # A held reply shows the start of its parent's text in the queue.
        if self.digest_comments:
            comment_create(
                author=newcomer,
                digest=digest,
                body="답글" + held_link,
                parent=self.digest_comments[0][1],
            )
        # Comments quoting a sentence: the first quotes a sentence of payloads, the others a
        # short sentence of the names digest (their page is light to open).
        quoted = Segment.objects.filter(entry=e1, field="summary").order_by("position").first()
        names_entry = self.names_digest.entries.get()
        plain = Segment.objects.get(entry=names_entry, field="summary")
        self.quoted, self.plain_quoted = quoted, plain
        places = iter([(digest, e1, quoted)])

        def quote(chunk):
            where, entry, sentence = next(places, (self.names_digest, names_entry, plain))
            return comment_create(
                author=quoter, digest=where, entry=entry, body=chunk.text, quote_segment=sentence
            )

        self.quoting = self.put("cu", self.chunks("cu", 300, sep=" "), quote, sep=" ")
        # Names: every named member comments on the names digest; the first ones reply to
        # one comment (its author is told each name) and post a link that waits for the
        # moderators.
        replied = self.role["replied"]
        top = comment_create(author=replied, digest=self.names_digest, body="이름을 시험합니다")
        for number, user in enumerate(self.named):
            if user.pk == replied.pk:
                continue
            parent = top if number < NAMES_TOLD else None
            comment_create(
                author=user,
                digest=self.names_digest,
                body=f"이름 {hangul(number)}",
                parent=parent,
            )
            if number < NAMES_HELD:
                comment_create(
                    author=user, digest=self.names_digest, body="링크 https://example.com/n"
                )

    def corrections(self) -> None:
        editor = self.editor
        suggester = self.role["suggester"]
        flagged = self.sentence()
        self.flagged = flagged
        # Flag notes: one flagger per value, all on one sentence.
        self.flaggers = []

        def flag(chunk):
            flagger = self.member()
            result = flag_create(
                segment=flagged, author=flagger, reason="other", note=chunk.text, span=(0, 2)
            )
            self.flaggers.append(flagger)
            return result

        self.put("fn", self.chunks("fn", 2000, sep="\n\n"), flag, sep="\n\n")
        self.flag_suggestion = suggestion_create(
            segment=flagged, author=suggester, text="고친 작업 문장"
        )
        # Suggestion texts and notes: at most ten to a sentence (one page of the panel).
        self.suggestion_sentences = []
        slots = {"count": 0}

        def place() -> Segment:
            if slots["count"] % 10 == 0:
                self.suggestion_sentences.append(self.sentence())
            slots["count"] += 1
            return self.suggestion_sentences[-1]

        self.suggestions = self.put(
            "sg",
            self.chunks("sg", 2000, sep=" "),
            lambda c: suggestion_create(segment=place(), author=suggester, text=c.text),
            sep=" ",
        )
        numbering = iter(range(1_000_000))
        self.noted = self.put(
            "sn",
            self.chunks("sn", 2000, sep="\n\n"),
            lambda c: suggestion_create(
                segment=place(),
                author=suggester,
                text=f"메모 {hangul(next(numbering))}",
                note=c.text,
            ),
            sep="\n\n",
        )
        withdrawn = suggestion_create(segment=place(), author=suggester, text="거둘 문장")
        suggestion_withdraw(suggestion=withdrawn, author=suggester)
        # Rejection notes.
        rejected_author, rejected_sentence = self.role["rejected"], self.sentence()

        def reject(chunk):
            suggestion = suggestion_create(
                segment=rejected_sentence,
                author=rejected_author,
                text=f"거절 {hangul(next(numbering))}",
            )
            return suggestion_reject(
                suggestion=suggestion, editor=editor, reason="other", note=chunk.text
            )

        self.put("rj", self.chunks("rj", 2000, sep="\n\n"), reject, sep="\n\n")
        # Texts an editor publishes in place of a suggestion's.
        accepted_author = self.role["accepted"]
        self.accept_revisions = []

        def accept(chunk):
            suggestion = suggestion_create(
                segment=self.sentence(),
                author=accepted_author,
                text=f"채택 {hangul(next(numbering))}",
            )
            revision = suggestion_accept(suggestion=suggestion, editor=editor, text=chunk.text)
            self.accept_revisions.append(revision.number)
            return revision

        self.put("ac", self.chunks("ac", 2000, sep=" "), accept, sep=" ")
        # Outdated suggestions, then the direct edits that outdate them.
        outdated_author = self.role["outdated"]
        outdated = self.put(
            "so",
            self.chunks("so", 2000, sep=" "),
            lambda c: suggestion_create(
                segment=self.sentence(), author=outdated_author, text=c.text
            ),
            sep=" ",
        )
        targets = iter([suggestion.segment for _, suggestion in outdated])
        self.edit_revisions = []
        self.outdated_sentences = [suggestion.segment for _, suggestion in outdated]

        def edit(chunk):
            sentence = next(targets, None) or self.sentence()
            revision = segment_edit(segment=sentence, editor=editor, text=chunk.text)
            self.edit_revisions.append(revision.number)
            return revision

        self.put("de", self.chunks("de", 2000, sep=" "), edit, sep=" ")
        # Revision summaries: direct edits of one sentence, a revert and a batch.
        summed = list(Segment.objects.filter(entry=self.summed).order_by("position"))
        summarised = summed[0]
        summaries = self.chunks("rv", 500, sep=" ")
        edits, rest = (summaries[:-2], summaries[-2:]) if len(summaries) > 2 else (summaries, [])
        self.put(
            "rv",
            edits,
            lambda c: segment_edit(
                segment=summarised,
                editor=editor,
                text=f"요약 문장 {hangul(next(numbering))}",
                summary=c.text,
            ),
            sep=" ",
        )

        def revert(chunk):
            self.summed.refresh_from_db()
            number = self.summed.current_revision.number
            segment_edit(segment=summarised, editor=editor, text=f"되돌릴 {hangul(number)}")
            return revision_revert(
                entry=self.summed, editor=editor, to_number=number, summary=chunk.text
            )

        def batch(chunk):
            picked = [
                suggestion_create(
                    segment=sentence,
                    author=accepted_author,
                    text=f"묶음 {hangul(next(numbering))}",
                )
                for sentence in summed[1:3]
            ]
            return suggestions_publish(
                entry=self.summed,
                suggestion_ids=[s.pk for s in picked],
                editor=editor,
                summary=chunk.text,
            )

        for number, write in enumerate((revert, batch)):
            if number < len(rest):
                self.put("rv", [rest[number]], write, sep=" ")
            else:
                write(Chunk("", "평범한 요약", []))
        # Flag dismissal notes (kept in the audit log).
        dismissed = self.role["dismissed"]

        def dismiss(chunk):
            # A refused dismissal leaves the flag open; the next note dismisses that one.
            flag = Flag.objects.filter(
                segment=self.flagged, author=dismissed, status=Flag.Status.OPEN
            ).first() or flag_create(segment=self.flagged, author=dismissed, reason="typo")
            return flag_dismiss(flag=flag, editor=editor, note=chunk.text)

        self.put("dn", self.chunks("dn", 2000, sep="\n\n"), dismiss, sep="\n\n")

    def moderation(self) -> None:
        moderator = self.moderator
        moderated, reporter, reported = (
            self.role[r] for r in ("moderated", "reporter", "reported")
        )
        numbering = iter(range(1_000_000))

        def moderate(chunk):
            comment = comment_create(
                author=moderated, digest=self.main, body=f"중재될 글 {hangul(next(numbering))}"
            )
            action = "hide" if len(self.moderated) % 2 == 0 else "remove"
            result = comment_moderate(
                comment=comment, moderator=moderator, action=action, reason=chunk.text
            )
            self.moderated.append(result)
            return result

        self.moderated: list[Comment] = []
        self.put("mr", self.chunks("mr", 2000, sep="\n"), moderate, sep="\n")
        # A hidden comment reported again waits in the queue, with the reason it was hidden.
        for comment in [c for c in self.moderated if c.status == "hidden"][:2]:
            report_create(comment=comment, reporter=reporter, reason="other")

        def report(chunk):
            comment = comment_create(
                author=reported, digest=self.main, body=f"신고될 글 {hangul(next(numbering))}"
            )
            return report_create(
                comment=comment, reporter=reporter, reason="other", note=chunk.text
            )

        self.put("rp", self.chunks("rp", 1000, sep="\n"), report, sep="\n")
        suspended = self.role["suspended"]
        days = iter(range(1, 1000))

        def suspend(chunk):
            until = timezone.now() + datetime.timedelta(days=next(days))
            return suspension_impose(
                member=suspended, moderator=moderator, until=until, reason=chunk.text
            )

        self.put("sr", self.chunks("sr", 2000, sep="\n"), suspend, sep="\n")
        trusted = self.role["trusted"]
        overrides = iter(["trusted", "member", ""] * 1000)
        self.put(
            "tr",
            self.chunks("tr", 2000, sep="\n"),
            lambda c: trust_level_set(
                user=trusted, moderator=moderator, override=next(overrides), reason=c.text
            ),
            sep="\n",
        )

    def links(self, *, round_number: int = 1) -> None:
        """Each payload as the paper link of one entry and the read-more link of another;
        the second round swaps them, so every payload is in each field once."""
        entries = list(self.links_digest.entries.order_by("position"))
        field = self.fields["lk"]
        for index, payload in enumerate(self.payloads):
            entry = entries[index // 2]
            name = "source_url" if (index % 2 == 0) == (round_number == 1) else "read_more_url"
            entry.refresh_from_db()
            values = {"source_url": entry.source_url, "read_more_url": entry.read_more_url}
            values[name] = payload
            chunk = Chunk("", payload, [index])
            try:
                entry_links_update(entry=entry, editor=self.editor, **values)
            except REFUSALS as error:
                field.refuse(chunk, error)
            else:
                field.accept(chunk)

    # the pages

    def suggestion_ids(self) -> list[int]:
        """The suggestions whose review page is opened: each text (shown there in a form as
        well) and the first note (shown there as in the queue)."""
        ids = [suggestion.pk for _, suggestion in self.suggestions + self.noted[:1]]
        return [self.flag_suggestion.pk, *ids]


def _session_cookies(user: User | None, base_url: str) -> list[dict]:
    if user is None:
        return []
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}]


class Tour:
    """Opens the pages of one world as the people who see each field."""

    def __init__(self, browser, base_url: str, world: World, outbox, pool: dict[str, Visitor]):
        self.browser = browser
        self.base_url = base_url
        self.world = world
        self.outbox = outbox
        self.visits: list[tuple[str, Visit]] = []
        self.visitors: dict[str, Visitor] = {}
        # Browser contexts outlive a tour: the next tour signs them in as its own people.
        self.pool = pool

    def visitor(self, name: str, user: User | None) -> Visitor:
        if name not in self.visitors:
            cookies = _session_cookies(user, self.base_url)
            if name in self.pool:
                self.visitors[name] = self.pool[name].sign_in(name=name, cookies=cookies)
            else:
                self.visitors[name] = self.pool[name] = Visitor(
                    self.browser, self.base_url, name=name, cookies=cookies, timeout=TIMEOUT_MS
                )
        return self.visitors[name]

    def open(self, kind: str, who: Visitor, path: str) -> Visit:
        visit = who.visit(kind, path)
        self.visits.append((kind, visit))
        return visit

    def walk(self, kind: str, who: Visitor, path: str, *, until: set[str] | None = None) -> None:
        """A list page and the pages after it (until the tags in `until` were all seen)."""
        pending = set(until or ())
        for _ in range(200):
            visit = self.open(kind, who, path)
            pending -= visit.seen
            next_path = who.next_page()
            if next_path is None or (until is not None and not pending):
                return
            path = next_path
        raise AssertionError(f"{kind}: more than 200 pages")

    def run(self) -> None:
        w = self.world
        anon = self.visitor("visitor", None)
        editor = self.visitor("editor", w.editor)
        moderator = self.visitor("moderator", w.moderator)
        admin = self.visitor("admin", w.admin)

        def role(name: str) -> Visitor:
            return self.visitor(name, w.role[name])

        main = w.main.get_absolute_url()
        e1, work = (e.get_absolute_url() for e in (w.e1, w.work))

        def history_url(entry) -> str:
            return reverse("digest:history", args=[entry.digest.slug, entry.position])

        def revision_url(entry, number) -> str:
            return reverse("digest:revision", args=[entry.digest.slug, entry.position, number])

        def segment_url(segment) -> str:
            return reverse("corrections:segment", args=[segment.pk])

        def people(user) -> str:
            return reverse("corrections:contributions", args=[user.pk])

        # Reading pages.
        self.walk("home", anon, "/")
        for who in (anon, editor, role("moderated")):
            self.open("digest", who, main)
        self.open("digest", anon, f"{main}?layout=parallel")
        self.open("digest-names", anon, w.names_digest.get_absolute_url())
        self.open("digest-links", anon, w.links_digest.get_absolute_url())
        for head in w.heads[:2] + w.heads[-1:]:
            self.open("digest", anon, head.get_absolute_url())
        for who in (anon, editor):
            self.open("entry", who, e1)
        self.open("entry", anon, f"{e1}?layout=parallel")
        self.open("entry", role("writer"), f"{e1}?quote={w.quoted.pk}")
        self.open("digest", anon, w.work_digest.get_absolute_url())
        self.open("entry", anon, work)
        self.open("history", anon, history_url(w.work))
        self.open("history", anon, history_url(w.summed))
        w.work.refresh_from_db()
        self.open(
            "history", editor, f"{history_url(w.work)}?from=1&to={w.work.current_revision.number}"
        )
        self.open("history", anon, history_url(w.history))
        self.open("revision", anon, revision_url(w.e1, 1))
        for number in w.accept_revisions[:1] + w.edit_revisions[:1] + w.edit_revisions[-1:]:
            self.open("revision", anon, revision_url(w.work, number))
        # Sentences and their panel.
        for sentence in w.suggestion_sentences:
            self.open("segment", anon, segment_url(sentence))
        self.open("segment", role("suggester"), segment_url(w.suggestion_sentences[0]))
        for _, suggestion in w.suggestions[:1] + w.noted[:1]:
            self.open(
                "segment",
                role("suggester"),
                reverse("corrections:suggestion_edit", args=[suggestion.pk]),
            )
        self.open("segment", editor, segment_url(w.flagged))
        if w.flaggers:
            flagger = self.visitor("flagger", w.flaggers[0])
            self.open("segment", flagger, segment_url(w.flagged))
        self.open("segment", editor, segment_url(w.quoted))
        terms_sentence = Segment.objects.get(entry=w.terms_entry, field="summary")
        self.open("segment", editor, segment_url(terms_sentence))
        for sentence in w.outdated_sentences[:2]:
            self.open("segment", editor, segment_url(sentence))
        self.open("segment", editor, segment_url(w.plain_quoted))
        for _, comment in w.quoting[:3]:
            self.open(
                "segment-from-comment",
                role("writer"),
                f"{segment_url(comment.quote_segment)}?from_comment={comment.pk}",
            )
        for name in ("title", "abstract"):
            sentence = Segment.objects.filter(entry=w.e1, field=name).order_by("position").first()
            self.open("segment", editor, segment_url(sentence))
        # The panel as htmx opens it on the reading page: the one request htmx is asked for.
        editor.visit("panel", e1)
        marker = editor.page.locator(f'.seg-marker[data-seg="{w.quoted.pk}"]')
        editor.allow = {segment_url(w.quoted)}
        marker.click()
        editor.page.locator("#correction-panel .panel").wait_for()
        editor.settle_htmx()
        self.visits.append(("segment", editor.scan("panel (htmx)")))
        editor.allow = set()
        # Editors' pages.
        self.walk("review-queue", editor, reverse("corrections:review_queue"))
        for pk in w.suggestion_ids():
            self.open("review-detail", editor, reverse("corrections:review_suggestion", args=[pk]))

        for sentence in (w.suggestion_sentences[0], w.quoted):
            self.open("segment", editor, reverse("corrections:segment_edit", args=[sentence.pk]))
        self.walk("attention", editor, reverse("corrections:needs_attention"))
        audit_tags = {t for code in ("dn", "tr", "mr", "sr") for t in w.fields[code].tags}
        self.walk("audit", editor, reverse("corrections:audit_log"), until=audit_tags)
        glossary_tags = {t for code in ("gs", "ga", "gf", "gn") for t in w.fields[code].tags}
        self.walk("glossary", anon, reverse("corrections:glossary"), until=glossary_tags)
        self.open("glossary", editor, reverse("corrections:glossary"))
        for term in w.terms[:1] + w.terms[-1:]:
            self.open("term-edit", editor, reverse("corrections:term_edit", args=[term.pk]))
        # Members' own pages.
        for name in ("suggester", "rejected", "writer"):
            self.walk("contributions", role(name), people(w.role[name]))
        for name in ("accepted", "moderated", "newcomer"):
            self.open("contributions", role(name), people(w.role[name]))
        for name in ("suggester", "moderated"):
            self.open("contributions", anon, people(w.role[name]))
        self.open("contributions", editor, people(w.role["rejected"]))
        notifications = reverse("corrections:notifications")
        for name in ("rejected", "moderated", "suspended"):
            self.open("notifications", role(name), notifications)
        self.walk("notifications", role("replied"), notifications)
        for slot, user in enumerate([u for u in w.named if u.pk in w.name_tags][-3:]):
            who = self.visitor(f"profile {slot}", user)
            self.open("profile", who, reverse("accounts:profile"))
        for _, comment in w.digest_comments[:3]:
            path = reverse("digest:comment_edit", args=[comment.pk])
            self.open("comment-edit", role("writer"), path)
        if w.digest_comments:
            comment = w.digest_comments[0][1]
            self.open(
                "comment-edit", role("writer"), reverse("digest:comment_delete", args=[comment.pk])
            )
        # Moderators' pages.
        self.walk("moderation-queue", moderator, reverse("moderation:queue"))
        for name in ("suspended", "trusted", "moderated", "reporter"):
            self.open(
                "moderation-member", moderator, reverse("moderation:member", args=[w.role[name].pk])
            )
        # The admin.
        for model in [
            "accounts/user", "accounts/notification", "digest/digest", "digest/entry",
            "digest/segment", "digest/segmenttext", "digest/revision", "digest/comment",
            "corrections/glossaryterm", "corrections/machinefinding",
        ]:  # fmt: skip
            self.open("admin", admin, f"/admin/{model}/")
        first_comment = w.digest_comments[0][1] if w.digest_comments else None
        for path in [
            f"/admin/accounts/user/{w.named[0].pk}/change/",
            f"/admin/corrections/glossaryterm/{w.terms[0].pk}/change/",
            f"/admin/digest/entry/{w.e1.pk}/change/",
            *([f"/admin/digest/comment/{first_comment.pk}/change/"] if first_comment else []),
        ]:
            self.open("admin", admin, path)
        # Notification emails, as a mail reader would show their HTML.
        mailer = self.visitor("mail reader", None)
        shown: Counter = Counter()
        for message in self.outbox:
            alternatives = getattr(message, "alternatives", [])
            html = next((body for body, kind in alternatives if kind == "text/html"), "")
            carried = [f.code for f in w.fields.values() if f"qxb{f.code}" in html]
            if any(shown[code] < EMAILS_PER_FIELD for code in carried):
                shown.update(carried)
                self.visits.append(("email", mailer.show(message.subject, html)))

    def links_again(self) -> None:
        self.world.links(round_number=2)
        who = self.visitor("visitor", None)
        self.open("digest-links", who, self.world.links_digest.get_absolute_url())


# --- the test -------------------------------------------------------------------------------


def _staff() -> tuple[User, User, User]:
    editor = UserFactory()
    editor_grant(user=editor)
    moderator = UserFactory()
    moderator_grant(user=moderator)
    admin = UserFactory(is_staff=True, is_superuser=True)
    return editor, moderator, admin


def test_every_field_shows_the_corpus_harmlessly(
    browser, live_server, tmp_path, mailoutbox, capsys
):
    started = time.monotonic()
    timings: dict[str, float] = {}

    def lap(name: str) -> None:
        timings[name] = time.monotonic() - started - sum(timings.values())

    # 1. The harmless twin and its pages: the markup the templates make themselves.
    harmless = World(name="b", payloads=HARMLESS, codes="z", folder=tmp_path, staff=_staff())
    harmless.build()
    lap("harmless writes")
    pool: dict[str, Visitor] = {}
    baseline = Tour(browser, live_server.url, harmless, list(mailoutbox), pool)
    baseline.run()
    baseline.links_again()
    # Their pages are read: the harmless digests go back to drafts, so that the checks an
    # approved glossary term re-runs on every published digest do not run on them again.
    for digest in [
        harmless.main,
        harmless.work_digest,
        harmless.names_digest,
        harmless.links_digest,
    ]:
        digest_unpublish(digest=digest, actor=harmless.editor)
    lap("harmless pages")
    template_markup = set().union(*(visit.findings for _, visit in baseline.visits))
    harness_problems = [
        f"{visit.name} {visit.url}: {problem}"
        for _, visit in baseline.visits
        for problem in visit.events + visit.region_problems
    ]
    assert harness_problems == [], (
        "pages with harmless text already count as problems; the checks are wrong:\n"
        + "\n".join(harness_problems[:40])
    )

    # 2. The corpus through every field, and the same pages.
    mailoutbox.clear()
    world = World(name="p", payloads=PAYLOADS, codes="", folder=tmp_path, staff=_staff())
    world.build()
    lap("corpus writes")
    tour = Tour(browser, live_server.url, world, list(mailoutbox), pool)
    tour.run()
    tour.links_again()
    for visitor in pool.values():
        visitor.close()
    lap("corpus pages")

    problems: list[str] = []
    for _, visit in tour.visits:
        where = f"{visit.name} {visit.url.removeprefix(live_server.url)}"
        problems += [f"{where}: {event}" for event in visit.events]
        problems += [f"{where}: region {problem}" for problem in visit.region_problems]
        problems += [
            f"{where}: markup no template makes: {finding}"
            for finding in sorted(visit.findings - template_markup)
        ]

    seen_by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, visit in tour.visits:
        seen_by_kind[kind] |= visit.seen
    seen_anywhere = set().union(*seen_by_kind.values())
    coverage: list[str] = []
    for field in world.fields.values():
        tags = {tag for tag in field.tags if tag}
        if not tags:
            if field.framed and field.written:
                coverage.append(f"{field.label}: written but unmarked")
            continue
        missing = sorted(tags - seen_anywhere)
        if missing:
            coverage.append(f"{field.label}: {len(missing)} of {len(tags)} values on no page")
        for kind in field.pages:
            if not tags & seen_by_kind[kind]:
                coverage.append(f"{field.label}: not seen on any {kind} page")

    rows = []
    for field in world.fields.values():
        rows.append(
            f"  {field.label:<42} {len(field.written):>4} written in {field.writes:>4} values,"
            f" {len(field.refused):>3} refused, {len(field.too_long):>3} over the limit"
        )
    loads = len(tour.visits)
    summary = "\n".join(
        [
            f"XSS corpus: {len(PAYLOADS)} payloads x {len(world.fields)} fields"
            f" = {len(PAYLOADS) * len(world.fields)} payload-field pairs;"
            f" {sum(len(f.written) for f in world.fields.values())} written,"
            f" {sum(len(f.refused) for f in world.fields.values())} refused,"
            f" {sum(len(f.too_long) for f in world.fields.values())} over a field's limit",
            f"page loads: {loads} with the corpus, {len(baseline.visits)} with harmless text;"
            f" regions of user text checked: {sum(v.regions for _, v in tour.visits)}",
            f"imports: {world.imports}; Chromium loading and scanning: {Visitor.seconds:.0f}s;"
            " time: " + ", ".join(f"{name} {seconds:.0f}s" for name, seconds in timings.items()),
            "writes: " + ", ".join(f"{n} {t:.0f}s" for n, t in world.timings.items()),
            "page loads by kind: "
            + ", ".join(f"{k} {n}" for k, n in sorted(Counter(k for k, _ in tour.visits).items())),
            *rows,
        ]
    )
    reasons: Counter = Counter()
    for field in world.fields.values():
        for reason in field.refused.values():
            reasons[f"{field.label}: {reason.split(':')[0]}"] += 1
    summary += "\nrefused, by field and error: " + ", ".join(
        f"{name} x{count}" for name, count in sorted(reasons.items())
    )
    with capsys.disabled():
        print("\n" + summary)
    assert problems == [], (
        f"{len(problems)} problems:\n" + "\n".join(problems[:60]) + "\n" + summary
    )
    assert coverage == [], "\n".join(coverage) + "\n" + summary

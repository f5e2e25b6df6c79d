"""The benchmark's data set: what it holds, how it is built, and the pages it offers to measure.

Import only once Django is set up (bench.seed does that). Digests go through the project's own
import (the sample post once, then its `digest/1` export under new slugs and dates), the
long-history entry through corrections.services.segments.segment_edit, and the editor and the
signed-in member through accounts.services. Members, suggestions, flags and comments are written
with bulk_create in batches, each row as the services would leave it, with the model's defaults
for everything not named here: through the services one row at a time, 100,000 suggestions would
take hours. The database must be PostgreSQL (timestamps are spread with its SQL).
"""

import copy
import datetime
import io
import math
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F, Max, Model
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import TrustLevel, User
from accounts.services import editor_grant, trust_level_refresh, user_create_verified
from core.sanitize import render_markdown, render_user_text
from corrections.models import Flag, FlagReason, Suggestion
from corrections.services.imports import import_settle
from corrections.services.segments import current_text, segment_edit
from digest.exporting import digest_document
from digest.interchange import from_json
from digest.models import Comment, CommentStatus, Digest, Entry, Field, Segment, SegmentText
from digest.services import digest_import
from digest.text import normalize_text

SAMPLE_NAME = "2024-10-21-top-ml-papers.txt"
DOMAIN = "bench.example"
EDITOR_EMAIL = f"editor@{DOMAIN}"
MEMBER_EMAIL = f"member@{DOMAIN}"
# Everyone joined well before the data, so nobody is a "new member" whose links wait for
# moderation.
TENURE = datetime.timedelta(days=400)
BATCH_SIZE = 5000
# The long-history entry is the first entry of the second-newest digest: the newest one is the
# page measured as "a digest page", which should look like an ordinary week.
LONG_HISTORY_WEEK = 1
# Each abstract sentence of the long entry stays under the editors' 2,000-character limit for
# one sentence, with room for the insertions its revisions make.
LONG_SEGMENT_CHARS = 1700


@dataclass(frozen=True)
class Profile:
    digests: int
    members: int
    suggestions: int
    flags: int
    comments: int
    revisions: int
    abstract_chars: int


PROFILES = {
    # The data set of issue #9.
    "full": Profile(
        digests=52,
        members=2000,
        suggestions=100_000,
        flags=10_000,
        comments=2000,
        revisions=30,
        abstract_chars=20_000,
    ),
    # Small enough to build in seconds for CI. The long history is smaller too: each of its
    # revisions goes through segment_edit, which re-runs the automatic checks on the entry
    # (about half a second per revision at full size).
    "short": Profile(
        digests=4,
        members=100,
        suggestions=2000,
        flags=300,
        comments=100,
        revisions=10,
        abstract_chars=6000,
    ),
}

SUGGESTION_PHRASES = ["보다 정확하게", "실제로", "대체로", "명확히", "한편", "구체적으로", "특히"]
SUGGESTION_NOTES = [
    "원문의 뉘앙스를 살리면 이렇게 읽힙니다.",
    "용어집의 번역어를 따랐습니다. https://example.org/glossary",
    "문장이 너무 길어 나누었습니다.\n\n두 번째 문단입니다.",
]
FLAG_NOTES = ["어색하게 읽힙니다.", "숫자가 원문과 다릅니다.", "용어가 일관되지 않습니다."]
COMMENT_BODIES = [
    "좋은 정리 감사합니다. **{n}번째** 읽어도 유익하네요.",
    "이 논문은 *에이전트* 관련 흐름과 이어집니다. 원문: https://arxiv.org/abs/2410.{n:05d}",
    "요약에서 빠진 점:\n\n- 데이터 규모\n- 평가 방법\n- 재현성 ({n})",
    "`code` 예시가 있으면 좋겠습니다. [참고 링크](https://example.org/notes/{n})",
    "> 인용한 문장입니다.\n\n이 부분의 번역이 조금 어색합니다. ({n})",
    "매주 정리해 주셔서 감사합니다! {n}",
]
HELD_REASON = "링크가 있는 댓글은 운영자가 확인한 뒤에 보입니다."


def _sample_path():
    return settings.BASE_DIR / "digest" / "samples" / SAMPLE_NAME


def _progress(log: Callable[[str], None], what: str, started: float) -> None:
    log(f"  {what} ({time.monotonic() - started:.1f} s)")


# --- digests --------------------------------------------------------------------------------


def _week_document(sample: dict, *, week: int, long_abstract: list[dict] | None) -> dict:
    """The sample's `digest/1` document moved `week` weeks back, under its own slug."""
    document = copy.deepcopy(sample)
    start = datetime.date.fromisoformat(sample["period_start"]) - datetime.timedelta(weeks=week)
    end = datetime.date.fromisoformat(sample["period_end"]) - datetime.timedelta(weeks=week)
    stem = sample["slug"].removeprefix(sample["period_start"] + "-")
    document["slug"] = f"{start.isoformat()}-{stem}"
    document["period_start"] = start.isoformat()
    document["period_end"] = end.isoformat()
    document["title"] = re.sub(
        r"^\[[^\]]*\]", f"[{start:%Y/%m/%d} ~ {end:%m/%d}]", document["title"], count=1
    )
    document["status"] = Digest.Status.PUBLISHED
    if long_abstract is not None:
        fields = document["entries"][0]["fields"]
        kept = [f for f in fields if f["name"] != Field.ABSTRACT]
        document["entries"][0]["fields"] = [*kept, {"name": "abstract", "segments": long_abstract}]
    return document


def _long_abstract(sample: dict, chars: int) -> list[dict]:
    """About `chars` characters of abstract, as sentences of LONG_SEGMENT_CHARS each, made of
    the sample's own abstract sentences (Korean targets beside their English sources)."""
    pairs = [
        (segment["source"] or segment["target"], segment["target"])
        for entry in sample["entries"]
        for field in entry["fields"]
        if field["name"] == Field.ABSTRACT
        for segment in field["segments"]
    ]
    count = max(1, math.ceil(chars / LONG_SEGMENT_CHARS))
    segments = []
    for index in range(count):
        source, target = [], []
        offset = index * 7
        while len(" ".join(target)) < LONG_SEGMENT_CHARS:
            pair = pairs[offset % len(pairs)]
            source.append(pair[0])
            target.append(pair[1])
            offset += 1
        segments.append(
            {"source": " ".join(source), "target": _cut(" ".join(target), LONG_SEGMENT_CHARS)}
        )
    return segments


def _cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at a space."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0]


def _digests_build(profile: Profile) -> None:
    call_command("import_digest", str(_sample_path()), "--publish", stdout=io.StringIO())
    first = Digest.objects.get()
    sample = digest_document(digest=first)
    long_abstract = _long_abstract(sample, profile.abstract_chars)
    for week in range(1, profile.digests):
        document = _week_document(
            sample,
            week=week,
            long_abstract=long_abstract if week == LONG_HISTORY_WEEK else None,
        )
        with transaction.atomic():
            result = digest_import(data=from_json(document), publish=True)
            import_settle(result=result)
    # Publication happened just now for every week; readers would have seen each one the
    # morning after its week ended, and the feed orders by that time.
    for digest in Digest.objects.all():
        published = datetime.datetime.combine(
            digest.period_end + datetime.timedelta(days=1), datetime.time(9), tzinfo=datetime.UTC
        )
        Digest.objects.filter(pk=digest.pk).update(published_at=published)


def _revised(text: str, number: int) -> str:
    """An editor's small change to a long sentence, at a place that moves with `number`:
    odd numbers insert a phrase, even numbers drop a word."""
    words = text.split(" ")
    index = (number * 37) % len(words)
    if number % 2 and len(text) < 1950:
        words.insert(index, SUGGESTION_PHRASES[number % len(SUGGESTION_PHRASES)])
    elif len(words) > 1:
        del words[index]
    else:
        words.append(SUGGESTION_PHRASES[0])
    return " ".join(words)


def _long_history_build(profile: Profile, editor: User) -> Entry:
    digest = Digest.objects.order_by("-period_start")[LONG_HISTORY_WEEK]
    entry = digest.entries.get(position=1)
    segments = list(
        entry.segments.filter(field=Field.ABSTRACT, retired_in__isnull=True).order_by("position")
    )
    for number in range(2, profile.revisions + 1):
        segment = segments[(number - 2) % len(segments)]
        segment_edit(
            segment=segment,
            editor=editor,
            text=_revised(current_text(segment), number),
            summary=f"Benchmark correction {number}",
        )
    return entry


# --- people ---------------------------------------------------------------------------------


def _staff_create() -> tuple[User, User]:
    """The editor and the signed-in member, through the account services."""
    editor = user_create_verified(email=EDITOR_EMAIL, password=None, display_name="벤치 편집자")
    _with_second_factor(editor)
    editor_grant(user=editor)
    member = user_create_verified(email=MEMBER_EMAIL, password=None, display_name="벤치 회원")
    User.objects.filter(pk__in=[editor.pk, member.pk]).update(date_joined=timezone.now() - TENURE)
    for user in (editor, member):
        user.refresh_from_db()
        trust_level_refresh(user=user)
    return editor, member


def _members_build(profile: Profile) -> list[int]:
    """Members with verified addresses (the signed-in member counts as one of them)."""
    password = make_password(None)
    joined = timezone.now() - TENURE
    users = User.objects.bulk_create(
        [
            User(
                email=f"reader{number:05d}@{DOMAIN}",
                display_name=f"bench reader {number:05d}",
                password=password,
                date_joined=joined,
                # What accounts.trust computes for a long-standing member without a record.
                trust_level=TrustLevel.MEMBER,
            )
            for number in range(1, profile.members)
        ],
        batch_size=BATCH_SIZE,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
        batch_size=BATCH_SIZE,
    )
    return [user.pk for user in users]


# --- corrections ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenSegment:
    id: int
    revision_id: int
    text: str


def _open_segments(*, exclude_entry: Entry) -> list[OpenSegment]:
    """Every active sentence with its current text, but those of the long-history entry,
    whose history should stay what the benchmark built."""
    rows = (
        SegmentText.objects.filter(
            revision_id=F("segment__entry__current_revision_id"),
            segment__retired_in__isnull=True,
        )
        .exclude(segment__entry=exclude_entry)
        .order_by("segment_id")
        .values_list("segment_id", "revision_id", "text")
    )
    return [OpenSegment(*row) for row in rows]


def _suggested(text: str, variant: int) -> str:
    words = text.split(" ")
    words.insert(variant % (len(words) + 1), SUGGESTION_PHRASES[variant % len(SUGGESTION_PHRASES)])
    return normalize_text(" ".join(words))


def _in_batches(model: type[Model], rows) -> None:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)


def _suggestions_build(profile: Profile, segments: list[OpenSegment], authors: list[int]) -> None:
    """Pending suggestions spread evenly over the sentences; the members suggesting on one
    sentence are all different, so nobody suggests on a sentence twice."""
    notes = [(note, render_user_text(note)) for note in SUGGESTION_NOTES]

    def rows():
        for index in range(profile.suggestions):
            round_, position = divmod(index, len(segments))
            segment = segments[position]
            note, note_html = notes[index % len(notes)] if index % 4 == 0 else ("", "")
            yield Suggestion(
                segment_id=segment.id,
                author_id=authors[(position * 13 + round_) % len(authors)],
                base_revision_id=segment.revision_id,
                base_text=segment.text,
                text=_suggested(segment.text, index),
                note=note,
                note_html=note_html,
            )

    _in_batches(Suggestion, rows())


def _flags_build(profile: Profile, segments: list[OpenSegment], authors: list[int]) -> None:
    """Open flags, at most one per member and sentence (the model's constraint)."""
    if profile.flags > len(segments) * len(authors):
        raise ValueError("Not enough sentences and members for one open flag per pair.")
    notes = [(note, render_user_text(note)) for note in FLAG_NOTES]
    reasons = FlagReason.values

    def rows():
        for index in range(profile.flags):
            round_, position = divmod(index, len(segments))
            segment = segments[position]
            note, note_html = notes[index % len(notes)] if index % 3 == 0 else ("", "")
            # Every third flag marks the span it is about, inside the sentence.
            span = (0, min(len(segment.text), 12)) if index % 3 == 1 else (None, None)
            yield Flag(
                segment_id=segment.id,
                author_id=authors[(position * 17 + round_ + 7) % len(authors)],
                revision_id=segment.revision_id,
                reason=reasons[index % len(reasons)],
                note=note,
                note_html=note_html,
                span_start=span[0],
                span_end=span[1],
            )

    _in_batches(Flag, rows())


# --- comments -------------------------------------------------------------------------------


def _comments_build(profile: Profile, authors: list[int]) -> None:
    """Comments on digests and on entries, a fifth of them replies; bodies are Markdown with
    their HTML rendered by core.sanitize, as comment_create stores them."""
    digests = list(Digest.objects.order_by("-period_start").prefetch_related("entries"))
    first_segments = dict(
        SegmentText.objects.filter(
            revision_id=F("segment__entry__current_revision_id"),
            segment__retired_in__isnull=True,
            segment__field=Field.SUMMARY,
            segment__position=0,
        ).values_list("segment__entry_id", "segment_id")
    )
    quotes = dict(
        SegmentText.objects.filter(
            segment_id__in=first_segments.values(),
            revision_id=F("segment__entry__current_revision_id"),
        ).values_list("segment_id", "text")
    )

    def comment(number: int, **fields) -> Comment:
        body = COMMENT_BODIES[number % len(COMMENT_BODIES)].format(n=number)
        held = number % 40 == 39
        return Comment(
            author_id=authors[(number * 29) % len(authors)],
            body=body,
            body_html=render_markdown(body),
            status=CommentStatus.HELD if held else CommentStatus.VISIBLE,
            moderation_reason=HELD_REASON if held else "",
            **fields,
        )

    replies = profile.comments // 5
    threads = []
    for number in range(profile.comments - replies):
        digest = digests[number % len(digests)]
        entries = list(digest.entries.all())
        if number % 5 < 2:
            threads.append(comment(number, digest=digest))
            continue
        entry = entries[(number // len(digests)) % len(entries)]
        quoted = first_segments.get(entry.pk) if number % 7 == 0 else None
        threads.append(
            comment(
                number,
                digest=digest,
                entry=entry,
                quote_segment_id=quoted,
                quote_text=quotes[quoted] if quoted else "",
            )
        )
    Comment.objects.bulk_create(threads, batch_size=BATCH_SIZE)
    open_threads = [c for c in threads if c.status == CommentStatus.VISIBLE]
    Comment.objects.bulk_create(
        [
            comment(
                profile.comments + number,
                digest_id=parent.digest_id,
                entry_id=parent.entry_id,
                parent=parent,
            )
            for number in range(replies)
            for parent in [open_threads[(number * 3) % len(open_threads)]]
        ],
        batch_size=BATCH_SIZE,
    )


# --- timestamps -----------------------------------------------------------------------------


def _sql(statement: str, params: tuple = (), **names: type[Model]) -> None:
    """Run PostgreSQL `statement`, its {name} placeholders filled with the quoted table names
    of the given models and its %s placeholders with `params`."""
    tables = {key: connection.ops.quote_name(model._meta.db_table) for key, model in names.items()}
    with connection.cursor() as cursor:
        cursor.execute(statement.format(**tables), params)


def _timestamps_spread() -> None:
    """bulk_create stamps every row with the same moment (auto_now_add); spread them over the
    weeks after each digest's publication, as members would have written them."""
    week = 7 * 24 * 3600
    for model in (Suggestion, Flag):
        _sql(
            "UPDATE {t} AS t SET created_at = d.published_at"
            " + ((t.id * 7919) %% %s) * interval '1 second'"
            " FROM {segment} s JOIN {entry} e ON e.id = s.entry_id"
            " JOIN {digest} d ON d.id = e.digest_id WHERE t.segment_id = s.id",
            (4 * week,),
            t=model,
            segment=Segment,
            entry=Entry,
            digest=Digest,
        )
    # Nothing changed a suggestion since it was written.
    _sql("UPDATE {t} SET updated_at = created_at", t=Suggestion)
    _sql(
        "UPDATE {c} AS c SET created_at = d.published_at"
        " + ((c.id * 7919) %% %s) * interval '1 second'"
        " FROM {digest} d WHERE c.digest_id = d.id AND c.parent_id IS NULL",
        (week,),
        c=Comment,
        digest=Digest,
    )
    _sql(
        "UPDATE {c} AS c SET created_at = p.created_at"
        " + ((c.id * 31) %% 1440 + 1) * interval '1 minute'"
        " FROM {c} p WHERE c.parent_id = p.id",
        c=Comment,
    )
    # A thread's first comment carries the time of its newest reply.
    _sql("UPDATE {c} SET last_activity_at = created_at", c=Comment)
    _sql(
        "UPDATE {c} AS p SET last_activity_at = r.latest"
        " FROM (SELECT parent_id, max(created_at) AS latest FROM {c}"
        " WHERE parent_id IS NOT NULL GROUP BY parent_id) r WHERE p.id = r.parent_id",
        c=Comment,
    )


def _derived_counts_rebuild() -> None:
    """Counts the app stores beside the rows (open work per sentence and digest) are kept by
    the services, which the bulk load went around: the app's own rebuild recounts them. A
    version of the app without such counts has nothing to rebuild."""
    try:
        from corrections.tallies import tallies_rebuild
    except ImportError:
        return
    tallies_rebuild()


def _analyze() -> None:
    """Fresh planner statistics, as autovacuum would gather some time after a bulk load;
    without them the first minutes of measurement would see plans made for empty tables."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- the two commands -----------------------------------------------------------------------


def build(profile: Profile, log: Callable[[str], None]) -> None:
    """Fill an empty, migrated database with `profile`'s data."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The benchmark data set is built on PostgreSQL only.")
    if Digest.objects.exists() or User.objects.exists():
        raise RuntimeError("The bench database is not empty; bench.run rebuilds it from scratch.")
    started = time.monotonic()
    _digests_build(profile)
    _progress(log, f"{profile.digests} digests imported", started)
    editor, member = _staff_create()
    entry = _long_history_build(profile, editor)
    _progress(log, f"{profile.revisions} revisions of {entry}", started)
    authors = [*_members_build(profile), member.pk]
    _progress(log, f"{len(authors)} members", started)
    segments = _open_segments(exclude_entry=entry)
    _suggestions_build(profile, segments, authors)
    _progress(log, f"{profile.suggestions} suggestions on {len(segments)} sentences", started)
    _flags_build(profile, segments, authors)
    _progress(log, f"{profile.flags} flags", started)
    _comments_build(profile, authors)
    _progress(log, f"{profile.comments} comments", started)
    _timestamps_spread()
    # After the timestamps: the counts include each sentence's latest activity.
    _derived_counts_rebuild()
    _analyze()
    _progress(log, "timestamps spread, stored counts rebuilt, statistics gathered", started)


def _session_cookie(user: User) -> str:
    """A real session of `user`, made the way Django's test client signs people in."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def counts() -> dict[str, int]:
    long_entry = _long_history_entry()
    abstract = 0
    if long_entry is not None:
        abstract = sum(
            len(text)
            for text in SegmentText.objects.filter(
                revision_id=long_entry.current_revision_id, segment__field=Field.ABSTRACT
            ).values_list("text", flat=True)
        )
    return {
        "digests": Digest.objects.published().count(),
        "members": EmailAddress.objects.filter(verified=True)
        .exclude(user__email=EDITOR_EMAIL)
        .count(),
        "suggestions": Suggestion.objects.filter(status=Suggestion.Status.PENDING).count(),
        "flags": Flag.objects.filter(status=Flag.Status.OPEN).count(),
        "comments": Comment.objects.count(),
        "revisions": long_entry.revision_count if long_entry else 0,
        "abstract_chars": abstract,
    }


def _long_history_entry() -> Entry | None:
    return (
        Entry.objects.annotate(revision_count=Max("revisions__number"))
        .select_related("digest")
        .order_by("-revision_count", "pk")
        .first()
    )


def complete(profile: Profile, found: dict[str, int]) -> bool:
    """True when the database holds at least what `profile` asks for (a build that died
    half-way does not)."""
    wanted = asdict(profile)
    # The long abstract is cut at sentence boundaries, and revisions drop some words.
    wanted["abstract_chars"] = int(profile.abstract_chars * 0.9)
    return all(found.get(key, 0) >= value for key, value in wanted.items())


def _with_second_factor(user) -> None:
    """Production requires editors to have a second factor (REQUIRE_MFA): the bench editor
    has an authenticator app, as a real one would, so the pages are the ones editors see."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled

    if not is_mfa_enabled(user):
        TOTP.activate(user, generate_totp_secret())


def _editor_with_second_factor():
    # Data built before second factors were required has an editor without one.
    editor = User.objects.get(email=EDITOR_EMAIL)
    _with_second_factor(editor)
    return editor


def targets(profile: Profile) -> dict:
    """What bench.run measures in this database: URLs, the cookies of the signed-in member
    and editor (fresh sessions), the static file's hashed URL, and what the data holds."""
    found = counts()
    result: dict = {"counts": found, "complete": complete(profile, found)}
    if not result["complete"]:
        return result
    newest = Digest.objects.published().order_by("-period_start").first()
    entry = newest.entries.order_by("position").first()
    long_entry = _long_history_entry()
    long_url = reverse(
        "digest:history",
        kwargs={"slug": long_entry.digest.slug, "position": long_entry.position},
    )
    result.update(
        {
            "static": static("css/site.css"),
            "home": reverse("digest:home"),
            "digest": newest.get_absolute_url(),
            "entry": entry.get_absolute_url(),
            "history": long_url,
            "history_diff": f"{long_url}?from=1&to={long_entry.revision_count}",
            "feed": reverse("digest:feed"),
            "api_digests": reverse("api-digest-list"),
            "api_digest": reverse("api-digest-detail", kwargs={"slug": newest.slug}),
            "review_queue": reverse("corrections:review_queue"),
            "attention": reverse("corrections:needs_attention"),
            "member_cookie": _session_cookie(User.objects.get(email=MEMBER_EMAIL)),
            "editor_cookie": _session_cookie(_editor_with_second_factor()),
            # Only a signed-in page carries the sign-out form; proves the cookie works.
            "signed_in_marker": reverse("account_logout"),
        }
    )
    return result

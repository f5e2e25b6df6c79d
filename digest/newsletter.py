"""The weekly or daily newsletter: what is new, and what was corrected, since a member's last one.

Delivery design ("nobody twice, nobody forgotten"):

* Each member's newsletter for a period is one `NewsletterDelivery` row, unique on (member,
  frequency, period_start). The row is inserted in the same transaction that composes the
  newsletter and queues its email with `accounts.email.email_queue`, which hands the email
  to Celery only after that transaction commits.
* A second run, or a concurrent one, fails to insert (IntegrityError, caught in a savepoint)
  and sends nothing: the database decides who owns the period.
* A run that dies before the commit leaves neither a row nor a queued email, so the next run
  sends that member their newsletter.
* The row is written `claimed`; an after-commit hook registered after the email's own hook
  marks it `sent`. A row still `claimed` after `STALE_CLAIM` means the process died between
  the commit and the hand-off to the mail queue; the next run takes it over (a conditional
  UPDATE decides which run) and queues the newsletter again. Only a crash in that instant,
  after the email reached the queue, could send one twice; every other failure retries.
* Once queued, the email is Celery's: a worker retries SMTP errors with backoff.

A member's window runs from the end of their previous newsletter (sent, or skipped because
nothing was new) to now; the first one looks back one period. Errata are the sentences
changed by corrections, edits and reverts made in the window, in digests an earlier
newsletter of theirs listed. A member with nothing new gets a `skipped` row and no email.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.email import NEWSLETTER, email_queue, preferences_url, site_url, unsubscribe_url
from accounts.models import User

from .diffing import DiffOp, stored_diffs
from .models import (
    FIELD_ORDER,
    Digest,
    Entry,
    Field,
    NewsletterDelivery,
    Revision,
    RevisionCredit,
    SegmentText,
)
from .selectors import CORRECTING_KINDS
from .selectors.comments import visible_comment_count

logger = logging.getLogger(__name__)

Frequency = NewsletterDelivery.Frequency
Status = NewsletterDelivery.Status

PERIOD = {Frequency.WEEKLY: datetime.timedelta(days=7), Frequency.DAILY: datetime.timedelta(days=1)}
# How long a committed claim may wait for its after-commit hook before another run takes over.
STALE_CLAIM = datetime.timedelta(minutes=15)
CHUNK = 500


# --- periods ------------------------------------------------------------------------------


def period_start_for(frequency: str, now: datetime.datetime) -> datetime.date:
    """The period's key in Seoul time (settings.TIME_ZONE): the day, or the week's Monday."""
    local = timezone.localtime(now).date()
    if frequency == Frequency.WEEKLY:
        return local - datetime.timedelta(days=local.weekday())
    return local


# --- what each member gets ----------------------------------------------------------------


@dataclass
class NewsletterEntry:
    position: int
    title: str
    url: str


@dataclass
class NewsletterDigest:
    digest: Digest
    url: str
    intro: str
    comment_count: int
    entries: list[NewsletterEntry] = field(default_factory=list)


@dataclass
class Erratum:
    digest: Digest
    entry_position: int
    entry_title: str
    url: str
    field: str
    old: str
    new: str
    ops: list[DiffOp]
    contributors: list[str]

    @property
    def field_label(self) -> str:
        return Field(self.field).label

    @property
    def marked_text(self) -> str:
        """The change in plain text: [-deleted-]{+inserted+}."""
        parts = []
        for op in self.ops:
            if op.kind == "delete":
                parts.append(f"[-{op.text}-]")
            elif op.kind == "insert":
                parts.append(f"{{+{op.text}+}}")
            else:
                parts.append(op.text)
        return "".join(parts)


@dataclass
class NewsletterPlan:
    member: User
    frequency: str
    period_start: datetime.date
    window_start: datetime.datetime
    window_end: datetime.datetime
    digests: list[NewsletterDigest] = field(default_factory=list)
    errata: list[Erratum] = field(default_factory=list)
    # A claimed row of this period left behind by a run that died after committing.
    stale_claim: NewsletterDelivery | None = None

    @property
    def is_empty(self) -> bool:
        return not self.digests and not self.errata


def members_due(*, frequency: str):
    """Active members who chose this frequency and whose email address is verified."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("pk"), verified=True, email__iexact=OuterRef("email")
    )
    return (
        User.objects.filter(newsletter=frequency, is_active=True)
        .filter(Exists(verified))
        .order_by("pk")
    )


def newsletter_plans(*, frequency: str, now: datetime.datetime) -> list[NewsletterPlan]:
    """What every due member would get now, in a fixed number of queries per `CHUNK` members."""
    members = list(members_due(frequency=frequency))
    plans: list[NewsletterPlan] = []
    for start in range(0, len(members), CHUNK):
        plans.extend(_plans_for(members[start : start + CHUNK], frequency, now))
    return plans


def _plans_for(members: list[User], frequency: str, now) -> list[NewsletterPlan]:
    period = period_start_for(frequency, now)
    stale_before = now - STALE_CLAIM
    last_end: dict[int, datetime.datetime] = {}
    received: dict[int, set[int]] = defaultdict(set)
    this_period: dict[int, NewsletterDelivery] = {}
    for delivery in NewsletterDelivery.objects.filter(member__in=members).order_by("window_end"):
        if delivery.frequency == frequency and delivery.period_start == period:
            this_period[delivery.member_id] = delivery
        if delivery.status in (Status.SENT, Status.SKIPPED):
            last_end[delivery.member_id] = delivery.window_end
        if delivery.status == Status.SENT:
            received[delivery.member_id].update(delivery.digests)

    plans = []
    for member in members:
        taken = this_period.get(member.pk)
        if taken is not None and not (
            taken.status == Status.CLAIMED and taken.claimed_at < stale_before
        ):
            continue
        window_start = last_end.get(member.pk, now - PERIOD[frequency])
        if taken is not None:
            window_start = taken.window_start
        plans.append(
            NewsletterPlan(
                member=member,
                frequency=frequency,
                period_start=period,
                window_start=min(window_start, now),
                window_end=now,
                stale_claim=taken,
            )
        )
    if not plans:
        return plans

    earliest = min(plan.window_start for plan in plans)
    digests = list(
        Digest.objects.published()
        .filter(published_at__gte=earliest, published_at__lt=now)
        .annotate(comment_count=visible_comment_count())
        .order_by("published_at", "id")
    )
    received_any = set().union(*(received[plan.member.pk] for plan in plans))
    errata_source = _ErrataSource(digest_ids=received_any, since=earliest, until=now)
    views = _digest_views(digests)

    for plan in plans:
        mine = received[plan.member.pk]
        plan.digests = [
            views[d.pk]
            for d in digests
            if plan.window_start <= d.published_at < plan.window_end and d.pk not in mine
        ]
        plan.errata = errata_source.for_window(
            digest_ids=mine, since=plan.window_start, until=plan.window_end
        )
    return plans


class _ErrataSource:
    """The correcting revisions of a time span in some digests, with the texts before and
    after them, loaded once (four queries) and cut per member's window in memory; the diffs
    are read from the store when a window first shows them."""

    def __init__(self, *, digest_ids: set[int], since, until):
        self.revisions: list[Revision] = []
        self.entries: dict[int, Entry] = {}
        self.texts: dict[tuple[int, int], dict[int, tuple[str, int, str]]] = defaultdict(dict)
        self.credits: dict[tuple[int, int], list[str]] = defaultdict(list)
        # The diff of each (old, new) pair, read once for every window that shows it.
        self.diffs: dict[tuple[str, str], list[DiffOp]] = {}
        if not digest_ids:
            return
        self.revisions = list(
            Revision.objects.filter(
                kind__in=CORRECTING_KINDS,
                created_at__gte=since,
                created_at__lt=until,
                entry__digest_id__in=digest_ids,
            )
            .select_related("editor", "entry__digest")
            .order_by("entry_id", "number")
        )
        if not self.revisions:
            return
        lowest: dict[int, int] = {}
        for revision in self.revisions:
            self.entries[revision.entry_id] = revision.entry
            lowest.setdefault(revision.entry_id, revision.number)
        wanted = Q()
        for entry_id, number in lowest.items():
            wanted |= Q(revision__entry_id=entry_id, revision__number__gte=number - 1)
        rows = SegmentText.objects.filter(wanted).values_list(
            "revision__entry_id",
            "revision__number",
            "segment_id",
            "segment__field",
            "segment__position",
            "text",
        )
        for entry_id, number, segment_id, field_name, position, text in rows:
            self.texts[(entry_id, number)][segment_id] = (field_name, position, text)
        credits = (
            RevisionCredit.objects.filter(revision__in=self.revisions)
            .select_related("contributor")
            .order_by("id")
        )
        for credit in credits:
            self.credits[(credit.revision_id, credit.segment_id)].append(
                credit.contributor.public_name
            )

    def for_window(self, *, digest_ids: set[int], since, until) -> list[Erratum]:
        by_entry: dict[int, list[Revision]] = defaultdict(list)
        for revision in self.revisions:
            if revision.entry.digest_id in digest_ids and since <= revision.created_at < until:
                by_entry[revision.entry_id].append(revision)
        errata = []
        for entry_id, revisions in by_entry.items():
            errata.extend(self._entry_errata(self.entries[entry_id], revisions))
        self.diffs.update(
            stored_diffs((e.old, e.new) for e in errata if (e.old, e.new) not in self.diffs)
        )
        for erratum in errata:
            erratum.ops = self.diffs[erratum.old, erratum.new]
        errata.sort(
            key=lambda e: (
                -e.digest.published_at.timestamp(),
                e.digest.pk,
                e.entry_position,
                FIELD_ORDER.index(e.field),
            )
        )
        return errata

    def _entry_errata(self, entry: Entry, revisions: list[Revision]) -> list[Erratum]:
        first, last = revisions[0].number, revisions[-1].number
        before = self.texts.get((entry.pk, first - 1), {})
        after = self.texts.get((entry.pk, last), {})
        title = " ".join(
            text
            for _id, (name, _pos, text) in sorted(after.items(), key=lambda i: i[1][1])
            if name == Field.TITLE
        )
        errata = []
        ordered = sorted(after.items(), key=lambda i: (FIELD_ORDER.index(i[1][0]), i[1][1]))
        for segment_id, (name, _position, new) in ordered:
            old = before.get(segment_id, (None, None, None))[2]
            if old is None or old == new:
                continue
            errata.append(
                Erratum(
                    digest=entry.digest,
                    entry_position=entry.position,
                    entry_title=title,
                    url=site_url(entry.get_absolute_url()),
                    field=name,
                    old=old,
                    new=new,
                    ops=[],  # all errata's diffs are read at once by for_window
                    contributors=self._contributors(entry, revisions, segment_id),
                )
            )
        return errata

    def _contributors(self, entry: Entry, revisions: list[Revision], segment_id: int) -> list:
        """Whoever suggested the change, or the editor who made it when nobody suggested it."""
        names: list[str] = []
        for revision in revisions:
            previous = self.texts.get((entry.pk, revision.number - 1), {}).get(segment_id)
            current = self.texts.get((entry.pk, revision.number), {}).get(segment_id)
            if previous is not None and current is not None and previous[2] == current[2]:
                continue
            credited = self.credits.get((revision.pk, segment_id))
            if credited:
                names.extend(credited)
            elif revision.editor is not None:
                names.append(revision.editor.public_name)
        return list(dict.fromkeys(names))


def _digest_views(digests: list[Digest]) -> dict[int, NewsletterDigest]:
    """Each digest with its entries' current Korean titles, in two queries."""
    entries = (
        list(Entry.objects.filter(digest__in=digests).order_by("digest_id", "position"))
        if digests
        else []
    )
    revision_ids = [e.current_revision_id for e in entries if e.current_revision_id]
    titles: dict[int, list[str]] = defaultdict(list)
    if revision_ids:
        rows = (
            SegmentText.objects.filter(revision_id__in=revision_ids, segment__field=Field.TITLE)
            .order_by("revision_id", "segment__position")
            .values_list("revision_id", "text")
        )
        for revision_id, text in rows:
            titles[revision_id].append(text)
    views = {
        d.pk: NewsletterDigest(
            digest=d,
            url=site_url(d.get_absolute_url()),
            intro=d.intro[0] if d.intro else "",
            comment_count=d.comment_count,
        )
        for d in digests
    }
    for entry in entries:
        entry.digest = views[entry.digest_id].digest
        views[entry.digest_id].entries.append(
            NewsletterEntry(
                position=entry.position,
                title=" ".join(titles.get(entry.current_revision_id, [])),
                url=site_url(entry.get_absolute_url()),
            )
        )
    return views


# --- rendering ----------------------------------------------------------------------------


def newsletter_render(plan: NewsletterPlan) -> tuple[str, str, str]:
    """Subject, text and HTML of the plan's newsletter, in the member's language."""
    member = plan.member
    with translation.override(member.language):
        parts = []
        if plan.digests:
            count = len(plan.digests)
            parts.append(
                ngettext("%(count)d new digest", "%(count)d new digests", count) % {"count": count}
            )
        if plan.errata:
            count = len(plan.errata)
            parts.append(
                ngettext("%(count)d correction", "%(count)d corrections", count) % {"count": count}
            )
        if plan.frequency == Frequency.WEEKLY:
            heading = _("Gyojeong weekly")
        else:
            heading = _("Gyojeong daily")
        subject = _("%(heading)s: %(summary)s") % {"heading": heading, "summary": ", ".join(parts)}
        context = {
            "plan": plan,
            "member": member,
            "heading": heading,
            "subject": subject,
            "language": member.language,
            "local_start": timezone.localtime(plan.window_start),
            "local_end": timezone.localtime(plan.window_end),
            "site_url": site_url("/"),
            "preferences_url": preferences_url(),
            "unsubscribe_url": unsubscribe_url(member, NEWSLETTER),
        }
        text = render_to_string("email/newsletter.txt", context)
        html = render_to_string("email/newsletter.html", context)
    return subject, text, html


# --- sending ------------------------------------------------------------------------------


@dataclass
class SendReport:
    frequency: str
    now: datetime.datetime
    sent: list[NewsletterPlan] = field(default_factory=list)
    skipped: list[NewsletterPlan] = field(default_factory=list)
    taken: list[NewsletterPlan] = field(default_factory=list)
    planned: list[NewsletterPlan] = field(default_factory=list)


def _mark_sent(delivery_id: int, sent_at) -> None:
    NewsletterDelivery.objects.filter(pk=delivery_id, status=Status.CLAIMED).update(
        status=Status.SENT, sent_at=sent_at
    )


@transaction.atomic
def newsletter_deliver(*, plan: NewsletterPlan, now: datetime.datetime) -> str:
    """Claim the plan's period for its member and queue the newsletter, in one transaction.

    Returns the status written, or "taken" when another run owns the period. Call outside
    any transaction (the email leaves when this one commits).
    """
    values = {
        "window_start": plan.window_start,
        "window_end": plan.window_end,
        "digests": [view.digest.pk for view in plan.digests],
        "corrections": len(plan.errata),
        "claimed_at": now,
    }
    status = Status.SKIPPED if plan.is_empty else Status.CLAIMED
    if plan.stale_claim is not None:
        # Whichever run moves the stale claim forward first owns it; the others see 0 rows.
        won = NewsletterDelivery.objects.filter(
            pk=plan.stale_claim.pk, status=Status.CLAIMED, claimed_at__lt=now - STALE_CLAIM
        ).update(status=status, **values)
        if not won:
            return "taken"
        delivery_id = plan.stale_claim.pk
    else:
        try:
            with transaction.atomic():
                delivery_id = NewsletterDelivery.objects.create(
                    member=plan.member,
                    frequency=plan.frequency,
                    period_start=plan.period_start,
                    status=status,
                    **values,
                ).pk
        except IntegrityError:
            return "taken"
    if status == Status.SKIPPED:
        return status
    subject, text, html = newsletter_render(plan)
    email_queue(user=plan.member, kind=NEWSLETTER, subject=subject, text=text, html=html)
    # Registered after the email's own hook, so it runs once the email has been handed over.
    transaction.on_commit(lambda: _mark_sent(delivery_id, timezone.now()), robust=True)
    return Status.SENT


def newsletters_send(
    *, frequency: str, now: datetime.datetime | None = None, dry_run: bool = False
) -> SendReport:
    """Send every due member of `frequency` their newsletter for the period of `now`.

    Idempotent: see the module docstring. With `dry_run`, only plans; nothing is written.
    """
    if frequency not in Frequency.values:
        raise ValueError(f"Unknown newsletter frequency: {frequency}")
    now = now or timezone.now()
    report = SendReport(frequency=frequency, now=now)
    plans = newsletter_plans(frequency=frequency, now=now)
    if dry_run:
        report.planned = plans
        return report
    for plan in plans:
        outcome = newsletter_deliver(plan=plan, now=now)
        {"sent": report.sent, "skipped": report.skipped, "taken": report.taken}[outcome].append(
            plan
        )
    logger.info(
        "%s newsletters: %d sent, %d skipped, %d already taken",
        frequency,
        len(report.sent),
        len(report.skipped),
        len(report.taken),
    )
    return report

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What an editor may write about a revision: the model, the forms, the API and the service
# (digest.services.revision_append) all take it from here.
REVISION_SUMMARY_MAX_LENGTH = 500


class DigestQuerySet(models.QuerySet["Digest"]):
    def published(self) -> "DigestQuerySet":
        return self.filter(status=Digest.Status.PUBLISHED, published_at__isnull=False)

    def visible_to(self, user) -> "DigestQuerySet":
        """The one rule of who sees what: drafts are for editors; everyone reads published
        digests. Whatever sits in a digest another user cannot see answers 404 to them, as if
        it did not exist (views, the API and the services all filter through this)."""
        from accounts.permissions import is_editor

        return self if is_editor(user) else self.published()


class Digest(models.Model):
    """One issue of a machine-translated publication, such as a week of ML papers."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=120)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    source_language = models.CharField(_("source language"), max_length=8, default="en")
    target_language = models.CharField(_("target language"), max_length=8, default="ko")
    intro = models.JSONField(_("introduction paragraphs"), default=list, blank=True)
    notice = models.JSONField(_("closing notice lines"), default=list, blank=True)
    # The weekly post names no address of its own: an editor sets it (admin), and a re-import
    # of the post keeps it.
    original_url = models.URLField(_("original post"), max_length=500, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DigestQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="digest_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="digest_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="digest_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "-period_start"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("digest:digest", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def is_visible_to(self, user) -> bool:
        """DigestQuerySet.visible_to for one digest already read."""
        from accounts.permissions import is_editor

        return (self.is_published and self.published_at is not None) or is_editor(user)


class Entry(models.Model):
    """A numbered item of a digest: one paper or article with its translatable fields."""

    class Kind(models.TextChoices):
        PAPER = "paper", _("Paper")
        ARTICLE = "article", _("Article")

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PAPER)
    source_url = models.URLField(_("source link"), max_length=500, null=True, blank=True)
    read_more_url = models.URLField(_("read more link"), max_length=500, null=True, blank=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    # The pointer is moved only by the services that create revisions, under a row lock.
    current_revision = models.OneToOneField(
        "Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current revision"),
    )

    class Meta:
        ordering = ["digest", "position"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(fields=["digest", "position"], name="entry_position_unique"),
            models.CheckConstraint(condition=Q(position__gte=1), name="entry_position_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=["paper", "article"]), name="entry_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.digest.slug} #{self.position}"

    def get_absolute_url(self) -> str:
        return reverse("digest:entry", kwargs={"slug": self.digest.slug, "position": self.position})


class Field(models.TextChoices):
    TITLE = "title", _("Title")
    SUMMARY = "summary", _("Summary")
    ABSTRACT = "abstract", _("Abstract")


FIELD_ORDER = [Field.TITLE, Field.SUMMARY, Field.ABSTRACT]
# An entry's two links: to the paper, and to the post's "read more". Editors may fix them.
LINK_FIELDS = ("source_url", "read_more_url")
# A digest's details editors may change after import; a re-import keeps what they set.
DIGEST_DETAIL_FIELDS = ("title", "publisher", "original_url")


class Segment(models.Model):
    """An aligned unit of an entry field: source sentence(s) and the place of their translation.

    The source text never changes. The translation lives in each revision's SegmentText rows,
    so a segment keeps its identity (and its flags and suggestions) across corrections. A
    machine re-import that changes an entry's alignment retires the old segments instead of
    deleting them, so older revisions stay readable.
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="segments")
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    position = models.PositiveSmallIntegerField(_("position in field"))
    source = models.TextField(_("source text"), null=True, blank=True)
    introduced_in = models.ForeignKey(
        "Revision", on_delete=models.PROTECT, related_name="introduced_segments"
    )
    retired_in = models.ForeignKey(
        "Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retired_segments",
    )

    class Meta:
        ordering = ["entry", "field", "position"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "field", "position"],
                condition=Q(retired_in__isnull=True),
                name="segment_active_position_unique",
            ),
            models.CheckConstraint(
                condition=Q(field__in=["title", "summary", "abstract"]),
                name="segment_field_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} {self.field}[{self.position}]"


class Revision(models.Model):
    """An immutable, numbered snapshot of an entry's translated text."""

    class Kind(models.TextChoices):
        MACHINE = "machine", _("Machine translation")
        CORRECTION = "correction", _("Correction")
        EDIT = "edit", _("Edit")
        REVERT = "revert", _("Revert")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=REVISION_SUMMARY_MAX_LENGTH, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="edited_revisions",
        verbose_name=_("editor"),
    )
    reverted_to = models.PositiveIntegerField(_("reverted to"), null=True, blank=True)
    # For a machine revision drafted here (translate_digest): the service and model that
    # translated it, as "model (service)". Empty for a post that came already translated.
    translator = models.CharField(_("machine translator"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["entry", "number"]
        get_latest_by = "number"
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="revision_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=["machine", "correction", "edit", "revert"]),
                name="revision_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(number=1, kind="machine") | Q(number__gt=1),
                name="revision_first_is_machine",
            ),
            models.CheckConstraint(
                condition=Q(kind="revert", reverted_to__isnull=False)
                | (~Q(kind="revert") & Q(reverted_to__isnull=True)),
                name="revision_revert_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} r{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "digest:revision",
            kwargs={
                "slug": self.entry.digest.slug,
                "position": self.entry.position,
                "number": self.number,
            },
        )


class SegmentText(models.Model):
    """The translation of one segment in one revision. Rows are written once, never updated."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="texts")
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="texts")
    text = models.TextField(_("translation"))
    # The revision that wrote this text: the row's own revision when the text changed there,
    # otherwise the origin of the text it was copied from. Where a sentence's current text
    # comes from (machine, a person, verified) is read from it.
    origin = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="+", verbose_name=_("written in")
    )

    class Meta:
        verbose_name = _("segment text")
        verbose_name_plural = _("segment texts")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "segment"], name="segment_text_once_per_revision"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Provenance(models.TextChoices):
    """Where a sentence's current text comes from, as readers see it."""

    MACHINE = "machine", _("Machine translation")
    EDITED = "edited", _("Edited by people")
    VERIFIED = "verified", _("Checked by an editor")


class SegmentVerification(models.Model):
    """An editor confirmed a sentence's text as written in `origin`. Any later change writes
    a new origin, so the confirmation no longer applies to the current text (it stays as
    history)."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="verifications")
    origin = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="verifications", verbose_name=_("text of")
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="verifications",
        verbose_name=_("editor"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("verified at"), default=timezone.now)

    class Meta:
        ordering = ["segment", "created_at"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "origin"], name="verification_once_per_text"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.segment} ✓ {self.editor}"


class RevisionCredit(models.Model):
    """Credits a person whose suggestion changed a segment in a revision."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="credits")
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="credits")
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credits"
    )

    class Meta:
        ordering = ["revision", "segment", "contributor"]
        verbose_name = _("revision credit")
        verbose_name_plural = _("revision credits")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "segment", "contributor"], name="revision_credit_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contributor} in {self.revision}"


# --- community: comments, likes, reports ---------------------------------------------------


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HELD = "held", _("Waiting for moderation")
    HIDDEN = "hidden", _("Hidden by moderators")
    REMOVED = "removed", _("Removed by moderators")
    DELETED = "deleted", _("Deleted by its author")


class CommentQuerySet(models.QuerySet["Comment"]):
    def visible(self) -> "CommentQuerySet":
        return self.filter(status=CommentStatus.VISIBLE)


class Comment(models.Model):
    """A member's Markdown comment on a digest (entry is null) or on one of its entries.

    Top-level comments start threads; replies point at a top-level comment (one level only,
    checked under the parent's row lock in digest.services.comments). Nothing a person wrote
    is deleted: an author's delete and a moderator's removal only change the status.
    """

    Status = CommentStatus

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="comments")
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False)
    # The quoted Korean sentence, with its text as it read when quoted.
    quote_segment = models.ForeignKey(
        Segment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quoting_comments",
        verbose_name=_("quoted sentence"),
    )
    quote_text = models.TextField(_("quoted text"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.VISIBLE
    )
    # Why a moderator (or the automatic hold) took the comment out of view; shown to the author.
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moderated_comments",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # The newest reply's time on a thread's first comment (its own time until a reply comes).
    last_activity_at = models.DateTimeField(_("latest activity"), default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommentStatus.values), name="comment_status_valid"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="comment_not_own_parent"),
            models.CheckConstraint(
                condition=Q(quote_segment__isnull=True, quote_text="")
                | (Q(quote_segment__isnull=False) & ~Q(quote_text="")),
                name="comment_quote_has_text",
            ),
        ]
        indexes = [
            models.Index(fields=["digest", "entry", "parent", "created_at"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author}"

    def get_absolute_url(self) -> str:
        if self.entry_id is not None:
            base = reverse(
                "digest:entry", kwargs={"slug": self.digest.slug, "position": self.entry.position}
            )
        else:
            base = self.digest.get_absolute_url()
        return f"{base}#comment-{self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.status == CommentStatus.VISIBLE


class CommentEdit(models.Model):
    """The text a comment had before one of its author's edits; kept for moderators."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="edits")
    body = models.TextField()
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["comment", "edited_at", "id"]
        verbose_name = _("comment edit")
        verbose_name_plural = _("comment edits")

    def __str__(self) -> str:
        return f"Edit of comment {self.comment_id}"


class Like(models.Model):
    """One member's like of exactly one digest, entry or comment."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, null=True, blank=True, related_name="likes"
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="likes"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="likes"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest__isnull=False, entry__isnull=True, comment__isnull=True)
                | Q(digest__isnull=True, entry__isnull=False, comment__isnull=True)
                | Q(digest__isnull=True, entry__isnull=True, comment__isnull=False),
                name="like_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "digest"],
                condition=Q(digest__isnull=False),
                name="like_digest_once",
            ),
            models.UniqueConstraint(
                fields=["user", "entry"], condition=Q(entry__isnull=False), name="like_entry_once"
            ),
            models.UniqueConstraint(
                fields=["user", "comment"],
                condition=Q(comment__isnull=False),
                name="like_comment_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Like by {self.user_id}"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    ABUSE = "abuse", _("Abusive or hateful")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld: the comment was taken down")
    DISMISSED = "dismissed", _("Dismissed")


class CommentReport(models.Model):
    """A member's report that a comment breaks the rules; moderators uphold or dismiss it."""

    Reason = ReportReason
    Status = ReportStatus

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comment_reports"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolved_comment_reports",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                condition=Q(status="open"),
                name="report_one_open_per_member_comment",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=ReportReason.values), name="report_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(resolved_at__isnull=False),
                name="report_resolved_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "comment"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} report on comment {self.comment_id}"


# --- newsletter ---------------------------------------------------------------------------


class NewsletterDelivery(models.Model):
    """One member's newsletter for one period (a Seoul day or a Seoul week from Monday).

    The row is inserted in the transaction that decides the send and queues the email (see
    digest.newsletter): the unique constraint makes a second run, or a concurrent one, find
    the period taken; a run that dies before committing leaves no row, so the next run sends.
    `claimed` means committed and handed to the mail queue; the after-commit hook turns it
    into `sent`. A row left `claimed` for longer than a few minutes (the process died between
    the commit and the hand-off) is taken over by the next run.
    """

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        DAILY = "daily", _("Daily")

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Claimed")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Nothing new")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletter_deliveries"
    )
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency.choices)
    # The Seoul date of the period: the day (daily) or the Monday of the week (weekly).
    period_start = models.DateField(_("period"))
    window_start = models.DateTimeField(_("covers from"))
    window_end = models.DateTimeField(_("covers until"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    # Ids of the digests the newsletter listed: the member has "received" them.
    digests = models.JSONField(_("digests"), default=list, blank=True)
    corrections = models.PositiveIntegerField(_("corrections"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-window_end", "-id"]
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "frequency", "period_start"],
                name="newsletter_delivery_once_per_period",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["weekly", "daily"]),
                name="newsletter_delivery_frequency_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["claimed", "sent", "skipped"]),
                name="newsletter_delivery_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(window_end__gte=F("window_start")),
                name="newsletter_delivery_window_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="newsletter_delivery_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["member", "-window_end"])]

    def __str__(self) -> str:
        return f"{self.frequency} newsletter {self.period_start} for {self.member_id}"


# --- diffs --------------------------------------------------------------------------------


class StoredDiff(models.Model):
    """The diff of two texts that never change, computed once and kept (see digest.diffing).

    The key is a SHA-256 of the diff algorithm's version and both texts, so the same pair
    finds the same row wherever it comes from (two revisions, a suggestion and its base
    text); a row never goes stale and is never updated.
    """

    key = models.CharField(_("key"), max_length=64, primary_key=True)
    # [[op, text], ...] with op -1 (delete), 0 (equal) or 1 (insert), as diff-match-patch.
    ops = models.JSONField(_("operations"))

    class Meta:
        verbose_name = _("stored diff")
        verbose_name_plural = _("stored diffs")
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("key"), 64), name="stored_diff_key_is_sha256"
            ),
        ]

    def __str__(self) -> str:
        return self.key

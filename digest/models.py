from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DigestQuerySet(models.QuerySet["Digest"]):
    def published(self) -> "DigestQuerySet":
        return self.filter(status=Digest.Status.PUBLISHED, published_at__isnull=False)


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
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
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
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="edited_revisions",
        verbose_name=_("editor"),
    )
    reverted_to = models.PositiveIntegerField(_("reverted to"), null=True, blank=True)
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


class AuditEvent(models.Model):
    """One editorial or administrative action, written in the transaction that performed it."""

    action = models.CharField(_("action"), max_length=40, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("actor"),
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor or 'system'}"

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One editorial or administrative action, written in the transaction that performed it
    (core.audit.audit_record)."""

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
        # The table was created when the model lived in digest; moving it kept its rows.
        db_table = "digest_auditevent"
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor or 'system'}"


class PageStamp(models.Model):
    """The current version of a group of cached pages (core.pagecache).

    Writes give a stamp a new token after they commit; a cached page is stored under the
    tokens it was rendered with, so a new token retires every copy at once, in every process.
    The tokens live here rather than in the cache so that a per-process cache (local memory)
    cannot serve one worker's stale copy after another worker's write.
    """

    key = models.CharField(primary_key=True, max_length=200)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key}@{self.token}"

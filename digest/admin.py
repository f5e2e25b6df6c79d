from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_editor, is_moderator
from core.admin import ReadOnlyAdmin
from core.errors import DomainError

from .models import (
    Comment,
    CommentEdit,
    CommentReport,
    Digest,
    Entry,
    Like,
    Revision,
    RevisionCredit,
    Segment,
    SegmentText,
    SegmentVerification,
    StoredDiff,
)
from .services import DigestError, digest_publish, digest_unpublish
from .services.digests import digest_details_update
from .services.entries import entry_links_update
from .services.moderation import MAX_REASON_LENGTH, ModerationAction, comment_moderate


class ChangedByEditors:
    """Digests and entries change only through editors' services, which refuse other staff;
    such staff see the page read-only instead of a form whose saving would fail."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and is_editor(request.user)


@admin.register(Digest)
class DigestAdmin(ChangedByEditors, admin.ModelAdmin):
    """Digests come from `import_digest`, which validates them; the admin publishes them.

    Intro and notice are lists of paragraphs that the pages and the API expect as lists, so they
    are shown, not edited as raw JSON.
    """

    list_display = ["title", "slug", "period_start", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    # The slug is what `import_digest --update` finds the digest by, and the period comes from
    # the post: both change only with the file, or the next import would make a second digest.
    readonly_fields = [
        "slug",
        "period_start",
        "period_end",
        "status",
        "published_at",
        "intro",
        "notice",
        "created_at",
        "updated_at",
    ]
    actions = ["publish", "unpublish"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        "title",
        "publisher",
        "original_url",
        "slug",
        "period_start",
        "period_end",
        "status",
        "published_at",
        "intro",
        "notice",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        digest_details_update(
            digest=obj,
            editor=request.user,
            title=form.cleaned_data.get("title", ""),
            publisher=form.cleaned_data.get("publisher", ""),
            original_url=form.cleaned_data.get("original_url"),
        )
        obj.refresh_from_db()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Publish the selected digests"), permissions=["change"])
    def publish(self, request, queryset):
        for digest in queryset:
            try:
                digest_publish(digest=digest, actor=request.user)
            except DigestError as error:
                self.message_user(request, f"{digest}: {error}", messages.WARNING)

    @admin.action(description=_("Unpublish the selected digests"), permissions=["change"])
    def unpublish(self, request, queryset):
        for digest in queryset:
            try:
                digest_unpublish(digest=digest, actor=request.user)
            except DigestError as error:
                self.message_user(request, f"{digest}: {error}", messages.WARNING)


@admin.register(Entry)
class EntryAdmin(ChangedByEditors, admin.ModelAdmin):
    list_display = ["__str__", "kind", "current_revision"]
    list_filter = ["kind", "digest"]
    list_select_related = ["digest", "current_revision"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # The kind comes from the post like the text; editors fix the links (audited, below).
    readonly_fields = ["digest", "position", "kind", "current_revision"]
    fields = ["digest", "position", "kind", "source_url", "read_more_url", "current_revision"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        entry_links_update(
            entry=obj,
            editor=request.user,
            source_url=form.cleaned_data.get("source_url"),
            read_more_url=form.cleaned_data.get("read_more_url"),
        )
        obj.refresh_from_db()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Segment)
class SegmentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "source", "retired_in"]
    list_select_related = ["entry__digest", "retired_in"]
    search_fields = ["source"]


@admin.register(SegmentVerification)
class SegmentVerificationAdmin(ReadOnlyAdmin):
    list_display = ["segment", "editor", "created_at"]
    list_select_related = ["segment__entry__digest", "editor"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "editor", "summary", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["entry__digest", "editor"]


@admin.register(SegmentText)
class SegmentTextAdmin(ReadOnlyAdmin):
    list_display = ["segment", "revision", "text"]
    list_select_related = ["segment__entry__digest", "revision__entry__digest"]
    search_fields = ["text"]


@admin.register(RevisionCredit)
class RevisionCreditAdmin(ReadOnlyAdmin):
    list_display = ["revision", "segment", "contributor"]
    list_select_related = ["revision__entry__digest", "segment__entry__digest", "contributor"]


# Computed diffs (digest.diffing.stored_diffs); shown for checking, never edited.
@admin.register(StoredDiff)
class StoredDiffAdmin(ReadOnlyAdmin):
    list_display = ["key"]
    search_fields = ["key"]


# --- community -------------------------------------------------------------------------------


class ModerationReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to each author"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


class ModeratesComments:
    """Admin actions on comments that go through digest.services.moderation, which checks
    the moderator, closes reports, audits and tells the authors."""

    def has_moderate_permission(self, request) -> bool:
        return is_moderator(request.user)

    def _moderate(self, request, comments, action: str, reason: str = "") -> None:
        count = 0
        for comment in comments:
            try:
                comment_moderate(
                    comment=comment, moderator=request.user, action=action, reason=reason
                )
            except DomainError as error:
                self.message_user(
                    request,
                    gettext("Comment #%(number)d: %(error)s")
                    % {"number": comment.pk, "error": error},
                    messages.WARNING,
                )
            else:
                count += 1
        if count:
            self.message_user(
                request,
                gettext("%(count)d comment(s) changed: %(action)s.")
                % {"count": count, "action": ACTION_LABELS[action]},
                messages.SUCCESS,
            )

    def _with_reason(self, request, queryset, action: str, comments):
        """The intermediate page that asks for the reason; posting it runs the action."""
        form = ModerationReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._moderate(request, comments, action, form.cleaned_data["reason"])
            return None
        return TemplateResponse(
            request,
            "moderation/admin_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Why: %(action)s") % {"action": ACTION_LABELS[action]},
                "action": request.POST.get("action", ""),
                "action_label": ACTION_LABELS[action],
                "comments": comments,
                "queryset": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


ACTION_LABELS = {
    ModerationAction.HIDE: _("hidden"),
    ModerationAction.RESTORE: _("restored"),
    ModerationAction.REMOVE: _("removed"),
    ModerationAction.DISMISS_REPORTS: _("reports dismissed"),
}


class CommentEditInline(admin.TabularInline):
    model = CommentEdit
    fields = ["edited_at", "body"]
    readonly_fields = ["edited_at", "body"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CommentReportInline(admin.TabularInline):
    model = CommentReport
    fk_name = "comment"
    fields = ["created_at", "reporter", "reason", "note", "status", "resolved_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(ModeratesComments, ReadOnlyAdmin):
    """Comments change only through the moderation actions (or their authors)."""

    list_display = ["pk", "author", "digest", "entry", "status", "open_reports", "created_at"]
    list_display_links = ["pk"]
    list_filter = ["status", "created_at"]
    list_select_related = ["author", "digest", "entry__digest"]
    search_fields = ["body", "author__email", "author__display_name"]
    date_hierarchy = "created_at"
    inlines = [CommentEditInline, CommentReportInline]
    actions = ["hide", "restore", "remove", "dismiss_reports"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_report_count=Count(
                    "reports", filter=Q(reports__status=CommentReport.Status.OPEN)
                )
            )
        )

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, obj) -> int:
        return obj.open_report_count

    @admin.action(description=_("Hide the selected comments…"), permissions=["moderate"])
    def hide(self, request, queryset):
        return self._with_reason(request, queryset, ModerationAction.HIDE, list(queryset))

    @admin.action(description=_("Remove the selected comments…"), permissions=["moderate"])
    def remove(self, request, queryset):
        return self._with_reason(request, queryset, ModerationAction.REMOVE, list(queryset))

    @admin.action(description=_("Restore the selected comments"), permissions=["moderate"])
    def restore(self, request, queryset):
        self._moderate(request, queryset, ModerationAction.RESTORE)

    @admin.action(
        description=_("Dismiss the open reports on the selected comments"),
        permissions=["moderate"],
    )
    def dismiss_reports(self, request, queryset):
        self._moderate(
            request, queryset.filter(open_report_count__gt=0), ModerationAction.DISMISS_REPORTS
        )


@admin.register(CommentEdit)
class CommentEditAdmin(ReadOnlyAdmin):
    list_display = ["comment", "edited_at"]
    list_select_related = ["comment"]
    search_fields = ["body"]


@admin.register(CommentReport)
class CommentReportAdmin(ModeratesComments, ReadOnlyAdmin):
    list_display = ["comment", "reporter", "reason", "status", "created_at", "resolved_by"]
    list_filter = ["status", "reason", "created_at"]
    list_select_related = ["comment", "reporter", "resolved_by"]
    search_fields = ["note", "reporter__email", "reporter__display_name", "comment__body"]
    actions = ["dismiss_reports", "hide_comments"]

    def _open_comments(self, queryset) -> list[Comment]:
        ids = queryset.filter(status=CommentReport.Status.OPEN).values("comment_id")
        return list(Comment.objects.filter(pk__in=ids).select_related("author"))

    @admin.action(
        description=_("Dismiss every open report on the reported comments"),
        permissions=["moderate"],
    )
    def dismiss_reports(self, request, queryset):
        self._moderate(request, self._open_comments(queryset), ModerationAction.DISMISS_REPORTS)

    @admin.action(description=_("Uphold: hide the reported comments…"), permissions=["moderate"])
    def hide_comments(self, request, queryset):
        return self._with_reason(
            request, queryset, ModerationAction.HIDE, self._open_comments(queryset)
        )


@admin.register(Like)
class LikeAdmin(ReadOnlyAdmin):
    list_display = ["user", "digest", "entry", "comment", "created_at"]
    list_filter = ["created_at"]
    list_select_related = ["user", "digest", "entry__digest", "comment"]
    search_fields = ["user__email", "user__display_name"]


# Newsletter deliveries are written only by digest.newsletter; the admin shows them.
from .models import NewsletterDelivery  # noqa: E402


@admin.register(NewsletterDelivery)
class NewsletterDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["member", "frequency", "period_start", "status", "corrections", "sent_at"]
    list_filter = ["frequency", "status", "period_start"]
    list_select_related = ["member"]
    search_fields = ["member__email", "member__display_name"]

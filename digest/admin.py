from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Digest, Entry, Revision, RevisionCredit, Segment, SegmentText
from .services import DigestError, digest_publish, digest_unpublish


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is written only by services; the admin shows it and never changes it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    """Digests come from `import_digest`, which validates them; the admin publishes them.

    Intro and notice are lists of paragraphs that the pages and the API expect as lists, so they
    are shown, not edited as raw JSON.
    """

    list_display = ["title", "slug", "period_start", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    readonly_fields = ["status", "published_at", "intro", "notice", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Publish the selected digests"))
    def publish(self, request, queryset):
        for digest in queryset:
            try:
                digest_publish(digest=digest, actor=request.user)
            except DigestError as error:
                self.message_user(request, f"{digest}: {error}", messages.WARNING)

    @admin.action(description=_("Unpublish the selected digests"))
    def unpublish(self, request, queryset):
        for digest in queryset:
            try:
                digest_unpublish(digest=digest, actor=request.user)
            except DigestError as error:
                self.message_user(request, f"{digest}: {error}", messages.WARNING)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "current_revision"]
    list_filter = ["kind", "digest"]
    list_select_related = ["digest", "current_revision"]
    readonly_fields = ["digest", "position", "current_revision"]
    fields = ["digest", "position", "kind", "source_url", "read_more_url", "current_revision"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Segment)
class SegmentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "source", "retired_in"]
    list_select_related = ["entry__digest", "retired_in"]
    search_fields = ["source"]


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


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor", "target_type", "target_id"]
    list_filter = ["action"]
    list_select_related = ["actor", "target_type"]

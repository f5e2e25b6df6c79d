from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from digest.admin import ReadOnlyAdmin

from . import glossary
from .models import Flag, GlossaryTerm, MachineFinding, Suggestion, Vote
from .services import CorrectionError, flag_dismiss


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["segment", "reason", "author", "status", "created_at"]
    list_filter = ["status", "reason"]
    list_select_related = ["segment__entry__digest", "author"]
    actions = ["dismiss"]

    @admin.action(description=_("Dismiss the selected open flags"))
    def dismiss(self, request, queryset):
        for flag in queryset.filter(status=Flag.Status.OPEN):
            try:
                flag_dismiss(flag=flag, editor=request.user)
            except CorrectionError as error:
                self.message_user(request, f"{flag}: {error}", messages.WARNING)


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "segment", "author", "status", "score", "created_at"]
    list_filter = ["status"]
    list_select_related = ["segment__entry__digest", "author"]
    search_fields = ["text", "base_text"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["suggestion", "voter", "value", "created_at"]
    list_select_related = ["voter"]


@admin.register(MachineFinding)
class MachineFindingAdmin(ReadOnlyAdmin):
    list_display = ["segment", "check_code", "severity", "message"]
    list_filter = ["check_code", "severity"]
    list_select_related = ["segment__entry__digest"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["source", "approved", "forbidden", "do_not_translate", "status"]
    list_filter = ["status", "do_not_translate"]
    search_fields = ["source", "note"]
    readonly_fields = ["proposed_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        glossary.term_save(term=obj, editor=request.user)

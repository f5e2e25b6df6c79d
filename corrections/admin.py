from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from core.errors import DomainError

from . import glossary
from .glossary_forms import RenderingsField
from .models import (
    DigestTally,
    Flag,
    GlossaryCandidate,
    GlossaryTerm,
    MachineFinding,
    RenderingChange,
    SegmentTally,
    Suggestion,
    Vote,
)
from .permissions import can_edit_directly
from .services.flags import flag_dismiss


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
            except DomainError as error:
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


# Derived counts (corrections.tallies), shown for checking; only the services write them.
@admin.register(SegmentTally)
class SegmentTallyAdmin(ReadOnlyAdmin):
    list_display = ["segment", "open_flags", "pending", "outdated", "votes", "last_activity"]
    list_select_related = ["segment__entry__digest"]


@admin.register(DigestTally)
class DigestTallyAdmin(ReadOnlyAdmin):
    list_display = ["digest", "pending", "outdated"]
    list_select_related = ["digest"]


class GlossaryTermAdminForm(forms.ModelForm):
    approved = RenderingsField(
        label=_("Approved renderings"),
        required=False,
        help_text=_("Separate renderings with commas or put one on each line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    forbidden = RenderingsField(
        label=_("Forbidden renderings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = GlossaryTerm
        fields = ["source", "approved", "forbidden", "do_not_translate", "note"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The glossary service owns the rules; the form only shows what it says.
        candidate = GlossaryTerm(
            pk=self.instance.pk,
            status=self.instance.status,
            source=cleaned.get("source", ""),
            approved=cleaned.get("approved", []),
            forbidden=cleaned.get("forbidden", []),
            do_not_translate=cleaned.get("do_not_translate", False),
        )
        try:
            glossary.term_validate(term=candidate)
        except DomainError as error:
            raise forms.ValidationError(str(error)) from error
        cleaned.update(
            source=candidate.source, approved=candidate.approved, forbidden=candidate.forbidden
        )
        return cleaned


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    """Terms are saved and decided through corrections.glossary, which audits each change."""

    form = GlossaryTermAdminForm
    list_display = ["source", "approved", "forbidden", "do_not_translate", "status"]
    list_filter = ["status", "do_not_translate"]
    search_fields = ["source", "note"]
    # Status changes only through the approve/decline actions (glossary.term_decide).
    readonly_fields = ["status", "proposed_by", "created_at", "updated_at"]
    actions = ["approve_proposals", "decline_proposals", "retire_terms"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_edit_directly(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_edit_directly(request.user)

    def has_delete_permission(self, request, obj=None):
        # Terms are retired (an audited action that re-runs the checks), never deleted.
        return False

    def save_model(self, request, obj, form, change):
        glossary.term_save(term=obj, editor=request.user)

    @admin.action(description=_("Retire the selected approved terms"), permissions=["change"])
    def retire_terms(self, request, queryset):
        done = 0
        for term in queryset:
            try:
                glossary.term_retire(term=term, editor=request.user)
            except DomainError as error:
                self.message_user(request, f"{term}: {error}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, _("%(count)d term(s) retired.") % {"count": done})

    def _decide(self, request, queryset, *, approve: bool) -> None:
        done = 0
        for term in queryset.filter(status=GlossaryTerm.Status.PROPOSED):
            try:
                glossary.term_decide(term=term, editor=request.user, approve=approve)
            except DomainError as error:
                self.message_user(request, f"{term}: {error}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, _("%(count)d proposal(s) decided.") % {"count": done})

    @admin.action(description=_("Approve the selected proposed terms"), permissions=["change"])
    def approve_proposals(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Decline the selected proposed terms"), permissions=["change"])
    def decline_proposals(self, request, queryset):
        self._decide(request, queryset, approve=False)


# Glossary candidates are decided on the glossary page (corrections.services.glossary_candidates),
# which audits and re-checks; here they are only shown.
@admin.register(GlossaryCandidate)
class GlossaryCandidateAdmin(ReadOnlyAdmin):
    list_display = ["source", "old", "new", "status", "term", "decided_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["term", "decided_by"]
    search_fields = ["source", "old", "new"]


@admin.register(RenderingChange)
class RenderingChangeAdmin(ReadOnlyAdmin):
    list_display = ["source_term", "old", "new", "segment", "revision", "candidate"]
    list_select_related = ["segment__entry__digest", "revision__entry__digest", "candidate"]
    search_fields = ["source_term", "old", "new"]

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Notification, User
from .services import editor_grant, editor_revoke


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    actions = ["make_editors", "remove_editors"]

    @admin.action(description=_("Make the selected users editors"))
    def make_editors(self, request, queryset):
        count = sum(editor_grant(user=user, actor=request.user) for user in queryset)
        self.message_user(request, _("%(count)d user(s) became editors.") % {"count": count})

    @admin.action(description=_("Remove the selected users from the editors"))
    def remove_editors(self, request, queryset):
        count = sum(editor_revoke(user=user, actor=request.user) for user in queryset)
        self.message_user(request, _("%(count)d user(s) are no longer editors.") % {"count": count})


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "message", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "kind", "message", "url", "created_at", "read_at"]

    def has_add_permission(self, request):
        return False

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin as BaseTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from core.errors import DomainError

from .models import Notification, Suspension, User
from .permissions import is_moderator, second_factor_missing
from .services import (
    AccountError,
    api_token_issue,
    display_name_clean,
    editor_grant,
    editor_revoke,
    moderator_grant,
    moderator_revoke,
    suspension_lift,
    user_create_verified,
    user_update_by_admin,
)


def _optional_display_name(form: forms.ModelForm, user: User | None) -> str:
    """Empty is allowed here (the fallback "Member N" shows); anything else follows the rules."""
    value = form.cleaned_data.get("display_name", "")
    if not value.strip():
        return ""
    try:
        return display_name_clean(name=value, user=user)
    except AccountError as error:
        raise forms.ValidationError(str(error)) from error


class UserAddForm(AdminUserCreationForm):
    """Collects what accounts.services.user_create_verified needs; UserAdmin.save_model calls it."""

    class Meta:
        model = User
        fields = ["email", "display_name"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email address already exists."))
        return email

    def clean_display_name(self) -> str:
        return _optional_display_name(self, None)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_display_name(self) -> str:
        return _optional_display_name(self, self.instance)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    ordering = ["email"]
    list_display = ["email", "display_name", "trust_level", "is_staff", "is_active", "date_joined"]
    list_filter = ["trust_level", "is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "display_name"]
    # Roles change only through the actions below (or `grant_editor`, `grant_moderator`), which
    # write an audit row; the group list is shown, not edited. Trust levels are computed from
    # the member's record or set by moderators on the moderation pages, which audit too.
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Community"), {"fields": ["trust_level", "trust_level_override", "email_opt_outs"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = [
        "groups",
        "trust_level",
        "trust_level_override",
        "email_opt_outs",
        "last_login",
        "date_joined",
    ]
    filter_horizontal = []
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "usable_password", "password1", "password2"],
            },
        ),
    ]
    actions = ["make_editors", "remove_editors", "make_moderators", "remove_moderators"]

    def save_model(self, request, obj, form, change):
        if change:
            # Through the service: an email change must retire the old address, and the power
            # flags are audited (the form has already copied its values onto `obj`).
            user_update_by_admin(
                user=obj,
                actor=request.user,
                email=obj.email,
                display_name=obj.display_name,
                is_active=obj.is_active,
                is_staff=obj.is_staff,
                is_superuser=obj.is_superuser,
            )
            obj.refresh_from_db()
            return
        # A new account goes through the service, as in `seed_demo`: lower-case email, a
        # verified allauth address (an operator vouches for it) and an audit row.
        usable = form.cleaned_data["set_usable_password"]
        password = form.cleaned_data["password1"] if usable else None
        created = user_create_verified(
            email=obj.email,
            password=password,
            display_name=obj.display_name,
            actor=request.user,
        )
        # The admin goes on with `obj` (history entry, redirect to the change page).
        obj.pk = created.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def _each(self, request, queryset, service) -> int | None:
        """Apply a role service to each user; a refusal (say, no second factor) is shown as
        the service words it, and nothing more is changed."""
        try:
            return sum(service(user=user, actor=request.user) for user in queryset)
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None

    @admin.action(description=_("Make the selected users editors"))
    def make_editors(self, request, queryset):
        count = self._each(request, queryset, editor_grant)
        if count is None:
            return
        self.message_user(request, _("%(count)d user(s) became editors.") % {"count": count})

    @admin.action(description=_("Remove the selected users from the editors"))
    def remove_editors(self, request, queryset):
        count = self._each(request, queryset, editor_revoke)
        if count is None:
            return
        self.message_user(request, _("%(count)d user(s) are no longer editors.") % {"count": count})

    @admin.action(description=_("Make the selected users moderators"))
    def make_moderators(self, request, queryset):
        count = self._each(request, queryset, moderator_grant)
        if count is None:
            return
        self.message_user(request, _("%(count)d user(s) became moderators.") % {"count": count})

    @admin.action(description=_("Remove the selected users from the moderators"))
    def remove_moderators(self, request, queryset):
        count = self._each(request, queryset, moderator_revoke)
        if count is None:
            return
        self.message_user(
            request, _("%(count)d user(s) are no longer moderators.") % {"count": count}
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "message", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "kind", "message", "url", "created_at", "read_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    """Suspensions are imposed on the moderation pages; here they are read and lifted."""

    list_display = ["member", "starts_at", "ends_at", "moderator", "lifted_at", "in_force"]
    list_filter = ["starts_at", "lifted_at"]
    list_select_related = ["member", "moderator", "lifted_by"]
    search_fields = ["member__email", "member__display_name", "reason"]
    readonly_fields = [
        "member",
        "moderator",
        "reason",
        "starts_at",
        "ends_at",
        "lifted_at",
        "lifted_by",
    ]
    actions = ["lift"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_moderate_permission(self, request) -> bool:
        return is_moderator(request.user)

    def get_queryset(self, request):
        # "In force" is the model's rule (SuspensionQuerySet.in_force), asked per row here.
        current = Suspension.objects.in_force(timezone.now()).filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(is_in_force=Exists(current))

    @admin.display(description=_("in force"), boolean=True, ordering="is_in_force")
    def in_force(self, obj) -> bool:
        return obj.is_in_force

    @admin.action(description=_("Lift the selected suspensions"), permissions=["moderate"])
    def lift(self, request, queryset):
        lifted = 0
        for suspension in queryset.in_force(timezone.now()).select_related("member"):
            try:
                suspension_lift(member=suspension.member, moderator=request.user)
            except DomainError as error:
                self.message_user(request, f"{suspension.member}: {error}", messages.WARNING)
            else:
                lifted += 1
                self.message_user(
                    request,
                    gettext("The suspension of %(name)s is lifted.")
                    % {"name": suspension.member.public_name},
                )
        if not lifted:
            self.message_user(request, gettext("None of them was in force."), messages.WARNING)


class TokenIssueForm(forms.ModelForm):
    class Meta:
        model = TokenProxy
        fields = ["user"]

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        if user is not None and second_factor_missing(user):
            raise forms.ValidationError(
                _("This account needs two-factor authentication before it can have an API token.")
            )
        return cleaned


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(BaseTokenAdmin):
    """API tokens are issued through accounts.services.api_token_issue (audited, and never to
    an editor, moderator or staff account without a second factor)."""

    form = TokenIssueForm

    def save_model(self, request, obj, form, change):
        token = api_token_issue(user=form.cleaned_data["user"], actor=request.user)
        obj.key = token.key
        obj._state.adding = False

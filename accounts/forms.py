from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DISPLAY_NAME_MAX_LENGTH, EmailKind, User
from .services import AccountError, display_name_clean, profile_update


class DisplayNameField(forms.CharField):
    """The rules live in accounts.services.display_name_clean; the field only collects text."""

    def __init__(self, **kwargs):
        super().__init__(
            label=gettext_lazy("Display name"),
            help_text=gettext_lazy(
                "Shown beside your flags, suggestions and credits instead of your email."
            ),
            widget=forms.TextInput(attrs={"maxlength": DISPLAY_NAME_MAX_LENGTH}),
            **kwargs,
        )


def _display_name(value: str, *, user: User | None) -> str:
    try:
        return display_name_clean(name=value, user=user)
    except AccountError as error:
        raise forms.ValidationError(str(error)) from error


class SignupForm(forms.Form):
    """Extra sign-up field; allauth validates it with the rest and calls `signup` afterwards."""

    display_name = DisplayNameField()

    def clean_display_name(self) -> str:
        return _display_name(self.cleaned_data["display_name"], user=None)

    def signup(self, request, user) -> None:
        # allauth has already created the account when it calls this hook, so an error raised
        # here would leave it behind and answer 500. The name was checked in clean_display_name;
        # only someone taking the same name in the meantime ends in the except branch.
        try:
            profile_update(user=user, display_name=self.cleaned_data["display_name"])
        except AccountError as error:
            messages.warning(
                request,
                _("%(error)s Choose another display name on your profile page.") % {"error": error},
                fail_silently=True,
            )


class ProfileForm(forms.Form):
    display_name = DisplayNameField()

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_display_name(self) -> str:
        return _display_name(self.cleaned_data["display_name"], user=self.user)


class EmailPreferencesForm(forms.Form):
    """Which notifications are also emailed; accounts.services.email_preferences_update saves it."""

    emailed = forms.MultipleChoiceField(
        label=gettext_lazy("Email me when…"),
        choices=EmailKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Everything still appears under Notifications. Notices about your account itself, "
            "such as a suspension, are always emailed."
        ),
    )

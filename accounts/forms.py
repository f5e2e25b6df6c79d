from django import forms
from django.utils.translation import gettext_lazy as _

from .services import AccountError, profile_update


class DisplayNameField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Display name"),
            max_length=60,
            help_text=_("Shown beside your flags, suggestions and credits instead of your email."),
            **kwargs,
        )


class SignupForm(forms.Form):
    """Extra sign-up field; allauth calls `signup` once the account exists."""

    display_name = DisplayNameField()

    def signup(self, request, user) -> None:
        try:
            profile_update(user=user, display_name=self.cleaned_data["display_name"])
        except AccountError as error:
            # The field was validated above; only a race on the name can end here.
            raise forms.ValidationError(str(error)) from error


class ProfileForm(forms.Form):
    display_name = DisplayNameField()

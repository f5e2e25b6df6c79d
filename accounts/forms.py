from django import forms
from django.contrib import messages
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DISPLAY_NAME_MAX_LENGTH, EmailKind, Newsletter, User
from .services import AccountError, display_name_clean, preferences_update, profile_update

LANGUAGE_CHOICES = [("ko", "한국어"), ("en", "English")]


def newsletter_field(*, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        required=required,
        label=gettext_lazy("Newsletter"),
        choices=Newsletter.choices,
        initial=Newsletter.WEEKLY,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "The new digests and the sentences corrected since your last newsletter."
        ),
    )


def language_field(*, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        required=required,
        label=gettext_lazy("Language"),
        choices=LANGUAGE_CHOICES,
        help_text=gettext_lazy("For the site and every email we send you."),
    )


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
    # Optional so that a client posting only the allauth fields still signs up: then the
    # newsletter is weekly and the language the one the page was read in.
    newsletter = newsletter_field(required=False)
    language = language_field(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The language the visitor is reading the sign-up page in is the likely choice.
        self.fields["language"].initial = translation.get_language() or "ko"

    def clean_display_name(self) -> str:
        return _display_name(self.cleaned_data["display_name"], user=None)

    def signup(self, request, user) -> None:
        # allauth has already created the account when it calls this hook, so an error raised
        # here would leave it behind and answer 500. The name was checked in clean_display_name;
        # only someone taking the same name in the meantime ends in the except branch.
        preferences_update(
            user=user,
            newsletter=self.cleaned_data.get("newsletter") or Newsletter.WEEKLY,
            language=self.cleaned_data.get("language") or translation.get_language() or "ko",
        )
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
    """Newsletter, language and which notifications are also emailed; saved by
    accounts.services.preferences_update. A post without the newsletter or language (an
    older form) leaves them as they are."""

    newsletter = newsletter_field(required=False)
    language = language_field(required=False)

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

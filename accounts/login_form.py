"""The sign-in form, apart from accounts.forms: allauth's forms module imports that one (for
the sign-up form's extra fields), so importing allauth's forms from it would be circular."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext as _


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form, with its "Remember Me" box worded for what it does: allauth's
    Korean calls it "아이디 저장" (save the user name), but it keeps the session."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Stay signed in")

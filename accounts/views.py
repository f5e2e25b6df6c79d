from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError

from .forms import EmailPreferencesForm, ProfileForm
from .models import EmailKind
from .services import AccountError, email_preferences_update, profile_update

# The profile page holds two forms; a hidden field says which one was sent.
PROFILE_FORM = "profile"
EMAIL_FORM = "emails"


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    sent = request.POST.get("form", PROFILE_FORM) if request.method == "POST" else None
    form = ProfileForm(
        request.POST if sent == PROFILE_FORM else None,
        user=user,
        initial={"display_name": user.display_name},
    )
    email_form = EmailPreferencesForm(
        request.POST if sent == EMAIL_FORM else None,
        initial={"emailed": [kind for kind in EmailKind.values if user.wants_email(kind)]},
    )
    if sent == PROFILE_FORM and form.is_valid():
        try:
            profile_update(user=user, display_name=form.cleaned_data["display_name"])
        except AccountError as error:
            form.add_error("display_name", str(error))
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:profile")
    elif sent == EMAIL_FORM and email_form.is_valid():
        try:
            email_preferences_update(user=user, emailed=set(email_form.cleaned_data["emailed"]))
        except DomainError as error:
            email_form.add_error("emailed", str(error))
        else:
            messages.success(request, _("Your email preferences were saved."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "email_form": email_form,
            "profile_form_name": PROFILE_FORM,
            "email_form_name": EMAIL_FORM,
        },
    )

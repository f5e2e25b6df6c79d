from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from core.errors import DomainError
from core.views import safe_next

from . import email
from .forms import EmailPreferencesForm, ProfileForm
from .models import EmailKind
from .services import (
    AccountError,
    preferences_update,
    profile_update,
    unsubscribe_apply,
)


def language_cookie_set(response, language: str):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_http_methods(["GET"])
def language_choose(request, language: str):
    """The visitors' switcher: a plain link, so reader pages carry no form and no CSRF token
    and can be served to every visitor from one cached copy. It only sets the language
    cookie; a signed-in member's saved language changes through the switcher's form (POST)."""
    available = {code for code, _name in settings.LANGUAGES}
    response = redirect(safe_next(request, reverse("digest:home")))
    if language in available:
        language_cookie_set(response, language)
    return response


def set_language(request):
    """Django's language switcher, which also saves a signed-in member's choice, so their
    email and their other browsers follow it."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    available = {code for code, _name in settings.LANGUAGES}
    if (
        request.method == "POST"
        and user.is_authenticated
        and language in available
        and user.language != language
    ):
        preferences_update(user=user, language=language)
    return response


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
        initial={
            "newsletter": user.newsletter,
            "language": user.language,
            "emailed": [kind for kind in EmailKind.values if user.wants_email(kind)],
        },
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
        data = email_form.cleaned_data
        try:
            preferences_update(
                user=user,
                newsletter=data["newsletter"] or None,
                language=data["language"] or None,
                emailed=set(data["emailed"]),
            )
        except DomainError as error:
            email_form.add_error("emailed", str(error))
        else:
            if data["language"]:
                # The new language shows at once: the cookie follows the member's choice.
                translation.activate(user.language)
            messages.success(request, _("Your email preferences were saved."))
            response = redirect(reverse("accounts:profile") + "#email-preferences")
            if data["language"]:
                language_cookie_set(response, user.language)
            return response
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


# --- one-click unsubscribe -----------------------------------------------------------------


def _unsubscribe_kind_label(kind: str) -> str:
    if kind == email.NEWSLETTER:
        return _("the newsletter")
    return str(EmailKind(kind).label)


# Mail clients POST "List-Unsubscribe=One-Click" from outside the site (RFC 8058), without a
# session or CSRF token; the signed token is what authorises the request, and it can only turn
# one kind of email off for one member.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        user, kind = email.unsubscribe_token_read(token)
    except signing.BadSignature:
        return render(request, "accounts/unsubscribe_invalid.html", status=400)
    context = {"kind": kind, "kind_label": _unsubscribe_kind_label(kind), "token": token}
    if request.method == "POST":
        unsubscribe_apply(user=user, kind=kind)
        return render(request, "accounts/unsubscribe_done.html", context)
    return render(request, "accounts/unsubscribe.html", context)

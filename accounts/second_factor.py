"""Where the pages of editors, moderators and staff send an account that has no second factor.

Services refuse the action itself (accounts.services.require_second_factor); these pages send
the person to set a factor up first, and back to the page afterwards.
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .permissions import second_factor_missing


def setup_url(next_url: str) -> str:
    return f"{reverse('mfa_index')}?{urlencode({'next': next_url})}"


def second_factor_redirect(request) -> HttpResponse | None:
    """A redirect to the two-factor settings when the signed-in user needs a factor and has
    none, else None."""
    if not second_factor_missing(request.user):
        return None
    messages.warning(
        request,
        _(
            "Editors, moderators and administrators need two-factor authentication. Set up an "
            "authenticator app or a passkey, then open the page again."
        ),
    )
    return HttpResponseRedirect(setup_url(request.get_full_path()))

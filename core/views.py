"""What every HTML view that writes shares: turning domain errors into messages and responses."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from .errors import DomainError, error_headers, error_status
from .security import log_refusal


def safe_next(request, default: str) -> str:
    """The `next` address a form asked to return to, if it stays on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path of this site: `redirect()` takes any other bare word ("12345") for a view
    # name and fails with NoReverseMatch, a 500.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def done(request, url: str, message: str | None = None) -> HttpResponse:
    """After a successful write: a message, then back to `url` (for htmx, a client redirect)."""
    if message:
        messages.success(request, message)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def failed(request, error: DomainError, url: str) -> HttpResponse:
    """A refused write: the reason as a message, nothing changed, and back to `url`.

    Plain form posts are redirected (the message shows on the next page). htmx requests get
    the message as a small fragment with the matching status, retargeted to the panel's
    message area; static/js/panel.js lets htmx swap such error responses.
    """
    log_refusal(request, error)
    if request.htmx:
        response = HttpResponse(
            format_html('<p class="message message--error" role="alert">{}</p>', str(error)),
            status=error_status(error),
        )
        response["HX-Retarget"] = "#panel-messages"
        response["HX-Reswap"] = "innerHTML"
        for name, value in error_headers(error).items():
            response[name] = value
        return response
    messages.error(request, str(error))
    return redirect(url)

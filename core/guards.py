"""Input no door of the site can use, refused once, before any view, form or query sees it.

A NUL character (U+0000) has no meaning in an address, a search or a form field, and
PostgreSQL can neither store nor compare text that holds one: psycopg raises DataError the
moment such a string reaches a query, which each view would otherwise answer with a 500. The
middleware below refuses it wherever a request carries text to the views (the path, the query
string, form fields); JSON bodies are checked by the API's parser (`core.parsers`), which is
the only reader of JSON bodies.

Numbers need a guard at one door only. The site's own views and the API read ids and counts
through forms and serializers that bound them (a number too large is ignored or refused
there); Django's admin turns its list's query parameters straight into lookups, so an id
beyond a bigint overflows SQLite's integers and a year beyond 9998 overflows Python's dates in
its date drill-down. Those are refused before the admin sees them.
"""

from collections.abc import Iterable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict

NUL = "\x00"
MAX_BIGINT = 2**63 - 1
# The admin's date drill-down also computes the day, month or year after the chosen one, so
# the last year it can show is 9998.
DATE_PARTS = {"__year": (1, 9998), "__month": (1, 12), "__day": (1, 31)}
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(value: str) -> bool:
    return NUL in value


def pairs_have_nul(pairs: Iterable[tuple[str, list]]) -> bool:
    """Whether any key or string value of `QueryDict.lists()`-shaped pairs holds a NUL."""
    return any(
        has_nul(key) or any(isinstance(value, str) and has_nul(value) for value in values)
        for key, values in pairs
    )


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def refusal(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    """The API's `{"detail": …}` under /api/ (the shape of `core.api_errors`), a short plain
    page elsewhere.

    The refusal comes before sessions, authentication and the language choice, so the
    site's templates (which show the signed-in member) cannot be rendered for it, and the
    message is in English, like the API's other refusals of a malformed request.
    """
    if is_api(request):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8", status=status)


def _query_has_nul(request: HttpRequest) -> bool:
    raw = request.META.get("QUERY_STRING", "")
    # The raw string as well as the parsed pairs, so that the refusal does not depend on how
    # QueryDict splits and decodes malformed pairs.
    if has_nul(raw) or NUL.encode() in unquote_to_bytes(raw):
        return True
    return pairs_have_nul(request.GET.lists())


def _form(request: HttpRequest) -> QueryDict | None:
    """The form fields of a page's POST body, without file contents (Django's own
    `request.POST`, parsed once and reused by the view); None if the body is not a form.
    The pages send forms by POST only, and the API takes no forms at all."""
    if request.method != "POST" or (request.content_type or "") not in FORM_CONTENT_TYPES:
        return None
    return request.POST


def admin_query_refusal(request: HttpRequest) -> str | None:
    """Why the admin cannot look up this query string's numbers, or None."""
    for key, values in request.GET.lists():
        bounds = next((b for suffix, b in DATE_PARTS.items() if key.endswith(suffix)), None)
        for value in values:
            try:
                number = int(value)  # as the admin and Django's lookups read it
            except ValueError:
                continue  # not a number, which the admin refuses itself
            if abs(number) > MAX_BIGINT:
                return f"The filter {key} is a number too large to look up."
            if bounds is not None and not bounds[0] <= number <= bounds[1]:
                return f"The filter {key} must be from {bounds[0]} to {bounds[1]}."
    return None


class EdgeGuardMiddleware:
    """Answers 400 to a request whose path, query string or form fields hold a NUL, and to
    an admin list whose filters hold numbers no lookup can take."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request.path_info) or has_nul(request.path):
            return refusal(request, "The address contains a NUL character (%00).")
        if _query_has_nul(request):
            return refusal(request, "The query string contains a NUL character (%00).")
        if is_api(request) and (request.content_type or "") in FORM_CONTENT_TYPES:
            # Refused here rather than by DRF's parser choice: this middleware would
            # otherwise have read (and used up) a multipart body before DRF looks at it.
            return refusal(
                request, "The API takes JSON bodies: send Content-Type: application/json.", 415
            )
        # A page's form Django cannot parse (too large, too many fields, broken multipart)
        # raises here instead of in the view, and gets Django's own 400 page all the same.
        form = _form(request)
        if form is not None and pairs_have_nul(form.lists()):
            return refusal(request, "The form data contains a NUL character (%00).")
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if "admin" not in request.resolver_match.namespaces:
            return None
        problem = admin_query_refusal(request)
        return refusal(request, problem) if problem else None

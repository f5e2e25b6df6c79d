"""Turns every API error into JSON `{"detail": …}` with a fitting status.

Besides DRF's own exceptions, every `core.errors.DomainError` a service raises is answered
with the status of `core.errors.ERROR_STATUS`, so API views can call services and let a
refusal propagate. Apps register errors that need more in the body (see
`register_domain_error`); the registry keeps this module free of imports from the apps.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError, error_headers, error_status
from .security import log_refusal


@dataclass(frozen=True)
class _DomainError:
    status: int
    body: Callable[[Exception], dict[str, Any]] | None = None
    headers: Callable[[Exception], dict[str, str]] | None = None


_domain_errors: dict[type[Exception], _DomainError] = {}


def register_domain_error(
    error_class: type[Exception],
    *,
    status: int,
    body: Callable[[Exception], dict[str, Any]] | None = None,
    headers: Callable[[Exception], dict[str, str]] | None = None,
) -> None:
    """Answer `error_class` (and subclasses not registered themselves) with `status`.

    The response is `{"detail": str(error)}`, extended with what `body(error)` returns and
    carrying the headers `headers(error)` returns. The error's message must be fit to show.
    """
    _domain_errors[error_class] = _DomainError(status=status, body=body, headers=headers)


def _domain_response(exc: Exception) -> Response | None:
    # No set_rollback() here, unlike DRF's own errors: services commit what a refusal must
    # keep (a suggestion found outdated is recorded as such before SuggestionOutdated).
    # A registered class wins over the generic table: SuggestionOutdated before Conflict.
    for cls in type(exc).__mro__:
        mapping = _domain_errors.get(cls)
        if mapping is None:
            continue
        data: dict[str, Any] = {"detail": str(exc)}
        if mapping.body is not None:
            data.update(mapping.body(exc))
        headers = mapping.headers(exc) if mapping.headers is not None else None
        return Response(data, status=mapping.status, headers=headers)
    if isinstance(exc, DomainError):
        return Response({"detail": str(exc)}, status=error_status(exc), headers=error_headers(exc))
    return None


def exception_handler(exc, context):
    if context.get("request") is not None:
        log_refusal(context["request"], exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        refused = _request_refused(exc)
        return refused if refused is not None else _domain_response(exc)
    if isinstance(exc, Http404):
        response.data = {"detail": "Not found."}
    elif isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _flatten(exc.detail), "errors": exc.detail}
        response.status_code = status.HTTP_400_BAD_REQUEST
    return response


def _request_refused(exc: Exception) -> Response | None:
    """Django's own refusals of a request (too large, too many fields) as JSON, not HTML.

    Logged to `django.security.*` as Django's handler would have done.
    """
    if not isinstance(exc, SuspiciousOperation):
        return None
    logging.getLogger(f"django.security.{type(exc).__name__}").error(str(exc))
    if isinstance(exc, RequestDataTooBig):
        return error_response(
            "The request body is too large.", status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    return error_response("The request was refused as malformed.", status.HTTP_400_BAD_REQUEST)


def _flatten(detail) -> str:
    """A single readable sentence out of a nested DRF error structure."""
    if isinstance(detail, dict):
        parts = []
        for key, value in detail.items():
            text = _flatten(value)
            parts.append(text if key == "non_field_errors" else f"{key}: {text}")
        return " ".join(parts)
    if isinstance(detail, list):
        return " ".join(_flatten(item) for item in detail)
    return str(detail)


def error_response(message: str, code: int) -> Response:
    return Response({"detail": message}, status=code)


def page_not_found(request, exception=None):
    """Django's 404 handler (`handler404` in config/urls.py): JSON under /api/, the page elsewhere.

    An address under /api/ that matches no route never reaches a DRF view, so without this
    an API client would get the HTML page. A handler rather than a catch-all route keeps
    Django's APPEND_SLASH redirect for API addresses written without their final slash (a
    catch-all would match them first). The message is the one DRF views give for a 404.
    """
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)

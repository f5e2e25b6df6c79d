"""Turns every API error into JSON `{"detail": …}` with a fitting status."""

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Http404):
        response.data = {"detail": "Not found."}
    elif isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _flatten(exc.detail), "errors": exc.detail}
        response.status_code = status.HTTP_400_BAD_REQUEST
    return response


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

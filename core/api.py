"""Pieces every app's API views share at the edge: authentication order, request-shape guards
and the error body of the schema.

Refusals themselves are answered by `core.api_errors`; views call services and let domain
errors propagate.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import SAFE_METHODS

# Token authentication comes first: DRF takes the `WWW-Authenticate` header of a 401 from the
# first class, and session authentication has none, which would turn "not signed in" into 403.
AUTHENTICATION = [TokenAuthentication, SessionAuthentication]

# Ids from request bodies end up in SQL; SQLite refuses integers beyond 64 bits (an
# OverflowError, hence a 500) in `IN (…)` lookups, so bodies are held to that range.
MAX_ID = 2**63 - 1


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, which also knows the site's permissions that let anyone
    read: a permission class with `anonymous_reads = True` makes its GETs open in the schema
    (an empty security requirement), as spectacular does for DRF's IsAuthenticatedOrReadOnly."""

    def get_auth(self):
        auths = super().get_auth()
        reads_open = any(
            getattr(permission, "anonymous_reads", False)
            for permission in self.view.get_permissions()
        )
        if reads_open and self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        """Every operation can answer 400: the edge guard (core.guards) refuses a NUL byte in
        any query string or body before a view runs. (Hooked here, below `extend_schema`,
        which replaces the public `get_response_serializers` per view.)"""
        responses = super()._get_response_bodies(direction)
        if "400" not in responses:
            responses["400"] = self._get_response_for_code(
                InvalidRequestSerializer, "400", direction=direction
            )
        return responses


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()

    class Meta:
        ref_name = "Error"


class StringField(serializers.CharField):
    """Text that arrived as a string. DRF's CharField would also take 5 or 1e400 (as "inf")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class BooleanField(serializers.BooleanField):
    """true or false as JSON says them. DRF's BooleanField would also take "yes", 1 or "on"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class InvalidRequestSerializer(serializers.Serializer):
    """A 400: one readable sentence, and for refused fields DRF's per-field messages."""

    detail = serializers.CharField()
    errors = serializers.JSONField(
        required=False, help_text="Per field, its messages (absent when no field is to blame)."
    )

    class Meta:
        ref_name = "InvalidRequest"


def errors(*codes: int) -> dict:
    """Schema responses for the given error statuses: `{"detail": …}`, and for 400 also the
    per-field `errors` (core.api_errors)."""
    return {code: InvalidRequestSerializer if code == 400 else ErrorSerializer for code in codes}


def validated(serializer_class: type[serializers.Serializer], data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data

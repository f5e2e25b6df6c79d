"""The API keeps its OpenAPI contract for any input: schemathesis generates requests from the
schema (valid ones and deliberately invalid ones) and every answer must be a non-5xx response
whose status, headers, content type and body the schema documents; a request the schema calls
invalid must be refused; an operation the schema says needs a sign-in must refuse anonymous
and wrong credentials.

One check of schemathesis is off: "schema-valid data is accepted". Many well-formed requests
break a rule no schema can state (revert to the revision already current, end a suspension in
the past, reply across discussions, a flag id that names nothing) and get a 400 with the
documented error body, which the response checks still validate; those rules have tests of
their own.

One test per operation and caller (anonymous, member, editor), against the WSGI application in
process, on a database holding the sample digest with a flag, a suggestion and a comment, so
that generated ids often name real objects: where an operation takes an id, half of the
generated values are swapped for the id of a real object of that kind.
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings

from accounts.services import api_token_issue, editor_grant
from corrections.models import FlagReason
from corrections.services.flags import flag_create
from corrections.services.suggestions import suggestion_create
from digest.models import Segment
from digest.services.comments import comment_create
from tests.factories import UserFactory

API_SPEC = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(API_SPEC)
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    max_examples=int(os.environ.get("GYOJEONG_FUZZ_EXAMPLES", "20")),
    deterministic=True,
    # Query parameters the API does not know are ignored, as HTTP APIs do (a cache buster, a
    # tracking tag); the schema lists the ones that mean something.
    allow_extra_parameters=False,
)
schema.config.checks.positive_data_acceptance.enabled = False
schema.config.update(base_url="http://localhost")
schema.app = WSGIHandler()

CALLERS = ("anonymous", "member", "editor")


@pytest.fixture
def connection_kept_across_requests():
    """Django closes the database connection when a request ends; here that would end the
    test's transaction (on PostgreSQL) midway. Django's test client unhooks the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(sample_digest, connection_kept_across_requests):
    member = UserFactory()
    editor = UserFactory()
    editor_grant(user=editor)
    segment = Segment.objects.filter(entry__digest=sample_digest).order_by("pk").first()
    flag = flag_create(segment=segment, author=member, reason=FlagReason.MISTRANSLATION, note="")
    suggestion = suggestion_create(
        segment=segment, author=member, text="고쳐 쓴 문장입니다.", note="", flag=flag
    )
    comment = comment_create(digest=sample_digest, author=member, body="좋은 정리입니다")
    return {
        "tokens": {
            "member": api_token_issue(user=member, actor=member).key,
            "editor": api_token_issue(user=editor, actor=editor).key,
        },
        "ids": {
            "slug": sample_digest.slug,
            "entry_id": segment.entry_id,
            "segment_id": segment.pk,
            "suggestion_id": suggestion.pk,
            "comment_id": comment.pk,
            "member_id": member.pk,
        },
    }


def _aim_at_real_objects(case, ids):
    """Half the generated ids (the even ones) become ids of real objects, so the operations'
    bodies are exercised past their 404s. A value that is no id at all (a negative case's
    string or boolean) is left as it is, for the API to refuse."""
    for name, value in list((case.path_parameters or {}).items()):
        if name not in ids:
            continue
        is_id = isinstance(value, int) and not isinstance(value, bool)
        is_slug = name == "slug" and isinstance(value, str)
        if (is_id and value % 2 == 0) or (is_slug and len(value) % 2 == 0):
            case.path_parameters[name] = ids[name]


@pytest.mark.parametrize("caller", CALLERS)
@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_operation_keeps_its_contract(case, caller, api_world, django_db_blocker):
    _aim_at_real_objects(case, api_world["ids"])
    headers = {}
    if caller != "anonymous":
        headers["Authorization"] = f"Token {api_world['tokens'][caller]}"
    case.call_and_validate(headers=headers)

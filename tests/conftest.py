from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import editor_grant
from digest.loading import load_digest_file
from digest.services import digest_import

from .factories import UserFactory

SAMPLE_PATH = Path(settings.BASE_DIR) / "digest" / "samples" / "2024-10-21-top-ml-papers.txt"


@pytest.fixture
def sample_digest(db):
    (data,) = load_digest_file(SAMPLE_PATH)
    return digest_import(data=data, publish=True).digest


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def other_member(db):
    return UserFactory()


@pytest.fixture
def editor(db):
    user = UserFactory(display_name="편집자")
    editor_grant(user=user)
    return user


@pytest.fixture
def client_member(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def client_editor(client, editor):
    client.force_login(editor)
    return client


class QueryCounter:
    """Counts the SQL queries a callable runs, to compare pages at two data sizes."""

    def __call__(self, func) -> int:
        with CaptureQueriesContext(connection) as context:
            func()
        return len(context.captured_queries)


@pytest.fixture
def count_queries():
    return QueryCounter()


@pytest.fixture(autouse=True)
def english_messages_outside_requests():
    """Domain messages are asserted in English; pages still get Korean through the middleware."""
    from django.utils import translation

    with translation.override("en"):
        yield

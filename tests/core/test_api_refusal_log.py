"""Refusals through the API reach the security log like the pages' do: who asked, for what."""

import logging

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def security_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "gyojeong.security"]


def test_a_member_refused_an_editors_operation_is_logged(client, caplog):
    member = UserFactory()
    client.force_login(member)
    with caplog.at_level(logging.WARNING, logger="gyojeong.security"):
        response = client.get("/api/v1/review/queue/")
    assert response.status_code == 403
    assert any(
        line.startswith(f"refused GET /api/v1/review/queue/ user={member.pk} ")
        for line in security_lines(caplog)
    ), security_lines(caplog)


def test_an_anonymous_refusal_is_logged_without_a_user(client, caplog):
    with caplog.at_level(logging.WARNING, logger="gyojeong.security"):
        response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert any(
        line.startswith("refused GET /api/v1/me/ user=- ") for line in security_lines(caplog)
    ), security_lines(caplog)


def test_bad_input_is_not_a_refusal(client, caplog):
    client.force_login(UserFactory())
    with caplog.at_level(logging.WARNING, logger="gyojeong.security"):
        response = client.patch(
            "/api/v1/me/preferences/", {"newsletter": "hourly"}, content_type="application/json"
        )
    assert response.status_code == 400
    assert security_lines(caplog) == []

"""Sign-ins, failures, second-factor changes and refused actions reach the security log."""

import logging

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from core.log_format import UTCFormatter
from core.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_success_and_failure_are_logged(client, caplog):
    person = UserFactory(email="who@example.com")
    person.set_password("pass-word-123")
    person.save()
    with caplog.at_level(logging.INFO, logger="gyojeong.security"):
        client.post(reverse("account_login"), {"login": "who@example.com", "password": "nope"})
        client.post(
            reverse("account_login"), {"login": "who@example.com", "password": "pass-word-123"}
        )
    lines = [r.getMessage() for r in caplog.records if r.name == "gyojeong.security"]
    assert any(line.startswith("sign-in failed login='who@example.com'") for line in lines)
    assert any(line.startswith(f"sign-in user={person.pk} ") for line in lines)
    assert not any("nope" in line or "pass-word" in line for line in lines)


def test_adding_and_removing_a_second_factor_is_audited(rf):
    from allauth.mfa import signals

    person = UserFactory()
    authenticator = TOTP.activate(person, generate_totp_secret()).instance
    signals.authenticator_added.send(
        sender=Authenticator, request=rf.get("/"), user=person, authenticator=authenticator
    )
    signals.authenticator_removed.send(
        sender=Authenticator, request=rf.get("/"), user=person, authenticator=authenticator
    )
    actions = list(
        AuditEvent.objects.filter(target_id=str(person.pk))
        .order_by("pk")
        .values_list("action", "data")
    )
    assert actions == [("mfa.add", {"type": "totp"}), ("mfa.remove", {"type": "totp"})]


def test_a_refused_action_is_logged_with_who_asked(client, member, sample_digest, caplog):
    from corrections.services.segments import current_text
    from corrections.services.suggestions import suggestion_create

    segment = sample_digest.entries.get(position=7).segments.get(field="summary", position=0)
    own = suggestion_create(
        segment=segment, author=member, text=current_text(segment).replace("8억", "80억")
    )
    client.force_login(member)
    with caplog.at_level(logging.WARNING, logger="gyojeong.security"):
        client.post(reverse("corrections:vote", args=[own.pk]), {"value": "1"})
    lines = [r.getMessage() for r in caplog.records if r.name == "gyojeong.security"]
    assert any(
        line.startswith(f"refused POST /suggestions/{own.pk}/vote/ user={member.pk} ")
        for line in lines
    ), lines


def test_log_lines_are_stamped_in_utc():
    record = logging.makeLogRecord({"msg": "x", "created": 0})
    assert UTCFormatter("%(asctime)s").format(record) == "1970-01-01T00:00:00Z"

"""Notification email through a real Celery worker on Redis (CI runs it; see .ci/run)."""

import os
import socket
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from accounts.models import Notification
from accounts.services import notification_send
from config.celery import app

BROKER = "redis://127.0.0.1:6379/15"


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    if not redis_reachable():
        if os.environ.get("GYOJEONG_REQUIRE_REDIS") == "1":
            pytest.fail("Redis at 127.0.0.1:6379 is required (GYOJEONG_REQUIRE_REDIS=1).")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379.")
    saved = {
        key: app.conf[key]
        for key in ("broker_url", "task_always_eager", "result_backend", "broker_pool_limit")
    }
    app.conf.update(
        broker_url=BROKER, task_always_eager=False, result_backend=None, broker_pool_limit=None
    )
    # Connections and producers cached while tasks ran inline point at no broker.
    app._pool = None
    app.amqp._producer_pool = None
    # The test's queue starts empty, whatever an earlier run left behind.
    with app.connection_for_write() as connection:
        connection.default_channel.client.flushdb()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


def wait_for(condition, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_committed_notification_is_emailed_once_and_a_rolled_back_one_never(worker, member):
    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        notification_send(
            recipient=member, kind=Notification.Kind.MENTION, params={"name": "사라짐"}
        )
        raise RolledBack
    with transaction.atomic():
        sent = notification_send(
            recipient=member, kind=Notification.Kind.SUGGESTION_ACCEPTED, params={"number": 7}
        )
    delivered = wait_for(lambda: len(mail.outbox) >= 1)
    assert delivered, "the worker sent nothing"
    # A duplicate delivery of the same task finds the claim taken and sends nothing more.
    from accounts.tasks import notification_email_deliver

    notification_email_deliver.delay(sent.pk)
    time.sleep(1.5)
    assert len(mail.outbox) == 1
    (message,) = mail.outbox
    assert message.to == [member.email] and "7" in message.body
    assert "사라짐" not in message.body
    assert Notification.objects.get(pk=sent.pk).emailed_at is not None
    assert not Notification.objects.filter(kind=Notification.Kind.MENTION).exists()

"""Background jobs of the digest app. Thin: they call services, which are idempotent."""

from celery import shared_task

from .newsletter import newsletters_send


@shared_task(acks_late=True)
def newsletters_send_task(frequency: str) -> dict:
    """Send the `frequency` ("weekly" or "daily") newsletters due now (Celery beat runs it).

    A repeated or redelivered task sends nothing twice: each member's period is claimed in
    the database (see digest.newsletter).
    """
    report = newsletters_send(frequency=frequency)
    return {"sent": len(report.sent), "skipped": len(report.skipped), "taken": len(report.taken)}

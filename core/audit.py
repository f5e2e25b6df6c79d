"""Writes the audit trail. Call inside the transaction that performs the action."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def audit_record(
    *, action: str, actor: Any | None, target: models.Model, data: dict[str, Any] | None = None
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        data=data or {},
    )

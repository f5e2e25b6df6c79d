"""Writes the audit trail (call inside the transaction that performs the action) and reads
the targets of its rows in bulk for the pages that show them."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
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


def audit_targets(
    events: Iterable[AuditEvent], *, querysets: Mapping[type[models.Model], models.QuerySet]
) -> dict[tuple[int, str], models.Model]:
    """The targets of `events`, keyed by (content type id, target id), read in one query per
    kind of target however many events there are.

    `querysets` gives, for the models that need them, the queryset to read from (with the
    relations the caller will follow already joined); other models are read plainly. Targets
    that no longer exist are missing from the result.
    """
    wanted: dict[ContentType, set[str]] = defaultdict(set)
    for event in events:
        wanted[event.target_type].add(event.target_id)
    found: dict[tuple[int, str], models.Model] = {}
    for content_type, ids in wanted.items():
        model = content_type.model_class()
        if model is None:
            continue
        pks = []
        for target_id in ids:
            try:
                pks.append(model._meta.pk.to_python(target_id))
            except ValidationError:
                continue
        queryset = querysets.get(model, model._default_manager.all())
        for target in queryset.filter(pk__in=pks):
            found[(content_type.pk, str(target.pk))] = target
    return found

"""Builds `digest/1` documents from the database."""

from typing import Any

from .interchange import FORMAT_NAME
from .models import Digest, Revision
from .selectors import FieldView, fields_for_revisions, revision_contributors, revisions_for_entry


def _fields_document(
    fields: dict[str, FieldView], *, provenance: bool = False
) -> list[dict[str, Any]]:
    """With `provenance`, each sentence says where its text in that revision comes from
    (machine, edited, verified): information for readers of the file, which the importer
    ignores (it rebuilds machine and edited from the history; verifications are not
    carried)."""
    return [
        {
            "name": view.name,
            "segments": [
                {
                    "source": s.source,
                    "target": s.target,
                    **({"provenance": s.provenance} if provenance else {}),
                }
                for s in view.segments
            ],
        }
        for view in fields.values()
    ]


def _credits_document(revision: Revision, fields: dict[str, FieldView]) -> list[dict[str, Any]]:
    """Who is credited with which sentence, in credit order: what an import needs to give
    every sentence its credits back (`contributors` alone names people, not sentences)."""
    places = {
        segment.id: (view.name, index)
        for view in fields.values()
        for index, segment in enumerate(view.segments)
    }
    return [
        {
            "field": places[credit.segment_id][0],
            "position": places[credit.segment_id][1],
            "contributor": credit.contributor.public_name,
        }
        for credit in revision.credits.all()
    ]


def _history_document(revisions: list[Revision], fields: dict[int, dict[str, FieldView]]):
    return [
        {
            "number": revision.number,
            "created_at": revision.created_at.isoformat(),
            "kind": revision.kind,
            "reverted_to": revision.reverted_to,
            "summary": revision.summary,
            "editor": revision.editor.public_name if revision.editor else None,
            "contributors": [user.public_name for user in revision_contributors(revision)],
            "credits": _credits_document(revision, fields.get(revision.pk, {})),
            "fields": _fields_document(fields.get(revision.pk, {}), provenance=True),
        }
        for revision in revisions
    ]


def digest_document(*, digest: Digest, history: bool = False) -> dict[str, Any]:
    entries = list(digest.entries.select_related("current_revision").order_by("position"))
    current_fields = fields_for_revisions([e.current_revision_id for e in entries])
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "slug": digest.slug,
        "title": digest.title,
        "publisher": digest.publisher,
        "period_start": digest.period_start.isoformat(),
        "period_end": digest.period_end.isoformat(),
        "source_language": digest.source_language,
        "target_language": digest.target_language,
        "status": digest.status,
        "intro": list(digest.intro),
        "notice": list(digest.notice),
        "original_url": digest.original_url,
        "entries": [],
    }
    for entry in entries:
        item = {
            "position": entry.position,
            "kind": entry.kind,
            "source_url": entry.source_url,
            "read_more_url": entry.read_more_url,
            "revision": entry.current_revision.number,
            "fields": _fields_document(
                current_fields.get(entry.current_revision_id, {}), provenance=True
            ),
        }
        if history:
            revisions = revisions_for_entry(entry=entry)
            past_fields = fields_for_revisions([r.pk for r in revisions])
            item["history"] = _history_document(revisions, past_fields)
        document["entries"].append(item)
    return document

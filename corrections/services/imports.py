"""What an import of new machine text means for the work on the sentences it changed."""

from django.db import transaction

from digest.services import ImportResult

from ..quality import findings_refresh
from ..tallies import tallies_refresh
from ._publishing import _settle_changed, _settle_retired


@transaction.atomic
def import_settle(*, result: ImportResult) -> int:
    """After an import: settle flags and suggestions on the sentences new machine revisions
    changed or replaced, and check the digest's current text. Returns the findings count."""
    for update in result.updates:
        if update.revision is None:
            continue
        _settle_changed(update.revision, update.changed_segment_ids)
        _settle_retired(update.revision, update.retired_segment_ids)
    found = findings_refresh(digest=result.digest)
    tallies_refresh(
        segment_ids=[
            segment_id
            for update in result.updates
            if update.revision is not None
            for segment_id in [*update.changed_segment_ids, *update.retired_segment_ids]
        ]
    )
    return found

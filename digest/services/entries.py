"""Editors' changes to an entry's own details (not its text, which changes by revisions)."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import is_editor
from accounts.services import require_second_factor
from core.audit import audit_record
from core.errors import NotAllowed

from ..models import LINK_FIELDS, Entry
from . import entry_lock


@transaction.atomic
def entry_links_update(
    *, entry: Entry, editor, source_url: str | None, read_more_url: str | None
) -> list[str]:
    """Set the paper link and the read-more link of an entry; returns the names changed.

    Audited with the old and new address; a later `import_digest --update` keeps the
    editor's address (digest.selectors.links_set_by_editors) instead of the file's."""
    if not is_editor(editor):
        raise NotAllowed(_("Only editors can change an entry's links."))
    require_second_factor(editor)
    entry = entry_lock(entry_id=entry.pk)
    wanted = {"source_url": source_url or None, "read_more_url": read_more_url or None}
    changed = [name for name in LINK_FIELDS if getattr(entry, name) != wanted[name]]
    if not changed:
        return []
    audit_record(
        action="entry.links_change",
        actor=editor,
        target=entry,
        data={name: {"old": getattr(entry, name), "new": wanted[name]} for name in changed},
    )
    for name in changed:
        setattr(entry, name, wanted[name])
    entry.save(update_fields=changed)
    return changed

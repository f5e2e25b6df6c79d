"""Editors' changes to an entry's own details (not its text, which changes by revisions)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import is_editor
from accounts.services import require_second_factor
from core.audit import audit_record
from core.errors import InvalidInput, NotAllowed

from ..models import LINK_FIELDS, Entry
from . import entry_lock


def link_check(model, name: str, url: str) -> None:
    """Pages make a link of the address as it is, so only a web address (the rule of the
    admin's URL field) may be stored: never a javascript: or data: one."""
    if len(url) > model._meta.get_field(name).max_length:
        raise InvalidInput(_("The link is too long."))
    try:
        URLValidator()(url)
    except ValidationError:
        raise InvalidInput(
            _("A link must be a full web address, such as https://example.com/paper.")
        ) from None


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
    for name in changed:
        if wanted[name] is not None:
            link_check(Entry, name, wanted[name])
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

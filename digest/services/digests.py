"""Editors' changes to a digest's own details (its entries' text changes by revisions)."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import is_editor
from accounts.services import require_second_factor
from core.audit import audit_record
from core.errors import InvalidInput, NotAllowed

from ..models import DIGEST_DETAIL_FIELDS, Digest
from .entries import link_check


@transaction.atomic
def digest_details_update(
    *, digest: Digest, editor, title: str, publisher: str, original_url: str | None
) -> list[str]:
    """Set a digest's title, publisher and the address of the original post; returns the
    names changed. Audited with old and new values; the slug and period stay the file's."""
    if not is_editor(editor):
        raise NotAllowed(_("Only editors can change a digest's details."))
    require_second_factor(editor)
    digest = Digest.objects.select_for_update().get(pk=digest.pk)
    wanted = {
        "title": (title or "").strip(),
        "publisher": (publisher or "").strip(),
        "original_url": original_url or None,
    }
    for name in ("title", "publisher"):
        if not wanted[name]:
            raise InvalidInput(_("A digest needs a title and a publisher."))
        if len(wanted[name]) > Digest._meta.get_field(name).max_length:
            raise InvalidInput(_("The title or the publisher is too long."))
    if wanted["original_url"] is not None:
        link_check(Digest, "original_url", wanted["original_url"])
    changed = [name for name in DIGEST_DETAIL_FIELDS if getattr(digest, name) != wanted[name]]
    if not changed:
        return []
    audit_record(
        action="digest.details_change",
        actor=editor,
        target=digest,
        data={name: {"old": getattr(digest, name), "new": wanted[name]} for name in changed},
    )
    for name in changed:
        setattr(digest, name, wanted[name])
    digest.save(update_fields=[*changed, "updated_at"])
    return changed

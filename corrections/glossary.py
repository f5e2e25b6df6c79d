"""Writes to the glossary: editors maintain it, members propose terms."""

import unicodedata

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from digest.audit import audit_record

from .models import GlossaryTerm
from .permissions import can_contribute, can_edit_directly
from .services import Conflict, InvalidInput, NotAllowed


def _renderings(values) -> list[str]:
    cleaned = []
    for value in values or []:
        text = " ".join(unicodedata.normalize("NFC", str(value)).split())
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def _validated(term: GlossaryTerm) -> GlossaryTerm:
    term.source = " ".join(term.source.split())
    term.approved = _renderings(term.approved)
    term.forbidden = _renderings(term.forbidden)
    if not term.source:
        raise InvalidInput(_("The English term must not be empty."))
    if not term.approved and not term.do_not_translate:
        raise InvalidInput(
            _("Give at least one approved rendering, or mark the term to be kept as written.")
        )
    if set(term.approved) & set(term.forbidden):
        raise InvalidInput(_("A rendering cannot be both approved and forbidden."))
    return term


def _save(term: GlossaryTerm) -> None:
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:
        raise Conflict(
            _("The glossary already has an approved entry for “%(term)s”.") % {"term": term.source}
        ) from None


@transaction.atomic
def term_save(*, term: GlossaryTerm, editor) -> GlossaryTerm:
    """Create or change an entry; editors only."""
    if not can_edit_directly(editor):
        raise NotAllowed(_("Only editors can change the glossary."))
    created = term.pk is None
    _save(_validated(term))
    audit_record(
        action="glossary.create" if created else "glossary.change",
        actor=editor,
        target=term,
        data={"source": term.source, "status": term.status},
    )
    return term


@transaction.atomic
def term_propose(
    *, source: str, approved: list[str], forbidden: list[str], note: str, author
) -> GlossaryTerm:
    """A member proposes a term; it has no effect until an editor approves it."""
    if not can_contribute(author):
        raise NotAllowed(_("Sign in with a verified email address to contribute."))
    term = _validated(
        GlossaryTerm(
            source=source,
            approved=approved,
            forbidden=forbidden,
            note=note[:300],
            status=GlossaryTerm.Status.PROPOSED,
            proposed_by=author,
        )
    )
    _save(term)
    audit_record(action="glossary.propose", actor=author, target=term)
    return term


@transaction.atomic
def term_decide(*, term: GlossaryTerm, editor, approve: bool) -> GlossaryTerm:
    if not can_edit_directly(editor):
        raise NotAllowed(_("Only editors can change the glossary."))
    if term.status != GlossaryTerm.Status.PROPOSED:
        raise Conflict(_("Only proposed terms wait for a decision."))
    term.status = GlossaryTerm.Status.APPROVED if approve else GlossaryTerm.Status.DECLINED
    try:
        _save(term)
    except Conflict:
        term.status = GlossaryTerm.Status.PROPOSED
        raise
    audit_record(
        action="glossary.approve" if approve else "glossary.decline", actor=editor, target=term
    )
    return term

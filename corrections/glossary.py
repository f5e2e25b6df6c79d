"""Writes to the glossary: editors maintain it, members propose terms."""

import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts.services import require_second_factor
from core.audit import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed
from digest.models import Digest

from . import quality
from .models import GlossaryTerm
from .permissions import can_contribute, can_edit_directly


def _renderings(values) -> list[str]:
    if values is None:
        return []
    # A string is refused rather than iterated: "모델" would become ["모", "델"].
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise InvalidInput(_("Renderings must be a list of texts."))
    cleaned = []
    for value in values:
        text = " ".join(unicodedata.normalize("NFC", value).split())
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def _validated(term: GlossaryTerm) -> GlossaryTerm:
    term.source = " ".join(term.source.split())
    term.approved = _renderings(term.approved)
    term.forbidden = _renderings(term.forbidden)
    if any("\x00" in text for text in [term.source, term.note, *term.approved, *term.forbidden]):
        raise InvalidInput(_("The term contains a character that cannot be stored."))
    if not term.source:
        raise InvalidInput(_("The English term must not be empty."))
    if not term.approved and not term.do_not_translate:
        raise InvalidInput(
            _("Give at least one approved rendering, or mark the term to be kept as written.")
        )
    if set(term.approved) & set(term.forbidden):
        raise InvalidInput(_("A rendering cannot be both approved and forbidden."))
    return term


def _duplicate(term: GlossaryTerm) -> Conflict:
    return Conflict(
        _("The glossary already has an approved entry for “%(term)s”.") % {"term": term.source}
    )


def term_validate(*, term: GlossaryTerm) -> GlossaryTerm:
    """Normalise the term in place and check every rule a save would; writes nothing.

    Raises InvalidInput or Conflict. Forms (the admin's among them) call it to show the
    problem beside the fields; term_save calls it again when it writes, and the unique
    constraint on approved terms settles races.
    """
    _validated(term)
    if term.status == GlossaryTerm.Status.APPROVED:
        others = GlossaryTerm.objects.alias(key=Lower("source")).filter(
            key=Lower(Value(term.source)), status=GlossaryTerm.Status.APPROVED
        )
        if term.pk is not None:
            others = others.exclude(pk=term.pk)
        if others.exists():
            raise _duplicate(term)
    return term


def _save(term: GlossaryTerm) -> None:
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:
        # The unique constraint settles a race that term_validate could not see.
        raise _duplicate(term) from None


def _refresh_published_findings() -> None:
    for digest in Digest.objects.published():
        quality.findings_refresh(digest=digest)


def _findings_refresh_on_commit() -> None:
    """The stored machine findings of published digests depend on the approved glossary.

    They are recomputed after the commit (about 20 ms a digest), so that a failure there is
    logged (robust) instead of undoing the editor's change.
    """
    transaction.on_commit(_refresh_published_findings, robust=True)


@transaction.atomic
def term_save(*, term: GlossaryTerm, editor) -> GlossaryTerm:
    """Create or change an entry; editors only."""
    if not can_edit_directly(editor):
        raise NotAllowed(_("Only editors can change the glossary."))
    require_second_factor(editor)
    created = term.pk is None
    _save(term_validate(term=term))
    audit_record(
        action="glossary.create" if created else "glossary.change",
        actor=editor,
        target=term,
        data={"source": term.source, "status": term.status},
    )
    if term.status == GlossaryTerm.Status.APPROVED:
        _findings_refresh_on_commit()
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
def term_retire(*, term: GlossaryTerm, editor) -> GlossaryTerm:
    """Take an approved term out of use. Terms are never deleted: the record of what the
    glossary said stays, and the checks stop using it from the next refresh."""
    if not can_edit_directly(editor):
        raise NotAllowed(_("Only editors can change the glossary."))
    require_second_factor(editor)
    term = GlossaryTerm.objects.select_for_update().get(pk=term.pk)
    if term.status != GlossaryTerm.Status.APPROVED:
        raise Conflict(_("Only approved terms can be retired."))
    term.status = GlossaryTerm.Status.RETIRED
    term.save(update_fields=["status", "updated_at"])
    audit_record(action="glossary.retire", actor=editor, target=term, data={"source": term.source})
    _findings_refresh_on_commit()
    return term


@transaction.atomic
def term_decide(*, term: GlossaryTerm, editor, approve: bool) -> GlossaryTerm:
    if not can_edit_directly(editor):
        raise NotAllowed(_("Only editors can change the glossary."))
    require_second_factor(editor)
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
    if approve:
        _findings_refresh_on_commit()
    return term

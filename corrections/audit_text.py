"""The audit log in words: each event as one sentence in the reader's language, linked to
what it is about, with its details as labelled values.

Events store an action code and language-neutral values; the sentence is composed when the
page is rendered, in the active language (the reader's). The module lives in corrections
rather than core because it names and links the domain's objects; the targets of a page of
events are read in one query per kind of target (core.audit.audit_targets).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import TrustLevel, User
from accounts.services import moment_text
from core.audit import audit_targets
from core.models import AuditEvent
from digest.models import (
    Comment,
    CommentStatus,
    Digest,
    Entry,
    ReportReason,
    Revision,
)

from .models import (
    Flag,
    FlagReason,
    GlossaryCandidate,
    GlossaryStatus,
    GlossaryTerm,
    RejectReason,
    Suggestion,
)


@dataclass(frozen=True)
class AuditLine:
    event: AuditEvent
    sentence: SafeString
    # (label, value) pairs in the reader's language; values are plain text.
    details: list[tuple[str, str]]


# The person who acted, named for the capacity the action needs. In Korean the phrase carries
# its subject particle, so the sentences below never attach one to a name.
SUBJECTS = {
    "editor": pgettext_lazy("audit subject", "Editor %(name)s"),
    "moderator": pgettext_lazy("audit subject", "Moderator %(name)s"),
    "administrator": pgettext_lazy("audit subject", "Administrator %(name)s"),
    "member": pgettext_lazy("audit subject", "Member %(name)s"),
}
SYSTEM = pgettext_lazy("audit subject", "The system")

FIELD_NAMES = {
    "title": pgettext_lazy("entry field", "title"),
    "summary": pgettext_lazy("entry field", "summary"),
    "abstract": pgettext_lazy("entry field", "abstract"),
}

SECOND_FACTORS = {
    Authenticator.Type.TOTP: gettext_lazy("authenticator app"),
    Authenticator.Type.RECOVERY_CODES: gettext_lazy("recovery codes"),
    Authenticator.Type.WEBAUTHN: gettext_lazy("security key"),
}

# One sentence per action code (and, where the stored values change the wording, per
# variant: "code:variant"). Each names the actor with %(who)s and its target with the phrase
# of the target's kind (see _target_parts).
SENTENCES = {
    "suggestion.create": gettext_lazy("%(who)s made %(suggestion)s on %(sentence)s."),
    "suggestion.update": gettext_lazy("%(who)s edited %(suggestion)s on %(sentence)s."),
    "suggestion.withdraw": gettext_lazy("%(who)s withdrew %(suggestion)s on %(sentence)s."),
    "suggestion.accept": gettext_lazy(
        "%(who)s accepted %(suggestion)s on %(sentence)s, creating %(revision)s."
    ),
    "suggestion.accept:edited": gettext_lazy(
        "%(who)s accepted %(suggestion)s on %(sentence)s with changes, creating %(revision)s."
    ),
    "suggestion.reject": gettext_lazy("%(who)s rejected %(suggestion)s on %(sentence)s."),
    "vote.cast:up": gettext_lazy("%(who)s voted for %(suggestion)s on %(sentence)s."),
    "vote.cast:down": gettext_lazy("%(who)s voted against %(suggestion)s on %(sentence)s."),
    "vote.change:up": gettext_lazy(
        "%(who)s changed their vote on %(suggestion)s on %(sentence)s to a vote for it."
    ),
    "vote.change:down": gettext_lazy(
        "%(who)s changed their vote on %(suggestion)s on %(sentence)s to a vote against it."
    ),
    "vote.retract": gettext_lazy("%(who)s took back their vote on %(suggestion)s on %(sentence)s."),
    "flag.create": gettext_lazy("%(who)s flagged %(sentence)s."),
    "flag.withdraw": gettext_lazy("%(who)s withdrew their flag on %(sentence)s."),
    "flag.dismiss": gettext_lazy("%(who)s dismissed a flag on %(sentence)s."),
    "segment.edit": gettext_lazy(
        "%(who)s edited the translation of %(entry)s directly, creating %(revision)s."
    ),
    "revision.revert": gettext_lazy(
        "%(who)s reverted %(entry)s to %(old_revision)s, creating %(revision)s."
    ),
    "entry.links_change": gettext_lazy("%(who)s changed the links of %(entry)s."),
    "segments.verify": gettext_lazy("%(who)s checked and confirmed sentences of %(entry)s."),
    "digest.import": gettext_lazy("%(who)s imported %(digest)s."),
    "digest.details_change": gettext_lazy("%(who)s changed the details of %(digest)s."),
    "digest.update": gettext_lazy("%(who)s imported %(digest)s again."),
    "digest.publish": gettext_lazy("%(who)s published %(digest)s."),
    "digest.unpublish": gettext_lazy("%(who)s unpublished %(digest)s."),
    "comment.report": gettext_lazy("%(who)s reported %(comment)s."),
    "comment.auto_hide": gettext_lazy(
        "%(comment)s was hidden automatically after %(reports)s reports."
    ),
    "comment.hide": gettext_lazy("%(who)s hid %(comment)s."),
    "comment.restore": gettext_lazy("%(who)s showed %(comment)s again."),
    "comment.remove": gettext_lazy("%(who)s removed %(comment)s."),
    "comment.dismiss_reports": gettext_lazy("%(who)s dismissed the reports on %(comment)s."),
    "glossary.create": gettext_lazy("%(who)s added %(term)s to the glossary."),
    "glossary.change": gettext_lazy("%(who)s changed %(term)s in the glossary."),
    "glossary.propose": gettext_lazy("%(who)s proposed %(term)s for the glossary."),
    "glossary.approve": gettext_lazy("%(who)s approved the proposed %(term)s."),
    "glossary.decline": gettext_lazy("%(who)s declined the proposed %(term)s."),
    "glossary.retire": gettext_lazy("%(who)s took %(term)s out of use."),
    "glossary.batch_open": gettext_lazy(
        "%(who)s opened machine suggestions that apply %(term)s to the published digests."
    ),
    "glossary_candidate.propose": gettext_lazy(
        "%(who)s proposed %(candidate)s from accepted corrections."
    ),
    "glossary_candidate.accept": gettext_lazy("%(who)s accepted %(candidate)s into %(term)s."),
    "glossary_candidate.dismiss": gettext_lazy("%(who)s dismissed %(candidate)s."),
    "role.grant_editor": gettext_lazy("%(who)s made %(member)s an editor."),
    "role.grant_moderator": gettext_lazy("%(who)s made %(member)s a moderator."),
    "role.grant_administrator": gettext_lazy("%(who)s made %(member)s an administrator."),
    "role.revoke_editor": gettext_lazy("%(who)s took the editor role from %(member)s."),
    "role.revoke_moderator": gettext_lazy("%(who)s took the moderator role from %(member)s."),
    "user.create": gettext_lazy("%(who)s created the account of %(member)s."),
    "user.api_token_issue": gettext_lazy("%(who)s issued an API token to %(member)s."),
    "user.email_change": gettext_lazy("%(who)s changed the email address of %(member)s."),
    "user.rename": gettext_lazy("%(who)s changed the display name of %(member)s."),
    "user.is_active_set": gettext_lazy("%(who)s reactivated the account of %(member)s."),
    "user.is_active_cleared": gettext_lazy("%(who)s deactivated the account of %(member)s."),
    "user.is_staff_set": gettext_lazy("%(who)s gave %(member)s access to the admin site."),
    "user.is_staff_cleared": gettext_lazy("%(who)s took access to the admin site from %(member)s."),
    "user.is_superuser_set": gettext_lazy("%(who)s gave %(member)s every permission."),
    "user.is_superuser_cleared": gettext_lazy(
        "%(who)s took the all-permissions status from %(member)s."
    ),
    "trust.change": gettext_lazy(
        "The trust level of %(member)s changed from %(old_level)s to %(new_level)s."
    ),
    "trust.grant": gettext_lazy("%(who)s made %(member)s a trusted member."),
    "trust.revoke": gettext_lazy("%(who)s withdrew the trust of %(member)s."),
    "trust.reset": gettext_lazy(
        "%(who)s let the track record of %(member)s set their trust level again."
    ),
    "member.suspend": gettext_lazy("%(who)s suspended %(member)s until %(until)s."),
    "member.suspend:indefinite": gettext_lazy("%(who)s suspended %(member)s until further notice."),
    "member.unsuspend": gettext_lazy("%(who)s lifted the suspension of %(member)s."),
    "mfa.add": gettext_lazy("%(who)s added a second factor: %(factor)s."),
    "mfa.remove": gettext_lazy("%(who)s removed a second factor: %(factor)s."),
    "mfa.reset": gettext_lazy("%(who)s renewed a second factor: %(factor)s."),
}
FALLBACK = gettext_lazy("%(name)s did “%(action)s” to %(target)s.")
FALLBACK_SYSTEM = gettext_lazy("The system did “%(action)s” to %(target)s.")

# The capacity each action needs; anything not listed is a member's own action.
ROLES = {
    **dict.fromkeys(
        [
            "suggestion.accept",
            "suggestion.reject",
            "flag.dismiss",
            "segment.edit",
            "revision.revert",
            "entry.links_change",
            "segments.verify",
            "digest.import",
            "digest.update",
            "digest.details_change",
            "digest.publish",
            "digest.unpublish",
            "glossary.create",
            "glossary.change",
            "glossary.approve",
            "glossary.decline",
            "glossary.retire",
            "glossary.batch_open",
            "glossary_candidate.accept",
            "glossary_candidate.dismiss",
        ],
        "editor",
    ),
    **dict.fromkeys(
        [
            "comment.hide",
            "comment.restore",
            "comment.remove",
            "comment.dismiss_reports",
            "trust.change",
            "trust.grant",
            "trust.revoke",
            "trust.reset",
            "member.suspend",
            "member.unsuspend",
        ],
        "moderator",
    ),
}
ADMINISTRATOR_PREFIXES = ("role.", "user.")

# Values already said in the sentence, so not repeated among the details.
IN_SENTENCE = {
    "suggestion.accept": {"revision", "edited"},
    "vote.cast": {"value"},
    "vote.change": {"value"},
    "revision.revert": {"to"},
    "glossary.create": {"source"},
    "glossary.change": {"source"},
    "glossary.retire": {"source"},
    "glossary.batch_open": {"source"},
    "glossary_candidate.propose": {"source", "old", "new"},
    "comment.auto_hide": {"reports", "last_report"},
    "trust.change": {"from", "to"},
    "member.suspend": {"until"},
    "mfa.add": {"type"},
    "mfa.remove": {"type"},
    "mfa.reset": {"type"},
    # Email addresses are private: the editors reading the log see that one changed, not what
    # it became (the admin site keeps the record).
    "user.email_change": {"old", "new"},
}

REASONS = {
    "suggestion.reject": RejectReason,
    "flag.create": FlagReason,
    "comment.report": ReportReason,
}

DETAIL_LABELS = {
    "reason": gettext_lazy("Reason"),
    "note": gettext_lazy("Note"),
    "span": gettext_lazy("Marked part"),
    "status": gettext_lazy("Status"),
    "created": gettext_lazy("Entries added"),
    "revised": gettext_lazy("Entries revised"),
    "unchanged": gettext_lazy("Entries unchanged"),
    "placeholder_accounts": gettext_lazy("Accounts created for credited people"),
    "reports": gettext_lazy("Reports closed"),
    "segments": gettext_lazy("Sentences"),
    "dismissed_flags": gettext_lazy("Flags dismissed"),
    "overridden_findings": gettext_lazy("Check errors overridden"),
    "old": gettext_lazy("Before"),
    "new": gettext_lazy("After"),
    "suggestions": gettext_lazy("Suggestions opened"),
    "approved": gettext_lazy("Approved renderings"),
    "forbidden": gettext_lazy("Forbidden renderings"),
}


def _fill(template, **parts) -> SafeString:
    """The translated template with its parts put in; text is escaped, links are kept."""
    escaped = {key: conditional_escape(value) for key, value in parts.items()}
    # Safe: the template is escaped before the escaped (or already safe) parts go in.
    return mark_safe(conditional_escape(str(template)) % escaped)  # noqa: S308


def _link(url: str, text) -> SafeString:
    return format_html('<a href="{}">{}</a>', url, text)


def _member(user: User) -> SafeString:
    return _link(
        reverse("corrections:contributions", args=[user.pk]),
        _("member %(name)s") % {"name": user.public_name},
    )


def _digest(digest: Digest) -> SafeString:
    return _link(
        digest.get_absolute_url(),
        _("the %(date)s digest") % {"date": digest.period_start.isoformat()},
    )


def _entry(entry: Entry) -> SafeString:
    return _link(
        entry.get_absolute_url(),
        _("entry %(position)s of the %(date)s digest")
        % {"position": entry.position, "date": entry.digest.period_start.isoformat()},
    )


def _sentence(segment) -> SafeString:
    entry = segment.entry
    return _link(
        reverse("corrections:segment", args=[segment.pk]),
        _("sentence %(number)s of the %(field)s of entry %(position)s in the %(date)s digest")
        % {
            "number": segment.position + 1,
            "field": FIELD_NAMES.get(segment.field, segment.field),
            "position": entry.position,
            "date": entry.digest.period_start.isoformat(),
        },
    )


def _revision(entry: Entry, number) -> SafeString:
    url = reverse("digest:revision", args=[entry.digest.slug, entry.position, number])
    return _link(url, _("revision %(number)s") % {"number": number})


def _target_parts(target: models.Model) -> dict:
    """The phrases that name the target and what it belongs to, each linked."""
    if isinstance(target, Suggestion):
        suggestion = _link(
            reverse("corrections:review_suggestion", args=[target.pk]),
            _("suggestion #%(number)s") % {"number": target.pk},
        )
        return {"suggestion": suggestion, "sentence": _sentence(target.segment)}
    if isinstance(target, Flag):
        return {"sentence": _sentence(target.segment)}
    if isinstance(target, Revision):
        return {"entry": _entry(target.entry), "revision": _revision(target.entry, target.number)}
    if isinstance(target, Entry):
        return {"entry": _entry(target)}
    if isinstance(target, Digest):
        return {"digest": _digest(target)}
    if isinstance(target, Comment):
        return {
            "comment": _link(
                target.get_absolute_url(), _("comment #%(number)s") % {"number": target.pk}
            )
        }
    if isinstance(target, GlossaryTerm):
        return {"term": _term(target, target.source)}
    if isinstance(target, GlossaryCandidate):
        return _candidate_parts(target)
    if isinstance(target, User):
        return {"member": _member(target)}
    return {}


def _candidate_parts(candidate: GlossaryCandidate) -> dict:
    parts = {
        "candidate": _link(
            f"{reverse('corrections:glossary')}#candidate-{candidate.pk}",
            _("the glossary candidate “%(term)s: %(old)s → %(new)s”")
            % {"term": candidate.source, "old": candidate.old, "new": candidate.new},
        )
    }
    if candidate.term is not None:
        parts["term"] = _term(candidate.term, candidate.term.source)
    return parts


def _term(term: GlossaryTerm, source: str) -> SafeString:
    return _link(
        reverse("corrections:term_edit", args=[term.pk]),
        _("the term “%(term)s”") % {"term": source},
    )


def _value_parts(event: AuditEvent, target: models.Model) -> dict:
    """Phrases made from the values stored with the event."""
    data = event.data or {}
    parts: dict = {}
    if event.action == "suggestion.accept" and "revision" in data:
        parts["revision"] = _revision(target.segment.entry, data["revision"])
    if event.action == "revision.revert" and "to" in data:
        parts["old_revision"] = _revision(target.entry, data["to"])
    if event.action.startswith("glossary.") and data.get("source"):
        parts["term"] = _term(target, data["source"])
    if event.action == "comment.auto_hide":
        parts["reports"] = data.get("reports", "")
    if event.action == "trust.change":
        parts["old_level"] = _choice(TrustLevel, data.get("from"))
        parts["new_level"] = _choice(TrustLevel, data.get("to"))
    if event.action == "member.suspend" and data.get("until"):
        try:
            parts["until"] = moment_text(datetime.datetime.fromisoformat(data["until"]))
        except ValueError:
            parts["until"] = data["until"]
    if event.action.startswith("mfa."):
        parts["factor"] = _choice(SECOND_FACTORS, data.get("type"))
    return parts


def _choice(choices, value) -> str:
    """A stored code as its label, or the code itself when it is not one of the choices."""
    if isinstance(choices, dict):
        label = choices.get(value)
        return str(label) if label is not None else str(value or "")
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _variant(event: AuditEvent) -> str:
    data = event.data or {}
    if event.action == "suggestion.accept" and data.get("edited"):
        return "suggestion.accept:edited"
    if event.action in ("vote.cast", "vote.change"):
        return f"{event.action}:{'down' if data.get('value', 1) < 0 else 'up'}"
    if event.action == "member.suspend" and not data.get("until"):
        return "member.suspend:indefinite"
    return event.action


def _actor_link(actor: User) -> SafeString:
    return _link(reverse("corrections:contributions", args=[actor.pk]), actor.public_name)


def _who(event: AuditEvent) -> SafeString | str:
    actor = event.actor
    if actor is None:
        return str(SYSTEM)
    if event.action.startswith(ADMINISTRATOR_PREFIXES):
        role = "administrator"
    else:
        role = ROLES.get(event.action, "member")
    return _fill(SUBJECTS[role], name=_actor_link(actor))


def _generic_target(event: AuditEvent, target: models.Model | None) -> SafeString | str:
    model = event.target_type.model_class()
    kind = model._meta.verbose_name if model is not None else event.target_type.model
    text = _("%(kind)s #%(id)s") % {"kind": kind, "id": event.target_id}
    url = getattr(target, "get_absolute_url", None)
    return _link(url(), text) if url is not None else text


def _sentence_of(event: AuditEvent, target: models.Model | None) -> SafeString:
    template = SENTENCES.get(_variant(event))
    if template is not None and target is not None:
        try:
            parts = {**_target_parts(target), **_value_parts(event, target)}
            return _fill(template, who=_who(event), **parts)
        except (KeyError, AttributeError, TypeError, ValueError):
            # Values written by an older version of the action; the plain form still reads.
            pass
    # An action without a sentence of its own: what it needs of the actor is unknown, so the
    # person is named without a role.
    words = {
        "action": event.action.replace(".", " ").replace("_", " "),
        "target": _generic_target(event, target),
    }
    if event.actor is None:
        return _fill(FALLBACK_SYSTEM, **words)
    return _fill(FALLBACK, name=_actor_link(event.actor), **words)


def _plain(value) -> str:
    """A stored value as words, never as a Python literal."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value) if value else _("none")
    if isinstance(value, dict):
        return "; ".join(f"{_label(key)}: {_plain(item)}" for key, item in value.items())
    return str(value)


def _label(key: str, model: type[models.Model] | None = None) -> str:
    """A stored key in words: its own label, else the target's field of that name."""
    if key in DETAIL_LABELS:
        return str(DETAIL_LABELS[key])
    if model is not None:
        try:
            return capfirst(model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            pass
    return key.replace("_", " ").capitalize()


def _detail_value(action: str, key: str, value) -> str:
    if key == "reason" and action in REASONS:
        return _choice(REASONS[action], value)
    if key == "status" and action.startswith("glossary."):
        return _choice(GlossaryStatus, value)
    if key == "span" and isinstance(value, list | tuple) and len(value) == 2:
        return _("characters %(start)s to %(end)s") % {"start": value[0] + 1, "end": value[1]}
    if key in ("from", "to") and action.startswith("comment."):
        return _choice(CommentStatus, value)
    if isinstance(value, dict) and set(value) == {"old", "new"}:
        return _("%(old)s → %(new)s") % {
            "old": _plain(value.get("old")),
            "new": _plain(value.get("new")),
        }
    return _plain(value)


def _details(event: AuditEvent) -> list[tuple[str, str]]:
    data = event.data or {}
    if not isinstance(data, dict):
        return [(_("Details"), _plain(data))]
    skipped = IN_SENTENCE.get(event.action, set())
    model = event.target_type.model_class()
    rows = []
    if event.action.startswith("comment.") and "from" in data and "to" in data:
        moved = _("%(old)s → %(new)s") % {
            "old": _detail_value(event.action, "from", data["from"]),
            "new": _detail_value(event.action, "to", data["to"]),
        }
        rows.append((_("Status"), moved))
        skipped = skipped | {"from", "to"}
    for key, value in data.items():
        if key in skipped or value is None or value == "" or value == []:
            continue
        rows.append((_label(key, model), _detail_value(event.action, key, value)))
    return rows


def audit_lines(events: Iterable[AuditEvent]) -> list[AuditLine]:
    """Each event as a sentence and its details, in the active language.

    Reads the events' targets in one query per kind of target; the events should come with
    their actor and target type joined (corrections.selectors.audit_log).
    """
    events = list(events)
    targets = audit_targets(
        events,
        querysets={
            Suggestion: Suggestion.objects.select_related("segment__entry__digest"),
            Flag: Flag.objects.select_related("segment__entry__digest"),
            Revision: Revision.objects.select_related("entry__digest"),
            Entry: Entry.objects.select_related("digest"),
            Comment: Comment.objects.select_related("digest", "entry"),
            GlossaryCandidate: GlossaryCandidate.objects.select_related("term"),
        },
    )
    return [
        AuditLine(
            event=event,
            sentence=_sentence_of(event, targets.get((event.target_type_id, event.target_id))),
            details=_details(event),
        )
        for event in events
    ]

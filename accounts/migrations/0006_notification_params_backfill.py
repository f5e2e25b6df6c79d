"""Recover the kind's values from notifications written before values were stored, so they too
are shown in each reader's language.

Those rows hold only the text rendered when they were written: Korean where the catalogue of
the time had a translation, English otherwise, followed by the person's note after a blank
line. The templates of that time are frozen here; a row that matches none of them, or whose
values cannot be recovered (a suspension's end date was stored as formatted text), keeps
being shown as written.
"""

import re

from django.db import migrations

# Marks rows with language-neutral values (accounts.services._FORMAT_KEY).
FORMAT_KEY = "v"

REJECT_REASONS = {
    "Not an improvement": "개선되지 않음",
    "Changes the meaning": "의미가 바뀜",
    "Does not follow the glossary": "용어집을 따르지 않음",
    "Duplicates another suggestion": "다른 제안과 중복됨",
    "Does not fit the style guide": "스타일 가이드에 맞지 않음",
    "Other": "기타",
}
TRUST_LEVELS = {"New member": "new", "Member": "member", "Trusted member": "trusted"}

# kind -> the message templates written then (English, and Korean where it existed).
TEMPLATES = {
    "suggestion_accepted": [
        "Your suggestion was accepted and published in revision %(number)d.",
        "제안이 수락되어 수정판 %(number)d에 게시되었습니다.",
    ],
    "suggestion_rejected": [
        "Your suggestion was not accepted: %(reason)s.",
        "제안이 수락되지 않았습니다: %(reason)s.",
    ],
    "flag_resolved": [
        "A sentence you flagged was corrected in revision %(number)d.",
        "신고하신 문장이 수정판 %(number)d에서 수정되었습니다.",
    ],
    "comment_reply": ["%(name)s replied to your comment."],
    "mention": ["%(name)s mentioned you in a comment."],
    "comment_moderated": ["A moderator took down your comment. The reason:"],
    "suspended": [
        "A moderator suspended your account until %(until)s. You can still read the site, "
        "but not comment, like, report, flag, suggest or vote. The reason:"
    ],
    "suspension_lifted": ["Your suspension was lifted; you can take part again."],
    "trust_changed": ["Your trust level is now: %(level)s."],
}

PLACEHOLDER = re.compile(r"%\((\w+)\)([ds])")


def _pattern(template: str) -> re.Pattern:
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        name, kind = match.groups()
        parts.append(rf"(?P<{name}>\d+)" if kind == "d" else rf"(?P<{name}>.+?)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


def _values(kind: str, found: dict) -> dict | None:
    """The stored form of the values read back from the text; None if one cannot be."""
    values = {}
    for name, text in found.items():
        if name == "number":
            values[name] = int(text)
        elif name == "reason":
            english = next((en for en, ko in REJECT_REASONS.items() if text in (en, ko)), None)
            if english is None:
                return None
            values[name] = {"msgid": english}
        elif name == "level":
            if text not in TRUST_LEVELS:
                return None
            values[name] = TRUST_LEVELS[text]
        elif name == "until":
            if text != "further notice":
                return None
            values[name] = None
        else:
            values[name] = text
    return values


def recover(kind: str, message: str) -> tuple[dict, str] | None:
    """The values and the note of an old message, or None when it cannot be read back."""
    head, _, note = message.partition("\n\n")
    for template in TEMPLATES.get(kind, []):
        match = _pattern(template).match(head)
        if match is None:
            continue
        values = _values(kind, match.groupdict())
        if values is not None:
            return {**values, FORMAT_KEY: 1}, note.strip()
    return None


def backfill(apps, schema_editor):
    Notification = apps.get_model("accounts", "Notification")
    old = Notification.objects.exclude(params__has_key=FORMAT_KEY)
    for notification in old.only("id", "kind", "message", "params", "note").iterator():
        recovered = recover(notification.kind, notification.message)
        if recovered is None:
            continue
        notification.params, notification.note = recovered
        notification.save(update_fields=["params", "note"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_site_follows_site_url")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

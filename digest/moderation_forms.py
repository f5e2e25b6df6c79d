"""Plain forms for the shape of moderators' input.

They check that a request is well formed (a known action, a whole number of days, a date);
whether the action is allowed, and whether a reason is needed, is decided by
`digest.services.moderation` and `accounts.services`, which every front door calls.
"""

import datetime

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import TrustLevel
from accounts.services import MAX_REASON_LENGTH as MEMBER_REASON_LENGTH

from .models import Comment
from .services.moderation import MAX_REASON_LENGTH as COMMENT_REASON_LENGTH
from .services.moderation import ModerationAction

MAX_SUSPENSION_DAYS = 3650


def form_error_text(form: forms.Form) -> str:
    """All errors of a bound form as one string, for a message."""
    parts = []
    for name, errors in form.errors.items():
        text = " ".join(str(error) for error in errors)
        if name in form.fields and form.fields[name].label:
            parts.append(f"{form.fields[name].label}: {text}")
        else:
            parts.append(text)
    return " ".join(parts)


class QueueFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("Everything waiting")),
        ("held", _("Held for moderation")),
        ("hidden", _("Hidden")),
        ("reported", _("With open reports")),
    ]

    status = forms.ChoiceField(label=_("Show"), choices=STATUS_CHOICES, required=False)

    def apply(self, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        """Narrow the moderation queue; an unknown status shows everything."""
        status = self.cleaned_data.get("status", "") if self.is_valid() else ""
        if status == "held":
            return queryset.filter(status=Comment.Status.HELD)
        if status == "hidden":
            return queryset.filter(status=Comment.Status.HIDDEN)
        if status == "reported":
            return queryset.filter(open_reports__gt=0)
        return queryset


class CommentModerationForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (ModerationAction.HIDE, _("Hide")),
            (ModerationAction.RESTORE, _("Restore")),
            (ModerationAction.REMOVE, _("Remove")),
            (ModerationAction.DISMISS_REPORTS, _("Dismiss the reports")),
        ],
        error_messages={"required": _("Choose what to do with the comment.")},
    )
    # Needed for hide and remove; the service says so when it is missing.
    reason = forms.CharField(
        label=_("Reason, shown to the author"),
        required=False,
        max_length=COMMENT_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SuspendForm(forms.Form):
    LENGTH_DAYS = "days"
    LENGTH_UNTIL = "until"
    LENGTH_INDEFINITE = "indefinite"

    length = forms.ChoiceField(
        label=_("How long"),
        choices=[
            (LENGTH_DAYS, _("For a number of days")),
            (LENGTH_UNTIL, _("Until a date")),
            (LENGTH_INDEFINITE, _("Until a moderator lifts it")),
        ],
        initial=LENGTH_DAYS,
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        label=_("Days"),
        required=False,
        min_value=1,
        max_value=MAX_SUSPENSION_DAYS,
        initial=7,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        help_text=_("The suspension ends at the start of that day, in the site's time zone."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Reason, told to the member"),
        max_length=MEMBER_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason; the member is told it.")},
    )

    def clean(self):
        cleaned = super().clean()
        length = cleaned.get("length")
        if length == self.LENGTH_DAYS:
            if cleaned.get("days") is None and "days" not in self.errors:
                self.add_error("days", _("Say for how many days."))
            elif cleaned.get("days") is not None:
                cleaned["ends_at"] = timezone.now() + datetime.timedelta(days=cleaned["days"])
        elif length == self.LENGTH_UNTIL:
            if cleaned.get("until") is None and "until" not in self.errors:
                self.add_error("until", _("Choose the day the suspension ends."))
            elif cleaned.get("until") is not None:
                day = cleaned["until"]
                try:
                    cleaned["ends_at"] = timezone.make_aware(
                        datetime.datetime(day.year, day.month, day.day)
                    )
                except (OverflowError, ValueError):
                    self.add_error("until", _("Choose a real date."))
        elif length == self.LENGTH_INDEFINITE:
            cleaned["ends_at"] = None
        return cleaned


class TrustForm(forms.Form):
    override = forms.ChoiceField(
        label=_("Trust"),
        choices=[
            (TrustLevel.TRUSTED, _("Grant trust")),
            (TrustLevel.MEMBER, _("Revoke trust")),
            ("", _("Follow the record again")),
        ],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"),
        required=False,
        max_length=MEMBER_REASON_LENGTH,
        widget=forms.TextInput(),
    )

    def clean(self):
        cleaned = super().clean()
        # A missing field is not the same as choosing "follow the record": insist on it.
        if "override" not in self.data and "override" not in self.errors:
            self.add_error("override", _("Choose whether to grant, revoke or reset trust."))
        return cleaned

"""Input forms of the editors' pages. They check shape only; rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import DISPLAY_NAME_MAX_LENGTH
from digest.models import FIELD_ORDER, REVISION_SUMMARY_MAX_LENGTH

from .models import MAX_NOTE_LENGTH, MAX_TEXT_LENGTH, Flag, Suggestion
from .selectors import QUEUE_SORTS, QueueFilters, queue_filter_choices

MAX_ID = 2**63 - 1


class ErrorTextMixin:
    def error_text(self) -> str:
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return " ".join(parts)


class AcceptForm(ErrorTextMixin, forms.Form):
    text = forms.CharField(
        label=_("Text to publish"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea,
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=REVISION_SUMMARY_MAX_LENGTH
    )
    expected_text = forms.CharField(required=False, max_length=MAX_TEXT_LENGTH, strip=False)


class RejectForm(ErrorTextMixin, forms.Form):
    # The empty first choice keeps the select from preselecting a reason (and is what the HTML
    # checker asks of a required select); choosing it is refused as a missing reason.
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose…")), *Suggestion.RejectReason.choices],
        error_messages={"required": _("Choose one of the listed reasons.")},
    )
    note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BatchPublishForm(ErrorTextMixin, forms.Form):
    suggestions = forms.TypedMultipleChoiceField(
        label=_("Suggestions"),
        coerce=int,
        choices=(),
        error_messages={"required": _("Choose at least one suggestion.")},
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=REVISION_SUMMARY_MAX_LENGTH
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Ids are validated by the service (existence, entry, status); here only their shape.
        submitted = self.data.getlist("suggestions") if hasattr(self.data, "getlist") else []
        self.fields["suggestions"].choices = [(v, v) for v in submitted if v.isdigit()]


class SegmentEditForm(ErrorTextMixin, forms.Form):
    text = forms.CharField(label=_("Sentence"), max_length=MAX_TEXT_LENGTH, widget=forms.Textarea)
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=REVISION_SUMMARY_MAX_LENGTH
    )


class RevertForm(ErrorTextMixin, forms.Form):
    to = forms.IntegerField(label=_("Revision"), min_value=1, max_value=2**31 - 1)
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=REVISION_SUMMARY_MAX_LENGTH
    )


class VerifyForm(ErrorTextMixin, forms.Form):
    """What to confirm: one sentence, one field, or (neither) the whole entry."""

    segment = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    field = forms.ChoiceField(
        required=False, choices=[("", ""), *((name, name) for name in FIELD_ORDER)]
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("segment") and cleaned.get("field"):
            raise forms.ValidationError(_("Choose a sentence or a field, not both."))
        return cleaned


class QueueFilterForm(forms.Form):
    """The queue's filters. Digests, entries and authors are chosen by name; the ids of older
    links (`?entry=<id>`, `?author=<id>`) keep working."""

    digest = forms.ChoiceField(label=_("Digest"), required=False)
    entry = forms.IntegerField(
        label=_("Entry"),
        required=False,
        min_value=1,
        max_value=MAX_ID,
        widget=forms.Select,
        help_text=_("Choose a digest first to list its entries."),
    )
    reason = forms.ChoiceField(
        label=_("Flag reason"), required=False, choices=[("", _("Any")), *Flag.Reason.choices]
    )
    author = forms.CharField(
        label=_("Author"),
        required=False,
        max_length=DISPLAY_NAME_MAX_LENGTH,
        help_text=_("Part of the display name."),
    )
    older_than_days = forms.IntegerField(
        label=_("Older than (days)"), required=False, min_value=1, max_value=3650
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Pending and outdated")),
            ("pending", _("Pending")),
            ("outdated", _("Outdated")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("votes", _("Most votes")),
            ("oldest", _("Oldest first")),
            ("newest", _("Newest first")),
            ("flags", _("Most flagged")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.data if self.is_bound else {}
        entry = str(raw.get("entry", ""))
        choices = queue_filter_choices(
            digest=str(raw.get("digest", "")),
            entry=int(entry) if entry.isascii() and entry.isdigit() and len(entry) < 19 else None,
        )
        self.fields["digest"].choices = [("", _("Any")), *choices.digests]
        self.fields["entry"].widget.choices = [("", _("Any")), *choices.entries]

    def filters(self, *, exclude: tuple[int, ...] = ()) -> QueueFilters:
        """Valid filters only; an invalid value is ignored (and shown as an error on the form)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        sort = data.get("sort") or "votes"
        author = (data.get("author") or "").strip()
        # Digits are the id an older link carries; anything else is part of a name.
        author_id = int(author) if author.isascii() and author.isdigit() else None
        return QueueFilters(
            digest=data.get("digest") or "",
            entry=data.get("entry"),
            reason=data.get("reason") or "",
            author=author_id if author_id and author_id <= MAX_ID else None,
            author_name="" if author_id is not None else author,
            older_than_days=data.get("older_than_days"),
            status=data.get("status") or "",
            sort=sort if sort in QUEUE_SORTS else "votes",
            exclude=exclude,
        )

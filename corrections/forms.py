"""Plain Django forms for the shape of correction input.

The forms only check that a request is well formed (a known reason, whole numbers, text
present). Whether the action is allowed, and whether the text is acceptable, is decided by
`corrections.services`, which every front door calls.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_NOTE_LENGTH, MAX_TEXT_LENGTH, Flag

# A preview is only a diff, but the text still travels on every keystroke; cap its size so a
# pasted book cannot keep the diff engine busy. The service applies the real limit on save.
PREVIEW_MAX_LENGTH = MAX_TEXT_LENGTH * 2


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_NOTE_LENGTH}),
    )


class MemberFlagForm(forms.Form):
    """A member flags a sentence, optionally marking the words that are wrong."""

    # The panel's select starts on an empty "Choose…" option (templates/corrections/partials/
    # panel_flag.html), so that no reason is preselected; an empty choice is refused here.
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=Flag.Reason.choices,
        error_messages={"required": _("Choose one of the listed reasons.")},
    )
    note = _note_field()
    # Filled by static/js/panel.js from a text selection; without JavaScript they stay empty.
    span_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    span_end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("span_start"), cleaned.get("span_end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Mark both the start and the end of the words."))
        cleaned["span"] = (start, end) if start is not None else None
        return cleaned


class MemberSuggestionForm(forms.Form):
    """A member proposes new text for a sentence, optionally answering one of its flags."""

    text = forms.CharField(
        label=_("Your correction"),
        widget=forms.Textarea(attrs={"rows": 4, "lang": "ko"}),
        error_messages={"required": _("Write the corrected sentence.")},
    )
    note = _note_field()
    flag = forms.ModelChoiceField(
        label=_("The flag it answers"), queryset=Flag.objects.none(), required=False
    )

    def __init__(self, *args, segment_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        # Only an open flag of the same sentence can be answered; anything else is a bad id.
        self.fields["flag"].queryset = Flag.objects.filter(
            segment_id=segment_id, status=Flag.Status.OPEN
        )


class MemberSuggestionEditForm(forms.Form):
    """The author rewrites their own pending suggestion."""

    text = forms.CharField(
        label=_("Your correction"),
        widget=forms.Textarea(attrs={"rows": 4, "lang": "ko"}),
        error_messages={"required": _("Write the corrected sentence.")},
    )
    note = _note_field()


class MemberVoteForm(forms.Form):
    value = forms.TypedChoiceField(label=_("Vote"), choices=[("1", "+1"), ("-1", "−1")], coerce=int)


class SuggestionPreviewForm(forms.Form):
    text = forms.CharField(
        label=_("Your correction"), required=False, max_length=PREVIEW_MAX_LENGTH
    )

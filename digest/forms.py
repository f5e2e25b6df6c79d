"""Plain Django forms for the shape of community input: comments, likes and reports.

They only check that a request is well formed (text present and not absurdly long, a known
reason, whole numbers). Whether the person may post, edit, like or report, and whether the
text is acceptable, is decided by `digest.services`, which every front door calls.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .models import CommentReport, Segment
from .services.comments import comment_max_length
from .services.moderation import MAX_NOTE_LENGTH


class _BodyForm(forms.Form):
    """A form with a Markdown `body`, capped at twice the service's limit.

    The service applies the real limit (with a message naming the length); the cap here only
    stops a pasted book from travelling further than the edge. It is set per instance so that
    settings are read when a request comes, not at import.
    """

    body_required = True

    body = forms.CharField(
        label=_("Comment"),
        strip=False,
        error_messages={"required": _("Write something first: the comment is empty.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        field.required = self.body_required
        field.max_length = comment_max_length() * 2
        field.validators.append(MaxLengthValidator(field.max_length))


class CommentForm(_BodyForm):
    """A new comment on a digest or an entry, or a reply; the honeypot travels with it."""

    quote = forms.ModelChoiceField(
        label=_("Quoted sentence"),
        queryset=Segment.objects.select_related("entry"),
        required=False,
        error_messages={"invalid_choice": _("The quoted sentence does not exist.")},
    )
    # The honeypot: automated form fillers put an address into a field called "website";
    # people never see it (the template hides it), so anything in it means a bot.
    website = forms.CharField(required=False, max_length=500)


class CommentEditForm(_BodyForm):
    pass


class CommentPreviewForm(_BodyForm):
    body_required = False


class LikeForm(forms.Form):
    """`liked` is the state wanted ("1" like, "0" unlike), so repeating a request is harmless."""

    liked = forms.TypedChoiceField(
        label=_("Like"),
        choices=[("1", _("Like")), ("0", _("Unlike"))],
        coerce=lambda value: value == "1",
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"),
        choices=CommentReport.Reason.choices,
        error_messages={"required": _("Choose why you are reporting this comment.")},
    )
    note = forms.CharField(
        label=_("Note for the moderators (optional)"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
    )

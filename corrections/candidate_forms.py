"""Input forms of the glossary candidates on the glossary page. They check shape only; the
rules live in corrections.services.glossary_candidates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .glossary_forms import RenderingsField
from .models import MAX_NOTE_LENGTH, GlossaryCandidate, GlossaryTerm


class CandidateAcceptForm(forms.Form):
    """The term as the editor accepts it, prefilled with what the candidate proposes."""

    source = forms.CharField(
        label=_("English term"), max_length=GlossaryTerm._meta.get_field("source").max_length
    )
    approved = RenderingsField(
        label=_("Approved renderings"),
        required=False,
        help_text=_(
            "Separate renderings with commas. They are added to the term's entry if the "
            "glossary has one; the others it lists stay."
        ),
    )
    forbidden = RenderingsField(label=_("Forbidden renderings"), required=False)

    def __init__(self, *args, candidate: GlossaryCandidate | None = None, **kwargs):
        if candidate is not None:
            kwargs.setdefault("auto_id", f"candidate-{candidate.pk}-%s")
            kwargs.setdefault(
                "initial",
                {
                    "source": candidate.source,
                    "approved": [candidate.new],
                    "forbidden": [candidate.old],
                },
            )
        super().__init__(*args, **kwargs)


class CandidateDismissForm(forms.Form):
    note = forms.CharField(
        label=_("Why dismiss it"),
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, candidate: GlossaryCandidate | None = None, **kwargs):
        if candidate is not None:
            kwargs.setdefault("auto_id", f"candidate-{candidate.pk}-dismiss-%s")
        super().__init__(*args, **kwargs)

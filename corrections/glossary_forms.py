"""Input forms of the glossary pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GlossaryTerm


class RenderingsField(forms.CharField):
    """Renderings typed one per line or separated by commas."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value


class TermForm(forms.ModelForm):
    approved = RenderingsField(
        label=_("Approved renderings"),
        required=False,
        help_text=_("Separate renderings with commas."),
    )
    forbidden = RenderingsField(label=_("Forbidden renderings"), required=False)

    class Meta:
        model = GlossaryTerm
        fields = ["source", "approved", "forbidden", "do_not_translate", "note"]


class ProposalForm(forms.Form):
    source = forms.CharField(label=_("English term"), max_length=120)
    approved = RenderingsField(label=_("Korean rendering(s)"), required=False)
    forbidden = RenderingsField(label=_("Renderings to avoid"), required=False)
    note = forms.CharField(label=_("Why"), max_length=300, required=False)

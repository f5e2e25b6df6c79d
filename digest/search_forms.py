"""The search page's form: the shape of a reader's query, filters and nothing else."""

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH, clean_query


class SearchForm(forms.Form):
    KIND_CHOICES = [
        ("", _("Everything")),
        ("entry", _("Entries")),
        ("digest", _("Digests")),
        ("comment", _("Comments")),
    ]

    # Longer queries are cut, not refused (search.clean_query); the browser keeps to the bound.
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.SearchInput(attrs={"maxlength": MAX_QUERY_LENGTH}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)
    week = forms.TypedChoiceField(
        label=_("Week"), coerce=datetime.date.fromisoformat, empty_value=None, required=False
    )

    def __init__(self, *args, weeks: list[datetime.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["week"].choices = [
            ("", _("Every week")),
            *((day.isoformat(), date_format(day, "SHORT_DATE_FORMAT")) for day in weeks),
        ]

    def clean_q(self) -> str:
        return clean_query(self.cleaned_data["q"])

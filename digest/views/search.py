from django.core.paginator import Paginator
from django.shortcuts import render

from ..search import search as search_for
from ..search import search_weeks
from ..search_forms import SearchForm

PAGE_SIZE = 20


def search(request):
    """`/search/?q=…&kind=…&week=…`: what the reader may read that matches, best first."""
    form = SearchForm(request.GET or None, weeks=search_weeks(viewer=request.user))
    page = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = search_for(
            query=form.cleaned_data["q"],
            viewer=request.user,
            kind=form.cleaned_data["kind"] or None,
            week=form.cleaned_data["week"],
        )
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "digest/search.html", {"form": form, "page": page})

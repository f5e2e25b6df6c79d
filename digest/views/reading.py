from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from accounts.permissions import is_editor

from .. import selectors

LAYOUTS = ("inline", "parallel")
# Larger numbers cannot be stored, so no revision has them (and the database would refuse
# to compare against them).
MAX_REVISION_NUMBER = 2**31 - 1


def _layout(request) -> str:
    layout = request.GET.get("layout", "inline")
    return layout if layout in LAYOUTS else "inline"


def home(request):
    page = Paginator(selectors.digests_published(), 10).get_page(request.GET.get("page"))
    return render(request, "digest/home.html", {"page": page})


def digest_detail(request, slug: str):
    digest, entries = selectors.digest_for_reader(slug=slug, include_drafts=is_editor(request.user))
    return render(
        request,
        "digest/digest_detail.html",
        {"digest": digest, "entries": entries, "layout": _layout(request)},
    )


def entry_detail(request, slug: str, position: int):
    view = selectors.entry_for_reader(
        slug=slug, position=position, include_drafts=is_editor(request.user)
    )
    return render(
        request,
        "digest/entry_detail.html",
        {"digest": view.entry.digest, "item": view, "layout": _layout(request)},
    )


def _parse_number(value: str | None, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise Http404("Revision numbers are whole numbers.") from None
    if not 1 <= number <= MAX_REVISION_NUMBER:
        raise Http404("No such revision.")
    return number


def entry_history(request, slug: str, position: int):
    view = selectors.entry_for_reader(
        slug=slug, position=position, include_drafts=is_editor(request.user)
    )
    entry = view.entry
    revisions = selectors.revisions_for_entry(entry=entry)
    for revision in revisions:
        revision.contributor_list = selectors.revision_contributors(revision)
    latest = entry.current_revision.number
    new = _parse_number(request.GET.get("to"), latest)
    old = _parse_number(request.GET.get("from"), max(new - 1, 1))
    diff = None
    if old != new:
        diff = selectors.revision_diff(entry=entry, old=old, new=new)
    return render(
        request,
        "digest/entry_history.html",
        {
            "digest": entry.digest,
            "item": view,
            "revisions": revisions,
            "diff": diff,
            "old": old,
            "new": new,
        },
    )


def revision_detail(request, slug: str, position: int, number: int):
    view = selectors.entry_for_reader(
        slug=slug, position=position, include_drafts=is_editor(request.user)
    )
    entry = view.entry
    revision = selectors.revision_get(entry=entry, number=number)
    fields = selectors.fields_for_revisions([revision.pk]).get(revision.pk, {})
    old_view = selectors.EntryView(entry=entry, fields=fields)
    return render(
        request,
        "digest/revision_detail.html",
        {"digest": entry.digest, "item": old_view, "revision": revision},
    )

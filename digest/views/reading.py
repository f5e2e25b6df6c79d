from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from accounts.permissions import is_editor

from .. import selectors
from ..pagecache import text_version
from ..selectors import comments as discussion
from .comments import Discussion, community_for, empty_thread, page_url_of, quote_from_request

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
    """The whole post: its entries, each with its discussion, and the post's own discussion
    at the end. `?quote=<segment id>` puts that sentence on the post's comment form."""
    digest, entries = selectors.digest_for_reader(slug=slug, include_drafts=is_editor(request.user))
    threads = discussion.threads_for_digest(digest=digest, viewer=request.user)
    return render(
        request,
        "digest/digest_detail.html",
        {
            "digest": digest,
            "entries": entries,
            "entry_discussions": [
                (
                    item,
                    Discussion(
                        thread=threads.get(item.entry.pk) or empty_thread(digest, item.entry),
                        compact=True,
                    ),
                )
                for item in entries
            ],
            # A quoted sentence goes on the post's own form: on this page the entries' forms
            # are folded away.
            "discussion": Discussion(
                thread=threads.get(None) or empty_thread(digest, None),
                quote=quote_from_request(request, entries),
            ),
            "comment_count": sum(thread.count for thread in threads.values()),
            "likes": discussion.likes_of_viewer(digest=digest, viewer=request.user),
            "community": community_for(
                request, page_url=page_url_of(request), login_next=request.get_full_path()
            ),
            "layout": _layout(request),
            "text_version": text_version(digest),
        },
    )


def entry_detail(request, slug: str, position: int):
    """One entry and its discussion; `?quote=<segment id>` puts that sentence on its form."""
    view = selectors.entry_for_reader(
        slug=slug, position=position, include_drafts=is_editor(request.user)
    )
    digest = view.entry.digest
    return render(
        request,
        "digest/entry_detail.html",
        {
            "digest": digest,
            "item": view,
            "discussion": Discussion(
                thread=discussion.thread_for_entry(entry=view.entry, viewer=request.user),
                quote=quote_from_request(request, [view]),
            ),
            "likes": discussion.likes_of_viewer(digest=digest, viewer=request.user),
            "community": community_for(
                request,
                page_url=page_url_of(request),
                entry_url=request.path,
                login_next=request.get_full_path(),
            ),
            "layout": _layout(request),
            "text_version": text_version(digest),
        },
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

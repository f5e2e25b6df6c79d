from functools import cache, partial

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from .. import selectors
from ..fragments import page_blocks
from ..pagecache import member_page_versions, text_version
from ..selectors import comments as discussion
from .comments import Discussion, community_for, empty_thread, page_url_of, quote_from_request

# "inline" shows each paragraph in Korean with its English under it, "parallel" each
# sentence beside its English, "korean" the inline markup with the English hidden (still in
# the page: each Korean sentence's tooltip, print and a change of mind need no new markup).
# static/js/layout.js remembers a reader's choice in their browser, not in the page.
LAYOUTS = ("inline", "parallel", "korean")
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
    at the end. `?quote=<segment id>` puts that sentence on the post's comment form.

    A member's blocks (digest.fragments) may all come from the cache; the discussions are
    read only when one of them is rendered."""
    digest, entries = selectors.digest_for_reader(slug=slug, viewer=request.user)

    @cache
    def threads():
        return discussion.threads_for_digest(digest=digest, viewer=request.user)

    def entry_discussion(entry):
        return Discussion(
            thread=threads().get(entry.pk) or empty_thread(digest, entry), compact=True
        )

    quote = quote_from_request(request, entries)
    community = community_for(
        request, page_url=page_url_of(request), login_next=request.get_full_path()
    )
    layout = _layout(request)
    digest_block = f"digest-quote-{quote.segment_id}" if quote else "digest"
    version, blocks_version = member_page_versions(digest)
    likes = discussion.likes_of_viewer(digest=digest, viewer=request.user)
    blocks = None
    if blocks_version:
        blocks = page_blocks(
            request,
            digest=digest,
            names=[*(str(item.entry.pk) for item in entries), digest_block],
            community=community,
            likes=likes,
            layout=layout,
            version=blocks_version,
        )
    if blocks is None:
        # Every discussion is rendered: count what they show.
        comment_count = sum(thread.count for thread in threads().values())
    else:
        # Blocks may all come from the cache: count without reading the discussions.
        comment_count = discussion.visible_comments_of(digest=digest)
    return render(
        request,
        "digest/digest_detail.html",
        {
            "digest": digest,
            "entries": entries,
            "entry_discussions": [
                (item, SimpleLazyObject(partial(entry_discussion, item.entry))) for item in entries
            ],
            # A quoted sentence goes on the post's own form: on this page the entries' forms
            # are folded away.
            "discussion": SimpleLazyObject(
                lambda: Discussion(
                    thread=threads().get(None) or empty_thread(digest, None), quote=quote
                )
            ),
            "digest_block": digest_block,
            "comment_count": comment_count,
            "likes": likes,
            "community": community,
            "layout": layout,
            "text_version": version,
            "blocks": blocks,
        },
    )


def entry_detail(request, slug: str, position: int):
    """One entry and its discussion; `?quote=<segment id>` puts that sentence on its form."""
    view = selectors.entry_for_reader(slug=slug, position=position, viewer=request.user)
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
            "standalone": True,
            "neighbours": selectors.entry_neighbours(entry=view.entry),
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
    view = selectors.entry_for_reader(slug=slug, position=position, viewer=request.user)
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
    view = selectors.entry_for_reader(slug=slug, position=position, viewer=request.user)
    entry = view.entry
    revision = selectors.revision_get(entry=entry, number=number)
    fields = selectors.fields_for_revisions([revision.pk]).get(revision.pk, {})
    old_view = selectors.EntryView(entry=entry, fields=fields)
    return render(
        request,
        "digest/revision_detail.html",
        {"digest": entry.digest, "item": old_view, "revision": revision},
    )

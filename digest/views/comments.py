"""Comments and likes on the reading pages: post, reply, edit, delete, preview, report, like.

Every view checks the shape of the request with a form, calls one service or selector, and
renders. The same URL answers plain form posts (a redirect back to the page, with a message,
so nothing needs JavaScript) and htmx requests: comment writes answer with the discussion
re-rendered in place, likes with their button. Refusals come from the services as domain
errors; `core.views.failed` turns them into a message, retargeted for htmx to the message
area next to the form that was used.
"""

from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.permissions import can_write, is_member, suspension_in_force
from accounts.services import moment_text
from core.errors import DomainError, InvalidInput, NotAllowed
from core.forms import form_error_message
from core.sanitize import render_markdown
from core.views import done, failed, safe_next

from .. import selectors
from ..forms import (
    CommentEditForm,
    CommentForm,
    CommentPreviewForm,
    LikeForm,
    ReportForm,
)
from ..models import Comment, CommentReport, Digest, Entry
from ..selectors import comments as discussion
from ..services import comments as comment_services
from ..services.likes import like_set
from ..services.moderation import MAX_NOTE_LENGTH, report_create

THREAD_FRAGMENT = "digest/partials/comments/thread.html"
# Where refusals of likes and other small actions are shown on a reading page: one live
# region that every like button shares (see the reading templates).
PAGE_MESSAGES = "#community-messages"


# --- what every page with comments needs ----------------------------------------------------


@dataclass
class Community:
    """What the viewer may do in the discussions of one page, and where forms return to."""

    signed_in: bool
    can_write: bool
    needs_verification: bool
    suspended: bool
    suspended_until: str  # "" for an indefinite suspension
    page_url: str  # the reading page the forms return to, without a fragment
    on_entry_page: bool
    login_url: str
    max_length: int
    edit_hours: int
    report_reasons: list[tuple[str, str]]
    report_note_length: int


def community_for(
    request, *, page_url: str, entry_url: str | None = None, login_next: str | None = None
) -> Community:
    """The viewer's standing in the page's discussions (a fixed number of queries, cached on
    the user for the rest of the request). `login_next` is where signing in leads back to
    (the reading page with its `?quote=`, say); the page itself by default."""
    user = request.user
    suspension = suspension_in_force(user) if user.is_authenticated else None
    path = urlsplit(page_url).path
    return Community(
        signed_in=user.is_authenticated,
        can_write=can_write(user),
        needs_verification=user.is_authenticated and not is_member(user),
        suspended=suspension is not None,
        suspended_until=moment_text(suspension.ends_at)
        if suspension and suspension.ends_at
        else "",
        page_url=page_url,
        on_entry_page=entry_url is not None and path == entry_url,
        login_url=_login_url(login_next or page_url),
        max_length=comment_services.comment_max_length(),
        edit_hours=settings.GYOJEONG_COMMENTS["EDIT_WINDOW_HOURS"],
        report_reasons=list(CommentReport.Reason.choices),
        report_note_length=MAX_NOTE_LENGTH,
    )


def page_url_of(request) -> str:
    """The address of the reading page itself: its path and layout, without `quote`."""
    layout = request.GET.get("layout")
    if layout == "parallel":
        return f"{request.path}?{urlencode({'layout': layout})}"
    return request.path


@dataclass
class Quote:
    """The sentence a reader asked to quote (`?quote=<segment id>`), as the page shows it."""

    segment_id: int
    text: str
    entry: Entry


def quote_from_request(request, items) -> Quote | None:
    """The requested sentence, if it is one of the current sentences of the page's entries.

    The page has already read every sentence, so this costs no query; anything else (a
    retired sentence, another digest's, not a number) is ignored and the form has no quote.
    """
    raw = request.GET.get("quote", "")
    if not raw.isdigit():
        return None
    wanted = int(raw)
    for item in items:
        for field in item.ordered_fields:
            for segment in field.segments:
                if segment.id == wanted:
                    return Quote(segment_id=segment.id, text=segment.target, entry=item.entry)
    return None


def empty_thread(digest: Digest, entry: Entry | None) -> discussion.Thread:
    return discussion.Thread(digest=digest, entry=entry)


@dataclass
class Discussion:
    """A thread as one block of a page shows it: with its form's address and anchors."""

    thread: discussion.Thread
    # An entry's discussion on the digest page: its form is folded away under the entry.
    compact: bool = False
    quote: Quote | None = None
    notice: str = ""
    focus: int | None = None  # the comment to move focus to after an htmx swap
    open: bool = False  # a long thread shown unfolded (after a write in it)

    @property
    def entry(self) -> Entry | None:
        return self.thread.entry

    @property
    def anchor(self) -> str:
        return self.thread.anchor

    @property
    def form_id(self) -> str:
        return f"comment-form-entry-{self.entry.position}" if self.entry else "comment-form"

    @property
    def post_url(self) -> str:
        slug = self.thread.digest.slug
        if self.entry:
            return reverse("digest:entry_comments", args=[slug, self.entry.position])
        return reverse("digest:digest_comments", args=[slug])


# --- helpers -------------------------------------------------------------------------------


def _login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?{urlencode({'next': next_url})}"


def _to_sign_in(request) -> HttpResponse:
    """Send a visitor to sign in, then back to the page they were reading."""
    back = safe_next(request, reverse("digest:home"))
    if request.htmx:
        return HttpResponseClientRedirect(_login_url(back))
    return redirect_to_login(back)


def _sign_in_required(view):
    """Visitors are sent to sign in and brought back to the page they were reading.

    Only being signed in is checked here; whether the person may write (a verified address,
    no suspension, their own comment…) is the service's decision.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _to_sign_in(request)
        return view(request, *args, **kwargs)

    return wrapper


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _back(request, default: str, anchor: str = "") -> str:
    """The page the form came from (or `default`), pointed at `anchor`."""
    url = _without_fragment(safe_next(request, _without_fragment(default)))
    return f"{url}#{anchor}" if anchor else url


def _refused(request, error: DomainError, url: str, messages_id: str) -> HttpResponse:
    """`core.views.failed`, with htmx answers shown in the message area of the form used."""
    response = failed(request, error, url)
    if request.htmx:
        response["HX-Retarget"] = messages_id
    return response


def _entry_url(entry: Entry) -> str:
    return reverse("digest:entry", kwargs={"slug": entry.digest.slug, "position": entry.position})


def _discussion_url(digest: Digest, entry: Entry | None) -> str:
    return _entry_url(entry) if entry else digest.get_absolute_url()


def _thread_of(request, digest: Digest, entry: Entry | None) -> discussion.Thread:
    if entry is not None:
        return discussion.thread_for_entry(entry=entry, viewer=request.user)
    return discussion.thread_for_digest(digest=digest, viewer=request.user)


def _render_thread(
    request,
    *,
    digest: Digest,
    entry: Entry | None,
    notice: str = "",
    focus: int | None = None,
    status: int = 200,
) -> HttpResponse:
    """The discussion of the digest (entry None) or of an entry, as an htmx fragment."""
    page_url = _without_fragment(safe_next(request, _discussion_url(digest, entry)))
    community = community_for(
        request, page_url=page_url, entry_url=_entry_url(entry) if entry else None
    )
    block = Discussion(
        thread=_thread_of(request, digest, entry),
        compact=entry is not None and not community.on_entry_page,
        notice=notice,
        focus=focus,
        open=bool(notice),
    )
    context = {"digest": digest, "discussion": block, "community": community}
    response = render(request, THREAD_FRAGMENT, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _written(request, comment: Comment, message: str, *, anchor: str | None = None) -> HttpResponse:
    """After a comment write: htmx gets the discussion again, forms a redirect to it."""
    if request.htmx:
        return _render_thread(
            request,
            digest=comment.digest,
            entry=comment.entry,
            notice=message,
            focus=comment.pk if anchor is None else None,
        )
    url = _back(
        request,
        _discussion_url(comment.digest, comment.entry),
        anchor or f"comment-{comment.pk}",
    )
    return done(request, url, message)


def _posted_message(comment: Comment) -> str:
    if comment.status == Comment.Status.HELD:
        return _(
            "Your comment is waiting for a moderator: links from new members are checked "
            "before everyone can read them."
        )
    return _("Your comment is posted.")


def _reader_digest(request, slug: str) -> Digest:
    return selectors.digest_get(slug=slug, viewer=request.user)


def _reader_entry(request, slug: str, position: int) -> Entry:
    return selectors.entry_get(slug=slug, position=position, viewer=request.user)


# --- the discussion of a digest or an entry -------------------------------------------------


def _post(request, *, digest: Digest, entry: Entry | None, form_id: str) -> HttpResponse:
    url = _back(request, _discussion_url(digest, entry), form_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, InvalidInput(form_error_message(form)), url, f"#{form_id}-messages"
        )
    try:
        comment = comment_services.comment_create(
            author=request.user,
            digest=digest,
            entry=entry,
            body=form.cleaned_data["body"],
            quote_segment=form.cleaned_data["quote"],
            honeypot=form.cleaned_data["website"],
        )
    except DomainError as error:
        return _refused(request, error, url, f"#{form_id}-messages")
    comment.digest = digest
    return _written(request, comment, _posted_message(comment))


@require_http_methods(["GET", "POST"])
def digest_comments(request, slug: str):
    """GET: the digest's own discussion (htmx fragment; a redirect to it otherwise).
    POST: a comment on the whole digest."""
    digest = _reader_digest(request, slug)
    if request.method == "GET":
        if request.htmx:
            return _render_thread(request, digest=digest, entry=None)
        return redirect(f"{digest.get_absolute_url()}#comments")
    if not request.user.is_authenticated:
        return _to_sign_in(request)
    return _post(request, digest=digest, entry=None, form_id="comment-form")


@require_http_methods(["GET", "POST"])
def entry_comments(request, slug: str, position: int):
    """GET: an entry's discussion (htmx fragment; a redirect to it otherwise).
    POST: a comment on the entry."""
    entry = _reader_entry(request, slug, position)
    if request.method == "GET":
        if request.htmx:
            return _render_thread(request, digest=entry.digest, entry=entry)
        return redirect(f"{_entry_url(entry)}#comments-entry-{entry.position}")
    if not request.user.is_authenticated:
        return _to_sign_in(request)
    return _post(
        request, digest=entry.digest, entry=entry, form_id=f"comment-form-entry-{entry.position}"
    )


@require_POST
@_sign_in_required
def comment_reply(request, comment_id: int):
    """A reply joins the thread of the comment it answers (the service finds the thread)."""
    parent = discussion.comment_get(comment_id=comment_id)
    form_id = f"reply-form-{parent.pk}"
    url = _back(request, parent.get_absolute_url(), f"comment-{parent.pk}")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, InvalidInput(form_error_message(form)), url, f"#{form_id}-messages"
        )
    try:
        comment = comment_services.comment_create(
            author=request.user,
            digest=parent.digest,
            entry=parent.entry,
            parent=parent,
            body=form.cleaned_data["body"],
            honeypot=form.cleaned_data["website"],
        )
    except DomainError as error:
        return _refused(request, error, url, f"#{form_id}-messages")
    comment.digest = parent.digest
    return _written(request, comment, _posted_message(comment))


@require_http_methods(["GET", "POST"])
@login_required
def comment_edit(request, comment_id: int):
    """GET: the edit form (a page, or for htmx the form in place of the comment's text).
    POST: save the new text."""
    comment = discussion.comment_get(comment_id=comment_id)
    form_id = f"edit-form-{comment.pk}"
    back = _back(request, comment.get_absolute_url(), f"comment-{comment.pk}")
    if request.method == "GET":
        if not discussion.comment_as_seen(comment, request.user).can_edit:
            return _refused(
                request, NotAllowed(_("This comment can no longer be edited.")), back, PAGE_MESSAGES
            )
        page_url = _without_fragment(safe_next(request, comment.get_absolute_url()))
        context = {
            "comment": comment,
            "form_id": form_id,
            "body": comment.body,
            "community": community_for(request, page_url=page_url),
            "thread_url": _thread_url(comment),
        }
        template = (
            "digest/partials/comments/edit_form.html"
            if request.htmx
            else "digest/comment_edit.html"
        )
        response = render(request, template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    form = CommentEditForm(request.POST)
    retry = reverse("digest:comment_edit", args=[comment.pk])
    if not form.is_valid():
        return _refused(
            request, InvalidInput(form_error_message(form)), retry, f"#{form_id}-messages"
        )
    try:
        comment = comment_services.comment_edit(
            comment=comment, author=request.user, body=form.cleaned_data["body"]
        )
    except DomainError as error:
        # Refused text is worth another try on the form; anything else ends the edit.
        url = retry if isinstance(error, InvalidInput) else back
        return _refused(request, error, url, f"#{form_id}-messages")
    if comment.status == Comment.Status.HELD:
        message = _posted_message(comment)
    else:
        message = _("Your comment is updated.")
    return _written(request, comment, message)


def _thread_url(comment: Comment) -> str:
    if comment.entry_id is not None:
        return reverse("digest:entry_comments", args=[comment.digest.slug, comment.entry.position])
    return reverse("digest:digest_comments", args=[comment.digest.slug])


@require_http_methods(["GET", "POST"])
@login_required
def comment_delete(request, comment_id: int):
    """GET: ask for confirmation (a page; for htmx, in place of the comment's buttons).
    POST: delete; readers then see "deleted" where it was if replies hang from it."""
    comment = discussion.comment_get(comment_id=comment_id)
    back = _back(request, comment.get_absolute_url(), f"comment-{comment.pk}")
    if request.method == "GET":
        if not discussion.comment_as_seen(comment, request.user).can_delete:
            return _refused(
                request, NotAllowed(_("You cannot delete this comment.")), back, PAGE_MESSAGES
            )
        page_url = _without_fragment(safe_next(request, comment.get_absolute_url()))
        context = {
            "comment": comment,
            "community": community_for(request, page_url=page_url),
            "thread_url": _thread_url(comment),
        }
        template = (
            "digest/partials/comments/delete_confirm.html"
            if request.htmx
            else "digest/comment_delete.html"
        )
        response = render(request, template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    try:
        comment = comment_services.comment_delete(comment=comment, author=request.user)
    except DomainError as error:
        return _refused(request, error, back, PAGE_MESSAGES)
    # The comment may be gone from the page now; point at its discussion instead.
    anchor = f"comments-entry-{comment.entry.position}" if comment.entry_id else "comments"
    return _written(request, comment, _("Your comment is deleted."), anchor=anchor)


@require_POST
@_sign_in_required
def comment_report(request, comment_id: int):
    comment = discussion.comment_get(comment_id=comment_id)
    form_id = f"report-form-{comment.pk}"
    back = _back(request, comment.get_absolute_url(), f"comment-{comment.pk}")
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, InvalidInput(form_error_message(form)), back, f"#{form_id}-messages"
        )
    try:
        comment = report_create(
            comment=comment,
            reporter=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        return _refused(request, error, back, f"#{form_id}-messages")
    return _written(
        request,
        comment,
        _("Thank you: moderators will look at the comment you reported."),
        anchor=f"comment-{comment.pk}",
    )


@require_POST
@_sign_in_required
def comment_preview(request):
    """The sanitised HTML a comment's Markdown becomes, exactly as it would be stored.

    Signed-in people only: only they can comment, and rendering is not free.
    """
    form = CommentPreviewForm(request.POST)
    context = {"html": "", "error": ""}
    if form.is_valid():
        context["html"] = render_markdown(form.cleaned_data["body"] or "")
    else:
        context["error"] = form_error_message(form)
    return render(request, "digest/partials/comments/preview.html", context)


# --- likes ---------------------------------------------------------------------------------


@dataclass
class LikeButton:
    """One like button as an htmx answer swaps it in, by its id."""

    dom_id: str
    url: str
    liked: bool
    count: int
    big: bool = False


def _like(
    request, *, target, buttons: list[tuple[str, bool]], url: str, default_back: str, anchor: str
):
    """`buttons`: the ids of the target's buttons on the page, and whether each is the big one."""
    back = _back(request, default_back, anchor)
    form = LikeForm(request.POST)
    if not form.is_valid():
        return _refused(request, InvalidInput(form_error_message(form)), back, PAGE_MESSAGES)
    try:
        liked, count = like_set(user=request.user, target=target, liked=form.cleaned_data["liked"])
    except DomainError as error:
        return _refused(request, error, back, PAGE_MESSAGES)
    if not request.htmx:
        return redirect(back)
    context = {
        "buttons": [
            LikeButton(dom_id=dom_id, url=url, liked=liked, count=count, big=big)
            for dom_id, big in buttons
        ],
        "community": community_for(request, page_url=_without_fragment(back)),
    }
    response = render(request, "digest/partials/comments/like_swap.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@_sign_in_required
def digest_like(request, slug: str):
    digest = _reader_digest(request, slug)
    return _like(
        request,
        target=digest,
        # The digest's button is on its page twice: in the header and at the end.
        buttons=[("digest-like-top", False), ("digest-like-end", True)],
        url=reverse("digest:digest_like", args=[digest.slug]),
        default_back=digest.get_absolute_url(),
        anchor="digest-like-end",
    )


@require_POST
@_sign_in_required
def entry_like(request, slug: str, position: int):
    entry = _reader_entry(request, slug, position)
    return _like(
        request,
        target=entry,
        buttons=[(f"entry-like-{entry.position}", False)],
        url=reverse("digest:entry_like", args=[slug, entry.position]),
        default_back=_entry_url(entry),
        anchor=f"entry-like-{entry.position}",
    )


@require_POST
@_sign_in_required
def comment_like(request, comment_id: int):
    comment = discussion.comment_get(comment_id=comment_id)
    return _like(
        request,
        target=comment,
        buttons=[(f"comment-like-{comment.pk}", False)],
        url=reverse("digest:comment_like", args=[comment.pk]),
        default_back=comment.get_absolute_url(),
        anchor=f"comment-{comment.pk}",
    )

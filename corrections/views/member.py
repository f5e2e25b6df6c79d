"""What members and visitors do with one sentence: read its correction panel, flag it, suggest
a correction, vote, and follow their own contributions and notifications.

Every view parses and checks the shape of the request with a form, calls one service or
selector, and renders. The same URL serves the full page (plain forms that redirect back with
a message, so nothing needs JavaScript) and, for htmx requests, the panel fragment that the
reading page swaps into `#correction-panel`.
"""

import re
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import is_moderator
from accounts.services import notifications_mark_read
from core.errors import DomainError, InvalidInput
from core.forms import form_error_message
from core.views import done, failed
from digest.diffing import DiffOp, diff_texts, stored_diffs
from digest.models import Comment
from digest.selectors.comments import comment_get, comments_by_member, comments_quoting
from digest.text import normalize_text

from .. import permissions, selectors
from ..forms import (
    MemberFlagForm,
    MemberSuggestionEditForm,
    MemberSuggestionForm,
    MemberVoteForm,
    SuggestionPreviewForm,
)
from ..models import MAX_NOTE_LENGTH, MAX_TEXT_LENGTH, Flag, Suggestion
from ..quality import suggestion_findings
from ..services import flags as flag_services
from ..services import suggestions as suggestion_services
from ..services.votes import vote_cast

PANEL_FRAGMENT = "corrections/partials/panel.html"
SEGMENT_PAGE = "corrections/segment.html"
CONTRIBUTIONS_PER_PAGE = 20
SUGGESTIONS_PER_PAGE = 10
COMMENTS_PER_PAGE = 20
NOTIFICATIONS_PER_PAGE = 20
# How much of a comment's text a suggestion started from it carries in its note.
FROM_COMMENT_EXCERPT = 300
# Comment ids are positive whole numbers that the database can hold; anything else in
# `?from_comment=` is ignored.
MAX_ID_DIGITS = 18


# --- what the panel shows ------------------------------------------------------------------


@dataclass
class SuggestionRow:
    suggestion: Suggestion
    ops: list[DiffOp]  # base text → suggested text
    rebased_ops: list[DiffOp] | None  # the sentence now → the rebased text, when outdated
    my_vote: int
    mine: bool
    can_vote: bool
    editing: bool

    @property
    def score(self) -> str:
        value = self.suggestion.score
        return f"+{value}" if value > 0 else str(value)


@dataclass
class FlagRow:
    flag: Flag
    # The flagged words inside the current text as (before, marked, after), when known.
    span: tuple[str, str, str] | None


SPAN_CONTEXT = 16  # characters shown on each side of flagged words


def _span_parts(flag: Flag, text: str, revision_id: int) -> tuple[str, str, str] | None:
    """The flagged words with a little of the sentence around them, when they still apply."""
    start, end = flag.span_start, flag.span_end
    if start is None or end is None or flag.revision_id != revision_id or end > len(text):
        return None
    before = text[max(start - SPAN_CONTEXT, 0) : start]
    after = text[end : end + SPAN_CONTEXT]
    if start > SPAN_CONTEXT:
        before = "…" + before
    if end + SPAN_CONTEXT < len(text):
        after = after + "…"
    return before, text[start:end], after


def _segment_url(segment_id: int) -> str:
    return reverse("corrections:segment", args=[segment_id])


def _panel_url(segment_id: int, *, page: str = "", focus: int | None = None) -> str:
    """The sentence page at a page of its suggestions, or at the one that holds `focus`."""
    url = _segment_url(segment_id)
    if focus is not None:
        return f"{url}?{urlencode({'suggestion': focus})}#suggestion-{focus}"
    number = _id_param(page)
    return f"{url}?{urlencode({'page': number})}" if number and number > 1 else url


def _id_param(raw: str) -> int | None:
    """A positive whole number that the database can hold, from a query parameter."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_ID_DIGITS:
        return None
    return int(raw)


def _requested_page(request) -> str:
    """The page of suggestions a request asks for: forms in the panel post the page they
    were on, so that what is shown after a write is where the reader was."""
    return request.POST.get("page") or request.GET.get("page") or ""


def _suggestions_page(request, panel: selectors.SegmentPanel, focus: int | None):
    """The page of the open suggestions to show: the one holding `focus` (the suggestion just
    written, voted on or being edited) if it is open, else the page asked for."""
    number = _requested_page(request)
    if focus is not None:
        for index, suggestion in enumerate(panel.suggestions):
            if suggestion.pk == focus:
                number = index // SUGGESTIONS_PER_PAGE + 1
                break
    return Paginator(panel.suggestions, SUGGESTIONS_PER_PAGE).get_page(number)


def _login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?{urlencode({'next': next_url})}"


def _rebased(suggestion: Suggestion) -> bool:
    return suggestion.status == Suggestion.Status.OUTDATED and bool(suggestion.rebased_text)


def _diff_pairs(suggestion: Suggestion, current_text: str) -> list[tuple[str, str]]:
    """What a suggestion's row compares: its base with its text, and, when it is outdated,
    the sentence now with the rebased text."""
    pairs = [(suggestion.base_text, suggestion.text)]
    if _rebased(suggestion):
        pairs.append((current_text, suggestion.rebased_text))
    return pairs


def _panel_context(
    request, panel: selectors.SegmentPanel, *, focus: int | None = None, **extra
) -> dict:
    user = request.user
    revision_id = panel.entry.current_revision_id
    editing = extra.pop("editing", None)
    suggestions = _suggestions_page(request, panel, editing or focus)
    # Every diff of the page in one query: stored when each suggestion was written, or on
    # the first view of one that was not (a bulk import, a rebase).
    diffs = stored_diffs(
        pair for suggestion in suggestions for pair in _diff_pairs(suggestion, panel.current_text)
    )
    rows = []
    for suggestion in suggestions:
        mine = user.is_authenticated and suggestion.author_id == user.pk
        rows.append(
            SuggestionRow(
                suggestion=suggestion,
                ops=diffs[suggestion.base_text, suggestion.text],
                rebased_ops=(
                    diffs[panel.current_text, suggestion.rebased_text]
                    if _rebased(suggestion)
                    else None
                ),
                my_vote=panel.my_votes.get(suggestion.pk, 0),
                mine=mine,
                can_vote=permissions.can_vote(user, suggestion),
                editing=mine and suggestion.pk == editing,
            )
        )
    mine = [s for s in panel.suggestions if user.is_authenticated and s.author_id == user.pk]
    member = permissions.can_contribute(user)
    editor = permissions.can_edit_directly(user)
    segment_url = _segment_url(panel.segment.pk)
    quoting = comments_quoting(segment_ids=[panel.segment.pk]) if editor else {}
    return {
        "panel": panel,
        "segment": panel.segment,
        "entry": panel.entry,
        "digest": panel.entry.digest,
        "rows": rows,
        "suggestions_page": suggestions,
        "flag_rows": [
            FlagRow(flag=flag, span=_span_parts(flag, panel.current_text, revision_id))
            for flag in panel.open_flags
        ],
        "my_flag_span": (
            _span_parts(panel.my_flag, panel.current_text, revision_id) if panel.my_flag else None
        ),
        "sentence_number": panel.segment.position + 1,
        "can_contribute": member,
        "needs_verification": user.is_authenticated and not member,
        "is_editor": editor,
        "quoting_comments": quoting.get(panel.segment.pk, []),
        "quote_url": (
            f"{panel.entry.get_absolute_url()}?{urlencode({'quote': panel.segment.pk})}"
            f"#comment-form-entry-{panel.entry.position}"
        ),
        "flag_reasons": Flag.Reason.choices,
        # Someone with an open suggestion here has said their piece: the form to suggest
        # another stays folded, and a flag one of them already answers is not offered again
        # (a second, identical suggestion would otherwise be one click away).
        "suggest_folded": bool(mine) and "from_comment" not in extra,
        "flag_answered": panel.my_flag is not None
        and any(s.flag_id == panel.my_flag.pk for s in mine),
        "segment_url": segment_url,
        "login_url": _login_url(segment_url),
        "max_text_length": MAX_TEXT_LENGTH,
        "max_note_length": MAX_NOTE_LENGTH,
        **extra,
    }


def _render_panel(request, segment_id: int, *, status: int = 200, **extra) -> HttpResponse:
    """The panel of one sentence: the fragment for htmx, the whole page otherwise."""
    panel = selectors.segment_panel(segment_id=segment_id, user=request.user)
    template = PANEL_FRAGMENT if request.htmx else SEGMENT_PAGE
    response = render(request, template, _panel_context(request, panel, **extra), status=status)
    # One URL answers with a page or a fragment; caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _written(
    request, segment_id: int, message: str, *, focus: int | None = None, **extra
) -> HttpResponse:
    """After a successful write: htmx gets the updated panel in place, forms a redirect;
    both show the suggestion written (`focus`), or the page of suggestions the form was on."""
    if request.htmx:
        return _render_panel(request, segment_id, notice=message, focus=focus, **extra)
    url = _panel_url(segment_id, page=_requested_page(request), focus=focus)
    return done(request, url, message)


def _refused(request, form, url: str) -> HttpResponse:
    """A badly shaped request: the form's errors as a message; nothing changes."""
    return failed(request, InvalidInput(form_error_message(form)), url)


def _back_url(request, kwargs) -> str:
    if "segment_id" in kwargs:
        return _segment_url(kwargs["segment_id"])
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("digest:home")


def _sign_in_required(view):
    """Anonymous writers are sent to sign in (forms) or refused with a 403 fragment (htmx).

    Being signed in is all this checks; whether the person may write (a verified address,
    their own suggestion…) is the service's decision.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        back = _back_url(request, kwargs)
        if not request.htmx:
            return redirect_to_login(back)
        response = HttpResponse(
            format_html(
                '<p class="message message--error" role="alert">{} <a href="{}">{}</a></p>',
                _("Sign in to flag sentences, suggest corrections and vote."),
                _login_url(back),
                _("Sign in"),
            ),
            status=403,
        )
        response["HX-Retarget"] = "#panel-messages"
        response["HX-Reswap"] = "innerHTML"
        return response

    return wrapper


# --- the panel -----------------------------------------------------------------------------


def _from_comment(request, segment_id: int) -> dict:
    """What the suggestion form starts from when it is opened from a comment that quotes this
    sentence (`?from_comment=<id>`). Anything else given there is ignored."""
    comment_id = _id_param(request.GET.get("from_comment", ""))
    if comment_id is None:
        return {}
    try:
        comment = comment_get(comment_id=comment_id)
    except Http404:
        return {}
    if not comment.is_visible or comment.quote_segment_id != segment_id:
        return {}
    body = " ".join(comment.body.split())
    if len(body) > FROM_COMMENT_EXCERPT:
        body = body[: FROM_COMMENT_EXCERPT - 1] + "…"
    note = _("From comment #%(number)d by %(name)s: %(excerpt)s") % {
        "number": comment.pk,
        "name": comment.author.public_name,
        "excerpt": body,
    }
    return {"from_comment": comment, "suggest_note": note[:MAX_NOTE_LENGTH]}


@require_GET
def segment_detail(request, segment_id: int):
    """The sentence and its panel, at `?page=` of its suggestions, or at the page that holds
    `?suggestion=` (where a write without JavaScript comes back to)."""
    focus = _id_param(request.GET.get("suggestion", ""))
    return _render_panel(request, segment_id, focus=focus, **_from_comment(request, segment_id))


def _typed_into(request) -> str:
    """The id of the text box the preview is for, so that a finding's "use this fix" button
    fills that box; only the panel's own text boxes are named (htmx sends the id)."""
    trigger = request.htmx.trigger if request.htmx else None
    return trigger if trigger and _TEXT_BOX_ID.fullmatch(trigger) else ""


# The direct edit page (review_segment_edit.html) previews through here too.
_TEXT_BOX_ID = re.compile(r"(?:suggestion|edit|segment)-text-\d+")


@require_POST
@_sign_in_required
def suggestion_preview(request, segment_id: int):
    """The character diff between the sentence now and the typed text, with check findings.

    Only for signed-in people: only they can suggest, and the checks are not free to run.
    """
    panel = selectors.segment_panel(segment_id=segment_id, user=request.user)
    form = SuggestionPreviewForm(request.POST)
    context = {
        "segment": panel.segment,
        "error": "",
        "ops": [],
        "findings": [],
        "fix_textarea": _typed_into(request),
    }
    if not form.is_valid():
        context["error"] = form_error_message(form)
        return render(request, "corrections/partials/preview.html", context)
    text = normalize_text(form.cleaned_data["text"])
    context["unchanged"] = text == panel.current_text
    if text and not context["unchanged"]:
        context["ops"] = diff_texts(panel.current_text, text)
        context["findings"] = suggestion_findings(segment=panel.segment, text=text)
    return render(request, "corrections/partials/preview.html", context)


# --- writes --------------------------------------------------------------------------------


@require_POST
@_sign_in_required
def flag_create(request, segment_id: int):
    segment = get_object_or_404(selectors.segments_visible_to(request.user), pk=segment_id)
    form = MemberFlagForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, _segment_url(segment_id))
    try:
        flag_services.flag_create(
            segment=segment,
            author=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            span=form.cleaned_data["span"],
        )
    except DomainError as error:
        return failed(request, error, _segment_url(segment_id))
    return _written(request, segment_id, _("Thank you: the sentence is flagged for editors."))


@require_POST
@_sign_in_required
def flag_withdraw(request, flag_id: int):
    flag = get_object_or_404(
        selectors.work_visible_to(Flag.objects.all(), request.user), pk=flag_id
    )
    try:
        flag_services.flag_withdraw(flag=flag, user=request.user)
    except DomainError as error:
        return failed(request, error, _segment_url(flag.segment_id))
    return _written(request, flag.segment_id, _("Your flag is withdrawn."))


@require_POST
@_sign_in_required
def suggestion_create(request, segment_id: int):
    segment = get_object_or_404(selectors.segments_visible_to(request.user), pk=segment_id)
    form = MemberSuggestionForm(request.POST, segment_id=segment_id)
    if not form.is_valid():
        return _refused(request, form, _segment_url(segment_id))
    try:
        suggestion = suggestion_services.suggestion_create(
            segment=segment,
            author=request.user,
            text=form.cleaned_data["text"],
            note=form.cleaned_data["note"],
            flag=form.cleaned_data["flag"],
        )
    except DomainError as error:
        return failed(request, error, _segment_url(segment_id))
    return _written(
        request,
        segment_id,
        _("Thank you: your suggestion is waiting for an editor's review."),
        focus=suggestion.pk,
        sent=suggestion,
    )


@require_POST
@_sign_in_required
def vote(request, suggestion_id: int):
    suggestion = get_object_or_404(
        selectors.work_visible_to(Suggestion.objects.all(), request.user), pk=suggestion_id
    )
    url = _segment_url(suggestion.segment_id)
    form = MemberVoteForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, url)
    try:
        cast = vote_cast(
            suggestion=suggestion, voter=request.user, value=form.cleaned_data["value"]
        )
    except DomainError as error:
        return failed(request, error, url)
    message = (
        _("Your vote on suggestion #%(number)d is recorded.")
        if cast
        else _("Your vote on suggestion #%(number)d is taken back.")
    ) % {"number": suggestion.pk}
    return _written(request, suggestion.segment_id, message, focus=suggestion.pk)


@require_http_methods(["GET", "POST"])
@_sign_in_required
def suggestion_edit(request, suggestion_id: int):
    """The author rewrites a pending suggestion: the panel with an edit form in its place."""
    suggestion = get_object_or_404(
        selectors.work_visible_to(Suggestion.objects.all(), request.user), pk=suggestion_id
    )
    edit_url = reverse("corrections:suggestion_edit", args=[suggestion_id])
    if request.method == "GET":
        if suggestion.author_id != request.user.pk:
            raise PermissionDenied(_("Only its author can change a suggestion."))
        if suggestion.status != Suggestion.Status.PENDING:
            # The form could only fail; show the sentence and say why there is no form.
            return _render_panel(
                request,
                suggestion.segment_id,
                notice=_("Only a pending suggestion can be changed."),
            )
        form = MemberSuggestionEditForm(initial={"text": suggestion.text, "note": suggestion.note})
        return _render_panel(request, suggestion.segment_id, editing=suggestion.pk, edit_form=form)
    form = MemberSuggestionEditForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, edit_url)
    try:
        suggestion_services.suggestion_update(
            suggestion=suggestion,
            author=request.user,
            text=form.cleaned_data["text"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        # Text that was refused is worth another try on the form; anything else (not the
        # author, no longer pending) ends the edit, so go back to the sentence.
        retry = isinstance(error, InvalidInput)
        return failed(request, error, edit_url if retry else _segment_url(suggestion.segment_id))
    return _written(
        request, suggestion.segment_id, _("Your suggestion is updated."), focus=suggestion.pk
    )


@require_POST
@_sign_in_required
def suggestion_withdraw(request, suggestion_id: int):
    suggestion = get_object_or_404(
        selectors.work_visible_to(Suggestion.objects.all(), request.user), pk=suggestion_id
    )
    try:
        suggestion_services.suggestion_withdraw(suggestion=suggestion, author=request.user)
    except DomainError as error:
        return failed(request, error, _segment_url(suggestion.segment_id))
    return _written(request, suggestion.segment_id, _("Your suggestion is withdrawn."))


# --- people --------------------------------------------------------------------------------


@dataclass
class ContributionRow:
    suggestion: Suggestion
    ops: list[DiffOp]


@require_GET
def contributions(request, user_id: int):
    person = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    suggestions = selectors.contributions(user=person, viewer=request.user)
    page = Paginator(suggestions, CONTRIBUTIONS_PER_PAGE).get_page(request.GET.get("page"))
    diffs = stored_diffs((s.base_text, s.text) for s in page)
    rows = [ContributionRow(s, diffs[s.base_text, s.text]) for s in page]
    comments: Paginator[Comment] = Paginator(
        comments_by_member(member=person, viewer=request.user), COMMENTS_PER_PAGE
    )
    return render(
        request,
        "corrections/contributions.html",
        {
            "person": person,
            "page": page,
            "rows": rows,
            "comments_page": comments.get_page(request.GET.get("comments_page")),
            "stats": selectors.contribution_stats(user=person, viewer=request.user),
            "is_me": request.user.is_authenticated and request.user.pk == person.pk,
            "viewer_moderates": is_moderator(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    url = reverse("corrections:notifications")
    if request.method == "POST":
        count = notifications_mark_read(user=request.user)
        message = ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        ) % {"count": count}
        return done(request, url, message)
    page = Paginator(
        request.user.notifications.order_by("-created_at", "-id"), NOTIFICATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "corrections/notifications.html", {"page": page})

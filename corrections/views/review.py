"""Editors' pages: the review queue, accepting and rejecting, batches, direct edits, reverts."""

from functools import cached_property, wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import is_editor
from accounts.second_factor import second_factor_redirect
from core.errors import DomainError, InvalidInput
from core.views import done, failed, safe_next
from digest.diffing import DiffOp, stored_diffs
from digest.models import Entry, Segment

from .. import selectors
from ..audit_text import audit_lines
from ..checks import Finding
from ..models import MAX_NOTE_LENGTH, MAX_TEXT_LENGTH, Flag, Suggestion
from ..quality import queue_findings, suggestion_findings
from ..review_forms import (
    AcceptForm,
    BatchPublishForm,
    QueueFilterForm,
    RejectForm,
    RevertForm,
    SegmentEditForm,
    VerifyForm,
)
from ..services import flags as flag_services
from ..services import segments as segment_services
from ..services import verification as verification_services
from ..services.review import (
    SuggestionOutdated,
    suggestion_accept,
    suggestion_reject,
    suggestions_publish,
)
from ..services.revisions import revision_revert
from ..translation import backtranslation

SKIPPED_SESSION_KEY = "review_skipped"
QUEUE_PAGE_SIZE = 20
# How much of an entry's title the success messages quote.
TITLE_IN_MESSAGES = 40


def editor_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_editor(request.user):
            raise PermissionDenied(_("Only editors can do this."))
        if (setup := second_factor_redirect(request)) is not None:
            return setup
        return view(request, *args, **kwargs)

    return wrapper


def _queue_url(request) -> str:
    return safe_next(request, reverse("corrections:review_queue"))


def _entry_name(entry: Entry) -> str:
    """How a success message names an entry: its number and (shortened) title."""
    return _("entry %(position)d “%(title)s”") % {
        "position": entry.position,
        "title": Truncator(selectors.entry_title(entry=entry)).chars(TITLE_IN_MESSAGES),
    }


def _sentence_name(segment: Segment) -> str:
    """How a success message names a sentence, so the editor knows which one changed."""
    label = selectors.segment_label(segment=segment)
    return _("entry %(position)d “%(title)s”, %(field)s sentence %(sentence)d") % {
        "position": label.position,
        "title": Truncator(label.title).chars(TITLE_IN_MESSAGES),
        "field": label.field,
        "sentence": label.sentence,
    }


def _diff_pairs(suggestion: Suggestion) -> list[tuple[str, str]]:
    """The texts `_attach_diffs` compares, as (before, after) pairs."""
    current = suggestion.current_text or ""
    pairs = [(suggestion.base_text, suggestion.text), (suggestion.base_text, current)]
    if suggestion.rebased_text:
        pairs.append((current, suggestion.rebased_text))
    return pairs


def _attach_diffs(
    suggestion: Suggestion,
    findings: list[Finding] | None = None,
    diffs: dict[tuple[str, str], list[DiffOp]] | None = None,
) -> Suggestion:
    """What an editor compares: the member's change, how the sentence moved since, and what
    the automatic checks say about the suggested text. `findings` and `diffs` (the stored
    diffs of `_diff_pairs`) are read for a whole page at once."""
    if diffs is None:
        diffs = stored_diffs(_diff_pairs(suggestion))
    suggestion.diff_suggested = diffs[suggestion.base_text, suggestion.text]
    suggestion.is_stale = suggestion.current_text != suggestion.base_text
    if suggestion.is_stale:
        suggestion.diff_current = diffs[suggestion.base_text, suggestion.current_text or ""]
    if suggestion.rebased_text:
        suggestion.diff_rebased = diffs[suggestion.current_text or "", suggestion.rebased_text]
    if findings is None:
        findings = suggestion_findings(segment=suggestion.segment, text=suggestion.text)
    suggestion.findings = findings
    return suggestion


class QueuePaginator(Paginator):
    """Pages of the review queue: the count is the one `review_queue_count` read (from the
    tallies, or bounded), and the pages end after QUEUE_COUNT_LIMIT suggestions, so no page
    reads deeper than that into the queue's index."""

    def __init__(self, object_list, per_page, *, queue_count: selectors.QueueCount):
        super().__init__(object_list, per_page)
        self.queue_count = queue_count

    @cached_property
    def count(self) -> int:
        return min(self.queue_count.number, selectors.QUEUE_COUNT_LIMIT)

    @property
    def truncated(self) -> bool:
        """Whether more suggestions match than the pages reach."""
        return not self.queue_count.exact or self.queue_count.number > self.count


@editor_required
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.filters(exclude=tuple(request.session.get(SKIPPED_SESSION_KEY, [])))
    paginator = QueuePaginator(
        selectors.with_verification_state(selectors.review_queue(filters)),
        QUEUE_PAGE_SIZE,
        queue_count=selectors.review_queue_count(filters),
    )
    page = paginator.get_page(request.GET.get("page"))
    findings = queue_findings(suggestions=page.object_list)
    diffs = stored_diffs(pair for s in page.object_list for pair in _diff_pairs(s))
    for suggestion in page.object_list:
        _attach_diffs(suggestion, findings[suggestion.pk], diffs)
    selectors.attach_quoting_comments(page.object_list)
    by_entry: dict[int, list[Suggestion]] = {}
    for suggestion in page.object_list:
        by_entry.setdefault(suggestion.segment.entry_id, []).append(suggestion)
    return render(
        request,
        "corrections/review_queue.html",
        {
            "form": form,
            "page": page,
            "queue_count": paginator.queue_count,
            "groups": list(by_entry.values()),
            "reject_form": RejectForm(),
            "skipped": len(request.session.get(SKIPPED_SESSION_KEY, [])),
            "query": request.GET.urlencode(),
            "max_note_length": MAX_NOTE_LENGTH,
            "back_translation": backtranslation.available(),
        },
    )


@editor_required
def suggestion_detail(request, suggestion_id: int):
    suggestion = _attach_diffs(
        get_object_or_404(
            selectors.with_verification_state(selectors.review_queue_any()), pk=suggestion_id
        )
    )
    selectors.attach_quoting_comments([suggestion])
    flags = Flag.objects.filter(segment=suggestion.segment, status=Flag.Status.OPEN).select_related(
        "author"
    )
    return render(
        request,
        "corrections/review_suggestion.html",
        {
            "suggestion": suggestion,
            "flags": flags,
            "accept_form": AcceptForm(initial={"text": suggestion.rebased_text or suggestion.text}),
            "reject_form": RejectForm(),
            "max_note_length": MAX_NOTE_LENGTH,
            "back_translation": backtranslation.available(),
        },
    )


@editor_required
def back_translation(request, suggestion_id: int):
    """The English of a suggestion's text and of the sentence's current text, so that an
    editor can compare their meaning with the source. Pages load it after they show (htmx);
    without JavaScript their link opens it as a page of its own."""
    if not backtranslation.available():
        raise Http404("No translation backend is configured.")
    suggestion = selectors.suggestion_for_review(suggestion_id=suggestion_id)
    # The current text is compared only where there is one and it differs.
    current_shown = suggestion.current_text not in (None, suggestion.text)
    texts = [suggestion.text, *([suggestion.current_text] if current_shown else [])]
    english = backtranslation.back_translations(texts)
    context = {
        "suggestion": suggestion,
        "suggested_english": english[suggestion.text],
        "current_shown": current_shown,
        "current_english": english[suggestion.current_text] if current_shown else None,
    }
    if request.htmx:
        return render(request, "corrections/partials/back_translation.html", context)
    return render(request, "corrections/review_back_translation.html", context)


@require_POST
@editor_required
def accept(request, suggestion_id: int):
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("segment__entry"), pk=suggestion_id
    )
    form = AcceptForm(request.POST)
    back = _queue_url(request)
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect(back)
    try:
        revision = suggestion_accept(
            suggestion=suggestion,
            editor=request.user,
            text=form.cleaned_data["text"] or None,
            summary=form.cleaned_data["summary"],
            expected_text=form.cleaned_data["expected_text"] or None,
        )
    except SuggestionOutdated as error:
        messages.warning(request, str(error))
        return redirect("corrections:review_suggestion", suggestion_id=suggestion.pk)
    except DomainError as error:
        return failed(request, error, back)
    return done(
        request,
        back,
        _("Accepted suggestion #%(number)d as revision %(revision)d — %(target)s.")
        % {
            "number": suggestion.pk,
            "revision": revision.number,
            "target": _sentence_name(suggestion.segment),
        },
    )


@require_POST
@editor_required
def reject(request, suggestion_id: int):
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("segment__entry"), pk=suggestion_id
    )
    form = RejectForm(request.POST)
    back = _queue_url(request)
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect(back)
    try:
        suggestion_reject(
            suggestion=suggestion,
            editor=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        return failed(request, error, back)
    return done(
        request,
        back,
        _("Rejected suggestion #%(number)d and told the author why — %(target)s.")
        % {"number": suggestion.pk, "target": _sentence_name(suggestion.segment)},
    )


@require_POST
@editor_required
def skip(request, suggestion_id: int):
    """Set a suggestion aside for this session; it stays pending for other editors.

    Posting `reset` brings every skipped suggestion back into the queue.
    """
    if request.POST.get("reset"):
        request.session[SKIPPED_SESSION_KEY] = []
        return done(request, _queue_url(request))
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("segment__entry"), pk=suggestion_id
    )
    skipped = request.session.get(SKIPPED_SESSION_KEY, [])
    if suggestion_id not in skipped:
        request.session[SKIPPED_SESSION_KEY] = [*skipped, suggestion_id]
    return done(
        request,
        _queue_url(request),
        _("Skipped suggestion #%(number)d for this session — %(target)s.")
        % {"number": suggestion.pk, "target": _sentence_name(suggestion.segment)},
    )


@require_POST
@editor_required
def batch_publish(request, entry_id: int):
    entry = get_object_or_404(Entry, pk=entry_id)
    form = BatchPublishForm(request.POST)
    back = _queue_url(request)
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect(back)
    try:
        result = suggestions_publish(
            entry=entry,
            suggestion_ids=form.cleaned_data["suggestions"],
            editor=request.user,
            summary=form.cleaned_data["summary"],
        )
    except DomainError as error:
        return failed(request, error, back)
    if result.outdated:
        messages.warning(
            request,
            _("%(count)d suggestion(s) were left out because their sentence changed meanwhile.")
            % {"count": len(result.outdated)},
        )
    return done(
        request,
        back,
        _("Published %(count)d suggestion(s) as revision %(number)d of %(target)s.")
        % {
            "count": len(result.accepted),
            "number": result.revision.number,
            "target": _entry_name(entry),
        },
    )


@editor_required
def segment_edit(request, segment_id: int):
    segment = get_object_or_404(
        Segment.objects.select_related("entry__digest", "entry__current_revision"),
        pk=segment_id,
        retired_in__isnull=True,
    )
    current = segment_services.current_text(segment)
    # Cancel (and a saved edit) go back to where the editor came from: the page that linked
    # here with `next`, else the sentence on its reading page.
    back = safe_next(request, f"{segment.entry.get_absolute_url()}#seg-{segment.pk}")
    form = SegmentEditForm(request.POST or None, initial={"text": current})
    if request.method == "POST" and form.is_valid():
        try:
            revision = segment_services.segment_edit(
                segment=segment,
                editor=request.user,
                text=form.cleaned_data["text"],
                summary=form.cleaned_data["summary"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            return done(
                request,
                back,
                # The sentence first, then the message the other edits of a revision use.
                _("%(target)s: %(done)s")
                % {
                    "target": _sentence_name(segment),
                    "done": _("Saved as revision %(number)d.") % {"number": revision.number},
                },
            )
    return render(
        request,
        "corrections/review_segment_edit.html",
        {
            "segment": segment,
            "current": current,
            "form": form,
            "back": back,
            "max_text_length": MAX_TEXT_LENGTH,
        },
    )


@require_POST
@editor_required
def revert(request, entry_id: int):
    entry = get_object_or_404(Entry.objects.select_related("digest"), pk=entry_id)
    history = reverse("digest:history", args=[entry.digest.slug, entry.position])
    form = RevertForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect(history)
    try:
        revision = revision_revert(
            entry=entry,
            editor=request.user,
            to_number=form.cleaned_data["to"],
            summary=form.cleaned_data["summary"],
        )
    except DomainError as error:
        return failed(request, error, history)
    return done(
        request,
        history,
        _("Revision %(number)d of %(target)s restores the text of revision %(old)d.")
        % {
            "number": revision.number,
            "old": form.cleaned_data["to"],
            "target": _entry_name(entry),
        },
    )


@require_POST
@editor_required
def flag_dismiss(request, flag_id: int):
    flag = get_object_or_404(Flag.objects.select_related("segment__entry"), pk=flag_id)
    back = safe_next(request, reverse("corrections:segment", args=[flag.segment_id]))
    try:
        flag_services.flag_dismiss(
            flag=flag, editor=request.user, note=request.POST.get("note", "")
        )
    except DomainError as error:
        return failed(request, error, back)
    return done(
        request,
        back,
        _("Dismissed the flag on %(target)s.") % {"target": _sentence_name(flag.segment)},
    )


@require_POST
@editor_required
def verify(request, entry_id: int):
    """Confirm the current text of a sentence, a field or the whole entry."""
    entry = get_object_or_404(Entry.objects.select_related("digest"), pk=entry_id)
    form = VerifyForm(request.POST)
    back = safe_next(request, entry.get_absolute_url())
    if not form.is_valid():
        return failed(request, InvalidInput(form.error_text()), back)
    segment_id, field_name = form.cleaned_data["segment"], form.cleaned_data["field"] or None
    if segment_id:
        segments = [get_object_or_404(entry.segments, pk=segment_id)]
        target = _sentence_name(segments[0])
    else:
        segments = verification_services.entry_segments(entry=entry, field_name=field_name)
        target = _entry_name(entry)
    try:
        result = verification_services.segments_verify(
            segments=segments, editor=request.user, note=form.cleaned_data["note"]
        )
    except DomainError as error:
        return failed(request, error, back)
    if not result.verified:
        message = _("The current text of %(target)s was already confirmed.") % {"target": target}
    else:
        message = ngettext(
            "Confirmed %(count)d sentence of %(target)s.",
            "Confirmed %(count)d sentences of %(target)s.",
            len(result.verified),
        ) % {"count": len(result.verified), "target": target}
    return done(request, back, message)


@editor_required
def audit_log(request):
    page = Paginator(selectors.audit_log(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "corrections/review_audit.html",
        {"page": page, "lines": audit_lines(page.object_list)},
    )

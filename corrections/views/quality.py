"""The glossary and the editors' list of sentences that need attention."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import is_editor
from core.errors import DomainError

from .. import glossary, selectors
from ..candidate_forms import CandidateAcceptForm, CandidateDismissForm
from ..glossary_forms import ProposalForm, TermForm
from ..models import GlossaryCandidate, GlossaryTerm
from ..services import glossary_candidates
from .review import editor_required


def glossary_list(request):
    """Everyone reads the approved glossary; editors also see proposals and edit terms."""
    query = request.GET.get("q", "").strip()
    terms = GlossaryTerm.objects.filter(status=GlossaryTerm.Status.APPROVED)
    if query:
        terms = terms.filter(Q(source__icontains=query) | Q(note__icontains=query))
    page = Paginator(terms, 50).get_page(request.GET.get("page"))
    editor = is_editor(request.user)
    proposals = (
        GlossaryTerm.objects.filter(status=GlossaryTerm.Status.PROPOSED).select_related(
            "proposed_by"
        )
        if editor
        else GlossaryTerm.objects.none()
    )
    candidates = glossary_candidates.candidates_page() if editor else None
    for candidate in candidates.open if candidates else []:
        candidate.accept_form = CandidateAcceptForm(candidate=candidate)
        candidate.dismiss_form = CandidateDismissForm(candidate=candidate)
    return render(
        request,
        "corrections/glossary.html",
        {
            "page": page,
            "query": query,
            "proposals": proposals,
            "candidates": candidates,
            "term_form": TermForm() if editor else None,
            "proposal_form": ProposalForm(),
        },
    )


@editor_required
def term_edit(request, term_id: int | None = None):
    term = get_object_or_404(GlossaryTerm, pk=term_id) if term_id else GlossaryTerm()
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        try:
            glossary.term_save(term=form.instance, editor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved “%(term)s”.") % {"term": form.instance.source})
            return redirect("corrections:glossary")
    return render(request, "corrections/glossary_term.html", {"form": form, "term": term})


@require_POST
def term_propose(request):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("corrections:glossary"))
    form = ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Check the proposal: %(errors)s") % {"errors": form.errors.as_text()}
        )
        return redirect("corrections:glossary")
    try:
        glossary.term_propose(author=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you: an editor will review the proposed term."))
    return redirect("corrections:glossary")


@require_POST
@editor_required
def term_decide(request, term_id: int):
    term = get_object_or_404(GlossaryTerm, pk=term_id)
    approve = request.POST.get("approve") == "1"
    try:
        glossary.term_decide(term=term, editor=request.user, approve=approve)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        done = _("Approved the term “%(term)s”.") if approve else _("Declined the term “%(term)s”.")
        messages.success(request, done % {"term": term.source})
    return redirect("corrections:glossary")


def _candidates_url(anchor: str = "candidates") -> str:
    return f"{reverse('corrections:glossary')}#{anchor}"


@require_POST
@editor_required
def candidate_accept(request, candidate_id: int):
    """Accept as proposed, or (when the form's fields are sent) as the editor changed it."""
    candidate = get_object_or_404(GlossaryCandidate, pk=candidate_id)
    changes = {}
    if "source" in request.POST:
        form = CandidateAcceptForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Check the term: %(errors)s") % {"errors": form.errors.as_text()}
            )
            return redirect(_candidates_url(f"candidate-{candidate.pk}"))
        changes = form.cleaned_data
    try:
        term = glossary_candidates.candidate_accept(
            candidate=candidate, editor=request.user, **changes
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_candidates_url(f"candidate-{candidate.pk}"))
    messages.success(
        request,
        _(
            "Accepted: the glossary now approves %(approved)s for “%(term)s” and forbids "
            "%(forbidden)s. The published digests are being checked again."
        )
        % {
            "term": term.source,
            "approved": ", ".join(term.approved) or "—",
            "forbidden": ", ".join(term.forbidden) or "—",
        },
    )
    return redirect(_candidates_url("accepted-candidates"))


@require_POST
@editor_required
def candidate_dismiss(request, candidate_id: int):
    candidate = get_object_or_404(GlossaryCandidate, pk=candidate_id)
    form = CandidateDismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the candidate is dismissed."))
        return redirect(_candidates_url(f"candidate-{candidate.pk}"))
    try:
        glossary_candidates.candidate_dismiss(
            candidate=candidate, editor=request.user, note=form.cleaned_data["note"]
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Dismissed the candidate “%(term)s: %(old)s → %(new)s”; it will not be "
                "proposed again."
            )
            % {"term": candidate.source, "old": candidate.old, "new": candidate.new},
        )
    return redirect(_candidates_url())


@require_POST
@editor_required
def batch_open(request, term_id: int):
    """Open the machine suggestions that apply a term, then show them in the review queue."""
    term = get_object_or_404(GlossaryTerm, pk=term_id)
    try:
        opened = glossary_candidates.glossary_batch_open(term=term, editor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_candidates_url("accepted-candidates"))
    messages.success(
        request,
        ngettext(
            "Opened %(count)d suggestion that applies “%(term)s”. Review it below, sentence by "
            "sentence, like any suggestion.",
            "Opened %(count)d suggestions that apply “%(term)s”. Review them below, sentence "
            "by sentence, like any suggestion.",
            len(opened),
        )
        % {"count": len(opened), "term": term.source},
    )
    return redirect(f"{reverse('corrections:review_queue')}?author={request.user.pk}&sort=oldest")


@editor_required
def needs_attention(request):
    page = selectors.needs_attention_page(
        digest=request.GET.get("digest", ""), number=request.GET.get("page"), per_page=30
    )
    return render(request, "corrections/review_attention.html", {"page": page})

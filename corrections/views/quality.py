"""The glossary and the editors' list of sentences that need attention."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import is_editor
from core.errors import DomainError

from .. import glossary, selectors
from ..glossary_forms import ProposalForm, TermForm
from ..models import GlossaryTerm
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
    return render(
        request,
        "corrections/glossary.html",
        {
            "page": page,
            "query": query,
            "proposals": proposals,
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


@editor_required
def needs_attention(request):
    page = selectors.needs_attention_page(
        digest=request.GET.get("digest", ""), number=request.GET.get("page"), per_page=30
    )
    return render(request, "corrections/review_attention.html", {"page": page})

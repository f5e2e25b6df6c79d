"""Admin pages that write: they go through the same services as the site and show their errors."""

import pytest

from core.errors import InvalidInput
from core.models import AuditEvent
from corrections.checks.base import fill
from corrections.glossary import term_propose, term_save
from corrections.models import GlossaryTerm, MachineFinding

pytestmark = pytest.mark.django_db

TERMS = "/admin/corrections/glossaryterm/"


@pytest.fixture
def admin_en(admin_client):
    admin_client.cookies["django_language"] = "en"
    return admin_client


def form_errors(response) -> str:
    return str(response.context["adminform"].form.errors)


def glossary_findings_naming(digest, term: str) -> list[str]:
    rows = MachineFinding.objects.filter(segment__entry__digest=digest, check_code="glossary")
    return [text for row in rows if term in (text := fill(row.message, row.params))]


def test_adding_a_term_both_approved_and_forbidden_shows_the_error(admin_en):
    response = admin_en.post(
        TERMS + "add/", {"source": "zorblax", "approved": "조블랙스", "forbidden": "조블랙스"}
    )
    assert response.status_code == 200
    assert "both approved and forbidden" in form_errors(response)
    assert not GlossaryTerm.objects.filter(source="zorblax").exists()
    assert not AuditEvent.objects.filter(action__startswith="glossary.").exists()


def test_adding_a_term_whose_source_is_already_approved_shows_the_error(admin_en, editor):
    term_save(term=GlossaryTerm(source="zorblax", approved=["조블랙스"]), editor=editor)
    response = admin_en.post(TERMS + "add/", {"source": "Zorblax", "approved": "조블락스"})
    assert response.status_code == 200
    assert "already has an approved entry" in form_errors(response)
    assert GlossaryTerm.objects.filter(source__iexact="zorblax").count() == 1


def test_renderings_are_typed_as_a_list_and_never_split_into_characters(admin_en, admin_user):
    response = admin_en.post(
        TERMS + "add/", {"source": "zorblax model", "approved": "조블랙스 모델, 조블랙스  모형"}
    )
    assert response.status_code == 302
    term = GlossaryTerm.objects.get(source="zorblax model")
    assert term.approved == ["조블랙스 모델", "조블랙스 모형"]
    assert term.status == GlossaryTerm.Status.APPROVED
    event = AuditEvent.objects.get(action="glossary.create")
    assert event.actor == admin_user
    # A changed rendering is one text, whatever it contains.
    response = admin_en.post(
        f"{TERMS}{term.pk}/change/", {"source": "zorblax model", "approved": '"모델"'}
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.approved == ['"모델"']


def test_the_glossary_service_refuses_a_string_of_renderings(editor):
    with pytest.raises(InvalidInput, match="list of texts"):
        term_save(term=GlossaryTerm(source="zorblax", approved="모델"), editor=editor)
    assert not GlossaryTerm.objects.filter(source="zorblax").exists()


def test_status_is_read_only_in_the_admin(admin_en, member):
    proposal = term_propose(
        source="zorblax", approved=["조블랙스"], forbidden=[], note="", author=member
    )
    response = admin_en.get(f"{TERMS}{proposal.pk}/change/")
    assert "status" not in response.context["adminform"].form.fields
    admin_en.post(
        f"{TERMS}{proposal.pk}/change/",
        {"source": "zorblax", "approved": "조블랙스", "status": "approved"},
    )
    proposal.refresh_from_db()
    assert proposal.status == GlossaryTerm.Status.PROPOSED


def test_approving_a_proposal_by_admin_action_is_audited_and_rechecks_published_digests(
    admin_en, admin_user, member, sample_digest, django_capture_on_commit_callbacks
):
    proposal = term_propose(
        source="information entry", approved=["정보 진입"], forbidden=[], note="", author=member
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_en.post(
            TERMS, {"action": "approve_proposals", "_selected_action": [proposal.pk]}
        )
    assert response.status_code == 302
    assert callbacks
    proposal.refresh_from_db()
    assert proposal.status == GlossaryTerm.Status.APPROVED
    event = AuditEvent.objects.get(action="glossary.approve")
    assert (event.actor, event.target_id) == (admin_user, str(proposal.pk))
    # The stored findings of the published digest now know the new term.
    assert glossary_findings_naming(sample_digest, "information entry")


def test_declining_by_admin_action_leaves_approved_terms_alone(admin_en, editor, member):
    term_save(term=GlossaryTerm(source="zorblax", approved=["조블랙스"]), editor=editor)
    proposal = term_propose(
        source="Zorblax", approved=["조블락스"], forbidden=[], note="", author=member
    )
    approved = GlossaryTerm.objects.get(source="zorblax")
    admin_en.post(
        TERMS,
        {"action": "approve_proposals", "_selected_action": [proposal.pk, approved.pk]},
        follow=True,
    )
    proposal.refresh_from_db()
    assert proposal.status == GlossaryTerm.Status.PROPOSED  # a clash, reported as a warning
    admin_en.post(TERMS, {"action": "decline_proposals", "_selected_action": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == GlossaryTerm.Status.DECLINED
    assert AuditEvent.objects.filter(action="glossary.decline").count() == 1


# The digest admin is tested here too: it is the other admin page reviewed for raw writes.


def test_terms_are_retired_not_deleted_and_the_checks_forget_them(
    admin_en, admin_user, editor, member, sample_digest, django_capture_on_commit_callbacks
):
    proposal = term_propose(
        source="information entry", approved=["정보 진입"], forbidden=[], note="", author=member
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_en.post(TERMS, {"action": "approve_proposals", "_selected_action": [proposal.pk]})
    assert admin_en.get(f"{TERMS}{proposal.pk}/delete/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_en.post(
            TERMS, {"action": "retire_terms", "_selected_action": [proposal.pk]}
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == GlossaryTerm.Status.RETIRED
    event = AuditEvent.objects.get(action="glossary.retire")
    assert (event.actor, event.target_id) == (admin_user, str(proposal.pk))
    assert not glossary_findings_naming(sample_digest, "information entry")


def test_the_glossary_service_refuses_a_nul_in_any_field(editor):
    before = GlossaryTerm.objects.count()
    for term in (
        GlossaryTerm(source="agent\x00", approved=["에이전트"]),
        GlossaryTerm(source="agent", approved=["에이전\x00트"]),
        GlossaryTerm(source="agent", approved=["에이전트"], note="메모\x00"),
    ):
        with pytest.raises(InvalidInput, match="cannot be stored"):
            term_save(term=term, editor=editor)
    assert GlossaryTerm.objects.count() == before

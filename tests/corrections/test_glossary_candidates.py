"""Glossary candidates mined from accepted corrections, and the batch that applies a term."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.services import editor_grant
from core.errors import Conflict, NotAllowed
from core.models import AuditEvent
from corrections.models import (
    GlossaryCandidate,
    GlossaryTerm,
    MachineFinding,
    RenderingChange,
    Suggestion,
)
from corrections.quality import findings_refresh
from corrections.services.glossary_candidates import (
    candidate_accept,
    candidate_dismiss,
    candidates_mine,
    candidates_page,
    glossary_batch_open,
)
from corrections.services.review import suggestion_accept
from corrections.services.revisions import revision_revert
from corrections.services.segments import current_text, segment_edit
from corrections.services.suggestions import suggestion_create, suggestion_update
from digest.interchange import DigestData, EntryData, FieldData, SegmentData
from digest.services import digest_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GLOSSARY = reverse("corrections:glossary")

# (English, machine Korean, corrected Korean or None): the first two entries get the same
# correction of "Transformer"; the third still reads 변압기.
SENTENCES = [
    (
        "The Transformer processes tokens in parallel.",
        "변압기는 토큰을 병렬로 처리합니다.",
        "트랜스포머는 토큰을 병렬로 처리합니다.",
    ),
    (
        "A Transformer encoder reads the whole document.",
        "변압기 인코더가 문서 전체를 읽습니다.",
        "트랜스포머 인코더가 문서 전체를 읽습니다.",
    ),
    (
        "We fine-tune a Transformer model on legal text.",
        "법률 텍스트로 변압기 모델을 미세 조정합니다.",
        None,
    ),
]

OLD, NEW = "변압기", "트랜스포머"
TRANSFORMER = ("Transformer", OLD, NEW)
THIRD_FIXED = "법률 텍스트로 트랜스포머 모델을 미세 조정합니다."


def transformer_digest(slug="2024-11-04-transformers", sentences=SENTENCES):
    start = datetime.date(2024, 11, 4)
    data = DigestData(
        slug=slug,
        title="[2024/11/04] 트랜스포머 다이제스트",
        publisher="PyTorchKR",
        period_start=start,
        period_end=start + datetime.timedelta(days=6),
        status="published",
        entries=tuple(
            EntryData(
                position=position,
                kind="paper",
                source_url=None,
                read_more_url=f"https://example.com/papers/{position}",
                fields=(
                    FieldData(
                        name="title",
                        segments=(SegmentData(f"Paper {position}", f"논문 {position}"),),
                    ),
                    FieldData(name="summary", segments=(SegmentData(source, target),)),
                ),
            )
            for position, (source, target, _corrected) in enumerate(sentences, start=1)
        ),
    )
    return digest_import(data=data).digest


def summary(digest, position):
    return digest.entries.get(position=position).segments.get(field="summary")


@pytest.fixture(autouse=True)
def glossary_without_transformer(db):
    """A glossary that does not cover "Transformer" yet (the starter one does)."""
    GlossaryTerm.objects.filter(source__icontains="transformer").delete()


@pytest.fixture
def second_editor(db):
    user = UserFactory(display_name="두번째 편집자")
    editor_grant(user=user)
    return user


@pytest.fixture
def digest(db):
    return transformer_digest()


@pytest.fixture
def corrected(digest, member, editor, django_capture_on_commit_callbacks):
    """Both corrections of "Transformer" accepted through the review service."""
    suggestions = []
    for position, (_source, _target, corrected_text) in enumerate(SENTENCES, start=1):
        if corrected_text is None:
            continue
        suggestion = suggestion_create(
            segment=summary(digest, position), author=member, text=corrected_text
        )
        with django_capture_on_commit_callbacks(execute=True):
            suggestion_accept(suggestion=suggestion, editor=editor)
        suggestions.append(suggestion)
    return suggestions


def open_candidate() -> GlossaryCandidate:
    return GlossaryCandidate.objects.get(status=GlossaryCandidate.Status.OPEN)


def test_corrections_in_two_entries_propose_a_candidate_checked_on_a_third_sentence(
    digest, corrected, editor, second_editor, django_capture_on_commit_callbacks
):
    candidate = open_candidate()
    assert (candidate.source, candidate.old, candidate.new) == (
        "Transformer",
        "변압기",
        "트랜스포머",
    )
    evidence = list(candidate.evidence.order_by("segment__entry__position"))
    assert [row.suggestion for row in evidence] == corrected
    assert [row.segment.entry.position for row in evidence] == [1, 2]

    third = summary(digest, 3)
    assert not MachineFinding.objects.filter(segment=third, check_code="glossary").exists()
    with django_capture_on_commit_callbacks(execute=True):
        term = candidate_accept(candidate=candidate, editor=editor)
    assert (term.source, term.approved, term.forbidden) == (
        "Transformer",
        ["트랜스포머"],
        ["변압기"],
    )
    finding = MachineFinding.objects.get(segment=third, check_code="glossary")
    assert finding.severity == "error" and finding.params["found"] == "변압기"
    assert [(c.term, c.sentences) for c in candidates_page().accepted] == [(term, 1)]

    (batch,) = glossary_batch_open(term=term, editor=editor)
    assert (batch.segment, batch.status, batch.glossary_term) == (third, "pending", term)
    assert batch.base_text == "법률 텍스트로 변압기 모델을 미세 조정합니다."
    assert batch.text == THIRD_FIXED
    assert candidates_page().accepted == []

    # Reviewed sentence by sentence; the machine wrote the text, so the editor who opened
    # the batch may be the one who reviews it.
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_accept(suggestion=batch, editor=editor)
    assert current_text(third) == THIRD_FIXED
    assert not MachineFinding.objects.filter(segment=third, check_code="glossary").exists()


def test_the_batch_opener_reviews_it_without_a_notice_but_not_their_own_writing(
    digest, corrected, editor, django_capture_on_commit_callbacks
):
    from accounts.models import Notification
    from corrections.services.review import suggestion_reject

    with django_capture_on_commit_callbacks(execute=True):
        term = candidate_accept(candidate=open_candidate(), editor=editor)
    (batch,) = glossary_batch_open(term=term, editor=editor)
    suggestion_reject(suggestion=batch, editor=editor, reason="meaning")
    assert Suggestion.objects.get(pk=batch.pk).status == "rejected"
    assert not Notification.objects.filter(recipient=editor).exists()

    (batch,) = glossary_batch_open(term=term, editor=editor)
    # The opener reviews the machine's text only as the machine wrote it.
    with pytest.raises(NotAllowed, match="keeps the machine's text"):
        suggestion_update(suggestion=batch, author=editor, text="제 마음대로 쓴 문장입니다.")
    with pytest.raises(NotAllowed, match="accept its text only as it is"):
        suggestion_accept(suggestion=batch, editor=editor, text="제 마음대로 쓴 문장입니다.")
    assert Suggestion.objects.get(pk=batch.pk).text == THIRD_FIXED

    own = suggestion_create(
        segment=summary(digest, 3), author=editor, text="법률 텍스트로 모델을 미세 조정합니다."
    )
    with pytest.raises(NotAllowed, match="own suggestion"):
        suggestion_accept(suggestion=own, editor=editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.filter(pk=own.pk).update(
            status="rejected", reviewed_by=editor, reject_reason="other"
        )


def test_a_batch_leaves_a_sentence_an_editor_confirmed_alone(
    digest, corrected, editor, django_capture_on_commit_callbacks
):
    from corrections.services.verification import segments_verify

    with django_capture_on_commit_callbacks(execute=True):
        term = candidate_accept(candidate=open_candidate(), editor=editor)
    segments_verify(segments=[summary(digest, 3)], editor=editor, note="법률 분야 변압기입니다.")
    assert candidates_page().accepted == []
    with pytest.raises(Conflict):
        glossary_batch_open(term=term, editor=editor)
    assert not Suggestion.objects.filter(glossary_term=term).exists()


def test_one_entry_is_not_enough_evidence(
    digest, member, editor, django_capture_on_commit_callbacks
):
    suggestion = suggestion_create(segment=summary(digest, 1), author=member, text=SENTENCES[0][2])
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_accept(suggestion=suggestion, editor=editor)
    assert RenderingChange.objects.get().suggestion == suggestion
    assert not GlossaryCandidate.objects.exists()


def test_a_correction_an_editor_reverted_is_no_evidence(
    digest, member, editor, django_capture_on_commit_callbacks
):
    first = suggestion_create(segment=summary(digest, 1), author=member, text=SENTENCES[0][2])
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_accept(suggestion=first, editor=editor)
    entry = summary(digest, 1).entry
    revision_revert(entry=entry, editor=editor, to_number=entry.current_revision.number - 1)
    second = suggestion_create(segment=summary(digest, 2), author=member, text=SENTENCES[1][2])
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_accept(suggestion=second, editor=editor)
    assert RenderingChange.objects.count() == 2
    assert not GlossaryCandidate.objects.exists()


def test_an_editors_direct_edit_counts_as_evidence(
    digest, member, editor, django_capture_on_commit_callbacks
):
    suggestion = suggestion_create(segment=summary(digest, 1), author=member, text=SENTENCES[0][2])
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_accept(suggestion=suggestion, editor=editor)
        segment_edit(segment=summary(digest, 2), editor=editor, text=SENTENCES[1][2])
    kinds = sorted(row.revision.kind for row in open_candidate().evidence.all())
    assert kinds == ["correction", "edit"]


def test_a_third_entry_adds_evidence_to_the_open_candidate(
    digest, corrected, member, editor, django_capture_on_commit_callbacks
):
    suggestion = suggestion_create(
        segment=summary(digest, 3),
        author=member,
        text="법률 텍스트로 트랜스포머 모델을 미세 조정합니다.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_accept(suggestion=suggestion, editor=editor)
    assert open_candidate().evidence.count() == 3
    assert GlossaryCandidate.objects.count() == 1


def test_a_dismissed_candidate_is_not_proposed_again(digest, corrected, editor):
    candidate_dismiss(candidate=open_candidate(), editor=editor, note="Power grids, not ML.")
    RenderingChange.objects.update(candidate=None)
    assert candidates_mine() == []
    candidate = GlossaryCandidate.objects.get()
    assert candidate.status == "dismissed" and candidate.note == "Power grids, not ML."
    event = AuditEvent.objects.get(action="glossary_candidate.dismiss")
    assert event.actor == editor and event.data == {"note": "Power grids, not ML."}


def test_a_change_the_glossary_already_makes_is_not_proposed(digest, editor, corrected):
    GlossaryCandidate.objects.all().delete()
    GlossaryTerm.objects.create(source="transformer", approved=["트랜스포머"], forbidden=["변압기"])
    assert candidates_mine() == []
    assert not GlossaryCandidate.objects.exists()


def test_accepting_adds_the_renderings_to_the_terms_existing_entry(digest, corrected, editor):
    existing = GlossaryTerm.objects.create(
        source="transformer", approved=["변압기", "Transformer"], forbidden=["변환기"], note="ML"
    )
    term = candidate_accept(candidate=open_candidate(), editor=editor)
    assert term.pk == existing.pk
    term.refresh_from_db()
    assert term.approved == ["트랜스포머", "Transformer"]
    assert term.forbidden == ["변압기", "변환기"]
    assert term.note == "ML"
    assert AuditEvent.objects.filter(action="glossary.change", target_id=str(term.pk)).exists()


def test_an_editor_may_change_the_term_before_accepting(digest, corrected, editor):
    term = candidate_accept(
        candidate=open_candidate(),
        editor=editor,
        source="Transformer model",
        approved=["트랜스포머 모델"],
        forbidden=["변압기 모델", "변압기"],
    )
    assert (term.source, term.approved, term.forbidden) == (
        "Transformer model",
        ["트랜스포머 모델"],
        ["변압기 모델", "변압기"],
    )
    candidate = GlossaryCandidate.objects.get()
    assert (candidate.status, candidate.term, candidate.decided_by) == ("accepted", term, editor)


def test_members_cannot_decide_candidates_or_open_batches(digest, corrected, member, editor):
    candidate = open_candidate()
    with pytest.raises(NotAllowed):
        candidate_accept(candidate=candidate, editor=member)
    with pytest.raises(NotAllowed):
        candidate_dismiss(candidate=candidate, editor=member, note="")
    term = candidate_accept(candidate=candidate, editor=editor)
    with pytest.raises(NotAllowed):
        glossary_batch_open(term=term, editor=member)
    with pytest.raises(Conflict):
        candidate_dismiss(candidate=candidate, editor=editor, note="too late")


def test_a_batch_skips_sentences_with_the_same_open_suggestion(
    digest, corrected, member, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        term = candidate_accept(candidate=open_candidate(), editor=editor)
    suggestion_create(
        segment=summary(digest, 3),
        author=member,
        text="법률 텍스트로 트랜스포머 모델을 미세 조정합니다.",
    )
    with pytest.raises(Conflict):
        glossary_batch_open(term=term, editor=editor)
    assert not Suggestion.objects.filter(glossary_term=term).exists()


def test_a_batch_is_opened_once_and_keeps_particles_agreeing(
    member, editor, django_capture_on_commit_callbacks
):
    sentences = [
        *SENTENCES[:2],
        ("The Transformer beats the LSTM.", "변압기가 LSTM을 이깁니다.", None),
        ("We study the Transformer.", "우리는 변압기를 연구합니다.", None),
        ("The utility replaced a power transformer.", "전력 회사가 변압기를 교체했습니다.", None),
    ]
    digest = transformer_digest(slug="2024-11-04-particles", sentences=sentences)
    term = GlossaryTerm.objects.create(
        source="Transformer", approved=["트랜스포머"], forbidden=["변압기"]
    )
    texts = {s.text for s in glossary_batch_open(term=term, editor=editor)}
    assert texts == {
        "트랜스포머는 토큰을 병렬로 처리합니다.",
        "트랜스포머 인코더가 문서 전체를 읽습니다.",
        "트랜스포머가 LSTM을 이깁니다.",
        "우리는 트랜스포머를 연구합니다.",
    }
    # The power transformer of the last entry is a 변압기 indeed.
    assert not Suggestion.objects.filter(segment=summary(digest, 5)).exists()
    assert AuditEvent.objects.get(action="glossary.batch_open").data["suggestions"]
    with pytest.raises(Conflict):
        glossary_batch_open(term=term, editor=editor)


def test_the_database_keeps_one_open_candidate_per_change(db):
    GlossaryCandidate.objects.create(source="Transformer", old="변압기", new="트랜스포머")
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryCandidate.objects.create(source="transformer", old="변압기", new="트랜스포머")
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryCandidate.objects.create(source="model", old="모델", new="모델")
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryCandidate.objects.create(source="model", old="모형", new="모델", status="accepted")
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryCandidate.objects.create(source="model", old="모형", new="모델", status="maybe")
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryCandidate.objects.create(
            source="transformer", old="변압기", new="트랜스포머", status="dismissed"
        )
    GlossaryCandidate.objects.create(
        source="transformer",
        old="변압기",
        new="트랜스포머",
        status="dismissed",
        decided_by=UserFactory(),
        decided_at=timezone.now(),
    )


def test_the_command_rebuilds_candidates_from_history(digest, corrected, capsys):
    GlossaryCandidate.objects.all().delete()
    RenderingChange.objects.all().delete()
    call_command("mine_glossary_candidates")
    assert "1" in capsys.readouterr().out
    candidate = open_candidate()
    assert candidate.evidence.count() == 2
    call_command("mine_glossary_candidates")
    assert RenderingChange.objects.count() == 2
    assert GlossaryCandidate.objects.count() == 1


# The pages.


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_members_see_no_candidates_and_cannot_decide_them(client, member, corrected):
    candidate = open_candidate()
    client.force_login(member)
    page = english(client).get(GLOSSARY).content.decode()
    assert "Glossary candidates" not in page and "변압기 인코더가" not in page
    for url in (
        reverse("corrections:candidate_accept", args=[candidate.pk]),
        reverse("corrections:candidate_dismiss", args=[candidate.pk]),
    ):
        assert client.post(url, {"note": "no"}).status_code == 403
    assert open_candidate() == candidate


def test_signed_out_visitors_are_sent_to_sign_in(client, corrected):
    response = client.post(reverse("corrections:candidate_accept", args=[open_candidate().pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert open_candidate().status == "open"


def test_editors_accept_a_candidate_and_open_its_batch_from_the_glossary_page(
    client_editor, editor, corrected, digest, django_capture_on_commit_callbacks
):
    candidate = open_candidate()
    page = english(client_editor).get(GLOSSARY).content.decode()
    assert 'id="candidates-heading">Glossary candidates</h2>' in page
    assert "Changed alike in 2 entries:" in page
    for position in (1, 2):
        segment = summary(digest, position)
        assert reverse("corrections:segment", args=[segment.pk]) in page
        assert segment.entry.get_absolute_url() in page
    assert SENTENCES[1][1] in page and SENTENCES[1][2] in page
    assert 'value="Transformer"' in page  # the edit form, prefilled

    with django_capture_on_commit_callbacks(execute=True):
        response = client_editor.post(reverse("corrections:candidate_accept", args=[candidate.pk]))
    assert response["Location"] == f"{GLOSSARY}#accepted-candidates"
    page = client_editor.get(GLOSSARY).content.decode()
    assert "Accepted: the glossary now approves 트랜스포머 for “Transformer”" in page
    assert "Open batch suggestions (1 sentence)" in page
    term = GlossaryTerm.objects.get(source="Transformer")

    response = client_editor.post(reverse("corrections:glossary_batch_open", args=[term.pk]))
    queue = reverse("corrections:review_queue")
    assert response["Location"] == f"{queue}?author={editor.pk}&sort=oldest"
    batch = Suggestion.objects.get(glossary_term=term)
    assert batch.segment == summary(digest, 3) and batch.status == "pending"
    page = client_editor.get(response["Location"]).content.decode()
    assert "Opened 1 suggestion that applies “Transformer”." in page
    assert reverse("corrections:review_suggestion", args=[batch.pk]) in page
    # The editor who opened the batch reviews it: the machine wrote the text.
    assert reverse("corrections:suggestion_accept", args=[batch.pk]) in page
    assert "This is your suggestion; another editor reviews it." not in page
    assert "트랜스포머" in page


def test_an_editor_edits_the_term_then_accepts(client_editor, corrected):
    candidate = open_candidate()
    english(client_editor).post(
        reverse("corrections:candidate_accept", args=[candidate.pk]),
        {"source": "Transformer", "approved": "트랜스포머, Transformer", "forbidden": "변압기"},
    )
    term = GlossaryTerm.objects.get(source="Transformer")
    assert (term.approved, term.forbidden) == (["트랜스포머", "Transformer"], ["변압기"])


def test_an_edit_that_breaks_a_rule_is_refused_with_its_reason(client_editor, corrected):
    candidate = open_candidate()
    response = english(client_editor).post(
        reverse("corrections:candidate_accept", args=[candidate.pk]),
        {"source": "Transformer", "approved": "변압기", "forbidden": "변압기"},
        follow=True,
    )
    assert "A rendering cannot be both approved and forbidden." in response.content.decode()
    assert open_candidate() == candidate
    assert not GlossaryTerm.objects.filter(source="Transformer").exists()


def test_dismissing_needs_a_note(client_editor, corrected):
    candidate = open_candidate()
    url = reverse("corrections:candidate_dismiss", args=[candidate.pk])
    response = english(client_editor).post(url, {"note": ""}, follow=True)
    assert "Say why the candidate is dismissed." in response.content.decode()
    response = client_editor.post(url, {"note": "Electrical sense"}, follow=True)
    assert "it will not be proposed again" in response.content.decode()
    candidate.refresh_from_db()
    assert (candidate.status, candidate.note) == ("dismissed", "Electrical sense")


def test_the_audit_log_reads_candidate_decisions(client_editor, editor, corrected):
    candidate_accept(candidate=open_candidate(), editor=editor)
    page = english(client_editor).get(reverse("corrections:audit_log")).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    candidate = "the glossary candidate “Transformer: 변압기 → 트랜스포머”"
    assert f"The system proposed {candidate} from accepted corrections." in text
    assert f"Editor 편집자 accepted {candidate} into the term “Transformer”." in text


def build_candidates(size: int, editor):
    """`size` open candidates with `size` pieces of evidence each, and `size` accepted terms
    that published sentences still break."""
    digest = transformer_digest(
        slug=f"sized-{size}",
        sentences=[
            (
                f"The Transformer {n} reads the sentence and the entry.",
                f"변압기 {n}은 문장과 항목을 읽습니다.",
                None,
            )
            for n in range(size)
        ],
    )
    segments = [summary(digest, position) for position in range(1, size + 1)]
    revision = digest.entries.get(position=1).current_revision
    for n in range(size):
        candidate = GlossaryCandidate.objects.create(source=f"term {n}", old="옛", new=f"새{n}")
        RenderingChange.objects.bulk_create(
            RenderingChange(
                revision=revision,
                segment=segment,
                source_term=candidate.source,
                old=candidate.old,
                new=candidate.new,
                before="옛 문장",
                after=f"새{n} 문장",
                candidate=candidate,
            )
            for segment in segments
        )
    for source, forbidden in [("sentence", "문장"), ("entry", "항목"), ("Transformer", OLD)][:size]:
        term = GlossaryTerm.objects.create(source=source, approved=["새말"], forbidden=[forbidden])
        GlossaryCandidate.objects.create(
            source=source,
            old=forbidden,
            new="새말",
            status="accepted",
            term=term,
            decided_by=editor,
            decided_at=timezone.now(),
        )
    findings_refresh(digest=digest)


@pytest.mark.parametrize("size", [1, 3])
def test_the_glossary_page_reads_candidates_in_a_fixed_number_of_queries(
    client_editor, editor, count_queries, size
):
    build_candidates(size, editor)
    page = english(client_editor).get(GLOSSARY).content.decode()
    assert page.count("Accept the candidate") == size
    assert page.count("Open batch suggestions") == size
    assert count_queries(lambda: client_editor.get(GLOSSARY)) == GLOSSARY_QUERIES


# The glossary page's own queries (tests/test_query_counts.py) plus: the candidates, their
# evidence, and the count of sentences still to change for the accepted ones.
GLOSSARY_QUERIES = 13


def test_the_admin_lists_candidates_and_their_evidence_read_only(admin_client, corrected):
    for model in ("glossarycandidate", "renderingchange"):
        response = admin_client.get(f"/admin/corrections/{model}/")
        assert response.status_code == 200 and "변압기" in response.content.decode()
        assert admin_client.get(f"/admin/corrections/{model}/add/").status_code == 403

import json
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from corrections.glossary import term_decide, term_propose, term_save
from corrections.models import GlossaryTerm, MachineFinding
from corrections.quality import digest_findings, suggestion_findings
from corrections.selectors import needs_attention
from corrections.services import (
    Conflict,
    InvalidInput,
    NotAllowed,
    current_text,
    flag_create,
    suggestion_accept,
    suggestion_create,
)
from tests.conftest import SAMPLE_PATH

pytestmark = pytest.mark.django_db


def test_check_translations_reports_the_real_errors_of_the_sample(sample_digest):
    out = StringIO()
    call_command("check_translations", "--digest", sample_digest.slug, "--json", stdout=out)
    findings = json.loads(out.getvalue())
    numbers = [f for f in findings if f["check"] == "numbers"]
    assert [(f["entry"], f["field"], f["segment"]) for f in numbers] == [(7, "summary", 0)]
    assert (
        numbers[0]["message"]
        == "source 8B (8,000,000,000) has no match; target has 8억 (800,000,000)"
    )
    assert numbers[0]["severity"] == "error"
    assert set(numbers[0]) == {
        "digest",
        "entry",
        "field",
        "segment",
        "check",
        "severity",
        "message",
        "source",
        "target",
    }
    repeated = [f for f in findings if f["check"] == "repeated"]
    assert [(f["entry"], f["field"]) for f in repeated] == [(3, "title")]


def test_check_translations_human_output_and_unknown_digest(sample_digest):
    out = StringIO()
    call_command("check_translations", stdout=out)
    assert "#7 summary[0] error numbers" in out.getvalue()
    with pytest.raises(CommandError, match="No digest"):
        call_command("check_translations", "--digest", "nope")


def test_import_stores_machine_findings(db):
    call_command("import_digest", str(SAMPLE_PATH), "--publish", stdout=StringIO())
    assert MachineFinding.objects.filter(check_code="numbers").count() == 1


def test_checks_on_a_whole_digest_take_under_a_second(sample_digest):
    started = time.perf_counter()
    digest_findings(digest=sample_digest)
    assert time.perf_counter() - started < 1.0


def test_a_suggestion_that_fixes_a_finding_clears_it_on_acceptance(sample_digest, member, editor):
    call_command("import_digest", str(SAMPLE_PATH), "--update", stdout=StringIO())
    segment = sample_digest.entries.get(position=7).segments.get(field="summary", position=0)
    assert MachineFinding.objects.filter(segment=segment, check_code="numbers").exists()
    suggestion = suggestion_create(
        segment=segment, author=member, text=current_text(segment).replace("8억", "80억")
    )
    suggestion_accept(suggestion=suggestion, editor=editor)
    assert not MachineFinding.objects.filter(segment=segment, check_code="numbers").exists()


def test_a_suggestion_that_introduces_an_error_is_warned(sample_digest):
    segment = sample_digest.entries.get(position=7).segments.get(field="abstract", position=0)
    text = current_text(segment)
    assert "80억" in text
    assert not [f for f in suggestion_findings(segment=segment, text=text) if f.check == "numbers"]
    findings = suggestion_findings(segment=segment, text=text.replace("80억", "8억"))
    assert [f.check for f in findings] == ["numbers"]
    assert "8억 (800,000,000)" in findings[0].message


def test_glossary_check_uses_approved_terms(sample_digest, editor):
    term_save(
        term=GlossaryTerm(
            source="Gemini", approved=[], forbidden=["쌍둥이자리"], do_not_translate=True
        ),
        editor=editor,
    )
    found = [f for f in digest_findings(digest=sample_digest) if f.finding.check == "glossary"]
    assert {f.entry.position for f in found} == {9}
    assert "쌍둥이자리" in found[0].finding.message or "Gemini" in found[0].finding.message


def test_glossary_rules(editor, member):
    with pytest.raises(InvalidInput, match="at least one approved"):
        term_save(term=GlossaryTerm(source="fine-tuning"), editor=editor)
    with pytest.raises(NotAllowed):
        term_save(term=GlossaryTerm(source="fine-tuning", approved=["미세 조정"]), editor=member)
    term_save(
        term=GlossaryTerm(source="fine-tuning", approved=["미세 조정", "미세 조정"]), editor=editor
    )
    assert GlossaryTerm.objects.get().approved == ["미세 조정"]
    with pytest.raises(Conflict, match="already has an approved entry"):
        term_save(term=GlossaryTerm(source="Fine-Tuning", approved=["파인튜닝"]), editor=editor)
    proposal = term_propose(
        source="Fine-Tuning", approved=["파인튜닝"], forbidden=[], note="", author=member
    )
    assert proposal.status == "proposed"
    with pytest.raises(Conflict):
        term_decide(term=proposal, editor=editor, approve=True)
    term_decide(term=proposal, editor=editor, approve=False)
    proposal.refresh_from_db()
    assert proposal.status == "declined"


def test_glossary_pages(client, member, editor):
    term_save(term=GlossaryTerm(source="benchmark", approved=["벤치마크"]), editor=editor)
    html = client.get(reverse("corrections:glossary")).content.decode()
    assert "benchmark" in html and "벤치마크" in html
    client.force_login(member)
    client.post(
        reverse("corrections:term_propose"),
        {"source": "agentic", "approved": "에이전트형, 에이전틱"},
    )
    assert GlossaryTerm.objects.get(source="agentic").approved == ["에이전트형", "에이전틱"]
    assert client.get(reverse("corrections:term_create")).status_code == 403
    client.force_login(editor)
    html = client.get(reverse("corrections:glossary")).content.decode()
    assert "agentic" in html  # proposals are listed for editors
    client.post(
        reverse("corrections:term_create"), {"source": "reward model", "approved": "보상 모델"}
    )
    assert GlossaryTerm.objects.filter(source="reward model", status="approved").exists()


def test_needs_attention_ranks_human_flags_first(
    sample_digest, member, other_member, client, editor
):
    flagged = sample_digest.entries.get(position=1).segments.get(field="title")
    flag_create(segment=flagged, author=member, reason="awkward")
    flag_create(segment=flagged, author=other_member, reason="awkward")
    from corrections.quality import findings_refresh

    findings_refresh(digest=sample_digest)
    ranked = list(needs_attention())
    assert ranked[0] == flagged
    assert ranked[1].entry.position == 7  # the 8B/8억 error
    client.force_login(editor)
    html = client.get(reverse("corrections:needs_attention")).content.decode()
    assert html.index("에이전트 정보 검색") < html.index("8억")


@pytest.mark.parametrize("size", [1, 6])
def test_needs_attention_query_count_is_flat(client, editor, count_queries, size, member):
    from tests.factories import make_digest

    digest = make_digest(slug="sized", entries=size, sentences=2)
    for entry in digest.entries.all():
        for segment in entry.segments.all():
            flag_create(segment=segment, author=member, reason="typo")
    client.force_login(editor)
    assert count_queries(lambda: client.get(reverse("corrections:needs_attention"))) == 8

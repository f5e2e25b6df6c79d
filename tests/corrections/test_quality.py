import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.errors import Conflict, InvalidInput, NotAllowed
from corrections.glossary import term_decide, term_propose, term_save
from corrections.models import GlossaryTerm, MachineFinding
from corrections.quality import digest_findings, suggestion_findings
from corrections.selectors import needs_attention
from corrections.services.flags import flag_create
from corrections.services.review import suggestion_accept
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
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
        "why",
        "fix",
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
    # The sentence also (rightly) mixes renderings used elsewhere in the digest.
    assert [f.check for f in findings if f.check != "consistency"] == ["numbers"]
    assert "8억 (800,000,000)" in findings[0].text


def test_starter_glossary_catches_real_terminology_errors_of_the_sample(sample_digest, editor):
    assert GlossaryTerm.objects.filter(status="approved").count() >= 100
    found = [f for f in digest_findings(digest=sample_digest) if f.finding.check == "glossary"]
    messages = {(f.entry.position, f.finding.text) for f in found}
    assert any(pos == 9 and "쌍둥이자리" in msg for pos, msg in messages)  # Gemini
    assert any(pos == 7 and "정량화" in msg for pos, msg in messages)  # quantization
    # An editor's new rule takes effect on the next check.
    term_save(term=GlossaryTerm(source="information entry", approved=["정보 진입"]), editor=editor)
    found = [f for f in digest_findings(digest=sample_digest) if f.finding.check == "glossary"]
    assert any(f.entry.position == 1 and "information entry" in f.finding.text for f in found)


def test_glossary_rules(editor, member):
    with pytest.raises(InvalidInput, match="at least one approved"):
        term_save(term=GlossaryTerm(source="ablation-free"), editor=editor)
    with pytest.raises(NotAllowed):
        term_save(term=GlossaryTerm(source="ablation-free", approved=["절제 없는"]), editor=member)
    term_save(
        term=GlossaryTerm(source="ablation-free", approved=["절제 없는", "절제 없는"]),
        editor=editor,
    )
    assert GlossaryTerm.objects.get(source="ablation-free").approved == ["절제 없는"]
    with pytest.raises(Conflict, match="already has an approved entry"):
        term_save(term=GlossaryTerm(source="Ablation-Free", approved=["무절제"]), editor=editor)
    proposal = term_propose(
        source="Ablation-Free", approved=["무절제"], forbidden=[], note="", author=member
    )
    assert proposal.status == "proposed"
    with pytest.raises(Conflict):
        term_decide(term=proposal, editor=editor, approve=True)
    term_decide(term=proposal, editor=editor, approve=False)
    proposal.refresh_from_db()
    assert proposal.status == "declined"


def test_glossary_pages(client, member, editor):
    html = client.get(reverse("corrections:glossary") + "?q=benchmark").content.decode()
    assert "benchmark" in html and "벤치마크" in html
    client.force_login(member)
    client.post(
        reverse("corrections:term_propose"),
        {"source": "vibe coding", "approved": "바이브 코딩, 분위기 코딩"},
    )
    assert GlossaryTerm.objects.get(source="vibe coding").approved == ["바이브 코딩", "분위기 코딩"]
    assert client.get(reverse("corrections:term_create")).status_code == 403
    client.force_login(editor)
    html = client.get(reverse("corrections:glossary")).content.decode()
    assert "vibe coding" in html  # proposals are listed for editors
    client.post(reverse("corrections:term_create"), {"source": "slop", "approved": "슬롭"})
    assert GlossaryTerm.objects.filter(source="slop", status="approved").exists()


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
    severities = [segment.worst_finding for segment in ranked[1:]]
    assert severities == sorted(severities, reverse=True)  # errors before warnings
    assert any(
        s.entry.position == 7 and s.field == "summary" for s in ranked if s.worst_finding == 3
    )
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
    # 9 (the ranking's count and page of ids, then the page's sentences and their findings),
    # and the header's moderation count and the viewer's suspension check.
    assert count_queries(lambda: client.get(reverse("corrections:needs_attention"))) == 11


def test_editors_see_the_findings_of_a_sentence_readers_do_not(client, sample_digest, editor):
    from corrections.quality import findings_refresh

    findings_refresh(digest=sample_digest)
    segment = sample_digest.entries.get(position=7).segments.get(field="summary", position=0)
    url = reverse("corrections:segment", args=[segment.pk])
    message = "원문 8B (8,000,000,000)에 맞는 값이 없고"
    assert message not in client.get(url).content.decode()
    page = client.get(sample_digest.entries.get(position=7).get_absolute_url()).content.decode()
    assert "seg-finding" not in page
    client.force_login(editor)
    assert message in client.get(url).content.decode()
    page = client.get(sample_digest.entries.get(position=7).get_absolute_url()).content.decode()
    assert page.count('class="seg-finding"') >= 1

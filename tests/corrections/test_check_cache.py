"""The checks cache what they compile from the glossary, yet see every change at once."""

import re
from unittest import mock
from uuid import uuid4

import pytest

from corrections.checks import CheckContext, run_checks
from corrections.checks import glossary as glossary_check
from corrections.checks.base import fill
from corrections.glossary import term_decide, term_propose, term_save
from corrections.models import GlossaryTerm, MachineFinding
from corrections.quality import (
    check_context,
    check_contexts,
    findings_refresh,
    glossary_rules,
    suggestion_findings,
)
from corrections.services.segments import current_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def segment(sample_digest):
    """Its source says "lightweight foundation models"; its target says "경량 기초 모델"."""
    return sample_digest.entries.get(position=7).segments.get(field="summary", position=0)


def _about(findings, word: str) -> list[str]:
    return [f.text for f in findings if f.check == "glossary" and word in f.text]


def _next_check(segment) -> list[str]:
    return _about(suggestion_findings(segment=segment, text=current_text(segment)), "lightweight")


def _queue_check(segment) -> list[str]:
    """As the review queue checks a suggestion: one context for the page's digests."""
    context = check_contexts(digest_ids=[segment.entry.digest_id])[segment.entry.digest_id]
    return _about(run_checks(segment.source, current_text(segment), context), "lightweight")


def _stored(segment) -> list[str]:
    rows = MachineFinding.objects.filter(segment=segment, check_code="glossary")
    return [text for row in rows if "lightweight" in (text := fill(row.message, row.params))]


def test_a_new_term_shows_in_the_very_next_check(segment, editor):
    assert _next_check(segment) == [] and _queue_check(segment) == []
    term_save(term=GlossaryTerm(source="lightweight", approved=["가벼운"]), editor=editor)
    expected = ["'lightweight' should be rendered as '가벼운'"]
    assert _next_check(segment) == expected
    assert _queue_check(segment) == expected
    findings_refresh(digest=segment.entry.digest)
    assert _stored(segment) == expected


def test_a_changed_rendering_shows_in_the_very_next_check(segment, editor):
    term = term_save(term=GlossaryTerm(source="lightweight", approved=["가벼운"]), editor=editor)
    assert _queue_check(segment) == ["'lightweight' should be rendered as '가벼운'"]
    term.approved = ["경량"]
    term_save(term=term, editor=editor)
    assert _queue_check(segment) == []
    term.approved, term.forbidden = ["가벼운"], ["경량"]
    term_save(term=term, editor=editor)
    expected = ["'경량' is a forbidden rendering of 'lightweight'; use '가벼운'"]
    assert _next_check(segment) == expected
    assert _queue_check(segment) == expected
    findings_refresh(digest=segment.entry.digest)
    assert _stored(segment) == expected


def test_a_deleted_term_stops_matching_at_once(segment, editor):
    term = term_save(term=GlossaryTerm(source="lightweight", approved=["가벼운"]), editor=editor)
    findings_refresh(digest=segment.entry.digest)
    assert _stored(segment) and _queue_check(segment)
    term.delete()  # as the admin deletes: no service runs
    assert _next_check(segment) == [] and _queue_check(segment) == []
    findings_refresh(digest=segment.entry.digest)
    assert _stored(segment) == []


def test_an_approved_proposal_shows_and_a_pending_one_does_not(segment, member, editor):
    proposal = term_propose(
        source="lightweight", approved=["가벼운"], forbidden=[], note="", author=member
    )
    assert _queue_check(segment) == []
    term_decide(term=proposal, editor=editor, approve=True)
    assert _queue_check(segment) == ["'lightweight' should be rendered as '가벼운'"]


def test_a_change_written_behind_the_services_shows_too(segment, editor):
    """Another process, a shell or a data migration: no signal, no fresh updated_at."""
    term = term_save(term=GlossaryTerm(source="lightweight", approved=["가벼운"]), editor=editor)
    assert _queue_check(segment)
    GlossaryTerm.objects.filter(pk=term.pk).update(approved=["경량"], updated_at=term.updated_at)
    assert _queue_check(segment) == []
    GlossaryTerm.objects.filter(pk=term.pk).update(status=GlossaryTerm.Status.DECLINED)
    GlossaryTerm.objects.create(source="lightweight", approved=["가벼운"])
    assert _queue_check(segment) == ["'lightweight' should be rendered as '가벼운'"]


def test_a_context_built_before_a_change_keeps_its_own_glossary(segment, editor):
    before = check_context(digest=segment.entry.digest)
    term_save(term=GlossaryTerm(source="lightweight", approved=["가벼운"]), editor=editor)
    after = check_context(digest=segment.entry.digest)
    text = current_text(segment)
    assert _about(run_checks(segment.source, text, before), "lightweight") == []
    assert _about(run_checks(segment.source, text, after), "lightweight") != []
    assert _about(run_checks(segment.source, text, before), "lightweight") == []


def _naive_glossary(source: str, target: str, context: CheckContext):
    """What check_glossary computed before it cached which terms occur in a source."""
    return [
        finding
        for term in context.glossary
        if term.source.strip() and glossary_check.source_pattern(term.source).search(source)
        for finding in glossary_check._check_term(term, target)
    ]


def test_cached_term_lookup_finds_what_searching_every_term_finds(sample_digest):
    context = check_context(digest=sample_digest)
    rows = [
        (segment.source, current_text(segment))
        for entry in sample_digest.entries.all()
        for segment in entry.segments.exclude(source=None).exclude(source="")
    ]
    assert len(rows) > 20
    found = 0
    for source, target in rows:
        for pair in ((source, target), (source, source), (source.upper(), "")):
            expected = _naive_glossary(*pair, context)
            assert glossary_check.check_glossary(*pair, context) == expected
            # The second run answers from the cache and must not differ either.
            assert glossary_check.check_glossary(*pair, context) == expected
            found += len(expected)
    assert found > 0


def test_repeated_checks_compile_nothing_and_a_change_compiles_only_its_term(segment, editor):
    rendering = f"가벼운 {uuid4().hex[:8]}"
    term = term_save(term=GlossaryTerm(source="lightweight", approved=[rendering]), editor=editor)
    absent = term_save(
        term=GlossaryTerm(source="featherweight", approved=["초경량"]), editor=editor
    )
    text = f"{current_text(segment)} {rendering}급"

    def check() -> None:
        context = check_contexts(digest_ids=[segment.entry.digest_id])[segment.entry.digest_id]
        assert run_checks(segment.source, text, context)

    check()
    with mock.patch.object(re, "compile", wraps=re.compile) as compile_spy:
        check()
        check()
    assert compile_spy.call_count == 0

    term.approved = [rendering + "급"]
    term_save(term=term, editor=editor)
    with mock.patch.object(re, "compile", wraps=re.compile) as compile_spy:
        check()
        check()
    # The new rendering only; every other term, and this term's source, are reused.
    assert [call.args[0] for call in compile_spy.call_args_list] == [
        glossary_check._rendering_pattern.__wrapped__(rendering + "급").pattern
    ]

    # A fresh process compiles no pattern for a term the sentence does not use.
    for cached in (
        glossary_check._terms_in,
        glossary_check.source_pattern,
        glossary_check._term_regex,
        glossary_check._rendering_pattern,
    ):
        cached.cache_clear()
    with mock.patch.object(re, "compile", wraps=re.compile) as compile_spy:
        check()
    compiled = {call.args[0] for call in compile_spy.call_args_list}
    assert glossary_check._term_regex.__wrapped__("lightweight").pattern in compiled
    assert glossary_check._term_regex.__wrapped__(absent.source).pattern not in compiled
    assert glossary_check._rendering_pattern.__wrapped__("초경량").pattern not in compiled


def test_context_builds_run_the_same_few_queries_whatever_the_glossary(
    sample_digest, editor, django_assert_num_queries
):
    check_contexts(digest_ids=[sample_digest.pk])
    with django_assert_num_queries(2):  # the glossary, the digest's current text
        check_contexts(digest_ids=[sample_digest.pk])
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(source=f"made-up term {n}", approved=[f"가짜 용어 {n}"]) for n in range(50)
    )
    with django_assert_num_queries(2):
        contexts = check_contexts(digest_ids=[sample_digest.pk])
    assert len(contexts[sample_digest.pk].glossary) == len(glossary_rules())
    with django_assert_num_queries(1):
        glossary_rules()

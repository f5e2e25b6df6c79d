"""The review queue keeps what the checks said about each suggestion, and never shows a
finding that an edit of the digest, a glossary change or a new text has made stale.

Writes run inside `committed()`, which runs the on-commit callbacks as a real commit would:
the digest's text stamp, part of the key, is renewed there.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import pagecache
from corrections import quality
from corrections.glossary import term_save
from corrections.models import GlossaryTerm
from corrections.services.segments import current_text, segment_edit
from corrections.services.suggestions import suggestion_create, suggestion_update

pytestmark = pytest.mark.django_db

QUEUE = reverse("corrections:review_queue")


@pytest.fixture(autouse=True, params=["database", "cache"])
def page_cache_on(request, settings, monkeypatch):
    settings.GYOJEONG_PAGE_CACHE = True
    store = pagecache.DatabaseStamps() if request.param == "database" else pagecache.CacheStamps()
    monkeypatch.setattr(pagecache, "stamp_store", lambda: store)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def checks_run(monkeypatch):
    """How many texts the checks have read so far."""
    calls = []
    real = quality.run_checks

    def counting(source, target, context, **kwargs):
        calls.append(target)
        return real(source, target, context, **kwargs)

    monkeypatch.setattr(quality, "run_checks", counting)
    return calls


def _agentic(sample_digest, rendering: str):
    """The sample writes "agentic IR" as 에이전트 IR in entry 1 but once as 에이전틱 IR."""
    entry = sample_digest.entries.get(position=1)
    return next(s for s in entry.segments.filter(field="abstract") if rendering in current_text(s))


def _shown(client, suggestion, check: str) -> list[dict]:
    response = client.get(QUEUE)
    assert response.status_code == 200
    (shown,) = [s for group in response.context["groups"] for s in group if s.pk == suggestion.pk]
    return [dict(f.params) for f in shown.findings if f.check == check]


def test_a_reload_shows_the_same_findings_without_checking_again(
    client_editor, member, sample_digest, committed, checks_run
):
    usual = _agentic(sample_digest, "에이전트 IR은 혁신적인")
    with committed():
        suggestion = suggestion_create(
            segment=usual, author=member, text=current_text(usual).replace("혁신적인", "새로운")
        )
    first = _shown(client_editor, suggestion, "consistency")
    assert "에이전틱" in [params["other"] for params in first]
    checked = len(checks_run)
    assert checked
    assert _shown(client_editor, suggestion, "consistency") == first
    assert len(checks_run) == checked


def test_an_edit_elsewhere_in_the_digest_settles_the_finding_at_once(
    client_editor, editor, member, sample_digest, committed
):
    usual = _agentic(sample_digest, "에이전트 IR은 혁신적인")
    odd = _agentic(sample_digest, "에이전틱 IR은")
    with committed():
        suggestion = suggestion_create(
            segment=usual, author=member, text=current_text(usual).replace("혁신적인", "새로운")
        )
    before = _shown(client_editor, suggestion, "consistency")
    assert "에이전틱" in [params["other"] for params in before]
    with committed():
        segment_edit(
            segment=odd,
            editor=editor,
            text=current_text(odd).replace("에이전틱 IR은", "에이전트 IR은"),
        )
    after = _shown(client_editor, suggestion, "consistency")
    assert "에이전틱" not in [params["other"] for params in after]


def test_a_glossary_change_shows_in_the_next_queue(client_editor, editor, member, segment):
    # Entry 7's summary writes "lightweight" as 경량; the suggestion keeps it.
    suggestion = suggestion_create(
        segment=segment, author=member, text=current_text(segment).replace("8억", "80억")
    )

    def about_lightweight() -> list[dict]:
        shown = _shown(client_editor, suggestion, "glossary")
        return [params for params in shown if "lightweight" in params.values()]

    assert about_lightweight() == []
    term_save(term=GlossaryTerm(source="lightweight", approved=["가벼운"]), editor=editor)
    (shown,) = about_lightweight()
    assert shown["approved"] == "'가벼운'"
    # Written behind the services, as a data fix or the shell would.
    GlossaryTerm.objects.filter(source="lightweight").update(approved=["경량"])
    assert about_lightweight() == []


def test_a_changed_suggestion_is_checked_again(client_editor, member, segment, committed):
    with committed():
        suggestion = suggestion_create(
            segment=segment, author=member, text=current_text(segment).replace("8억", "80억")
        )
    assert _shown(client_editor, suggestion, "numbers") == []
    with committed():
        suggestion_update(
            suggestion=suggestion, author=member, text=current_text(segment).replace("8억", "9억")
        )
    (shown,) = _shown(client_editor, suggestion, "numbers")
    assert shown["target_text"].startswith("9억")

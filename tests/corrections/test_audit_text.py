"""The editors' audit log reads as sentences in the reader's language, linked to their targets."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.services import editor_grant, suspension_impose
from core.audit import audit_record
from core.models import AuditEvent
from corrections.audit_text import SENTENCES, audit_lines
from corrections.glossary import term_propose
from corrections.services.flags import flag_create
from corrections.services.review import suggestion_accept, suggestion_reject
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from corrections.services.votes import vote_cast
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

AUDIT = reverse("corrections:audit_log")


@pytest.fixture
def minji(db):
    user = UserFactory(display_name="김민지")
    editor_grant(user=user)
    return user


def accepted(segment, author, editor):
    suggestion = suggestion_create(segment=segment, author=author, text=current_text(segment) + "!")
    revision = suggestion_accept(suggestion=suggestion, editor=editor)
    return suggestion, revision


def page(client, language=None) -> str:
    if language:
        client.cookies["django_language"] = language
    response = client.get(AUDIT)
    assert response.status_code == 200
    return response.content.decode()


def test_an_accepted_suggestion_reads_as_a_korean_sentence_with_links(
    client, minji, member, sample_digest
):
    entry = sample_digest.entries.get(position=3)
    segment = entry.segments.get(field="summary", position=0)
    suggestion, revision = accepted(segment, member, minji)
    client.force_login(minji)
    html = page(client)
    text = re.sub(r"<[^>]+>", "", html)
    assert (
        f"편집자 김민지 님이 2024-10-21 다이제스트 3번 항목 요약 1번 문장에 대한 "
        f"{suggestion.pk}번 제안을 수락해 {revision.number}번 수정판을 만들었습니다." in text
    )
    for url in (
        reverse("corrections:review_suggestion", args=[suggestion.pk]),
        reverse("corrections:segment", args=[segment.pk]),
        revision.get_absolute_url(),
        reverse("corrections:contributions", args=[minji.pk]),
    ):
        assert f'href="{url}"' in html
    assert "suggestion.accept" not in text


def test_the_same_log_reads_in_english_for_an_english_editor(client, minji, member, segment):
    suggestion, revision = accepted(segment, member, minji)
    client.force_login(minji)
    text = re.sub(r"<[^>]+>", "", page(client, "en"))
    position = segment.entry.position
    assert (
        f"Editor 김민지 accepted suggestion #{suggestion.pk} on sentence 1 of the summary of "
        f"entry {position} in the 2024-10-21 digest, creating revision {revision.number}."
    ) in text
    assert f"Member {member.public_name} made suggestion #{suggestion.pk}" in text


def test_details_are_a_definition_list_in_words_not_a_python_dict(
    client, minji, member, segment, suggest
):
    flag_create(segment=segment, author=member, reason="terminology")
    suggestion_reject(suggestion=suggest(member), editor=minji, reason="meaning", note="뜻이 바뀜")
    client.force_login(minji)
    html = page(client, "en")
    assert "{'" not in html and "&#x27;" not in html
    assert "<dt>Reason</dt><dd>Terminology</dd>" in html
    assert "<dt>Reason</dt><dd>Changes the meaning</dd>" in html
    korean = page(client, "ko")
    assert "<dt>사유</dt><dd>용어</dd>" in korean
    assert "<dt>사유</dt><dd>의미가 바뀜</dd>" in korean


def test_an_unknown_action_reads_in_words_with_its_target(client, minji, member):
    audit_record(
        action="member.frobnicate", actor=minji, target=member, data={"times": 3, "why": None}
    )
    client.force_login(minji)
    text = re.sub(r"<[^>]+>", "", page(client, "en"))
    assert "김민지 did “member frobnicate”" in text and "Editor 김민지" not in text
    assert f"user #{member.pk}" in text
    assert "Times" in text and "{" not in text


def test_names_people_chose_are_escaped(client, minji, segment):
    author = UserFactory(display_name="<b>굵게</b>")
    suggestion_create(segment=segment, author=author, text=current_text(segment) + "?")
    client.force_login(minji)
    html = page(client, "en")
    assert "<b>굵게</b>" not in html
    assert "&lt;b&gt;굵게&lt;/b&gt;" in html


def test_a_suspension_names_the_member_and_the_moderator(client, minji, member):
    suspension_impose(member=member, moderator=minji, until=None, reason="광고 도배")
    client.force_login(minji)
    text = re.sub(r"<[^>]+>", "", page(client, "en"))
    assert f"Moderator 김민지 suspended member {member.public_name} until further notice." in text
    assert "광고 도배" in text


SOURCE_DIRS = ("accounts", "core", "corrections", "digest")
# Codes built at run time, which the literal scan below cannot see.
COMPUTED_CODES = {
    *(f"comment.{a}" for a in ("hide", "restore", "remove", "dismiss_reports")),
    *(
        f"user.{flag}_{state}"
        for flag in ("is_active", "is_staff", "is_superuser")
        for state in ("set", "cleared")
    ),
    "trust.reset",
    "trust.grant",
    "trust.revoke",
    "mfa.add",
    "mfa.remove",
    "mfa.reset",
    "glossary.create",
    "glossary.change",
    "glossary.approve",
    "glossary.decline",
    "digest.import",
    "digest.update",
}


def test_every_action_the_code_writes_has_a_sentence():
    written = set(COMPUTED_CODES)
    for folder in SOURCE_DIRS:
        for path in (Path(settings.BASE_DIR) / folder).rglob("*.py"):
            written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text()))
    known = {code.split(":")[0] for code in SENTENCES}
    assert written - known == set()


@pytest.mark.parametrize("size", [2, 6])
def test_the_audit_page_runs_the_same_queries_however_long_the_log(
    client, minji, count_queries, size
):
    digest = make_digest(slug="sized", entries=size, sentences=2)
    people = [UserFactory() for _ in range(2)]
    for entry in digest.entries.all():
        first, second = list(entry.segments.all())[:2]
        flag_create(segment=first, author=people[0], reason="awkward")
        accepted(first, people[0], minji)
        vote_cast(
            suggestion=suggestion_create(segment=second, author=people[0], text="새 문장"),
            voter=people[1],
            value=-1,
        )
        term_propose(
            source=f"term {entry.position}",
            approved=["용어"],
            forbidden=[],
            note="",
            author=people[1],
        )
    assert AuditEvent.objects.count() >= 6 * size
    client.force_login(minji)
    assert count_queries(lambda: client.get(AUDIT)) == QUERIES


# Session, user and their groups; the header's three counts and the suspension banner; the
# events and their count; then one query per kind of target on the page: suggestions, flags,
# glossary terms, the digest (its import) and members (the editor role granted).
QUERIES = 14


def test_lines_resolve_targets_in_one_query_per_kind(minji, member, segment, count_queries):
    for n in range(5):
        flag = flag_create(segment=segment, author=UserFactory(), reason="typo")
        audit_record(action="flag.dismiss", actor=minji, target=flag, data={"note": f"{n}"})
    events = list(
        AuditEvent.objects.filter(action="flag.dismiss").select_related("actor", "target_type")
    )
    assert count_queries(lambda: audit_lines(events)) == 1

"""The write API of interfaces.md §3: what each endpoint does and how it refuses."""

import datetime
import io

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from corrections.models import Flag, Suggestion, Vote
from corrections.services.flags import flag_create
from corrections.services.review import suggestion_reject
from corrections.services.segments import current_text, segment_edit
from corrections.services.suggestions import suggestion_create
from corrections.services.votes import vote_cast
from digest.interchange import DigestData, EntryData, FieldData, SegmentData
from digest.models import Revision, Segment
from digest.services import digest_import, entry_lock, revision_append
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

JSON = "application/json"


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture
def digest(db):
    return make_digest(slug="api-digest", entries=2, sentences=2)


@pytest.fixture
def entry(digest):
    return digest.entries.get(position=1)


@pytest.fixture
def segment(entry):
    return entry.segments.get(field="summary", position=0)


@pytest.fixture
def second_segment(entry):
    return entry.segments.get(field="summary", position=1)


@pytest.fixture
def author(db):
    return UserFactory(display_name="제안자")


@pytest.fixture(autouse=True)
def english(client):
    # Messages are asserted in English; the site's default language is Korean.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def post(client, url, data=None, **extra):
    return client.post(url, data if data is not None else {}, content_type=JSON, **extra)


def login(client, user):
    client.force_login(user)
    return client


def suggest(segment, author, text=None) -> Suggestion:
    text = text or current_text(segment) + " 고침"
    return suggestion_create(segment=segment, author=author, text=text)


def _reimport(entry, segment, text: str) -> None:
    """A machine re-import changes a sentence without touching its suggestions, which stay
    pending although they were made against the older text."""
    revision_append(
        entry=entry_lock(entry_id=entry.pk), kind=Revision.Kind.MACHINE, texts={segment.pk: text}
    )


def one_sentence_digest(*, source: str, target: str, slug: str = "one-sentence"):
    data = DigestData(
        slug=slug,
        title="한 문장 다이제스트",
        publisher="PyTorchKR",
        period_start=datetime.date(2024, 10, 21),
        period_end=datetime.date(2024, 10, 27),
        status="published",
        entries=(
            EntryData(
                position=1,
                kind="paper",
                source_url=None,
                read_more_url=None,
                fields=(
                    FieldData(
                        name="title", segments=(SegmentData(source="A Model", target="모델"),)
                    ),
                    FieldData(
                        name="summary", segments=(SegmentData(source=source, target=target),)
                    ),
                ),
            ),
        ),
    )
    digest = digest_import(data=data).digest
    return Segment.objects.get(entry__digest=digest, field="summary")


# --- authentication ------------------------------------------------------------------------


def test_anonymous_write_is_401_with_token_challenge(client, segment):
    response = post(client, f"/api/v1/segments/{segment.pk}/flags/", {"reason": "typo"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"]
    assert not Flag.objects.exists()


def test_member_without_verified_email_is_403(client, segment):
    unverified = UserFactory(verified=False)
    response = post(
        login(client, unverified), f"/api/v1/segments/{segment.pk}/flags/", {"reason": "typo"}
    )
    assert response.status_code == 403
    assert "verified email" in response.json()["detail"]
    assert not Flag.objects.exists()


def test_drf_create_token_issues_a_token_for_an_email(client, member, segment):
    out = io.StringIO()
    call_command("drf_create_token", member.email, stdout=out)
    key = Token.objects.get(user=member).key
    assert key in out.getvalue()
    response = post(
        client,
        f"/api/v1/segments/{segment.pk}/flags/",
        {"reason": "typo"},
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 201
    assert Flag.objects.get().author == member


def test_a_wrong_token_is_401(client, segment):
    response = post(
        client,
        f"/api/v1/segments/{segment.pk}/flags/",
        {"reason": "typo"},
        HTTP_AUTHORIZATION="Token not-a-real-key",
    )
    assert response.status_code == 401
    assert response.json()["detail"]


# --- segment detail ------------------------------------------------------------------------


def test_segment_detail_shows_current_text_flags_and_suggestions(client, segment, member, author):
    flag_create(segment=segment, author=member, reason="typo")
    suggestion = suggest(segment, author)
    vote_cast(suggestion=suggestion, voter=member, value=1)
    body = login(client, member).get(f"/api/v1/segments/{segment.pk}/").json()
    assert body["id"] == segment.pk
    assert body["text"] == current_text(segment)
    assert body["source"] == segment.source
    assert body["revision"] == 1
    assert body["open_flag_count"] == 1
    assert body["flags"] == []  # flag details are for editors
    assert body["my_flag"]["reason"] == "typo"
    assert [(s["id"], s["score"], s["my_vote"]) for s in body["suggestions"]] == [
        (suggestion.pk, 1, 1)
    ]


def test_segment_detail_lists_open_flags_for_editors(client, segment, member, editor):
    flag_create(segment=segment, author=member, reason="typo", span=(0, 2))
    body = login(client, editor).get(f"/api/v1/segments/{segment.pk}/").json()
    assert [(f["reason"], f["span"]) for f in body["flags"]] == [("typo", [0, 2])]
    assert body["my_flag"] is None


def test_segment_detail_unknown_and_draft_are_404(client, member):
    draft = make_digest(slug="draft", status="draft")
    draft_segment = Segment.objects.filter(entry__digest=draft).first()
    login(client, member)
    for segment_id in (draft_segment.pk, 999999, 10**30):
        response = client.get(f"/api/v1/segments/{segment_id}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


# --- flags ---------------------------------------------------------------------------------


def test_member_flags_a_sentence(client, member, segment):
    response = post(
        login(client, member),
        f"/api/v1/segments/{segment.pk}/flags/",
        {"reason": "mistranslation", "note": "뜻이 다릅니다", "span": [0, 2]},
    )
    assert response.status_code == 201
    body = response.json()
    flag = Flag.objects.get()
    assert body == {
        "id": flag.pk,
        "reason": "mistranslation",
        "note": "뜻이 다릅니다",
        "span": [0, 2],
        "status": "open",
        "created_at": body["created_at"],
    }
    assert (flag.author, flag.span_start, flag.span_end) == (member, 0, 2)


def test_flag_without_span(client, member, segment):
    response = post(
        login(client, member),
        f"/api/v1/segments/{segment.pk}/flags/",
        {"reason": "typo", "span": None},
    )
    assert response.status_code == 201
    assert response.json()["span"] is None and response.json()["note"] == ""


def test_second_open_flag_on_a_sentence_is_409(client, member, segment):
    login(client, member)
    assert (
        post(client, f"/api/v1/segments/{segment.pk}/flags/", {"reason": "typo"}).status_code == 201
    )
    response = post(client, f"/api/v1/segments/{segment.pk}/flags/", {"reason": "other"})
    assert response.status_code == 409
    assert "already flagged" in response.json()["detail"]
    assert Flag.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"reason": "typo", "span": [5, 2]},
        {"reason": "typo", "span": [0, 10**6]},
        {"reason": "typo", "span": [10**30, 10**30 + 1]},
        {"reason": "typo", "span": [2]},
        {"reason": "typo", "span": [1, 2, 3]},
        {"reason": "typo", "span": [-1, 2]},
        {"reason": "typo", "span": ["a", "b"]},
        {"reason": "typo", "span": [1.5, 2]},
        {"reason": "typo", "span": "0,2"},
        {"reason": "typo", "span": {"start": 0}},
        {"reason": "because"},
        {"reason": 7},
        {"reason": None},
        {"note": "no reason"},
        {"reason": "typo", "note": "x" * 2001},
        {"reason": "typo", "note": ["a list"]},
    ],
)
def test_bad_flag_bodies_are_400(client, member, segment, body):
    response = post(login(client, member), f"/api/v1/segments/{segment.pk}/flags/", body)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Flag.objects.exists()


def test_flag_on_unknown_or_draft_segment_is_404(client, member):
    draft = make_digest(slug="draft", status="draft")
    draft_segment = Segment.objects.filter(entry__digest=draft).first()
    login(client, member)
    for segment_id in (draft_segment.pk, 999999):
        response = post(client, f"/api/v1/segments/{segment_id}/flags/", {"reason": "typo"})
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    assert not Flag.objects.exists()


# --- suggestions ---------------------------------------------------------------------------


def test_member_suggests_text_and_gets_findings(client, member, segment):
    text = current_text(segment).replace("문장", "글")
    response = post(
        login(client, member),
        f"/api/v1/segments/{segment.pk}/suggestions/",
        {"text": text, "note": "더 자연스럽게"},
    )
    assert response.status_code == 201
    body = response.json()
    suggestion = Suggestion.objects.get()
    assert body["id"] == suggestion.pk
    assert body["status"] == "pending"
    assert isinstance(body["findings"], list)
    assert (suggestion.text, suggestion.note, suggestion.author) == (text, "더 자연스럽게", member)
    assert suggestion.base_text == current_text(segment)


def test_suggestion_that_breaks_a_number_gets_a_numbers_finding(client, member):
    segment = one_sentence_digest(
        source="The model has 8B parameters and beats larger models.",
        target="이 모델은 80억 개의 매개변수를 가지며 더 큰 모델을 능가합니다.",
    )
    response = post(
        login(client, member),
        f"/api/v1/segments/{segment.pk}/suggestions/",
        {"text": "이 모델은 8억 개의 매개변수를 가지며 더 큰 모델을 능가합니다."},
    )
    assert response.status_code == 201
    findings = response.json()["findings"]
    numbers = [f for f in findings if f["check"] == "numbers"]
    assert numbers, findings
    assert numbers[0]["severity"] == "error"
    assert "8억" in numbers[0]["message"]
    assert set(numbers[0]) == {"check", "severity", "message", "why", "fix", "span"}


def test_suggestion_answering_a_flag(client, member, author, segment):
    flag = flag_create(segment=segment, author=author, reason="typo")
    response = post(
        login(client, member),
        f"/api/v1/segments/{segment.pk}/suggestions/",
        {"text": "새 문장입니다.", "flag": flag.pk},
    )
    assert response.status_code == 201
    assert Suggestion.objects.get().flag == flag


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": ""}, "blank"),
        ({"text": "   "}, "blank"),
        ({}, "required"),
        ({"text": None}, "null"),
        ({"text": ["a"]}, "valid string"),
        ({"text": "가" * 2001}, "too long"),
        ({"text": "새 문장", "flag": 999999}, "does not exist"),
        ({"text": "새 문장", "flag": 10**30}, "does not exist"),
        ({"text": "새 문장", "flag": "one"}, "Incorrect type"),
        ({"text": "bad \ud800 surrogate"}, "Surrogate"),
        ({"text": "bad \x00 null"}, "Null"),
    ],
)
def test_bad_suggestion_bodies_are_400(client, member, segment, body, message):
    response = post(
        login(client, member),
        f"/api/v1/segments/{segment.pk}/suggestions/",
        body,
    )
    assert response.status_code == 400
    assert message.lower() in response.json()["detail"].lower()
    assert not Suggestion.objects.exists()


def test_suggesting_the_current_text_is_400(client, member, segment):
    response = post(
        login(client, member),
        f"/api/v1/segments/{segment.pk}/suggestions/",
        {"text": current_text(segment)},
    )
    assert response.status_code == 400
    assert "same as the current text" in response.json()["detail"]


def test_suggesting_with_a_flag_of_another_sentence_is_400(client, member, segment, second_segment):
    flag = flag_create(segment=second_segment, author=member, reason="typo")
    response = post(
        login(client, member),
        f"/api/v1/segments/{segment.pk}/suggestions/",
        {"text": "새 문장", "flag": flag.pk},
    )
    assert response.status_code == 400
    assert "another sentence" in response.json()["detail"]


def test_the_same_suggestion_twice_is_409(client, member, segment):
    login(client, member)
    url = f"/api/v1/segments/{segment.pk}/suggestions/"
    assert post(client, url, {"text": "새 문장"}).status_code == 201
    response = post(client, url, {"text": "새 문장"})
    assert response.status_code == 409
    assert Suggestion.objects.count() == 1


def test_author_edits_a_pending_suggestion(client, author, segment):
    suggestion = suggest(segment, author)
    response = login(client, author).patch(
        f"/api/v1/suggestions/{suggestion.pk}/", {"text": "고친 제안"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["text"] == "고친 제안"
    assert "findings" in response.json()
    suggestion.refresh_from_db()
    assert suggestion.text == "고친 제안"


def test_editing_only_the_note_keeps_the_text(client, author, segment):
    suggestion = suggest(segment, author)
    response = login(client, author).patch(
        f"/api/v1/suggestions/{suggestion.pk}/", {"note": "근거"}, content_type=JSON
    )
    assert response.status_code == 200
    suggestion.refresh_from_db()
    assert (suggestion.note, suggestion.text) == ("근거", response.json()["text"])


def test_empty_edit_is_400(client, author, segment):
    suggestion = suggest(segment, author)
    response = login(client, author).patch(
        f"/api/v1/suggestions/{suggestion.pk}/", {}, content_type=JSON
    )
    assert response.status_code == 400


def test_editing_a_reviewed_suggestion_is_409(client, author, editor, segment):
    suggestion = suggest(segment, author)
    suggestion_reject(suggestion=suggestion, editor=editor, reason="not_better")
    response = login(client, author).patch(
        f"/api/v1/suggestions/{suggestion.pk}/", {"text": "다시"}, content_type=JSON
    )
    assert response.status_code == 409


def test_author_withdraws_a_suggestion(client, author, segment):
    suggestion = suggest(segment, author)
    login(client, author)
    response = client.delete(f"/api/v1/suggestions/{suggestion.pk}/")
    assert response.status_code == 200
    assert response.json() == {"id": suggestion.pk, "status": "withdrawn"}
    assert client.delete(f"/api/v1/suggestions/{suggestion.pk}/").status_code == 409


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", "/api/v1/segments/999999/", None),
        ("post", "/api/v1/segments/999999/flags/", {"reason": "typo"}),
        ("post", "/api/v1/segments/999999/suggestions/", {"text": "새 문장"}),
        ("post", "/api/v1/segments/999999/edit/", {"text": "새 문장"}),
        ("patch", "/api/v1/suggestions/999999/", {"text": "새 문장"}),
        ("delete", "/api/v1/suggestions/999999/", None),
        ("post", "/api/v1/suggestions/999999/votes/", {"value": 1}),
        ("post", "/api/v1/suggestions/999999/accept/", {}),
        ("post", "/api/v1/suggestions/999999/reject/", {"reason": "meaning"}),
        ("get", "/api/v1/entries/999999/revisions/", None),
        ("post", "/api/v1/entries/999999/revisions/", {"suggestions": [1]}),
        ("post", "/api/v1/entries/999999/revert/", {"to": 1}),
        ("post", f"/api/v1/entries/{10**30}/revert/", {"to": 1}),
    ],
)
def test_unknown_ids_are_json_404(client, editor, method, url, body):
    response = getattr(login(client, editor), method)(url, body or {}, content_type=JSON)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# --- votes ---------------------------------------------------------------------------------


def test_votes_count_change_and_take_back(client, member, author, segment):
    suggestion = suggest(segment, author)
    login(client, member)
    url = f"/api/v1/suggestions/{suggestion.pk}/votes/"
    assert post(client, url, {"value": 1}).json() == {"score": 1, "vote": 1}
    assert post(client, url, {"value": -1}).json() == {"score": -1, "vote": -1}
    assert post(client, url, {"value": -1}).json() == {"score": 0, "vote": None}
    assert not Vote.objects.exists()


def test_voting_on_your_own_suggestion_is_403(client, author, segment):
    suggestion = suggest(segment, author)
    response = post(
        login(client, author), f"/api/v1/suggestions/{suggestion.pk}/votes/", {"value": 1}
    )
    assert response.status_code == 403
    assert "own suggestion" in response.json()["detail"]
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    "body", [{"value": 2}, {"value": 0}, {"value": "up"}, {"value": True}, {"value": 1.5}, {}]
)
def test_bad_votes_are_400(client, member, author, segment, body):
    suggestion = suggest(segment, author)
    response = post(login(client, member), f"/api/v1/suggestions/{suggestion.pk}/votes/", body)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Vote.objects.exists()


def test_voting_on_a_closed_suggestion_is_409(client, member, author, editor, segment):
    suggestion = suggest(segment, author)
    suggestion_reject(suggestion=suggestion, editor=editor, reason="not_better")
    response = post(
        login(client, member), f"/api/v1/suggestions/{suggestion.pk}/votes/", {"value": 1}
    )
    assert response.status_code == 409


# --- accept and reject ---------------------------------------------------------------------


def test_editor_accepts_a_suggestion(client, editor, author, segment, entry):
    suggestion = suggest(segment, author, "고친 문장입니다.")
    response = post(
        login(client, editor), f"/api/v1/suggestions/{suggestion.pk}/accept/", {"summary": "요약"}
    )
    assert response.status_code == 200
    assert response.json() == {"revision": 2}
    assert current_text(segment) == "고친 문장입니다."
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    revisions = client.get(f"/api/v1/entries/{entry.pk}/revisions/").json()
    assert revisions[-1]["contributors"] == [author.public_name]
    assert revisions[-1]["summary"] == "요약"


def test_editor_accepts_with_an_edited_text(client, editor, author, segment):
    suggestion = suggest(segment, author, "고친 문장입니다.")
    response = post(
        login(client, editor),
        f"/api/v1/suggestions/{suggestion.pk}/accept/",
        {"text": "더 고친 문장입니다."},
    )
    assert response.status_code == 200
    assert current_text(segment) == "더 고친 문장입니다."


def test_accepting_an_outdated_suggestion_is_409_with_the_three_texts(
    client, editor, author, member, segment
):
    base = current_text(segment)
    first = suggest(segment, member, base.replace("항목", "항목(첫째)"))
    second = suggest(segment, author, base + " 덧붙임.")
    login(client, editor)
    assert post(client, f"/api/v1/suggestions/{first.pk}/accept/").status_code == 200
    response = post(client, f"/api/v1/suggestions/{second.pk}/accept/")
    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"detail", "rebased_text", "current_text", "base_text", "suggested_text"}
    assert "changed" in body["detail"]
    assert body["base_text"] == base
    assert body["current_text"] == current_text(segment) == first.text
    assert body["suggested_text"] == second.text
    assert body["rebased_text"] == first.text + " 덧붙임."
    second.refresh_from_db()
    assert second.status == "outdated"
    # The editor reviews the rebase and publishes it.
    response = post(
        client, f"/api/v1/suggestions/{second.pk}/accept/", {"text": body["rebased_text"]}
    )
    assert response.status_code == 200
    assert response.json() == {"revision": 3}
    assert current_text(segment) == first.text + " 덧붙임."


def test_editor_cannot_accept_their_own_suggestion(client, editor, segment):
    suggestion = suggest(segment, editor)
    response = post(login(client, editor), f"/api/v1/suggestions/{suggestion.pk}/accept/")
    assert response.status_code == 403
    assert "own suggestion" in response.json()["detail"]
    assert Revision.objects.filter(entry=segment.entry).count() == 1


def test_accepting_twice_is_409(client, editor, author, segment):
    suggestion = suggest(segment, author)
    login(client, editor)
    assert post(client, f"/api/v1/suggestions/{suggestion.pk}/accept/").status_code == 200
    response = post(client, f"/api/v1/suggestions/{suggestion.pk}/accept/")
    assert response.status_code == 409
    assert "already been reviewed" in response.json()["detail"]


def test_editor_rejects_a_suggestion(client, editor, author, segment):
    suggestion = suggest(segment, author)
    response = post(
        login(client, editor),
        f"/api/v1/suggestions/{suggestion.pk}/reject/",
        {"reason": "meaning", "note": "뜻이 바뀝니다"},
    )
    assert response.status_code == 200
    assert response.json() == {"id": suggestion.pk, "status": "rejected"}
    suggestion.refresh_from_db()
    assert (suggestion.reject_reason, suggestion.reject_note) == ("meaning", "뜻이 바뀝니다")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "required"),
        ({"reason": "ugly"}, "not a valid choice"),
        ({"reason": "other"}, "Explain the reason"),
    ],
)
def test_bad_rejections_are_400(client, editor, author, segment, body, message):
    suggestion = suggest(segment, author)
    response = post(
        login(client, editor),
        f"/api/v1/suggestions/{suggestion.pk}/reject/",
        body,
    )
    assert response.status_code == 400
    assert message in response.json()["detail"]
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


# --- batch publish, revert, direct edit ----------------------------------------------------


def test_batch_publish_makes_one_revision_crediting_every_author(
    client, editor, author, member, entry, segment, second_segment
):
    first = suggest(segment, author, "첫째 문장을 고쳤습니다.")
    second = suggest(second_segment, member, "둘째 문장을 고쳤습니다.")
    response = post(
        login(client, editor),
        f"/api/v1/entries/{entry.pk}/revisions/",
        {"suggestions": [first.pk, second.pk], "summary": "두 제안 반영"},
    )
    assert response.status_code == 201
    assert response.json() == {
        "revision": 2,
        "accepted": [first.pk, second.pk],
        "outdated": [],
    }
    revisions = client.get(f"/api/v1/entries/{entry.pk}/revisions/").json()
    assert [r["number"] for r in revisions] == [1, 2]
    assert sorted(revisions[1]["contributors"]) == sorted([author.public_name, member.public_name])
    assert revisions[1]["editor"] == editor.public_name
    assert current_text(segment) == "첫째 문장을 고쳤습니다."
    assert current_text(second_segment) == "둘째 문장을 고쳤습니다."


def test_batch_publish_leaves_out_outdated_suggestions(
    client, editor, author, member, entry, segment, second_segment
):
    fresh = suggest(segment, author, "첫째 문장을 고쳤습니다.")
    stale = suggest(second_segment, member, "둘째 문장을 고쳤습니다.")
    _reimport(entry, second_segment, "다시 번역한 문장입니다.")
    response = post(
        login(client, editor),
        f"/api/v1/entries/{entry.pk}/revisions/",
        {"suggestions": [fresh.pk, stale.pk]},
    )
    assert response.status_code == 201
    assert response.json() == {"revision": 3, "accepted": [fresh.pk], "outdated": [stale.pk]}


def test_batch_publish_of_only_outdated_suggestions_is_409(client, editor, author, entry, segment):
    stale = suggest(segment, author, "고친 문장입니다.")
    _reimport(entry, segment, "다시 번역한 문장입니다.")
    response = post(
        login(client, editor), f"/api/v1/entries/{entry.pk}/revisions/", {"suggestions": [stale.pk]}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current_text"] == "다시 번역한 문장입니다."
    assert (body["base_text"], body["suggested_text"]) == (stale.base_text, stale.text)
    assert Revision.objects.filter(entry=entry).count() == 2
    stale.refresh_from_db()
    assert stale.status == "outdated"


@pytest.mark.parametrize(
    "body",
    [
        {"suggestions": []},
        {"suggestions": [999999]},
        {"suggestions": [10**30]},
        {"suggestions": ["a"]},
        {"suggestions": "1,2"},
        {"suggestions": list(range(1, 202))},
        {"summary": "nothing"},
    ],
)
def test_bad_batches_are_400(client, editor, entry, body):
    response = post(login(client, editor), f"/api/v1/entries/{entry.pk}/revisions/", body)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert Revision.objects.filter(entry=entry).count() == 1


def test_batch_with_a_suggestion_of_another_entry_is_400(client, editor, author, digest, entry):
    other = digest.entries.get(position=2).segments.first()
    suggestion = suggest(other, author)
    response = post(
        login(client, editor),
        f"/api/v1/entries/{entry.pk}/revisions/",
        {"suggestions": [suggestion.pk]},
    )
    assert response.status_code == 400
    assert "belong to this entry" in response.json()["detail"]


def test_revision_list_still_answers_anyone(client, entry):
    response = client.get(f"/api/v1/entries/{entry.pk}/revisions/")
    assert response.status_code == 200
    assert [r["number"] for r in response.json()] == [1]


def test_revert_makes_a_new_revision_with_the_old_text(client, editor, entry, segment):
    original = current_text(segment)
    segment_edit(segment=segment, editor=editor, text="고친 문장")
    segment_edit(segment=segment, editor=editor, text="또 고친 문장")
    response = post(
        login(client, editor), f"/api/v1/entries/{entry.pk}/revert/", {"to": 1, "summary": "되돌림"}
    )
    assert response.status_code == 201
    assert response.json() == {"revision": 4}
    assert current_text(segment) == original
    history = client.get(f"/api/v1/entries/{entry.pk}/revisions/").json()
    assert len(history) == 4
    assert (history[-1]["kind"], history[-1]["reverted_to"], history[-1]["summary"]) == (
        "revert",
        1,
        "되돌림",
    )


@pytest.mark.parametrize(
    "body", [{"to": 1}, {"to": 99}, {"to": 0}, {"to": "one"}, {"to": 10**30}, {}, {"to": None}]
)
def test_bad_reverts_are_400(client, editor, entry, body):
    # Revision 1 is current, so reverting to it changes nothing either.
    response = post(login(client, editor), f"/api/v1/entries/{entry.pk}/revert/", body)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert Revision.objects.filter(entry=entry).count() == 1


def test_revert_of_unknown_entry_is_404(client, editor):
    response = post(login(client, editor), "/api/v1/entries/999999/revert/", {"to": 1})
    assert response.status_code == 404


def test_editor_edits_a_sentence_directly(client, editor, segment):
    response = post(
        login(client, editor), f"/api/v1/segments/{segment.pk}/edit/", {"text": "직접 고친 문장"}
    )
    assert response.status_code == 201
    assert response.json() == {"revision": 2}
    assert current_text(segment) == "직접 고친 문장"
    assert Revision.objects.get(entry=segment.entry, number=2).kind == "edit"


def test_editing_to_the_same_text_is_400(client, editor, segment):
    response = post(
        login(client, editor),
        f"/api/v1/segments/{segment.pk}/edit/",
        {"text": current_text(segment)},
    )
    assert response.status_code == 400
    assert "Nothing would change" in response.json()["detail"]


# --- review queue --------------------------------------------------------------------------


def test_review_queue_lists_open_suggestions_for_editors(
    client, editor, author, member, digest, segment, second_segment
):
    low = suggest(segment, author)
    high = suggest(second_segment, author)
    vote_cast(suggestion=high, voter=member, value=1)
    flag_create(segment=segment, author=member, reason="typo")
    other_entry = digest.entries.get(position=2).segments.first()
    elsewhere = suggest(other_entry, member)
    login(client, editor)
    body = client.get("/api/v1/review/queue/").json()
    assert body["count"] == 3
    assert [item["id"] for item in body["results"]][:2] == [high.pk, low.pk]
    item = next(item for item in body["results"] if item["id"] == low.pk)
    assert item["current_text"] == current_text(segment)
    assert item["open_flags"] == 1
    assert [f["reason"] for f in item["flags"]] == ["typo"]
    assert item["author"] == author.public_name and item["digest"] == digest.slug

    def ids(query):
        response = client.get(f"/api/v1/review/queue/?{query}")
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["results"]]

    assert ids(f"entry={segment.entry_id}&sort=oldest") == [low.pk, high.pk]
    assert ids(f"author={member.pk}") == [elsewhere.pk]
    assert ids("reason=typo") == [low.pk]
    assert ids("digest=nope") == []
    assert set(ids(f"digest={digest.slug}&sort=newest")) == {low.pk, high.pk, elsewhere.pk}


@pytest.mark.parametrize(
    "query", ["sort=best", "entry=abc", "entry=0", "author=-1", "reason=ugly", "entry=" + "9" * 40]
)
def test_bad_review_queue_filters_are_400(client, editor, query):
    response = login(client, editor).get(f"/api/v1/review/queue/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_review_queue_is_for_editors(client, member):
    assert client.get("/api/v1/review/queue/").status_code == 401
    response = login(client, member).get("/api/v1/review/queue/")
    assert response.status_code == 403
    assert "Only editors" in response.json()["detail"]


@pytest.mark.parametrize("size", [2, 6])
def test_review_queue_query_count_is_flat(client, editor, count_queries, size):
    digest = make_digest(slug=f"queue-{size}", entries=size, sentences=1)
    voter = UserFactory()
    for segment in Segment.objects.filter(entry__digest=digest):
        author = UserFactory()
        suggestion = suggest(segment, author)
        vote_cast(suggestion=suggestion, voter=voter, value=1)
        flag_create(segment=segment, author=author, reason="typo")
    login(client, editor)
    client.get("/api/v1/review/queue/")  # warm the editor's session and group caches
    # session, user, editors group, count, page, prefetched flags
    assert count_queries(lambda: client.get("/api/v1/review/queue/")) == 6


# --- rate limits ---------------------------------------------------------------------------


def test_rate_limit_is_429_with_retry_after(client, member, segment, second_segment, settings):
    settings.GYOJEONG_RATE_LIMITS = {
        "flag": (1, 3600),
        "suggestion": (1, 3600),
        "vote": (1, 3600),
    }
    login(client, member)
    assert (
        post(client, f"/api/v1/segments/{segment.pk}/flags/", {"reason": "typo"}).status_code == 201
    )
    response = post(client, f"/api/v1/segments/{second_segment.pk}/flags/", {"reason": "typo"})
    assert response.status_code == 429
    assert 3590 <= int(response["Retry-After"]) <= 3601
    assert response.json() == {
        "detail": "You have reached the limit of 1 in 60 minutes. Please try again in 60 minutes."
    }
    url = f"/api/v1/segments/{segment.pk}/suggestions/"
    assert post(client, url, {"text": "하나"}).status_code == 201
    assert post(client, url, {"text": "둘"}).status_code == 429
    assert Flag.objects.count() == 1 and Suggestion.objects.count() == 1


# --- malformed requests --------------------------------------------------------------------


def _write_urls(segment, suggestion, entry):
    return [
        f"/api/v1/segments/{segment.pk}/flags/",
        f"/api/v1/segments/{segment.pk}/suggestions/",
        f"/api/v1/segments/{segment.pk}/edit/",
        f"/api/v1/suggestions/{suggestion.pk}/votes/",
        f"/api/v1/suggestions/{suggestion.pk}/accept/",
        f"/api/v1/suggestions/{suggestion.pk}/reject/",
        f"/api/v1/entries/{entry.pk}/revisions/",
        f"/api/v1/entries/{entry.pk}/revert/",
    ]


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        "[1, 2, 3]",
        "null",
        '"a string"',
        "12345678901234567890123456789012345678901234567890",
        '{"text": 1e400, "value": 1e400, "to": 1e400, "reason": 1e400, "suggestions": 1e400}',
        '{"text": NaN, "value": Infinity}',
        '{"text": 5, "summary": 7, "value": "1e3", "to": "two", "reason": 5, '
        '"suggestions": {"a": 1}, "span": [5, 2]}',
        '{"text": {"nested": []}, "summary": [], "note": {}, "suggestions": [[1]], "to": [1]}',
        b"\xff\xfe garbage",
    ],
)
def test_junk_bodies_get_400_json_never_500(client, editor, author, segment, entry, raw):
    suggestion = suggest(segment, author)
    login(client, editor)
    for url in _write_urls(segment, suggestion, entry):
        response = client.post(url, raw, content_type=JSON)
        assert response.status_code == 400, (url, response.content)
        assert response.json()["detail"], url
    response = client.patch(f"/api/v1/suggestions/{suggestion.pk}/", raw, content_type=JSON)
    assert response.status_code in (400, 403), response.content
    assert Revision.objects.filter(entry=entry).count() == 1
    assert Flag.objects.count() == 0 and Suggestion.objects.count() == 1


def test_only_json_bodies_are_taken_and_others_refused_without_500(client, member, segment):
    login(client, member)
    url = f"/api/v1/segments/{segment.pk}/flags/"
    assert client.post(url, "reason=typo", content_type="text/plain").status_code == 415
    # The API speaks JSON only: a form encoding cannot say null, a number or a list.
    form = client.post(url, "reason=typo", content_type="application/x-www-form-urlencoded")
    assert form.status_code == 415 and form.json()["detail"]
    assert client.post(url, {"reason": "typo"}).status_code == 415
    assert client.post(url, {"reason": "typo"}, content_type="application/json").status_code == 201


def test_an_oversized_body_is_refused_without_500(client, member, segment):
    response = post(
        login(client, member),
        f"/api/v1/segments/{segment.pk}/suggestions/",
        {"text": "가" * 3_000_000},
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    assert not Suggestion.objects.exists()


def test_a_broken_check_neither_fails_the_answer_nor_the_retry(client, member, monkeypatch, caplog):
    """A check that raises on some text is logged and left out; the suggestion is stored
    once and answered 201 with the other checks' findings, so no client retries into a 409."""
    from corrections import checks

    def broken(source, target, context):
        raise ValueError("unexpected text")

    monkeypatch.setattr(checks, "CHECKS", {**checks.CHECKS, "numbers": broken})
    segment = one_sentence_digest(
        source="The model has 8B parameters and keeps `vLLM` in the pipeline.",
        target="이 모델은 80억 개의 매개변수를 가지며 파이프라인에 `vLLM`을 유지합니다.",
    )
    response = post(
        login(client, member),
        f"/api/v1/segments/{segment.pk}/suggestions/",
        {"text": "이 모델은 800억 개의 매개변수를 가지며 파이프라인에 유지합니다."},
    )
    assert response.status_code == 201
    assert Suggestion.objects.count() == 1
    codes = {finding["check"] for finding in response.json()["findings"]}
    assert "numbers" not in codes
    assert "preserve" in codes
    assert "'numbers' check failed" in caplog.text

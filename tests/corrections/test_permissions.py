"""Who may write what, through every front door: the JSON API and the HTML views.

Each write endpoint is tried by a visitor, a signed-in person without a verified address, a
member, the suggestion's (and flag's) author and an editor. A refused attempt must leave the
database exactly as it was; an allowed one must change it.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Notification
from accounts.services import editor_grant
from core.models import AuditEvent
from corrections.models import Flag, Suggestion, Vote
from corrections.services.flags import flag_create
from corrections.services.segments import segment_edit
from corrections.services.suggestions import suggestion_create
from digest.models import Entry, Revision, RevisionCredit, SegmentText
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "unverified", "member", "author", "editor")
JSON = "application/json"


@dataclass
class World:
    entry: Entry
    segment: object  # where new flags, suggestions and edits go; the suggestion's sentence
    suggestion: Suggestion  # pending, by `author`
    flag: Flag  # open, by `author`, on another sentence of the entry
    users: dict


@pytest.fixture
def world(db, client) -> World:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.cookies["django_language"] = "en"
    digest = make_digest(slug="permissions", entries=1, sentences=2)
    entry = digest.entries.get()
    segment = entry.segments.get(field="summary", position=0)
    author = UserFactory(display_name="제안자")
    editor = UserFactory(display_name="편집자")
    editor_grant(user=editor)
    suggestion = suggestion_create(segment=segment, author=author, text="제안자가 고친 문장입니다.")
    flag = flag_create(
        segment=entry.segments.get(field="title", position=0), author=author, reason="typo"
    )
    # Revision 2, on a third sentence, so that there is something to revert.
    segment_edit(
        segment=entry.segments.get(field="abstract", position=0),
        editor=editor,
        text="편집자가 먼저 고친 문장입니다.",
    )
    users = {
        "visitor": None,
        "unverified": UserFactory(verified=False),
        "member": UserFactory(),
        "author": author,
        "editor": editor,
    }
    return World(entry=entry, segment=segment, suggestion=suggestion, flag=flag, users=users)


def snapshot() -> dict:
    """Everything a write could touch, to compare before and after a request."""
    return {
        "flags": sorted(Flag.objects.values_list("id", "status", "note")),
        "suggestions": sorted(
            Suggestion.objects.values_list("id", "status", "text", "note", "score", "vote_count")
        ),
        "votes": sorted(Vote.objects.values_list("id", "suggestion_id", "value")),
        "revisions": sorted(Revision.objects.values_list("id", "number")),
        "texts": SegmentText.objects.count(),
        "credits": RevisionCredit.objects.count(),
        "current": sorted(Entry.objects.values_list("id", "current_revision_id")),
        "audit": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
    }


def act_as(client, world: World, role: str):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


# --- the JSON API --------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiRow:
    name: str
    method: str
    url: Callable[[World], str]
    body: Callable[[World], dict]
    # Status per role, in the order of ROLES.
    statuses: tuple[int, int, int, int, int]


API_ROWS = [
    ApiRow(
        "flag_create",
        "post",
        lambda w: f"/api/v1/segments/{w.segment.pk}/flags/",
        lambda w: {"reason": "typo", "span": [0, 2]},
        (401, 403, 201, 201, 201),
    ),
    ApiRow(
        "suggestion_create",
        "post",
        lambda w: f"/api/v1/segments/{w.segment.pk}/suggestions/",
        lambda w: {"text": "새로 고친 문장입니다.", "note": "근거"},
        (401, 403, 201, 201, 201),
    ),
    ApiRow(
        "suggestion_update",
        "patch",
        lambda w: f"/api/v1/suggestions/{w.suggestion.pk}/",
        lambda w: {"text": "저자가 다시 고친 문장입니다."},
        (401, 403, 403, 200, 403),
    ),
    ApiRow(
        "suggestion_withdraw",
        "delete",
        lambda w: f"/api/v1/suggestions/{w.suggestion.pk}/",
        lambda w: {},
        (401, 403, 403, 200, 403),
    ),
    ApiRow(
        "vote",
        "post",
        lambda w: f"/api/v1/suggestions/{w.suggestion.pk}/votes/",
        lambda w: {"value": 1},
        (401, 403, 200, 403, 200),
    ),
    ApiRow(
        "suggestion_accept",
        "post",
        lambda w: f"/api/v1/suggestions/{w.suggestion.pk}/accept/",
        lambda w: {"summary": "반영"},
        (401, 403, 403, 403, 200),
    ),
    ApiRow(
        "suggestion_reject",
        "post",
        lambda w: f"/api/v1/suggestions/{w.suggestion.pk}/reject/",
        lambda w: {"reason": "not_better"},
        (401, 403, 403, 403, 200),
    ),
    ApiRow(
        "batch_publish",
        "post",
        lambda w: f"/api/v1/entries/{w.entry.pk}/revisions/",
        lambda w: {"suggestions": [w.suggestion.pk], "summary": "묶음"},
        (401, 403, 403, 403, 201),
    ),
    ApiRow(
        "revision_revert",
        "post",
        lambda w: f"/api/v1/entries/{w.entry.pk}/revert/",
        lambda w: {"to": 1},
        (401, 403, 403, 403, 201),
    ),
    ApiRow(
        "segment_edit",
        "post",
        lambda w: f"/api/v1/segments/{w.segment.pk}/edit/",
        lambda w: {"text": "편집자가 고친 문장입니다."},
        (401, 403, 403, 403, 201),
    ),
]


@pytest.mark.parametrize(
    ("row", "role", "expected"),
    [
        pytest.param(row, role, status, id=f"api-{row.name}-{role}")
        for row in API_ROWS
        for role, status in zip(ROLES, row.statuses, strict=True)
    ],
)
def test_api_write_permissions(client, world, row, role, expected):
    before = snapshot()
    response = getattr(act_as(client, world, role), row.method)(
        row.url(world), row.body(world), content_type=JSON
    )
    assert response.status_code == expected, response.content
    assert response["Content-Type"] == JSON
    if expected >= 400:
        assert response.json()["detail"]
        assert snapshot() == before, "a refused request wrote to the database"
    else:
        assert snapshot() != before, "an allowed request wrote nothing"
    if expected == 401:
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "accept/", {}),
        ("post", "reject/", {"reason": "not_better"}),
        ("post", "batch", {}),
    ],
)
def test_an_editor_never_reviews_their_own_suggestion(client, world, method, path, body):
    editor = world.users["editor"]
    own = suggestion_create(
        segment=world.entry.segments.get(field="summary", position=1),
        author=editor,
        text="편집자가 제안한 문장입니다.",
    )
    client.force_login(editor)
    before = snapshot()
    if path == "batch":
        url = f"/api/v1/entries/{world.entry.pk}/revisions/"
        body = {"suggestions": [own.pk]}
    else:
        url = f"/api/v1/suggestions/{own.pk}/{path}"
    response = getattr(client, method)(url, body, content_type=JSON)
    assert response.status_code == 403
    assert "own suggestion" in response.json()["detail"]
    assert snapshot() == before


# --- the HTML views ------------------------------------------------------------------------

OK, REFUSED, READ = "ok", "refused", "read"


@dataclass(frozen=True)
class HtmlRow:
    name: str  # the URL name in corrections/urls.py
    kwargs: Callable[[World], dict]
    data: Callable[[World], dict]
    # Outcome per role, in the order of ROLES: OK writes, REFUSED writes nothing and says
    # so, READ answers without writing.
    outcomes: tuple[str, str, str, str, str]


def _segment(w):
    return {"segment_id": w.segment.pk}


def _suggestion(w):
    return {"suggestion_id": w.suggestion.pk}


def _flag(w):
    return {"flag_id": w.flag.pk}


def _entry(w):
    return {"entry_id": w.entry.pk}


MEMBERS = (REFUSED, REFUSED, OK, OK, OK)
AUTHOR_ONLY = (REFUSED, REFUSED, REFUSED, OK, REFUSED)
EDITORS = (REFUSED, REFUSED, REFUSED, REFUSED, OK)

HTML_ROWS = [
    HtmlRow("flag_create", _segment, lambda w: {"reason": "typo"}, MEMBERS),
    HtmlRow("suggestion_create", _segment, lambda w: {"text": "새로 고친 문장입니다."}, MEMBERS),
    # A preview is a diff and the checks' findings of typed text; it writes nothing, but
    # only people who can sign in to suggest get it.
    HtmlRow(
        "suggestion_preview",
        _segment,
        lambda w: {"text": "미리 보는 문장입니다."},
        (REFUSED, READ, READ, READ, READ),
    ),
    HtmlRow("vote", _suggestion, lambda w: {"value": "1"}, (REFUSED, REFUSED, OK, REFUSED, OK)),
    HtmlRow(
        "suggestion_edit",
        _suggestion,
        lambda w: {"text": "저자가 다시 고친 문장입니다."},
        AUTHOR_ONLY,
    ),
    HtmlRow("suggestion_withdraw", _suggestion, lambda w: {}, AUTHOR_ONLY),
    HtmlRow("flag_withdraw", _flag, lambda w: {}, AUTHOR_ONLY),
    HtmlRow("suggestion_accept", _suggestion, lambda w: {"summary": "반영"}, EDITORS),
    HtmlRow("suggestion_reject", _suggestion, lambda w: {"reason": "not_better"}, EDITORS),
    # Skipping only sets a suggestion aside in the editor's session.
    HtmlRow(
        "suggestion_skip",
        _suggestion,
        lambda w: {},
        (REFUSED, REFUSED, REFUSED, REFUSED, READ),
    ),
    HtmlRow("batch_publish", _entry, lambda w: {"suggestions": [w.suggestion.pk]}, EDITORS),
    HtmlRow("segment_edit", _segment, lambda w: {"text": "편집자가 고친 문장입니다."}, EDITORS),
    HtmlRow("revision_revert", _entry, lambda w: {"to": 1}, EDITORS),
    HtmlRow("flag_dismiss", _flag, lambda w: {}, EDITORS),
]


def _error_messages(response) -> list[str]:
    return [
        str(message)
        for message in get_messages(response.wsgi_request)
        if message.level == message_levels.ERROR
    ]


def _is_refusal(response) -> bool:
    """403, a redirect to sign in, or a redirect back with an error message."""
    if response.status_code == 403:
        return True
    if response.status_code != 302:
        return False
    return response.url.startswith(reverse("account_login")) or bool(_error_messages(response))


@pytest.mark.parametrize(
    ("row", "role", "outcome"),
    [
        pytest.param(row, role, outcome, id=f"html-{row.name}-{role}")
        for row in HTML_ROWS
        for role, outcome in zip(ROLES, row.outcomes, strict=True)
    ],
)
def test_html_write_permissions(client, world, row, role, outcome):
    url = reverse(f"corrections:{row.name}", kwargs=row.kwargs(world))
    before = snapshot()
    response = act_as(client, world, role).post(url, row.data(world))
    if outcome == REFUSED:
        assert snapshot() == before, "a refused request wrote to the database"
        assert _is_refusal(response), (response.status_code, response.get("Location"))
        if role == "visitor" and response.status_code == 302:
            assert response.url.startswith(reverse("account_login"))
        return
    assert response.status_code in (200, 302), response.status_code
    assert not _error_messages(response)
    if outcome == OK:
        assert snapshot() != before, "an allowed request wrote nothing"
    else:
        assert snapshot() == before

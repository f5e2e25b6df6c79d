"""Who may do what in the community feature, through every front door: HTML forms and the API.

The matrix is docs/community.md's "Who can do what" table (and interfaces.md §4 for the API):
every write view and endpoint of comments, likes, reports and moderation is tried by each of

    visitor · new member (joined now) · member (joined 10 days ago) · trusted member (trust
    granted by an editor) · author (of the target comment) · suspended member · moderator ·
    editor

A refused attempt must say why and leave the database exactly as it was; an allowed one must
change it (reads must not). A refusal that only the suspension explains names its end.

The world (a digest, its people, the target comment) is built once per module inside an outer
transaction; each test runs in a savepoint inside it and is rolled back.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token

from accounts.models import Notification, Suspension, TrustLevel, User
from accounts.services import (
    editor_grant,
    moderator_grant,
    suspension_impose,
    trust_level_refresh,
    trust_level_set,
)
from core.models import AuditEvent
from digest.models import (
    Comment,
    CommentEdit,
    CommentReport,
    Digest,
    Entry,
    Like,
)
from digest.services.comments import comment_create
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "new", "member", "trusted", "author", "suspended", "moderator", "editor")
JSON = "application/json"
SUSPENDED_FOR = datetime.timedelta(days=9, hours=3)


@dataclass
class World:
    digest: Digest
    entry: Entry
    comment: Comment  # visible, top-level on the digest, by `author`
    own: Comment  # the suspended member's comment, posted before the suspension
    subject: User  # a plain member, whom moderators suspend and trust
    held_off: User  # a suspended member, whose suspension moderators lift
    peer: User  # a second moderator
    suspension: Suspension  # the suspended role's
    users: dict


def _joined(days: float, **kwargs) -> User:
    return UserFactory(date_joined=timezone.now() - datetime.timedelta(days=days), **kwargs)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), translation.override("en"), transaction.atomic():
        digest = make_digest(slug="community-permissions", entries=1, sentences=1)
        entry = digest.entries.get()
        editor = UserFactory(display_name="편집자")
        editor_grant(user=editor)
        moderator = _joined(10, display_name="관리자")
        moderator_grant(user=moderator)
        peer = _joined(10, display_name="다른관리자")
        moderator_grant(user=peer)
        trusted = _joined(10, display_name="믿음")
        trust_level_set(
            user=trusted, moderator=editor, override=TrustLevel.TRUSTED, reason="꾸준함"
        )
        author = _joined(10, display_name="글쓴이")
        suspended = _joined(10, display_name="정지")
        held_off = _joined(10, display_name="정지된대상")
        users = {
            "visitor": None,
            "new": UserFactory(display_name="새내기"),
            "member": _joined(10, display_name="회원"),
            "trusted": trusted,
            "author": author,
            "suspended": suspended,
            "moderator": moderator,
            "editor": editor,
        }
        subject = _joined(10, display_name="대상")
        # Stored levels up to date, so that reading `me/` has nothing left to recompute.
        for user in [*users.values(), subject, held_off, peer]:
            if user is not None:
                trust_level_refresh(user=user)
        comment = comment_create(author=author, digest=digest, body="이 요약 고마워요.")
        own = comment_create(author=suspended, digest=digest, body="정지 전에 쓴 댓글입니다.")
        until = (timezone.now() + SUSPENDED_FOR).replace(second=0, microsecond=0)
        suspension = suspension_impose(
            member=suspended, moderator=editor, until=until, reason="도배"
        )
        suspension_impose(member=held_off, moderator=editor, until=until, reason="도배")
        assert comment.status == Comment.Status.VISIBLE
        yield World(
            digest=digest,
            entry=entry,
            comment=comment,
            own=own,
            subject=subject,
            held_off=held_off,
            peer=peer,
            suspension=suspension,
            users=users,
        )
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.cookies["django_language"] = "en"


def snapshot() -> dict:
    """Everything a community write could touch, to compare before and after a request."""
    return {
        "comments": sorted(
            Comment.objects.values_list(
                "id", "status", "body", "like_count", "edited_at", "parent_id", "entry_id"
            )
        ),
        "edits": CommentEdit.objects.count(),
        "likes": sorted(
            Like.objects.values_list("id", "user_id", "digest_id", "entry_id", "comment_id")
        ),
        "digest_likes": sorted(Digest.objects.values_list("id", "like_count")),
        "entry_likes": sorted(Entry.objects.values_list("id", "like_count")),
        "reports": sorted(
            CommentReport.objects.values_list("id", "comment_id", "reporter_id", "status")
        ),
        "suspensions": sorted(
            Suspension.objects.values_list("id", "member_id", "ends_at", "lifted_at")
        ),
        "trust": sorted(User.objects.values_list("id", "trust_level", "trust_level_override")),
        "audit": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
    }


def end_of(world: World) -> str:
    """The day the suspended role's suspension ends, as every refusal must name it."""
    return f"{timezone.localtime(world.suspension.ends_at):%Y-%m-%d}"


def liked_before(target_of: Callable[["World"], object]):
    """A precondition for unlike rows: the acting person already likes the target."""

    def prepare(world: World, user: User | None) -> None:
        target = target_of(world)
        if user is None or getattr(target, "author_id", None) == user.pk:
            return  # visitors have nothing to unlike; nobody likes their own comment
        field = type(target).__name__.lower()
        Like.objects.create(user=user, **{field: target})
        type(target).objects.filter(pk=target.pk).update(like_count=F("like_count") + 1)

    return prepare


def _digest(w):
    return w.digest


def _entry(w):
    return w.entry


def _comment(w):
    return w.comment


# Who may, per role in the order of ROLES. A suspension refusal is expected wherever the
# suspended role is refused and a plain member is allowed.
V, N, M, T, A, S, MOD, ED = range(8)


def outcomes(allowed, refused, *, yes: set[int]) -> tuple:
    return tuple(allowed if i in yes else refused for i in range(len(ROLES)))


PARTICIPANTS = {N, M, T, A, MOD, ED}  # comment, reply, like, report
NOT_AUTHOR = PARTICIPANTS - {A}  # like or report a comment: not one's own
AUTHOR = {A}  # edit and delete (interfaces.md §4: "its author")
MODERATORS = {MOD, ED}
SIGNED_IN = set(range(1, len(ROLES)))


# Cells where the application answers otherwise than docs/community.md's table (or
# interfaces.md §4) says. They stay in the matrix, expecting what the documents promise, as
# strict xfails: when the application or the documents change, they fail and must be revisited.
# Empty this dict to make them ordinary failures.
DISAGREEMENTS: dict[tuple[str, str, str], str] = {}


def _marks(front: str, name: str, role: str) -> list:
    reason = DISAGREEMENTS.get((front, name, role))
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _api_statuses(ok: int, yes: set[int]) -> tuple:
    return tuple(ok if i in yes else (401 if i == V else 403) for i in range(len(ROLES)))


# --- the JSON API --------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiRow:
    name: str
    method: str
    url: Callable[[World], str]
    body: Callable[[World], dict]
    statuses: tuple  # per role, in the order of ROLES
    writes: bool = True
    prepare: Callable[[World, User | None], None] | None = None
    keys: frozenset = frozenset()  # keys an allowed answer carries


def _until(w):
    return (timezone.now() + datetime.timedelta(days=7)).isoformat()


API_ROWS = [
    ApiRow(
        "digest_comment",
        "post",
        lambda w: f"/api/v1/digests/{w.digest.slug}/comments/",
        lambda w: {"body": "다이제스트에 남기는 댓글"},
        _api_statuses(201, PARTICIPANTS),
        keys=frozenset({"id", "status", "body"}),
    ),
    ApiRow(
        "digest_reply",
        "post",
        lambda w: f"/api/v1/digests/{w.digest.slug}/comments/",
        lambda w: {"body": "답글입니다", "parent": w.comment.pk},
        _api_statuses(201, PARTICIPANTS),
        keys=frozenset({"id", "status", "parent"}),
    ),
    ApiRow(
        "entry_comment",
        "post",
        lambda w: f"/api/v1/entries/{w.entry.pk}/comments/",
        lambda w: {"body": "항목에 남기는 댓글"},
        _api_statuses(201, PARTICIPANTS),
        keys=frozenset({"id", "status", "target"}),
    ),
    ApiRow(
        "comment_edit",
        "patch",
        lambda w: f"/api/v1/comments/{w.comment.pk}/",
        lambda w: {"body": "고쳐 쓴 댓글"},
        _api_statuses(200, AUTHOR),
        keys=frozenset({"body", "edited_at"}),
    ),
    ApiRow(
        "comment_delete",
        "delete",
        lambda w: f"/api/v1/comments/{w.comment.pk}/",
        lambda w: {},
        _api_statuses(200, AUTHOR),
        keys=frozenset({"status"}),
    ),
    ApiRow(
        "comment_like",
        "put",
        lambda w: f"/api/v1/comments/{w.comment.pk}/like/",
        lambda w: {},
        _api_statuses(200, NOT_AUTHOR),
        keys=frozenset({"liked", "likes"}),
    ),
    ApiRow(
        "comment_unlike",
        "delete",
        lambda w: f"/api/v1/comments/{w.comment.pk}/like/",
        lambda w: {},
        _api_statuses(200, NOT_AUTHOR),
        prepare=liked_before(_comment),
        keys=frozenset({"liked", "likes"}),
    ),
    ApiRow(
        "digest_like",
        "put",
        lambda w: f"/api/v1/digests/{w.digest.slug}/like/",
        lambda w: {},
        _api_statuses(200, PARTICIPANTS),
        keys=frozenset({"liked", "likes"}),
    ),
    ApiRow(
        "digest_unlike",
        "delete",
        lambda w: f"/api/v1/digests/{w.digest.slug}/like/",
        lambda w: {},
        _api_statuses(200, PARTICIPANTS),
        prepare=liked_before(_digest),
        keys=frozenset({"liked", "likes"}),
    ),
    ApiRow(
        "entry_like",
        "put",
        lambda w: f"/api/v1/entries/{w.entry.pk}/like/",
        lambda w: {},
        _api_statuses(200, PARTICIPANTS),
        keys=frozenset({"liked", "likes"}),
    ),
    ApiRow(
        "entry_unlike",
        "delete",
        lambda w: f"/api/v1/entries/{w.entry.pk}/like/",
        lambda w: {},
        _api_statuses(200, PARTICIPANTS),
        prepare=liked_before(_entry),
        keys=frozenset({"liked", "likes"}),
    ),
    ApiRow(
        "comment_report",
        "post",
        lambda w: f"/api/v1/comments/{w.comment.pk}/reports/",
        lambda w: {"reason": "spam", "note": "광고 같아요"},
        _api_statuses(201, NOT_AUTHOR),
        keys=frozenset({"status"}),
    ),
    ApiRow(
        "comment_moderate",
        "post",
        lambda w: f"/api/v1/comments/{w.comment.pk}/moderate/",
        lambda w: {"action": "hide", "reason": "주제와 무관"},
        _api_statuses(200, MODERATORS),
        keys=frozenset({"status"}),
    ),
    ApiRow(
        "member_suspend",
        "post",
        lambda w: f"/api/v1/members/{w.subject.pk}/suspension/",
        lambda w: {"until": _until(w), "reason": "욕설"},
        _api_statuses(201, MODERATORS),
    ),
    ApiRow(
        "member_lift",
        "delete",
        lambda w: f"/api/v1/members/{w.held_off.pk}/suspension/",
        lambda w: {},
        _api_statuses(200, MODERATORS),
    ),
    ApiRow(
        "moderation_queue",
        "get",
        lambda w: "/api/v1/moderation/queue/",
        lambda w: {},
        _api_statuses(200, MODERATORS),
        writes=False,
    ),
    ApiRow(
        "me",
        "get",
        lambda w: "/api/v1/me/",
        lambda w: {},
        _api_statuses(200, SIGNED_IN),
        writes=False,
        keys=frozenset({"id", "name", "email", "roles", "trust_level", "suspended_until"}),
    ),
]


def _auth(row_index: int, role: str) -> str:
    """Session or token, in a checkerboard: every row and every role meets both."""
    if role == "visitor":
        return "none"
    return "token" if (row_index + ROLES.index(role)) % 2 else "session"


def _suspension_alone_refuses(statuses: tuple, ok_test) -> bool:
    return not ok_test(statuses[S]) and ok_test(statuses[M])


@pytest.mark.parametrize(
    ("row", "role", "expected", "auth"),
    [
        pytest.param(
            row,
            role,
            status,
            _auth(i, role),
            id=f"api-{row.name}-{role}-{_auth(i, role)}",
            marks=_marks("api", row.name, role),
        )
        for i, row in enumerate(API_ROWS)
        for role, status in zip(ROLES, row.statuses, strict=True)
    ],
)
def test_api_permissions(client, world, row, role, expected, auth):
    user = world.users[role]
    headers = {}
    if auth == "session":
        client.force_login(user)
    elif auth == "token":
        token, _ = Token.objects.get_or_create(user=user)
        headers["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    if row.prepare:
        row.prepare(world, user)
    before = snapshot()
    call = getattr(client, row.method)
    if row.method == "get":
        response = call(row.url(world), **headers)
    else:
        response = call(row.url(world), row.body(world), content_type=JSON, **headers)

    assert response.status_code == expected, (response.status_code, response.content)
    assert response["Content-Type"] == JSON
    if expected >= 400:
        detail = response.json()["detail"]
        assert detail
        assert snapshot() == before, "a refused request wrote to the database"
        if expected == 401:
            assert response["WWW-Authenticate"] == "Token"
        if role == "suspended" and _suspension_alone_refuses(row.statuses, lambda s: s < 400):
            assert "suspended" in detail and end_of(world) in detail, detail
        return
    if row.keys:
        assert row.keys <= set(response.json()), response.json()
    if row.writes:
        assert snapshot() != before, "an allowed request wrote nothing"
    else:
        assert snapshot() == before, "a read wrote to the database"


# --- the HTML views ------------------------------------------------------------------------

OK, REFUSED, READ = "ok", "refused", "read"


@dataclass(frozen=True)
class HtmlRow:
    name: str  # the URL name: "digest:…" or "moderation:…"
    kwargs: Callable[[World], dict]
    data: Callable[[World], dict]
    outcomes: tuple  # per role: OK writes, REFUSED writes nothing and says so, READ answers
    method: str = "post"


def _html(yes: set[int], allowed: str = OK) -> tuple:
    return outcomes(allowed, REFUSED, yes=yes)


def _slug(w):
    return {"slug": w.digest.slug}


def _entry_kwargs(w):
    return {"slug": w.digest.slug, "position": w.entry.position}


def _comment_kwargs(w):
    return {"comment_id": w.comment.pk}


def _none(w):
    return {}


HTML_ROWS = [
    HtmlRow(
        "digest:digest_comments", _slug, lambda w: {"body": "다이제스트 댓글"}, _html(PARTICIPANTS)
    ),
    HtmlRow(
        "digest:entry_comments", _entry_kwargs, lambda w: {"body": "항목 댓글"}, _html(PARTICIPANTS)
    ),
    HtmlRow(
        "digest:comment_reply", _comment_kwargs, lambda w: {"body": "답글"}, _html(PARTICIPANTS)
    ),
    HtmlRow("digest:comment_edit", _comment_kwargs, lambda w: {"body": "고친 댓글"}, _html(AUTHOR)),
    HtmlRow("digest:comment_delete", _comment_kwargs, lambda w: {}, _html(AUTHOR)),
    # A preview renders typed Markdown and writes nothing; visitors are sent to sign in.
    # The docs say nothing about previews for suspended members: reading still works.
    HtmlRow(
        "digest:comment_preview",
        _none,
        lambda w: {"body": "**미리보기**"},
        _html(SIGNED_IN, READ),
    ),
    HtmlRow("digest:digest_like", _slug, lambda w: {"liked": "1"}, _html(PARTICIPANTS)),
    HtmlRow("digest:entry_like", _entry_kwargs, lambda w: {"liked": "1"}, _html(PARTICIPANTS)),
    HtmlRow("digest:comment_like", _comment_kwargs, lambda w: {"liked": "1"}, _html(NOT_AUTHOR)),
    HtmlRow(
        "digest:comment_report",
        _comment_kwargs,
        lambda w: {"reason": "spam", "note": "광고"},
        _html(NOT_AUTHOR),
    ),
    HtmlRow("moderation:queue", _none, lambda w: {}, _html(MODERATORS, READ), method="get"),
    HtmlRow(
        "moderation:comment",
        _comment_kwargs,
        lambda w: {"action": "hide", "reason": "주제와 무관"},
        _html(MODERATORS),
    ),
    HtmlRow(
        "moderation:member",
        lambda w: {"user_id": w.subject.pk},
        lambda w: {},
        _html(MODERATORS, READ),
        method="get",
    ),
    HtmlRow(
        "moderation:member_suspend",
        lambda w: {"user_id": w.subject.pk},
        lambda w: {"length": "days", "days": "7", "reason": "욕설"},
        _html(MODERATORS),
    ),
    HtmlRow(
        "moderation:member_lift",
        lambda w: {"user_id": w.held_off.pk},
        lambda w: {},
        _html(MODERATORS),
    ),
    HtmlRow(
        "moderation:member_trust",
        lambda w: {"user_id": w.subject.pk},
        lambda w: {"override": "trusted", "reason": "좋은 댓글"},
        _html(MODERATORS),
    ),
]


def _error_messages(response) -> list[str]:
    return [
        str(message)
        for message in get_messages(response.wsgi_request)
        if message.level == message_levels.ERROR
    ]


def _refusal_text(response) -> str:
    """What a refused person is told: a 403 page, or the error message after a redirect."""
    if response.status_code == 403:
        return response.content.decode()
    return " ".join(_error_messages(response))


@pytest.mark.parametrize(
    ("row", "role", "outcome"),
    [
        pytest.param(
            row,
            role,
            outcome,
            id=f"html-{row.name.split(':')[1]}-{role}",
            marks=_marks("html", row.name.split(":")[1], role),
        )
        for row in HTML_ROWS
        for role, outcome in zip(ROLES, row.outcomes, strict=True)
    ],
)
def test_html_permissions(client, world, row, role, outcome):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(row.name, kwargs=row.kwargs(world))
    before = snapshot()
    response = getattr(client, row.method)(url, row.data(world))

    if outcome == REFUSED:
        assert snapshot() == before, "a refused request wrote to the database"
        if role == "visitor":
            assert response.status_code == 302, response.status_code
            assert response.url.startswith(reverse("account_login")), response.url
            return
        assert response.status_code in (302, 403), response.status_code
        text = _refusal_text(response)
        assert text.strip(), "refused without saying why"
        if role == "suspended" and _suspension_alone_refuses(row.outcomes, lambda o: o != REFUSED):
            assert "suspended" in text and end_of(world) in text, text
        return
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        assert not response.url.startswith(reverse("account_login")), response.url
    assert not _error_messages(response), _error_messages(response)
    if outcome == OK:
        assert snapshot() != before, "an allowed request wrote nothing"
    else:
        assert snapshot() == before, "a read wrote to the database"


@pytest.mark.parametrize(
    "row",
    [row for row in HTML_ROWS if row.name.startswith("moderation:")],
    ids=lambda row: row.name.split(":")[1],
)
def test_html_moderation_refusals_say_why(client, world, row):
    """A member refused a moderation page or action is told why, not just '403 Forbidden'."""
    client.force_login(world.users["member"])
    url = reverse(row.name, kwargs=row.kwargs(world))
    response = getattr(client, row.method)(url, row.data(world))
    assert response.status_code == 403
    said = re.sub(r"<[^>]+>|403 Forbidden", " ", response.content.decode()).split()
    assert said, "the 403 page does not say why"


# --- the suspension, beyond the matrix -----------------------------------------------------


@pytest.mark.parametrize(
    ("front", "method", "url", "data"),
    [
        ("html", "post", lambda w: reverse("digest:comment_edit", args=[w.own.pk]), {"body": "x"}),
        ("html", "post", lambda w: reverse("digest:comment_delete", args=[w.own.pk]), {}),
        ("api", "patch", lambda w: f"/api/v1/comments/{w.own.pk}/", {"body": "고쳐요"}),
        ("api", "delete", lambda w: f"/api/v1/comments/{w.own.pk}/", {}),
    ],
    ids=["html-edit", "html-delete", "api-edit", "api-delete"],
)
def test_a_suspended_author_cannot_edit_or_delete_their_own_comment(
    client, world, front, method, url, data
):
    """Every write is refused while a suspension lasts, one's own comment included."""
    client.force_login(world.users["suspended"])
    before = snapshot()
    if front == "api":
        response = getattr(client, method)(url(world), data, content_type=JSON)
        assert response.status_code == 403, response.content
        text = response.json()["detail"]
    else:
        response = getattr(client, method)(url(world), data)
        assert response.status_code in (302, 403)
        text = _refusal_text(response)
    assert "suspended" in text and end_of(world) in text, text
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "kwargs", "data"),
    [
        ("digest:digest_comments", _slug, {"body": "htmx 댓글"}),
        ("digest:comment_reply", _comment_kwargs, {"body": "htmx 답글"}),
        ("digest:digest_like", _slug, {"liked": "1"}),
        ("digest:comment_like", _comment_kwargs, {"liked": "1"}),
        ("digest:comment_report", _comment_kwargs, {"reason": "spam"}),
    ],
    ids=lambda value: value.split(":")[1] if isinstance(value, str) else None,
)
def test_a_suspended_member_is_told_the_end_over_htmx(client, world, name, kwargs, data):
    client.force_login(world.users["suspended"])
    before = snapshot()
    response = client.post(reverse(name, kwargs=kwargs(world)), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 403, (response.status_code, response.content)
    text = response.content.decode()
    assert "suspended" in text and end_of(world) in text, text
    assert snapshot() == before


def test_me_names_the_end_of_a_suspension_and_each_trust_level(client, world):
    expected = {
        "new": TrustLevel.NEW,
        "member": TrustLevel.MEMBER,
        "trusted": TrustLevel.TRUSTED,
        "author": TrustLevel.MEMBER,
        "suspended": TrustLevel.MEMBER,
    }
    for role, level in expected.items():
        client.force_login(world.users[role])
        data = client.get("/api/v1/me/").json()
        assert data["trust_level"] == level, (role, data)
        if role == "suspended":
            until = datetime.datetime.fromisoformat(data["suspended_until"])
            assert until == world.suspension.ends_at, data
        else:
            assert data["suspended_until"] is None, (role, data)


# --- moderators do not act on other moderators ---------------------------------------------


def _suspend_html(client, target):
    url = reverse("moderation:member_suspend", args=[target.pk])
    return client.post(url, {"length": "days", "days": "3", "reason": "시험"})


def _trust_html(client, target):
    url = reverse("moderation:member_trust", args=[target.pk])
    return client.post(url, {"override": "member", "reason": "시험"})


def _suspend_api(client, target):
    url = f"/api/v1/members/{target.pk}/suspension/"
    until = (timezone.now() + datetime.timedelta(days=3)).isoformat()
    return client.post(url, {"until": until, "reason": "시험"}, content_type=JSON)


@pytest.mark.parametrize(
    "act", [_suspend_html, _trust_html, _suspend_api], ids=lambda f: f.__name__
)
@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        ("moderator", "peer", False),
        ("moderator", "editor", False),
        ("editor", "moderator", True),
    ],
    ids=["moderator-on-moderator", "moderator-on-editor", "editor-on-moderator"],
)
def test_moderators_do_not_act_on_other_moderators(client, world, act, actor, target, allowed):
    targets = {"peer": world.peer, **world.users}
    client.force_login(world.users[actor])
    before = snapshot()
    response = act(client, targets[target])
    if allowed:
        assert response.status_code in (200, 201, 302), response.status_code
        if response.status_code == 302:
            assert not _error_messages(response), _error_messages(response)
        assert snapshot() != before
        return
    assert snapshot() == before, "a refused request wrote to the database"
    if act is _suspend_api:
        assert response.status_code == 403, response.content
        assert response.json()["detail"]
    else:
        assert response.status_code in (302, 403)
        assert _refusal_text(response).strip()

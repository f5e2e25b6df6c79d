"""Every address of the site, probed with input no door can use: nothing answers 500.

The walk covers every URL pattern of the project (the apps', allauth's, the admin's, the API's),
filling path arguments from a small digest with a flag, a suggestion and a comment. Each
address is asked as a visitor, a member and an editor (and the admin's as a superuser), with
a NUL character, an integer too large for any id column and a lone UTF-16 surrogate
(percent-encoded, as a client would send it), in the query string and in a POST body: a form
for the pages, JSON for the API (which takes no forms), with the large integer as a number,
the NUL as a character and the surrogate as the JSON escape \\ud800. An address that fails
even without the probe's input is not counted (see `probe`).

Run it on PostgreSQL too: SQLite stores and compares NUL without complaint, so only there do
some of these inputs reach the errors the guards exist for.
"""

import json
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize

from corrections.services.flags import flag_create
from corrections.services.suggestions import suggestion_create
from digest.services.comments import comment_create
from tests.factories import UserFactory, make_digest

pytestmark = pytest.mark.django_db

TOO_LARGE = "9" * 20  # beyond 2**63 - 1, the largest bigint
# "%ED%A0%80" is U+D800 encoded as UTF-8: not valid UTF-8, decoded by Django with replacement.
SURROGATE = "%ED%A0%80"
NUL = "%00"
# The parameter and field names the site's views, forms, serializers and admin filters read.
KEYS = [
    *("q", "page", "digest", "status", "entry", "author", "segment", "suggestion", "from", "to"),
    *("quote", "layout", "from_comment", "comments_page", "next", "reason", "sort", "kind"),
    *("older_than_days", "text", "note", "flag", "value", "suggestions", "summary", "body"),
    *("parent", "action", "language", "source", "span_start", "span_end", "expected_text"),
    *("days", "until", "override", "website", "liked", "emailed", "length", "id", "pk", "o"),
    *("segment__id__exact", "digest__id__exact", "entry__id__exact", "author__id__exact"),
]
# POSTs that would end the probe's own session or delete what later addresses need.
NOT_POSTED = ("logout", "_delete")


def _walk(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        regex = pattern.pattern.regex.pattern.removeprefix("^")
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + regex)
        else:
            yield prefix + regex, pattern


def addresses(values: dict[str, str]) -> list[tuple[str, str]]:
    """(path, name) of every URL pattern, its arguments filled from `values` ("1" when the
    argument is unknown: such an address answers 404, which is still an answer)."""
    found = {}
    for regex, pattern in _walk(get_resolver().url_patterns):
        template, params = normalize("^" + regex)[0]
        path = "/" + template % {name: values.get(name, "1") for name in params}
        found.setdefault(path, pattern.name or "")
    return sorted(found.items())


@pytest.fixture
def world(db, editor):
    digest = make_digest(slug="probe-digest", entries=2, sentences=2)
    entry = digest.entries.get(position=1)
    segment = entry.segments.get(field="summary", position=0)
    member = UserFactory()
    flag = flag_create(segment=segment, author=member, reason="mistranslation", note="")
    suggestion = suggestion_create(segment=segment, author=member, text="새로운 번역 문장입니다.")
    comment = comment_create(author=member, digest=digest, entry=entry, body="좋은 글입니다.")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    values = {
        "slug": digest.slug,
        "position": "1",
        "number": "1",
        "entry_id": str(entry.pk),
        "segment_id": str(segment.pk),
        "suggestion_id": str(suggestion.pk),
        "flag_id": str(flag.pk),
        "comment_id": str(comment.pk),
        "user_id": str(member.pk),
        "member_id": str(member.pk),
        "object_id": str(digest.pk),
        "id": str(member.pk),
        "content_type_id": "1",
        "app_label": "digest",
        "url": "digest/nothing/",
        "language": "en",
        "token": "x",
        "key": "x",
        "uidb36": "x",
        "pk": "1",
    }
    users = {"visitor": None, "member": member, "editor": editor, "superuser": superuser}
    return addresses(values), users


def query(value: str) -> str:
    return "&".join(f"{quote(key)}={value}" for key in KEYS)


def _post(client, path: str, value: str | None):
    """POST `value` in every field the site reads (None: an empty body), as a form to the
    pages and as JSON to the API."""
    if not path.startswith("/api/"):
        body = query(value).encode() if value is not None else b""
        return client.generic("POST", path, body, content_type="application/x-www-form-urlencoded")
    if value is None:
        return client.generic("POST", path, "{}", content_type="application/json")
    field = {TOO_LARGE: int(TOO_LARGE), SURROGATE: "\ud800", NUL: "\x00"}[value]
    body = json.dumps(dict.fromkeys(KEYS, field))
    return client.generic("POST", path, body, content_type="application/json")


def probe(client, user, paths, value: str) -> list[str]:
    """Each address with `value` in every query parameter and form field; the failures.

    A failure counts only if the address answers below 500 without the probe's input: an
    address that fails for every request is broken for a reason this probe does not test.
    """
    failures = []
    if user is not None:
        client.force_login(user)
    for path, name in paths:
        failed = client.get(f"{path}?{query(value)}").status_code >= 500
        if failed and client.get(path).status_code < 500:
            failures.append(f"GET {path} ({name}) with {value}")
        if name.endswith(NOT_POSTED):
            continue
        failed = _post(client, path, value).status_code >= 500
        if failed and _post(client, path, None).status_code < 500:
            failures.append(f"POST {path} ({name}) with {value}")
    signed_in = client.session.get("_auth_user_id")
    assert signed_in == (str(user.pk) if user is not None else None), "the probe lost its role"
    return failures


@pytest.fixture(params=["visitor", "member", "editor", "superuser"])
def role(request, world, client):
    # A failure is collected as the 500 a visitor would see, so that one test lists them all.
    client.raise_request_exception = False
    paths, users = world
    if request.param == "superuser":
        # The site's own pages treat a superuser as any editor; the admin is theirs alone.
        paths = [(path, name) for path, name in paths if path.startswith("/admin/")]
    return paths, users[request.param]


def test_the_walk_reaches_every_part_of_the_site(world):
    paths, _ = world
    names = {name for _, name in paths}
    assert len(paths) > 250
    for expected in ("glossary", "needs_attention", "api-suggestion-create", "entry", "index"):
        assert expected in names
    assert "/admin/corrections/flag/" in {path for path, _ in paths}


def test_no_address_fails_on_an_integer_too_large_for_an_id(client, role):
    paths, user = role
    failures = probe(client, user, paths, TOO_LARGE)
    assert not failures, "\n".join(failures)


def test_no_address_fails_on_a_lone_surrogate(client, role):
    paths, user = role
    failures = probe(client, user, paths, SURROGATE)
    assert not failures, "\n".join(failures)


def test_every_address_refuses_a_nul_with_400(client, role):
    paths, user = role
    failures = []
    if user is not None:
        client.force_login(user)
    for path, name in paths:
        response = client.get(f"{path}?{query(NUL)}")
        if response.status_code != 400:
            failures.append(f"GET {path} ({name}): {response.status_code}")
        response = _post(client, path, NUL)
        # The API reads a JSON body only once the caller may use the operation, so a refusal
        # of the caller (401, 403) or of the method (405) comes first; any other answer is
        # the body's 400.
        allowed = {400, 401, 403, 405} if path.startswith("/api/") else {400}
        if response.status_code not in allowed:
            failures.append(f"POST {path} ({name}): {response.status_code}")
    assert not failures, "\n".join(failures)

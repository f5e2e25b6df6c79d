"""Input no door can use is refused at the edge with a 400 that says why, and changes nothing.

Each case here answered 500 on PostgreSQL before core.guards and core.parsers: PostgreSQL
cannot store or compare text holding a NUL character, Python's JSON decoder recurses once per
level of nesting, and `1e999` is a JSON number that Python reads as infinity. SQLite accepts
NUL and huge integers without complaint, so run this module on PostgreSQL too.
"""

import json

import pytest
from django.contrib import admin
from rest_framework.authtoken.models import Token

from corrections.models import Flag, Suggestion
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from digest.models import Revision
from tests.factories import make_digest

pytestmark = pytest.mark.django_db

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
TOO_LARGE = "9" * 20  # beyond 2**63 - 1, the largest bigint
NUL_IN_QUERY = "The query string contains a NUL character (%00)."
NUL_IN_FORM = "The form data contains a NUL character (%00)."


@pytest.fixture
def segment(db):
    digest = make_digest(slug="guarded-digest", entries=1, sentences=2)
    return digest.entries.get().segments.get(field="summary", position=0)


@pytest.fixture
def api_member(client, member):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the API answers in the asked language
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=member).key}"
    return client


@pytest.fixture
def api_editor(client, editor):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=editor).key}"
    return client


def assert_plain_refusal(response, message: str) -> None:
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == message


def assert_json_refusal(response, fragment: str) -> None:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == JSON
    assert fragment in response.json()["detail"]


# --- the reported addresses ---------------------------------------------------------------


def test_a_nul_in_the_glossary_search_is_refused(client):
    assert_plain_refusal(client.get("/glossary/?q=%00"), NUL_IN_QUERY)


def test_a_nul_in_the_attention_filter_is_refused(client_editor):
    assert_plain_refusal(client_editor.get("/review/attention/?digest=%00"), NUL_IN_QUERY)


def test_a_nul_in_an_admin_filter_is_refused(admin_client):
    assert_plain_refusal(admin_client.get("/admin/corrections/flag/?status=%00"), NUL_IN_QUERY)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("QUERY_STRING=q=%00", id="percent-encoded"),
        pytest.param("QUERY_STRING=%00=1", id="in-a-key"),
        pytest.param("QUERY_STRING=q=a\x00b", id="literal"),
        pytest.param("QUERY_STRING=%00", id="key-without-value"),
        pytest.param("QUERY_STRING==%00", id="value-without-key"),
    ],
)
def test_a_nul_anywhere_in_the_query_string_is_refused(client, query):
    name, value = query.split("=", 1)
    assert_plain_refusal(client.get("/glossary/", **{name: value}), NUL_IN_QUERY)


def test_a_nul_in_the_address_is_refused(client):
    assert_plain_refusal(client.get("/d/a%00b/"), "The address contains a NUL character (%00).")


def test_the_api_refuses_with_its_json_error(client):
    response = client.get("/api/v1/digests/?page=%00")
    assert_json_refusal(response, "NUL character")
    assert response.json() == {"detail": NUL_IN_QUERY}


def test_a_refusal_still_carries_the_security_headers(client):
    response = client.get("/glossary/?q=%00")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_encoded_percent_sign_is_not_a_nul(client):
    assert client.get("/glossary/?q=%2500").status_code == 200


def test_a_lone_surrogate_in_a_search_is_text_like_any_other(client):
    # Django decodes the invalid UTF-8 of an encoded surrogate with replacement characters.
    assert client.get("/glossary/?q=%ED%A0%80").status_code == 200


# --- form bodies --------------------------------------------------------------------------


def test_a_nul_in_a_form_post_is_refused_and_saves_nothing(client_member, segment):
    response = client_member.post(
        f"/s/{segment.pk}/flags/", {"reason": "mistranslation", "note": "틀림\x00"}
    )
    assert_plain_refusal(response, NUL_IN_FORM)
    assert not Flag.objects.exists()


def test_a_nul_in_a_url_encoded_form_key_is_refused(client_member, segment):
    response = client_member.generic(
        "POST", f"/s/{segment.pk}/flags/", b"reason=mistranslation&n%00te=x", content_type=FORM
    )
    assert_plain_refusal(response, NUL_IN_FORM)
    assert not Flag.objects.exists()


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize(
    "content_type, body",
    [(FORM, b"text=a%00b"), ("multipart/form-data; boundary=x", b"--x--\r\n")],
)
def test_the_api_refuses_form_bodies_with_415_and_changes_nothing(
    api_member, segment, member, method, content_type, body
):
    suggestion = suggestion_create(segment=segment, author=member, text="다른 번역입니다.")
    response = api_member.generic(
        method, f"/api/v1/suggestions/{suggestion.pk}/", body, content_type=content_type
    )
    assert response.status_code == 415
    assert response.json() == {
        "detail": "The API takes JSON bodies: send Content-Type: application/json."
    }
    suggestion.refresh_from_db()
    assert suggestion.text == "다른 번역입니다."


def test_a_body_too_large_for_the_api_gets_the_apis_json_answer(api_member, segment, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = api_member.post(
        f"/api/v1/segments/{segment.pk}/flags/",
        {"reason": "typo", "note": "x" * 200},
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}


# --- JSON bodies --------------------------------------------------------------------------


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_deep_json_is_refused_on_every_writing_endpoint(api_editor, segment, member):
    entry = segment.entry
    suggestion = suggestion_create(segment=segment, author=member, text="독자의 제안입니다.")
    body = '{"text": "고친 문장", "flag": ' + deep(100_000) + "}"
    for url in [
        f"/api/v1/segments/{segment.pk}/suggestions/",
        f"/api/v1/segments/{segment.pk}/flags/",
        f"/api/v1/entries/{entry.pk}/revisions/",
        f"/api/v1/suggestions/{suggestion.pk}/accept/",
        f"/api/v1/entries/{entry.pk}/comments/",
    ]:
        response = api_editor.post(url, body, content_type=JSON)
        assert_json_refusal(response, "nests more than 32 levels")
    assert Revision.objects.count() == 1
    assert Suggestion.objects.count() == 1


@pytest.mark.parametrize(
    ("flag", "fragment"),
    [
        pytest.param("1e999", "the number 1e999 is too large", id="1e999"),
        pytest.param("-1e999", "the number -1e999 is too large", id="minus-1e999"),
        pytest.param("Infinity", "Infinity is not a number JSON allows", id="infinity"),
        pytest.param("NaN", "NaN is not a number JSON allows", id="nan"),
    ],
)
def test_non_finite_numbers_are_malformed_json(api_member, segment, flag, fragment):
    response = api_member.post(
        f"/api/v1/segments/{segment.pk}/suggestions/",
        f'{{"text": "고친 문장입니다.", "flag": {flag}}}',
        content_type=JSON,
    )
    assert_json_refusal(response, fragment)
    assert response.json()["detail"].startswith("JSON parse error - ")
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param('{"text": "고친\\u0000문장"}', id="in-a-value"),
        pytest.param('{"te\\u0000xt": "고친 문장"}', id="in-a-key"),
        pytest.param('{"text": "고친 문장", "note": ["a", {"b": "\\u0000"}]}', id="nested"),
    ],
)
def test_a_nul_in_a_json_string_is_refused(api_member, segment, body):
    response = api_member.post(
        f"/api/v1/segments/{segment.pk}/suggestions/", body, content_type=JSON
    )
    assert_json_refusal(response, "Null characters are not allowed (\\u0000)")
    assert not Suggestion.objects.exists()


# --- integers too large for an id ---------------------------------------------------------


def test_ids_too_large_in_json_bodies_are_400(api_editor, segment, editor):
    entry = segment.entry
    text = current_text(segment) + " 고침"
    answers = [
        api_editor.post(
            f"/api/v1/segments/{segment.pk}/suggestions/",
            json.dumps({"text": text, "flag": int(TOO_LARGE)}),
            content_type=JSON,
        ),
        api_editor.post(
            f"/api/v1/entries/{entry.pk}/revisions/",
            json.dumps({"suggestions": [int(TOO_LARGE)]}),
            content_type=JSON,
        ),
        api_editor.post(
            f"/api/v1/entries/{entry.pk}/revert/",
            json.dumps({"to": int(TOO_LARGE)}),
            content_type=JSON,
        ),
        api_editor.post(
            f"/api/v1/entries/{entry.pk}/comments/",
            json.dumps({"body": "댓글입니다.", "parent": int(TOO_LARGE)}),
            content_type=JSON,
        ),
    ]
    assert [response.status_code for response in answers] == [400, 400, 400, 400]
    assert not Suggestion.objects.exists()
    assert Revision.objects.count() == 1


def test_a_span_too_large_for_any_sentence_is_not_a_500(api_member, segment):
    response = api_member.post(
        f"/api/v1/segments/{segment.pk}/flags/",
        json.dumps({"reason": "mistranslation", "span": [0, int(TOO_LARGE)]}),
        content_type=JSON,
    )
    assert response.status_code == 400
    assert not Flag.objects.exists()


@pytest.mark.parametrize(
    "address",
    [
        f"/review/attention/?digest={TOO_LARGE}",
        f"/review/?entry={TOO_LARGE}&author={TOO_LARGE}",
        f"/api/v1/review/queue/?entry={TOO_LARGE}",
        f"/api/v1/moderation/queue/?digest={TOO_LARGE}",
    ],
)
def test_ids_too_large_in_query_strings_are_answered(client_editor, address):
    assert client_editor.get(address).status_code in (200, 400)


def admin_filter_addresses() -> list[str]:
    """Every admin list with each of its filters (and the lookups Django's admin builds for
    them) given an integer too large for any column, and Django's own list parameters."""
    addresses = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        names = [f for f in model_admin.list_filter if isinstance(f, str)]
        params = [f"{name}{suffix}" for name in names for suffix in ("", "__exact", "__id__exact")]
        params += ["id__exact", "pk", "p", "o", "e"]
        if model_admin.date_hierarchy:
            params += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
        for value in (TOO_LARGE, "-" + TOO_LARGE):
            addresses += [f"{base}?{param}={value}" for param in params]
    return addresses


def test_admin_filters_with_integers_too_large_are_refused(admin_client, segment):
    answers = {
        address: admin_client.get(address).status_code for address in admin_filter_addresses()
    }
    assert set(answers.values()) == {400}, answers


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param(
            f"segment__id__exact={TOO_LARGE}",
            "The filter segment__id__exact is a number too large to look up.",
            id="foreign-key",
        ),
        pytest.param(
            f"status=open&author__id__exact=-{TOO_LARGE}",
            "The filter author__id__exact is a number too large to look up.",
            id="negative",
        ),
    ],
)
def test_an_admin_filter_beyond_bigint_is_refused(admin_client, query, message):
    assert_plain_refusal(admin_client.get(f"/admin/corrections/suggestion/?{query}"), message)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("created_at__year=9999", "The filter created_at__year must be from 1 to 9998."),
        (
            "created_at__year=2024&created_at__month=3000000000",
            "The filter created_at__month must be from 1 to 12.",
        ),
    ],
)
def test_the_admin_date_drill_down_refuses_dates_it_cannot_compute(admin_client, query, message):
    assert_plain_refusal(admin_client.get(f"/admin/digest/comment/?{query}"), message)


def test_admin_filters_within_range_still_work(admin_client, segment, member):
    suggestion_create(segment=segment, author=member, text="다른 번역입니다.")
    response = admin_client.get(f"/admin/corrections/suggestion/?segment__id__exact={segment.pk}")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = admin_client.get("/admin/digest/comment/?created_at__year=9998&created_at__month=12")
    assert response.status_code == 200


def test_the_sites_own_lists_still_ignore_a_number_too_large(client_editor):
    # Their forms bound the number; only the admin turns filters into lookups unchecked.
    assert client_editor.get(f"/review/?entry={TOO_LARGE}").status_code == 200


def test_an_unknown_user_id_in_the_address_is_404(client_editor):
    assert client_editor.get(f"/people/{TOO_LARGE}/").status_code == 404


def test_guards_leave_ordinary_input_alone(client, api_member, segment):
    assert client.get("/glossary/?q=model").status_code == 200
    response = api_member.post(
        f"/api/v1/segments/{segment.pk}/flags/",
        json.dumps({"reason": "mistranslation", "note": "어색합니다", "span": [0, 2]}),
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert Flag.objects.count() == 1

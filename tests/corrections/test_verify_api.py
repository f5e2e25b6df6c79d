"""Editors confirm sentences through the API: one sentence, one field or a whole entry, with
the same rules as the pages (a note for open flags and check errors)."""

import pytest

from core.models import AuditEvent
from corrections.models import Flag
from corrections.quality import findings_refresh
from corrections.services.flags import flag_create
from digest.models import Digest, SegmentVerification

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def quiet_segment(entry):
    return entry.segments.get(field="abstract", position=1)


def post(client, url, data=None):
    return client.post(url, data if data is not None else {}, content_type=JSON)


def provenance_in_api(client, segment) -> str:
    body = client.get(f"/api/v1/digests/{segment.entry.digest.slug}/").json()
    for entry in body["entries"]:
        for field in entry["fields"]:
            for item in field["segments"]:
                if item["id"] == segment.pk:
                    return item["provenance"]
    raise AssertionError("segment not in the API")


def test_an_editor_confirms_a_sentence(client, editor, quiet_segment):
    client.force_login(editor)
    response = post(client, f"/api/v1/segments/{quiet_segment.pk}/verify/", {"note": ""})
    assert response.status_code == 200
    assert response.json() == {
        "segment": quiet_segment.pk,
        "provenance": "verified",
        "verified": [quiet_segment.pk],
        "already": [],
        "dismissed_flags": [],
        "overridden_findings": [],
    }
    assert provenance_in_api(client, quiet_segment) == "verified"
    assert AuditEvent.objects.filter(action="segments.verify", actor=editor).exists()

    again = post(client, f"/api/v1/segments/{quiet_segment.pk}/verify/").json()
    assert (again["verified"], again["already"]) == ([], [quiet_segment.pk])


def test_an_open_flag_needs_a_note(client, editor, member, quiet_segment):
    flag = flag_create(segment=quiet_segment, author=member, reason="awkward")
    client.force_login(editor)
    url = f"/api/v1/segments/{quiet_segment.pk}/verify/"
    refused = post(client, url)
    assert refused.status_code == 409
    assert "write a note to dismiss them and verify" in refused.json()["detail"]
    assert not SegmentVerification.objects.exists()

    body = post(client, url, {"note": "읽어 보니 자연스럽습니다."}).json()
    assert body["verified"] == [quiet_segment.pk] and body["dismissed_flags"] == [flag.pk]
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.DISMISSED


def test_a_check_error_is_overridden_with_a_note(client, editor, entry, segment):
    findings_refresh(digest=entry.digest)  # the summary says 8억 for 8B
    client.force_login(editor)
    url = f"/api/v1/segments/{segment.pk}/verify/"
    assert post(client, url).status_code == 409
    body = post(client, url, {"note": "8B는 원문 그대로 확인"}).json()
    assert body["verified"] == [segment.pk] and body["overridden_findings"]


def test_a_field_then_the_whole_entry(client, editor, entry):
    client.force_login(editor)
    abstract = sorted(
        entry.segments.filter(field="abstract", retired_in__isnull=True).values_list(
            "pk", flat=True
        )
    )
    url = f"/api/v1/entries/{entry.pk}/verify/"
    body = post(client, url, {"field": "abstract"}).json()
    assert body["verified"] == abstract
    body = post(client, url, {"note": ""}).json()
    assert body["already"] == abstract
    assert (
        SegmentVerification.objects.count()
        == entry.segments.filter(retired_in__isnull=True).count()
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"field": "footnote"}, "field:"),
        ({"note": 5}, "note:"),
        ({"note": "x" * 2001}, "note:"),
    ],
)
def test_bad_bodies_are_400(client, editor, entry, body, message):
    client.force_login(editor)
    response = post(client, f"/api/v1/entries/{entry.pk}/verify/", body)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not SegmentVerification.objects.exists()


def test_members_get_403_and_visitors_401(client, member, quiet_segment, entry):
    for url in (
        f"/api/v1/segments/{quiet_segment.pk}/verify/",
        f"/api/v1/entries/{entry.pk}/verify/",
    ):
        assert post(client, url).status_code == 401
        client.force_login(member)
        response = post(client, url)
        assert response.status_code == 403
        assert response.json() == {"detail": "Only editors can do this."}
        client.logout()
    assert not SegmentVerification.objects.exists()


def test_an_unknown_sentence_is_404_and_a_drafts_sentence_can_be_confirmed(
    client, editor, entry, quiet_segment
):
    client.force_login(editor)
    unknown = post(client, "/api/v1/segments/999999999/verify/")
    assert unknown.status_code == 404 and unknown.json() == {"detail": "Not found."}
    # Editors see unpublished drafts (a machine draft is checked before it goes out).
    Digest.objects.filter(pk=entry.digest_id).update(status=Digest.Status.DRAFT)
    assert post(client, f"/api/v1/segments/{quiet_segment.pk}/verify/").status_code == 200
    assert provenance_in_api(client, quiet_segment) == "verified"


def test_the_schema_documents_both_operations(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in ("/api/v1/segments/{segment_id}/verify/", "/api/v1/entries/{entry_id}/verify/"):
        operation = schema["paths"][path]["post"]
        assert {"200", "400", "401", "403", "404", "409"} <= set(operation["responses"])
    entry_body = schema["components"]["schemas"]["EntryVerifyInputRequest"]["properties"]
    assert set(entry_body) == {"note", "field"}

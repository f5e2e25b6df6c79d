import pytest

from digest.models import Revision
from digest.services import entry_lock, revision_append
from tests.factories import make_digest

pytestmark = pytest.mark.django_db


def test_digest_list_is_paginated_newest_first(client, sample_digest):
    body = client.get("/api/v1/digests/").json()
    assert body["count"] == 1
    assert body["results"][0]["slug"] == "2024-10-21-top-ml-papers"
    assert body["results"][0]["entry_count"] == 10


def test_digest_detail_carries_segment_ids(client, sample_digest):
    body = client.get("/api/v1/digests/2024-10-21-top-ml-papers/").json()
    assert len(body["entries"]) == 10
    first = body["entries"][0]
    assert first["position"] == 1 and first["revision"] == 1
    assert [f["name"] for f in first["fields"]] == ["title", "summary", "abstract"]
    segment = first["fields"][0]["segments"][0]
    assert segment == {
        "id": segment["id"],
        "source": "Agentic Information Retrieval",
        "target": "에이전트 정보 검색",
        "provenance": "machine",
    }


def test_unknown_digest_is_a_json_404(client, db):
    response = client.get("/api/v1/digests/nope/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_revisions_and_diff(client, sample_digest, editor):
    entry = sample_digest.entries.get(position=1)
    locked = entry_lock(entry_id=entry.pk)
    segment = entry.segments.get(field="title")
    revision_append(
        entry=locked,
        kind=Revision.Kind.EDIT,
        texts={segment.pk: "에이전트형 정보 검색"},
        editor=editor,
        summary="제목 다듬기",
    )
    revisions = client.get(f"/api/v1/entries/{entry.pk}/revisions/").json()
    assert [(r["number"], r["kind"]) for r in revisions] == [(1, "machine"), (2, "edit")]
    assert revisions[1]["editor"] == editor.public_name
    assert revisions[1]["summary"] == "제목 다듬기"
    diff = client.get(f"/api/v1/entries/{entry.pk}/diff/?from=1&to=2").json()
    title = diff["fields"][0]
    assert title["name"] == "title" and title["changed"]
    assert ["insert", "형"] in title["ops"]
    assert not diff["fields"][1]["changed"]


@pytest.mark.parametrize("query", ["?from=abc", "?from=0", "?to=99", "?from=1&to=-3"])
def test_bad_diff_parameters_get_400_with_detail(client, sample_digest, query):
    entry = sample_digest.entries.get(position=1)
    response = client.get(f"/api/v1/entries/{entry.pk}/diff/{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_draft_entries_are_not_found_for_visitors(client, db):
    digest = make_digest(slug="draft", status="draft")
    entry = digest.entries.first()
    assert client.get(f"/api/v1/entries/{entry.pk}/revisions/").status_code == 404
    assert client.get("/api/v1/digests/draft/").status_code == 404


def test_schema_and_docs_are_served(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/digests/{slug}/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs.lower() and "cdn" not in docs.lower()


@pytest.mark.parametrize("size", [2, 8])
def test_api_query_counts_are_flat(client, count_queries, size):
    make_digest(slug="sized", entries=size, sentences=size)
    for n in range(size):
        make_digest(slug=f"other-{n}", entries=1)
    entry = make_digest(slug="x", entries=1).entries.get()
    assert count_queries(lambda: client.get("/api/v1/digests/")) == 2
    # digest, entries, segment texts, visible comment counts (likes are columns)
    assert count_queries(lambda: client.get("/api/v1/digests/sized/")) == 4
    assert count_queries(lambda: client.get(f"/api/v1/entries/{entry.pk}/revisions/")) == 3


def test_the_schema_documents_the_read_apis_refusals(client, db):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    paths = schema["paths"]
    assert "404" in paths["/api/v1/digests/{slug}/"]["get"]["responses"]
    assert "404" in paths["/api/v1/entries/{entry_id}/revisions/"]["get"]["responses"]
    diff = paths["/api/v1/entries/{entry_id}/diff/"]["get"]
    assert {"400", "404"} <= set(diff["responses"])
    bounds = {
        p["name"]: p["schema"].get("minimum") for p in diff["parameters"] if p["in"] == "query"
    }
    assert bounds == {"from": 1, "to": 1}
    invalid = schema["components"]["schemas"]["InvalidRequest"]["properties"]
    assert set(invalid) == {"detail", "errors"}


def test_a_diff_below_revision_one_is_a_400_in_the_documented_shape(client, sample_digest):
    entry = sample_digest.entries.first()
    response = client.get(f"/api/v1/entries/{entry.pk}/diff/?from=0")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}
    assert "from" in response.json()["errors"]

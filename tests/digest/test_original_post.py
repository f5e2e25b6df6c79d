"""The address of the original post: set by an editor (audited), kept by a re-import of the
weekly file (which names no address), carried by the digest/1 export and its import."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from core.errors import InvalidInput, NotAllowed
from core.models import AuditEvent
from digest.models import Digest
from digest.services.digests import digest_details_update
from tests.conftest import SAMPLE_PATH

pytestmark = pytest.mark.django_db

POST = "https://discuss.example/t/top-ml-papers-2024-10-21/5123"


def details(digest, **changes):
    return {
        "title": digest.title,
        "publisher": digest.publisher,
        "original_url": digest.original_url,
        **changes,
    }


def test_an_editor_sets_the_original_post_and_the_change_is_audited(sample_digest, editor):
    changed = digest_details_update(
        digest=sample_digest, editor=editor, **details(sample_digest, original_url=POST)
    )
    assert changed == ["original_url"]
    assert Digest.objects.get(pk=sample_digest.pk).original_url == POST
    event = AuditEvent.objects.get(action="digest.details_change")
    assert event.actor == editor and event.data == {"original_url": {"old": None, "new": POST}}
    sample_digest.refresh_from_db()
    assert (
        digest_details_update(digest=sample_digest, editor=editor, **details(sample_digest)) == []
    )


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "discuss.example"])
def test_only_a_web_address_is_accepted(sample_digest, editor, address):
    with pytest.raises(InvalidInput):
        digest_details_update(
            digest=sample_digest, editor=editor, **details(sample_digest, original_url=address)
        )
    assert Digest.objects.get(pk=sample_digest.pk).original_url is None
    assert not AuditEvent.objects.filter(action="digest.details_change").exists()


def test_a_member_cannot_change_a_digest(sample_digest, member):
    with pytest.raises(NotAllowed):
        digest_details_update(
            digest=sample_digest, editor=member, **details(sample_digest, title="바뀐 제목")
        )
    assert Digest.objects.get(pk=sample_digest.pk).title == sample_digest.title


def test_a_title_cannot_be_emptied(sample_digest, editor):
    with pytest.raises(InvalidInput):
        digest_details_update(
            digest=sample_digest, editor=editor, **details(sample_digest, title=" ")
        )


def test_the_admin_saves_through_the_audited_service(admin_client, admin_user, sample_digest):
    admin_client.cookies["django_language"] = "en"
    url = f"/admin/digest/digest/{sample_digest.pk}/change/"
    response = admin_client.post(
        url, details(sample_digest, original_url=POST, source_language="en")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Digest.objects.get(pk=sample_digest.pk).original_url == POST
    assert AuditEvent.objects.get(action="digest.details_change").actor == admin_user


def export(slug: str) -> dict:
    out = StringIO()
    call_command("export_digest", slug, stdout=out)
    return json.loads(out.getvalue())


def test_export_carries_the_address_and_a_reimport_of_the_weekly_file_keeps_it(
    sample_digest, editor
):
    digest_details_update(
        digest=sample_digest, editor=editor, **details(sample_digest, original_url=POST)
    )
    assert export(sample_digest.slug)["original_url"] == POST
    call_command("import_digest", str(SAMPLE_PATH), "--update", stdout=StringIO())
    assert Digest.objects.get(pk=sample_digest.pk).original_url == POST


def test_the_digest_format_imports_the_address(tmp_path, sample_digest):
    document = export(sample_digest.slug)
    document.update(slug="copy-of-the-week", original_url=POST)
    path = tmp_path / "copy.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    call_command("import_digest", str(path), stdout=StringIO())
    assert Digest.objects.get(slug="copy-of-the-week").original_url == POST
    document.update(slug="bad-address", original_url="javascript:alert(1)")
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(Exception, match="original_url"):
        call_command("import_digest", str(path), stdout=StringIO())
    assert not Digest.objects.filter(slug="bad-address").exists()


def test_the_digest_api_gives_the_address(client, sample_digest, editor):
    url = f"/api/v1/digests/{sample_digest.slug}/"
    assert client.get(url).json()["original_url"] is None
    digest_details_update(
        digest=sample_digest, editor=editor, **details(sample_digest, original_url=POST)
    )
    assert client.get(url).json()["original_url"] == POST

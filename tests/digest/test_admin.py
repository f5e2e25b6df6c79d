"""The digest admin: digests come from import_digest; the admin only publishes and unpublishes."""

import pytest

from digest.models import Digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_en(admin_client):
    admin_client.cookies["django_language"] = "en"
    return admin_client


def test_digests_are_not_added_in_the_admin_and_intro_is_read_only(admin_en, sample_digest):
    assert admin_en.get("/admin/digest/digest/add/").status_code == 403
    response = admin_en.get(f"/admin/digest/digest/{sample_digest.pk}/change/")
    fields = response.context["adminform"].form.fields
    assert "intro" not in fields and "notice" not in fields and "status" not in fields
    admin_en.post(
        "/admin/digest/digest/", {"action": "unpublish", "_selected_action": [sample_digest.pk]}
    )
    assert Digest.objects.get(pk=sample_digest.pk).status == Digest.Status.DRAFT

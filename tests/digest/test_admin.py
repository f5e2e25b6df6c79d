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


def test_the_slug_and_period_are_not_edited_in_the_admin(admin_en, sample_digest):
    response = admin_en.get(f"/admin/digest/digest/{sample_digest.pk}/change/")
    fields = response.context["adminform"].form.fields
    assert not {"slug", "period_start", "period_end"} & set(fields)


def test_entry_link_edits_in_the_admin_are_audited(admin_en, admin_user, sample_digest):
    from core.models import AuditEvent
    from digest.models import Entry

    entry = sample_digest.entries.get(position=2)
    url = f"/admin/digest/entry/{entry.pk}/change/"
    form = admin_en.get(url).context["adminform"].form
    assert "kind" not in form.fields
    response = admin_en.post(
        url,
        {
            "source_url": "https://arxiv.org/abs/2410.00001",
            "read_more_url": entry.read_more_url or "",
        },
    )
    assert response.status_code == 302
    assert Entry.objects.get(pk=entry.pk).source_url == "https://arxiv.org/abs/2410.00001"
    event = AuditEvent.objects.get(action="entry.links_change")
    assert event.actor == admin_user
    assert event.data == {
        "source_url": {"old": entry.source_url, "new": "https://arxiv.org/abs/2410.00001"}
    }


def test_staff_who_are_not_editors_read_digests_and_entries_without_changing_them(
    client, sample_digest
):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_digest", "change_digest", "view_entry", "change_entry"]
        )
    )
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    url = f"/admin/digest/digest/{sample_digest.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url, {"title": "바뀐 제목", "publisher": "누군가"}).status_code == 403
    assert Digest.objects.get(pk=sample_digest.pk).title == sample_digest.title
    listing = client.get("/admin/digest/digest/").content.decode()
    assert 'value="unpublish"' not in listing
    entry = sample_digest.entries.get(position=2)
    response = client.post(
        f"/admin/digest/entry/{entry.pk}/change/", {"source_url": "https://example.com/x"}
    )
    assert response.status_code == 403

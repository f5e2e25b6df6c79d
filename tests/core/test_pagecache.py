"""Visitors' pages from the cache: served without rendering, and never stale after a write.

Each write runs inside `committed()`, which runs the transaction's on-commit callbacks the
way a real commit would; the page cache renews its stamps there.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.services import profile_update
from core import pagecache
from corrections.services.flags import flag_create
from corrections.services.review import suggestion_accept
from corrections.services.revisions import revision_revert
from corrections.services.segments import current_text
from corrections.services.suggestions import suggestion_create
from digest.models import Digest
from digest.services import digest_publish, digest_unpublish
from digest.services.comments import comment_create
from digest.services.likes import like_set
from tests.factories import UserFactory


# Every test runs with both stamp stores: the database (a memory cache per process) and the
# cache itself (Redis in production; the test cache stands in, as one process shares it).
@pytest.fixture(autouse=True, params=["database", "cache"])
def page_cache_on(request, settings, monkeypatch):
    settings.GYOJEONG_PAGE_CACHE = True
    store = pagecache.DatabaseStamps() if request.param == "database" else pagecache.CacheStamps()
    monkeypatch.setattr(pagecache, "stamp_store", lambda: store)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def entry(sample_digest):
    return sample_digest.entries.get(position=7)


@pytest.fixture
def segment(entry):
    return entry.segments.get(field="summary", position=0)


# Text that appears nowhere in the sample, so seeing it means seeing the correction.
CORRECTED = "80억(교정)"


def digest_url(digest):
    return reverse("digest:digest", kwargs={"slug": digest.slug})


def test_a_visitors_second_visit_is_served_without_rendering(
    client, sample_digest, django_assert_max_num_queries
):
    first = client.get(digest_url(sample_digest))
    assert first.status_code == 200
    # Only the stamps are read: no digest, entry, comment or session query.
    with django_assert_max_num_queries(1):
        second = client.get(digest_url(sample_digest))
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "Cookie" in second["Vary"]


def test_visitor_pages_carry_no_token_and_set_no_cookie(client, sample_digest):
    for url in (reverse("digest:home"), digest_url(sample_digest), reverse("digest:feed")):
        response = client.get(url)
        assert response.status_code == 200
        assert b"csrfmiddlewaretoken" not in response.content
        assert b"X-CSRFToken" not in response.content
        assert not response.cookies


def test_a_browser_holding_the_page_gets_304(client, sample_digest):
    first = client.get(digest_url(sample_digest))
    again = client.get(digest_url(sample_digest), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(reverse("digest:home"))
    assert (
        client.get(
            reverse("digest:home"), HTTP_IF_MODIFIED_SINCE=since["Last-Modified"]
        ).status_code
        == 304
    )


def test_an_accepted_correction_shows_on_the_very_next_request(
    client, sample_digest, segment, member, editor, committed
):
    # The digest itself was last saved long before the correction.
    month_ago = timezone.now() - timedelta(days=30)
    Digest.objects.filter(pk=sample_digest.pk).update(updated_at=month_ago)
    before = client.get(digest_url(sample_digest))
    assert CORRECTED not in before.content.decode()
    with committed():
        suggestion = suggestion_create(
            segment=segment, author=member, text=current_text(segment).replace("8억", CORRECTED)
        )
    # A pending suggestion changes nothing a visitor sees: the copy is still served.
    unchanged = client.get(digest_url(sample_digest), HTTP_IF_NONE_MATCH=before["ETag"])
    assert unchanged.status_code == 304
    with committed():
        suggestion_accept(suggestion=suggestion, editor=editor)
    after = client.get(digest_url(sample_digest), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert CORRECTED in after.content.decode()
    assert after["ETag"] != before["ETag"]
    entry_page = client.get(reverse("digest:entry", args=[sample_digest.slug, 7]))
    assert CORRECTED in entry_page.content.decode()
    api = client.get(reverse("api-digest-detail", args=[sample_digest.slug])).json()
    assert CORRECTED in str(api)
    # The feed's <updated> follows the correction.
    revision = suggestion.segment.entry.revisions.latest("number")
    feed = client.get(reverse("digest:feed")).content.decode()
    assert f"<updated>{revision.created_at.isoformat()}</updated>" in feed


def test_a_revert_shows_on_the_next_request(
    client, sample_digest, entry, segment, member, editor, committed
):
    with committed():
        suggestion = suggestion_create(
            segment=segment, author=member, text=current_text(segment).replace("8억", CORRECTED)
        )
        suggestion_accept(suggestion=suggestion, editor=editor)
    assert CORRECTED in client.get(digest_url(sample_digest)).content.decode()
    with committed():
        revision_revert(entry=entry, editor=editor, to_number=1)
    assert CORRECTED not in client.get(digest_url(sample_digest)).content.decode()


def test_a_comment_and_a_like_show_on_the_next_request(
    client, sample_digest, member, other_member, committed
):
    client.get(digest_url(sample_digest))
    client.get(reverse("digest:home"))
    with committed():
        comment = comment_create(author=member, digest=sample_digest, body="번역이 정확하네요")
    page = client.get(digest_url(sample_digest)).content.decode()
    assert "번역이 정확하네요" in page
    with committed():
        like_set(user=other_member, target=comment, liked=True)
        like_set(user=other_member, target=sample_digest, liked=True)
    page = client.get(digest_url(sample_digest)).content.decode()
    assert '<span class="like__total">좋아요 1개</span>' in page
    home = client.get(reverse("digest:home")).content.decode()
    assert "댓글 1개" in home
    with committed():
        like_set(user=other_member, target=sample_digest, liked=False)
    page = client.get(digest_url(sample_digest)).content.decode()
    assert page.count('<span class="like__total">좋아요 1개</span>') == 1  # the comment's


def test_a_flag_marks_the_sentence_on_the_next_request(
    client, sample_digest, segment, member, committed
):
    flagged_marker = f'class="seg-marker seg-marker--flagged" href="/s/{segment.pk}/"'
    assert flagged_marker not in client.get(digest_url(sample_digest)).content.decode()
    with committed():
        flag_create(segment=segment, author=member, reason="mistranslation")
    assert flagged_marker in client.get(digest_url(sample_digest)).content.decode()


def test_an_accepted_correction_shows_in_the_corrections_feed_on_the_next_request(
    client, sample_digest, segment, member, editor, committed
):
    feed = reverse("digest:corrections_feed")
    assert "(교정 피드)" not in client.get(feed).content.decode()
    with committed():
        suggestion = suggestion_create(
            segment=segment, author=member, text=current_text(segment) + " (교정 피드)"
        )
        suggestion_accept(suggestion=suggestion, editor=editor)
    assert "(교정 피드)" in client.get(feed).content.decode()


def test_a_verification_shows_in_the_api_on_the_next_request(
    client, sample_digest, segment, editor, committed
):
    from corrections.services.verification import segments_verify

    url = f"/api/v1/digests/{sample_digest.slug}/"

    def provenance() -> set[str]:
        body = client.get(url).json()
        return {
            item["provenance"]
            for entry in body["entries"]
            for field in entry["fields"]
            for item in field["segments"]
            if item["id"] == segment.pk
        }

    assert provenance() == {"machine"}
    with committed():
        segments_verify(segments=[segment], editor=editor, note="원문과 맞춰 봄")
    assert provenance() == {"verified"}


def test_publishing_and_unpublishing_show_on_the_next_request(client, sample_digest, committed):
    home = reverse("digest:home")
    assert sample_digest.title in client.get(home).content.decode()
    with committed():
        digest_unpublish(digest=sample_digest)
    assert client.get(digest_url(sample_digest)).status_code == 404
    assert sample_digest.title not in client.get(home).content.decode()
    with committed():
        digest_publish(digest=sample_digest)
    assert client.get(digest_url(sample_digest)).status_code == 200
    assert sample_digest.title in client.get(home).content.decode()


def test_a_new_display_name_shows_beside_old_comments(client, sample_digest, member, committed):
    with committed():
        comment_create(author=member, digest=sample_digest, body="좋은 글입니다")
    assert member.display_name in client.get(digest_url(sample_digest)).content.decode()
    with committed():
        profile_update(user=member, display_name="새이름")
    assert "새이름" in client.get(digest_url(sample_digest)).content.decode()


def test_a_renamed_digest_no_longer_answers_at_its_old_address(client, sample_digest, committed):
    old_url = digest_url(sample_digest)
    assert client.get(old_url).status_code == 200
    with committed():
        sample_digest.slug = "renamed"
        sample_digest.save()
    assert client.get(old_url).status_code == 404
    assert client.get("/d/renamed/").status_code == 200


def test_each_language_has_its_own_copy(client, sample_digest):
    korean = client.get(reverse("digest:home")).content.decode()
    client.get(reverse("language_choose", args=["en"]) + "?next=/")
    english = client.get(reverse("digest:home")).content.decode()
    assert 'lang="ko"' in korean and '<html lang="ko">' in korean
    assert '<html lang="en">' in english
    del client.cookies["django_language"]
    api_ko = client.get(reverse("api-digest-list"), HTTP_ACCEPT_LANGUAGE="ko")
    api_en = client.get(reverse("api-digest-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert api_ko["Content-Language"] == "ko"
    assert api_en["Content-Language"] == "en"


def test_language_links_only_accept_known_languages_and_local_next(client):
    response = client.get(reverse("language_choose", args=["fr"]) + "?next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == reverse("digest:home")
    assert "django_language" not in response.cookies


def test_members_never_get_or_leave_a_visitors_copy(client, sample_digest, member, committed):
    visitor_page = client.get(digest_url(sample_digest))
    client.force_login(member)
    member_page = client.get(digest_url(sample_digest))
    assert member_page.content != visitor_page.content
    assert b"X-CSRFToken" in member_page.content
    assert "ETag" not in member_page
    client.logout()
    anonymous = client.get(digest_url(sample_digest))
    assert b"X-CSRFToken" not in anonymous.content


def test_other_parameters_and_htmx_requests_bypass_the_cache(
    client, sample_digest, django_assert_max_num_queries
):
    client.get(digest_url(sample_digest) + "?utm_source=mail")
    response = client.get(digest_url(sample_digest) + "?utm_source=mail")
    assert "ETag" not in response
    layout = client.get(digest_url(sample_digest) + "?layout=parallel")
    assert "ETag" in layout
    assert client.get(digest_url(sample_digest), HTTP_HX_REQUEST="true").get("ETag") is None


def test_a_second_member_cannot_see_the_first_ones_page(client, sample_digest, committed):
    first = UserFactory()
    client.force_login(first)
    client.get(digest_url(sample_digest))
    client.logout()
    visitor = client.get(digest_url(sample_digest)).content.decode()
    assert first.display_name not in visitor


def test_members_see_a_correction_in_the_cached_text_at_once(
    client, sample_digest, segment, member, other_member, editor, committed
):
    client.force_login(other_member)
    assert CORRECTED not in client.get(digest_url(sample_digest)).content.decode()
    with committed():
        suggestion = suggestion_create(
            segment=segment, author=member, text=current_text(segment).replace("8억", CORRECTED)
        )
        flag_create(segment=segment, author=member, reason="mistranslation")
    flagged_marker = f'class="seg-marker seg-marker--flagged" href="/s/{segment.pk}/"'
    assert flagged_marker in client.get(digest_url(sample_digest)).content.decode()
    with committed():
        suggestion_accept(suggestion=suggestion, editor=editor)
    page = client.get(digest_url(sample_digest)).content.decode()
    assert CORRECTED in page
    assert flagged_marker not in page
    entry_page = client.get(reverse("digest:entry", args=[sample_digest.slug, 7]))
    assert CORRECTED in entry_page.content.decode()


def test_a_members_cached_text_is_read_not_rendered(client, sample_digest, member, monkeypatch):
    from digest.templatetags import reading

    client.force_login(member)
    client.get(digest_url(sample_digest))
    rendered = []
    original = reading._Sentences.sentence

    def counting(self, seg, **kwargs):
        rendered.append(seg.id)
        return original(self, seg, **kwargs)

    monkeypatch.setattr(reading._Sentences, "sentence", counting)
    page = client.get(digest_url(sample_digest))
    assert page.status_code == 200
    assert 'class="seg"' in page.content.decode()
    assert rendered == []


def test_a_members_page_with_cached_text_does_not_read_the_text(client, sample_digest, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    client.get(digest_url(sample_digest))
    with CaptureQueriesContext(connection) as queries:
        client.get(digest_url(sample_digest))
    assert not any("digest_segmenttext" in q["sql"] for q in queries.captured_queries)
    # A layout not seen yet renders (and reads) the text.
    with CaptureQueriesContext(connection) as queries:
        client.get(digest_url(sample_digest) + "?layout=parallel")
    assert any("digest_segmenttext" in q["sql"] for q in queries.captured_queries)


def test_with_stamps_in_the_cache_a_visitors_copy_needs_no_database(
    client, sample_digest, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(pagecache, "stamp_store", lambda: pagecache.CacheStamps())
    first = client.get(digest_url(sample_digest))
    with django_assert_num_queries(0):
        second = client.get(digest_url(sample_digest))
    assert second.content == first.content


def test_a_stamp_the_cache_lost_retires_the_copies_made_under_it(
    client, sample_digest, monkeypatch
):
    monkeypatch.setattr(pagecache, "stamp_store", lambda: pagecache.CacheStamps())
    first = client.get(digest_url(sample_digest))
    cache.delete(pagecache.CacheStamps.PREFIX + f"digest:{sample_digest.slug}")
    second = client.get(digest_url(sample_digest))
    assert second["ETag"] != first["ETag"]


def test_local_copies_keep_the_latest_within_their_budget():
    copies = pagecache.LocalCopies(budget=10)
    copies.put("a", (200, [], b"12345"))
    copies.put("b", (200, [], b"12345"))
    assert copies.get("a") is not None  # now the most recent
    copies.put("c", (200, [], b"123"))
    assert copies.get("b") is None
    assert copies.get("a") is not None and copies.get("c") is not None
    copies.put("huge", (200, [], b"x" * 11))
    assert copies.get("huge") is None and copies.size == 8

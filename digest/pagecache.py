"""Which reader pages visitors get from the cache, and which writes renew them.

Stamps (core.pagecache):
- SITE: the lists (home, the Atom feed, the digest list in the API). Any change to a digest
  changes them, since they show its title, counts and last correction.
- digest_stamp(slug): everything under /d/<slug>/ and the API's views of that digest.
- PEOPLE: members' public names, shown beside comments and corrections everywhere.
- digest_text_stamp(slug): only the digest's text and sentence markers (not its comments
  or likes), the key of the entry fragments signed-in members get from the cache.

The renewals follow the rows, through model signals, rather than each service: a page must
change whenever what it shows changes, whichever door changed it (a service, the admin, an
import), and a signal on the row cannot be forgotten by the next door. The bulk updates the
services run (`QuerySet.update`) always happen in a transaction that also saves one of
these rows for the same digest, and the renewal waits for that transaction's commit.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save

from accounts.models import User
from core.pagecache import cacheable_page, stamps_renew, stamps_tokens, stamps_version

from .models import Comment, Digest, Entry, Like, Revision

SITE = "site"
PEOPLE = "people"


def digest_stamp(slug: str) -> str:
    return f"digest:{slug}"


def digest_text_stamp(slug: str) -> str:
    return f"digest-text:{slug}"


def digests_changed(digest_ids: Iterable[int], *, text: bool = False) -> None:
    """Renew the pages of these digests and the lists that show them; with `text`, also
    the fragments of their text."""
    slugs = Digest.objects.filter(pk__in=set(digest_ids)).values_list("slug", flat=True)
    keys = [SITE]
    for slug in slugs:
        keys.append(digest_stamp(slug))
        if text:
            keys.append(digest_text_stamp(slug))
    stamps_renew(keys)


def text_version(digest: Digest) -> str:
    """The key of the digest's cached text fragments; empty (render them) when the cache
    is off."""
    if not settings.GYOJEONG_PAGE_CACHE:
        return ""
    return stamps_version([digest_text_stamp(digest.slug)])


def member_page_versions(digest: Digest) -> tuple[str, str]:
    """For a signed-in member's digest page, in one query: the key of its text fragments
    (as `text_version`) and the key of its blocks (digest.fragments), which change with its
    text, comments, likes and public names. Both empty when the cache is off."""
    if not settings.GYOJEONG_PAGE_CACHE:
        return "", ""
    text = digest_text_stamp(digest.slug)
    tokens = stamps_tokens([PEOPLE, digest_stamp(digest.slug), text])
    return tokens[text], "-".join(tokens[key] for key in sorted(tokens))


def _list_pages(kwargs: dict) -> list[str]:
    return [SITE]


def _corrections_feed_pages(kwargs: dict) -> list[str]:
    # Every revision renews SITE; the items name the people who made them.
    return [SITE, PEOPLE]


def _digest_pages(kwargs: dict) -> list[str]:
    return [PEOPLE, digest_stamp(kwargs["slug"])]


def _entry_api_pages(kwargs: dict) -> list[str]:
    slug = Entry.objects.filter(pk=kwargs["entry_id"]).values_list("digest__slug", flat=True)
    return [PEOPLE, *(digest_stamp(s) for s in slug)]


def register_pages() -> None:
    cacheable_page("digest:home", stamps=_list_pages, params={"page"})
    cacheable_page("digest:feed", stamps=_list_pages)
    cacheable_page("digest:corrections_feed", stamps=_corrections_feed_pages)
    cacheable_page("digest:digest", stamps=_digest_pages, params={"layout"})
    cacheable_page("digest:entry", stamps=_digest_pages, params={"layout"})
    cacheable_page("digest:history", stamps=_digest_pages, params={"from", "to"})
    cacheable_page("digest:revision", stamps=_digest_pages)
    cacheable_page("api-digest-list", stamps=_list_pages, params={"page"}, api=True)
    cacheable_page("api-digest-detail", stamps=_digest_pages, api=True)
    cacheable_page("api-digest-comments", stamps=_digest_pages, params={"page"}, api=True)
    cacheable_page("api-entry-revisions", stamps=_entry_api_pages, api=True)
    cacheable_page("api-entry-diff", stamps=_entry_api_pages, params={"from", "to"}, api=True)
    cacheable_page("api-entry-comments", stamps=_entry_api_pages, params={"page"}, api=True)


def _digest_saved(sender, instance: Digest, **kwargs) -> None:
    stamps_renew([SITE, digest_stamp(instance.slug), digest_text_stamp(instance.slug)])


def _digest_slug_changing(sender, instance: Digest, **kwargs) -> None:
    # The copies under the old address must go too: it answers 404 from now on.
    if instance.pk is None:
        return
    old = Digest.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is not None and old != instance.slug:
        stamps_renew([digest_stamp(old), digest_text_stamp(old)])


def _entry_saved(sender, instance: Entry, **kwargs) -> None:
    digests_changed([instance.digest_id], text=True)


def _revision_saved(sender, instance: Revision, created: bool = True, **kwargs) -> None:
    digests_changed(
        Entry.objects.filter(pk=instance.entry_id).values_list("digest_id", flat=True), text=True
    )


def _comment_saved(sender, instance: Comment, **kwargs) -> None:
    digests_changed([instance.digest_id])


def _like_saved(sender, instance: Like, **kwargs) -> None:
    if instance.digest_id is not None:
        digests_changed([instance.digest_id])
    elif instance.entry_id is not None:
        digests_changed(
            Entry.objects.filter(pk=instance.entry_id).values_list("digest_id", flat=True)
        )
    else:
        digests_changed(
            Comment.objects.filter(pk=instance.comment_id).values_list("digest_id", flat=True)
        )


def _member_saved(sender, instance: User, update_fields=None, **kwargs) -> None:
    # Sign-ins save last_login alone, which no page shows.
    if update_fields is None or "display_name" in update_fields:
        stamps_renew([PEOPLE])


def connect_signals() -> None:
    pre_save.connect(_digest_slug_changing, sender=Digest, dispatch_uid="pagecache-digest-slug")
    for model, receiver in (
        (Digest, _digest_saved),
        (Entry, _entry_saved),
        (Revision, _revision_saved),
        (Comment, _comment_saved),
        (Like, _like_saved),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"pagecache-del-{model.__name__}")
    post_save.connect(_member_saved, sender=User, dispatch_uid="pagecache-member")

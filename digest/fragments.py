"""The blocks of a signed-in member's digest page, from the cache.

Each entry of the digest page (its text, links, like button and discussion) and the digest's
own discussion are one block. For a member who is neither an editor nor a moderator, a
block's HTML is a function of:

- the digest's data: its stamps (digest.pagecache) renew on every comment, like, correction,
  flag and public-name change that shows on the page;
- the page: its address (layout), the interface language and the release;
- the member's standing (`Community`: may write, needs verification, suspended);
- the member's own footprint in the digest: what they liked, and their own comments with
  what they may still do with them (edit and delete depend on the time since posting).

A member with no footprint shares every block with the others in the same standing, which
is the reader coming from the newsletter; one with a footprint gets blocks of their own.
All of it goes in the key, so a block is never served where it would differ, and no cached
block ever needs deleting.

The forms in a block carry the member's CSRF token, which must not be shared: blocks are
stored with a placeholder in its place, and the token is put back whenever a block is shown.
"""

import hashlib
from dataclasses import astuple, dataclass

from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from accounts.permissions import is_editor, is_moderator
from core.pagecache import release_token

from .models import Comment, Digest
from .selectors import comments as discussion
from .selectors.comments import LikeState

BLOCK_TTL_SECONDS = 60 * 60


def csrf_placeholder() -> str:
    """Stands for the CSRF token in a stored block; derived from the secret key, so no text
    a member writes can carry it."""
    return "csrf-" + salted_hmac("gyojeong.fragments", "csrf-placeholder").hexdigest()[:32]


@dataclass
class PageBlocks:
    """The cache keys of one page's blocks, and the blocks already stored."""

    keys: dict[str, str]
    found: dict[str, str]

    def stored(self, name: str) -> str | None:
        return self.found.get(self.keys[name])

    def store(self, name: str, html: str) -> None:
        cache.set(self.keys[name], html, BLOCK_TTL_SECONDS)


def _footprint(digest: Digest, viewer, likes: LikeState) -> tuple:
    """What the viewer liked in the digest and their own comments with what they may do
    with them now, as the threads would show it (the same rules: selectors.comments)."""
    own = list(Comment.objects.filter(digest=digest, author=viewer).order_by("pk"))
    if not own and not likes.any:
        return ()
    seen = [
        (view.id, view.show_body, view.can_edit, view.can_delete)
        for view in discussion.comment_views(own, viewer)
    ]
    liked = (
        likes.digest_liked,
        tuple(sorted(likes.entries_liked)),
        tuple(sorted(likes.comments_liked)),
    )
    return (viewer.pk, liked, tuple(seen))


def page_blocks(
    request,
    *,
    digest: Digest,
    names: list[str],
    community,
    likes: LikeState,
    layout: str,
    version: str,
) -> PageBlocks | None:
    """The keys and stored blocks of a member's digest page, or None where blocks are not
    cached (visitors, who get whole pages from core.pagecache, and editors and moderators,
    who see findings and moderated comments). `names`: an entry's id, or the digest's own
    discussion; `version`: the blocks' stamps (digest.pagecache.member_page_versions)."""
    viewer = request.user
    if not viewer.is_authenticated or is_editor(viewer) or is_moderator(viewer):
        return None
    shared = repr(
        (
            release_token(),
            digest.pk,
            version,
            layout,
            get_language(),
            astuple(community),
            _footprint(digest, viewer, likes),
        )
    )
    keys = {
        name: "member-block:" + hashlib.sha256(f"{shared}|{name}".encode()).hexdigest()[:40]
        for name in names
    }
    return PageBlocks(keys=keys, found=cache.get_many(list(keys.values())))

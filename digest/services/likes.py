"""Likes of digests, entries and comments: one per member and thing, toggled on and off."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import trust_level_refresh
from core.errors import InvalidInput, NotAllowed, NotFound
from core.ratelimit import rate_check

from ..models import Comment, Digest, Entry, Like
from .comments import require_participant

LikeTarget = Digest | Entry | Comment


def _target_field(target: LikeTarget) -> str:
    return {Digest: "digest", Entry: "entry", Comment: "comment"}[type(target)]


def _check_target(target: LikeTarget, user: User, *, liked: bool) -> None:
    if isinstance(target, Comment) and target.author_id == user.pk:
        raise NotAllowed(_("You cannot like your own comment."))
    if not liked:
        # Taking a like back is always possible, even from a comment hidden since.
        return
    digest = target if isinstance(target, Digest) else target.digest
    if not digest.is_visible_to(user):
        raise NotFound(_("No such digest."))
    if isinstance(target, Comment) and not target.is_visible:
        raise InvalidInput(_("This comment cannot be liked now."))


@transaction.atomic
def like_set(*, user: User, target: LikeTarget, liked: bool) -> tuple[bool, int]:
    """Like (`liked=True`) or unlike the target; repeating either changes nothing.

    Returns whether the member now likes it and its like count. The count moves in the
    database (`F() ± 1`) only when a like row was really added or removed, so concurrent
    requests can neither lose a like nor count one twice.
    """
    require_participant(user)
    _check_target(target, user, liked=liked)
    name = _target_field(target)
    model = type(target)
    changed = False
    if liked:
        if not Like.objects.filter(user=user, **{name: target}).exists():
            rate_check(action="like", queryset=Like.objects.filter(user=user))
            try:
                with transaction.atomic():
                    Like.objects.create(user=user, **{name: target})
                changed = True
            except IntegrityError:
                # A concurrent request of the same member added it first.
                changed = False
        if changed:
            model.objects.filter(pk=target.pk).update(like_count=F("like_count") + 1)
    else:
        deleted, _rows = Like.objects.filter(user=user, **{name: target}).delete()
        changed = bool(deleted)
        if changed:
            model.objects.filter(pk=target.pk).update(like_count=F("like_count") - 1)
    count = model.objects.filter(pk=target.pk).values_list("like_count", flat=True).get()
    target.like_count = count
    if changed and isinstance(target, Comment):
        trust_level_refresh(user=target.author)
    return liked, count

"""Comments: post, reply, edit and delete, and the replies and mentions they notify."""

import datetime
import re
import unicodedata

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Notification, TrustLevel, User
from accounts.permissions import is_member
from accounts.services import notification_send, require_can_write, trust_level_refresh
from core.errors import InvalidInput, NotAllowed, NotFound
from core.ratelimit import rate_check
from core.sanitize import render_markdown

from ..models import Comment, CommentEdit, Digest, Entry, Segment, SegmentText

# A mention is "@" and a display name, at the start or after a space or punctuation; names may
# hold spaces, so the longest name that the text after "@" starts with wins.
_MENTION_START = re.compile(r"(?:^|(?<=[\s(\[{\"'“‘,.;:!?]))@")
_NAME_END = re.compile(r"[\s,.;:!?)\]}\"'”’]")
MAX_MENTIONS = 10
MAX_NAME_LENGTH = 60


def comment_max_length() -> int:
    return settings.GYOJEONG_COMMENTS["MAX_LENGTH"]


def edit_window() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.GYOJEONG_COMMENTS["EDIT_WINDOW_HOURS"])


def require_participant(user) -> None:
    if not is_member(user):
        raise NotAllowed(_("Sign in with a verified email address to take part."))
    require_can_write(user)


def _clean_body(body: str) -> str:
    body = unicodedata.normalize("NFC", (body or "").replace("\r\n", "\n")).strip()
    if not body:
        raise InvalidInput(_("Write something first: the comment is empty."))
    if "\x00" in body:
        raise InvalidInput(_("The comment contains a character that cannot be stored."))
    limit = comment_max_length()
    if len(body) > limit:
        raise InvalidInput(
            _("The comment is too long (%(length)d characters; at most %(max)d).")
            % {"length": len(body), "max": limit}
        )
    return body


def _mention_candidates(body: str) -> list[list[str]]:
    """For each "@" that may start a mention, the lower-cased names it could stand for."""
    mentions = []
    for match in _MENTION_START.finditer(body):
        rest = body[match.end() : match.end() + MAX_NAME_LENGTH].split("\n", 1)[0]
        candidates = [rest.strip().lower()]
        for end in _NAME_END.finditer(rest):
            candidates.append(rest[: end.start()].strip().lower())
        mentions.append([c for c in dict.fromkeys(candidates) if c])
    return mentions[:MAX_MENTIONS]


def mentioned_members(body: str) -> list[User]:
    """Members named as @display-name in `body`, in order of first mention (one query)."""
    mentions = _mention_candidates(body)
    names = {name for candidates in mentions for name in candidates}
    if not names:
        return []
    by_name = {
        user.display_name.lower(): user
        for user in User.objects.annotate(key=Lower("display_name")).filter(
            key__in=names, is_active=True
        )
    }
    found: dict[int, User] = {}
    for candidates in mentions:
        matches = [name for name in candidates if name in by_name]
        if matches:
            user = by_name[max(matches, key=len)]
            found.setdefault(user.pk, user)
    return list(found.values())


def _holds_for_review(author: User, html: str) -> bool:
    """New members' links wait for a moderator: that is where comment spam lives."""
    return author.trust_level == TrustLevel.NEW and "<a " in html


HELD_REASON = "links_from_new_member"


def comment_announce(*, comment: Comment, already_told: set[int] | None = None) -> None:
    """Tell the parent's author of a reply and the members it mentions, once it is visible.

    `already_told` holds members who were mentioned in an earlier text of the comment.
    New members' mentions notify nobody.
    """
    author = comment.author
    told = set(already_told or ()) | {author.pk}
    url = comment.get_absolute_url()
    if comment.parent_id is not None:
        parent_author = comment.parent.author
        if parent_author.pk not in told:
            notification_send(
                recipient=parent_author,
                kind=Notification.Kind.COMMENT_REPLY,
                params={"name": author.public_name},
                url=url,
            )
            told.add(parent_author.pk)
    if author.trust_level == TrustLevel.NEW:
        return
    for member in mentioned_members(comment.body):
        if member.pk not in told:
            notification_send(
                recipient=member,
                kind=Notification.Kind.MENTION,
                params={"name": author.public_name},
                url=url,
            )
            told.add(member.pk)


def _comment_rate_action(level: str) -> str:
    return {TrustLevel.NEW: "comment_new", TrustLevel.TRUSTED: "comment_trusted"}.get(
        level, "comment"
    )


def _quote(segment: Segment | None, *, digest: Digest, entry: Entry | None) -> str:
    if segment is None:
        return ""
    if segment.entry.digest_id != digest.pk or (entry is not None and segment.entry_id != entry.pk):
        raise InvalidInput(_("The quoted sentence is not part of what you are commenting on."))
    if segment.retired_in_id is not None:
        raise InvalidInput(_("The quoted sentence no longer exists in the current text."))
    return SegmentText.objects.get(
        segment_id=segment.pk, revision_id=segment.entry.current_revision_id
    ).text


@transaction.atomic
def comment_create(
    *,
    author: User,
    digest: Digest,
    body: str,
    entry: Entry | None = None,
    parent: Comment | None = None,
    quote_segment: Segment | None = None,
    honeypot: str = "",
) -> Comment:
    """Post a comment on `digest` (or on one of its entries), or a reply to `parent`.

    A reply to a reply joins the same thread (replies are one level deep). A new member's
    comment with a link waits for moderation (status "held") and notifies nobody until a
    moderator restores it.
    """
    require_participant(author)
    if honeypot:
        # Only automated form fillers see and fill the hidden field.
        raise InvalidInput(_("This comment looks automated and was not posted."))
    if not digest.is_visible_to(author):
        raise NotFound(_("No such digest."))
    if entry is not None and entry.digest_id != digest.pk:
        raise InvalidInput(_("This entry is not part of the digest."))
    body = _clean_body(body)
    if parent is not None:
        parent = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("author")
            .get(pk=parent.pk)
        )
        if parent.parent_id is not None:
            parent = (
                Comment.objects.select_for_update(of=("self",))
                .select_related("author")
                .get(pk=parent.parent_id)
            )
        if parent.digest_id != digest.pk or parent.entry_id != (entry.pk if entry else None):
            raise InvalidInput(_("You can only reply to a comment in the same discussion."))
        if not parent.is_visible:
            raise InvalidInput(_("This comment no longer takes replies."))
    quote_text = _quote(quote_segment, digest=digest, entry=entry)
    level = trust_level_refresh(user=author)
    rate_check(action=_comment_rate_action(level), queryset=Comment.objects.filter(author=author))
    html = render_markdown(body)
    held = _holds_for_review(author, html)
    now = timezone.now()
    comment = Comment.objects.create(
        digest=digest,
        entry=entry,
        parent=parent,
        author=author,
        body=body,
        body_html=html,
        quote_segment=quote_segment,
        quote_text=quote_text,
        status=Comment.Status.HELD if held else Comment.Status.VISIBLE,
        moderation_reason=HELD_REASON if held else "",
        last_activity_at=now,
    )
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(last_activity_at=now)
    if not held:
        comment_announce(comment=comment)
    return comment


def _own_comment_locked(comment: Comment, author: User) -> Comment:
    require_participant(author)
    # Lock only the comment's row: PostgreSQL cannot lock the nullable side of the joins.
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author", "digest", "entry", "parent__author")
        .get(pk=comment.pk)
    )
    if comment.author_id != author.pk:
        raise NotAllowed(_("Only its author can change a comment."))
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, author: User, body: str) -> Comment:
    """Change the text within the edit window; the earlier text is kept for moderators."""
    comment = _own_comment_locked(comment, author)
    if comment.status in (Comment.Status.DELETED, Comment.Status.REMOVED):
        raise InvalidInput(_("This comment can no longer be edited."))
    if timezone.now() - comment.created_at > edit_window():
        hours = settings.GYOJEONG_COMMENTS["EDIT_WINDOW_HOURS"]
        raise NotAllowed(
            _("Comments can be edited for %(hours)d hours after posting; this one is older.")
            % {"hours": hours}
        )
    body = _clean_body(body)
    if body == comment.body:
        return comment
    earlier_mentions = {member.pk for member in mentioned_members(comment.body)}
    CommentEdit.objects.create(comment=comment, body=comment.body)
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.edited_at = timezone.now()
    fields = ["body", "body_html", "edited_at"]
    trust_level_refresh(user=author)
    if comment.is_visible and _holds_for_review(author, comment.body_html):
        comment.status = Comment.Status.HELD
        comment.moderation_reason = HELD_REASON
        fields += ["status", "moderation_reason"]
    comment.save(update_fields=fields)
    if comment.is_visible:
        # Whoever was told about the first text (the parent's author, earlier mentions) is
        # not told again.
        told = earlier_mentions | ({comment.parent.author_id} if comment.parent_id else set())
        comment_announce(comment=comment, already_told=told)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, author: User) -> Comment:
    """The author withdraws the comment: readers see "deleted"; moderators keep the text."""
    comment = _own_comment_locked(comment, author)
    if comment.status == Comment.Status.DELETED:
        return comment
    if comment.status == Comment.Status.REMOVED:
        raise InvalidInput(_("A moderator already removed this comment."))
    comment.status = Comment.Status.DELETED
    comment.save(update_fields=["status"])
    return comment

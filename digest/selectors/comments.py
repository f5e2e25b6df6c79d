"""Reads for discussions: threads as a reader sees them, counts, the moderation queue."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.permissions import can_write, is_moderator
from accounts.trust import TrackRecord

from ..models import Comment, CommentReport, Digest, Entry, Like


@dataclass
class CommentView:
    """A comment with what this viewer may see and do with it."""

    comment: Comment
    show_body: bool
    liked: bool = False
    can_edit: bool = False
    can_delete: bool = False
    can_like: bool = False
    can_report: bool = False
    can_reply: bool = False
    replies: list["CommentView"] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.comment.pk


@dataclass
class Thread:
    """The discussion of a digest (entry None) or of one entry, oldest thread first."""

    digest: Digest
    entry: Entry | None
    comments: list[CommentView] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Visible comments and replies: the number shown beside the discussion."""
        return sum(
            (1 if c.comment.is_visible else 0) + sum(1 for r in c.replies if r.comment.is_visible)
            for c in self.comments
        )

    @property
    def collapsed(self) -> bool:
        return self.count > settings.GYOJEONG_COMMENTS["COLLAPSE_AFTER"]

    @property
    def anchor(self) -> str:
        return f"comments-entry-{self.entry.position}" if self.entry else "comments"


def _can_see_body(comment: Comment, viewer, moderator: bool) -> bool:
    if comment.is_visible or moderator:
        return True
    # Authors still read what they wrote while it waits for (or after) moderation.
    return (
        viewer.is_authenticated
        and comment.author_id == viewer.pk
        and comment.status in (Comment.Status.HELD, Comment.Status.HIDDEN, Comment.Status.REMOVED)
    )


def _comment_view(
    comment: Comment, viewer, *, moderator: bool, writer: bool, liked: set[int], now
) -> CommentView:
    own = viewer.is_authenticated and comment.author_id == viewer.pk
    window = datetime.timedelta(hours=settings.GYOJEONG_COMMENTS["EDIT_WINDOW_HOURS"])
    open_to_edit = comment.status in (
        Comment.Status.VISIBLE,
        Comment.Status.HELD,
        Comment.Status.HIDDEN,
    )
    return CommentView(
        comment=comment,
        show_body=_can_see_body(comment, viewer, moderator),
        liked=comment.pk in liked,
        can_edit=writer and own and open_to_edit and now - comment.created_at <= window,
        can_delete=writer
        and own
        and comment.status not in (Comment.Status.DELETED, Comment.Status.REMOVED),
        can_like=writer and not own and comment.is_visible,
        can_report=writer and not own and comment.status in (Comment.Status.VISIBLE,),
        can_reply=writer and comment.is_visible and comment.parent_id is None,
    )


def _keep(view: CommentView, moderator: bool) -> bool:
    """Readers see a comment taken out of view only as a placeholder that holds its replies
    together; without replies it is left out (its author still sees it)."""
    if moderator or view.show_body:
        return True
    return any(r.show_body for r in view.replies)


def comments_base() -> QuerySet[Comment]:
    return Comment.objects.select_related(
        "author", "digest", "entry", "quote_segment__entry"
    ).order_by("created_at", "id")


def threads_for_digest(*, digest: Digest, viewer) -> dict[int | None, Thread]:
    """Every discussion of the digest page, keyed by entry id (None: the digest's own), in a
    fixed number of queries whatever the number of comments."""
    comments = list(comments_base().filter(digest=digest))
    return _threads(digest, comments, viewer, {})


def thread_for_digest(*, digest: Digest, viewer) -> Thread:
    """The discussion of the digest as a whole, without its entries' discussions."""
    comments = list(comments_base().filter(digest=digest, entry__isnull=True))
    return _threads(digest, comments, viewer, {}).get(None) or Thread(digest=digest, entry=None)


def thread_for_entry(*, entry: Entry, viewer) -> Thread:
    comments = list(comments_base().filter(digest_id=entry.digest_id, entry=entry))
    threads = _threads(entry.digest, comments, viewer, {entry.pk: entry})
    return threads.get(entry.pk) or Thread(digest=entry.digest, entry=entry)


def _threads(digest, comments, viewer, entries) -> dict[int | None, Thread]:
    moderator = is_moderator(viewer)
    writer = can_write(viewer)
    liked: set[int] = set()
    if viewer.is_authenticated:
        liked = set(
            Like.objects.filter(user=viewer, comment__digest_id=digest.pk).values_list(
                "comment_id", flat=True
            )
        )
    now = timezone.now()
    views = {
        c.pk: _comment_view(c, viewer, moderator=moderator, writer=writer, liked=liked, now=now)
        for c in comments
    }
    for comment in comments:
        comment.digest = digest
        if comment.parent_id is not None and comment.parent_id in views:
            views[comment.parent_id].replies.append(views[comment.pk])
    threads: dict[int | None, Thread] = {}
    for comment in comments:
        if comment.parent_id is not None:
            continue
        view = views[comment.pk]
        view.replies = [r for r in view.replies if moderator or r.show_body or r.replies]
        if not _keep(view, moderator):
            continue
        thread = threads.get(comment.entry_id)
        if thread is None:
            thread = threads[comment.entry_id] = Thread(
                digest=digest, entry=entries.get(comment.entry_id, comment.entry)
            )
        thread.comments.append(view)
    return threads


def comment_views(comments: list[Comment], viewer) -> list[CommentView]:
    """Each comment as `viewer` sees it, without replies (the viewer's likes: one query)."""
    liked: set[int] = set()
    if viewer.is_authenticated and comments:
        liked = set(
            Like.objects.filter(user=viewer, comment__in=[c.pk for c in comments]).values_list(
                "comment_id", flat=True
            )
        )
    moderator, writer, now = is_moderator(viewer), can_write(viewer), timezone.now()
    return [
        _comment_view(c, viewer, moderator=moderator, writer=writer, liked=liked, now=now)
        for c in comments
    ]


def comment_as_seen(comment: Comment, viewer) -> CommentView:
    """The comment as `viewer` now sees it in its thread, with its replies when it starts one."""
    if comment.parent_id is None:
        items = [comment, *comments_base().filter(parent=comment)]
        thread = _threads(comment.digest, items, viewer, {comment.entry_id: comment.entry}).get(
            comment.entry_id
        )
        if thread is not None and thread.comments:
            return thread.comments[0]
    # A reply, or a comment readers no longer see at all (deleted without replies): answered
    # as a placeholder of its own.
    return comment_views([comment], viewer)[0]


@dataclass
class LikeState:
    digest_liked: bool
    entries_liked: set[int]
    comments_liked: set[int] = field(default_factory=set)

    @property
    def any(self) -> bool:
        return self.digest_liked or bool(self.entries_liked) or bool(self.comments_liked)


def likes_of_viewer(*, digest: Digest, viewer) -> LikeState:
    """What the viewer likes in the digest: itself, its entries and its comments (one query)."""
    if not viewer.is_authenticated:
        return LikeState(digest_liked=False, entries_liked=set())
    rows = list(
        Like.objects.filter(user=viewer)
        .filter(Q(digest=digest) | Q(entry__digest=digest) | Q(comment__digest=digest))
        .values_list("digest_id", "entry_id", "comment_id")
    )
    return LikeState(
        digest_liked=any(digest_id is not None for digest_id, _e, _c in rows),
        entries_liked={entry_id for _d, entry_id, _c in rows if entry_id is not None},
        comments_liked={comment_id for _d, _e, comment_id in rows if comment_id is not None},
    )


def visible_comments_of(*, digest: Digest) -> int:
    """The digest's visible comments, its entries' included: the sum of its threads' counts."""
    return Comment.objects.visible().filter(digest=digest).count()


def visible_comment_count() -> Subquery:
    """For annotating digests: their visible comments, the entries' included."""
    return Coalesce(
        Subquery(
            Comment.objects.visible()
            .filter(digest=OuterRef("pk"))
            .order_by()
            .values("digest")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def entry_comment_count() -> Subquery:
    return Coalesce(
        Subquery(
            Comment.objects.visible()
            .filter(entry=OuterRef("pk"))
            .order_by()
            .values("entry")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def comment_get(*, comment_id: int) -> Comment:
    try:
        return comments_base().select_related("parent__author").get(pk=comment_id)
    except Comment.DoesNotExist:
        raise Http404("No such comment.") from None


def comments_quoting(*, segment_ids: list[int]) -> dict[int, list[Comment]]:
    """Visible comments that quote each of the sentences, oldest first (one query)."""
    by_segment: dict[int, list[Comment]] = defaultdict(list)
    if not segment_ids:
        return by_segment
    for comment in comments_base().visible().filter(quote_segment_id__in=segment_ids):
        by_segment[comment.quote_segment_id].append(comment)
    return by_segment


def moderation_queue() -> QuerySet[Comment]:
    """Held comments, comments that reports hid, and any with open reports, the longest
    waiting first."""
    open_reports = Q(reports__status=CommentReport.Status.OPEN)
    return (
        comments_base()
        .select_related("parent__author", "moderated_by")
        .annotate(open_reports=Count("reports", filter=open_reports))
        # A comment a moderator hid has been dealt with; one hidden by reports alone waits.
        .filter(
            Q(status=Comment.Status.HELD)
            | Q(status=Comment.Status.HIDDEN, moderated_by__isnull=True)
            | Q(open_reports__gt=0)
        )
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=CommentReport.objects.filter(status=CommentReport.Status.OPEN)
                .select_related("reporter")
                .order_by("created_at", "id"),
                to_attr="open_report_list",
            ),
            "edits",
        )
        .order_by("created_at", "id")
    )


def comments_by_member(*, member: User, viewer) -> QuerySet[Comment]:
    """A member's comments for their page: readers see the visible ones, the member and
    moderators every one."""
    queryset = comments_base().filter(author=member).order_by("-created_at", "-id")
    if viewer.is_authenticated and (viewer.pk == member.pk or is_moderator(viewer)):
        return queryset
    return queryset.visible()


def track_record_of(user: User, now) -> TrackRecord:
    """The community part of a member's record: likes their comments received, and reports
    against them that moderators upheld lately."""
    likes = Like.objects.filter(comment__author=user)
    window = datetime.timedelta(days=settings.GYOJEONG_TRUST["REPORT_WINDOW_DAYS"])
    return TrackRecord(
        likes_received=likes.count(),
        like_days=likes.annotate(day=TruncDate("created_at")).values("day").distinct().count(),
        upheld_reports=CommentReport.objects.filter(
            comment__author=user,
            status=CommentReport.Status.UPHELD,
            resolved_at__gte=now - window,
        ).count(),
    )

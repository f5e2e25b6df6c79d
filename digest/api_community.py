"""Comments, likes, reports and moderation over the API (interfaces.md §4; docs/api.md).

Each view checks the caller's role, finds the object (404 for what the caller cannot see,
such as an unpublished digest), validates the request's shape (400) and calls one service.
The rules themselves (edit window, held links, limits, suspensions, who may like or report
what) live in `digest.services` and `accounts.services`; their domain errors propagate to
`core.api_errors`, which answers `{"detail": …}` with 400, 403, 409 or 429 and Retry-After.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import IsMember, IsMemberToWrite, IsModerator, MemberSerializer
from core.api import AUTHENTICATION, MAX_ID, StringField, errors, validated

from . import selectors
from .models import Comment, CommentReport, Digest, Entry, Segment
from .selectors import comments as comment_selectors

# The selector's own builders, so that single comments answered after a write follow exactly
# the rules (what a reader may see, which replies show) of the threads the GET endpoints list.
from .selectors.comments import CommentView, comment_as_seen, comment_views
from .services import comments as comment_services
from .services import likes as like_services
from .services import moderation as moderation_services

# --- finding things ------------------------------------------------------------------------


def _digest(user, slug: str) -> Digest:
    return selectors.digest_get(slug=slug, viewer=user)


def _entry(user, entry_id: int) -> Entry:
    return selectors.entry_by_id(entry_id=entry_id, viewer=user)


def _comment(user, comment_id: int, *, to_moderate: bool = False) -> Comment:
    """The comment, 404 when it does not exist or belongs to a draft the user cannot see.
    Moderators reach it wherever it is (comment_moderate checks who they are)."""
    comment = comment_selectors.comment_get(comment_id=comment_id)
    if not to_moderate and not comment.digest.is_visible_to(user):
        raise Http404("No such comment.")
    return comment


# --- serializers ---------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [{"type": "string"}, {"type": "integer"}],
        "description": "The digest's slug when `type` is digest, the entry's id when entry.",
    }
)
class TargetIdField(serializers.Field):
    def to_representation(self, value):
        return value


class CommentTargetSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["digest", "entry"])
    id = TargetIdField()
    digest = serializers.CharField(help_text="The slug of the digest it belongs to.")

    class Meta:
        ref_name = "CommentTarget"


class QuoteSerializer(serializers.Serializer):
    segment = serializers.IntegerField(help_text="The quoted sentence's id.")
    text = serializers.CharField(help_text="The sentence as it read when quoted.")

    class Meta:
        ref_name = "CommentQuote"


class CommentActionsSerializer(serializers.Serializer):
    edit = serializers.BooleanField()
    delete = serializers.BooleanField()
    like = serializers.BooleanField()
    report = serializers.BooleanField()
    reply = serializers.BooleanField()

    class Meta:
        ref_name = "CommentActions"


class CommentSerializer(serializers.Serializer):
    """A comment as the viewer may see it (a `CommentView`). Readers get `body`, `html` and
    `quote` as null for comments that are not visible; their authors and moderators read all."""

    id = serializers.IntegerField(source="comment.pk")
    target = serializers.SerializerMethodField()
    parent = serializers.IntegerField(source="comment.parent_id", allow_null=True)
    author = MemberSerializer(source="comment.author")
    body = serializers.SerializerMethodField(help_text="Markdown source; null for placeholders.")
    html = serializers.SerializerMethodField(help_text="Sanitised HTML; null for placeholders.")
    quote = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="comment.created_at")
    edited_at = serializers.DateTimeField(source="comment.edited_at", allow_null=True)
    status = serializers.ChoiceField(source="comment.status", choices=Comment.Status.choices)
    likes = serializers.IntegerField(source="comment.like_count")
    liked_by_me = serializers.BooleanField(source="liked")
    can = serializers.SerializerMethodField(help_text="What the viewer may do with it now.")
    url = serializers.CharField(source="comment.get_absolute_url")

    class Meta:
        ref_name = "Comment"

    def get_fields(self):
        fields = super().get_fields()
        # Declared here because a class cannot name itself in its own body.
        fields["replies"] = CommentSerializer(
            many=True, help_text="Replies, oldest first; replies have none of their own."
        )
        return fields

    @extend_schema_field(CommentTargetSerializer)
    def get_target(self, view: CommentView) -> dict:
        comment = view.comment
        slug = comment.digest.slug
        if comment.entry_id is None:
            return {"type": "digest", "id": slug, "digest": slug}
        return {"type": "entry", "id": comment.entry_id, "digest": slug}

    def get_body(self, view: CommentView) -> str | None:
        return view.comment.body if view.show_body else None

    def get_html(self, view: CommentView) -> str | None:
        return view.comment.body_html if view.show_body else None

    @extend_schema_field(QuoteSerializer(allow_null=True))
    def get_quote(self, view: CommentView) -> dict | None:
        comment = view.comment
        if not view.show_body or comment.quote_segment_id is None:
            return None
        return {"segment": comment.quote_segment_id, "text": comment.quote_text}

    @extend_schema_field(CommentActionsSerializer)
    def get_can(self, view: CommentView) -> dict:
        return {
            "edit": view.can_edit,
            "delete": view.can_delete,
            "like": view.can_like,
            "report": view.can_report,
            "reply": view.can_reply,
        }


class CommunityApi(APIView):
    authentication_classes = AUTHENTICATION


# --- threads -------------------------------------------------------------------------------


class CommentCreateSerializer(serializers.Serializer):
    body = StringField(help_text="Markdown.")
    parent = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="The comment this replies to; a reply to a reply joins the same thread.",
    )
    quote_segment = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="The id of a sentence (segment) of the current text to quote.",
    )

    class Meta:
        ref_name = "CommentCreate"


def _comment_create(request, *, digest: Digest, entry: Entry | None) -> Response:
    data = validated(CommentCreateSerializer, request.data)
    parent = quote_segment = None
    if data.get("parent") is not None:
        parent = Comment.objects.filter(pk=data["parent"]).first()
        if parent is None:
            raise ValidationError({"parent": [_("There is no such comment.")]})
    if data.get("quote_segment") is not None:
        quote_segment = (
            Segment.objects.select_related("entry").filter(pk=data["quote_segment"]).first()
        )
        if quote_segment is None:
            raise ValidationError({"quote_segment": [_("There is no such sentence.")]})
    comment = comment_services.comment_create(
        author=request.user,
        digest=digest,
        entry=entry,
        body=data["body"],
        parent=parent,
        quote_segment=quote_segment,
    )
    view = comment_views([comment], request.user)[0]
    return Response(CommentSerializer(view).data, status=status.HTTP_201_CREATED)


THREAD_DESCRIPTION = (
    "Top-level comments oldest first, each with its replies. Comments readers may not see show "
    "as placeholders (body, html and quote null) while replies hang from them."
)


class DigestCommentsApi(CommunityApi):
    permission_classes = [IsMemberToWrite]

    @extend_schema(
        description=THREAD_DESCRIPTION,
        responses={200: CommentSerializer(many=True), **errors(404)},
    )
    def get(self, request, slug: str):
        """The discussion of the digest as a whole (comments on its entries not included)."""
        digest = _digest(request.user, slug)
        thread = comment_selectors.thread_for_digest(digest=digest, viewer=request.user)
        return Response(CommentSerializer(thread.comments, many=True).data)

    @extend_schema(
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, **errors(400, 401, 403, 404, 429)},
    )
    def post(self, request, slug: str):
        """Comment on the digest, or reply; `status` is "held" while it waits for a moderator."""
        digest = _digest(request.user, slug)
        return _comment_create(request, digest=digest, entry=None)


class EntryCommentsApi(CommunityApi):
    permission_classes = [IsMemberToWrite]

    @extend_schema(
        description=THREAD_DESCRIPTION,
        responses={200: CommentSerializer(many=True), **errors(404)},
    )
    def get(self, request, entry_id: int):
        """The discussion of one entry."""
        entry = _entry(request.user, entry_id)
        thread = comment_selectors.thread_for_entry(entry=entry, viewer=request.user)
        return Response(CommentSerializer(thread.comments, many=True).data)

    @extend_schema(
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, **errors(400, 401, 403, 404, 429)},
    )
    def post(self, request, entry_id: int):
        """Comment on the entry, or reply; `status` is "held" while it waits for a moderator."""
        entry = _entry(request.user, entry_id)
        return _comment_create(request, digest=entry.digest, entry=entry)


class CommentDetailApi(CommunityApi):
    permission_classes = [IsMember]

    class UpdateSerializer(serializers.Serializer):
        body = StringField(help_text="Markdown.")

        class Meta:
            ref_name = "CommentUpdate"

    @extend_schema(
        request=UpdateSerializer,
        responses={200: CommentSerializer, **errors(400, 401, 403, 404)},
    )
    def patch(self, request, comment_id: int):
        """Change your comment's text within the edit window; the earlier text is kept."""
        comment = _comment(request.user, comment_id)
        data = validated(self.UpdateSerializer, request.data)
        comment = comment_services.comment_edit(
            comment=comment, author=request.user, body=data["body"]
        )
        return Response(CommentSerializer(comment_as_seen(comment, request.user)).data)

    @extend_schema(responses={200: CommentSerializer, **errors(400, 401, 403, 404)})
    def delete(self, request, comment_id: int):
        """Delete your comment: it stays on record with status "deleted"."""
        comment = _comment(request.user, comment_id)
        comment = comment_services.comment_delete(comment=comment, author=request.user)
        return Response(CommentSerializer(comment_as_seen(comment, request.user)).data)


# --- likes ---------------------------------------------------------------------------------


class LikeSerializer(serializers.Serializer):
    liked = serializers.BooleanField()
    likes = serializers.IntegerField()

    class Meta:
        ref_name = "LikeState"


class LikeApi(CommunityApi):
    """PUT likes, DELETE unlikes; repeating either changes nothing."""

    permission_classes = [IsMember]

    def target(self, request, **kwargs) -> Digest | Entry | Comment:
        raise NotImplementedError

    def _set(self, request, liked: bool, **kwargs) -> Response:
        target = self.target(request, **kwargs)
        liked, count = like_services.like_set(user=request.user, target=target, liked=liked)
        return Response(LikeSerializer({"liked": liked, "likes": count}).data)

    @extend_schema(request=None, responses={200: LikeSerializer, **errors(400, 401, 403, 404, 429)})
    def put(self, request, **kwargs):
        return self._set(request, True, **kwargs)

    @extend_schema(request=None, responses={200: LikeSerializer, **errors(400, 401, 403, 404)})
    def delete(self, request, **kwargs):
        return self._set(request, False, **kwargs)


class DigestLikeApi(LikeApi):
    def target(self, request, slug: str) -> Digest:
        return _digest(request.user, slug)


class EntryLikeApi(LikeApi):
    def target(self, request, entry_id: int) -> Entry:
        return _entry(request.user, entry_id)


class CommentLikeApi(LikeApi):
    """Members like others' comments, never their own."""

    def target(self, request, comment_id: int) -> Comment:
        return _comment(request.user, comment_id)


# --- reports and moderation ----------------------------------------------------------------


class CommentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Comment.Status.choices)

    class Meta:
        ref_name = "CommentStatus"


class CommentReportApi(CommunityApi):
    permission_classes = [IsMember]

    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=CommentReport.Reason.choices)
        note = StringField(allow_blank=True, default="")

        class Meta:
            ref_name = "CommentReportCreate"

    @extend_schema(
        request=InputSerializer,
        responses={201: CommentStatusSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, comment_id: int):
        """Report a comment to the moderators; the answer is its status after the report
        (enough reports, or a trusted member's, hide it at once)."""
        comment = _comment(request.user, comment_id)
        data = validated(self.InputSerializer, request.data)
        comment = moderation_services.report_create(
            comment=comment, reporter=request.user, reason=data["reason"], note=data["note"]
        )
        return Response(
            CommentStatusSerializer({"status": comment.status}).data,
            status=status.HTTP_201_CREATED,
        )


class CommentModerateApi(CommunityApi):
    permission_classes = [IsModerator]

    class InputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(choices=moderation_services.ModerationAction.ALL)
        reason = StringField(
            allow_blank=True,
            default="",
            help_text="Required to hide or remove; the author is told it.",
        )

        class Meta:
            ref_name = "CommentModerate"

    @extend_schema(
        request=InputSerializer,
        responses={200: CommentSerializer, **errors(400, 401, 403, 404)},
    )
    def post(self, request, comment_id: int):
        """Hide, restore or remove a comment, or dismiss its reports; the answer is the
        comment as moderators now see it."""
        comment = _comment(request.user, comment_id, to_moderate=True)
        data = validated(self.InputSerializer, request.data)
        comment = moderation_services.comment_moderate(
            comment=comment, moderator=request.user, action=data["action"], reason=data["reason"]
        )
        return Response(CommentSerializer(comment_as_seen(comment, request.user)).data)


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reporter = MemberSerializer()
    reason = serializers.ChoiceField(choices=CommentReport.Reason.choices)
    note = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "CommentReport"


class CommentEditSerializer(serializers.Serializer):
    body = serializers.CharField(help_text="The text before this edit.")
    edited_at = serializers.DateTimeField()

    class Meta:
        ref_name = "CommentEdit"


class ModerationQueueItemSerializer(CommentSerializer):
    """A comment in the queue, with its open reports and its earlier texts."""

    moderation_reason = serializers.CharField(source="comment.moderation_reason")
    moderated_by = MemberSerializer(source="comment.moderated_by", allow_null=True)
    moderated_at = serializers.DateTimeField(source="comment.moderated_at", allow_null=True)
    open_reports = serializers.IntegerField(source="comment.open_reports")
    reports = ReportSerializer(source="comment.open_report_list", many=True)
    edits = CommentEditSerializer(source="comment.edits.all", many=True)

    class Meta:
        ref_name = "ModerationQueueItem"

    def get_fields(self):
        fields = super().get_fields()
        # Queue items stand alone; their thread is on the page the `url` names.
        del fields["replies"]
        return fields


class ModerationQueueApi(generics.GenericAPIView):
    """Held and hidden comments and any with open reports, the longest waiting first."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsModerator]
    serializer_class = ModerationQueueItemSerializer

    def get_queryset(self):
        return comment_selectors.moderation_queue()

    @extend_schema(
        responses={200: ModerationQueueItemSerializer(many=True), **errors(401, 403, 404)}
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        views = comment_views(list(page), request.user)
        return self.get_paginated_response(ModerationQueueItemSerializer(views, many=True).data)

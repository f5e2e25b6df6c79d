"""Read endpoints for digests, entries and revisions (see docs/api.md)."""

from django.db.models import Count
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import MAX_ID, errors

from . import selectors
from .models import Comment, Provenance
from .selectors import comments as comment_selectors


class DigestSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    published_at = serializers.DateTimeField()
    entry_count = serializers.IntegerField()
    likes = serializers.IntegerField(source="like_count")
    comments = serializers.IntegerField(
        source="comment_count", help_text="Visible comments, those on its entries included."
    )
    url = serializers.CharField(source="get_absolute_url")


class SegmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField(allow_null=True)
    target = serializers.CharField()
    provenance = serializers.ChoiceField(
        choices=Provenance.choices,
        help_text="Where the text comes from: still the machine translation, changed by an "
        "accepted correction or an editor, or confirmed by an editor since its last change.",
    )


class FieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    segments = SegmentSerializer(many=True)


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="entry.id")
    position = serializers.IntegerField(source="entry.position")
    kind = serializers.CharField(source="entry.kind")
    source_url = serializers.URLField(source="entry.source_url", allow_null=True)
    read_more_url = serializers.URLField(source="entry.read_more_url", allow_null=True)
    revision = serializers.IntegerField(source="entry.current_revision.number")
    correction_count = serializers.IntegerField(source="entry.correction_count")
    likes = serializers.IntegerField(source="entry.like_count")
    comments = serializers.IntegerField(source="entry.comment_count", help_text="Visible ones.")
    liked_by_me = serializers.BooleanField(source="entry.liked_by_me")
    fields = FieldSerializer(source="ordered_fields", many=True)
    url = serializers.CharField(source="entry.get_absolute_url")


class DigestDetailSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    source_language = serializers.CharField()
    target_language = serializers.CharField()
    status = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    intro = serializers.ListField(child=serializers.CharField())
    notice = serializers.ListField(child=serializers.CharField())
    original_url = serializers.URLField(
        allow_null=True, help_text="The post this digest was translated from, when known."
    )
    likes = serializers.IntegerField(source="like_count")
    comments = serializers.IntegerField(
        source="comment_count", help_text="Visible comments, those on its entries included."
    )
    liked_by_me = serializers.BooleanField()


class DigestWithEntriesSerializer(DigestDetailSerializer):
    """The response of DigestDetailApi: the digest's fields and, beside them, its entries."""

    entries = EntrySerializer(many=True)


class DigestListApi(generics.ListAPIView):
    """Published digests, newest first."""

    serializer_class = DigestSummarySerializer

    @extend_schema(responses={200: DigestSummarySerializer(many=True), **errors(404)})
    def get(self, request, *args, **kwargs):
        """Published digests, newest first; 404 for a page past the last."""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # Annotated with `comment_count` (visible comments, the entries' included).
        return selectors.digests_published()


def _visible_comment_counts(digest) -> dict[int | None, int]:
    """Visible comments of the digest by entry id (None: on the digest itself), in one query;
    the same comments as `visible_comment_count` and `entry_comment_count` count."""
    rows = (
        Comment.objects.visible()
        .filter(digest=digest)
        .order_by()
        .values("entry_id")
        .annotate(n=Count("pk"))
        .values_list("entry_id", "n")
    )
    return dict(rows)


class DigestDetailApi(APIView):
    @extend_schema(responses={200: DigestWithEntriesSerializer, **errors(404)})
    def get(self, request, slug: str):
        """A digest with its entries; each segment carries its id for flags and suggestions."""
        digest, entries = selectors.digest_for_reader(slug=slug, viewer=request.user)
        counts = _visible_comment_counts(digest)
        likes = comment_selectors.likes_of_viewer(digest=digest, viewer=request.user)
        digest.comment_count = sum(counts.values())
        digest.liked_by_me = likes.digest_liked
        for view in entries:
            view.entry.comment_count = counts.get(view.entry.pk, 0)
            view.entry.liked_by_me = view.entry.pk in likes.entries_liked
        data = DigestDetailSerializer(digest).data
        data["entries"] = EntrySerializer(entries, many=True).data
        return Response(data)


class RevisionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.CharField()
    created_at = serializers.DateTimeField()
    summary = serializers.CharField()
    editor = serializers.SerializerMethodField()
    contributors = serializers.SerializerMethodField()
    reverted_to = serializers.IntegerField(allow_null=True)

    def get_editor(self, revision) -> str | None:
        return revision.editor.public_name if revision.editor else None

    def get_contributors(self, revision) -> list[str]:
        return [user.public_name for user in selectors.revision_contributors(revision)]


class EntryRevisionsApi(APIView):
    @extend_schema(responses={200: RevisionSerializer(many=True), **errors(404)})
    def get(self, request, entry_id: int):
        """Every revision of the entry, oldest first."""
        entry = selectors.entry_by_id(entry_id=entry_id, viewer=request.user)
        revisions = selectors.revisions_for_entry(entry=entry)
        return Response(RevisionSerializer(revisions, many=True).data)


class DiffQuerySerializer(serializers.Serializer):
    from_ = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="Older revision number (default to − 1).",
    )
    to = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="Newer revision number (default current).",
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class EntryDiffApi(APIView):
    @extend_schema(
        parameters=[DiffQuerySerializer],
        responses={
            200: inline_serializer(
                "RevisionDiff",
                fields={
                    "from": serializers.IntegerField(),
                    "to": serializers.IntegerField(),
                    "fields": serializers.ListField(child=serializers.DictField()),
                },
            ),
            **errors(400, 404),
        },
    )
    def get(self, request, entry_id: int):
        """The change between two revisions: for each field, a list of [op, text] runs."""
        entry = selectors.entry_by_id(entry_id=entry_id, viewer=request.user)
        query = DiffQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        new = query.validated_data.get("to", entry.current_revision.number)
        old = query.validated_data.get("from", max(new - 1, 1))
        if old > entry.current_revision.number or new > entry.current_revision.number:
            message = _("This entry has revisions 1 to %(last)d.") % {
                "last": entry.current_revision.number
            }
            raise ValidationError({"to": [message]})
        diffs = selectors.revision_diff(entry=entry, old=old, new=new)[2]
        return Response(
            {
                "from": old,
                "to": new,
                "fields": [
                    {
                        "name": diff.name,
                        "changed": diff.changed,
                        "ops": [[op.kind, op.text] for op in diff.ops],
                    }
                    for diff in diffs
                ],
            }
        )

"""Write endpoints for flags, suggestions, votes and review (interfaces.md §3).

Each view parses its input, finds the object, checks the caller's role and calls one service.
Domain rules (what is stale, who may review what, rate limits) live in `services`; their
errors propagate to `core.api_errors`, which answers them with `{"detail": …}` and the
status registered at the bottom of this module.
"""

from dataclasses import asdict

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import AUTHENTICATION, MAX_ID, StringField, errors, validated
from core.api_errors import register_domain_error
from digest import api as digest_api
from digest import selectors as digest_selectors
from digest.models import FIELD_ORDER, REVISION_SUMMARY_MAX_LENGTH, Digest, Provenance, Segment

from . import finding_text, permissions, quality, selectors
from .models import MAX_NOTE_LENGTH, Flag, Suggestion
from .services.flags import flag_create
from .services.review import (
    SuggestionOutdated,
    suggestion_accept,
    suggestion_reject,
    suggestions_publish,
)
from .services.revisions import revision_revert
from .services.segments import segment_edit
from .services.suggestions import suggestion_create, suggestion_update, suggestion_withdraw
from .services.verification import entry_segments, segments_verify
from .services.votes import vote_cast

MAX_REVISION = 2**31 - 1
# A batch is published in one transaction and named in one `IN (…)` query.
MAX_BATCH = 200


# --- permissions ---------------------------------------------------------------------------


class IsMember(BasePermission):
    """Flag, suggest, vote: a signed-in member with a verified email address."""

    message = _("Sign in with a verified email address to contribute.")

    def has_permission(self, request, view) -> bool:
        return permissions.can_contribute(request.user)


class IsEditor(BasePermission):
    message = _("Only editors can do this.")

    def has_permission(self, request, view) -> bool:
        return permissions.can_edit_directly(request.user)


class CanVote(BasePermission):
    message = _("You cannot vote on your own suggestion.")

    def has_object_permission(self, request, view, obj) -> bool:
        return permissions.can_vote(request.user, obj)


class CanReview(BasePermission):
    message = _("Nobody reviews their own suggestion.")

    def has_object_permission(self, request, view, obj) -> bool:
        return permissions.can_review(request.user, obj)


# --- shared pieces -------------------------------------------------------------------------


class OutdatedSerializer(serializers.Serializer):
    """The 409 answer of a review: when the sentence changed after the suggestion was made,
    with the texts to decide on; when its author changed the suggestion after you read it,
    `detail` alone."""

    detail = serializers.CharField()
    rebased_text = serializers.CharField(
        allow_null=True,
        required=False,
        help_text="The suggested change applied to the current text, if it applies.",
    )
    current_text = serializers.CharField(allow_null=True, required=False)
    base_text = serializers.CharField(
        required=False, help_text="The text the suggestion was made against."
    )
    suggested_text = serializers.CharField(required=False)

    class Meta:
        ref_name = "SuggestionOutdated"


class FindingSerializer(serializers.Serializer):
    """A finding in the language of the request (``Accept-Language`` or the member's own)."""

    check = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.SerializerMethodField()
    why = serializers.SerializerMethodField()
    fix = serializers.CharField(
        allow_null=True, help_text="The whole corrected text, when the fix is mechanical."
    )
    span = serializers.ListField(
        child=serializers.IntegerField(), min_length=2, max_length=2, allow_null=True
    )

    class Meta:
        ref_name = "Finding"

    def get_message(self, finding) -> str:
        return finding_text.message(finding)

    def get_why(self, finding) -> str:
        return finding_text.why(finding)


class FlagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    note = serializers.CharField()
    span = serializers.SerializerMethodField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "Flag"

    def get_span(self, flag) -> list[int] | None:
        if flag.span_start is None:
            return None
        return [flag.span_start, flag.span_end]


class RevisionNumberSerializer(serializers.Serializer):
    revision = serializers.IntegerField(source="number")

    class Meta:
        ref_name = "RevisionNumber"


def _visible_digests(user) -> QuerySet[Digest]:
    return Digest.objects.visible_to(user)


def _segment(user, segment_id: int) -> Segment:
    """The segment, 404 when it does not exist or its digest is a draft the user cannot see."""
    return get_object_or_404(
        Segment.objects.select_related("entry__digest", "entry__current_revision").filter(
            entry__digest__in=_visible_digests(user)
        ),
        pk=segment_id,
    )


def _suggestion(user, suggestion_id: int) -> Suggestion:
    return get_object_or_404(
        Suggestion.objects.select_related("segment__entry__digest", "author").filter(
            segment__entry__digest__in=_visible_digests(user)
        ),
        pk=suggestion_id,
    )


class CorrectionsApi(APIView):
    authentication_classes = AUTHENTICATION


# --- segments ------------------------------------------------------------------------------


class SegmentSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    text = serializers.CharField()
    note = serializers.CharField()
    author = serializers.CharField(source="author.public_name")
    score = serializers.IntegerField()
    vote_count = serializers.IntegerField()
    my_vote = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "SegmentSuggestion"

    def get_my_vote(self, suggestion) -> int | None:
        return self.context.get("my_votes", {}).get(suggestion.pk)


class SegmentDetailApi(CorrectionsApi):
    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="segment.id")
        entry = serializers.IntegerField(source="segment.entry_id")
        field = serializers.CharField(source="segment.field")
        position = serializers.IntegerField(source="segment.position")
        source = serializers.CharField(source="segment.source", allow_null=True)
        text = serializers.CharField(source="current_text")
        revision = serializers.IntegerField(source="segment.entry.current_revision.number")
        open_flag_count = serializers.IntegerField()
        flags = FlagSerializer(
            source="open_flags", many=True, help_text="Open flags; listed for editors only."
        )
        my_flag = FlagSerializer(allow_null=True)
        suggestions = SegmentSuggestionSerializer(many=True)

        class Meta:
            ref_name = "SegmentDetail"

    @extend_schema(responses={200: OutputSerializer, **errors(404)})
    def get(self, request, segment_id: int):
        """One sentence: its current text, open flag count and open suggestions, best first."""
        panel = selectors.segment_panel(segment_id=segment_id, user=request.user)
        return Response(self.OutputSerializer(panel, context={"my_votes": panel.my_votes}).data)


class FlagCreateApi(CorrectionsApi):
    permission_classes = [IsMember]

    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=Flag.Reason.choices)
        note = StringField(allow_blank=True, default="")
        span = serializers.ListField(
            child=serializers.IntegerField(min_value=0),
            min_length=2,
            max_length=2,
            allow_null=True,
            default=None,
            help_text="[start, end) character offsets into the current text, or null.",
        )

        class Meta:
            ref_name = "FlagCreate"

    @extend_schema(
        request=InputSerializer,
        responses={201: FlagSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, segment_id: int):
        """Flag a sentence of the current text as wrong or awkward."""
        segment = _segment(request.user, segment_id)
        data = validated(self.InputSerializer, request.data)
        flag = flag_create(
            segment=segment,
            author=request.user,
            reason=data["reason"],
            note=data["note"],
            span=tuple(data["span"]) if data["span"] is not None else None,
        )
        return Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED)


class SuggestionSerializer(serializers.Serializer):
    """A suggestion as its author sees it after writing it, with the checks' findings."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    text = serializers.CharField()
    note = serializers.CharField()
    findings = FindingSerializer(many=True)

    class Meta:
        ref_name = "SuggestionWithFindings"


def _suggestion_data(suggestion: Suggestion, findings: list) -> dict:
    """The suggestion with the checks' findings, as the panel's preview and the review
    queue show them (the digest's glossary and length profile included).

    Callers run the checks before the write: once a suggestion is stored the answer must
    not fail, or the client's retry would meet its own suggestion as a conflict."""
    suggestion.findings = findings
    return SuggestionSerializer(suggestion).data


class SuggestionCreateApi(CorrectionsApi):
    permission_classes = [IsMember]

    class InputSerializer(serializers.Serializer):
        text = StringField()
        note = StringField(allow_blank=True, default="")
        flag = serializers.PrimaryKeyRelatedField(
            queryset=Flag.objects.all(),
            allow_null=True,
            default=None,
            help_text="The flag on this sentence that the suggestion answers.",
        )

        class Meta:
            ref_name = "SuggestionCreate"

    @extend_schema(
        request=InputSerializer,
        responses={201: SuggestionSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, segment_id: int):
        """Suggest new text for a sentence; the answer carries the automatic checks' findings."""
        segment = _segment(request.user, segment_id)
        data = validated(self.InputSerializer, request.data)
        findings = quality.suggestion_findings(segment=segment, text=data["text"])
        suggestion = suggestion_create(
            segment=segment,
            author=request.user,
            text=data["text"],
            note=data["note"],
            flag=data["flag"],
        )
        return Response(_suggestion_data(suggestion, findings), status=status.HTTP_201_CREATED)


class SuggestionDetailApi(CorrectionsApi):
    """The author's own pending suggestion: change it or take it back."""

    permission_classes = [IsMember]

    class UpdateSerializer(serializers.Serializer):
        text = StringField(required=False)
        note = StringField(required=False, allow_blank=True)

        class Meta:
            ref_name = "SuggestionUpdate"

        def validate(self, attrs):
            if not attrs:
                raise serializers.ValidationError(_("Send the new text or note."))
            return attrs

    class WithdrawnSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        status = serializers.CharField()

        class Meta:
            ref_name = "SuggestionStatus"

    @extend_schema(
        request=UpdateSerializer,
        responses={200: SuggestionSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def patch(self, request, suggestion_id: int):
        """Change the text or note of your pending suggestion."""
        suggestion = _suggestion(request.user, suggestion_id)
        data = validated(self.UpdateSerializer, request.data)
        text = data.get("text", suggestion.text)
        findings = quality.suggestion_findings(segment=suggestion.segment, text=text)
        suggestion = suggestion_update(
            suggestion=suggestion,
            author=request.user,
            text=text,
            note=data.get("note", suggestion.note),
        )
        return Response(_suggestion_data(suggestion, findings))

    @extend_schema(responses={200: WithdrawnSerializer, **errors(401, 403, 404, 409)})
    def delete(self, request, suggestion_id: int):
        """Withdraw your pending suggestion; it stays on record as withdrawn."""
        suggestion = _suggestion(request.user, suggestion_id)
        suggestion = suggestion_withdraw(suggestion=suggestion, author=request.user)
        return Response(self.WithdrawnSerializer(suggestion).data)


class VoteApi(CorrectionsApi):
    permission_classes = [IsMember, CanVote]

    class InputSerializer(serializers.Serializer):
        value = serializers.ChoiceField(choices=[(1, "+1"), (-1, "−1")])

        class Meta:
            ref_name = "VoteCast"

    class OutputSerializer(serializers.Serializer):
        score = serializers.IntegerField()
        vote = serializers.IntegerField(
            allow_null=True,
            help_text="Your vote now: 1, -1, or null when voting the same way again took it back.",
        )

        class Meta:
            ref_name = "VoteResult"

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, suggestion_id: int):
        """Vote +1 or −1 on a suggestion; voting the same way again takes the vote back."""
        suggestion = _suggestion(request.user, suggestion_id)
        self.check_object_permissions(request, suggestion)
        data = validated(self.InputSerializer, request.data)
        vote = vote_cast(suggestion=suggestion, voter=request.user, value=data["value"])
        score = Suggestion.objects.values_list("score", flat=True).get(pk=suggestion.pk)
        return Response(
            self.OutputSerializer({"score": score, "vote": vote.value if vote else None}).data
        )


class SuggestionAcceptApi(CorrectionsApi):
    permission_classes = [IsEditor, CanReview]

    class InputSerializer(serializers.Serializer):
        text = StringField(
            required=False,
            allow_blank=True,
            help_text="Publish this text instead of the suggested one (required when outdated).",
        )
        summary = StringField(allow_blank=True, default="", max_length=REVISION_SUMMARY_MAX_LENGTH)
        expected_text = StringField(
            required=False,
            help_text="The suggested text as you reviewed it; 409 if its author changed it since.",
        )

        class Meta:
            ref_name = "SuggestionAccept"

    @extend_schema(
        request=InputSerializer,
        responses={
            200: RevisionNumberSerializer,
            409: OutdatedSerializer,
            **errors(400, 401, 403, 404),
        },
    )
    def post(self, request, suggestion_id: int):
        """Publish a suggestion as the entry's next revision.

        409 when the sentence changed after the suggestion was made: the answer carries the
        base, current and suggested text and, when the change still applies, the rebased text
        to send back as `text`.
        """
        suggestion = _suggestion(request.user, suggestion_id)
        self.check_object_permissions(request, suggestion)
        data = validated(self.InputSerializer, request.data)
        revision = suggestion_accept(
            suggestion=suggestion,
            editor=request.user,
            text=data.get("text") or None,
            summary=data["summary"],
            expected_text=data.get("expected_text"),
        )
        return Response(RevisionNumberSerializer(revision).data)


class SuggestionRejectApi(CorrectionsApi):
    permission_classes = [IsEditor, CanReview]

    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=Suggestion.RejectReason.choices)
        note = StringField(allow_blank=True, default="")

        class Meta:
            ref_name = "SuggestionReject"

    @extend_schema(
        request=InputSerializer,
        responses={
            200: SuggestionDetailApi.WithdrawnSerializer,
            **errors(400, 401, 403, 404, 409),
        },
    )
    def post(self, request, suggestion_id: int):
        """Decline a suggestion with a reason; its author is told why."""
        suggestion = _suggestion(request.user, suggestion_id)
        self.check_object_permissions(request, suggestion)
        data = validated(self.InputSerializer, request.data)
        suggestion = suggestion_reject(
            suggestion=suggestion, editor=request.user, reason=data["reason"], note=data["note"]
        )
        return Response(SuggestionDetailApi.WithdrawnSerializer(suggestion).data)


# --- entries -------------------------------------------------------------------------------


def _entry(user, entry_id: int):
    return digest_selectors.entry_by_id(entry_id=entry_id, viewer=user)


class EntryRevisionsApi(digest_api.EntryRevisionsApi):
    """GET (anyone) lists the revisions; POST (editors) publishes suggestions as one."""

    authentication_classes = AUTHENTICATION

    class InputSerializer(serializers.Serializer):
        suggestions = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=MAX_ID), max_length=MAX_BATCH
        )
        summary = StringField(allow_blank=True, default="", max_length=REVISION_SUMMARY_MAX_LENGTH)

        class Meta:
            ref_name = "BatchPublish"

    class OutputSerializer(serializers.Serializer):
        revision = serializers.IntegerField(source="revision.number")
        accepted = serializers.SerializerMethodField()
        outdated = serializers.SerializerMethodField()

        class Meta:
            ref_name = "BatchResult"

        def get_accepted(self, result) -> list[int]:
            return [suggestion.pk for suggestion in result.accepted]

        def get_outdated(self, result) -> list[int]:
            return [suggestion.pk for suggestion in result.outdated]

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsEditor()]
        return super().get_permissions()

    @extend_schema(
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            409: OutdatedSerializer,
            **errors(400, 401, 403, 404),
        },
    )
    def post(self, request, entry_id: int):
        """Publish several pending suggestions on this entry as one revision.

        Suggestions whose sentence changed meanwhile are left out and listed in `outdated`;
        409 when all of them are.
        """
        entry = _entry(request.user, entry_id)
        data = validated(self.InputSerializer, request.data)
        result = suggestions_publish(
            entry=entry,
            suggestion_ids=data["suggestions"],
            editor=request.user,
            summary=data["summary"],
        )
        return Response(self.OutputSerializer(result).data, status=status.HTTP_201_CREATED)


class EntryRevertApi(CorrectionsApi):
    permission_classes = [IsEditor]

    class InputSerializer(serializers.Serializer):
        to = serializers.IntegerField(min_value=1, max_value=MAX_REVISION)
        summary = StringField(allow_blank=True, default="", max_length=REVISION_SUMMARY_MAX_LENGTH)

        class Meta:
            ref_name = "RevisionRevert"

    @extend_schema(
        request=InputSerializer,
        responses={201: RevisionNumberSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, entry_id: int):
        """Make an earlier revision's text current again, as a new revision."""
        entry = _entry(request.user, entry_id)
        data = validated(self.InputSerializer, request.data)
        revision = revision_revert(
            entry=entry, editor=request.user, to_number=data["to"], summary=data["summary"]
        )
        return Response(RevisionNumberSerializer(revision).data, status=status.HTTP_201_CREATED)


class SegmentEditApi(CorrectionsApi):
    permission_classes = [IsEditor]

    class InputSerializer(serializers.Serializer):
        text = StringField()
        summary = StringField(allow_blank=True, default="", max_length=REVISION_SUMMARY_MAX_LENGTH)

        class Meta:
            ref_name = "SegmentEdit"

    @extend_schema(
        request=InputSerializer,
        responses={201: RevisionNumberSerializer, **errors(400, 401, 403, 404)},
    )
    def post(self, request, segment_id: int):
        """Rewrite a sentence directly, as the entry's next revision (kind `edit`)."""
        segment = _segment(request.user, segment_id)
        data = validated(self.InputSerializer, request.data)
        revision = segment_edit(
            segment=segment, editor=request.user, text=data["text"], summary=data["summary"]
        )
        return Response(RevisionNumberSerializer(revision).data, status=status.HTTP_201_CREATED)


# --- verification --------------------------------------------------------------------------


class VerifyInputSerializer(serializers.Serializer):
    note = StringField(
        allow_blank=True,
        default="",
        max_length=MAX_NOTE_LENGTH,
        help_text="Required when a sentence has an open flag or an error from the automatic "
        "checks: the flags are dismissed with it.",
    )

    class Meta:
        ref_name = "VerifyInput"


class VerifyResultSerializer(serializers.Serializer):
    verified = serializers.ListField(
        child=serializers.IntegerField(), help_text="Sentences whose current text is confirmed now."
    )
    already = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Sentences whose current text was confirmed before; left as they were.",
    )
    dismissed_flags = serializers.ListField(
        child=serializers.IntegerField(), help_text="Open flags dismissed with the note."
    )
    overridden_findings = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Errors of the automatic checks the note overrode (they are cleared).",
    )

    class Meta:
        ref_name = "VerifyResult"


class SegmentVerifyApi(CorrectionsApi):
    permission_classes = [IsEditor]

    class OutputSerializer(VerifyResultSerializer):
        segment = serializers.IntegerField()
        provenance = serializers.ChoiceField(
            choices=Provenance.choices,
            help_text="Where the sentence's current text now comes from, as "
            "`GET /digests/{slug}/` shows it.",
        )

        class Meta:
            ref_name = "SegmentVerifyResult"

    @extend_schema(
        request=VerifyInputSerializer,
        responses={200: OutputSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, segment_id: int):
        """Confirm the current text of a sentence, until the next change to it.

        409 when the sentence has an open flag or an error from the automatic checks and no
        `note` is given; with a note, the flags are dismissed and the errors overridden.
        """
        segment = _segment(request.user, segment_id)
        data = validated(VerifyInputSerializer, request.data)
        result = segments_verify(segments=[segment], editor=request.user, note=data["note"])
        return Response(
            self.OutputSerializer(
                {**asdict(result), "segment": segment.pk, "provenance": Provenance.VERIFIED}
            ).data
        )


class EntryVerifyApi(CorrectionsApi):
    permission_classes = [IsEditor]

    class InputSerializer(VerifyInputSerializer):
        field = serializers.ChoiceField(
            choices=FIELD_ORDER,
            required=False,
            help_text="Confirm only this field's sentences; without it, the whole entry's.",
        )

        class Meta:
            ref_name = "EntryVerifyInput"

    @extend_schema(
        request=InputSerializer,
        responses={200: VerifyResultSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, entry_id: int):
        """Confirm the current text of every sentence of an entry, or of one of its fields.

        Sentences already confirmed are listed in `already`. 409 when any sentence has an
        open flag or an error from the automatic checks and no `note` is given; then nothing
        is confirmed.
        """
        entry = _entry(request.user, entry_id)
        data = validated(self.InputSerializer, request.data)
        segments = entry_segments(entry=entry, field_name=data.get("field"))
        result = segments_verify(segments=segments, editor=request.user, note=data["note"])
        return Response(VerifyResultSerializer(result).data)


# --- review queue --------------------------------------------------------------------------


class ReviewQueueApi(generics.ListAPIView):
    """Open suggestions for editors, best voted first unless `sort` says otherwise."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsEditor]

    class QuerySerializer(serializers.Serializer):
        digest = serializers.CharField(required=False, help_text="Digest slug.")
        entry = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
        reason = serializers.ChoiceField(
            choices=Flag.Reason.choices, required=False, help_text="Open flags with this reason."
        )
        author = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
        status = serializers.ChoiceField(
            choices=[status.value for status in Suggestion.OPEN_STATUSES], required=False
        )
        older_than_days = serializers.IntegerField(required=False, min_value=1, max_value=3650)
        sort = serializers.ChoiceField(choices=list(selectors.QUEUE_SORTS), default="votes")

        class Meta:
            ref_name = "ReviewQueueQuery"

    class OutputSerializer(serializers.Serializer):
        class FlagItemSerializer(FlagSerializer):
            author = serializers.CharField(source="author.public_name")

            class Meta:
                ref_name = "ReviewQueueFlag"

        id = serializers.IntegerField()
        status = serializers.CharField()
        digest = serializers.CharField(source="segment.entry.digest.slug")
        entry = serializers.IntegerField(source="segment.entry_id")
        entry_position = serializers.IntegerField(source="segment.entry.position")
        segment = serializers.IntegerField(source="segment_id")
        field = serializers.CharField(source="segment.field")
        source = serializers.CharField(source="segment.source", allow_null=True)
        base_revision = serializers.IntegerField(source="base_revision.number")
        base_text = serializers.CharField()
        current_text = serializers.CharField(allow_null=True)
        text = serializers.CharField()
        rebased_text = serializers.CharField(allow_null=True)
        note = serializers.CharField()
        author = serializers.CharField(source="author.public_name")
        author_id = serializers.IntegerField()
        score = serializers.IntegerField()
        vote_count = serializers.IntegerField()
        open_flags = serializers.IntegerField()
        flags = FlagItemSerializer(source="segment.open_flag_list", many=True)
        created_at = serializers.DateTimeField()

        class Meta:
            ref_name = "ReviewQueueItem"

    serializer_class = OutputSerializer

    @extend_schema(
        parameters=[QuerySerializer],
        responses={200: OutputSerializer(many=True), **errors(400, 401, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # A plain dict, not the QueryDict: DRF reads an empty form value of an optional field as
        # absent, and the schema (like a reader of it) takes `?status=` as a wrong status.
        query = validated(self.QuerySerializer, self.request.query_params.dict())
        return selectors.review_queue(selectors.QueueFilters(**query))


# --- errors --------------------------------------------------------------------------------


def _outdated_body(error: SuggestionOutdated) -> dict:
    suggestion = error.suggestion
    return {
        "rebased_text": suggestion.rebased_text,
        "current_text": suggestion.rebased_on,
        "base_text": suggestion.base_text,
        "suggested_text": suggestion.text,
    }


register_domain_error(SuggestionOutdated, status=409, body=_outdated_body)

from django.urls import path

from corrections import api as corrections_api
from digest import api as digest_api

urlpatterns = [
    path("digests/", digest_api.DigestListApi.as_view(), name="api-digest-list"),
    path("digests/<slug:slug>/", digest_api.DigestDetailApi.as_view(), name="api-digest-detail"),
    path(
        "entries/<int:entry_id>/revisions/",
        # The corrections app adds POST (publish suggestions as one revision) to the read view.
        corrections_api.EntryRevisionsApi.as_view(),
        name="api-entry-revisions",
    ),
    path("entries/<int:entry_id>/diff/", digest_api.EntryDiffApi.as_view(), name="api-entry-diff"),
    # Corrections
    path(
        "entries/<int:entry_id>/revert/",
        corrections_api.EntryRevertApi.as_view(),
        name="api-entry-revert",
    ),
    path(
        "segments/<int:segment_id>/",
        corrections_api.SegmentDetailApi.as_view(),
        name="api-segment-detail",
    ),
    path(
        "segments/<int:segment_id>/flags/",
        corrections_api.FlagCreateApi.as_view(),
        name="api-flag-create",
    ),
    path(
        "segments/<int:segment_id>/suggestions/",
        corrections_api.SuggestionCreateApi.as_view(),
        name="api-suggestion-create",
    ),
    path(
        "segments/<int:segment_id>/edit/",
        corrections_api.SegmentEditApi.as_view(),
        name="api-segment-edit",
    ),
    path(
        "suggestions/<int:suggestion_id>/",
        corrections_api.SuggestionDetailApi.as_view(),
        name="api-suggestion-detail",
    ),
    path(
        "suggestions/<int:suggestion_id>/votes/",
        corrections_api.VoteApi.as_view(),
        name="api-vote",
    ),
    path(
        "suggestions/<int:suggestion_id>/accept/",
        corrections_api.SuggestionAcceptApi.as_view(),
        name="api-suggestion-accept",
    ),
    path(
        "suggestions/<int:suggestion_id>/reject/",
        corrections_api.SuggestionRejectApi.as_view(),
        name="api-suggestion-reject",
    ),
    path("review/queue/", corrections_api.ReviewQueueApi.as_view(), name="api-review-queue"),
]

from django.urls import path

from accounts import api as accounts_api
from corrections import api as corrections_api
from digest import api as digest_api
from digest import api_community as community_api
from digest import api_search

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
    path("search/", api_search.SearchApi.as_view(), name="api-search"),
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
        "segments/<int:segment_id>/verify/",
        corrections_api.SegmentVerifyApi.as_view(),
        name="api-segment-verify",
    ),
    path(
        "entries/<int:entry_id>/verify/",
        corrections_api.EntryVerifyApi.as_view(),
        name="api-entry-verify",
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
    # Community: comments, likes, reports, moderation (interfaces.md §4)
    path(
        "digests/<slug:slug>/comments/",
        community_api.DigestCommentsApi.as_view(),
        name="api-digest-comments",
    ),
    path(
        "digests/<slug:slug>/like/",
        community_api.DigestLikeApi.as_view(),
        name="api-digest-like",
    ),
    path(
        "entries/<int:entry_id>/comments/",
        community_api.EntryCommentsApi.as_view(),
        name="api-entry-comments",
    ),
    path(
        "entries/<int:entry_id>/like/",
        community_api.EntryLikeApi.as_view(),
        name="api-entry-like",
    ),
    path(
        "comments/<int:comment_id>/",
        community_api.CommentDetailApi.as_view(),
        name="api-comment-detail",
    ),
    path(
        "comments/<int:comment_id>/like/",
        community_api.CommentLikeApi.as_view(),
        name="api-comment-like",
    ),
    path(
        "comments/<int:comment_id>/reports/",
        community_api.CommentReportApi.as_view(),
        name="api-comment-reports",
    ),
    path(
        "comments/<int:comment_id>/moderate/",
        community_api.CommentModerateApi.as_view(),
        name="api-comment-moderate",
    ),
    path(
        "moderation/queue/",
        community_api.ModerationQueueApi.as_view(),
        name="api-moderation-queue",
    ),
    path(
        "members/<int:member_id>/suspension/",
        accounts_api.MemberSuspensionApi.as_view(),
        name="api-member-suspension",
    ),
    path("me/", accounts_api.MeApi.as_view(), name="api-me"),
    path("me/preferences/", accounts_api.PreferencesApi.as_view(), name="api-me-preferences"),
]

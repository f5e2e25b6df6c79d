from django.urls import path

from digest import api as digest_api

urlpatterns = [
    path("digests/", digest_api.DigestListApi.as_view(), name="api-digest-list"),
    path("digests/<slug:slug>/", digest_api.DigestDetailApi.as_view(), name="api-digest-detail"),
    path(
        "entries/<int:entry_id>/revisions/",
        digest_api.EntryRevisionsApi.as_view(),
        name="api-entry-revisions",
    ),
    path("entries/<int:entry_id>/diff/", digest_api.EntryDiffApi.as_view(), name="api-entry-diff"),
]

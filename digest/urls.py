from django.urls import path

from . import feeds
from .views import comments, search
from .views import reading as views

app_name = "digest"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/atom/", feeds.DigestFeed(), name="feed"),
    path("feed/corrections/", feeds.CorrectionFeed(), name="corrections_feed"),
    path("search/", search.search, name="search"),
    path("d/<slug:slug>/", views.digest_detail, name="digest"),
    path("d/<slug:slug>/<int:position>/", views.entry_detail, name="entry"),
    path("d/<slug:slug>/<int:position>/history/", views.entry_history, name="history"),
    path(
        "d/<slug:slug>/<int:position>/r/<int:number>/",
        views.revision_detail,
        name="revision",
    ),
    # Comments and likes (digest/views/comments.py)
    path("d/<slug:slug>/comments/", comments.digest_comments, name="digest_comments"),
    path(
        "d/<slug:slug>/<int:position>/comments/",
        comments.entry_comments,
        name="entry_comments",
    ),
    path("d/<slug:slug>/like/", comments.digest_like, name="digest_like"),
    path("d/<slug:slug>/<int:position>/like/", comments.entry_like, name="entry_like"),
    path("comments/preview/", comments.comment_preview, name="comment_preview"),
    path("comments/<int:comment_id>/reply/", comments.comment_reply, name="comment_reply"),
    path("comments/<int:comment_id>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", comments.comment_delete, name="comment_delete"),
    path("comments/<int:comment_id>/like/", comments.comment_like, name="comment_like"),
    path("comments/<int:comment_id>/report/", comments.comment_report, name="comment_report"),
]

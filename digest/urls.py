from django.urls import path

from . import feeds
from .views import reading as views

app_name = "digest"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/atom/", feeds.DigestFeed(), name="feed"),
    path("d/<slug:slug>/", views.digest_detail, name="digest"),
    path("d/<slug:slug>/<int:position>/", views.entry_detail, name="entry"),
    path("d/<slug:slug>/<int:position>/history/", views.entry_history, name="history"),
    path(
        "d/<slug:slug>/<int:position>/r/<int:number>/",
        views.revision_detail,
        name="revision",
    ),
]

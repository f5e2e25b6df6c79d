from django.urls import path

from .views import moderation as views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("comments/<int:comment_id>/", views.comment_action, name="comment"),
    path("members/<int:user_id>/", views.member, name="member"),
    path("members/<int:user_id>/suspend/", views.member_suspend, name="member_suspend"),
    path("members/<int:user_id>/lift/", views.member_lift, name="member_lift"),
    path("members/<int:user_id>/trust/", views.member_trust, name="member_trust"),
]

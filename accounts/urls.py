from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("email/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts import views as accounts_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # The switcher also saves a signed-in member's language (before Django's own setlang).
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path(
        "i18n/choose/<str:language>/", accounts_views.language_choose, name="language_choose"
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("corrections.urls")),
    path("moderation/", include("digest.moderation_urls")),
    path("", include("digest.urls")),
]

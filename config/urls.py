from allauth.mfa.totp import views as totp_views
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as accounts_views
from core import csp

# drf-spectacular's Swagger UI page keeps one inline <style> block in its template (three
# cosmetic rules), allowed here by its hash so that no other inline style is, and its
# stylesheet draws every icon as a data: image. Nothing else of the site needs either, so only
# this page's policy has them; tests/core/test_security_headers.py fails if an upgrade of
# drf-spectacular changes the block. The split view serves its start-up script as a file of
# its own (?script), so no inline script is needed. templates/api_docs.html extends that
# template with a link back to the site, styled by a stylesheet file and leaving the block alone.
SWAGGER_UI_STYLE_HASH = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"
api_docs = csp_update({"img-src": ["data:"], "style-src": [SWAGGER_UI_STYLE_HASH]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api_docs.html")
)

# allauth draws the authenticator app's QR code as a data: image; only that page may show one.
totp_activate = csp_update({"img-src": ["data:"]})(totp_views.activate_totp)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/2fa/totp/activate/", totp_activate, name="mfa_activate_totp"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # The switcher also saves a signed-in member's language (before Django's own setlang).
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("i18n/choose/<str:language>/", accounts_views.language_choose, name="language_choose"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("csp-report/", csp.csp_report, name="csp-report"),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("", include("corrections.urls")),
    path("moderation/", include("digest.moderation_urls")),
    path("", include("digest.urls")),
]

# Unmatched addresses under /api/ answer the API's JSON error, the rest the HTML page.
handler404 = "core.api_errors.page_not_found"

"""The admin behind the site's own sign-in: allauth's rate limits and second factor apply.

Django's admin has a login form of its own that neither limits failed attempts nor asks for a
second factor. Here the admin's login page only sends people to allauth's sign-in (and back),
and an administrator without a second factor, where one is required, is sent to set it up.
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .permissions import second_factor_missing
from .second_factor import second_factor_redirect


class SiteAdmin(admin.AdminSite):
    site_header = _("Gyojeong administration")
    site_title = _("Gyojeong administration")

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and not second_factor_missing(request.user)

    def login(self, request, extra_context=None):
        # has_permission sends staff without a second factor here; sending them back to the
        # sign-in page they already passed would loop.
        if request.user.is_authenticated and request.user.is_staff:
            setup = second_factor_redirect(request)
            if setup is not None:
                return setup
        return secure_admin_login(super().login)(request, extra_context)

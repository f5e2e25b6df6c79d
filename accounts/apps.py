from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import security_events  # noqa: F401 - connects its signal receivers
        from .sites import site_sync_after_migrate

        # Connecting a handler touches no database; it runs after `migrate`.
        post_migrate.connect(site_sync_after_migrate, sender=self)


class SiteAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with accounts.admin_site.SiteAdmin as `admin.site`."""

    default = False
    default_site = "accounts.admin_site.SiteAdmin"

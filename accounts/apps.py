from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .sites import site_sync_after_migrate

        # Connecting a handler touches no database; it runs after `migrate`.
        post_migrate.connect(site_sync_after_migrate, sender=self)

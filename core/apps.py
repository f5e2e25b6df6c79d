from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    # What the admin shows of this app: its one model, the audit log.
    verbose_name = _("Audit log")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    name = "corrections"
    verbose_name = _("Corrections")

    def ready(self) -> None:
        from accounts.trust import register_track_record_source

        from .pagecache import connect_signals
        from .selectors import track_record_of

        register_track_record_source(track_record_of)
        connect_signals()

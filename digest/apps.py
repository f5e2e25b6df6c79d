from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestConfig(AppConfig):
    name = "digest"
    verbose_name = _("Digests")

    def ready(self) -> None:
        from accounts.trust import register_track_record_source

        from .pagecache import connect_signals, register_pages
        from .selectors.comments import track_record_of

        register_track_record_source(track_record_of)
        register_pages()
        connect_signals()

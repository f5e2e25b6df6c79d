"""Open flags show on the reader's sentence markers, so a flag's change renews its digest's
pages (see digest.pagecache)."""

from django.db.models.signals import post_delete, post_save

from digest.models import Segment
from digest.pagecache import digests_changed

from .models import Flag


def _flag_saved(sender, instance: Flag, **kwargs) -> None:
    digests_changed(
        Segment.objects.filter(pk=instance.segment_id).values_list("entry__digest_id", flat=True),
        text=True,
    )


def connect_signals() -> None:
    post_save.connect(_flag_saved, sender=Flag, dispatch_uid="pagecache-flag")
    post_delete.connect(_flag_saved, sender=Flag, dispatch_uid="pagecache-del-flag")

from django.db import models


class PageStamp(models.Model):
    """The current version of a group of cached pages (core.pagecache).

    Writes give a stamp a new token after they commit; a cached page is stored under the
    tokens it was rendered with, so a new token retires every copy at once, in every process.
    The tokens live here rather than in the cache so that a per-process cache (local memory)
    cannot serve one worker's stale copy after another worker's write.
    """

    key = models.CharField(primary_key=True, max_length=200)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key}@{self.token}"

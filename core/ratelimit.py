"""Per-member write limits, counted from the rows a member's writes leave behind, and a
counter in the cache for anonymous doors that leave no rows."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import RateLimited


def duration_text(seconds: int) -> str:
    if seconds < 120:
        return _("%(n)d seconds") % {"n": seconds}
    if seconds < 2 * 3600:
        return _("%(n)d minutes") % {"n": round(seconds / 60)}
    return _("%(n)d hours") % {"n": round(seconds / 3600)}


def rate_check(*, action: str, queryset: QuerySet) -> None:
    """Raise RateLimited when `queryset` (the member's earlier writes of this kind, each with a
    `created_at`) already holds the number `GYOJEONG_RATE_LIMITS[action]` allows."""
    count, seconds = settings.GYOJEONG_RATE_LIMITS[action]
    now = timezone.now()
    window = queryset.filter(created_at__gte=now - datetime.timedelta(seconds=seconds))
    if window.count() < count:
        return
    # The wait ends when the oldest action still inside the window drops out of it.
    oldest = window.order_by("created_at").values_list("created_at", flat=True)[:1][0]
    wait = max(1, int((oldest + datetime.timedelta(seconds=seconds) - now).total_seconds()) + 1)
    raise RateLimited(
        _("You have reached the limit of %(count)d in %(window)s. Please try again in %(wait)s.")
        % {"count": count, "window": duration_text(seconds), "wait": duration_text(wait)},
        retry_after=wait,
    )


def window_allows(*, key: str, limit: int, seconds: int) -> bool:
    """Count one use of `key` in a fixed window of `seconds`; False once more than `limit`
    uses fell in the current window. Kept in the cache (Redis in production), so it holds
    across workers; a cache that forgets only lets a few more through."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=seconds):
        return True
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # the window ended between add() and incr()
        cache.add(cache_key, 1, timeout=seconds)
        return True

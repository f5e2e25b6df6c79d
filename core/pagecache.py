"""Pages for visitors served from the cache, invalidated exactly.

An app registers a page by its URL name with the stamps the page depends on
(`cacheable_page`) and renews those stamps whenever a write changes what the page shows
(`stamps_renew`). A visitor's copy is stored under the page's address, the language and
the current token of each stamp, so a new token retires every copy rendered before it,
in every process. Tokens live where every process sees them: in Redis when it is the
cache, in the database (core.models.PageStamp) when each process has a memory cache of
its own; page bodies live in the cache, and the latest ones also in each process's memory.

Only requests that carry no per-visitor state are served this way: no session, no pending
messages, no API credentials, no htmx fragment request, and only the query parameters the
page declares. The same tokens make the ETag and Last-Modified, so a returning browser gets
a 304 without the page being rendered or read from the cache.
"""

import datetime
import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache as memoize
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

from .models import PageStamp

logger = logging.getLogger(__name__)

# Copies expire on their own after this long; renewing a stamp retires them at once anyway.
# The bound only matters if a renewal itself failed after its write committed.
PAGE_TTL_SECONDS = 60 * 60
# Longer parameter values are never page numbers, layouts or revision numbers.
MAX_PARAM_LENGTH = 32
# Where the code and the templates that shape a page live: a deploy that changes them starts
# a new set of copies (see release_token).
RELEASE_DIRS = ("config", "core", "accounts", "digest", "corrections", "templates", "locale")


@dataclass(frozen=True)
class CacheablePage:
    # The stamp keys a page depends on, from its URL's keyword arguments.
    stamps: Callable[[dict], list[str]]
    # Query parameters that select a variant of the page; any other parameter bypasses the cache.
    params: frozenset[str]
    # API pages follow Accept-Language; reader pages follow the language cookie only.
    api: bool


_pages: dict[str, CacheablePage] = {}


def cacheable_page(
    url_name: str,
    *,
    stamps: Callable[[dict], list[str]],
    params: Iterable[str] = (),
    api: bool = False,
) -> None:
    _pages[url_name] = CacheablePage(stamps=stamps, params=frozenset(params), api=api)


def stamps_renew(keys: Iterable[str]) -> None:
    """Give these stamps new tokens once the current transaction commits.

    Renewing after the commit, not inside the transaction, keeps the stamp rows out of the
    writers' lock order: every write renews the same few rows, and holding them until commit
    would make unrelated writes wait for (or deadlock with) each other. A reader that takes
    the old token just before the renewal renders the new content under the old token, and
    that copy is never served again.
    """
    keys = sorted(set(keys))
    if keys:
        transaction.on_commit(partial(_renew_now, keys), robust=True)


Stamp = tuple[str, str, datetime.datetime]  # key, token, changed_at


class DatabaseStamps:
    """Stamps as rows (core.models.PageStamp): shared by every process whatever the cache."""

    def read(self, keys: list[str]) -> list[Stamp]:
        stamps = self._rows(keys)
        if len(stamps) < len(set(keys)):
            # Nothing has renewed these stamps yet (a fresh database): start them now, so
            # that every cached page has a Last-Modified no earlier than its content.
            self.renew(sorted(set(keys) - {key for key, _token, _changed in stamps}))
            stamps = self._rows(keys)
        return stamps

    def renew(self, keys: list[str]) -> None:
        now = timezone.now()
        PageStamp.objects.bulk_create(
            [PageStamp(key=key, token=secrets.token_hex(8), changed_at=now) for key in keys],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["token", "changed_at"],
        )

    @staticmethod
    def _rows(keys: list[str]) -> list[Stamp]:
        return list(
            PageStamp.objects.filter(key__in=keys).values_list("key", "token", "changed_at")
        )


class CacheStamps:
    """Stamps kept in a cache that every process shares (Redis): a visitor's page is then
    served without touching the database, which saves its two round trips (the connection's
    health check and the stamps).

    A stamp the cache has lost (evicted, or Redis restarted) starts again with a new token,
    which retires the copies made under the old one: losing stamps costs renders, never a
    stale page.
    """

    PREFIX = "page-stamp:"

    def read(self, keys: list[str]) -> list[Stamp]:
        names = [self.PREFIX + key for key in keys]
        found = cache.get_many(names)
        if len(found) < len(set(names)):
            now = timezone.now()
            for name in set(names) - found.keys():
                # add(), not set(): another process may have started it meanwhile.
                cache.add(name, (secrets.token_hex(8), now), timeout=None)
            found = cache.get_many(names)
        return [(key, *found[name]) for key, name in zip(keys, names, strict=True) if name in found]

    def renew(self, keys: list[str]) -> None:
        now = timezone.now()
        cache.set_many(
            {self.PREFIX + key: (secrets.token_hex(8), now) for key in keys}, timeout=None
        )


@memoize
def stamp_store() -> DatabaseStamps | CacheStamps:
    """Where stamps live: in the cache when every process shares it, in the database when
    each process has a cache of its own (local memory), where tokens could not be shared."""
    backend = settings.CACHES["default"]["BACKEND"]
    local = backend.endswith(("LocMemCache", "DummyCache"))
    return DatabaseStamps() if local else CacheStamps()


def _renew_now(keys: list[str]) -> None:
    stamp_store().renew(keys)


def _current_stamps(keys: list[str]) -> list[Stamp]:
    """(key, token, changed_at) of each stamp, in one round trip."""
    return stamp_store().read(keys)


def stamps_tokens(keys: list[str]) -> dict[str, str]:
    """The current token of each stamp, in one round trip."""
    return {key: token for key, token, _changed in _current_stamps(keys)}


def stamps_version(keys: list[str]) -> str:
    """A value that changes whenever one of these stamps is renewed: the key of cached
    fragments that depend on them (`{% cache ... version %}`)."""
    return "-".join(token for _key, token, _changed in sorted(_current_stamps(keys)))


@memoize
def release_token() -> str:
    """A digest of the project's code, templates and translations as deployed: copies
    rendered by the previous release are not served by this one."""
    digest = hashlib.sha256(getattr(settings, "GYOJEONG_RELEASE", "").encode())
    base = Path(settings.BASE_DIR)
    for directory in RELEASE_DIRS:
        for path in sorted((base / directory).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".txt", ".mo"}:
                stat = path.stat()
                entry = f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns};"
                digest.update(entry.encode())
    return digest.hexdigest()[:16]


class LocalCopies:
    """The most recently served copies, in this process's memory, up to a size in bytes.

    Copies are keyed by their version like those in the cache, so they are exactly as fresh;
    keeping the busiest ones here saves reading a whole page from Redis on each request.
    """

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self.copies: OrderedDict[str, tuple[float, tuple]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            found = self.copies.get(key)
            if found is None:
                return None
            stored_at, stored = found
            if time.monotonic() - stored_at > PAGE_TTL_SECONDS:
                self._drop(key)
                return None
            self.copies.move_to_end(key)
            return stored

    def put(self, key: str, stored: tuple) -> None:
        size = len(stored[2])
        if size > self.budget:
            return
        with self.lock:
            if key in self.copies:
                self._drop(key)
            self.copies[key] = (time.monotonic(), stored)
            self.size += size
            while self.size > self.budget:
                self._drop(next(iter(self.copies)))

    def _drop(self, key: str) -> None:
        _stored_at, stored = self.copies.pop(key)
        self.size -= len(stored[2])


class AnonymousPageCacheMiddleware:
    """Serves registered pages to visitors from the cache; see the module docstring.

    It sits right after the security and static-file middleware: a hit skips sessions,
    authentication and the rest, and the stored response already carries the headers the
    later middleware added when it was rendered.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = getattr(settings, "GYOJEONG_PAGE_CACHE", True)
        self.release = release_token() if self.enabled else ""
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.local = LocalCopies(getattr(settings, "GYOJEONG_PAGE_CACHE_LOCAL_BYTES", 32 << 20))

    def __call__(self, request):
        found = self._page_for(request) if self.enabled else None
        if found is None:
            return self.get_response(request)
        page, kwargs = found
        stamps = _current_stamps(page.stamps(kwargs))
        tokens = sorted((key, token) for key, token, _changed in stamps)
        changed_at = max((changed for _key, _token, changed in stamps), default=None)
        variant = (
            self.release,
            self._language(request, page),
            request.path,
            request.META.get("QUERY_STRING", ""),
            *(f"{key}={token}" for key, token in tokens),
        )
        version = hashlib.sha256("|".join(variant).encode()).hexdigest()[:32]

        # A browser that holds this version is answered before anything is read or rendered.
        validators = HttpResponse()
        self._mark(validators, version, changed_at)
        answer = get_conditional_response(
            request,
            etag=validators["ETag"],
            last_modified=int(changed_at.timestamp()) if changed_at else None,
            response=validators,
        )
        if answer is not validators:
            return answer

        cache_key = f"page:{version}"
        stored = self.local.get(cache_key)
        if stored is None:
            stored = cache.get(cache_key)
            if stored is not None:
                self.local.put(cache_key, stored)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = self.get_response(request)
        if self._storable(request, response):
            self._mark(response, version, changed_at)
            stored = (response.status_code, list(response.headers.items()), response.content)
            cache.set(cache_key, stored, PAGE_TTL_SECONDS)
            self.local.put(cache_key, stored)
        return response

    def _page_for(self, request) -> tuple[CacheablePage, dict] | None:
        if request.method not in ("GET", "HEAD"):
            return None
        cookies = request.COOKIES
        if (
            settings.SESSION_COOKIE_NAME in cookies
            or CookieStorage.cookie_name in cookies
            or "HTTP_AUTHORIZATION" in request.META
            or "HTTP_HX_REQUEST" in request.META
        ):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        page = _pages.get(match.view_name)
        if page is None:
            return None
        for name, values in request.GET.lists():
            if name not in page.params or len(values) > 1 or len(values[0]) > MAX_PARAM_LENGTH:
                return None
        return page, match.kwargs

    def _language(self, request, page: CacheablePage) -> str:
        # The same choice digest.middleware.PublicationLocaleMiddleware makes for a visitor.
        if page.api:
            return translation.get_language_from_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        return chosen if chosen in self.languages else settings.LANGUAGE_CODE

    @staticmethod
    def _mark(response: HttpResponse, version: str, changed_at) -> None:
        response["ETag"] = quote_etag(version)
        if changed_at is not None:
            response["Last-Modified"] = http_date(changed_at.timestamp())
        # Stored by browsers and shared caches, but checked with us before each use; the
        # Vary below keeps a signed-in member's page out of a visitor's copy.
        response["Cache-Control"] = "public, no-cache"
        patch_vary_headers(response, ("Cookie", "Accept-Language"))

    @staticmethod
    def _storable(request, response) -> bool:
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and (user is None or not user.is_authenticated)
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

"""Pages for visitors served from the cache, invalidated exactly.

An app registers a page by its URL name with the stamps the page depends on
(`cacheable_page`) and renews those stamps whenever a write changes what the page shows
(`stamps_renew`). A visitor's copy is stored under the page's address, the language and
the current token of each stamp, so a new token retires every copy rendered before it,
in every process: tokens are rows in the database (core.models.PageStamp), and only page
bodies live in the cache (Redis when configured, local memory otherwise).

Only requests that carry no per-visitor state are served this way: no session, no pending
messages, no API credentials, no htmx fragment request, and only the query parameters the
page declares. The same tokens make the ETag and Last-Modified, so a returning browser gets
a 304 without the page being rendered or read from the cache.
"""

import datetime
import hashlib
import logging
import secrets
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


def _renew_now(keys: list[str]) -> None:
    now = timezone.now()
    PageStamp.objects.bulk_create(
        [PageStamp(key=key, token=secrets.token_hex(8), changed_at=now) for key in keys],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["token", "changed_at"],
    )


def _current_stamps(keys: list[str]) -> list[tuple[str, str, datetime.datetime]]:
    """(key, token, changed_at) of each stamp, in one query."""
    stamps = list(PageStamp.objects.filter(key__in=keys).values_list("key", "token", "changed_at"))
    if len(stamps) < len(set(keys)):
        # Nothing has renewed these stamps yet (a fresh database): start them now, so that
        # every cached page has a Last-Modified no earlier than its content.
        _renew_now(sorted(set(keys) - {key for key, _token, _changed in stamps}))
        stamps = list(
            PageStamp.objects.filter(key__in=keys).values_list("key", "token", "changed_at")
        )
    return stamps


def stamps_tokens(keys: list[str]) -> dict[str, str]:
    """The current token of each stamp, in one query."""
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
        stored = cache.get(cache_key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = self.get_response(request)
        if self._storable(request, response):
            self._mark(response, version, changed_at)
            cache.set(
                cache_key,
                (response.status_code, list(response.headers.items()), response.content),
                PAGE_TTL_SECONDS,
            )
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

"""English back-translations of Korean text, for editors who check what a suggestion says.

Pages ask for them while an editor waits, so the backend gets one short try
(BACK_TRANSLATION_TIMEOUT seconds at most, no retry); a failure is logged for the operator and
answered as "unavailable" (None), never as an error. Answers are kept in the cache, keyed by the
service, its model and the text, so reloading a page asks the service nothing new.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache

from .backends import Backend, TranslationError, configured_backend

logger = logging.getLogger(__name__)

BACK_TRANSLATION_TIMEOUT = 4.0  # seconds
# A text's English does not change; a week keeps the cache from holding old texts forever.
CACHE_SECONDS = 7 * 24 * 60 * 60


def available() -> bool:
    """Whether a translation backend is configured at all (pages show nothing otherwise)."""
    return bool(settings.MT_BASE_URL)


def _cache_key(backend: Backend, text: str) -> str:
    named = json.dumps([type(backend).__name__, backend.base_url, backend.model, text])
    return "backtranslation:" + hashlib.sha256(named.encode("utf-8")).hexdigest()


def back_translations(texts: Sequence[str]) -> dict[str, str | None]:
    """The English of each Korean text, or None where the service could not give it.

    After the first failure the remaining texts are not sent: a service that timed out once
    would only keep the editor waiting again.
    """
    try:
        backend = configured_backend(
            timeout=min(settings.MT_TIMEOUT, BACK_TRANSLATION_TIMEOUT), attempts=1
        )
    except TranslationError as error:
        logger.warning("No back-translation: %s", error)
        return dict.fromkeys(texts)
    keys = {text: _cache_key(backend, text) for text in texts}
    cached = cache.get_many(list(keys.values()))
    english: dict[str, str | None] = {}
    failed = False
    for text, key in keys.items():
        if key in cached:
            english[text] = cached[key]
            continue
        english[text] = None
        if failed:
            continue
        try:
            english[text] = backend.back_translate(text)
        except TranslationError as error:
            logger.warning("No back-translation from %s: %s", backend.label, error)
            failed = True
        else:
            cache.set(key, english[text], CACHE_SECONDS)
    return english

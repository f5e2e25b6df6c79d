"""Test overrides: fast hashing, in-memory cache and mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Pages are renewed when a write commits, and most tests never commit (each runs in a
# transaction rolled back at its end); tests/core/test_pagecache.py turns it on and commits.
GYOJEONG_PAGE_CACHE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False
# Tests that exercise limits set their own; the rest create data in bulk.
GYOJEONG_RATE_LIMITS = {
    "flag": (10_000, 3600),
    "suggestion": (10_000, 3600),
    "vote": (10_000, 3600),
    "comment_new": (10_000, 3600),
    "comment": (10_000, 3600),
    "comment_trusted": (10_000, 3600),
    "like": (10_000, 3600),
    "report": (10_000, 3600),
}

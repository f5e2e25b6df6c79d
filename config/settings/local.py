"""Development conveniences on top of base: debug pages and mail printed to the console."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403

ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

"""Production hardening: HTTPS only and the cookies and headers that need it.

Every other security header (the Content-Security-Policy, nosniff, Referrer-Policy, framing)
is set in base.py, so development and the tests see the same pages as production.
"""

from .base import *  # noqa: F403
from .base import env

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# The language switcher's cookie (accounts.views, accounts.adapter) travels over HTTPS only too.
LANGUAGE_COOKIE_SECURE = True

# Editors, moderators and staff need a second factor before they act (REQUIRE_MFA=false lifts it).
GYOJEONG_REQUIRE_MFA = env.bool("REQUIRE_MFA", default=True)

"""Settings shared by every environment; each value comes from the environment."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# A secret key is only optional for local development; anything else must supply one.
SECRET_KEY = env("SECRET_KEY", default="insecure-development-key" if DEBUG else None)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("Set the SECRET_KEY environment variable.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "accounts.apps.SiteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.syndication",
    # allauth's passkey pages load its template filters.
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "core",
    "accounts",
    "digest",
    "corrections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Beside SecurityMiddleware, outside the page cache: every response, a cached page or a
    # static file included, carries the current policy (core.csp).
    "csp.middleware.CSPMiddleware",
    "core.csp.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside the security headers, so a refusal carries them; before the page cache,
    # sessions and every view, so a NUL in the address or a form never reaches a cache key,
    # a query or a view (core.guards). Static files need no check and are served before it.
    "core.guards.EdgeGuardMiddleware",
    # Before sessions and authentication: a visitor's cached page skips them (core.pagecache).
    "core.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in member's language wins over the cookie.
    "digest.middleware.PublicationLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each worker keeps its connection between requests instead of paying a new connection
    # (and PostgreSQL a new backend process) per page; the health check replaces one the
    # server closed (a restart, a failover) before a request uses it. Workers hold one
    # connection each, so gunicorn's worker count bounds what PostgreSQL has to accept.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite's default DEFERRED transactions take the write lock only at their first write, so
    # two requests that both read then write (two editors accepting at once) can fail with
    # "database is locked" instead of waiting. IMMEDIATE takes the lock at BEGIN and the second
    # writer waits for the first (up to the busy timeout).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Visitors' reader pages come from the cache, renewed by every write that changes them.
GYOJEONG_PAGE_CACHE = env.bool("PAGE_CACHE", default=True)

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "digest:home"

SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {"login": "accounts.login_form.LoginForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Gyojeong] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Account mail is rendered in the member's language and queued like every other email.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Confirming the address signs the member in and resumes where they signed up (`next`).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# allauth's per-IP rate limits read REMOTE_ADDR unless told how many proxies in front of the
# site append to X-Forwarded-For; behind one HTTPS proxy every visitor would share its address.
# Set it to the number of proxies you run (1 for a single nginx); 0 ignores the header, which
# is right when nothing trustworthy sets it.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
# Email changes, MFA changes and role grants ask for the password (or a second factor) again.
ACCOUNT_REAUTHENTICATION_REQUIRED = True

# Editors, moderators and staff act only with a second factor where this is on (production's
# default; accounts.permissions.second_factor_missing). Members may add one too.
GYOJEONG_REQUIRE_MFA = env.bool("REQUIRE_MFA", default=False)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Gyojeong"
# Browsers allow WebAuthn on http://localhost only when told it is a development origin.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Gyojeong <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Seoul")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "core.api.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only, guarded against nesting deep enough to exhaust the stack: form encodings
    # cannot say null, a list or a number, so they would accept what the schema forbids.
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gyojeong API",
    "DESCRIPTION": "Read machine-translated digests and correct them together.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Deep links put a link inside each operation's expand button, which screen readers and
    # keyboards cannot use apart from the button (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    # Flags, rejections and comment reports each have a "reason" of their own.
    "ENUM_NAME_OVERRIDES": {"CommentReportReasonEnum": "digest.models.ReportReason"},
}

# Security headers, the same in every environment: production adds only what needs HTTPS
# (HSTS, secure cookies). docs/security.md explains the policy and its report endpoint.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Pages load only the site's own static scripts and styles, never inline code or eval (htmx
# is configured to need neither, templates/base.html), and talk only to the site itself.
# The API docs page widens its own copy (config/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "report-uri": [reverse_lazy("csp-report")],
    },
}
# Set by core.csp.SecurityHeadersMiddleware. No page of the site is meant to be embedded
# elsewhere, and none uses a camera, a location or any other powerful browser feature.
GYOJEONG_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
GYOJEONG_PERMISSIONS_POLICY = dict.fromkeys(
    (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ),
    (),
)

# Per-member write limits as (count, seconds). Corrections enforce them in the service layer.
GYOJEONG_RATE_LIMITS = {
    "flag": env.tuple("RATE_LIMIT_FLAG", cast=int, default=(30, 3600)),
    "suggestion": env.tuple("RATE_LIMIT_SUGGESTION", cast=int, default=(30, 3600)),
    "vote": env.tuple("RATE_LIMIT_VOTE", cast=int, default=(120, 3600)),
    # Comments by trust level: new members get a few a day, trusted members more.
    "comment_new": env.tuple("RATE_LIMIT_COMMENT_NEW", cast=int, default=(3, 86400)),
    "comment": env.tuple("RATE_LIMIT_COMMENT", cast=int, default=(20, 3600)),
    "comment_trusted": env.tuple("RATE_LIMIT_COMMENT_TRUSTED", cast=int, default=(60, 3600)),
    "like": env.tuple("RATE_LIMIT_LIKE", cast=int, default=(300, 3600)),
    "report": env.tuple("RATE_LIMIT_REPORT", cast=int, default=(20, 3600)),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "utc": {
            "()": "core.log_format.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Comments: how long an author may edit, and how many distinct members' reports hide a comment
# until a moderator looks (a trusted member's single report does as well).
GYOJEONG_COMMENTS = {
    "EDIT_WINDOW_HOURS": env.int("COMMENT_EDIT_WINDOW_HOURS", default=24),
    "REPORTS_TO_HIDE": env.int("COMMENT_REPORTS_TO_HIDE", default=3),
    "MAX_LENGTH": 5000,
    # Comments shown before a thread list collapses behind "show all".
    "COLLAPSE_AFTER": 5,
}
# Trust levels (accounts.trust): "new" until NEW_MEMBER_DAYS have passed or a contribution
# was accepted; "trusted" after enough accepted contributions, or enough likes received on
# enough distinct days, with no upheld report in REPORT_WINDOW_DAYS.
GYOJEONG_TRUST = {
    "NEW_MEMBER_DAYS": env.int("TRUST_NEW_MEMBER_DAYS", default=2),
    "TRUSTED_ACCEPTED_CONTRIBUTIONS": env.int("TRUST_ACCEPTED_CONTRIBUTIONS", default=5),
    "TRUSTED_LIKES_RECEIVED": env.int("TRUST_LIKES_RECEIVED", default=20),
    "TRUSTED_LIKE_DAYS": env.int("TRUST_LIKE_DAYS", default=5),
    "REPORT_WINDOW_DAYS": env.int("TRUST_REPORT_WINDOW_DAYS", default=30),
}

# Machine translation for `translate_digest` (corrections/translation/): an OpenAI-compatible
# chat-completions endpoint (MT_BACKEND=openai, MT_BASE_URL ending in /v1) or a DeepL-style one
# (deepl, ending in /v2). MT_MAX_CHARACTERS refuses a post larger than that before any request
# is made, as a guard on cost.
MT_BACKEND = env("MT_BACKEND", default="openai")
MT_BASE_URL = env("MT_BASE_URL", default="")
MT_API_KEY = env("MT_API_KEY", default="")
MT_MODEL = env("MT_MODEL", default="")
MT_TIMEOUT = env.float("MT_TIMEOUT", default=30.0)
MT_ATTEMPTS = env.int("MT_ATTEMPTS", default=3)
MT_BACKOFF = env.float("MT_BACKOFF", default=1.0)  # seconds before the first retry, doubling
MT_MAX_CHARACTERS = env.int("MT_MAX_CHARACTERS", default=200_000)

# Background jobs. With a broker (e.g. redis://127.0.0.1:6379/1) emails and scheduled jobs go
# to Celery workers; without one, tasks run inline in the process that queues them, so the
# embedded default (`make run`, the tests) needs nothing else.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Newsletters at 09:00 Seoul time (CELERY_TIMEZONE): weekly on Mondays, daily every day.
CELERY_BEAT_SCHEDULE = {
    "newsletter-weekly": {
        "task": "digest.tasks.newsletters_send_task",
        "schedule": crontab(minute=0, hour=9, day_of_week="mon"),
        "args": ("weekly",),
    },
    "newsletter-daily": {
        "task": "digest.tasks.newsletters_send_task",
        "schedule": crontab(minute=0, hour=9),
        "args": ("daily",),
    },
}

"""The security headers that django-csp and Django's SecurityMiddleware do not set, and the
endpoint that receives Content-Security-Policy violation reports.

The policy itself is `CONTENT_SECURITY_POLICY` in config/settings/base.py (django-csp's
`csp.middleware.CSPMiddleware` writes it); docs/security.md explains each directive.
"""

import json
import logging

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .parsers import MAX_JSON_DEPTH, json_depth_within
from .ratelimit import window_allows

logger = logging.getLogger("core.csp")

# `report-uri` reports come as application/csp-report, Reporting API batches (`report-to`)
# as application/reports+json; some older browsers label the former plain JSON.
REPORT_CONTENT_TYPES = frozenset(
    {"application/csp-report", "application/reports+json", "application/json"}
)
# A real report is well under 2 KB (a few URLs and a directive); anything much larger is
# not a browser's report, and reading it would only cost memory.
MAX_REPORT_BYTES = 10 * 1024
# What of a report reaches the log: enough to see the page, directive and blocked address.
LOGGED_REPORT_CHARS = 2000
# Reports per client address and minute. A page that breaks the policy sends one report per
# blocked resource on each load, so a reader gets well under this; beyond it a client is
# flooding the log. (Behind a proxy REMOTE_ADDR is the proxy's, and this becomes a cap for all.)
REPORTS_PER_MINUTE = 60


class SecurityHeadersMiddleware:
    """Adds Cross-Origin-Resource-Policy and Permissions-Policy to every response.

    Django's SecurityMiddleware covers HSTS, nosniff, Referrer-Policy and
    Cross-Origin-Opener-Policy but has no setting for these two. A header a view already set
    is left alone, so one page can loosen its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.resource_policy = settings.GYOJEONG_CROSS_ORIGIN_RESOURCE_POLICY
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allowlist)})"
            for feature, allowlist in settings.GYOJEONG_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.resource_policy:
            response.headers.setdefault("Cross-Origin-Resource-Policy", self.resource_policy)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


# Browsers post reports on their own, without the page's CSRF token.
@csrf_exempt
@require_POST
def csp_report(request):
    """Logs a browser's report of what the policy blocked (logger "core.csp", WARNING).

    Anyone can post here, so each client address is held to REPORTS_PER_MINUTE, the body is
    bounded before it is read, must be a small JSON object or list, and is logged re-encoded
    on one line (ASCII, truncated): a report cannot forge log lines or flood the log.
    """
    if request.content_type not in REPORT_CONTENT_TYPES:
        return HttpResponse(status=415)
    client = request.META.get("REMOTE_ADDR", "-")
    if not window_allows(key=f"csp-report:{client}", limit=REPORTS_PER_MINUTE, seconds=60):
        return HttpResponse(status=429, headers={"Retry-After": "60"})
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    # Read from the stream rather than request.body, so that a body whose length was not
    # declared (possible under ASGI) is still cut off one byte past the limit.
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(body)
    except (ValueError, RecursionError):
        return HttpResponse(status=400)
    if not isinstance(report, dict | list) or not json_depth_within(report, MAX_JSON_DEPTH):
        return HttpResponse(status=400)
    logged = json.dumps(report, ensure_ascii=True, separators=(",", ":"))
    logger.warning("Content-Security-Policy violation: %s", logged[:LOGGED_REPORT_CHARS])
    return HttpResponse(status=204)

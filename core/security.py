"""The security log's record of refused actions, shared by the HTML views and the API."""

import logging

from rest_framework.exceptions import NotAuthenticated, PermissionDenied

from .errors import NotAllowed, NotFound

logger = logging.getLogger("gyojeong.security")


def log_refusal(request, error: Exception) -> None:
    """Log an action a permission rule refused (not mere bad input), with who asked and from
    where: a service's NotAllowed or NotFound, or an API permission class's refusal.
    accounts.security_events logs sign-ins on the same logger."""
    if not isinstance(error, NotAllowed | NotFound | PermissionDenied | NotAuthenticated):
        return
    user = getattr(request, "user", None)
    logger.warning(
        "refused %s %s user=%s ip=%s: %s",
        request.method,
        request.path,
        user.pk if user is not None and user.is_authenticated else "-",
        request.META.get("REMOTE_ADDR", "-"),
        error,
    )

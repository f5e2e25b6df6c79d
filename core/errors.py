"""Domain errors shared by every app, and the HTTP status each one means at the edges.

Services raise these (never HTTP responses); HTML views turn them into a message with
`core.views.failed`, the API into `{"detail": …}` through `core.api_errors`. Both read the
status from the one table below.
"""


class DomainError(Exception):
    """A rule refused the action. The message can be shown to the person as it is."""


class NotAllowed(DomainError):
    pass


class InvalidInput(DomainError):
    pass


class Conflict(DomainError):
    pass


class NotFound(DomainError):
    """What the person may not see is answered as if it did not exist (a draft's contents for
    anyone but editors), so no door tells a hidden thing from a missing one."""


class RateLimited(DomainError):
    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


ERROR_STATUS: dict[type[DomainError], int] = {
    DomainError: 400,
    InvalidInput: 400,
    NotAllowed: 403,
    Conflict: 409,
    NotFound: 404,
    RateLimited: 429,
}


def error_status(error: DomainError) -> int:
    """The status of the most specific class of `error` in ERROR_STATUS."""
    return next(ERROR_STATUS[cls] for cls in type(error).__mro__ if cls in ERROR_STATUS)


def error_headers(error: DomainError) -> dict[str, str]:
    if isinstance(error, RateLimited):
        return {"Retry-After": str(error.retry_after)}
    return {}

"""The ``preserve`` check: URLs, code, LaTeX and identifiers are copied exactly.

Each protected token of the source (see :mod:`protected`) must occur byte for
byte in the target. A missing token is an ``error``: a changed URL or
formula is broken, whatever the reason. When the target holds a token of
the same family that the source lacks, the finding points at it, since it
is most likely the altered copy.
"""

from __future__ import annotations

from corrections.checks.base import CheckContext, Finding, Severity
from corrections.checks.protected import Protected, find_protected

CODE = "preserve"


def _altered_copy(
    token: Protected, source_texts: set[str], target: list[Protected]
) -> Protected | None:
    """Return the target token of the same family that the source does not have."""
    for candidate in target:
        if candidate.kind is token.kind and candidate.text not in source_texts:
            return candidate
    return None


def check_preserve(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Report protected source tokens that the target does not contain verbatim."""
    del context  # The check needs no digest-wide knowledge.
    source_tokens = find_protected(source)
    if not source_tokens:
        return []
    source_texts = {token.text for token in source_tokens}
    target_tokens = find_protected(target)
    findings: list[Finding] = []
    reported: set[str] = set()
    for token in source_tokens:
        if token.text in target or token.text in reported:
            continue
        reported.add(token.text)
        altered = _altered_copy(token, source_texts, target_tokens)
        if altered is not None:
            target_tokens.remove(altered)
            message = f"{token.kind} {token.text} is written as {altered.text} in the target"
            span: tuple[int, int] | None = altered.span
        else:
            message = f"{token.kind} {token.text} is missing from the target"
            span = None
        findings.append(Finding(CODE, Severity.ERROR, message, span))
    return findings

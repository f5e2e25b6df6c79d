"""Flags, suggestions, votes, review and revisions, one module per noun. Each public function
is one transactional, audited action.

Rules live here and nowhere else: HTML views, htmx fragments, the API, the admin and the
commands call these functions and translate their domain errors into their own responses.
"""

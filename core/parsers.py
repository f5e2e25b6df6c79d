"""Request body parsers for the API: DRF's, with a guard against deeply nested JSON.

Python's JSON decoder recurses once per level of nesting, so a body of a hundred thousand
brackets raises RecursionError, which DRF's parser does not catch (a 500). No request body of
this API nests more than a few levels, so anything deeper is refused as malformed.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 32


def json_depth_within(data, limit: int) -> bool:
    """Whether lists and objects in `data` nest at most `limit` levels (walked without
    recursion, so a deep structure cannot exhaust the stack here either)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
        else:
            if json_depth_within(data, MAX_JSON_DEPTH):
                return data
        raise ParseError(
            _("JSON parse error - the body nests more than %(max)d levels deep.")
            % {"max": MAX_JSON_DEPTH}
        )

"""Request body parsers for the API: DRF's, with JSON held to what the API can use.

DRF's JSON parser lets four kinds of body through to the views that no operation means
and that end in a 500 further in:

- Deep nesting. Python's JSON decoder recurses once per level, so a body of a hundred
  thousand brackets raises RecursionError, which DRF does not catch. No body of this API
  nests more than a few levels, so anything deeper is refused.
- Non-finite numbers. DRF refuses the literals `NaN` and `Infinity`, but `1e999` is a valid
  JSON number that Python reads as float infinity, and `int(inf)` in a serializer raises
  OverflowError.
- NUL characters (`\\u0000`) in strings or keys, which PostgreSQL cannot store or compare
  (see `core.guards`, which refuses them in addresses and forms).
- Lone surrogates (`\\ud800` without its pair): JSON escapes may spell them, Python keeps
  them, and they cannot be encoded as UTF-8 for the database, a log line or a page.

Each is refused as a malformed body (400, `{"detail": …}`).
"""

import codecs
import json
import math
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .guards import has_nul

MAX_JSON_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_problem(text: str) -> str | None:
    if has_nul(text):
        return "nul"
    if _SURROGATE.search(text):
        return "surrogate"
    return None


def json_depth_within(data, limit: int) -> bool:
    """Whether lists and objects in `data` nest at most `limit` levels (walked without
    recursion, so a deep structure cannot exhaust the stack here either)."""
    return json_problem(data, limit) != "depth"


def json_problem(data, limit: int = MAX_JSON_DEPTH) -> str | None:
    """What the API cannot take in `data`: "depth" if its lists and objects nest more than
    `limit` levels, "nul" or "surrogate" if a string or key holds a NUL character or a lone
    surrogate, else None. Walked without recursion."""
    stack = [(data, 1)]
    found = None
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            found = _text_problem(value) or found
            continue
        if isinstance(value, dict):
            for key in value:
                found = _text_problem(key) or found
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return "depth"
        stack.extend((child, depth + 1) for child in children)
    return found


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {text[:40]} is too large")
    return number


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.load(
                codecs.getreader(encoding)(stream),
                parse_float=_finite_float,
                parse_constant=_refuse_constant,
            )
        except RecursionError:
            problem = "depth"
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
        else:
            problem = json_problem(data, MAX_JSON_DEPTH)
            if problem is None:
                return data
        if problem == "depth":
            raise ParseError(
                _("JSON parse error - the body nests more than %(max)d levels deep.")
                % {"max": MAX_JSON_DEPTH}
            )
        if problem == "surrogate":
            raise ParseError(
                _("JSON parse error - a string holds a lone surrogate, which is not a character.")
            )
        # DRF's string fields say the same of a NUL they meet, in the same words.
        raise ParseError(_("JSON parse error - Null characters are not allowed (\\u0000)."))

"""Request parameters, checked before the engine sees them: I/O-free, shared by the pages and the JSON API.

A bad parameter raises ParamError naming the parameter and the remedy; the app turns it into a 400 (JSON under
/api/, an HTML page elsewhere), never a 500.
"""
from __future__ import annotations

from typing import Mapping

from search import limits

# Results per HTML page: a screenful on a desktop, a few thumb-scrolls on a phone; "More results" fetches the next.
PAGE_SIZE = 10
# Completions offered while typing: the engine's cap (as many as fit above a phone's on-screen keyboard).
SUGGEST_LIMIT = limits.MAX_SUGGESTIONS
# How far `offset` may page: far beyond any corpus we serve, yet bounded so a URL cannot ask for absurd work.
MAX_OFFSET = 10_000


class ParamError(ValueError):
    """A request parameter the app cannot use. `parameter` is its name; the message says what is wrong."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        self.message = message
        super().__init__(message)


def _first(args: Mapping[str, str], name: str) -> str | None:
    # werkzeug's MultiDict.get returns the first value of a repeated parameter; a plain dict works too.
    return args.get(name)


def query_param(args: Mapping[str, str], name: str = "q", *, required: bool = True) -> str:
    """The search text, stripped: present, not blank, at most limits.MAX_QUERY_CHARS characters."""
    raw = _first(args, name)
    if raw is None or not raw.strip():
        if not required:
            return ""
        what = "missing" if raw is None else "empty"
        raise ParamError(name, f"the parameter {name!r} is {what}: give the words to search for, as in ?{name}=leukaemia")
    text = raw.strip()
    if len(text) > limits.MAX_QUERY_CHARS:
        raise ParamError(name, f"the parameter {name!r} is {len(text)} characters long; "
                               f"a query may have at most {limits.MAX_QUERY_CHARS}")
    return text


def int_param(args: Mapping[str, str], name: str, *, default: int, minimum: int, maximum: int) -> int:
    """A whole number within [minimum, maximum]; `default` when the parameter is absent or empty."""
    raw = _first(args, name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise ParamError(name, f"the parameter {name!r} must be a whole number from {minimum} to {maximum}, "
                               f"not {raw[:40]!r}")
    return value


def flag_param(args: Mapping[str, str], name: str) -> bool:
    """An on/off switch: absent, empty, 0, false or no is off; 1, true or yes is on."""
    raw = (_first(args, name) or "").strip().lower()
    if raw in ("", "0", "false", "no"):
        return False
    if raw in ("1", "true", "yes"):
        return True
    raise ParamError(name, f"the parameter {name!r} must be 1 or 0, not {raw[:40]!r}")


def search_params(args: Mapping[str, str], *, default_limit: int) -> tuple[str, int, int]:
    """(query, limit, offset) of a search request."""
    query = query_param(args)
    limit = int_param(args, "limit", default=default_limit, minimum=1, maximum=limits.MAX_RESULTS)
    offset = int_param(args, "offset", default=0, minimum=0, maximum=MAX_OFFSET)
    return query, limit, offset


def suggest_params(args: Mapping[str, str]) -> tuple[str, int]:
    """(prefix, limit) of a completion request."""
    prefix = query_param(args)
    limit = int_param(args, "limit", default=SUGGEST_LIMIT, minimum=1, maximum=SUGGEST_LIMIT)
    return prefix, limit


def safe_next(target: str | None) -> str:
    """A same-site path to go back to after switching language; anything else (another site, a scheme) gives "/".

    >>> safe_next("/search?q=x"), safe_next("//evil.example/"), safe_next("https://evil.example/")
    ('/search?q=x', '/', '/')
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(char) < 32 for char in target):
        return "/"
    return target

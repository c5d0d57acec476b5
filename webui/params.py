"""Request parameters, declared once: what each route reads, how it is checked, and how it is documented.

Each `Param` both reads its value from a request (raising ParamError naming the parameter and the remedy,
which the app turns into a 400: JSON under /api/, an HTML page elsewhere, never a 500) and describes itself
as an OpenAPI parameter (webui/openapi.py), so the description served at /api/openapi.json cannot drift from
what the code accepts. I/O-free, shared by the pages and the JSON API.

Parameters a route does not declare are ignored, on every route, as the web does with tracking or
cache-busting parameters (`?utm_source=...`, `?_=1712`): a client may add them without breaking.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Mapping

from search import limits

from .i18n import LANGUAGES

# Results per HTML page: a screenful on a desktop, a few thumb-scrolls on a phone; "More results" fetches the next.
PAGE_SIZE = 10
# Completions offered while typing: the engine's cap (as many as fit above a phone's on-screen keyboard).
SUGGEST_LIMIT = limits.MAX_SUGGESTIONS
# How far `offset` may page: far beyond any corpus we serve, yet bounded so a URL cannot ask for absurd work.
MAX_OFFSET = 10_000
# Ids per page of /api/pages: a listing costs no search, so a client may take a large corpus in a few requests.
PAGE_LIST_SIZE = 100
MAX_PAGE_LIST_SIZE = 1_000
# Listing offsets go past any ontology we read (the whole Disease Ontology has about 11,000 live terms).
MAX_PAGE_LIST_OFFSET = 1_000_000
# A whole number as a person writes it, in ASCII digits (int() alone would also take "1_000", "+5" or "٥"), with
# few enough digits for int() to read cheaply: 18 digits are past every bound here.
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,19}")
# A page id in a URL: ids are slugs of titles or ontology ids, far shorter; this only bounds what the
# description promises to accept.
MAX_PAGE_ID_CHARS = 500
# How much of a bad value an error message repeats: enough to recognise it, not a 10 KB echo.
QUOTED_VALUE_CHARS = 40


class ParamError(ValueError):
    """A request parameter the app cannot use. `parameter` is its name; the message says what is wrong."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        self.message = message
        super().__init__(message)


class ParamKind(Enum):
    """What values a parameter takes; each kind reads and documents itself its own way."""

    TEXT = "text"  # words, stripped
    WHOLE_NUMBER = "whole number"  # within [minimum, maximum]
    SWITCH = "switch"  # on or off
    CHOICE = "choice"  # one of `choices`


SWITCH_ON = ("1", "true", "yes")
SWITCH_OFF = ("0", "false", "no")


@dataclass(frozen=True)
class Param:
    """One query parameter: its name, kind, bounds, default, and the sentence that documents it."""

    name: str
    kind: ParamKind
    description: str
    required: bool = False
    default: object = None
    minimum: int = 0
    maximum: int = 0  # for TEXT: the most characters
    choices: tuple[str, ...] = ()

    def read(self, args: Mapping[str, str]):
        """The parameter's value in `args` (werkzeug's MultiDict gives the first of a repeated parameter)."""
        raw = args.get(self.name)
        if self.required and (raw is None or not raw.strip()):
            what = "missing" if raw is None else "empty"
            wanted = "the words to search for, as in ?q=leukaemia" if self.kind is ParamKind.TEXT else \
                f"a whole number from {self.minimum} to {self.maximum}"
            raise ParamError(self.name, f"the parameter {self.name!r} is {what}: give {wanted}")
        if raw is None or raw == "":  # an empty value, as a form sends an empty field, counts as absent
            return self.default
        reader = getattr(self, f"_read_{self.kind.name.lower()}")
        return reader(raw)

    def _read_text(self, raw: str) -> str:
        # Counted as sent, as the search box's maxlength counts it, so a limit a client hits is the same
        # whatever spaces it leaves around the words.
        if len(raw) > self.maximum:
            raise ParamError(self.name, f"the parameter {self.name!r} is {len(raw)} characters long; "
                                        f"a query may have at most {self.maximum}")
        return raw.strip()

    def _read_whole_number(self, raw: str) -> int:
        value = int(raw) if _WHOLE_NUMBER.fullmatch(raw) else None
        if value is None or not self.minimum <= value <= self.maximum:
            raise ParamError(self.name, f"the parameter {self.name!r} must be a whole number from {self.minimum} "
                                        f"to {self.maximum}, not {raw[:QUOTED_VALUE_CHARS]!r}")
        return value

    def _read_switch(self, value: str) -> bool:
        if value not in SWITCH_ON + SWITCH_OFF:
            raise ParamError(self.name, f"the parameter {self.name!r} must be 1 or 0, "
                                        f"not {value[:QUOTED_VALUE_CHARS]!r}")
        return value in SWITCH_ON

    def _read_choice(self, value: str) -> str:
        if value not in self.choices:
            raise ParamError(self.name, f"the parameter {self.name!r} must be one of "
                                        f"{', '.join(map(repr, self.choices))}, not {value[:QUOTED_VALUE_CHARS]!r}")
        return value

    def schema(self) -> dict:
        """The JSON Schema of the values this parameter accepts (what `read` lets through)."""
        if self.kind is ParamKind.TEXT:
            # At least one character that is not a space: a blank value counts as absent.
            return {"type": "string", "minLength": 1, "maxLength": self.maximum, "pattern": r"\S"}
        if self.kind is ParamKind.WHOLE_NUMBER:
            schema = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
            return schema if self.default is None else {**schema, "default": self.default}
        if self.kind is ParamKind.SWITCH:
            return {"type": "string", "enum": [*SWITCH_ON, *SWITCH_OFF], "default": "0"}
        schema = {"type": "string", "enum": list(self.choices)}
        return schema if self.default is None else {**schema, "default": self.default}


def read_params(args: Mapping[str, str], params: tuple[Param, ...]) -> dict:
    """{name: value} of every parameter in `params`; the first bad one raises ParamError."""
    return {param.name: param.read(args) for param in params}


QUERY = Param("q", ParamKind.TEXT, "The words to search for, as a visitor types them.", required=True,
              maximum=limits.MAX_QUERY_CHARS)
LIMIT = Param("limit", ParamKind.WHOLE_NUMBER, "How many results to return.", default=PAGE_SIZE, minimum=1,
              maximum=limits.MAX_RESULTS)
OFFSET = Param("offset", ParamKind.WHOLE_NUMBER, "How many results to skip (for the next page of results).",
               default=0, minimum=0, maximum=MAX_OFFSET)
EXACT = Param("exact", ParamKind.SWITCH, "1: leave out the pages found only by correcting a word of the query "
                                         "(a typo or a sound-alike): search for what was typed.", default=False)
LANG = Param("lang", ParamKind.CHOICE, "The language of the explanations. Default: the best match of the "
                                       "Accept-Language header, else English.", choices=LANGUAGES)
PREFIX = Param("q", ParamKind.TEXT, "What has been typed so far (the last word may be unfinished or misspelt).",
               required=True, maximum=limits.MAX_QUERY_CHARS)
SUGGEST_COUNT = Param("limit", ParamKind.WHOLE_NUMBER, "How many completions to return.", default=SUGGEST_LIMIT,
                      minimum=1, maximum=SUGGEST_LIMIT)
SUGGEST_FORMAT = Param("format", ParamKind.CHOICE, "json: objects with ids and page URLs; opensearch: the "
                                                   "browsers' [query, [titles]] form.", default="json",
                       choices=("json", "opensearch"))
LIST_LIMIT = Param("limit", ParamKind.WHOLE_NUMBER, "How many pages to list.", default=PAGE_LIST_SIZE, minimum=1,
                   maximum=MAX_PAGE_LIST_SIZE)
LIST_OFFSET = Param("offset", ParamKind.WHOLE_NUMBER, "How many pages to skip (pages are listed by id).", default=0,
                    minimum=0, maximum=MAX_PAGE_LIST_OFFSET)
PAGE_ID = Param("id", ParamKind.TEXT, "The page's id, as in its address on this site.", required=True,
                maximum=MAX_PAGE_ID_CHARS)

# What each kind of request reads. The results page and /api/search read the same search parameters.
SEARCH_PARAMS = (QUERY, LIMIT, OFFSET, EXACT)
API_SEARCH_PARAMS = (*SEARCH_PARAMS, LANG)
SUGGEST_PARAMS = (PREFIX, SUGGEST_COUNT, SUGGEST_FORMAT)
PAGE_LIST_PARAMS = (LIST_LIMIT, LIST_OFFSET)


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

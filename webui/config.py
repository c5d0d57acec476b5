"""Settings of the web UI: documented defaults, overridden by environment variables, then by `create_app(config)`.

Every setting the server reads from the environment is listed in ENVIRONMENT with its default and meaning, so
README.md and `condsearch serve --help` document the same thing. A bad value fails at start-up with a message
naming the variable, never later in a request.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable, Mapping

from .querylog import DEFAULT_MAX_ROWS, DEFAULT_RETENTION_DAYS


class ConfigError(ValueError):
    """An environment variable or config key holds a value the server cannot use; names it and says why."""


@dataclass(frozen=True)
class Setting:
    env: str  # the environment variable
    key: str  # the Flask config key it fills
    default: object
    parse: Callable[[str, str], object]
    help: str


def _text(name: str, value: str) -> str | None:
    return value.strip() or None


def _paths(name: str, value: str) -> tuple[str, ...] | None:
    paths = tuple(part for part in value.split(os.pathsep) if part.strip())
    return paths or None


def _port(name: str, value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a port number from 0 to 65535, not {value!r}") from None
    if not 0 <= port <= 65535:
        raise ConfigError(f"{name} must be a port number from 0 to 65535, not {value!r}")
    return port


def address_url(host: str, port: int) -> str:
    """The http:// address of a host and port (an IPv6 address in brackets).

    >>> address_url("127.0.0.1", 8000), address_url("::1", 8000)
    ('http://127.0.0.1:8000/', 'http://[::1]:8000/')
    """
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _base_url(name: str, value: str) -> str:
    value = value.strip()
    scheme, _, rest = value.partition("://")
    if scheme not in ("http", "https") or not rest.strip("/"):
        raise ConfigError(f"{name} must be an http:// or https:// address such as https://search.example.org/, "
                          f"not {value!r}")
    return value.rstrip("/") + "/"


def _count(what: str, maximum: int | None = 256) -> Callable[[str, str], int]:
    def parse(name: str, value: str) -> int:
        try:
            count = int(value)
        except ValueError:
            count = 0
        if count < 1 or (maximum is not None and count > maximum):
            bounds = f"from 1 to {maximum}" if maximum is not None else "of at least 1"
            raise ConfigError(f"{name} must be a whole number of {what} {bounds}, not {value!r}")
        return count
    return parse


def _origins(name: str, value: str) -> tuple[str, ...]:
    """Web origins (scheme://host[:port]) separated by commas, or * for any."""
    origins = tuple(part.strip().rstrip("/") for part in value.split(",") if part.strip())
    for origin in origins:
        if origin != "*" and not re.fullmatch(r"https?://[^/\s?#]+", origin):
            raise ConfigError(f"{name} must list origins such as https://example.org, separated by commas, "
                              f"or be *; {origin!r} is not one")
    return origins


# Searching is work for a processor: one worker process per core (up to 8) keeps every core busy.
DEFAULT_WORKERS = max(1, min(os.cpu_count() or 1, 8))


SETTINGS = (
    Setting("CONDSEARCH_INDEX_DIR", "INDEX_DIR", None, _text,
            "Folder of the search index. Default: the per-user data folder (see `condsearch index --help`)."),
    Setting("CONDSEARCH_CORPUS", "CORPUS_PATHS", None, _paths,
            f"Corpus files or folders to index, separated by {os.pathsep!r}. Default: the bundled 108 pages."),
    Setting("CONDSEARCH_OBO_ROOT", "OBO_ROOT", None, _text,
            "With an OBO corpus: keep only this term and its descendants (as `condsearch index --obo-root`)."),
    Setting("CONDSEARCH_HOST", "HOST", "127.0.0.1", _text,
            "Address `condsearch serve` listens on; 0.0.0.0 for every interface."),
    Setting("CONDSEARCH_PORT", "PORT", 8000, _port, "Port `condsearch serve` listens on; 0 picks a free one."),
    Setting("CONDSEARCH_BASE_URL", "BASE_URL", None, _base_url,
            "Public address of the site, for the links it gives out of itself (/opensearch.xml), e.g. "
            "https://search.example.org/. Default: the address `condsearch serve` listens on."),
    Setting("CONDSEARCH_WORKERS", "WORKERS", DEFAULT_WORKERS, _count("worker processes"),
            "Worker processes of `condsearch serve`; each searches on a core of its own. "
            "Default: the number of cores, at most 8."),
    Setting("CONDSEARCH_THREADS", "THREADS", 4, _count("threads"),
            "Threads of each worker process; one request takes one thread while it runs."),
    Setting("CONDSEARCH_CORS_ORIGINS", "CORS_ORIGINS", (), _origins,
            "Web sites whose pages may call the JSON API from a browser (CORS): origins such as "
            "https://example.org separated by commas, or * for any. Default: none."),
    Setting("CONDSEARCH_QUERY_LOG", "QUERY_LOG", None, _text,
            "File of the query log (SQLite), or `off`. Default: query-log.sqlite3 in the per-user data folder."),
    Setting("CONDSEARCH_QUERY_LOG_DAYS", "QUERY_LOG_DAYS", DEFAULT_RETENTION_DAYS, _count("days", maximum=None),
            "Days the query log keeps its rows."),
    Setting("CONDSEARCH_QUERY_LOG_MAX_ROWS", "QUERY_LOG_MAX_ROWS", DEFAULT_MAX_ROWS, _count("rows", maximum=None),
            "Most searches the query log keeps; the oldest go first."),
    Setting("CONDSEARCH_ADMIN_TOKEN", "ADMIN_TOKEN", None, _text,
            "Token that opens /admin/report, the editors' report; unset: there is no such page."),
)

ENVIRONMENT = {setting.env: setting for setting in SETTINGS}


def from_environment(environ: Mapping[str, str] | None = None) -> dict:
    """The config keys set by environment variables (unset or empty ones keep their defaults).

    >>> from_environment({"CONDSEARCH_PORT": "9000"})["PORT"]
    9000
    """
    environ = os.environ if environ is None else environ
    values = {setting.key: setting.default for setting in SETTINGS}
    for setting in SETTINGS:
        raw = environ.get(setting.env)
        if raw is not None and raw.strip():
            parsed = setting.parse(setting.env, raw)
            if parsed is not None:
                values[setting.key] = parsed
    return values

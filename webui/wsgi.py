"""Between the HTTP server and the WSGI app (PEP 3333): the environ of a request, and the app's answer whole."""
from __future__ import annotations

import io
import logging
import sys
from urllib.parse import unquote_to_bytes

import h11

log = logging.getLogger(__name__)


def environ_for(request: h11.Request, body: bytes, client: str, *, server: tuple[str, str]) -> dict:
    """The WSGI environ (PEP 3333) of a request read whole; `server` is the listening (host, port)."""
    target = request.target.decode("latin-1")
    if target.startswith(("http://", "https://")):  # the absolute form a proxy may send
        target = "/" + target.split("://", 1)[1].partition("/")[2]
    path, _, query = target.partition("?")
    environ = {
        "REQUEST_METHOD": request.method.decode("ascii"), "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"), "QUERY_STRING": query,
        "RAW_URI": target, "SERVER_NAME": server[0], "SERVER_PORT": server[1],
        "SERVER_PROTOCOL": "HTTP/" + request.http_version.decode("ascii"), "REMOTE_ADDR": client,
        "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True,
        "wsgi.run_once": False, "wsgi.input_terminated": True,
    }
    for raw_name, raw_value in request.headers.raw_items():
        if b"_" in raw_name:
            continue  # HTTP_X_USER could come from "X-User" or "X_User": only the first is a header
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + name
        value = raw_value.decode("latin-1")
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


def call_app(app, environ: dict) -> tuple[int, list, bytes] | None:
    """Runs the WSGI app (in a thread of the server's pool): (status code, headers, the whole body); None if it failed."""
    started: list = []
    chunks: list[bytes] = []

    def start_response(status: str, headers, exc_info=None):
        started[:] = [status, list(headers)]
        return chunks.append

    try:
        result = app(environ, start_response)
        try:
            chunks.extend(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return int(started[0][:3]), started[1], b"".join(chunks)
    except Exception:
        log.exception("the app failed on %s", environ.get("PATH_INFO"))
        return None

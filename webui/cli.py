"""`condsearch serve`: build the index if there is none, then serve the web UI.

The server is `webui.http_server` (an asyncio loop holding the connections, with deadlines for slow and
idle clients, and a pool of threads running the app), forked by `webui.workers` into `--workers` processes
on one socket, so that searches use every core; each opens the index itself.
"""
from __future__ import annotations

import calendar
import socket
import sys
import time
from pathlib import Path

import click

from .config import ENVIRONMENT, ConfigError, from_environment

# What the indexer records as the source of an index built from the bundled pages.
BUNDLED_SOURCE = "bundled corpus"
# Largest request body the server accepts. Every route is GET and reads no body, so a larger one is
# refused with a 413 before it is read, never costing a worker memory or time.
MAX_REQUEST_BODY_BYTES = 4 * 1024
_ENV_HELP = "\n".join(f"  {name}: {setting.help}" for name, setting in ENVIRONMENT.items())


def prepare_index(index_dir: str | Path | None, *, corpus_paths, obo_root: str | None) -> tuple[Path, str]:
    """Makes sure there is an index to serve; returns its folder and a line saying what was done.

    With a corpus given, the index is brought up to date with it. Without one, an index built from other
    files is served as it is (rebuilding it from the bundled corpus would throw the visitor's pages away);
    otherwise the bundled corpus is indexed, when there is no index yet or the bundled pages changed.
    When the build fails (a read-only or full disk), an index already there that can be read is served.
    An index built from other files that is damaged is not served: ClickException asking for --corpus.
    """
    from indexer import IndexBuildError, current_generation, default_index_dir, ensure_index, read_meta
    from indexer.store import check_generation

    index_dir = Path(index_dir) if index_dir else default_index_dir()
    if not corpus_paths:
        generation = current_generation(index_dir)
        try:
            meta = read_meta(generation) if generation else {}
        except (OSError, ValueError):
            meta = {}  # what it was built from is unknown: checked below, and refused, as damaged
        sources = meta.get("sources") or []
        if generation and sources != [BUNDLED_SOURCE]:
            try:
                check_generation(generation)
            except (OSError, ValueError) as error:
                again = (f"to index {', '.join(sources)} again" if sources else
                         "to index your pages again, or run `condsearch index --force` for the bundled ones")
                raise click.ClickException(f"Index {index_dir}: {generation.name} is damaged ({error}); "
                                           f"give --corpus {again}") from None
            stale = changed_since_build(sources, meta.get("built_at", ""))
            advice = (f"; {stale} changed since it was indexed: give --corpus to index it again" if stale
                      else " (its files are unchanged since it was built)")
            return index_dir, (f"Index {index_dir}: {meta.get('page_count', '?')} pages from "
                               f"{', '.join(sources) or 'unknown files'}, served as it is{advice}")
    try:
        report = ensure_index(index_dir, corpus_paths=list(corpus_paths or ()) or None, obo_root=obo_root,
                              progress=sys.stderr.isatty())
    except IndexBuildError as error:
        # A failed build leaves the index that was there untouched: if it can be read, serving it (and
        # saying why it is not up to date) beats serving nothing.
        page_count = _servable_page_count(index_dir)
        if page_count is None:
            raise click.ClickException(str(error)) from None
        return index_dir, (f"warning: {error}\nIndex {index_dir}: {page_count} pages from the previous build, "
                           "served as it is")
    state = f"built ({report.reason})" if report.rebuilt else "up to date"
    return Path(report.index_dir), f"Index {report.index_dir}: {report.page_count} pages, {state}"


def changed_since_build(sources: list[str], built_at: str) -> str | None:
    """The first of the corpus files or folders an index was built from that is gone or was changed after
    `built_at` (UTC, as meta.json writes it), else None. Only times are compared, never contents: reading a
    large ontology again to tell would cost as long as indexing it."""
    try:
        built = calendar.timegm(time.strptime(built_at, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return sources[0] if sources else None  # when it was built is unknown: it may be out of date
    for source in sources:
        path = Path(source)
        files = [path, *path.rglob("*")] if path.is_dir() else [path]
        try:
            if any(file.stat().st_mtime >= built + 1 for file in files):
                return source
        except OSError:  # gone, or unreadable
            return source
    return None


def _servable_page_count(index_dir: Path) -> int | None:
    """The page count of the index in `index_dir` when a searcher can open it (whole, of our analysis
    version), else None."""
    from search import SearchError, Searcher

    try:
        return Searcher(index_dir).info().page_count
    except SearchError:
        return None


@click.command("serve", epilog="\b\nEnvironment variables (the options win over them):\n" + _ENV_HELP)
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Index folder; built first when there is none. "
                   "[default: $CONDSEARCH_INDEX_DIR, else the per-user data folder]")
@click.option("--corpus", "corpus_paths", multiple=True, type=click.Path(),
              help="A page file or folder to index (as for `condsearch index`); repeatable. "
                   "[default: $CONDSEARCH_CORPUS, else the bundled corpus]")
@click.option("--obo-root", default=None, help="Keep only this ontology term and its descendants. "
                                               "[default: $CONDSEARCH_OBO_ROOT]")
@click.option("--host", default=None, help="Address to listen on. [default: $CONDSEARCH_HOST, else 127.0.0.1]")
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port to listen on; 0 picks a free one. [default: $CONDSEARCH_PORT, else 8000]")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Worker processes, each searching on a core of its own. "
                   "[default: $CONDSEARCH_WORKERS, else the number of cores, at most 8]")
@click.option("--threads", type=click.IntRange(1, 256), default=None,
              help="Threads of each worker process. [default: $CONDSEARCH_THREADS, else 4]")
def serve_command(index_dir: Path | None, corpus_paths: tuple[str, ...], obo_root: str | None, host: str | None,
                  port: int | None, workers: int | None, threads: int | None) -> None:
    """Serve the search site and its JSON API with a production HTTP server, in worker processes."""
    try:
        settings = from_environment()
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    index_dir = index_dir or settings["INDEX_DIR"]
    corpus_paths = corpus_paths or settings["CORPUS_PATHS"]
    obo_root = obo_root or settings["OBO_ROOT"]
    host = host or settings["HOST"]
    port = settings["PORT"] if port is None else port
    workers = workers or settings["WORKERS"]
    threads = threads or settings["THREADS"]

    index_dir, summary = prepare_index(index_dir, corpus_paths=corpus_paths, obo_root=obo_root)
    click.echo(summary, err=True)

    from . import engine, workers as worker_processes
    from .app import SECURITY_HEADERS, create_app

    try:
        sock = worker_processes.listen(host, port)
    except OSError as error:
        hint = "check --host" if isinstance(error, socket.gaierror) else \
            "is another server using that port? try --port"
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error} ({hint})") from None
    # Links the site gives out of itself (/opensearch.xml) use the configured base URL, else the address
    # it listens on; never the Host header a client sent.
    app = create_app({"INDEX_DIR": str(index_dir),
                      "BASE_URL": settings["BASE_URL"] or worker_processes.url_of(sock)})

    def say_serving() -> None:
        # On stdout and flushed, once the workers have opened the index: scripts and tests read the address
        # from this line (useful with --port 0), and may send requests at once.
        click.echo(f"Serving on {worker_processes.url_of(sock)}")
        sys.stdout.flush()
        click.echo(f"{workers} worker process{'es' if workers > 1 else ''} of {threads} threads. "
                   "Press Ctrl+C to stop.", err=True)

    worker_processes.serve(app, sock, workers=workers, threads=threads, prepare=lambda: engine.open_now(app),
                           ready=say_serving, ident="condsearch", max_body_bytes=MAX_REQUEST_BODY_BYTES,
                           error_headers=SECURITY_HEADERS)

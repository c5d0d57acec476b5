"""The query log: what was searched and what was found, with nothing that identifies who searched.

Each search or suggestion served becomes one row: the query as analysed (folded: "Leucémie" is stored as
"leucemie"), the result count, the top page and its tier and score, the correction offered, the interface
language, the latency, and the hour (every time is rounded down to the hour, so rows cannot be lined up with
a server's access log). Never an IP address, a cookie, a user agent or a referrer: this module is never
given them. A click on a result (sent by the page's script) is a row of its own: the search's log id and
the rank, nothing else.

Writing never holds a request up: `record` appends to a buffer of this process; a background thread writes
the buffer every FLUSH_SECONDS, or as soon as it holds FLUSH_ENTRIES, in one transaction. SQLite in WAL
mode lets several worker processes append to one file; each process opens its own connection, in the
process itself (a connection must never cross a fork: `_forget_inherited_writers`). A kill in the middle of
a write loses that transaction and the buffer, never the file: SQLite rolls an unfinished transaction back.

A log that cannot be written (locked too long, disk full, read-only) keeps its rows for the next try, up
to MAX_BUFFERED_ENTRIES, and counts the failure (`status()`, shown in /healthz); a file that is not a
database any more is renamed aside (`*.corrupt-<time>`) and a new one started. Nothing here raises into a
search. Rows older than the retention or beyond the row cap are pruned every PRUNE_SECONDS.

Flask-free, so the command line can log too (`condsearch search --log`). One module of about 400 lines
because the entry, the file's schema and the writer change together: a new column is all three.
"""
from __future__ import annotations

import atexit
import enum
import os
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# -- settings and caps -------------------------------------------------------------------------------------
# The value of CONDSEARCH_QUERY_LOG that turns the log off.
OFF = "off"
FILE_NAME = "query-log.sqlite3"
# A worker writes its buffer at least this often: an editor's report is never more than a second behind,
# and a killed worker loses at most a second of rows.
FLUSH_SECONDS = 1.0
# ... or as soon as it holds this many rows: one transaction per 200 rows keeps a busy worker's writes rare
# (a commit costs about as much as a search) and its buffer small.
FLUSH_ENTRIES = 200
# Rows kept in memory while the file cannot be written: about 2 MB. Beyond it the oldest are dropped (and
# counted): a log that stays broken must not grow a worker's memory.
MAX_BUFFERED_ENTRIES = 10_000
# How long a write waits for another process's write to end. Writes are short (a batch of rows), so a
# longer wait means something holds the file (a backup, an editor's open transaction): count a failure.
LOCK_WAIT_SECONDS = 2.0
# Retention and row cap by default: three months show the trends of a season; a million rows are ~100 MB.
DEFAULT_RETENTION_DAYS = 90
DEFAULT_MAX_ROWS = 1_000_000
# How often a writer prunes rows beyond the retention or the cap (and once when it opens the file).
PRUNE_SECONDS = 600.0
HOUR_SECONDS = 3600
# A log id is a random positive 63-bit integer (SQLite's integer): unguessable, and unique across the
# logs of several hosts that a report merges.
ID_BITS = 62
# SQLite's primary result codes for a file that is damaged or not a database at all.
_CORRUPT_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)

SCHEMA = """
CREATE TABLE IF NOT EXISTS searches (
    id INTEGER PRIMARY KEY,   -- the log id a click refers to
    hour INTEGER NOT NULL,    -- Unix time, rounded down to the hour
    kind TEXT NOT NULL,       -- EntryKind
    interface TEXT NOT NULL,  -- Interface
    query TEXT NOT NULL,      -- the query as analysed (folded)
    results INTEGER NOT NULL, -- pages found
    top_page TEXT,            -- id of the first page, if any
    top_tier TEXT,            -- its match tier (exact ... text), for a search
    top_score REAL,           -- its score in [0, 1], for a search
    corrected_to TEXT,        -- the corrected query (folded), when the engine corrected it
    language TEXT,            -- the interface language
    latency_ms REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS searches_by_hour ON searches (hour);
CREATE TABLE IF NOT EXISTS clicks (
    search_id INTEGER NOT NULL,
    rank INTEGER NOT NULL,    -- 1 for the first result
    hour INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS clicks_by_search ON clicks (search_id);
CREATE INDEX IF NOT EXISTS clicks_by_hour ON clicks (hour);
"""
SEARCH_COLUMNS = ("id", "hour", "kind", "interface", "query", "results", "top_page", "top_tier", "top_score",
                  "corrected_to", "language", "latency_ms")


class EntryKind(enum.StrEnum):
    SEARCH = "search"
    SUGGEST = "suggest"


class Interface(enum.StrEnum):
    WEB = "web"
    API = "api"
    CLI = "cli"


@dataclass(frozen=True)
class Entry:
    """One search or suggestion served. `query` and `corrected_to` are as typed: they are folded when
    written, in the background thread, so the request does not pay for it."""
    id: int
    hour: int
    kind: EntryKind
    interface: Interface
    query: str
    results: int
    top_page: str | None = None
    top_tier: str | None = None
    top_score: float | None = None
    corrected_to: str | None = None
    language: str | None = None
    latency_ms: float = 0.0

    def row(self) -> tuple:
        return (self.id, self.hour, str(self.kind), str(self.interface), folded(self.query), self.results,
                self.top_page, self.top_tier, self.top_score,
                folded(self.corrected_to) if self.corrected_to else None, self.language, self.latency_ms)


@dataclass(frozen=True)
class Click:
    """A result opened: which search (its log id) and the result's rank, nothing else."""
    search_id: int
    rank: int
    hour: int


def folded(text: str) -> str:
    """The query's words folded as the analysis chain folds them (case, accents, ligatures), without
    punctuation: "Leucémie aiguë" -> "leucemie aigue", "Non-Hodgkin" -> "non hodgkin". Spellings stay as
    typed ("tumours"): the editors see what visitors wrote. Only this first step of the chain, because the
    whole chain (respelling, stemming) costs fifty times more and the log must cost a search almost nothing.
    """
    from indexer.analysis import WORD_PATTERN, fold_accents
    from search.limits import MAX_QUERY_CHARS

    return " ".join(WORD_PATTERN.findall(fold_accents(text[:MAX_QUERY_CHARS])))


def this_hour(now: float | None = None) -> int:
    now = time.time() if now is None else now
    return int(now) // HOUR_SECONDS * HOUR_SECONDS


def new_id() -> int:
    return secrets.randbits(ID_BITS) + 1


def search_entry(query: str, response, *, interface: Interface, language: str | None,
                 latency_ms: float) -> Entry:
    """The entry of a search answered with `response` (a search.SearchResponse)."""
    top = response.hits[0] if response.hits else None
    return Entry(new_id(), this_hour(), EntryKind.SEARCH, interface, query, response.total,
                 top.id if top else None, top.match.label if top else None, top.score if top else None,
                 response.suggestion, language, round(latency_ms, 2))


def suggest_entry(prefix: str, suggestions: list, *, interface: Interface, language: str | None,
                  latency_ms: float) -> Entry:
    """The entry of a completion request answered with `suggestions` (ids first to last)."""
    return Entry(new_id(), this_hour(), EntryKind.SUGGEST, interface, prefix, len(suggestions),
                 suggestions[0] if suggestions else None, language=language, latency_ms=round(latency_ms, 2))


def location(setting: str | None) -> Path | None:
    """Where the log is for a CONDSEARCH_QUERY_LOG value: None (unset) is the per-user data folder,
    "off" is no log (None), anything else a file path."""
    if setting is not None and setting.strip().lower() == OFF:
        return None
    if setting and setting.strip():
        return Path(setting.strip()).expanduser()
    from platformdirs import user_data_path

    return user_data_path("condsearch") / FILE_NAME


def writer_from_settings(settings) -> "QueryLog | None":
    """The writer of the log the settings name (keys of webui.config: QUERY_LOG, QUERY_LOG_DAYS,
    QUERY_LOG_MAX_ROWS), or None when the log is off."""
    path = location(settings.get("QUERY_LOG"))
    if path is None:
        return None
    return writer_for(path, retention_days=settings.get("QUERY_LOG_DAYS", DEFAULT_RETENTION_DAYS),
                      max_rows=settings.get("QUERY_LOG_MAX_ROWS", DEFAULT_MAX_ROWS))


def connect(path: Path, *, timeout: float = LOCK_WAIT_SECONDS) -> sqlite3.Connection:
    """A connection to the log at `path`, created with its schema if new, in WAL mode. Raises
    sqlite3.DatabaseError (a corrupt file) or OSError/sqlite3.OperationalError (cannot be opened)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL is safe against a killed process (not a power cut): a commit costs no fsync.
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(SCHEMA)
    except BaseException:
        connection.close()
        raise
    return connection


def is_corrupt(error: BaseException) -> bool:
    return isinstance(error, sqlite3.DatabaseError) and \
        (getattr(error, "sqlite_errorcode", 0) & 0xFF) in _CORRUPT_CODES


def set_aside(path: Path) -> Path:
    """Renames a corrupt log (and its WAL) to `<name>.corrupt-<UTC time>`, so a new one can start and the
    old one can still be examined. Returns the new name."""
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{os.getpid()}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + suffix))
    return aside


class QueryLog:
    """The buffered writer of one log file in this process (`writer_for` gives the one per path)."""

    def __init__(self, path: Path, *, retention_days: int = DEFAULT_RETENTION_DAYS,
                 max_rows: int = DEFAULT_MAX_ROWS):
        self.path = Path(path)
        self.retention_days = retention_days
        self.max_rows = max_rows
        self._start_in_this_process()

    def _start_in_this_process(self) -> None:
        """Fresh state: after a fork, the parent's buffer, locks, thread and connection are not this
        process's (the connection is kept referenced, never closed here: closing it could release the
        parent's file locks)."""
        inherited = getattr(self, "_connection", None)
        self._inherited = [*getattr(self, "_inherited", []), inherited] if inherited else []
        self._pid = os.getpid()
        self._buffer: list = []
        self._in_flight = 0  # rows taken from the buffer by a write not yet finished: still pending
        self._lock = threading.Lock()  # guards the buffer; held for an append only
        self._write_lock = threading.Lock()  # one write at a time (the thread, or `flush`)
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._connection: sqlite3.Connection | None = None
        self._inode: int | None = None
        self._last_prune = 0.0
        self.counts = {"written": 0, "failures": 0, "dropped": 0, "set_aside": 0}
        self.last_error: str | None = None

    # ---- the request path: append, nothing else -------------------------------------------------------

    def record(self, item: Entry | Click) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="query-log", daemon=True)
                self._thread.start()
            self._buffer.append(item)
            if len(self._buffer) > MAX_BUFFERED_ENTRIES:
                del self._buffer[0]
                self.counts["dropped"] += 1
            full = len(self._buffer) >= FLUSH_ENTRIES
        if full:
            self._wake.set()

    def record_cli_search(self, query: str, response, *, latency_ms: float) -> None:
        """Logs a search of `condsearch search --log` (no interface language: a terminal has none)."""
        self.record(search_entry(query, response, interface=Interface.CLI, language=None, latency_ms=latency_ms))

    def status(self) -> dict:
        """What /healthz shows: rows written, failed writes, rows dropped and files set aside by this
        process, and the last error (never the file's path: the server's folders are nobody's business)."""
        with self._lock:
            pending = len(self._buffer) + self._in_flight
        return {"enabled": True, **self.counts, "pending": pending, "last_error": self.last_error}

    # ---- the background thread ----------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            self._wake.wait(FLUSH_SECONDS)
            self._wake.clear()
            self.flush()

    def flush(self) -> None:
        """Writes the buffer now, in one transaction. Never raises: a failure is counted, and the rows
        wait in the buffer for the next try."""
        with self._write_lock:
            with self._lock:
                batch, self._buffer = self._buffer, []
                self._in_flight = len(batch)
            if not batch:
                return
            try:
                self._write(batch)
            except Exception as error:  # whatever happens, the search goes on; the count says it failed
                self.counts["failures"] += 1
                # An OSError's text names the file; /healthz says what failed, not where the log lives.
                reason = error.strerror if isinstance(error, OSError) and error.strerror else error
                self.last_error = f"{type(error).__name__}: {reason}"
                if is_corrupt(error):
                    self._replace_corrupt_file()
                with self._lock:
                    self._buffer[:0] = batch
                    self._in_flight = 0
                    excess = len(self._buffer) - MAX_BUFFERED_ENTRIES
                    if excess > 0:
                        del self._buffer[:excess]
                        self.counts["dropped"] += excess
                return
            with self._lock:
                self._in_flight = 0
            self.counts["written"] += len(batch)

    def _write(self, batch: list) -> None:
        connection = self._open()
        searches = [item.row() for item in batch if isinstance(item, Entry)]
        clicks = [(item.search_id, item.rank, item.hour) for item in batch if isinstance(item, Click)]
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany(f"INSERT OR IGNORE INTO searches ({', '.join(SEARCH_COLUMNS)}) "
                                   f"VALUES ({', '.join('?' * len(SEARCH_COLUMNS))})", searches)
            connection.executemany("INSERT INTO clicks (search_id, rank, hour) VALUES (?, ?, ?)", clicks)
            if time.monotonic() - self._last_prune > PRUNE_SECONDS:
                prune(connection, retention_days=self.retention_days, max_rows=self.max_rows)
                self._last_prune = time.monotonic()
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            # The file's identity before it is read: if reading shows it corrupt, only that file is set aside
            # (another worker may have set it aside and started a new one meanwhile).
            self._inode = os.stat(self.path).st_ino if self.path.exists() else None
            self._connection = connect(self.path)
            self._inode = os.stat(self.path).st_ino
            self._last_prune = 0.0
        return self._connection

    def _replace_corrupt_file(self) -> None:
        """Sets the corrupt file aside, unless another worker already did (the path then names a new
        file), and forgets the connection: the next write starts a new file."""
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()
        try:
            if self._inode is not None and os.stat(self.path).st_ino == self._inode:
                set_aside(self.path)
                self.counts["set_aside"] += 1
        except OSError as error:
            self.last_error = f"cannot set the corrupt log aside: {error.strerror}"
        self._inode = None


def prune(connection: sqlite3.Connection, *, retention_days: int, max_rows: int) -> None:
    """Deletes rows older than `retention_days`, then the oldest searches beyond `max_rows`, and clicks
    of searches no longer there."""
    cutoff = this_hour() - retention_days * 24 * HOUR_SECONDS
    connection.execute("DELETE FROM searches WHERE hour < ?", (cutoff,))
    connection.execute("DELETE FROM clicks WHERE hour < ?", (cutoff,))
    # A click on no search logged (a beacon of a search pruned since, or a made-up id) is kept an hour at most.
    connection.execute("DELETE FROM clicks WHERE hour < ? AND search_id NOT IN (SELECT id FROM searches)",
                       (this_hour() - HOUR_SECONDS,))
    excess = connection.execute("SELECT count(*) FROM searches").fetchone()[0] - max_rows
    if excess > 0:
        connection.execute("DELETE FROM searches WHERE id IN (SELECT id FROM searches ORDER BY hour LIMIT ?)",
                           (excess,))
        connection.execute("DELETE FROM clicks WHERE search_id NOT IN (SELECT id FROM searches)")


# ---- one writer per file and process -----------------------------------------------------------------

_writers: dict[Path, QueryLog] = {}
_writers_lock = threading.Lock()


def writer_for(path: Path, *, retention_days: int = DEFAULT_RETENTION_DAYS,
               max_rows: int = DEFAULT_MAX_ROWS) -> QueryLog:
    """This process's writer of the log at `path`: apps and commands logging to one file share it (one
    connection, one thread)."""
    key = Path(path).absolute()
    with _writers_lock:
        writer = _writers.get(key)
        if writer is None:
            writer = _writers[key] = QueryLog(key, retention_days=retention_days, max_rows=max_rows)
        writer.retention_days, writer.max_rows = retention_days, max_rows
        return writer


def _forget_inherited_writers() -> None:
    """In a child just forked: each writer starts again, with nothing of the parent's (`condsearch serve`
    forks its workers after creating the app)."""
    global _writers_lock
    _writers_lock = threading.Lock()
    for writer in _writers.values():
        writer._start_in_this_process()


def flush_all() -> None:
    """Writes every buffer of this process now: at exit, and for a server stopping its worker."""
    for writer in list(_writers.values()):
        if writer._pid == os.getpid():
            writer.flush()


os.register_at_fork(after_in_child=_forget_inherited_writers)
atexit.register(flush_all)  # a command that logged writes its last rows before it exits

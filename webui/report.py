"""The editors' report over one or more query logs: what visitors looked for and did not find.

`build_report` reads the logs (several hosts' logs merge: log ids are random, a row given twice counts
once), keeps the rows of the period asked, and returns plain data: searches and suggestions per day with
the no-result rate, the queries with no result, those answered only by a weak match, the most frequent
corrections, and the queries whose top result is rarely opened (where clicks are known). A query is listed
only when it was typed at least `min_count` times, so that one person's rare words are never shown.

For each query with no result it proposes a fix, found with the public Searcher API: the page the search
finds when one word of the query is left out (the word that kept every page below the confidence floor),
else the first completion of the query; and the name line to add to that page. The editor decides; the
report never edits the corpus.
"""
from __future__ import annotations

import json
import re
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

from .querylog import SEARCH_COLUMNS, SCHEMA, HOUR_SECONDS, EntryKind

# A query is shown only when typed at least this many times (the K): never one person's words.
DEFAULT_MIN_COUNT = 3
# Rows per list: a screenful, the most frequent first.
DEFAULT_TOP = 20
# A top result scored under this matched less than half of what was typed (see search.pipeline.score_of).
WEAK_SCORE = 0.5
# Tiers that match no name of the page as typed or spelled another way: only a sound or the page's text.
WEAK_TIERS = ("phonetic", "text")
# A top result opened in fewer than this share of the searches where a result was opened is "rarely opened".
RARELY_OPENED_SHARE = 0.5
DAY_SECONDS = 24 * HOUR_SECONDS
_PERIOD = re.compile(r"^\s*(\d+)\s*([hdw])\s*$")
_PERIOD_UNITS = {"h": HOUR_SECONDS, "d": DAY_SECONDS, "w": 7 * DAY_SECONDS}


class ReportError(ValueError):
    """A log that cannot be read or an option that cannot be used; the message names it."""


def period_seconds(text: str) -> int:
    """ "7d" -> seconds in 7 days; hours (h), days (d) and weeks (w).

    >>> period_seconds("7d"), period_seconds("12h"), period_seconds("2w")
    (604800, 43200, 1209600)
    """
    match = _PERIOD.match(text or "")
    if not match or int(match.group(1)) < 1:
        raise ReportError(f"--since must be a number of hours, days or weeks such as 24h, 7d or 2w, not {text!r}")
    return int(match.group(1)) * _PERIOD_UNITS[match.group(2)]


def merged_rows(paths: list[Path], *, since_hour: int, warn=lambda message: None) -> sqlite3.Connection:
    """An in-memory database holding the rows of every log in `paths` from `since_hour` on. A log that
    cannot be read is reported through `warn` and left out; the others are read."""
    merged = sqlite3.connect(":memory:")
    merged.executescript(SCHEMA)
    columns = ", ".join(SEARCH_COLUMNS)
    for path in paths:
        if not Path(path).is_file():
            warn(f"{path}: no query log there (is CONDSEARCH_QUERY_LOG set to another file?)")
            continue
        try:
            # Through a URI so that a path is never read as SQL, and opened read-only: a report never writes.
            merged.execute("ATTACH DATABASE ? AS log", (Path(path).absolute().as_uri() + "?mode=ro",))
        except sqlite3.Error as error:
            warn(f"{path}: cannot be opened ({error})")
            continue
        try:
            merged.execute(f"INSERT OR IGNORE INTO main.searches ({columns}) SELECT {columns} FROM log.searches "
                           "WHERE hour >= ?", (since_hour,))
            merged.execute("INSERT INTO main.clicks SELECT search_id, rank, hour FROM log.clicks WHERE hour >= ?",
                           (since_hour,))
            merged.commit()
        except sqlite3.Error as error:
            merged.rollback()
            warn(f"{path}: is not a query log that can be read ({error}); left out")
        finally:
            merged.execute("DETACH DATABASE log")
    return merged


def build_report(paths: list[Path], *, since_seconds: int = 7 * DAY_SECONDS, min_count: int = DEFAULT_MIN_COUNT,
                 top: int = DEFAULT_TOP, searcher=None, now: float | None = None, warn=lambda message: None) -> dict:
    """The report over `paths` for the last `since_seconds`, as plain data (see the module's docstring).
    With a `searcher`, each query with no result carries a proposed fix."""
    if min_count < 1:
        raise ReportError(f"--min-count must be at least 1, not {min_count}")
    now = time.time() if now is None else now
    since_hour = int(now - since_seconds) // HOUR_SECONDS * HOUR_SECONDS
    db = merged_rows(paths, since_hour=since_hour, warn=warn)
    search = str(EntryKind.SEARCH)

    def rows(sql: str, *parameters) -> list[tuple]:
        return db.execute(sql, parameters).fetchall()

    days = [{"day": _day(day), "searches": searches, "suggestions": suggestions, "no_result": no_result,
             "no_result_rate": round(no_result / searches, 4) if searches else None}
            for day, searches, suggestions, no_result in rows(
                "SELECT hour / ? AS day, sum(kind = ?), sum(kind != ?), sum(kind = ? AND results = 0) "
                "FROM searches GROUP BY day ORDER BY day", DAY_SECONDS, search, search, search)]
    no_result = [{"query": query, "count": count}
                 for query, count in rows("SELECT query, count(*) AS n FROM searches WHERE kind = ? AND results = 0 "
                                          "GROUP BY query HAVING n >= ? ORDER BY n DESC, query LIMIT ?",
                                          search, min_count, top)]
    if searcher is not None:
        for item in no_result:
            item["fix"] = proposed_fix(searcher, item["query"])
    weak = [{"query": query, "count": count, "top_page": page, "tier": tier, "score": round(score, 2)}
            for query, count, page, tier, score in rows(
                f"SELECT query, count(*) AS n, top_page, top_tier, avg(top_score) FROM searches "
                f"WHERE kind = ? AND results > 0 AND (top_tier IN ({', '.join('?' * len(WEAK_TIERS))}) "
                f"OR top_score < ?) GROUP BY query, top_page HAVING n >= ? ORDER BY n DESC, query LIMIT ?",
                search, *WEAK_TIERS, WEAK_SCORE, min_count, top)]
    corrections = [{"query": query, "corrected_to": corrected, "count": count}
                   for query, corrected, count in rows(
                       "SELECT query, corrected_to, count(*) AS n FROM searches WHERE kind = ? AND corrected_to "
                       "IS NOT NULL AND corrected_to != query GROUP BY query, corrected_to HAVING n >= ? "
                       "ORDER BY n DESC, query LIMIT ?", search, min_count, top)]
    # Clicks are known only where the page's script ran: a search counts here when one of its results was
    # opened, and the question is how often that was the first.
    rarely_opened = [{"query": query, "top_page": page, "searches_with_clicks": opened,
                      "top_opened": first, "top_open_rate": round(first / opened, 4)}
                     for query, page, opened, first in rows(
                         "SELECT s.query, s.top_page, count(*) AS n, sum(c.first) FROM searches s JOIN "
                         "(SELECT search_id, max(rank = 1) AS first FROM clicks GROUP BY search_id) c "
                         "ON c.search_id = s.id WHERE s.kind = ? AND s.results > 0 GROUP BY s.query, s.top_page "
                         "HAVING n >= ? AND sum(c.first) < n * ? ORDER BY 1.0 * sum(c.first) / n, n DESC LIMIT ?",
                         search, min_count, RARELY_OPENED_SHARE, top)]
    searches, suggestions, no_result_total = rows(
        "SELECT count(*) FILTER (WHERE kind = ?), count(*) FILTER (WHERE kind != ?), "
        "count(*) FILTER (WHERE kind = ? AND results = 0) FROM searches", search, search, search)[0]
    clicks = rows("SELECT count(*) FROM clicks")[0][0]
    db.close()
    return {
        "since": _hour(since_hour), "until": _hour(int(now)), "logs": len(paths), "min_count": min_count,
        "totals": {"searches": searches, "suggestions": suggestions, "no_result_searches": no_result_total,
                   "clicks": clicks},
        "days": days, "no_result": no_result, "weak": weak, "corrections": corrections,
        "rarely_opened": rarely_opened,
    }


def proposed_fix(searcher, query: str) -> dict | None:
    """The page a relaxed search picks for a query that found nothing, and the line to add to that page.

    Relaxed, through the public API: the query with one word left out (the best-scored first result of
    all such searches), else the first completion of the query as typed. None when neither finds a page.
    """
    words = query.split()
    best = None
    for position in range(len(words) if len(words) > 1 else 0):
        shorter = " ".join(words[:position] + words[position + 1:])
        response = searcher.search(shorter, limit=1)
        if response.hits and (best is None or response.hits[0].score > best[0].score):
            best = (response.hits[0], f"found when {words[position]!r} is left out")
    if best is not None:
        page_id, how = best[0].id, best[1]
    else:
        completions = searcher.suggest(query, limit=1)
        if not completions:
            return None
        page_id, how = completions[0].id, f"the first completion of {query!r}"
    page = searcher.page(page_id)
    source = page.source.file if page is not None and page.source else None
    return {"page": page_id, "title": page.title if page else page_id, "how": how, "file": source,
            "line": name_line(query, source)}


def name_line(text: str, source_file: str | None) -> str:
    """The entry to add to a page's names, in the format of the file the page comes from: a front-matter
    list item for Markdown, a name object for JSONL (other formats: the Markdown form, for a page of your own).

    >>> name_line("womb tumor", "corpus/pages/endometrial-cancer.md")
    '- {text: "womb tumor", kind: synonym}'
    """
    if source_file and source_file.endswith(".jsonl"):
        return json.dumps({"text": text, "kind": "synonym", "lang": None}, ensure_ascii=False)
    return f"- {{text: {json.dumps(text, ensure_ascii=False)}, kind: synonym}}"


def _day(day_number: int) -> str:
    return datetime.fromtimestamp(day_number * DAY_SECONDS, timezone.utc).strftime("%Y-%m-%d")


def _hour(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp // HOUR_SECONDS * HOUR_SECONDS, timezone.utc).strftime("%Y-%m-%dT%H:00Z")

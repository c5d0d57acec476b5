"""The query log and the editors' report, in one process (the served, multi-worker cases are in
test_querylog_serve.py).

1. Every search and suggestion served (page, API, `condsearch search --log`) is a row: the folded query, the
   result count, the top page and tier, the correction, the interface language, the hour; never an IP
   address, a user agent, a referrer or a cookie. CONDSEARCH_QUERY_LOG=off writes nothing.
2. A results page carries its log id for the click beacon; /api/click records the id and the rank only.
3. A log that cannot be written never fails a search: a locked file is counted in /healthz and its rows
   are written once it is free; a corrupt file is set aside and a new one started.
4. The log is bounded: rows older than the retention, and the oldest beyond the row cap, are pruned.
5. `condsearch report` lists a query only when typed at least K times, merges several logs, proposes a
   fix for a query with no result, and never edits the corpus.
6. /admin/report exists only with CONDSEARCH_ADMIN_TOKEN set, wants the token, and is never cached nor indexed.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import cli
from webui import create_app, querylog, usage
from webui.report import build_report

# What a browser sends that identifies a visitor; none of it may reach the log.
VISITOR_HEADERS = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) SecretBrowser/99.1",
                   "Referer": "https://mail.example.org/inbox/secret-referrer",
                   "X-Forwarded-For": "203.0.113.77", "Accept-Language": "fr-BE,fr;q=0.9"}
VISITOR_TRACES = ("SecretBrowser", "secret-referrer", "203.0.113.77", "127.0.0.1", "secret-cookie")


def make_app(index_dir: Path, log: str | Path, **config):
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True, "QUERY_LOG": str(log), **config})


def flushed(app) -> querylog.QueryLog:
    writer = app.extensions[usage.EXTENSION]
    writer.flush()
    return writer


def rows(path: Path, sql: str = "SELECT * FROM searches") -> list[sqlite3.Row]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_searches_and_suggestions_are_logged_folded_with_nothing_that_identifies_the_visitor(index_dir, tmp_path):
    """1."""
    log = tmp_path / "log.sqlite3"
    app = make_app(index_dir, log)
    client = app.test_client()
    client.set_cookie("condsearch_session", "secret-cookie")
    assert client.get("/search?q=Prostrate+Cancer", headers=VISITOR_HEADERS).status_code == 200
    assert client.get("/api/search?q=Leuc%C3%A9mie", headers=VISITOR_HEADERS).status_code == 200
    assert client.get("/api/suggest?q=neurobl", headers=VISITOR_HEADERS).status_code == 200
    assert client.get("/api/search?q=zzxqv+kkwpt", headers=VISITOR_HEADERS).status_code == 200
    flushed(app)

    by_query = {row["query"]: dict(row) for row in rows(log)}
    assert set(by_query) == {"prostrate cancer", "leucemie", "neurobl", "zzxqv kkwpt"}
    typo = by_query["prostrate cancer"]
    assert (typo["kind"], typo["interface"], typo["top_page"], typo["top_tier"], typo["corrected_to"],
            typo["language"]) == ("search", "web", "prostate-cancer", "typo", "prostate cancer", "fr")
    assert typo["results"] >= 1 and 0 < typo["top_score"] <= 1 and typo["latency_ms"] > 0
    assert typo["hour"] % 3600 == 0 and abs(typo["hour"] - time.time()) < 2 * 3600
    assert (by_query["leucemie"]["interface"], by_query["leucemie"]["language"]) == ("api", None)
    assert by_query["leucemie"]["results"] >= 1
    assert (by_query["neurobl"]["kind"], by_query["neurobl"]["top_page"]) == ("suggest", "neuroblastoma")
    assert (by_query["zzxqv kkwpt"]["results"], by_query["zzxqv kkwpt"]["top_page"]) == (0, None)
    stored = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    for trace in VISITOR_TRACES:
        assert trace.encode() not in stored, f"{trace!r} reached the log"


def test_the_command_line_logs_only_with_its_flag(index_dir, tmp_path, monkeypatch):
    """1."""
    log = tmp_path / "log.sqlite3"
    monkeypatch.setenv("CONDSEARCH_QUERY_LOG", str(log))
    runner = CliRunner()
    assert runner.invoke(cli, ["search", "--index", str(index_dir), "nuroblastoma"]).exit_code == 0
    querylog.flush_all()
    assert not log.exists()
    result = runner.invoke(cli, ["search", "--index", str(index_dir), "--log", "nuroblastoma"])
    assert result.exit_code == 0, result.output
    querylog.flush_all()
    assert [(row["query"], row["interface"], row["top_page"]) for row in rows(log)] == \
        [("nuroblastoma", "cli", "neuroblastoma")]


def test_query_log_off_writes_nothing_and_gives_the_page_no_log_id(index_dir, tmp_path, monkeypatch):
    """1, 2."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True, "QUERY_LOG": "off"})
    client = app.test_client()
    page = client.get("/search?q=melanoma")
    assert page.status_code == 200 and "data-log-id" not in page.text and "clicks.js" not in page.text
    assert client.get("/healthz").get_json()["query_log"] == {"enabled": False}
    assert list(tmp_path.iterdir()) == []


def test_a_results_page_carries_its_log_id_and_a_click_records_only_the_id_and_rank(index_dir, tmp_path):
    """2."""
    log = tmp_path / "log.sqlite3"
    app = make_app(index_dir, log)
    client = app.test_client()
    page = client.get("/search?q=melanoma").text
    log_id = int(re.search(r'data-log-id="(\d+)"', page).group(1))
    assert 'data-click-url="/api/click"' in page and "clicks.js" in page
    assert client.post(f"/api/click?id={log_id}&rank=2", headers=VISITOR_HEADERS).status_code == 204
    flushed(app)
    assert [tuple(row) for row in rows(log, "SELECT search_id, rank FROM clicks")] == [(log_id, 2)]
    assert [row["query"] for row in rows(log, f"SELECT query FROM searches WHERE id = {log_id}")] == ["melanoma"]


@pytest.mark.parametrize("address, parameter", [
    ("/api/click?rank=1", "id"), ("/api/click?id=12&rank=0", "rank"), ("/api/click?id=x&rank=1", "id"),
    ("/api/click?id=12&rank=999999", "rank")])
def test_a_bad_click_is_refused_naming_the_parameter(client, address, parameter):
    """2."""
    response = client.post(address)
    assert response.status_code == 400 and response.get_json()["parameter"] == parameter


def test_a_locked_log_never_fails_a_search_and_its_rows_wait_for_the_lock(index_dir, tmp_path, monkeypatch):
    """3."""
    monkeypatch.setattr(querylog, "LOCK_WAIT_SECONDS", 0.05)
    log = tmp_path / "log.sqlite3"
    app = make_app(index_dir, log)
    client = app.test_client()
    client.get("/search?q=melanoma")
    flushed(app)  # the file exists now
    holder = sqlite3.connect(log, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert client.get("/search?q=glioma").status_code == 200
        writer = flushed(app)
        health = client.get("/healthz").get_json()["query_log"]
        assert health["failures"] >= 1 and health["pending"] == 1 and "locked" in health["last_error"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    writer.flush()
    assert sorted(row["query"] for row in rows(log)) == ["glioma", "melanoma"]


def test_a_corrupt_log_is_set_aside_and_a_new_one_started(index_dir, tmp_path):
    """3."""
    log = tmp_path / "log.sqlite3"
    log.write_bytes(b"this is not a database, it was damaged " * 200)
    app = make_app(index_dir, log)
    client = app.test_client()
    assert client.get("/search?q=melanoma").status_code == 200
    writer = flushed(app)  # finds the damage, sets the file aside
    assert client.get("/search?q=glioma").status_code == 200
    writer.flush()
    aside = [path for path in tmp_path.iterdir() if ".corrupt-" in path.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    assert sorted(row["query"] for row in rows(log)) == ["glioma", "melanoma"]
    assert client.get("/healthz").get_json()["query_log"]["set_aside"] == 1


def test_rows_beyond_the_retention_or_the_row_cap_are_pruned(tmp_path):
    """4."""
    log = tmp_path / "log.sqlite3"
    connection = querylog.connect(log)
    now = querylog.this_hour()
    old = [querylog.Entry(number + 1, now - 40 * 86400, querylog.EntryKind.SEARCH, querylog.Interface.API,
                          f"old {number}", 1) for number in range(3)]
    recent = [querylog.Entry(number + 100, now - number * 3600, querylog.EntryKind.SEARCH,
                             querylog.Interface.API, f"recent {number}", 1) for number in range(5)]
    connection.executemany(f"INSERT INTO searches VALUES ({', '.join('?' * 12)})", [e.row() for e in old + recent])
    querylog.prune(connection, retention_days=30, max_rows=3)
    kept = [query for (query,) in connection.execute("SELECT query FROM searches ORDER BY hour DESC")]
    assert kept == ["recent 0", "recent 1", "recent 2"]


def test_a_forked_worker_writes_its_own_rows_never_the_parents_buffer(tmp_path):
    """1: a connection never crosses a fork; each process writes what it served."""
    log = tmp_path / "log.sqlite3"
    writer = querylog.writer_for(log)
    writer.record(querylog.Entry(1, querylog.this_hour(), querylog.EntryKind.SEARCH, querylog.Interface.API,
                                 "parent", 1))
    child = os.fork()
    if child == 0:
        code = 1
        try:
            writer.record(querylog.Entry(2, querylog.this_hour(), querylog.EntryKind.SEARCH,
                                         querylog.Interface.API, "child", 1))
            writer.flush()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    writer.flush()
    assert sorted(row["query"] for row in rows(log)) == ["child", "parent"]


def log_of(path: Path, queries: list[tuple[str, int]], index_dir: Path) -> Path:
    """A log holding each (query, times) searched through the API of a fresh app."""
    app = make_app(index_dir, path)
    client = app.test_client()
    for query, times in queries:
        for _ in range(times):
            assert client.get("/api/search", query_string={"q": query}).status_code == 200
    flushed(app)
    return path


def test_report_lists_queries_typed_k_times_merges_logs_and_proposes_fixes(index_dir, tmp_path):
    """5."""
    first = log_of(tmp_path / "a.sqlite3", [("zzxqv kkwpt", 2), ("qwxzv", 1), ("prostrate cancer", 3),
                                            ("neuroblastomx qqvbnw zzkrt", 3)], index_dir)
    second = log_of(tmp_path / "b.sqlite3", [("zzxqv kkwpt", 1), ("qwxzv", 1)], index_dir)
    from search import Searcher

    corpus_before = {path: path.read_bytes() for path in Path(index_dir).rglob("*") if path.is_file()}
    report = build_report([first, second, first], searcher=Searcher(index_dir))  # a log given twice counts once
    no_result = {item["query"]: item for item in report["no_result"]}
    assert set(no_result) == {"zzxqv kkwpt", "neuroblastomx qqvbnw zzkrt"}
    assert no_result["zzxqv kkwpt"]["count"] == 3 and no_result["zzxqv kkwpt"]["fix"] is None
    fix = no_result["neuroblastomx qqvbnw zzkrt"]["fix"]
    assert fix["page"] == "neuroblastoma"
    assert fix["line"] == '- {text: "neuroblastomx qqvbnw zzkrt", kind: synonym}' and fix["file"].endswith(".md")
    assert report["corrections"] == [{"query": "prostrate cancer", "corrected_to": "prostate cancer", "count": 3}]
    assert report["totals"]["searches"] == 11 and report["days"][0]["no_result"] == 8
    assert {path: path.read_bytes() for path in Path(index_dir).rglob("*") if path.is_file()} == corpus_before
    report = build_report([first, second], min_count=4)
    assert report["no_result"] == [] and report["corrections"] == []


def test_report_command_refuses_a_bad_period_and_warns_of_a_missing_log(index_dir, tmp_path):
    """5."""
    runner = CliRunner()
    result = runner.invoke(cli, ["report", "--since", "a week", "--log", str(tmp_path / "x.sqlite3")])
    assert result.exit_code == 2 and "--since" in result.output
    present = log_of(tmp_path / "log.sqlite3", [("zzxqv kkwpt", 3)], index_dir)
    result = runner.invoke(cli, ["report", "--format", "json", "--index", str(index_dir), "--log", str(present),
                                 "--log", str(tmp_path / "absent.sqlite3")])
    assert result.exit_code == 0
    assert "absent.sqlite3: no query log there" in result.stderr
    assert json.loads(result.stdout)["no_result"][0]["query"] == "zzxqv kkwpt"
    html = runner.invoke(cli, ["report", "--format", "html", "--index", str(index_dir), "--log", str(present)])
    assert html.exit_code == 0 and "<svg" in html.stdout and "zzxqv kkwpt" in html.stdout


def test_admin_report_is_absent_without_a_token(index_dir, tmp_path):
    """6."""
    client = make_app(index_dir, tmp_path / "log.sqlite3").test_client()
    assert client.get("/admin/report").status_code == 404
    assert client.post("/admin/report", data={"token": ""}).status_code == 404


def test_admin_report_wants_the_token_and_is_never_cached_nor_indexed(index_dir, tmp_path):
    """6."""
    log = log_of(tmp_path / "log.sqlite3", [("zzxqv kkwpt", 3)], index_dir)
    client = make_app(index_dir, log, ADMIN_TOKEN="s3cret-token").test_client()
    answers = {
        "no token": client.get("/admin/report"),
        "wrong header": client.get("/admin/report", headers={"Authorization": "Bearer nope"}),
        "wrong form": client.post("/admin/report", data={"token": "s3cret-toke"}),
        "header": client.get("/admin/report", headers={"Authorization": "Bearer s3cret-token"}),
        "form": client.post("/admin/report", data={"token": "s3cret-token", "since": "24h"}),
    }
    assert {name: answer.status_code for name, answer in answers.items()} == {
        "no token": 401, "wrong header": 401, "wrong form": 403, "header": 200, "form": 200}
    for name, answer in answers.items():
        assert answer.headers["Cache-Control"] == "no-store", name
        assert "noindex" in answer.headers["X-Robots-Tag"], name
    assert 'name="token"' in answers["no token"].text and "zzxqv" not in answers["wrong form"].text
    assert "zzxqv kkwpt" in answers["header"].text and "<svg" in answers["form"].text

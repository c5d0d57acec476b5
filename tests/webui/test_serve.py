"""`condsearch serve` and its settings.

1. Settings come from documented environment variables; a bad value is refused naming the variable.
2. `condsearch serve` builds the index when there is none, then serves pages, API and static files with
   its HTTP server, on the port it prints, in worker processes whose crash is repaired, and stops cleanly on
   SIGTERM.
3. `create_app(config)` wins over the environment, and never runs in debug mode.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import cli
from webui import create_app
from webui.config import ENVIRONMENT, ConfigError, from_environment


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_defaults_without_environment():
    settings = from_environment({})
    assert settings == {"INDEX_DIR": None, "CORPUS_PATHS": None, "OBO_ROOT": None, "HOST": "127.0.0.1",
                        "PORT": 8000, "BASE_URL": None, "WORKERS": max(1, min(os.cpu_count() or 1, 8)), "THREADS": 4,
                        "CORS_ORIGINS": (), "QUERY_LOG": None, "QUERY_LOG_DAYS": 90, "QUERY_LOG_MAX_ROWS": 1_000_000,
                        "ADMIN_TOKEN": None}


def test_environment_sets_index_corpus_host_port_and_workers(tmp_path):
    settings = from_environment({"CONDSEARCH_INDEX_DIR": str(tmp_path), "CONDSEARCH_HOST": "0.0.0.0",
                                 "CONDSEARCH_PORT": "9001", "CONDSEARCH_WORKERS": "3", "CONDSEARCH_THREADS": "6",
                                 "CONDSEARCH_CORPUS": f"a.jsonl{os.pathsep}pages/",
                                 "CONDSEARCH_BASE_URL": "https://search.example.org"})
    assert settings == {"INDEX_DIR": str(tmp_path), "HOST": "0.0.0.0", "PORT": 9001, "WORKERS": 3,
                        "THREADS": 6, "CORPUS_PATHS": ("a.jsonl", "pages/"), "OBO_ROOT": None, "CORS_ORIGINS": (),
                        "QUERY_LOG": None, "QUERY_LOG_DAYS": 90, "QUERY_LOG_MAX_ROWS": 1_000_000, "ADMIN_TOKEN": None,
                        "BASE_URL": "https://search.example.org/"}


@pytest.mark.parametrize("variable, value", [
    ("CONDSEARCH_PORT", "eighty"), ("CONDSEARCH_PORT", "70000"), ("CONDSEARCH_WORKERS", "0"),
    ("CONDSEARCH_WORKERS", "many"), ("CONDSEARCH_THREADS", "0"), ("CONDSEARCH_THREADS", "1.5"),
    ("CONDSEARCH_BASE_URL", "search.example.org"), ("CONDSEARCH_BASE_URL", "ftp://search.example.org/"),
])
def test_bad_environment_value_is_refused_naming_the_variable(variable, value):
    with pytest.raises(ConfigError, match=variable):
        from_environment({variable: value})


def test_serve_refuses_a_bad_environment_value_before_doing_anything(monkeypatch, tmp_path):
    monkeypatch.setenv("CONDSEARCH_PORT", "eighty")
    result = CliRunner().invoke(cli, ["serve", "--index", str(tmp_path / "index")])
    assert result.exit_code == 2
    assert "CONDSEARCH_PORT" in result.output
    assert not (tmp_path / "index").exists()


def test_serve_help_documents_every_option_and_variable():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--index", "--host", "--port", "--workers", "--threads"):
        assert option in result.output
    for variable in ENVIRONMENT:
        assert variable in result.output


def test_config_given_to_create_app_wins_over_the_environment(monkeypatch, index_dir):
    monkeypatch.setenv("CONDSEARCH_INDEX_DIR", "/nonexistent/index")
    app = create_app({"INDEX_DIR": str(index_dir)})
    assert app.config["INDEX_DIR"] == str(index_dir)
    assert not app.debug
    assert app.test_client().get("/healthz").status_code == 200


def test_serve_answers_pages_api_and_static_files_over_http(live_server):
    status, headers, body = fetch(live_server + "/")
    assert status == 200 and b'name="q"' in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers.get("Server") == "condsearch", "the server does not advertise its software and version"
    status, _, body = fetch(live_server + "/api/search?q=nuroblastoma")
    assert status == 200 and json.loads(body)["results"][0]["id"] == "neuroblastoma"
    status, headers, _ = fetch(live_server + "/static/search.js")
    assert status == 200 and "javascript" in headers["Content-Type"]
    status, _, body = fetch(live_server + "/api/search?q=")
    assert status == 400 and json.loads(body)["parameter"] == "q"


def test_serve_builds_the_index_when_there_is_none(tmp_path, monkeypatch):
    """The index is built before the server listens, so an address it cannot use ends the run right after."""
    monkeypatch.delenv("CONDSEARCH_PORT", raising=False)
    index = tmp_path / "fresh-index"
    result = CliRunner().invoke(cli, ["serve", "--index", str(index), "--host", "256.0.0.1", "--port", "0"])
    assert "120 pages, built" in result.output
    assert result.exit_code == 1 and "cannot listen on 256.0.0.1" in result.output, "a clear error, no traceback"
    assert (index / "CURRENT").is_file()


def test_serve_keeps_an_index_built_from_other_pages(hostile_index_dir):
    """Without --corpus, an index of someone's own pages is served as it is, never replaced by the bundled one."""
    before = (hostile_index_dir / "CURRENT").read_text()
    result = CliRunner().invoke(cli, ["serve", "--index", str(hostile_index_dir), "--host", "256.0.0.1"])
    assert "2 pages from" in result.output and "served as it is" in result.output
    assert (hostile_index_dir / "CURRENT").read_text() == before


def test_serve_with_a_corpus_that_has_no_pages_fails_clearly(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["serve", "--index", str(tmp_path / "index"), "--corpus", str(empty)])
    assert result.exit_code == 1
    assert "no page to index" in result.output and "Traceback" not in result.output


def worker_pids(parent: int) -> set[int]:
    """The live child processes of `parent`, from /proc (zombies, already dead, left out)."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[1]) == parent and fields[0] != "Z":
            children.add(int(stat.parent.name))
    return children


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(os, "fork"),
                    reason="worker processes are counted through Linux's /proc")
def test_a_worker_that_dies_is_replaced_and_sigterm_stops_every_worker(index_dir, served, wait_for):
    """2. A crashed worker process is restarted while the others serve; SIGTERM ends the server and all
    its workers, with exit status 0."""
    with served(index_dir, workers=2) as (url, process):
        def two_workers(without: int | None = None) -> set[int] | None:
            pids = worker_pids(process.pid)
            return pids if len(pids) == 2 and without not in pids else None

        first = wait_for(two_workers)
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        for _ in range(20):  # the other worker (and then both) answer meanwhile
            status, _, body = fetch(url + "/api/search?q=nuroblastoma")
            assert status == 200 and json.loads(body)["results"][0]["id"] == "neuroblastoma"
        second = wait_for(lambda: two_workers(without=victim))
        assert first - {victim} <= second
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in second)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked")
def test_the_server_says_it_is_up_only_once_every_worker_has_opened_the_index(tmp_path):
    """2. Each worker opens the index itself (`prepare`, so its memory is its own from the start), and
    "Serving on" (`ready`) comes after every one of them has: a request sent on that line is answered by
    a worker that is ready, and no worker serves the parent's copy."""
    from webui import workers as worker_processes

    def prepare():
        time.sleep(0.3)  # opening an index takes a while: `ready` must wait for it
        (tmp_path / f"prepared-{os.getpid()}").touch()

    def ready():
        (tmp_path / "ready").write_text(" ".join(sorted(p.name for p in tmp_path.glob("prepared-*"))))
        os.kill(os.getpid(), signal.SIGTERM)  # the parent stops its workers and returns

    server = os.fork()
    if server == 0:
        try:
            sock = worker_processes.listen("127.0.0.1", 0)
            worker_processes.serve(lambda environ, start: [], sock, workers=3, threads=1,
                                   prepare=prepare, ready=ready)
        finally:
            os._exit(0)
    _, status = os.waitpid(server, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    prepared = (tmp_path / "ready").read_text().split()
    assert len(prepared) == 3 and f"prepared-{server}" not in prepared


def test_connections_opened_at_once_are_shared_between_the_workers(tmp_path):
    """2. A client opening several keep-alive connections at once (a load balancer, a benchmark) gets them
    spread over the workers: with every connection on one worker, the other core would stay idle for as
    long as they are kept open."""
    import http.client
    import socket

    from webui import workers as worker_processes

    def app(environ, start_response):
        deadline = time.process_time() + 0.005  # a search's worth of work, so the workers are busy
        while time.process_time() < deadline:
            pass
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [str(os.getpid()).encode()]

    sock = worker_processes.listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    up_reader, up_writer = os.pipe()
    server = os.fork()
    if server == 0:
        try:
            worker_processes.serve(app, sock, workers=2, threads=2, ready=lambda: os.write(up_writer, b"."))
        finally:
            os._exit(0)
    sock.close()
    try:
        assert os.read(up_reader, 1) == b"."
        time.sleep(0.5)  # the workers' loops start after they said they were ready
        for _ in range(8):
            connections = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(4)]
            clients = []
            for connection in connections:
                client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                client.sock = connection
                clients.append(client)
            pids = []
            for _ in range(3):
                for client in clients:
                    client.request("GET", "/")
                    pids.append(client.getresponse().read())
            for client in clients:
                client.close()
            assert len(set(pids)) == 2, f"every connection went to one worker: {pids}"
    finally:
        os.kill(server, signal.SIGTERM)
        os.waitpid(server, 0)
        os.close(up_reader)
        os.close(up_writer)


def serve_in_a_child(app, *, workers: int, threads: int) -> tuple[int, int]:
    """`workers.serve(app)` on a free loopback port in a forked process; (its pid, the port), once ready."""
    from webui import workers as worker_processes

    sock = worker_processes.listen("127.0.0.1", 0)
    up_reader, up_writer = os.pipe()
    server = os.fork()
    if server == 0:
        try:
            worker_processes.serve(app, sock, workers=workers, threads=threads,
                                   ready=lambda: os.write(up_writer, b"."))
        finally:
            os._exit(0)
    port = sock.getsockname()[1]
    sock.close()
    os.close(up_writer)
    try:
        assert os.read(up_reader, 1) == b"."
    finally:
        os.close(up_reader)
    return server, port


def stop_child(server: int) -> int:
    with contextlib.suppress(ProcessLookupError):
        os.kill(server, signal.SIGTERM)
    _, status = os.waitpid(server, 0)
    return os.waitstatus_to_exitcode(status)


def held_app(release: Path, started: Path):
    """A WSGI app whose /hold requests wait until `release` exists (each first leaves a file in `started`),
    and whose other requests answer at once."""
    def app(environ, start_response):
        if environ["PATH_INFO"] == "/hold":
            (started / f"{os.getpid()}-{threading.get_ident()}-{time.monotonic_ns()}").touch()
            while not release.exists():
                time.sleep(0.01)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]
    return app


def get(port: int, path: str, *, source: str = "127.0.0.1", timeout: float = 30) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked")
def test_one_client_sending_many_requests_at_once_leaves_threads_to_the_others(tmp_path, wait_for):
    """A client whose 8 requests at once would take every thread of both workers runs one at a time per
    worker; a request of another client (another address) is answered meanwhile, not after them."""
    release, started = tmp_path / "release", tmp_path / "started"
    started.mkdir()
    server, port = serve_in_a_child(held_app(release, started), workers=2, threads=4)
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            try:
                held = [pool.submit(get, port, "/hold") for _ in range(8)]
                wait_for(lambda: any(started.iterdir()))
                time.sleep(0.5)  # the rest of the 8 reach the workers (a hang guard for the test, not a measure)
                assert get(port, "/", source="127.0.0.2", timeout=10) == 200
            finally:
                release.touch()  # before the pool waits for its requests, also when an assertion failed
            assert [answer.result(timeout=60) for answer in held] == [200] * 8
    finally:
        release.touch()
        stop_child(server)


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(os, "fork"),
                    reason="worker processes are counted through Linux's /proc")
def test_workers_end_when_the_server_process_is_killed(tmp_path, wait_for):
    """`kill -9` of the server leaves no worker holding the port: it can be served again at once."""
    from webui import workers as worker_processes

    server, port = serve_in_a_child(held_app(tmp_path / "release", tmp_path), workers=2, threads=1)
    workers = wait_for(lambda: worker_pids(server) if len(worker_pids(server)) == 2 else None)
    os.kill(server, signal.SIGKILL)
    os.waitpid(server, 0)
    try:
        wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), timeout=30)
    finally:
        for pid in workers:  # left running when the test fails: they would hold the port and pytest's pipes
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    worker_processes.listen("127.0.0.1", port).close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked")
def test_sigterm_answers_every_request_already_received(tmp_path, wait_for):
    """16 requests sent to a server that runs 2 at a time, then SIGTERM: all 16 are answered, then it exits."""
    release, started = tmp_path / "release", tmp_path / "started"
    started.mkdir()
    server, port = serve_in_a_child(held_app(release, started), workers=2, threads=1)
    try:
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            # 16 clients (addresses), so that the per-client cap plays no part
            held = [pool.submit(get, port, "/hold", source=f"127.0.0.{10 + number}") for number in range(16)]
            try:
                wait_for(lambda: any(started.iterdir()))
                time.sleep(0.5)  # the other requests reach the server (a hang guard, not a measure)
                os.kill(server, signal.SIGTERM)
                time.sleep(0.5)
            finally:
                release.touch()  # before the pool waits for its requests, also when a wait failed
            assert [answer.result(timeout=60) for answer in held] == [200] * 16
        assert stop_child(server) == 0
    finally:
        release.touch()
        with contextlib.suppress(ChildProcessError):
            stop_child(server)  # when the test failed before it stopped the server


def test_an_app_that_fails_gets_a_500_with_the_security_headers_and_the_trace_in_the_log(caplog):
    """The server's own answers (here a 500, when the app raises instead of answering) carry the headers
    it is given, as the app's pages do; the trace goes to the log, never to the client."""
    from webui import http_server, workers as worker_processes

    def failing_app(environ, start_response):
        raise RuntimeError("a bug")

    sock = worker_processes.listen("127.0.0.1", 0)
    server = http_server.Server(failing_app, sock, threads=1, error_headers={"X-Frame-Options": "DENY"})
    running = threading.Thread(target=server.run)
    running.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", sock.getsockname()[1], timeout=30)
        connection.request("GET", "/")
        response = connection.getresponse()
        assert response.status == 500 and response.getheader("X-Frame-Options") == "DENY"
        assert b"a bug" not in response.read()
        connection.close()
    finally:
        server.stop()
        running.join(timeout=30)
        sock.close()
    assert "a bug" in caplog.text

"""`condsearch search` answers queries; `condsearch eval` measures relevance over a query file."""
from __future__ import annotations

import json
import sys
import time
import unicodedata
from pathlib import Path

import click

from search import evaluation, limits
from search.stages.rank import RANKING_RULES
from search.searcher import IndexMissing, IndexUnreadable, SearchError, Searcher


RULES_BY_ID = {rule.id: rule for rule in RANKING_RULES}


def open_searcher(index_dir: str | None) -> Searcher:
    """A searcher on `index_dir` (default: the per-user index); with no index yet, the bundled corpus is
    indexed first, and the user is told. A ClickException (one line) when there is no index to search and
    none can be built: the folder cannot be written, or another build is running on it."""
    from indexer import IndexBuildError, ensure_index  # the CLI's edge: a missing index is built before searching
    from indexer.store import default_index_dir

    directory = Path(index_dir) if index_dir else default_index_dir()
    try:
        return Searcher(directory)
    except IndexMissing:
        click.echo(f"No index in {directory} yet: indexing the bundled corpus first.", err=True)
    except IndexUnreadable as error:
        if not holds_bundled_corpus(directory):
            raise click.ClickException(str(error)) from None
        # Safe to rebuild: the bundled corpus ships with the program, so nothing of the operator's is lost.
        click.echo(f"{error}\nRebuilding it from the bundled corpus.", err=True)
    except SearchError as error:
        raise click.ClickException(str(error)) from None
    try:
        ensure_index(directory)
        return Searcher(directory)
    except (IndexBuildError, SearchError) as error:
        raise click.ClickException(str(error)) from None


def holds_bundled_corpus(directory: Path) -> bool:
    """Whether the generation in service in `directory` was built from the bundled corpus (as far as its
    meta.json still says)."""
    from indexer.store import current_generation, read_meta

    generation = current_generation(directory)
    try:
        meta = read_meta(generation) if generation else {}
    except (OSError, ValueError):
        return False
    return meta.get("sources") == ["bundled corpus"]


def batch_queries(source: str) -> list[str]:
    """One query per line of a file (`-`: standard input); in a TSV, the first column is the query and
    a header line starting with `query<TAB>` is skipped. A line that is not UTF-8 is a ClickException
    naming the file and line."""
    # Read as bytes and decoded line by line: a decoding error of a whole text stream cannot say which line.
    handle = sys.stdin.buffer if source == "-" else open(source, "rb")
    with handle:
        raw_lines = handle.read().splitlines()
    lines = []
    for number, raw_line in enumerate(raw_lines, start=1):
        try:
            lines.append(raw_line.decode("utf-8"))
        except UnicodeDecodeError as error:
            where = "standard input" if source == "-" else source
            raise click.ClickException(f"{where}:{number}: the line is not UTF-8 (byte "
                                       f"{raw_line[error.start]:#04x}); save the file as UTF-8") from None
    queries = []
    for number, line in enumerate(lines):
        query = line.split("\t", 1)[0]
        if number == 0 and "\t" in line and query.strip().lower() == "query":
            continue
        if query.strip():
            queries.append(query)
    return queries


def printable(text: str) -> str:
    """`text` for a terminal, each control character shown as U+FFFD: an escape sequence in a page's name
    could repaint or retitle the terminal, a newline would break the one-result-per-line layout."""
    return "".join("\ufffd" if unicodedata.category(char) == "Cc" else char for char in text)


# Exit statuses of `condsearch search`, as grep's, so that a script can tell "nothing matched" from "could not
# search": 0 a page matched (and always for --batch, whose answers say it per query), 1 no page matched the
# QUERY, 2 the search could not run (a usage error, an index or batch file that cannot be read).
EXIT_NO_RESULT = 1
EXIT_TROUBLE = 2


def more_results(shown: int, total: int) -> str | None:
    """The line saying how many results were not shown, and how to see them; None when all were.

    >>> more_results(10, 14), more_results(3, 3)
    ('10 of 14 results; --limit 14 to see them all.', None)
    """
    if total <= shown:
        return None
    if shown >= limits.MAX_RESULTS:
        return f"{shown} of {total} results (the most one search shows)."
    if total <= limits.MAX_RESULTS:
        return f"{shown} of {total} results; --limit {total} to see them all."
    return f"{shown} of {total} results; --limit {limits.MAX_RESULTS} to see more."


def cli_query_log():
    """The query log of `--log`, or None (with a note) when CONDSEARCH_QUERY_LOG is off. The log belongs to
    the web UI, which the search package never imports otherwise: imported here, only with the flag."""
    from webui.config import ConfigError, from_environment
    from webui.querylog import writer_from_settings

    try:
        query_log = writer_from_settings(from_environment())
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    if query_log is None:
        click.echo("note: CONDSEARCH_QUERY_LOG is off: nothing is logged", err=True)
    return query_log


@click.command("search", epilog=f"Exit status: 0 when a page matched (always with --batch), {EXIT_NO_RESULT} "
                                f"when none did, {EXIT_TROUBLE} when the search could not run.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help="Index directory.")
@click.option("--limit", default=limits.DEFAULT_RESULTS, show_default=True,
              type=click.IntRange(1, limits.MAX_RESULTS), help="Results per query.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per query.")
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="Read queries from FILE, one per line (a TSV's first column); - for stdin.")
@click.option("--explain", "show_ranking", is_flag=True,
              help="Also say which ranking rule put each result before the next (with --json: `rank_rule` and "
                   "`reasons` of each result).")
@click.option("--log", "log_queries", is_flag=True,
              help="Record each query in the query log, as the site does ($CONDSEARCH_QUERY_LOG).")
@click.argument("query", required=False)
@click.pass_context
def search_command(ctx, index_dir, limit, as_json, batch, show_ranking, log_queries, query):
    """Search the condition pages for QUERY."""
    if (query is None) == (batch is None):
        raise click.UsageError("give either a QUERY or --batch FILE")
    try:
        queries = batch_queries(batch) if batch else [query]
        searcher = open_searcher(index_dir)
    except click.ClickException as error:
        error.exit_code = EXIT_TROUBLE
        raise
    query_log = cli_query_log() if log_queries else None
    for text in queries:
        started = time.perf_counter()
        response = searcher.search(text, limit=limit)
        if query_log is not None:
            query_log.record_cli_search(text, response, latency_ms=(time.perf_counter() - started) * 1000)
        if as_json:
            click.echo(json.dumps(response.to_dict(debug=show_ranking), ensure_ascii=False))
            continue
        if response.suggestion:
            click.echo(f"Showing results for '{printable(response.suggestion)}' (you typed '{printable(text)}')")
        if not response.hits:
            click.echo(f"No condition page matches '{printable(text)}'.")
        for number, hit in enumerate(response.hits, start=1):
            click.echo(f"{number:>2}. {printable(hit.title)}  [{printable(hit.id)}]  {hit.match.label} "
                       f"{hit.score:.2f}")
            click.echo(f"    {printable(hit.explanation)}")
            if show_ranking and hit.rank_rule:
                click.echo(f"    before the next result by rule '{hit.rank_rule}': {RULES_BY_ID[hit.rank_rule].why}")
        more = more_results(len(response.hits), response.total)
        if more:
            click.echo(more)
    if not batch and not response.hits:
        ctx.exit(EXIT_NO_RESULT)


@click.command("eval")
@click.argument("queries_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--corpus-spec", type=click.Path(exists=True, dir_okay=False),
              help="conditions.tsv naming each page's group (for `group:NAME` answers). "
                   "Default: ../corpus-spec/conditions.tsv beside the query file's folder, if there.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help="Index directory.")
@click.option("--json", "as_json", is_flag=True, help="The figures and misses as JSON.")
def eval_command(queries_file, corpus_spec, index_dir, as_json):
    """Measure top-1, recall@5 and MRR@10 of the engine over a query file."""
    try:
        queries = evaluation.read_queries(queries_file)
        spec = corpus_spec or evaluation.default_spec_for(queries_file)
        groups = evaluation.read_groups(spec) if spec else {}
        searcher = open_searcher(index_dir)
        report = evaluation.evaluate(
            lambda text: [hit.id for hit in searcher.search(text, limit=evaluation.MRR_DEPTH)], queries, groups,
            narrower_of=lambda page_id: getattr(searcher.page(page_id), "narrower", ()))
    except evaluation.EvalFileError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    # Kinds, expected ids and returned ids through printable() as in `condsearch search`; the query's
    # repr() already writes each control character as an escape.
    for miss in report.misses:
        where = f"rank {miss.rank}" if miss.rank else "not found"
        click.echo(f"miss ({printable(miss.query.kind)}, {where}): {miss.query.query!r} wanted "
                   f"{printable('|'.join(miss.query.expected))}, "
                   f"got {printable(', '.join(miss.returned[:3])) or 'nothing'}")
    click.echo(f"{'kind':<14}{'queries':>8}{'top-1':>8}{'recall@5':>10}{'MRR@10':>8}")
    rows = sorted(report.by_kind.items()) + [("overall", report.overall)]
    for kind, figures in rows:
        rates = figures.rates()
        click.echo(f"{printable(kind):<14}{rates['queries']:>8}{rates['top1']:>8.3f}{rates['recall@5']:>10.3f}"
                   f"{rates['mrr@10']:>8.3f}")
    if report.none_queries:
        click.echo(f"NONE queries answered with no result: {report.none_answered_empty}/{report.none_queries}")

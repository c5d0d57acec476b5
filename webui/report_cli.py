"""`condsearch report`: the editors' report (webui.report) as text, JSON or a self-contained HTML page.

The HTML is the template `report.html`, also served at /admin/report; its plot of the no-result rate is
an inline SVG drawn from the figures here, so the report needs no plotting library and no script.
"""
from __future__ import annotations

import json
from pathlib import Path

import click
from jinja2 import Environment, PackageLoader, select_autoescape

from . import querylog, report as reports

FORMATS = ("text", "json", "html")
# The plot's drawing area, in SVG user units (it scales with the page).
PLOT_WIDTH, PLOT_HEIGHT, PLOT_MARGIN = 640, 200, 32
STYLESHEET = Path(__file__).parent / "static" / "report.css"


def no_result_plot(days: list[dict]) -> dict:
    """The no-result rate per day as SVG coordinates: {"points": "x,y ...", "dots": [...], "ticks": [...]}.
    Days without searches are left out of the line."""
    measured = [day for day in days if day["no_result_rate"] is not None]
    step = (PLOT_WIDTH - 2 * PLOT_MARGIN) / max(len(measured) - 1, 1)
    dots = []
    for number, day in enumerate(measured):
        x = PLOT_MARGIN + number * step
        y = PLOT_HEIGHT - PLOT_MARGIN - day["no_result_rate"] * (PLOT_HEIGHT - 2 * PLOT_MARGIN)
        dots.append({"x": round(x, 1), "y": round(y, 1), "day": day["day"], "rate": day["no_result_rate"]})
    ticks = [{"y": round(PLOT_HEIGHT - PLOT_MARGIN - share * (PLOT_HEIGHT - 2 * PLOT_MARGIN), 1),
              "label": f"{share:.0%}"} for share in (0, 0.25, 0.5, 0.75, 1)]
    return {"width": PLOT_WIDTH, "height": PLOT_HEIGHT, "margin": PLOT_MARGIN, "dots": dots, "ticks": ticks,
            "points": " ".join(f"{dot['x']},{dot['y']}" for dot in dots)}


def as_html(report: dict, *, stylesheet_url: str | None = None) -> str:
    """The report as an HTML page: with `stylesheet_url` it links the site's stylesheet (the served page,
    whose security policy forbids inline styles); without, the stylesheet is inlined (a file to open)."""
    environment = Environment(loader=PackageLoader("webui", "templates"), autoescape=select_autoescape(["html"]))
    stylesheet = None if stylesheet_url else STYLESHEET.read_text(encoding="utf-8")
    return environment.get_template("report.html").render(
        report=report, plot=no_result_plot(report["days"]), stylesheet_url=stylesheet_url, stylesheet=stylesheet)


def as_text(report: dict) -> str:
    totals = report["totals"]
    lines = [f"Query report {report['since']} to {report['until']} ({report['logs']} log"
             f"{'' if report['logs'] == 1 else 's'}; queries typed at least {report['min_count']} "
             f"time{'' if report['min_count'] == 1 else 's'})",
             f"{totals['searches']} searches ({totals['no_result_searches']} with no result), "
             f"{totals['suggestions']} suggestions, {totals['clicks']} results opened", "",
             "Per day:           searches  suggestions  no result"]
    for day in report["days"]:
        rate = "-" if day["no_result_rate"] is None else f"{day['no_result_rate']:.1%}"
        lines.append(f"  {day['day']:<14}{day['searches']:>10}{day['suggestions']:>13}{rate:>11}")

    def section(title: str, items: list[dict], line) -> None:
        lines.extend(["", title])
        lines.extend(f"  {line(item)}" for item in items)
        if not items:
            lines.append("  (none)")

    section("No result:", report["no_result"], _no_result_line)
    section("Only a weak match:", report["weak"],
            lambda item: f"{item['count']:>5}  {item['query']}  -> {item['top_page']} ({item['tier']}, "
                         f"score {item['score']:.2f})")
    section("Corrections:", report["corrections"],
            lambda item: f"{item['count']:>5}  {item['query']} -> {item['corrected_to']}")
    section("Top result rarely opened:", report["rarely_opened"],
            lambda item: f"{item['searches_with_clicks']:>5}  {item['query']}  -> {item['top_page']} opened "
                         f"first in {item['top_open_rate']:.0%} of the searches where a result was opened")
    return "\n".join(lines) + "\n"


def _no_result_line(item: dict) -> str:
    text = f"{item['count']:>5}  {item['query']}"
    fix = item.get("fix")
    if fix:
        text += (f"\n         fix: {fix['title']} [{fix['page']}] ({fix['how']}); add to its names"
                 f"{' in ' + fix['file'] if fix['file'] else ''}:\n           {fix['line']}")
    elif "fix" in item:
        text += "\n         fix: no page comes close; a new page, or a name on an existing one"
    return text


@click.command("report")
@click.option("--since", default="7d", show_default=True, help="The period: hours, days or weeks (24h, 7d, 2w).")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--log", "log_paths", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A query log to read; repeat to merge the logs of several hosts. "
                   "[default: $CONDSEARCH_QUERY_LOG, else the per-user data folder's]")
@click.option("--min-count", type=click.IntRange(1), default=reports.DEFAULT_MIN_COUNT, show_default=True,
              help="List a query only when typed at least this many times.")
@click.option("--top", type=click.IntRange(1), default=reports.DEFAULT_TOP, show_default=True,
              help="Queries per list.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), default=None,
              help="Index for the proposed fixes. [default: $CONDSEARCH_INDEX_DIR, else the per-user one]")
def report_command(since: str, output_format: str, log_paths: tuple[Path, ...], min_count: int, top: int,
                   index_dir: str | None) -> None:
    """What visitors searched for and did not find: a report for the site's editors, from the query log.

    It never edits the corpus: each proposed fix is a line for the editor to add, or not.
    """
    from .config import ConfigError, from_environment

    try:
        settings = from_environment()
        since_seconds = reports.period_seconds(since)
    except (ConfigError, reports.ReportError) as error:
        raise click.UsageError(str(error)) from None
    if not log_paths:
        default = querylog.location(settings["QUERY_LOG"])
        if default is None:
            raise click.UsageError("CONDSEARCH_QUERY_LOG is off: give the log to read with --log PATH")
        log_paths = (default,)
    searcher = _searcher(index_dir or settings["INDEX_DIR"])
    data = reports.build_report(list(log_paths), since_seconds=since_seconds, min_count=min_count, top=top,
                                searcher=searcher, warn=lambda message: click.echo(f"warning: {message}", err=True))
    if output_format == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif output_format == "html":
        click.echo(as_html(data), nl=False)
    else:
        click.echo(as_text(data), nl=False)


def _searcher(index_dir: str | None):
    """The Searcher for proposed fixes, or None (and a note) when there is no index to ask."""
    from search import SearchError, Searcher
    from .engine import resolve_index_dir

    try:
        return Searcher(resolve_index_dir(index_dir))
    except SearchError as error:
        click.echo(f"note: no proposed fixes: {error}", err=True)
        return None

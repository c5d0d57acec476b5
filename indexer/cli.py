"""`condsearch index` builds the index; `condsearch analyze` shows what the analysis chain makes of text."""
from __future__ import annotations

import json
import sys

import click

from indexer.analysis import analyze
from indexer.build import IndexBuildError, default_index_dir, ensure_index


@click.command("index")
@click.option("--corpus", "corpus_paths", multiple=True, type=click.Path(exists=True),
              help="A page file or folder (Markdown, JSONL, scraped text, OBO); repeatable. "
                   "Default: the bundled corpus.")
@click.option("--obo-root", metavar="ID", help="Keep only this ontology term and its is_a descendants "
                                               "(e.g. DOID:162; the prefix in any case).")
@click.option("--index", "index_dir", type=click.Path(file_okay=False),
              help=f"Index directory. Default: {default_index_dir()} (in the per-user data directory).")
@click.option("--force", is_flag=True, help="Rebuild even when the index is up to date.")
def index_command(corpus_paths, obo_root, index_dir, force):
    """Build the search index, or do nothing when it already holds this corpus."""
    try:
        report = ensure_index(index_dir, corpus_paths=list(corpus_paths) or None, obo_root=obo_root,
                              progress=sys.stderr.isatty(), force=force)
    except IndexBuildError as error:
        raise click.ClickException(str(error)) from None
    if report.rebuilt:
        click.echo(f"Indexed {report.page_count} pages into {report.index_dir} ({report.reason}).")
    else:
        click.echo(f"Nothing to do: {report.reason} ({report.page_count} pages in {report.index_dir}).")
    if report.errors:
        click.echo(f"{len(report.errors)} page(s) skipped; see the warnings above.", err=True)


@click.command("analyze")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per TEXT.")
@click.argument("texts", nargs=-1, required=True)
def analyze_command(as_json, texts):
    """Print the tokens the analysis chain makes of each TEXT (as pages and queries are both read)."""
    for text in texts:
        tokens = analyze(text, compounds=True)
        if as_json:
            click.echo(json.dumps({"text": text, "tokens": [describe(token) for token in tokens]},
                                  ensure_ascii=False))
            continue
        click.echo(text)
        for token in tokens:
            flags = [flag for flag, on in (("acronym", token.acronym), ("filler", token.stop),
                                           ("compound", token.span > 1)) if on]
            alternates = "".join(f" | {term}" for _, term in token.alternates)
            click.echo(f"  {token.position}: {token.surface!r} -> {token.term}{alternates}"
                       f"{'  (' + ', '.join(flags) + ')' if flags else ''}")


def describe(token) -> dict:
    return {"surface": token.surface, "word": token.word, "term": token.term, "position": token.position,
            "alternates": [term for _, term in token.alternates], "acronym": token.acronym,
            "filler": token.stop, "span": token.span}

"""`condsearch index` builds the index; `condsearch analyze` shows what the analysis chain makes of text."""
from __future__ import annotations

import json
import sys

import click

from corpus.loader import load_corpus
from indexer.analysis import Change, analyze
from indexer.build import IndexBuildError, default_index_dir, ensure_index
from indexer.compounds import name_word_frequencies, split_compound
from indexer.languages import Lang
from indexer.sites import load_lexicon


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
@click.option("--lang", type=click.Choice([lang.value for lang in Lang]),
              help="The language of the TEXTs, for site and kind words and compounds. Default: any.")
@click.option("--corpus", "corpus_paths", multiple=True, type=click.Path(exists=True),
              help="Split compounds into the words of this corpus's names (repeatable). "
                   "Default: the bundled corpus.")
@click.argument("texts", nargs=-1, required=True)
def analyze_command(as_json, lang, corpus_paths, texts):
    """Print the tokens the analysis chain makes of each TEXT (as pages and queries are both read), the
    parts of each compound, and the sites, kinds and "malignant" words the TEXT names."""
    lang = Lang(lang) if lang else None
    lexicon = load_lexicon()
    vocabulary = _names_vocabulary(list(corpus_paths) or None, lexicon)
    for text in texts:
        tokens = analyze(text, compounds=True)
        splits = {token.position: split_compound(token.word, vocabulary, lang=lang, whole_competes=False,
                                                 units=lexicon.words)
                  for token in tokens if token.span == 1 and not token.stop}
        found = lexicon.find(text, lang=lang, vocabulary=vocabulary)
        if as_json:
            click.echo(json.dumps({"text": text,
                                   "tokens": [describe(token, splits.get(token.position)) for token in tokens],
                                   "lexicon": [describe_found(item) for item in found]}, ensure_ascii=False))
            continue
        click.echo(text)
        for token in tokens:
            flags = [flag for flag, on in (("acronym", token.acronym), ("filler", token.stop),
                                           ("compound", token.span > 1)) if on]
            alternates = "".join(f" | {term}" for _, term in token.alternates)
            changes = [change.value for change in Change if change in token.changes
                       and change not in (Change.ACRONYM, Change.FILLER, Change.JOINED)]
            click.echo(f"  {token.position}: {token.surface!r} -> {token.term}{alternates}"
                       f"{'  (' + ', '.join(flags) + ')' if flags else ''}"
                       f"{'  [' + '; '.join(changes) + ']' if changes else ''}")
            split = splits.get(token.position) if token.span == 1 else None
            if split:
                click.echo(f"     parts: {split.describe()} = {' + '.join(split.readings[1:])}")
        for item in found:
            entry = item.entry
            inside = f" inside {item.compound!r}" if item.compound else ""
            click.echo(f"  {entry.category.value} {entry.key!r}: {entry.text!r} ({entry.lang.value}){inside}")


def _names_vocabulary(corpus_paths: list[str] | None, lexicon) -> dict[str, int]:
    """The words of a corpus's page names (as the index counts them) with the site lexicon's words."""
    corpus = load_corpus(corpus_paths)
    names = [page.title for page in corpus.pages] + [name.text for page in corpus.pages for name in page.names]
    return lexicon.words_with(name_word_frequencies(names))


def describe(token, split=None) -> dict:
    return {"surface": token.surface, "word": token.word, "term": token.term, "position": token.position,
            "alternates": [term for _, term in token.alternates], "acronym": token.acronym,
            "filler": token.stop, "span": token.span,
            "changes": [change.value for change in Change if change in token.changes],
            "parts": [part.word for part in split.parts] if split else []}


def describe_found(found) -> dict:
    entry = found.entry
    return {"category": entry.category.value, "key": entry.key, "text": entry.text, "lang": entry.lang.value,
            "position": found.start, "compound": found.compound or None}

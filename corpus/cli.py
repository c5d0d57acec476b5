"""The `condsearch` command: one click group; each package attaches its own commands.

Commands are declared in setup.cfg under the entry-point group ``condsearch.commands`` and loaded only
when asked for, so `condsearch corpus check` does not pay for importing Flask.
"""
from __future__ import annotations

import sys
from importlib.metadata import entry_points
from pathlib import Path

import click

COMMAND_GROUP = "condsearch.commands"


class PluginGroup(click.Group):
    """A click group whose subcommands come from entry points, loaded lazily by name."""

    def _entry_points(self) -> dict:
        return {ep.name: ep for ep in entry_points(group=COMMAND_GROUP)}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._entry_points()))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        entry_point = self._entry_points().get(name)
        return entry_point.load() if entry_point else None


@click.group(cls=PluginGroup)
@click.version_option(package_name="condsearch")
def cli() -> None:
    """condsearch: find the right condition page whatever the visitor types."""


def main() -> None:
    cli()


# ---- `condsearch corpus`: check and export pages (attached through the entry point `corpus`) ----

OBO_ROOT_HELP = ("Keep only this OBO term and its is_a descendants (e.g. DOID:162; the prefix in any case); "
                 "other formats are kept.")
PATHS_ARGUMENT = click.argument("paths", nargs=-1, metavar="[PATH]...",
                                type=click.Path(exists=True, path_type=Path))


@click.group("corpus")
def corpus_group() -> None:
    """Check and export condition pages.

    PATH may be a file or a folder, of any page format, mixed: Markdown with front matter (.md), JSONL
    (.jsonl), scraped plain text (.txt) or OBO ontology (.obo). With no PATH: the bundled corpus.
    """


@corpus_group.command("check")
@PATHS_ARGUMENT
@click.option("--obo-root", metavar="ID", help=OBO_ROOT_HELP)
@click.option("--verbose", "-v", is_flag=True,
              help="Also say how many pages are linked to ontology terms, the names they gained, and each "
                   "ontology name left out because it names several pages.")
def check_command(paths: tuple[Path, ...], obo_root: str | None, verbose: bool) -> None:
    """List every problem in the pages (on stderr); exit 1 if there is any.

    PATH: a page file or a folder of them (.md, .jsonl, .txt, .obo), mixed; none: the bundled corpus.
    """
    from corpus.loader import load_corpus  # imported here so `condsearch --help` stays fast

    corpus = load_corpus(paths or None, obo_root=obo_root)
    for error in corpus.errors:
        click.echo(f"error: {error}", err=True)
    if verbose:
        for note in corpus.links.left_out:
            click.echo(f"note: {note}", err=True)
        click.echo(f"{corpus.links.pages_linked} pages linked to ontology terms, "
                   f"{corpus.links.names_added} names gained from them")
    problems = len(corpus.errors)
    click.echo(f"{len(corpus.pages)} pages, {problems} problem{'' if problems == 1 else 's'}")
    if problems:
        sys.exit(1)


@corpus_group.command("export")
@PATHS_ARGUMENT
@click.option("--format", "output_format", type=click.Choice(["jsonl"]), default="jsonl",
              show_default=True, help="Output format: one JSON object per page and line.")
@click.option("--obo-root", metavar="ID", help=OBO_ROOT_HELP)
def export_command(paths: tuple[Path, ...], output_format: str, obo_root: str | None) -> None:
    """Write the pages to stdout; a bad page is skipped with a warning on stderr.

    PATH: a page file or a folder of them (.md, .jsonl, .txt, .obo), mixed; none: the bundled corpus.
    """
    from corpus.jsonl import page_to_jsonl
    from corpus.loader import load_corpus

    corpus = load_corpus(paths or None, obo_root=obo_root)
    for error in corpus.errors:
        click.echo(f"warning: skipped: {error}", err=True)
    # Bytes, so the pages come out as UTF-8 whatever the terminal's locale says.
    stdout = getattr(sys.stdout, "buffer", None)
    for page in corpus.pages:
        if stdout is None:
            click.echo(page_to_jsonl(page))
        else:
            stdout.write((page_to_jsonl(page) + "\n").encode("utf-8"))
    sys.stdout.flush()


@corpus_group.command("link")
@PATHS_ARGUMENT
@click.option("--obo", "obo_files", multiple=True, required=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An OBO ontology file (repeat for several: a term in several is read from the first).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write. Default: ontology-names.tsv in the first folder given, or in the "
                   "bundled corpus.")
@click.option("--licence", default="", metavar="TEXT", help="The ontology's licence, recorded in the file.")
def link_command(paths: tuple[Path, ...], obo_files: tuple[Path, ...], output: Path | None,
                 licence: str) -> None:
    """Write the names of the ontology terms the pages link to (their xrefs) beside the pages.

    The corpus then answers to each linked term's name and synonyms, and to the names of the terms
    below it, without the ontology at hand. PATH: the pages (none: the bundled corpus).
    """
    from corpus.loader import bundled_corpus_dir, load_corpus
    from corpus.ontology_link import ontology_names_for, provenance
    from corpus.ontology_names import ONTOLOGY_NAMES_FILE, write_ontology_names

    corpus = load_corpus(paths or None, ontology_names=False)
    ontology = load_corpus(list(obo_files))
    for error in corpus.errors + ontology.errors:
        click.echo(f"warning: {error}", err=True)
    linked = {term for page in corpus.pages for term in page.xrefs}
    rows, missing = ontology_names_for(ontology.pages, linked)
    for term in missing:
        click.echo(f"warning: {term} is linked by a page but is not a live term of the OBO files", err=True)
    folder = next((path for path in paths if path.is_dir()), None) or bundled_corpus_dir()
    output = output or folder / ONTOLOGY_NAMES_FILE
    comments = ["The names of the ontology terms this corpus's pages link to (their xrefs).",
                "Written by `condsearch corpus link` (see README, Pages): do not edit, run it again.",
                *provenance(list(obo_files))]
    if licence:
        comments.append(f"Licence: {licence}")
    count = write_ontology_names(output, rows, comments)
    click.echo(f"{output}: {count} names of {len(linked) - len(missing)} terms, for "
               f"{sum(1 for page in corpus.pages if page.xrefs)} pages")

"""The `extract` command: a thin shell over the library (each command calls one function of the same name).

    extract FILE [FILE…]          claims of one or more articles (.txt, .html, "-" for stdin)
    extract eval [CORPUS]         precision and recall against corpus/gold
    extract schema [DIR]          write the JSON Schema of the claim record
"""
from __future__ import annotations

import sys

import click
from click_default_group import DefaultGroup

FORMAT_HELP = "Output format. Default: table on a terminal, jsonl when piped."


def _default_format() -> str:
    return "table" if sys.stdout.isatty() else "jsonl"


@click.group(cls=DefaultGroup, default="file", default_if_no_args=False,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="karmayogi-claims", prog_name="extract")
def cli() -> None:
    """Pull checkable statistics out of Mission Karmayogi news, in Hindi and English.

    \b
    Examples:
      extract corpus/seeds/001_6ed01f356ed30db4.txt      claims as a table
      extract article.html --format jsonl > claims.jsonl
      cat draft.txt | extract -                          read standard input
      extract eval corpus/                               score against the gold annotations
    """


@cli.command("file")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default=None, help=FORMAT_HELP)
def file_command(files: tuple[str, ...], fmt: str | None) -> None:
    """Print the claims of each FILE (.txt, .html; "-" reads standard input).

    Each claim names its metric, value, qualifier (exact, at_least, at_most, approx, range), unit, state
    ("India" for national figures), as-of date, source and the exact words it was read from.

    Exit status: 0 when every file was read, 2 when a file could not be read (the others are still processed;
    the reason is printed on standard error).
    """
    from .errors import UnreadableInput
    from .output import write_claims
    from .pipeline import extract_file

    fmt = fmt or _default_format()
    claims = []
    failed = 0
    show = _progress(files)
    for path in show(files):
        try:
            claims.extend(extract_file(path))
        except UnreadableInput as exc:
            failed += 1
            click.echo(f"extract: {path}: {exc.reason}", err=True)
    write_claims(claims, fmt, sys.stdout, show_path=len(files) > 1)
    if failed:
        sys.exit(2)


def _progress(files):
    """A progress bar on a terminal for long lists; nothing when piped."""
    if len(files) < 20 or not sys.stderr.isatty():
        return lambda items: items

    def show(items):
        with click.progressbar(items, label="articles", file=sys.stderr) as bar:
            yield from bar

    return show


@cli.command("eval")
@click.argument("corpus", default="corpus", type=click.Path(exists=True, file_okay=False))
@click.option("--gold", type=click.Path(exists=True, file_okay=False), help="Gold folder (default: CORPUS/gold).")
@click.option("-v", "--verbose", is_flag=True, help="List every missed and extra claim.")
def eval_command(corpus: str, gold: str | None, verbose: bool) -> None:
    """Precision and recall of the extractor against the gold annotations in CORPUS/gold.

    A claim matches when its evidence overlaps the gold span; it is scored on value, value+metric and
    value+metric+state, for all articles, per language and per subset (seeds, composed).
    """
    from .evaluate import GoldError, evaluate, format_report
    from .errors import UnreadableInput

    try:
        report = evaluate(corpus, gold)
    except (GoldError, UnreadableInput) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_report(report, verbose=verbose), nl=False)


@cli.command("schema")
@click.argument("directory", default="schemas", type=click.Path(file_okay=False))
def schema_command(directory: str) -> None:
    """Write the JSON Schema of the claim record to DIRECTORY (default: schemas/)."""
    from .schema import export_schemas

    for path in export_schemas(directory):
        click.echo(f"wrote {path}")


def main() -> None:
    cli(prog_name="extract")

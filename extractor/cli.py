"""The `extract` command: a thin shell over the library (each command calls one function of the same name).

    extract FILE [FILE…]          claims of one or more articles (.txt, .html, "-" for stdin)
    extract eval [CORPUS]         precision and recall against corpus/gold
    extract schema [DIR]          write the JSON Schema of the claim record
    extract batch DIR --db DB     every article under DIR into an SQLite database, incrementally
    extract export --db DB        the stored claims as JSON Lines, CSV, JSON or a table
    extract contradictions --db DB   find the figures that disagree (also run at the end of a batch)
    extract check FILE --db DB    check a draft or a new article against the database, storing nothing
    extract review --db DB        the fact-check review queue in the browser
    extract reviewer add NAME --db DB   make a reviewer account
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


DB_OPTION = click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
                         help="The claims database (SQLite; created if missing).")


@cli.command("batch")
@click.argument("roots", nargs=-1, required=True, type=click.Path(exists=True))
@DB_OPTION
@click.option("--workers", "-w", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores). Results are identical for any number.")
@click.option("--force", is_flag=True, help="Re-extract every file, even unchanged ones.")
@click.option("--engine", type=click.Choice(["processes", "dask"]), default="processes", show_default=True,
              help="Where extraction runs: local processes, or a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786) for --engine dask; without it, a local Dask cluster.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary (errors still go to stderr).")
@click.option("--no-flags", is_flag=True, help="Skip the contradiction check at the end.")
def batch_command(roots, db_path, workers, force, engine, scheduler, quiet, no_flags) -> None:
    """Extract every article under ROOTS (folders, walked recursively, or files) into the database --db.

    Reads .txt, .html/.htm and .json/.jsonl scraper records. A re-run skips files whose content is unchanged
    (by content hash) and re-extracts changed ones, replacing their claims; the same article reached by two
    paths is stored once. Bad files (empty, binary, undecodable, legacy Hindi fonts, too large, off-topic) are
    recorded in the documents table with a reason and counted in the summary; they never stop the batch.

    \b
    Examples:
      extract batch corpus/ --db claims.db
      extract batch scraped/ --db claims.db --workers 2
      extract batch scraped/ --db claims.db --engine dask --scheduler tcp://10.0.0.5:8786
      datasette claims.db                      browse the result (pip install datasette)

    Exit status: 0 when every file was handled (bad files recorded), 1 when some files could not be read at
    all (I/O or internal errors, listed on stderr) or the database is busy, 2 on a usage error.
    """
    from .batch.runner import run_batch
    from .errors import ExtractorError

    show = not quiet and sys.stderr.isatty()
    progress = None
    if show:
        from .batch.progress import BatchProgress
        from .batch.walk import count_files

        progress = BatchProgress(count_files(roots))
    try:
        report = run_batch(roots, db_path, workers=workers, force=force, engine=engine, scheduler=scheduler,
                           progress=progress, find_flags=not no_flags)
    except ExtractorError as exc:
        if progress is not None:
            click.echo("", err=True)
        click.echo(f"extract: {exc}", err=True)
        sys.exit(1)
    if progress is not None:
        progress.close(report.counts)
    for path, status, reason in report.problems:
        if status == "error" or not quiet:
            click.echo(f"extract: {path}: {status}: {reason}", err=True)
    if not quiet:
        from .output import batch_summary

        click.echo(batch_summary(report), err=True, nl=False)
    if report.failed:
        sys.exit(1)


@cli.command("export")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "json", "table"]), default=None,
              help=FORMAT_HELP)
@click.option("--metric", help="Only claims of this metric id (e.g. registered_users).")
@click.option("--state", help='Only claims with this scope ("India", "Uttar Pradesh").')
def export_command(db_path, fmt, metric, state) -> None:
    """Write the claims stored in --db, one record per claim, in the same shape as `extract FILE`.

    \b
    Examples:
      extract export --db claims.db --format jsonl > claims.jsonl
      extract export --db claims.db --format csv --metric registered_users > users.csv
    """
    from .errors import ExtractorError
    from .output import write_claims_stream
    from .store import iter_claims, open_db

    fmt = fmt or _default_format()
    try:
        db = open_db(db_path, create=False)
    except ExtractorError as exc:
        raise click.ClickException(str(exc)) from None
    where, params = [], []
    if metric:
        where.append("metric = ?")
        params.append(metric)
    if state:
        where.append("state = ?")
        params.append(state)
    write_claims_stream(iter_claims(db, " AND ".join(where) or None, params), fmt, sys.stdout)


def _write_flags(flags, fmt: str) -> None:
    from .output import write_flags

    write_flags(flags, fmt, sys.stdout)


@cli.command("contradictions")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default=None,
              help=FORMAT_HELP)
@click.option("--status", type=click.Choice(["open", "confirmed", "dismissed", "needs_info", "all"]), default="all",
              show_default=True, help="Only flags with this review status.")
def contradictions_command(db_path, fmt, status) -> None:
    """Find the figures in --db that cannot all be right, store them as flags, and print them.

    Kinds: magnitude_slip (10×/100×/1000× off: decimal shifted, lakh written for crore…), value_conflict,
    part_exceeds_whole (a state above the national figure), cumulative_backwards (a running total that shrank),
    arithmetic (a stated share that the figures contradict), reference_mismatch (against an official figure).
    Each flag explains itself in English and Hindi. Re-running keeps every flag's review status.

    \b
    Examples:
      extract contradictions --db claims.db
      extract contradictions --db claims.db --format jsonl --status open > open-flags.jsonl
    """
    from .contradictions.store import find_and_save
    from .errors import ExtractorError
    from .store import open_db
    from .store.flags import iter_flags

    try:
        db = open_db(db_path, create=False)
        counts = find_and_save(db)
    except ExtractorError as exc:
        raise click.ClickException(str(exc)) from None
    flags = [f for f in iter_flags(db) if status == "all" or f.status == status]
    _write_flags(flags, fmt or _default_format())
    if sys.stderr.isatty():
        click.echo(f"{len(flags)} flags ({counts['new']} new, {counts['no_longer_found']} no longer found)", err=True)


@cli.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, exists=True),
              help="The claims database to check against.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default=None,
              help=FORMAT_HELP)
def check_command(files, db_path, fmt) -> None:
    """Check a draft release or a new article against every figure in --db, without storing it.

    Prints the contradictions its figures would raise. Exit status: 0 when nothing disagrees, 1 when some
    figure does (so a script can stop a release), 2 when a file cannot be read.

    \b
    Example:
      extract check draft-release.txt --db claims.db
    """
    from .contradictions.store import check_files
    from .errors import ExtractorError
    from .store import open_db

    try:
        db = open_db(db_path, create=False)
        flags, unreadable = check_files(db, files)
    except ExtractorError as exc:
        raise click.ClickException(str(exc)) from None
    for path, reason in unreadable:
        click.echo(f"extract: {path}: {reason}", err=True)
    _write_flags(flags, fmt or _default_format())
    if unreadable:
        sys.exit(2)
    if flags:
        sys.exit(1)


def _register_review() -> None:
    from .review.cli import review_command, reviewer_group

    cli.add_command(review_command, "review")
    cli.add_command(reviewer_group, "reviewer")


_register_review()


def main() -> None:
    cli(prog_name="extract")

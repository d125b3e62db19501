"""The `extract` command: a thin shell over the library — each command reads its options, calls the library
(extractor.pipeline, .batch, .store, .contradictions, .review) and prints; nothing here decides what a claim is.

    extract FILE [FILE…]          claims of one or more articles (.txt, .html, "-" for stdin)
    extract eval [CORPUS]         precision and recall against corpus/gold
    extract schema [DIR]          write the JSON Schema of the claim record
    extract batch DIR --db DB     every article under DIR into an SQLite database, incrementally
    extract export --db DB        the stored claims as JSON Lines, CSV, JSON or a table
    extract contradictions --db DB   find the figures that disagree (also run at the end of a batch)
    extract check FILE --db DB    check a draft or a new article against the database, storing nothing
    extract review --db DB        the fact-check review queue in the browser
    extract reviewer add NAME --db DB   make a reviewer account
    extract claim reject|correct ID --db DB --by NAME   a claim-level decision; extract claim export: as gold
    extract datasette-metadata --db DB   Datasette metadata for the database (datasette DB -m metadata.json)

Exit status, the same for every command (extractor/errors.py): 0 done; 1 `check` found a figure that disagrees;
2 an input file, record or gold annotation could not be read, or the command line was wrong; 3 the database cannot
be used; 4 the command itself failed (a bug).
"""
from __future__ import annotations

import sys

import click
from click_default_group import DefaultGroup

from .errors import EXIT_DISAGREES, EXIT_INTERNAL, EXIT_UNREADABLE, UnreadableInput

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

    \b
    Exit status, the same for every command:
      0  done
      1  extract check: a figure disagrees with what the database supports
      2  an input file, record or gold annotation could not be read, or the command line was wrong
      3  the database cannot be used (read-only, damaged, busy, not a claims database, newer)
      4  the command itself failed (a bug; the traceback is printed)
    """


@cli.command("file")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv", "html"]), default=None,
              help=FORMAT_HELP + " html: one self-contained page for an editor, a section per article.")
def file_command(files: tuple[str, ...], fmt: str | None) -> None:
    """Print the claims of each FILE (.txt, .html; .json/.jsonl scraper records, read as `extract batch` reads
    them; "-" reads standard input).

    Each claim names its metric, value, qualifier (exact, at_least, at_most, approx, range), unit, state
    ("India" for national figures), as-of date, source and the exact words it was read from.

    Exit status: 0 when every file was read, 2 when a file (or a record of one) could not be read (the others are
    still processed; the reason is printed on standard error).
    """
    from .ingest.files import shown_path
    from .output import write_claims
    from .pipeline import is_record_file, iter_claims, iter_documents

    fmt = fmt or _default_format()
    failed = 0
    show = _progress(files)

    def documents():  # streamed: JSON Lines, CSV and HTML are written as the articles come
        nonlocal failed
        for path in show(files):
            for doc in iter_documents(path):
                if isinstance(doc, UnreadableInput):
                    failed += 1
                    click.echo(f"extract: {doc.path or shown_path(str(path))}: {doc.reason}", err=True)
                    continue
                yield doc

    if fmt == "html":
        from .output_html import write_html

        write_html(documents(), sys.stdout, files)
    else:
        write_claims((c for doc in documents() for c in iter_claims(doc)), fmt, sys.stdout,
                     show_path=len(files) > 1 or any(map(is_record_file, files)))
    if failed:
        sys.exit(EXIT_UNREADABLE)


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

    try:
        report = evaluate(corpus, gold)
    except (GoldError, UnreadableInput) as exc:
        click.echo(f"extract: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    click.echo(format_report(report, verbose=verbose), nl=False)


@cli.command("schema")
@click.argument("directory", default="schemas", type=click.Path(file_okay=False))
def schema_command(directory: str) -> None:
    """Write the JSON Schema of the claim record to DIRECTORY (default: schemas/)."""
    from .json_schema import export_schemas

    for path in export_schemas(directory):
        click.echo(f"wrote {path}")


DB_OPTION = click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
                         help="The claims database (SQLite), as `extract batch` made it.")
DB_CREATE_OPTION = click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
                                help="The claims database (SQLite; created if missing).")


@cli.command("batch")
@click.argument("roots", nargs=-1, required=True, type=click.Path(exists=True))
@DB_CREATE_OPTION
@click.option("--workers", "-w", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores). Results are identical for any number.")
@click.option("--force", is_flag=True, help="Re-extract every file, even unchanged ones.")
@click.option("--engine", type=click.Choice(["processes", "dask"]), default="processes", show_default=True,
              help="Where extraction runs: local processes, or a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786) for --engine dask; without it, a local Dask cluster.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary (errors still go to stderr).")
@click.option("--no-flags", is_flag=True, help="Skip the contradiction check at the end.")
@click.option("--follow-symlinks", is_flag=True,
              help="Also read files that symbolic links inside the folders lead to outside them (by default such a "
                   "link is recorded as skipped, with the reason).")
def batch_command(roots, db_path, workers, force, engine, scheduler, quiet, no_flags, follow_symlinks) -> None:
    """Extract every article under ROOTS (folders, walked recursively, or files) into the database --db.

    Reads .txt, .html/.htm and .json/.jsonl scraper records. A re-run skips files whose content is unchanged
    (by content hash) and re-extracts changed ones, replacing their claims; the same article reached by two
    paths is stored once. Bad files (empty, binary, undecodable, legacy Hindi fonts, too large, off-topic) are
    recorded in the documents table with a reason and counted in the summary; they never stop the batch. Only
    regular files are read: FIFOs, devices, sockets and symbolic links leading outside ROOTS (unless
    --follow-symlinks) are recorded as skipped, with the reason.

    \b
    Examples:
      extract batch corpus/ --db claims.db
      extract batch scraped/ --db claims.db --workers 2
      extract batch scraped/ --db claims.db --engine dask --scheduler tcp://10.0.0.5:8786
      datasette claims.db                      browse the result (pip install datasette)

    Exit status: 0 when every file was handled (bad files recorded), 1 when some files could not be read at
    all (I/O or internal errors, listed on stderr), 2 on a usage error, 3 when the database cannot be used
    (busy, read-only, damaged, not a claims database, or made by a newer version; one line on stderr).
    """
    from .batch.runner import run_batch
    from .errors import ExtractorError
    from .store import EXIT_DATABASE, StoreError, store_errors

    show = not quiet and sys.stderr.isatty()
    progress = None
    if show:
        from .batch.progress import BatchProgress
        from .batch.walk import count_files

        progress = BatchProgress(count_files(roots))
    try:
        with store_errors(db_path):
            report = run_batch(roots, db_path, workers=workers, force=force, engine=engine, scheduler=scheduler,
                               progress=progress, find_flags=not no_flags, follow_symlinks=follow_symlinks)
    except ExtractorError as exc:
        if progress is not None:
            click.echo("", err=True)
        click.echo(f"extract: {exc}", err=True)
        sys.exit(EXIT_DATABASE if isinstance(exc, StoreError) else
                 EXIT_UNREADABLE if isinstance(exc, UnreadableInput) else EXIT_INTERNAL)
    if progress is not None:
        progress.close(report.counts)
    for path, status, reason in report.problems:
        if status == "error" or not quiet:
            click.echo(f"extract: {path}: {status}: {reason}", err=True)
    if not quiet:
        from .output import batch_summary

        click.echo(batch_summary(report), err=True, nl=False)
    if report.failed:
        sys.exit(EXIT_UNREADABLE)


@cli.command("export")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "json", "table"]), default=None,
              help=FORMAT_HELP)
@click.option("--metric", help="Only claims of this metric: its id (registered_users) or its English or Hindi label, "
                               "any case.")
@click.option("--state", help='Only claims with this scope ("India", "Uttar Pradesh"; any case, or the Hindi name: '
                              '"bihar", "बिहार").')
def export_command(db_path, fmt, metric, state) -> None:
    """Write the claims stored in --db, one record per claim, in the same shape as `extract FILE`.

    \b
    Examples:
      extract export --db claims.db --format jsonl > claims.jsonl
      extract export --db claims.db --format csv --metric registered_users > users.csv
    """
    from .output import write_claims_stream
    from .store import StoreError, export_claims, open_db, store_errors

    fmt = fmt or _default_format()
    try:
        with store_errors(db_path):
            db = open_db(db_path, create=False)
            write_claims_stream(export_claims(db, metric, state), fmt, sys.stdout)
    except StoreError as exc:
        _database_unusable(exc)


def _database_unusable(exc) -> None:
    """The database cannot be used (store.StoreError): one line on stderr, exit status 3 (store.EXIT_DATABASE)."""
    from .store import EXIT_DATABASE

    click.echo(f"extract: {exc}", err=True)
    sys.exit(EXIT_DATABASE)


def _write_flags(flags, fmt: str) -> None:
    from .output import write_flags

    write_flags(flags, fmt, sys.stdout)


@cli.command("contradictions")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default=None,
              help=FORMAT_HELP)
@click.option("--status", type=click.Choice(["open", "confirmed", "dismissed", "needs_info", "all"]), default="all",
              show_default=True, help="Only flags with this review status.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Only flags at least this sure (a flag is as sure as its least sure claim). The review queue "
                   "shows 0.7 and above by default.")
def contradictions_command(db_path, fmt, status, min_confidence) -> None:
    """Find the figures in --db that cannot all be right, store them as flags, and print them.

    Kinds: magnitude_slip (10×/100×/1000× off: decimal shifted, lakh written for crore…), value_conflict,
    part_exceeds_whole (a state above the national figure), cumulative_backwards (a running total that shrank),
    arithmetic (a stated share that the figures contradict), reference_mismatch (against an official figure).
    Each flag explains itself in English and Hindi. Re-running keeps every flag's review status.

    \b
    Examples:
      extract contradictions --db claims.db
      extract contradictions --db claims.db --format jsonl --status open > open-flags.jsonl
      extract contradictions --db claims.db --min-confidence 0.7     what the review queue shows first
    """
    from .contradictions.db import find_and_save
    from .errors import ExtractorError
    from .store import StoreError, open_db, store_errors
    from .store.flags import iter_flags

    try:
        with store_errors(db_path):
            db = open_db(db_path, create=False)
            counts = find_and_save(db)
            flags = [f for f in iter_flags(db)
                     if (status == "all" or f.status == status) and f.confidence >= min_confidence]
    except StoreError as exc:
        _database_unusable(exc)
    except ExtractorError as exc:
        raise click.ClickException(str(exc)) from None
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

    Each figure is judged by consensus: it AGREES when stored reports from other sources give a compatible figure
    (it still agrees when one stored outlet printed an outlier: that flag is listed with it), DISAGREES when a flag
    names it as the likely wrong one, and is UNCHECKED when nothing stored compares. With --format json/jsonl each
    line is a flag (a disagreement, with "kind") or a verdict (with "verdict"). FILE may be a scraper file (.json,
    .jsonl): each record is checked. Exit status: 0 when nothing disagrees, 1 when some figure does (so a script can
    stop a release), 2 when a file (or a record) cannot be read, 3 when the database cannot be used (damaged,
    read-only, busy, not a claims database, or made by a newer version), 4 when the check itself failed (the reason
    on stderr) — so 1 always means a figure disagrees.

    \b
    Example:
      extract check draft-release.txt --db claims.db
    """
    from .contradictions.db import check_files
    from .errors import ExtractorError
    from .store import StoreError, open_db, store_errors

    try:
        with store_errors(db_path):
            db = open_db(db_path, create=False)
            result = check_files(db, files)
    except StoreError as exc:
        _database_unusable(exc)
    except ExtractorError as exc:
        click.echo(f"extract: {exc}", err=True)
        sys.exit(EXIT_INTERNAL)
    except Exception:  # a bug: show it, but never with the status that means "a figure disagrees"
        import traceback

        traceback.print_exc()
        sys.exit(EXIT_INTERNAL)
    for path, reason in result.unreadable:
        click.echo(f"extract: {path}: {reason}", err=True)
    from .output import write_check

    write_check(result, fmt or _default_format(), sys.stdout)
    if result.unreadable:
        sys.exit(EXIT_UNREADABLE)
    if result.disagreements:
        sys.exit(EXIT_DISAGREES)


@cli.group("claim")
def claim_group() -> None:
    """Claim-level decisions of the review desk: "not a claim", or the right metric / state / period / value.

    A decision is kept by the article's content and the figure's place in it (not by claim id), so it survives
    re-extraction; from the next `extract contradictions` a rejected claim feeds no flag and a corrected one feeds
    flags with its corrected labels. Every decision is in the audit log. ID is a claim id (as `extract export`
    prints it); the review queue's article pages offer the same decisions.

    \b
    Examples:
      extract claim reject 0d0ed447f2bb2f48 --reason "a date, not a count" --by asha --db claims.db
      extract claim correct a84ae75e1069318e --metric course_enrolments --by asha --db claims.db
      extract claim correct afc8cc8ab2778078 --value "1.45 करोड़" --by asha --db claims.db
      extract claim export --db claims.db --format gold > corrections.json
    """


CLAIM_DB_OPTION = click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, exists=True),
                               help="The claims database.")
CLAIM_BY_OPTION = click.option("--by", "reviewer", required=True, envvar="EXTRACT_REVIEWER", show_envvar=True,
                               metavar="NAME", help="The reviewer deciding (an active account: `extract reviewer "
                                                    "add NAME`); recorded in the audit log.")
CLAIM_NOTE_OPTION = click.option("--note", help="A note for the audit log.")


def _claim_decision(db_path: str, fn, *args, **kwargs) -> None:
    """Run one library decision on --db; print the decision as one line (errors: one line, exit 1; 3 when the
    database cannot be used)."""
    from .review.decisions import ReviewError
    from .store import StoreError, open_db, store_errors

    try:
        with store_errors(db_path):
            db = open_db(db_path, create=False)
            try:
                done = fn(db, *args, **kwargs)
            finally:
                db.close()
    except StoreError as exc:
        _database_unusable(exc)
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from None
    fixed = ", ".join(f"{k} {done[k]}" for k in ("metric", "state", "period", "event", "value", "qualifier")
                      if done.get(k) is not None)
    click.echo(f"claim {done['claim_id']} ({done['document_id'][:12]}… {done['start']}:{done['end']}): "
               f"{done['status']}{': ' + fixed if fixed else ''}{': ' + done['reason'] if done.get('reason') else ''}"
               f" (version {done['version']})")


@claim_group.command("reject")
@click.argument("claim_id")
@click.option("--reason", required=True, help='Why it is not a claim ("a date", "a page counter", …).')
@CLAIM_BY_OPTION
@CLAIM_NOTE_OPTION
@CLAIM_DB_OPTION
def claim_reject_command(claim_id, reason, reviewer, note, db_path) -> None:
    """Mark claim ID as not a claim (a date, a duration, a name, a page counter…), with the reason."""
    from .review.claim_decisions import reject_claim

    _claim_decision(db_path, reject_claim, claim_id, reviewer, reason, note=note)


@claim_group.command("correct")
@click.argument("claim_id")
@click.option("--metric", help="The right metric id (extractor/lang/metrics.toml), or other.")
@click.option("--state", help='The right scope: "India" or a state (English or Hindi name).')
@click.option("--period", type=click.Choice(["cumulative", "event", "year", "daily_average", "target", "earlier"]),
              help="The right period.")
@click.option("--event", help="The event a period-event figure totals (implies --period event).")
@click.option("--value", help='The right value as written ("1.45 करोड़", 14500000, "14.5 million").')
@click.option("--qualifier", type=click.Choice(["exact", "at_least", "at_most", "approx"]),
              help="With --value: its qualifier (default: the claim's; a range becomes exact).")
@CLAIM_BY_OPTION
@CLAIM_NOTE_OPTION
@CLAIM_DB_OPTION
def claim_correct_command(claim_id, metric, state, period, event, value, qualifier, reviewer, note, db_path) -> None:
    """Correct claim ID: its metric, state, period or value — any of them; the rest stays as extracted."""
    from .review.claim_decisions import correct_claim

    _claim_decision(db_path, correct_claim, claim_id, reviewer, metric=metric, state=state, period=period,
                    event=event, value=value, qualifier=qualifier, note=note)


@claim_group.command("withdraw")
@click.argument("claim_id")
@CLAIM_BY_OPTION
@CLAIM_NOTE_OPTION
@CLAIM_DB_OPTION
def claim_withdraw_command(claim_id, reviewer, note, db_path) -> None:
    """Withdraw the decision on claim ID: it counts as extracted again (the audit log keeps the history)."""
    from .review.claim_decisions import withdraw_decision

    _claim_decision(db_path, withdraw_decision, claim_id, reviewer, note=note)


@claim_group.command("export")
@CLAIM_DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["gold", "jsonl"]), default="gold", show_default=True,
              help="gold: a JSON list, one object per article path in the offset gold format of "
                   "corpus/gold/realnews/README.md; jsonl: one decision a line (withdrawn ones too).")
def claim_export_command(db_path, fmt) -> None:
    """Write the desk's claim decisions: corrected claims and "not a claim" spans, as evaluation data.

    \b
    Example:
      extract claim export --db claims.db --format gold > corrections.json
    """
    import json

    from .store import StoreError, open_db, store_errors
    from .store.corrections import export_gold, export_rows, left_out

    try:
        with store_errors(db_path):
            db = open_db(db_path, create=False)
            rows = export_gold(db) if fmt == "gold" else export_rows(db)
            missing = left_out(db) if fmt == "gold" else 0
            db.close()
    except StoreError as exc:
        _database_unusable(exc)
    if fmt == "gold":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    if missing:
        click.echo(f"extract: {missing} decision(s) left out: their article is no longer in the database", err=True)


@cli.command("datasette-metadata")
@click.option("--db", "db_path", default="claims.db", show_default=True, type=click.Path(dir_okay=False),
              help="The database the metadata is for (it need not exist yet): Datasette names a database after its "
                   "file, and the metadata must use that name.")
def datasette_metadata_command(db_path) -> None:
    """Write Datasette metadata for a claims database to standard output (JSON).

    Table and column descriptions, facets, the full-text search over claims and flags (Hindi words kept whole),
    canned queries (open contradictions by severity, a metric's values per source over time, claims per state),
    and the internal and account tables hidden.

    \b
    Example:
      extract datasette-metadata --db claims.db > metadata.json
      datasette claims.db -m metadata.json          (pip install datasette)
    """
    from .integrations.datasette import database_name, metadata_json

    click.echo(metadata_json(database_name(db_path)), nl=False)


def _register_review() -> None:
    from .review.cli import review_command, reviewer_group

    cli.add_command(review_command, "review")
    cli.add_command(reviewer_group, "reviewer")


_register_review()


def main() -> None:
    cli(prog_name="extract")

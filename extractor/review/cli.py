"""Commands of the review queue, registered on the main `extract` group by extractor/cli.py:

    extract review --db claims.db [--host 127.0.0.1] [--port 8000] [--secret …]
    extract reviewer add USERNAME --db claims.db [--display-name …] [--password-stdin]
    extract reviewer list --db claims.db
    extract reviewer passwd USERNAME --db claims.db [--password-stdin]
    extract reviewer disable|enable USERNAME --db claims.db

Each is a thin shell over one library function (`create_app`, `decisions.create_reviewer`, …).
"""
from __future__ import annotations

import ipaddress
import sys

import click

DB_HELP = "The claims database (made by `extract batch DIR --db claims.db`)."


def _open(db: str, *, create: bool):
    from ..store import StoreError, open_db

    try:
        return open_db(db, create=create)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise click.ClickException("no password on standard input")
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("review")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep the default unless a TLS proxy sits in front.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--secret", envvar="EXTRACT_REVIEW_SECRET", default=None, show_envvar=True,
              help="Key that signs sign-in cookies. Default: a random key kept in DB.review-secret beside the "
                   "database (mode 0600).")
def review_command(db: str, host: str, port: int, secret: str | None) -> None:
    """Start the fact-check review queue in the browser (http://127.0.0.1:8000 by default).

    Reviewers sign in with accounts made by `extract reviewer add NAME --db DB`. Every page needs a signed-in
    reviewer: the queue holds decisions that are not yet published.
    """
    import uvicorn

    from . import decisions
    from .app import create_app

    conn = _open(db, create=False)
    if not decisions.list_reviewers(conn):
        click.echo(f"No reviewers yet: add one with `extract reviewer add NAME --db {db}`", err=True)
    conn.close()
    if not _loopback(host):
        click.echo(f"warning: listening on {host}: the review queue speaks plain HTTP; put it behind an HTTPS proxy",
                   err=True)
    app = create_app(db, secret=secret)
    click.echo(f"Review queue on http://{host}:{port}/ (Ctrl+C stops it)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)


@click.group("reviewer")
def reviewer_group() -> None:
    """Accounts of the review queue."""


@reviewer_group.command("add")
@click.argument("username")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--display-name", default=None, help="Name shown on the pages (default: the user name).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def reviewer_add(username: str, db: str, display_name: str | None, password_stdin: bool) -> None:
    """Add a reviewer; asks for the password twice (hidden), or reads it with --password-stdin."""
    from . import decisions

    conn = _open(db, create=True)
    password = _read_password(password_stdin)
    try:
        made = decisions.create_reviewer(conn, username, password, display_name=display_name)
    except decisions.ReviewError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"reviewer {made['username']} added")


@reviewer_group.command("list")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False), help=DB_HELP)
def reviewer_list(db: str) -> None:
    """List reviewers (user name, display name, created, active)."""
    from . import decisions

    for r in decisions.list_reviewers(_open(db, create=False)):
        state = "active" if r["active"] else "disabled"
        click.echo(f"{r['username']}\t{r['display_name'] or ''}\t{r['created'] or ''}\t{state}")


@reviewer_group.command("passwd")
@click.argument("username")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def reviewer_passwd(username: str, db: str, password_stdin: bool) -> None:
    """Set a reviewer's password (their open sessions end)."""
    from . import decisions

    conn = _open(db, create=False)
    try:
        decisions.set_password(conn, username.strip().lower(), _read_password(password_stdin))
    except decisions.ReviewError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"password of {username} changed")


def _toggle(active: bool):
    @click.argument("username")
    @click.option("--db", "db", required=True, type=click.Path(dir_okay=False), help=DB_HELP)
    def command(username: str, db: str) -> None:
        from . import decisions

        try:
            decisions.set_active(_open(db, create=False), username.strip().lower(), active)
        except decisions.ReviewError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"{username} {'enabled' if active else 'disabled'}")
    command.__doc__ = ("Allow a disabled reviewer to sign in again." if active else
                       "Stop a reviewer from signing in (their history stays).")
    return command


reviewer_group.command("disable")(_toggle(False))
reviewer_group.command("enable")(_toggle(True))

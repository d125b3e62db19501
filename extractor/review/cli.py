"""Commands of the review queue, registered on the main `extract` group by extractor/cli.py:

    extract review --db claims.db [--host 127.0.0.1] [--port 8000] [--secret …] [--behind-proxy …]
    extract reviewer add USERNAME --db claims.db [--display-name …] [--password-stdin]
    extract reviewer list --db claims.db
    extract reviewer passwd USERNAME --db claims.db [--password-stdin]
    extract reviewer disable|enable USERNAME --db claims.db
    extract reviewer signout USERNAME --db claims.db
    extract reviewer token USERNAME --db claims.db [--label …]      prints a new API token (shown once)
    extract reviewer token USERNAME --db claims.db --revoke [ID]    revokes one token (or every token of USERNAME)
    extract reviewer tokens --db claims.db [USERNAME]               the tokens: id, user, label, made, last used

Each is a thin shell over one library function (`create_app`, `decisions.create_reviewer`, …). Password hashes and
sessions are kept in `claims.db.reviewers` beside the database (mode 0600; `accounts.py`), never inside it; so are
the SHA-256 hashes of API tokens.
"""
from __future__ import annotations

import ipaddress
import sys
from contextlib import closing

import click

DB_HELP = "The claims database (made by `extract batch DIR --db claims.db`)."


def _open(db: str, *, create: bool):
    """The claims database, with any password hashes an older version kept inside it moved to the credentials
    file beside it."""
    from ..store import StoreError, open_db
    from .accounts import Accounts, AccountsError

    try:
        conn = open_db(db, create=create)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        with closing(Accounts(db)) as acc:
            moved = acc.adopt_legacy_hashes(conn)
    except (AccountsError, StoreError) as exc:
        raise click.ClickException(str(exc)) from None
    if moved:
        click.echo(f"moved {moved} password hash(es) out of {db} into {db}.reviewers (mode 0600)", err=True)
    return conn


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
              help="Server key (derives the sign-in form's CSRF token). Default: a random key kept in "
                   "DB.review-secret beside the database (mode 0600).")
@click.option("--behind-proxy", is_flag=True,
              help="An HTTPS proxy forwards to this server: trust its X-Forwarded-For (the client address the "
                   "sign-in limits count) and X-Forwarded-Proto (https → Secure cookie).")
@click.option("--proxy-address", default="127.0.0.1", show_default=True, metavar="ADDRS",
              help="With --behind-proxy: the proxy's address(es) or networks, comma-separated; headers from "
                   "anyone else are ignored.")
@click.option("--secure-cookies", is_flag=True,
              help="Always mark the sign-in cookie Secure (TLS ends somewhere that does not send "
                   "X-Forwarded-Proto). Without it the cookie is Secure whenever the request came over HTTPS.")
@click.option("--ssl-certfile", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Serve HTTPS directly with this certificate (PEM); needs --ssl-keyfile.")
@click.option("--ssl-keyfile", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The private key of --ssl-certfile (PEM).")
@click.option("--idle-timeout", default=120, show_default=True, type=click.IntRange(1, 12 * 60), metavar="MINUTES",
              help="A session unused this long ends (every session ends 12 hours after sign-in).")
def review_command(db: str, host: str, port: int, secret: str | None, behind_proxy: bool, proxy_address: str,
                   secure_cookies: bool, ssl_certfile: str | None, ssl_keyfile: str | None,
                   idle_timeout: int) -> None:
    """Start the fact-check review queue in the browser (http://127.0.0.1:8000 by default).

    Reviewers sign in with accounts made by `extract reviewer add NAME --db DB`. Every page needs a signed-in
    reviewer: the queue holds decisions that are not yet published.
    """
    import uvicorn

    from . import decisions
    from .accounts import Accounts, AccountsError
    from .app import create_app

    if bool(ssl_certfile) != bool(ssl_keyfile):
        raise click.UsageError("--ssl-certfile and --ssl-keyfile go together")
    conn = _open(db, create=False)
    reviewers = decisions.list_reviewers(conn)
    conn.close()
    if not reviewers:
        click.echo(f"No reviewers yet: add one with `extract reviewer add NAME --db {db}`", err=True)
    else:
        with closing(Accounts(db)) as acc:
            if not any(r["active"] and acc.has_password(r["username"]) for r in reviewers):
                click.echo(f"No reviewer can sign in: no passwords in {db}.reviewers (a copy of the database "
                           f"carries none); set one with `extract reviewer passwd NAME --db {db}`", err=True)
    scheme = "https" if ssl_certfile else "http"
    if not _loopback(host) and not ssl_certfile:
        click.echo(f"warning: listening on {host}: the review queue speaks plain HTTP; put it behind an HTTPS proxy"
                   " (and pass --behind-proxy)", err=True)
    proxies = [p.strip() for p in proxy_address.split(",") if p.strip()] or ["127.0.0.1"]
    try:
        app = create_app(db, secret=secret, behind_proxy=behind_proxy, trusted_proxies=proxies,
                         secure_cookies=True if secure_cookies else None, idle_timeout=idle_timeout * 60)
    except AccountsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Review queue on {scheme}://{host}:{port}/ (Ctrl+C stops it)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False,
                ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)


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
    """List reviewers (user name, display name, created, active; "no password" when the credentials file beside
    the database has none for them)."""
    from . import decisions

    from .accounts import Accounts

    conn = _open(db, create=False)
    with closing(Accounts(db)) as acc:
        for r in decisions.list_reviewers(conn):
            state = "active" if r["active"] else "disabled"
            if not acc.has_password(r["username"]):
                state += ", no password (reviewer passwd)"
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


@reviewer_group.command("signout")
@click.argument("username")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False), help=DB_HELP)
def reviewer_signout(username: str, db: str) -> None:
    """End every open session of a reviewer (a lost laptop); they can sign in again."""
    from . import decisions

    try:
        n = decisions.end_sessions(_open(db, create=False), username.strip().lower())
    except decisions.ReviewError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{username}: {n} session(s) ended")


def _when(ts) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%MZ") if ts else "never"


@reviewer_group.command("token")
@click.argument("username")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--label", default=None, help='What the token is for ("newsroom bot"); shown by `reviewer tokens`.')
@click.option("--revoke", "revoke", is_flag=False, flag_value="all", default=None, metavar="[ID]",
              help="Revoke the token with this id (as `reviewer tokens` shows it) instead; without an id, every "
                   "token of USERNAME.")
def reviewer_token(username: str, db: str, label: str | None, revoke: str | None) -> None:
    """Make an API token for USERNAME and print it (only once: the credentials file beside the database keeps its
    SHA-256, never the token). Tools send it as `Authorization: Bearer TOKEN` to /api/…; it acts as USERNAME
    until revoked or the reviewer is disabled."""
    from . import decisions

    conn = _open(db, create=False)
    try:
        if revoke is not None:
            n = decisions.revoke_api_tokens(conn, username, None if revoke == "all" else revoke)
            click.echo(f"{username}: {n} token(s) revoked")
            return
        made = decisions.create_api_token(conn, username, label=label)
    except decisions.ReviewError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        conn.close()
    click.echo(f"API token {made['id']} for {made['username']} (shown once; revoke with "
               f"`extract reviewer token {made['username']} --revoke {made['id']} --db {db}`):", err=True)
    click.echo(made["token"])


@reviewer_group.command("tokens")
@click.argument("username", required=False)
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False), help=DB_HELP)
def reviewer_tokens(username: str | None, db: str) -> None:
    """List API tokens (id, user, label, made, last used and from where, revoked) — never the tokens themselves."""
    from . import decisions

    conn = _open(db, create=False)
    try:
        rows = decisions.list_api_tokens(conn, username)
    except decisions.ReviewError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        conn.close()
    for t in rows:
        used = _when(t["last_used"]) + (f" from {t['last_address']}" if t["last_address"] else "")
        state = f"revoked {_when(t['revoked'])}" if t["revoked"] else "live"
        click.echo(f"{t['id']}\t{t['username']}\t{t['label'] or ''}\tmade {_when(t['created'])}\t"
                   f"last used {used}\t{state}")

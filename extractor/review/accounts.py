"""Reviewer credentials, sign-in sessions and failed sign-ins — in a file of their own beside the claims database.

    accounts = Accounts("claims.db")          # the file claims.db.reviewers (mode 0600), created when needed

The claims database is meant to be shared (Datasette, copies for colleagues), so nothing that lets someone sign
in lives there: the `reviewers` table of the claims database keeps the public side of an account (user name,
display name, active), and this file keeps

    passwords        username → scrypt hash (auth.hash_password)
    sessions         one row per signed-in browser: the SHA-256 of its cookie token (never the token), the user,
                     when it began and when it was last used, its address and its data (CSRF token, flash message)
    login_failures   failed sign-ins per user name and per client address, with the backoff they earned
    api_tokens       one row per API token (`extract reviewer token NAME`): the SHA-256 of the token (never the
                     token), whose it is, a label, when it was made, last used (and from where) and revoked

so sign-out ends a session on the server, "sign out everywhere" ends all of a reviewer's sessions, a session ends
after `idle` seconds without a request (and `max_age` after it began whatever happens), and the login limits
survive a restart. A copy of the claims database without this file lets nobody sign in.

Hashes written by an older version into the claims database's `reviewers.password_hash` are moved here the first
time the review queue or `extract reviewer` opens that database (`adopt_legacy_hashes`), and wiped there with
SQLite's secure_delete.

The file is created with mode 0600 (its journal files inherit that mode from it); an existing one with a wider mode
is narrowed to 0600, and one owned by another user is refused.
"""
from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import re
import secrets
import sqlite3
import stat
import threading
import time
from pathlib import Path

from ..errors import ExtractorError

CREDENTIALS_SUFFIX = ".reviewers"
SCHEMA_VERSION = 2                  # 2: api_tokens
BUSY_TIMEOUT_MS = 10_000

SESSION_IDLE = 2 * 60 * 60          # a session unused this long ends
SESSION_MAX_AGE = 12 * 60 * 60      # and every session ends after a working day
SESSION_TOUCH = 60                  # last_seen is rewritten at most this often (one write a minute per browser)
SESSIONS_PER_USER = 50              # the oldest beyond this end
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
API_TOKEN_PREFIX = "kcr_"           # "karmayogi claims review": a secret scanner (or a person) can tell what it is
API_TOKEN_RE = re.compile(r"^kcr_[A-Za-z0-9_-]{43}$")
API_TOKEN_TOUCH = 60                # last_used is rewritten at most this often per token

# failed sign-ins: (failures allowed before a wait, first wait in seconds, longest wait); each failure past the
# allowance doubles the wait. A key's count starts again after LOGIN_FORGET seconds without a failure.
LOGIN_LIMITS = {
    "user": (5, 15.0, 15 * 60.0),       # one account, from anywhere: slows a guesser spread over many addresses
    "address": (20, 30.0, 60 * 60.0),   # one client address, any user names: slows spraying many names
}
LOGIN_FORGET = 60 * 60
LOGIN_ROWS_MAX = 100_000            # bound on the table against names invented by a spray


class AccountsError(ExtractorError):
    """The credentials file cannot be used."""


def credentials_path(db_path: str | Path) -> Path:
    return Path(str(db_path) + CREDENTIALS_SUFFIX)


def main_db_path(db) -> str:
    """The file of a sqlite3 connection or sqlite-utils Database (its `main` schema)."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            if not file:
                raise AccountsError("an in-memory database has no reviewer credentials file")
            return file
    raise AccountsError("no main database")


def address_key(host: str | None) -> str:
    """The client address a limit is kept for: the IPv4 address, or the /64 network of an IPv6 one (one
    subscriber usually holds a whole /64)."""
    host = (host or "-").strip()
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:100]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


SCHEMA = """
CREATE TABLE IF NOT EXISTS passwords (
    username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, changed REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, username TEXT NOT NULL, created REAL NOT NULL, last_seen REAL NOT NULL,
    address TEXT, data TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS sessions_username ON sessions (username);
CREATE INDEX IF NOT EXISTS sessions_last_seen ON sessions (last_seen);
CREATE TABLE IF NOT EXISTS login_failures (
    scope TEXT NOT NULL, key TEXT NOT NULL, failures INTEGER NOT NULL, last_failure REAL NOT NULL,
    blocked_until REAL NOT NULL, PRIMARY KEY (scope, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS login_failures_last ON login_failures (last_failure);
CREATE TABLE IF NOT EXISTS api_tokens (
    id TEXT PRIMARY KEY, username TEXT NOT NULL, label TEXT, created REAL NOT NULL, last_used REAL,
    last_address TEXT, revoked REAL);
CREATE INDEX IF NOT EXISTS api_tokens_username ON api_tokens (username);
"""


class Accounts:
    """The credentials file of one claims database. Thread-safe: one connection per thread."""

    def __init__(self, db_path: str | Path, *, clock=time.time, idle: float = SESSION_IDLE,
                 max_age: float = SESSION_MAX_AGE) -> None:
        self.path = credentials_path(db_path)
        self.clock = clock
        self.idle, self.max_age = idle, max_age
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._ready = False

    # ---------------------------------------------------------------------------------------- the file

    @classmethod
    def for_db(cls, db, **kwargs) -> "Accounts":
        """The credentials of the database a connection (or sqlite-utils Database) is open on."""
        return cls(main_db_path(db), **kwargs)

    def _prepare_file(self) -> None:
        path = self.path
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            os.close(fd)
        except FileExistsError:
            pass
        except OSError as exc:
            raise AccountsError(f"{path}: cannot create the reviewer credentials file ({exc.strerror})") from None
        try:
            st = os.lstat(path)
        except OSError as exc:
            raise AccountsError(f"{path}: {exc.strerror}") from None
        if not stat.S_ISREG(st.st_mode):
            raise AccountsError(f"{path}: not a regular file; refusing to keep reviewer credentials there")
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            raise AccountsError(f"{path}: owned by another user; refusing to use it for reviewer credentials")
        if stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(path, 0o600)
        for suffix in ("-wal", "-shm", "-journal"):  # left by a version that made them with a wider mode
            side = Path(str(path) + suffix)
            try:
                if stat.S_IMODE(os.lstat(side).st_mode) & 0o077:
                    os.chmod(side, 0o600)
            except OSError:
                pass

    def connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        with self._guard:
            if not self._ready:
                self._prepare_file()
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA secure_delete = ON")
            with self._guard:
                if not self._ready:
                    self._migrate(conn)
                    self._ready = True
        except sqlite3.DatabaseError as exc:
            raise AccountsError(f"{self.path}: not a reviewer credentials file ({exc})") from None
        self._local.conn = conn
        with self._guard:
            self._conns.append(conn)
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise AccountsError(f"{self.path}: made by a newer version (schema {version}); upgrade this program")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        if version < SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for stmt in filter(None, (s.strip() for s in SCHEMA.split(";"))):
                    conn.execute(stmt)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._guard:
            for conn in self._conns:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
            self._conns.clear()
            self._ready = False
        self._local = threading.local()

    def _write(self, fn):
        conn = self.connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(conn)
            conn.execute("COMMIT")
            return result
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # ---------------------------------------------------------------------------------------- passwords

    def password_hash(self, username: str) -> str | None:
        if not self._ready and not self.path.exists():  # no file, no passwords (and none is made by asking)
            return None
        row = self.connect().execute("SELECT password_hash FROM passwords WHERE username = ?",
                                     [username]).fetchone()
        return row[0] if row else None

    def set_password_hash(self, username: str, hashed: str, *, end_sessions: bool = True) -> None:
        def run(conn):
            conn.execute("INSERT INTO passwords (username, password_hash, changed) VALUES (?, ?, ?)"
                         " ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash,"
                         " changed = excluded.changed", [username, hashed, self.clock()])
            if end_sessions:
                conn.execute("DELETE FROM sessions WHERE username = ?", [username])
        self._write(run)

    def has_password(self, username: str) -> bool:
        return self.password_hash(username) is not None

    def adopt_legacy_hashes(self, main) -> int:
        """Move password hashes an older version kept in the claims database's `reviewers` table into this file
        and wipe them there. Returns how many were moved. `main` is a writable connection or Database."""
        try:
            rows = main.execute("SELECT username, password_hash FROM reviewers"
                                " WHERE password_hash IS NOT NULL AND password_hash != ''").fetchall()
        except sqlite3.OperationalError:  # no reviewers table / no such column: nothing to move
            return 0
        if not rows:
            return 0

        def run(conn):
            for username, hashed in rows:
                conn.execute("INSERT INTO passwords (username, password_hash, changed) VALUES (?, ?, ?)"
                             " ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash",
                             [username, hashed, self.clock()])
        self._write(run)
        from ..store import write_transaction

        main.execute("PRAGMA secure_delete = ON")
        with write_transaction(main):
            main.execute("UPDATE reviewers SET password_hash = NULL WHERE password_hash IS NOT NULL")
        try:  # the old pages leave the write-ahead log too
            main.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass
        return len(rows)

    # ---------------------------------------------------------------------------------------- sessions

    def create_session(self, username: str, *, address: str | None = None, data: dict | None = None,
                       replaces: str | None = None) -> str:
        """A new session for `username`; returns the cookie token (only its hash is stored). `replaces`: the
        token of the browser's previous session, ended now (a new sign-in never reuses a session id)."""
        token = secrets.token_urlsafe(32)
        now = self.clock()

        def run(conn):
            if replaces and TOKEN_RE.match(replaces):
                conn.execute("DELETE FROM sessions WHERE id = ?", [_token_id(replaces)])
            self._prune(conn, now)
            conn.execute("INSERT INTO sessions (id, username, created, last_seen, address, data)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         [_token_id(token), username, now, now, address, json.dumps(data or {})])
            conn.execute("DELETE FROM sessions WHERE username = ? AND id NOT IN (SELECT id FROM sessions"
                         " WHERE username = ? ORDER BY last_seen DESC LIMIT ?)",
                         [username, username, SESSIONS_PER_USER])
        self._write(run)
        return token

    def _prune(self, conn, now: float) -> None:
        conn.execute("DELETE FROM sessions WHERE last_seen < ? OR created < ?", [now - self.idle,
                                                                                 now - self.max_age])

    def load_session(self, token: str | None) -> dict | None:
        """The live session of a cookie token: {"username", "data", "created", "last_seen"}; None when there is
        none, it was ended, or it expired (idle or too old — then it is deleted)."""
        if not token or not TOKEN_RE.match(token):
            return None
        sid = _token_id(token)
        conn = self.connect()
        row = conn.execute("SELECT username, created, last_seen, data FROM sessions WHERE id = ?",
                           [sid]).fetchone()
        if row is None:
            return None
        username, created, last_seen, data = row
        now = self.clock()
        if now - last_seen > self.idle or now - created > self.max_age:
            self._write(lambda c: c.execute("DELETE FROM sessions WHERE id = ?", [sid]))
            return None
        if now - last_seen >= SESSION_TOUCH:
            self._write(lambda c: c.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", [now, sid]))
            last_seen = now
        try:
            values = json.loads(data or "{}")
        except ValueError:
            values = {}
        return {"username": username, "data": values if isinstance(values, dict) else {}, "created": created,
                "last_seen": last_seen}

    def save_session_data(self, token: str, data: dict) -> None:
        if TOKEN_RE.match(token or ""):
            self._write(lambda c: c.execute("UPDATE sessions SET data = ? WHERE id = ?",
                                            [json.dumps(data), _token_id(token)]))

    def end_session(self, token: str | None) -> None:
        if token and TOKEN_RE.match(token):
            self._write(lambda c: c.execute("DELETE FROM sessions WHERE id = ?", [_token_id(token)]))

    def end_sessions(self, username: str) -> int:
        """End every session of `username` ("sign out everywhere"); returns how many there were."""
        return self._write(lambda c: c.execute("DELETE FROM sessions WHERE username = ?", [username]).rowcount)

    def session_count(self, username: str) -> int:
        now = self.clock()
        return self.connect().execute(
            "SELECT count(*) FROM sessions WHERE username = ? AND last_seen >= ? AND created >= ?",
            [username, now - self.idle, now - self.max_age]).fetchone()[0]

    # ---------------------------------------------------------------------------------------- API tokens

    def create_api_token(self, username: str, *, label: str | None = None) -> tuple[str, str]:
        """A new API token for `username`: (token, its public id — the first 12 hex digits of its SHA-256). Only
        the hash is stored; the token is shown once."""
        token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        tid = _token_id(token)
        self._write(lambda c: c.execute(
            "INSERT INTO api_tokens (id, username, label, created) VALUES (?, ?, ?, ?)",
            [tid, username, label, self.clock()]))
        return token, tid[:12]

    def api_token_user(self, token: str | None, *, address: str | None = None) -> str | None:
        """The user name of a live API token (None: malformed, unknown or revoked). Records its last use (at most
        once a minute)."""
        if not token or not API_TOKEN_RE.match(token):
            return None
        if not self._ready and not self.path.exists():
            return None
        tid = _token_id(token)
        row = self.connect().execute("SELECT username, last_used, revoked FROM api_tokens WHERE id = ?",
                                     [tid]).fetchone()
        if row is None or row[2] is not None:
            return None
        now = self.clock()
        if row[1] is None or now - row[1] >= API_TOKEN_TOUCH:
            self._write(lambda c: c.execute("UPDATE api_tokens SET last_used = ?, last_address = ? WHERE id = ?",
                                            [now, address, tid]))
        return row[0]

    def revoke_api_tokens(self, username: str, token_id: str | None = None) -> int:
        """Revoke one token of `username` (`token_id`: its public id or a longer prefix of it, at least 6 hex
        digits) or, with None, every token of theirs. Returns how many were revoked."""
        now = self.clock()
        if token_id is None:
            return self._write(lambda c: c.execute(
                "UPDATE api_tokens SET revoked = ? WHERE username = ? AND revoked IS NULL", [now, username]).rowcount)
        prefix = token_id.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{6,64}", prefix):
            return 0
        return self._write(lambda c: c.execute(
            "UPDATE api_tokens SET revoked = ? WHERE username = ? AND revoked IS NULL AND substr(id, 1, ?) = ?",
            [now, username, len(prefix), prefix]).rowcount)

    def api_tokens(self, username: str | None = None) -> list[dict]:
        """Every token (of `username`, or of everyone): id (public), username, label, created, last_used,
        last_address, revoked — times as Unix seconds."""
        if not self._ready and not self.path.exists():
            return []
        sql = "SELECT id, username, label, created, last_used, last_address, revoked FROM api_tokens"
        params: list = []
        if username is not None:
            sql += " WHERE username = ?"
            params.append(username)
        rows = self.connect().execute(sql + " ORDER BY username, created", params).fetchall()
        return [{"id": r[0][:12], "username": r[1], "label": r[2], "created": r[3], "last_used": r[4],
                 "last_address": r[5], "revoked": r[6]} for r in rows]

    # ---------------------------------------------------------------------------------------- sign-in limits

    def _keys(self, username: str, address: str | None) -> list[tuple[str, str]]:
        return [("user", (username or "")[:64]), ("address", address_key(address))]

    def login_wait(self, username: str, address: str | None) -> float:
        """Seconds until a sign-in for `username` from `address` is accepted again (0: now)."""
        now = self.clock()
        conn = self.connect()
        wait = 0.0
        for scope, key in self._keys(username, address):
            row = conn.execute("SELECT blocked_until FROM login_failures WHERE scope = ? AND key = ?",
                               [scope, key]).fetchone()
            if row and row[0] > now:
                wait = max(wait, row[0] - now)
        return wait

    def login_failed(self, username: str, address: str | None, *, scopes=("user", "address")) -> None:
        now = self.clock()

        def run(conn):
            for scope, key in self._keys(username, address):
                if scope not in scopes:
                    continue
                allowed, first, longest = LOGIN_LIMITS[scope]
                row = conn.execute("SELECT failures, last_failure FROM login_failures WHERE scope = ? AND key = ?",
                                   [scope, key]).fetchone()
                failures = 1 if row is None or now - row[1] > LOGIN_FORGET else row[0] + 1
                blocked = now + min(first * 2 ** (failures - allowed), longest) if failures >= allowed else 0.0
                conn.execute("INSERT OR REPLACE INTO login_failures (scope, key, failures, last_failure,"
                             " blocked_until) VALUES (?, ?, ?, ?, ?)", [scope, key, failures, now, blocked])
            conn.execute("DELETE FROM login_failures WHERE last_failure < ? AND blocked_until < ?",
                         [now - LOGIN_FORGET, now])
            n = conn.execute("SELECT count(*) FROM login_failures").fetchone()[0]
            if n > LOGIN_ROWS_MAX:
                conn.execute("DELETE FROM login_failures WHERE (scope, key) IN (SELECT scope, key FROM"
                             " login_failures WHERE blocked_until < ? ORDER BY last_failure LIMIT ?)",
                             [now, n - LOGIN_ROWS_MAX])
        self._write(run)

    def address_wait(self, address: str | None) -> float:
        """Seconds until requests from `address` are heard again after too many failures (wrong API tokens count
        with failed sign-ins: the same per-address limit)."""
        row = self.connect().execute("SELECT blocked_until FROM login_failures WHERE scope = 'address' AND key = ?",
                                     [address_key(address)]).fetchone()
        return max(0.0, row[0] - self.clock()) if row else 0.0

    def token_failed(self, address: str | None) -> None:
        """A wrong API token from `address`: counted against the address like a failed sign-in."""
        self.login_failed("", address, scopes=("address",))

    def login_succeeded(self, username: str) -> None:
        """A correct password clears the account's count (not the address's: one valid account must not let a
        guesser reset the limit on everyone else's)."""
        self._write(lambda c: c.execute("DELETE FROM login_failures WHERE scope = 'user' AND key = ?",
                                        [(username or "")[:64]]))

"""Issue 14, the review queue's sign-in: sessions that end on the server (sign-out, "sign out everywhere", idle and
maximum age), failed sign-ins limited per user and per address with a doubling wait kept on disk, an opaque
cookie that is Secure over HTTPS or behind a proxy saying so, and reviewer credentials in a 0600 file beside the
shared database. Everything runs in-process (Starlette's TestClient) or against 127.0.0.1."""
from __future__ import annotations

import base64
import os
import re
import shutil
import sqlite3
import stat
import warnings

import pytest
from review_fixtures import PASSWORD, build_review_db, csrf_of, sign_in

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from extractor.review import accounts as accounts_mod  # noqa: E402
from extractor.review import decisions  # noqa: E402
from extractor.review.app import create_app  # noqa: E402

SECRET = "test-secret-" + "s" * 40
COOKIE = "karmayogi_review"


class Clock:
    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("review-sec") / "template.db"
    build_review_db(path)
    return path


@pytest.fixture
def db(template_db, tmp_path):
    dst = tmp_path / "claims.db"
    shutil.copy(template_db, dst)
    shutil.copy(str(template_db) + ".reviewers", str(dst) + ".reviewers")
    return dst


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(db, clock):
    app = create_app(db, secret=SECRET)
    app.state.review.accounts.clock = clock
    return app


def client_at(app, address: str = "203.0.113.7", **kwargs) -> TestClient:
    return TestClient(app, client=(address, 50000), **kwargs)


def logout(client, *, everywhere: bool = False):
    page = client.get("/")
    data = {"csrf_token": csrf_of(page.text)}
    if everywhere:
        data["everywhere"] = "1"
    return client.post("/logout", data=data, follow_redirects=False)


def signed_in(client) -> bool:
    return client.get("/", follow_redirects=False).status_code == 200


def attempt(client, username: str, password: str):
    page = client.get("/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_of(page.text), "next": "/"}, follow_redirects=False)


def sessions_in_file(db) -> list[tuple]:
    with sqlite3.connect(str(db) + ".reviewers") as conn:
        return conn.execute("SELECT username, id FROM sessions ORDER BY username").fetchall()


# ------------------------------------------------------------------------------------------------ row 6: sessions

def test_logout_revokes_the_session_on_the_server(app, db):
    with client_at(app) as c:
        sign_in(c, "asha")
        kept = c.cookies.get(COOKIE)
        assert signed_in(c) and [u for u, _ in sessions_in_file(db)] == ["asha"]
        r = logout(c)
        assert r.status_code == 303 and r.headers["location"] == "/login?ended=one"
        assert c.cookies.get(COOKIE) != kept  # the browser gets a new, signed-out token
    assert sessions_in_file(db) == []
    with client_at(app) as replay:  # the saved cookie is worth nothing after sign-out
        replay.cookies.set(COOKIE, kept)
        r = replay.get("/", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_sign_out_everywhere_ends_every_session_of_that_reviewer_only(app, db):
    with client_at(app) as laptop, client_at(app, "198.51.100.4") as phone, client_at(app) as ravi:
        sign_in(laptop, "asha")
        sign_in(phone, "asha")
        sign_in(ravi, "ravi")
        assert signed_in(laptop) and signed_in(phone) and signed_in(ravi)
        page = laptop.get("/").text
        assert 'id="signout-everywhere"' in page and "Sign out everywhere" in page
        r = logout(laptop, everywhere=True)
        assert r.headers["location"] == "/login?ended=all"
        assert "signed out on every browser" in laptop.get(r.headers["location"]).text
        assert not signed_in(laptop) and not signed_in(phone)
        assert signed_in(ravi)
    assert [u for u, _ in sessions_in_file(db)] == ["ravi"]


def test_session_expires_when_idle_and_stays_while_used(app, clock):
    idle = accounts_mod.SESSION_IDLE
    with client_at(app) as c:
        sign_in(c, "asha")
        for _ in range(4):  # a request every 3/4 of the idle time keeps it alive past the idle time
            clock.now += idle * 0.75
            assert signed_in(c)
        clock.now += idle + 1
        r = c.get("/flags/x", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_a_form_sent_after_the_session_ended_leads_to_sign_in_and_writes_nothing(app, db, clock):
    with client_at(app) as c:
        sign_in(c, "asha")
        page = c.get("/")
        fid = re.search(r'data-flag="([0-9a-f]+)"', page.text).group(1)
        clock.now += accounts_mod.SESSION_IDLE + 1
        r = c.post("/bulk", data={"csrf_token": csrf_of(page.text), "bulk_action": "needs_info",
                                  "flag": f"{fid}:1"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
        r = c.post("/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM audit WHERE flag_id IS NOT NULL").fetchone()[0] == 0


def test_session_ends_after_its_maximum_age_even_when_used(app, clock):
    with client_at(app) as c:
        sign_in(c, "asha")
        steps = int(accounts_mod.SESSION_MAX_AGE // (accounts_mod.SESSION_IDLE / 2)) + 1
        for _ in range(steps):
            clock.now += accounts_mod.SESSION_IDLE / 2
            c.get("/claims", follow_redirects=False)
        assert not signed_in(c)


def test_idle_timeout_is_configurable(db, clock):
    app = create_app(db, secret=SECRET, idle_timeout=120)
    app.state.review.accounts.clock = clock
    with client_at(app) as c:
        sign_in(c, "asha")
        clock.now += 119
        assert signed_in(c)
        clock.now += 121
        assert not signed_in(c)


def test_sign_in_issues_a_new_token_and_ends_the_previous_session(app, db):
    with client_at(app) as c:
        c.get("/login")
        anonymous = c.cookies.get(COOKIE)
        sign_in(c, "asha")
        first = c.cookies.get(COOKIE)
        assert first != anonymous  # a token planted before sign-in (session fixation) never becomes a session
        sign_in(c, "ravi")  # signing in again in the same browser replaces the session
        assert c.cookies.get(COOKIE) != first
    assert [u for u, _ in sessions_in_file(db)] == ["ravi"]


def test_password_change_disable_and_cli_signout_end_sessions_on_the_server(app, db):
    from click.testing import CliRunner

    from extractor.review.cli import reviewer_group

    with client_at(app) as c:
        sign_in(c, "ravi")
        r = CliRunner().invoke(reviewer_group, ["signout", "ravi", "--db", str(db)])
        assert r.exit_code == 0 and "1 session(s) ended" in r.output
        assert not signed_in(c)
        sign_in(c, "ravi")
        decisions.set_active(sqlite3.connect(db), "ravi", False)
        assert sessions_in_file(db) == []
        decisions.set_active(sqlite3.connect(db), "ravi", True)
        assert not signed_in(c)  # enabling again does not bring the session back
        sign_in(c, "ravi")
        decisions.set_password(sqlite3.connect(db), "ravi", "an-entirely-new-password")
        assert not signed_in(c) and sessions_in_file(db) == []


# ------------------------------------------------------------------------------------------------ row 9: sign-in limits

def test_one_users_failures_do_not_lock_out_others_on_the_same_address(app):
    with client_at(app) as c:
        for _ in range(5):
            assert attempt(c, "ravi", "not the password").status_code == 401
        assert attempt(c, "ravi", PASSWORD).status_code == 429
        assert attempt(c, "asha", PASSWORD).status_code == 303  # same address (a proxy, an office): asha is fine


def test_failures_for_one_user_are_limited_from_every_address(app):
    for i in range(5):  # a guesser spread over five addresses
        with client_at(app, f"192.0.2.{i + 1}") as c:
            assert attempt(c, "ravi", f"guess-{i}").status_code == 401
    with client_at(app, "192.0.2.99") as c:
        r = attempt(c, "ravi", PASSWORD)
        assert r.status_code == 429 and "Too many failed sign-ins" in r.text
        assert int(r.headers["retry-after"]) == 15


def test_spraying_user_names_from_one_address_is_limited(app):
    allowed = accounts_mod.LOGIN_LIMITS["address"][0]
    with client_at(app, "203.0.113.66") as c:
        for i in range(allowed):
            assert attempt(c, f"user{i:02d}", "password-spray").status_code == 401
        assert attempt(c, "asha", PASSWORD).status_code == 429  # even a right password waits from there
    with client_at(app, "203.0.113.67") as other:
        assert attempt(other, "asha", PASSWORD).status_code == 303


def test_ipv6_addresses_share_a_limit_per_64_network():
    assert accounts_mod.address_key("2001:db8:1:2::1") == accounts_mod.address_key("2001:db8:1:2:ffff::9")
    assert accounts_mod.address_key("2001:db8:1:3::1") != accounts_mod.address_key("2001:db8:1:2::1")
    assert accounts_mod.address_key("::ffff:192.0.2.1") == "192.0.2.1"


def test_the_wait_doubles_and_is_not_extended_by_refused_attempts(app, clock):
    allowed, first, longest = accounts_mod.LOGIN_LIMITS["user"]
    with client_at(app) as c:
        for _ in range(allowed):
            attempt(c, "ravi", "wrong-password")
        waits = []
        for _ in range(8):
            r = attempt(c, "ravi", "wrong-password")
            assert r.status_code == 429
            wait = int(r.headers["retry-after"])
            waits.append(wait)
            assert attempt(c, "ravi", "wrong-password").status_code == 429  # refused, not counted
            clock.now += wait + 0.5
            assert attempt(c, "ravi", "wrong-password").status_code == 401  # counted: the next wait doubles
    assert waits[:4] == [first, first * 2, first * 4, first * 8]
    assert max(waits) == longest
    with client_at(app) as c:  # a right password after the wait clears the account's count
        clock.now += longest + 1
        assert attempt(c, "ravi", PASSWORD).status_code == 303
    assert app.state.review.accounts.login_wait("ravi", "203.0.113.7") == 0


def test_sign_in_limits_survive_a_restart(db, clock):
    first = create_app(db, secret=SECRET)
    first.state.review.accounts.clock = clock
    with client_at(first) as c:
        for _ in range(5):
            attempt(c, "ravi", "wrong-password")
    first.state.review.close()
    again = create_app(db, secret=SECRET)  # a new server process on the same database
    again.state.review.accounts.clock = clock
    with client_at(again) as c:
        assert attempt(c, "ravi", PASSWORD).status_code == 429
    with sqlite3.connect(str(db) + ".reviewers") as conn:
        rows = dict(conn.execute("SELECT scope, failures FROM login_failures"
                                 " WHERE key IN ('ravi', '203.0.113.7')").fetchall())
    assert rows == {"user": 5, "address": 5}


def test_forgotten_failures_start_counting_again(app, clock):
    with client_at(app) as c:
        for _ in range(4):
            attempt(c, "ravi", "wrong-password")
        clock.now += accounts_mod.LOGIN_FORGET + 1
        for _ in range(4):
            assert attempt(c, "ravi", "wrong-password").status_code == 401
        assert attempt(c, "ravi", PASSWORD).status_code == 303


# ------------------------------------------------------------------------------------------------ row 12: the cookie

def _set_cookie(r) -> str:
    return next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith(COOKIE + "="))


def test_session_cookie_is_an_opaque_token(app, db):
    with client_at(app) as c:
        sign_in(c, "asha")
        token = c.cookies.get(COOKIE)
        page = c.get("/").text
    # 32 random bytes and nothing else: no payload.signature structure (Starlette's cookie was base64 JSON with
    # the user, a password fingerprint and the CSRF token), nothing of the user or the page in it
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token) and len(base64.urlsafe_b64decode(token + "=")) == 32
    assert "asha" not in token and csrf_of(page) not in token and token not in page
    with sqlite3.connect(str(db) + ".reviewers") as conn:  # the server keeps a hash of the token, not the token
        ids = [r[0] for r in conn.execute("SELECT id FROM sessions")]
    assert token not in ids and len(ids) == 1


def test_cookie_is_not_secure_over_plain_http(app):
    with client_at(app) as c:
        header = _set_cookie(c.get("/login"))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header


def test_cookie_is_secure_over_https(app):
    with client_at(app, base_url="https://testserver") as c:
        r = c.get("/login")
        assert "Secure" in _set_cookie(r)
        assert r.headers["strict-transport-security"].startswith("max-age=")
        r = attempt(c, "asha", PASSWORD)
        assert r.status_code == 303 and "Secure" in _set_cookie(r) and "Max-Age=" in _set_cookie(r)


def test_cookie_is_secure_behind_a_trusted_proxy_saying_https(db):
    app = create_app(db, secret=SECRET, behind_proxy=True, trusted_proxies=["127.0.0.1"])
    with client_at(app, "127.0.0.1") as via_proxy:
        r = via_proxy.get("/login", headers={"x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.20"})
        assert "Secure" in _set_cookie(r)
        assert "Secure" not in _set_cookie(via_proxy.get("/login", headers={"x-forwarded-proto": "http"}))
    with client_at(app, "203.0.113.9") as direct:  # not the proxy: its headers are ignored
        r = direct.get("/login", headers={"x-forwarded-proto": "https"})
        assert "Secure" not in _set_cookie(r)


def test_behind_a_proxy_the_limits_count_the_forwarded_address(db):
    app = create_app(db, secret=SECRET, behind_proxy=True, trusted_proxies=["127.0.0.1"])
    with client_at(app, "127.0.0.1") as proxy:
        page = proxy.get("/login", headers={"x-forwarded-for": "198.51.100.1"})
        for i in range(accounts_mod.LOGIN_LIMITS["address"][0]):
            r = proxy.post("/login", data={"username": f"n{i}", "password": "x", "csrf_token": csrf_of(page.text)},
                           headers={"x-forwarded-for": "198.51.100.1"})
            assert r.status_code == 401
        r = proxy.post("/login", data={"username": "asha", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
                       headers={"x-forwarded-for": "198.51.100.1"}, follow_redirects=False)
        assert r.status_code == 429
        r = proxy.post("/login", data={"username": "asha", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
                       headers={"x-forwarded-for": "198.51.100.2"}, follow_redirects=False)
        assert r.status_code == 303  # another colleague behind the same proxy is not blocked


def test_secure_cookies_flag_always_marks_the_cookie_secure(db):
    app = create_app(db, secret=SECRET, secure_cookies=True)
    with client_at(app) as c:
        assert "Secure" in _set_cookie(c.get("/login"))


def test_review_command_documents_the_proxy_and_cookie_flags():
    from click.testing import CliRunner

    from extractor.review.cli import review_command

    out = CliRunner().invoke(review_command, ["--help"]).output
    for flag in ("--behind-proxy", "--proxy-address", "--secure-cookies", "--ssl-certfile", "--idle-timeout"):
        assert flag in out


# ---------------------------------------------------------------------------------------------- row 16: credentials file

def test_credentials_live_in_a_0600_file_beside_the_database(tmp_path):
    fx = build_review_db(tmp_path / "claims.db")
    creds = tmp_path / "claims.db.reviewers"
    assert stat.S_IMODE(os.stat(creds).st_mode) == 0o600
    with sqlite3.connect(fx.path) as conn:
        assert conn.execute("SELECT count(*) FROM reviewers").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM reviewers WHERE password_hash IS NOT NULL").fetchone()[0] == 0
    with sqlite3.connect(creds) as conn:
        hashes = [r[0] for r in conn.execute("SELECT password_hash FROM passwords")]
    assert len(hashes) == 2 and all(h.startswith("scrypt$") for h in hashes)
    for suffix in ("", "-wal", "-shm"):
        f = tmp_path / ("claims.db" + suffix)
        if f.exists():
            assert b"scrypt$" not in f.read_bytes(), suffix


def test_a_wider_mode_on_the_credentials_file_is_narrowed(db):
    os.chmod(str(db) + ".reviewers", 0o644)
    app = create_app(db, secret=SECRET)
    with client_at(app) as c:
        assert sign_in(c, "asha").status_code == 200
    assert stat.S_IMODE(os.stat(str(db) + ".reviewers").st_mode) == 0o600


def test_a_copy_of_the_database_alone_signs_nobody_in(db, tmp_path):
    copy = tmp_path / "shared-copy.db"
    shutil.copy(db, copy)
    app = create_app(copy, secret=SECRET)
    with client_at(app) as c:
        assert attempt(c, "asha", PASSWORD).status_code == 401


def test_hashes_an_older_version_left_in_the_database_move_out(db, tmp_path):
    with sqlite3.connect(str(db) + ".reviewers") as conn:
        legacy = conn.execute("SELECT username, password_hash FROM passwords").fetchall()
    os.remove(str(db) + ".reviewers")
    with sqlite3.connect(db) as conn:  # what the previous version wrote
        conn.executemany("UPDATE reviewers SET password_hash = ? WHERE username = ?", [(h, u) for u, h in legacy])

    def on_disk() -> bytes:
        return b"".join((tmp_path / ("claims.db" + s)).read_bytes() for s in ("", "-wal")
                        if (tmp_path / ("claims.db" + s)).exists())

    assert all(h.encode() in on_disk() for _, h in legacy)
    app = create_app(db, secret=SECRET)
    with client_at(app) as c:
        assert sign_in(c, "asha").status_code == 200 and signed_in(c)
    app.state.review.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM reviewers WHERE password_hash IS NOT NULL").fetchone()[0] == 0
    assert not any(h.encode() in on_disk() for _, h in legacy)  # wiped from the file, not just unlinked
    assert stat.S_IMODE(os.stat(str(db) + ".reviewers").st_mode) == 0o600


def test_reviewer_cli_keeps_working_with_the_credentials_file(tmp_path):
    from click.testing import CliRunner

    from extractor.review.cli import reviewer_group

    db = str(tmp_path / "claims.db")
    runner = CliRunner()
    assert runner.invoke(reviewer_group, ["add", "neha", "--db", db, "--password-stdin"],
                         input="a-long-password\n").exit_code == 0
    assert stat.S_IMODE(os.stat(db + ".reviewers").st_mode) == 0o600
    out = runner.invoke(reviewer_group, ["list", "--db", db]).output
    assert out.split("\t")[0] == "neha" and out.rstrip().endswith("active")
    os.remove(db + ".reviewers")  # the database alone, as shared
    out = runner.invoke(reviewer_group, ["list", "--db", db]).output
    assert "no password" in out
    r = runner.invoke(reviewer_group, ["passwd", "neha", "--db", db, "--password-stdin"], input="a-new-password\n")
    assert r.exit_code == 0
    app = create_app(db, secret=SECRET)
    with client_at(app) as c:
        assert attempt(c, "neha", "a-new-password").status_code == 303

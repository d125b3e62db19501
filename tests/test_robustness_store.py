"""Issue 14, rows 7, 10 and 13: the database. Creation and migrations are serialised (two batches started at once
on a new path both finish); a read-only, damaged or newer-schema database is one line on stderr and exit status 3
(`store.EXIT_DATABASE`), never a traceback, and a newer schema is refused before anything is written; `extract
check` tells "a figure disagrees" (1) from "the database cannot be used" (3)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from extractor.batch.runner import run_batch
from extractor.store import EXIT_DATABASE, NewerDatabase, StoreError, open_db

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
SEED_001 = SEEDS / "001_6ed01f356ed30db4.txt"
SEED_004 = SEEDS / "004_1da6169ce7a652b7.txt"


def cli(*args, timeout=180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def one_line_error(r: subprocess.CompletedProcess, *words: str) -> None:
    assert r.returncode == EXIT_DATABASE, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    for w in words:
        assert w in lines[0], lines[0]


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """A database holding seeds 001 and 004."""
    d = tmp_path_factory.mktemp("stored")
    src = d / "in"
    src.mkdir()
    shutil.copy(SEED_001, src)
    shutil.copy(SEED_004, src)
    db = d / "claims.db"
    run_batch([str(src)], str(db), workers=1, find_flags=False)
    return db


def copy_db(stored: Path, tmp_path: Path) -> Path:
    db = tmp_path / "c.db"
    src, dst = sqlite3.connect(stored), sqlite3.connect(db)
    src.backup(dst)  # the WAL's pages too
    src.close()
    dst.close()
    return db


# -- row 7: two batches on a new database ---------------------------------------------------------------------------

def test_two_batches_started_at_once_on_a_new_database_both_finish(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED_001, src)
    for trial in range(4):  # before: one of the two failed in 9 of 20 trials
        db = tmp_path / f"new{trial}.db"
        cmd = [sys.executable, "-m", "extractor", "batch", str(src), "--db", str(db), "--workers", "1", "-q",
               "--no-flags"]
        procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        outs = [p.communicate(timeout=180) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
        conn = sqlite3.connect(db)
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM runs WHERE status = 'finished'").fetchone()[0] == 2
        conn.close()


def test_opening_a_new_database_waits_for_the_one_creating_it(tmp_path):
    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")  # another process is creating the schema
    holder.execute("CREATE TABLE placeholder (x)")
    result = {}

    def other():
        try:
            db = open_db(path)
            result["tables"] = db.table_names()
            db.close()
        except Exception as exc:  # noqa: BLE001 - reported below
            result["error"] = exc

    t = threading.Thread(target=other)
    t.start()
    time.sleep(1.0)
    assert t.is_alive()  # waiting for the write lock, not failing at once
    holder.execute("COMMIT")
    t.join(30)
    assert "error" not in result, result.get("error")
    assert "documents" in result["tables"]
    holder.close()


# -- row 10: read-only, damaged, newer ------------------------------------------------------------------------------

def make_read_only(db: Path):
    """chattr +i as root (root ignores file modes), else chmod: returns the undo."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: the database cannot be made read-only")
        r = subprocess.run(["chattr", "+i", str(db)], capture_output=True)
        if r.returncode != 0:
            pytest.skip(f"chattr +i not supported here: {r.stderr.decode().strip()}")
        return lambda: subprocess.run(["chattr", "-i", str(db)], check=True)
    db.chmod(0o444)
    db.parent.chmod(0o555)
    return lambda: (db.parent.chmod(0o755), db.chmod(0o644))


def test_a_read_only_database_is_one_line_and_exit_status_3(stored, tmp_path):
    db = copy_db(stored, tmp_path)
    undo = make_read_only(db)
    try:
        one_line_error(cli("batch", SEEDS, "--db", db, "--workers", 1, "--no-flags"), str(db), "read-only")
        one_line_error(cli("contradictions", "--db", db), str(db))
    finally:
        undo()


def damage(db: Path) -> None:
    """Overwrite pages in the middle of the file (the header stays valid)."""
    size = db.stat().st_size
    with open(db, "r+b") as fh:
        for offset in range(4096, size, 8192):
            fh.seek(offset)
            fh.write(b"\xde\xad\xbe\xef" * 1024)


@pytest.mark.parametrize("command", [["batch", SEEDS, "--workers", 1, "--no-flags"], ["export"], ["contradictions"],
                                     ["check", SEED_001]])
def test_a_damaged_database_is_one_line_and_exit_status_3(stored, tmp_path, command):
    db = copy_db(stored, tmp_path)
    damage(db)
    args = command[:1] + ([*command[1:2], "--db", db, *command[2:]] if command[0] in ("batch", "check")
                          else ["--db", db])
    one_line_error(cli(*args), str(db), "damaged")


def test_a_file_that_is_not_a_database_is_one_line_and_exit_status_3(tmp_path):
    db = tmp_path / "notes.db"
    db.write_bytes(b"these are my notes, not a database\n" * 200)
    one_line_error(cli("export", "--db", db), "not a claims database")


def newer(db: Path) -> None:
    """What a newer version of the program does to the database: a migration this version does not know, and a
    column it added."""
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                 " VALUES ('karmayogi-claims', 'm099_from_the_future', '2027-01-01')")
    conn.execute("ALTER TABLE claims ADD COLUMN reviewed_by TEXT")
    conn.commit()
    conn.close()


def test_a_database_from_a_newer_version_is_refused_before_anything_is_written(stored, tmp_path):
    db = copy_db(stored, tmp_path)
    newer(db)
    before = db.read_bytes()
    with pytest.raises(NewerDatabase, match="newer version"):
        open_db(db)
    r = cli("batch", SEEDS, "--db", db, "--workers", 1, "--no-flags", "--force")
    one_line_error(r, str(db), "newer version", "m099_from_the_future")
    one_line_error(cli("check", SEED_001, "--db", db), "newer version")
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 1  # no run was even started
    conn.close()
    assert isinstance(NewerDatabase("x"), StoreError)
    assert db.read_bytes()[:100] == before[:100]


# -- row 13: check's exit statuses ----------------------------------------------------------------------------------

def test_check_exit_status_tells_a_disagreement_from_a_broken_database(stored, tmp_path):
    db = copy_db(stored, tmp_path)
    agrees = tmp_path / "agrees.txt"
    agrees.write_text("Mission Karmayogi: iGOT पर 50 लाख से अधिक ऐप डाउनलोड।\n", encoding="utf-8")
    assert cli("check", agrees, "--db", db).returncode == 0
    slip = tmp_path / "slip.txt"
    slip.write_text(SEED_001.read_text(encoding="utf-8").replace("14.5 करोड़", "1.45 करोड़"), encoding="utf-8")
    assert cli("check", slip, "--db", db).returncode == 1  # a figure disagrees
    assert cli("check", tmp_path / "missing.txt", "--db", db).returncode == 2  # a file cannot be read
    damage(db)
    one_line_error(cli("check", slip, "--db", db), "damaged")  # the database cannot be used: 3, never 1

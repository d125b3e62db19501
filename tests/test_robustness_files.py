"""Issue 14, rows 2-5: files that are not files. Only regular files are read (a FIFO, a device or a socket is
recorded as skipped with the reason, and nothing blocks); a file name that is not UTF-8 is stored escaped and
losslessly; a symbolic link leading outside the folders is not followed unless --follow-symlinks; and a file is
read once, so the hash stored is the hash of the bytes whose claims are stored."""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import extractor.batch.jobs as jobs
from extractor.batch.jobs import Job, hash_file, process_job
from extractor.batch.runner import run_batch
from extractor.ingest.files import NotRegularFile, open_regular, path_bytes, shown_path
from extractor.pipeline import extract_file

ROOT = Path(__file__).resolve().parent.parent
SEED_001 = ROOT / "corpus" / "seeds" / "001_6ed01f356ed30db4.txt"
SEED_004 = ROOT / "corpus" / "seeds" / "004_1da6169ce7a652b7.txt"


def cli(*args, timeout=120) -> subprocess.CompletedProcess:
    """`extract …` in a subprocess that is killed if it hangs (a FIFO used to block for ever)."""
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def rows(db, sql, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def documents(db) -> dict:
    return {p.rsplit("/", 1)[-1]: (status, reason) for p, status, reason in
            rows(db, "SELECT path, status, reason FROM documents")}


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SEED_001, d / "good.txt")
    return d


# -- row 2: FIFOs, devices, sockets --------------------------------------------------------------------------------

def test_a_fifo_in_the_folder_is_skipped_with_the_reason_and_the_batch_finishes(folder, tmp_path):
    os.mkfifo(folder / "x.txt")
    db = tmp_path / "c.db"
    r = cli("batch", folder, "--db", db, "--workers", 1, "--no-flags", timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "x.txt: skipped: not a regular file: a named pipe (FIFO)" in r.stderr
    docs = documents(db)
    assert docs["x.txt"] == ("skipped", "not a regular file: a named pipe (FIFO)")
    assert docs["good.txt"][0] == "ok"
    assert rows(db, "SELECT skipped FROM runs")[0][0] == 1


def test_extract_and_check_refuse_a_fifo_at_once(folder, tmp_path):
    fifo = folder / "draft.txt"
    os.mkfifo(fifo)
    r = cli(fifo, "--format", "jsonl", timeout=60)
    assert r.returncode == 2 and "not a regular file: a named pipe (FIFO)" in r.stderr
    db = tmp_path / "c.db"
    run_batch([str(SEED_001)], str(db), workers=1, find_flags=False)
    r = cli("check", fifo, "--db", db, timeout=60)
    assert r.returncode == 2 and "not a regular file" in r.stderr


def test_a_socket_and_a_device_are_skipped(folder, tmp_path):
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "s.txt"))
    try:
        os.symlink("/dev/zero", folder / "zero.txt")  # a device, through a link: never read (it has no end)
        db = tmp_path / "c.db"
        report = run_batch([str(folder)], str(db), workers=1, find_flags=False, follow_symlinks=True)
    finally:
        sock.close()
    docs = documents(db)
    assert docs["s.txt"] == ("skipped", "not a regular file: a socket")
    assert docs["zero.txt"] == ("skipped", "not a regular file: a character device")
    assert report.counts["skipped"] == 2 and report.counts["ok"] == 1 and report.failed == 0


def test_open_regular_refuses_what_is_not_a_file(tmp_path):
    os.mkfifo(tmp_path / "f")
    for path, kind in ((tmp_path / "f", "a named pipe (FIFO)"), ("/dev/null", "a character device")):
        with pytest.raises(NotRegularFile, match=kind.replace("(", r"\(").replace(")", r"\)")):
            open_regular(path)
    with pytest.raises(NotRegularFile, match="is a directory"):
        open_regular(tmp_path)
    with open_regular(SEED_001) as fh:
        assert fh.read(10) == SEED_001.read_bytes()[:10]


# -- row 3: file names that are not UTF-8 --------------------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_stored_escaped_and_the_batch_goes_on(folder, tmp_path):
    raw = os.fsencode(folder) + b"/inv\xff\xfename.txt"
    with open(raw, "wb") as fh:
        fh.write(SEED_004.read_bytes())
    db = tmp_path / "c.db"
    first = run_batch([str(folder)], str(db), workers=2, find_flags=False)
    assert first.failed == 0 and first.counts["ok"] == 2
    shown = str(folder) + "/inv\\xff\\xfename.txt"
    assert rows(db, "SELECT status FROM paths WHERE path = ?", [shown]) == [("ok",)]
    assert {p for (p,) in rows(db, "SELECT DISTINCT source_path FROM claims")} == {str(folder / "good.txt"), shown}
    assert path_bytes(shown) == raw  # lossless: the bytes of the name come back
    again = run_batch([str(folder)], str(db), workers=1, find_flags=False)
    assert again.counts["unchanged"] == 2  # the stored name is found again on the next run
    r = cli(os.fsdecode(raw), "--format", "jsonl")
    assert r.returncode == 0 and f'"path": "{shown}"'.replace("\\", "\\\\") in r.stdout


def test_shown_names_are_printable_distinct_and_give_the_bytes_back():
    names = [b"plain.txt", "हिंदी.txt".encode(), b"inv\xff\xfename.txt", b"a\\xffb.txt", b"a\\\\xffb", b"\xe0\xa4.txt",
             b"x\\"]
    shown = [shown_path(os.fsdecode(n)) for n in names]
    assert len(set(shown)) == len(names)
    for name, s in zip(names, shown):
        s.encode("utf-8")  # storable and printable
        assert path_bytes(s) == name
    assert shown[:2] == ["plain.txt", "हिंदी.txt"]  # a valid name is shown as it is


# -- row 4: symbolic links -----------------------------------------------------------------------------------------

def test_a_symlink_leading_outside_the_folder_is_not_read(folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Mission Karmayogi: iGOT पर 14.5 करोड़ यूजर्स। password: hunter2\n", encoding="utf-8")
    os.symlink(secret, folder / "p.txt")
    os.symlink("/etc/passwd", folder / "passwd.txt")
    (folder / "sub").mkdir()
    os.symlink(folder / "good.txt", folder / "sub" / "inside.txt")  # inside the folder: read
    db = tmp_path / "c.db"
    report = run_batch([str(folder)], str(db), workers=1, find_flags=False)
    docs = documents(db)
    for name in ("p.txt", "passwd.txt"):
        status, reason = docs[name]
        assert status == "skipped" and "outside the folders" in reason and "--follow-symlinks" in reason
    assert report.counts["skipped"] == 2 and report.failed == 0
    assert not rows(db, "SELECT 1 FROM documents WHERE text LIKE '%hunter2%' OR text LIKE '%root:%'")
    assert rows(db, "SELECT status FROM paths WHERE path LIKE '%inside.txt'") == [("ok",)]
    followed = run_batch([str(folder)], str(tmp_path / "f.db"), workers=1, find_flags=False, follow_symlinks=True)
    assert followed.counts["skipped"] == 0
    assert rows(tmp_path / "f.db", "SELECT count(*) FROM documents WHERE text LIKE '%hunter2%'") == [(1,)]


def test_a_symlink_named_on_the_command_line_is_read(folder, tmp_path):
    link = tmp_path / "named.txt"
    os.symlink(SEED_001, link)
    report = run_batch([str(link)], str(tmp_path / "c.db"), workers=1, find_flags=False)
    assert report.counts["ok"] == 1 and report.counts["skipped"] == 0


def test_a_plain_file_swapped_for_a_symlink_after_the_walk_is_not_followed(folder, tmp_path):
    path = folder / "good.txt"
    st = os.stat(path)
    job = Job(str(path), hash_file(str(path)), st.st_size, st.st_mtime_ns, follow=False)
    path.unlink()
    os.symlink("/etc/passwd", path)
    result = process_job(job)
    assert result.docs == [] and "symbolic link" in result.error


# -- row 5: one read -----------------------------------------------------------------------------------------------

def test_a_file_rewritten_after_it_was_hashed_is_stored_with_the_hash_of_what_was_extracted(folder, tmp_path):
    path = folder / "good.txt"
    st = os.stat(path)
    job = Job(str(path), hash_file(str(path)), st.st_size, st.st_mtime_ns)  # the walk hashed version A
    path.write_bytes(SEED_004.read_bytes())  # version B, before the worker reads it
    result = process_job(job)
    assert job.file_hash == hashlib.sha1(SEED_004.read_bytes()).hexdigest()
    assert len(result.docs[0].claims) == len(extract_file(SEED_004))


def test_rewriting_a_file_during_batches_never_stores_one_version_s_hash_with_the_other_s_claims(folder, tmp_path):
    versions = [SEED_001.read_bytes(), SEED_004.read_bytes()]
    path = folder / "good.txt"
    for i in range(3):
        shutil.copy(SEED_001, folder / f"other{i}.txt")
    stop = threading.Event()

    def rewrite():
        i = 0
        while not stop.is_set():
            with open(path, "r+b") as fh:  # in place, as a scraper overwriting its output does
                fh.write(versions[i % 2])
                fh.truncate()
            i += 1

    db = tmp_path / "c.db"
    writer = threading.Thread(target=rewrite)
    writer.start()
    try:
        for _ in range(4):
            run_batch([str(folder)], str(db), workers=2, force=True, find_flags=False)
    finally:
        stop.set()
        writer.join()
    [(file_hash, doc_id, status, text)] = rows(
        db, "SELECT p.hash, d.id, d.status, d.text FROM paths p JOIN documents d ON d.id = p.document_id"
            " WHERE p.path = ?", [str(path)])
    if status == "ok":  # the hash is of the bytes whose text (and claims) are stored
        assert file_hash == hashlib.sha1(text.encode("utf-8")).hexdigest()
    else:  # a read that caught the file half-rewritten: recorded under the hash of exactly those bytes
        assert doc_id == file_hash
    # and the next run reads the file again exactly when it holds other bytes than those
    now = hashlib.sha1(path.read_bytes()).hexdigest()
    report = run_batch([str(folder)], str(db), workers=1, find_flags=False)
    assert report.counts["unchanged"] == 3 + (now == file_hash)


def test_a_feed_is_read_once_and_hashed_as_read(tmp_path, monkeypatch):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "Mission Karmayogi", "text": "iGOT पर 14.5 करोड़ यूजर्स पंजीकृत हैं।"}\n',
                    encoding="utf-8")
    opened = []
    real = jobs.open_job
    monkeypatch.setattr(jobs, "open_job", lambda job: opened.append(job.path) or real(job))
    st = os.stat(feed)
    job = Job(str(feed), "planned", st.st_size, st.st_mtime_ns)
    result = process_job(job)
    assert opened == [str(feed)]
    assert job.file_hash == hashlib.sha1(feed.read_bytes()).hexdigest()
    assert result.docs[0].status == "ok" and result.docs[0].claims

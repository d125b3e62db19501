"""`extract batch`: the corpus into the store, incrementally, identically for any number of workers or engine."""
from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.batch.runner import run_batch
from extractor.evaluate import CONTRADICTIONS_FILE, load_gold
from extractor.ingest import read_document
from extractor.pipeline import extract_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED_001 = CORPUS / "seeds" / "001_6ed01f356ed30db4.txt"
SEED_004 = CORPUS / "seeds" / "004_1da6169ce7a652b7.txt"
PIB = CORPUS / "composed" / "en_pib_release_2026-03-12.txt"
VOLATILE = {"first_run", "last_run", "extracted_at"}  # run ids and timestamps


def cli(*args, cwd=None, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=timeout)


def connect(db) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn


def rows(db, table: str, key: str = "id") -> dict:
    with connect(db) as conn:
        return {r[key]: {k: r[k] for k in r.keys() if k not in VOLATILE} for r in conn.execute(f"SELECT * FROM {table}")}


def count(db, sql: str, params=()) -> int:
    with connect(db) as conn:
        return conn.execute(sql, params).fetchone()[0]


def copy_corpus(dest: Path) -> Path:
    shutil.copytree(CORPUS, dest, ignore=shutil.ignore_patterns("gold"))
    return dest


def copy_files(dest: Path, *files: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, dest / f.name)
    return dest


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    """The whole corpus/ (gold/ kept out by corpus/.extractignore), one worker."""
    db = tmp_path_factory.mktemp("corpus") / "claims.db"
    report = run_batch([str(CORPUS)], str(db), workers=1, find_flags=False)
    return db, report


def _stored_by_path(db) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    with connect(db) as conn:
        for r in conn.execute("SELECT c.*, d.path AS doc_path FROM claims c JOIN documents d ON d.id = c.document_id"
                              " ORDER BY c.document_id, c.position"):
            out.setdefault(r["doc_path"], []).append(dict(r))
    return out


# --- the corpus in the store -----------------------------------------------------------------------------------------

def test_batch_over_the_corpus_stores_exactly_what_the_single_file_extractor_gives(corpus_db):
    db, report = corpus_db
    articles = [p for p in sorted(CORPUS.rglob("*")) if p.suffix in (".txt", ".html") and "gold" not in p.parts]
    assert report.counts["files"] == len(articles) == 16  # gold/ and README.md are not articles
    assert report.counts["ok"] == 16 and report.counts["error"] == 0
    stored = _stored_by_path(db)
    for article in articles:
        expected = extract_file(article)
        got = stored.get(str(article), [])
        assert [c["id"] for c in got] == [c.id for c in expected], article.name
        assert [c["value"] for c in got] == [float(c.value) for c in expected], article.name
    assert count(db, "SELECT count(*) FROM claims") == sum(len(extract_file(a)) for a in articles)
    assert count(db, "SELECT count(*) FROM documents WHERE path LIKE '%gold%'") == 0


def test_every_gold_claim_the_single_file_extractor_finds_is_stored_with_its_value(corpus_db):
    db, _ = corpus_db
    stored = _stored_by_path(db)
    gold_total = found_by_extractor = found_in_store = 0
    for gold_path in sorted((CORPUS / "gold").glob("*.json")):
        if gold_path.name == CONTRADICTIONS_FILE:
            continue
        article = CORPUS / json.loads(gold_path.read_text(encoding="utf-8"))["article"]
        gold = load_gold(gold_path, read_document(article).text)
        single = extract_file(article)
        in_store = stored.get(str(article), [])
        for g in gold:
            gold_total += 1

            def hit(start, end, value):
                return start < g.end and end > g.start and abs(float(value) - g.value) <= 1e-9 * max(1, abs(g.value))

            by_extractor = any(hit(c.evidence.start, c.evidence.end, c.value) for c in single)
            by_store = any(hit(c["start"], c["end"], c["value"]) for c in in_store)
            found_by_extractor += by_extractor
            found_in_store += by_store
            if by_extractor:
                assert by_store, f"{article.name}: gold {g.quote!r} = {g.value:g} found by extract_file, not stored"
    print(f"\ngold claims: {gold_total}; value match by extract_file: {found_by_extractor}; "
          f"in the store: {found_in_store}")
    assert gold_total > 100 and found_by_extractor > 0.8 * gold_total
    assert found_in_store == found_by_extractor


def test_a_second_run_adds_nothing_and_counts_every_file_unchanged(tmp_path):
    src = copy_corpus(tmp_path / "corpus")
    db = tmp_path / "c.db"
    first = run_batch([src], db, workers=1, find_flags=False)
    before = rows(db, "claims"), rows(db, "documents"), rows(db, "paths", "path")
    second = run_batch([src], db, workers=1, find_flags=False)
    assert second.counts["unchanged"] == second.counts["files"] == first.counts["files"] == 16
    for key in ("new", "changed", "ok", "claims_added", "claims_removed", "duplicates", "error"):
        assert second.counts[key] == 0, key
    after = rows(db, "claims"), rows(db, "documents"), rows(db, "paths", "path")
    assert before[0] == after[0] and before[1] == after[1]
    assert {p: {k: v for k, v in r.items() if k != "last_run"} for p, r in before[2].items()} == \
           {p: {k: v for k, v in r.items() if k != "last_run"} for p, r in after[2].items()}
    assert count(db, "SELECT count(*) FROM runs WHERE status = 'finished'") == 2


def test_a_changed_file_has_its_claims_replaced_and_the_others_are_untouched(tmp_path):
    src = copy_files(tmp_path / "in", SEED_001, SEED_004, PIB)
    db = tmp_path / "c.db"
    run_batch([src], db, workers=1, find_flags=False)
    changed = src / PIB.name
    old_ids = {r["id"] for r in rows(db, "claims").values() if r["source_path"] == str(changed)}
    others = {k: v for k, v in rows(db, "claims").items() if v["source_path"] != str(changed)}
    assert old_ids
    text = PIB.read_text(encoding="utf-8").replace("1.45 crore", "1.62 crore").replace("14.5 million", "16.2 million")
    changed.write_text(text, encoding="utf-8")
    new_claims = extract_file(changed)
    report = run_batch([src], db, workers=1, find_flags=False)
    assert report.counts["changed"] == 1 and report.counts["unchanged"] == 2
    assert report.counts["claims_added"] == len(new_claims)
    now = rows(db, "claims")
    mine = {k for k, v in now.items() if v["source_path"] == str(changed)}
    assert mine == {c.id for c in new_claims}
    assert 16200000 in {now[k]["value"] for k in mine} and 14500000 not in {now[k]["value"] for k in mine}
    assert not (old_ids - mine) & set(now)  # every claim that was not read again is gone
    assert {k: v for k, v in now.items() if v["source_path"] != str(changed)} == others
    assert count(db, "SELECT count(*) FROM documents") == 3  # the old version of the file is gone

    forced = run_batch([src], db, workers=1, force=True, find_flags=False)
    assert forced.counts["unchanged"] == 0 and forced.counts["ok"] == 3
    # the same bytes read again because of --force are no change (issue 15: they were counted as "changed")
    assert (forced.counts.forced, forced.counts["changed"], forced.counts["new"]) == (3, 0, 0)
    from extractor.output import batch_summary

    assert "re-extracted (--force)" in batch_summary(forced)
    assert set(rows(db, "claims")) == set(now)
    assert count(db, "SELECT count(*) FROM claims") == len(now)
    assert count(db, "SELECT count(*) FROM documents") == 3


def test_the_same_content_at_two_paths_is_one_document_with_two_paths(tmp_path):
    src = copy_files(tmp_path / "in", SEED_001)
    (src / "sub").mkdir()
    shutil.copy(SEED_001, src / "sub" / "copy.txt")
    db = tmp_path / "c.db"
    report = run_batch([src], db, workers=1, find_flags=False)
    assert report.counts["files"] == 2 and report.counts["duplicates"] == 1
    assert count(db, "SELECT count(*) FROM documents") == 1
    paths = rows(db, "paths", "path")
    assert set(paths) == {str(src / SEED_001.name), str(src / "sub" / "copy.txt")}
    assert len({p["document_id"] for p in paths.values()}) == 1
    assert count(db, "SELECT count(*) FROM claims") == len(extract_file(SEED_001))


def test_one_worker_and_two_workers_write_identical_tables(tmp_path, corpus_db):
    one, _ = corpus_db
    two = tmp_path / "two.db"
    run_batch([str(CORPUS)], two, workers=2, find_flags=False)
    assert rows(one, "documents") == rows(two, "documents")
    assert rows(one, "claims") == rows(two, "claims")


def test_dask_engine_on_a_local_cluster_gives_the_claims_of_one_worker(tmp_path, corpus_db):
    pytest.importorskip("dask.distributed")
    one, _ = corpus_db
    db = tmp_path / "dask.db"
    # in a subprocess with a time limit: a LocalCluster that hangs must not hang the suite
    r = cli("batch", CORPUS, "--db", db, "--engine", "dask", "--workers", 2, "-q", "--no-flags", timeout=240)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert rows(one, "claims") == rows(db, "claims")
    assert rows(one, "documents") == rows(db, "documents")
    assert count(db, "SELECT engine FROM runs") == "dask"


def test_a_syndicated_copy_joins_the_story_of_its_original_and_001_004_stay_apart(tmp_path):
    src = copy_files(tmp_path / "in", SEED_001, SEED_004)
    lines = SEED_001.read_text(encoding="utf-8").split("\n")
    lines[0] = "योगी सरकार का बड़ा फैसला: अब हर सरकारी कर्मचारी के लिए क्षमता निर्माण प्रशिक्षण अनिवार्य"
    at = next(i for i, ln in enumerate(lines) if ln.startswith("सरकार इसके माध्यम"))
    lines[at:at] = ["यह भी पढ़ें: यूपी में 10 हजार शिक्षकों की भर्ती, जानें आवेदन की पूरी प्रक्रिया", ""]
    (src / "syndicated_copy.txt").write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path / "c.db"
    report = run_batch([src], db, workers=1, find_flags=False)
    assert report.stories["syndicated_groups"] == 1 and report.stories["copies"] == 2
    story = {r["path"].rsplit("/", 1)[-1]: r["story_id"] for r in rows(db, "documents").values()}
    assert story["syndicated_copy.txt"] == story[SEED_001.name]
    assert story[SEED_001.name] != story[SEED_004.name]


# --- the commands over the store ------------------------------------------------------------------------------------

def test_export_jsonl_equals_the_single_file_output_and_csv_has_a_header_and_rows(tmp_path):
    src = copy_files(tmp_path / "in", SEED_001)
    db = tmp_path / "c.db"
    assert cli("batch", src, "--db", db, "-q", "--no-flags", "--workers", 1).returncode == 0
    exported = cli("export", "--db", db, "--format", "jsonl")
    single = cli(src / SEED_001.name, "--format", "jsonl")
    assert exported.returncode == 0 and single.returncode == 0, exported.stderr + single.stderr
    a = [json.loads(ln) for ln in exported.stdout.splitlines()]
    b = [json.loads(ln) for ln in single.stdout.splitlines()]
    assert a and a == b
    as_csv = cli("export", "--db", db, "--format", "csv")
    assert as_csv.returncode == 0
    table = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert "value" in table[0] and len(table) == 1 + len(a)


def test_contradictions_flag_the_registered_users_slip_and_keep_a_confirmed_status(tmp_path):
    db = tmp_path / "c.db"
    run_batch([str(CORPUS / "seeds")], db, workers=1, find_flags=False)
    first = cli("contradictions", "--db", db, "--format", "jsonl")
    assert first.returncode == 0, first.stderr
    flags = [json.loads(ln) for ln in first.stdout.splitlines()]
    slips = [f for f in flags if f["kind"] == "magnitude_slip" and f["metric"] == "registered_users"]
    assert slips, [(f["kind"], f["metric"]) for f in flags]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE flags SET status = 'confirmed' WHERE id = ?", [slips[0]["id"]])
    second = cli("contradictions", "--db", db, "--format", "jsonl")
    assert second.returncode == 0, second.stderr
    again = {f["id"]: f for f in map(json.loads, second.stdout.splitlines())}
    assert again[slips[0]["id"]]["status"] == "confirmed"
    assert set(again) == {f["id"] for f in flags}


def test_check_a_draft_with_a_tenfold_slip_exits_1_and_stores_nothing(tmp_path):
    db = tmp_path / "c.db"
    run_batch([str(PIB)], db, workers=1, find_flags=False)
    draft = tmp_path / "draft.txt"
    draft.write_text("मिशन कर्मयोगी: iGOT पर 14.5 करोड़ पंजीकृत उपयोगकर्ता हैं।\n", encoding="utf-8")
    tables = ("documents", "claims", "paths", "flags", "runs")
    before = {t: count(db, f"SELECT count(*) FROM {t}") for t in tables}
    r = cli("check", draft, "--db", db, "--format", "jsonl")
    assert r.returncode == 1, r.stdout + r.stderr
    records = [json.loads(ln) for ln in r.stdout.splitlines()]
    assert "magnitude_slip" in [x["kind"] for x in records if "kind" in x]  # flags; the other lines are verdicts
    assert "disagrees" in [x["verdict"] for x in records if "verdict" in x]
    assert {t: count(db, f"SELECT count(*) FROM {t}") for t in tables} == before


def test_exit_codes_usage_error_2_and_0_for_a_folder_of_recorded_bad_files(tmp_path):
    r = cli("batch", CORPUS / "seeds")
    assert r.returncode == 2 and "--db" in r.stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    shutil.copy(ROOT / "tests" / "fixtures" / "legacy" / "krutidev_sample.txt", bad / "legacy.txt")
    shutil.copy(SEED_001, bad / "good.txt")
    r = cli("batch", bad, "--db", tmp_path / "c.db", "--workers", 1, "--no-flags")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert count(tmp_path / "c.db", "SELECT count(*) FROM documents WHERE status = 'unreadable'") == 3


def test_an_unchanged_rerun_keeps_flags_and_stories_without_recomputing_them(tmp_path, monkeypatch):
    """Nothing stored changed: the re-run neither groups a document into a story nor re-finds flags, and every
    flag, with its review status, and every story id is still there."""
    from extractor.batch.runner import run_batch
    from extractor.store import story_index

    db = tmp_path / "c.db"
    first = run_batch([str(CORPUS)], str(db), workers=1)
    assert first.flags and first.flags["new"] > 0
    con = sqlite3.connect(db)
    before = con.execute("SELECT id, status, active FROM flags ORDER BY id").fetchall()
    stories = con.execute("SELECT id, story_id FROM documents ORDER BY id").fetchall()
    con.close()
    calls = []
    for name in ("add_document", "remove_document", "regroup_dirty"):
        real = getattr(story_index, name)
        monkeypatch.setattr(story_index, name, lambda *a, _real=real, _name=name: (calls.append(_name), _real(*a))[1])
    again = run_batch([str(CORPUS)], str(db), workers=1)
    assert again.flags is None and again.stories == first.stories
    assert calls == []  # no document added or removed, no story to regroup
    con = sqlite3.connect(db)
    assert con.execute("SELECT id, story_id FROM documents ORDER BY id").fetchall() == stories
    con.close()
    assert again.counts["unchanged"] == first.counts["files"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT id, status, active FROM flags ORDER BY id").fetchall() == before


class _StubClient:
    def __init__(self, threads: dict[str, int]):
        self._threads = threads

    def nthreads(self) -> dict[str, int]:
        return self._threads


def test_chunks_in_flight_follow_the_cluster_threads_not_its_worker_processes():
    from extractor.batch.workers import cluster_threads

    assert cluster_threads(_StubClient({"tcp://a:1": 8, "tcp://b:1": 1}), workers=2) == 9
    six = {f"tcp://w{i}:1": 1 for i in range(6)}  # more than the five some releases list
    assert cluster_threads(_StubClient(six), workers=2) == 6
    assert cluster_threads(_StubClient({}), workers=3) == 3  # nobody registered yet: what was asked for


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="workers are forked")
def test_what_forked_workers_inherit_is_frozen_out_of_the_garbage_collector(tmp_path):
    """The pool forks after `preload`: the language data and caches it loaded are frozen (`gc.freeze`), so that no
    collection in a worker or in the writer walks them again; the collector still runs for everything made after."""
    script = (
        "import gc, sys\n"
        "from extractor.batch.runner import run_batch\n"
        "assert gc.get_freeze_count() == 0\n"
        f"run_batch([{str(SEED_001)!r}, {str(SEED_004)!r}], {str(tmp_path / 'c.db')!r}, workers=2)\n"
        "print(gc.get_freeze_count(), gc.isenabled())\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    frozen, enabled = out.stdout.split()
    assert int(frozen) > 10_000 and enabled == "True"

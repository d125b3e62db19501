"""Issue 14, row 14: copies. Three paths of one article used to be counted "claims added 150 / removed 45" with
"same content as another path 0", and an HTML copy that differed only in page furniture was extracted in full
again and replaced the first copy's claims. Now the summary counts what changed in the database, and a copy — the
same bytes, or the same text under other markup — is recognised before its claims are extracted."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import extractor.claims as claims_package
from extractor.batch.runner import run_batch
from extractor.pipeline import extract_file

ROOT = Path(__file__).resolve().parent.parent
SEED_001 = ROOT / "corpus" / "seeds" / "001_6ed01f356ed30db4.txt"
SEED_004 = ROOT / "corpus" / "seeds" / "004_1da6169ce7a652b7.txt"


def scalar(db, sql, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def html_page(site: str, text: str) -> str:
    """The same article as a site would wrap it: its own navigation, header, sidebar and footer (which the HTML
    reader leaves out), the body the same."""
    paras = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip() and ":" not in line[:8])
    return (f"<html><head><title>Mission Karmayogi</title><script>var site='{site}';</script></head><body>"
            f"<nav><a href='/'>{site} Home</a> <a href='/sports'>Sports</a></nav><header><ul><li>{site}</li></ul>"
            f"</header><aside>Advertisement · {site}</aside><article>{paras}</article>"
            f"<footer>© {site} 2026</footer></body></html>")


@pytest.fixture
def count_extractions(monkeypatch):
    """How many documents had their claims extracted (in this process: --workers 1)."""
    import extractor.batch.jobs  # noqa: F401 - jobs imports iter_claims from the package when it runs

    calls = []
    real = claims_package.iter_claims
    monkeypatch.setattr(claims_package, "iter_claims", lambda doc: calls.append(doc.path) or real(doc))
    return calls


def test_three_copies_of_one_article_are_counted_once(tmp_path, count_extractions):
    src = tmp_path / "in"
    for sub in ("a", "b", "c"):
        (src / sub).mkdir(parents=True)
        shutil.copy(SEED_001, src / sub / "story.txt")
    db = tmp_path / "c.db"
    report = run_batch([str(src)], str(db), workers=1, find_flags=False)
    n = len(extract_file(SEED_001))
    c = report.counts
    assert scalar(db, "SELECT count(*) FROM claims") == n
    assert (c["claims_added"], c["claims_removed"]) == (n, 0)
    assert (c["ok"], c["duplicates"], c["files"]) == (1, 2, 3)
    assert c["ok"] == scalar(db, "SELECT count(*) FROM documents")
    assert scalar(db, "SELECT count(*) FROM paths") == 3
    assert len(count_extractions) == 1  # the same bytes at three paths: extracted once


def test_three_copies_with_two_workers_are_counted_once(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        shutil.copy(SEED_001, src / f"copy{i}.txt")
        shutil.copy(SEED_004, src / f"other{i}.txt")
    db = tmp_path / "c.db"
    report = run_batch([str(src)], str(db), workers=2, find_flags=False)
    c = report.counts
    assert c["claims_added"] == scalar(db, "SELECT count(*) FROM claims") and c["claims_removed"] == 0
    assert (c["ok"], c["duplicates"]) == (2, 4)


def test_html_copies_differing_only_in_furniture_are_linked_not_extracted_again(tmp_path, count_extractions):
    text = SEED_001.read_text(encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_site.html").write_text(html_page("Site A", text), encoding="utf-8")
    (src / "b_site.html").write_text(html_page("साइट बी", text), encoding="utf-8")
    db = tmp_path / "c.db"
    report = run_batch([str(src)], str(db), workers=1, find_flags=False)
    c = report.counts
    assert (c["ok"], c["duplicates"]) == (1, 1)
    assert len(count_extractions) == 1
    stored = scalar(db, "SELECT count(*) FROM claims")
    assert c["claims_added"] == stored > 0 and c["claims_removed"] == 0
    # the first copy keeps its document: the second did not replace its claims or its path
    assert scalar(db, "SELECT path FROM documents").endswith("a_site.html")
    assert scalar(db, "SELECT count(DISTINCT document_id) FROM paths") == 1


def test_a_copy_arriving_on_a_later_night_is_recognised_before_extraction(tmp_path, count_extractions):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED_001, src / "first.txt")
    db = tmp_path / "c.db"
    run_batch([str(src)], str(db), workers=1, find_flags=False)
    count_extractions.clear()
    # the same article the next night, re-encoded by another site (other bytes, the same text)
    (src / "second.txt").write_bytes(SEED_001.read_text(encoding="utf-8").encode("utf-16"))
    report = run_batch([str(src)], str(db), workers=1, find_flags=False)
    c = report.counts
    assert count_extractions == []
    assert (c["new"], c["unchanged"], c["duplicates"], c["ok"]) == (1, 1, 1, 0)
    assert (c["claims_added"], c["claims_removed"]) == (0, 0)
    assert scalar(db, "SELECT count(*) FROM documents") == 1


def test_force_re_extracts_and_counts_no_change_for_the_same_claims(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED_001, src / "a.txt")
    shutil.copy(SEED_001, src / "b.txt")
    db = tmp_path / "c.db"
    run_batch([str(src)], str(db), workers=1, find_flags=False)
    forced = run_batch([str(src)], str(db), workers=1, force=True, find_flags=False)
    c = forced.counts
    assert (c["ok"], c["duplicates"]) == (1, 1)
    assert (c["claims_added"], c["claims_removed"]) == (0, 0)
    assert scalar(db, "SELECT count(*) FROM claims") == len(extract_file(SEED_001))


def test_a_path_whose_file_becomes_a_copy_drops_its_old_document(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED_001, src / "a.txt")
    shutil.copy(SEED_004, src / "b.txt")
    db = tmp_path / "c.db"
    run_batch([str(src)], str(db), workers=1, find_flags=False)
    shutil.copy(SEED_001, src / "b.txt")  # b now holds a's article
    report = run_batch([str(src)], str(db), workers=1, find_flags=False)
    assert report.counts["claims_removed"] == len(extract_file(SEED_004))
    assert report.counts["claims_added"] == 0 and report.counts["duplicates"] == 1
    assert scalar(db, "SELECT count(*) FROM documents") == 1
    assert scalar(db, "SELECT count(*) FROM claims") == len(extract_file(SEED_001))

from conftest import ROOT

from extractor.json_schema import SCHEMAS, schema_text


def test_exported_claim_schema_matches_the_model():
    for name, model in SCHEMAS.items():
        on_disk = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert on_disk == schema_text(model), f"schemas/{name} is stale: run `extract schema`"


def test_claim_schema_requires_evidence_and_source():
    import json

    schema = json.loads(schema_text(SCHEMAS["claim.schema.json"]))
    assert {"evidence", "source", "metric", "value", "state"} <= set(schema["required"])


def _indexes(db, table):
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", [table])}


def test_a_new_database_has_no_index_on_claims_as_of(tmp_path):
    from extractor.store import open_db

    db = open_db(tmp_path / "new.db")
    assert "idx_claims_as_of" not in _indexes(db, "claims")
    assert {"idx_claims_document_id", "idx_claims_metric_state", "idx_claims_published",
            "idx_claims_source_publisher", "idx_claims_language"} <= _indexes(db, "claims")


def test_a_database_from_before_m008_loses_the_as_of_index_and_keeps_its_claims(tmp_path):
    from sqlite_utils import Database

    from extractor.store import open_db
    from extractor.store.schema import migrations

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m008_drop_claims_as_of_index")
    assert "idx_claims_as_of" in _indexes(old, "claims")
    old["documents"].insert({"id": "d1", "status": "ok"})
    old["claims"].insert({"id": "c1", "document_id": "d1", "metric": "m", "state": "India", "as_of": "2026-01-01",
                          "quote": "1 करोड़", "sentence": "मिशन कर्मयोगी में 1 करोड़"})
    old.close()

    db = open_db(path)
    assert "idx_claims_as_of" not in _indexes(db, "claims")
    assert db.execute("SELECT id, as_of FROM claims").fetchall() == [("c1", "2026-01-01")]
    assert db.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'कर्मयोगी'").fetchone()[0] == 1


def test_a_database_from_before_m009_has_its_story_bands_name_document_rowids(tmp_path):
    """m009: each story_bands row that named a document by its id names it by the rowid of its row; a row naming
    no stored document (none should exist) is dropped rather than pointed at whatever row takes that number."""
    from sqlite_utils import Database

    from extractor.store import open_db
    from extractor.store.schema import migrations

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m009_story_bands_by_rowid")
    for doc_id in ("f" * 40, "a" * 40, "1" * 40):
        old["documents"].insert({"id": doc_id, "status": "ok", "story_id": "a" * 40})
    rows = [(b"\x00k1", 0, "f" * 40), (b"\x00k1", 0, "a" * 40), (b"\x01k2", 1, "1" * 40), (b"\x02k3", 1, "b" * 40),
            (b"\x02k3", 1, "3")]  # an id with no document; a rowid (written by this version's m003, same upgrade)
    old.conn.executemany("INSERT INTO story_bands (key, single, document_id) VALUES (?, ?, ?)", rows)
    old.conn.commit()
    old.close()

    db = open_db(path)
    rowid = dict(db.execute("SELECT id, rowid FROM documents").fetchall())
    got = db.execute("SELECT key, single, document_id, typeof(document_id) FROM story_bands").fetchall()
    assert sorted(got) == sorted([
        (b"\x00k1", 0, rowid["a" * 40], "integer"), (b"\x00k1", 0, rowid["f" * 40], "integer"),
        (b"\x01k2", 1, rowid["1" * 40], "integer"), (b"\x02k3", 1, 3, "integer")])


def test_the_batch_finds_a_file_with_the_same_bytes_through_the_paths_hash_index(tmp_path):
    """m010: the look-up `extract batch` makes for every new file reads paths(hash) instead of scanning paths."""
    from extractor.batch.runner import SAME_BYTES_STORED
    from extractor.store import open_db

    db = open_db(tmp_path / "new.db")
    assert "idx_paths_hash" in _indexes(db, "paths")
    plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + SAME_BYTES_STORED, ["h", "v", "p"]))
    assert "USING INDEX idx_paths_hash (hash=?)" in plan
    assert "SCAN p" not in plan


def test_a_database_from_before_m010_gains_the_paths_hash_index_and_keeps_its_paths(tmp_path):
    from sqlite_utils import Database

    from extractor.batch.runner import SAME_BYTES_STORED
    from extractor.store import open_db
    from extractor.store.schema import migrations

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m010_paths_by_hash")
    assert "idx_paths_hash" not in _indexes(old, "paths")
    old["documents"].insert({"id": "d1", "status": "ok"})
    old["paths"].insert({"path": "a.txt", "document_id": "d1", "hash": "h1", "status": "ok", "program_version": "v"})
    old.close()

    db = open_db(path)
    assert "idx_paths_hash" in _indexes(db, "paths")
    assert db.execute("SELECT path, document_id, hash FROM paths").fetchall() == [("a.txt", "d1", "h1")]
    assert db.execute(SAME_BYTES_STORED, ["h1", "v", "b.txt"]).fetchone() == ("d1", "ok")
    assert db.execute(SAME_BYTES_STORED, ["h1", "v", "a.txt"]).fetchone() is None

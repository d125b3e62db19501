"""`extract datasette-metadata` (extractor/integrations/datasette.py, datasette.json): the metadata names only what
a claims database has, its canned queries run, the search is the store's Devanagari-aware FTS, and nothing that
signs anyone in is shown. Datasette itself (in the test extra) serves a real database with it."""
import asyncio
import json
import re
import sqlite3
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.integrations.datasette import database_name, metadata
from extractor.store import open_db
from extractor.store.schema import FTS_TOKENIZE

ROOT = Path(__file__).resolve().parent.parent
CREDENTIAL = re.compile(r"password|passwd|secret|token|session|credential|login", re.IGNORECASE)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A claims database as the store creates it, empty."""
    path = tmp_path_factory.mktemp("fresh") / "claims.db"
    open_db(path).close()
    return path


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """The bundled corpus through `extract batch` (claims and flags), one worker."""
    from extractor.batch.runner import run_batch

    path = tmp_path_factory.mktemp("filled") / "claims.db"
    report = run_batch([str(ROOT / "corpus")], str(path), workers=1)
    assert not report.failed
    return path


def _schema(path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: [r[1] for r in conn.execute(f"PRAGMA table_info([{t}])")] for t in tables}
    finally:
        conn.close()


def _fts_shadow(name: str, schema) -> bool:
    """An FTS table or one of its shadow tables: Datasette hides these by itself."""
    return any(name == f or name.startswith(f + "_") for f in schema if f.endswith("_fts"))


def test_it_names_only_tables_and_columns_a_fresh_store_has(fresh):
    schema = _schema(fresh)
    db = metadata()["databases"]["claims"]
    for table, meta in db["tables"].items():
        assert table in schema, table
        columns = schema[table]
        named = list(meta.get("columns", {})) + list(meta.get("facets", [])) + list(meta.get("units", {}))
        named += [meta[k] for k in ("label_column", "sort", "sort_desc") if k in meta]
        assert set(named) <= set(columns), (table, set(named) - set(columns))
        if "fts_table" in meta:
            assert meta["fts_table"] in schema and meta.get("fts_pk") == "rowid"


def test_every_table_is_described_or_hidden_and_every_shown_column_described(fresh):
    schema = _schema(fresh)
    tables = metadata()["databases"]["claims"]["tables"]
    undecided = [t for t in schema if t not in tables and not _fts_shadow(t, schema) and t != "sqlite_sequence"]
    assert not undecided, f"new tables: describe or hide them in extractor/integrations/datasette.json: {undecided}"
    for table, meta in tables.items():
        if meta.get("hidden"):
            continue
        assert meta.get("title") and meta.get("description")
        missing = [c for c in schema[table] if c not in meta.get("columns", {})]
        assert not missing, f"{table}: describe these columns in extractor/integrations/datasette.json: {missing}"


def test_search_uses_the_stores_devanagari_aware_fts_tables(fresh):
    conn = sqlite3.connect(fresh)
    tables = metadata()["databases"]["claims"]["tables"]
    for table in ("claims", "flags"):
        fts = tables[table]["fts_table"]
        [sql] = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [fts]).fetchone()
        assert "USING FTS5" in sql and f'content="{table}"' in sql
        assert FTS_TOKENIZE.replace("'", "''") in sql
    conn.close()


def test_no_credentials_are_exposed(fresh):
    schema = _schema(fresh)
    tables = metadata()["databases"]["claims"]["tables"]
    # the secrets themselves live in DB.reviewers (extractor/review/accounts.py), never in the claims database
    for name in ("passwords", "sessions", "login_failures"):
        assert name not in schema
    for table, columns in schema.items():
        if CREDENTIAL.search(table) or any(CREDENTIAL.search(c) for c in columns) or table == "reviewers":
            assert tables.get(table, {}).get("hidden") is True, f"{table} looks like credentials: hide it"
    for table, meta in tables.items():
        if not meta.get("hidden"):
            assert not any(CREDENTIAL.search(c) for c in meta.get("columns", {})), table
    for query in metadata()["databases"]["claims"]["queries"].values():
        assert "reviewers" not in query["sql"] and not CREDENTIAL.search(query["sql"])


def test_the_canned_queries_run_on_an_empty_store(fresh):
    conn = sqlite3.connect(fresh)
    for name, query in metadata()["databases"]["claims"]["queries"].items():
        params = {p: "registered_users" for p in query.get("params", [])}
        assert set(re.findall(r":(\w+)", query["sql"])) == set(params), name
        assert conn.execute(query["sql"], params).fetchall() == []
    conn.close()


def test_the_canned_queries_answer_on_the_corpus(filled):
    queries = metadata()["databases"]["claims"]["queries"]
    conn = sqlite3.connect(filled)
    conn.row_factory = sqlite3.Row

    flags = conn.execute(queries["open_flags_by_severity"]["sql"]).fetchall()
    assert flags and {r["severity"] for r in flags} <= {"high", "medium", "low"}
    rank = {"high": 0, "medium": 1, "low": 2}
    assert [rank[r["severity"]] for r in flags] == sorted(rank[r["severity"]] for r in flags)
    assert len(flags) == conn.execute("SELECT count(*) FROM flags WHERE active = 1 AND status = 'open'").fetchone()[0]

    sql = queries["metric_over_time"]["sql"]
    rows = conn.execute(sql, {"metric": "registered_users"}).fetchall()
    total = conn.execute("SELECT count(*) FROM claims WHERE metric = 'registered_users'").fetchone()[0]
    assert len(rows) == total > 1
    dates = [r["date"] for r in rows if r["date"] is not None]
    assert dates == sorted(dates) and all(r["source"] for r in rows)
    assert conn.execute(sql, {"metric": "no_such_metric"}).fetchall() == []
    # a claim the desk rejected is left out
    first = conn.execute("SELECT document_id, start, [end] FROM claims WHERE id = ?", [rows[0]["id"]]).fetchone()
    conn.execute("INSERT INTO claim_corrections (document_id, start, [end], status, reason) "
                 "VALUES (?, ?, ?, 'rejected', 'test')", list(first))
    assert len(conn.execute(sql, {"metric": "registered_users"}).fetchall()) == total - 1

    per_state = conn.execute(queries["claims_per_state"]["sql"]).fetchall()
    assert sum(r["claims"] for r in per_state) == conn.execute("SELECT count(*) FROM claims").fetchone()[0] - 1
    assert "India" in {r["state"] for r in per_state}
    conn.rollback()
    conn.close()


def test_the_command_writes_json_for_the_databases_name(tmp_path):
    result = CliRunner().invoke(cli, ["datasette-metadata", "--db", str(tmp_path / "news.sqlite")])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data["databases"]) == ["news"]
    assert data["databases"]["news"] == metadata()["databases"]["claims"]
    assert list(json.loads(CliRunner().invoke(cli, ["datasette-metadata"]).output)["databases"]) == ["claims"]
    assert database_name("/x/claims.db") == "claims"


def test_the_metadata_file_ships_with_the_package():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["extractor"]
    assert any(fnmatch("integrations/datasette.json", p) for p in patterns)


def test_datasette_serves_the_database_with_it(filled):
    datasette_app = pytest.importorskip("datasette.app")
    ds = datasette_app.Datasette([str(filled)], metadata=metadata(database_name(filled)))

    async def get(path):
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        return response.json()

    async def main():
        listing = await get("/claims.json")
        hidden = {t["name"] for t in listing["tables"] if t["hidden"]}
        assert {"reviewers", "story_bands", "_sqlite_migrations", "claims_fts"} <= hidden
        assert {"claims", "documents", "flags"}.isdisjoint(hidden)
        found = await get("/claims/claims.json?_search=" + "करोड़" + "&_shape=objects&_size=max")
        assert found["rows"] and all("करोड़" in " ".join(str(v) for v in r.values()) for r in found["rows"])
        assert (await get("/claims/claims.json?_search=" + "करो" + "&_shape=objects"))["rows"] == []  # whole words
        flags = await get("/claims/open_flags_by_severity.json?_shape=objects")
        assert flags["rows"]
        series = await get("/claims/metric_over_time.json?metric=registered_users&_shape=objects")
        assert series["rows"] and {r["state"] for r in series["rows"]}
        states = await get("/claims/claims_per_state.json?_shape=objects")
        assert states["rows"][0]["claims"] >= states["rows"][-1]["claims"]
        table = await get("/claims/claims.json?_size=1&_extra=columns")
        assert "metric" in table["columns"]

    asyncio.run(main())

"""Datasette metadata for the claims database: titles and descriptions of its tables and columns, facets, label
columns, canned queries and the full-text search, with the internal and account tables hidden.

    extract datasette-metadata --db claims.db > metadata.json
    datasette claims.db -m metadata.json

The metadata itself is a data file shipped with the package (`datasette.json` beside this module), written for the
database name "claims"; Datasette names a database after its file (claims.db → "claims"), so `metadata(name)` moves
it under the name of the database it is for. JSON, because Datasette reads JSON and YAML alike (`-m metadata.yml`
holding JSON works too) and PyYAML is not a dependency of the package.

Full-text search: the store makes `claims_fts` and `flags_fts` (FTS5, external content, kept by triggers) with the
tokenizer `store.schema.FTS_TOKENIZE`, which keeps Devanagari vowel signs inside words; the metadata points the
claims and flags tables at them (`fts_table`, `fts_pk`), and Datasette's search box then finds "करोड़" as a word.

Accounts: the sign-in secrets (password hashes, sessions, failed sign-ins) are not in the claims database at all
(`review.accounts`: DB.reviewers beside it, which `datasette claims.db` never opens); the `reviewers` table, the
public side of the accounts, is hidden like the internal tables. Hidden is not private: anyone who may run SQL in
Datasette can still read a hidden table.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

TEMPLATE_NAME = "claims"  # the database name the shipped file is written for


def database_name(db_path: str | Path) -> str:
    """The name Datasette gives the database file `db_path`: its file name without the suffix."""
    return Path(db_path).stem


def metadata(name: str = TEMPLATE_NAME) -> dict:
    """The metadata (a dict, as Datasette's `-m` reads it) for a claims database Datasette calls `name`."""
    data = json.loads(resources.files(__package__).joinpath("datasette.json").read_text(encoding="utf-8"))
    data["databases"] = {name: data["databases"][TEMPLATE_NAME]}
    return data


def metadata_json(name: str = TEMPLATE_NAME) -> str:
    return json.dumps(metadata(name), ensure_ascii=False, indent=2) + "\n"

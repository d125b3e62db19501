"""Tables, indexes and migrations of the claims database.

Migrations are sqlite-utils' own (`sqlite_utils.migrations.Migrations`, 4.x): each is a function applied once, in
order, inside a transaction together with the record of it in `_sqlite_migrations`. A database made by an older
version is brought up to date on open and keeps its data. Add a change as a NEW function at the end; never edit
one that has shipped.

Tables (one row shape per concept):
    documents          one per distinct content (sha1 of the bytes); status ok | off_topic | unreadable | too_large |
                       skipped | error, with the reason; the article text (for the review pages) and its MinHash
                       signature
    paths              every path a document was seen at, with the hash seen there (incremental re-runs)
    claims             every field of the public Claim record, flattened, linked to its document
    runs               one per batch: start, end, counts, program version, and how it ended
    flags              contradictions (the public Flag record as JSON + the columns the queue filters on), with the
                       review status and an optimistic-locking version that re-runs never reset
    audit              append-only log of every review action (triggers refuse UPDATE and DELETE)
    reviewers          accounts of the review queue: names, display names, active (password_hash stays NULL: the
                       hashes live in DB.reviewers beside the database, extractor/review/accounts.py)
    reference_figures  official figures recorded by staff
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("karmayogi-claims")

# FTS5's default tokenizer splits Devanagari words at every vowel sign (docs/decisions.md); keep marks inside tokens
FTS_TOKENIZE = "unicode61 categories 'L* N* Co M*'"
CLAIM_COLUMNS = {
    "id": str, "document_id": str, "position": int,
    "metric": str, "metric_text": str, "value": float, "value_max": float, "qualifier": str, "unit": str,
    "state": str, "entity": str, "as_of": str, "published": str, "language": str,
    "period": str, "event": str, "confidence": float,
    "source_path": str, "source_url": str, "source_publisher": str, "source_title": str,
    "quote": str, "start": int, "end": int, "sentence": str,
}


@migrations()
def m001_initial(db: Database) -> None:
    db["documents"].create({
        "id": str, "path": str, "source_file": str, "kind": str, "status": str, "reason": str, "size": int,
        "url": str, "publisher": str, "title": str, "published": str, "language": str,
        "story_id": str, "claims": int, "text": str, "body_start": int, "excluded": str, "minhash": bytes,
        "program_version": str, "first_run": int, "last_run": int, "extracted_at": str,
    }, pk="id", not_null={"status"})
    db["paths"].create({
        "path": str, "document_id": str, "hash": str, "size": int, "mtime_ns": int, "status": str,
        "program_version": str, "last_run": int,
    }, pk="path")
    db["claims"].create(CLAIM_COLUMNS, pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["runs"].create({
        "id": int, "started": str, "ended": str, "status": str, "pid": int, "host": str,
        "program_version": str, "command": str,
        "engine": str, "workers": int, "files": int, "documents": int, "new": int, "changed": int,
        "unchanged": int, "duplicates": int, "ok": int, "off_topic": int, "unreadable": int, "too_large": int, "error": int,
        "claims_added": int, "claims_removed": int, "seconds": float,
    }, pk="id")
    db["flags"].create({
        "id": str, "kind": str, "metric": str, "state": str, "severity": str, "severity_rank": int,
        "status": str, "version": int, "assignee": str, "claim_ids": str, "record": str,
        "explanation_en": str, "explanation_hi": str, "supported_value": float, "latest_published": str,
        "active": int, "first_run": int, "last_run": int, "created": str, "updated": str,
    }, pk="id", not_null={"status", "version"}, defaults={"status": "open", "version": 1, "active": 1})
    db["audit"].create({
        "id": int, "at": str, "reviewer": str, "flag_id": str, "action": str, "from_status": str,
        "to_status": str, "note": str, "details": str,
    }, pk="id")
    db["reviewers"].create({
        "username": str, "password_hash": str, "display_name": str, "created": str, "active": int,
    }, pk="username", defaults={"active": 1})
    db["reference_figures"].create({
        "id": int, "metric": str, "state": str, "value": float, "as_of": str, "source": str, "note": str,
        "created_by": str, "created": str,
    }, pk="id")

    for table, columns in [
        ("documents", ["status"]), ("documents", ["story_id"]), ("documents", ["published"]), ("documents", ["source_file"]),
        ("paths", ["document_id"]),
        ("claims", ["document_id"]), ("claims", ["metric", "state"]), ("claims", ["as_of"]),
        ("claims", ["published"]),
        ("flags", ["status", "severity_rank"]), ("flags", ["metric", "state"]), ("flags", ["kind"]),
        ("audit", ["flag_id"]),
        ("reference_figures", ["metric", "state"]),
    ]:
        db[table].create_index(columns)
    db["claims"].enable_fts(["quote", "sentence", "metric_text", "source_title", "source_publisher"],
                            tokenize=FTS_TOKENIZE, create_triggers=True)
    db["flags"].enable_fts(["explanation_en", "explanation_hi", "metric", "state"], tokenize=FTS_TOKENIZE,
                           create_triggers=True)
    for verb in ("UPDATE", "DELETE"):
        db.execute(f"""
            CREATE TRIGGER audit_no_{verb.lower()} BEFORE {verb} ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """)


def ensure_schema(db: Database) -> None:
    """Create or upgrade the tables; a no-op on an up-to-date database.

    Serialised: what is pending is decided again, and applied, inside one BEGIN IMMEDIATE transaction, so two
    batches started at once on a new path both finish — one creates the tables while the other waits for the write
    lock (up to store.BUSY_TIMEOUT_MS), then finds nothing to do. (Before, one of them failed with "database busy"
    half a second in, or with "table story_bands already exists".)

    A database migrated by a NEWER version of this program — it records a migration this version does not know —
    is refused (`NewerDatabase`): this version would write rows without the columns that version added."""
    from . import begin_immediate

    _refuse_newer(db)
    if not migrations.pending(db):
        return
    begin_immediate(db)
    try:
        _refuse_newer(db)
        if migrations.pending(db):
            migrations.apply(db)  # each migration in a savepoint of this transaction
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    db.execute("COMMIT")


def _refuse_newer(db: Database) -> None:
    from . import NewerDatabase

    known = {m.name for m in migrations._migrations}  # noqa: SLF001 - sqlite-utils keeps the registered list here
    unknown = [m.name for m in migrations.applied(db) if m.name not in known]
    if unknown:
        raise NewerDatabase(
            f"made by a newer version of extract (its schema has {', '.join(unknown)}, which this version "
            f"does not know); use that version, or upgrade this one")


@migrations()
def m002_review_queue(db: Database) -> None:
    """What the review queue needs to stay fast at 10,000 flags over 100,000 claims (bench/bench_review.py):

    - flag_claims: one row per (flag, claim), kept by triggers from flags.claim_ids, so "flags with a claim from
      this publisher / matching this search / in this article" is an indexed join instead of json_each over every
      flag;
    - a queue index carrying the sort and the filter columns, so the page and the per-status counts read the index,
      not the large JSON records;
    - claims(source_publisher) and claims(language) for the publisher/language filters and their menus.
    """
    db["flag_claims"].create({"flag_id": str, "claim_id": str}, pk=("flag_id", "claim_id"))
    db["flag_claims"].create_index(["claim_id"])
    db.execute("INSERT OR IGNORE INTO flag_claims (flag_id, claim_id)"
               " SELECT f.id, j.value FROM flags f, json_each(f.claim_ids) j")
    db.execute("""
        CREATE TRIGGER flag_claims_insert AFTER INSERT ON flags BEGIN
            INSERT OR IGNORE INTO flag_claims (flag_id, claim_id) SELECT NEW.id, value FROM json_each(NEW.claim_ids);
        END""")
    db.execute("""
        CREATE TRIGGER flag_claims_update AFTER UPDATE OF claim_ids ON flags BEGIN
            DELETE FROM flag_claims WHERE flag_id = OLD.id;
            INSERT OR IGNORE INTO flag_claims (flag_id, claim_id) SELECT NEW.id, value FROM json_each(NEW.claim_ids);
        END""")
    db.execute("""
        CREATE TRIGGER flag_claims_delete AFTER DELETE ON flags BEGIN
            DELETE FROM flag_claims WHERE flag_id = OLD.id;
        END""")
    db.execute("CREATE INDEX idx_flags_queue ON flags (active, status, severity_rank, latest_published DESC, id,"
               " kind, metric, state, assignee)")
    db.execute("CREATE INDEX idx_flags_queue_all ON flags (active, severity_rank, latest_published DESC, id,"
               " status, kind, metric, state, assignee)")
    db["claims"].create_index(["source_publisher"])
    db["claims"].create_index(["language"])


@migrations()
def m003_story_index(db: Database) -> None:
    """The story index (`story_index.py`): the LSH buckets of every grouped document in SQLite, so a batch groups
    syndicated copies one document at a time instead of holding every signature in memory. An existing store is
    indexed here with the story ids it already has (they were computed by the same rule over all its documents);
    a document that has a signature but no story yet (a batch killed before grouping) is grouped now."""
    from ..stories import IncompatibleSignature
    from .story_index import add_document, index_document

    db.execute("CREATE TABLE story_bands (key BLOB NOT NULL, single INTEGER NOT NULL, document_id TEXT NOT NULL,"
               " PRIMARY KEY (key, single, document_id)) WITHOUT ROWID")
    db.execute("CREATE TABLE story_keys (key BLOB NOT NULL, story_id TEXT NOT NULL,"
               " PRIMARY KEY (key, story_id)) WITHOUT ROWID")
    db.execute("CREATE INDEX idx_story_keys_story ON story_keys (story_id)")
    db.execute("CREATE TABLE story_dirty (story_id TEXT PRIMARY KEY) WITHOUT ROWID")
    conn = db.conn
    # first every document already in a story, then the ungrouped ones, which must see all of those
    for grouped in (True, False):
        after = ""
        while True:  # in pages of ids, not one cursor held open over rows that are being updated
            page = conn.execute(
                "SELECT id, minhash, story_id, (SELECT count(*) FROM documents e WHERE e.story_id = d.story_id)"
                " FROM documents d WHERE status = 'ok' AND minhash IS NOT NULL"
                f" AND story_id IS {'NOT ' if grouped else ''}NULL AND id > ? ORDER BY id LIMIT 1000",
                [after]).fetchall()
            if not page:
                break
            after = page[-1][0]
            for doc_id, data, story, size in page:
                try:
                    if grouped:
                        index_document(conn, doc_id, data, story, alone=size == 1)
                    else:
                        add_document(conn, doc_id, data)
                except IncompatibleSignature:
                    continue  # not one of ours: left ungrouped, as before


@migrations()
def m004_claim_period_confidence(db: Database) -> None:
    """A claim's `period`, `event` and `confidence` (the claims issue): the contradiction rules compare like with
    like, and the queue orders by how sure a claim is. Claims stored before carry the old reading (cumulative, sure);
    the program version changed with the language data, so the next batch re-extracts them."""
    for name, kind, default in (("period", str, "cumulative"), ("event", str, None), ("confidence", float, 1.0)):
        if name not in db["claims"].columns_dict:
            db["claims"].add_column(name, kind)
            if default is not None:
                db.execute(f"UPDATE claims SET [{name}] = ?", [default])


@migrations()
def m005_flag_confidence(db: Database) -> None:
    """A flag's `confidence` (the lowest of its claims'): the queue shows flags at or above
    records.flag.DEFAULT_MIN_CONFIDENCE by default and the rest under "Low confidence". Flags stored before read
    their confidence from their record when it has one, else 1.0 (the next `extract contradictions` rewrites them)."""
    if "confidence" not in db["flags"].columns_dict:
        db["flags"].add_column("confidence", float)
        db.execute("UPDATE flags SET confidence = COALESCE(json_extract(record, '$.confidence'), 1.0)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_flags_confidence ON flags (active, confidence)")


@migrations()
def m006_runs_skipped(db: Database) -> None:
    """`runs.skipped`: files a batch did not read — not regular files (FIFOs, devices, sockets) and symbolic links
    leading outside the folders given (issue 14); each is also a documents row with status `skipped` and the
    reason."""
    if "skipped" not in db["runs"].columns_dict:
        db["runs"].add_column("skipped", int)


@migrations()
def m007_claim_corrections(db: Database) -> None:
    """`claim_corrections`: the review desk's claim-level decisions (issue 13, item 8; written by
    extractor/review/claim_decisions.py, read by extractor/store/corrections.py). One row per claim SPAN — the
    document's content hash (documents.id) and the evidence offsets (start, end) — never per claim id, which changes
    when the metric does: a decision outlives every re-extraction of the same text. `status` is rejected (not a
    claim, with `reason`), corrected (each non-NULL metric / state / period+event / value+value_max+qualifier replaces
    the extracted one wherever flags read claims) or withdrawn; `original` keeps the claim as extracted when it was
    decided (JSON). `version` guards concurrent decisions as flags.version does; every change is also an audit row
    whose details name the row (`$.correction`), indexed for the claim's history."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS claim_corrections (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            [end] INTEGER NOT NULL,
            quote TEXT,
            status TEXT NOT NULL,
            reason TEXT,
            metric TEXT,
            state TEXT,
            period TEXT,
            event TEXT,
            value FLOAT,
            value_max FLOAT,
            qualifier TEXT,
            note TEXT,
            claim_id TEXT,
            original TEXT,
            reviewer TEXT,
            created TEXT,
            updated TEXT,
            version INTEGER NOT NULL DEFAULT 1,
            UNIQUE (document_id, start, [end])
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS idx_claim_corrections_status ON claim_corrections (status)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_audit_correction ON audit (json_extract(details, '$.correction'))")


@migrations()
def m008_drop_claims_as_of_index(db: Database) -> None:
    """claims(as_of) goes: no query of the program reads it — the review queue and the claims browser filter on
    metric, scope, publisher and language and sort by `published`; the contradiction engine and the timelines read
    `coalesce(as_of, published)`, which no index on `as_of` serves (EXPLAIN QUERY PLAN) — so it was pure write cost,
    one of the eight b-trees every claim is inserted into: 2.1% of the batch writer's instructions (callgrind,
    bench/bench_writer.py's 2,000 articles: 5.07 → 4.97 billion). Datasette can still sort a table by `as_of`; it
    sorts without an index."""
    db.execute("DROP INDEX IF EXISTS idx_claims_as_of")


@migrations()
def m009_story_bands_by_rowid(db: Database) -> None:
    """story_bands names a document by the rowid of its documents row, not by its 40-character id: a row of about 18
    bytes instead of 57 in the b-tree every grouped document adds 42 rows to at random places (so its pages fill,
    split and are copied a third as often), and the look-ups join documents on its rowid instead of through the
    index of ids. Measured on the 1,713 documents of bench/bench_writer.py's 2,000 articles: their story_bands
    inserts alone took 0.23 → 0.12 s of CPU; the whole write, timed in alternation with the writer before (two
    series of 12 runs each, on a shared machine), 4% and 13% more articles a second of CPU time on average (1,277 →
    1,333; 1,169 → 1,322). callgrind, which counts a page copy as a few instructions, sees 0.7% fewer. A documents
    row keeps its rowid while it lives (the writer updates a document in place, and deletes its story_bands rows
    with it), as claims_fts relies on for claims' rowids.

    The rows are copied with each id replaced by its rowid. Rows that already name a rowid — written by the current
    code in this same upgrade, when m003 indexed an older store — are kept as they are (a document id is a content
    hash, never a number)."""
    db.execute("CREATE TABLE story_bands_by_rowid (key BLOB NOT NULL, single INTEGER NOT NULL,"
               " document_id INTEGER NOT NULL, PRIMARY KEY (key, single, document_id)) WITHOUT ROWID")
    db.execute("INSERT INTO story_bands_by_rowid (key, single, document_id)"
               " SELECT b.key, b.single, coalesce(d.rowid, CAST(b.document_id AS INTEGER))"
               " FROM story_bands b LEFT JOIN documents d ON d.id = b.document_id"
               " WHERE d.rowid IS NOT NULL OR (b.document_id != '' AND b.document_id NOT GLOB '*[^0-9]*')")
    db.execute("DROP TABLE story_bands")
    db.execute("ALTER TABLE story_bands_by_rowid RENAME TO story_bands")


@migrations()
def m010_paths_by_hash(db: Database) -> None:
    """paths(hash): `extract batch` asks, for every new or changed file, whether a file with the same bytes is already
    stored under another path (`batch.runner._Plan`, to link it instead of extracting it again), and without an index
    that question scanned the whole paths table — work that grew with the store, in the batch's one serial process,
    for every file. Measured (the look-up alone, a new file each time as a batch fills a new store): 66 µs of CPU a
    file over 2,000 files, 299 µs over 10,000 (the writer's whole work is about 500 µs a file), against 3.5 and 5.3
    µs with the index. Its cost to the writer: one more entry a path written."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_paths_hash ON paths (hash)")

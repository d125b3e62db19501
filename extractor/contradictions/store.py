"""The contradiction finder over the claims database: facts out of SQL, flags back in.

Facts are read with one query (claims joined with their document's story group, so syndicated copies count as
one source); full `Claim` records are loaded only for the claims that end up in flags. Flags are upserted by id, so
a re-run keeps every reviewer's status, note and version (see extractor/store/flags.py).
"""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from ..records import Claim, Flag
from .facts import ClaimFact, ReferenceFigure
from .quotes import written_precision

_FACTS_SQL = """
    SELECT c.id, COALESCE(d.story_id, c.document_id), c.document_id, c.metric, c.state, c.value, c.value_max,
           c.qualifier, c.unit, c.as_of, c.published, c.entity, c.quote, COALESCE(c.period, 'cumulative')
    FROM claims c JOIN documents d ON d.id = c.document_id
    WHERE c.metric != 'other' AND d.status = 'ok'
"""


def iter_facts(db) -> Iterator[ClaimFact]:
    for (cid, source, doc, metric, state, value, vmax, qual, unit, as_of, published, entity,
         quote, period) in db.execute(_FACTS_SQL):
        yield ClaimFact(cid, source, doc, metric, state, value, vmax, qual, unit, as_of, published, entity,
                        written_precision(quote), period)


def claim_loader(db):
    """`load_claims(ids)` for the engine: one query per batch of ids."""
    from ..store import claim_from_row

    def load(ids: Sequence[str]) -> Iterable[Claim]:
        ids = list(ids)
        out = []
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            cur = db.execute(f"SELECT * FROM claims WHERE id IN ({','.join('?' * len(part))})", part)
            names = [c[0] for c in cur.description]
            out.extend(claim_from_row(dict(zip(names, row))) for row in cur)
        return out

    return load


def references(db) -> list[ReferenceFigure]:
    cur = db.execute("SELECT id, metric, state, value, as_of, source, note FROM reference_figures ORDER BY id")
    names = [c[0] for c in cur.description]
    return [ReferenceFigure.from_row(dict(zip(names, row))) for row in cur]


def find_in_db(db) -> list[Flag]:
    from . import find_contradictions

    return find_contradictions(iter_facts(db), claim_loader(db), references(db))


def find_and_save(db, run_id: int | None = None) -> dict:
    """Run every rule over the database and store the flags; returns counts (new, seen_again, no_longer_found,
    open)."""
    from ..store.flags import save_flags

    counts = save_flags(db, find_in_db(db), run_id)
    counts["open"] = db.execute("SELECT count(*) FROM flags WHERE active = 1 AND status = 'open'").fetchone()[0]
    return counts


def check_files(db, paths: Iterable[str]) -> tuple[list[Flag], list[tuple[str, str]]]:
    """Flags that the claims of `paths` (drafts, new articles) raise against the database, without storing
    anything. Returns (flags, unreadable) where unreadable lists (path, reason)."""
    from ..errors import UnreadableInput
    from ..pipeline import extract_file
    from . import check_new

    new_claims: dict[str, Claim] = {}
    new_facts = []
    unreadable = []
    for path in paths:
        try:
            claims = extract_file(path)
        except UnreadableInput as exc:
            unreadable.append((path, exc.reason))
            continue
        for c in claims:
            if c.metric == "other":
                continue
            new_claims[c.id] = c
            new_facts.append(ClaimFact.from_claim(c, source_id=f"draft:{path}", document_id=f"draft:{path}"))
    stored = claim_loader(db)

    def load(ids: Sequence[str]) -> Iterable[Claim]:
        mine = [new_claims[i] for i in ids if i in new_claims]
        return mine + list(stored([i for i in ids if i not in new_claims]))

    existing = [f for f in iter_facts(db) if f.id not in new_claims]
    return check_new(new_facts, existing, load, references(db)), unreadable

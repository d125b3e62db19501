"""The contradiction finder over the claims database: facts out of SQL, flags back in — the one module of this
package that touches the database (the rules themselves never do).

Facts are read with one query (claims joined with their document's story group, so syndicated copies count as
one source); full `Claim` records are loaded only for the claims that end up in flags. Flags are upserted by id, so
a re-run keeps every reviewer's status, note and version (see extractor/store/flags.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from ..records import Claim, Flag
from .facts import ClaimFact, ReferenceFigure
from .official import is_official
from .quotes import written_precision

# The review desk's claim decisions (extractor/store/corrections.py) apply here, joined by span — document and
# evidence offsets, not claim id, so they outlive re-extraction: a rejected span yields no fact; a corrected one
# yields its corrected metric / state / period+event / value+value_max+qualifier, at confidence 1.0 (a person
# checked it), and no written precision once its value is not the one the quote shows.
_FACTS_SQL = """
    SELECT c.id, COALESCE(d.story_id, c.document_id), c.document_id, COALESCE(k.metric, c.metric),
           COALESCE(k.state, c.state), COALESCE(k.value, c.value),
           CASE WHEN k.value IS NULL THEN c.value_max ELSE k.value_max END, COALESCE(k.qualifier, c.qualifier),
           c.unit, c.as_of, c.published, c.entity, CASE WHEN k.value IS NULL THEN c.quote END,
           COALESCE(k.period, c.period, 'cumulative'), CASE WHEN k.period IS NULL THEN c.event ELSE k.event END,
           CASE WHEN k.id IS NULL THEN COALESCE(c.confidence, 1.0) ELSE 1.0 END,
           COALESCE(c.source_url, d.url), COALESCE(c.source_publisher, d.publisher)
    FROM claims c JOIN documents d ON d.id = c.document_id
    LEFT JOIN claim_corrections k ON k.document_id = c.document_id AND k.start = c.start AND k.[end] = c.[end]
                                  AND k.status IN ('corrected', 'rejected')
    WHERE COALESCE(k.metric, c.metric) != 'other' AND d.status = 'ok' AND (k.status IS NULL OR k.status = 'corrected')
"""


def iter_facts(db) -> Iterator[ClaimFact]:
    # SQLite gives every row its own copy of each string; the same document id, metric, scope or date repeated
    # over a million facts is one string here (a fact 860 → 260 bytes: 511,500 facts of one 20 MB article took
    # 420 MB, issue 14)
    shared: dict = {}
    one = shared.setdefault
    for (cid, source, doc, metric, state, value, vmax, qual, unit, as_of, published, entity,
         quote, period, event, confidence, url, publisher) in db.execute(_FACTS_SQL):
        yield ClaimFact(cid, one(source, source), one(doc, doc), one(metric, metric), one(state, state), value, vmax,
                        one(qual, qual), one(unit, unit), one(as_of, as_of), one(published, published),
                        one(entity, entity), None if quote is None else written_precision(quote),
                        one(period, period), one(event, event),
                        confidence, is_official(url, publisher))


def claim_loader(db):
    """`load_claims(ids)` for the engine: one query per batch of ids."""
    from ..store import claim_from_row
    from ..store.corrections import apply, decisions_for

    def load(ids: Sequence[str]) -> Iterable[Claim]:
        ids = list(ids)
        out = []
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            cur = db.execute(f"SELECT * FROM claims WHERE id IN ({','.join('?' * len(part))})", part)
            names = [c[0] for c in cur.description]
            rows = [dict(zip(names, row)) for row in cur]
            decided = decisions_for(db, rows)  # a flag shows a claim as the desk corrected it, like its facts
            for row in rows:
                row = apply(row, decided.get((row["document_id"], row["start"], row["end"]))) or row
                out.append(claim_from_row(row))
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


def check_files(db, paths: Iterable[str]) -> "CheckResult":
    """What the claims of `paths` (drafts, new articles) say against the database, without storing anything: the
    flags they raise, each figure's verdict by consensus (consensus.py) and the files that could not be read."""
    from ..errors import UnreadableInput
    from ..pipeline import iter_claims, iter_documents
    from . import check_new
    from .consensus import verdicts

    new_claims: dict[str, Claim] = {}
    draft = []
    unreadable = []
    for path in paths:
        for doc in iter_documents(path):  # an article, or each record of a scraper file
            if isinstance(doc, UnreadableInput):
                unreadable.append((doc.path or path, doc.reason))
                continue
            for c in iter_claims(doc):
                if c.metric == "other":
                    continue
                new_claims[c.id] = c
                draft.append((c, ClaimFact.from_claim(c, source_id=f"draft:{path}", document_id=f"draft:{path}")))
    stored = claim_loader(db)

    def load(ids: Sequence[str]) -> Iterable[Claim]:
        mine = [new_claims[i] for i in ids if i in new_claims]
        return mine + list(stored([i for i in ids if i not in new_claims]))

    existing = [f for f in iter_facts(db) if f.id not in new_claims]
    flags = check_new([f for _, f in draft], existing, load, references(db))
    return CheckResult(flags, verdicts(draft, existing, flags, stored), unreadable)


@dataclass
class CheckResult:
    flags: list[Flag]  # every flag that involves a draft figure
    verdicts: list  # consensus.Verdict per draft figure
    unreadable: list[tuple[str, str]]  # (path, reason)

    @property
    def disagreements(self) -> list[Flag]:
        """The flags that hold a draft figure against the consensus (the rest name a stored outlier)."""
        against = {fid for v in self.verdicts if v.verdict == "disagrees" for fid in v.flags}
        return [f for f in self.flags if f.id in against]

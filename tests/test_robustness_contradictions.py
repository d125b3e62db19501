"""Issue 14, row 1: `extract contradictions` bounded like extraction. An article that repeats two conflicting
figures a quarter of a million times (a 20 MB number-dense file) made value_conflict compare every figure with
every other (6.5e10 steps) and one flag load every claim of the article. Now the nearest conflicting figure is
found by bisection (the same one the scan found), a flag lists at most `MAX_FLAGGED` claims (keeping the suspect),
and the facts read from the store share their repeated strings."""
from __future__ import annotations

import random

import pytest

from extractor.contradictions import ClaimFact, find_contradictions, value_conflict
from extractor.contradictions.engine import MAX_FLAGGED, Index
from extractor.records import Claim, Evidence, Source
from extractor.store import open_db

QUALIFIERS = ["exact", "exact", "approx", "at_least", "at_most", "range"]


def random_facts(rnd: random.Random, n: int) -> list[ClaimFact]:
    facts = []
    for i in range(n):
        value = rnd.choice([14_500_000, 1_450_000, 14_000_000, 18_000_000, 18_800_000, 6_700_000, 7_000_000]) \
            * rnd.choice([1, 1, 1, 1.01, 0.97])
        q = rnd.choice(QUALIFIERS)
        vmax = value * rnd.choice([1.1, 1.3]) if q == "range" else None
        source = f"s{rnd.randrange(6)}"
        facts.append(ClaimFact(f"c{i:04d}", source, f"{source}-d{rnd.randrange(2)}", "registered_users", "India",
                               round(value), vmax, q, "count", "2026-03-10", "2026-03-10", None,
                               rnd.choice([None, 100_000, 1_000])))
    return facts


class ScanNearest:
    """The scan value_conflict did before (the reference the bisection must agree with)."""

    def __init__(self, rows):
        self.rows = rows

    def nearest(self, r):
        from extractor.contradictions import tolerance

        against = [g for g in self.rows if not tolerance.overlaps(r.lo, r.hi, g.lo, g.hi)]
        return min(against, key=lambda g: (abs(g.logv - r.logv), g.order)) if against else None


def summary(candidates):
    return sorted((c.kind, tuple(r.fact.id for r in c.flagged), tuple(r.fact.id for r in c.other),
                   c.suspect.fact.id if c.suspect else None, c.soft_only) for c in candidates)


@pytest.mark.parametrize("seed", range(12))
def test_value_conflict_picks_by_bisection_the_figure_the_scan_picked(seed, monkeypatch):
    facts = random_facts(random.Random(seed), 120)
    fast = summary(value_conflict.find(Index(facts)))
    monkeypatch.setattr(value_conflict, "_Nearest", ScanNearest)
    assert fast == summary(value_conflict.find(Index(facts)))
    assert fast  # the random figures do conflict


def claims_for(facts):
    out = {}
    for f in facts:
        q = f"{f.value / 1e5:g} lakh"
        out[f.id] = Claim(id=f.id, metric=f.metric, value=f.value, qualifier=f.qualifier, unit=f.unit, state=f.state,
                          language="en", source=Source(path=f"{f.document_id}.txt"),
                          evidence=Evidence(quote=q, start=0, end=len(q), sentence=q))
    return out


def test_an_article_repeating_two_conflicting_figures_is_one_flag_of_at_most_fifty_claims():
    n = 3_000
    facts = [ClaimFact(f"a{i:05d}", "big", "big", "registered_users", "India", 7_000_000 if i % 2 else 2137, None,
                       "exact", "count", None, None, None, None) for i in range(n)]
    claims = claims_for(facts)
    asked = []

    def load(ids):
        asked.extend(ids)
        return [claims[i] for i in ids]

    flags = find_contradictions(facts, load)
    assert len(flags) == 1 and flags[0].kind == "value_conflict"
    assert len(flags[0].claims) <= MAX_FLAGGED + 1  # the flagged side, capped, and the figure it conflicts with
    assert len(asked) <= MAX_FLAGGED + 1  # only those claims were loaded, not 3,000


def test_the_facts_of_one_document_share_their_repeated_strings(tmp_path):
    from extractor.contradictions.db import iter_facts

    db = open_db(tmp_path / "c.db")
    db["documents"].insert({"id": "d" * 40, "path": "big.txt", "status": "ok"})
    db["claims"].insert_all(({"id": f"c{i}", "document_id": "d" * 40, "position": i, "metric": "course_completions",
                              "value": 7_000_000, "qualifier": "exact", "unit": "count", "state": "India",
                              "quote": "70 lakh", "start": 0, "end": 7, "sentence": "70 lakh"} for i in range(50)))
    facts = list(iter_facts(db))
    assert len(facts) == 50
    for field in ("source_id", "document_id", "metric", "state", "qualifier", "unit"):
        assert len({id(getattr(f, field)) for f in facts}) == 1, field
    db.close()

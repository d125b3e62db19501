"""Contradiction finder at scale: n synthetic claim facts through `find_contradictions`, on one core.

    python bench/bench_contradictions.py 100000 1000000      # one line of results per size
    python bench/bench_contradictions.py --profile 200000     # where the time goes (cProfile, top 25)

`run(n, seed)` generates the facts first (not timed), then times `find_contradictions` — every rule, plus loading
the flagged claims through `load_claims` and writing the Flag records with their explanations — and returns
seconds, flags found (by kind) and the recall of the injected slips.

The synthetic world, made to look like the real one:
- 20 metrics (metrics.toml) × 37 scopes (India and 36 states/UTs), each with a true series over two years:
  cumulative counts grow 20–60% a year, rates and non-cumulative counts drift a little, state figures are 1–10% of
  the national one, shares are the state's true share, learner subsets are fractions of registered users;
- stories (one outlet's report on one day: ~8 figures about one state, or national) from ~n/80 outlets, each story
  published in 1–5 syndicated copies (one source_id, several documents), 3% of figures undated;
- a figure is written the way reporters write it: 3 significant digits (exact, 50%), rounded down to 2 digits with
  "more than" (30%), 2 digits with "about" (15%), or as a range (5%);
- INJECTED_SLIPS (3%) of figures are written 10× or 100× off (×10, ÷10, ×100, ÷100). Recall counts an injected slip
  as found when one of its copies is a claim of a magnitude_slip flag.
"""
from __future__ import annotations

import math
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INJECTED_SLIPS = 0.03
FACTS_PER_STORY = 8
START = date(2024, 6, 1)
DAYS = 730


def _scopes() -> list[str]:
    from extractor.lang import load_toml

    return ["India"] + sorted(load_toml("places.toml")["states"])


class World:
    """True values of every (metric, scope) on every day."""

    def __init__(self, rng: random.Random):
        from extractor.lang import metrics

        self.metrics = metrics()
        self.ids = [m for m in self.metrics if not self.metrics[m].share_of]
        self.share_ids = [m for m in self.metrics if self.metrics[m].share_of]
        self.scopes = _scopes()
        self.base: dict[tuple[str, str], tuple[float, float]] = {}
        for m in self.ids:
            spec = self.metrics[m]
            national = 10 ** rng.uniform(5, 8) if spec.unit != "percent" else rng.uniform(40, 90)
            growth = rng.uniform(0.2, 0.6) if spec.cumulative else rng.uniform(-0.05, 0.05)
            for s in self.scopes:
                if s == "India" or spec.unit == "percent":
                    b = national if s == "India" else rng.uniform(40, 95)
                else:
                    b = national * rng.uniform(0.01, 0.1)
                self.base[(m, s)] = (b, growth)
        reg = "registered_users"
        for s in self.scopes:  # learner subsets are fractions of registered users, so the sums stay consistent
            b, g = self.base[(reg, s)]
            for m, f in (("learners_completed_at_least_one", 0.6), ("learners_completed_three_or_more", 0.3),
                         ("learners_completed_fewer_than_three", 0.5)):
                self.base[(m, s)] = (b * f, g)

    def value(self, metric: str, scope: str, day: int) -> float:
        spec = self.metrics[metric]
        if spec.share_of:
            part = self.value(spec.share_of, scope, day)
            return 100.0 * part / self.value(spec.share_of, "India", day)
        b, g = self.base[(metric, scope)]
        v = b * (1 + g * day / 365)
        return min(v, 99.0) if spec.unit == "percent" else v


def _round_sig(v: float, digits: int, down: bool = False) -> float:
    if v <= 0:
        return v
    e = math.floor(math.log10(v)) - digits + 1
    q = 10.0 ** e
    r = (math.floor(v / q) if down else round(v / q)) * q
    return float(round(r, max(0, -e)))


def quote_of(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:g}%"
    if value >= 1e7:
        return f"{value / 1e7:.4g} crore"
    if value >= 1e5:
        return f"{value / 1e5:.4g} lakh"
    return f"{value:,.0f}"


def generate(n: int, seed: int = 0):
    """(facts, injected slip keys, fact id → slip key or None)."""
    from extractor.contradictions import ClaimFact

    rng = random.Random(seed)
    world = World(rng)
    outlets = max(10, n // 80)
    facts: list[ClaimFact] = []
    slip_of: dict[str, tuple[int, int]] = {}
    injected: set[tuple[int, int]] = set()
    story = 0
    while len(facts) < n:
        story += 1
        outlet = rng.randrange(outlets)
        day = rng.randrange(DAYS)
        published = (START + timedelta(days=day)).isoformat()
        state = rng.choice(world.scopes[1:])
        figures = []
        for k in range(FACTS_PER_STORY):
            scope = "India" if rng.random() < 0.3 else state
            metric = rng.choice(world.share_ids if scope != "India" and rng.random() < 0.05 else world.ids)
            as_day = day - rng.randrange(4)
            true = world.value(metric, scope, as_day)
            unit = world.metrics[metric].unit
            r = rng.random()
            if r < 0.5:
                q, v, vmax = "exact", _round_sig(true, 3), None
            elif r < 0.8:
                q, v, vmax = "at_least", _round_sig(true, 2, down=True), None
            elif r < 0.95:
                q, v, vmax = "approx", _round_sig(true, 2), None
            else:
                q, v, vmax = "range", _round_sig(true * 0.9, 2, down=True), _round_sig(true * 1.1, 2)
            if rng.random() < INJECTED_SLIPS:
                f = rng.choice((10, 10, 0.1, 0.1, 100, 0.01))
                v = v * f
                vmax = vmax * f if vmax is not None else None
                injected.add((story, k))
                slip = (story, k)
            else:
                slip = None
            undated = rng.random() < 0.03
            as_of = None if undated else (START + timedelta(days=as_day)).isoformat()
            figures.append((metric, scope, v, vmax, q, unit, as_of, None if undated else published, slip))
        copies = rng.choices((1, 2, 3, 5), weights=(80, 12, 5, 3))[0]
        for c in range(copies):
            doc = f"s{story}c{c}"
            for k, (metric, scope, v, vmax, q, unit, as_of, pub, slip) in enumerate(figures):
                fid = f"{doc}f{k}"
                facts.append(ClaimFact(fid, f"story{story}", doc, metric, scope, v, vmax, q, unit, as_of, pub,
                                       None))
                if slip:
                    slip_of[fid] = slip
    return facts, injected, slip_of, outlets


def loader(facts):
    """A load_claims over the synthetic facts: Claim records made on demand, only for flagged ids."""
    from extractor.records import Claim, Evidence, Source

    by_id = {f.id: f for f in facts}

    def load(ids):
        out = []
        for i in ids:
            f = by_id[i]
            q = quote_of(f.value, f.unit)
            out.append(Claim(id=f.id, metric=f.metric, value=f.value, value_max=f.value_max, qualifier=f.qualifier,
                             unit=f.unit, state=f.state, as_of=f.as_of, published=f.published, language="en",
                             source=Source(path=f"synthetic/{f.document_id}.txt", publisher=f"Outlet {f.source_id}"),
                             evidence=Evidence(quote=q, start=0, end=len(q), sentence=q)))
        return out

    return load


def run(n: int, seed: int = 0) -> dict:
    from extractor.contradictions import find_contradictions

    facts, injected, slip_of, _ = generate(n, seed)
    by_id = {f.id: f for f in facts}
    load = loader(facts)
    t0 = time.perf_counter()
    flags = find_contradictions(facts, load)
    seconds = time.perf_counter() - t0
    found = {slip_of[c.id] for f in flags if f.kind == "magnitude_slip" for c in f.claims if c.id in slip_of}
    slip_flags = [f for f in flags if f.kind == "magnitude_slip"]
    clean = sum(1 for f in slip_flags if any(c.id in slip_of for c in f.claims))
    kinds = Counter(f.kind for f in flags)
    from extractor.lang import metrics

    checked = {key for fid, key in slip_of.items() if not metrics()[by_id[fid].metric].subgroups}
    return {
        "facts": len(facts),
        "seconds": round(seconds, 1),
        "flags": len(flags),
        "by_kind": dict(sorted(kinds.items())),
        "injected_slips": len(injected),
        "slip_recall": round(len(found & injected) / len(injected), 4) if injected else None,
        "slip_recall_checked_metrics": round(len(found & checked) / len(checked), 4) if checked else None,
        "slip_flag_precision": round(clean / len(slip_flags), 4) if slip_flags else None,
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--profile"]:
        import cProfile
        import pstats

        from extractor.contradictions import find_contradictions

        facts, *_ = generate(int(argv[1]) if len(argv) > 1 else 200_000)
        load = loader(facts)
        prof = cProfile.Profile()
        prof.runcall(find_contradictions, facts, load)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        return 0
    for arg in argv or ["100000"]:
        print(f"n={int(arg):,}: {run(int(arg))}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Latency of the review queue's pages on a large database: p50/p95 per page under a few concurrent clients.

    python bench/bench_review.py                       # 100,000 claims, 10,000 flags (the issue's sizes)
    python bench/bench_review.py --claims 20000 --flags 2000 --requests 200 --db /tmp/review-bench.db
    from bench_review import run; run(claims=100_000, flags=10_000, requests=400) -> dict

What it does:
1. builds a synthetic but realistic claims database with the real schema (`open_db`): 20 metrics × India and 15
   states, ~40 publishers, 10 claims per article, Hindi sentences holding Indian-notation quotes at their real
   offsets, syndicated copies sharing a story_id, flags of every kind over claims of one metric and scope (stored
   with `save_flags`), a few hundred decisions through `decisions.decide`. `--db PATH` keeps it for the next run;
2. starts the app with uvicorn in a SUBPROCESS on a free loopback port (the server and the load generator do not
   share a GIL), signs each client in;
3. drives it with `concurrency` httpx clients in threads, each sending its share of `requests` per page kind, after
   a warm-up, and reports p50/p95/max per page kind. Traffic goes to 127.0.0.1 only and the loop is bounded.

Page kinds: queue (the default queue and its filter variants), flag (random flag pages), queue_search (FTS search
in the queue), claims (claims browser pages). The issue's bar is p95 <= 150 ms for queue and flag.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password-123"
P95_TARGET_MS = 150
SEED = 20260107

STATES = ["India"] * 6 + ["Uttar Pradesh", "Bihar", "Maharashtra", "Madhya Pradesh", "Rajasthan", "Uttarakhand",
                          "Gujarat", "Karnataka", "Tamil Nadu", "West Bengal", "Odisha", "Kerala", "Punjab",
                          "Haryana", "Assam"]
PUBLISHERS = [f"{name} {i}" for i, name in enumerate(
    ["Dainik Samachar", "Hindi Khabar", "Rashtriya Patrika", "Jan Awaz", "Bharat Times", "Desh Darpan",
     "Lok Vani", "News Vision", "Prabhat Khabar", "Amar Sandesh"] * 4)]
SENTENCE = {
    "hi": "{state} में iGOT कर्मयोगी प्लेटफॉर्म पर {quote} से अधिक {what} दर्ज किए गए हैं।",
    "en": "In {state}, more than {quote} {what} were recorded on the iGOT Karmayogi platform.",
}
FILLER = {
    "hi": "मिशन कर्मयोगी के तहत अधिकारियों के प्रशिक्षण की समीक्षा बैठक में यह जानकारी दी गई। ",
    "en": "The figures were shared at a review meeting on civil service capacity building. ",
}


def _quote(value: int, lang: str) -> str:
    from extractor.review.render import indian_words

    return indian_words(value, lang) if value >= 100_000 else f"{value:,}"


def build(path: Path, claims: int, flags: int, *, seed: int = SEED) -> dict:
    """Write the synthetic database at `path` (replacing it). Returns what was built and how long it took."""
    from extractor.lang import metrics
    from extractor.records import Claim, Flag
    from extractor.review import decisions
    from extractor.store import claim_from_row, open_db, write_transaction
    from extractor.store.flags import save_flags

    rnd = random.Random(seed)
    t0 = time.perf_counter()
    for suffix in ("", "-wal", "-shm", ".review-secret"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_db(path)
    metric_ids = [m for m, spec in metrics().items() if spec.unit == "count"]
    base = {(m, s): rnd.choice([5_000, 40_000, 2_00_000, 18_00_000, 1_45_00_000]) * (1 if s == "India" else 0.1)
            for m in metric_ids for s in set(STATES)}
    per_doc = 10
    docs = max(1, claims // per_doc)
    start_day = date(2024, 1, 1)
    doc_rows, claim_rows = [], []
    groups: dict[tuple[str, str], list[str]] = {}
    for d in range(docs):
        lang = "hi" if rnd.random() < 0.7 else "en"
        publisher = rnd.choice(PUBLISHERS)
        published = (start_day + timedelta(days=rnd.randrange(820))).isoformat()
        doc_id = f"doc{d:07d}"
        story = f"story{d // 3:07d}" if rnd.random() < 0.3 else f"story-solo-{d}"
        parts, pos = [], 0
        title = f"Mission Karmayogi update {d}" if lang == "en" else f"मिशन कर्मयोगी: समीक्षा {d}"
        parts.append(title + "\n\n")
        pos += len(parts[-1])
        for i in range(per_doc):
            if len(claim_rows) >= claims:
                break
            metric = rnd.choice(metric_ids)
            state = rnd.choice(STATES)
            v = base[(metric, state)] * rnd.choice([1, 1, 1, 1.1, 0.9, 10, 0.1])
            value = max(1, int(round(v, -2 if v > 1000 else 0)))
            quote = _quote(value, lang)
            sentence = SENTENCE[lang].format(state=state, quote=quote, what=metric.replace("_", " "))
            filler = FILLER[lang]
            parts.append(filler)
            pos += len(filler)
            q_start = pos + sentence.index(quote)
            parts.append(sentence + "\n")
            pos += len(sentence) + 1
            claim_rows.append({
                "id": f"c{len(claim_rows):08d}", "document_id": doc_id, "position": i, "metric": metric,
                "metric_text": metric.replace("_", " "), "value": value, "value_max": None,
                "qualifier": "at_least", "unit": "count", "state": state, "entity": "iGOT Karmayogi",
                "as_of": published if rnd.random() < 0.6 else None, "published": published, "language": lang,
                "source_path": f"bench/{doc_id}.txt", "source_url": f"https://news{rnd.randrange(40)}.example.in/{d}",
                "source_publisher": publisher, "source_title": title, "quote": quote, "start": q_start,
                "end": q_start + len(quote), "sentence": sentence})
            groups.setdefault((metric, state), []).append(claim_rows[-1]["id"])
        text = "".join(parts)
        doc_rows.append({"id": doc_id, "path": f"bench/{doc_id}.txt", "kind": "txt", "status": "ok",
                         "size": len(text.encode()), "url": f"https://news.example.in/{d}", "publisher": publisher,
                         "title": title, "published": published, "language": lang, "story_id": story,
                         "claims": per_doc, "text": text, "body_start": 0})
    with write_transaction(db):
        db["documents"].insert_all(doc_rows, batch_size=2000)
        db["claims"].insert_all(claim_rows, batch_size=2000)
    t_rows = time.perf_counter() - t0

    by_id = {r["id"]: r for r in claim_rows}
    kinds = ["magnitude_slip"] * 4 + ["value_conflict"] * 4 + ["part_exceeds_whole", "cumulative_backwards",
                                                                 "reference_mismatch"]
    made: dict[str, Flag] = {}
    keys = [k for k, ids in groups.items() if len(ids) >= 2]
    cache: dict[str, Claim] = {}

    def claim(cid: str) -> Claim:
        if cid not in cache:
            cache[cid] = claim_from_row(by_id[cid])
        return cache[cid]

    while len(made) < flags:
        metric, state = rnd.choice(keys)
        a, b = rnd.sample(groups[(metric, state)], 2)
        kind = rnd.choice(kinds)
        fid = Flag.make_id(kind, [a, b])
        if fid in made:
            continue
        ca, cb = claim(a), claim(b)
        made[fid] = Flag(
            id=fid, kind=kind, metric=metric, state=state, severity=rnd.choice(["high", "medium", "medium", "low"]),
            claims=[ca, cb], suspect_claim=a if rnd.random() < 0.5 else None,
            explanation_en=f"{ca.source.publisher} reports {ca.evidence.quote}, {cb.source.publisher} "
                           f"reports {cb.evidence.quote} for {metric.replace('_', ' ')} in {state}.",
            explanation_hi=f"{ca.source.publisher} के अनुसार {ca.evidence.quote}, जबकि {cb.source.publisher} के "
                           f"अनुसार {cb.evidence.quote}।")
    save_flags(db, made.values(), run_id=1)
    t_flags = time.perf_counter() - t0 - t_rows

    decisions.create_reviewer(db, "bench", PASSWORD)
    decisions.create_reviewer(db, "other", PASSWORD)
    ids = list(made)
    rnd.shuffle(ids)
    for fid in ids[: min(300, len(ids) // 10)]:
        act = rnd.choice(["confirm", "dismiss", "needs_info"])
        decisions.decide(db, fid, "bench", act, 1, note="bench decision", correct_value=12345,
                         correct_source="PIB", reason="different period")
    for fid in ids[300:400]:
        decisions.assign(db, fid, "bench", "other", 1)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no ANALYZE: measure what a batch-made database gives
    db.close()
    return {"claims": len(claim_rows), "documents": len(doc_rows), "flags": len(made),
            "build_seconds": round(time.perf_counter() - t0, 1), "rows_seconds": round(t_rows, 1),
            "flags_seconds": round(t_flags, 1), "db_mb": round(path.stat().st_size / 2**20, 1)}


SERVER = """
import sys, uvicorn
sys.path.insert(0, {root!r})
from extractor.review.app import create_app
uvicorn.run(create_app({db!r}, secret="bench-" + "s" * 40), host="127.0.0.1", port={port}, log_level="warning",
            access_log=False)
"""


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def _sign_in(client) -> None:
    import re

    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token, "next": "/"})
    if r.status_code != 303:
        raise RuntimeError(f"bench sign-in failed: {r.status_code}")


def run(claims: int = 100_000, flags: int = 10_000, requests: int = 400, *, concurrency: int = 4,
        db: str | Path | None = None, rebuild: bool = False, seed: int = SEED) -> dict:
    """Build (or reuse) the database, serve it, measure. `requests` is per page kind."""
    import httpx

    from extractor.review.serve import free_port

    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench-review-")
        db = Path(tmp.name) / "claims.db"
    db = Path(db)
    built = None
    if rebuild or not db.exists():
        built = build(db, claims, flags, seed=seed)
    import sqlite3

    with sqlite3.connect(db) as conn:
        n_claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        flag_ids = [r[0] for r in conn.execute("SELECT id FROM flags WHERE active = 1")]
        metrics = [r[0] for r in conn.execute("SELECT DISTINCT metric FROM flags LIMIT 8")]
        pubs = [r[0] for r in conn.execute("SELECT DISTINCT source_publisher FROM claims LIMIT 8")]

    rnd = random.Random(seed + 1)
    queue_urls = (["/", "/", "/", "/?status=all", "/?status=needs_info", "/?kind=magnitude_slip",
                   "/?page=3", "/?page=40", "/?assignee=other", "/?date_from=2025-06-01"]
                  + [f"/?metric={m}&state=India" for m in metrics] + [f"/?publisher={p}" for p in pubs[:3]])
    search_urls = ["/?q=करोड़", "/?q=14.5", "/?q=Uttar+Pradesh", "/?q=Samachar", "/?q=लाख+पंजीकृत",
                   '/?q="AND+(']
    claims_urls = ["/claims", "/claims?page=20", "/claims?metric=registered_users", "/claims?q=लाख",
                   f"/claims?publisher={pubs[0]}", "/claims?language=en&state=Bihar"]
    plan = {
        "queue": [rnd.choice(queue_urls) for _ in range(requests)],
        "flag": [f"/flags/{rnd.choice(flag_ids)}" for _ in range(requests)],
        "queue_search": [rnd.choice(search_urls) for _ in range(max(20, requests // 4))],
        "claims": [rnd.choice(claims_urls) for _ in range(max(20, requests // 4))],
    }

    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-c", SERVER.format(root=str(ROOT), db=str(db), port=port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    results: dict[str, list[float]] = {k: [] for k in plan}
    errors: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the review server did not start: " + server.stderr.read().decode()[-2000:])
            time.sleep(0.2)

        clients = [httpx.Client(base_url=base, timeout=30, follow_redirects=False) for _ in range(concurrency)]
        for c in clients:
            _sign_in(c)
        for c in clients:  # warm-up: thread-local connections, page cache, templates
            for url in queue_urls[:4] + [f"/flags/{flag_ids[0]}", "/claims"]:
                c.get(url)

        lock = threading.Lock()
        for kind, urls in plan.items():
            shares = [urls[i::concurrency] for i in range(concurrency)]

            def worker(client, share, kind=kind):
                for url in share:
                    t = time.perf_counter()
                    r = client.get(url)
                    ms = (time.perf_counter() - t) * 1000
                    with lock:
                        results[kind].append(ms)
                        if r.status_code != 200:
                            errors.append(f"{r.status_code} {url}")

            threads = [threading.Thread(target=worker, args=(c, s)) for c, s in zip(clients, shares)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
        for c in clients:
            c.close()
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        if tmp is not None:
            tmp.cleanup()

    pages = {}
    for kind, times in results.items():
        pages[kind] = {"n": len(times), "p50_ms": round(_percentile(times, 0.5), 1),
                       "p95_ms": round(_percentile(times, 0.95), 1), "max_ms": round(max(times), 1),
                       "mean_ms": round(statistics.fmean(times), 1)}
    return {"claims": n_claims, "flags": len(flag_ids), "concurrency": concurrency, "built": built,
            "pages": pages, "errors": errors[:20], "target_p95_ms": P95_TARGET_MS,
            "meets_target": all(pages[k]["p95_ms"] <= P95_TARGET_MS for k in ("queue", "flag")) and not errors}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="p50/p95 of the review queue's pages on a large database")
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--flags", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=400, help="requests per page kind")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--db", help="keep the built database here and reuse it next time")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    out = run(args.claims, args.flags, args.requests, concurrency=args.concurrency, db=args.db,
              rebuild=args.rebuild)
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        if out["built"]:
            b = out["built"]
            print(f"built {b['claims']:,} claims in {b['documents']:,} articles, {b['flags']:,} flags, "
                  f"{b['db_mb']} MB in {b['build_seconds']} s")
        print(f"{out['claims']:,} claims, {out['flags']:,} flags, {out['concurrency']} concurrent clients\n")
        print("| page | requests | p50 ms | p95 ms | max ms |")
        print("|---|---:|---:|---:|---:|")
        for kind, p in out["pages"].items():
            print(f"| {kind} | {p['n']} | {p['p50_ms']} | {p['p95_ms']} | {p['max_ms']} |")
        if out["errors"]:
            print("errors:", out["errors"])
        print(f"\nqueue and flag p95 <= {P95_TARGET_MS} ms: {'yes' if out['meets_target'] else 'NO'}")
    return 0 if out["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())

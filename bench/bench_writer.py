"""The batch's single writer alone: how many extracted articles a second it stores (issue 17, item 4).

    python bench/bench_writer.py [N] [--repeat R]   N synthetic articles (default 2,000), the writing timed R times
                                                    (default 3); prints one Markdown table

`extract batch` extracts in worker processes (local, or a Dask cluster) and stores every result in the parent, one
writer: its rate is the ceiling of the whole batch, however many cores extract. This bench takes it apart. The
articles are bench_batch.py's synthetic corpus (real corpus articles varied, every file distinct); each is extracted
first, untimed, with the batch's own `process_job`; then only `BatchWriter.write` (documents, claims, full-text
index, copy and story-index work, group commits) and the closing `regroup_stories` are timed, into a new database,
in this process. The extraction rate of the same articles on one core is printed beside it, and their ratio says
how many cores one writer can keep busy.

Here the writing is timed R times, each into a new database from the same extracted results (a fresh copy each
time), and the best time gives the writer's rate (the median is printed beside it): on a shared machine other
processes only ever add time, so one run is the writer's cost plus whatever else ran meanwhile — on the 2-core
machine of issue 17, single runs of the same code spread over ±25%. `run()`, which bench/run.py and
bench_cluster.py call, times it once by default.
"""
from __future__ import annotations

import argparse
import os
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def run(n: int = 2_000, seed: int = 0, repeat: int = 1) -> dict:
    """Extract n synthetic articles, then time their writing `repeat` times: `write_seconds` is the best time,
    `write_runs` all of them."""
    from bench_batch import make_corpus

    from extractor.batch.jobs import Job, hash_bytes, process_job

    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "in", n, seed)
        paths = sorted(p for p in corpus.rglob("*") if p.is_file())
        t0 = time.perf_counter()
        results = []
        for p in paths:
            data = p.read_bytes()
            st = p.stat()
            results.append(process_job(Job(str(p), hash_bytes(data), st.st_size, st.st_mtime_ns, data=data)))
        extract_seconds = time.perf_counter() - t0
        claims = sum(len(d.claims) for r in results for d in r.docs)
        # each run after the first writes a copy, as the batch receives results from its workers: the objects
        # written before would be quicker to bind again (CPython keeps a str's UTF-8 once it has made it)
        copies = pickle.dumps(results) if repeat > 1 else b""
        write_runs = [write(results if i == 0 else pickle.loads(copies), Path(tmp) / f"w{i}.db")
                      for i in range(repeat)]
    return {"articles": len(paths), "claims": claims, "extract_seconds": extract_seconds,
            "write_seconds": min(write_runs), "write_runs": write_runs}


def write(results, db_path: Path) -> float:
    """Seconds to store `results` into a new database at `db_path`."""
    from extractor.store import open_db, program_version
    from extractor.store.writer import BatchWriter, start_run

    db = open_db(db_path)
    version = program_version()
    run_id = start_run(db, "bench writer", "processes", 1, version)
    t0 = time.perf_counter()
    with BatchWriter(db, run_id, version) as writer:
        for r in results:
            writer.write(r)
        writer.regroup_stories()
    seconds = time.perf_counter() - t0
    db.close()
    return seconds


def markdown(res: dict) -> str:
    n = res["articles"]
    extract_rate = n / res["extract_seconds"]
    times = res.get("write_runs", [res["write_seconds"]])
    write_rate = n / res["write_seconds"]
    return "\n".join([
        "| step | articles/s | note |",
        "|---|---:|---|",
        f"| extraction, one core (`process_job`) | {extract_rate:,.0f} | {n:,} articles, {res['claims']:,} claims |",
        f"| the single writer alone (`BatchWriter.write` + `regroup_stories`) | {write_rate:,.0f} | "
        f"best of {len(times)} (median {n / statistics.median(times):,.0f}); "
        f"target ≥ 2,000: {'met' if write_rate >= 2000 else 'NOT met'}; one writer keeps "
        f"{write_rate / extract_rate:,.1f} extracting cores busy |",
    ]) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"Writer bench — {args.n:,} synthetic articles, "
          f"commit {os.popen('git rev-parse --short HEAD').read().strip()}\n")
    print(markdown(run(args.n, repeat=args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

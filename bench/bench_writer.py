"""The batch's single writer alone: how many extracted articles a second it stores (issue 17, item 4).

    python bench/bench_writer.py [N]      N synthetic articles (default 2,000); prints one Markdown table

`extract batch` extracts in worker processes (local, or a Dask cluster) and stores every result in the parent, one
writer: its rate is the ceiling of the whole batch, however many cores extract. This bench takes it apart. The
articles are bench_batch.py's synthetic corpus (real corpus articles varied, every file distinct); each is extracted
first, untimed, with the batch's own `process_job`; then only `BatchWriter.write` (documents, claims, full-text
index, copy and story-index work, group commits) and the closing `regroup_stories` are timed, into a new database,
in this process. The extraction rate of the same articles on one core is printed beside it, and their ratio says
how many cores one writer can keep busy.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def run(n: int = 2_000, seed: int = 0) -> dict:
    from bench_batch import make_corpus

    from extractor.batch.jobs import Job, hash_bytes, process_job
    from extractor.store import open_db, program_version
    from extractor.store.writer import BatchWriter, start_run

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
        db = open_db(Path(tmp) / "w.db")
        version = program_version()
        run_id = start_run(db, "bench writer", "processes", 1, version)
        t0 = time.perf_counter()
        with BatchWriter(db, run_id, version) as writer:
            for r in results:
                writer.write(r)
            writer.regroup_stories()
        write_seconds = time.perf_counter() - t0
        db.close()
    return {"articles": len(paths), "claims": claims, "extract_seconds": extract_seconds,
            "write_seconds": write_seconds}


def markdown(res: dict) -> str:
    n = res["articles"]
    extract_rate = n / res["extract_seconds"]
    write_rate = n / res["write_seconds"]
    return "\n".join([
        "| step | articles/s | note |",
        "|---|---:|---|",
        f"| extraction, one core (`process_job`) | {extract_rate:,.0f} | {n:,} articles, {res['claims']:,} claims |",
        f"| the single writer alone (`BatchWriter.write` + `regroup_stories`) | {write_rate:,.0f} | "
        f"target ≥ 2,000: {'met' if write_rate >= 2000 else 'NOT met'}; one writer keeps "
        f"{write_rate / extract_rate:,.1f} extracting cores busy |",
    ]) + "\n"


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 2_000
    print(f"Writer bench — {n:,} synthetic articles, commit {os.popen('git rev-parse --short HEAD').read().strip()}\n")
    print(markdown(run(n)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

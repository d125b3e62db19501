"""Memory and time of grouping syndicated copies over N stored documents: datasketch's MinHashLSH over every
signature at once (what `extract batch` did at the end of each run until the story index) against the story index
in SQLite (`extractor/store/story_index.py`, one document at a time, as the batch does now).

    python bench/bench_stories.py [N]      N documents (default 20,000); prints a Markdown table

The signatures are made once from generated articles (300 words from a 6,000-word Hindi and English vocabulary;
one in ten a lightly edited copy of an earlier one), then each method runs in a fresh process that reads them from
a file (both hold them all, about 600 bytes each, as the baseline), so its peak RSS (`ru_maxrss`) minus its RSS
after loading them and the libraries is the memory the grouping itself adds. Then "the next night": 1% more
documents arrive; the old batch regrouped the whole store after any change, the index adds the new documents.
"""
from __future__ import annotations

import json
import os
import pickle
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_CHILD = r"""
import json, pickle, resource, sys, time
import psutil
method, sigs_path, db_path, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(sigs_path, "rb") as fh:
    sigs = pickle.load(fh)
import datasketch  # loaded before the baseline, as by every batch
from extractor.stories import group_stories
from extractor.store import open_db, story_index, write_transaction
db = open_db(db_path) if method == "index" else None
base = psutil.Process().memory_info().rss


def add(batch):
    for i in range(0, len(batch), 32):  # committed 32 documents at a time, as the batch writer does
        with write_transaction(db):
            for doc_id, sig in batch[i:i + 32]:
                db.conn.execute("INSERT INTO documents (id, status, minhash) VALUES (?, 'ok', ?)", [doc_id, sig])
                story_index.add_document(db.conn, doc_id, sig)


t = time.perf_counter()
if method == "lsh":
    stories = len(set(group_stories(sigs[:n]).values()))
else:
    add(sigs[:n])
    stories = db.execute("SELECT count(DISTINCT story_id) FROM documents").fetchone()[0]
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
# the next night: 1% more documents; the old batch regrouped the whole store, the index adds the new ones
t = time.perf_counter()
if method == "lsh":
    group_stories(sigs)
else:
    add(sigs[n:])
nightly = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "growth_mb": (peak - base) / 2**20, "stories": stories,
                  "nightly_seconds": nightly}))
"""


def make_signatures(n: int, seed: int = 0) -> list[tuple[str, bytes]]:
    from extractor.stories import signature

    rnd = random.Random(seed)
    vocab = [f"शब्द{i}" for i in range(3000)] + [f"word{i}" for i in range(3000)]
    texts: list[list[str]] = []
    out = []
    for i in range(n):
        if texts and rnd.random() < 0.1:
            words = list(rnd.choice(texts))
            for _ in range(10):
                words[rnd.randrange(len(words))] = rnd.choice(vocab)
        else:
            words = [rnd.choice(vocab) for _ in range(300)]
        texts.append(words)
        out.append((f"{rnd.getrandbits(160):040x}", signature(" ".join(words))))
    return out


def run(n: int = 20_000, seed: int = 0) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench_stories_"))
    try:
        t = time.perf_counter()
        sigs = make_signatures(n + n // 100, seed)
        made = time.perf_counter() - t
        path = tmp / "sigs.pickle"
        with open(path, "wb") as fh:
            pickle.dump(sigs, fh)
        out = {"documents": n, "signature_seconds": made}
        for method in ("lsh", "index"):
            proc = subprocess.run([sys.executable, "-c", _CHILD, method, str(path), str(tmp / f"{method}.db"), str(n)],
                                  cwd=ROOT, capture_output=True, text=True, check=True)
            out[method] = json.loads(proc.stdout.strip().splitlines()[-1])
        out["index"]["db_mb"] = os.path.getsize(tmp / "index.db") / 2**20
        assert out["lsh"]["stories"] == out["index"]["stories"], out
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def markdown(res: dict) -> str:
    lsh, idx = res["lsh"], res["index"]
    n = res["documents"]
    return "\n".join([
        f"Grouping syndicated copies over {n:,} documents ({lsh['stories']:,} stories; signatures made in "
        f"{res['signature_seconds']:.1f} s)", "",
        f"| method | {n:,} documents (s) | memory the grouping adds (MB) | the next night: {n // 100:,} more (s) |",
        "|---|---:|---:|---:|",
        f"| datasketch MinHashLSH over every signature (the batch's end-of-run pass before) | {lsh['seconds']:.2f} | "
        f"{lsh['growth_mb']:.0f} | {lsh['nightly_seconds']:.2f} |",
        f"| story index in SQLite, one document at a time (the batch now) | {idx['seconds']:.2f} | "
        f"{idx['growth_mb']:.0f} (database file {idx['db_mb']:.0f} MB) | {idx['nightly_seconds']:.2f} |", ""])


if __name__ == "__main__":
    print(markdown(run(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)))

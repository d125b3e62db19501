"""Benchmark of `extract batch`: throughput with 1 and 2 workers, peak memory of the process tree, re-run time.

    python bench/bench_batch.py [N] [--repeat R]   N synthetic articles (default 10,000); prints a Markdown table

The corpus is synthetic but made from the real corpus articles with variation (numbers changed, states swapped,
paragraphs reordered, a unique line appended; .txt and .html mixed), so every file is distinct content and goes
through the whole pipeline. Every run is the command a user types (`python -m extractor batch DIR --db DB
--workers N --no-flags --quiet`) in a fresh process, so start-up counts, and memory is measured over the process
tree (see TreeMemory for what each column means).
"""
from __future__ import annotations

import html
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATES = [("उत्तर प्रदेश", "बिहार", "राजस्थान", "मध्य प्रदेश", "उत्तराखंड", "महाराष्ट्र"),
          ("Uttar Pradesh", "Bihar", "Rajasthan", "Madhya Pradesh", "Uttarakhand", "Maharashtra")]
NUMBER = re.compile(r"(?<![\d.,])\d+(?:\.\d+)?(?![\d.,])")


def _sources() -> list[tuple[str, str]]:
    out = []
    for p in sorted((ROOT / "corpus").rglob("*")):
        if p.suffix in (".txt", ".html") and "gold" not in p.parts:
            raw = p.read_bytes()
            for enc in ("utf-8-sig", "utf-16"):
                try:
                    out.append((p.suffix, raw.decode(enc)))
                    break
                except UnicodeDecodeError:
                    continue
    return out


def _vary(text: str, suffix: str, i: int, rnd: random.Random) -> str:
    text = NUMBER.sub(lambda m: str(int(float(m.group()) * rnd.choice((1, 1, 2, 3))) if "." not in m.group()
                                    else m.group()) if rnd.random() < 0.3 else m.group(), text)
    for names in STATES:
        a, b = rnd.sample(names, 2)
        text = text.replace(a, "\0").replace(b, a).replace("\0", b)
    if suffix == ".txt":
        head, _, body = text.partition("\n\n")
        paras = body.split("\n\n")
        if len(paras) > 3:
            j = rnd.randrange(1, len(paras) - 1)
            paras[j], paras[j + 1] = paras[j + 1], paras[j]
        return head + "\n\n" + "\n\n".join(paras) + f"\n\nसंदर्भ {i} / ref {i}-{rnd.getrandbits(32):08x}\n"
    line = f"<p>संदर्भ {i} / ref {i}-{rnd.getrandbits(32):08x}</p>"
    return text.replace("</body>", line + "</body>") if "</body>" in text else text + line


def make_corpus(dest: Path, n: int, seed: int = 0) -> Path:
    rnd = random.Random(seed)
    sources = _sources()
    dest.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        suffix, text = sources[i % len(sources)]
        if rnd.random() < 0.25:  # mix the forms: a .txt article served as a bare HTML page
            if suffix == ".txt":
                text = "<html><body>" + "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n")) + "</body></html>"
                suffix = ".html"
        sub = dest / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:06d}{suffix}").write_text(_vary(text, suffix, i, rnd), encoding="utf-8")
    return dest


class TreeMemory:
    """Peak memory of a process and all its children, sampled every 0.1 s (Linux, psutil):

    - `largest`: the highest RSS any one process of the tree reached;
    - `rss_sum`: the highest SUM of the tree's RSS — an overcount for forked workers and shared libraries, whose
      pages every process's RSS includes;
    - `pss_sum`: the highest sum of PSS (proportional set size: a page shared by k processes counts 1/k in each),
      the memory the whole batch really holds."""

    def __init__(self, pid: int, interval: float = 0.1):
        import psutil

        self.proc = psutil.Process(pid)
        self.interval, self.largest, self.rss_sum, self.pss_sum = interval, 0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        rss = pss = 0
        try:
            procs = [self.proc, *self.proc.children(recursive=True)]
        except psutil.Error:
            return
        for p in procs:
            try:
                info = p.memory_full_info()
            except psutil.Error:
                continue
            rss += info.rss
            pss += getattr(info, "pss", 0)
            self.largest = max(self.largest, info.rss)
        self.rss_sum, self.pss_sum = max(self.rss_sum, rss), max(self.pss_sum, pss)

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def batch_cli(corpus: Path, db: Path, workers: int) -> dict:
    """One `extract batch` exactly as a user runs it (a fresh process: start-up, imports and all), timed and with
    the peak memory of its process tree; the counts are read back from the run it recorded."""
    import sqlite3

    cmd = [sys.executable, "-m", "extractor", "batch", str(corpus), "--db", str(db), "--workers", str(workers),
           "--no-flags", "--quiet"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with TreeMemory(proc.pid) as mem:
        _, err = proc.communicate()
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"extract batch exited {proc.returncode}: {err.decode(errors='replace')[-500:]}")
    con = sqlite3.connect(db)
    try:
        con.row_factory = sqlite3.Row
        run = dict(con.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone())
    finally:
        con.close()
    mb = 2 ** 20
    return {"seconds": seconds, "largest_rss_mb": mem.largest / mb, "rss_sum_mb": mem.rss_sum / mb,
            "pss_sum_mb": mem.pss_sum / mb, **{k: run[k] or 0 for k in (
                "files", "unchanged", "ok", "off_topic", "unreadable", "error", "claims_added")}}


def run(n_articles: int = 10_000, workers=(1, 2), seed: int = 0, repeats: int = 1, scaling: bool = True) -> dict:
    """First runs with each worker count (`repeats` times, alternating; the median kept, the faster of the middle
    two when `repeats` is even), an unchanged re-run of
    each, and — with `scaling` — a run on a quarter of the corpus with the most workers, to show whether memory
    grows with the corpus."""
    tmp = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    try:
        t0 = time.perf_counter()
        corpus = make_corpus(tmp / "corpus", n_articles, seed)
        out = {"articles": n_articles, "corpus_seconds": time.perf_counter() - t0, "runs": {}, "repeats": repeats}
        firsts: dict[int, list[dict]] = {w: [] for w in workers}
        for r in range(repeats):
            for w in workers:
                db = tmp / f"w{w}-{r}.db"
                firsts[w].append(batch_cli(corpus, db, w))
        for w in workers:
            times = [f["seconds"] for f in firsts[w]]
            first = sorted(firsts[w], key=lambda f: f["seconds"])[(len(times) - 1) // 2]  # median (the lower of two)
            again = batch_cli(corpus, tmp / f"w{w}-0.db", w)
            assert again["unchanged"] == first["files"], again
            out["runs"][w] = {**first, "all_seconds": times, "files_per_s": n_articles / first["seconds"],
                              "claims": first["claims_added"], "rerun_seconds": again["seconds"],
                              "rerun_largest_rss_mb": again["largest_rss_mb"],
                              "first_over_rerun": first["seconds"] / again["seconds"]}
        if 1 in out["runs"] and len(out["runs"]) > 1:
            base = out["runs"][1]["seconds"]
            for w, r in out["runs"].items():
                r["speedup"] = base / r["seconds"]
        if scaling:
            quarter = n_articles // 4
            small = make_corpus(tmp / "quarter", quarter, seed)
            w = max(workers)
            out["quarter"] = {"articles": quarter, "workers": w, **batch_cli(small, tmp / "quarter.db", w)}
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def markdown(res: dict) -> str:
    rep = (f"; the median of {res['repeats']} alternating runs, the faster of the middle two when even"
           if res.get("repeats", 1) > 1 else "")
    lines = [f"`extract batch` on {res['articles']:,} synthetic articles, run as a user runs it (a fresh process; "
             f"{os.cpu_count()} cores; corpus made in {res['corpus_seconds']:.1f} s; --no-flags{rep})", "",
             "| workers | first run (s) | files/s | speed-up | largest process, peak RSS (MB) "
             "| tree, peak RSS summed (MB) | tree, peak PSS summed (MB) | claims | ok / off-topic / unreadable / error "
             "| unchanged re-run (s) | first / re-run |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"]
    for w, r in res["runs"].items():
        runs = " (" + ", ".join(f"{t:.1f}" for t in r["all_seconds"]) + ")" if len(r["all_seconds"]) > 1 else ""
        lines.append(f"| {w} | {r['seconds']:.1f}{runs} | {r['files_per_s']:.0f} | {r.get('speedup', 1.0):.2f}× | "
                     f"{r['largest_rss_mb']:.0f} | {r['rss_sum_mb']:.0f} | {r['pss_sum_mb']:.0f} | {r['claims']:,} | "
                     f"{r['ok']} / {r['off_topic']} / {r['unreadable']} / {r['error']} | {r['rerun_seconds']:.2f} | "
                     f"{r['first_over_rerun']:.0f}× |")
    q = res.get("quarter")
    if q:
        full = res["runs"][q["workers"]]
        lines += ["", f"Memory against corpus size ({q['workers']} workers): {q['articles']:,} articles — largest "
                      f"process {q['largest_rss_mb']:.0f} MB, PSS summed {q['pss_sum_mb']:.0f} MB; "
                      f"{res['articles']:,} articles — {full['largest_rss_mb']:.0f} MB, {full['pss_sum_mb']:.0f} MB."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=10_000, help="synthetic articles (default 10,000)")
    ap.add_argument("--repeat", type=int, default=1, help="first runs per worker count, alternating; median kept")
    args = ap.parse_args()
    print(markdown(run(args.n, repeats=args.repeat)))

"""Benchmark of `extract batch`: throughput with 1 and 2 workers, peak memory of the process tree, re-run time.

    python bench/bench_batch.py [N]        N synthetic articles (default 10,000); prints a Markdown table

The corpus is synthetic but made from the real corpus articles with variation (numbers changed, states swapped,
paragraphs reordered, a unique line appended; .txt and .html mixed), so every file is distinct content and goes
through the whole pipeline. Contradiction finding is off (`find_flags=False`, like `--no-flags`).
"""
from __future__ import annotations

import html
import os
import random
import re
import shutil
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


class PeakRSS:
    """Max over time of the SUM of the RSS of this process and all its children, sampled every 0.1 s.

    `peak_pss` is the same sum of PSS (proportional set size, Linux): forked workers share the parent's pages
    copy-on-write, and summed RSS counts those shared pages once per process; PSS splits them between the sharers,
    so its sum is the memory the batch really holds."""

    def __init__(self, interval: float = 0.1):
        import psutil

        self.proc = psutil.Process()
        self.interval, self.peak, self.peak_pss = interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        total = pss = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
                pss += getattr(p.memory_full_info(), "pss", 0)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        self.peak_pss = max(self.peak_pss, pss)
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def run(n_articles: int = 10_000, workers=(1, 2), seed: int = 0) -> dict:
    from extractor.batch.runner import run_batch

    tmp = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    try:
        t0 = time.perf_counter()
        corpus = make_corpus(tmp / "corpus", n_articles, seed)
        out = {"articles": n_articles, "corpus_seconds": time.perf_counter() - t0, "runs": {}}
        for w in workers:
            db = tmp / f"w{w}.db"
            with PeakRSS() as mem:
                t = time.perf_counter()
                report = run_batch([str(corpus)], str(db), workers=w, find_flags=False)
                seconds = time.perf_counter() - t
            c = report.counts
            with PeakRSS() as mem2:
                t = time.perf_counter()
                again = run_batch([str(corpus)], str(db), workers=w, find_flags=False)
                rerun = time.perf_counter() - t
            assert again.counts["unchanged"] == c["files"], again.counts
            out["runs"][w] = {"seconds": seconds, "files_per_s": n_articles / seconds, "peak_rss_mb": mem.peak / 2**20,
                              "peak_pss_mb": mem.peak_pss / 2**20,
                              "ok": c["ok"], "off_topic": c["off_topic"], "unreadable": c["unreadable"],
                              "error": c["error"], "claims": c["claims_added"], "rerun_seconds": rerun,
                              "rerun_peak_rss_mb": mem2.peak / 2**20, "first_over_rerun": seconds / rerun}
        if 1 in out["runs"] and len(out["runs"]) > 1:
            base = out["runs"][1]["seconds"]
            for w, r in out["runs"].items():
                r["speedup"] = base / r["seconds"]
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def markdown(res: dict) -> str:
    lines = [f"`extract batch` on {res['articles']:,} synthetic articles ({os.cpu_count()} cores; corpus made in "
             f"{res['corpus_seconds']:.1f} s; --no-flags)", "",
             "| workers | first run (s) | files/s | speed-up | peak RSS sum, tree (MB) | peak PSS sum, tree (MB) | claims | ok / off-topic / unreadable / error "
             "| unchanged re-run (s) | first / re-run |",
             "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"]
    for w, r in res["runs"].items():
        lines.append(f"| {w} | {r['seconds']:.1f} | {r['files_per_s']:.0f} | {r.get('speedup', 1.0):.2f}× | "
                     f"{r['peak_rss_mb']:.0f} | {r['peak_pss_mb']:.0f} | {r['claims']:,} | {r['ok']} / {r['off_topic']} / {r['unreadable']} / "
                     f"{r['error']} | {r['rerun_seconds']:.2f} | {r['first_over_rerun']:.0f}× |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(markdown(run(n)))

"""Benchmark of one huge, number-dense article (issue 14, row 1): time and peak memory of `extract FILE`,
`extract batch` and `extract contradictions` on it, each the command a user types, in a fresh process.

    python bench/bench_big_article.py [MB ...] [--line TEXT]   sizes in MB (default: 1 5 20); prints a Markdown table

The article is a line in the shape of the issue's repeated up to the size ("The iGOT Karmayogi platform recorded
70 lakh course completions in 2137 districts. ", two claims: 505,336 in 20 MB). The issue's own line ends "in district
2137.", which the extractor now reads as an identifier, so it would carry one claim a line. Memory is the peak over the
process tree (bench_batch.TreeMemory: the largest process's RSS, and the tree's summed PSS). Linear means the
seconds and the megabytes above start-up grow with the size, not with its square; the issue's bound is 1 GB for
20 MB.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import TreeMemory  # noqa: E402

LINE = "The iGOT Karmayogi platform recorded 70 lakh course completions in 2137 districts. "
MB = 2 ** 20


def make_article(path: Path, size_mb: float, line: str = LINE) -> int:
    data = line.encode("utf-8")
    n = int(size_mb * MB) // len(data)
    with open(path, "wb") as fh:
        for _ in range(n // 1000):
            fh.write(data * 1000)
        fh.write(data * (n % 1000))
    return n


def measure(cmd: list[str]) -> dict:
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with TreeMemory(proc.pid, interval=0.05) as mem:
        _, err = proc.communicate()
    seconds = time.perf_counter() - t
    if proc.returncode not in (0, 1):  # check exits 1 on a disagreement
        raise RuntimeError(f"{' '.join(cmd[2:4])} exited {proc.returncode}: {err.decode(errors='replace')[-500:]}")
    return {"seconds": seconds, "largest_mb": mem.largest / MB, "pss_mb": mem.pss_sum / MB}


def run(sizes: list[float], line: str = LINE) -> list[tuple]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / f"in{size:g}"
            folder.mkdir()
            article = folder / "big.txt"
            n = make_article(article, size, line)
            db = Path(tmp) / f"big{size:g}.db"
            py = [sys.executable, "-m", "extractor"]
            for what, cmd in (("extract FILE --format jsonl", py + [str(article), "--format", "jsonl"]),
                              ("extract batch --workers 1", py + ["batch", str(folder), "--db", str(db), "-q",
                                                                 "--no-flags", "--workers", "1"]),
                              ("extract batch --workers 2 --force", py + ["batch", str(folder), "--db", str(db),
                                                                          "-q", "--no-flags", "--workers", "2",
                                                                          "--force"]),
                              ("extract contradictions", py + ["contradictions", "--db", str(db), "--format",
                                                               "jsonl"])):
                m = measure(cmd)
                rows.append((f"{article.stat().st_size / MB:.1f} MB ({n:,} lines)", what, m))
                print(f"{rows[-1][0]:>22}  {what:<34} {m['seconds']:7.1f} s  largest {m['largest_mb']:6.0f} MB"
                      f"  tree PSS {m['pss_mb']:6.0f} MB", file=sys.stderr, flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=float, default=[1, 5, 20])
    ap.add_argument("--line", default=LINE)
    args = ap.parse_args()
    rows = run(args.sizes, args.line)
    print("| article | command | seconds | largest process, peak RSS (MB) | tree, peak PSS (MB) |")
    print("|---|---|---:|---:|---:|")
    for size, what, m in rows:
        print(f"| {size} | `{what}` | {m['seconds']:.1f} | {m['largest_mb']:.0f} | {m['pss_mb']:.0f} |")


if __name__ == "__main__":
    main()

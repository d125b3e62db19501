"""Speed of `extract`, printed as one Markdown table with ratios against baselines taken in the same run.

    python bench/run.py            # full run
    python bench/run.py --quick    # under a minute

Baselines: `python -c pass` (interpreter start), `python -c "import spacy"` (when spaCy is installed: the
issue's reference for cold start), and a bare digit regex over the same texts (the cheapest possible scan).
Throughput is measured in-process on one core after start-up, over the bundled corpus.
"""
from __future__ import annotations

import argparse
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cold(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def rate(fn, items, seconds: float) -> float:
    """Items per second, repeating over `items` for at least `seconds`."""
    fn(items[0])  # warm caches (lexicons, compiled patterns, lazy imports)
    done = 0
    t0 = time.perf_counter()
    while True:
        for it in items:
            fn(it)
        done += len(items)
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return done / elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (under a minute)")
    args = ap.parse_args()
    runs, seconds = (3, 1.0) if args.quick else (7, 4.0)

    from extractor.claims import extract_claims
    from extractor.ingest import read_document
    from extractor.numbers import parse_numbers

    files = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".html") and "gold" not in p.parts)
    docs = [read_document(p) for p in files]
    kb = sum(len(d.text.encode()) for d in docs) / len(docs) / 1024
    digit = re.compile(r"\d[\d,.]*")

    py = sys.executable
    seed = str(ROOT / "corpus" / "seeds" / "001_6ed01f356ed30db4.txt")
    t_pass = cold([py, "-c", "pass"], runs)
    try:
        import importlib.util

        has_spacy = importlib.util.find_spec("spacy") is not None
    except Exception:
        has_spacy = False
    t_spacy = cold([py, "-c", "import spacy"], runs) if has_spacy else None
    t_extract = cold([py, "-m", "extractor", seed, "--format", "jsonl"], runs)
    t_help = cold([py, "-m", "extractor", "--help"], runs)

    r_regex = rate(lambda d: digit.findall(d.text), docs, seconds)
    r_numbers = rate(lambda d: parse_numbers(d.text), docs, seconds)
    r_extract = rate(extract_claims, docs, seconds)

    print(f"Benchmark — {date.today().isoformat()}, Python {platform.python_version()}, {platform.machine()}, "
          f"{len(docs)} corpus articles (mean {kb:.1f} KB){' — quick' if args.quick else ''}\n")
    print("| measure | value | ratio |")
    print("|---|---:|---|")
    print(f"| cold start `python -c pass` | {t_pass * 1000:.0f} ms | baseline |")
    if t_spacy is not None:
        print(f"| cold start `python -c \"import spacy\"` | {t_spacy * 1000:.0f} ms | {t_spacy / t_pass:.1f}× pass |")
    else:
        print("| cold start `python -c \"import spacy\"` | not installed | — |")
    spacy_cmp = f"; {t_extract - t_spacy:+.2f} s vs import spacy" if t_spacy is not None else ""
    print(f"| cold start `extract FILE` (one 12 KB article) | {t_extract * 1000:.0f} ms | "
          f"{t_extract / t_pass:.1f}× pass{spacy_cmp} |")
    print(f"| cold start `extract --help` | {t_help * 1000:.0f} ms | {t_help / t_pass:.1f}× pass |")
    print(f"| bare digit regex scan | {r_regex:,.0f} articles/s | baseline |")
    print(f"| `parse_numbers` | {r_numbers:,.0f} articles/s | {r_regex / r_numbers:.0f}× slower than regex |")
    print(f"| `extract_claims` (one core, after start-up) | {r_extract:,.0f} articles/s | "
          f"{r_regex / r_extract:.0f}× slower than regex |")


if __name__ == "__main__":
    main()

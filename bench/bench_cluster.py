"""`extract batch` on a real Dask cluster on 127.0.0.1, beside local worker processes, and an estimate of the hours
1,000,000 articles take on 4, 16 and 64 cores.

    python bench/bench_cluster.py [N] [--repeat R]   N synthetic articles (default 600, about a minute on 2 cores);
                                                     R rounds of the four runs (default 1; medians kept);
                                                     prints one Markdown table (section | measure | value | ratio)

What runs. bench_batch.py's synthetic corpus (real corpus articles varied, every file distinct) goes through the
command a user types, each time in a fresh process, timed from start to exit:
- `extract batch DIR --db DB --engine processes --workers 1`, then `--workers 2`;
- a real `dask scheduler --host 127.0.0.1 --port <free port> --no-dashboard` and real `dask worker ADDR --nworkers 1
  --nthreads 1 --no-dashboard` processes (one, then a second one added; new ones each round), each registered
  (`Client.wait_for_workers`) and warmed (`extractor.batch.workers.preload` run on it, as a long-lived cluster's
  workers are) before `extract batch DIR --db DB --engine dask --scheduler tcp://127.0.0.1:<port>` is timed.
Every cluster database must hold the same documents and claims as the local one (the counts, and a fingerprint of
their ids); the bench fails loudly otherwise. Scheduler and workers run in their own process groups from a
temporary directory, and are stopped (SIGTERM to the group, then SIGKILL) whatever happens — an error, Ctrl-C,
SIGTERM; on Linux they also get SIGTERM if this process dies (PR_SET_PDEATHSIG), and workers give up 30 s after
losing the scheduler (--death-timeout).

The estimate, from measured quantities only:
- r, the extraction rate of one core: bench_writer.run on the same articles (`process_job` in-process, one core,
  after `preload()` has loaded once what every article needs, as in the warmed workers);
- W, the single writer's rate: the same bench_writer.run (`BatchWriter.write` + `regroup_stories`, in-process);
- e, the parallel efficiency of the cluster: (rate with 2 workers) / (2 × rate with 1 worker), from the runs' own
  recorded times (`runs.seconds`: walk, extraction and storage; not the interpreter's start-up, imports and the
  connection to the scheduler, which a run of 1,000,000 articles pays once). The whole-process value is shown too.
Model: throughput(n cores) = min(n × r × e, W); hours = 1,000,000 / throughput / 3600; the smaller term is named as
the bound (cores or writer). Assumptions: the n cores are Dask workers on other machines, and the machine running
`extract batch` (walk, hashing, reading every file and shipping it, the single writer) is dedicated to it; e
measured from 1 to 2 workers holds at n (the scheduler's per-task overhead grows with the task rate and is only
measured at 2 workers, one task = 16 articles); the network is not measured (here it is loopback; every article's
bytes travel to a worker and its claims back); the parent's own walk/hash/read/ship cost is not part of W; on this
2-core machine the parent, the scheduler and both workers share 2 cores, so e is pessimistic on that count. r is
the in-process rate: what one Dask worker costs beyond it (shipping, scheduling, results back) enters the model
only through e; the table shows the 1-worker cluster run's own rate beside r, so the gap can be read.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

ARTICLES = 1_000_000
CORES = (4, 16, 64)
WAIT_SECONDS = 60  # for the scheduler to answer and workers to register
BATCH_TIMEOUT = 1800

FOOTNOTE = (
    "[cluster] Every `extract batch` is the command a user types, in a fresh process, timed from start to exit "
    "(\"whole\"); \"run\" is the time the batch recorded itself (`runs.seconds`: walk, extraction, storage; no "
    "start-up). Local: `--engine processes`. Cluster: a real `dask scheduler` and `dask worker --nworkers 1 "
    "--nthreads 1` processes on 127.0.0.1, registered and warmed (`preload`) before timing, and "
    "`--engine dask --scheduler tcp://127.0.0.1:PORT`. Each cluster database holds the same documents and claims as "
    "the local one (checked: counts and ids). Estimate: throughput(n cores) = min(n × r × e, W), hours = "
    "1,000,000 / throughput / 3600, where r is one core's in-process extraction rate and W the single writer's rate "
    "(both `bench/bench_writer.py` on the same articles) and e the cluster's parallel efficiency from 1 to 2 "
    "workers (from the run times). Assumes workers on other machines and a dedicated machine for `extract batch` "
    "(walk, hashing, shipping every article, the one writer); that e measured at 2 workers holds at n (the "
    "scheduler's per-task overhead, 16 articles a task, is measured only at 2 workers); the network is not measured "
    "(loopback here); the parent's walk/hash/ship cost is outside W. On 2 cores the parent, scheduler and workers "
    "share the cores, so e is pessimistic on that count. r is in-process: the 1-worker cluster run's own rate (above) "
    "shows what a Dask worker costs beyond it; the model charges that only through e.")


# -- the model -----------------------------------------------------------------------------------------------------

def estimate(cores: int, per_core_rate: float, efficiency: float, writer_rate: float,
             articles: int = ARTICLES) -> dict:
    """Wall-clock hours for `articles` on `cores` Dask worker cores: throughput = min(cores × per_core_rate ×
    efficiency, writer_rate) articles/s; `bound` names the smaller term ("cores" or "writer"; "cores" on a tie)."""
    if min(cores, per_core_rate, efficiency, writer_rate) <= 0:
        raise ValueError("cores, rates and efficiency must be positive")
    by_cores = cores * per_core_rate * efficiency
    throughput = min(by_cores, writer_rate)
    return {"cores": cores, "throughput": throughput, "hours": articles / throughput / 3600,
            "bound": "cores" if by_cores <= writer_rate else "writer", "cores_term": by_cores,
            "writer_term": writer_rate}


# -- processes -----------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when this process dies, however it dies (Linux; best effort elsewhere)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _spawn(cmd: list[str], cwd: Path, log: Path | None, env: dict | None = None) -> subprocess.Popen:
    """A child in its own process group (its pid is the group id), so that it and its children are stopped
    together and the terminal's Ctrl-C reaches only us (we stop them)."""
    out = open(log, "wb") if log is not None else subprocess.DEVNULL
    try:
        return subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT if log is not None else
                                subprocess.DEVNULL, env=env, start_new_session=True, preexec_fn=_die_with_parent)
    finally:
        if log is not None:
            out.close()


def stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM to the process's group; SIGKILL to whatever of the group is still running after `grace` seconds (a
    nanny's worker process may outlive the nanny)."""
    pgid = proc.pid
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        proc.poll()  # reaps our child, which would otherwise stay in the group as a zombie
        if not group_alive(pgid):
            break
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            break
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            proc.poll()
            if not group_alive(pgid):
                break
            time.sleep(0.05)
    proc.wait()


def group_alive(pgid: int) -> bool:
    """Whether any process of group `pgid` is still running (zombies, dead but not yet reaped, do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
            return True
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "(comm)": state ppid pgrp ...
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _dask_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "dask"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dask"]


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class LocalDaskCluster:
    """A real `dask scheduler` and `dask worker` processes on 127.0.0.1, from the temporary directory `tmp` (their
    scratch space and logs stay there). A context manager: leaving it stops every process, workers first."""

    def __init__(self, tmp: Path, wait_seconds: float = WAIT_SECONDS):
        self.tmp, self.wait_seconds = Path(tmp), wait_seconds
        self.scheduler: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []  # running now
        self.all_started: list[subprocess.Popen] = []
        self._started = 0
        self.address = ""
        self.scheduler_seconds = 0.0
        self.env = {**os.environ, "DASK_TEMPORARY_DIRECTORY": str(self.tmp)}

    def __enter__(self):
        try:
            self.scheduler_seconds = self.start_scheduler()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def start_scheduler(self) -> float:
        """Start the scheduler on a free port (up to 3 tries: another process may take the port first); the
        seconds until a client could connect."""
        from dask.distributed import Client

        last = ""
        for attempt in range(3):
            port = free_port()
            log = self.tmp / f"scheduler-{attempt}.log"
            t0 = time.perf_counter()
            self.scheduler = _spawn([*_dask_cmd(), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                     "--no-dashboard"], self.tmp, log, self.env)
            self.address = f"tcp://127.0.0.1:{port}"
            try:
                with Client(self.address, timeout=self.wait_seconds):
                    return time.perf_counter() - t0
            except (OSError, TimeoutError) as exc:
                last = f"{type(exc).__name__}: {exc}\n{_tail(log)}"
                stop(self.scheduler)
                self.scheduler = None
        raise RuntimeError(f"dask scheduler did not start: {last}")

    def add_worker(self) -> float:
        """Start one more `dask worker` (1 process, 1 thread), wait until the scheduler lists exactly the workers
        started and not stopped, and warm every worker (`preload`: loads what an article needs); the seconds it
        took."""
        from dask.distributed import Client

        from extractor.batch.workers import preload

        i = self._started
        self._started += 1
        log = self.tmp / f"worker-{i}.log"
        t0 = time.perf_counter()
        self.workers.append(_spawn([*_dask_cmd(), "worker", self.address, "--nworkers", "1", "--nthreads", "1",
                                    "--no-dashboard", "--name", f"bench-{i}", "--death-timeout", "30",
                                    "--local-directory", str(self.tmp / f"worker-{i}")], self.tmp, log, self.env))
        self.all_started.append(self.workers[-1])
        try:
            with Client(self.address, timeout=self.wait_seconds) as client:
                client.wait_for_workers(len(self.workers), timeout=self.wait_seconds)
                deadline = time.monotonic() + self.wait_seconds
                while len(client.scheduler_info(n_workers=-1)["workers"]) != len(self.workers):
                    if time.monotonic() > deadline:  # a stopped worker still listed, or a stranger joined
                        raise TimeoutError(f"the scheduler lists {client.scheduler_info(n_workers=-1)['workers']}")
                    time.sleep(0.1)
                client.run(preload)  # fails here, with the worker's traceback, if a worker cannot import extractor
        except Exception as exc:
            raise RuntimeError(f"dask worker {i} did not register or warm up: {type(exc).__name__}: {exc}\n"
                               f"{_tail(log)}") from exc
        return time.perf_counter() - t0

    def stop_workers(self) -> None:
        for proc in reversed(self.workers):
            stop(proc)
        self.workers = []

    def close(self) -> None:
        self.stop_workers()  # workers first: a scheduler gone first makes workers log tracebacks
        if self.scheduler is not None:
            stop(self.scheduler)

    def pgids(self) -> list[int]:
        """The process groups of every process started so far (each its own group)."""
        return [p.pid for p in [*self.all_started, *([self.scheduler] if self.scheduler else [])]]


# -- one batch -----------------------------------------------------------------------------------------------------

def batch_cli(corpus: Path, db: Path, *options: str, timeout: float = BATCH_TIMEOUT) -> dict:
    """`python -m extractor batch CORPUS --db DB --no-flags --quiet OPTIONS` in a fresh process (its own group,
    stopped if we are interrupted), timed; with what the run recorded and what the database holds."""
    cmd = [sys.executable, "-m", "extractor", "batch", str(corpus), "--db", str(db), "--no-flags", "--quiet",
           *options]
    log = db.with_suffix(".log")
    t0 = time.perf_counter()
    proc = _spawn(cmd, ROOT, log)
    try:
        rc = proc.wait(timeout)
    finally:
        stop(proc)  # the batch's own pool workers too, if we were interrupted
    seconds = time.perf_counter() - t0
    if rc != 0:
        raise RuntimeError(f"{' '.join(cmd[2:])} exited {rc}:\n{_tail(log)}")
    return {"seconds": seconds, **stored(db)}


def stored(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        con.row_factory = sqlite3.Row
        run = dict(con.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone())
        docs = [r[0] for r in con.execute("SELECT id FROM documents ORDER BY id")]
        claims = [r[0] for r in con.execute("SELECT id FROM claims ORDER BY id")]
    finally:
        con.close()
    fingerprint = hashlib.sha1("\n".join(docs + ["--"] + claims).encode()).hexdigest()[:12]
    return {"run_seconds": run["seconds"] or 0.0, "engine": run["engine"], "files": run["files"] or 0,
            "ok": run["ok"] or 0, "error": run["error"] or 0, "documents": len(docs), "claims": len(claims),
            "fingerprint": fingerprint}


def same_store(a: dict, b: dict) -> bool:
    return (a["documents"], a["claims"], a["fingerprint"]) == (b["documents"], b["claims"], b["fingerprint"])


# -- the bench -----------------------------------------------------------------------------------------------------

def _median(records: list[dict]) -> dict:
    """The record of median `seconds` (the faster of the middle two when even), with every run's time."""
    chosen = sorted(records, key=lambda r: r["seconds"])[(len(records) - 1) // 2]
    return {**chosen, "all_seconds": [r["seconds"] for r in records]}


def run(n: int = 600, seed: int = 0, repeats: int = 1) -> dict:
    """Local 1 and 2 workers, the cluster with 1 and then 2 workers (`repeats` rounds, in that order; the cluster's
    workers are new each round), bench_writer on the same articles, and the estimate for 1,000,000 articles (see
    the module docstring). Raises when any run stored other documents or claims than the first local run."""
    import bench_writer
    from bench_batch import make_corpus

    tmp = Path(tempfile.mkdtemp(prefix="bench_cluster_"))
    try:
        t0 = time.perf_counter()
        corpus = make_corpus(tmp / "corpus", n, seed)
        out: dict = {"articles": n, "corpus_seconds": time.perf_counter() - t0, "cores": os.cpu_count(),
                     "repeats": repeats, "load_before": _load(), "worker_seconds": []}
        local: dict[int, list] = {1: [], 2: []}
        pairs: list[tuple[dict, dict]] = []
        (tmp / "dask").mkdir()
        with LocalDaskCluster(tmp / "dask") as cluster:
            out["scheduler_seconds"] = cluster.scheduler_seconds
            for r in range(repeats):
                for w in (1, 2):
                    local[w].append(batch_cli(corpus, tmp / f"local-{w}-{r}.db", "--engine", "processes",
                                              "--workers", str(w)))
                pair = []
                for w in (1, 2):
                    out["worker_seconds"].append(cluster.add_worker())
                    pair.append(batch_cli(corpus, tmp / f"dask-{w}-{r}.db", "--engine", "dask", "--scheduler",
                                          cluster.address, "--workers", str(w)))
                cluster.stop_workers()
                pairs.append(tuple(pair))
        base = local[1][0]
        checks = [*((f"local, {w} worker(s), round {r + 1}", x) for w in (1, 2) for r, x in enumerate(local[w])),
                  *((f"cluster, {w + 1} worker(s), round {r + 1}", p[w]) for r, p in enumerate(pairs)
                    for w in (0, 1))]
        for label, x in checks:
            if not same_store(base, x):
                raise AssertionError(
                    f"{label} stored {x['documents']} documents / {x['claims']} claims (ids {x['fingerprint']}); "
                    f"local, 1 worker stored {base['documents']} / {base['claims']} (ids {base['fingerprint']})")
        out["local"] = {w: _median(local[w]) for w in (1, 2)}
        out["cluster"] = {w: _median([p[w - 1] for p in pairs]) for w in (1, 2)}
        out["pairs"] = pairs
        from extractor.batch.workers import preload

        preload()  # loaded once, as in every worker above: r is then the steady rate, not the first article's load
        out["writer"] = bench_writer.run(n, seed)
        out["load_after"] = _load()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return derive(out)


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def derive(out: dict) -> dict:
    """Rates, speed-ups, the efficiency and the estimate, from the measured times in `out`. The efficiency is the
    median over the rounds of each round's pair (1 worker, then 2, back to back: robust to the machine's drift)."""
    import statistics

    n = out["articles"]
    for group in (out["local"], out["cluster"]):
        for r in group.values():
            r["rate"] = n / r["seconds"]
            r["run_rate"] = n / r["run_seconds"] if r["run_seconds"] else 0.0
    pairs = out.get("pairs") or [(out["cluster"][1], out["cluster"][2])]
    out["efficiency_all"] = [c1["run_seconds"] / (2 * c2["run_seconds"]) for c1, c2 in pairs]
    out["efficiency"] = statistics.median(out["efficiency_all"])
    out["efficiency_whole"] = statistics.median(c1["seconds"] / (2 * c2["seconds"]) for c1, c2 in pairs)
    wr = out["writer"]
    out["per_core_rate"] = wr["articles"] / wr["extract_seconds"]
    out["writer_rate"] = wr["articles"] / wr["write_seconds"]
    out["estimates"] = [estimate(c, out["per_core_rate"], out["efficiency"], out["writer_rate"]) for c in CORES]
    return out


def _hours(h: float) -> str:
    return f"{h:,.1f} h" if h >= 1 else f"{h:.2f} h ({h * 60:.0f} min)"


def rows(res: dict) -> list[tuple[str, str, str, str]]:
    """(section, measure, value, ratio) rows, as bench/run.py prints them."""
    n = res["articles"]
    sec = "cluster [cluster]"
    out = []
    l1, l2 = res["local"][1], res["local"][2]
    c1, c2 = res["cluster"][1], res["cluster"][2]

    def value(r):
        every = r.get("all_seconds", [])
        every = " (" + ", ".join(f"{t:.1f}" for t in every) + ")" if len(every) > 1 else ""
        return (f"{r['seconds']:.1f} s whole{every} ({r['rate']:,.0f} articles/s); run {r['run_seconds']:.1f} s "
                f"({r['run_rate']:,.0f} articles/s)")

    out.append((sec, f"`extract batch --engine processes --workers 1`, {n:,} synthetic articles", value(l1),
                "baseline"))
    out.append((sec, "`--engine processes --workers 2`", value(l2),
                f"{l1['seconds'] / l2['seconds']:.2f}× 1 worker (run {l1['run_seconds'] / l2['run_seconds']:.2f}×)"))
    out.append((sec, "`--engine dask --scheduler tcp://127.0.0.1:…`, 1 `dask worker`", value(c1),
                f"{l1['seconds'] / c1['seconds']:.2f}× local 1 worker (run "
                f"{l1['run_seconds'] / c1['run_seconds']:.2f}×)"))
    out.append((sec, "`--engine dask --scheduler tcp://127.0.0.1:…`, 2 `dask worker`s", value(c2),
                f"{c1['seconds'] / c2['seconds']:.2f}× 1 dask worker (run {c1['run_seconds'] / c2['run_seconds']:.2f}×); "
                f"{l2['seconds'] / c2['seconds']:.2f}× local 2 workers"))
    out.append((sec, "stored by each run (documents / claims)",
                f"local {l1['documents']:,} / {l1['claims']:,}; cluster 1 worker {c1['documents']:,} / "
                f"{c1['claims']:,}; cluster 2 workers {c2['documents']:,} / {c2['claims']:,}",
                "identical (counts and ids)"))
    ws = res.get("worker_seconds", [])
    out.append((sec, "cluster start-up (not in the times above)",
                f"scheduler answering {res['scheduler_seconds']:.1f} s; each worker registered and warmed "
                + ", ".join(f"{s:.1f} s" for s in ws), ""))
    if "load_before" in res:
        out.append((sec, "load average (1, 5, 15 min), other processes included",
                    f"before {res['load_before']}; after {res.get('load_after', '?')}", "noise: see the spread"))
    sec = "1,000,000 articles [cluster]"
    wr = res["writer"]
    out.append((sec, f"r: extraction, one core, in-process (`bench_writer.run`, {wr['articles']:,} articles)",
                f"{res['per_core_rate']:,.0f} articles/s ({1000 / res['per_core_rate']:.1f} ms an article)", ""))
    out.append((sec, "W: the single writer alone (`bench_writer.run`, same articles)",
                f"{res['writer_rate']:,.0f} articles/s",
                f"{res['writer_rate'] / res['per_core_rate']:.1f} × r: the writer binds from "
                f"{res['writer_rate'] / (res['per_core_rate'] * res['efficiency']):.1f} cores at efficiency e"))
    out.append((sec, "e: parallel efficiency of the cluster, 2 workers against 1",
                f"{res['efficiency']:.2f} from the run times (used); {res['efficiency_whole']:.2f} whole-process",
                "median of " + ", ".join(f"{e:.2f}" for e in res["efficiency_all"]) if len(res["efficiency_all"]) > 1
                else "one pair of runs"))
    for est in res["estimates"]:
        other = (f"writer would allow {est['writer_term']:,.0f}/s" if est["bound"] == "cores"
                 else f"cores would give {est['cores_term']:,.0f}/s")
        out.append((sec, f"estimate, {est['cores']} worker cores: min({est['cores']} × r × e, W)",
                    f"{_hours(est['hours'])} ({est['throughput']:,.0f} articles/s)",
                    f"bound: {est['bound']} ({other})"))
    return out


def markdown(res: dict) -> str:
    lines = [f"`extract batch` on a real Dask cluster on 127.0.0.1 ({res['articles']:,} synthetic articles, "
             f"{res['cores']} cores; corpus made in {res['corpus_seconds']:.1f} s; --no-flags"
             + (f"; the median of {res['repeats']} rounds, the faster of the middle two when even"
                if res.get("repeats", 1) > 1 else "") + ")", "",
             "| section | measure | value | ratio |", "|---|---|---|---|"]
    for row in rows(res):
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines) + "\n\n" + FOOTNOTE + "\n"


def _terminate(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")  # unwinds through the finally blocks that stop the cluster


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=600, help="synthetic articles (default 600)")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of the four runs; medians kept (default 1)")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    try:
        print(markdown(run(args.n, repeats=args.repeat)))
    except KeyboardInterrupt:
        print("bench_cluster: interrupted; the scheduler, the workers and the temporary files are gone",
              file=sys.stderr)
        sys.exit(130)

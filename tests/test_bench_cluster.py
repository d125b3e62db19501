"""bench/bench_cluster.py: the 1,000,000-article estimate model, and a real Dask scheduler and worker on 127.0.0.1
running `extract batch --engine dask --scheduler` as a local run does."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_cluster as B  # noqa: E402

VOLATILE = {"first_run", "last_run", "extracted_at"}  # run ids and timestamps


def test_estimate_is_bounded_by_the_cores_until_they_outrun_the_single_writer():
    # 4 cores × 50 articles/s × 0.8 = 160/s < 600/s: the cores bound
    e = B.estimate(4, per_core_rate=50, efficiency=0.8, writer_rate=600)
    assert e["bound"] == "cores"
    assert e["throughput"] == pytest.approx(160)
    assert e["hours"] == pytest.approx(1_000_000 / 160 / 3600)
    # 64 cores would give 2,560/s; the one writer stores 600/s: the writer bounds, more cores change nothing
    big = B.estimate(64, per_core_rate=50, efficiency=0.8, writer_rate=600)
    assert big["bound"] == "writer"
    assert big["throughput"] == pytest.approx(600)
    assert big["hours"] == pytest.approx(1_000_000 / 600 / 3600)
    assert B.estimate(128, 50, 0.8, 600)["hours"] == pytest.approx(big["hours"])


def test_estimate_names_the_cores_on_an_exact_tie_and_scales_with_the_article_count():
    tie = B.estimate(10, per_core_rate=60, efficiency=1.0, writer_rate=600)
    assert tie["bound"] == "cores" and tie["throughput"] == pytest.approx(600)
    assert B.estimate(10, 60, 1.0, 600, articles=2_000_000)["hours"] == pytest.approx(2 * tie["hours"])


def test_estimate_refuses_a_zero_or_negative_measure():
    for args in ((0, 50, 0.8, 600), (4, 0, 0.8, 600), (4, 50, 0, 600), (4, 50, 0.8, -1)):
        with pytest.raises(ValueError):
            B.estimate(*args)


def test_derive_takes_the_efficiency_from_the_cluster_run_times_and_the_rates_from_the_writer_bench():
    run = {"seconds": 10.0, "run_seconds": 8.0, "documents": 1, "claims": 1, "fingerprint": "x"}
    res = B.derive({"articles": 100, "local": {1: dict(run), 2: dict(run)},
                    "cluster": {1: {**run, "run_seconds": 8.0}, 2: {**run, "seconds": 6.0, "run_seconds": 5.0}},
                    "writer": {"articles": 100, "extract_seconds": 2.0, "write_seconds": 0.25}})
    assert res["efficiency"] == pytest.approx(8.0 / (2 * 5.0))
    assert res["efficiency_whole"] == pytest.approx(10.0 / (2 * 6.0))
    assert res["per_core_rate"] == pytest.approx(50) and res["writer_rate"] == pytest.approx(400)
    assert [e["bound"] for e in res["estimates"]] == ["cores", "writer", "writer"]  # 4×50×0.8 = 160; 16× = 640


def _rows(db: Path, table: str) -> dict:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return {r["id"]: {k: r[k] for k in r.keys() if k not in VOLATILE} for r in con.execute(f"SELECT * FROM {table}")}
    finally:
        con.close()


def test_a_real_scheduler_and_worker_store_what_a_local_run_stores_and_leave_no_process(tmp_path):
    pytest.importorskip("dask.distributed")
    from bench_batch import make_corpus

    corpus = make_corpus(tmp_path / "in", 3)
    local = tmp_path / "local.db"
    B.batch_cli(corpus, local, "--engine", "processes", "--workers", "1", timeout=120)
    (tmp_path / "dask").mkdir()
    with B.LocalDaskCluster(tmp_path / "dask", wait_seconds=60) as cluster:
        cluster.add_worker()
        remote = tmp_path / "remote.db"
        got = B.batch_cli(corpus, remote, "--engine", "dask", "--scheduler", cluster.address, timeout=120)
        groups = cluster.pgids()
    assert got["engine"] == "dask" and got["error"] == 0
    assert got["documents"] >= 1 and got["claims"] >= 1
    assert _rows(local, "documents") == _rows(remote, "documents")
    assert _rows(local, "claims") == _rows(remote, "claims")
    assert len(groups) == 2 and not any(B.group_alive(g) for g in groups)  # scheduler, worker and its nanny gone


def test_the_cluster_is_stopped_when_the_body_raises(tmp_path):
    pytest.importorskip("dask.distributed")
    (tmp_path / "dask").mkdir()
    with pytest.raises(KeyboardInterrupt):
        with B.LocalDaskCluster(tmp_path / "dask", wait_seconds=60) as cluster:
            groups = cluster.pgids()
            raise KeyboardInterrupt  # as Ctrl-C would
    assert groups and not any(B.group_alive(g) for g in groups)


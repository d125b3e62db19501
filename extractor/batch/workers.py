"""Where jobs run: local worker processes, or a Dask cluster. Both keep results in submission order and a bounded
number of jobs in flight; neither writes to the database (the main process is the single writer).

No home-made distribution layer: `multiprocessing` pools on one machine, `dask.distributed` across machines.
"""
from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from typing import Callable, Iterable, Iterator

from .jobs import FileResult, Job, process_chunk, process_job


def _warm_up() -> None:
    """Load the language data once per worker, before the first job (not inside the first article's time)."""
    from ..claims.build import _vocabulary

    _vocabulary()


def _ordered(submit: Callable, result_of: Callable, jobs: Iterable, window: int) -> Iterator:
    pending: deque = deque()
    for job in jobs:
        pending.append(submit(job))
        if len(pending) >= window:
            yield result_of(pending.popleft())
    while pending:
        yield result_of(pending.popleft())


def process_executor(workers: int, window_per_worker: int):
    """A `multiprocessing` pool; fork where the platform has it (workers inherit the loaded program), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ctx.Pool(workers, initializer=_warm_up)

    def execute(jobs: Iterable[Job]) -> Iterator[FileResult]:
        for results in _ordered(lambda c: pool.apply_async(process_chunk, (c,)), lambda r: r.get(),
                                _chunks(jobs, LOCAL_CHUNK), workers * window_per_worker):
            yield from results

    def close() -> None:
        pool.terminate()
        pool.join()

    return execute, close


def _chunks(jobs: Iterable[Job], size: int):
    it = iter(jobs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


LOCAL_CHUNK = 4
DASK_CHUNK = 16  # files per Dask task: one task per article costs more in scheduling than in extraction


def dask_executor(workers: int, scheduler: str | None, window_per_worker: int):
    """Jobs in chunks on a Dask cluster at `scheduler` ("tcp://host:8786"); without one, a LocalCluster of
    `workers` processes. File contents travel with the jobs, so workers need no shared filesystem."""
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    n = max(1, len(client.scheduler_info().get("workers", {})) or workers)

    def with_data(job: Job) -> Job:
        if job.data is None:
            with open(job.path, "rb") as fh:
                job.data = fh.read()
        return job

    def submit(chunk: list[Job]):
        loaded = []
        for job in chunk:
            try:
                loaded.append(with_data(job))
            except OSError:
                loaded.append(job)  # the worker will report it as unreadable
        return client.submit(process_chunk, loaded, pure=False)

    def execute(jobs: Iterable[Job]) -> Iterator[FileResult]:
        for results in _ordered(submit, lambda f: f.result(), _chunks(jobs, DASK_CHUNK), n * window_per_worker):
            yield from results

    def close() -> None:
        client.close()
        if cluster is not None:
            cluster.close()

    return execute, close

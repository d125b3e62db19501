"""A document's claim rows on their way from a worker to the writer, in bounded memory: `ClaimRows`.

An ordinary article has tens of claims and its rows simply stay in memory. A huge, number-dense one has hundreds of
thousands (a 20 MB article: over half a million), and holding them all as rows took more memory than the
extraction itself (issue 14; docs/decisions.md, "A huge article in a batch"). So past `SPILL_ROWS` rows the rows
go to a temporary file, pickled `CHUNK_ROWS` at a time, and the writer reads them back a chunk at a time
(`chunks()`), inside the group's transaction that makes the document whole or absent: a document is never
half-written, however its rows travelled.

The file belongs to one `ClaimRows` at a time: it is deleted when that object is garbage-collected (or at exit).
Pickling one (a worker process returning its result) hands the file over to the copy that is unpickled; the
sender's object no longer deletes it. Jobs for remote workers (Dask) do not spill: another machine's /tmp is not
readable here (`Job.spill`).
"""
from __future__ import annotations

import os
import pickle
import tempfile
import weakref
from typing import Iterator

SPILL_ROWS = 5_000  # rows kept in memory before spilling (an article of the corpus has at most ~60)
CHUNK_ROWS = 1_000  # rows per pickled chunk, and per `executemany` of the writer
_PREFIX = "karmayogi-claims-"


class ClaimRows:
    """A sequence of claim rows (tuples in `store.schema.CLAIM_COLUMNS` order) that spills to a temporary file
    past `spill` rows (None: never). `append` rows, then read them with `chunks()` (as often as needed), `len()`
    or iteration."""

    def __init__(self, spill: int | None = SPILL_ROWS, chunk: int | None = None):
        self._spill, self._chunk = spill, chunk or CHUNK_ROWS
        self._pending: list[tuple] = []
        self._count = 0  # rows in the file
        self._path: str | None = None
        self._fh = None
        self._finalizer = None

    # -- writing (the worker) ----------------------------------------------------------------------------------

    def append(self, row: tuple) -> None:
        self._pending.append(row)
        if self._spill is not None and (self._path is not None or len(self._pending) > self._spill) \
                and len(self._pending) >= self._chunk:
            self._flush()

    def close(self) -> None:
        """No more rows: the last partial chunk goes to the file (when there is one) and the file is closed."""
        if self._path is not None and self._pending:
            self._flush()
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def _flush(self) -> None:
        if self._fh is None and self._path is not None:
            raise ValueError("ClaimRows: rows appended after close()")
        if self._fh is None:
            fd, self._path = tempfile.mkstemp(prefix=_PREFIX, suffix=".rows")
            self._fh = os.fdopen(fd, "wb")
            self._finalizer = weakref.finalize(self, _unlink, self._path)
        while self._pending:
            part, self._pending = self._pending[:self._chunk], self._pending[self._chunk:]
            pickle.dump(part, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
            self._count += len(part)

    # -- reading (the writer) ----------------------------------------------------------------------------------

    @property
    def spilled(self) -> bool:
        return self._path is not None

    def chunks(self) -> Iterator[list[tuple]]:
        """The rows in order, at most `chunk` at a time; only one chunk is in memory at once."""
        if self._path is not None:
            self.close()
            with open(self._path, "rb") as fh:
                while True:
                    try:
                        yield pickle.load(fh)
                    except EOFError:
                        break
        for i in range(0, len(self._pending), self._chunk):
            yield self._pending[i:i + self._chunk]

    def __iter__(self) -> Iterator[tuple]:
        for part in self.chunks():
            yield from part

    def __len__(self) -> int:
        return self._count + len(self._pending)

    def discard(self) -> None:
        """Delete the file now (rows in it are gone); otherwise it goes when this object does."""
        self.close()
        if self._finalizer is not None:
            self._finalizer()
        self._path, self._count, self._finalizer = None, 0, None

    # -- handing over between processes ------------------------------------------------------------------------

    def __getstate__(self) -> dict:
        self.close()
        if self._finalizer is not None:
            self._finalizer.detach()  # the receiving copy owns the file now
            self._finalizer = None
        return {"spill": self._spill, "chunk": self._chunk, "pending": self._pending, "count": self._count,
                "path": self._path}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["spill"], state["chunk"])
        self._pending, self._count, self._path = state["pending"], state["count"], state["path"]
        if self._path is not None:
            self._finalizer = weakref.finalize(self, _unlink, self._path)

    def __repr__(self) -> str:
        return f"ClaimRows({len(self)} rows{', spilled' if self._path else ''})"


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass

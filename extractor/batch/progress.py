"""A one-line progress display for long batches: files, claims, unreadable, errors, rate and ETA, on standard error.

Shown only on a terminal (never in a pipe or a log file) and redrawn at most ten times a second, so it costs
nothing measurable; `--quiet` turns it off.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

from ..output import files_per_second

REDRAW_SECONDS = 0.1


class BatchProgress:
    def __init__(self, total: int | None, stream: TextIO = sys.stderr):
        self.total = total
        self.stream = stream
        self.started = time.monotonic()
        self.last = 0.0
        self.width = 0

    def __call__(self, counts) -> None:
        now = time.monotonic()
        if now - self.last < REDRAW_SECONDS:
            return
        self.last = now
        self._draw(counts, now)

    def _draw(self, counts, now: float) -> None:
        done = counts.handled
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        # the words of the end-of-run summary (output.batch_summary): "unreadable" is recorded and the batch goes on
        # (too large and not-read files with it), "errors" could not be read at all
        unreadable = counts.unreadable + counts.too_large + counts.skipped
        parts = [f"files {done:,}" + (f"/{self.total:,}" if self.total else ""),
                 f"claims {counts.claims_added:,}", f"unreadable {unreadable:,}", f"errors {counts.error:,}",
                 files_per_second(rate)]
        if self.total and rate > 0 and done < self.total:
            left = int((self.total - done) / rate)
            parts.append(f"ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}")
        line = " · ".join(parts)
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self, counts) -> None:
        self._draw(counts, time.monotonic())
        self.stream.write("\n")
        self.stream.flush()

"""Named failures the CLI can report in one line instead of a traceback.

Every error the extractor raises on purpose derives from `ExtractorError`, so a caller can catch the family
without catching programming mistakes (a bare `Exception`)."""
from __future__ import annotations

# Exit statuses: one table for every command (`extract --help`, README "Exit status").
EXIT_OK = 0
EXIT_DISAGREES = 1   # extract check: a figure disagrees with what the database supports
EXIT_UNREADABLE = 2  # an input file, record or gold annotation could not be read; click's usage errors are 2 too
EXIT_DATABASE = 3    # the database cannot be used: read-only, damaged, busy, not a claims database, or newer
EXIT_INTERNAL = 4    # the command itself failed (a bug), reported with its traceback


class ExtractorError(Exception):
    """Base of the extractor's own, expected failures."""


class UnreadableInput(ExtractorError):
    """The input cannot be read as an article: missing, a directory, empty, binary, undecodable or too large.

    `reason` is one line for a human ("empty file", "invalid UTF-8 at byte 812"); `path` names the input when known.
    """

    def __init__(self, reason: str, path: str | None = None) -> None:
        self.reason = " ".join(str(reason).split())  # one line, whatever the caller passed
        self.path = path
        super().__init__(f"{path}: {self.reason}" if path else self.reason)

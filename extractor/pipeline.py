"""One file in, claims out: the `extract FILE` job as a library call."""
from __future__ import annotations

from pathlib import Path

from .claims import extract_claims
from .ingest import read_document
from .records import Claim


def extract_file(path: str | Path) -> list[Claim]:
    """Claims of one article. Raises `extractor.errors.UnreadableInput` with a one-line reason."""
    return extract_claims(read_document(path))

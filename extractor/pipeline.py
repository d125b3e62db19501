"""One file in, claims out: the `extract FILE` job as a library call.

An input is one article (.txt, .html, anything sniffed) or a scraper file (.json, .jsonl, .ndjson) holding many:
scraper files are read by `ingest.read_records`, the same reader `extract batch` uses, never as prose.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .claims import iter_claims as stream_claims
from .errors import UnreadableInput
from .ingest import read_document
from .records import Claim, Document


def is_record_file(path: str | Path) -> bool:
    from .ingest.scraped import RECORD_SUFFIXES

    return str(path) != "-" and Path(path).suffix.lower() in RECORD_SUFFIXES


def iter_documents(path: str | Path) -> Iterator[Document | UnreadableInput]:
    """The articles of one input, in order: a scraper file's records (each a Document, or the UnreadableInput of a
    record that cannot be read), or the one article of any other file (or its UnreadableInput)."""
    if is_record_file(path):
        from .ingest.scraped import read_records

        for rec in read_records(path):
            yield rec.document if rec.ok else rec.error
        return
    try:
        yield read_document(path)
    except UnreadableInput as exc:
        yield exc


def iter_claims(doc: Document) -> Iterator[Claim]:
    """The claims of one document, one at a time (what `extract FILE` and `extract batch` consume)."""
    return stream_claims(doc)


def extract_file(path: str | Path) -> list[Claim]:
    """Claims of one article, or of every readable record of a scraper file. Raises
    `extractor.errors.UnreadableInput` with a one-line reason when the file (for a scraper file: any record of it)
    cannot be read; `iter_documents` gives the records one by one instead."""
    claims: list[Claim] = []
    for doc in iter_documents(path):
        if isinstance(doc, UnreadableInput):
            raise doc
        claims.extend(iter_claims(doc))
    return claims

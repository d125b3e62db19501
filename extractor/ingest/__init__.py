"""Ingest: read an article file (plain text or HTML) into a `Document` — decoded text, metadata, furniture spans.

Public API: `read_document(path)` and `read_bytes(data, name, kind)`; `read_records(path)` for scraper dumps
(.json/.jsonl), one `RecordResult` per record. Every input that cannot be read as an
article raises `UnreadableInput` with a one-line reason, never a raw traceback.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import regex

from ..errors import UnreadableInput
from ..records.document import Document
from .decode import bom_encoding
from .language import detect_language
from .published import find_published, parse_date

MAX_BYTES = 20 * 1024 * 1024  # no news article is this big; a bigger input is a mistake (or an attack)
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_HTML_START = regex.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)[\s>/]",
    regex.IGNORECASE | regex.DOTALL,
)
_HTML_ANYWHERE = regex.compile(r"<(?:html|body|head)[\s>]|</p>|</div>", regex.IGNORECASE)

__all__ = ["read_document", "read_bytes", "sniff_kind", "detect_language", "parse_date", "find_published",
           "MAX_BYTES", "read_records", "RecordResult"]
_LAZY = {"read_records": "scraped", "RecordResult": "scraped"}  # scraper records: imported on first use


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def sniff_kind(data: bytes) -> str:
    """"html" when the bytes look like markup, else "txt"."""
    head = data[:4096]
    bom = bom_encoding(head)
    text = head[bom[1]:].decode(bom[0], errors="ignore") if bom else head.decode("latin-1")
    return "html" if _HTML_START.match(text) or _HTML_ANYWHERE.search(text) else "txt"


def _too_large(size: int, path: str) -> UnreadableInput:
    return UnreadableInput(f"{size / 1024 / 1024:.1f} MB is larger than the {MAX_BYTES // 1024 // 1024} MB limit", path)


def read_bytes(data: bytes, name: str = "-", kind: str | None = None) -> Document:
    """Read an article from bytes; `kind` is "txt" or "html" (None: sniff). `name` becomes `Document.path`."""
    if len(data) > MAX_BYTES:
        raise _too_large(len(data), name)
    if not data:
        raise UnreadableInput("empty file", name)
    kind = kind or sniff_kind(data)
    if kind == "html":
        from .html import read_html

        return read_html(data, name)
    if kind in ("txt", "text"):
        from .txt import read_txt

        return read_txt(data, name)
    raise ValueError(f"unknown kind {kind!r}: expected 'txt' or 'html'")


def read_document(path: str | Path) -> Document:
    """Read an article file; "-" reads standard input. The suffix decides the reader (.html/.htm → HTML,
    .txt/.text/.md → text); other suffixes are sniffed."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return read_bytes(data, "-")
    from .files import open_regular, shown_path

    p = Path(path)
    name = shown_path(str(path))
    try:
        with open_regular(p) as fh:  # a FIFO, device or socket is refused at once (reading one would block)
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_BYTES:
                raise _too_large(size, name)
            data = fh.read(MAX_BYTES + 1)  # read at most the limit: the file may grow
    except UnreadableInput:
        raise
    except FileNotFoundError:
        raise UnreadableInput("no such file", name) from None
    except PermissionError:
        raise UnreadableInput("permission denied", name) from None
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {exc.strerror or exc}", name) from None
    suffix = p.suffix.lower()
    kind = "html" if suffix in HTML_SUFFIXES else "txt" if suffix in TEXT_SUFFIXES else None
    return read_bytes(data, name, kind)

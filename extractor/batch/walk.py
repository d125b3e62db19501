"""Which files a batch reads: every article file under the given folders, in a stable order.

Sorted walk (so `--workers 1` and `--workers 8` meet files in the same order and write the same database), hidden
folders and files skipped (`.git`, editor droppings), symbolic links to folders not followed (no loops).
A folder may hold an `.extractignore` file: one glob a line (`gold/`, `*.draft.txt`; `#` comments), matched against
the names in that folder and below it — how `corpus/` keeps its gold annotations out of a batch.
Markdown is not an article format here (it is how folders document themselves), unless a file is named directly.
"""
from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Iterable, Iterator

from ..ingest import HTML_SUFFIXES, TEXT_SUFFIXES
from ..ingest.scraped import RECORD_SUFFIXES, JSONL_SUFFIXES

RECORD_SUFFIXES = frozenset(RECORD_SUFFIXES) | frozenset(JSONL_SUFFIXES)
ARTICLE_SUFFIXES = (frozenset(TEXT_SUFFIXES) - {".md"}) | frozenset(HTML_SUFFIXES) | RECORD_SUFFIXES
IGNORE_FILE = ".extractignore"


def is_article_file(name: str) -> bool:
    return not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES


def walk(roots: Iterable[str | Path]) -> Iterator[str]:
    """Article files under each root (a folder, walked recursively, or a single file named on purpose)."""
    for root in roots:
        root = str(root)
        if os.path.isfile(root):
            yield root  # named explicitly: read whatever its suffix (sniffed), the user asked for it
            continue
        ignores: dict[str, list[str]] = {}
        for folder, dirs, files in os.walk(root, followlinks=False):
            patterns = _inherited(ignores, folder, root)
            if IGNORE_FILE in files:
                patterns = patterns + [(folder, p) for p in _read_ignore(os.path.join(folder, IGNORE_FILE))]
            ignores[folder] = patterns
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and not _ignored(os.path.join(folder, d), patterns, is_dir=True))
            for name in sorted(files):
                path = os.path.join(folder, name)
                if is_article_file(name) and not _ignored(path, patterns, is_dir=False):
                    yield path


def count_files(roots: Iterable[str | Path]) -> int:
    return sum(1 for _ in walk(roots))


def _read_ignore(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [ln.strip() for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    except (OSError, UnicodeDecodeError):
        return []


def _inherited(ignores: dict, folder: str, root: str) -> list:
    parent = os.path.dirname(folder)
    return ignores.get(parent, []) if folder != root else []


def _ignored(path: str, patterns, is_dir: bool) -> bool:
    for base, pattern in patterns:
        rel = os.path.relpath(path, base).replace(os.sep, "/")
        want_dir = pattern.endswith("/")
        pat = pattern.rstrip("/")
        if want_dir and not is_dir:
            continue
        if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(os.path.basename(path), pat):
            return True
    return False

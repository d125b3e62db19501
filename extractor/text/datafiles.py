"""The loader of the language data files (the TOML files in extractor/lang/), at the bottom of the house.

It lives here, not in extractor/lang/, so that text/ — the first stage — can read its own rules from those files
(the sentence splitter's stops and non-breaking words, lang/sentences.toml) without importing the lang package,
which itself builds on text/ (its vocabularies are folded with text.normalize). extractor.lang re-exports both names.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

LANG_DIR = Path(__file__).resolve().parent.parent / "lang"


class LexiconError(ValueError):
    """A data file under extractor/lang/ is malformed."""


def load_toml(name: str) -> dict:
    """One data file of extractor/lang/, parsed; a syntax error becomes a LexiconError naming the file."""
    path = LANG_DIR / name
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{path.name}: {exc}") from exc

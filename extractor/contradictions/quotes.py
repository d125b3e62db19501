"""What an evidence quote says about how a figure was written: its scale word, its number, its precision.

Scale words come from the number lexicon (extractor/lang/hi.toml, en.toml), so "करोड़", "crore", "cr" and "मिलियन"
are all known; the quote is folded with the same `fold_key` as everything else (Devanagari digits → ASCII).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..text import fold_key

SCALE_NAMES = {1_000: "thousand", 100_000: "lakh", 1_000_000: "million", 10_000_000: "crore",
               1_000_000_000: "billion"}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")


@lru_cache(maxsize=1)
def _scales() -> dict[str, int]:
    from ..lang import number_lexicon

    return dict(number_lexicon().scales)


def scale_of(quote: str) -> str | None:
    """The largest named scale word in a quote: "1.45 करोड़" → "crore", "30 million" → "million", "4,179" → None."""
    values = [_scales()[w] for w in fold_key(quote).replace(",", " ").split() if _scales().get(w) in SCALE_NAMES]
    return SCALE_NAMES[max(values)] if values else None


def mantissa(quote: str) -> float | None:
    """The first number written in digits: "14.5 करोड़" → 14.5; None for number words ("ढाई लाख")."""
    m = _NUMBER.search(fold_key(quote))
    return float(m.group().replace(",", "")) if m else None


@lru_cache(maxsize=65536)
def written_precision(quote: str) -> float | None:
    """One unit of the last digit as written: "1.45 crore" → 1,00,000; "30 lakh" → 1,00,000; "3 लाख 55 हजार" → 1,000;
    "10 से 12 लाख" → 1,00,000. None when the quote has no scale word after its last number (plain digits like
    "4,500" or "70%", and number words): the tolerance then reads the value itself (tolerance.rounding_unit)."""
    folded = fold_key(quote)
    matches = list(_NUMBER.finditer(folded))
    if not matches:
        return None
    last = matches[-1]
    scale = 1
    for word in folded[last.end():].replace(",", " ").split():
        if word in _scales():
            scale *= _scales()[word]
        else:
            break
    if scale == 1:
        return None
    text = last.group()
    decimals = len(text) - text.index(".") - 1 if "." in text else 0
    return scale * 10.0 ** -decimals

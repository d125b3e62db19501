"""Guess an article's language from its script: Hindi news is written in Devanagari, English in Latin letters.

Why count letters and not use a language identifier: the only question downstream is which number words and
sentence rules to expect, and Hindi articles routinely carry Latin words ("iGOT", "Mission Karmayogi"), which is
why the thresholds leave room (85%). Furniture is ignored so an English cookie notice does not make a Hindi page
"mixed"."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..records.document import ExcludedSpan

THRESHOLD = 0.85


def is_devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f" or "\ua8e0" <= ch <= "\ua8ff"


def is_latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"


def detect_language(text: str, excluded: Iterable[ExcludedSpan] = (), start: int = 0) -> str:
    """"hi", "en" or "mixed" for `text[start:]` outside the `excluded` spans; "mixed" when there are no letters."""
    keep = []
    pos = start
    for span in sorted(excluded, key=lambda s: s.start):
        if span.end <= pos:
            continue
        if span.start > pos:
            keep.append(text[pos:span.start])
        pos = max(pos, span.end)
    keep.append(text[pos:])
    deva = latin = 0
    for chunk in keep:
        for ch in chunk:
            # Devanagari vowel signs are marks, not letters, yet they are the "e" and "i" of Latin words:
            # count them, or a Hindi sentence weighs half what its English translation does
            if is_devanagari(ch):
                deva += ch.isalpha() or unicodedata.category(ch).startswith("M")
            elif ch.isalpha() and is_latin(ch):
                latin += 1
    total = deva + latin
    if not total:
        return "mixed"
    if deva / total >= THRESHOLD:
        return "hi"
    if latin / total >= THRESHOLD:
        return "en"
    return "mixed"

"""Find vocabulary phrases in a folded text: one compiled alternation per vocabulary, whole words only.

Why `regex` and not spaCy's PhraseMatcher: matching on the folded character stream keeps offsets exact without
tokenising the whole article (spaCy's Hindi tokenizer also splits "१८.८" and "70%"), and FIELD-NOTES.md shows the
stdlib `re` gets Devanagari word boundaries wrong — the `regex` module gets them right.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

_EDGE_L = r"(?<![\p{L}\p{M}\p{N}])"
_EDGE_R = r"(?![\p{L}\p{M}\p{N}])"


def matching_text(folded: str) -> str:
    """Folded text as the matchers see it: lower case, chandrabindu read as anusvara; same length as `folded`
    (a character whose lower case is longer, like "İ", is left as it is)."""
    lowered = folded.lower()
    if len(lowered) != len(folded):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    return lowered.replace("\u0901", "\u0902")


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # offsets in the folded text
    end: int
    key: str  # the phrase as folded in the vocabulary


class PhraseFinder:
    def __init__(self, phrases):
        keys = sorted({p for p in phrases if p}, key=len, reverse=True)
        body = "|".join(_phrase_pattern(k) for k in keys)
        self._re = regex.compile(f"{_EDGE_L}(?:{body}){_EDGE_R}") if keys else None
        self._keys = {k: k for k in keys}

    def find(self, text: str) -> list[Hit]:
        """Hits in `text`: pass `matching_text(...)` for lower-cased vocabularies, the folded text for exact ones."""
        if self._re is None:
            return []
        out = []
        for m in self._re.finditer(text, overlapped=False):
            key = " ".join(m.group().split())
            out.append(Hit(m.start(), m.end(), key))
        return out


def _phrase_pattern(key: str) -> str:
    # spaces in a phrase match any run of spaces (a line break does not continue a phrase)
    return r"[ \t]+".join(regex.escape(w) for w in key.split(" "))


@lru_cache(maxsize=None)
def finder(name: str, phrases: frozenset[str]) -> PhraseFinder:
    return PhraseFinder(phrases)

"""Refuse Hindi typed in a legacy font encoding (Kruti Dev, DevLys, Chanakya): Latin characters that only a
special font draws as Devanagari.

Why: "vkSj ds fy, gS" ("और के लिए है" in Kruti Dev) decodes cleanly and would pass as English in which no
number word is known — the article would silently yield nothing but bare digits with no context. Such files must
be converted to Unicode first, and the refusal says so.

How: the commonest Hindi function words (है, में, की, के, …) as each font writes them are listed in
`lang/legacy_fonts.toml`; they are compared case-sensitively with whole tokens. Hindi prose is dense in them,
English and romanised Hindi ("Karmayogi platform par 5 lakh log") have none of them. Only text with almost no
Devanagari is looked at, and only its first `SAMPLE_CHARS` characters, so the check costs next to nothing.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..lang import LexiconError, load_toml
from .language import devanagari_chars, devanagari_chars_before

# Share of word tokens that are markers (long or short) of one font, measured (tests/test_ingest_legacy.py):
#   Kruti Dev fixture (seed 000 in Kruti Dev, 189 words)   0.32; its five paragraphs 0.19 – 0.43
#   Chanakya sample sentences                              0.25 – 0.50
#   every article in corpus/ (English, Hindi, Hinglish)    0 (not one marker)
#   3.6 MB of English prose (licences, package docs)       0 long markers in 486k words; 5 short ones
#                                                          ("ls", "fd", "bl"), at most 0.005 of a file
#   Hinglish test sentences                                0
# 0.08 sits a factor of two below the sparsest Kruti Dev paragraph and well above anything English.
MIN_MARKER_SHARE = 0.08
# and at least this many tokens from `markers` (not `short_markers`): "Run ls, then fd; the bl and dk flags" has
# four short markers in eighteen words, and is English; the shortest Kruti Dev sentences tested have two
MIN_MARKERS = 2
# only text this Devanagari-poor is checked: Unicode Hindi is, by definition, not in a legacy font
MAX_DEVANAGARI_SHARE = 0.05
# the first this many characters decide (a font does not change halfway through an article)
SAMPLE_CHARS = 100_000

_MARKUP = regex.compile(r"<(?:html|head|body|p|div|font|span|br|table)[\s>/]", regex.IGNORECASE)
_TAGS = regex.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|</?[A-Za-z!][^>]*>",
                      regex.IGNORECASE | regex.DOTALL)
_LETTERS = regex.compile(r"[\p{L}\p{M}]+")
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&quot;": '"', "&lt;": "<", "&gt;": ">"}
_KEYS = {"label", "markers", "short_markers", "trailing", "leading"}


@dataclass(frozen=True)
class LegacyFont:
    name: str
    label: str
    markers: frozenset[str]
    short_markers: frozenset[str]
    trailing: str
    leading: str


@lru_cache(maxsize=1)
def legacy_fonts() -> tuple[LegacyFont, ...]:
    data = load_toml("legacy_fonts.toml")
    if set(data) != {"fonts"} or not isinstance(data["fonts"], dict) or not data["fonts"]:
        raise LexiconError("legacy_fonts.toml: expected only [fonts.<name>] tables")
    out = []
    for name, spec in data["fonts"].items():
        where = f"legacy_fonts.toml [fonts.{name}]"
        if not isinstance(spec, dict) or set(spec) - _KEYS:
            raise LexiconError(f"{where}: unknown keys {sorted(set(spec) - _KEYS) if isinstance(spec, dict) else spec}")
        label, markers = spec.get("label"), spec.get("markers")
        if not isinstance(label, str) or not label.strip():
            raise LexiconError(f"{where}: missing label")
        short = spec.get("short_markers", [])
        if not isinstance(markers, list) or not markers or not isinstance(short, list):
            raise LexiconError(f"{where}: expected a non-empty list of markers")
        seen = set()
        for m in markers + short:
            if not isinstance(m, str) or not m or len(m.split()) != 1 or m != m.strip():
                raise LexiconError(f"{where}: a marker must be one non-empty token, not {m!r}")
            if m in seen:
                raise LexiconError(f"{where}: duplicate marker {m!r}")
            seen.add(m)
        trailing, leading = spec.get("trailing", ""), spec.get("leading", "")
        if not isinstance(trailing, str) or not isinstance(leading, str):
            raise LexiconError(f"{where}: trailing and leading are strings of characters")
        out.append(LegacyFont(name, label.strip(), frozenset(markers), frozenset(short), trailing, leading))
    return tuple(out)


def _sample(text: str) -> str:
    sample = text[:SAMPLE_CHARS]
    if _MARKUP.search(sample):  # an HTML page: judge its words, not its tags and scripts
        sample = _TAGS.sub(" ", sample)
        for entity, ch in _ENTITIES.items():
            sample = sample.replace(entity, ch)
    return sample


def _devanagari_poor(sample: str, by_bytes: bool = False) -> bool:
    """`by_bytes`: count Devanagari in the sample's `char_bytes` (`devanagari_chars_before`), which the caller has
    made; else in UTF-8."""
    # Devanagari counted in UTF-8 bytes (language.devanagari_chars), not by deleting the other characters with a
    # stdlib `re` class: with it, `decode_text` of a 12 KB bench article went from 1.05 M to 0.60 M machine instructions
    # there are at most len(sample) letters, so more Devanagari than MAX_DEVANAGARI_SHARE of len(sample) is not
    # poor, whatever the letters: for Hindi text, counting its first quarter tells (a quarter of the time)
    def count(end: int) -> int:
        return devanagari_chars_before(sample, end) if by_bytes else devanagari_chars(sample[:end])

    if count(len(sample) // 4) > MAX_DEVANAGARI_SHARE * len(sample):
        return False
    deva = count(len(sample))
    if not deva:
        return True
    if deva > MAX_DEVANAGARI_SHARE * len(sample):
        return False
    letters = sum(map(len, _LETTERS.findall(sample)))
    return deva <= MAX_DEVANAGARI_SHARE * max(letters, 1)


def _word_tokens(text: str) -> Counter[str]:
    """How often each word token (a whitespace-separated token with a letter in it) occurs in `text`: the fonts
    are tried on the distinct tokens, a few hundred, not on every token of the sample."""
    return Counter({token: n for token, n in Counter(text.split()).items() if any(map(str.isalpha, token))})


def _tally(tokens: Counter[str], font: LegacyFont) -> tuple[int, int]:
    markers = short = 0
    for token, n in tokens.items():
        core = token.rstrip(font.trailing).lstrip(font.leading)
        if core in font.markers or token in font.markers:
            markers += n
        elif core in font.short_markers or token in font.short_markers:
            short += n
    return markers, short


def marker_counts(text: str, font: LegacyFont) -> tuple[int, int, int]:
    """(tokens that are `markers`, tokens that are `short_markers`, word tokens) of `text` for one font; a word
    token is one with a letter in it."""
    tokens = _word_tokens(text)
    return (*_tally(tokens, font), sum(tokens.values()))


def legacy_font(text: str, by_bytes: bool = False) -> LegacyFont | None:
    """The legacy font `text` is written in, or None (Unicode text, English, Hinglish, too little to tell).
    `by_bytes`: the caller has made the text's `char_bytes` (normalize.py); Devanagari is counted in them when the
    sample is the text itself."""
    sample = _sample(text)
    if not _devanagari_poor(sample, by_bytes and sample is text):
        return None
    tokens = _word_tokens(sample)
    words = sum(tokens.values())
    for font in legacy_fonts():
        markers, short = _tally(tokens, font)
        if markers >= MIN_MARKERS and markers + short >= MIN_MARKER_SHARE * words:
            return font
    return None


def legacy_reason(font: LegacyFont) -> str:
    return (f"Hindi text in a legacy font encoding ({font.label}), not Unicode: convert it to Unicode first")

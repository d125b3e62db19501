"""Is an article about Mission Karmayogi? A batch over scraped folders holds cricket reports and budget stories too,
and their crore figures must not become Karmayogi claims.

How: the programme's names (`lang/topic.toml`) are found with the same phrase machinery and fold as the claim
vocabularies (`phrases.finder`, `fold`), only in the article proper — outside the `doc.excluded` furniture, so a
"यह भी पढ़ें: मिशन कर्मयोगी …" teaser or a related-stories list does not make an unrelated story on topic. The
header block of a .txt (its TITLE line) is the article's own and counts.
One strong name ("मिशन कर्मयोगी", "iGOT", "Capacity Building Commission") is enough; words that other stories use
too ("कर्मयोगी" as praise, "capacity building") must come `MIN_WEAK_HITS` times.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..lang import LexiconError, load_toml
from ..records.document import Document
from ..text.normalize import fold, fold_key
from .phrases import finder, matching_text

# Measured on corpus/ (16 articles): every one has a strong name outside furniture (between 1 and 17; the fewest,
# mixed_states_roundup, also has 3 weak words), so the weak rule only matters for stories that say just
# "Karmayogi". Two weak words, not one: a single "कर्मयोगी" is as likely praise for a person (the off-topic cricket
# fixture) and a single "capacity building" any budget line (the budget fixture).
MIN_WEAK_HITS = 2
# spans that are the article's own words even though they are set aside from claims: a .txt header's TITLE line
_OWN_SPANS = frozenset({"header"})


@dataclass(frozen=True)
class TopicHit:
    start: int  # offsets into Document.text
    end: int
    phrase: str  # the vocabulary phrase, folded
    strong: bool


@dataclass(frozen=True)
class _Vocabulary:
    strong: frozenset[str]
    weak: frozenset[str]


def _phrases(where: str, items) -> frozenset[str]:
    if not isinstance(items, list) or not items:
        raise LexiconError(f"topic.toml {where}: expected a non-empty list of phrases")
    out = set()
    for item in items:
        if not isinstance(item, str) or not fold_key(item):
            raise LexiconError(f"topic.toml {where}: empty or non-text phrase {item!r}")
        key = fold_key(item)
        if key in out:
            raise LexiconError(f"topic.toml {where}: duplicate phrase {item!r}")
        out.add(key)
    return frozenset(out)


@lru_cache(maxsize=1)
def vocabulary() -> _Vocabulary:
    data = load_toml("topic.toml")
    if set(data) != {"strong", "weak"} or any(set(data[k]) != {"phrases"} for k in data):
        raise LexiconError("topic.toml: expected exactly [strong] and [weak], each with phrases")
    strong = _phrases("[strong].phrases", data["strong"]["phrases"])
    weak = _phrases("[weak].phrases", data["weak"]["phrases"])
    both = strong & weak
    if both:
        raise LexiconError(f"topic.toml: phrases both strong and weak: {sorted(both)}")
    return _Vocabulary(strong, weak)


def topic_evidence(doc: Document) -> list[TopicHit]:
    """Every Karmayogi name in the article proper, in text order (`doc.text[hit.start:hit.end]` is the words)."""
    v = vocabulary()
    ft = fold(doc.text)
    hits = []
    for h in finder(v.strong | v.weak).find(matching_text(ft.text)):
        start, end = ft.span(h.start, h.end)
        span = doc.is_excluded(start, end)
        if span is not None and span.reason not in _OWN_SPANS:
            continue
        hits.append(TopicHit(start, end, h.key, h.key in v.strong))
    return hits


def is_about_karmayogi(doc: Document) -> bool:
    """True when the article names the programme: one strong name, or `MIN_WEAK_HITS` weak words."""
    hits = topic_evidence(doc)
    return any(h.strong for h in hits) or len(hits) >= MIN_WEAK_HITS

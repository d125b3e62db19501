"""Turn a document's number mentions into claims: which metric, which scope, which entity, as of when.

The pipeline per document:
1. numbers: `parse_numbers` over the whole text; keep *claimable* mentions (kind "number", written with digits or
   with a scale, outside page furniture and the header block);
2. sentences and clauses (commas, colons, brackets and "जबकि"/"whereas" split clauses);
3. vocabulary hits over the folded text, once: metric phrases, places, entities (all from `extractor/lang/`);
4. per mention: metric (nearest phrase in its own stretch of the clause, the longer phrase winning), scope
   (named state > national marker > metric's own scope > weaker cues > the article's running scope), entity,
   as-of date (time words in the clause, then the sentence, then the article's event date, then publication).
"""
from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter, itemgetter

import regex

from ..compiled import runs_compiled
from ..lang import NATIONAL, Metric, metrics, number_lexicon, places
from ..lang import entities as entity_vocabulary
from ..lang.cues import clause_words, counted_nouns, national_in_clause
from ..numbers import parse_numbers
from ..records import Claim, Document, Evidence, NumberMention, Source
from ..records.made import claim_id, record_as_given
from ..text.normalize import as_anusvara, fold, fold_key, folded_key
from ..text.sentences import evidence_sentence, sentence_spans
from .dates import time_expressions
from .period import PeriodReader, PeriodReading, cue_phrases
from .phrases import cut_word_hits, finder, finders, matching_text

_BRACKET_BETWEEN = regex.compile(r"\s*[(\[]\s*")
_SENTENCE_END = regex.compile(r"[.?!।॥:]\s*$", regex.REVERSE)
_LANGUAGE_UNIT_LOOKAHEAD = 3  # words: "15 अन्य क्षेत्रीय भाषाओं"
_LOOKAHEAD_CHARS = 200  # characters that surely hold those three words
_PRIMARY_MIN_WEIGHT = 4
_DATELINE_CHARS = 40  # a dateline opens the body: "लखनऊ, 5 अक्टूबर।", "Lucknow:"  # a state named twice (names weigh 2, cues 1)
_NOT_A_CLAIM = ""  # a metric reading for "five years", "7-day": the figure is dropped
_LIST_ITEM = regex.compile(r"\s*(?:[-–—•*▪●◦]|[0-9]{1,2}[.)])\s")
_LIST_GAP_WORDS = 7  # words between two figures of one list ("… in the central government, 2.2 crore …")
_OTHER_DEFAULT_PERIOD = 0.75
_PEOPLE_TO_REACH = "employees_to_be_trained"
_PEOPLE_NOT_YET = frozenset({"other", "registered_users", "officials_trained", _PEOPLE_TO_REACH})
_CLAUSENATIONAL = 3  # marker strength: national when it stands in the figure's own clause, weak elsewhere
_LEADING_ZERO = regex.compile(r"0[0-9]+")
_WORD_OR_DIGITS = regex.compile(r"[\p{L}\p{M}]+|[0-9]+")
_WORDS = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_SUBSET_MODIFIERS = 2  # words between a figure and its noun that make it a kind of the noun (see _metric)
_POSSESSIVE_WORDS = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}]+)?")
_VERSION = regex.compile(r"[0-9]{1,2}\.[0-9]")  # "2.0" after a name
_NAME_BEFORE = regex.compile(r"(?:\b[A-Z][A-Za-z]+|[\p{Lo}\p{M}]{2,})['’\"”]?\s*$", regex.REVERSE)
_START_END = attrgetter("start", "end")
_CODE_BEFORE = regex.compile(r"([\p{L}\p{M}]+(?: [\p{L}\p{M}]+)?)\.?\s*$|#\s*$", regex.REVERSE)  # the word(s) right before a number
_CODE_REACH = 40  # characters before a figure read for a name or a code


# `_CODE_BEFORE`, matched at a figure's start, read back character by character: a `regex` call costs ~4,500 machine
# instructions before it reads a character, and each of ~100 figures an article asked it (most are preceded by a word,
# so a cheap test could not answer for the regex). A character's class is read from a table of the BMP built by
# `regex` itself, so the letters, marks and spaces are regex's own (0.52 → 0.18 M machine instructions a 12 KB bench
# article for `_name_or_date_part`, 16.90 → 16.50 M for `extract_claims`; tests/test_claims_code_fast.py compares with
# the pattern).
_OTHER, _LETTER, _SPACE_CHAR = 0, 1, 2  # [\p{L}\p{M}], regex's \s, anything else
_char_class_table: bytes | None = None  # built at the first figure: `_char_classes`


def _char_classes() -> bytes:
    """The class of every character of the BMP (`_OTHER`, `_LETTER`, `_SPACE_CHAR`), as `regex` reads them."""
    global _char_class_table
    if _char_class_table is None:
        bmp = "".join(map(chr, range(0x10000)))
        table = bytearray(0x10000)
        for x in regex.finditer(r"[\p{L}\p{M}]", bmp):
            table[x.start()] = _LETTER
        for x in regex.finditer(r"\s", bmp):
            table[x.start()] = _SPACE_CHAR
        _char_class_table = bytes(table)
    return _char_class_table


def _class_at(text: str, i: int, table: bytes) -> int:
    """The class of text[i] (see `_char_classes`); one beyond the BMP (an emoji) asked of `regex`."""
    c = ord(text[i])
    if c < 0x10000:
        return table[c]
    if regex.match(r"[\p{L}\p{M}]", text[i]):
        return _LETTER
    return _SPACE_CHAR if regex.match(r"\s", text[i]) else _OTHER


# Whether this module runs as its compiled copy (docs/speedups.md): `_code_before` and the bisections below loop over
# characters and offsets, which is cheap only there
_COMPILED = runs_compiled(_class_at)


def _code_before(text: str, lo: int, end: int) -> str | None:
    """What `_CODE_BEFORE.match(text, lo, end)` finds: None when it does not match, "" when it finds a "#" (no
    group), else its group, the one or two words (letters and marks, one space between) before the end, a stop and
    spaces after them. The pattern is REVERSE: it reads from `end` back, each part as far as it goes. Run as Python
    (`_COMPILED`), the pattern is cheaper than this loop, and is matched instead."""
    if not _COMPILED:
        found = _CODE_BEFORE.match(text, lo, end)
        return None if found is None else found.group(1) or ""
    table = _char_class_table if _char_class_table is not None else _char_classes()
    j = end
    while j > lo and _class_at(text, j - 1, table) == _SPACE_CHAR:
        j -= 1
    if j == lo:
        return None
    if text[j - 1] == "#":
        return ""
    if text[j - 1] == ".":
        j -= 1
    if j == lo or _class_at(text, j - 1, table) != _LETTER:
        return None
    k = j - 1
    while k > lo and _class_at(text, k - 1, table) == _LETTER:
        k -= 1
    if k - 2 >= lo and text[k - 1] == " " and _class_at(text, k - 2, table) == _LETTER:  # a word before, one space
        k -= 2
        while k > lo and _class_at(text, k - 1, table) == _LETTER:
            k -= 1
    return text[k:j]


# Made hundreds of times an article (~160 metric words, ~40 place markers, ~80 metric readings): what a
# `@dataclass(slots=True, unsafe_hash=True)` made — equal and hashed by value, never changed once made — but written
# out, so that compiled (build.pxd) each is an extension type, made without a Python frame for its `__init__` and
# read from a C struct by the builder's typed loops (`_read_window`, `_best_of`, `_match_in_order`). As dataclasses,
# read by name, they took 0.55 M machine instructions more a 12 KB bench article (17.85 → 17.30 M for
# `extract_claims`; tests/test_claims_records_fast.py compares them with the dataclasses).
class Marker:
    """A place named in the text: the scope it gives a figure, and how strongly."""

    __slots__ = ('start', 'end', 'scope', 'strength')

    def __init__(self, start, end, scope, strength):
        self.start = start  # original offsets
        self.end = end
        self.scope = scope  # canonical state or "India"
        self.strength = strength  # 2 strong, 1 weak, 3 national in its clause

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.start, self.end, self.scope, self.strength) == \
            (other.start, other.end, other.scope, other.strength)

    def __hash__(self):
        return hash((self.start, self.end, self.scope, self.strength))

    def __repr__(self):
        return f"Marker(start={self.start!r}, end={self.end!r}, scope={self.scope!r}, strength={self.strength!r})"


def _bisect_left(values: list, x: int, lo: int) -> int:
    """`bisect_left(values, x, lo)` of a list of offsets (ints), the same steps, compiled with the offsets read as C
    integers: a call of the `bisect` module from compiled code cost ~800 machine instructions, and ~600 were asked a
    12 KB bench article (`SpanIndex`, clauses, exclusions; 16.50 → 15.93 M for `extract_claims`;
    tests/test_claims_code_fast.py compares with `bisect`). Run as Python (`_COMPILED`), the `bisect` module's C is
    faster than this loop, and is called instead."""
    if not _COMPILED:
        return bisect_left(values, x, lo)
    hi = len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        v = values[mid]
        if v < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _bisect_right(values: list, x: int) -> int:
    """`bisect_right(values, x)`, as `_bisect_left` (see there)."""
    if not _COMPILED:
        return bisect_right(values, x)
    lo = 0
    hi = len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        v = values[mid]
        if x < v:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _bisect_hits(hits: list, x: int, lo: int, field: int, right: bool) -> int:
    """`bisect_left(hits, x, lo, key=itemgetter(field))` (`bisect_right` when `right`) of hits (start, end, key),
    compiled as `_bisect_left` is: the `bisect` module with a key getter cost ~1,400 machine instructions a call from
    `_visible`, ~60 calls a 12 KB bench article (15.93 → 15.83 M for `extract_claims`;
    tests/test_claims_code_fast.py compares). Run as Python, the `bisect` module's (see `_bisect_left`)."""
    if not _COMPILED:
        by = itemgetter(field)
        return bisect_right(hits, x, lo, key=by) if right else bisect_left(hits, x, lo, key=by)
    hi = len(hits)
    if right:
        while lo < hi:
            mid = (lo + hi) // 2
            v = hits[mid][field]
            if x < v:
                hi = mid
            else:
                lo = mid + 1
    else:
        while lo < hi:
            mid = (lo + hi) // 2
            v = hits[mid][field]
            if v < x:
                lo = mid + 1
            else:
                hi = mid
    return lo


class SpanIndex:
    """Items with (start, end) offsets, answering "which lie inside [a, b)" by bisection instead of a scan of the
    whole document per mention — a scan made a 3 MB article take 45 s. Results keep the items' original order.

    The items nearly always come in text order already (hits, mentions, markers): then the order is the identity and
    an answer is a slice, with no sort; the spans are read by a C getter, not a lambda an item. A 12 KB bench
    article's 13 indexes and 440 questions took 0.38 M machine instructions less so (34.22 → 33.84 M for
    `extract_claims`). The offsets of items with `start` and `end` are read by name in two compiled passes rather
    than as pairs made by a getter and unpacked (with `_best_of`'s keys read so too: 17.00 → 16.81 M)."""

    def __init__(self, items, key=_START_END):
        self.items = list(items)
        if key is _START_END:  # the offsets read by name, compiled: no pair made and unpacked an item (below)
            starts = [x.start for x in self.items]
            ends = [x.end for x in self.items]
        else:
            spans = list(map(key, self.items))  # `key` a C getter: no Python call an item (13 indexes, 700 items)
            starts = [a for a, _ in spans]
            ends = [b for _, b in spans]
        self.in_order = starts == sorted(starts)
        if self.in_order:  # the usual case (hits and mentions come in text order): nothing to reorder
            self.order = range(len(starts))
            self.starts, self.ends = starts, ends
        else:  # a stable sort by start, as before
            self.order = sorted(range(len(starts)), key=starts.__getitem__)
            self.starts = [starts[i] for i in self.order]
            self.ends = [ends[i] for i in self.order]

    def within(self, a: int, b: int) -> list:
        """Items with start >= a and end <= b."""
        starts = self.starts
        lo = _bisect_left(starts, a, 0)
        hi = _bisect_left(starts, b + 1, lo)
        if hi - lo < 2:  # most windows hold no item or one: no list to build and sort
            return [self.items[self.order[lo]]] if hi > lo and self.ends[lo] <= b else []
        ends = self.ends
        if self.in_order:
            items = self.items
            return [items[j] for j in range(lo, hi) if ends[j] <= b]
        picked = [self.order[j] for j in range(lo, hi) if ends[j] <= b]
        picked.sort()
        return [self.items[i] for i in picked]

    def starting_in(self, a: int, b: int) -> list:
        """Items with a <= start < b."""
        starts = self.starts
        lo = _bisect_left(starts, a, 0)
        hi = _bisect_left(starts, b, lo)
        if hi - lo < 2:
            return [self.items[self.order[lo]]] if hi > lo else []
        if self.in_order:
            return self.items[lo:hi]
        picked = sorted(self.order[lo:hi])
        return [self.items[i] for i in picked]


# made as `Marker` is (see there)
class PartHit:
    """A vocabulary word found in the text (original offsets) and its key: a metric word, or a counted noun's class."""

    __slots__ = ('start', 'end', 'key')

    def __init__(self, start, end, key):
        self.start = start
        self.end = end
        self.key = key

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.start, self.end, self.key) == (other.start, other.end, other.key)

    def __hash__(self):
        return hash((self.start, self.end, self.key))

    def __repr__(self):
        return f"PartHit(start={self.start!r}, end={self.end!r}, key={self.key!r})"


def claimable(m: NumberMention) -> bool:
    """Numbers that can state a statistic: not dates/years/times, and not a bare small word like "एक"/"सात"."""
    if m.kind != "number" or m.unit == "days":  # "7-दिवसीय कार्यक्रम": a programme's length is policy, not a figure
        return False
    if m.unit == "hours" and abs(m.value) < 100 and m.value_max is None:
        return False  # "at least four hours", "4 घंटे": a per-person requirement, not hours learnt
    # "0" and "01": page counters and parts of dates (the pattern is asked only of a figure that starts with "0": a
    # call of `regex` is ~4,500 machine instructions)
    if m.has_digits and (m.value == 0 or m.text[:1] == "0" and _LEADING_ZERO.fullmatch(m.text)):
        return False
    if not m.has_digits and fold_key(m.text) in counted_nouns().vague:
        return False  # "Millions of personnel", "लाखों कर्मचारी"
    return m.has_digits or abs(m.value) >= 100 or m.value_max is not None


def extract_claims(doc: Document) -> list[Claim]:
    return list(iter_claims(doc))


def iter_claims(doc: Document) -> Iterator[Claim]:
    """The claims of `doc` one sentence at a time: a 20 MB article of half a million figures never holds them all
    (issue 14: 1.9 GB as one list)."""
    return _ClaimBuilder(doc).build()


class _ClaimBuilder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.ft = fold(self.text)
        self.mt = matching_text(self.ft.text)
        self.published = doc.meta.published
        self.language = doc.meta.language or _detect_language(doc)
        self.source_key = hashlib.sha1(self.text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        # one record for every claim of the article: they share it, as they share the article
        self.source = Source(path=doc.path, url=doc.meta.url, publisher=doc.meta.publisher, title=doc.meta.title)
        self._language_word_starts: list[int] | None = None  # found when a count first asks (`_refine_unit`)
        self._index_exclusions()

    # -- vocabulary hits, once per document ------------------------------------------------------------------
    def _hits(self, found: list, phrases: frozenset[str]) -> list[tuple[int, int, str]]:
        """`found`, the hits (start, end, key) of `phrases` in the matching text, with a phrase ending in a cut-off
        last word, in the original text's offsets, but those `_excluded`."""
        cut = cut_word_hits(self.mt, phrases)
        if cut:
            found = [h for h in found if h[1] <= cut[0].start] + [(h.start, h.end, h.key) for h in cut]
        return self._visible(self.ft.spans(found))

    def _visible(self, hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """The hits (a, b, key) that are not `_excluded`, of hits in text order that do not overlap (a vocabulary's
        hits, as `_hits` has them): their ends are in order too, so the hits an excluded span touches are a slice found
        by two bisections, and the visible ones are the slices between, with no step a hit (~210 hits and ~6 excluded
        spans a 12 KB bench article; a test of each hit by bisection cost more)."""
        out: list[tuple[int, int, str]] = []
        pos = _bisect_hits(hits, self.doc.body_start, 0, 0, False)  # the hits before are not visible, nor are those …
        for s, e in self._excluded_spans:
            lo = _bisect_hits(hits, s, 0, 1, True)  # … from the first that ends after an excluded span starts
            hi = _bisect_hits(hits, e, lo, 0, False)  # … to the first that starts where it ends
            if lo < hi:
                if lo > pos:
                    out += hits[pos:lo]
                if hi > pos:
                    pos = hi
        out += hits[pos:]
        return out

    def _collect(self) -> None:
        v = _vocabulary()
        vocabularies = _read_together()
        # the abbreviations ("UP", "J&K") are found as written, capitals only, in the same reading of the text
        # (`VocabularyFinder.spans_each`)
        parts, places, entities, counted, self.cue_hits, abbreviations = finders(
            vocabularies, (v.abbreviation_keys,)).spans_each(self.mt, self.ft.text)
        self.part_hits = [PartHit(a, b, k) for a, b, k in self._hits(parts, v.metric_parts)]
        place_hits = self._hits(places, v.scope_keys) + self._visible(self.ft.spans(abbreviations))
        place_hits.sort()
        self.primary = self._primary_state(place_hits)
        markers: list[Marker] = []
        last_state = None  # "the state", "राज्य में" refer back to the last state named, else the article's
        for a, b, k in place_hits:
            scope, strength = v.scopes[k]
            if scope == "<primary>":
                scope = last_state or self.primary or NATIONAL
            elif strength == 2 and scope != NATIONAL:
                last_state = scope
            markers.append(Marker(a, b, scope, strength))
        self.markers = markers
        self.entity_hits = [(a, b, v.entities[k]) for a, b, k in self._hits(entities, v.entity_keys)]
        nouns = counted_nouns()
        self.noun_hits = [PartHit(a, b, nouns.words[k]) for a, b, k in self._hits(counted, vocabularies[3])]

    def _excluded(self, a: int, b: int) -> bool:
        """`doc.is_excluded(a, b) is not None` or before the body: asked of every vocabulary hit and figure, so by
        bisection (the spans by start, with the furthest end reached so far) rather than a scan of the spans."""
        if a < self.doc.body_start:
            return True
        i = _bisect_left(self._excluded_starts, b, 0)  # the spans that start before b …
        return i > 0 and self._excluded_reach[i - 1] > a  # … and one of them ends after a

    def _index_exclusions(self) -> None:
        spans = sorted(self.doc.excluded, key=lambda e: e.start)
        self._excluded_starts = [e.start for e in spans]
        self._excluded_spans = [(e.start, e.end) for e in spans]
        self._excluded_reach = list(itertools.accumulate((e.end for e in spans), max))
        self._excluded_in_order = [(e.start, e.end) for e in self.doc.excluded]  # as `doc.is_excluded` walks them

    def _primary_state(self, place_hits) -> str | None:
        """The article's own state: state names count twice, cues once, the title again. A state is the article's
        only when it is named at least twice (or once and in the title) and no other state is named as often: a
        release that lists "Bihar, Rajasthan and Uttar Pradesh" once each, or names one state in passing, is
        about none of them."""
        v = _vocabulary()
        counts: Counter[str] = Counter()
        title_hits = []
        if self.doc.meta.title:
            title_hits = finder(v.scope_keys).find(matching_text(fold(self.doc.meta.title).text))
        for key in [k for _, _, k in place_hits] + [h.key for h in title_hits]:
            if key in v.state_weights:
                state, w = v.state_weights[key]
                counts[state] += w
        ranked = counts.most_common(2)
        if not ranked or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None
        if ranked[0][1] >= _PRIMARY_MIN_WEIGHT:
            return ranked[0][0]
        # the only state the article names, when it also speaks of "the state" or opens with it (a dateline:
        # "लखनऊ, 5 अक्टूबर")
        if len(counts) == 1:
            state = ranked[0][0]
            opening = self.doc.body_start + _DATELINE_CHARS
            refers = any(v.scopes[k][0] == "<primary>" for _, _, k in place_hits)
            if refers or any(a < opening and v.state_weights.get(k, ("",))[0] == state for a, _, k in place_hits):
                return state
        return None

    # -- per mention -------------------------------------------------------------------------------------------
    def build(self) -> Iterator[Claim]:
        mentions = parse_numbers(self.text)
        self._collect()
        visible = [m for m in mentions if not self._excluded(m.start, m.end)]
        self.times = time_expressions(self.text, visible, self.published, self.mt)
        self.event_date = next((t.value for t in self.times if t.value and t.weight >= 3), None)
        self.year_cues = [(m.start, m.end) for m in visible if m.kind == "year"]
        self.date_index = SpanIndex([m for m in visible if m.kind == "date"])
        candidates = [m for m in visible if claimable(m) and not self._name_or_date_part(m)]
        sentences = sentence_spans(self.text)
        by_start = SpanIndex(candidates)
        self.mention_index = SpanIndex([m for m in visible if m.kind == "number"])
        self._breaks: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
        # per sentence read: a figure's clause (key: figure and sentence) and the markers in a span (key: the span)
        self._per_sentence: dict[tuple, object] = {}
        self._clause_figure: NumberMention | None = None  # the figure `_clause` was last asked about, in which
        self._clause_sentence: tuple[int, int] = (0, 0)  # sentence, and its clause
        self._figure_clause: tuple[int, int] = (0, 0)
        self.part_index = SpanIndex(self.part_hits)
        self.marker_index = SpanIndex(self.markers)
        self.noun_index = SpanIndex(self.noun_hits)
        self.entity_index = SpanIndex(self.entity_hits, key=itemgetter(0, 1))
        self.time_index = SpanIndex(self.times)
        self.periods = PeriodReader(self.text, self.ft, self.cue_hits, self._excluded, SpanIndex)
        self.event_year_date = self._event_year_date(sentences)
        carry: str | None = None
        can_negate = self.periods.can_negate  # most articles have no cue that denies a figure: none is asked
        self.carried_event: str | None = None  # the event the last sentence with figures totalled
        self.carried_entity: str | None = None  # the organisation the last sentence with figures was about
        for idx, (sa, sb) in enumerate(sentences):
            if self._fully_excluded(sa, sb):
                continue
            in_sentence = by_start.starting_in(sa, sb)
            self._per_sentence.clear()  # asked for only while the sentence is read
            claims: list[Claim] = []
            for m in in_sentence:
                self._refine_unit(m, sb)
            listed: dict = {}  # counted class → (reading from a phrase, end of the list's last figure so far)
            for i, m in enumerate(in_sentence):
                if can_negate and self.periods.negated(m):
                    continue
                reading = self._metric(m, in_sentence, sa, sb, i, listed)
                if reading.metric == _NOT_A_CLAIM:
                    continue
                scope = self._scope(m, reading.metric, sa, sb, carry, sentences, idx)
                claims.append(self._claim(m, reading, scope, sa, sb))
            carry = self._carry(sa, sb, carry)
            if claims:
                self.carried_event = next((c.event for c in claims if c.period == "event"), None)
                self.carried_entity = claims[-1].entity
                yield from claims

    def _name_or_date_part(self, m: NumberMention) -> bool:
        """"NSCSTI 2.0", "Mission Karmayogi 2.0", "Q. 451", "October 19 to 27": names, codes and the end of a date
        range are no statistics."""
        figure = m.text
        # a qualifier is no name ("Around 10.5 government servants"): a version number is never "about"; three or
        # four characters with a stop, or `_VERSION` cannot match (a regex call is ~3,000 machine instructions)
        if "." in figure and len(figure) <= 4 and _VERSION.fullmatch(figure) and m.qualifier == "exact" \
                and _NAME_BEFORE.search(self.text[max(0, m.start - _CODE_REACH):m.start]):
            return True
        code = _code_before(self.text, max(0, m.start - _CODE_REACH), m.start)  # what `_CODE_BEFORE` matches there
        if code is not None and (not code or _identifier(code)):
            return True
        return self._ends_a_date_range(m)

    def _ends_a_date_range(self, m: NumberMention) -> bool:
        """"October 19 to 27": a day right after a date and a range word of the lexicons ("to", "से") or a dash."""
        if m.value_max is not None or not m.has_digits or not 1 <= m.value <= 31:
            return False
        dates = self.date_index.within(max(0, m.start - 40), m.start)
        if not dates:
            return False
        between = folded_key(fold(self.text[dates[-1].end:m.start]).text).strip(" -–")
        return between == "" or between in number_lexicon().range_words

    def _carry(self, sa: int, sb: int, carry: str | None) -> str | None:
        """The scope a sentence hands on to the next: the one place it names strongly; a list of places hands on
        nothing (the next sentence is not about the last state of "Bihar, Rajasthan and Uttar Pradesh")."""
        markers = self._markers_in(sa, sb)
        if not markers:  # most sentences name no place: the running scope goes on
            return carry
        named = {k.scope for k in markers if k.strength == 2}
        if len(named) == 1:
            return named.pop()
        if named:
            return None
        return markers[-1].scope if markers else carry  # a weak cue ("केंद्र सरकार", a capital) still hands on
    def _fully_excluded(self, a: int, b: int) -> bool:
        """The span `doc.is_excluded(a, b)` finds (the first in the document's order that overlaps [a, b)) holds all
        of [a, b). Read here from the spans' offsets, not by that interpreted method, which each of ~60 sentences an
        article asked (with the markers read from their structs in `_scope`: 17.30 → 17.12 M machine instructions a
        12 KB bench article for `extract_claims`; tests/test_claims_records_fast.py compares)."""
        i = _bisect_left(self._excluded_starts, b, 0)  # as `_excluded`: the spans that start before b …
        if i == 0 or self._excluded_reach[i - 1] <= a:
            return False  # … none of which ends after a: no span overlaps (most sentences), no walk
        for start, end in self._excluded_in_order:
            if a < end and b > start:
                return start <= a and end >= b
        return False

    def _refine_unit(self, m: NumberMention, limit: int) -> None:
        """"15 अन्य क्षेत्रीय भाषाओं": a count of languages, a few words after the number."""
        if m.unit != "count":
            return
        end = min(limit, m.end + _LOOKAHEAD_CHARS)
        starts = self._language_word_starts
        if starts is None:
            starts = self._language_word_starts = self._find_language_words()
        i = _bisect_left(starts, m.end, 0)
        if i == len(starts) or starts[i] >= end:
            return  # no word for languages starts in the look-ahead: the usual case, without folding it
        lex = number_lexicon()
        # a bounded look-ahead: folding the rest of a sentence per mention was quadratic in a line of 2,000 figures
        ahead = self.ft.folded(m.end, end)
        lowered = ahead.lower()
        if not any(w in lowered for w in _language_unit_words()):
            return  # none wholly ahead (cut off by the limit, or written with a chandrabindu)
        words = _WORD_OR_DIGITS.finditer(ahead)
        for w in itertools.islice(words, _LANGUAGE_UNIT_LOOKAHEAD):
            w = w.group()
            if w.isdigit():
                return
            if lex.units.get(w.lower()) == "languages":
                m.unit = "languages"
                return

    def _find_language_words(self) -> list[int]:
        """Where in the text (original offsets, in order) a word for languages may start: wherever the matching text
        holds one. Every word `_refine_unit` finds in its lower-cased look-ahead stands there too (the matching text
        is the folded text lower-cased, chandrabindu read as anusvara, so the words are looked for as it reads them),
        so a look-ahead in which none starts holds none. Folding and lower-casing 200 characters for every count
        (when one or two an article name languages) took 0.52 M machine instructions more a 12 KB bench article
        (31.97 → 31.45 M for `extract_claims`)."""
        found = set()
        mt, origin = self.mt, self.ft.origin
        for word in _language_unit_keys():
            at = mt.find(word)
            while at >= 0:
                found.add(origin[at])
                at = mt.find(word, at + 1)
        return sorted(found)

    def _clause(self, m: NumberMention, sa: int, sb: int) -> tuple[int, int]:
        """The clause around `m`: from the last clause break ending before it to the first starting after it.
        Kept per figure: its metric, scope, entity, date and period each ask."""
        if m is self._clause_figure and (sa, sb) == self._clause_sentence:  # the figure being read, asked again
            return self._figure_clause
        key = (m.start, m.end, sa, sb)
        clause = self._per_sentence.get(key)
        if clause is None:
            clause = self._per_sentence[key] = self._find_clause(m, sa, sb)
        self._clause_figure, self._clause_sentence, self._figure_clause = m, (sa, sb), clause
        return clause

    def _find_clause(self, m: NumberMention, sa: int, sb: int) -> tuple[int, int]:
        breaks = self._breaks.get((sa, sb))
        if breaks is None:  # once per sentence, then bisection per mention
            found = _clause_breaks(self.text, sa, sb)
            breaks = self._breaks[(sa, sb)] = ([x[0] for x in found], [x[1] for x in found])
        starts, ends = breaks
        i = _bisect_right(ends, m.start)  # breaks are in order and do not overlap: ends ascend too
        a = ends[i - 1] if i else sa
        j = _bisect_left(starts, m.end, 0)
        b = starts[j] if j < len(starts) else sb
        return a, b

    def _neighbours(self, m: NumberMention, in_sentence: list[NumberMention], index: int):
        """Start of the nearest other figure after `m` and end of the nearest before it (None when none). Counts of
        languages do not count ("540 से अधिक पाठ्यक्रम 15 अन्य क्षेत्रीय भाषाओं में" are courses in regional languages),
        nor does the same value restated in brackets ("1.45 crore (14.5 million) users").
        Mentions come in text order, so the nearest are found walking out from `m`, not by scanning them all."""
        next_start = prev_end = None
        for k in range(index + 1, len(in_sentence)):
            o = in_sentence[k]
            # the value's test before the pattern's: most figures after another restate nothing
            if o.start >= m.end and o.unit != "languages" and not (
                    o.start > m.end and abs(o.value - m.value) <= 0.01 * abs(m.value)
                    and _BRACKET_BETWEEN.fullmatch(self.text, m.end, o.start)):
                next_start = o.start
                break
        for k in range(index - 1, -1, -1):
            o = in_sentence[k]
            if o.end <= m.start and o.unit != "languages":  # a figure before `m` restates none after it
                prev_end = o.end
                break
        return next_start, prev_end

    def _counted_class(self, m: NumberMention, in_sentence: list[NumberMention], index: int,
                       clause_end: int) -> PartHit | None:
        """The noun the figure counts (its `key` is the noun's class): the first counted noun within a few words after it, before the
        next figure and the end of its clause ("37,000 Group A officers" → people, "36 States/UTs" → states)."""
        limit = clause_end
        if index + 1 < len(in_sentence):
            limit = min(limit, in_sentence[index + 1].start)
        hits = self.noun_index.starting_in(m.end, limit)
        if not hits:
            return None
        noun = hits[0]
        if not self.text[m.end:noun.start].strip():  # "37,000 officers": no word between, so no figure either
            return noun
        words, stopped = _gap_words(self.text[m.end:noun.start])
        if words > counted_nouns().lookahead or stopped:
            return None
        if self.mention_index.within(m.end, noun.start):  # "23,800 dedicating four or more hours": four's hours
            return None
        return noun

    def _inhabitants(self, m: NumberMention) -> bool:
        """"India's 1.4 billion people": a count of people right after a country's possessive is its population."""
        a = max(0, m.start - 24)
        folded = self.ft.folded(a, m.start)  # most windows hold none of the anchors: no `regex` call (see there)
        for anchor in _population_anchors():
            if anchor in folded:
                break
        else:
            return False
        found = _POSSESSIVE_WORDS.findall(self.text, a, m.start)
        if not found:
            return False
        before = counted_nouns().population_before
        last = fold_key(found[-1]).replace("’", "'")  # the last word, then the last two, are looked up
        return last in before or len(found) > 1 and fold_key(found[-2]).replace("’", "'") + " " + last in before

    def _metric(self, m: NumberMention, in_sentence: list[NumberMention], sa: int, sb: int,
                index: int, listed: dict) -> "MetricReading":
        ca, cb = self._clause(m, sa, sb)
        allowed = _metrics_of_unit(m.unit)
        noun_hit = self._counted_class(m, in_sentence, index, cb) if m.unit != "percent" else None
        noun = noun_hit.key if noun_hit else None
        if noun in counted_nouns().not_claims or (noun == "people" and self._inhabitants(m)):
            return MetricReading(_NOT_A_CLAIM, None, 0.9, noun)
        if noun is not None:
            allowed = _metrics_of_unit(m.unit, noun)
        if not allowed:
            return MetricReading("other", None, 0.9 if noun else 0.7, noun)
        nouns = counted_nouns()
        generic = noun_hit is not None and noun not in nouns.naming and \
            fold_key(self.text[noun_hit.start:noun_hit.end]) not in nouns.metric_nouns
        # the counted noun with its modifiers ("182 civil service training institutes"): a phrase inside it is no verb
        found = self._phrase_reading(m, in_sentence, sa, sb, index, allowed, (ca, cb), noun,
                                     (m.end, noun_hit.end) if generic else None)
        if found:
            confidence = found.confidence
            if generic and fold_key(found.text or "") == fold_key(self.text[noun_hit.start:noun_hit.end]):
                confidence = min(confidence, 0.75)  # "14 training institutes", "105 … courses": a noun, no verb
                if len(_WORDS.findall(self.text, m.end, noun_hit.start)) >= _SUBSET_MODIFIERS:
                    # "105 Artificial Intelligence and Emerging Technologies courses": a kind of course, as often
                    # a part of the metric as all of it
                    confidence = min(confidence, 0.65)
            found = MetricReading(found.metric, found.text, confidence, noun)
            if noun:
                listed[noun] = (found, m.end)
            return found
        if len(allowed) == 1 and (noun in counted_nouns().naming or m.unit == "inr"):  # "3.8 crore hours", "Rs 110 crore"
            return MetricReading(allowed[0].id, None, 0.85, noun)
        if noun in listed and len(_WORDS.findall(self.text, listed[noun][1], m.start)) <= _LIST_GAP_WORDS:
            # "30 lakh civil servants in the centre, 2.2 crore personnel in the states …": one verb for a list
            first = listed[noun][0]
            listed[noun] = (first, m.end)
            return MetricReading(first.metric, first.text, 0.7, noun)
        return MetricReading("other", None, 0.75 if noun else 0.6, noun)

    def _phrase_reading(self, m: NumberMention, in_sentence: list[NumberMention], sa: int, sb: int, index: int,
                        allowed: _Metrics, clause: tuple[int, int], counted: str | None,
                        noun: tuple[int, int] | None = None):
        # every window below lies inside the sentence: its metric words are fetched once, for all its figures, and
        # a window's are those of them it holds (most windows hold none or one)
        parts = self._in_sentence(self.part_index, sa, sb)
        if not parts:
            return None
        ca, cb = clause
        # the same value restated in brackets ("1.45 crore (14.5 million) registered users") does not
        # cut the figure off from its words, and neither does a count of languages
        next_start, prev_end = self._neighbours(m, in_sentence, index)
        after_end = min(next_start if next_start is not None else cb, cb)
        before_start = max(prev_end if prev_end is not None else ca, ca)
        # the figure's own stretch of the clause, in order: a phrase around it ("completed 7.2 crore courses"),
        # the words after it (Hindi puts the noun after the number: "14.5 करोड़ से अधिक यूजर्स"), the words before
        # it (a label: "पंजीकृत उपयोगकर्ता: 1.45 करोड़"); then the whole clause; then the rest of the sentence up to
        # the next figure, and — for figures that do not count people — the sentence before the figure (people are
        # counted by the verb that follows them: "3,900 अधिकारी, … कर्मचारी एवं शिक्षक … पंजीकृत हो चुके हैं")
        people = counted == "people"
        label = self._label_before(m, sa, sb, ca) if not people else None
        start, end = m.start, m.end
        # the windows in order, each read by `_read_window` (a chain, not a list of windows: no tuples a figure)
        found = self._read_window(parts, before_start, after_end, m, "around", 0.95, allowed, noun) \
            or self._read_window(parts, end, after_end, m, "after", 0.95, allowed, noun) \
            or self._read_window(parts, before_start, start, m, "before", 0.9, allowed, noun) \
            or self._read_window(parts, ca, cb, m, "clause", 0.8, allowed, noun) \
            or label is not None and self._read_window(parts, label[0], label[1], m, "before", 0.9, allowed, noun) \
            or self._read_window(parts, end, next_start if next_start is not None else sb, m, "after", 0.6,
                                 allowed, noun) \
            or not people and self._read_window(parts, prev_end if prev_end is not None else sa, start, m,
                                                "before", 0.55, allowed, noun)
        if found:  # "ऐप डाउनलोड: 50 लाख से अधिक": a label and its figure (the fifth window)
            return found
        # the clause before, when no colon made it a label ("पंजीकृत उपयोगकर्ता - 1.45 करोड़"); never for people
        if ca > sa and not people and label is None:
            pa, _ = self._clause(NumberMention(0, ca - 1, ca - 1, ""), sa, sb)
            found = self._best_phrase(allowed, (pa, ca), m, "before")
            if found:
                return MetricReading(found[1], found[2], 0.7, None)
        return None

    def _read_window(self, parts: list[PartHit], a: int, b: int, m: NumberMention, direction: str,
                     confidence: float, allowed: _Metrics, noun: tuple[int, int] | None):
        """The reading of the best metric phrase of the window [a, b) (`_best_of`) of the sentence's metric words
        `parts`, with the window's `confidence`; None when it holds none."""
        if b <= a:
            return None
        hits = []
        for h in parts:  # a loop, not a comprehension: `h` is typed (build.pxd), its offsets read from its struct
            if h.start >= a and h.end <= b:
                hits.append(h)
        if not hits:
            return None
        found = self._best_of(allowed, hits, m, direction, noun)
        return MetricReading(found[1], found[2], confidence, None) if found else None

    def _label_before(self, m: NumberMention, sa: int, sb: int, ca: int) -> tuple[int, int] | None:
        """The clause before a colon that stands right before the figure ("Registered users: 1.45 crore")."""
        if ca <= sa or self.text[ca - 1] != ":" or self.text[ca:m.start].strip():
            return None
        pa, _ = self._clause(NumberMention(0, ca - 1, ca - 1, ""), sa, sb)
        return pa, ca - 1

    def _best_phrase(self, allowed: _Metrics, window: tuple[int, int], m: NumberMention, direction: str,
                     noun: tuple[int, int] | None = None):
        """The best metric phrase in `window` (see `_best_of`), or None."""
        a, b = window
        if b <= a:
            return None
        hits = self.part_index.within(a, b)
        return self._best_of(allowed, hits, m, direction, noun) if hits else None

    def _best_of(self, allowed: _Metrics, hits: list[PartHit], m: NumberMention, direction: str,
                 noun: tuple[int, int] | None):
        """The best metric phrase of the metric words `hits` of a window: one that reaches beyond the counted noun
        `noun` before one that is only that noun ("182 civil service training institutes have been accredited": the
        verb decides between a class's metrics), then the most words, the nearest, after before before."""
        if direction == "around":  # loops, not generators: this is asked ~110 times an article
            for h in hits:
                if h.end <= m.start:
                    break
            else:
                return None  # no phrase can start before the figure and end after it (most "around" windows)
            for h in hits:
                if h.start >= m.end:
                    break
            else:
                return None
        best = None
        keys = []
        for h in hits:  # a loop, not a map of `attrgetter("key")`: `h` typed (build.pxd), read from its struct
            keys.append(h.key)
        for metric_id, phrase, words in _candidate_phrases(frozenset(keys), allowed.ids):
            span = _match_in_order(phrase, hits)
            if span is None:
                continue
            first, last = span
            if direction == "around":
                if not (first.end <= m.start and last.start >= m.end):
                    continue  # one-sided matches are scored by the other windows
                dist = 0
            else:
                dist = first.start - m.end if direction == "after" else m.start - last.end
            beyond = noun is None or first.start < noun[0] or last.end > noun[1]
            score = (beyond, words, -abs(dist), direction == "after")
            if best is None or score > best[0]:
                quote = self.text[first.start:first.end] if first is last else \
                    f"{self.text[first.start:first.end]} … {self.text[last.start:last.end]}"
                best = (score, metric_id, quote)
        return best

    def _markers_in(self, a: int, b: int) -> list[Marker]:
        """The markers inside [a, b), asked for a sentence by each of its figures: kept while the sentence is read."""
        found = self._per_sentence.get((a, b))
        if found is None:
            found = self._per_sentence[(a, b)] = self.marker_index.within(a, b)
        return found

    @staticmethod
    def _nearest(markers: list[Marker], m: NumberMention) -> Marker | None:
        before = [k for k in markers if k.end <= m.start]
        if before:
            return before[-1]
        after = [k for k in markers if k.start >= m.end]
        return after[0] if after else None

    def _scope(self, m: NumberMention, metric: str, sa: int, sb: int, carry: str | None, sentences,
               idx: int) -> tuple[str, float]:
        """The figure's state (or India) and how sure: its own clause first, then its sentence, the metric's own
        scope, the sentence before, and only then the article's state."""
        in_sentence = self._markers_in(sa, sb)
        if not in_sentence:  # four figures in ten: a sentence that names no place, so no marker to weigh
            if metric.startswith("share_of_national"):
                return self.primary or carry or NATIONAL, 0.8
            if _national_metric(metric):
                return NATIONAL, 0.9
            return self._scope_beyond_sentence(sa, sb, carry, sentences, idx)
        if metric.startswith("share_of_national"):
            # "… जो देश भर में कुल पंजीकरण का 93% है": the share belongs to the part, not the nation
            parts = [k for k in in_sentence if k.strength == 2 and k.scope != NATIONAL]
            pick = self._nearest(parts, m)
            return (pick.scope, 0.9) if pick else (self.primary or carry or NATIONAL, 0.8)
        # the nearest marker is the last one ending before the figure, else the first starting after it
        # (`_nearest`), found in one walk over the sentence's markers rather than a list made for each question:
        # five lists a figure were a third of its scope
        ca, cb = self._clause(m, sa, sb)
        start, end = m.start, m.end
        clause_before = clause_after = None  # strong markers of the figure's clause
        national_in_clause = False
        for k in in_sentence:
            if k.start >= ca and k.end <= cb:
                if k.strength == 2:
                    if k.end <= start:
                        clause_before = k
                    elif clause_after is None and k.start >= end:
                        clause_after = k
                elif k.strength == _CLAUSENATIONAL:
                    national_in_clause = True
        pick = clause_before or clause_after
        if pick:
            return pick.scope, 0.95
        if national_in_clause:  # "in the central government", "nationwide"
            return NATIONAL, 0.95
        # a state elsewhere in the sentence; a national marker there ("Nationwide, the platform has …"), but not one
        # after the figure in an article about a state ("72 lakh+ courses completed, accounting for 99% of
        # nationwide completions": the nation is the share's whole)
        primary = self.primary
        strong_before = strong_after = any_before = any_after = None
        for k in in_sentence:
            if primary and k.scope == NATIONAL and k.strength == 2 and k.start >= end:
                continue
            if k.end <= start:
                any_before = k
                if k.strength == 2:
                    strong_before = k
            elif k.start >= end:
                if any_after is None:
                    any_after = k
                if strong_after is None and k.strength == 2:
                    strong_after = k
        pick = strong_before or strong_after
        if pick:
            return pick.scope, 0.85
        if _national_metric(metric):
            return NATIONAL, 0.9
        pick = any_before or any_after
        if pick:
            return pick.scope, 0.85
        return self._scope_beyond_sentence(sa, sb, carry, sentences, idx)

    def _scope_beyond_sentence(self, sa: int, sb: int, carry: str | None, sentences, idx: int) -> tuple[str, float]:
        """The scope of a figure whose sentence has no marker to give it: the next sentence's, the running one, the
        article's."""
        # a heading with no marker speaks of what the next sentence names ("18 लाख से अधिक कर्मियों ने कराया पंजीकरण");
        # an item of a list ("- 10 lakh+ users …", "• …") is no heading: it goes on from the line that opened the list
        if idx + 1 < len(sentences) and not _ends_a_sentence(self.text, sa, sb) \
                and not _LIST_ITEM_OPENS.match(self.text, sa):
            na, nb = sentences[idx + 1]
            nxt = [k for k in self._markers_in(na, nb) if k.strength == 2]
            if nxt:
                return nxt[0].scope, 0.85
        if carry:
            return carry, 0.85
        return (self.primary, 0.8) if self.primary else (NATIONAL, 0.85)

    def _in_sentence(self, index: SpanIndex, sa: int, sb: int) -> list:
        """`index.within(sa, sb)`, kept while the sentence is read: each of its figures asks, and what lies in a
        figure's clause is the part of it that lies there too (a clause never reaches beyond its sentence). A figure's
        date and entity read so, with no clause to find in a sentence that names neither (most), took 0.64 M machine
        instructions less a 12 KB bench article (33.84 → 33.20 M for `extract_claims`; tests/test_claims_fast.py
        keeps the old ways and compares)."""
        key = (index, sa, sb)
        found = self._per_sentence.get(key)
        if found is None:
            found = self._per_sentence[key] = index.within(sa, sb)
        return found

    def _entity(self, m: NumberMention, sa: int, sb: int) -> str | None:
        in_sentence = self._in_sentence(self.entity_index, sa, sb)  # most sentences name none: no clause to read
        if in_sentence:
            ca, cb = self._clause(m, sa, sb)
            own = [h for h in in_sentence if h[0] >= ca and h[1] <= cb]
            if own:
                return min(own, key=lambda h: min(abs(h[1] - m.start), abs(h[0] - m.end)))[2]
            # else one named before the figure in its sentence ("पुलिस विभाग ने बताया कि … 57006 ने …"); never one
            # named after it in another clause ("१८.८ लाख कर्मी iGOT पर, ढाई लाख पुलिसकर्मियों को …": the 18.8 lakh
            # are the state's)
            before = [h for h in in_sentence if h[1] <= m.start]
            if before:
                return before[-1][2]
        # a report about one department goes on about it ("… समाज कल्याण विभाग के 3,900 अधिकारी … । आंकड़ों के अनुसार,
        # 2,759 कर्मचारियों ने …"), unless the sentence names a place or the nation
        if self.carried_entity:
            for k in self._markers_in(sa, sb):
                if k.strength >= 2:
                    return None
            return self.carried_entity
        return None

    def _event_year_date(self, sentences: list[tuple[int, int]]) -> str | None:
        """The article's first full date in a sentence that names an event ("Karmayogi Saptah … 19 October to 14
        November 2024"): what dates an event's figures when their own sentence names no year. The article's first
        date overall can be background ("the mission began on 2 September 2020") and must not name the event's year."""
        events = sorted(s for s, _ in self.periods.events)
        if not events:
            return None
        sentence_starts = [sa for sa, _ in sentences]
        for t in self.times:  # bisection, not a scan of every sentence: a huge article has many of both
            if not t.value or t.weight < 3:
                continue
            i = bisect.bisect_right(sentence_starts, t.start) - 1
            if i < 0 or t.start >= sentences[i][1]:
                continue
            sa, sb = sentences[i]
            j = bisect.bisect_left(events, sa)
            if j < len(events) and events[j] < sb:
                return t.value
        return None

    def _as_of_in_sentence(self, m: NumberMention, sa: int, sb: int) -> str | None:
        in_sentence = self._in_sentence(self.time_index, sa, sb)
        if not in_sentence:  # most sentences name no time: neither the clause nor the sentence dates the figure
            return None
        ca, cb = self._clause(m, sa, sb)
        # a bare year counts only inside the figure's own clause ("…, जो 2025 में … 93% है" dates the 93%, not
        # the figure before the comma); dates and months count anywhere in the sentence (every time of
        # `in_sentence` lies in it). The nearest of each, the first of the heaviest and closest (as the specification in
        # tests/test_claims_fast.py picks it), found in one walk rather than from a list made for each
        start, end = m.start, m.end
        in_clause = in_clause_key = elsewhere = elsewhere_key = None
        for t in in_sentence:
            if not t.value or t.start <= start < t.end:
                continue
            key = (-t.weight, min(abs(t.start - end), abs(start - t.end)))
            if t.weight >= 1 and t.start >= ca and t.end <= cb and (in_clause is None or key < in_clause_key):
                in_clause, in_clause_key = t, key
            if t.weight >= 2 and (elsewhere is None or key < elsewhere_key):
                elsewhere, elsewhere_key = t, key
        if in_clause is not None:
            return in_clause.value
        return elsewhere.value if elsewhere is not None else None

    def _claim(self, m: NumberMention, reading: "MetricReading", scope: tuple[str, float], sa: int,
               sb: int) -> Claim:
        own_date = self._as_of_in_sentence(m, sa, sb)
        as_of = own_date or self.event_date or self.published
        period = self.periods.read(m, self._clause(m, sa, sb), (sa, sb), self.year_cues,
                                   own_date or self.event_year_date or self.published, self.carried_event)
        if period.period == "target" and reading.counted == "people" and reading.metric in _PEOPLE_NOT_YET:
            # "four lakh employees will be onboarded", "to cover 46 lakh central employees": people a programme is
            # to reach, not people it has reached
            reading = MetricReading(_PEOPLE_TO_REACH, reading.text, min(reading.confidence, 0.8), "people")
        spec = metrics().get(reading.metric)
        if spec is not None and period.period == "event" and spec.scope == "national" and spec.cumulative:
            period = PeriodReading("cumulative", None, 0.8)  # the platform's courses, named at an event, are its stock
        elif spec is not None and spec.period and period.period == "cumulative":
            # an outlay is money to be spent, letters are handed over at a Rozgar Mela: the metric's own period
            period = PeriodReading(spec.period, self.periods.nearest_event(m) if spec.period == "event" else None, 0.75)
        if reading.metric == "other" and period.period == "cumulative" and period.confidence > _OTHER_DEFAULT_PERIOD:
            # a running total is the default reading of a metric's figure (97% right on the real-news set) but less
            # so of a count outside the metrics — batches, jobs, fees — which are as often plans or events (83%)
            period = PeriodReading("cumulative", None, _OTHER_DEFAULT_PERIOD)
        state, scope_confidence = scope
        # every field in field order, each of its final type (tests/test_claims_fast.py revalidates them): made as
        # given, without validating what is valid by construction (`record_as_given`, records/made.py: compiled,
        # where `Claim.as_given` and `Claim.make_id` run as Python: 18.35 → 17.85 M machine instructions a 12 KB bench
        # article for `extract_claims`; tests/test_claims_records_fast.py compares)
        metric = reading.metric
        start, end, value = m.start, m.end, m.value
        evidence = record_as_given(Evidence, {"quote": m.text, "start": start, "end": end,
                                              "sentence": evidence_sentence(self.text, sa, sb, start, end)},
                                   _EVIDENCE_FIELDS.copy())
        return record_as_given(Claim, {
            "id": claim_id(self.source_key, start, end, value, metric),
            "metric": metric,
            "metric_text": reading.text,
            "value": value,
            "value_max": m.value_max,
            "qualifier": m.qualifier,
            "unit": m.unit,
            "state": state,
            "entity": self._entity(m, sa, sb),
            "period": period.period,
            "event": period.event,
            "confidence": _two_places(min(reading.confidence, scope_confidence, period.confidence)),
            "as_of": as_of,
            "published": self.published,
            "language": self.language,
            "source": self.source,
            "evidence": evidence,
        }, _CLAIM_FIELDS.copy())  # every field given; each record its own set


_CLAIM_FIELDS = set(Claim.model_fields)
_EVIDENCE_FIELDS = set(Evidence.model_fields)


_rounded: dict[float, float] = {}  # confidence → rounded to two places: the few values of claims come again and again
_ROUNDED_KEPT = 4096  # at most this many kept, so that a long batch's memory cannot grow with odd values


def _two_places(confidence: float) -> float:
    """`round(confidence, 2)`, kept: rounding a float to places writes its digits (~2,500 machine instructions)."""
    rounded = _rounded.get(confidence)
    if rounded is None:
        rounded = round(confidence, 2)
        if len(_rounded) < _ROUNDED_KEPT:
            _rounded[confidence] = rounded
    return rounded


# made as `Marker` is (see there)
class MetricReading:
    """What a figure counts: its metric, the words that said so, how sure."""

    __slots__ = ('metric', 'text', 'confidence', 'counted')

    def __init__(self, metric, text, confidence, counted):
        self.metric = metric
        self.text = text  # the words that gave the metric
        self.confidence = confidence  # how close those words stand to the figure (README: "How sure a claim is")
        self.counted = counted  # the class of the counted noun, when one was found

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.metric, self.text, self.confidence, self.counted) == \
            (other.metric, other.text, other.confidence, other.counted)

    def __hash__(self):
        return hash((self.metric, self.text, self.confidence, self.counted))

    def __repr__(self):
        return (f"MetricReading(metric={self.metric!r}, text={self.text!r}, confidence={self.confidence!r}, "
                f"counted={self.counted!r})")


@lru_cache(maxsize=1 << 14)
def _candidate_phrases(present: frozenset[str],
                       allowed_ids: frozenset[str]) -> tuple[tuple[str, tuple[str, ...], int], ...]:
    """The (metric, phrase) pairs, in order, whose parts are all `present` and whose metric is allowed, each with the
    phrase's number of words (what `_best_phrase` scores). Cached: the windows around an article's figures hold the
    same few parts again and again."""
    index = _phrase_index()
    pairs = sorted({(metric_id, phrase) for key in present for metric_id, phrase in index.get(key, ())
                    if metric_id in allowed_ids and all(p in present for p in phrase)})
    return tuple((metric_id, phrase, sum(len(p.split()) for p in phrase)) for metric_id, phrase in pairs)


@lru_cache(maxsize=1)
def _phrase_index() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Metric phrase part → the (metric, phrase) pairs it belongs to, so a window only scores phrases it can hold."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for metric in metrics().values():
        for phrase in metric.phrases:
            for part in set(phrase):
                index.setdefault(part, []).append((metric.id, phrase))
    return index


@dataclass(frozen=True)
class _Vocabulary:
    """The vocabularies as the finders need them, built once per process."""

    metric_parts: frozenset[str]
    scopes: dict[str, tuple[str, int]]  # phrase → (scope, strength); "<primary>" = the article's own state
    scope_keys: frozenset[str]
    abbreviation_keys: frozenset[str]
    state_weights: dict[str, tuple[str, int]]  # phrase → (state, weight) for finding the article's own state
    entities: dict[str, str]
    entity_keys: frozenset[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """Later entries win a clash: a state's own name beats a cue, a strong national marker beats a weak one."""
    pl = places()
    scopes: dict[str, tuple[str, int]] = {}
    scopes.update({k: (state, 1) for k, state in pl.state_cues.items()})
    scopes.update({k: (NATIONAL, 1) for k in pl.national_weak})
    scopes.update({k: (NATIONAL, _CLAUSENATIONAL) for k in national_in_clause()})
    scopes.update({k: ("<primary>", 2) for k in pl.anaphora | pl.department})
    scopes.update({k: (NATIONAL, 2) for k in pl.national_strong})
    scopes.update({k: (state, 2) for k, state in pl.state_names.items()})
    scopes.update({k: (state, 2) for k, state in pl.abbreviations.items()})
    weights = {**{k: (s, 1) for k, s in pl.state_cues.items()}, **{k: (s, 2) for k, s in pl.state_names.items()},
               **{k: (s, 2) for k, s in pl.abbreviations.items()}}
    ents = dict(entity_vocabulary())
    return _Vocabulary(
        metric_parts=frozenset(p for m in metrics().values() for phrase in m.phrases for p in phrase),
        scopes=scopes, scope_keys=frozenset(scopes),
        abbreviation_keys=frozenset(pl.abbreviations),
        state_weights=weights, entities=ents, entity_keys=frozenset(ents))


@lru_cache(maxsize=1)
def _read_together() -> tuple[frozenset[str], ...]:
    """The vocabularies read in one pass over an article's matching text, in the order `_collect` unpacks them:
    metric phrase parts, places, entities, counted nouns, period cues."""
    v = _vocabulary()
    return v.metric_parts, v.scope_keys, v.entity_keys, frozenset(counted_nouns().words), cue_phrases()


# A clause break is punctuation, " - ", or a word of lang/clauses.toml that opens a clause. One `regex` pattern of
# the three tried all three at every character of a sentence: 2.0 M machine instructions an article, for ~3,000
# characters. The marks are now found by str methods: an `in` test of each mark (~480 machine instructions on a
# sentence) and `find` for the ones it holds, where a `re` finditer over the sentence was ~12,000 (half the
# sentences with figures hold no mark at all); " - " by the stdlib `re`, only in a sentence with a "-"; the words
# only in a sentence that holds the first two letters of one of them, looked for only when it holds a first letter
# (most English sentences hold no "wh"; a Hindi one holds "ज" but seldom "जब" or "जि"). The three sets of matches
# never overlap (marks, spaces around a "-", letters), so their union in order is what the one pattern found
# (tests/test_claims_fast.py, tests/test_claims_clause_fast.py). 27,000 → 19,400 machine instructions a sentence
# with figures, 30 of them an article: 26.16 → 25.87 M for `extract_claims`.
# regex's \s spelled out for `re`, whose own \s also takes \x1c-\x1f:
_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_BREAK_MARKS = ",;:()[]|–—"  # one character each
_BREAK_MARK_CHARS = tuple(_BREAK_MARKS)  # iterated as a tuple: a str makes a new "–" and "—" at each step
_SPACED_DASH = re.compile(rf"[{_SPACE}]-[{_SPACE}]")


def _clause_breaks(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """(start, end) of every clause break in text[a:b], in order."""
    piece = text[a:b]
    found = []
    kinds = 0  # of break found: one kind comes in order already
    for mark in _BREAK_MARK_CHARS:
        if mark in piece:
            kinds += 1
            at = piece.find(mark)
            while at >= 0:
                found.append((a + at, a + at + 1))
                at = piece.find(mark, at + 1)
    if "-" in piece:
        dashes = [x.span() for x in _SPACED_DASH.finditer(text, a, b)]
        if dashes:
            found += dashes
            kinds += 1
    if kinds > 1:
        found.sort()
    pattern, openings = _clause_word_break()
    if _holds_any(piece, _clause_word_firsts()) and _holds_any(piece, openings):
        words = [x.span() for x in pattern.finditer(text, a, b)]
        if words:
            found = sorted(found + words)
    return found


def _holds_any(piece: str, parts) -> bool:
    """Whether `piece` holds any of `parts`: a loop, not `any` over a generator expression (a generator was made for
    each of ~50 questions an article; with the break marks iterated as a tuple, 17.12 → 17.00 M machine instructions
    a 12 KB bench article for `extract_claims`)."""
    for part in parts:
        if part in piece:
            return True
    return False

# `_SENTENCE_END` and `_LIST_ITEM` read with str methods and the stdlib `re`: a call of the `regex` module costs ~4,500
# machine instructions before it reads a character, and a figure whose sentence names no place asked both
_WHITE_SPACE = frozenset(regex.findall(rf"[{_SPACE}]", "".join(map(chr, range(0x3001)))))  # all of regex's \s
_LIST_ITEM_OPENS = re.compile(rf"[{_SPACE}]*(?:[-–—•*▪●◦]|[0-9]{{1,2}}[.)])[{_SPACE}]")  # `_LIST_ITEM`


def _ends_a_sentence(text: str, a: int, b: int) -> bool:
    """`_SENTENCE_END.search(text[a:b])`: the last character of text[a:b] that is no space ends a sentence."""
    while b > a and text[b - 1] in _WHITE_SPACE:
        b -= 1
    return b > a and text[b - 1] in ".?!।॥:"


@lru_cache(maxsize=1)
def _clause_word_break() -> tuple[regex.Pattern, tuple[str, ...]]:
    """The words of lang/clauses.toml that open a clause (matched as written, case-insensitive), and the first two
    letters one of them starts with, in every case (a test checks that regex matches no other letters for them)."""
    words = sorted(clause_words(), key=len, reverse=True)
    alternation = "|".join(regex.escape(w) for w in words)
    pattern = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE)
    openings = set()
    for w in words:
        cased = [""]
        for ch in w[:2]:
            cased = [c + x for c in cased for x in {ch, ch.lower(), ch.upper()}]
        openings.update(cased)
    return pattern, tuple(sorted(openings))


@lru_cache(maxsize=1)
def _clause_word_firsts() -> tuple[str, ...]:
    """The first letters of `_clause_word_break`'s openings: a sentence holds an opening only if it holds one."""
    return tuple(sorted({o[0] for o in _clause_word_break()[1]}))


# A gap of at most this many characters between a figure and its counted noun is read through `_gap_words`' cache
_GAP_CACHED_CHARS = 120


def _gap_words(gap: str) -> tuple[int, bool]:
    """The words of `gap`, the text between a figure and the counted noun after it: how many, and whether one of them
    is a gap stop ("from", "में"), for `_counted_class`. Cached, because a `regex` findall over a few words was ~25,000
    machine instructions and gaps come again across a batch (" से अधिक ", " registered "): 16 of the 47 gaps of the
    40 real-news files repeat an earlier one, though only 5 within their own article. The bench's 12 KB articles,
    made from the corpus, repeat far more (133 of 150 gaps, 74 of them " से अधिक "), so there the cache is worth 0.16 M
    machine instructions an article (26.42 → 26.26 M for `extract_claims`), about a third of that on real text.
    A longer gap is read uncached, so that the cache never holds a long stretch of text."""
    return _read_gap(gap) if len(gap) <= _GAP_CACHED_CHARS else _read_gap.__wrapped__(gap)


@lru_cache(maxsize=1 << 12)
def _read_gap(gap: str) -> tuple[int, bool]:
    words = _WORDS.findall(gap)
    stops = counted_nouns().gap_stops
    return len(words), any(fold_key(w) in stops for w in words)


@lru_cache(maxsize=1)
def _population_anchors() -> tuple[str, ...]:
    """What the folded text before a figure must hold for `_inhabitants` to find a country's possessive there: the
    last word of each phrase of counted.toml `population_before` (what `_inhabitants` looks up first), or, for a word
    with an apostrophe ("india's"), either apostrophe ("’" is read as "'"). The words are found in the text as
    written by `_POSSESSIVE_WORDS`, each then folded and lower-cased (`fold_key`); a word's fold is a piece of the
    window's fold, and lower-casing makes none of these characters from another (tests/test_claims_metric_fast.py
    checks every code point), so a window whose fold holds no anchor names no population. A `regex` findall of the
    24 characters before the figure was ~22,000 machine instructions, for each of 18 counts of people a 12 KB bench
    article, and 4 of the 283 windows of the 16 hold an anchor. A last word with letters that have a case would
    need a lower-cased window: then there are no anchors, and every window is read."""
    anchors: set[str] = set()
    for phrase in counted_nouns().population_before:
        last = phrase.rsplit(" ", 1)[-1]
        if "'" in last:
            anchors.update(("'", "’"))
        elif last.lower() == last.upper():
            anchors.add(last)
        else:
            return ("",)  # the empty string is in every window
    return tuple(sorted(anchors))


@lru_cache(maxsize=1 << 12)
def _identifier(words: str) -> bool:
    """"Q", "district", "batch no" before a number: it names something (counted.toml identifier_before). Cached: the
    words before an article's figures are few and come again ("करीब", "lakh"), and a key made was 4,000 machine
    instructions."""
    known = counted_nouns().identifier_before
    folded = fold_key(words)
    return folded in known or folded.rsplit(" ", 1)[-1] in known


def _national_metric(metric: str) -> bool:
    spec = metrics().get(metric)
    return spec is not None and spec.scope == "national"


def _unit_fits(metric: Metric, unit: str) -> bool:
    if unit in ("percent", "inr"):
        return metric.unit == unit
    if unit in ("count", "hours"):
        return metric.unit in ("count", "hours") if unit == "count" else metric.unit == "hours"
    return False


class _Metrics(tuple):
    """Metrics a figure can be (a tuple of Metric), with their ids at hand for membership tests."""

    def __new__(cls, items):
        self = super().__new__(cls, items)
        self.ids = frozenset(x.id for x in self)
        return self


@lru_cache(maxsize=None)
def _metrics_of_unit(unit: str, noun: str | None = None) -> _Metrics:
    """The metrics a figure of this unit can be, in the metrics file's order; with a counted noun's class, only
    those the class permits. Cached: the answer depends on nothing else, and every figure asks."""
    fits = [x for x in metrics().values() if _unit_fits(x, unit)]
    if noun is not None:
        permitted = counted_nouns().classes[noun]
        fits = [x for x in fits if x.id in permitted]
    return _Metrics(fits)


@lru_cache(maxsize=1)
def _language_unit_words() -> tuple[str, ...]:
    """The words of the number lexicon's unit "languages" ("languages", "भाषाओं" …)."""
    return tuple(w for w, unit in number_lexicon().units.items() if unit == "languages")


@lru_cache(maxsize=1)
def _language_unit_keys() -> tuple[str, ...]:
    """`_language_unit_words` as the matching text writes them (chandrabindu read as anusvara). A word is found in
    the matching text wherever a lower-cased piece of the folded text holds it, as long as it has no letter that
    lower-casing writes differently by context or as two ("Σ" → "σ" or "ς", "İ" → "i̇"): no word for languages
    has; a test checks."""
    return tuple(sorted({as_anusvara(w) for w in _language_unit_words()}))


def _match_in_order(phrase: tuple[str, ...], hits: list[PartHit]):
    """First and last hit of the phrase's parts, in order, or None."""
    first = last = None
    pos = -1
    for part in phrase:
        for h in hits:  # the first hit of the part after the last one's end (a loop: no generator a part)
            if h.key == part and h.start > pos:
                break
        else:
            return None
        if first is None:
            first = h
        last = h
        pos = h.end - 1
    return first, last


def _detect_language(doc: Document) -> str:
    from ..ingest.language import detect_language

    return detect_language(doc.text)

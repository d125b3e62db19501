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
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..lang import Metric, metrics, number_lexicon, places
from ..lang import entities as entity_vocabulary
from ..numbers import parse_numbers
from ..records import Claim, Document, Evidence, NumberMention, Source
from ..text.normalize import fold
from ..text.sentences import sentence_spans
from .dates import TimeExpr, time_expressions
from .phrases import finder, matching_text

_CLAUSE_BREAK = regex.compile(r"[,;:()\[\]|–—]|\s-\s|(?<![\p{L}\p{M}])(?:जबकि|whereas|while|जिनमें|जिसमें)(?![\p{L}\p{M}])")
_BRACKET_BETWEEN = regex.compile(r"\s*[(\[]\s*")
_SENTENCE_END = regex.compile(r"[.?!।॥:]\s*$")
_LANGUAGE_UNIT_LOOKAHEAD = 3  # words: "15 अन्य क्षेत्रीय भाषाओं"
_LOOKAHEAD_CHARS = 200  # characters that surely hold those three words
_NATIONAL = "India"


@dataclass(frozen=True, slots=True)
class Marker:
    start: int  # original offsets
    end: int
    scope: str  # canonical state or "India"
    strength: int  # 2 strong, 1 weak


class SpanIndex:
    """Items with (start, end) offsets, answering "which lie inside [a, b)" by bisection instead of a scan of the
    whole document per mention — a scan made a 3 MB article take 45 s. Results keep the items' original order."""

    def __init__(self, items, key=lambda x: (x.start, x.end)):
        self.items = list(items)
        spans = [key(x) for x in self.items]
        self.order = sorted(range(len(self.items)), key=lambda i: spans[i][0])
        self.starts = [spans[i][0] for i in self.order]
        self.ends = [spans[i][1] for i in self.order]

    def within(self, a: int, b: int) -> list:
        """Items with start >= a and end <= b."""
        lo, hi = bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b + 1)
        picked = [self.order[j] for j in range(lo, hi) if self.ends[j] <= b]
        picked.sort()
        return [self.items[i] for i in picked]

    def starting_in(self, a: int, b: int) -> list:
        """Items with a <= start < b."""
        lo, hi = bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)
        picked = sorted(self.order[lo:hi])
        return [self.items[i] for i in picked]


@dataclass(frozen=True, slots=True)
class PartHit:
    start: int
    end: int
    key: str


def claimable(m: NumberMention) -> bool:
    """Numbers that can state a statistic: not dates/years/times, and not a bare small word like "एक"/"सात"."""
    if m.kind != "number" or m.unit == "days":  # "7-दिवसीय कार्यक्रम": a programme's length is policy, not a figure
        return False
    return m.has_digits or abs(m.value) >= 100 or m.value_max is not None


def extract_claims(doc: Document) -> list[Claim]:
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

    # -- vocabulary hits, once per document ------------------------------------------------------------------
    def _hits(self, name: str, phrases: frozenset[str]) -> list[tuple[int, int, str]]:
        out = []
        for h in finder(name, phrases).find(self.mt):
            a, b = self.ft.span(h.start, h.end)
            out.append((a, b, h.key))
        return out

    def _collect(self) -> None:
        v = _vocabulary()
        self.part_hits = [PartHit(a, b, k) for a, b, k in self._hits("metric parts", v.metric_parts)
                          if not self._excluded(a, b)]
        place_hits = [(a, b, k) for a, b, k in self._hits("places", v.scope_keys) if not self._excluded(a, b)]
        for h in finder("abbreviations", v.abbreviation_keys).find(self.ft.text):  # capitals only: not lowered
            a, b = self.ft.span(h.start, h.end)
            if not self._excluded(a, b):
                place_hits.append((a, b, h.key))
        place_hits.sort()
        self.primary = self._primary_state(place_hits)
        markers: list[Marker] = []
        for a, b, k in place_hits:
            scope, strength = v.scopes[k]
            if scope == "<primary>":
                scope = self.primary or _NATIONAL
            markers.append(Marker(a, b, scope, strength))
        self.markers = markers
        self.entity_hits = [(a, b, v.entities[k]) for a, b, k in self._hits("entities", v.entity_keys)
                            if not self._excluded(a, b)]

    def _excluded(self, a: int, b: int) -> bool:
        return a < self.doc.body_start or self.doc.is_excluded(a, b) is not None

    def _primary_state(self, place_hits) -> str | None:
        """The article's own state: state names count twice, cues once; the title counts again."""
        v = _vocabulary()
        counts: Counter[str] = Counter()
        title_hits = []
        if self.doc.meta.title:
            title_hits = finder("places", v.scope_keys).find(matching_text(fold(self.doc.meta.title).text))
        for key in [k for _, _, k in place_hits] + [h.key for h in title_hits]:
            if key in v.state_weights:
                state, w = v.state_weights[key]
                counts[state] += w
        return counts.most_common(1)[0][0] if counts else None

    # -- per mention -------------------------------------------------------------------------------------------
    def build(self) -> list[Claim]:
        mentions = parse_numbers(self.text)
        self._collect()
        self.times = time_expressions(self.text, [m for m in mentions if not self._excluded(m.start, m.end)],
                                      self.published)
        self.event_date = next((t.value for t in self.times if t.value and t.weight >= 3), None)
        candidates = [m for m in mentions if claimable(m) and not self._excluded(m.start, m.end)]
        sentences = sentence_spans(self.text)
        by_start = SpanIndex(candidates)
        self._breaks: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
        self.part_index = SpanIndex(self.part_hits)
        self.marker_index = SpanIndex(self.markers)
        self.entity_index = SpanIndex(self.entity_hits, key=lambda h: (h[0], h[1]))
        self.time_index = SpanIndex(self.times)
        claims: list[Claim] = []
        carry: str | None = None
        for idx, (sa, sb) in enumerate(sentences):
            if self._fully_excluded(sa, sb):
                continue
            in_sentence = by_start.starting_in(sa, sb)
            sentence_scope = self._dominant_scope(sa, sb)
            for m in in_sentence:
                self._refine_unit(m, sb)
            for i, m in enumerate(in_sentence):
                metric, metric_text = self._metric(m, in_sentence, sa, sb, i)
                state = self._scope(m, metric, sa, sb, carry, sentences, idx)
                claims.append(self._claim(m, metric, metric_text, state, sa, sb))
            if sentence_scope:
                carry = sentence_scope
        return claims

    def _fully_excluded(self, a: int, b: int) -> bool:
        span = self.doc.is_excluded(a, b)
        return span is not None and span.start <= a and span.end >= b

    def _refine_unit(self, m: NumberMention, limit: int) -> None:
        """"15 अन्य क्षेत्रीय भाषाओं": a count of languages, a few words after the number."""
        if m.unit != "count":
            return
        lex = number_lexicon()
        # a bounded look-ahead: folding the rest of a sentence per mention was quadratic in a line of 2,000 figures
        ahead = self.text[m.end:min(limit, m.end + _LOOKAHEAD_CHARS)]
        words = regex.findall(r"[\p{L}\p{M}]+|[0-9]+", fold(ahead).text)[:_LANGUAGE_UNIT_LOOKAHEAD]
        for w in words:
            if w.isdigit():
                return
            if lex.units.get(w.lower()) == "languages":
                m.unit = "languages"
                return

    def _clause(self, m: NumberMention, sa: int, sb: int) -> tuple[int, int]:
        """The clause around `m`: from the last clause break ending before it to the first starting after it."""
        breaks = self._breaks.get((sa, sb))
        if breaks is None:  # once per sentence, then bisection per mention
            found = [(b.start(), b.end()) for b in _CLAUSE_BREAK.finditer(self.text, sa, sb)]
            breaks = self._breaks[(sa, sb)] = ([x[0] for x in found], [x[1] for x in found])
        starts, ends = breaks
        i = bisect.bisect_right(ends, m.start)  # breaks are in order and do not overlap: ends ascend too
        a = ends[i - 1] if i else sa
        j = bisect.bisect_left(starts, m.end)
        b = starts[j] if j < len(starts) else sb
        return a, b

    def _neighbours(self, m: NumberMention, in_sentence: list[NumberMention], index: int):
        """Start of the nearest other figure after `m` and end of the nearest before it (None when none). Counts of
        languages do not count, nor does the same value restated in brackets ("1.45 crore (14.5 million) users").
        Mentions come in text order, so the nearest are found walking out from `m`, not by scanning them all."""
        def counts(o: NumberMention) -> bool:
            return o.unit != "languages" and not (
                o.start > m.end and _BRACKET_BETWEEN.fullmatch(self.text, m.end, o.start)
                and abs(o.value - m.value) <= 0.01 * abs(m.value))

        next_start = prev_end = None
        for k in range(index + 1, len(in_sentence)):
            o = in_sentence[k]
            if o.start >= m.end and counts(o):
                next_start = o.start
                break
        for k in range(index - 1, -1, -1):
            o = in_sentence[k]
            if o.end <= m.start and counts(o):
                prev_end = o.end
                break
        return next_start, prev_end

    def _metric(self, m: NumberMention, in_sentence: list[NumberMention], sa: int, sb: int,
                index: int) -> tuple[str, str | None]:
        ca, cb = self._clause(m, sa, sb)
        # the same value restated in brackets ("1.45 crore (14.5 million) registered users") does not
        # cut the figure off from its words, and neither does a count of languages
        next_start, prev_end = self._neighbours(m, in_sentence, index)
        after_end = min(next_start if next_start is not None else cb, cb)
        before_start = max(prev_end if prev_end is not None else ca, ca)
        allowed = [x for x in metrics().values() if _unit_fits(x, m)]
        if not allowed:
            return "other", None
        sentence_after = (m.end, next_start if next_start is not None else sb)
        sentence_before = (prev_end if prev_end is not None else sa, m.start)
        # the figure's own stretch of the clause, in order: a phrase around it ("completed 7.2 crore courses"),
        # the words after it (Hindi puts the noun after the number: "14.5 करोड़ से अधिक यूजर्स"), the words before
        # it (a label: "पंजीकृत उपयोगकर्ता: 1.45 करोड़"); then the whole clause and the sentence
        for window, direction in (((before_start, after_end), "around"), ((m.end, after_end), "after"),
                                  ((before_start, m.start), "before"), ((ca, cb), "clause"),
                                  (sentence_after, "after"), (sentence_before, "before")):
            found = self._best_phrase(allowed, window, m, direction)
            if found:
                return found[1], found[2]
        # a label on the clause before ("पंजीकृत उपयोगकर्ता: 1.45 करोड़")
        if ca > sa:
            pa, _ = self._clause(NumberMention(0, ca - 1, ca - 1, ""), sa, sb)
            found = self._best_phrase(allowed, (pa, ca), m, "before")
            if found:
                return found[1], found[2]
        return "other", None

    def _best_phrase(self, allowed: list[Metric], window: tuple[int, int], m: NumberMention, direction: str):
        a, b = window
        if b <= a:
            return None
        hits = self.part_index.within(a, b)
        if not hits:
            return None
        present = {h.key for h in hits}
        allowed_ids = {x.id for x in allowed}
        index = _phrase_index()
        candidates = {(metric_id, phrase) for key in present for metric_id, phrase in index.get(key, ())
                      if metric_id in allowed_ids and all(p in present for p in phrase)}
        best = None
        for metric_id, phrase in sorted(candidates):
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
            words = sum(len(p.split()) for p in phrase)
            score = (words, -abs(dist), direction == "after")
            if best is None or score > best[0]:
                quote = self.text[first.start:first.end] if first is last else \
                    f"{self.text[first.start:first.end]} … {self.text[last.start:last.end]}"
                best = (score, metric_id, quote)
        return best

    def _markers_in(self, a: int, b: int) -> list[Marker]:
        return self.marker_index.within(a, b)

    def _dominant_scope(self, sa: int, sb: int) -> str | None:
        ms = self._markers_in(sa, sb)
        strong = [k for k in ms if k.strength == 2]
        pick = strong or ms
        return pick[-1].scope if pick else None

    @staticmethod
    def _nearest(markers: list[Marker], m: NumberMention) -> Marker | None:
        before = [k for k in markers if k.end <= m.start]
        if before:
            return before[-1]
        after = [k for k in markers if k.start >= m.end]
        return after[0] if after else None

    def _scope(self, m: NumberMention, metric: str, sa: int, sb: int, carry: str | None, sentences, idx: int) -> str:
        in_sentence = self._markers_in(sa, sb)
        strong = [k for k in in_sentence if k.strength == 2]
        if metric.startswith("share_of_national"):
            # "… जो देश भर में कुल पंजीकरण का 93% है": the share belongs to the part, not the nation
            parts = [k for k in strong if k.scope != _NATIONAL]
            pick = self._nearest(parts, m)
            return pick.scope if pick else (self.primary or carry or _NATIONAL)
        ca, cb = self._clause(m, sa, sb)
        pick = self._nearest([k for k in strong if k.start >= ca and k.end <= cb], m) or self._nearest(strong, m)
        if pick:
            return pick.scope
        spec = metrics().get(metric)
        if spec is not None and spec.scope == "national":
            return _NATIONAL
        pick = self._nearest(in_sentence, m)
        if pick:
            return pick.scope
        # a heading with no marker speaks of what the next sentence names ("18 लाख से अधिक कर्मियों ने कराया पंजीकरण")
        if not _SENTENCE_END.search(self.text[sa:sb]) and idx + 1 < len(sentences):
            na, nb = sentences[idx + 1]
            nxt = [k for k in self._markers_in(na, nb) if k.strength == 2]
            if nxt:
                return nxt[0].scope
        return carry or self.primary or _NATIONAL

    def _entity(self, m: NumberMention, sa: int, sb: int) -> str | None:
        hits = self.entity_index.within(sa, sb)
        before = [h for h in hits if h[1] <= m.start]
        if before:
            return before[-1][2]
        after = [h for h in hits if h[0] >= m.end]
        return after[0][2] if after else None

    def _as_of(self, m: NumberMention, sa: int, sb: int) -> str | None:
        ca, cb = self._clause(m, sa, sb)
        # a bare year counts only inside the figure's own clause ("…, जो 2025 में … 93% है" dates the 93%, not
        # the figure before the comma); dates and months count anywhere in the sentence
        for a, b, min_weight in ((ca, cb, 1), (sa, sb, 2)):
            exprs = [t for t in self.time_index.within(a, b) if t.value and t.weight >= min_weight
                     and not (t.start <= m.start < t.end)]
            if exprs:
                return _nearest_time(exprs, m).value
        return self.event_date or self.published

    def _claim(self, m: NumberMention, metric: str, metric_text: str | None, state: str, sa: int, sb: int) -> Claim:
        doc = self.doc
        return Claim(
            id=Claim.make_id(self.source_key, m.start, m.end, m.value, metric),
            metric=metric,
            metric_text=metric_text,
            value=m.value,
            value_max=m.value_max,
            qualifier=m.qualifier,
            unit=m.unit,
            state=state,
            entity=self._entity(m, sa, sb),
            as_of=self._as_of(m, sa, sb),
            published=self.published,
            language=self.language,
            source=Source(path=doc.path, url=doc.meta.url, publisher=doc.meta.publisher, title=doc.meta.title),
            evidence=Evidence(quote=m.text, start=m.start, end=m.end, sentence=self.text[sa:sb]),
        )


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
    abbreviations: dict[str, str]  # exact capitals → state ("UP")
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
    scopes.update({k: (_NATIONAL, 1) for k in pl.national_weak})
    scopes.update({k: ("<primary>", 2) for k in pl.anaphora | pl.department})
    scopes.update({k: (_NATIONAL, 2) for k in pl.national_strong})
    scopes.update({k: (state, 2) for k, state in pl.state_names.items()})
    scopes.update({k: (state, 2) for k, state in pl.abbreviations.items()})
    weights = {**{k: (s, 1) for k, s in pl.state_cues.items()}, **{k: (s, 2) for k, s in pl.state_names.items()},
               **{k: (s, 2) for k, s in pl.abbreviations.items()}}
    ents = dict(entity_vocabulary())
    return _Vocabulary(
        metric_parts=frozenset(p for m in metrics().values() for phrase in m.phrases for p in phrase),
        scopes=scopes, scope_keys=frozenset(scopes),
        abbreviations=dict(pl.abbreviations), abbreviation_keys=frozenset(pl.abbreviations),
        state_weights=weights, entities=ents, entity_keys=frozenset(ents))


def _nearest_time(exprs: list[TimeExpr], m: NumberMention) -> TimeExpr:
    return min(exprs, key=lambda t: (-t.weight, min(abs(t.start - m.end), abs(m.start - t.end))))


def _unit_fits(metric: Metric, m: NumberMention) -> bool:
    if m.unit == "percent":
        return metric.unit == "percent"
    if m.unit in ("count", "hours"):
        return metric.unit in ("count", "hours") if m.unit == "count" else metric.unit == "hours"
    return False


def _match_in_order(phrase: tuple[str, ...], hits: list[PartHit]):
    """First and last hit of the phrase's parts, in order, or None."""
    first = last = None
    pos = -1
    for part in phrase:
        nxt = next((h for h in hits if h.key == part and h.start > pos), None)
        if nxt is None:
            return None
        if first is None:
            first = nxt
        last = nxt
        pos = nxt.end - 1
    return first, last


def _detect_language(doc: Document) -> str:
    from ..ingest.language import detect_language

    return detect_language(doc.text)

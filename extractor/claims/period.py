"""What stretch of time a figure totals (the claim's `period`), and whether the text denies the figure outright.

A figure is a running total as of its date (`cumulative`) unless a cue of `extractor/lang/periods.toml` says
otherwise, checked in this order: a daily average, an earlier value quoted for comparison ("from 3 lakh", "a year
earlier"), a year used as the period ("in 2025", "2025 में"), an event (named in the sentence — Karmayogi Saptah,
Rozgar Mela … — or referred to as "the week" in an article that names one), a target ("to be trained", "aims to",
"लक्ष्य", "जाएगा"). Events come before targets because reports of an event are often written ahead of it ("will hand
over 51,000 appointment letters" is the Rozgar Mela's total). Cues count only in the figure's own clause, except
event names, which count in its sentence.

The confidence says how the period was found: an explicit cue in the clause is surer than the default.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import regex

from ..lang.cues import period_cues
from ..records import NumberMention

_GAP = regex.compile(r"[\s,\"'“”‘’]*")  # what may stand between a cue and the figure it sits right next to
_SPACES = regex.compile(r"\s*")
_YEAR = regex.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
# the labels of cues that count only right next to the figure (`_right_before`, `_right_after`), with what may stand
# between the figure and a cue after it
_BEFORE_LABELS = ("neg_before", "earlier_before")
_AFTER_GAPS = {"neg_after": _SPACES, "earlier_after": _GAP}
_YEAR_LABELS = frozenset({"year_before", "year_after"})
_START_END = itemgetter(0, 1)


# made hundreds of times an article: a plain dataclass, hashed by value as a frozen one is, because a frozen
# dataclass's __init__ costs 3.5 times as much (1.2 µs against 0.34 µs); never changed once made
@dataclass(slots=True, unsafe_hash=True)
class Cue:
    start: int  # original offsets
    end: int
    labels: frozenset[str]  # "target", "earlier", "earlier_before", "event:NAME", "anaphor", "neg_before" …
    event: str | None  # the NAME of its "event:NAME" label, if it has one


# made hundreds of times an article: a plain dataclass, hashed by value as a frozen one is, because a frozen
# dataclass's __init__ costs 3.5 times as much (1.2 µs against 0.34 µs); never changed once made
@dataclass(slots=True, unsafe_hash=True)
class PeriodReading:
    period: str
    event: str | None
    confidence: float


# the readings that depend on nothing but the cue: made once and shared, as the records they go into never change them
_DAILY_AVERAGE = PeriodReading("daily_average", None, 0.9)
_EARLIER_NEXT_TO = PeriodReading("earlier", None, 0.85)
_EARLIER_IN_CLAUSE = PeriodReading("earlier", None, 0.75)
_YEAR_PERIOD = PeriodReading("year", None, 0.9)
_TARGET = PeriodReading("target", None, 0.85)
_CUMULATIVE_BY_CUE = PeriodReading("cumulative", None, 0.9)
_CUMULATIVE = PeriodReading("cumulative", None, 0.85)
_CUMULATIVE_WITH_EVENTS = PeriodReading("cumulative", None, 0.7)


@lru_cache(maxsize=1)
def _cue_labels() -> dict[str, frozenset[str]]:
    c = period_cues()
    labels: dict[str, set[str]] = {}
    for label, words in (("daily_average", c.daily_average), ("target", c.target), ("earlier", c.earlier),
                         ("earlier_before", c.earlier_right_before), ("earlier_after", c.earlier_right_after),
                         ("year_before", c.year_before), ("year_after", c.year_after), ("anaphor", c.event_anaphors),
                         ("neg_before", c.negation_before), ("neg_after", c.negation_after),
                         ("cumulative", c.cumulative)):
        for w in words:
            labels.setdefault(w, set()).add(label)
    for w, name in c.events.items():
        labels.setdefault(w, set()).add(f"event:{name}")
    return {k: frozenset(v) for k, v in labels.items()}


@lru_cache(maxsize=1)
def cue_phrases() -> frozenset[str]:
    """The vocabulary of period cues, for the document's one reading of its vocabularies (`PeriodReader`)."""
    return frozenset(_cue_labels())


class PeriodReader:
    """The period cues of one document, found once; then `read` and `negated` per figure. `cue_hits` are the hits
    (start, end, key) of `cue_phrases()` in the document's matching text (`ft`'s offsets)."""

    def __init__(self, text: str, ft, cue_hits, excluded, index_type):
        labels, events, kinds = _cue_labels(), _cue_events(), _cue_kinds()
        cues = []
        year_cues = []  # (start, end, labels) of the cues that make a year a period ("2025 में", "in 2025")
        for a, b, key in ft.spans(cue_hits):
            if not excluded(a, b):
                kind = kinds[key]
                if kind != _YEAR_ONLY:
                    cues.append(Cue(a, b, labels[key], events[key]))
                if kind != _NO_YEAR:
                    year_cues.append((a, b, labels[key]))
        self.text = text
        # the cues of a year alone ("में", "in": half an article's cues) are asked of a year only, never of a clause:
        # the clause's cues are the others
        self.index = index_type(cues)
        self.year_index = index_type(year_cues, key=_START_END)
        # where a figure must start (end) for a cue of a label to stand right before (after) it: most articles have
        # no such cue, and one figure asks a set rather than an index for the cues near it
        self._before_at = {label: self._right_before_starts([c for c in cues if label in c.labels])
                           for label in _BEFORE_LABELS}
        self._after_at = {label: self._right_after_ends([c for c in cues if label in c.labels], gap)
                          for label, gap in _AFTER_GAPS.items()}
        self.events = [(c.start, c.event) for c in cues if c.event]
        # whether a figure can be denied at all: most articles have no cue that denies one (`negated` is False)
        self.can_negate = bool(self._before_at["neg_before"] or self._after_at["neg_after"])
        self._events_of: tuple = (None, None)

    def _right_before_starts(self, cues: list[Cue]) -> frozenset[int]:
        """The starts p of a figure with one of `cues` right before it: within 40 characters (c.start >= p - 40,
        c.end <= p) and only `_GAP` between (a longer stretch holds it if a shorter does not, so the walk stops)."""
        starts = set()
        for c in cues:
            for p in range(c.end, c.start + 41):
                if not _GAP.fullmatch(self.text, c.end, p):
                    break
                starts.add(p)
        return frozenset(starts)

    def _right_after_ends(self, cues: list[Cue], gap) -> frozenset[int]:
        """The ends q of a figure with one of `cues` right after it: starting within 12 characters (q <= c.start <
        q + 12) with only `gap` between."""
        ends = set()
        for c in cues:
            for q in range(c.start, max(0, c.start - 11) - 1, -1):
                if not gap.fullmatch(self.text, q, c.start):
                    break
                ends.add(q)
        return frozenset(ends)

    def negated(self, m: NumberMention) -> bool:
        """"not 14.5 crore", "14.5 करोड़ नहीं": the figure itself is denied."""
        return self._right_before(m, "neg_before") or self._right_after(m, "neg_after")

    def read(self, m: NumberMention, clause: tuple[int, int], sentence: tuple[int, int],
             year_cues: list[tuple[int, int]], as_of: str | None, carried_event: str | None = None) -> PeriodReading:
        """`carried_event`: the event the sentence before totalled, which a sentence with no cue of its own goes on
        about ("The event saw 45.4 lakh enrolments … In total, 7.45 lakh civil servants participated")."""
        ca, cb = clause
        cues = self.index.within(ca, cb)  # most clauses hold none: no set to make
        has = {label for c in cues if not (c.start < m.end and c.end > m.start) for label in c.labels} if cues else ()
        if "daily_average" in has:
            return _DAILY_AVERAGE
        if m.start in self._before_at["earlier_before"] or m.end in self._after_at["earlier_after"]:
            return _EARLIER_NEXT_TO  # "from 3 lakh", "3 लाख से बढ़कर"
        if "earlier" in has:
            return _EARLIER_IN_CLAUSE  # "initially", "a year earlier" somewhere in the clause
        for a, b in year_cues:  # a loop, not a generator: an article has a year cue or two
            if ca <= a and b <= cb and self._year_period(a, b):
                return _YEAR_PERIOD
        # an article that names no event has none for a sentence to name or refer to
        event, named = self._event(m, sentence) if self.events else (None, False)
        if event is None and "cumulative" not in has:
            event = carried_event
        if event:
            name = event if carried_event == event else _with_year(event, as_of, self.text[sentence[0]:sentence[1]])
            return PeriodReading("event", name, 0.85 if named else 0.75)
        if "target" in has:
            return _TARGET
        if "cumulative" in has:
            return _CUMULATIVE_BY_CUE
        # the default: surer in an article that names no event (in one that does, a figure with no cue of its own
        # is as often the event's total as the platform's)
        return _CUMULATIVE_WITH_EVENTS if self.events else _CUMULATIVE

    def nearest_event(self, m: NumberMention) -> str | None:
        """The event the article names nearest to the figure, if it names any."""
        if not self.events:
            return None
        return min(self.events, key=lambda e: abs(e[0] - m.start))[1]

    def _event(self, m: NumberMention, sentence: tuple[int, int]) -> tuple[str | None, bool]:
        """(the event, whether the sentence names it): the one named in the sentence nearest to the figure, else the
        last one named before it when the sentence refers to one ("the week saw …")."""
        named, anaphor = self._sentence_events(sentence)
        if named:
            return min(named, key=lambda e: abs(e[0] - m.start))[1], True
        if anaphor:
            earlier_events = [name for start, name in self.events if start < m.start]
            if earlier_events:
                return earlier_events[-1], False
        return None, False

    def _sentence_events(self, sentence: tuple[int, int]) -> tuple[list[tuple[int, str]], bool]:
        """The events a sentence names (start, name), and whether it refers back to one; kept for the sentence's
        next figure (figures are read a sentence at a time)."""
        if self._events_of[0] != sentence:
            cues = self.index.within(*sentence)
            self._events_of = (sentence, ([(c.start, c.event) for c in cues if c.event],
                                          any("anaphor" in c.labels for c in cues)))
        return self._events_of[1]

    def _year_period(self, a: int, b: int) -> bool:
        before = [c for c in self.year_index.within(max(0, a - 40), a) if "year_before" in c[2]]
        if any(_GAP.fullmatch(self.text, c[1], a) for c in before):
            return True
        after = [c for c in self.year_index.starting_in(b, b + 12) if "year_after" in c[2]]
        return any(_GAP.fullmatch(self.text, b, c[0]) for c in after)

    def _right_before(self, m: NumberMention, label: str) -> bool:
        """A cue of `label` right before the figure ("from 3 lakh", "not 14.5 crore")."""
        return m.start in self._before_at[label]

    def _right_after(self, m: NumberMention, label: str) -> bool:
        """A cue of `label` right after the figure ("3 लाख से बढ़कर", "14.5 करोड़ नहीं")."""
        return m.end in self._after_at[label]


_NO_YEAR, _YEAR_ONLY, _YEAR_AND_MORE = 0, 1, 2


@lru_cache(maxsize=1)
def _cue_kinds() -> dict[str, int]:
    """Each cue phrase: whether its labels make a year a period, and whether they say anything else."""
    kinds = {}
    for k, labels in _cue_labels().items():
        year = labels & _YEAR_LABELS
        kinds[k] = _NO_YEAR if not year else _YEAR_ONLY if year == labels else _YEAR_AND_MORE
    return kinds


@lru_cache(maxsize=1)
def _cue_events() -> dict[str, str | None]:
    """Each cue phrase's event: the NAME of its "event:NAME" label, or None."""
    return {k: next((label[6:] for label in labels if label.startswith("event:")), None)
            for k, labels in _cue_labels().items()}


def _with_year(event: str, as_of: str | None, sentence: str) -> str:
    """"Karmayogi Saptah 2024": the figure's year, else a year its sentence names, else the bare name."""
    if as_of:
        return f"{event} {as_of[:4]}"
    years = _YEAR.findall(sentence)
    return f"{event} {years[-1]}" if years else event

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

import regex

from ..lang.cues import period_cues
from ..records import NumberMention

_GAP = regex.compile(r"[\s,\"'“”‘’]*")  # what may stand between a cue and the figure it sits right next to
_SPACES = regex.compile(r"\s*")
_YEAR = regex.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
# the labels of cues that count only right next to the figure (`_right_before`, `_right_after`)
_NEXT_TO_LABELS = ("neg_before", "neg_after", "earlier_before", "earlier_after")


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
        labels, events = _cue_labels(), _cue_events()
        cues = []
        for a, b, key in ft.spans(cue_hits):
            if not excluded(a, b):
                cues.append(Cue(a, b, labels[key], events[key]))
        self.text = text
        self.index = index_type(cues)
        # the cues right next to a figure, one index per label: most figures have none of a label near them, and a
        # look in an empty index is one test, where one index of every cue was a scan of the cues near the figure
        self.next_to = {label: index_type([c for c in cues if label in c.labels]) for label in _NEXT_TO_LABELS}
        self.events = [(c.start, c.event) for c in cues if c.event]
        # whether a figure can be denied at all: most articles have no cue that denies one (`negated` is False)
        self.can_negate = bool(self.next_to["neg_before"].items or self.next_to["neg_after"].items)
        self._events_of: tuple = (None, None)

    def negated(self, m: NumberMention) -> bool:
        """"not 14.5 crore", "14.5 करोड़ नहीं": the figure itself is denied."""
        return self._right_before(m, "neg_before") or self._right_after(m, "neg_after", _SPACES)

    def read(self, m: NumberMention, clause: tuple[int, int], sentence: tuple[int, int],
             year_cues: list[tuple[int, int]], as_of: str | None, carried_event: str | None = None) -> PeriodReading:
        """`carried_event`: the event the sentence before totalled, which a sentence with no cue of its own goes on
        about ("The event saw 45.4 lakh enrolments … In total, 7.45 lakh civil servants participated")."""
        ca, cb = clause
        cues = self.index.within(ca, cb)  # most clauses hold none: no set to make
        has = {label for c in cues if not (c.start < m.end and c.end > m.start) for label in c.labels} if cues else ()
        if "daily_average" in has:
            return _DAILY_AVERAGE
        if self._right_before(m, "earlier_before") or self._right_after(m, "earlier_after"):
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
        before = [c for c in self.index.within(max(0, a - 40), a) if "year_before" in c.labels]
        if any(_GAP.fullmatch(self.text, c.end, a) for c in before):
            return True
        after = [c for c in self.index.starting_in(b, b + 12) if "year_after" in c.labels]
        return any(_GAP.fullmatch(self.text, b, c.start) for c in after)

    def _right_before(self, m: NumberMention, label: str) -> bool:
        index = self.next_to[label]
        if not index.items:  # the usual case: the article has no cue of the label
            return False
        near = index.within(max(0, m.start - 40), m.start)
        return bool(near) and any(_GAP.fullmatch(self.text, c.end, m.start) for c in near)

    def _right_after(self, m: NumberMention, label: str, gap=None) -> bool:
        index = self.next_to[label]
        if not index.items:
            return False
        near = index.starting_in(m.end, m.end + 12)
        gap = gap or _GAP
        return bool(near) and any(gap.fullmatch(self.text, m.end, c.start) for c in near)


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

"""`extract check` by consensus: what each figure of a draft says against the stored reports.

A draft figure **disagrees** when a flag names it as the likely wrong one (its `suspect_claim`), or when a flag
involves it and names nobody (the sources are too few to tell). It **agrees** when stored reports from other
sources give a compatible figure — same metric, scope, period (and event), intervals that meet (tolerance.py)
within SAME_PERIOD_DAYS, or either undated — and no flag names it as the suspect; a flag that names a *stored*
claim as the outlier is listed with the agreement, not held against the draft ("1.45 crore" passes although one
stored outlet printed 14.5 crore). A figure with nothing stored to compare is **unchecked**.

Exit status of `extract check` stays: 1 when some figure disagrees, 0 otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..records import Claim, Flag
from . import timing, tolerance
from .explain import who
from .facts import ClaimFact

MAX_NAMED = 5  # agreeing sources named in the output; the count covers all


@dataclass
class Verdict:
    claim: Claim
    verdict: str  # "agrees" | "disagrees" | "unchecked"
    sources: int = 0  # independent stored sources whose figure agrees
    named: list[str] = field(default_factory=list)  # some of them, by publisher (else file or address)
    flags: list[str] = field(default_factory=list)  # ids of the flags that involve the claim

    def record(self) -> dict:
        return {"verdict": self.verdict, "claim_id": self.claim.id, "quote": self.claim.evidence.quote,
                "metric": self.claim.metric, "state": self.claim.state, "value": self.claim.value,
                "qualifier": self.claim.qualifier, "agreeing_sources": self.sources, "named_sources": self.named,
                "flags": self.flags}


def verdicts(draft: list[tuple[Claim, ClaimFact]], stored: Iterable[ClaimFact], flags: list[Flag],
             load_claims) -> list[Verdict]:
    by_key: dict[tuple, list[ClaimFact]] = {}
    for f in stored:
        by_key.setdefault(_key(f), []).append(f)
    out = []
    for claim, fact in draft:
        involved = [fl for fl in flags if any(c.id == claim.id for c in fl.claims)]
        against = [fl for fl in involved if fl.suspect_claim in (None, claim.id)]
        agreeing = [f for f in by_key.get(_key(fact), []) if _compatible(fact, f)]
        sources = {f.source_id: f.id for f in agreeing}
        named = [_name(c) for c in load_claims(list(sources.values())[:MAX_NAMED])] if sources else []
        verdict = "disagrees" if against else "agrees" if sources or involved else "unchecked"
        out.append(Verdict(claim, verdict, len(sources), named, [fl.id for fl in involved]))
    return out


def _key(f: ClaimFact) -> tuple:
    return f.metric, f.unit, f.state, f.period, f.event if f.period == "event" else None, bool(f.entity)


def _compatible(a: ClaimFact, b: ClaimFact) -> bool:
    lo1, hi1, _, _ = tolerance.interval(a.value, a.value_max, a.qualifier, a.precision)
    lo2, hi2, _, _ = tolerance.interval(b.value, b.value_max, b.qualifier, b.precision)
    if not tolerance.overlaps(lo1, hi1, lo2, hi2):
        return False
    gap = timing.gap_days(timing.span(a.as_of, a.published), timing.span(b.as_of, b.published))
    return gap is None or gap <= timing.SAME_PERIOD_DAYS


def _name(c: Claim) -> str:
    """The outlet as a flag's explanation names it, without its date."""
    return who(c, "en").rsplit(" (", 1)[0]

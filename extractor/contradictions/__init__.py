"""Find and explain contradictions across sources: which published figures disagree, how, and which is the slip.

The rules are a pure library (no database): the caller turns its claims into `ClaimFact`s and passes a
`load_claims(ids)` callable; full `Claim` records are loaded once, in one call, for the claims that end up in flags.
One module is the exception, and only the CLI and the batch import it: `db.py` reads the facts from the claims
database and writes the flags back (`find_and_save`, `check_files`).

    find_contradictions(facts, load_claims, references=())  → [Flag]   every rule over every fact
    check_new(new_facts, existing_facts, load_claims, references=())  → [Flag]   only flags that involve a new fact
    check = check_new   (the name `extract check` maps to: docs/decisions.md, "The CLI is a thin twin")

The rules, one module each (read their docstrings for the exact rule, its tolerance and how it scales):

    magnitude_slip        same figure 10×/100×/1000× off; names the slip (decimal_shift, lakh_for_crore, …)
    missing_scale         (magnitude_slip) a count written as a fraction with no scale word: "10.5 government servants"
    value_conflict        same metric, scope and period; values incompatible given their qualifiers
    same_event            (value_conflict) two reports of one event's total that differ beyond rounding
    population            (value_conflict) two sizes of one workforce more than 15% apart, whatever their dates
    part_exceeds_whole    a state's figure above the national one
    cumulative_backwards  a running total reported lower later
    arithmetic            a stated share, or parts, that the same article's figures contradict
    reference_mismatch    a claim against an official figure staff recorded (`ReferenceFigure`)

tolerance.py says what a written figure can mean (its interval), timing.py which figures are close enough in time,
severity.py how serious a flag is, explain.py how it reads in English and Hindi (templates in
extractor/lang/explanations.toml).

Output is deterministic: flags sorted by severity, kind, metric, state and id; ids are `Flag.make_id(kind, claim
ids)` (plus the reference's key for reference_mismatch), so a re-run finds the same flags under the same ids.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..records import Claim, Flag
from ..records.flag import Reference
from . import (arithmetic, cumulative_backwards, magnitude_slip, missing_scale, part_exceeds_whole, population,
               reference_mismatch, same_event, value_conflict)
from .engine import Candidate, Index, entity_indexes, event_indexes, merge, target_index
from .explain import explain as _explain
from .facts import ClaimFact, ReferenceFigure
from .official import is_official
from .severity import severity as _severity

__all__ = ["ClaimFact", "ReferenceFigure", "find_contradictions", "check_new", "check", "MissingClaims", "KINDS"]

KINDS = ("magnitude_slip", "value_conflict", "part_exceeds_whole", "cumulative_backwards", "arithmetic",
         "reference_mismatch")
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}

LoadClaims = Callable[[Sequence[str]], Iterable[Claim]]


class MissingClaims(LookupError):
    """`load_claims` did not return a claim the flags need (the store and the facts are out of step)."""


def find_contradictions(facts: Iterable[ClaimFact], load_claims: LoadClaims,
                        references: Iterable[ReferenceFigure] = ()) -> list[Flag]:
    """Every contradiction among `facts` (and against `references`), as Flags with full claims and explanations."""
    facts = list(facts)
    index = Index(facts)
    candidates = _candidates(index, references)
    for event, event_index in event_indexes(facts):  # the reports of one event against each other only
        candidates += merge(magnitude_slip.find(event_index) + same_event.find(event_index, event))
    targets = target_index(facts)  # targets against targets: lakh/million/crore slips only
    if targets is not None:
        candidates += merge(magnitude_slip.find(targets, subgroups=True))
    for entity, entity_index in entity_indexes(facts):  # a department's running totals against its own
        # two different figures of one department in one article are nearly always a breakdown (its zone and its
        # division, two kinds of course takers: 2 of 2 on the real-news set), so value conflicts are across sources
        conflicts = [c for c in value_conflict.find(entity_index)
                     if len({r.doc for r in c.flagged + c.other}) > 1]
        found = magnitude_slip.find(entity_index) + conflicts
        for c in found:
            c.extra["entity"] = entity
        candidates += merge(found)
    candidates += missing_scale.find(facts, index)
    workforce = population.population_index(facts, index.metrics)  # sizes of one workforce, whatever their dates
    if workforce is not None:
        candidates += merge(population.find(workforce))
    return _flags(candidates, load_claims, index)


def check_new(new_facts: Iterable[ClaimFact], existing_facts: Iterable[ClaimFact], load_claims: LoadClaims,
              references: Iterable[ReferenceFigure] = ()) -> list[Flag]:
    """Flags that involve at least one of `new_facts` (a draft checked against the database, not stored).

    Only the existing facts that can meet a new one in some rule are kept: the same metrics (and the metrics a
    share or a sum relates them to), in the new facts' scopes plus India — or every scope when a new fact is
    national, since a national figure is the whole every state is compared with.
    """
    new_facts = list(new_facts)
    new_ids = {f.id for f in new_facts}
    from ..lang import metrics

    table = metrics()
    wanted_metrics: set[str] = set()
    for f in new_facts:
        wanted_metrics.add(f.metric)
        m = table.get(f.metric)
        if m is None:
            continue
        if m.share_of:
            wanted_metrics.add(m.share_of)
        for other in table.values():
            if other.share_of == f.metric:
                wanted_metrics.add(other.id)
            if any(f.metric in p for p in other.parts) or (f.metric == other.id and other.parts):
                wanted_metrics.add(other.id)
                wanted_metrics.update(x for p in other.parts for x in p)
    national = any(f.state == "India" for f in new_facts)
    scopes = {f.state for f in new_facts} | {"India"}
    kept = [f for f in existing_facts if f.id not in new_ids and f.metric in wanted_metrics
            and (national or f.state in scopes)]
    flags = find_contradictions(kept + new_facts, load_claims,
                                [r for r in references if r.metric in wanted_metrics])
    return [fl for fl in flags if any(c.id in new_ids for c in fl.claims)]


check = check_new


def _candidates(index: Index, references: Iterable[ReferenceFigure]) -> list[Candidate]:
    found: list[Candidate] = magnitude_slip.find(index)
    # a claim named as a slip is not reported again as a running total that fell or a whole below its parts
    slipped = {i for c in found if c.suspect is not None for i in c.extra.get("copies", [c.suspect.fact.id])}
    found += value_conflict.find(index)
    found += part_exceeds_whole.find(index, exclude=slipped)
    found += cumulative_backwards.find(index, exclude=slipped)
    found += arithmetic.find(index, exclude=slipped)
    found += reference_mismatch.find(index, references)
    return merge(found)


def _flags(candidates: list[Candidate], load_claims: LoadClaims, index: Index) -> list[Flag]:
    if not candidates:
        return []
    ids = sorted({i for c in candidates for i in c.claim_ids()})
    claims = {c.id: c for c in load_claims(ids)}
    missing = [i for i in ids if i not in claims]
    if missing:
        raise MissingClaims(f"load_claims returned no claim for {len(missing)} id(s), e.g. {missing[0]}")
    flags: dict[str, Flag] = {}
    for c in candidates:
        flag_id = Flag.make_id(c.kind, c.id_keys())
        if flag_id in flags:
            continue
        records = [claims[i] for i in c.claim_ids()]
        same_document = len({r.doc for r in c.flagged + c.other}) == 1 and len(records) > 1
        likely = None
        if c.power and c.other:
            likely = magnitude_slip.name_slip(claims[c.flagged[0].fact.id], claims[c.other[0].fact.id])
        elif c.power and c.reference is not None:
            likely = "decimal_shift" if magnitude_slip.significant_digits(c.flagged[0].fact.value) == \
                magnitude_slip.significant_digits(c.reference.value) else "order_of_magnitude"
        level, rule = _severity(c, index.metric(c.metric), same_document)
        en, hi = _explain(c, claims, likely, same_document)
        flags[flag_id] = Flag(
            id=flag_id, kind=c.kind, metric=c.metric, state=c.state, severity=level, claims=records,
            explanation_en=en, explanation_hi=hi, likely_slip=likely,
            suspect_claim=c.suspect.fact.id if c.suspect is not None else None,
            supported_value=c.supported_value, supporting_sources=c.supporting_sources,
            ratio=round(c.ratio, 4) if c.ratio not in (None, float("inf")) else None,
            implied_value=round(c.implied, 4) if c.implied is not None else None,
            same_document=same_document, severity_rule=rule,
            confidence=_confidence(c, records, same_document),
            official_claims=[r.id for r in records if is_official(r.source.url, r.source.publisher)],
            reference=_reference(c.reference) if c.reference is not None else None)
    return sorted(flags.values(), key=lambda f: (_SEVERITY_ORDER[f.severity], _KIND_ORDER[f.kind], f.metric,
                                                 f.state, f.id))


SAME_ARTICLE_CONFLICT = 0.8  # see _confidence


def _confidence(c: Candidate, records: list[Claim], same_document: bool) -> float:
    """A flag is as sure as the least sure claim it rests on. Two different figures of one metric inside one article
    are more often two things the article counts (a breakdown the extractor labelled alike) than an article that
    contradicts itself — 4 of 4 such value conflicts on the real-news set — so they count for less."""
    sure = min((r.confidence for r in records), default=1.0)
    if c.kind == "value_conflict" and same_document:
        sure *= SAME_ARTICLE_CONFLICT
    return round(sure, 2)


def _reference(ref: ReferenceFigure) -> Reference:
    return Reference(id=ref.key.split(":", 1)[1], metric=ref.metric, state=ref.state, value=ref.value,
                     value_max=ref.value_max, qualifier=ref.qualifier, unit=ref.resolved_unit(), as_of=ref.as_of,
                     source=ref.source)

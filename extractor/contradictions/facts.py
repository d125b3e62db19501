"""What the rules work on: `ClaimFact`, the dozen fields of a claim the rules compare, and `ReferenceFigure`, an
official figure staff recorded.

The engine never holds a million pydantic `Claim` records: the store (or a test) turns each claim into a slotted
`ClaimFact` (about 200 bytes) and passes a `load_claims(ids) -> list[Claim]` callable; full records are loaded only
for the claims that end up in a flag.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..records import Claim


@dataclass(slots=True)
class ClaimFact:
    """One claim, reduced to what the contradiction rules compare.

    `source_id` is the independence key: the story group of the claim's document, so that syndicated copies of one
    story count as one source. `document_id` identifies the article itself (contradictions inside one article are
    reported too). Both default to the claim's source path (else URL) — right for a single run over files, where
    every article is its own source. `precision` is one unit of the last digit as written ("1.45 crore" → 1,00,000;
    quotes.written_precision of the evidence quote), None when the quote does not tell (the tolerance then reads
    the value itself).
    """

    id: str
    source_id: str
    document_id: str
    metric: str
    state: str
    value: float
    value_max: float | None = None
    qualifier: str = "exact"
    unit: str = "count"
    as_of: str | None = None
    published: str | None = None
    entity: str | None = None
    precision: float | None = None
    period: str = "cumulative"  # the claim's period: running totals together, each event's totals together
    event: str | None = None
    confidence: float = 1.0  # the claim's; a flag is as sure as the least sure of its claims
    official: bool = False  # from an official source (official.py): its value is preferred as the supported one

    @classmethod
    def from_claim(cls, claim: Claim, source_id: str | None = None, document_id: str | None = None) -> "ClaimFact":
        from .official import is_official
        from .quotes import written_precision

        doc = document_id or claim.source.path or claim.source.url or f"claim:{claim.id}"
        return cls(claim.id, source_id or doc, doc, claim.metric, claim.state, claim.value, claim.value_max,
                   claim.qualifier, claim.unit, claim.as_of, claim.published, claim.entity,
                   written_precision(claim.evidence.quote), claim.period, claim.event, claim.confidence,
                   is_official(claim.source.url, claim.source.publisher))


@dataclass(slots=True)
class ReferenceFigure:
    """An official figure (metric, state, value, as_of, source) that claims are checked against.

    The store's `reference_figures` rows map onto it with `ReferenceFigure.from_row(row)`; `unit` defaults to the
    metric's unit in metrics.toml. `key` is what makes a reference_mismatch flag's id: the store's id when there is
    one, else a hash of the figure, so re-runs give the same flag.
    """

    metric: str
    state: str
    value: float
    as_of: str | None
    source: str
    value_max: float | None = None
    qualifier: str = "exact"
    unit: str | None = None
    id: str | int | None = None
    note: str | None = None

    @classmethod
    def from_row(cls, row: dict) -> "ReferenceFigure":
        optional = ("value_max", "qualifier", "unit", "id", "note")
        return cls(row["metric"], row["state"], row["value"], row.get("as_of"), row.get("source") or "reference",
                   **{k: row[k] for k in optional if row.get(k) is not None})

    @property
    def key(self) -> str:
        if self.id is not None:
            return f"reference:{self.id}"
        raw = "\x1f".join(str(x) for x in (self.metric, self.state, self.value, self.value_max, self.qualifier,
                                              self.as_of, self.source)).encode()
        return "reference:" + hashlib.sha1(raw).hexdigest()[:16]

    def resolved_unit(self) -> str:
        if self.unit:
            return self.unit
        from ..lang import metrics

        m = metrics().get(self.metric)
        return m.unit if m else "count"

"""The public flag record: two or more claims that cannot all be right, and why.

`extract contradictions --format jsonl` prints exactly these; the store keeps them in the `flags` table (with the
review status and version beside them); the review queue shows them.
"""
from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .claim import Claim

FlagKind = Literal[
    "magnitude_slip",        # same figure written 10×/100×/1000× off: decimal shifted, lakh for crore, million for lakh
    "value_conflict",        # same metric, scope and period; values incompatible given their qualifiers
    "part_exceeds_whole",    # a state's or department's figure above the national one
    "cumulative_backwards",  # a cumulative count reported lower later than earlier
    "arithmetic",            # stated shares or totals that do not add up
    "reference_mismatch",    # a claim that disagrees with an official figure staff recorded
]
Severity = Literal["high", "medium", "low"]
FlagStatus = Literal["open", "confirmed", "dismissed", "needs_info"]
FLAG_STATUSES: tuple[str, ...] = ("open", "confirmed", "dismissed", "needs_info")
SlipKind = Literal["decimal_shift", "lakh_for_crore", "crore_for_lakh", "million_for_lakh", "lakh_for_million",
                   "thousand_for_lakh", "lakh_for_thousand", "order_of_magnitude", "million_for_crore",
                   "crore_for_million"]


class Reference(BaseModel):
    """An official figure staff recorded (the store's `reference_figures`), as carried by a reference_mismatch flag."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="The reference's id in the store (or a hash of its fields)")
    metric: str
    state: str
    value: int | float
    value_max: int | float | None = None
    qualifier: Literal["exact", "at_least", "at_most", "approx", "range"] = "exact"
    unit: str = "count"
    as_of: str | None = None
    source: str = Field(description="Where the official figure comes from (a release, a dashboard, a letter)")


DEFAULT_MIN_CONFIDENCE = 0.7  # the queue's default: measured on the real-news set (README, "Flags")


class Flag(BaseModel):
    """One contradiction between claims (from different sources, or inside one article)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Stable id: same kind and same claims → same id across re-runs")
    kind: FlagKind
    metric: str = Field(description="Canonical metric id shared by the claims")
    state: str = Field(description="Scope of the flag: 'India' or a state (for part_exceeds_whole: the part)")
    severity: Severity
    claims: list[Claim] = Field(min_length=1, description="The claims in conflict, full records with source and evidence")
    explanation_en: str = Field(description="Plain-language explanation in English")
    explanation_hi: str = Field(description="Plain-language explanation in Hindi")
    likely_slip: SlipKind | None = Field(None, description="For magnitude slips: which way the figure was miswritten")
    suspect_claim: str | None = Field(None, description="Id of the claim most likely wrong, when one can be named")
    supported_value: int | float | None = Field(
        None, description="The value most independent sources support, when others agree")
    supporting_sources: int | None = Field(None, description="How many independent sources support supported_value")
    status: FlagStatus = Field("open", description="Review status; kept by the store across re-runs")
    # added by the contradiction finder (all optional: older records validate unchanged)
    ratio: float | None = Field(
        None, description="How far apart the figures are: the larger over the smaller (10.0 for a tenfold slip)")
    implied_value: int | float | None = Field(
        None, description="For arithmetic: what the other figures imply (the share 18 lakh is of 14.5 crore, in %)")
    same_document: bool = Field(False, description="True when every claim of the flag comes from one article")
    official_claims: list[str] = Field(default_factory=list, description="Ids of the claims that come from an "
                                       "official source (PIB, the Capacity Building Commission, a ministry, a "
                                       "Parliament reply, a state government: extractor/lang/sources.toml)")
    confidence: float = Field(1.0, ge=0, le=1, description="How sure the flag is: the lowest confidence of its "
                              "claims (a flag is as sure as the least sure reading it rests on). The review queue "
                              "shows flags at or above DEFAULT_MIN_CONFIDENCE by default, the rest under 'Low "
                              "confidence'")
    severity_rule: str | None = Field(
        None, description="The named rule that set `severity` (extractor/contradictions/severity.py)")
    reference: Reference | None = Field(None, description="For reference_mismatch: the official figure")

    @staticmethod
    def make_id(kind: str, claim_ids: list[str]) -> str:
        """Same kind over the same claims → same id, whatever order the claims were found in."""
        raw = "\x1f".join([kind, *sorted(claim_ids)]).encode()
        return hashlib.sha1(raw).hexdigest()[:16]

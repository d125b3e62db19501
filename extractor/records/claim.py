"""The public claim record. `extract FILE --format jsonl` prints exactly these; the store keeps exactly these."""
from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from .made import claim_id, record_as_given

Qualifier = Literal["exact", "at_least", "at_most", "approx", "range"]
# What stretch of time a figure totals (corpus/gold/realnews/README.md): the contradiction rules compare like with like
Period = Literal["cumulative", "event", "year", "daily_average", "target", "earlier"]

_field_names: dict[type, set[str]] = {}  # model → the names of its fields, copied for each record made as given


def _as_given(cls, values: dict):
    """An instance of the model `cls` holding `values` — every field, in field order, each already of the type
    validation would give it — as they are: what `cls(**values)` makes, set up as pydantic's `model_construct` sets
    it up but without its loop over the fields (which made it slower than validating: 9.5 µs against 5 µs). For the
    claim builder, whose values are valid by construction (tests/test_claims_fast.py revalidates every claim of the
    corpus): validating a claim and its evidence was ~30,000 machine instructions of the ~56,000 of making them,
    1.2 M of the 42.7 M of an article's claims. Its set of fields given is a copy of the model's names (every field
    is given) rather than a set made of the values' keys, and the slots are set through their descriptors: making a
    claim and its evidence took 19,400 machine instructions before, 12,000 so."""
    names = _field_names.get(cls)
    if names is None:
        names = _field_names[cls] = set(cls.model_fields)
    return record_as_given(cls, values, names.copy() if len(values) == len(names) else set(values))


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str | None = Field(None, description="File the claim was read from ('-' for standard input)")
    url: str | None = None
    publisher: str | None = None
    title: str | None = None

    def outlet(self) -> str | None:
        """Who published it, as a reader would name the outlet: the publisher ingest read (og:site_name, JSON-LD, a
        PUBLISHER: line), else the host of its http(s) address ("www." dropped: a SOURCE: line or the page URL),
        else None."""
        if self.publisher and self.publisher.strip():
            return self.publisher.strip()
        if not self.url:
            return None
        try:
            parts = urlsplit(self.url.strip())
        except ValueError:
            return None
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        return parts.hostname.removeprefix("www.")


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quote: str = Field(description="The number exactly as written in the article")
    start: int = Field(ge=0, description="Character offset of the quote in the decoded text (BOM removed, header kept)")
    end: int = Field(ge=0, description="End offset (exclusive): text[start:end] == quote")
    sentence: str = Field(description="The sentence the number stands in")

    @classmethod
    def as_given(cls, values: dict) -> "Evidence":
        """`Evidence(**values)` for values known valid: see `_as_given`."""
        return _as_given(cls, values)


class Claim(BaseModel):
    """One statistic stated in one article."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Stable id: the same input gives the same id")
    metric: str = Field(description="Canonical metric id from extractor/lang/metrics.toml, or 'other'")
    metric_text: str | None = Field(None, description="The words the article used for the metric")
    value: int | float = Field(description="The figure as a plain number (14.5 करोड़ → 145000000)")
    value_max: int | float | None = Field(None, description="Upper end of a range")
    qualifier: Qualifier = "exact"
    unit: str = Field("count", description="count | percent | inr | hours | days | ...")
    state: str = Field(description="Canonical English scope: 'India' for national figures, else the state")
    entity: str | None = Field(None, description="Department, ministry or other organisation whose figure it is, when "
                               "narrower than the state or the nation; such a figure never stands for the state's total")
    period: Period = Field("cumulative", description="cumulative (a running total or stock as of a date), event (one "
                           "event's total), year, daily_average, target (a goal or population to cover), earlier (a "
                           "past value quoted for comparison)")
    event: str | None = Field(None, description="The event a period 'event' figure totals (Karmayogi Saptah 2024 …)")
    confidence: float = Field(1.0, ge=0, le=1, description="How far the metric, scope and period rest on explicit "
                              "evidence in the figure's own clause (README: 'How sure a claim is')")
    as_of: str | None = Field(None, description="ISO date, or YYYY-MM / YYYY when that is all the text says")
    published: str | None = Field(None, description="Publication date of the article (ISO)")
    language: str = Field(description="hi, en or mixed")
    source: Source
    evidence: Evidence

    @classmethod
    def as_given(cls, values: dict) -> "Claim":
        """`Claim(**values)` for values known valid (every field, in field order): see `_as_given`."""
        return _as_given(cls, values)

    @staticmethod
    def make_id(source_key: str, start: int, end: int, value: float, metric: str) -> str:
        """Same article text, same span, same reading → same id (sqlite-utils' hash_id idea)."""
        return claim_id(source_key, start, end, value, metric)

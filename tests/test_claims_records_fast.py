"""The claim builder makes its records in compiled code (issue 17): what validation and the records' own methods make.

A record made as given (records/made.py `record_as_given`, which the builder and `Claim.as_given` both use) must be
the record validation makes of the same values; the builder's claims must be what `Claim.as_given`, `Evidence.as_given`
and `Claim.make_id` make of their fields.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.claims import build
from extractor.records import Claim, Evidence, Source
from extractor.records.made import record_as_given
from pure_python import pure_copy

PURE_BUILD = pure_copy("extractor.claims.build")  # the builder's records as pure Python makes them

_figure = st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False)


def _same_record(made, given_way) -> None:
    assert type(made) is type(given_way)
    assert made == given_way
    assert made.model_dump_json() == given_way.model_dump_json()
    assert made.model_fields_set == given_way.model_fields_set
    assert list(made.__dict__) == list(given_way.__dict__)
    assert [type(v) for v in made.__dict__.values()] == [type(v) for v in given_way.__dict__.values()]
    assert made.__pydantic_extra__ == given_way.__pydantic_extra__
    assert made.__pydantic_private__ == given_way.__pydantic_private__


def _corpus_claims() -> list:
    from conftest import ROOT
    from extractor.ingest import read_document

    files = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".html") and "gold" not in p.parts)
    return [(doc, build.extract_claims(doc)) for doc in map(read_document, files)]


def test_every_claim_of_the_corpus_is_what_the_records_own_methods_make():
    seen = 0
    for doc, claims in _corpus_claims():
        source_key = hashlib.sha1(doc.text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        for claim in claims:
            ev = claim.evidence
            assert claim.id == Claim.make_id(source_key, ev.start, ev.end, claim.value, claim.metric)
            evidence = Evidence.as_given({k: getattr(ev, k) for k in Evidence.model_fields})
            _same_record(ev, evidence)
            _same_record(claim, Claim.as_given({**{k: getattr(claim, k) for k in Claim.model_fields},
                                                "evidence": evidence}))
            seen += 1
    assert seen > 100


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({"quote": st.text(max_size=8), "start": st.integers(0, 10**6),
                              "end": st.integers(0, 10**6), "sentence": st.text(max_size=20)}),
       st.text(max_size=12), _figure, st.none() | st.text(max_size=8))
def test_a_record_made_as_given_is_the_one_validation_makes(evidence, metric, value, title):
    evidence = {name: evidence[name] for name in Evidence.model_fields}  # as given: every field, in field order
    made_evidence = record_as_given(Evidence, dict(evidence), set(Evidence.model_fields))
    _same_record(made_evidence, Evidence(**evidence))
    fields = {"id": "x", "metric": metric, "metric_text": None, "value": value, "value_max": None,
              "qualifier": "exact", "unit": "count", "state": "India", "entity": None, "period": "cumulative",
              "event": None, "confidence": 0.5, "as_of": None, "published": None, "language": "hi",
              "source": Source(path="a.txt", title=title), "evidence": made_evidence}
    made = record_as_given(Claim, dict(fields), set(Claim.model_fields))
    _same_record(made, Claim(**fields))
    _same_record(made, Claim.as_given(dict(fields)))
    # each record its own set of fields given, as `Claim.as_given` makes it
    again = Claim.as_given(dict(fields))
    assert again.model_fields_set is not Claim.as_given(dict(fields)).model_fields_set


def test_the_builders_records_each_have_their_own_set_of_fields_given():
    doc, claims = next((doc, claims) for doc, claims in _corpus_claims() if len(claims) > 1)
    first, second = claims[:2]
    assert first.model_fields_set == second.model_fields_set == set(Claim.model_fields)
    assert first.model_fields_set is not second.model_fields_set
    assert first.evidence.model_fields_set is not second.evidence.model_fields_set
    first.model_fields_set.discard("id")  # one record's set changed leaves the other's whole
    assert "id" in second.model_fields_set


# -- the builder's small records: what the dataclasses they were made --------------------------------------------------

@dataclass(slots=True, unsafe_hash=True)
class _Marker:
    start: int
    end: int
    scope: str
    strength: int


@dataclass(slots=True, unsafe_hash=True)
class _PartHit:
    start: int
    end: int
    key: str


@dataclass(slots=True, unsafe_hash=True)
class _MetricReading:
    metric: str
    text: str | None
    confidence: float
    counted: str | None


_OLD_RECORDS = {"Marker": _Marker, "PartHit": _PartHit, "MetricReading": _MetricReading}
_value = st.integers(-5, 10**6) | st.text(max_size=6) | st.none() | st.floats(0, 1)


@pytest.mark.parametrize("module", [build, PURE_BUILD], ids=["as run", "pure Python"])
@pytest.mark.parametrize("name", sorted(_OLD_RECORDS))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(_value, min_size=4, max_size=4), others=st.lists(_value, min_size=4, max_size=4))
def test_the_builders_records_are_what_the_dataclasses_were(module, name, values, others):
    new_type, old_type = getattr(module, name), _OLD_RECORDS[name]
    fields = [f.name for f in dataclasses.fields(old_type)]
    n = len(fields)
    new, old = new_type(*values[:n]), old_type(*values[:n])
    assert [getattr(new, f) for f in fields] == [getattr(old, f) for f in fields]
    assert repr(new) == repr(old).replace("_" + name + "(", name + "(")
    assert hash(new) == hash(old)
    for other in (others[:n], values[:n]):
        assert (new == new_type(*other)) == (old == old_type(*other))
        assert (new != new_type(*other)) == (old != old_type(*other))
    assert new != old and not new == (values[:n])
    assert new == new_type(*[getattr(new, f) for f in fields])  # keyword-free, positional, as the builder makes them
    with pytest.raises(AttributeError):
        new.elsewhere = 1  # no attribute it does not declare, as with slots


# -- a sentence wholly set aside: what `Document.is_excluded` finds ----------------------------------------------------

_span = st.tuples(st.integers(0, 60), st.integers(0, 30), st.sampled_from(["nav", "teaser", "header"]))


@settings(max_examples=300, deadline=None)
@given(spans=st.lists(_span, max_size=6), body_start=st.integers(0, 20),
       asked=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 30)), min_size=1, max_size=10))
def test_a_sentence_is_fully_excluded_as_is_excluded_says(spans, body_start, asked):
    from extractor.records import Document
    from extractor.records.document import ExcludedSpan

    # spans in any order, overlapping or not: the first in the document's order that overlaps decides
    doc = Document(text="x " * 50, excluded=[ExcludedSpan(a, a + n, r) for a, n, r in spans], body_start=body_start)
    builder = build._ClaimBuilder(doc)
    for a, n in asked:
        b = a + n
        span = doc.is_excluded(a, b)
        assert builder._fully_excluded(a, b) == (span is not None and span.start <= a and span.end >= b)

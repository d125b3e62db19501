"""The claim builder makes its records in compiled code (issue 17): what the records' own methods make.

`Claim.as_given`, `Evidence.as_given` (records/claim.py `_as_given`) and `Claim.make_id` are the specification; the
builder's `_made_as_given` and its id must give the same records and the same ids.
"""
from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.claims import build
from extractor.records import Claim, Evidence, Source

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
def test_a_record_made_by_the_builder_is_the_one_as_given_makes(evidence, metric, value, title):
    made_evidence = build._made_as_given(Evidence, dict(evidence), build._EVIDENCE_FIELDS)
    _same_record(made_evidence, Evidence.as_given(dict(evidence)))
    fields = {"id": "x", "metric": metric, "metric_text": None, "value": value, "value_max": None,
              "qualifier": "exact", "unit": "count", "state": "India", "entity": None, "period": "cumulative",
              "event": None, "confidence": 0.5, "as_of": None, "published": None, "language": "hi",
              "source": Source(path="a.txt", title=title), "evidence": made_evidence}
    made = build._made_as_given(Claim, dict(fields), build._CLAIM_FIELDS)
    _same_record(made, Claim.as_given(dict(fields)))
    # each record its own set of fields given, as `_as_given` makes it
    again = build._made_as_given(Claim, dict(fields), build._CLAIM_FIELDS)
    assert made.model_fields_set is not again.model_fields_set
    assert made.model_fields_set is not build._CLAIM_FIELDS


"""The library's contract with the store and the CLI: facts in, Flags out, deterministic, one claim load."""
import random

import pytest

from extractor.contradictions import ClaimFact, MissingClaims, check_new, find_contradictions
from extractor.records import Claim, Evidence, Flag, Source


def claim(cid, value, *, metric="registered_users", state="India", as_of="2026-03-10", q="exact", doc=None):
    quote = f"{value / 1e7:g} crore" if value >= 1e7 else f"{value / 1e5:g} lakh"
    return Claim(id=cid, metric=metric, value=value, qualifier=q, unit="count", state=state, as_of=as_of,
                 published=as_of, language="en", source=Source(path=f"{doc or cid}.txt", publisher=doc or cid),
                 evidence=Evidence(quote=quote, start=0, end=len(quote), sentence=quote))


CLAIMS = [claim("a", 145_000_000), claim("b", 14_500_000), claim("c", 14_500_000), claim("d", 16_000_000),
          claim("e", 13_800_000, as_of="2026-04-20"), claim("f", 3_000_000, metric="course_completions"),
          claim("g", 7_200_000, metric="course_completions", state="Uttar Pradesh"),
          claim("h", 1_800_000, state="Uttar Pradesh", q="at_least"),
          claim("i", 1_880_000, state="Uttar Pradesh", q="at_least")]
BY_ID = {c.id: c for c in CLAIMS}


def load(ids):
    return [BY_ID[i] for i in ids]


def facts():
    return [ClaimFact.from_claim(c) for c in CLAIMS]


def test_claim_facts_are_slotted_and_default_their_source_to_the_document():
    f = ClaimFact.from_claim(CLAIMS[0])
    assert not hasattr(f, "__dict__")
    assert f.source_id == f.document_id == "a.txt" and f.precision == 1_000_000  # "14.5 crore"
    g = ClaimFact.from_claim(CLAIMS[0], "story-9", "doc-3")
    assert (g.source_id, g.document_id) == ("story-9", "doc-3")


def test_output_is_deterministic_whatever_the_input_order():
    first = find_contradictions(facts(), load)
    shuffled = facts()
    random.Random(4).shuffle(shuffled)
    again = find_contradictions(shuffled, load)
    assert [f.model_dump() for f in first] == [f.model_dump() for f in again]
    assert {f.kind for f in first} >= {"magnitude_slip", "value_conflict", "cumulative_backwards",
                                       "part_exceeds_whole"}


def test_flag_ids_are_stable_hashes_of_kind_and_claims():
    for f in find_contradictions(facts(), load):
        assert f.id == Flag.make_id(f.kind, [c.id for c in f.claims])
        assert Flag.model_validate_json(f.model_dump_json()) == f  # what the store keeps


def test_claims_are_loaded_once_and_only_the_flagged_ones():
    calls = []

    def counting(ids):
        calls.append(list(ids))
        return load(ids)

    flags = find_contradictions(facts(), counting)
    assert len(calls) == 1
    assert set(calls[0]) == {c.id for f in flags for c in f.claims}
    assert "h" not in calls[0] and "i" not in calls[0]


def test_no_contradictions_no_load():
    assert find_contradictions([ClaimFact.from_claim(CLAIMS[1])], lambda ids: pytest.fail("loaded")) == []


def test_a_missing_claim_is_a_named_error():
    with pytest.raises(MissingClaims):
        find_contradictions(facts(), lambda ids: [])


def test_check_new_returns_only_flags_with_a_new_claim():
    existing = [f for f in facts() if f.id != "a"]
    new = [f for f in facts() if f.id == "a"]
    flags = check_new(new, existing, load)
    assert flags and all(any(c.id == "a" for c in f.claims) for f in flags)
    full = {f.id for f in find_contradictions(facts(), load) if any(c.id == "a" for c in f.claims)}
    assert {f.id for f in flags} == full


def test_check_new_with_a_state_figure_sees_the_national_ones():
    existing = [f for f in facts() if f.id != "g"]
    new = [f for f in facts() if f.id == "g"]
    assert [f.kind for f in check_new(new, existing, load)] == ["part_exceeds_whole"]

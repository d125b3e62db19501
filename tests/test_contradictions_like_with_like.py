"""Like with like (the flags issue): periods, events and entities decide what is compared; a flag is as sure as its
least sure claim; the queue and the CLI show the sure flags first."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

from extractor.contradictions import ClaimFact, find_contradictions
from extractor.contradictions.engine import event_indexes
from extractor.lang import metrics
from extractor.records import Claim, Evidence, Source

DAY = "2024-11-14"


def fact(fid, value, *, metric="course_enrolments", source=None, period="cumulative", event=None, entity=None,
         confidence=1.0, q="exact", state="India", as_of=DAY, precision=None):
    source = source or fid
    return ClaimFact(fid, source, source, metric, state, value, None, q, metrics()[metric].unit, as_of, as_of, entity,
                     precision, period, event, confidence)


def run(facts, quotes=None):
    quotes = quotes or {}
    claims = {}
    for f in facts:
        q = quotes.get(f.id, f"{f.value / 1e5:g} lakh")
        claims[f.id] = Claim(id=f.id, metric=f.metric, value=f.value, qualifier=f.qualifier, unit=f.unit,
                             state=f.state, as_of=f.as_of, published=f.published, language="en",
                             period=f.period, event=f.event, confidence=f.confidence, entity=f.entity,
                             source=Source(path=f"{f.document_id}.txt", publisher=f"Outlet {f.source_id}"),
                             evidence=Evidence(quote=q, start=0, end=len(q), sentence=q))
    return find_contradictions(facts, lambda ids: [claims[i] for i in ids])


def test_two_reports_of_one_event_that_differ_are_a_same_event_conflict():
    a = fact("a", 4_560_000, period="event", event="Karmayogi Saptah 2024", precision=10_000)
    b = fact("b", 4_540_000, period="event", event="Karmayogi Saptah 2024", precision=10_000, as_of=None)
    flags = run([a, b])
    assert [f.kind for f in flags] == ["value_conflict"]
    assert "Karmayogi Saptah 2024" in flags[0].explanation_en
    assert flags[0].severity == "low"  # under 5% apart


def test_adjacent_roundings_of_one_event_total_conflict_but_rounding_does_not():
    ev = dict(period="event", event="Karmayogi Saptah 2024", precision=10_000)
    assert run([fact("a", 3_260_000, **ev), fact("b", 3_250_000, **ev)])  # 32.6 vs 32.5 lakh
    outlay = dict(metric="budget_outlay", period="event", event="Cabinet 2020")
    assert not run([fact("c", 5_100_000_000, precision=10_000_000, **outlay),
                    fact("d", 5_108_600_000, precision=100_000, **outlay)])  # Rs 510 crore vs Rs 510.86 crore
    more = dict(metric="learning_hours", period="event", event="Karmayogi Saptah 2024")
    assert not run([fact("e", 3_800_000, q="at_least", precision=100_000, **more),
                    fact("f", 3_850_000, precision=10_000, **more)])  # "more than 38 lakh" vs 38.5 lakh


def test_an_event_total_is_not_compared_with_the_running_total():
    running = fact("a", 14_500_000, metric="registered_users")
    week = fact("b", 4_560_000, metric="registered_users", period="event", event="Karmayogi Saptah 2024")
    assert run([running, week]) == []


def test_two_years_of_one_event_are_not_compared_and_an_undated_report_joins_the_only_year():
    y23 = fact("a", 1_000_000, period="event", event="Karmayogi Saptah 2023")
    y24 = fact("b", 4_560_000, period="event", event="Karmayogi Saptah 2024")
    assert run([y23, y24]) == []
    undated = fact("c", 4_540_000, period="event", event="Karmayogi Saptah", precision=10_000)
    names = [name for name, _ in event_indexes([y24, replace(undated)])]
    assert names == ["Karmayogi Saptah 2024"]
    assert run([y23, y24, undated]) == []  # two years named: the undated report cannot be placed


def test_one_articles_lead_and_body_are_not_a_same_event_conflict():
    lead = fact("a", 400_000, metric="event_participants", q="at_least", source="s", period="event",
                event="Karmayogi Saptah 2024")
    body = replace(lead, id="b", value=430_000, qualifier="exact")
    assert run([lead, body]) == []


def test_a_departments_figure_never_stands_for_its_state():
    state = fact("a", 9_400_000, metric="registered_users", state="Uttar Pradesh")
    dept = fact("b", 3_900, metric="registered_users", state="Uttar Pradesh", entity="Department of Social Welfare",
                as_of="2025-09-30")
    assert run([state, dept]) == []


def test_a_departments_figures_are_compared_with_its_own_across_sources():
    police = dict(metric="registered_users", state="Madhya Pradesh", entity="Police")
    [f] = run([fact("a", 104_000, source="x", **police), fact("b", 140_000, source="y", **police)])
    assert (f.kind, f.state) == ("value_conflict", "Madhya Pradesh")
    assert "Madhya Pradesh (Police)" in f.explanation_en
    # a slip inside one article is still one
    [f] = run([fact("a", 104_000, source="x", **police), fact("b", 1_040_000, source="x", **police)],
              {"a": "1.04 lakh", "b": "10.4 lakh"})
    assert f.kind == "magnitude_slip"
    # two figures of one department in one article are a breakdown (zone and division), not a conflict
    assert run([fact("a", 30_982, source="x", **police), fact("b", 10_168, source="x", **police)]) == []
    # another department of the same state is another thing counted
    other = dict(police, entity="Railways")
    assert run([fact("a", 104_000, source="x", **police), fact("b", 140_000, source="y", **other)]) == []


def test_a_flag_is_as_sure_as_its_least_sure_claim():
    a = fact("a", 14_500_000, metric="registered_users", confidence=0.95, source="x")
    b = fact("b", 1_450_000, metric="registered_users", confidence=0.6, source="y")
    flags = run([a, b])
    assert flags and flags[0].confidence == 0.6


def test_a_conflict_inside_one_article_counts_for_less():
    a = fact("a", 161_100, metric="registered_users", source="s", confidence=0.85)
    b = fact("b", 114_100, metric="registered_users", source="s", confidence=0.85)
    flags = run([a, b])
    assert [f.kind for f in flags] == ["value_conflict"] and flags[0].confidence < 0.7


def test_cli_min_confidence_keeps_the_sure_flags(tmp_path):
    from extractor.contradictions.db import find_and_save
    from extractor.store import claim_to_row, open_db, write_transaction

    db_path = tmp_path / "c.db"
    db = open_db(db_path)
    facts = [fact("a", 14_500_000, metric="registered_users", confidence=0.9),
             fact("b", 1_450_000, metric="registered_users", confidence=0.9),
             fact("c", 1_450_000, metric="registered_users", confidence=0.9),
             fact("d", 67_00_000, metric="course_completions", confidence=0.9),
             fact("e", 6_70_00_000, metric="course_completions", confidence=0.5)]
    with write_transaction(db):
        for i, f in enumerate(facts):
            db["documents"].insert({"id": f.id, "path": f"{f.id}.txt", "status": "ok", "text": "x", "body_start": 0})
            claim = Claim(id=f.id, metric=f.metric, value=f.value, unit=f.unit, state=f.state, as_of=f.as_of,
                          published=f.published, language="en", confidence=f.confidence,
                          source=Source(path=f"{f.id}.txt", publisher=f"Outlet {f.id}"),
                          evidence=Evidence(quote="x", start=0, end=1, sentence="x"))
            db["claims"].insert(claim_to_row(claim, f.id, 0))
    find_and_save(db)
    db.close()
    every = subprocess.run([sys.executable, "-m", "extractor", "contradictions", "--db", str(db_path), "--format",
                            "jsonl"], capture_output=True, text=True)
    sure = subprocess.run([sys.executable, "-m", "extractor", "contradictions", "--db", str(db_path), "--format",
                           "jsonl", "--min-confidence", "0.7"], capture_output=True, text=True)
    assert every.returncode == sure.returncode == 0, every.stderr + sure.stderr
    all_flags = [json.loads(line) for line in every.stdout.splitlines()]
    sure_flags = [json.loads(line) for line in sure.stdout.splitlines()]
    assert {f["metric"] for f in all_flags} == {"registered_users", "course_completions"}
    assert {f["metric"] for f in sure_flags} == {"registered_users"}
    assert all(f["confidence"] >= 0.7 for f in sure_flags)


def test_a_target_written_a_power_of_ten_off_is_a_slip_even_for_subgroup_metrics():
    lakh = fact("a", 3_000_000, metric="employees_to_be_trained", period="target", q="approx")
    million = fact("b", 30_000_000, metric="employees_to_be_trained", period="target", q="at_least")
    crore = fact("c", 30_000_000, metric="employees_to_be_trained", period="target", q="at_least")
    flags = run([lakh, million, crore], quotes={"a": "30 lakh", "b": "30 million", "c": "three crore"})
    assert [f.kind for f in flags] == ["magnitude_slip"]
    assert {c.id for c in flags[0].claims} >= {"a"}


def test_two_subgroups_of_one_target_are_not_flagged():
    central = fact("a", 3_000_000, metric="employees_to_be_trained", period="target", source="s")
    states = fact("b", 22_000_000, metric="employees_to_be_trained", period="target", source="s")
    assert run([central, states]) == []


def test_an_official_source_is_preferred_and_named():
    from extractor.contradictions.official import is_official

    assert is_official("https://www.pib.gov.in/PressReleasePage.aspx?PRID=1", None)
    assert is_official(None, "Press Information Bureau") and is_official(None, "क्षमता निर्माण आयोग")
    assert not is_official("https://notpib.gov.in.example.com/x", "Daily News")
    # two outlets print 14.5 crore, the PIB release 1.45 crore: the release's value is the supported one
    pib = replace(fact("pib", 14_500_000, metric="registered_users"), official=True)
    a = fact("a", 145_000_000, metric="registered_users")
    b = fact("b", 145_000_000, metric="registered_users")
    claims = {}
    for f in (pib, a, b):
        q = "1.45 crore" if f.id == "pib" else "14.5 crore"
        claims[f.id] = Claim(id=f.id, metric=f.metric, value=f.value, unit=f.unit, state=f.state, as_of=f.as_of,
                             published=f.published, language="en",
                             source=Source(url="https://pib.gov.in/x" if f.id == "pib" else f"https://{f.id}.in/x",
                                           publisher="PIB Delhi" if f.id == "pib" else f"Outlet {f.id}"),
                             evidence=Evidence(quote=q, start=0, end=len(q), sentence=q))
    flags = find_contradictions([pib, a, b], lambda ids: [claims[i] for i in ids])
    assert [f.kind for f in flags] == ["magnitude_slip", "magnitude_slip"]  # one flag per outlet that slipped
    for flag in flags:
        assert flag.official_claims == ["pib"]
        assert flag.claims[0].id != "pib"  # the flagged side is the outlets', though they outnumber the release
        assert "official" in flag.explanation_en and "आधिकारिक" in flag.explanation_hi


def test_a_same_event_explanation_gives_how_far_apart_the_figures_are():
    a = fact("a", 3_260_000, period="event", event="Karmayogi Saptah 2024", precision=10_000)
    b = fact("b", 3_250_000, period="event", event="Karmayogi Saptah 2024", precision=10_000, as_of=None)
    [f] = run([a, b])
    assert "differ by 0.3%" in f.explanation_en and "0.3% का अंतर" in f.explanation_hi
    assert f.severity == "low"

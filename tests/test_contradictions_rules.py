"""Each contradiction rule on hand-made facts, with the boundary cases of its tolerance."""
import pytest

from extractor.contradictions import ClaimFact, ReferenceFigure, find_contradictions
from extractor.contradictions import tolerance
from extractor.lang import metrics
from extractor.records import Claim, Evidence, Source

DAY = "2026-03-10"


def fact(fid, value, *, metric="registered_users", state="India", q="exact", as_of=DAY, source=None, doc=None,
         vmax=None, unit=None, published=None, precision=None, entity=None, period="cumulative"):
    doc = doc or source or fid
    return ClaimFact(fid, source or doc, doc, metric, state, value, vmax, q, unit or metrics()[metric].unit, as_of,
                     published if published is not None else as_of, entity, precision, period)


def default_quote(value, unit):
    if unit == "percent":
        return f"{value:g}%"
    if value >= 1e7:
        return f"{value / 1e7:g} crore"
    if value >= 1e5:
        return f"{value / 1e5:g} lakh"
    return f"{value:,.0f}"


def run(facts, quotes=None, references=()):
    quotes = quotes or {}
    claims = {}
    for f in facts:
        q = quotes.get(f.id) or default_quote(f.value, f.unit)
        claims[f.id] = Claim(id=f.id, metric=f.metric, value=f.value, value_max=f.value_max, qualifier=f.qualifier,
                             unit=f.unit, state=f.state, as_of=f.as_of, published=f.published, language="hi",
                             source=Source(path=f"{f.document_id}.txt", publisher=f"Outlet {f.source_id}"),
                             evidence=Evidence(quote=q, start=0, end=len(q), sentence=q))
    return find_contradictions(facts, lambda ids: [claims[i] for i in ids], references)


def kinds(flags):
    return sorted(f.kind for f in flags)


def ids(flag):
    return {c.id for c in flag.claims}


# -- tolerance ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit", [(14_500_000, 100_000), (4179, 1), (13.5, 0.1), (70, 10), (1_880_000, 10_000),
                                         (0.25, 0.01), (0, 1)])
def test_rounding_unit_is_the_last_significant_digit(value, unit):
    assert tolerance.rounding_unit(value) == pytest.approx(unit)


def test_intervals_by_qualifier():
    assert tolerance.interval(14_500_000, None, "exact")[:2] == (14_450_000, 14_550_000)
    lo, hi, hard_lo, hard_hi = tolerance.interval(6_700_000, None, "at_least")
    assert (lo, hi, hard_lo, hard_hi) == (6_700_000, pytest.approx(7_035_000), 6_700_000, tolerance.INF)
    assert tolerance.interval(7_200_000, None, "approx")[:2] == (pytest.approx(6_480_000), pytest.approx(7_920_000))
    assert tolerance.interval(1_200_000, None, "at_most")[:2] == (0, 1_200_000)
    assert tolerance.interval(1_000_000, 1_200_000, "range", precision=100_000)[:2] == (950_000, 1_250_000)
    assert tolerance.interval(1_000_000, 1_200_000, "range")[:2] == (500_000, 1_250_000)  # "1000000": lenient


@pytest.mark.parametrize("quote, unit", [("1.45 crore", 100_000), ("14.5 करोड़", 1_000_000), ("30 lakh", 100_000),
                                         ("१८.८ लाख", 10_000), ("3 लाख 55 हजार", 1_000), ("10 से 12 लाख", 100_000),
                                         ("30 million", 1_000_000), ("4,179", None), ("70%+", None),
                                         ("ढाई लाख", None)])
def test_written_precision_from_the_quote(quote, unit):
    from extractor.contradictions.quotes import written_precision

    assert written_precision(quote) == (pytest.approx(unit) if unit else None)


@pytest.mark.parametrize("a, b, k", [(145, 14.5, 1), (114, 10, 1), (116, 10, 0), (87, 10, 1), (86, 10, 0),
                                     (5, 500, 2), (3, 3000, 3), (1, 10_000, 0), (12.4, 1, 0)])
def test_slip_power_within_fifteen_per_cent_of_a_power_of_ten(a, b, k):
    assert tolerance.slip_power(a, b) == k


# -- magnitude_slip ----------------------------------------------------------------------------------------------

def test_tenfold_between_two_sources_is_a_decimal_shift():
    flags = run([fact("a", 145_000_000, q="at_least"), fact("b", 14_500_000, q="at_least")],
                {"a": "14.5 करोड़", "b": "1.45 crore"})
    [f] = flags
    assert (f.kind, f.likely_slip, f.severity, f.ratio) == ("magnitude_slip", "decimal_shift", "high", 10.0)
    assert f.suspect_claim is None  # one source against one: no side is supported


def test_majority_names_the_suspect_and_the_supported_value():
    facts = [fact("slip", 30_000_000, metric="learners_completed_three_or_more", q="at_least"),
             fact("pib", 3_000_000, metric="learners_completed_three_or_more", q="at_least"),
             fact("dainik", 3_000_000, metric="learners_completed_three_or_more", q="at_least")]
    [f] = run(facts, {"slip": "30 million", "pib": "30 lakh", "dainik": "30 लाख"})
    assert f.likely_slip == "million_for_lakh"
    assert (f.suspect_claim, f.supported_value, f.supporting_sources) == ("slip", 3_000_000, 2)


@pytest.mark.parametrize("wrong, right, wrong_value, right_value, name", [
    ("5 हजार", "5 लाख", 5_000, 500_000, "thousand_for_lakh"),
    ("5 crore", "5 lakh", 50_000_000, 500_000, "crore_for_lakh"),
    ("5 लाख", "50 लाख", 500_000, 5_000_000, "decimal_shift"),
    ("67 लाख", "6.7 करोड़", 6_700_000, 67_000_000, "decimal_shift"),
    ("14.5 million", "14.5 crore", 14_500_000, 145_000_000, "million_for_crore"),
    ("4,000", "3.9 lakh", 4_000, 390_000, "order_of_magnitude"),
])
def test_the_slip_is_named_from_the_scale_words(wrong, right, wrong_value, right_value, name):
    facts = [fact("w", wrong_value, metric="app_downloads"),
             *(fact(f"r{i}", right_value, metric="app_downloads") for i in range(3))]
    [f] = run(facts, {"w": wrong, "r0": right, "r1": right, "r2": right})
    assert (f.likely_slip, f.suspect_claim) == (name, "w")


def test_ratios_beyond_the_slip_tolerance_are_not_slips():
    assert run([fact("a", 116_000_000), fact("b", 10_000_000)]) != []  # a value conflict is still possible …
    assert kinds(run([fact("a", 116_000_000), fact("b", 10_000_000)])) == ["value_conflict"]  # … but no slip
    assert kinds(run([fact("a", 114_000_000), fact("b", 10_000_000)])) == ["magnitude_slip"]


def test_slips_are_sought_within_half_a_year_and_undated_figures_always():
    near = [fact("a", 14_500_000, as_of="2026-01-06"), fact("b", 145_000_000, as_of="2026-06-01")]
    far = [fact("a", 14_500_000, as_of="2026-01-06"), fact("b", 145_000_000, as_of="2026-08-01")]
    undated = [fact("a", 145_000_000, as_of="2026-01-06"), fact("b", 14_500_000, as_of=None, published=None)]
    assert kinds(run(near)) == ["magnitude_slip"]
    assert run(far) == []  # tenfold growth in seven months is not ruled out
    assert kinds(run(undated)) == ["magnitude_slip"]
    # a tenfold *drop* of a running total is a contradiction however far apart (cumulative_backwards)
    assert kinds(run([fact("a", 145_000_000, as_of="2026-01-06"), fact("b", 14_500_000, as_of="2026-08-01")])) \
        == ["cumulative_backwards"]


def test_syndicated_copies_count_as_one_source():
    copies = [fact("slip", 145_000_000), fact("c1", 14_500_000, source="pti", doc="pti-1"),
              fact("c2", 14_500_000, source="pti", doc="pti-2")]
    [f] = run(copies)
    assert f.suspect_claim is None and f.supporting_sources == 1
    independent = [fact("slip", 145_000_000), fact("c1", 14_500_000), fact("c2", 14_500_000)]
    [f] = run(independent)
    assert f.suspect_claim == "slip" and f.supporting_sources == 2


def test_a_slip_inside_one_article_is_set_against_the_article_itself():
    facts = [fact("head", 14_500_000, source="x", doc="x"), fact("body", 145_000_000, source="x", doc="x"),
             fact("o1", 14_500_000), fact("o2", 14_500_000)]
    [f] = run(facts)
    assert ids(f) == {"head", "body"} and f.same_document and f.suspect_claim == "body"


def test_subgroup_metrics_other_metrics_and_other_scopes_are_not_compared():
    assert run([fact("a", 2_500_000, metric="employees_to_be_trained"),
                fact("b", 250_000, metric="employees_to_be_trained")]) == []
    assert run([fact("a", 14_500_000, state="Bihar"), fact("b", 1_450_000, state="Assam")]) == []
    assert run([fact("a", 145_000_000, metric="app_downloads"), fact("b", 14_500_000)]) == []
    other = [ClaimFact("a", "a", "a", "other", "India", 145e6), ClaimFact("b", "b", "b", "other", "India", 14.5e6)]
    assert run(other) == []


# -- value_conflict ----------------------------------------------------------------------------------------------

def test_two_lower_bounds_agree():
    facts = [fact("a", 1_800_000, state="Uttar Pradesh", q="at_least"),
             fact("b", 1_880_000, state="Uttar Pradesh", q="at_least")]
    assert run(facts) == []


def test_about_30_lakh_and_3_crore_is_a_slip_not_a_value_conflict():
    assert kinds(run([fact("a", 3_000_000, q="approx"), fact("b", 30_000_000)])) == ["magnitude_slip"]


def test_exact_figures_get_half_a_unit_of_their_last_digit():
    assert run([fact("a", 14_500_000), fact("b", 14_600_000)]) == []  # 1.445–1.455 and 1.455–1.465 touch
    [f] = run([fact("a", 14_500_000), fact("b", 14_700_000)])
    assert (f.kind, f.severity, f.severity_rule) == ("value_conflict", "low", "small_gap")


def test_approx_allows_ten_per_cent():
    assert run([fact("a", 7_200_000, q="approx"), fact("b", 7_900_000)]) == []
    assert kinds(run([fact("a", 7_200_000, q="approx"), fact("b", 8_100_000)])) == ["value_conflict"]


def test_more_than_x_is_read_as_x_rounded_down_on_the_same_day():
    assert run([fact("a", 6_700_000, q="at_least"), fact("b", 7_030_000)]) == []  # 70.25–70.35 lakh vs ≤ 70.35
    [f] = run([fact("a", 6_700_000, q="at_least"), fact("b", 7_100_000)])
    assert (f.kind, f.severity_rule) == ("value_conflict", "soft_bound")


def test_up_to_is_a_ceiling_and_a_range_is_an_interval():
    assert run([fact("a", 1_200_000, metric="officials_trained", q="at_most"),
                fact("b", 500_000, metric="officials_trained")]) == []
    assert kinds(run([fact("a", 1_200_000, metric="officials_trained", q="at_most"),
                      fact("b", 1_300_000, metric="officials_trained")])) == ["value_conflict"]
    ten_twelve = dict(vmax=1_200_000, q="range", precision=100_000)  # "10-12 लाख"
    assert run([fact("a", 1_000_000, **ten_twelve), fact("b", 1_240_000)]) == []
    assert kinds(run([fact("a", 1_000_000, **ten_twelve), fact("b", 1_400_000)])) == ["value_conflict"]
    assert kinds(run([fact("a", 1_000_000, **ten_twelve), fact("b", 940_000)])) == ["value_conflict"]


def test_value_conflicts_need_the_same_period():
    assert run([fact("a", 14_500_000, as_of="2026-03-10"), fact("b", 16_000_000, as_of="2026-03-11")]) == []
    assert kinds(run([fact("a", 14_500_000), fact("b", 16_000_000)])) == ["value_conflict"]


def test_value_conflict_majority_and_same_article_severity():
    facts = [fact("odd", 16_000_000), fact("m1", 14_500_000), fact("m2", 14_500_000), fact("m3", 14_500_000)]
    [f] = run(facts)
    assert (f.suspect_claim, f.supporting_sources, f.severity) == ("odd", 3, "medium")
    inside = [fact("h", 14_500_000, source="x"), fact("b", 16_000_000, source="x")]
    [f] = run(inside)
    assert f.same_document and (f.severity, f.severity_rule) == ("low", "same_article")


def test_subgroup_metrics_have_no_value_conflicts():
    # "22 लाख कर्मचारी … 5 लाख (ULB staff)": the local bodies' staff carry their entity (entities.toml)
    assert run([fact("a", 2_200_000, metric="employees_to_be_trained", q="approx", state="Uttar Pradesh"),
                fact("b", 500_000, metric="employees_to_be_trained", state="Uttar Pradesh",
                     entity="Local bodies")]) == []
    # a subgroups metric that sizes no workforce: two events' participants are never compared as a conflict
    assert run([fact("a", 430_000, metric="event_participants"),
                fact("b", 23_800, metric="event_participants")]) == []


# -- value_conflict, population (population.py) -------------------------------------------------------------------

def central_workforce(fid, value, q="exact", as_of=None, **kw):
    return fact(fid, value, metric="employees_to_be_trained", q=q, period="target", as_of=as_of, **kw)


def test_two_sizes_of_one_workforce_far_apart_are_flagged_whatever_their_dates():
    facts = [central_workforce("dna", 4_600_000, "approx", as_of="2020-09-02"),
             central_workforce("tribune", 3_200_000, precision=100_000),
             central_workforce("cbc", 3_100_000, "approx"), central_workforce("review", 3_000_000, "at_least")]
    [f] = run(facts)
    assert (f.kind, f.suspect_claim, f.supporting_sources) == ("value_conflict", "dna", 3)
    assert "one workforce" in f.explanation_en and "कर्मचारी वर्ग" in f.explanation_hi


def test_workforce_sizes_a_power_of_ten_apart_years_apart_are_a_slip():
    # "30 lakh central employees" (2021) against "30 million" (2025): no workforce grows tenfold
    [f] = run([central_workforce("a", 3_000_000, "approx", as_of="2021-03-01"),
               central_workforce("b", 30_000_000, "at_least", as_of="2025-06-01")],
              {"a": "30 lakh", "b": "30 million"})
    assert (f.kind, f.likely_slip) == ("magnitude_slip", "million_for_lakh")


def test_workforce_sizes_within_rounding_agree():
    # "46 lakh", "करीब 45 लाख" and "approximately 4.6 million" are one figure; 15% more is not rounding
    assert run([central_workforce("a", 4_600_000, "approx"), central_workforce("b", 4_500_000, "approx"),
                central_workforce("c", 4_600_000, "approx", precision=100_000)]) == []
    assert run([central_workforce("a", 4_600_000, "approx"), central_workforce("b", 3_700_000, "approx")]) == []


def test_workforce_sizes_not_compared_inside_one_article_or_with_a_ceiling_or_another_workforce():
    # "the initial mission covered 4.6 million … the new target of 10 million": one article describing a change
    assert run([central_workforce("old", 4_600_000, "approx", source="x"),
                central_workforce("new", 10_000_000, source="x")]) == []
    # "up to 12 lakh frontline workers will be trained" caps a plan
    assert run([central_workforce("a", 30_000_000, "approx"), central_workforce("b", 1_200_000, "at_most")]) == []
    # "2.2 crore personnel in state governments" is another workforce than "over 30 lakh" central civil servants
    assert run([central_workforce("a", 3_000_000, "at_least"),
                central_workforce("b", 22_000_000, entity="State governments")]) == []


# -- part_exceeds_whole ------------------------------------------------------------------------------------------

def test_a_state_above_the_nation_in_one_article():
    facts = [fact("up", 7_200_000, metric="course_completions", state="Uttar Pradesh", source="m"),
             fact("in", 6_700_000, metric="course_completions", q="at_least", source="m")]
    [f] = run(facts)
    assert (f.kind, f.state, f.severity, f.severity_rule) == ("part_exceeds_whole", "Uttar Pradesh", "high",
                                                              "part_whole_headline")
    assert f.same_document


def test_at_least_state_against_about_national():
    def pair(state_value):
        return [fact("raj", state_value, metric="course_completions", state="Rajasthan", q="at_least",
                     as_of="2026-03-18"),
                fact("in", 72_000_000, metric="course_completions", q="approx")]
    assert kinds(run(pair(80_000_000))) == ["part_exceeds_whole"]  # 8 crore > 7.92 crore
    assert run(pair(79_000_000)) == []                               # 7.9 crore ≤ 7.92 crore
    assert run([fact("s", 7_000_000, metric="course_completions", state="Bihar", q="at_least"),
                fact("n", 6_700_000, metric="course_completions", q="at_least")]) == []  # 70 ≤ 70.35 lakh


def test_part_whole_time_window():
    def pair(national_day, metric="course_completions"):
        return [fact("s", 8_200_000, metric=metric, state="Bihar", as_of="2026-03-18"),
                fact("n", 7_000_000, metric=metric, as_of=national_day)]
    assert kinds(run(pair("2026-03-05"))) == ["part_exceeds_whole"]   # 13 days before
    assert run(pair("2026-02-20")) == []                                # 26 days before: growth may explain it
    assert kinds(run(pair("2026-06-01"))) == ["part_exceeds_whole"]   # later national totals only grow
    assert run(pair("2026-06-01", metric="training_institutions")) == []  # … unless the metric is not cumulative


def test_rates_are_not_parts():
    assert run([fact("s", 80, metric="completion_rate", state="Bihar"), fact("n", 70, metric="completion_rate")]) == []


def test_one_national_figure_below_many_states_is_the_outlier():
    facts = [fact("n", 100_000, metric="app_downloads", q="at_least")]
    facts += [fact(s, 300_000, metric="app_downloads", state=s) for s in ("Bihar", "Assam", "Goa")]
    [f] = run(facts)
    assert (f.kind, f.state, f.suspect_claim, f.supporting_sources) == ("part_exceeds_whole", "India", "n", 3)


# -- cumulative_backwards ----------------------------------------------------------------------------------------

def test_a_running_total_reported_lower_later():
    facts = [fact("apr", 13_800_000, as_of="2026-04-20"), fact("pib", 14_500_000, as_of="2026-03-10"),
             fact("cbc", 14_500_000, as_of="2026-03-28")]
    [f] = run(facts)
    assert f.kind == "cumulative_backwards" and ids(f) == {"apr", "cbc"}  # the most recent earlier report
    assert (f.suspect_claim, f.supporting_sources) == ("apr", 2)


def test_a_later_lower_bound_is_not_a_decline():
    facts = [fact("a", 4_500, metric="courses_available", q="at_least", as_of="2026-03-10"),
             fact("b", 900, metric="courses_available", q="at_least", as_of="2026-03-22")]
    assert run(facts) == []


def test_a_later_lower_bound_written_finer_and_below_is_a_fall():
    # "over 1.5 crore learners" on 8 January, "more than 1.49 crore users" as on 6 February (issue 13)
    jan = fact("jan", 15_000_000, q="at_least", as_of="2026-01-08", precision=1_000_000)
    feb = fact("feb", 14_900_000, q="at_least", as_of="2026-02-06", precision=100_000)
    [f] = run([jan, feb], {"jan": "1.5 crore", "feb": "1.49 crore"})
    assert (f.kind, f.severity, f.severity_rule, ids(f)) == ("cumulative_backwards", "low", "soft_bound", {"jan", "feb"})
    assert "finer digit" in f.explanation_en and "से अधिक" in f.explanation_hi
    # the other way round is growth; a round later bound ("crossed 1 crore") is a milestone, not a fall
    assert run([fact("jan", 14_900_000, q="at_least", as_of="2026-01-08", precision=100_000),
                fact("feb", 15_000_000, q="at_least", as_of="2026-02-06", precision=1_000_000)]) == []
    assert run([fact("jan", 12_000_000, q="at_least", as_of="2026-01-08", precision=1_000_000),
                fact("feb", 10_000_000, q="at_least", as_of="2026-02-06", precision=10_000_000)]) == []
    # a collapse is no rounding story ("900+ courses" after "about 11 lakh")
    assert run([fact("a", 1_100_000, metric="courses_available", q="approx", as_of="2026-01-08"),
                fact("b", 900, metric="courses_available", q="at_least", as_of="2026-02-06")]) == []
    # "more than 1.49 crore" is compatible with an earlier 1.49 crore
    assert run([fact("jan", 14_900_000, as_of="2026-01-08", precision=100_000), feb]) == []


def test_backwards_uses_both_tolerances():
    earlier = fact("a", 14_500_000, as_of="2026-03-10")
    assert run([earlier, fact("b", 14_400_000, as_of="2026-04-10")]) == []  # 1.435–1.445 touches 1.445–1.455
    assert kinds(run([earlier, fact("b", 14_300_000, as_of="2026-04-10")])) == ["cumulative_backwards"]
    about = fact("a", 1_960_000, state="Uttar Pradesh", q="approx", as_of="2026-03-13")
    assert run([about, fact("b", 1_880_000, state="Uttar Pradesh", as_of="2026-04-20")]) == []


def test_backwards_only_for_cumulative_metrics_and_dated_figures():
    assert run([fact("a", 80, metric="completion_rate", as_of="2026-03-10"),
                fact("b", 60, metric="completion_rate", as_of="2026-04-10")]) == []
    assert run([fact("a", 14_500_000, as_of="2026-03-10"), fact("b", 13_000_000, as_of=None, published=None)]) == []


def test_the_closest_earlier_figure_is_the_partner():
    facts = [fact("pib", 4_500, metric="courses_available", q="at_least", as_of="2026-03-10"),
             fact("odd", 1_100_000, metric="courses_available", q="approx", as_of="2026-03-16"),
             fact("apr", 4_179, metric="courses_available", as_of="2026-04-20")]
    flags = [f for f in run(facts) if f.kind == "cumulative_backwards"]
    assert [ids(f) for f in flags] == [{"apr", "pib"}]


def test_a_tenfold_drop_within_the_window_is_only_a_slip():
    facts = [fact("a", 14_500_000, as_of="2026-03-10"), fact("b", 1_450_000, as_of="2026-04-10"),
             fact("c", 14_500_000, as_of="2026-03-12")]
    assert kinds(run(facts)) == ["magnitude_slip"]


def test_an_earlier_outlier_gets_one_flag():
    facts = [fact("early", 20_000_000, as_of="2026-01-10")]
    facts += [fact(f"l{i}", 14_500_000, as_of=f"2026-03-1{i}") for i in range(4)]
    [f] = run(facts)
    assert (f.kind, f.suspect_claim, f.supporting_sources) == ("cumulative_backwards", "early", 4)
    assert "later reports" in f.explanation_en


# -- arithmetic --------------------------------------------------------------------------------------------------

def share_article(share, part, whole, part_q="at_least", whole_q="at_least", doc="m"):
    return [fact("share", share, metric="share_of_national_registrations", state="Uttar Pradesh", as_of="2025",
                 source=doc),
            fact("part", part, state="Uttar Pradesh", q=part_q, as_of="2026-01-06", source=doc),
            fact("whole", whole, q=whole_q, as_of="2026-01-06", source=doc)]


def test_a_share_the_article_itself_contradicts():
    [f] = run(share_article(93, 1_800_000, 145_000_000))
    assert (f.kind, f.metric, f.state) == ("arithmetic", "share_of_national_registrations", "Uttar Pradesh")
    assert f.implied_value == pytest.approx(1.2414, abs=1e-3)
    assert ids(f) == {"share", "part", "whole"}


def test_consistent_or_loosely_consistent_shares_pass():
    assert run(share_article(13.5, 1_960_000, 14_500_000, part_q="exact")) == []
    # 72 लाख of "more than 67 लाख" is 102–108%: near enough to 99% (the part above the whole is its own flag)
    assert [f.kind for f in run(share_article(99, 7_200_000, 6_700_000, part_q="exact"))] == ["part_exceeds_whole"]


def test_a_share_is_checked_against_other_sources_national_figure_of_the_same_fortnight():
    # the article gives UP's 18 lakh and its 93%, another outlet the national 14.5 crore the same week (issue 13)
    facts = share_article(93, 1_800_000, 145_000_000)
    facts[2] = fact("whole", 145_000_000, q="at_least", as_of="2026-01-10", source="elsewhere")
    [f] = [f for f in run(facts) if f.kind == "arithmetic"]
    assert ids(f) == {"share", "part", "whole"} and f.implied_value == pytest.approx(1.2414, abs=1e-3)
    assert "Outlet elsewhere" in f.explanation_en and "Outlet elsewhere" in f.explanation_hi
    # a national figure of another month is another total: not checked
    facts[2] = fact("whole", 145_000_000, q="at_least", as_of="2026-03-06", source="elsewhere")
    assert [f.kind for f in run(facts) if f.kind == "arithmetic"] == []
    # nor is an undated one
    facts[2] = fact("whole", 145_000_000, q="at_least", as_of="", published="", source="elsewhere")
    assert [f.kind for f in run(facts) if f.kind == "arithmetic"] == []


def test_a_subset_above_another_sources_total_of_the_same_fortnight():
    # "62 lakh civil servants completed courses" (12 Dec) against "46 lakh+ registered users" (28 Nov)
    facts = [fact("done", 6_200_000, metric="learners_completed_at_least_one", q="at_least", as_of="2024-12-12"),
             fact("users", 4_600_000, q="at_least", as_of="2024-11-28"),
             fact("states", 1_040_000, as_of="2024-11-28", source="users")]  # a part taken for a total: not the anchor
    [f] = [f for f in run(facts) if f.kind == "arithmetic"]  # (users/states is the article's own value_conflict)
    assert (f.metric, ids(f)) == ("registered_users", {"done", "users"})
    assert "cannot be more" in f.explanation_en
    # growth over months, a total above the subset, or an undated total: nothing
    facts[1] = fact("users", 4_600_000, q="at_least", as_of="2024-09-01")
    assert kinds(run(facts[:2])) == []
    assert kinds(run([facts[0], fact("users", 6_500_000, q="at_least", as_of="2024-11-28")])) == []
    assert kinds(run([facts[0], fact("users", 4_600_000, as_of="", published="")])) == []


def test_a_count_written_as_a_fraction_is_a_missing_scale():
    [f] = run([fact("js", 10.5, metric="officials_trained", q="approx")], {"js": "10.5"})
    assert (f.kind, f.severity, ids(f)) == ("magnitude_slip", "high", {"js"})
    assert "scale word" in f.explanation_en and "लाख" in f.explanation_hi
    assert run([fact("a", 1_050_000, metric="officials_trained")]) == []
    assert run([fact("p", 10.5, metric="share_of_national_registrations", state="Uttar Pradesh")]) == []


def test_parts_cannot_exceed_the_whole():
    def article(total):
        return [fact("t", total, state="Uttar Pradesh", source="d"),
                fact("p1", 2_289, metric="learners_completed_three_or_more", state="Uttar Pradesh", source="d"),
                fact("p2", 1_611, metric="learners_completed_fewer_than_three", state="Uttar Pradesh", source="d")]
    assert run(article(3_900)) == []
    [f] = run(article(3_000))
    assert (f.kind, f.implied_value) == ("arithmetic", 3_900)
    subset = [fact("t", 3_900, state="Bihar", source="d"),
              fact("one", 5_000, metric="learners_completed_at_least_one", state="Bihar", source="d")]
    assert kinds(run(subset)) == ["arithmetic"]


# -- reference_mismatch ------------------------------------------------------------------------------------------

REF = ReferenceFigure("registered_users", "India", 14_500_000, "2026-03-10", "PIB release 2026-03-12", id=7)


def test_reference_mismatch_slip_and_value():
    [f] = run([fact("a", 145_000_000)], {"a": "14.5 crore"}, [REF])
    assert (f.kind, f.likely_slip, f.severity) == ("reference_mismatch", "decimal_shift", "high")
    assert f.reference.source == "PIB release 2026-03-12" and f.reference.id == "7"
    assert [c.id for c in f.claims] == ["a"] and f.suspect_claim == "a"
    [f] = run([fact("a", 16_000_000)], references=[REF])
    assert (f.kind, f.severity) == ("reference_mismatch", "medium")
    assert run([fact("a", 15_000_000, q="approx")], references=[REF]) == []


def test_reference_mismatch_over_time_for_running_totals():
    assert kinds(run([fact("a", 13_800_000, as_of="2026-04-20")], references=[REF])) == ["reference_mismatch"]
    assert run([fact("a", 16_000_000, as_of="2026-04-20")], references=[REF]) == []
    assert run([fact("a", 14_500_000, state="Bihar")], references=[REF]) == []


def test_reference_rows_from_the_store():
    ref = ReferenceFigure.from_row({"id": 3, "metric": "app_downloads", "state": "India", "value": 6_200_000.0,
                                    "as_of": "2026-03-10", "source": "Karmayogi Bharat dashboard", "note": None})
    assert (ref.key, ref.resolved_unit(), ref.qualifier) == ("reference:3", "count", "exact")

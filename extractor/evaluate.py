"""Score the extractor against hand-made gold: corpus/gold/ (format: corpus/README.md) or the offset-based gold of
published news, corpus/gold/realnews/ (format: its README.md), whose articles stay outside the repository.

A predicted claim matches a gold claim when their evidence spans overlap; it then counts at three levels:
`value` (same value), `value+metric` (and same metric), `value+metric+state` (and same state). Precision is
over predictions, recall over gold claims; a prediction on a gold `not_claims` number is a false positive like any
other. Scores are given per language and per subset (seeds = the real articles, composed = our fixtures).

Labels, on the claims whose value matched: of the predictions with a metric other than `other`, the share whose
metric is the gold's; the share with the gold's state; where the gold has a `period`, the share with its period.
Calibration: predictions grouped by their `confidence`, each with the share that is right (a gold claim with the
same value, metric, state and, where annotated, period).

Contradictions (when corpus/gold/contradictions.json exists): the predicted claims of every article (each article
its own source) go through `find_contradictions`. A flag matches a gold contradiction when the kinds are equal and
at least two of the flag's claims overlap two different claims of the gold entry (one, for a flag with one claim).
Precision is over flags, recall over gold contradictions; flags landing on a listed non-contradiction are counted
separately (they are false positives as well).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .claims import extract_claims
from .ingest import read_document
from .output import indian_grouping
from .records import Claim

LEVELS = ("value", "value+metric", "value+metric+state")
CONFIDENCE_BINS = (0.0, 0.5, 0.65, 0.8, 0.9)  # lower edges
CONTRADICTIONS_FILE = "contradictions.json"


class GoldError(ValueError):
    """A gold file does not fit its article."""


@dataclass
class GoldClaim:
    start: int
    end: int
    value: float
    metric: str
    state: str
    quote: str
    period: str | None = None  # annotated in corpus/gold/realnews/ only


@dataclass
class Labels:
    """How the labels of value-matched predictions compare with the gold."""

    metric_labelled: int = 0  # predictions with a metric other than "other"
    metric_right: int = 0
    state_seen: int = 0
    state_right: int = 0
    period_seen: int = 0
    period_right: int = 0
    bins: dict = field(default_factory=lambda: {b: [0, 0] for b in CONFIDENCE_BINS})  # edge → [predicted, right]

    def add(self, other: "Labels") -> None:
        for name in ("metric_labelled", "metric_right", "state_seen", "state_right", "period_seen", "period_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for b, (n, r) in other.bins.items():
            self.bins[b][0] += n
            self.bins[b][1] += r

    def bin_of(self, confidence: float) -> float:
        return max(b for b in CONFIDENCE_BINS if confidence >= b)


@dataclass
class Tally:
    articles: int = 0
    predicted: int = 0
    gold: int = 0
    matched_pred: dict = field(default_factory=lambda: {lvl: 0 for lvl in LEVELS})
    matched_gold: dict = field(default_factory=lambda: {lvl: 0 for lvl in LEVELS})
    labels: Labels = field(default_factory=Labels)

    def add(self, other: "Tally") -> None:
        self.labels.add(other.labels)
        self.articles += other.articles
        self.predicted += other.predicted
        self.gold += other.gold
        for lvl in LEVELS:
            self.matched_pred[lvl] += other.matched_pred[lvl]
            self.matched_gold[lvl] += other.matched_gold[lvl]

    def precision(self, lvl: str) -> float:
        return self.matched_pred[lvl] / self.predicted if self.predicted else 1.0

    def recall(self, lvl: str) -> float:
        return self.matched_gold[lvl] / self.gold if self.gold else 1.0


@dataclass
class ArticleResult:
    article: str
    language: str
    subset: str
    tally: Tally
    misses: list[str]  # gold claims not matched at the strictest level, as readable lines
    extras: list[str]  # predictions not matched at the strictest level


@dataclass
class GoldContradiction:
    id: str
    kind: str
    metric: str
    state: str
    spans: list[tuple[str, int, int]]  # (article, start, end) of every claim involved


@dataclass
class ContradictionScore:
    gold: list[GoldContradiction]
    flags: list  # the Flags found
    matched: dict[str, list[str]]  # flag id → ids of the gold contradictions it matches
    found: set[str]  # ids of gold contradictions some flag matches
    on_not: dict[str, list[str]]  # flag id → ids of the not_contradictions it lands on

    def by_kind(self) -> dict[str, tuple[int, int, int, int]]:
        """group → (gold, flags, matched flags, gold found), for all and per kind."""
        out = {}
        kinds = sorted({g.kind for g in self.gold} | {f.kind for f in self.flags})
        for key in ["all"] + [f"kind={k}" for k in kinds]:
            kind = key.split("=", 1)[1] if "=" in key else None
            gold = [g for g in self.gold if kind in (None, g.kind)]
            flags = [f for f in self.flags if kind in (None, f.kind)]
            out[key] = (len(gold), len(flags), sum(1 for f in flags if self.matched.get(f.id)),
                        sum(1 for g in gold if g.id in self.found))
        return out

    def precision(self) -> float:
        return sum(1 for f in self.flags if self.matched.get(f.id)) / len(self.flags) if self.flags else 1.0

    def recall(self) -> float:
        return len(self.found) / len(self.gold) if self.gold else 1.0


@dataclass
class Report:
    articles: list[ArticleResult]
    contradictions: ContradictionScore | None = None

    def groups(self) -> dict[str, Tally]:
        out: dict[str, Tally] = {}
        for a in self.articles:
            for key in ("all", f"language={a.language}", f"subset={a.subset}"):
                out.setdefault(key, Tally()).add(a.tally)
        return dict(sorted(out.items(), key=lambda kv: (kv[0] != "all", kv[0])))


def locate(text: str, quote: str, context: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of `quote` inside the `occurrence`-th match of `context` (whitespace-insensitive)."""
    pattern = regex.compile(r"\s+".join(regex.escape(w) for w in context.split()))
    for i, m in enumerate(pattern.finditer(text), start=1):
        if i == occurrence:
            inner = regex.compile(r"\s+".join(regex.escape(w) for w in quote.split())).search(m.group())
            if not inner:
                raise GoldError(f"quote {quote!r} is not inside context {context!r}")
            return m.start() + inner.start(), m.start() + inner.end()
    raise GoldError(f"context {context!r} occurs fewer than {occurrence} times")


def load_gold(path: Path, text: str) -> list[GoldClaim]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for c in data.get("claims", []):
        if "start" in c:  # offsets (corpus/gold/realnews/): the quote must be there
            a, b = c["start"], c["end"]
            if text[a:b] != c["quote"]:
                raise GoldError(f"{path.name}: {c['quote']!r} is not at {a}:{b} of {data['article']} "
                                f"(found {text[a:b]!r}); is this the article the gold was made for?")
        else:
            a, b = locate(text, c["quote"], c["context"], c.get("occurrence", 1))
        out.append(GoldClaim(a, b, float(c["value"]), c["metric"], c["state"], c["quote"], c.get("period")))
    return out


def _same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def score_article(pred: list[Claim], gold: list[GoldClaim]) -> tuple[Tally, list[str], list[str]]:
    t = Tally(articles=1, predicted=len(pred), gold=len(gold))
    strict_pred = set()
    strict_gold = set()
    for lvl in LEVELS:
        used_gold: set[int] = set()
        for pi, p in enumerate(pred):
            for gi, g in enumerate(gold):
                if gi in used_gold or not (p.evidence.start < g.end and p.evidence.end > g.start):
                    continue
                ok = _same_value(float(p.value), g.value)
                if lvl != "value":
                    ok = ok and p.metric == g.metric
                if lvl == "value+metric+state":
                    ok = ok and p.state == g.state
                if ok:
                    used_gold.add(gi)
                    t.matched_pred[lvl] += 1
                    t.matched_gold[lvl] += 1
                    if lvl == LEVELS[-1]:
                        strict_pred.add(pi)
                        strict_gold.add(gi)
                    break
    _score_labels(t.labels, pred, gold)
    misses = [f"missed {g.quote!r}@{g.start} = {indian_grouping(g.value)} {g.metric} {g.state} {g.period or ''}"
              for gi, g in enumerate(gold) if gi not in strict_gold]
    extras = [f"extra  {p.evidence.quote!r}@{p.evidence.start} = {indian_grouping(p.value)} {p.metric} {p.state} {p.period}"
              f" ({p.confidence:.2f})" for pi, p in enumerate(pred) if pi not in strict_pred]
    wrong = [f"label  {p.evidence.quote!r}@{p.evidence.start}: {p.metric}/{p.state}/{p.period} ({p.confidence:.2f})"
             f" gold {g.metric}/{g.state}/{g.period}" for p, g in _value_pairs(pred, gold)
             if (p.metric, p.state) == (g.metric, g.state) and g.period and p.period != g.period]
    return t, misses, extras + wrong


def _value_pairs(pred: list[Claim], gold: list[GoldClaim]):
    """Each prediction with the first unused overlapping gold claim of the same value."""
    used: set[int] = set()
    for p in pred:
        for gi, g in enumerate(gold):
            if gi not in used and p.evidence.start < g.end and p.evidence.end > g.start and \
                    _same_value(float(p.value), g.value):
                used.add(gi)
                yield p, g
                break


def _score_labels(labels: Labels, pred: list[Claim], gold: list[GoldClaim]) -> None:
    paired = {id(p): g for p, g in _value_pairs(pred, gold)}
    for p in pred:
        g = paired.get(id(p))
        right = g is not None and p.metric == g.metric and p.state == g.state and (
            g.period is None or p.period == g.period)
        cell = labels.bins[labels.bin_of(p.confidence)]
        cell[0] += 1
        cell[1] += right
        if g is None:
            continue
        if p.metric != "other":
            labels.metric_labelled += 1
            labels.metric_right += p.metric == g.metric
        labels.state_seen += 1
        labels.state_right += p.state == g.state
        if g.period is not None:
            labels.period_seen += 1
            labels.period_right += p.period == g.period


def evaluate(corpus_dir: str | Path, gold_dir: str | Path | None = None) -> Report:
    corpus_dir = Path(corpus_dir)
    gold_dir = Path(gold_dir) if gold_dir else corpus_dir / "gold"
    if not any(p.name != CONTRADICTIONS_FILE for p in gold_dir.glob("*.json")):
        raise GoldError(f"{gold_dir}: no gold annotations (*.json) to score against; give the folder with --gold")
    results = []
    texts: dict[str, str] = {}
    predictions: dict[str, list[Claim]] = {}
    for gold_path in sorted(gold_dir.glob("*.json")):
        if gold_path.name == CONTRADICTIONS_FILE:
            continue
        data = json.loads(gold_path.read_text(encoding="utf-8"))
        article = corpus_dir / data["article"]
        doc = read_document(article)
        gold = load_gold(gold_path, doc.text)
        pred = extract_claims(doc)
        texts[data["article"]] = doc.text
        predictions[data["article"]] = pred
        tally, misses, extras = score_article(pred, gold)
        subset = data["article"].split("/", 1)[0] if "/" in data["article"] else gold_dir.name
        results.append(ArticleResult(data["article"], data.get("language", "?"), subset, tally, misses, extras))
    contradictions = None
    if (gold_dir / CONTRADICTIONS_FILE).is_file():
        contradictions = evaluate_contradictions(gold_dir / CONTRADICTIONS_FILE, corpus_dir, texts, predictions)
    return Report(results, contradictions)


# -- contradictions ------------------------------------------------------------------------------------------------

def load_gold_contradictions(path: Path, corpus_dir: Path, texts: dict[str, str] | None = None,
                             section: str = "contradictions") -> list[GoldContradiction]:
    """The entries of one section ("contradictions" or "not_contradictions"), their claims located in the text."""
    texts = {} if texts is None else texts
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for entry in data.get(section, []):
        spans = []
        for c in entry["claims"]:
            article = c["article"]
            if article not in texts:
                texts[article] = read_document(corpus_dir / article).text
            try:
                if "start" in c:  # offsets (corpus/gold/realnews/contradictions.json)
                    a, b = c["start"], c["end"]
                    if texts[article][a:b] != c["quote"]:
                        raise GoldError(f"{c['quote']!r} is not at {a}:{b}")
                else:
                    a, b = locate(texts[article], c["quote"], c["context"], c.get("occurrence", 1))
            except GoldError as exc:
                raise GoldError(f"{path.name} [{entry['id']}] {article}: {exc}") from None
            spans.append((article, a, b))
        out.append(GoldContradiction(entry["id"], entry.get("kind", ""), entry.get("metric", ""),
                                     entry.get("state", ""), spans))
    return out


def _overlap(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def flag_matches(flag_spans: list[tuple[str, int, int]], gold: GoldContradiction, kind: str | None = None) -> bool:
    """At least two of the flag's claims overlap two different claims of the entry (one, for a one-claim flag);
    with `kind`, the kinds must be equal too."""
    if kind is not None and kind != gold.kind:
        return False
    need = min(2, len(flag_spans))
    hit_gold = {i for i, g in enumerate(gold.spans) for s in flag_spans if _overlap(g, s)}
    hit_flag = {j for j, s in enumerate(flag_spans) for g in gold.spans if _overlap(g, s)}
    return need > 0 and len(hit_gold) >= need and len(hit_flag) >= need


def score_contradictions(flags: list, spans: dict[str, tuple[str, int, int]], gold: list[GoldContradiction],
                         not_gold: list[GoldContradiction] = ()) -> ContradictionScore:
    """`spans`: claim id → (article, start, end) of its evidence."""
    matched: dict[str, list[str]] = {}
    on_not: dict[str, list[str]] = {}
    found: set[str] = set()
    for f in flags:
        fs = [spans[c.id] for c in f.claims if c.id in spans]
        matched[f.id] = [g.id for g in gold if flag_matches(fs, g, f.kind)]
        found.update(matched[f.id])
        on_not[f.id] = [g.id for g in not_gold if flag_matches(fs, g)]
    return ContradictionScore(list(gold), list(flags), matched, found, on_not)


def evaluate_contradictions(path: Path, corpus_dir: Path, texts: dict[str, str],
                            predictions: dict[str, list[Claim]]) -> ContradictionScore:
    from .contradictions import ClaimFact, find_contradictions

    claims: dict[str, Claim] = {}
    spans: dict[str, tuple[str, int, int]] = {}
    facts = []
    for article, pred in predictions.items():
        for c in pred:
            claims[c.id] = c
            spans[c.id] = (article, c.evidence.start, c.evidence.end)
            facts.append(ClaimFact.from_claim(c, article, article))
    flags = find_contradictions(facts, lambda ids: [claims[i] for i in ids])
    gold = load_gold_contradictions(path, corpus_dir, texts)
    not_gold = load_gold_contradictions(path, corpus_dir, texts, "not_contradictions")
    return score_contradictions(flags, spans, gold, not_gold)


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{'group':<18} {'articles':>8} {'gold':>5} {'pred':>5}  " +
             "  ".join(f"{lvl:>22}" for lvl in LEVELS),
             f"{'':<18} {'':>8} {'':>5} {'':>5}  " + "  ".join(f"{'P':>10} {'R':>11}" for _ in LEVELS)]
    for key, t in report.groups().items():
        cells = "  ".join(f"{t.precision(lvl):>10.1%} {t.recall(lvl):>11.1%}" for lvl in LEVELS)
        lines.append(f"{key:<18} {t.articles:>8} {t.gold:>5} {t.predicted:>5}  {cells}")
    lines.append("")
    lines.append(f"{'labels (value matched)':<24} {'metric right':>14} {'state right':>14} {'period right':>14}")
    for key, t in report.groups().items():
        lb = t.labels
        lines.append(f"{key:<24} {_share(lb.metric_right, lb.metric_labelled):>14} "
                     f"{_share(lb.state_right, lb.state_seen):>14} {_share(lb.period_right, lb.period_seen):>14}")
    overall = report.groups().get("all")
    if overall is not None:
        lines.append("")
        lines.append(f"{'calibration: confidence':<24} {'claims':>8} {'right':>8}")
        edges = list(CONFIDENCE_BINS) + [1.0]
        for lo, hi in zip(edges, edges[1:]):
            n, r = overall.labels.bins[lo]
            label = f"[{lo:.2f}, {hi:.2f}{']' if hi == 1.0 else ')'}"
            lines.append(f"{label:<24} {n:>8} {_share(r, n):>8}")
    if verbose:
        for a in report.articles:
            if a.misses or a.extras:
                lines.append(f"\n{a.article}")
                lines.extend("  " + s for s in a.misses + a.extras)
    text = "\n".join(lines) + "\n"
    if report.contradictions is not None:
        text += "\n" + format_contradictions(report.contradictions, verbose)
    return text


def _share(right: int, total: int) -> str:
    return f"{right / total:.1%} ({right}/{total})" if total else "—"


def format_contradictions(score: ContradictionScore, verbose: bool = False) -> str:
    lines = [f"{'contradictions':<28} {'gold':>5} {'flags':>6} {'matched':>8} {'found':>6} {'P':>8} {'R':>8}"]
    for key, (gold, flags, matched, found) in score.by_kind().items():
        p = matched / flags if flags else 1.0
        r = found / gold if gold else 1.0
        lines.append(f"{key:<28} {gold:>5} {flags:>6} {matched:>8} {found:>6} {p:>8.1%} {r:>8.1%}")
    landed = [f for f in score.flags if score.on_not.get(f.id)]
    lines.append(f"flags on listed non-contradictions: {len(landed)}")
    from .records.flag import DEFAULT_MIN_CONFIDENCE

    shown = [f for f in score.flags if f.confidence >= DEFAULT_MIN_CONFIDENCE]
    real = sum(1 for f in shown if score.matched.get(f.id))
    found = {g for f in shown for g in score.matched.get(f.id, [])}
    lines.append(f"default queue (confidence >= {DEFAULT_MIN_CONFIDENCE}): {len(shown)} flags, {real} real "
                 f"({real / len(shown) if shown else 1.0:.1%}), {len(found)} of {len(score.gold)} contradictions found, "
                 f"{sum(1 for f in shown if score.on_not.get(f.id))} on listed non-contradictions")
    if verbose:
        for g in score.gold:
            if g.id not in score.found:
                lines.append(f"  missed {g.kind} {g.id} ({g.metric}, {g.state})")
        for f in score.flags:
            if not score.matched.get(f.id):
                quotes = ", ".join(repr(c.evidence.quote) for c in f.claims)
                where = sorted({Path(c.source.path or "?").name for c in f.claims})
                note = f" [on {', '.join(score.on_not[f.id])}]" if score.on_not.get(f.id) else ""
                lines.append(f"  extra  {f.kind} {f.metric} {f.state} ({f.confidence:.2f}): {quotes} in "
                             f"{', '.join(where)}{note}")
    return "\n".join(lines) + "\n"

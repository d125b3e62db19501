"""Score the extractor against the hand-made gold in corpus/gold/ (format: corpus/README.md).

A predicted claim matches a gold claim when their evidence spans overlap; it then counts at three levels:
`value` (same value), `value+metric` (and same metric), `value+metric+state` (and same state). Precision is
over predictions, recall over gold claims; a prediction on a gold `not_claims` number is a false positive like any
other. Scores are given per language and per subset (seeds = the real articles, composed = our fixtures).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .claims import extract_claims
from .ingest import read_document
from .records import Claim

LEVELS = ("value", "value+metric", "value+metric+state")


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


@dataclass
class Tally:
    articles: int = 0
    predicted: int = 0
    gold: int = 0
    matched_pred: dict = field(default_factory=lambda: {lvl: 0 for lvl in LEVELS})
    matched_gold: dict = field(default_factory=lambda: {lvl: 0 for lvl in LEVELS})

    def add(self, other: "Tally") -> None:
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
class Report:
    articles: list[ArticleResult]

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
        a, b = locate(text, c["quote"], c["context"], c.get("occurrence", 1))
        out.append(GoldClaim(a, b, float(c["value"]), c["metric"], c["state"], c["quote"]))
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
    misses = [f"missed {g.quote!r} = {g.value:g} {g.metric} {g.state}" for gi, g in enumerate(gold)
              if gi not in strict_gold]
    extras = [f"extra  {p.evidence.quote!r} = {float(p.value):g} {p.metric} {p.state}" for pi, p in enumerate(pred)
              if pi not in strict_pred]
    return t, misses, extras


def evaluate(corpus_dir: str | Path, gold_dir: str | Path | None = None) -> Report:
    corpus_dir = Path(corpus_dir)
    gold_dir = Path(gold_dir) if gold_dir else corpus_dir / "gold"
    results = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        data = json.loads(gold_path.read_text(encoding="utf-8"))
        article = corpus_dir / data["article"]
        doc = read_document(article)
        gold = load_gold(gold_path, doc.text)
        pred = extract_claims(doc)
        tally, misses, extras = score_article(pred, gold)
        subset = data["article"].split("/", 1)[0]
        results.append(ArticleResult(data["article"], data.get("language", "?"), subset, tally, misses, extras))
    return Report(results)


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{'group':<18} {'articles':>8} {'gold':>5} {'pred':>5}  " +
             "  ".join(f"{lvl:>22}" for lvl in LEVELS),
             f"{'':<18} {'':>8} {'':>5} {'':>5}  " + "  ".join(f"{'P':>10} {'R':>11}" for _ in LEVELS)]
    for key, t in report.groups().items():
        cells = "  ".join(f"{t.precision(lvl):>10.1%} {t.recall(lvl):>11.1%}" for lvl in LEVELS)
        lines.append(f"{key:<18} {t.articles:>8} {t.gold:>5} {t.predicted:>5}  {cells}")
    if verbose:
        for a in report.articles:
            if a.misses or a.extras:
                lines.append(f"\n{a.article}")
                lines.extend("  " + s for s in a.misses + a.extras)
    return "\n".join(lines) + "\n"

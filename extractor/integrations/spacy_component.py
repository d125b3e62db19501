"""The `karmayogi_claims` spaCy component: the extractor's claims of a Doc, as records and as character spans.

    pip install 'karmayogi-claims[spacy]'

    import spacy
    nlp = spacy.blank("hi")                  # or "en", "xx", or any trained pipeline
    nlp.add_pipe("karmayogi_claims")
    doc = nlp(text)
    doc._.claims                             # [Claim]: exactly extractor.extract_claims on doc.text
    doc.spans["claims"]                      # one span per claim, label = the claim's metric
    doc.spans["claims"][0]._.claim           # the Claim record behind a span
    spacy.displacy.render(doc, style="span", options={"spans_key": "claims"})

The factory is registered through spaCy's `spacy_factories` entry point (pyproject.toml), so `add_pipe` finds it
without importing this module; a pipeline saved with it (`nlp.to_disk`) loads again wherever the package is
installed. spaCy is imported here and nowhere else: the extractor itself never needs it.

Why the extractor reads `doc.text` itself instead of spaCy's tokens: its number grammar, sentence splitter and
vocabulary work on characters (Indian number words, Devanagari marks), so the claims are the same with any spaCy
pipeline, blank or trained. `doc.text` is read as a plain-text article is (extractor.ingest.txt): an optional
`Key: value` header block, page furniture and bylines are recognised and never become claims, and every offset is
an offset into `doc.text`. The spans are made with `Doc.char_span(..., alignment_mode="expand")`: a figure written
inside a longer token ("₹500करोड़") gets the whole token.

The claims are kept in `doc.user_data` as their JSON records, so `doc.to_bytes()` and `DocBin` keep working;
`doc._.claims` gives them back as `extractor.records.Claim`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

FACTORY = "karmayogi_claims"
_USER_DATA_KEY = "karmayogi_claims"


def _doc_claims(doc: Doc):
    from ..records import Claim

    records = doc.user_data.get(_USER_DATA_KEY)
    if records is None:
        return None  # the component has not run on this doc
    return [Claim.model_validate(r) for r in records]


def _span_claim(span: Span):
    """The claim a span of `doc.spans[...]` was made for: same metric, evidence inside the span."""
    for record in span.doc.user_data.get(_USER_DATA_KEY) or ():
        ev = record["evidence"]
        if record["metric"] == span.label_ and span.start_char <= ev["start"] and ev["end"] <= span.end_char:
            from ..records import Claim

            return Claim.model_validate(record)
    return None


if not Doc.has_extension("claims"):
    Doc.set_extension("claims", getter=_doc_claims)
if not Span.has_extension("claim"):
    Span.set_extension("claim", getter=_span_claim)


class KarmayogiClaims:
    """Sets `doc._.claims` and `doc.spans[spans_key]` (default "claims")."""

    def __init__(self, nlp: Language, name: str = FACTORY, spans_key: str = "claims"):
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from ..claims import extract_claims
        from ..ingest.txt import document_from_text

        claims = extract_claims(document_from_text(doc.text)) if doc.text.strip() else []
        spans = []
        for claim in claims:
            span = doc.char_span(claim.evidence.start, claim.evidence.end, label=claim.metric,
                                 alignment_mode="expand")
            if span is not None:  # a quote never starts or ends in whitespace, so expand always finds tokens
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc.user_data[_USER_DATA_KEY] = [c.model_dump(mode="json") for c in claims]
        return doc


@Language.factory(FACTORY, default_config={"spans_key": "claims"})
def make_karmayogi_claims(nlp: Language, name: str, spans_key: str) -> KarmayogiClaims:
    """The `karmayogi_claims` factory (`nlp.add_pipe("karmayogi_claims", config={"spans_key": "claims"})`)."""
    return KarmayogiClaims(nlp, name, spans_key)

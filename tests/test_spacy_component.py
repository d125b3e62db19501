"""The `karmayogi_claims` spaCy component (extractor/integrations/spacy_component.py), on blank pipelines only: no
model is downloaded. spaCy comes with the test extra; elsewhere these tests skip."""
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

spacy = pytest.importorskip("spacy")
from spacy import displacy  # noqa: E402

from extractor.claims import extract_claims  # noqa: E402
from extractor.ingest.txt import document_from_text  # noqa: E402

HI = ("मिशन कर्मयोगी के तहत iGOT प्लेटफॉर्म पर 1.45 करोड़ से अधिक यूजर्स पंजीकृत हैं। उत्तर प्रदेश में 22 लाख "
      "कर्मचारियों को प्रशिक्षण दिया जाएगा।")
EN = ("New Delhi: More than 1.45 crore users have registered on the iGOT Karmayogi platform, which now offers 4,179 "
      "courses. In Uttar Pradesh, 22 lakh employees will be trained.")


def _nlp(lang):
    nlp = spacy.blank(lang)
    nlp.add_pipe("karmayogi_claims")
    return nlp


@pytest.mark.parametrize("lang, text", [("hi", HI), ("en", EN), ("xx", EN)])
def test_the_claims_are_the_extractors_own_and_the_spans_align_with_their_evidence(lang, text):
    doc = _nlp(lang)(text)
    expected = extract_claims(document_from_text(text))
    assert expected and doc._.claims == expected
    spans = doc.spans["claims"]
    assert len(spans) == len(expected)
    for span, claim in zip(spans, expected):
        assert (span.start_char, span.end_char) == (claim.evidence.start, claim.evidence.end)
        assert span.text == claim.evidence.quote == text[claim.evidence.start:claim.evidence.end]
        assert span.label_ == claim.metric
        assert span._.claim == claim


def test_hindi_claims_carry_metric_value_and_state():
    doc = _nlp("hi")(HI)
    got = [(c.metric, c.value, c.qualifier) for c in doc._.claims]
    assert got == [("registered_users", 14500000, "at_least"), ("employees_to_be_trained", 2200000, "exact")]
    assert doc._.claims[1].state == "Uttar Pradesh" and doc._.claims[0].language == "hi"


def test_a_figure_inside_a_longer_token_gets_the_whole_token():
    text = "Uttar Pradesh will train 22lakh+ employees under Mission Karmayogi."
    doc = _nlp("en")(text)
    claims = doc._.claims
    assert claims
    for span, claim in zip(doc.spans["claims"], claims):
        assert span.start_char <= claim.evidence.start and claim.evidence.end <= span.end_char
        assert span.label_ == claim.metric


def test_a_doc_without_figures_has_no_claims_and_an_empty_span_group():
    doc = _nlp("en")("Mission Karmayogi is a capacity-building programme.")
    assert doc._.claims == [] and list(doc.spans["claims"]) == []
    assert _nlp("hi")("")._.claims == []


def test_a_doc_the_component_did_not_see_has_none():
    assert spacy.blank("en")("1.45 crore users")._.claims is None


def test_the_spans_key_is_configurable():
    nlp = spacy.blank("en")
    nlp.add_pipe("karmayogi_claims", config={"spans_key": "figures"})
    doc = nlp(EN)
    assert "claims" not in doc.spans and len(doc.spans["figures"]) == len(doc._.claims)


def test_displacy_renders_the_spans_with_the_text_escaped():
    text = "<b onclick=x>Note</b> More than 1.45 crore users & 4,179 courses <script>alert('x')</script>"
    doc = _nlp("en")(text)
    html = displacy.render(doc, style="span", options={"spans_key": "claims"})
    assert "registered_users" in html and "courses_available" in html
    assert "<script" not in html and "<b " not in html
    assert "&lt;" in html and "&amp;" in html


def test_claims_survive_doc_serialisation():
    from spacy.tokens import Doc, DocBin

    nlp = _nlp("hi")
    doc = nlp(HI)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.claims == doc._.claims
    assert [(s.start_char, s.end_char, s.label_) for s in again.spans["claims"]] == \
        [(s.start_char, s.end_char, s.label_) for s in doc.spans["claims"]]
    [from_bin] = DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab)
    assert from_bin._.claims == doc._.claims


def test_a_saved_pipeline_loads_again(tmp_path):
    _nlp("en").to_disk(tmp_path / "pipe")
    nlp = spacy.load(tmp_path / "pipe")
    assert nlp.pipe_names == ["karmayogi_claims"]
    assert len(nlp(EN)._.claims) >= 3


def test_the_factory_is_registered_through_the_entry_point():
    [ep] = [ep for ep in entry_points(group="spacy_factories") if ep.name == "karmayogi_claims"]
    assert ep.value == "extractor.integrations.spacy_component:make_karmayogi_claims"
    # a fresh interpreter that never imports extractor: spaCy finds the component by itself
    code = ("import spacy; nlp = spacy.blank('en'); nlp.add_pipe('karmayogi_claims'); "
            "print(len(nlp('More than 1.45 crore users have registered.')._.claims))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1"


def test_the_pipeline_does_not_import_spacy():
    code = ("import sys; from extractor import extract_file; from extractor.cli import cli; "
            "extract_file('corpus/seeds/001_6ed01f356ed30db4.txt'); print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"

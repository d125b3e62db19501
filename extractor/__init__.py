"""Claims extractor and fact-check desk for Mission Karmayogi news.

The public API (each CLI command is a thin shell over one of these):

    parse_numbers(text)          every number in a text, read the Indian way  (extractor.numbers)
    read_document(path)          a .txt/.html file or "-" → Document           (extractor.ingest)
    extract_claims(document)     Document → [Claim]                            (extractor.claims)
    extract_file(path)           read_document + extract_claims
    evaluate(corpus_dir)         precision/recall against corpus/gold          (extractor.evaluate)

Imports are lazy so that `extract --help` and `parse_numbers` stay fast.
"""
from __future__ import annotations

__version__ = "0.1.0"

_LAZY = {
    "parse_numbers": ("extractor.numbers", "parse_numbers"),
    "parse_indian_number": ("extractor.numbers", "parse_indian_number"),
    "read_document": ("extractor.ingest", "read_document"),
    "read_bytes": ("extractor.ingest", "read_bytes"),
    "extract_claims": ("extractor.claims", "extract_claims"),
    "extract_file": ("extractor.pipeline", "extract_file"),
    "evaluate": ("extractor.evaluate", "evaluate"),
    "Claim": ("extractor.records", "Claim"),
    "Document": ("extractor.records", "Document"),
    "NumberMention": ("extractor.records", "NumberMention"),
}

__all__ = list(_LAZY) + ["__version__"]

# the compiled copies of the hot modules, where they were built and still match their sources (extractor/compiled.py)
from .compiled import install_finder as _install_finder  # noqa: E402

_install_finder()


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")

"""The number grammar stays changeable: every word it knows is data that something reads, and no function grows
into a god function again (issue 16)."""
from __future__ import annotations

import ast
import copy
import dataclasses
from pathlib import Path

import pytest

from extractor.lang import NUMBER_LANGUAGES, LexiconError, NumberLexicon, load_toml

EXTRACTOR = Path(__file__).resolve().parent.parent / "extractor"
LOADER = EXTRACTOR / "lang" / "__init__.py"
MAX_FUNCTION_LINES = 80


def _attributes_read() -> set[str]:
    """Every `x.name` read anywhere in extractor/ except the loader that fills the lexicon."""
    names: set[str] = set()
    for path in EXTRACTOR.rglob("*.py"):
        if path == LOADER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                names.add(node.attr)
    return names


def test_every_lexicon_field_is_read_by_the_code():
    """A field that is loaded and never read would make editing its words in hi.toml/en.toml silently do nothing."""
    read = _attributes_read()
    unread = [f.name for f in dataclasses.fields(NumberLexicon) if f.name not in read]
    assert not unread, f"NumberLexicon fields loaded but never read outside the loader: {unread}"


def _entries(data: dict):
    """(table, entry) for every entry of a language file: ("ranges", "openers"), ("number_words", "5"), and
    (table, None) for a value that is not a table ("language")."""
    for table, value in data.items():
        if isinstance(value, dict):
            for name in value:
                yield table, name
        elif table != "language":
            yield table, None


def _without(data: dict, table: str, name: str | None) -> dict:
    out = copy.deepcopy(data)
    if name is None:
        del out[table]
    else:
        del out[table][name]
    return out


def _load(lang: str, data: dict) -> NumberLexicon:
    lex = NumberLexicon()
    lex.add(lang, data)
    return lex


@pytest.mark.parametrize("lang", NUMBER_LANGUAGES)
def test_every_key_of_a_language_file_reaches_the_lexicon(lang):
    """Dropping any table or entry of hi.toml/en.toml changes the loaded lexicon: no key is loaded into nothing."""
    data = load_toml(f"{lang}.toml")
    full = _load(lang, data)
    entries = list(_entries(data))
    assert len(entries) > 20
    for table, name in entries:
        assert _load(lang, _without(data, table, name)) != full, f"{lang}.toml [{table}] {name or ''} loads nothing"


def test_a_misspelt_entry_name_is_an_error():
    with pytest.raises(LexiconError, match="unknown keys"):
        NumberLexicon().add("xx", {"ranges": {"joiner": ["to"]}})


def test_no_function_of_the_number_engine_is_longer_than_80_lines():
    long = []
    for path in sorted((EXTRACTOR / "numbers").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.name}:{node.name} ({lines} lines)")
    assert not long, long


def test_the_engine_keeps_no_state_between_steps():
    """Reading steps pass their results on: no method of the reader or the scanner stores one on `self` for another
    method to pick up (the one running state, a quantity's `_Tally`, is local to one call and passed explicitly)."""
    for path in sorted((EXTRACTOR / "numbers").glob("*.py")):
        for cls in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(cls, ast.ClassDef) or cls.name == "_Tally":
                continue
            for fn in cls.body:
                if not isinstance(fn, ast.FunctionDef) or fn.name == "__init__":
                    continue
                for node in ast.walk(fn):
                    targets = node.targets if isinstance(node, ast.Assign) else (
                        [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
                    for t in targets:
                        assert not (isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
                                    and t.value.id == "self"), f"{path.name}:{cls.name}.{fn.name} sets self.{t.attr}"


def test_a_capitalised_abbreviation_matches_as_written_and_means_one_scale():
    lex = NumberLexicon()
    lex.add("xx", {"scale_abbreviations": {"100000": ["L", "lk"]}})
    assert lex.cased_scales == {"L": 100000} and "l" not in lex.scales and lex.scales["lk"] == 100000
    with pytest.raises(LexiconError, match="means both"):
        lex.add("yy", {"scale_abbreviations": {"1000000": ["L"]}})

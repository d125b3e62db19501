"""The tokenizer that looks each piece's tokens up whole and chains them (`tokens.tokenize`) gives the tokens of the
one before it, which took every piece for a word and spliced the others' tokens in (kept here as the reference,
`_tokenize_by_splicing`), and of one regex scan of the whole text: on generated text mixing Devanagari, Latin,
digits and the signs around numbers, and on the corpus articles."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate, chain
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.ingest import read_document
from extractor.lang import number_lexicon
from extractor.numbers import parse_numbers
from extractor.numbers import tokens as T
from extractor.numbers.scanner import words_read
from extractor.text.normalize import fold

from test_numbers_fast import _one_scan, vars_of

_PUNCTUATED = number_lexicon().punctuated_words
_STARTERS = words_read(number_lexicon())


# -- the reference: pieces taken for words, the others spliced in --------------------------------------------------

@dataclass(slots=True)
class _Piece:
    """The tokens of a piece that is not a single word, offsets into the piece; `triples` holds each token's kind,
    text and key in a row, `bounds` its start and end."""
    kinds: tuple[str, ...]
    keys: tuple[str, ...]
    triples: tuple[str, ...]
    bounds: tuple[int, ...]
    numbers: tuple[int, ...]
    values: dict[int, Decimal]
    whole: bool  # one token that is the whole piece
    may_run_on: bool  # a digit form may run on over the space after the piece

    @staticmethod
    def of(tokens: T.Tokens, starts: list[int], ends: list[int], whole: bool, may_run_on: bool) -> _Piece:
        return _Piece(tuple(tokens.kinds), tuple(tokens.keys),
                      tuple(chain.from_iterable(zip(tokens.kinds, tokens.texts, tokens.keys))),
                      tuple(chain.from_iterable(zip(starts, ends))), tuple(tokens.numbers), tokens.values, whole,
                      may_run_on)


_NO_TOKENS = _Piece((), (), (), (), (), {}, False, False)


class _SplicingCache(dict):
    """piece → its key when it is a single word, else False; `pieces` holds the others' tokens."""

    def __init__(self):
        super().__init__()
        self.pieces: dict[str, _Piece] = {}

    def __missing__(self, piece: str) -> str | bool:
        key = self[piece] = T.token_key(piece) if T._WORD.fullmatch(piece) else False
        return key

    def read(self, piece: str) -> _Piece:
        out = T.Tokens()
        T._scan(out, _PUNCTUATED, " " + piece + " x", 1, 1 + len(piece))
        found = self.pieces[piece] = _Piece.of(
            out, [start - 1 for start in out.starts], [end - 1 for end in out.ends], out.texts == [piece],
            piece[-1:] in "0123456789-" and T._LEAD.search(piece) is not None)
        return found


_SPLICING_CACHE = _SplicingCache()


def _tokenize_by_splicing(folded: str) -> T.Tokens:
    """The tokenizer before: every piece taken for a word token, the others put right one by one."""
    cache = _SPLICING_CACHE
    pieces = folded.split(" ")
    keys = list(map(cache.__getitem__, pieces))
    steps = [1] * (2 * len(pieces))
    steps[0::2] = map(len, pieces)
    edges = list(accumulate(steps, initial=0))
    starts = edges[0:-1:2]
    out = T.Tokens(["word"] * len(pieces), starts, edges[1::2], pieces, keys)
    splices: list[tuple[int, _Piece, int]] = []
    last = len(folded) - 1
    covered = shift = 0
    k = -1
    while True:
        try:
            k = keys.index(False, k + 1)
        except ValueError:
            return _spliced(out, splices) if splices else out
        pos, end = starts[k], out.ends[k]
        if pos < covered:
            found, covered = _scan_rest(folded, covered, end) if end > covered else (_NO_TOKENS, covered)
            splices.append((k, found, 0))
        else:
            found = cache.pieces.get(pieces[k]) or cache.read(pieces[k])
            if found.may_run_on and end < last and folded[end + 1] in T._RUNS_ON:
                found, covered = _scan_rest(folded, pos, end)
                pos = 0
            elif found.whole:
                out.kinds[k] = found.kinds[0]
                keys[k] = found.keys[0]
                pos = -1
            if pos >= 0:
                splices.append((k, found, pos))
        if found.numbers:
            out.numbers.extend(map((k + shift).__add__, found.numbers))
            for i, value in found.values.items():
                out.values[k + shift + i] = value
        shift += len(found.kinds) - 1


def _scan_rest(folded: str, pos: int, end: int) -> tuple[_Piece, int]:
    found = T.Tokens()
    covered = T._scan(found, _PUNCTUATED, folded, pos, end)
    return _Piece.of(found, found.starts, found.ends, False, False), covered


def _spliced(pieces: T.Tokens, splices: list[tuple[int, _Piece, int]]) -> T.Tokens:
    """The pieces' tokens with each splice's tokens put in for its piece, kind, text and key interleaved in one
    list and start and end in another."""
    n = len(pieces.kinds)
    triples = [None] * (3 * n)
    triples[0::3], triples[1::3], triples[2::3] = pieces.kinds, pieces.texts, pieces.keys
    bounds = [None] * (2 * n)
    bounds[0::2], bounds[1::2] = pieces.starts, pieces.ends
    out_triples: list = []
    out_bounds: list = []
    done = 0
    for k, found, pos in splices:
        out_triples += triples[3 * done:3 * k]
        out_triples += found.triples
        out_bounds += bounds[2 * done:2 * k]
        out_bounds += map(pos.__add__, found.bounds) if pos else found.bounds
        done = k + 1
    out_triples += triples[3 * done:]
    out_bounds += bounds[2 * done:]
    return T.Tokens(out_triples[0::3], out_bounds[0::2], out_bounds[1::2], out_triples[1::3], out_triples[2::3],
                    pieces.values, pieces.numbers)


def _spliced_one_list_at_a_time(pieces: T.Tokens, splices) -> list[list]:
    """Each field spliced on its own: the pieces' tokens, with a splice's tokens put in for its piece."""
    fields = []
    for name in ("kinds", "starts", "ends", "texts", "keys"):
        out, done = [], 0
        for k, found, pos in splices:
            if name in ("starts", "ends"):
                part = [pos + x for x in found.bounds[name == "ends"::2]]
            else:
                part = list(found.triples[("kinds", "texts", "keys").index(name)::3])
            out += getattr(pieces, name)[done:k] + part
            done = k + 1
        fields.append(out + getattr(pieces, name)[done:])
    return fields


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(["लोग,", "है।", "(कुल", "12", "a/b", "x", "1,45,000", "₹5", "", "3-4", "G20"]),
                      min_size=1, max_size=40), origin=st.integers(0, 3))
def test_splicing_interleaved_lists_gives_each_field_spliced_alone(words, origin):
    n = len(words)
    pieces = T.Tokens(["word"] * n, list(range(0, 10 * n, 10)), list(range(5, 10 * n, 10)), list(words),
                      [w.lower() for w in words])
    splices = [(k, _SPLICING_CACHE.read(w) if w else _NO_TOKENS, origin + 10 * k) for k, w in enumerate(words)
               if k % 2]
    out = _spliced(pieces, splices) if splices else pieces
    assert [out.kinds, out.starts, out.ends, out.texts, out.keys] == _spliced_one_list_at_a_time(pieces, splices)


# -- the chained records against the reference ---------------------------------------------------------------------

def _fields(tokens: T.Tokens) -> tuple:
    return (tokens.kinds, tokens.starts, tokens.ends, tokens.texts, tokens.keys, tokens.numbers, tokens.values)


def _same_as_before(text: str) -> None:
    folded = fold(text).text
    found = T.tokenize(folded, _PUNCTUATED)
    assert _fields(found) == _fields(_tokenize_by_splicing(folded)), repr(folded)
    _may_start_as_before(folded)
    assert len(set(map(len, _fields(found)[:5]))) == 1
    assert [vars_of(found.token(i)) for i in range(len(found.kinds))] == _one_scan(folded), repr(folded)


# the signs around numbers, and what makes a piece read again in the text: a form that runs on over a space
# ("12 345", "+91 98100 12345", "2 1/4"), pieces of whitespace only, line breaks at the end of a piece
_PARTS = st.sampled_from([
    "0", "1", "2", "5", "9", "12", "345", "000", "2026", "1800", "98100", "1,45,000", "4,500", "1.45", "7.2",
    ",", ".", "%", "+", "-", "--", "/", ":", "^", "e", "E", "₹", "Rs.", "(", ")", "|", "।", '"', "'",
    "लाख", "करोड़", "हज़ार", "छ:", "छ", "सवा", "है", "१२", "१.५", "Karmayogi", "crore", "lakh", "x", "a",
    "http://", "www.", "ſ", "Σ", "\u00a0", "\u200d", "\x1c", "\t",
    "पांच", "दोगुना", "tenfold", "जनवरी", "Jan", "five", "ढाई", "साढ़े", "डेढ़", "वन"])
_GAPS = st.sampled_from(["", "", "", " ", " ", " ", " ", "  ", "\n", "\n\n", " \n", "\n ", " - "])


@settings(max_examples=1500, deadline=None)
@given(parts=st.lists(st.tuples(_PARTS, _GAPS), max_size=24))
def test_chained_records_read_as_splicing_and_one_scan(parts):
    _same_as_before("".join(part + gap for part, gap in parts))


def _corpus_texts() -> list[str]:
    files = sorted(p for p in Path(__file__).parents[1].joinpath("corpus").rglob("*")
                   if p.suffix in (".txt", ".html") and "gold" not in p.parts)
    assert files
    return [read_document(path).text for path in files]


def test_chained_records_read_the_corpus_as_splicing():
    for text in _corpus_texts():
        _same_as_before(text)


def test_forms_that_run_on_and_whitespace_without_tokens():
    for text in ("कुल 1 234 567 लोग", "5 12 345", "call +91 98100 12345 now", "about 2 1/4 cups", "1800- 11 2345",
                 "12  345", "12 \n345", "x  \n  y 12\n 3", "  ", "", " ", "\n", "12 ", " 12", "1e10 3/4 2 1/4",
                 "+91- 98100 12345 12-", "http://x.in/2024 5", "a\n b\n\n c  d", "1 234 567 890 12 3"):
        _same_as_before(text)


def test_emptying_the_piece_cache_while_a_text_is_read_keeps_the_values(monkeypatch):
    # a token's value rides in its record, not in the cache
    text = "1e10 और 3/4, फिर 2 1/4 कप और 1.1^23"
    folded = fold(text).text
    before = parse_numbers(text)
    monkeypatch.setattr(T, "_PIECE_CACHES", {})
    monkeypatch.setattr(T, "_PIECES_KEPT", 1)
    assert parse_numbers(text) == before
    values = T.tokenize(folded, _PUNCTUATED).values
    assert [values[i] for i in sorted(values)] == [Decimal("1E10"), Decimal("0.75"), Decimal("2.25"),
                                                   Decimal("1.1") ** 23]
    _same_as_before(text)


# -- the tokens where reading may start, noted while tokenizing -------------------------------------------------

def _may_start_as_before(folded: str) -> None:
    """`Tokens.may_start` is what the reader picked before (`_Reader._may_start`): the tokens whose key is one of
    the words read, and the tokens of digits, sorted; the other fields are those without starters."""
    found = T.tokenize(folded, _PUNCTUATED, _STARTERS)
    words = [i for i, key in enumerate(found.keys) if key in _STARTERS]
    assert found.may_start == sorted(chain(words, found.numbers)), repr(folded)
    assert _fields(found) == _fields(T.tokenize(folded, _PUNCTUATED)), repr(folded)


def test_may_start_of_number_words_and_digits():
    for text in ("पांच लाख", "दोगुना 12 345 लोग", "ढाई 1 234 567 पांच", "जनवरी 5 2 1/4 पांच", "पांच\n  12 पांच",
                 "x-पांच 12-पांच", "+91 98100 12345 पांच"):
        _may_start_as_before(fold(text).text)


# -- the two ways to the token lists: a loop over the tokens (compiled) and passes in C (Python) -----------------

def _both_ways_alike(text: str) -> None:
    pieces = fold(text).text.split(" ")
    in_passes = T._token_lists_in_passes(T._PieceCache(_PUNCTUATED, _STARTERS, nested=False), pieces)
    in_a_loop = T._token_lists_in_a_loop(T._PieceCache(_PUNCTUATED, _STARTERS, nested=True), pieces)
    assert in_a_loop == in_passes, repr(text)
    # a flag that carries a value is the same object both ways (it is read for the value)
    assert list(map(type, in_a_loop[6])) == list(map(type, in_passes[6]))


@settings(max_examples=800, deadline=None)
@given(parts=st.lists(st.tuples(_PARTS, _GAPS), max_size=24))
def test_token_lists_in_a_loop_and_in_passes_are_alike(parts):
    _both_ways_alike("".join(part + gap for part, gap in parts))


def test_token_lists_in_a_loop_and_in_passes_are_alike_on_the_corpus():
    for text in _corpus_texts():
        _both_ways_alike(text)
    for text in ("कुल 1 234 567 लोग", "1e10 3/4 2 1/4", "  ", "", "\n", "12 ", "http://x.in/2024 5"):
        _both_ways_alike(text)


def test_the_way_taken_is_the_one_for_how_the_module_runs():
    compiled = not T.__file__.endswith(".py")
    assert T._COMPILED is compiled
    assert T._token_lists is (T._token_lists_in_a_loop if compiled else T._token_lists_in_passes)
    assert T._piece_cache(_PUNCTUATED).nested is compiled

"""`_code_before` reads back from a figure what `_CODE_BEFORE` matched there (extractor/claims/build.py): the same
answer on every input, and the same class for every character as `regex` gives it; and the compiled bisections the
builder uses find what the `bisect` module finds."""

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.claims import build


def _by_the_pattern(text: str, lo: int, end: int):
    """The old way: the REVERSE pattern matched at the figure's start."""
    code = build._CODE_BEFORE.match(text, lo, end)
    if code is None:
        return None
    return "" if code.group(1) is None else code.group(1)


def test_every_character_of_the_bmp_is_classed_as_regex_reads_it():
    table = build._char_classes()
    letters, spaces = regex.compile(r"[\p{L}\p{M}]"), regex.compile(r"\s")
    for c in range(0x10000):
        ch = chr(c)
        want = build._LETTER if letters.match(ch) else build._SPACE_CHAR if spaces.match(ch) else build._OTHER
        assert table[c] == want, hex(c)


_CHARS = ["a", "B", "Q", "no", "x", " ", "  ", ".", "..", "#", "\t", "\n", "\xa0", "\u2003", "\u3000", "\x1c",
          "\u200d", "क", "ि", "\u093c", "्", "ा", "1", "१", "(", ",", "’", "-", "\U0001d400", "\U0001f600",
          "\U000e0100", "ß", "İ", "\u0301", "\u00ad", "।"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_CHARS), max_size=60).map("".join), st.data())
def test_the_words_read_back_are_those_the_pattern_matches(text, data):
    end = data.draw(st.integers(0, len(text)))
    lo = data.draw(st.integers(0, end))
    for a, b in ((lo, end), (max(0, end - build._CODE_REACH), end), (0, len(text))):
        assert build._code_before(text, a, b) == _by_the_pattern(text, a, b), (text, a, b)


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=50), st.data())
def test_any_text_read_back_as_the_pattern_matches(text, data):
    end = data.draw(st.integers(0, len(text)))
    lo = data.draw(st.integers(0, end))
    assert build._code_before(text, lo, end) == _by_the_pattern(text, lo, end)


def test_examples():
    for text, want in [("Q. 5", "Q"), ("batch no 5", "batch no"), ("# 5", ""), ("(5", None), ("कुल 5", "कुल"),
                       ("लगभग  करीब  5", "करीब"), ("a. b. 5", "b"), ("5", None), (". 5", None)]:
        end = text.find("5")
        assert build._code_before(text, 0, end) == _by_the_pattern(text, 0, end) == want, text


# -- the compiled bisections: the same answers as the `bisect` module's ------------------------------------------

@settings(max_examples=2000, deadline=None)
@given(st.lists(st.integers(-5, 60), max_size=40), st.integers(-10, 70), st.data())
def test_bisections_find_what_the_bisect_module_finds(values, x, data):
    import bisect
    values_sorted = sorted(values)
    for vs in (values_sorted, values):  # sorted, as they are used, and in any order: the same steps
        lo = data.draw(st.integers(0, len(vs)))
        assert build._bisect_left(vs, x, lo) == bisect.bisect_left(vs, x, lo)
        assert build._bisect_left(vs, x, 0) == bisect.bisect_left(vs, x)
        assert build._bisect_right(vs, x) == bisect.bisect_right(vs, x)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=30), st.integers(-5, 55), st.data())
def test_bisections_of_hits_find_what_the_bisect_module_finds_by_key(pairs, x, data):
    import bisect
    from operator import itemgetter
    hits = sorted((a, a + b, "k") for a, b in pairs)
    lo = data.draw(st.integers(0, len(hits)))
    for field in (0, 1):
        key = itemgetter(field)
        assert build._bisect_hits(hits, x, lo, field, False) == bisect.bisect_left(hits, x, lo, key=key)
        assert build._bisect_hits(hits, x, lo, field, True) == bisect.bisect_right(hits, x, lo, key=key)


def test_run_as_python_the_builder_asks_the_pattern_and_the_bisect_module():
    # compiled, the loops above run; run as Python (a copy from source) the same answers come from `regex` and
    # `bisect`, which are faster there than a loop of the interpreter
    from bisect import bisect_left, bisect_right

    from pure_python import pure_copy

    assert build._COMPILED is (not build.__file__.endswith(".py"))
    pure = pure_copy("extractor.claims.build")
    assert pure._COMPILED is False
    text = "Registered on iGOT Karmayogi # 12 and on the app 45"
    for end in range(len(text) + 1):
        for lo in (0, max(0, end - 10)):
            assert pure._code_before(text, lo, end) == build._code_before(text, lo, end)
    values = [1, 3, 3, 7, 9]
    hits = [(1, 2, "a"), (3, 5, "b"), (3, 8, "c"), (9, 9, "d")]
    for x in range(11):
        assert pure._bisect_left(values, x, 0) == build._bisect_left(values, x, 0) == bisect_left(values, x)
        assert pure._bisect_right(values, x) == build._bisect_right(values, x) == bisect_right(values, x)
        for field in (0, 1):
            for right in (False, True):
                assert pure._bisect_hits(hits, x, 0, field, right) == build._bisect_hits(hits, x, 0, field, right)

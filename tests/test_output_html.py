"""`extract FILE --format html` (extractor/output_html.py, extractor/report_html/report.html)."""
import re
import tomllib
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.ingest import read_document
from extractor.output_html import article, notations, pieces
from extractor.pipeline import extract_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "seeds" / "001_6ed01f356ed30db4.txt"
RLO = "\u202e"
HOSTILE = (
    'Title: <script>alert("title")</script> Karmayogi ' + RLO + 'report\n'
    "Source: javascript:alert(1)\n"
    "Publisher: Desk <b>&amp;</b> Co\n"
    "Date: 2025-03-05\n"
    "\n"
    "New Delhi: More than 1.45 crore users have registered on the iGOT Karmayogi platform. "
    "<script>alert(1)</script><img src=x onerror=alert(2)>\n"
    "The ministry said 4,179 courses are available " + RLO + "in 12 languages.\n"
)


def _run(*args, input=None):
    result = CliRunner().invoke(cli, [*args, "--format", "html"], input=input)
    return result


class _TextOf(HTMLParser):
    """The character data inside <div class="text">, as a browser would show it (entities decoded), without the
    figure numbers (<sup>), which are the page's, not the article's."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.in_sup = False
        self.parts: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
            self.in_sup = self.in_sup or tag == "sup"
        elif tag == "div" and ("class", "text") in attrs:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            self.in_sup = self.in_sup and tag != "sup"
            if not self.depth:
                self.texts.append("".join(self.parts))
                self.parts = []

    def handle_data(self, data):
        if self.depth and not self.in_sup:
            self.parts.append(data)


def _article_texts(page: str) -> list[str]:
    parser = _TextOf()
    parser.feed(page)
    return parser.texts


def test_three_notations():
    assert notations(145000000) == ("14,50,00,000", "14.5 crore", "145 million")
    assert notations(2200000) == ("22,00,000", "22 lakh", "2.2 million")
    assert notations(500000) == ("5,00,000", "5 lakh", "500,000")
    assert notations(4179) == ("4,179", "4,179", "4,179")
    assert notations(12345678) == ("1,23,45,678", "≈ 1.23 crore", "≈ 12.35 million")
    assert notations(2.5e10) == ("25,00,00,00,000", "2,500 crore", "25 billion")
    assert notations(5000000000, "inr") == ("₹5,00,00,00,000", "₹500 crore", "₹5 billion")
    assert notations(70, "percent") == ("70%", "", "")
    assert notations(4.5, "hours") == ("4.5 hours", "", "")


def test_the_text_is_shown_whole_with_each_figure_marked_and_explained(tmp_path):
    f = tmp_path / "article.txt"
    f.write_text("Mission Karmayogi: more than 1.45 crore users have registered on iGOT, the ministry said on "
                 "5 March 2025. Uttar Pradesh will train 22 lakh employees.\n", encoding="utf-8")
    result = _run(str(f))
    assert result.exit_code == 0, result.output
    page = result.output
    doc = read_document(f)
    claims = extract_file(f)
    assert len(claims) == 2
    [shown] = _article_texts(page)
    assert shown == doc.text
    marks = re.findall(r'<mark id="a1-c(\d)-m" title="([^"]*)" data-metric="([^"]*)">([^<]*)</mark>', page)
    assert [(n, metric, quote) for n, _, metric, quote in marks] == \
        [(str(i), c.metric, c.evidence.quote) for i, c in enumerate(claims, 1)]
    hover = marks[0][1]
    assert "registered_users" in hover and "≥ 1,45,00,000 = 1.45 crore = 14.5 million" in hover
    assert "qualifier: at least (≥)" in hover and f"as of: {claims[0].as_of}" in hover
    side = page.split('<aside class="side">', 1)[1].split("</aside>", 1)[0]
    row = side.split('id="a1-c1"', 1)[1].split("</tr>", 1)[0]
    for cell in ("1.45 crore", "1,45,00,000", "1.45 crore", "14.5 million", "at least (≥)", claims[0].as_of):
        assert cell in row
    assert page.count('<section class="article"') == 1
    assert 'class="claims"' in page and claims[1].id in page


def test_furniture_is_greyed_and_never_marked():
    result = _run(str(SEED))
    assert result.exit_code == 0
    page = result.output
    doc = read_document(SEED)
    furniture = [s for s in doc.excluded if s.reason != "header"]
    assert furniture
    greyed = re.findall(r'<span class="furniture" title="page furniture \(([^)]*)\): not read for claims">([^<]*)</span>',
                        page)
    assert [(s.reason, doc.text[s.start:s.end]) for s in furniture] == \
        [(r, t.replace("&#39;", "'").replace("&amp;", "&")) for r, t in greyed]
    assert "Story continues below Advertisement" in [t for _, t in greyed]
    assert page.count("<mark ") == len(extract_file(SEED))
    assert _article_texts(page) == [doc.text]


def test_every_piece_of_article_text_is_escaped_and_direction_controls_are_shown(tmp_path):
    f = tmp_path / "hostile.txt"
    f.write_text(HOSTILE, encoding="utf-8")
    result = _run(str(f))
    assert result.exit_code == 0, result.output
    page = result.output
    assert "<script" not in page.lower() and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in page  # the title, in <title>, <h2> and the list
    assert "Desk &lt;b&gt;&amp;amp;&lt;/b&gt; Co" in page
    assert RLO not in page  # neither obeyed in the text nor in the title
    assert '<span class="ctl" title="U+202E RIGHT-TO-LEFT OVERRIDE">U+202E</span>' in page
    assert "[U+202E]report" in page
    assert 'href="javascript' not in page and "javascript:alert(1)" in page  # shown, not linked
    assert len(re.findall("<mark ", page)) == len(extract_file(f))


def test_the_page_loads_nothing_from_outside():
    page = _run(str(SEED)).output
    assert page.startswith("<!doctype html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for external in ("<script", "<link", " src=", "url(", "@import", "<iframe", "<object"):
        assert external not in page.lower()


def test_a_real_source_address_is_a_link(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Source: https://example.org/news?a=1&b=2\n\nMore than 1.45 crore users have registered on iGOT.\n",
                 encoding="utf-8")
    page = _run(str(f)).output
    assert '<a href="https://example.org/news?a=1&amp;b=2" rel="noopener noreferrer">' in page


def test_several_files_make_one_page_with_a_section_each_and_unreadable_ones_exit_2(tmp_path):
    other = tmp_path / "b.txt"
    other.write_text("Uttar Pradesh will train 22 lakh employees under Mission Karmayogi.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = _run(str(SEED), str(other), str(missing))
    assert result.exit_code == 2
    page = result.stdout
    assert page.count('<section class="article"') == 2
    assert 'id="a1"' in page and 'id="a2"' in page and 'href="#a2"' in page
    assert f"2 articles, {len(extract_file(SEED)) + len(extract_file(other))} claims" in page
    assert "missing.txt: no such file" in result.stderr
    assert page.rstrip().endswith("</html>")


def test_standard_input():
    text = "मिशन कर्मयोगी के तहत 1.45 करोड़ से अधिक यूजर्स पंजीकृत हैं।\n"
    result = _run("-", input=text.encode("utf-8"))
    assert result.exit_code == 0
    page = result.output
    assert "<dd>standard input</dd>" in page and 'lang="hi"' in page
    assert '>1.45 करोड़</mark>' in page
    assert "1 article, 1 claim:" in page


def test_nothing_readable_still_makes_a_page(tmp_path):
    result = _run(str(tmp_path / "none.txt"))
    assert result.exit_code == 2
    assert "No article could be read." in result.stdout


def test_pieces_cover_the_text_exactly_even_where_figures_and_controls_meet():
    doc = read_document(SEED)
    a = article(doc, extract_file(SEED), 1)
    assert "".join(p.text for p in a.pieces) == doc.text
    assert sum(p.figure_ends for p in a.pieces) == len(a.figures)

    from extractor.records import Document

    d = Document(text="x " + RLO + "1.45 crore users")
    [fig] = article(d, extract_file(SEED)[:1], 1).figures
    fig.claim = fig.claim.model_copy(update={"evidence": fig.claim.evidence.model_copy(update={"start": 2, "end": 13})})
    got = [(p.text, p.figure is not None, p.figure_ends, p.control) for p in pieces(d, [fig])]
    assert got == [("x ", False, False, None), (RLO, True, False, "U+202E RIGHT-TO-LEFT OVERRIDE"),
                   ("1.45 crore", True, True, None), (" users", False, False, None)]


def test_the_template_ships_with_the_package():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["extractor"]
    shipped = [p.relative_to(ROOT / "extractor").as_posix() for p in (ROOT / "extractor" / "report_html").iterdir()]
    assert shipped and all(any(fnmatch(name, pat) for pat in patterns) for name in shipped)


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_the_other_formats_still_work(fmt):
    result = CliRunner().invoke(cli, [str(SEED), "--format", fmt])
    assert result.exit_code == 0 and "registered_users" in result.output

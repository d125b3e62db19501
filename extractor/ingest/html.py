"""HTML news pages → the article's text (title first, one paragraph per block), with its metadata.

Why our own extraction and not a readability library: the numbers in a "यह भी पढ़ें" box or a related-stories list
are other stories' figures, and the generic extractors keep those boxes (trafilatura by default: docs/decisions.md). We
drop what is furniture by tag and by class/id *tokens* ("ad" as a token, never inside "download" or "heading"),
keep the block with the article's paragraphs, then apply the same line markers as for plain text.
Deep nesting: every traversal here is iterative; if bs4 or lxml still recurse too deep, a flat lxml fallback runs.
"""
from __future__ import annotations

import json

import regex

from ..errors import UnreadableInput
from ..records.document import Document, DocumentMeta
from ..text.normalize import fold_key
from .annotate import annotate
from .decode import bom_encoding, decode_text
from .published import parse_date

_META_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", regex.IGNORECASE)
_JUNK_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed", "link",
              "meta"]
_FURNITURE_TAGS = {"nav", "header", "footer", "aside", "form", "button", "select", "textarea", "input", "dialog",
                   "menu"}
# inline text elements are never dropped for their class: <a class="tag"> inside a sentence is part of it
_INLINE = {"a", "abbr", "b", "strong", "em", "i", "u", "mark", "sup", "sub", "small", "time", "code", "q", "cite",
           "span", "font", "label", "br", "img"}
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
           "dt", "dd", "blockquote", "pre", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr",
           "caption", "address", "header", "footer", "details", "summary", "center", "fieldset", "hr", "br"}
_FURNITURE_TOKENS = {
    "nav", "navbar", "navigation", "subnav", "menu", "breadcrumb", "breadcrumbs", "share", "shares", "sharing",
    "sharethis", "sharebar", "social", "related", "recommended", "recommendation", "recommendations", "trending",
    "advert", "adverts", "advertisement", "advertisements", "advertising", "ad", "ads", "adv", "adslot", "adunit",
    "sponsor", "sponsored", "sponsors", "cookie", "cookies", "consent", "gdpr", "newsletter", "subscribe",
    "subscription", "comment", "comments", "disqus", "footer", "sidebar", "widget", "widgets", "tags", "tag",
    "taglist", "popup", "modal", "promo", "promoted", "toolbar", "pagination", "pager", "login", "search", "skip",
    "alsoread", "readalso", "readmore", "mustread", "outbrain", "taboola",
}
_FURNITURE_PREFIXES = ("advert", "sponsor", "adsby", "breadcrumb", "newsletter", "recommend", "related",
                       "trending", "cookie", "social", "sidebar", "widget", "taboola", "outbrain")
_FURNITURE_PAIRS = {("also", "read"), ("read", "also"), ("read", "more"), ("must", "read"), ("more", "stories"),
                    ("more", "news"), ("you", "may")}
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
                    "toolbar", "dialog", "alertdialog"}
_CAMEL = regex.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_ALNUM = regex.compile(r"[^a-z0-9]+")
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_ARTICLE_TYPE = regex.compile(r"(Article|Posting|Report)$")
_DATE_PUBLISHED = regex.compile(r'"datePublished"\s*:\s*"([^"]{6,60})"')
_TITLE_SPLIT = regex.compile(r"\s+(?:\||-|–|—|::|»)\s+")
_META_DATE_NAMES = ("date", "pubdate", "publish-date", "publish_date", "publishdate", "dc.date.issued",
                    "dcterms.issued", "dc.date", "article.published", "sailthru.date", "parsely-pub-date",
                    "og:published_time")


def _tokens(value: str) -> list[str]:
    return [t for t in _NON_ALNUM.split(_CAMEL.sub(" ", value).lower()) if t]


def _furniture_words(words: list[str]) -> bool:
    if any(w in _FURNITURE_TOKENS or w.startswith(_FURNITURE_PREFIXES) for w in words):
        return True
    return any(pair in _FURNITURE_PAIRS for pair in zip(words, words[1:]))


def looks_like_furniture(tag) -> bool:
    """True when the element's tag, role, class, id or aria-label says navigation, ads, sharing, related, …"""
    if tag.name in _FURNITURE_TAGS:
        return True
    if tag.name in _INLINE:
        return False
    attrs = tag.attrs or {}
    if "hidden" in attrs or _HIDDEN_STYLE.search(str(attrs.get("style", ""))):
        return True
    if str(attrs.get("role", "")).strip().lower() in _FURNITURE_ROLES:
        return True
    classes = attrs.get("class", [])
    names = list(classes) if isinstance(classes, list) else str(classes).split()
    if attrs.get("id"):
        names.append(str(attrs["id"]))
    if any(_furniture_words(_tokens(name)) for name in names):
        return True
    label = attrs.get("aria-label")
    return bool(label) and _furniture_words(_tokens(str(label)))


def _decode(data: bytes, path: str | None) -> str:
    declared = None
    if not bom_encoding(data):
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii", "ignore") if m else None
    return decode_text(data, path, declared=declared)


# --- tree helpers (iterative: pages with 100k nested elements must not hit the recursion limit) ---------------

def _tags_preorder(root):
    from bs4.element import Tag

    out = []
    stack = [root]
    while stack:
        tag = stack.pop()
        out.append(tag)
        stack.extend(c for c in reversed(tag.contents) if isinstance(c, Tag))
    return out


def _text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _p_sizes(order, skip: frozenset[int] = frozenset()) -> dict[int, int]:
    """Characters of <p> text under each tag of a pre-order list (children are summed before their parent);
    tags whose id() is in `skip` count as empty."""
    from bs4.element import Tag

    sizes: dict[int, int] = {}
    for tag in reversed(order):
        if id(tag) in skip:
            sizes[id(tag)] = 0
        elif tag.name == "p":
            sizes[id(tag)] = len(_text(tag))
        else:
            sizes[id(tag)] = sum(sizes.get(id(c), 0) for c in tag.contents if isinstance(c, Tag))
    return sizes


_CLIMB = 1.25  # an ancestor holding 25% more prose than the pick means the story is spread over both


def _choose_main(soup):
    """The element holding the article: [itemprop=articleBody], else <article>, else the richest <p> parent
    (widened to an ancestor when the story's paragraphs are scattered, as malformed pages scatter them)."""
    from bs4.element import Tag

    root = soup.body or soup
    order = _tags_preorder(root)
    # prose inside navigation, related lists, comments … does not count towards choosing the article
    sizes = _p_sizes(order, frozenset(id(t) for t in order if t is not root and looks_like_furniture(t)))
    direct = {}
    for tag in order:
        direct[id(tag)] = sum(sizes[id(c)] for c in tag.contents if isinstance(c, Tag) and c.name == "p")
    best, best_score = None, 0.0
    for tag in order:
        score = direct[id(tag)] + 0.5 * sum(direct[id(c)] for c in tag.contents if isinstance(c, Tag))
        if score > best_score:
            best, best_score = tag, score
    bodies = [t for t in order if "articlebody" in str(t.get("itemprop", "")).lower() and sizes[id(t)]]
    articles = [t for t in order if t.name == "article" and sizes[id(t)]]
    if bodies:  # the page says which element is the article body: believe it
        return max(bodies, key=lambda t: sizes[id(t)]), order
    if articles:
        pick = max(articles, key=lambda t: sizes[id(t)])
        # an <article> may be a teaser card beside the real story: trust it only if it holds most of the prose
        if best is None or sizes[id(pick)] * 2 >= sizes[id(best)]:
            return pick, order
    if best is None:
        return root, order
    while True:  # iterative climb: the tree may be 100k deep
        anc, up = best.parent, None
        while isinstance(anc, Tag) and id(anc) in sizes:
            if sizes[id(anc)] >= _CLIMB * sizes[id(best)]:
                up = anc
                break
            anc = anc.parent
        if up is None:
            return best, order
        best = up


def _drop_furniture(main) -> None:
    order = _tags_preorder(main)
    sizes = _p_sizes(order)
    total = sizes[id(main)]
    doomed = []
    for tag in order[1:]:
        if looks_like_furniture(tag) and not (total and sizes[id(tag)] * 2 >= total):
            doomed.append(tag)  # a "furniture" wrapper holding half the prose is a layout class, not a box
    for tag in doomed:
        if tag.parent is not None:  # already gone with an ancestor
            tag.decompose()


def _paragraphs(main) -> list[str]:
    from bs4.element import NavigableString, PreformattedString

    paras: list[str] = []
    buf: list[str] = []
    prefix = ""

    def flush() -> None:
        nonlocal prefix
        text = " ".join("".join(buf).split())
        buf.clear()
        if text:
            paras.append(prefix + text)
            prefix = ""

    stack = [(main, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            flush()
            if node.name == "li":
                prefix = ""
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, CDATA, doctype
                buf.append(str(node))
            continue
        name = node.name
        if name in ("td", "th"):
            buf.append(" ")
        if name in _BLOCKS:
            flush()
            if name == "li":
                prefix = "• "
            stack.append((node, True))
        stack.extend((c, False) for c in reversed(node.contents))
    flush()
    return paras


# --- metadata ----------------------------------------------------------------------------------------------

def _loads_loose(raw: str):
    s = raw.strip()
    for junk in ("<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"):
        s = s.replace(junk, "")
    for attempt in (s, regex.sub(r",\s*([}\]])", r"\1", s)):  # trailing commas are the usual breakage
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _json_ld(soup) -> tuple[list[str], list[str], str | None]:
    """(article datePublished values, other datePublished values, publisher name) from JSON-LD blocks."""
    article_dates, other_dates, publisher = [], [], None
    for script in soup.find_all("script", attrs={"type": regex.compile(r"ld\+json", regex.IGNORECASE)}):
        raw = script.string or script.get_text()
        data = _loads_loose(raw)
        if data is None:
            other_dates.extend(_DATE_PUBLISHED.findall(raw))
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
                continue
            if not isinstance(item, dict):
                continue
            types = item.get("@type", [])
            types = [types] if isinstance(types, str) else [t for t in types if isinstance(t, str)] \
                if isinstance(types, list) else []
            value = item.get("datePublished")
            if isinstance(value, str):
                (article_dates if any(_ARTICLE_TYPE.search(t) for t in types) else other_dates).append(value)
            pub = item.get("publisher")
            if publisher is None and pub:
                pubs = pub if isinstance(pub, list) else [pub]
                for p in pubs:
                    name = p.get("name") if isinstance(p, dict) else p if isinstance(p, str) else None
                    if isinstance(name, str) and name.strip():
                        publisher = name.strip()
                        break
            stack.extend(reversed([v for v in item.values() if isinstance(v, (dict, list))]))
    return article_dates, other_dates, publisher


def _metas(soup) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in soup.find_all("meta"):
        content = m.get("content")
        if not isinstance(content, str) or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = m.get(attr)
            if isinstance(key, str) and key.strip():
                out.setdefault(key.strip().lower(), content.strip())
    return out


def _strip_site(title: str, publisher: str | None) -> str:
    parts = _TITLE_SPLIT.split(title)
    if publisher and len(parts) > 1:
        site, pub = fold_key(parts[-1]), fold_key(publisher)
        if site and (site in pub or pub in site):
            return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    return title


def _metadata(soup) -> tuple[DocumentMeta, list[str]]:
    """Metadata and the date values to try, best first (the <time> fallback is added once the main is known)."""
    metas = _metas(soup)
    article_dates, other_dates, ld_publisher = _json_ld(soup)
    meta = DocumentMeta()
    canonical = soup.find("link", rel=lambda r: r and "canonical" in [x.lower() for x in
                                                                     (r if isinstance(r, list) else [r])])
    meta.url = (canonical.get("href") if canonical and canonical.get("href") else None) or metas.get("og:url")
    meta.publisher = metas.get("og:site_name") or ld_publisher
    title = metas.get("og:title")
    if not title and soup.title and soup.title.string:
        title = _strip_site(" ".join(soup.title.string.split()), meta.publisher)
    if not title:
        h1 = soup.find("h1")
        title = _text(h1) if h1 else None
    meta.title = " ".join(title.split()) if title else None
    dates = [metas.get("article:published_time"), metas.get("og:article:published_time"), *article_dates]
    dates.append(metas.get("datepublished"))
    for el in soup.find_all(attrs={"itemprop": regex.compile(r"^datePublished$", regex.IGNORECASE)}):
        dates.extend([el.get("content"), el.get("datetime"), _text(el)])
    dates.extend(metas.get(name) for name in _META_DATE_NAMES)
    dates.extend(other_dates)
    return meta, [d for d in dates if isinstance(d, str) and d.strip()]


def _time_values(main) -> list[str]:
    times = main.find_all("time", attrs={"datetime": True})
    times.sort(key=lambda t: 0 if t.has_attr("pubdate") else 1)
    return [t["datetime"] for t in times if isinstance(t.get("datetime"), str)]


# --- entry points ------------------------------------------------------------------------------------------

def _extract(html: str) -> tuple[DocumentMeta, list[str]]:
    from bs4 import BeautifulSoup  # lazy: a plain-text run need not import bs4 and lxml

    soup = BeautifulSoup(html, "lxml")
    meta, dates = _metadata(soup)
    for tag in soup.find_all(_JUNK_TAGS):
        if tag.parent is not None:
            tag.decompose()
    main, _ = _choose_main(soup)
    if meta.title is None:
        h1 = main.find("h1")
        meta.title = _text(h1) if h1 else None
    dates.extend(_time_values(main) + _time_values(soup.body or soup))  # the article's own <time> first
    for value in dates:
        meta.published = parse_date(value)
        if meta.published:
            break
    _drop_furniture(main)
    return meta, _paragraphs(main)


def _extract_flat(html: str) -> tuple[DocumentMeta, list[str]]:
    """Fallback when the tree is too deep for bs4: lxml's C-level iteration and text_content()."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for el in list(root.iter(*_JUNK_TAGS, *_FURNITURE_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    meta = DocumentMeta()
    t = root.find(".//title")
    meta.title = " ".join(t.text_content().split()) if t is not None else None
    paras = []
    for el in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li"):
        text = " ".join(el.text_content().split())
        if text:
            paras.append(("• " if el.tag == "li" else "") + text)
    if not paras:
        text = " ".join(root.text_content().split())
        paras = [text] if text else []
    return meta, paras


def read_html(data: bytes, path: str | None = None) -> Document:
    html = _decode(data, path)
    try:
        meta, paras = _extract(html)
    except RecursionError:
        try:
            meta, paras = _extract_flat(html)
        except (RecursionError, ValueError) as exc:
            raise UnreadableInput(f"HTML too deeply nested to read ({type(exc).__name__})", path) from None
    except ValueError as exc:  # lxml: "Document is empty" and the like
        raise UnreadableInput(f"cannot parse HTML: {exc}", path) from None
    title = meta.title
    if title and paras and fold_key(paras[0]) == fold_key(title):
        paras = paras[1:]  # the <h1> repeats the title line
    blocks = ([title] if title else []) + paras
    if not blocks:
        raise UnreadableInput("no text found in the HTML", path)
    doc = Document(text="\n\n".join(blocks), path=path, meta=meta)
    return annotate(doc)

"""Story groups: find syndicated copies, so that a figure repeated by five copies of one wire story is one source.

A stage of its own, after the claims and before the store (text → lang → numbers → ingest → claims → stories →
store → …): the batch's workers compute a document's signature here, and `store.story_index` keeps the groups in
the database by the rule defined here. It imports nothing from a later stage.

Technique: MinHash over word shingles, indexed with locality-sensitive hashing — datasketch's `MinHash`,
`LeanMinHash` (its compact, serialisable form) and `MinHashLSH`. Why: a republished story is the same text with
light edits (another headline, a dropped paragraph, the site's own teasers and footer, a few words changed, digits
in another script); the Jaccard similarity of the word-shingle sets measures exactly that, MinHash estimates it
from a fixed-size signature the store computes once per document, and LSH finds the similar pairs among many
thousands of documents without comparing every pair. A maintained library rather than a home-made one: the hashing
and the band arithmetic are where home-made versions go subtly wrong.

The stages, in order:
1. `story_text(doc)`: the article body only — every `Document.excluded` span (header block, bylines, "यह भी पढ़ें" /
   "Also read" teasers, related posts, promos, footers, cookie notices) is left out, so furniture one site adds
   does not make its copy look different.
2. `signature(text)`: fold the text the project's way (`fold_key`: NFC, nukta dropped, digits to ASCII, lower case,
   chandrabindu read as anusvara — so हज़ार/हजार, १८.८/18.8 and पाँच/पांच agree), split it into words (letters,
   marks and digits; punctuation and the danda are dropped), take every run of `SHINGLE_WORDS` words, and return
   the MinHash of that set as bytes (`LeanMinHash.serialize`, little-endian: 525 bytes for an SQLite BLOB).
3. `group_stories(pairs)`: LSH proposes candidate pairs, each candidate is confirmed with the estimated Jaccard
   similarity (`STORY_THRESHOLD`), and confirmed pairs are joined transitively (union-find). The story id is the
   smallest document id of the group, so it does not depend on the order of the input.

Measured on the corpus (exact Jaccard of word 3-shingles of `story_text`; tests/test_stories.py builds the copies
from seed 001): headline changed 0.985, one paragraph dropped 0.881, four words changed 0.968, Hindi or English
furniture added 1.000, Devanagari digits or nukta-less spelling 1.000, all of these at once 0.872. Every other pair
of the sixteen corpus articles is at most 0.065 — the highest is seeds 001 and 004, two independent reports of the
same 6 January 2026 meeting, which must stay two stories (they disagree on figures). The MinHash estimates
(NUM_PERM=128, SEED below) of those stay within 0.06 of the exact values (001 vs 004: 0.086; headline changed:
0.930). Heavier edits of seed 001 land on the threshold and the estimate (standard error 0.044 there) decides them
either way: a random tenth of the words replaced 0.53-0.56 (estimated 0.48), cut to its first half 0.48 (estimated
0.55); a fifth of the words replaced 0.36-0.38 is not grouped.

Short texts: a body with no words gets an empty signature and is never grouped with anything (not even another
empty body: "nothing left after the furniture" is not a story). A body of fewer than `SHORT_TEXT_WORDS` words is
not shingled: its signature is the MinHash of one element, the whole folded word sequence, so it groups only with
a body that is word-for-word the same after folding, never with a long article or a different short one.
"""
from __future__ import annotations

import itertools
import struct
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex

from ..errors import ExtractorError
from ..records.document import Document
from ..text.normalize import fold_key

# Words per shingle. Measured: k=3 keeps light edits high (a changed word removes only 3 shingles: four changed
# words 0.968 at k=3, 0.948 at k=5) while unrelated articles on the same subject stay low (001 vs 004: 0.153 at
# k=2, 0.065 at k=3, 0.030 at k=4). k=2 lets shared stock phrases ("मिशन कर्मयोगी के तहत") raise unrelated pairs.
SHINGLE_WORDS = 3

# Same story when the estimated Jaccard similarity is at least this. Measured copies are at 0.87 or more, different
# articles at 0.065 or less; the threshold sits in the gap, nearer the copies, because a false merge is the costly
# error: it would make two independent sources one and hide their disagreement (001 vs 004). 0.5 still groups a
# copy with up to about a tenth of its words replaced or cut to about half (0.48-0.56: decided by the estimate),
# not one with a fifth of its words replaced (0.36).
STORY_THRESHOLD = 0.5

# MinHash permutations. The standard error of the estimate is sqrt(J(1-J)/NUM_PERM): 0.044 at J=0.5, 0.022 at the
# 0.065 of 001 vs 004 — both pairs and copies are many standard errors from the threshold. 256 would halve the
# variance at twice the BLOB size and LSH work, and buy nothing on the measured gap.
NUM_PERM = 128

# Fixed (and otherwise arbitrary) seed of the permutations: a signature stored today must compare with one computed
# next year; the seed, NUM_PERM and the permutation scheme are inside the bytes and checked when read. The input
# hash is datasketch's SHA-1 based sha1_hash32, never Python's randomised hash().
SEED = 20260106

# LSH bands x rows (42 x 3 = 126 of the 128 values). LSH only proposes candidates, each is then checked against
# STORY_THRESHOLD, so the bands favour recall: a pair is proposed with probability 1-(1-J^3)^42 — 0.996 at J=0.5,
# 0.99996 at J=0.6, 1.4% at J=0.07 (001 vs 004) and 29% at J=0.2 (those cost one comparison each, not a merge).
# datasketch's own choice for threshold=0.5 (25 x 5) proposes a J=0.6 pair only 87% of the time.
LSH_BANDS = 42
LSH_ROWS = 3

# Below this many words a text is compared whole (see the module docstring): with fewer than 8 shingles one changed
# word moves the estimate by a third or more, and a stock phrase is a large part of the text.
SHORT_TEXT_WORDS = 10

_BYTEORDER = "<"  # fixed, so a BLOB written on one machine reads on any other
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_HASH_BATCH = 4096  # shingles hashed at a time: NUM_PERM x 8 bytes each while hashed (4 MB)
_WHOLE_TEXT = "\x00whole\x00"  # prefix of the single element of a short text: can never equal a shingle


class IncompatibleSignature(ExtractorError, ValueError):
    """A stored signature was made with other settings (NUM_PERM, SEED, datasketch's permutation scheme) or is not a
    signature at all. Signatures are only comparable with the same settings: recompute them with `signature()`."""


def story_text(doc: Document) -> str:
    """The article body of `doc`: its text without the header block and the excluded spans (page furniture), one
    non-blank line per line, stripped."""
    spans = sorted((s.start, s.end) for s in doc.excluded)
    parts: list[str] = []
    pos = doc.body_start
    for start, end in spans:
        if end <= pos:
            continue
        if start > pos:
            parts.append(doc.text[pos:start])
        pos = end
    parts.append(doc.text[pos:])
    # "\n" between the kept parts: the words either side of a removed span must not run together
    lines = (line.strip() for part in parts for line in part.splitlines())
    return "\n".join(line for line in lines if line)


def words(text: str) -> list[str]:
    """The folded words of `text`: letters, combining marks and digits; everything else separates words."""
    return _WORD.findall(fold_key(text))


def shingles(text: str) -> set[str]:
    """The set `signature()` hashes: word `SHINGLE_WORDS`-grams, or for a short text its whole word sequence."""
    ws = words(text)
    if not ws:
        return set()
    if len(ws) < SHORT_TEXT_WORDS:
        return {_WHOLE_TEXT + " ".join(ws)}
    k = SHINGLE_WORDS
    return {" ".join(ws[i:i + k]) for i in range(len(ws) - k + 1)}


def _shingle_stream(text: str) -> Iterator[bytes]:
    """The elements of `shingles(text)`, encoded, one at a time (repeats included): no list of the words or set of
    the shingles is held."""
    found = (m.group() for m in _WORD.finditer(fold_key(text)))
    first = list(itertools.islice(found, SHORT_TEXT_WORDS))
    if not first:
        return
    if len(first) < SHORT_TEXT_WORDS:
        yield (_WHOLE_TEXT + " ".join(first)).encode("utf-8")
        return
    window: deque[str] = deque(maxlen=SHINGLE_WORDS)
    for word in itertools.chain(first, found):
        window.append(word)
        if len(window) == SHINGLE_WORDS:
            yield " ".join(window).encode("utf-8")


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED).permutations  # generated once per process, not per document


def signature(text: str) -> bytes:
    """The MinHash signature of `text` (pass `story_text(doc)`), as bytes for an SQLite BLOB. Deterministic: the
    same text gives the same bytes in every process."""
    from datasketch import LeanMinHash, MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme="affine32")
    # streamed in batches: the MinHash of a set is the same whatever the order and repeats of its elements, and
    # datasketch's update_batch holds NUM_PERM 8-byte values per element it is given (a 20 MB article has millions
    # of shingles: gigabytes at once)
    stream = iter(_shingle_stream(text))
    while batch := list(itertools.islice(stream, _HASH_BATCH)):
        m.update_batch(batch)
    lean = LeanMinHash(m)
    buf = bytearray(lean.bytesize(_BYTEORDER))
    lean.serialize(buf, _BYTEORDER)
    return bytes(buf)


def load_signature(doc_id: str, data: bytes):
    """A stored signature back as a datasketch `LeanMinHash`; IncompatibleSignature if it is not one of ours."""
    from datasketch import LeanMinHash

    try:
        m = LeanMinHash.deserialize(bytes(data), _BYTEORDER)
    except Exception as exc:  # struct.error, ValueError: not a signature
        raise IncompatibleSignature(f"{doc_id}: not a story signature ({exc})") from None
    if m.seed != SEED or len(m) != NUM_PERM or m.scheme != "affine32" or len(data) != m.bytesize(_BYTEORDER):
        raise IncompatibleSignature(
            f"{doc_id}: signature made with other settings (seed {m.seed}, {len(m)} permutations, {m.scheme}); "
            f"expected seed {SEED}, {NUM_PERM}, affine32 — recompute it with signature()")
    return m


def band_keys(m) -> list[bytes]:
    """The LSH buckets of signature `m` (a LeanMinHash), one key per band: the band's number and its
    `LSH_ROWS` hash values. Two signatures share a key exactly when `group_stories`' MinHashLSH (same bands and
    rows) would put them in one bucket — the key is the band itself, not a hash of it, so there are no collisions
    to reason about. An empty signature has no buckets (it is never grouped)."""
    return value_band_keys(m.hashvalues.astype("<u4").tobytes())  # affine32: 4 bytes a value, whatever the machine


# -- the stored bytes read directly (the story index of the batch writer) --------------------------------------------
# Reading a signature as a LeanMinHash (struct-unpacking 128 values into a numpy array) and back into band keys and
# an emptiness test took about a tenth of the batch writer's time (bench/bench_writer.py): the writer reads one for
# every document it groups and for every candidate it compares. The serialized form (`signature`) is a fixed
# 13-byte header — the seed, -NUM_PERM (datasketch's mark of a format with a scheme byte), the scheme code of
# affine32 (1) — then the NUM_PERM values, 4 little-endian bytes each: the values are read straight from the bytes.

_HEADER = struct.pack("<qiB", SEED, -NUM_PERM, 1)
_SIGNATURE_BYTES = len(_HEADER) + 4 * NUM_PERM
_EMPTY_VALUES = b"\xff" * (4 * NUM_PERM)  # an empty MinHash holds the largest 32-bit value everywhere
_BANDS = [(bytes((b,)), b * 4 * LSH_ROWS, (b + 1) * 4 * LSH_ROWS) for b in range(LSH_BANDS)]


def signature_values(doc_id: str, data) -> bytes:
    """The hash values of a stored signature as stored (NUM_PERM 4-byte little-endian values), for `value_band_keys`
    and `value_similarity`; accepts exactly what `load_signature` accepts and raises what it raises otherwise."""
    data = bytes(data)
    if len(data) == _SIGNATURE_BYTES and data.startswith(_HEADER):
        return data[len(_HEADER):]
    return load_signature(doc_id, data).hashvalues.astype("<u4").tobytes()  # raises IncompatibleSignature


def value_band_keys(values: bytes) -> list[bytes]:
    """`band_keys` of the signature whose hash values are `values` (`signature_values`)."""
    if values == _EMPTY_VALUES:
        return []
    return [band + values[start:end] for band, start, end in _BANDS]


def value_similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two signatures given by their hash values (`signature_values`): exactly
    LeanMinHash.jaccard — the share of the NUM_PERM values that are equal."""
    import numpy as np

    return float(np.count_nonzero(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4"))) / float(NUM_PERM)


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets (0.0 when either text was empty)."""
    ma, mb = load_signature("a", a), load_signature("b", b)
    if ma.is_empty() or mb.is_empty():
        return 0.0
    return float(ma.jaccard(mb))


def group_stories(items: Iterable[tuple[str, bytes]]) -> dict[str, str]:
    """Map every document id to its story id: the smallest document id among the documents whose signatures are
    at least `STORY_THRESHOLD` similar to it, directly or through a chain of copies. A document with no copy maps
    to itself. The result does not depend on the order of `items`; a document id given twice is an error."""
    from datasketch import MinHashLSH

    sigs = {}
    for doc_id, data in items:
        if doc_id in sigs:
            raise ValueError(f"document id {doc_id!r} given twice")
        sigs[doc_id] = load_signature(doc_id, data)

    parent = {doc_id: doc_id for doc_id in sigs}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    # empty texts are left out of the index: their signatures are all alike and would collide in every band
    indexed = sorted(doc_id for doc_id, m in sigs.items() if not m.is_empty())
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
    with lsh.insertion_session() as session:
        for doc_id in indexed:
            session.insert(doc_id, sigs[doc_id], check_duplication=False)
    for doc_id in indexed:
        m = sigs[doc_id]
        for other in lsh.query(m):
            if other <= doc_id:  # each unordered pair once (the query also returns doc_id itself)
                continue
            ra, rb = root(doc_id), root(other)
            if ra == rb or m.jaccard(sigs[other]) < STORY_THRESHOLD:
                continue
            # the smaller id becomes the root, so the root of a group is its smallest document id
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra
    return {doc_id: root(doc_id) for doc_id in sigs}

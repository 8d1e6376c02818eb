"""The document prior (a cache model): the words a document uses elsewhere are evidence for
each damaged token, applied in a second, local decoding pass."""

from __future__ import annotations

import math

import numpy as np

from ..vietnamese import canonical
from .decoder import viterbi_many
from .lm import NUM, SyllableLM
from .tokens import TOKEN, Token


# Document consistency (a cache model): a document uses the same words again and again, so the
# forms a document's first decoding chose (and the words it has intact) are evidence for each
# damaged token. Each candidate gains CACHE_WEIGHT · log P_doc(form | candidates), add-one
# smoothed, when the document has at least CACHE_MIN words among the token's candidates.
# (Weight 2 rather than 1: measured on the dev sets, English OCR of the written notices 0.8821 -> 0.8841,
# their stripped text 0.9856 -> 0.9863, 003 0.9572 -> 0.9594, stripped gold 004 0.9873 -> 0.9886; 3 and 4
# were worse on all of them, 1.5 in between.)
CACHE_WEIGHT = 2.0
CACHE_MIN = 3
# The document's word pairs: a document repeats its collocations ("cuộc họp", "phòng họp",
# "Sở Tài chính"), and where the language model's window has lost the word that decides ("cuộc
# họp với UBND": the model scores "với UBND" after "hợp", as in "phối hợp với UBND"), the pairs
# the document wrote elsewhere with the same previous word decide. Each candidate gains
# PAIR_WEIGHT · log P_doc(form | previous word, candidates), add-one smoothed, when the document
# has at least PAIR_MIN such pairs besides the token's own. The pairs only confirm what the
# model's own left context prefers: where the model's trigram at the token already favours the
# first-pass form ("bắt đầu từ ngày", though the document writes "đầu tư" often), the choice was
# not made by a lost word and the pairs are no evidence.
PAIR_WEIGHT = 2.0
PAIR_MIN = 2
# A token is decoded again only when the document prior favours another form by more than this
# (nats): smaller shifts rarely overturn the language model, and each re-decoding costs time.
CACHE_GAP = 0.5


def refine_with_document(model: SyllableLM, segs: list[list[Token]], paths: list[list[int]],
                         counts: dict[str, int], pairs: dict[tuple[str, str], int] | None = None) -> list[list[int]]:
    """Second pass: where the document's own word use disagrees with a first-pass choice, the
    tokens around it (within the model's order) are decoded again with the document prior; the
    rest of the segment keeps its first-pass choices, which keeps the pass cheap.
    ``pairs``: the document's word pairs (``document_pairs``), evidence given the previous word."""
    if not uncertain_tokens(segs):
        return paths
    reach = model.order - 1
    # per candidate list (the generators share one list per token text): its unigram prior
    memo: dict[int, list[float] | None] = {}

    def prior(cands: list[tuple[str, float]]) -> list[float] | None:
        key = id(cands)
        if key not in memo:
            seen = [counts.get(w, 0) for w, _ in cands]
            total = sum(seen)
            if len(cands) == 1 or total < CACHE_MIN:
                memo[key] = None
            else:
                denom = math.log(total + len(seen))
                memo[key] = [CACHE_WEIGHT * (math.log(n + 1) - denom) for n in seen]
        return memo[key]

    # the pairs by their first word: most tokens follow a word the document pairs with nothing
    # among their candidates, and are passed over at one look-up
    after: dict[str, dict[str, int]] = {}
    for (a, b), n in (pairs or {}).items():
        after.setdefault(a, {})[b] = n

    def pair_prior(g: list[Token], path: list[int], i: int) -> list[float] | None:
        t = g[i]
        if i == 0 or len(t.cands) == 1:
            return None
        # candidates and first-pass choices are the model's (canonical) forms, as the pairs are
        follows = after.get(g[i - 1].cands[path[i - 1]][0])
        if follows is None:
            return None
        own = t.cands[path[i]][0]
        # the token's own pair (its first-pass choice) is no evidence about it
        seen = [follows.get(w, 0) - (w == own) for w, _ in t.cands]
        total = sum(seen)
        if total < PAIR_MIN:
            return None
        best = max(range(len(seen)), key=seen.__getitem__)
        if best != path[i]:
            h2 = model.id(g[i - 2].cands[path[i - 2]][0]) if i >= 2 else model.bos
            h1 = model.id(g[i - 1].cands[path[i - 1]][0])
            ids = np.array([model.id(t.cands[best][0]), model.id(own)])
            left = model.trigram_scores(np.full(2, h2), np.full(2, h1), ids)
            if left[0] < left[1]:  # the model's left context chose the first-pass form
                return None
        denom = math.log(total + len(seen))
        return [PAIR_WEIGHT * (math.log(n + 1) - denom) for n in seen]

    def adjustment(g: list[Token], path: list[int], i: int) -> list[float] | None:
        t = g[i]
        # a label before a number ("Số: 412/TB-UBND", "Điều 5") is its own sense: the bigram
        # with the number decides it, not how often the document wrote the homograph ("Sở")
        if t.fixed or (i + 1 < len(g) and g[i + 1].fixed and g[i + 1].cands[0][0] == NUM):
            return None
        uni, bi = prior(t.cands), pair_prior(g, path, i)
        if uni is None or bi is None:
            return uni or bi
        return [a + b for a, b in zip(uni, bi)]

    redo: list[tuple[int, int, int, list[bool]]] = []
    lattices = []
    for gi, (g, path) in enumerate(zip(segs, paths)):
        adj = [adjustment(g, path, i) for i in range(len(g))]
        hot = [a is not None and max(a) - a[k] > CACHE_GAP for a, k in zip(adj, path)]
        if not any(hot):
            continue
        n = len(g)
        free = [any(hot[max(0, i - reach):i + reach + 1]) for i in range(n)]
        # Only a window is decoded again: the free positions, plus ``reach`` fixed ones on each
        # side (their scores depend on the free choices); the rest of the segment is unaffected.
        first = free.index(True)
        last = n - 1 - free[::-1].index(True)
        lo, hi = max(0, first - reach), min(n, last + reach + 1)
        lattice = []
        for i in range(lo, hi):
            t, k, a = g[i], path[i], adj[i]
            if not free[i]:
                lattice.append([t.cands[k]])
            else:
                lattice.append(t.cands if a is None else [(w, c + x) for (w, c), x in zip(t.cands, a)])
        redo.append((gi, lo, hi, free))
        lattices.append(lattice)
    if not redo:
        return paths
    closed = [getattr(segs[gi], "closed", False) and hi == len(segs[gi]) for gi, _, hi, _ in redo]
    out = list(paths)
    for (gi, lo, hi, free), new in zip(redo, viterbi_many(model, lattices, closed=closed)):
        path = list(paths[gi])
        for i, k in zip(range(lo, hi), new):
            if free[i]:
                path[i] = k
        out[gi] = path
    return out


def document_words(text: str, decoded: list[tuple[list[list[Token]], list[list[int]]]],
                   pairs: bool = True) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """The document's words and its pairs of adjacent words (``document_counts``,
    ``document_pairs``; ``pairs=False``: no pairs), read in one walk over the text with each
    distinct word made canonical once."""
    chosen = {t.start: t.cands[k][0] for segs, paths in decoded for g, path in zip(segs, paths)
              for t, k in zip(g, path) if not t.fixed} if pairs else {}
    counts: dict[str, int] = {}  # lower-case words as written
    found: dict[tuple[str, str], int] = {}
    forms: dict[str, str] = {}  # a document repeats its words: each is made canonical once
    prev, prev_end = None, 0
    for m in TOKEN.finditer(text):
        raw = m.group().lower()
        counts[raw] = counts.get(raw, 0) + 1
        if pairs:
            w = chosen.get(m.start()) or raw
            w = forms.get(w) or forms.setdefault(w, canonical(w))
            if prev is not None and not text[prev_end:m.start()].strip():
                found[(prev, w)] = found.get((prev, w), 0) + 1
            prev, prev_end = w, m.end()
    for segs, paths in decoded:  # the decoded tokens count as the forms the first pass chose
        for g, path in zip(segs, paths):
            for t, k in zip(g, path):
                if not t.fixed:
                    raw = t.text.lower()
                    counts[raw] = counts.get(raw, 1) - 1
                    form = t.cands[k][0]
                    counts[form] = counts.get(form, 0) + 1
    out: dict[str, int] = {}
    for w, c in counts.items():
        if c > 0:
            w = forms.get(w) or forms.setdefault(w, canonical(w))
            out[w] = out.get(w, 0) + c
    return out, found


def document_counts(text: str, decoded: list[tuple[list[list[Token]], list[list[int]]]]) -> dict[str, int]:
    """Lowercase words of the document (model tone placement) with their counts, the decoded
    tokens counted as the forms the first pass chose for them."""
    return document_words(text, decoded, pairs=False)[0]


def document_pairs(text: str, decoded: list[tuple[list[list[Token]], list[list[int]]]]) -> dict[tuple[str, str], int]:
    """The document's pairs of adjacent words (only spaces or a line break between them),
    lowercase, the decoded tokens as the forms the first pass chose for them."""
    return document_words(text, decoded)[1]


def uncertain_tokens(segs: list[list[Token]]) -> bool:
    """Whether any token has more than one candidate: the document prior can change nothing else."""
    return any(len(t.cands) > 1 for g in segs for t in g)

"""The document prior (a cache model): the words a document uses elsewhere are evidence for
each damaged token, applied in a second, local decoding pass."""

from __future__ import annotations

import math

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
# A token is decoded again only when the document prior favours another form by more than this
# (nats): smaller shifts rarely overturn the language model, and each re-decoding costs time.
CACHE_GAP = 0.5


def refine_with_document(model: SyllableLM, segs: list[list[Token]], paths: list[list[int]],
                         counts: dict[str, int]) -> list[list[int]]:
    """Second pass: where the document's own word use disagrees with a first-pass choice, the
    tokens around it (within the model's order) are decoded again with the document prior; the
    rest of the segment keeps its first-pass choices, which keeps the pass cheap."""
    reach = model.order - 1
    # per candidate list (the generators share one list per token text): (prior lattice, best)
    memo: dict[int, tuple[list[tuple[str, float]], int] | None] = {}

    def prior(cands: list[tuple[str, float]]):
        key = id(cands)
        if key not in memo:
            seen = [counts.get(w, 0) for w, _ in cands]
            total = sum(seen)
            if len(cands) == 1 or total < CACHE_MIN:
                memo[key] = None
            else:
                denom = math.log(total + len(seen))
                memo[key] = ([(w, c + CACHE_WEIGHT * (math.log(n + 1) - denom)) for (w, c), n in zip(cands, seen)],
                             max(seen))
        return memo[key]

    redo: list[tuple[int, int, int, list[bool]]] = []
    lattices = []
    for gi, (g, path) in enumerate(zip(segs, paths)):
        hot = []
        for i, (t, k) in enumerate(zip(g, path)):
            # a label before a number ("Số: 412/TB-UBND", "Điều 5") is its own sense: the bigram
            # with the number decides it, not how often the document wrote the homograph ("Sở")
            label = i + 1 < len(g) and g[i + 1].fixed and g[i + 1].cands[0][0] == NUM
            pr = None if t.fixed or label else prior(t.cands)
            hot.append(pr is not None and CACHE_WEIGHT * math.log((pr[1] + 1) / (counts.get(t.cands[k][0], 0) + 1)) > CACHE_GAP)
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
            t, k = g[i], path[i]
            pr = prior(t.cands) if free[i] and not t.fixed else None
            lattice.append(pr[0] if pr is not None else (t.cands if free[i] else [t.cands[k]]))
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


def document_counts(text: str, decoded: list[tuple[list[list[Token]], list[list[int]]]]) -> dict[str, int]:
    """Lowercase words of the document (model tone placement) with their counts, the decoded
    tokens counted as the forms the first pass chose for them."""
    counts: dict[str, int] = {}
    for m in TOKEN.finditer(text):
        w = m.group().lower()
        counts[w] = counts.get(w, 0) + 1
    for segs, paths in decoded:
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
            w = canonical(w)
            out[w] = out.get(w, 0) + c
    return out

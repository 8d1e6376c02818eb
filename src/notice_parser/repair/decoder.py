"""Viterbi over lattices of candidate syllables with the n-gram model (the noisy-channel decoder).

Each position carries a short list of (lowercase syllable, channel log-probability). A bigram
pass first prunes candidates that cannot be on a good path; then the dynamic programme over
the last (order - 1) candidates picks the best path of each lattice.

All the lattices of a call are decoded together, as flat arrays: every n-gram that any path
may use is an "edge" (one row of index arrays), its score comes from one vectorised model
look-up, and the dynamic programme advances one position of *every* lattice per numpy step
(position 0 of all lattices, then position 1, ...), with segment reductions
(``np.maximum.reduceat``) for the max over predecessors. A region of a few hundred short
lattices thus costs a few numpy calls per position index instead of several per position.
The edges are generated in the order the sweeps consume them (nothing is sorted), back-pointers
of all states are taken at once after the forward sweep, and long inputs are decoded in pieces
of bounded size. The arithmetic is that of the textbook recursion element by element (same float32
operations in the same order), so the paths do not depend on how lattices are batched.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, repeat
from operator import itemgetter

import numpy as np

from .lm import SyllableLM

PRUNE_MARGIN = 6.0
# Positions decoded together at most (whole lattices): a long document is decoded in pieces,
# so the flat arrays stay small (a 1 MB stripped document: peak RSS 751 MB in one piece, 413 MB
# in pieces of 5 000 positions, where the rest of the stage is), and a piece this large already
# amortises the per-step numpy calls over hundreds of lattices, which is what batching is for.
CHUNK = 10_000


@dataclass
class _Flat:
    """Candidates of many lattices, flattened. Positions are numbered through all lattices
    (lattice after lattice); candidates through all positions."""
    lengths: np.ndarray  # (L,) positions per lattice
    sizes: np.ndarray    # (P,) candidates per position
    index: np.ndarray    # (P,) position within its lattice
    start: np.ndarray    # (P,) first candidate of the position
    ids: np.ndarray      # (C,) model id of each candidate
    chan: np.ndarray     # (C,) channel log-probability (float32)
    closed: np.ndarray   # (L,) the lattice ends at punctuation (its end is scored)

    @classmethod
    def build(cls, lengths: np.ndarray, sizes: np.ndarray, ids: np.ndarray, chan: np.ndarray,
              closed: np.ndarray) -> "_Flat":
        lattice_start = np.cumsum(lengths) - lengths
        index = np.arange(len(sizes)) - np.repeat(lattice_start, lengths)
        return cls(lengths, sizes, index, np.cumsum(sizes) - sizes, ids, chan, closed)

    def last(self) -> np.ndarray:
        """Global position of each lattice's last position (lattices must not be empty)."""
        return np.cumsum(self.lengths) - 1


def _flatten(model: SyllableLM, lattices, closed: list[bool]) -> _Flat:
    # The candidate generators share one list object per token text: each distinct list is
    # converted once, and positions refer to it. All the lists are alive (the lattices hold
    # them) for the whole call, so id() names each one unambiguously.
    seq = [cands for lattice in lattices for cands in lattice]
    distinct = list({id(c): c for c in seq}.values())
    row = {id(c): i for i, c in enumerate(distinct)}
    rows = np.fromiter(map(row.__getitem__, map(id, seq)), dtype=np.int64, count=len(seq))
    d_sizes = np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct))
    if len(distinct) and not d_sizes.min():
        raise ValueError("a lattice position without candidates")
    pairs = list(chain.from_iterable(distinct))  # (word, channel) of every distinct candidate
    d_ids = np.fromiter(map(model.index.get, map(itemgetter(0), pairs), repeat(model.unk)), dtype=np.int64,
                        count=len(pairs))
    d_chan = np.array(list(map(itemgetter(1), pairs)), dtype=np.float32)
    sizes = d_sizes[rows]
    # candidate k of position p is candidate k of its distinct list
    at = np.repeat((np.cumsum(d_sizes) - d_sizes)[rows] - (np.cumsum(sizes) - sizes), sizes) + np.arange(int(sizes.sum()))
    return _Flat.build(np.array([len(lat) for lat in lattices], dtype=np.int64), sizes, d_ids[at], d_chan[at],
                       np.array(closed, dtype=bool))


def _select(flat: _Flat, keep: np.ndarray, lattices: np.ndarray) -> _Flat:
    """The kept candidates (mask over candidates) of the chosen lattices (mask over lattices)."""
    pos = np.repeat(lattices, flat.lengths)
    cand = keep & np.repeat(pos, flat.sizes)
    sizes = np.add.reduceat(cand.astype(np.int64), flat.start) if len(flat.sizes) else flat.sizes
    return _Flat.build(flat.lengths[lattices], sizes[pos], flat.ids[cand], flat.chan[cand], flat.closed[lattices])


def _scores(model: SyllableLM, cols: list[np.ndarray]) -> np.ndarray:
    """``model.scores`` of the rows of ``cols``, each distinct n-gram looked up once and in
    sorted order: a quarter of a region's n-grams repeat, and sorted queries make the binary
    searches over the model's keys (tens of MB) walk memory in order (look-ups 15-25 % faster
    in the bench loop than the raw rows; scores are per row, so the result is the same)."""
    if not len(cols[0]):
        return np.zeros(0, dtype=np.float32)
    key = cols[0]
    for c in cols[1:]:  # ids < V and V ** order < 2 ** 63 (checked when the model is trained)
        key = key * model.V + c
    uniq, inverse = np.unique(key, return_inverse=True)
    rows = []
    for _ in cols:
        rows.append(uniq % model.V)
        uniq = uniq // model.V
    return model.scores(rows[::-1])[inverse]


@dataclass
class _Edges:
    """Every n-gram of ``order`` consecutive positions ending at each position (positions
    before a lattice's start are the one <s> padding candidate), in the order the dynamic
    programme consumes them: positions by their index within their lattice (all first
    positions, then all second positions, ...), and within a position grouped by the state
    the n-gram leads to (its newest order - 1 choices), the choice that leaves first. So no
    sort is needed: each step is a contiguous slice and each state's predecessors a run."""
    pos: np.ndarray      # (E,) position the n-gram ends at
    digits: list         # digits[j]: (E,) candidate chosen j positions back (0 = newest)
    window: np.ndarray   # (order, P) sizes of the positions j back (1 for padding)
    local: np.ndarray    # (E,) C-order index (oldest position most significant) among the position's n-grams
    block: np.ndarray    # (E,) where the n-grams of the edge's position start
    scores: np.ndarray   # (E,) log P(newest | the others)


def _edges(model: SyllableLM, flat: _Flat, order: int) -> _Edges:
    P = len(flat.sizes)
    window = np.ones((order, P), dtype=np.int64)
    for j in range(order):
        inside = np.flatnonzero(flat.index >= j)
        window[j, inside] = flat.sizes[inside - j]
    by_step = np.argsort(flat.index, kind="stable")
    count = window.prod(axis=0)[by_step]
    pos = np.repeat(by_step, count)
    block = np.repeat(np.cumsum(count) - count, count)
    q = np.arange(len(pos)) - block
    # q counts the leaving choice fastest (q = state * n_leaving + leaving); local is C order
    # (local = leaving * n_states + state)
    leaving = window[order - 1, pos]
    local = (q % leaving) * window[:order - 1, pos].prod(axis=0) + q // leaving
    digits = []
    rest = local
    for j in range(order):
        size = window[j, pos]
        digits.append(rest % size)
        rest = rest // size
    cols = []
    for j in range(order - 1, -1, -1):  # oldest first
        inside = flat.index[pos] >= j
        at = np.where(inside, flat.start[np.maximum(pos - j, 0)] + digits[j], 0)
        cols.append(np.where(inside, flat.ids[at], model.bos))
    return _Edges(pos, digits, window, local, block, _scores(model, cols))


def _end_scores(model: SyllableLM, flat: _Flat, window: np.ndarray, order: int) -> tuple[np.ndarray, np.ndarray]:
    """For each closed lattice (when the model has </s>): log P(</s> | the last order - 1
    choices), one per state of its last position (C-order, oldest first). Returns the global
    state numbers relative to each last position's first state, and the scores."""
    last = flat.last()[flat.closed & (flat.lengths > 0)]
    states = window[:order - 1, last].prod(axis=0)
    which = np.repeat(np.arange(len(last)), states)
    local = np.arange(len(which)) - np.repeat(np.cumsum(states) - states, states)
    p = last[which]
    rest = local
    digits = []
    for j in range(order - 1):
        size = window[j, p]
        digits.append(rest % size)
        rest = rest // size
    cols = []
    for j in range(order - 2, -1, -1):
        inside = flat.index[p] >= j
        at = np.where(inside, flat.start[np.maximum(p - j, 0)] + digits[j], 0)
        cols.append(np.where(inside, flat.ids[at], model.bos))
    cols.append(np.full(len(p), model.eos, dtype=np.int64))
    return p, local, _scores(model, cols)


def _steps(step: np.ndarray, group: np.ndarray) -> list[tuple[int, int, np.ndarray, np.ndarray, np.ndarray]]:
    """For edges sorted by (step, group): per step, its slice [a, b), the starts of its runs
    of equal ``group`` relative to ``a`` (the segments a reduction runs over), the group of
    each run and the run lengths. Computed once for all steps: the loops over steps then do
    only the arithmetic."""
    if not len(step):
        return []
    change = np.empty(len(step), dtype=bool)
    change[0] = True
    np.not_equal(group[1:], group[:-1], out=change[1:])
    change[1:] |= step[1:] != step[:-1]
    runs = np.flatnonzero(change)
    run_group = group[runs]
    run_len = np.diff(runs, append=len(step))
    bounds = np.searchsorted(step, np.arange(int(step[-1]) + 2)).tolist()
    cut = np.searchsorted(runs, bounds).tolist()
    return [(bounds[t], bounds[t + 1], runs[cut[t]:cut[t + 1]] - bounds[t], run_group[cut[t]:cut[t + 1]],
             run_len[cut[t]:cut[t + 1]]) for t in range(len(bounds) - 1)]


def _bigram_keep(model: SyllableLM, flat: _Flat, margin: float) -> np.ndarray:
    """Mask over candidates: those whose bigram max-marginal (best path through them, channel
    included) is within ``margin`` of their position's best."""
    C = len(flat.ids)
    if C == 0:
        return np.zeros(0, dtype=bool)
    e = _edges(model, flat, 2)
    cur = flat.start[e.pos] + e.digits[0]
    # each edge's score with the channel of its newest candidate, as the recursion adds them
    m = e.scores + flat.chan[cur]
    first = flat.index[e.pos] == 0
    prev = np.where(first, C, flat.start[np.maximum(e.pos - 1, 0)] + e.digits[1])  # C: the <s> slot
    step = flat.index[e.pos]

    # forward: alpha(candidate) = max over predecessors of alpha(predecessor) + m
    alpha = np.zeros(C + 1, dtype=np.float32)
    for a, b, seg, at, _ in _steps(step, cur):
        if a < b:
            alpha[at] = np.maximum.reduceat(alpha[prev[a:b]] + m[a:b], seg)

    # backward: beta(candidate) = max over successors of m + beta(successor); a lattice's last
    # candidates start from the end-of-segment score (or 0)
    beta = np.zeros(C, dtype=np.float32)
    if model.eos is not None and flat.closed.any():
        p, local, end = _end_scores(model, flat, e.window, 2)
        beta[flat.start[p] + local] = end
    # within each position, C order groups the edges by predecessor
    bwd = np.empty(len(step), dtype=np.int64)
    bwd[e.block + e.local] = np.arange(len(step))
    b_prev, b_m, b_cur = prev[bwd], m[bwd], cur[bwd]
    for a, b, seg, at, _ in reversed(_steps(step, b_prev)[1:]):  # step 0 edges leave <s>: no beta
        if a < b:
            beta[at] = np.maximum.reduceat(b_m[a:b] + beta[b_cur[a:b]], seg)

    mu = alpha[:C] + beta
    best = np.maximum.reduceat(mu, flat.start)
    return mu >= np.repeat(best - margin, flat.sizes)


def _viterbi(model: SyllableLM, flat: _Flat) -> np.ndarray:
    """Best path of every lattice of ``flat``: the chosen candidate (index within its
    position) at every position. Lattices must not be empty."""
    order = model.order
    P = len(flat.sizes)
    e = _edges(model, flat, order)
    # A state is the choice at the last (order - 1) positions, numbered in C order, oldest first.
    states = e.window[:order - 1].prod(axis=0)
    s_start = np.cumsum(states) - states
    S = int(states.sum())
    newest = e.window[0, e.pos]
    dest = s_start[e.pos] + e.local % states[e.pos]
    first = flat.index[e.pos] == 0
    src = np.where(first, S, s_start[np.maximum(e.pos - 1, 0)] + e.local // newest)  # S: the <s> state
    chan = flat.chan[flat.start[e.pos] + e.digits[0]]
    step = flat.index[e.pos]

    delta = np.zeros(S + 1, dtype=np.float32)
    # the edges come by step, then by state, then by the choice leaving (argmax order)
    o_src, o_dest, o_s, o_chan = src, dest, e.scores, chan
    tot = np.empty(len(dest), dtype=np.float32)
    for a, b, seg, at, _ in _steps(step, o_dest):
        if a < b:
            # the same sum as delta[..., None] + s + chan over the state's array
            tot[a:b] = delta[o_src[a:b]] + o_s[a:b] + o_chan[a:b]
            delta[at] = np.maximum.reduceat(tot[a:b], seg)
    # Back-pointers, all at once: per state, the first edge (edges of a state are sorted by the
    # choice that leaves it, as argmax takes the first maximum) whose total is the state's best.
    runs = np.flatnonzero(np.diff(o_dest, prepend=-1)) if len(o_dest) else o_dest
    hit = np.where(tot == delta[o_dest], np.arange(len(tot)), len(tot))
    pred = np.full(S + 1, S, dtype=np.int64)  # the <s> state leads nowhere
    if len(runs):
        pred[o_dest[runs]] = o_src[np.minimum.reduceat(hit, runs)]

    last = flat.last()
    final = delta[:S].copy()
    if model.eos is not None and flat.closed.any():
        p, local, end = _end_scores(model, flat, e.window, order)
        final[s_start[p] + local] = final[s_start[p] + local] + end
    # best final state of each lattice (first one on ties)
    n_final = states[last]
    seg = np.cumsum(n_final) - n_final
    at = np.repeat(s_start[last], n_final) + np.arange(int(n_final.sum())) - np.repeat(seg, n_final)
    vals = final[at]
    best = np.maximum.reduceat(vals, seg)
    state = np.minimum.reduceat(np.where(vals == np.repeat(best, n_final), at, S), seg)

    # follow the back-pointers of all lattices together, longest first (the active ones are a prefix)
    state_at = np.empty(P, dtype=np.int64)
    by_len = np.argsort(-flat.lengths, kind="stable")
    neg = -flat.lengths[by_len]
    end_pos = last[by_len]
    state = state[by_len]
    for r, active in enumerate(np.searchsorted(neg, -np.arange(int(-neg[0])), side="left").tolist()):
        state_at[end_pos[:active] - r] = state[:active]
        state[:active] = pred[state[:active]]
    # the choice at a position is the newest digit of its state
    return (state_at - s_start) % e.window[0]


def viterbi(model: SyllableLM, lattice: list[list[tuple[str, float]]]) -> list[int]:
    """Index of the chosen candidate at each position of one segment."""
    return viterbi_many(model, [lattice])[0]


def viterbi_many(model: SyllableLM, lattices: list[list[list[tuple[str, float]]]],
                 margin: float | None = PRUNE_MARGIN, closed: list[bool] | None = None) -> list[list[int]]:
    """Best path of each lattice (segments decode independently; scores are fetched together).

    With ``margin``, a bigram pass first drops every candidate whose best bigram path is more
    than ``margin`` nats behind the best one: the full pass costs candidates to the power of
    the model's order per position, the bigram pass only their square.

    ``closed[i]``: lattice ``i`` ends at punctuation, so P(</s> | its last choices) counts.
    """
    closed = list(closed) if closed is not None else [False] * len(lattices)
    paths: list[list[int]] = []
    lo = 0
    while lo < len(lattices):  # consecutive chunks of about CHUNK positions (at least one lattice)
        hi, n = lo + 1, len(lattices[lo])
        while hi < len(lattices) and n + len(lattices[hi]) <= CHUNK:
            n += len(lattices[hi])
            hi += 1
        paths += _decode(model, lattices[lo:hi], margin, closed[lo:hi])
        lo = hi
    return paths


def _decode(model: SyllableLM, lattices, margin: float | None, closed: list[bool]) -> list[list[int]]:
    flat = _flatten(model, lattices, closed)
    if not len(flat.sizes):
        return [[] for _ in lattices]
    C = len(flat.ids)
    keep = _bigram_keep(model, flat, margin) if margin is not None else np.ones(C, dtype=bool)
    # where each kept candidate came from (its index in its position's original list)
    origin = (np.arange(C) - np.repeat(flat.start, flat.sizes))[keep]
    kept = _select(flat, keep, np.ones(len(lattices), dtype=bool))
    # lattices left with one candidate everywhere have nothing to decide
    lat_of_pos = np.repeat(np.arange(len(lattices)), kept.lengths)
    choose = np.bincount(lat_of_pos, weights=kept.sizes > 1, minlength=len(lattices)) > 0
    choice = np.zeros(len(kept.sizes), dtype=np.int64)
    if choose.any():
        sub = _select(kept, np.ones(len(kept.ids), dtype=bool), choose)
        choice[np.repeat(choose, kept.lengths)] = _viterbi(model, sub)
    picked = origin[kept.start + choice].tolist()
    paths = []
    at = 0
    for n in flat.lengths.tolist():
        paths.append(picked[at:at + n])
        at += n
    return paths

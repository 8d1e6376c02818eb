"""Viterbi over lattices of candidate syllables with the n-gram model (the noisy-channel decoder).

Each position carries a short list of (lowercase syllable, channel log-probability). A bigram
pass first prunes candidates that cannot be on a good path; then every n-gram score that all
the lattices of a region need is fetched from the model in one vectorised call, and the
dynamic programme runs position by position over the last (order - 1) candidates.
"""

from __future__ import annotations

import math
from itertools import chain, product

import numpy as np

from .lm import SyllableLM

PRUNE_MARGIN = 6.0


def _ids_memo(model: SyllableLM):
    """Model ids of a candidate list; the candidate generators share one list object per token
    text, so each list is looked up once per call."""
    idx, unk = model.index, model.unk
    memo: dict[int, tuple[list, list[int]]] = {}

    def ids_of(cands: list) -> list[int]:
        hit = memo.get(id(cands))
        if hit is None or hit[0] is not cands:
            hit = memo[id(cands)] = (cands, [idx.get(w, unk) for w, _ in cands])
        return hit[1]
    return ids_of


def _chan_memo():
    """Channel log-probabilities of a candidate list as an array, once per list object."""
    memo: dict[int, tuple[list, np.ndarray]] = {}

    def chan_of(cands: list) -> np.ndarray:
        hit = memo.get(id(cands))
        if hit is None or hit[0] is not cands:
            hit = memo[id(cands)] = (cands, np.fromiter((c for _, c in cands), dtype=np.float32, count=len(cands)))
        return hit[1]
    return chan_of


def _bigram_prune(model: SyllableLM, lattices, margin: float, closed: list[bool]) -> list[list[list[int]]]:
    """Per position, the candidates whose bigram max-marginal is within ``margin`` of the best."""
    idx, unk, bos = model.index, model.unk, model.bos
    eos = model.eos if any(closed) else None
    pairs: list[tuple[int, int]] = []
    ends: list[tuple[int, int]] = []
    plans = []
    ids_of = _ids_memo(model)
    for lattice, end_here in zip(lattices, closed):
        ids = [[bos], *[ids_of(cands) for cands in lattice]]
        for i in range(1, len(ids)):
            pairs.extend(product(ids[i - 1], ids[i]))
        if eos is not None and end_here:
            ends.extend((w, eos) for w in ids[-1])
        plans.append(ids)
    if not pairs:
        return [[list(range(len(c))) for c in lat] for lat in lattices]
    arr = np.array(pairs, dtype=np.int64)
    scores = model.bigram_scores(arr[:, 0], arr[:, 1])
    if eos is not None:
        e = np.array(ends, dtype=np.int64).reshape(-1, 2)
        end = model.bigram_scores(e[:, 0], e[:, 1])
    off = off_end = 0
    keep = []
    chan_of = _chan_memo()
    for lattice, ids, end_here in zip(lattices, plans, closed):
        n = len(lattice)
        mats = []
        for i in range(1, n + 1):
            size = len(ids[i - 1]) * len(ids[i])
            chan = chan_of(lattice[i - 1])
            mats.append(scores[off:off + size].reshape(len(ids[i - 1]), len(ids[i])) + chan)
            off += size
        alpha = [np.zeros(1, dtype=np.float32)]
        for m in mats:
            alpha.append((alpha[-1][:, None] + m).max(axis=0))
        if eos is not None and end_here:
            beta = [end[off_end:off_end + len(ids[n])]]
            off_end += len(ids[n])
        else:
            beta = [np.zeros(len(ids[n]), dtype=np.float32)]
        for i in range(n - 1, 0, -1):
            beta.append((mats[i] + beta[-1][None, :]).max(axis=1))
        beta.reverse()
        kl = []
        for i in range(n):
            mu = alpha[i + 1] + beta[i]
            kl.append(np.flatnonzero(mu >= mu.max() - margin).tolist())
        keep.append(kl)
    return keep


def viterbi(model: SyllableLM, lattice: list[list[tuple[str, float]]]) -> list[int]:
    """Index of the chosen candidate at each position of one segment."""
    return viterbi_many(model, [lattice])[0]


def viterbi_many(model: SyllableLM, lattices: list[list[list[tuple[str, float]]]],
                 margin: float | None = PRUNE_MARGIN, closed: list[bool] | None = None) -> list[list[int]]:
    """Best path of each lattice (segments decode independently; scores are fetched together).

    With ``margin``, a bigram pass first drops every candidate whose best bigram path is more
    than ``margin`` nats behind the best one: the full pass costs candidates to the power of
    the model's order per position, the bigram pass only their square.
    """
    closed = list(closed) if closed is not None else [False] * len(lattices)
    if margin is not None:
        keep = _bigram_prune(model, lattices, margin, closed)
        pruned = [[[cands[k] for k in ks] for cands, ks in zip(lat, kl)] for lat, kl in zip(lattices, keep)]
        paths = viterbi_many(model, pruned, None, closed)
        return [[kl[i][p] for i, p in enumerate(path)] for kl, path in zip(keep, paths)]
    order = model.order
    pad = [[model.bos]] * (order - 1)
    idx, unk = model.index, model.unk
    grams: list[int] = []  # flat: order ids per n-gram
    plans = []
    ids_of = _ids_memo(model)
    chan_of = _chan_memo()
    for lattice, end_here in zip(lattices, closed):
        # P(</s> | the last order - 1 choices) scores how a segment closed by punctuation ends
        eos = model.eos if end_here else None
        if all(len(cands) == 1 for cands in lattice):  # nothing left to choose
            plans.append((lattice, None, None))
            continue
        padded = pad + [ids_of(cands) for cands in lattice]
        shapes = []
        for i in range(order - 1, len(padded)):
            window = padded[i - order + 1:i + 1]
            shapes.append(tuple(len(w) for w in window))
            grams.extend(chain.from_iterable(product(*window)))
        if eos is not None:
            window = padded[len(padded) - order + 1:] + [[eos]]
            shapes.append(tuple(len(w) for w in window))
            grams.extend(chain.from_iterable(product(*window)))
        plans.append((lattice, shapes, eos))
    if grams:
        arr = np.array(grams, dtype=np.int64).reshape(-1, order)
        scores = model.scores([arr[:, j] for j in range(order)])
    off = 0
    paths = []
    for lattice, shapes, eos in plans:
        n = len(lattice)
        if shapes is None or n == 0:
            paths.append([0] * n)
            continue
        # delta[..]: best score for the last (order - 1) candidates, oldest first
        delta = np.zeros((1,) * (order - 1), dtype=np.float32)
        backs = []
        if eos is not None:
            end_shape = shapes[-1]
            shapes = shapes[:-1]
        for i, shape in enumerate(shapes):
            size = math.prod(shape)
            s = scores[off:off + size].reshape(shape)
            off += size
            chan = chan_of(lattice[i])
            tot = delta[..., None] + s + chan
            backs.append(tot.argmax(axis=0))
            delta = tot.max(axis=0)
        if eos is not None:
            size = math.prod(end_shape)
            delta = delta + scores[off:off + size].reshape(end_shape)[..., 0]
            off += size
        state = [int(x) for x in np.unravel_index(int(delta.argmax()), delta.shape)]
        # state holds the choices at positions n-order+1 .. n-1 (padding included when n is short)
        result = [0] * n
        for j, v in enumerate(state):
            p = n - (order - 1) + j
            if p >= 0:
                result[p] = v
        for i in range(n - 1, order - 2, -1):
            h = int(backs[i][tuple(state)])
            p = i - (order - 1)
            if p >= 0:
                result[p] = h
            state = [h, *state[:-1]]
        paths.append(result)
    return paths

"""Trigram Viterbi over lattices of candidate syllables (the noisy-channel decoder).

Each position carries a short list of (lowercase syllable, channel log-probability). Every
trigram score that all the lattices of a region need is fetched from the model in one
vectorised call, then the dynamic programme runs position by position over (previous,
current) candidate pairs.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from .lm import SyllableLM


PRUNE_MARGIN = 6.0


def _bigram_prune(model: SyllableLM, lattices, margin: float) -> list[list[list[int]]]:
    """Per position, the candidates whose bigram max-marginal is within ``margin`` of the best."""
    idx, unk, bos = model.index, model.unk, model.bos
    pairs: list[tuple[int, int]] = []
    plans = []
    for lattice in lattices:
        ids = [[bos], *[[idx.get(w, unk) for w, _ in cands] for cands in lattice]]
        for i in range(1, len(ids)):
            pairs.extend(product(ids[i - 1], ids[i]))
        plans.append(ids)
    if not pairs:
        return [[list(range(len(c))) for c in lat] for lat in lattices]
    arr = np.array(pairs, dtype=np.int64)
    scores = model.bigram_scores(arr[:, 0], arr[:, 1])
    off = 0
    keep = []
    for lattice, ids in zip(lattices, plans):
        n = len(lattice)
        mats = []
        for i in range(1, n + 1):
            size = len(ids[i - 1]) * len(ids[i])
            chan = np.fromiter((c for _, c in lattice[i - 1]), dtype=np.float32, count=len(ids[i]))
            mats.append(scores[off:off + size].reshape(len(ids[i - 1]), len(ids[i])) + chan)
            off += size
        alpha = [np.zeros(1, dtype=np.float32)]
        for m in mats:
            alpha.append((alpha[-1][:, None] + m).max(axis=0))
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
                 margin: float | None = PRUNE_MARGIN) -> list[list[int]]:
    """Best path of each lattice (segments decode independently; scores are fetched together).

    With ``margin``, a bigram pass first drops every candidate whose best bigram path is more
    than ``margin`` nats behind the best one: the trigram pass costs the cube of the candidates
    per position, the bigram pass only the square.
    """
    if margin is not None:
        keep = _bigram_prune(model, lattices, margin)
        pruned = [[[cands[k] for k in ks] for cands, ks in zip(lat, kl)] for lat, kl in zip(lattices, keep)]
        paths = viterbi_many(model, pruned, None)
        return [[kl[i][p] for i, p in enumerate(path)] for kl, path in zip(keep, paths)]
    bos = [model.bos]
    idx = model.index
    unk = model.unk
    triples: list[tuple[int, int, int]] = []
    plans = []
    for lattice in lattices:
        ids = [[idx.get(w, unk) for w, _ in cands] for cands in lattice]
        padded = [bos, bos, *ids]
        shapes = []
        for i in range(2, len(padded)):
            A, B, C = padded[i - 2], padded[i - 1], padded[i]
            shapes.append((len(A), len(B), len(C)))
            triples.extend(product(A, B, C))
        plans.append((lattice, shapes))
    if not triples:
        return [[] for _ in lattices]
    arr = np.array(triples, dtype=np.int64)
    scores = model.trigram_scores(arr[:, 0], arr[:, 1], arr[:, 2])
    off = 0
    paths = []
    for lattice, shapes in plans:
        n = len(lattice)
        if n == 0:
            paths.append([])
            continue
        # delta[j, k]: best score with candidate j at position i-1 and k at position i.
        delta = np.zeros((1, 1), dtype=np.float32)  # (BOS, BOS)
        backs = []
        for i, (la, lb, lc) in enumerate(shapes):
            size = la * lb * lc
            s = scores[off:off + size].reshape(la, lb, lc)
            off += size
            chan = np.fromiter((c for _, c in lattice[i]), dtype=np.float32, count=lc)
            tot = delta[:, :, None] + s + chan
            backs.append(tot.argmax(axis=0))
            delta = tot.max(axis=0)
        j, k = (int(x) for x in np.unravel_index(int(delta.argmax()), delta.shape))
        result = [0] * n
        result[n - 1] = k
        if n >= 2:
            result[n - 2] = j
        for i in range(n - 1, 1, -1):
            h = int(backs[i][j, k])
            result[i - 2] = h
            j, k = h, j
        paths.append(result)
    return paths

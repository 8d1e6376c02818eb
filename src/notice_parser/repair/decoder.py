"""Trigram Viterbi over a lattice of candidate syllables (the noisy-channel decoder).

Each position carries a short list of (lowercase syllable, channel log-probability). Every
trigram score the lattice needs is fetched from the model in one vectorised call, then the
dynamic programme runs position by position over (previous, current) candidate pairs.
"""

from __future__ import annotations

import numpy as np

from .lm import SyllableLM


def viterbi(model: SyllableLM, lattice: list[list[tuple[str, float]]], lm_weight: float = 1.0) -> list[int]:
    """Index of the chosen candidate at each position of one segment."""
    n = len(lattice)
    if n == 0:
        return []
    ids = [[model.id(w) for w, _ in cands] for cands in lattice]
    chan = [np.array([c for _, c in cands], dtype=np.float32) for cands in lattice]
    bos = [model.bos]
    padded = [bos, bos, *ids]
    # Gather every (a, b, c) triple of the lattice, position by position.
    a_all, b_all, c_all, shapes = [], [], [], []
    for i in range(2, n + 2):
        A, B, C = padded[i - 2], padded[i - 1], padded[i]
        la, lb, lc = len(A), len(B), len(C)
        shapes.append((la, lb, lc))
        a_all.extend(x for x in A for _ in range(lb * lc))
        b_all.extend(y for _ in range(la) for y in B for _ in range(lc))
        c_all.extend(C * (la * lb))
    scores = model.trigram_scores(np.array(a_all), np.array(b_all), np.array(c_all)) * lm_weight
    # delta[j, k]: best score with candidate j at position i-1 and k at position i.
    off = 0
    delta = np.zeros((1, 1), dtype=np.float32)  # (BOS, BOS)
    backs = []
    for i, (la, lb, lc) in enumerate(shapes):
        s = scores[off:off + la * lb * lc].reshape(la, lb, lc)
        off += la * lb * lc
        tot = delta[:, :, None] + s + chan[i][None, None, :]
        back = tot.argmax(axis=0)
        delta = np.take_along_axis(tot, back[None], axis=0)[0]
        backs.append(back)
    j, k = (int(x) for x in np.unravel_index(int(delta.argmax()), delta.shape))
    result = [0] * n
    result[n - 1] = k
    if n >= 2:
        result[n - 2] = j
    for i in range(n - 1, 1, -1):
        h = int(backs[i][j, k])
        result[i - 2] = h
        j, k = h, j
    return result

"""Character error rate with a numpy Levenshtein (rows vectorised; O(n·m) without a Python inner loop)."""

from __future__ import annotations

import unicodedata

import numpy as np


def normalise(text: str) -> str:
    """NFC, whitespace runs → one space: layout (line breaks, blank lines) is not a character error."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    bcodes = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(b) + 1)
    prev = idx.copy()
    for i, ca in enumerate(a, start=1):
        cost = (bcodes != ord(ca)).astype(np.int64)
        tmp = np.empty(len(b) + 1, dtype=np.int64)
        tmp[0] = i
        tmp[1:] = np.minimum(prev[1:] + 1, prev[:-1] + cost)
        # insertions within the row: d[j] = min_k (tmp[k] + j - k)
        prev = np.minimum.accumulate(tmp - idx) + idx
    return int(prev[-1])


def cer(reference: str, hypothesis: str) -> float:
    ref, hyp = normalise(reference), normalise(hypothesis)
    return levenshtein(ref, hyp) / max(1, len(ref))

"""The language model's syllable inventory and corpus counts, read without numpy.

Deciding that a notice is clean (repair.detect) asks only how often the corpus writes a syllable
and its variants: the vocabulary and the counts. Both are arrays of the model's ``.npz`` file,
read here with the standard library (a ``.npz`` is a zip of ``.npy`` files, whose format is a
short header and the raw array), so a clean notice never imports numpy (~0.15 s in a fresh
process) nor reads the model's other arrays. ``repair.lm.SyllableLM`` is a ``Lexicon`` with the
n-gram arrays on top, loaded when a damaged line needs them.
"""

from __future__ import annotations

import ast
import sys
import zipfile
from array import array
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..vietnamese import canonical, strip_marks_all

_MAGIC = b"\x93NUMPY"


class Lexicon:
    """Syllables (lowercase, canonical tone placement; ``<s>``-like markers included) and how
    often the training corpus wrote each."""

    def __init__(self, vocab: list[str], counts: Iterable[int]):
        self.vocab = vocab
        self.index = {w: i for i, w in enumerate(vocab)}
        self.V = len(vocab)
        self._counts = list(counts)
        if len(self._counts) != self.V:
            raise ValueError(f"{len(self._counts)} counts for {self.V} syllables")
        self._variants: dict[str, list[tuple[str, int]]] | None = None
        self._variant_totals: dict[str, int] | None = None

    def share(self, other: Lexicon) -> None:
        """Take the tables of ``other`` (the same model file's lexicon) instead of building them
        again: its index, counts and whatever variant tables it has built so far."""
        self.vocab, self.index, self.V, self._counts = other.vocab, other.index, other.V, other._counts
        self._variants, self._variant_totals = other._variants, other._variant_totals

    def count(self, word: str) -> int:
        i = self.index.get(word)
        if i is None:
            i = self.index.get(canonical(word))
        return self._counts[i] if i is not None else 0

    def variants(self, key: str) -> list[tuple[str, int]]:
        """Known syllables whose base letters are ``key``, most frequent first, with counts."""
        if self._variants is None:
            table: dict[str, list[tuple[str, int]]] = {}
            # one stable sort by count, then grouping: each group comes out most frequent first
            # (ties in vocabulary order), as sorting every group would give, without 30 000 sorts
            rows = sorted(zip(self._counts, strip_marks_all(self.vocab), self.vocab), key=lambda r: -r[0])
            for c, base, w in rows:
                if not w.startswith("<"):
                    table.setdefault(base, []).append((w, c))
            self._variants = table
        return self._variants.get(key, [])

    def variant_total(self, key: str) -> int:
        """``sum(count for _, count in variants(key))``: what the damage check of every document
        asks, answered without building the variant lists (tens of thousands of lists and tuples,
        a tenth of a second in a fresh process) that only the decoders of damaged text need."""
        if self._variant_totals is None:
            totals: dict[str, int] = {}
            for w, base, c in zip(self.vocab, strip_marks_all(self.vocab), self._counts):
                if not w.startswith("<"):
                    totals[base] = totals.get(base, 0) + c
            self._variant_totals = totals
        return self._variant_totals.get(key, 0)


def read_npy(data: bytes) -> tuple[str, tuple[int, ...], memoryview]:
    """(dtype descriptor, shape, raw bytes) of a C-ordered ``.npy`` file (format 1.0 to 3.0);
    ValueError for anything else."""
    major = data[6] if len(data) > 6 and data[:6] == _MAGIC else None
    if major not in (1, 2, 3):
        raise ValueError("not a .npy array of format 1.0 to 3.0")
    width = 2 if major == 1 else 4
    start = 8 + width
    size = int.from_bytes(data[8:start], "little")
    if len(data) < start + size:
        raise ValueError(".npy header cut short")
    try:
        header = ast.literal_eval(data[start:start + size].decode("utf-8" if major == 3 else "latin-1"))
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError) as exc:
        raise ValueError(f"unreadable .npy header ({exc.__class__.__name__})") from None
    if not (isinstance(header, dict) and isinstance(header.get("descr"), str) and header.get("fortran_order") is False
            and isinstance(header.get("shape"), tuple) and all(isinstance(n, int) and n >= 0 for n in header["shape"])):
        raise ValueError(f"unexpected .npy header {header!r:.200}")
    return header["descr"], header["shape"], memoryview(data)[start + size:]


def _member(z: zipfile.ZipFile, name: str) -> tuple[str, tuple[int, ...], memoryview]:
    return read_npy(z.read(f"{name}.npy"))


def _text(z: zipfile.ZipFile, name: str) -> str:
    """A 0-d unicode array (``np.array("a\\nb")``): UTF-32, padded with NULs that numpy drops."""
    descr, shape, raw = _member(z, name)
    if shape != () or descr[:2] not in ("<U", ">U") or not descr[2:].isdigit() or len(raw) < 4 * int(descr[2:]):
        raise ValueError(f"{name}: expected one string, got {descr} {shape} in {len(raw)} bytes")
    return bytes(raw[:4 * int(descr[2:])]).decode("utf-32-le" if descr[0] == "<" else "utf-32-be").rstrip("\x00")


def _uint32(z: zipfile.ZipFile, name: str) -> array:
    descr, shape, raw = _member(z, name)
    if len(shape) != 1 or descr not in ("<u4", ">u4"):
        raise ValueError(f"{name}: expected a vector of uint32, got {descr} {shape}")
    out = array("I")
    if out.itemsize != 4:  # a C unsigned int is 4 bytes on every platform CPython supports
        raise ValueError(f"{name}: no 4-byte unsigned integer array on this platform")
    out.frombytes(raw[:4 * shape[0]])
    if len(out) != shape[0]:
        raise ValueError(f"{name}: truncated array")
    if (descr[0] == ">") != (sys.byteorder == "big"):
        out.byteswap()
    return out


def read_lexicon(path: Path) -> Lexicon:
    """The vocabulary and counts of a model file (``SyllableLM.save``'s format); OSError,
    ValueError, KeyError or zipfile.BadZipFile when the file is missing or not such a model."""
    with zipfile.ZipFile(path) as z:
        return Lexicon(_text(z, "vocab").split("\n"), _uint32(z, "counts"))


@lru_cache(maxsize=4)
def load_lexicon(path: Path) -> Lexicon:
    """One copy per process and model file (the model built on it shares it: repair.lm)."""
    return read_lexicon(path)


__all__ = ["Lexicon", "load_lexicon", "read_lexicon", "read_npy"]

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
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .. import table_cache
from ..vietnamese import canonical, strip_marks_all

_MAGIC = b"\x93NUMPY"


class _Sorted:
    """The lexicon as the clean-text check asks it, without a 40 000-entry dict: the syllables
    in sorted order (looked up by bisection) with their counts and model ids, and the base-letter
    forms in sorted order with their variant totals. Made from the table cache (a few splits of
    two strings) in a fraction of the time the index and the totals take to build."""

    def __init__(self, words: list[str], counts: array, ids: array, bases: list[str], totals: array):
        if not len(words) == len(counts) == len(ids) or len(bases) != len(totals):
            raise ValueError("lexicon table: columns of different lengths")
        self.words, self.counts, self.ids, self.bases, self.totals = words, counts, ids, bases, totals

    @staticmethod
    def _find(keys: list[str], key: str) -> int | None:
        i = bisect_left(keys, key)
        return i if i < len(keys) and keys[i] == key else None

    def count(self, word: str) -> int | None:
        i = self._find(self.words, word)
        return self.counts[i] if i is not None else None

    def total(self, base: str) -> int:
        i = self._find(self.bases, base)
        return self.totals[i] if i is not None else 0

    def columns(self) -> tuple[list[str], list[int]]:
        """The vocabulary and counts in model-id order (what the n-gram model indexes)."""
        vocab: list[str | None] = [None] * len(self.words)
        counts = [0] * len(self.words)
        for word, count, i in zip(self.words, self.counts, self.ids):
            vocab[i], counts[i] = word, count
        if None in vocab:
            raise ValueError("lexicon table: model ids are not a permutation")
        return vocab, counts  # type: ignore[return-value]


class Lexicon:
    """Syllables (lowercase, canonical tone placement; ``<s>``-like markers included) and how
    often the training corpus wrote each.

    Made from the model file's arrays (``Lexicon(vocab, counts)``) or from its cached table
    (:meth:`from_table`, :func:`load_lexicon`): then ``vocab``, ``index`` and the counts list
    the n-gram model needs are built on first use, and the clean-text check's questions
    (:meth:`count`, :meth:`variant_total`) are answered from the sorted columns."""

    def __init__(self, vocab: list[str], counts: Iterable[int]):
        self._vocab, self._index = vocab, {w: i for i, w in enumerate(vocab)}
        self.V = len(vocab)
        self._count_list = list(counts)
        if len(self._count_list) != self.V:
            raise ValueError(f"{len(self._count_list)} counts for {self.V} syllables")
        self._sorted: _Sorted | None = None
        self._variants: dict[str, list[tuple[str, int]]] | None = None
        self._variant_totals: dict[str, int] | None = None

    @classmethod
    def from_table(cls, table) -> Lexicon:
        """The lexicon of :func:`table` 's plain value; ValueError (or TypeError) when malformed."""
        words, ids, counts, bases, totals = table
        if not (isinstance(words, str) and isinstance(bases, str)):
            raise ValueError("lexicon table: not a lexicon table")
        lexicon = cls.__new__(cls)
        lexicon._sorted = _Sorted(words.split("\n"), _uints("I", counts), _uints("I", ids), bases.split("\n"),
                                  _uints("Q", totals))
        lexicon._vocab = lexicon._index = lexicon._count_list = None
        lexicon.V = len(lexicon._sorted.words)
        lexicon._variants = lexicon._variant_totals = None
        return lexicon

    def table(self) -> tuple[str, bytes, bytes, str, bytes]:
        """This lexicon as a plain value (:meth:`from_table`): sorted syllables, their model ids
        and counts, sorted base-letter forms and their variant totals (strings joined by newlines,
        numbers as machine arrays)."""
        order = sorted(range(self.V), key=self.vocab.__getitem__)
        self.variant_total("")  # builds the totals
        bases = sorted(self._variant_totals)
        return ("\n".join(self.vocab[i] for i in order), array("I", order).tobytes(),
                array("I", [self._counts[i] for i in order]).tobytes(), "\n".join(bases),
                array("Q", [self._variant_totals[b] for b in bases]).tobytes())

    def _columns(self) -> None:
        self._vocab, self._count_list = self._sorted.columns()
        self._index = {w: i for i, w in enumerate(self._vocab)}

    @property
    def vocab(self) -> list[str]:
        if self._vocab is None:
            self._columns()
        return self._vocab

    @property
    def index(self) -> dict[str, int]:
        if self._index is None:
            self._columns()
        return self._index

    @property
    def _counts(self) -> list[int]:
        if self._count_list is None:
            self._columns()
        return self._count_list

    def share(self, other: Lexicon) -> None:
        """Take the tables of ``other`` (the same model file's lexicon) instead of building them
        again: its index, counts and whatever variant tables it has built so far."""
        self._vocab, self._index, self._count_list = other.vocab, other.index, other._counts
        self.V, self._sorted = other.V, other._sorted
        self._variants, self._variant_totals = other._variants, other._variant_totals

    def count(self, word: str) -> int:
        if self._sorted is not None:
            found = self._sorted.count(word)
            if found is None:
                found = self._sorted.count(canonical(word))
            return found or 0
        i = self._index.get(word)
        if i is None:
            i = self._index.get(canonical(word))
        return self._count_list[i] if i is not None else 0

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
            if self._sorted is not None:
                return self._sorted.total(key)
            totals: dict[str, int] = {}
            for w, base, c in zip(self.vocab, strip_marks_all(self.vocab), self._counts):
                if not w.startswith("<"):
                    totals[base] = totals.get(base, 0) + c
            self._variant_totals = totals
        return self._variant_totals.get(key, 0)


def _uints(code: str, raw: bytes) -> array:
    if not isinstance(raw, bytes):
        raise ValueError("lexicon table: not a lexicon table")
    out = array(code)
    out.frombytes(raw)  # ValueError when the length is not a whole number of items
    return out


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


def _members_digest(path: Path) -> bytes:
    """What the lexicon is built from, as the model file's own zip directory records it: the
    CRC-32 and size of its vocabulary and counts arrays (hashing the whole 10 MB file would cost
    a fresh process more than the tables it keys). Errors as :func:`read_lexicon`'s."""
    with zipfile.ZipFile(path) as z:
        members = [z.getinfo(f"{name}.npy") for name in ("vocab", "counts")]
    return "".join(f"{m.filename}:{m.CRC}:{m.file_size};" for m in members).encode()


# The code that builds the cached table (table_cache's fingerprint; tests/test_table_cache.py
# checks that building it runs no other module's code).
TABLE_MODULES = (__name__, "notice_parser.vietnamese")


@lru_cache(maxsize=4)
def load_lexicon(path: Path) -> Lexicon:
    """One copy per process and model file (the model built on it shares it: repair.lm). Its
    vocabulary, counts and variant totals come from the table cache (notice_parser.table_cache)
    once a process has built them from this model file: ~45 ms of a cold parse otherwise (the
    zip's inflating, the 30 000-entry index and the totals), every process."""
    path = Path(path)
    return table_cache.load("lexicon", lambda: read_lexicon(path).table(), Lexicon.from_table,
                            modules=TABLE_MODULES, extra=_members_digest(path))


__all__ = ["Lexicon", "load_lexicon", "read_lexicon", "read_npy"]

"""Vietnamese syllable n-gram language model (Kneser-Ney, order 4), compact and lazily loaded.

The model is a handful of numpy arrays in one ``.npz`` file: the syllable vocabulary, unigram
log-probabilities, and per order the sorted int64 keys of the n-grams with their quantised
log-probabilities and back-off weights. Queries are answered in batches with ``np.searchsorted``, so the decoder
asks for every score of a lattice at once instead of one Python dict lookup at a time; this
keeps the loaded model small (no millions of Python objects) and the load time well under a
second.

Training lives beside its script (scripts/lm_training.py, run by scripts/train_lm.py): the
library only loads and queries models.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np

# the orthography's home is notice_parser.vietnamese; these names stay importable from here
from .. import regex_cache
from ..vietnamese import canonical, is_syllable_shape, strip_marks, strip_marks_all  # noqa: F401
from .lexicon import Lexicon, load_lexicon

BOS, UNK, NUM = "<s>", "<unk>", "<num>"
# End of segment: scores how a segment may end ("các sở," but not "các số,").
EOS = "</s>"
# Segments are split at punctuation and line breaks: context rarely crosses them.
_SEGMENT_SPLIT = regex_cache.compile(r"[\n\r.,;:!?()\[\]{}\"“”«»…/|]+")
_TOKEN = regex_cache.compile(r"[^\W_]+", re.UNICODE)
_DIGIT = regex_cache.compile(r"\d")

# where the shipped model is: a module without numpy, so that nightly's parent finds it cheaply
from .model_files import DEFAULT_MODEL, MODEL_DIR, MODEL_FILE, find_model_dir, model_path  # noqa: E402,F401


def normalise_token(tok: str) -> str:
    """Lowercase LM token for a word token: numbers (or tokens with digits) become ``<num>``."""
    if _DIGIT.search(tok):
        return NUM
    return canonical(tok.lower())


def segments(text: str) -> Iterator[list[str]]:
    """Lowercase token lists, one per punctuation-delimited segment."""
    for seg in _SEGMENT_SPLIT.split(unicodedata.normalize("NFC", text)):
        toks = [normalise_token(t) for t in _TOKEN.findall(seg)]
        if toks:
            yield toks


class SyllableLM(Lexicon):
    """Read-only n-gram model (order 3 or 4). Scores are natural-log probabilities. Its
    vocabulary, counts and count queries are those of a ``Lexicon`` (repair.lexicon).

    ``keys[k]`` are the sorted int64 keys of the order-k n-grams (ids packed base V, oldest
    first), ``lp[k]`` their log-probabilities and ``bow[k]`` the back-off weights of the
    order-k contexts (``bow[1]`` is indexed by word id, the others align with ``keys[k]``).
    """

    def __init__(self, vocab: list[str], uni: np.ndarray, keys: dict[int, np.ndarray], lp: dict[int, np.ndarray],
                 bow: dict[int, np.ndarray], counts: np.ndarray, title: np.ndarray, meta: dict | None = None,
                 name: np.ndarray | None = None, order: int | None = None, lexicon: Lexicon | None = None):
        # ``lexicon``: the same file's vocabulary and counts as the clean-text check read them
        # (load_lexicon): shared, so a process that meets damaged text builds neither its index
        # nor its variant tables a second time.
        if lexicon is not None:
            self.share(lexicon)
        else:
            super().__init__(vocab, counts.tolist())
        self.uni = uni.astype(np.float32)
        # keys/lp/bow may be a loader (SyllableLM.load): the damage check of a clean notice needs
        # only the vocabulary and counts, so the n-gram arrays (most of the load) wait for a scorer.
        self._ngrams = (keys, lp, bow) if callable(keys) else self._typed(keys, lp, bow)
        self.order = order if order is not None else max(keys) if not callable(keys) and keys else 1
        self.counts = counts
        # How often each syllable was written Title-case mid-segment: evidence for names.
        self.title = title
        # How often each syllable was a given or middle name after a family name (zeros in
        # models trained before this count existed: name runs then use the Title-case prior).
        self.name = name if name is not None else np.zeros(len(vocab), dtype=np.uint32)
        self.has_names = name is not None
        self.meta = meta or {}
        self.unk = self.index[UNK]
        self.bos = self.index[BOS]
        # Models trained before the end-of-segment token have none: segment ends then go unscored.
        self.eos = self.index.get(EOS)

    @staticmethod
    def _typed(keys: dict, lp: dict, bow: dict) -> tuple[dict, dict, dict]:
        return ({k: v.astype(np.int64) for k, v in keys.items()}, {k: v.astype(np.float32) for k, v in lp.items()},
                {k: v.astype(np.float32) for k, v in bow.items()})

    def load_ngrams(self) -> SyllableLM:
        """Read the n-gram arrays now if they are still on disk (a fork server does, for its workers)."""
        if callable(self._ngrams[0]):
            self._ngrams = self._typed(*self._ngrams[0]())
        return self

    @property
    def keys(self) -> dict[int, np.ndarray]:
        return self.load_ngrams()._ngrams[0]

    @property
    def lp(self) -> dict[int, np.ndarray]:
        return self.load_ngrams()._ngrams[1]

    @property
    def bow(self) -> dict[int, np.ndarray]:
        return self.load_ngrams()._ngrams[2]

    # the trigram-era names, still used by the glyph decoder and the tests
    @property
    def bi_keys(self) -> np.ndarray:
        return self.keys[2]

    @property
    def bi_lp(self) -> np.ndarray:
        return self.lp[2]

    @property
    def tri_keys(self) -> np.ndarray:
        return self.keys[3]

    # ---- persistence -------------------------------------------------------------------
    def save(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        meta = "\n".join(f"{k}={v}" for k, v in sorted(self.meta.items()))
        arrays = {f"keys{k}": v for k, v in self.keys.items()}
        arrays.update({f"lp{k}": _quantise(v) for k, v in self.lp.items()})
        arrays.update({f"bow{k}": _quantise(v) for k, v in self.bow.items() if k > 1})
        np.savez_compressed(
            buf, vocab=np.array("\n".join(self.vocab)), uni=self.uni.astype(np.float16),
            bow1=self.bow[1].astype(np.float16), counts=self.counts.astype(np.uint32),
            title=self.title.astype(np.uint32), name=self.name.astype(np.uint32), meta=np.array(meta), **arrays)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(buf.getvalue())
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "SyllableLM":
        """The vocabulary and counts now; the n-gram arrays on first use (:meth:`load_ngrams`)."""
        lexicon = load_lexicon(Path(path))  # the clean-text check's copy, if it read it already
        with np.load(path, allow_pickle=False) as z:
            meta = dict(line.split("=", 1) for line in str(z["meta"]).split("\n") if "=" in line)
            orders = sorted(int(n[4:]) for n in z.files if n.startswith("keys"))
            name = z["name"] if "name" in z.files else None
            return cls(lexicon.vocab, z["uni"], lambda: _read_ngrams(path, orders), None, None, z["counts"], z["title"],
                       meta, name, order=max(orders, default=1), lexicon=lexicon)

    # ---- queries -----------------------------------------------------------------------
    def id(self, word: str) -> int:
        i = self.index.get(word)
        return i if i is not None else self.index.get(canonical(word), self.unk)

    def title_logratio(self, word: str) -> float:
        """log P(written Title-case | word), smoothed; names score near 0, common words low."""
        i = self.index.get(word)
        if i is None:
            return math.log(0.5)
        return math.log((float(self.title[i]) + 0.5) / (float(self.counts[i]) + 10.0))

    def name_logratio(self, word: str) -> float:
        """log P(a given/middle name | word written Title-case), smoothed like ``title_logratio``."""
        i = self.index.get(word)
        if i is None:
            return math.log(0.5)
        return math.log((float(self.name[i]) + 0.5) / (float(self.title[i]) + 10.0))

    def _pack(self, cols: list[np.ndarray]) -> np.ndarray:
        key = cols[0]
        for c in cols[1:]:
            key = key * self.V + c
        return key

    def _lookup(self, k: int, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keys = self.keys[k]
        if not len(keys):
            return np.zeros(len(key), dtype=bool), np.zeros(len(key), dtype=np.int64)
        pos = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        return keys[pos] == key, pos

    def scores(self, cols: list[np.ndarray]) -> np.ndarray:
        """Vectorised log P(last | the others) for arrays of ids, backing off as needed."""
        cols = [np.asarray(c, dtype=np.int64) for c in cols]
        k = len(cols)
        if k > self.order:
            cols, k = cols[-self.order:], self.order
        if k == 1:
            return self.uni[cols[0]].copy()
        out = np.empty(len(cols[0]), dtype=np.float32)
        hit, pos = self._lookup(k, self._pack(cols))
        out[hit] = self.lp[k][pos[hit]]
        miss = ~hit
        if miss.any():
            ctx = [c[miss] for c in cols[:-1]]
            if k == 2:
                bow = self.bow[1][ctx[0]]
            else:
                chit, cpos = self._lookup(k - 1, self._pack(ctx))
                bow = np.where(chit, self.bow[k - 1][cpos], 0.0).astype(np.float32)
            out[miss] = bow + self.scores([c[miss] for c in cols[1:]])
        return out

    def trigram_scores(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """``scores([a, b, c])``. For a 3-gram model, the back-off written out in a dozen array
        operations without masks or recursion: the glyph filler calls this with a few dozen
        trigrams at a time, where ``scores``' fixed cost (~110 µs) was most of the call and the
        lean form costs a fifth of it. The same float32 operations in the same order (a test
        holds the two equal)."""
        if self.order != 3 or not len(self.keys[3]) or not len(self.keys[2]):
            return self.scores([a, b, c])
        a, b, c = (np.asarray(x, dtype=np.int64) for x in (a, b, c))
        V, (k2, k3) = self.V, (self.keys[2], self.keys[3])
        ctx = a * V + b
        key = ctx * V + c
        pos = np.minimum(k3.searchsorted(key), len(k3) - 1)
        cpos = np.minimum(k2.searchsorted(ctx), len(k2) - 1)
        bkey = b * V + c
        bpos = np.minimum(k2.searchsorted(bkey), len(k2) - 1)
        bow = np.where(k2[cpos] == ctx, self.bow[2][cpos], np.float32(0.0))
        lower = np.where(k2[bpos] == bkey, self.lp[2][bpos], self.bow[1][b] + self.uni[c])
        return np.where(k3[pos] == key, self.lp[3][pos], bow + lower)

    def score_sentence(self, words: list[str]) -> float:
        n = self.order
        ids = [self.bos] * (n - 1) + [self.id(w) for w in words]
        cols = [np.array(ids[j:len(ids) - n + 1 + j]) for j in range(n)]
        return float(self.scores(cols).sum())


def _quantise(lp: np.ndarray) -> np.ndarray:
    # Log-probabilities in [-25.5, 0] on a 0.1 grid fit one byte; the decoder ranks
    # candidates, so a 0.1-nat step (≈10 % in probability) costs nothing measurable.
    return np.clip(np.round(-lp * 10), 0, 255).astype(np.uint8)


def _dequantise(q: np.ndarray) -> np.ndarray:
    return -(q.astype(np.float32) / 10.0)


def _read_ngrams(path: Path, orders: list[int]) -> tuple[dict, dict, dict]:
    with np.load(path, allow_pickle=False) as z:
        keys = {k: z[f"keys{k}"] for k in orders}
        lp = {k: _dequantise(z[f"lp{k}"]) for k in orders}
        bow = {1: z["bow1"].astype(np.float32)}
        bow.update({k: _dequantise(z[f"bow{k}"]) for k in orders if f"bow{k}" in z.files})
    return keys, lp, bow


def load_model(path: str | Path | None = None) -> SyllableLM:
    """The model at ``path``, else the one ``NOTICE_PARSER_LM`` names, else the shipped one;
    loaded once per process (and per path)."""
    return _load_model(Path(path) if path else model_path())


@lru_cache(maxsize=4)
def _load_model(path: Path) -> SyllableLM:
    # keyed on the Path, so load_model() and load_model(str(DEFAULT_MODEL)) (the repair stage's
    # call) share one copy instead of holding the model twice
    return SyllableLM.load(path)

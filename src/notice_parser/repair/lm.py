"""Vietnamese syllable trigram language model (Kneser-Ney), compact and lazily loaded.

The model is a handful of numpy arrays in one ``.npz`` file: the syllable vocabulary, unigram
log-probabilities, and sorted int64 keys of the bigrams and trigrams with their quantised
log-probabilities. Queries are answered in batches with ``np.searchsorted``, so the decoder
asks for every score of a lattice at once instead of one Python dict lookup at a time; this
keeps the loaded model small (no millions of Python objects) and the load time well under a
second.

Training (``train_model``) counts lowercase syllables in segments split at punctuation and line
breaks; numbers become ``<num>``. Smoothing is interpolated Kneser-Ney, stored in back-off
form (probability of seen n-grams, back-off weights per context), like an ARPA file.
"""

from __future__ import annotations

import io
import lzma
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np

BOS, UNK, NUM = "<s>", "<unk>", "<num>"
DISCOUNT = 0.75
# Segments are split at punctuation and line breaks: context rarely crosses them.
_SEGMENT_SPLIT = re.compile(r"[\n\r.,;:!?()\[\]{}\"“”«»…/|]+")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_DIGIT = re.compile(r"\d")

MODEL_DIR = Path(__file__).resolve().parents[3] / "models"
DEFAULT_MODEL = MODEL_DIR / "vi_syllable_lm.npz"


def normalise_token(tok: str) -> str:
    """Lowercase LM token for a word token: numbers (or tokens with digits) become ``<num>``."""
    if _DIGIT.search(tok):
        return NUM
    return tok.lower()


def segments(text: str) -> Iterator[list[str]]:
    """Lowercase token lists, one per punctuation-delimited segment."""
    for seg in _SEGMENT_SPLIT.split(unicodedata.normalize("NFC", text)):
        toks = [normalise_token(t) for t in _TOKEN.findall(seg)]
        if toks:
            yield toks


def _title_tokens(text: str) -> Iterator[str]:
    """Lowercased tokens written Title-case away from a segment start (names, agencies)."""
    for seg in _SEGMENT_SPLIT.split(unicodedata.normalize("NFC", text)):
        toks = _TOKEN.findall(seg)
        for t in toks[1:]:
            if t[:1].isupper() and not t.isupper():
                yield t.lower()


def strip_marks(s: str) -> str:
    """Base letters only: 'Đường' → 'duong' (lowercase)."""
    s = s.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
# Vowel clusters of Vietnamese syllables, marks stripped (ươ → uo, ưu → uu).
_NUCLEUS = "(?:" + "|".join(sorted(
    "a e i o u y ai ao au ay eo eu ia ie iu oa oe oi oo ua ue ui uo uu uy ya ye "
    "ieu yeu oai oay oao oeo uai uay uoi uou uya uye uyu".split(), key=len, reverse=True)) + ")"
_CODA = "(?:ng|nh|ch|[cmnptk])?"  # k: Central Highlands names (Đắk Lắk)
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")


def is_syllable_shape(word: str) -> bool:
    """Whether a word has the shape of a Vietnamese syllable (onset, vowels, coda)."""
    return bool(_SYLLABLE.match(strip_marks(word)))


class SyllableLM:
    """Read-only trigram model. Scores are natural-log probabilities."""

    def __init__(self, vocab: list[str], uni: np.ndarray, bi_keys: np.ndarray, bi_lp: np.ndarray,
                 tri_keys: np.ndarray, tri_lp: np.ndarray, counts: np.ndarray, title: np.ndarray,
                 meta: dict | None = None, uni_bow: np.ndarray | None = None, bi_bow: np.ndarray | None = None):
        self.vocab = vocab
        self.index = {w: i for i, w in enumerate(vocab)}
        self.V = len(vocab)
        self.uni = uni.astype(np.float32)
        self.bi_keys, self.bi_lp = bi_keys, bi_lp.astype(np.float32)
        self.tri_keys, self.tri_lp = tri_keys, tri_lp.astype(np.float32)
        self.counts = counts
        # back-off weights (log): per unigram context, and per bigram context aligned with bi_keys
        self.uni_bow = (uni_bow if uni_bow is not None else np.zeros(len(vocab))).astype(np.float32)
        self.bi_bow = (bi_bow if bi_bow is not None else np.zeros(len(bi_keys))).astype(np.float32)
        # How often each syllable was written Title-case mid-segment: evidence for names.
        self.title = title
        self.meta = meta or {}
        self.unk = self.index[UNK]
        self.bos = self.index[BOS]
        self._variants: dict[str, list[tuple[str, int]]] | None = None

    # ---- persistence -------------------------------------------------------------------
    def save(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        meta = "\n".join(f"{k}={v}" for k, v in sorted(self.meta.items()))
        np.savez_compressed(
            buf, vocab=np.array("\n".join(self.vocab)), uni=self.uni.astype(np.float16),
            bi_keys=self.bi_keys, bi_lp=_quantise(self.bi_lp), tri_keys=self.tri_keys,
            tri_lp=_quantise(self.tri_lp), counts=self.counts.astype(np.uint32),
            title=self.title.astype(np.uint32), uni_bow=self.uni_bow.astype(np.float16),
            bi_bow=_quantise(self.bi_bow), meta=np.array(meta))
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(buf.getvalue())
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "SyllableLM":
        with np.load(path, allow_pickle=False) as z:
            vocab = str(z["vocab"]).split("\n")
            meta = dict(line.split("=", 1) for line in str(z["meta"]).split("\n") if "=" in line)
            return cls(vocab, z["uni"], z["bi_keys"], _dequantise(z["bi_lp"]), z["tri_keys"],
                       _dequantise(z["tri_lp"]), z["counts"], z["title"], meta,
                       uni_bow=z["uni_bow"], bi_bow=_dequantise(z["bi_bow"]))

    # ---- queries -----------------------------------------------------------------------
    def id(self, word: str) -> int:
        return self.index.get(word, self.unk)

    def count(self, word: str) -> int:
        i = self.index.get(word)
        return int(self.counts[i]) if i is not None else 0

    def title_logratio(self, word: str) -> float:
        """log P(written Title-case | word), smoothed; names score near 0, common words low."""
        i = self.index.get(word)
        if i is None:
            return math.log(0.5)
        return math.log((float(self.title[i]) + 0.5) / (float(self.counts[i]) + 10.0))

    def variants(self, key: str) -> list[tuple[str, int]]:
        """Known syllables whose base letters are ``key``, most frequent first, with counts."""
        if self._variants is None:
            table: dict[str, list[tuple[str, int]]] = {}
            for w, c in zip(self.vocab, self.counts.tolist()):
                if w.startswith("<"):
                    continue
                table.setdefault(strip_marks(w), []).append((w, c))
            for v in table.values():
                v.sort(key=lambda x: -x[1])
            self._variants = table
        return self._variants.get(key, [])

    def trigram_scores(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Vectorised log P(c | a, b) for arrays of ids (back-off form of interpolated KN)."""
        a = a.astype(np.int64)
        b = b.astype(np.int64)
        c = c.astype(np.int64)
        V = self.V
        out = np.empty(len(c), dtype=np.float32)
        if len(self.tri_keys):
            key = (a * V + b) * V + c
            pos = np.minimum(np.searchsorted(self.tri_keys, key), len(self.tri_keys) - 1)
            hit = self.tri_keys[pos] == key
            out[hit] = self.tri_lp[pos[hit]]
        else:
            hit = np.zeros(len(c), dtype=bool)
        miss = ~hit
        if miss.any():
            out[miss] = self._bow2(a[miss], b[miss]) + self.bigram_scores(b[miss], c[miss])
        return out

    def _bow2(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        key = a * self.V + b
        pos = np.minimum(np.searchsorted(self.bi_keys, key), len(self.bi_keys) - 1)
        hit = self.bi_keys[pos] == key
        return np.where(hit, self.bi_bow[pos], 0.0).astype(np.float32)

    def bigram_scores(self, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        b = b.astype(np.int64)
        c = c.astype(np.int64)
        key = b * self.V + c
        pos = np.minimum(np.searchsorted(self.bi_keys, key), len(self.bi_keys) - 1)
        hit = self.bi_keys[pos] == key
        out = self.uni_bow[b] + self.uni[c]
        out[hit] = self.bi_lp[pos[hit]]
        return out

    def score_sentence(self, words: list[str]) -> float:
        ids = [self.bos, self.bos] + [self.id(w) for w in words]
        a = np.array(ids[:-2]); b = np.array(ids[1:-1]); c = np.array(ids[2:])
        return float(self.trigram_scores(a, b, c).sum())


def _quantise(lp: np.ndarray) -> np.ndarray:
    # Log-probabilities in [-25.5, 0] on a 0.1 grid fit one byte; the decoder ranks
    # candidates, so a 0.1-nat step (≈10 % in probability) costs nothing measurable.
    return np.clip(np.round(-lp * 10), 0, 255).astype(np.uint8)


def _dequantise(q: np.ndarray) -> np.ndarray:
    return -(q.astype(np.float32) / 10.0)


# ---- training --------------------------------------------------------------------------

def read_corpus(path: Path) -> Iterator[str]:
    """Lines of a plain or .xz text file; ``### <name>`` document headers are skipped."""
    path = Path(path)
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.startswith("### "):
                yield line


def train_model(sources: Iterable[tuple[Iterable[str], int]], extra_vocab: Iterable[str] = (),
                min_count: int = 2, min_tri: int = 2, meta: dict | None = None) -> SyllableLM:
    """Count n-grams of weighted line sources [(lines, weight)] and build the model.

    ``extra_vocab`` adds syllables (dictionary words, gazetteer names) to the inventory with
    count 1 so that they can be proposed even when the corpus never used them.
    """
    uni: Counter = Counter()
    bi: Counter = Counter()
    tri: Counter = Counter()
    title: Counter = Counter()
    for lines, weight in sources:
        for line in lines:
            for t in _title_tokens(line):
                title[t] += weight
            for toks in segments(line):
                seq = [BOS, BOS, *toks]
                for i in range(2, len(seq)):
                    uni[seq[i]] += weight
                    bi[(seq[i - 1], seq[i])] += weight
                    tri[(seq[i - 2], seq[i - 1], seq[i])] += weight
                uni[BOS] += weight
    extra_vocab = list(extra_vocab)
    for w in extra_vocab:
        for toks in segments(w):
            for t in toks:
                if t not in uni:
                    uni[t] = 1
    # Dictionary and gazetteer syllables are kept even when seen once: they were added on purpose.
    extra = {t for w in extra_vocab for toks in segments(w) for t in toks}
    special = {BOS, UNK, NUM}
    vocab = [BOS, UNK, NUM] + sorted({w for w, c in uni.items() if (c >= min_count or w in extra) and w not in special})
    index = {w: i for i, w in enumerate(vocab)}
    V = len(vocab)
    counts = np.zeros(V, dtype=np.int64)
    for w, c in uni.items():
        counts[index.get(w, 1)] += c
    title_counts = np.zeros(V, dtype=np.int64)
    for w, c in title.items():
        if w in index:
            title_counts[index[w]] += c
    total = counts.sum()

    def ids(ws):
        return tuple(index.get(w, 1) for w in ws)

    bi_c: Counter = Counter()
    for k, c in bi.items():
        bi_c[ids(k)] += c
    tri_c: Counter = Counter()
    for k, c in tri.items():
        tri_c[ids(k)] += c
    bos = index[BOS]

    # Interpolated Kneser-Ney (Chen & Goodman 1998), stored in back-off form: a seen n-gram keeps
    # its interpolated probability, an unseen one gets back-off weight × the lower order.
    # Lower orders use continuation counts (how many different words precede), which is what
    # stops "dụng" (frequent, but only after sử/ứng/tác) from winning everywhere.
    left2: Counter = Counter()  # N1+(• v w)
    for (_, v, w) in tri_c:
        left2[(v, w)] += 1
    left1: Counter = Counter()  # N1+(• w)
    for (_, w) in bi_c:
        left1[w] += 1
    cont_total = sum(left1.values())
    uni_lp = np.log((np.array([left1.get(i, 0) for i in range(V)], dtype=np.float64) + 0.5)
                    / (cont_total + 0.5 * V)).astype(np.float32)
    uni_lp[bos] = 0.0

    c2 = {k: (c if k[0] == bos else left2.get(k, c)) for k, c in bi_c.items()}
    ctx2: Counter = Counter()
    types2: Counter = Counter()
    for (v, _), c in c2.items():
        ctx2[v] += c
        types2[v] += 1
    uni_bow = np.zeros(V, dtype=np.float32)
    for v, c in ctx2.items():
        uni_bow[v] = math.log(DISCOUNT * types2[v] / c)
    p2 = {}
    for (v, w), c in c2.items():
        p2[(v, w)] = max(c - DISCOUNT, 0) / ctx2[v] + math.exp(uni_bow[v] + uni_lp[w])

    ctx3: Counter = Counter()
    for (u, v, _), c in tri_c.items():
        ctx3[(u, v)] += c
    kept = [(k, c) for k, c in tri_c.items() if c >= min_tri]
    used: Counter = Counter()  # discounted mass the kept trigrams take from each context
    for (u, v, _), c in kept:
        used[(u, v)] += (c - DISCOUNT) / ctx3[(u, v)]
    bow3 = {k: math.log(max(1.0 - m, 1e-6)) for k, m in used.items()}
    tri_keys = np.array([(u * V + v) * V + w for (u, v, w), _ in kept], dtype=np.int64)
    tri_lp = np.array([math.log((c - DISCOUNT) / ctx3[(u, v)] + math.exp(bow3[(u, v)]) * p2[(v, w)])
                       for (u, v, w), c in kept], dtype=np.float32)
    order = np.argsort(tri_keys)
    tri_keys, tri_lp = tri_keys[order], tri_lp[order]

    bi_items = list(p2.items())
    bi_keys = np.array([v * V + w for (v, w), _ in bi_items], dtype=np.int64)
    bi_lp = np.log(np.array([p for _, p in bi_items], dtype=np.float64)).astype(np.float32)
    bi_bow = np.array([bow3.get(k, 0.0) for k, _ in bi_items], dtype=np.float32)
    order = np.argsort(bi_keys)
    bi_keys, bi_lp, bi_bow = bi_keys[order], bi_lp[order], bi_bow[order]
    meta = dict(meta or {})
    meta.update(vocab=V, bigrams=len(bi_keys), trigrams=len(tri_keys), tokens=int(total), smoothing="kneser-ney")
    return SyllableLM(vocab, uni_lp, bi_keys, bi_lp, tri_keys, tri_lp, counts, title_counts, meta,
                      uni_bow=uni_bow, bi_bow=bi_bow)


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> SyllableLM:
    """The shipped model, loaded once per process (and per path)."""
    return SyllableLM.load(Path(path) if path else DEFAULT_MODEL)

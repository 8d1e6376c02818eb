"""Training of the syllable language model (``SyllableLM`` in notice_parser.repair.lm), used by
scripts/train_lm.py (``make models``) and scripts/heldout_lm.py; the library only loads models.

Counts lowercase syllables in segments split at punctuation and line breaks (numbers become
``<num>``); smoothing is interpolated Kneser-Ney stored in back-off form (probability of seen
n-grams, back-off weights per context), like an ARPA file.
"""

from __future__ import annotations

import hashlib
import lzma
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from notice_parser.repair.lm import (BOS, EOS, NUM, UNK, SyllableLM, _SEGMENT_SPLIT, _TOKEN,  # noqa: E402
                                     normalise_token, segments)
from notice_parser.vietnamese import canonical  # noqa: E402


def segments_with_ends(text: str) -> Iterator[tuple[list[str], bool]]:
    """Like ``segments``, with whether each segment ends at punctuation. Only those ends count
    as ends of segment (``</s>``): a line break may wrap a sentence anywhere."""
    parts = _SEGMENT_SPLIT.split(unicodedata.normalize("NFC", text))
    delims = _SEGMENT_SPLIT.findall(unicodedata.normalize("NFC", text))
    for i, seg in enumerate(parts):
        toks = [normalise_token(t) for t in _TOKEN.findall(seg)]
        if toks:
            yield toks, i < len(delims) and bool(delims[i].strip("\n\r"))


def _title_tokens(text: str) -> Iterator[str]:
    """Lowercased tokens written Title-case away from a segment start (names, agencies)."""
    for seg in _SEGMENT_SPLIT.split(unicodedata.normalize("NFC", text)):
        toks = _TOKEN.findall(seg)
        for t in toks[1:]:
            if t[:1].isupper() and not t.isupper():
                yield canonical(t.lower())


def _name_tokens(text: str, surnames: frozenset[str]) -> Iterator[str]:
    """Lowercased given and middle names: the Title-case tokens of a Title-case run that starts
    with a family name ("Trần Phước Hiền" gives "phước", "hiền"). Statistics of how often a
    syllable is a personal name, which "Hiến pháp" or "Sở" (Title-case, but not names) lack."""
    if not surnames:
        return
    for seg in _SEGMENT_SPLIT.split(unicodedata.normalize("NFC", text)):
        run_is_name = False
        prev_title = False
        for t in _TOKEN.findall(seg):
            title = t[:1].isupper() and not (len(t) > 1 and t.isupper())
            if not title:
                run_is_name = prev_title = False
                continue
            if run_is_name:
                yield canonical(t.lower())
            elif not prev_title and canonical(t.lower()) in surnames:
                run_is_name = True
            prev_title = True


def file_digest(path: Path) -> str:
    """sha256 of a file (16 hex digits), as the model's metadata records its corpus files."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def documents_digest(paths: Iterable[Path]) -> str:
    """One sha256 over in-domain documents (names and contents, in name order): the model's
    ``sha256.in_domain``, so that a model trained on other texts of them is detected."""
    h = hashlib.sha256()
    for p in sorted(map(Path, paths), key=lambda p: p.name):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def read_corpus(path: Path) -> Iterator[str]:
    """Lines of a plain or .xz text file; ``### <name>`` document headers are skipped."""
    path = Path(path)
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.startswith("### "):
                yield line


_ENDS_SENTENCE = re.compile(r"[.,;:!?()\[\]{}\"“”«»…/|]\s*$")


def join_wrapped(lines: Iterable[str]) -> Iterator[str]:
    """Lines with the layout's wraps undone: a line that starts lowercase continues the previous
    non-blank line unless that one ended at punctuation (PDF text layers break sentences
    anywhere, often with blank lines between). Paragraph-per-line text passes unchanged."""
    held = ""
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if held and stripped[:1].islower() and not _ENDS_SENTENCE.search(held):
            held = held.rstrip() + " " + stripped
            continue
        if held:
            yield held + "\n"
        held = stripped
    if held:
        yield held + "\n"


def _discount(counts: Iterable[int]) -> float:
    """Kneser-Ney discount from the counts of counts (Ney et al.): n1 / (n1 + 2 n2)."""
    n1 = n2 = 0
    for c in counts:
        if c == 1:
            n1 += 1
        elif c == 2:
            n2 += 1
    return min(0.95, max(0.1, n1 / (n1 + 2 * n2))) if n1 else 0.75


def train_model(sources: list[tuple[list[str], int]], extra_vocab: Iterable[str] = (), order: int = 3,
                min_count: int = 2, min_top: int = 2, meta: dict | None = None,
                surnames: Iterable[str] = ()) -> SyllableLM:
    """Count n-grams of weighted line sources [(lines, weight)] and build an interpolated
    Kneser-Ney model of the given order, stored in back-off form (like an ARPA file).

    Lower orders use continuation counts (how many different words precede), which is what
    stops "dụng" (frequent, but only after sử/ứng/tác) from winning everywhere. Top-order
    n-grams seen fewer than ``min_top`` times are dropped (their mass goes to the back-off).
    ``extra_vocab`` adds syllables (dictionary words, gazetteer names) to the inventory.
    """
    uni: Counter = Counter()
    title: Counter = Counter()
    name: Counter = Counter()
    family = frozenset(canonical(s.lower()) for s in surnames)
    for lines, weight in sources:
        for line in lines:
            for t in _title_tokens(line):
                title[t] += weight
            for t in _name_tokens(line, family):
                name[t] += weight
            for toks in segments(line):
                for t in toks:
                    uni[t] += weight
    extra_vocab = list(extra_vocab)
    # Dictionary and gazetteer syllables are kept even when seen once: they were added on purpose.
    extra = {t for w in extra_vocab for toks in segments(w) for t in toks}
    special = {BOS, UNK, NUM, EOS}
    vocab = [BOS, UNK, NUM, EOS] + sorted({w for w, c in uni.items() if (c >= min_count or w in extra) and w not in special}
                                     | {w for w in extra if w not in special})
    index = {w: i for i, w in enumerate(vocab)}
    V = len(vocab)
    if V ** order >= 2 ** 63:
        raise ValueError(f"vocabulary of {V} too large for order-{order} keys")
    bos, unk, eos = index[BOS], index[UNK], index[EOS]
    counts = np.zeros(V, dtype=np.int64)
    for w, c in uni.items():
        counts[index.get(w, unk)] += c
    title_counts = np.zeros(V, dtype=np.int64)
    for w, c in title.items():
        if w in index:
            title_counts[index[w]] += c
    name_counts = np.zeros(V, dtype=np.int64)
    for w, c in name.items():
        if w in index:
            name_counts[index[w]] += c

    # raw[k]: order-k n-gram key → weighted count (keys pack ids base V, oldest first)
    raw: dict[int, Counter] = {k: Counter() for k in range(1, order + 1)}
    pads = [bos] * (order - 1)
    pw = [V ** j for j in range(order)]
    for lines, weight in sources:
        for line in lines:
            for toks, ends in segments_with_ends(line):
                ids = pads + [index.get(t, unk) for t in toks] + ([eos] if ends else [])
                for i in range(order - 1, len(ids)):
                    key = 0
                    for k in range(1, order + 1):
                        key += ids[i - k + 1] * pw[k - 1]
                        raw[k][key] += weight
                counts[bos] += weight
                counts[eos] += weight if ends else 0

    # adjusted counts: continuation counts below the top order, except for n-grams that start
    # with <s> (nothing can precede them)
    adj: dict[int, dict[int, int]] = {order: raw[order]}
    for k in range(order - 1, 0, -1):
        left: Counter = Counter()
        mod = V ** k
        for g in raw[k + 1]:
            left[g % mod] += 1
        first = V ** (k - 1)
        adj[k] = {g: (c if g // first == bos else left.get(g, c)) for g, c in raw[k].items()}

    uni_adj = np.zeros(V, dtype=np.float64)
    for g, c in adj[1].items():
        uni_adj[g] = c
    uni_lp = np.log((uni_adj + 0.5) / (uni_adj.sum() + 0.5 * V)).astype(np.float32)
    uni_lp[bos] = 0.0
    prob: dict[int, float] = {g: math.exp(float(uni_lp[g])) for g in range(V)}
    keys_out: dict[int, np.ndarray] = {}
    lp_out: dict[int, np.ndarray] = {}
    bow_out: dict[int, np.ndarray] = {}
    for k in range(2, order + 1):
        D = _discount(adj[k].values())
        ctx_sum: Counter = Counter()
        ctx_types: Counter = Counter()
        for g, c in adj[k].items():
            ctx_sum[g // V] += c
            ctx_types[g // V] += 1
        kept = {g: c for g, c in adj[k].items() if k < order or c >= min_top}
        if k < order:
            gamma = {h: D * ctx_types[h] / ctx_sum[h] for h in ctx_sum}
        else:  # pruned top order: the back-off gets whatever the kept n-grams leave
            used: Counter = Counter()
            for g, c in kept.items():
                used[g // V] += max(c - D, 0) / ctx_sum[g // V]
            gamma = {h: max(1.0 - used.get(h, 0.0), 1e-6) for h in ctx_sum}
        mod = V ** (k - 1)
        new_prob: dict[int, float] = {}
        for g, c in kept.items():
            h = g // V
            new_prob[g] = max(c - D, 0) / ctx_sum[h] + gamma[h] * prob[g % mod]
        # back-off weights of the order-(k-1) contexts, aligned with that order's keys
        if k == 2:
            bow1 = np.zeros(V, dtype=np.float32)
            for h, gmm in gamma.items():
                bow1[h] = math.log(gmm)
            bow_out[1] = bow1
        else:
            bow_out[k - 1] = np.array([math.log(gamma.get(g, 1.0)) for g in keys_out[k - 1].tolist()],
                                      dtype=np.float32)
        items = sorted(new_prob.items())
        keys_out[k] = np.array([g for g, _ in items], dtype=np.int64)
        lp_out[k] = np.log(np.array([p for _, p in items], dtype=np.float64)).astype(np.float32)
        prob = new_prob
    meta = dict(meta or {})
    meta.update(vocab=V, order=order, tokens=int(counts.sum()), smoothing="kneser-ney",
                **{f"ngrams{k}": len(v) for k, v in keys_out.items()})
    return SyllableLM(vocab, uni_lp, keys_out, lp_out, bow_out, counts, title_counts, meta, name_counts)



"""Dropped-glyph filling: PDF text layers that lost some glyphs, each replaced by one space
("triển  h i" for "triển khai", "Đắ  Lắ " for "Đắk Lắk").

In a damaged line every space may be a real word boundary or a lost character. A beam search
walks the letter chunks left to right; at each run of spaces it either continues the current
word with wildcards or ends it (with some of the spaces as wildcards on either side). A finished
word must match a syllable of the inventory with one letter per wildcard; the language model
scores the sequence. Each wildcard costs a penalty, so the decoder only invents letters
when the inventory and the context ask for them.

The penalty is a per-document channel (``DropChannel``): a PDF text layer loses the glyphs its
font subset lacks, so the same few characters (here "k", "ị", "ô", "a", "m" …) vanish again
and again while all others are always kept. A first pass fills with one flat penalty; the
characters it filled, against those the document kept, estimate P(dropped | character), and
a second pass fills again with −log of that instead of the flat penalty.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from operator import itemgetter

import numpy as np

from ..schema import Edit
from ..vietnamese import is_syllable_shape
from .lm import SyllableLM
from .resources import symbols

_CHUNK = re.compile(r"[^\W\d_]+", re.UNICODE)
# What comes before a part of a document's number and symbol ("158/", "30/2020/", "45-KL/",
# "56/KH-BC -"; Nghị định 30 Phụ lục III): the number, then any parts already written, each
# ended by its '/' or '-'. A word starting right there is a symbol part, which only the
# abbreviations of document types, issuers and bodies can fill ("158/C -TTg" is "CĐ", not "Cơ").
_SYMBOL_HEAD = re.compile(r"(?<![^\W_])\d+(?:[./]\d+)*[/-](?:\d{4}/)?(?:[^\W\d_][\w&]*[ ]*[-/])*\Z")
_SYMBOL_SEP = re.compile(r"[/-]")
WILDCARD_COST = 2.0
UNKNOWN_COST = 6.0
UNKNOWN_LP = -12.0
TITLE_WEIGHT = 0.5
MAX_JOIN = 3
MAX_SYLLABLE = 7
# Drop channel: pseudo-count of the document-wide drop rate in each character's estimate, and
# the bounds of a wildcard's cost (a character the document never keeps still costs a little;
# one it always keeps is not impossible, since the first pass may have missed its drops).
DROP_PRIOR = 2.0
DROP_MIN_COST = 0.2
DROP_MAX_COST = 6.0
# Spaces kept as spaces where no syllable can take them as letters: the price "nothing fits"
# puts on a word that keeps its spaces (the word after them is then scored as itself).
KEPT_SPACES_COST = 2 * UNKNOWN_COST
# A space standing for a lost bracket or quote, not a letter (not a syllable's letter, so no
# channel estimate: the flat wildcard penalty).
LOST_MARK_COST = WILDCARD_COST
# Fewer fills than this (a damaged line or two in a clean document) say little about which
# glyphs a font lacks: the first pass stands.
DROP_MIN_FILLS = 10
# Candidates per wildcard pattern before the channel re-ranks them (kept: ``max_cands``).
CHANNEL_POOL = 40
# Hypotheses further than this (in nats) behind the best one with the same unfinished word are
# dropped: only those can be compared (an unfinished word has not paid its language-model score
# yet). Every margin from 4 up leaves all 31 dropped-glyph texts of the bench repaired exactly
# as without one (a margin across all hypotheses loses accuracy even at 12); at 8 the search
# makes a third of the hypotheses and trigram look-ups.
BEAM_MARGIN = 8.0
# Entries of the beam search's memos (expansions, trigram scores) before they are cleared.
MEMO_LIMIT = 500_000
_NONE: frozenset[str] = frozenset()
# Trigrams missing from the memo up to which scalar look-ups (~5 µs each) beat one vectorised
# call (~30 µs, SyllableLM.trigram_scores).
SCALAR_LOOKUPS = 6


class DropChannel:
    """P(a glyph was dropped | the character), estimated from one document.

    ``fills``: the characters a first pass put where spaces stood; ``kept``: the characters
    the document shows (as given, before filling). A wildcard standing for character ``c``
    costs ``WILDCARD_COST − log(d_c / d_0)``, where ``d_c`` is c's smoothed drop rate and
    ``d_0`` the document's overall one: the flat penalty for a character dropped as often as
    any other, less for the font's missing glyphs, more for characters the document keeps.
    A word's first letter may have been a capital (a separate glyph): the likelier case counts.
    """

    def __init__(self, fills: Counter, kept: Counter):
        total_fill = self.fills = sum(fills.values())
        total = total_fill + sum(kept.values())
        self.base = total_fill / total if total else 0.0
        self._cost: dict[str, float] = {}
        self._memo: dict[tuple[str, str], float] = {}
        self._ranks: dict[tuple, tuple[str, ...]] = {}
        self.expansions: dict[tuple, tuple] = {}  # the filler's candidate expansions (``_expand``)
        self.entries: dict[tuple, tuple] = {}  # and their words' entries
        for ch in set(fills) | set(kept):
            f, k = fills.get(ch, 0), kept.get(ch, 0)
            rate = (f + DROP_PRIOR * self.base) / (f + k + DROP_PRIOR)
            self._cost[ch] = self._bounded(rate)

    def _bounded(self, rate: float) -> float:
        if rate <= 0 or self.base <= 0:
            return DROP_MAX_COST
        c = WILDCARD_COST - math.log(rate / self.base)
        return min(DROP_MAX_COST, max(DROP_MIN_COST, c))

    @property
    def informative(self) -> bool:
        """Whether the first pass filled enough glyphs for the estimate to mean something."""
        return self.fills >= DROP_MIN_FILLS

    def char_cost(self, ch: str, initial: bool = False) -> float:
        c = self._cost.get(ch, WILDCARD_COST)
        if initial and ch.upper() != ch:
            c = min(c, self._cost.get(ch.upper(), WILDCARD_COST))
        return c

    def cost(self, pattern: str, filled: str) -> float:
        """Cost of the wildcards of ``pattern`` standing for the letters of ``filled``."""
        key = (pattern, filled)
        c = self._memo.get(key)
        if c is None:
            c = self._memo[key] = sum(self.char_cost(ch, i == 0) for i, (p, ch) in enumerate(zip(pattern, filled))
                                      if p == "?")
        return c

    def ranked(self, model: SyllableLM, pattern: str, words: tuple[str, ...], keep: int) -> tuple[str, ...]:
        """The ``keep`` fits of ``pattern`` that the word's frequency and the channel together favour."""
        key = (pattern, words, keep)
        hit = self._ranks.get(key)
        if hit is None:
            cost, count, log = self.cost, model.count, math.log
            hit = self._ranks[key] = tuple(sorted(words, key=lambda w: cost(pattern, w) - log(count(w) + 1))[:keep])
        return hit

    @classmethod
    def from_edits(cls, text: str, edits: Iterable[Edit]) -> "DropChannel":
        """Estimate from a first pass's glyph edits on ``text`` (the document as given)."""
        fills: Counter = Counter()
        for e in edits:
            if e.step == "glyphs" and len(e.before) == len(e.after):
                fills.update(a for b, a in zip(e.before, e.after) if b == " " and a != " ")
        kept = Counter(ch for ch in text if not ch.isspace())
        return cls(fills, kept)


class SyllableIndex:
    """Syllables grouped by length, searchable with one-letter wildcards."""

    def __init__(self, model: SyllableLM, min_count: int = 3, max_cands: int = 8):
        self.model = model
        self.max_cands = max_cands
        by_len: dict[int, list[str]] = {}
        for w, c in zip(model.vocab, model.counts.tolist()):
            if c >= min_count and not w.startswith("<") and w.isalpha() and is_syllable_shape(w):
                by_len.setdefault(len(w), []).append(w)
        # Per length, the syllables most frequent first (ties in vocabulary order), and for each
        # (length, position, letter) the set of syllables with that letter there: the fits of a
        # pattern are the intersection of its fixed letters' sets, without a regex per pattern.
        for ws in by_len.values():
            ws.sort(key=lambda w: -model.count(w))
        self._by_len = by_len
        self._rank = {w: r for ws in by_len.values() for r, w in enumerate(ws)}
        self._at: dict[tuple[int, int, str], set[str]] = {}
        for n, ws in by_len.items():
            for w in ws:
                for i, ch in enumerate(w):
                    self._at.setdefault((n, i, ch), set()).add(w)
        self._valid = set(self._rank)
        # the same by word id, and each word's length: the followers of a word are filtered
        # with these as arrays (a few thousand ids for a frequent word), not word by word
        self._valid_ids = np.fromiter((w in self._valid for w in model.vocab), dtype=bool, count=len(model.vocab))
        self._lengths = np.fromiter(map(len, model.vocab), dtype=np.int64, count=len(model.vocab))
        acronyms = [w for w, c in zip(model.vocab, model.counts.tolist())
                    if c >= min_count and 2 <= len(w) <= 6 and w.isascii() and w.isalpha() and not is_syllable_shape(w)]
        # and the abbreviations of document symbols and bodies (Phụ lục III, the gazetteer: "QHĐP")
        acronyms += sorted({f.lower() for forms in symbols().values() for f in forms} - set(acronyms))
        # one string per length, a line each: a pattern's regex reads only the acronyms it can fit
        by_length: dict[int, list[str]] = {}
        for w in acronyms:
            by_length.setdefault(len(w), []).append(w)
        self._acronyms = {n: "\n".join(ws) for n, ws in by_length.items()}
        forms = sorted({f for fs in symbols().values() for f in fs}, key=lambda f: (-model.count(f.lower()), f))
        self._symbol_forms: dict[int, tuple[str, ...]] = {}
        for f in forms:
            self._symbol_forms[len(f)] = self._symbol_forms.get(len(f), ()) + (f,)
        self.fits = lru_cache(maxsize=50000)(self._fits_uncached)
        self.match = lru_cache(maxsize=20000)(self._match)
        self.match_acronym = lru_cache(maxsize=5000)(self._match_acronym_uncached)
        self.intact = lru_cache(maxsize=50000)(self._intact_uncached)
        self.completable = lru_cache(maxsize=50000)(self._completable_uncached)
        self._successors = lru_cache(maxsize=20000)(self._successors_uncached)
        self._match_after = lru_cache(maxsize=50000)(self._match_after_uncached)
        self._followers = lru_cache(maxsize=5000)(self._followers_uncached)
        # Memos of the beam search (a document repeats its words, contexts and damaged
        # patterns; both passes of the filler score the same trigrams): candidate expansions
        # of a wildcard pattern after a word (flat penalty; the channel keeps its own), and
        # the language model's trigram log-probabilities. Cleared when they grow past a bound
        # so a long-lived process does not grow without end.
        self.expansions: dict[tuple, tuple] = {}
        self.entries: dict[tuple, tuple] = {}
        self.trigrams: dict[tuple[int, int, int], float] = {}
        self._arrays: tuple | None = None

    def clear_memos(self) -> None:
        """Forget every look-up made so far (a benchmark's cold start; results do not change)."""
        for cached in (self.fits, self.match, self.match_acronym, self.intact, self.completable, self._successors,
                       self._match_after, self._followers):
            cached.cache_clear()
        self.expansions.clear()
        self.entries.clear()
        self.trigrams.clear()

    def successors(self, prev: int, length: int, limit: int | None = None) -> tuple[str, ...]:
        """The syllables of a given length that most often follow word id ``prev``."""
        return self._successors(prev, length, limit or 2 * self.max_cands)

    def _successors_uncached(self, prev: int, length: int, limit: int) -> tuple[str, ...]:
        m = self.model
        lo, hi = np.searchsorted(m.bi_keys, [prev * m.V, (prev + 1) * m.V])
        ids = m.bi_keys[lo:hi] - prev * m.V
        keep = self._valid_ids[ids] & (self._lengths[ids] == length)
        ranked = sorted(zip(m.bi_lp[lo:hi][keep].tolist(), [m.vocab[i] for i in ids[keep].tolist()]), reverse=True)
        return tuple(w for _, w in ranked[:limit])

    def _match_acronym_uncached(self, pattern: str) -> tuple[str, ...]:
        """Known acronyms (letters, not syllables, seen ≥ 3 times) fitting the lowercase pattern."""
        if len(pattern) > 6 or pattern.count("?") != 1:  # one lost letter, or it is a guess
            return ()
        rx = re.compile("^" + "".join("." if ch == "?" else re.escape(ch) for ch in pattern) + "$", re.M)
        found = rx.findall(self._acronyms.get(len(pattern), ""))
        found.sort(key=lambda w: -self.model.count(w))
        return tuple(found[:4])

    def match_symbol(self, pattern: str) -> tuple[str, ...]:
        """The symbol parts (``resources.symbols``) that fit ``pattern`` ('?' one letter), each
        written letters as the pattern's (case included: "C?" is "CĐ" or "CV", never "cơ"), the
        most frequent first."""
        return tuple(f for f in self._symbol_forms.get(len(pattern), ())
                     if all(p == "?" or p == c for p, c in zip(pattern, f)))

    def match_after(self, prev: int, pattern: str) -> tuple[str, ...]:
        return self._match_after(prev, pattern)

    def _match_after_uncached(self, prev: int, pattern: str) -> tuple[str, ...]:
        # The pattern's fits (one regex scan per pattern, cached) ranked by how often they
        # follow ``prev``, rather than a regex per (word, pattern) pair over the followers.
        fits = self.fits(pattern)
        if not fits:
            return ()
        rank = self._followers(prev)
        if len(fits) > len(rank):  # a pattern of few letters: test the followers instead
            n = len(pattern)
            return tuple([w for w in rank if len(w) == n and all(p in ("?", c) for p, c in zip(pattern, w))][:4])
        return tuple(sorted((w for w in fits if w in rank), key=rank.__getitem__)[:4])

    def _followers_uncached(self, prev: int) -> dict[str, int]:
        """The syllables that most often follow ``prev`` (at most 300), with their rank (0 best)."""
        m = self.model
        keys = m.bi_keys
        lo, hi = np.searchsorted(keys, [prev * m.V, (prev + 1) * m.V])
        top = np.argsort(-m.bi_lp[lo:hi])[:600]
        ids = keys[lo:hi][top] - prev * m.V
        return {m.vocab[i]: r for r, i in enumerate(ids[self._valid_ids[ids]][:300].tolist())}

    def _fits_uncached(self, pattern: str) -> tuple[str, ...]:
        """Every syllable of the inventory fitting ``pattern`` ('?' one letter), most frequent first."""
        n = len(pattern)
        words = self._by_len.get(n)
        if words is None:
            return ()
        sets = [self._at.get((n, i, ch), _NONE) for i, ch in enumerate(pattern) if ch != "?"]
        if not sets:
            return tuple(words)
        sets.sort(key=len)
        return tuple(sorted(sets[0].intersection(*sets[1:]), key=self._rank.__getitem__))

    def _match(self, pattern: str, limit: int | None = None) -> tuple[str, ...]:
        return self.fits(pattern)[: limit or self.max_cands]

    def _completable_uncached(self, pattern: str, whole: bool = False) -> bool:
        """Whether some syllable (or, for a word in capitals, an acronym) starts with ``pattern``
        (``whole``: is ``pattern``)."""
        low = pattern.lower()
        fixed = [(i, ch) for i, ch in enumerate(low) if ch != "?"]
        if sum(1 for ch in pattern if ch.isupper()) >= 2:  # an acronym's or a heading's letters
            return True
        for n in range(len(low), len(low) + 1 if whole else MAX_SYLLABLE + 1):
            sets = sorted((self._at.get((n, i, ch), _NONE) for i, ch in fixed), key=len)
            if n in self._by_len and (not sets or sets[0].intersection(*sets[1:])):
                return True
        return False

    def _intact_uncached(self, pattern: str) -> tuple[str, int, float]:
        """A chunk without wildcards as a finished word: (text, word id, channel cost)."""
        model, low = self.model, pattern.lower()
        known = model.count(low) > 0 and (is_syllable_shape(low) or (len(pattern) >= 2 and pattern.isupper()))
        if known or not pattern.isalpha():
            return pattern, model.id(low), 0.0
        return pattern, model.unk, -UNKNOWN_COST

    def trigram_scores(self, a: list[int], b: list[int], c: list[int]) -> list[float]:
        """The model's log P(c | a b) for lists of ids, memoised (numpy for the misses only)."""
        memo = self.trigrams
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        keys = list(zip(a, b, c))
        self.score_missing([k for k in dict.fromkeys(keys) if k not in memo])
        return [memo[k] for k in keys]

    def score_missing(self, miss: list[tuple[int, int, int]]) -> None:
        """Put the scores of ``miss`` (distinct trigrams the memo lacks) into the memo: one by
        one when they are few, else in one vectorised call (which costs as much as a handful
        of scalar look-ups)."""
        if not miss:
            return
        if len(miss) <= SCALAR_LOOKUPS:
            self.trigrams.update((k, self._trigram_one(*k)) for k in miss)
        else:
            cols = np.array(miss, dtype=np.int64).T
            self.trigrams.update(zip(miss, self.model.trigram_scores(cols[0], cols[1], cols[2]).tolist()))

    def _trigram_one(self, a: int, b: int, c: int) -> float:
        """``SyllableLM.scores([a], [b], [c])`` for one trigram of a 3-gram model, by scalar
        look-ups: a vectorised call costs ~30 µs whatever its size, a scalar binary search ~1.5 µs,
        and most of the beam's calls miss the memo for a handful of trigrams only. The same
        back-off, in float32 like the arrays (a test holds the two equal)."""
        m = self.model
        if m.order != 3:  # another model shape: the general path
            return float(m.trigram_scores(np.array([a]), np.array([b]), np.array([c]))[0])
        if self._arrays is None:  # the model's properties cost a call each: bind the arrays once
            self._arrays = (m.keys[3], m.lp[3], m.keys[2], m.lp[2], m.bow[2], m.bow[1], m.uni, m.V)
        k3, lp3, k2, lp2, bow2, bow1, uni, V = self._arrays
        ctx = a * V + b
        key = ctx * V + c
        pos = k3.searchsorted(key)
        if pos < len(k3) and k3[pos] == key:
            return float(lp3[pos])
        pos = k2.searchsorted(ctx)
        bow = bow2[pos] if pos < len(k2) and k2[pos] == ctx else np.float32(0.0)
        key = b * V + c
        pos = k2.searchsorted(key)
        if pos < len(k2) and k2[pos] == key:
            return float(bow + lp2[pos])
        return float(bow + (bow1[b] + uni[c]))


# A hypothesis of the beam search is a tuple (built and unpacked far faster than an object):
# (score, h1, h2, pattern, start, words) — the last two word ids (the LM history), the current
# word ('?' for a wildcard) and the offset where it starts, and the finished words as a linked
# list (previous words, (start, end, text, score)) or None, so that adding a word copies nothing.
_Hyp = tuple


def _expand(model: SyllableLM, index: SyllableIndex, pat: str, prev: int, channel: DropChannel | None,
            caps: bool, symbol: bool = False) -> tuple[tuple[str, int, float], ...]:
    """The words a pattern with wildcards may stand for after word id ``prev``: (text, word id,
    channel cost), memoised per document (the channel's memo) or per model (flat penalty).
    ``symbol``: the pattern is a part of a document symbol, filled from the symbol parts only."""
    memo = index.expansions if channel is None else channel.expansions
    key = (pat, prev, caps, symbol)
    hit = memo.get(key)
    if hit is not None:
        return hit
    low = pat.lower()
    fixed = pat.replace("?", "")
    if symbol:
        out = []
        for form in index.match_symbol(pat):  # written as the form is: "CĐ", "TTg"
            cost = -WILDCARD_COST * pat.count("?") if channel is None else -channel.cost(pat, form)
            out.append((form, model.id(form.lower()), cost))
        # nothing fits: the spaces stay spaces, at a price (a syllable is no symbol's part)
        hit = memo[key] = tuple(out) or ((pat.replace("?", " "), model.unk, -2 * UNKNOWN_COST),)
        return hit
    if not fixed:  # a whole word lost: what usually follows the previous word
        if channel is None:
            matches = index.successors(prev, len(pat))
        else:  # ... among those, the ones whose letters the document drops
            # ... and the frequent syllables made of the letters the document drops
            matches = tuple(dict.fromkeys(
                channel.ranked(model, low, index.successors(prev, len(pat), CHANNEL_POOL), 2 * index.max_cands)
                + channel.ranked(model, low, index.match(low, CHANNEL_POOL), index.max_cands // 2)))
    elif len(fixed) >= 2 and fixed.isupper() and not caps:  # an acronym that lost a letter ("(IOC)" → "  OC")
        matches = index.match_acronym(low)
    elif channel is None:  # the most frequent fits, and the fits that most often follow the previous word
        matches = tuple(dict.fromkeys(index.match(low) + index.match_after(prev, low)))
    else:
        matches = tuple(dict.fromkeys(channel.ranked(model, low, index.match(low, CHANNEL_POOL), index.max_cands)
                                      + index.match_after(prev, low)))
    flat = -WILDCARD_COST * pat.count("?")
    if caps and len(fixed) >= 2:  # a heading may hold acronyms too ("BAN CHỈ ĐẠO  BND")
        matches = tuple(dict.fromkeys(matches + index.match_acronym(low)))
    title = pat[:1].isupper() and not (caps or len(fixed) >= 2 and fixed.isupper())
    out = []
    # A word's entry depends on the pattern, not on the previous word: each is made once (the
    # same fits recur after every previous word the pattern follows)
    entries = index.entries if channel is None else channel.entries
    for w in matches:  # Title-case words are often names: prefer forms written that way
        entry = entries.get((pat, w, caps))
        if entry is None:
            filled = _fill(pat, w, caps)
            cost = flat if channel is None else -channel.cost(pat, filled)
            entry = entries[(pat, w, caps)] = (filled, model.id(w),
                                               cost + (TITLE_WEIGHT * model.title_logratio(w) if title else 0.0))
        out.append(entry)
    if not matches:  # nothing fits: the spaces stay spaces, at a price
        out.append((pat.replace("?", " "), model.unk, -2 * UNKNOWN_COST))
    if len(memo) > MEMO_LIMIT:
        memo.clear()
        entries.clear()
    hit = memo[key] = tuple(out)
    return hit


def _finish(model: SyllableLM, index: SyllableIndex, hyps: list[_Hyp], end: int, reset: bool,
            channel: DropChannel | None = None, caps: bool = False, suffix: str = "", pattern: str = "",
            start: int | None = None, symbol_starts: frozenset[int] = frozenset()) -> list[_Hyp]:
    """End the current word (its pattern + ``suffix``) of every hypothesis at ``end``: expand
    to matching syllables and score them; the new hypotheses' current word is ``pattern`` from
    ``start`` (default: an empty word at ``end``).
    ``caps``: the line is written in capitals (a heading, a title), so a word in capitals that
    lost letters is a syllable ("THÔN " → "THÔNG"), not an acronym, and fills are capitals.
    ``symbol_starts``: the offsets where a document symbol's part starts (``symbol_part_starts``)."""
    memo = index.trigrams
    if len(memo) > MEMO_LIMIT:
        memo.clear()
    # the model's <unk> is frequent; an unknown word is not: it scores UNKNOWN_LP
    unk = model.unk
    exps: list = []
    miss: dict[tuple[int, int, int], None] = {}
    for h in hyps:
        pat = h[3] + suffix
        if not pat:
            exps.append(None)
            continue
        # a chunk without wildcards (an acronym when fully uppercase) never gets letters added
        exp = ((index.intact(pat),) if "?" not in pat
               else _expand(model, index, pat, h[1], channel, caps, h[4] in symbol_starts))
        exps.append(exp)
        h1, h2 = h[1], h[2]
        for e in exp:
            if e[1] != unk and (h2, h1, e[1]) not in memo:
                miss[(h2, h1, e[1])] = None
    index.score_missing(list(miss))  # all the step's misses at once
    if start is None:
        start = end
    bos = model.bos
    out = []
    for h, exp in zip(hyps, exps):
        score, h1, h2, _, at, words = h
        if exp is None:
            out.append((score, bos, bos, pattern, start, words) if reset else (score, h1, h2, pattern, start, words))
            continue
        if reset:  # the word ends a segment: the next one starts afresh
            for text, wid, cost in exp:
                s = UNKNOWN_LP if wid == unk else memo[(h2, h1, wid)]
                out.append((score + cost + s, bos, bos, pattern, start, (words, (at, end, text, cost + s))))
        else:
            for text, wid, cost in exp:
                s = UNKNOWN_LP if wid == unk else memo[(h2, h1, wid)]
                out.append((score + cost + s, wid, h1, pattern, start, (words, (at, end, text, cost + s))))
    return out


def _fill(pattern: str, word: str, caps: bool = False) -> str:
    """The syllable with the pattern's own letters (and their case) kept; capitals in a line of capitals."""
    letters = pattern.replace("?", "")
    upper = caps or (len(letters) >= 2 and letters.isupper())
    return "".join(p if p != "?" else (c.upper() if upper else c) for p, c in zip(pattern, word))


def _prune(hyps: list[_Hyp], beam: int) -> list[_Hyp]:
    """The ``beam`` best hypotheses after recombination, within ``BEAM_MARGIN`` of the best with
    the same unfinished word."""
    best: dict[tuple, _Hyp] = {}
    for h in hyps:  # recombine hypotheses that cannot be told apart any more
        key = (h[1], h[2], h[3])
        b = best.get(key)
        if b is None or h[0] > b[0]:
            best[key] = h
    kept = sorted(best.values(), key=_score, reverse=True)[:beam]
    top: dict[str, float] = {}
    for h in kept:  # sorted: the first of each pattern is its best
        top.setdefault(h[3], h[0])
    return [h for h in kept if h[0] >= top[h[3]] - BEAM_MARGIN]


_score = itemgetter(0)


def is_caps_line(chunks: list[str]) -> bool:
    """A line written in capitals: every letter a capital, in two or more chunks of four letters
    or more in all. Single letters count: they are what is left of words that lost their
    other glyphs ("T Ô   BÁO" for "THÔNG BÁO", "VĂ  P Ò  " for "VĂN PHÒNG")."""
    return len(chunks) >= 2 and sum(map(len, chunks)) >= 4 and all(c.isupper() for c in chunks)


def symbol_part_starts(text: str, start: int, end: int) -> frozenset[int]:
    """The offsets in ``text[start:end]`` right after a '/' or '-' where a document symbol's
    next part starts ("158/|C -|TTg")."""
    if "/" not in text[start:end] and "-" not in text[start:end]:
        return frozenset()
    return frozenset(m.end() for m in _SYMBOL_SEP.finditer(text, start, end)
                     if not text[m.end():m.end() + 1].isdigit() and _SYMBOL_HEAD.search(text, start, m.end()))


def fill_line(model: SyllableLM, index: SyllableIndex, text: str, start: int, end: int,
              beam: int = 24, history: tuple[str, ...] = (), future: tuple[str, ...] = (),
              channel: DropChannel | None = None) -> list[Edit]:
    """Edits that restore dropped glyphs in ``text[start:end]`` (one line).

    ``history``: the last words of the sentence this line continues (a wrapped line), which the
    language model conditions on instead of a sentence start. ``future``: the first words of
    the line that continues this one (as a first pass repaired them), scored after the line's
    last word so that the line's end is chosen with its right context too.
    ``channel``: the document's drop channel (a flat penalty per wildcard without it).
    """
    chunks = [(m.start(), m.end()) for m in _CHUNK.finditer(text, start, end)]
    if not chunks:
        return []
    caps = is_caps_line([text[s:e] for s, e in chunks])
    sym = symbol_part_starts(text, start, end)
    h = [model.bos, model.bos] + [model.id(w) for w in history[-2:]]
    hyps: list[_Hyp] = [(0.0, h[-1], h[-2], "", chunks[0][0], None)]
    if text[start:chunks[0][0]] == " ":
        # one space before the first letters: the line's first glyph may be the one lost
        # (" h i" for "khai"); both readings compete
        hyps.append((0.0, h[-1], h[-2], "?", chunks[0][0] - 1, None))
    # spaces right before the first chunk (after the line's own indentation/punctuation)
    for i, (cs, ce) in enumerate(chunks):
        sep_before = text[(chunks[i - 1][1] if i else start):cs]
        lead_wild = 0
        if sep_before.strip(" ") and sep_before.endswith("  "):
            lead_wild = len(sep_before) - len(sep_before.rstrip(" ")) - 1
        chunk = text[cs:ce]
        hyps = [(h[0], h[1], h[2], h[3] + chunk, h[4], h[5]) if h[3] or (i == 0 and h[4] < cs)
                else (h[0], h[1], h[2], "?" * lead_wild + chunk, cs - lead_wild, h[5]) for h in hyps]
        nxt = chunks[i + 1][0] if i + 1 < len(chunks) else end
        sep = text[ce:nxt]
        new: list[_Hyp] = []
        if i + 1 < len(chunks) and sep and not sep.strip(" "):
            n = len(sep)
            nxt_text = text[chunks[i + 1][0]:chunks[i + 1][1]]
            # Readings that carry a word no syllable can complete ("đã?chủ") would only end as
            # "nothing fits" (the spaces kept, at a price the reading with a word boundary
            # there never pays): they are not made, rather than carried through the beam.
            if n <= MAX_JOIN:  # a Vietnamese syllable has at most 7 letters
                join = "?" * n
                new += [(h[0], h[1], h[2], h[3] + join, h[4], h[5]) for h in hyps
                        if len(h[3]) + n + len(nxt_text) <= MAX_SYLLABLE
                        and (index.completable(h[3] + join + nxt_text) or h[4] in sym)]
            if 3 <= n <= MAX_SYLLABLE + 2:  # a whole word lost between two real spaces
                inner = _finish(model, index, hyps, ce, False, channel, caps, pattern="?" * (n - 2), start=ce + 1,
                                symbol_starts=sym)
                new += _finish(model, index, inner, ce + n - 1, False, channel, caps, start=ce + n, symbol_starts=sym)
            for k in range(n):
                wild = "?" * k
                split = [h for h in hyps if index.completable(h[3] + wild, whole=True) or h[4] in sym] if k else hyps
                rest = "?" * (n - 1 - k)
                # the spaces left are letters of the next word, or (when they cannot be) they
                # stay, at a price
                cont = k == n - 1 or index.completable(rest + nxt_text)
                done = _finish(model, index, split, ce + k, False, channel, caps, suffix=wild,
                               pattern=rest if cont else "", start=ce + k + 1 if cont else ce + n, symbol_starts=sym)
                if k == 0 and n >= 2:
                    # the extra spaces stood for lost punctuation ("tiêu  c   từng" for
                    # "tiêu (của từng"): the next word starts on its own letters
                    cost = LOST_MARK_COST * (n - 1)
                    new += [(d[0] - cost, d[1], d[2], "", ce + n, d[5]) for d in done]
                if cont:
                    new += done
                else:
                    new += [(d[0] - KEPT_SPACES_COST, d[1], d[2], d[3], d[4], d[5]) for d in done]
        else:
            lead = len(sep) - len(sep.lstrip(" "))
            # before punctuation or the line end, the leading spaces are lost letters (or not)
            opts = {0, lead - 1, lead} if lead else {0}
            reset = bool(sep.strip())
            for k in sorted(o for o in opts if o >= 0):
                wild = "?" * k
                split = [h for h in hyps if index.completable(h[3] + wild, whole=True) or h[4] in sym] if k else hyps
                new += _finish(model, index, split, ce + k, reset, channel, caps, suffix=wild, symbol_starts=sym)
        hyps = _prune(new, beam)
        if not hyps:
            return []
    if future and hyps and all(h[1] != model.bos for h in hyps):  # the line does not end a segment
        ids = [model.id(w) for w in future[:2]]
        n = len(hyps)
        a = np.array([h[2] for h in hyps]); b = np.array([h[1] for h in hyps])
        bonus = model.trigram_scores(a, b, np.full(n, ids[0]))
        if len(ids) > 1:
            bonus = bonus + model.trigram_scores(b, np.full(n, ids[0]), np.full(n, ids[1]))
        best = hyps[int(np.argmax(np.array([h[0] for h in hyps]) + bonus))]
    else:
        best = max(hyps, key=_score)
    words = []
    node = best[5]
    while node is not None:
        node, word = node
        words.append(word)
    edits = []
    for ws, we, word, score in reversed(words):
        before = text[ws:we]
        if before != word:  # score: channel cost + language-model log-probability of the word
            edits.append(Edit(start=ws, end=we, before=before, after=word, step="glyphs", score=round(score, 3)))
    return edits

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
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

import numpy as np

from ..schema import Edit
from ..vietnamese import is_syllable_shape
from .lm import SyllableLM
from .resources import symbols

_CHUNK = re.compile(r"[^\W\d_]+", re.UNICODE)
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
# Entries of the beam search's memos (expansions, trigram scores) before they are cleared.
MEMO_LIMIT = 500_000
_NONE: frozenset[str] = frozenset()
# Trigrams missing from the memo up to which scalar look-ups beat one vectorised call.
SCALAR_LOOKUPS = 40


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
            hit = self._ranks[key] = tuple(sorted(words, key=lambda w: self.cost(pattern, w)
                                                  - math.log(model.count(w) + 1))[:keep])
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
        acronyms = [w for w, c in zip(model.vocab, model.counts.tolist())
                    if c >= min_count and 2 <= len(w) <= 6 and w.isascii() and w.isalpha() and not is_syllable_shape(w)]
        # and the abbreviations of document symbols and bodies (Phụ lục III, the gazetteer: "QHĐP")
        acronyms += sorted({f.lower() for forms in symbols().values() for f in forms} - set(acronyms))
        self._acronyms = "\n".join(acronyms)
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
        self.trigrams: dict[tuple[int, int, int], float] = {}

    def clear_memos(self) -> None:
        """Forget every look-up made so far (a benchmark's cold start; results do not change)."""
        for cached in (self.fits, self.match, self.match_acronym, self.intact, self.completable, self._successors,
                       self._match_after, self._followers):
            cached.cache_clear()
        self.expansions.clear()
        self.trigrams.clear()

    def successors(self, prev: int, length: int, limit: int | None = None) -> tuple[str, ...]:
        """The syllables of a given length that most often follow word id ``prev``."""
        return self._successors(prev, length, limit or 2 * self.max_cands)

    def _successors_uncached(self, prev: int, length: int, limit: int) -> tuple[str, ...]:
        m = self.model
        lo, hi = np.searchsorted(m.bi_keys, [prev * m.V, (prev + 1) * m.V])
        ids = (m.bi_keys[lo:hi] - prev * m.V).tolist()
        lps = m.bi_lp[lo:hi].tolist()
        ranked = sorted(((lp, m.vocab[i]) for i, lp in zip(ids, lps)
                         if len(m.vocab[i]) == length and m.vocab[i] in self._valid), reverse=True)
        return tuple(w for _, w in ranked[:limit])

    def _match_acronym_uncached(self, pattern: str) -> tuple[str, ...]:
        """Known acronyms (letters, not syllables, seen ≥ 3 times) fitting the lowercase pattern."""
        if len(pattern) > 6 or pattern.count("?") != 1:  # one lost letter, or it is a guess
            return ()
        rx = re.compile("^" + "".join("." if ch == "?" else re.escape(ch) for ch in pattern) + "$", re.M)
        found = rx.findall(self._acronyms)
        found.sort(key=lambda w: -self.model.count(w))
        return tuple(found[:4])

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
        words = [m.vocab[i] for i in (keys[lo:hi][top] - prev * m.V).tolist()]
        return {w: r for r, w in enumerate([w for w in words if w in self._valid][:300])}

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
        keys = list(zip(a, b, c))
        miss = [k for k in dict.fromkeys(keys) if k not in memo]
        if miss:
            if len(memo) > MEMO_LIMIT:
                memo.clear()
            if len(miss) <= SCALAR_LOOKUPS:
                memo.update((k, self._trigram_one(*k)) for k in miss)
            else:
                cols = np.array(miss, dtype=np.int64).T
                memo.update(zip(miss, self.model.trigram_scores(cols[0], cols[1], cols[2]).tolist()))
        return [memo[k] for k in keys]

    def _trigram_one(self, a: int, b: int, c: int) -> float:
        """``SyllableLM.scores([a], [b], [c])`` for one trigram of a 3-gram model, by scalar
        look-ups: a vectorised call costs ~80 µs whatever its size, a scalar binary search ~1 µs,
        and most of the beam's calls miss the memo for a handful of trigrams only. The same
        back-off, in float32 like the arrays (a test holds the two equal)."""
        m = self.model
        if m.order != 3:  # another model shape: the general path
            return float(m.trigram_scores(np.array([a]), np.array([b]), np.array([c]))[0])
        V, keys = m.V, m.keys
        key = (a * V + b) * V + c
        k3 = keys[3]
        pos = int(k3.searchsorted(key))
        if pos < len(k3) and k3[pos] == key:
            return float(m.lp[3][pos])
        k2 = keys[2]
        ctx = a * V + b
        pos = int(k2.searchsorted(ctx))
        bow = m.bow[2][pos] if pos < len(k2) and k2[pos] == ctx else np.float32(0.0)
        key = b * V + c
        pos = int(k2.searchsorted(key))
        if pos < len(k2) and k2[pos] == key:
            return float(bow + m.lp[2][pos])
        return float(bow + (m.bow[1][b] + m.uni[c]))


@dataclass(slots=True)
class _Hyp:
    score: float
    h1: int                 # last two word ids (LM history)
    h2: int
    pattern: str            # current word, '?' for a wildcard
    start: int              # offset where the current word starts
    words: tuple            # finished words: (start, end, text, score)


def _expand(model: SyllableLM, index: SyllableIndex, pat: str, prev: int, channel: DropChannel | None,
            caps: bool) -> tuple[tuple[str, int, float], ...]:
    """The words a pattern with wildcards may stand for after word id ``prev``: (text, word id,
    channel cost), memoised per document (the channel's memo) or per model (flat penalty)."""
    memo = index.expansions if channel is None else channel.expansions
    key = (pat, prev, caps)
    hit = memo.get(key)
    if hit is not None:
        return hit
    low = pat.lower()
    fixed = pat.replace("?", "")
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
    for w in matches:  # Title-case words are often names: prefer forms written that way
        filled = _fill(pat, w, caps)
        cost = flat if channel is None else -channel.cost(pat, filled)
        out.append((filled, model.id(w), cost + (TITLE_WEIGHT * model.title_logratio(w) if title else 0.0)))
    if not matches:  # nothing fits: the spaces stay spaces, at a price
        out.append((pat.replace("?", " "), model.unk, -2 * UNKNOWN_COST))
    if len(memo) > MEMO_LIMIT:
        memo.clear()
    hit = memo[key] = tuple(out)
    return hit


def _finish(model: SyllableLM, index: SyllableIndex, hyps: list[_Hyp], end: int, reset: bool,
            channel: DropChannel | None = None, caps: bool = False) -> list[_Hyp]:
    """End the current word of every hypothesis: expand to matching syllables and score them.
    ``caps``: the line is written in capitals (a heading, a title), so a word in capitals that
    lost letters is a syllable ("THÔN " → "THÔNG"), not an acronym, and fills are capitals."""
    ext: list[tuple[_Hyp, str, int, float]] = []
    for h in hyps:
        pat = h.pattern
        if not pat:
            ext.append((h, "", -1, 0.0))
        elif "?" not in pat:  # a fully uppercase chunk is an acronym: never add letters to it
            ext.append((h, *index.intact(pat)))
        else:
            ext.extend((h, *e) for e in _expand(model, index, pat, h.h1, channel, caps))
    # the model's <unk> is frequent; an unknown word is not: it scores UNKNOWN_LP
    unk = model.unk
    scored = [e for e in ext if e[2] >= 0 and e[2] != unk]
    lm = iter(index.trigram_scores([e[0].h2 for e in scored], [e[0].h1 for e in scored], [e[2] for e in scored]))
    out = []
    for h, text, wid, cost in ext:
        if wid < 0:
            out.append(_Hyp(h.score + cost, model.bos if reset else h.h1, model.bos if reset else h.h2, "", end,
                            h.words))
            continue
        s = UNKNOWN_LP if wid == unk else next(lm)
        h1, h2 = (model.bos, model.bos) if reset else (wid, h.h1)
        out.append(_Hyp(h.score + cost + s, h1, h2, "", end, (*h.words, (h.start, end, text, cost + s))))
    return out


def _fill(pattern: str, word: str, caps: bool = False) -> str:
    """The syllable with the pattern's own letters (and their case) kept; capitals in a line of capitals."""
    letters = pattern.replace("?", "")
    upper = caps or (len(letters) >= 2 and letters.isupper())
    return "".join(p if p != "?" else (c.upper() if upper else c) for p, c in zip(pattern, word))


_score = attrgetter("score")


def _prune(hyps: list[_Hyp], beam: int) -> list[_Hyp]:
    best: dict[tuple, _Hyp] = {}
    for h in hyps:  # recombine hypotheses that cannot be told apart any more
        key = (h.h1, h.h2, h.pattern)
        if key not in best or h.score > best[key].score:
            best[key] = h
    return sorted(best.values(), key=_score, reverse=True)[:beam]


def is_caps_line(chunks: list[str]) -> bool:
    """A line written in capitals: two or more words of two or more letters, every letter a
    capital (single letters are what is left of a word that lost its others)."""
    return sum(1 for c in chunks if len(c) >= 2) >= 2 and all(c.isupper() for c in chunks)


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
    h = [model.bos, model.bos] + [model.id(w) for w in history[-2:]]
    hyps = [_Hyp(0.0, h[-1], h[-2], "", chunks[0][0], ())]
    if text[start:chunks[0][0]] == " ":
        # one space before the first letters: the line's first glyph may be the one lost
        # (" h i" for "khai"); both readings compete
        hyps.append(_Hyp(0.0, h[-1], h[-2], "?", chunks[0][0] - 1, ()))
    # spaces right before the first chunk (after the line's own indentation/punctuation)
    for i, (cs, ce) in enumerate(chunks):
        sep_before = text[(chunks[i - 1][1] if i else start):cs]
        lead_wild = 0
        if sep_before.strip(" ") and sep_before.endswith("  "):
            lead_wild = len(sep_before) - len(sep_before.rstrip(" ")) - 1
        for h in hyps:
            if not h.pattern and not (i == 0 and h.start < cs):
                h.pattern = "?" * lead_wild
                h.start = cs - lead_wild
            h.pattern += text[cs:ce]
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
                new += [_Hyp(h.score, h.h1, h.h2, h.pattern + "?" * n, h.start, h.words) for h in hyps
                        if len(h.pattern) + n + len(nxt_text) <= MAX_SYLLABLE
                        and index.completable(h.pattern + "?" * n + nxt_text)]
            if 3 <= n <= MAX_SYLLABLE + 2:  # a whole word lost between two real spaces
                inner = [_Hyp(d.score, d.h1, d.h2, "?" * (n - 2), ce + 1, d.words)
                         for d in _finish(model, index, [_Hyp(h.score, h.h1, h.h2, h.pattern, h.start, h.words)
                                                         for h in hyps], ce, reset=False, channel=channel, caps=caps)]
                for d in _finish(model, index, inner, ce + n - 1, reset=False, channel=channel, caps=caps):
                    d.pattern, d.start = "", ce + n
                    new.append(d)
            for k in range(n):
                split = [_Hyp(h.score, h.h1, h.h2, h.pattern + "?" * k, h.start, h.words) for h in hyps
                         if not k or index.completable(h.pattern + "?" * k, whole=True)]
                done = _finish(model, index, split, ce + k, reset=False, channel=channel, caps=caps)
                if k == 0 and n >= 2:
                    # the extra spaces stood for lost punctuation ("tiêu  c   từng" for
                    # "tiêu (của từng"): the next word starts on its own letters
                    new += [_Hyp(d.score - LOST_MARK_COST * (n - 1), d.h1, d.h2, "", ce + n, d.words) for d in done]
                if k == n - 1 or index.completable("?" * (n - 1 - k) + nxt_text):
                    for d in done:
                        d.pattern = "?" * (n - 1 - k)
                        d.start = ce + k + 1
                    new += done
                else:  # the spaces left are no letters of the next word: they stay, at a price
                    new += [_Hyp(d.score - KEPT_SPACES_COST, d.h1, d.h2, "", ce + n, d.words) for d in done]
        else:
            lead = len(sep) - len(sep.lstrip(" "))
            # before punctuation or the line end, the leading spaces are lost letters (or not)
            opts = {0, lead - 1, lead} if lead else {0}
            reset = bool(sep.strip())
            for k in sorted(o for o in opts if o >= 0):
                split = [_Hyp(h.score, h.h1, h.h2, h.pattern + "?" * k, h.start, h.words) for h in hyps
                         if not k or index.completable(h.pattern + "?" * k, whole=True)]
                new += _finish(model, index, split, ce + k, reset=reset, channel=channel, caps=caps)
        hyps = _prune(new, beam)
        if not hyps:
            return []
    if future and hyps and all(h.h1 != model.bos for h in hyps):  # the line does not end a segment
        ids = [model.id(w) for w in future[:2]]
        n = len(hyps)
        a = np.array([h.h2 for h in hyps]); b = np.array([h.h1 for h in hyps])
        bonus = model.trigram_scores(a, b, np.full(n, ids[0]))
        if len(ids) > 1:
            bonus = bonus + model.trigram_scores(b, np.full(n, ids[0]), np.full(n, ids[1]))
        best = hyps[int(np.argmax(np.array([h.score for h in hyps]) + bonus))]
    else:
        best = max(hyps, key=lambda h: h.score)
    edits = []
    for ws, we, word, score in best.words:
        before = text[ws:we]
        if before != word:  # score: channel cost + language-model log-probability of the word
            edits.append(Edit(start=ws, end=we, before=before, after=word, step="glyphs", score=round(score, 3)))
    return edits

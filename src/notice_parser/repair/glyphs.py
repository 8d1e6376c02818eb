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
from dataclasses import dataclass, field
from functools import lru_cache

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
# A space standing for a lost bracket or quote, not a letter (not a syllable's letter, so no
# channel estimate: the flat wildcard penalty).
LOST_MARK_COST = WILDCARD_COST
# Fewer fills than this (a damaged line or two in a clean document) say little about which
# glyphs a font lacks: the first pass stands.
DROP_MIN_FILLS = 10
# Candidates per wildcard pattern before the channel re-ranks them (kept: ``max_cands``).
CHANNEL_POOL = 40


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
        # One newline-joined string per length: a compiled regex scans it in C.
        self._blobs = {n: "\n".join(ws) for n, ws in by_len.items()}
        self._valid = {w for ws in by_len.values() for w in ws}
        acronyms = [w for w, c in zip(model.vocab, model.counts.tolist())
                    if c >= min_count and 2 <= len(w) <= 6 and w.isascii() and w.isalpha() and not is_syllable_shape(w)]
        # and the abbreviations of document symbols and bodies (Phụ lục III, the gazetteer: "QHĐP")
        acronyms += sorted({f.lower() for forms in symbols().values() for f in forms} - set(acronyms))
        self._acronyms = "\n".join(acronyms)
        self.match = lru_cache(maxsize=20000)(self._match)
        self._successors = lru_cache(maxsize=20000)(self._successors_uncached)
        self._match_after = lru_cache(maxsize=50000)(self._match_after_uncached)
        self._followers = lru_cache(maxsize=5000)(self._followers_uncached)

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

    def match_acronym(self, pattern: str) -> tuple[str, ...]:
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
        rx = re.compile("".join("." if ch == "?" else re.escape(ch) for ch in pattern) + "$")
        return tuple([w for w in self._followers(prev) if len(w) == len(pattern) and rx.match(w)][:4])

    def _followers_uncached(self, prev: int) -> list[str]:
        """The syllables that most often follow ``prev`` (best first, at most 300)."""
        m = self.model
        lo, hi = np.searchsorted(m.bi_keys, [prev * m.V, (prev + 1) * m.V])
        lps = m.bi_lp[lo:hi]
        top = np.argsort(-lps)[:600]
        words = [m.vocab[int(m.bi_keys[lo + k] - prev * m.V)] for k in top.tolist()]
        return [w for w in words if w in self._valid][:300]

    def _match(self, pattern: str, limit: int | None = None) -> tuple[str, ...]:
        blob = self._blobs.get(len(pattern))
        if blob is None:
            return ()
        rx = re.compile("^" + "".join("." if ch == "?" else re.escape(ch) for ch in pattern) + "$", re.M)
        found = rx.findall(blob)
        found.sort(key=lambda w: -self.model.count(w))
        return tuple(found[: limit or self.max_cands])


@dataclass(order=True)
class _Hyp:
    score: float
    h1: int = field(compare=False)          # last two word ids (LM history)
    h2: int = field(compare=False)
    pattern: str = field(compare=False)     # current word, '?' for a wildcard
    start: int = field(compare=False)       # offset where the current word starts
    words: tuple = field(compare=False)     # finished words: (start, end, text, score)


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
            continue
        low = pat.lower()
        if "?" not in pat:
            known = model.count(low) > 0 and (is_syllable_shape(low) or (len(pat) >= 2 and pat.isupper()))
            if known or not (pat.isalpha()):
                ext.append((h, pat, model.id(low), 0.0))
            else:
                ext.append((h, pat, model.unk, -UNKNOWN_COST))
            # a fully uppercase chunk is an acronym: never add letters to it
            continue
        fixed = pat.replace("?", "")
        if not fixed:  # a whole word lost: what usually follows the previous word
            if channel is None:
                matches = index.successors(h.h1, len(pat))
            else:  # ... among those, the ones whose letters the document drops
                # ... and the frequent syllables made of the letters the document drops
                matches = tuple(dict.fromkeys(
                    channel.ranked(model, low, index.successors(h.h1, len(pat), CHANNEL_POOL), 2 * index.max_cands)
                    + channel.ranked(model, low, index.match(low, CHANNEL_POOL), index.max_cands // 2)))
        elif len(fixed) >= 2 and fixed.isupper() and not caps:  # an acronym that lost a letter ("(IOC)" → "  OC")
            matches = index.match_acronym(low)
        elif channel is None:  # the most frequent fits, and the fits that most often follow the previous word
            matches = tuple(dict.fromkeys(index.match(low) + index.match_after(h.h1, low)))
        else:
            matches = tuple(dict.fromkeys(channel.ranked(model, low, index.match(low, CHANNEL_POOL), index.max_cands)
                                          + index.match_after(h.h1, low)))
        flat = -WILDCARD_COST * pat.count("?")
        if caps and len(fixed) >= 2:  # a heading may hold acronyms too ("BAN CHỈ ĐẠO  BND")
            matches = tuple(dict.fromkeys(matches + index.match_acronym(low)))
        title = pat[:1].isupper() and not (caps or len(fixed) >= 2 and fixed.isupper())
        for w in matches:  # Title-case words are often names: prefer forms written that way
            filled = _fill(pat, w, caps)
            cost = flat if channel is None else -channel.cost(pat, filled)
            ext.append((h, filled, model.id(w), cost + (TITLE_WEIGHT * model.title_logratio(w) if title else 0.0)))
        if not matches:  # nothing fits: the spaces stay spaces, at a price
            ext.append((h, pat.replace("?", " "), model.unk, -2 * UNKNOWN_COST))
    if not ext:
        return []
    scored = [e for e in ext if e[2] >= 0]
    lm = np.zeros(len(ext), dtype=np.float32)
    if scored:
        idx = [i for i, e in enumerate(ext) if e[2] >= 0]
        a = np.array([ext[i][0].h2 for i in idx]); b = np.array([ext[i][0].h1 for i in idx])
        c = np.array([ext[i][2] for i in idx])
        lm[idx] = model.trigram_scores(a, b, c)
    out = []
    for (h, text, wid, cost), s in zip(ext, lm.tolist()):
        if wid == model.unk:  # the model's <unk> is frequent; an unknown word is not
            s = UNKNOWN_LP
        if wid < 0:
            h1, h2, words = h.h1, h.h2, h.words
        else:
            h1, h2 = wid, h.h1
            words = (*h.words, (h.start, end, text, cost + s))
        if reset:
            h1 = h2 = model.bos
        out.append(_Hyp(h.score + cost + s, h1, h2, "", end, words))
    return out


def _fill(pattern: str, word: str, caps: bool = False) -> str:
    """The syllable with the pattern's own letters (and their case) kept; capitals in a line of capitals."""
    letters = pattern.replace("?", "")
    upper = caps or (len(letters) >= 2 and letters.isupper())
    return "".join(p if p != "?" else (c.upper() if upper else c) for p, c in zip(pattern, word))


def _prune(hyps: list[_Hyp], beam: int) -> list[_Hyp]:
    best: dict[tuple, _Hyp] = {}
    for h in hyps:  # recombine hypotheses that cannot be told apart any more
        key = (h.h1, h.h2, h.pattern)
        if key not in best or h.score > best[key].score:
            best[key] = h
    return sorted(best.values(), reverse=True)[:beam]


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
            nxt_len = chunks[i + 1][1] - chunks[i + 1][0]
            if n <= MAX_JOIN:  # a Vietnamese syllable has at most 7 letters
                new += [_Hyp(h.score, h.h1, h.h2, h.pattern + "?" * n, h.start, h.words) for h in hyps
                        if len(h.pattern) + n + nxt_len <= MAX_SYLLABLE]
            if 3 <= n <= MAX_SYLLABLE + 2:  # a whole word lost between two real spaces
                inner = [_Hyp(d.score, d.h1, d.h2, "?" * (n - 2), ce + 1, d.words)
                         for d in _finish(model, index, [_Hyp(h.score, h.h1, h.h2, h.pattern, h.start, h.words)
                                                         for h in hyps], ce, reset=False, channel=channel, caps=caps)]
                for d in _finish(model, index, inner, ce + n - 1, reset=False, channel=channel, caps=caps):
                    d.pattern, d.start = "", ce + n
                    new.append(d)
            for k in range(n):
                split = [_Hyp(h.score, h.h1, h.h2, h.pattern + "?" * k, h.start, h.words) for h in hyps]
                done = _finish(model, index, split, ce + k, reset=False, channel=channel, caps=caps)
                if k == 0 and n >= 2:
                    # the extra spaces stood for lost punctuation ("tiêu  c   từng" for
                    # "tiêu (của từng"): the next word starts on its own letters
                    new += [_Hyp(d.score - LOST_MARK_COST * (n - 1), d.h1, d.h2, "", ce + n, d.words) for d in done]
                for d in done:
                    d.pattern = "?" * (n - 1 - k)
                    d.start = ce + k + 1
                new += done
        else:
            lead = len(sep) - len(sep.lstrip(" "))
            # before punctuation or the line end, the leading spaces are lost letters (or not)
            opts = {0, lead - 1, lead} if lead else {0}
            reset = bool(sep.strip())
            for k in sorted(o for o in opts if o >= 0):
                split = [_Hyp(h.score, h.h1, h.h2, h.pattern + "?" * k, h.start, h.words) for h in hyps]
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

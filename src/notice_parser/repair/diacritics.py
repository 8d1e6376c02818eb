"""Diacritic restoration and OCR-garble correction: candidates per token + trigram Viterbi.

A damaged region is split into word tokens; each token gets a short candidate list from a
channel model (``channel.py``) — the accented forms of its base letters when marks were
stripped, or syllables within a small weighted edit distance when English OCR garbled it —
and the language model picks the best sequence. Numbers, document symbols and acronyms are
fixed points that still give the model context.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..schema import Edit
from .decoder import viterbi_many
from .lm import NUM, SyllableLM, canonical, is_syllable_shape, strip_marks

# A token is a run of letters/digits, possibly with OCR junk glued inside (handled by the channel).
TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Context does not cross these (a single line break inside a paragraph does not break it).
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»…/|]|\n\s*\n")


@dataclass
class Token:
    start: int
    end: int
    text: str
    cands: list[tuple[str, float]]  # lowercase forms with channel log-probabilities
    fixed: bool = False


Candidates = Callable[[str, str | None, str | None], "list[tuple[str, float]] | None"]


def apply_case(src: str, form: str) -> str:
    """Give ``form`` the capitalisation pattern of ``src`` (UPPER, Title or lower)."""
    letters = "".join(ch for ch in src if ch.isalpha())
    if len(letters) > 1 and letters.isupper():
        return form.upper()
    if letters[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def is_acronym(tok: str, prev: str | None, nxt: str | None) -> bool:
    """ALL-CAPS tokens are acronyms unless their neighbours are ALL-CAPS too (a heading)."""
    if not (len(tok) >= 2 and tok.isupper()):
        return False
    def caps(t):
        return t is not None and len(t) >= 2 and t.isupper()
    return not (caps(prev) or caps(nxt))


def tokenise(text: str, start: int, end: int, token_re: re.Pattern = TOKEN) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in token_re.finditer(text, start, end)]


def decode_region(model: SyllableLM, text: str, start: int, end: int, candidates: Candidates,
                  step: str, token_re: re.Pattern = TOKEN) -> list[Edit]:
    """Edits that restore ``text[start:end]`` with the given candidate generator."""
    return decode_segments(model, region_segments(text, start, end, candidates, token_re), step)


def region_segments(text: str, start: int, end: int, candidates: Candidates,
                    token_re: re.Pattern = TOKEN) -> list[list[Token]]:
    """The tokens of ``text[start:end]`` with their candidates, in segments that have a choice."""
    raw = tokenise(text, start, end, token_re)
    toks: list[Token] = []
    for i, (s, e, t) in enumerate(raw):
        prev = raw[i - 1][2] if i else None
        nxt = raw[i + 1][2] if i + 1 < len(raw) else None
        # list markers "a)", "b)", "đ)" are letters of an enumeration, not syllables
        enumerator = len(t) <= 2 and text[e:e + 1] == ")"
        cands = None if enumerator else candidates(t, prev, nxt)
        if not cands:
            low = NUM if any(ch.isdigit() for ch in t) else canonical(t.lower())
            toks.append(Token(s, e, t, [(low, 0.0)], fixed=True))
        else:
            toks.append(Token(s, e, t, cands))
    # Segments (context does not cross punctuation) that have something to decide.
    segs: list[list[Token]] = []
    seg: list[Token] = []
    last_end = start
    for t in toks:
        if seg and _BREAK.search(text, last_end, t.start):
            segs.append(seg)
            seg = []
        seg.append(t)
        last_end = t.end
    segs.append(seg)
    return [g for g in segs if any(not t.fixed and (len(t.cands) > 1 or t.cands[0][0] != t.text.lower()) for t in g)]


def decode_segments(model: SyllableLM, segs: list[list[Token]], step: str) -> list[Edit]:
    """Decode many segments at once (one batch of model look-ups) into edits."""
    edits: list[Edit] = []
    for g, path in zip(segs, viterbi_many(model, [[t.cands for t in g] for g in segs])):
        for t, k in zip(g, path):
            if t.fixed:
                continue
            form, chan = t.cands[k]
            new = apply_case(t.text, form)
            if new != t.text:
                edits.append(Edit(start=t.start, end=t.end, before=t.text, after=new, step=step,
                                  score=round(float(chan), 3)))
    return edits


def case_channel(model: SyllableLM, tok: str, form: str, weight: float = 0.5) -> float:
    """Title-case tokens are likely names: prefer forms the corpus writes Title-case."""
    letters = "".join(ch for ch in tok if ch.isalpha())
    if letters[:1].isupper() and not (len(letters) > 1 and letters.isupper()):
        return weight * model.title_logratio(form)
    return 0.0


def acronym_candidates(model: SyllableLM, tok: str) -> list[tuple[str, float]] | None:
    """An acronym that lost its Đ ("QD", "HDND"): the known acronyms with those letters."""
    if "D" not in tok or not tok.isascii() or not tok.isalpha():
        return None
    forms = [w for w, c in model.variants(strip_marks(tok.lower())) if c >= 3 and not is_syllable_shape(w)]
    if not forms or forms == [tok.lower()]:
        return None
    return [(w, 0.0) for w in forms[:4]]


def stripped_candidates(model: SyllableLM, max_cands: int = 6, title_weight: float = 0.5,
                        min_share: float = 0.002) -> Candidates:
    """Candidates for text whose marks were stripped: the accented forms of the base letters.

    Forms rarer than ``min_share`` of their base letters' uses are dropped: the decoder's cost
    grows with the cube of the candidates per token, and such forms almost never win.
    """
    cache: dict[str, list[tuple[str, float]] | None] = {}

    def gen(tok: str, prev: str | None, nxt: str | None):
        if len(tok) >= 2 and tok.isupper() and not is_syllable_shape(tok):
            return acronym_candidates(model, tok)
        if not tok.isascii() or any(ch.isdigit() for ch in tok) or is_acronym(tok, prev, nxt):
            return None
        if tok in cache:
            return cache[tok]
        var = model.variants(strip_marks(tok.lower()))
        floor = min_share * sum(c for _, c in var)
        out = [(w, case_channel(model, tok, w, title_weight)) for w, c in var[:max_cands] if c >= floor] or None
        cache[tok] = out
        return out

    return gen

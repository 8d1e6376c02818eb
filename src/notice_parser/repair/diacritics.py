"""Diacritic restoration and OCR-garble correction: candidates per token + trigram Viterbi.

A damaged region is split into word tokens; each token gets a short candidate list from a
channel model (``channel.py``) — the accented forms of its base letters when marks were
stripped, or syllables within a small weighted edit distance when English OCR garbled it —
and the language model picks the best sequence. Numbers, document symbols and acronyms are
fixed points that still give the model context.

This module puts a region together; its parts live beside it: ``tokens`` (tokens, fixed
points, where context stops), ``casing`` (what capitals say, how a form takes the token's
case), ``candidates`` (stripped-text candidates and the case channel), ``names`` (name,
family-name and gender priors), ``phrases`` (the gazetteer phrase prior) and
``document_prior`` (the cache model's second pass).
"""

from __future__ import annotations

import re

from .. import regex_cache
from ..schema import Edit
from ..vietnamese import canonical, strip_marks
from .candidates import Candidates
from .casing import apply_case, is_title
from .abbreviations import protected
from .decoder import viterbi_many
from .lm import NUM, SyllableLM
from .names import family_flags, family_prior, gender_prior, name_flags
from .phrases import Reach, phrase_bonus
from .resources import symbols
from .tokens import (BLANK_NUMBER, DOC_SYMBOL, TOKEN, Segment, Token, breaks, closed_at, heading_ends, is_section_number,
                     list_label, slash_abbreviation, tokenise)


# Where a sentence starts: after a full stop, colon, semicolon, list marker ("a)", "2.", a dash at a
# line's start: not "Bắc - Nam") or a blank line, or at the start of the text (quotes and brackets
# between count as nothing).
_SENTENCE_START = regex_cache.compile(r"(?:\A|[.!?:;)]|\n[ \t]*[-–•+]|\n[ \t]*\n)[ \t\n\"“(]*\Z")


def _plain_start(text: str, start: int, tok: str, nxt: str | None, name: bool) -> str:
    """The token as the candidate generators should see it: a capital at a sentence's start says
    nothing about the word, so such a token is looked up in lower case ("Nay thong bao" had become
    "Máy": the corpus seldom writes "nay" Title-case mid-sentence, and that evidence counted).
    Kept as written: a person's name, the first of a Title-case run ("Sở Nội vụ"), and a "P",
    English OCR's reading of a capital Đ."""
    if (name or not is_title(tok) or tok[:1] == "P" or (nxt is not None and is_title(nxt))
            or not _SENTENCE_START.search(text, max(0, start - 40), start)):
        return tok
    return tok[:1].lower() + tok[1:]


def region_segments(text: str, start: int, end: int, candidates: Candidates,
                    token_re: re.Pattern = TOKEN, reach: Reach | None = None) -> list[list[Token]]:
    """The tokens of ``text[start:end]`` with their candidates, in segments that have a choice.
    ``reach``: the channel's cost of a form the candidates left out (``phrases.phrase_bonus``)."""
    raw = tokenise(text, start, end, token_re)
    symbol_spans = [m.span() for m in DOC_SYMBOL.finditer(text, start, end)]
    family = family_flags([t for _, _, t in raw])
    names = name_flags([t for _, _, t in raw], family)
    toks: list[Token] = []
    runs: list[list[Token]] = []
    for i, (s, e, t) in enumerate(raw):
        prev = raw[i - 1][2] if i else None
        nxt = raw[i + 1][2] if i + 1 < len(raw) else None
        # list markers "a)", "b)", "đ)", "(iii)" label an enumeration, they are no syllables
        enumerator = (len(t) <= 2 and text[e:e + 1] == ")") or list_label(text, s, e)
        roman = is_section_number(text, s, e)
        in_symbol = any(a <= s and e <= b for a, b in symbol_spans)
        if in_symbol and strip_marks(t) in symbols():
            # a document symbol's letters are an abbreviation of Phụ lục III or a body's acronym:
            # those are its only readings ("158/CD-TTg" → "CĐ"), whatever the model prefers; a
            # token written as one of them is that one ("45-KL/TU" is the Tỉnh ủy's, not "TƯ")
            forms = symbols()[strip_marks(t)]
            cands = [(f.lower(), 0.0) for f in forms] if t not in forms else None
        elif enumerator or roman or slash_abbreviation(text, s, e) or in_symbol or protected(text, s, e):
            cands = None
        else:
            cands = candidates(_plain_start(text, s, t, nxt, names[i]), prev, nxt, names[i])
        if cands and family[i]:
            cands = family_prior(cands, t)
        if not cands:
            low = NUM if roman or any(ch.isdigit() for ch in t) else canonical(t.lower())
            toks.append(Token(s, e, t, [(low, 0.0)], fixed=True))
        else:
            toks.append(Token(s, e, t, cands))
        if names[i]:
            # a run is one person's names: punctuation between two names ends it
            if not (i and names[i - 1]) or text[raw[i - 1][1]:s].strip():
                runs.append([])
            runs[-1].append(toks[-1])
        if BLANK_NUMBER.match(text, e):
            toks.append(Token(e, e, "", [(NUM, 0.0)], fixed=True))  # the blank number, as context only
    gender_prior(runs)
    phrase_bonus(text, toks, reach)
    # Segments (context does not cross punctuation) that have something to decide.
    segs: list[Segment] = []
    seg = Segment()
    last_end = start
    for t in toks:
        if seg and breaks(text, last_end, t, seg[-1].text):
            seg.closed = closed_at(text, last_end) or heading_ends(text, seg, last_end, t.text)
            segs.append(seg)
            seg = Segment()
        seg.append(t)
        last_end = t.end
    seg.closed = bool(seg) and (closed_at(text, last_end) or heading_ends(text, seg, last_end, None))
    segs.append(seg)
    return [g for g in segs if any(not t.fixed and (len(t.cands) > 1 or t.cands[0][0] != t.text.lower()) for t in g)]


def decode_paths(model: SyllableLM, segs: list[list[Token]]) -> list[list[int]]:
    """The chosen candidate per token of many segments (one batch of model look-ups)."""
    lattices = [[t.cands for t in g] for g in segs]
    closed = [getattr(g, "closed", False) for g in segs]
    return viterbi_many(model, lattices, closed=closed)


def path_edits(segs: list[list[Token]], paths: list[list[int]], step: str) -> list[Edit]:
    edits: list[Edit] = []
    for g, path in zip(segs, paths):
        for t, k in zip(g, path):
            if t.fixed:
                continue
            form, chan = t.cands[k]
            if form == NUM:  # a token that may be a number or a word stayed a number
                continue
            new = apply_case(t.text, form)
            if new != t.text:
                edits.append(Edit(start=t.start, end=t.end, before=t.text, after=new, step=step,
                                  score=round(float(chan), 3)))
    return edits

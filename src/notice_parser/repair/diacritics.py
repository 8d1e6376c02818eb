"""Diacritic restoration and OCR-garble correction: candidates per token + trigram Viterbi.

A damaged region is split into word tokens; each token gets a short candidate list from a
channel model (``channel.py``) — the accented forms of its base letters when marks were
stripped, or syllables within a small weighted edit distance when English OCR garbled it —
and the language model picks the best sequence. Numbers, document symbols and acronyms are
fixed points that still give the model context.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..schema import Edit
from .decoder import viterbi_many
from ..vietnamese import canonical, is_syllable_shape, strip_marks
from .lm import NUM, SyllableLM
from .resources import domain_lines, given_names, name_cues, name_genders, surnames, symbols

# A token is a run of letters/digits, possibly with OCR junk glued inside (handled by the channel).
TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Context does not cross these (a single line break inside a paragraph does not break it).
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»…/|]|\n\s*\n")
_PUNCT_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»…/|]")
# A label and its value: "Số: 215/TB-UBND", "Điện thoại: 0912". The colon does not end the
# context when a number follows, so the label is decoded before "<num>" ("số <num>" is one of
# the corpus's commonest bigrams, "sở <num>" a rare one).
_LABEL_COLON = re.compile(r"[ \t]*:[ \t]*")
# A number left blank before a document symbol ("Số:     /TB-UBND": drafts and templates get their
# number when issued): the label is decoded as if the number were there.
_BLANK_NUMBER = re.compile(r"[ \t]*:[ \t]*/[ \t]*[^\W\d_]")


@dataclass
class Token:
    start: int
    end: int
    text: str
    cands: list[tuple[str, float]]  # lowercase forms with channel log-probabilities
    fixed: bool = False


class Segment(list):
    """The tokens of one segment; ``closed``: it ends at punctuation, so the model scores its
    end (a line break may wrap a sentence anywhere and is not an end)."""
    closed: bool = False


_NON_SPACE = re.compile(r"\S")
_CLOSERS = frozenset(".,;:!?()[]{}\"“”«»…/|")


def _breaks(text: str, last_end: int, t: Token, prev: str | None = None) -> bool:
    """Whether context stops between the previous token (``prev``) and ``t``: at punctuation, or
    at a blank line unless the next line starts lowercase (PDF text layers put blank lines
    between the wrapped lines of one sentence: "... chủ \\n\\n trì cuộc họp") or both words
    are in capitals (a wrapped heading or signature title: "PHÓ CHÁNH VĂN \\n\\n PHÒNG")."""
    if _PUNCT_BREAK.search(text, last_end, t.start):
        return not (t.text[:1].isdigit() and _LABEL_COLON.fullmatch(text, last_end, t.start))
    if not _BREAK.search(text, last_end, t.start) or t.text[:1].islower():
        return False
    return not (prev is not None and _caps_word(prev) and _caps_word(t.text))


def _caps_word(tok: str) -> bool:
    return len(tok) >= 2 and tok.isalpha() and tok.isupper()


def _closed_at(text: str, pos: int) -> bool:
    """Whether the first non-space character from ``pos`` is punctuation that ends a segment."""
    m = _NON_SPACE.search(text, pos)
    return bool(m) and m.group() in _CLOSERS


# (token, previous token, next token, inside a person name?) → candidates, or None to keep the token
Candidates = Callable[[str, str | None, str | None, bool], "list[tuple[str, float]] | None"]


def apply_case(src: str, form: str) -> str:
    """Give ``form`` the capitalisation pattern of ``src`` (UPPER, Title or lower); a form that only
    differs in case is the token as written ("IoC" stays "IoC", not "Ioc")."""
    if form == src.lower():
        return src
    letters = src if src.isalpha() else "".join(ch for ch in src if ch.isalpha())  # hot: skip the join
    if len(letters) > 1 and (letters.isupper() or _mostly_capitals(letters)):
        return form.upper()
    if letters[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _mostly_capitals(letters: str) -> bool:
    """A word in capitals with an OCR'd lowercase letter inside ("NGHIiA"): still capitals."""
    return letters[:2].isupper() and letters[-1:].isupper() and sum(ch.isupper() for ch in letters) * 2 > len(letters)


def is_acronym(tok: str, prev: str | None, nxt: str | None) -> bool:
    """ALL-CAPS tokens are acronyms unless their neighbours are ALL-CAPS too (a heading)."""
    if not (len(tok) >= 2 and tok.isupper()):
        return False
    def caps(t):
        return t is not None and len(t) >= 2 and t.isupper()
    return not (caps(prev) or caps(nxt))


@lru_cache(maxsize=1)
def _family_keys() -> frozenset[str]:
    return frozenset(strip_marks(s) for s in surnames())


@lru_cache(maxsize=1)
def _family_names() -> frozenset[str]:
    return frozenset(surnames())


def name_flags(tokens: list[str]) -> list[bool]:
    """Which tokens are given or middle names: Title-case tokens in a Title-case run that starts
    with a family name, compared without marks since the marks are what was lost ("Tran Phuoc
    Hien"). Such tokens are scored by how often each candidate is a personal name."""
    family = _family_keys()
    out = [False] * len(tokens)
    run_is_name = prev_title = False
    for i, t in enumerate(tokens):
        if not is_title(t):
            run_is_name = prev_title = False
            continue
        if run_is_name:
            out[i] = True
        elif not prev_title and strip_marks(t) in family:
            run_is_name = True
        prev_title = True
    return out


# Between a position and the name it introduces: "Chủ tịch UBND tỉnh Lê …", "Giám đốc Sở …" is
# not a name (Sở is not a family name's letters). Compared without marks.
_LEVEL_WORDS = frozenset("tinh huyen xa thanh pho thi tran quan phuong".split())
# A family-name form the list does not hold pays this much at the start of a name run after a
# name cue ("Chủ tịch UBND tỉnh Pham Anh" → "Phạm", not "Phản Ánh"): the cue and a following
# Title-case run make the family name nearly certain.
FAMILY_PENALTY = 5.0
# How many words before a name its cue may stand (a title and the body it names).
CUE_REACH = 8


def family_flags(tokens: list[str]) -> list[bool]:
    """Which tokens are a person's family name: the first token of a Title-case run of two or
    more tokens whose letters are a family name's (data/surnames.txt), right after a name cue
    (data/name_cues.txt: "ông", "đồng chí"; a position of data/positions.json, possibly followed
    by acronyms and level words: "Chủ tịch UBND tỉnh")."""
    family = _family_keys()
    cues = name_cues()
    out = [False] * len(tokens)
    for i, t in enumerate(tokens):
        if not (is_title(t) and i + 1 < len(tokens) and is_title(tokens[i + 1])
                and strip_marks(t) in family and not (i and is_title(tokens[i - 1]))):
            continue
        j = i
        while j > 0 and (tokens[j - 1].isupper() and len(tokens[j - 1]) >= 2
                         or strip_marks(tokens[j - 1]) in _LEVEL_WORDS):
            j -= 1
        # the cue may stand right before the name or before the body the title names: "Phó Thủ
        # tướng Chính phủ Bùi …", "Bộ trưởng Bộ Xây dựng Trần …", "Chủ tịch UBND tỉnh Lê …" —
        # name handling must not depend on which title precedes
        before = tuple(strip_marks(x) for x in tokens[max(0, j - CUE_REACH):j])
        out[i] = any(_cue_matches(before[k - len(c):k], c)
                     for c in cues for k in range(len(c), len(before) + 1))
    return out


def _cue_matches(words: tuple[str, ...], cue: tuple[str, ...]) -> bool:
    """The cue's last word exactly, the words before it with at most one letter replaced: the
    cue itself may be OCR-garbled ("Chi tich UBND tinh" for "Chủ tịch")."""
    if words[-1] != cue[-1]:
        return False
    return all(a == b or (len(a) == len(b) >= 3 and sum(x != y for x, y in zip(a, b)) == 1)
               for a, b in zip(words[:-1], cue[:-1]))


# A person's names agree in gender: "Văn" (a marker, data/given_names.txt) makes "Phượng", a
# woman's name, unlikely in "Nguyễn Văn Phượng"; "Thị" makes a man's "Hiển" unlikely. Inside a
# run of given/middle names, a marker among the candidates of a middle-name token (not the
# run's last) tells the run's gender: the marker is that token's likeliest reading there, far
# more often than its homographs ("Van" is "Văn", not "Vân", as a middle name), whatever its
# channel score says. Otherwise each token's likeliest candidate (by its channel score, which
# inside a name is the name prior) shows a gender. Where the run's other tokens agree, a
# candidate of the other gender pays MARKER_PENALTY (a marker says so: a man named "Phượng" is
# about 1 in 100, log ≈ −4.6) or GENDER_PENALTY (weaker evidence: an ordinary name's gender).
GENDER_PENALTY = 1.0
MARKER_PENALTY = 5.0


def gender_prior(runs: list[list[Token]]) -> None:
    """Reweight, in place, the candidates of each name run's tokens by the gender the run's
    other tokens show (one run = the consecutive given/middle-name tokens of one person)."""
    genders = name_genders()
    for run in runs:
        if len(run) < 2:
            continue
        shown: list[tuple[str, bool] | None] = []
        for k, t in enumerate(run):
            marker = next((genders[f] for f, _ in t.cands if genders.get(f, ("", False))[1]), None)
            if marker is not None and k < len(run) - 1:
                shown.append(marker)
            else:  # a marker read as the given name itself tells nothing ("Thi" last is the name Thi)
                best = genders.get(max(t.cands, key=lambda fc: fc[1])[0])
                shown.append(None if best is None or best[1] else best)
        for i, t in enumerate(run):
            if t.fixed or len(t.cands) < 2:
                continue
            others = {g for j, g in enumerate(shown) if j != i and g}
            sexes = {g for g, _ in others}
            if len(sexes) != 1:
                continue
            sex = sexes.pop()
            cost = MARKER_PENALTY if any(m for _, m in others) else GENDER_PENALTY
            t.cands = [(f, c - cost if genders.get(f, ("", False))[0] not in ("", sex) else c) for f, c in t.cands]


def family_prior(cands: list[tuple[str, float]], tok: str = "") -> list[tuple[str, float]]:
    """Candidates of a family-name token: the listed family names with the token's letters join
    them (a rare word's form may have been cut from the list: "Đỗ" among "do"'s readings), and
    forms that are not listed family names pay ``FAMILY_PENALTY`` (unchanged when none is listed)."""
    listed = _family_names()
    if tok.isascii():  # marks lost: every listed family name with these letters is a reading
        have = {f for f, _ in cands}
        best = max(c for _, c in cands)
        cands = cands + [(f, best) for f in _family_by_key().get(strip_marks(tok), ()) if f not in have]
    if not any(f in listed for f, _ in cands):
        return cands
    return [(f, c if f in listed else c - FAMILY_PENALTY) for f, c in cands]


@lru_cache(maxsize=1)
def _family_by_key() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for s in surnames():
        out.setdefault(strip_marks(s), []).append(s)
    return {k: tuple(v) for k, v in out.items()}


# One or two letters glued to a slash and a letter: a slash abbreviation of the registry's
# ("b/c" báo cáo, "t/h" thực hiện, "V/v" về việc, "K/T" ký thay), never a syllable to restore.
_SLASH_BEFORE = re.compile(r"[^\W\d_]/\Z")


def _slash_abbreviation(text: str, start: int, end: int) -> bool:
    if end - start > 2:
        return False
    after = text[end:end + 2]
    return ((len(after) == 2 and after[0] == "/" and after[1].isalpha())
            or bool(_SLASH_BEFORE.search(text[max(0, start - 2):start])))


# A document's number and symbol ("số và ký hiệu", Nghị định 30 Phụ lục III): "637/TB-VPCP",
# "66/2025/NQ-CP", "158/CĐ-TTg", "45-KL/TW". Its letters are abbreviations, never syllables.
_DOC_SYMBOL = re.compile(r"\d+(?:[./]\d+)*[/-](?:\d{4}/)?[^\W\d_][\w&.]*(?:-[^\W\d_][\w&.]*)*")
_ROMAN = re.compile(r"[IVX]{1,4}")
_LINE_START = re.compile(r"(?:^|\n)[ \t]*\Z")


def _is_section_number(text: str, start: int, end: int) -> bool:
    """A roman section number at the start of a line ("I. ĐÁNH GIÁ CHUNG"): a number, not the
    syllable "i" (which English OCR's candidates would turn into "A")."""
    return (bool(_ROMAN.fullmatch(text, start, end)) and text[end:end + 1] == "."
            and bool(_LINE_START.search(text[max(0, start - 80):start])))


def _heading_ends(text: str, seg: list[Token], last_end: int, nxt: str | None) -> bool:
    """A segment of two or more words in capitals that ends its line, where the next line does
    not go on in capitals (or nothing follows), is a whole heading or title ("ĐÁNH GIÁ CHUNG",
    "CHÁNH VĂN PHÒNG"): the model scores its end as it scores a sentence's."""
    words = [t.text for t in seg if not t.fixed or t.text.isalpha()]
    if len(words) < 2 or not all(_caps_word(w) for w in words[-2:]):
        return False
    if nxt is not None and _caps_word(nxt):
        return False
    m = _NON_SPACE.search(text, last_end)
    return m is None or "\n" in text[last_end:m.start()]


# Names of bodies from the project's gazetteers ("Phòng Tài chính - Kế hoạch", "Văn phòng UBND
# tỉnh"): where a Title-case token starts a run of tokens whose candidates spell one of them, each
# of its forms gains PHRASE_BONUS. Statutes write "phòng" lowercase ("phòng, chống"), so the model
# alone reads "Giao Phong Tai chinh" as "Phong", a name.
PHRASE_BONUS = 3.0
_PHRASE_GAP = re.compile(r"[ \t\n]*(?:[-–][ \t\n]*)?")


@lru_cache(maxsize=1)
def gazetteer_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Gazetteer names of two or more words that start with a capital, by first word, longest first."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for line in domain_lines():
        words = tuple(canonical(w.lower()) for w in TOKEN.findall(line))
        if len(words) >= 2 and line[:1].isupper():
            out.setdefault(words[0], set()).add(words)
    return {k: tuple(sorted(v, key=lambda p: (-len(p), p))) for k, v in sorted(out.items())}


def phrase_bonus(text: str, toks: list[Token]) -> None:
    """Give the forms that spell a gazetteer name ``PHRASE_BONUS`` (in place, see above)."""
    phrases = gazetteer_phrases()

    def spells(i: int, p: tuple[str, ...]) -> bool:
        if i + len(p) > len(toks):
            return False
        for j in range(1, len(p)):
            u = toks[i + j]
            if not (_PHRASE_GAP.fullmatch(text, toks[i + j - 1].end, u.start) and any(f == p[j] for f, _ in u.cands)):
                return False
        return True

    i = 0
    while i < len(toks):
        t = toks[i]
        heads = [] if t.fixed or not is_title(t.text) else [f for f, _ in t.cands if f in phrases]
        hit = next((p for f in heads for p in phrases[f] if spells(i, p)), None)
        if hit is None:
            i += 1
            continue
        for j, word in enumerate(hit):
            u = toks[i + j]
            if not u.fixed and len(u.cands) > 1:
                u.cands = [(f, c + PHRASE_BONUS if f == word else c) for f, c in u.cands]
        i += len(hit)


def tokenise(text: str, start: int, end: int, token_re: re.Pattern = TOKEN) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in token_re.finditer(text, start, end)]


def region_segments(text: str, start: int, end: int, candidates: Candidates,
                    token_re: re.Pattern = TOKEN) -> list[list[Token]]:
    """The tokens of ``text[start:end]`` with their candidates, in segments that have a choice."""
    raw = tokenise(text, start, end, token_re)
    symbol_spans = [m.span() for m in _DOC_SYMBOL.finditer(text, start, end)]
    names = name_flags([t for _, _, t in raw])
    family = family_flags([t for _, _, t in raw])
    toks: list[Token] = []
    runs: list[list[Token]] = []
    for i, (s, e, t) in enumerate(raw):
        prev = raw[i - 1][2] if i else None
        nxt = raw[i + 1][2] if i + 1 < len(raw) else None
        # list markers "a)", "b)", "đ)" are letters of an enumeration, not syllables
        enumerator = len(t) <= 2 and text[e:e + 1] == ")"
        roman = _is_section_number(text, s, e)
        in_symbol = any(a <= s and e <= b for a, b in symbol_spans)
        if in_symbol and strip_marks(t) in symbols():
            # a document symbol's letters are an abbreviation of Phụ lục III or a body's acronym:
            # those are its only readings ("158/CD-TTg" → "CĐ"), whatever the model prefers
            forms = symbols()[strip_marks(t)]
            cands = [(f.lower(), 0.0) for f in forms] if forms != (t,) else None
        elif enumerator or roman or _slash_abbreviation(text, s, e) or in_symbol:
            cands = None
        else:
            cands = candidates(t, prev, nxt, names[i])
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
        if _BLANK_NUMBER.match(text, e):
            toks.append(Token(e, e, "", [(NUM, 0.0)], fixed=True))  # the blank number, as context only
    gender_prior(runs)
    phrase_bonus(text, toks)
    # Segments (context does not cross punctuation) that have something to decide.
    segs: list[Segment] = []
    seg = Segment()
    last_end = start
    for t in toks:
        if seg and _breaks(text, last_end, t, seg[-1].text):
            seg.closed = _closed_at(text, last_end) or _heading_ends(text, seg, last_end, t.text)
            segs.append(seg)
            seg = Segment()
        seg.append(t)
        last_end = t.end
    seg.closed = bool(seg) and (_closed_at(text, last_end) or _heading_ends(text, seg, last_end, None))
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
            new = apply_case(t.text, form)
            if new != t.text:
                edits.append(Edit(start=t.start, end=t.end, before=t.text, after=new, step=step,
                                  score=round(float(chan), 3)))
    return edits


# Document consistency (a cache model): a document uses the same words again and again, so the
# forms a document's first decoding chose (and the words it has intact) are evidence for each
# damaged token. Each candidate gains CACHE_WEIGHT · log P_doc(form | candidates), add-one
# smoothed, when the document has at least CACHE_MIN words among the token's candidates.
# (Weight 2 rather than 1: measured on the dev sets, English OCR of the written notices 0.8821 -> 0.8841,
# their stripped text 0.9856 -> 0.9863, 003 0.9572 -> 0.9594, stripped gold 004 0.9873 -> 0.9886; 3 and 4
# were worse on all of them, 1.5 in between.)
CACHE_WEIGHT = 2.0
CACHE_MIN = 3
# A token is decoded again only when the document prior favours another form by more than this
# (nats): smaller shifts rarely overturn the language model, and each re-decoding costs time.
CACHE_GAP = 0.5


def refine_with_document(model: SyllableLM, segs: list[list[Token]], paths: list[list[int]],
                         counts: dict[str, int]) -> list[list[int]]:
    """Second pass: where the document's own word use disagrees with a first-pass choice, the
    tokens around it (within the model's order) are decoded again with the document prior; the
    rest of the segment keeps its first-pass choices, which keeps the pass cheap."""
    reach = model.order - 1
    # per candidate list (the generators share one list per token text): (prior lattice, best)
    memo: dict[int, tuple[list[tuple[str, float]], int] | None] = {}

    def prior(cands: list[tuple[str, float]]):
        key = id(cands)
        if key not in memo:
            seen = [counts.get(w, 0) for w, _ in cands]
            total = sum(seen)
            if len(cands) == 1 or total < CACHE_MIN:
                memo[key] = None
            else:
                denom = math.log(total + len(seen))
                memo[key] = ([(w, c + CACHE_WEIGHT * (math.log(n + 1) - denom)) for (w, c), n in zip(cands, seen)],
                             max(seen))
        return memo[key]

    redo: list[tuple[int, int, int, list[bool]]] = []
    lattices = []
    for gi, (g, path) in enumerate(zip(segs, paths)):
        hot = []
        for i, (t, k) in enumerate(zip(g, path)):
            # a label before a number ("Số: 412/TB-UBND", "Điều 5") is its own sense: the bigram
            # with the number decides it, not how often the document wrote the homograph ("Sở")
            label = i + 1 < len(g) and g[i + 1].fixed and g[i + 1].cands[0][0] == NUM
            pr = None if t.fixed or label else prior(t.cands)
            hot.append(pr is not None and CACHE_WEIGHT * math.log((pr[1] + 1) / (counts.get(t.cands[k][0], 0) + 1)) > CACHE_GAP)
        if not any(hot):
            continue
        n = len(g)
        free = [any(hot[max(0, i - reach):i + reach + 1]) for i in range(n)]
        # Only a window is decoded again: the free positions, plus ``reach`` fixed ones on each
        # side (their scores depend on the free choices); the rest of the segment is unaffected.
        first = free.index(True)
        last = n - 1 - free[::-1].index(True)
        lo, hi = max(0, first - reach), min(n, last + reach + 1)
        lattice = []
        for i in range(lo, hi):
            t, k = g[i], path[i]
            pr = prior(t.cands) if free[i] and not t.fixed else None
            lattice.append(pr[0] if pr is not None else (t.cands if free[i] else [t.cands[k]]))
        redo.append((gi, lo, hi, free))
        lattices.append(lattice)
    if not redo:
        return paths
    closed = [getattr(segs[gi], "closed", False) and hi == len(segs[gi]) for gi, _, hi, _ in redo]
    out = list(paths)
    for (gi, lo, hi, free), new in zip(redo, viterbi_many(model, lattices, closed=closed)):
        path = list(paths[gi])
        for i, k in zip(range(lo, hi), new):
            if free[i]:
                path[i] = k
        out[gi] = path
    return out


def document_counts(text: str, decoded: list[tuple[list[list[Token]], list[list[int]]]]) -> dict[str, int]:
    """Lowercase words of the document (model tone placement) with their counts, the decoded
    tokens counted as the forms the first pass chose for them."""
    counts: dict[str, int] = {}
    for m in TOKEN.finditer(text):
        w = m.group().lower()
        counts[w] = counts.get(w, 0) + 1
    for segs, paths in decoded:
        for g, path in zip(segs, paths):
            for t, k in zip(g, path):
                if not t.fixed:
                    raw = t.text.lower()
                    counts[raw] = counts.get(raw, 1) - 1
                    form = t.cands[k][0]
                    counts[form] = counts.get(form, 0) + 1
    out: dict[str, int] = {}
    for w, c in counts.items():
        if c > 0:
            w = canonical(w)
            out[w] = out.get(w, 0) + c
    return out


def is_title(tok: str | None) -> bool:
    """Title-case (not ALL-CAPS): "Hiền", "Sở"."""
    if tok is None:
        return False
    letters = tok if tok.isalpha() else "".join(ch for ch in tok if ch.isalpha())  # hot: skip the join
    return letters[:1].isupper() and not (len(letters) > 1 and letters.isupper())


def case_channel(model: SyllableLM, tok: str, form: str, weight: float = 0.5, name: bool = False) -> float:
    """Title-case tokens are likely names: prefer forms the corpus writes Title-case.

    Inside a person name (``name``) the capital is certain evidence, not a sentence start, so
    log P(Title-case | form) counts in full (the noisy-channel weight 1, not the hedged weight
    for lone capitals), plus log P(personal name | Title-case form): "Hiền" is a given name,
    "Hiến" mostly starts "Hiến pháp".
    """
    if not is_title(tok):
        return 0.0
    if name and model.has_names:
        return model.title_logratio(form) + name_logratio(model, form)
    return weight * model.title_logratio(form)


# The name list (data/given_names.txt) is evidence of two kinds. A listed form is a name:
# NAME_LIST_COUNT · w pseudo-counts join the model's name counts in log P(name | Title-case
# form) (w = 1 for a [common] name, 0.2 for a [less common] one). And a person is more likely
# to bear a common name: NAME_LIST_WEIGHT · log((NAME_LIST_COUNT · w + 1) / (NAME_LIST_COUNT + 1))
# (0 for a common name, −0.8 for a less common one, −2.0 for an unlisted form). The corpora
# write few given names after a family name ("hiền" 2 times, "hiên" 3), so their counts alone
# cannot rank them.
NAME_LIST_COUNT = 50.0
NAME_LIST_WEIGHT = 0.5


def name_logratio(model: SyllableLM, form: str) -> float:
    """Evidence that a form is the given or middle name a name run spells (see above)."""
    listed = NAME_LIST_COUNT * given_names().get(form, 0.0)
    i = model.index.get(form)
    name, title = (float(model.name[i]), float(model.title[i])) if i is not None else (0.0, 0.0)
    return (math.log((name + listed + 0.5) / (title + listed + 10.0))
            + NAME_LIST_WEIGHT * math.log((listed + 1) / (NAME_LIST_COUNT + 1)))


def acronym_candidates(model: SyllableLM, tok: str) -> list[tuple[str, float]] | None:
    """An acronym that lost its Đ ("QD", "HDND"): the known acronyms with those letters."""
    if "D" not in tok or not tok.isascii() or not tok.isalpha():
        return None
    key = strip_marks(tok.lower())
    forms = [w for w, c in model.variants(key) if c >= 3 and not is_syllable_shape(w)]
    forms += [f for f in (s.lower() for s in symbols().get(key, ())) if f not in forms]
    if not forms or forms == [tok.lower()]:
        return None
    return [(w, 0.0) for w in forms[:4]]


def stripped_candidates(model: SyllableLM, max_cands: int = 10, title_weight: float = 0.5,
                        min_share: float = 0.002) -> Candidates:
    """Candidates for text whose marks were stripped: the accented forms of the base letters.

    Forms rarer than ``min_share`` of their base letters' uses are dropped: the decoder's cost
    grows with the cube of the candidates per token, and such forms almost never win.
    """
    cache: dict[tuple[str, bool], list[tuple[str, float]] | None] = {}

    def gen(tok: str, prev: str | None, nxt: str | None, name: bool = False):
        if len(tok) >= 2 and tok.isupper() and not is_syllable_shape(tok):
            return acronym_candidates(model, tok)
        if not tok.isascii() or (not tok.isalpha() and any(ch.isdigit() for ch in tok)) or is_acronym(tok, prev, nxt):
            return None
        key = (tok, name)
        if key in cache:
            return cache[key]
        var = model.variants(strip_marks(tok.lower()))
        floor = min_share * sum(c for _, c in var)
        out = [(w, case_channel(model, tok, w, title_weight, name)) for w, c in var[:max_cands] if c >= floor] or None
        cache[key] = out
        return out

    return gen

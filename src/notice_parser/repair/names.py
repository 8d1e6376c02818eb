"""Priors inside person names: which tokens are a name's family, middle or given names, and how
the family-name list, the given-name list and the gender a name shows reweight their candidates.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ..data import level_words
from ..vietnamese import strip_marks
from .casing import is_title
from .lm import SyllableLM
from .resources import given_names, name_cues, name_genders, place_names, surnames
from .tokens import Token


@lru_cache(maxsize=1)
def _family_keys() -> frozenset[str]:
    return frozenset(strip_marks(s) for s in surnames())


@lru_cache(maxsize=1)
def _family_names() -> frozenset[str]:
    return frozenset(surnames())


def name_flags(tokens: list[str], family: list[bool] | None = None) -> list[bool]:
    """Which tokens are given or middle names: Title-case tokens in a Title-case run that starts
    with a family name, compared without marks since the marks are what was lost ("Tran Phuoc
    Hien"). Such tokens are scored by how often each candidate is a personal name. Inside a run,
    a name starts after a province's name only where ``family`` (``family_flags``: a title cues
    it) says so: "tỉnh Ninh Bình Trần Huy Tuấn", not "Sơn La - Điện Biên"."""
    keys = _family_keys()
    out = [False] * len(tokens)
    run_is_name = prev_title = False
    skip = 0
    for i, t in enumerate(tokens):
        if not is_title(t):
            run_is_name = prev_title = False
            continue
        if not prev_title:
            skip = _place_prefix(tokens, i)  # "tỉnh Ninh Bình Trần Huy Tuấn": the place is no name
        if skip:
            skip -= 1
        elif run_is_name:
            out[i] = True
        elif strip_marks(t) in keys and (not prev_title or (family is not None and family[i])):
            run_is_name = True
        prev_title = True
    return out


def _place_prefix(tokens: list[str], i: int) -> int:
    """How many Title-case tokens from ``i`` spell a province's name (data/provinces.json) with a
    Title-case run of two or more tokens after it (a person named after the place), else 0."""
    places = place_names()
    for n in (4, 3, 2, 1):
        words = tokens[i:i + n + 2]
        if (len(words) == n + 2 and all(is_title(w) for w in words)
                and tuple(strip_marks(w) for w in words[:n]) in places):
            return n
    return 0


def _after_place(tokens: list[str], i: int) -> bool:
    """Token ``i`` follows, in one Title-case run, the name of a province that starts the run."""
    r = i
    while r > 0 and is_title(tokens[r - 1]):
        r -= 1
    return r < i and _place_prefix(tokens, r) == i - r


# Between a position and the name it introduces: "Chủ tịch UBND tỉnh Lê …", "Giám đốc Sở …" is
# not a name (Sở is not a family name's letters). Compared without marks.
@lru_cache(maxsize=1)
def _level_syllables() -> frozenset[str]:
    """The syllables of every administrative level word (data/admin_levels.json), without marks."""
    return frozenset(syllable for word in level_words() for syllable in strip_marks(word).split())


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
                and strip_marks(t) in family and not (i and is_title(tokens[i - 1]) and not _after_place(tokens, i))
                and not _place_prefix(tokens, i)):
            continue
        j = i
        while j > 0 and is_title(tokens[j - 1]):  # the province the title names, if any
            j -= 1
        while j > 0 and (tokens[j - 1].isupper() and len(tokens[j - 1]) >= 2
                         or strip_marks(tokens[j - 1]) in _level_syllables()):
            j -= 1
        # the cue may stand right before the name or before the body the title names: "Phó Thủ
        # tướng Chính phủ Bùi …", "Bộ trưởng Bộ Xây dựng Trần …", "Chủ tịch UBND tỉnh Lê …" —
        # name handling must not depend on which title precedes
        before = tuple(strip_marks(x) for x in tokens[max(0, j - CUE_REACH):j])
        out[i] = any(_cue_matches(before[k - len(c):k], c)
                     for c in cues for k in range(len(c), len(before) + 1))
    return out


def _cue_matches(words: tuple[str, ...], cue: tuple[str, ...]) -> bool:
    """The cue's words with at most one letter replaced each (its last word exactly when short):
    the cue itself may be OCR-garbled ("Chi tich UBND tinh" for "Chủ tịch", "Bộ trudng")."""
    if words[-1] != cue[-1] and not (len(cue[-1]) >= 5 and len(words[-1]) == len(cue[-1])
                                     and _one_letter_off(words[-1], cue[-1])):
        return False
    return all(a == b or (len(a) == len(b) and _one_letter_off(a, b)) for a, b in zip(words[:-1], cue[:-1]))


def _one_letter_off(seen: str, word: str) -> bool:
    """One character differs: any letter in a word of three or more, only a digit or symbol in a
    shorter one (a digit is never part of a cue: "B6 trưởng" is "Bộ trưởng", the OCR's 6 for ộ)."""
    diff = [x for x, y in zip(seen, word) if x != y]
    return len(diff) == 1 and (len(word) >= 3 or not diff[0].isalpha())


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

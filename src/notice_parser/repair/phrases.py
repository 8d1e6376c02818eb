"""Phrase prior: forms that spell a body's name from the gazetteers gain a bonus."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from .. import regex_cache
from ..vietnamese import canonical
from .casing import is_title
from .resources import domain_lines, province_names
from .tokens import TOKEN, Token


# Names of bodies from the project's gazetteers ("Phòng Tài chính - Kế hoạch", "Văn phòng UBND
# tỉnh"): where a Title-case token starts a run of tokens whose candidates spell one of them, each
# of its forms gains PHRASE_BONUS. Statutes write "phòng" lowercase ("phòng, chống"), so the model
# alone reads "Giao Phong Tai chinh" as "Phong", a name.
PHRASE_BONUS = 3.0
_PHRASE_GAP = regex_cache.compile(r"[ \t\n]*(?:[-–][ \t\n]*)?")


@lru_cache(maxsize=1)
def gazetteer_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Gazetteer names of two or more words that start with a capital, by first word, longest first."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for line in [*domain_lines(), *province_names()]:
        words = tuple(canonical(w.lower()) for w in TOKEN.findall(line))
        if len(words) >= 2 and line[:1].isupper():
            out.setdefault(words[0], set()).add(words)
    return {k: tuple(sorted(v, key=lambda p: (-len(p), p))) for k, v in sorted(out.items())}


# A candidate list is capped (channel.ocr_candidates: 16 forms a token), so a dearer reading of a
# name's word can be missing from it: English OCR's "Nang long quéc gia" offers "lòng", "lõng",
# "làng" but not "lượng". Inside a name the other words spell, one such word is put back as a
# candidate at its channel cost (``reach``: the generator's cost of reading the token as a form,
# None where it cannot) and gains the bonus like the rest: a name of three words or more, one
# word missing at most, so that the name itself is the evidence.
MIN_WORDS_TO_REACH = 3
Reach = Callable[[str, str], "float | None"]


def phrase_bonus(text: str, toks: list[Token], reach: Reach | None = None) -> None:
    """Give the forms that spell a gazetteer name ``PHRASE_BONUS`` (in place, see above)."""
    phrases = gazetteer_phrases()
    added: dict[int, tuple[str, float]] = {}  # token index → a word put back for the name found

    def spells(i: int, p: tuple[str, ...]) -> bool:
        if i + len(p) > len(toks):
            return False
        added.clear()
        for j in range(1, len(p)):
            u = toks[i + j]
            if not _PHRASE_GAP.fullmatch(text, toks[i + j - 1].end, u.start):
                return False
            if any(f == p[j] for f, _ in u.cands):
                continue
            cost = None if (reach is None or u.fixed or added or len(p) < MIN_WORDS_TO_REACH) else reach(u.text, p[j])
            if cost is None:
                return False
            added[i + j] = (p[j], -cost)
        return True

    i = 0
    while i < len(toks):
        t = toks[i]
        heads = [] if t.fixed or not is_title(t.text) else [f for f, _ in t.cands if f in phrases]
        hit = next((p for f in heads for p in phrases[f] if spells(i, p)), None)
        if hit is None:
            i += 1
            continue
        for k, form in added.items():
            toks[k].cands = toks[k].cands + [form]
        for j, word in enumerate(hit):
            u = toks[i + j]
            if not u.fixed and len(u.cands) > 1:
                u.cands = [(f, c + PHRASE_BONUS if f == word else c) for f, c in u.cands]
        i += len(hit)

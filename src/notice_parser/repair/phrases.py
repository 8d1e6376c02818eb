"""Phrase prior: forms that spell a body's name from the gazetteers gain a bonus."""

from __future__ import annotations

from functools import lru_cache

from .. import regex_cache
from ..vietnamese import canonical
from .casing import is_title
from .resources import domain_lines
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

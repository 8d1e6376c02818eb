"""Candidates per token for text whose marks were stripped, and the case channel every
candidate generator shares (Title-case tokens prefer forms the corpus writes Title-case)."""

from __future__ import annotations

from collections.abc import Callable

from ..vietnamese import is_syllable_shape, strip_marks
from .casing import is_acronym, is_title
from .lm import SyllableLM
from .names import name_logratio
from .resources import symbols

# (token, previous token, next token, inside a person name?) → candidates, or None to keep the token
Candidates = Callable[[str, str | None, str | None, bool], "list[tuple[str, float]] | None"]


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

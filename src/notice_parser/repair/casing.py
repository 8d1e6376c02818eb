"""Capitals: what a token's case says (a heading in capitals, a Title-case name, an acronym) and
how a chosen form takes the case of the token it replaces.
"""

from __future__ import annotations


def caps_word(tok: str) -> bool:
    return len(tok) >= 2 and tok.isalpha() and tok.isupper()


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


def is_title(tok: str | None) -> bool:
    """Title-case (not ALL-CAPS): "Hiền", "Sở"."""
    if tok is None:
        return False
    letters = tok if tok.isalpha() else "".join(ch for ch in tok if ch.isalpha())  # hot: skip the join
    return letters[:1].isupper() and not (len(letters) > 1 and letters.isupper())

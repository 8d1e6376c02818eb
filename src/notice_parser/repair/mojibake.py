"""Mojibake: UTF-8 text that was decoded as Windows-1252/Latin-1 somewhere on its way
("ThÃ´ng bÃ¡o" for "Thông báo"). ftfy detects and undoes it; we apply it word by word so each
fix is an edit with exact offsets, and only to words ftfy judges bad (clean text is untouched).
"""

from __future__ import annotations

import builtins
import importlib.util
import re
import types
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .. import regex_cache
from ..schema import Edit

# Words split at ASCII whitespace only: U+00A0 is the second byte of "à" in mojibake ("Ã\xa0").
_WORD = regex_cache.compile(r"[^ \t\r\n]+")
_SUSPECT = regex_cache.compile(r"[ÃÂÄÅÆáâºÐ»¼½¾\x80-\x9f]")


def _redecode(word: str) -> str | None:
    """The word's characters taken back to bytes and read as UTF-8, if that works exactly."""
    for codec in ("latin-1", "sloppy-windows-1252"):  # the second is registered by ftfy
        try:
            return word.encode(codec).decode("utf-8")
        except (UnicodeError, LookupError):
            continue
    return None


# ``re`` as the badness module sees it: the same module, but patterns kept by regex_cache
_RE_THROUGH_CACHE = types.SimpleNamespace(**{**vars(re), "compile": regex_cache.compile})


def _import_with_cached_re(name, globals=None, locals=None, fromlist=(), level=0):
    if name == "re" and level == 0 and not fromlist:
        return _RE_THROUGH_CACHE
    return builtins.__import__(name, globals, locals, fromlist, level)


@lru_cache(maxsize=1)
def _is_bad() -> Callable[[str], bool] | None:
    """ftfy's judgement ``ftfy.badness.is_bad``, loaded without the rest of ftfy.

    Every Vietnamese text has a suspect letter (á, â), and importing ftfy (its codecs, tables
    and wcwidth) costs 70–100 ms, more than the rest of a clean notice's repair; its badness
    module is one regex and imports nothing of ftfy, so it is loaded from its file alone, and
    ftfy as a whole only for a text it finds bad. Where that cannot be done (another layout of
    ftfy), the ordinary import. The module's ``import re`` is handed a ``re`` whose ``compile`` is
    regex_cache's: its one regex (10-15 ms to compile) is compiled once per machine too."""
    try:
        spec = importlib.util.find_spec("ftfy")
        path = Path(spec.origin).parent / "badness.py" if spec and spec.origin else None
        if path is not None and path.is_file():
            alone = importlib.util.spec_from_file_location("notice_parser._ftfy_badness", path)
            module = importlib.util.module_from_spec(alone)
            module.__builtins__ = {**vars(builtins), "__import__": _import_with_cached_re}
            alone.loader.exec_module(module)
            return module.is_bad
    except Exception:  # noqa: BLE001 - fall back to the package's own import below
        pass
    try:
        from ftfy.badness import is_bad
    except ImportError:  # ftfy is a declared dependency; without it, leave the text alone
        return None
    return is_bad


def fix_mojibake(text: str) -> tuple[str, list[Edit]]:
    if not _SUSPECT.search(text):
        return text, []
    is_bad = _is_bad()
    # ftfy's judgement on the whole text; single words are too short to judge
    if is_bad is None or not is_bad(text):
        return text, []
    try:
        from ftfy import fix_encoding
    except ImportError:
        return text, []
    from .offsets import apply_edits

    edits = []
    for m in _WORD.finditer(text):
        w = m.group()
        if _SUSPECT.search(w):
            fixed = _redecode(w) or fix_encoding(w)
            if fixed != w:
                edits.append(Edit(start=m.start(), end=m.end(), before=w, after=fixed, step="mojibake"))
    return (apply_edits(text, edits), edits) if edits else (text, [])

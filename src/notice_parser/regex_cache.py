"""Compiled regular expressions kept across processes, like ``__pycache__`` keeps bytecode.

The gazetteer and the agency rules are regexes of 5 000–16 000 characters built from the data
files; Python's ``re`` parses and compiles them in pure Python, ~0.15 s of CPU at the start of
every process (a third of a cold parse of a clean notice, and again in every worker that starts).
:func:`compile` stores the compiled program (the output of ``re._compiler``) in a cache file and
hands it straight to ``_sre.compile`` next time, which is what ``re.compile`` itself ends with:
the pattern object is the same, only the parse is skipped.

Every pattern is worth an entry, short ones too: reading a program back costs a few
microseconds, compiling even a 30-character pattern 0.3–1 ms, and a cold parse compiles ~200
of them (~0.1 s). Patterns compiled anew are written together, by :func:`flush` — after each
parse (pipeline) and at exit — not one file write per pattern.

The cache is keyed by the full pattern text and flags (a data file that changes a pattern makes
a new entry), and its file by the Python version and the regex engine's ``MAGIC``/``CODESIZE``
(the compiled form changes between Python versions). It is written atomically, read with
``marshal`` (plain values, nothing executed) and checked against a digest; any problem — no
cache directory, a corrupt or foreign file, an engine without ``_sre.compile`` — falls back to
``re.compile``. ``NOTICE_PARSER_CACHE`` names the cache directory, or ``off`` to disable it
(default: ``$XDG_CACHE_HOME/notice-parser``, else ``~/.cache/notice-parser``).
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
import tempfile
import threading
from array import array
from pathlib import Path

ENV = "NOTICE_PARSER_CACHE"
# Entries from patterns no longer built (data edited since, or a pattern that differs between
# processes) are dropped past this many entries or bytes: the cache never grows without bound.
# One version of the code builds ~250 patterns; the few big ones make most of the bytes.
MAX_ENTRIES = 2048
MAX_BYTES = 4 << 20

_lock = threading.Lock()
_store: dict[tuple[str, int], tuple] | None = None  # loaded on first use
_used: set[tuple[str, int]] = set()
_dirty = False  # entries compiled since the file was last written

try:  # the engine's own entry point; absent on another Python implementation
    import _sre
    from re import _compiler, _parser

    _ENGINE = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}"
    _CODE = {2: "H", 4: "I"}.get(_sre.CODESIZE)
except (ImportError, AttributeError):  # pragma: no cover - CPython always has them
    _sre = None
    _ENGINE = _CODE = None


def cache_dir() -> Path | None:
    """Where compiled patterns are kept, or None when caching is off."""
    setting = os.environ.get(ENV, "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "notice-parser"


def cache_file() -> Path | None:
    folder = cache_dir()
    return folder / f"regex-{_ENGINE}.marshal" if folder is not None and _ENGINE else None


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - the same verb as re.compile
    """``re.compile(pattern, flags)``, with the compiled program kept in the cache file."""
    global _dirty
    if _sre is None or _CODE is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    with _lock:
        store = _load()
        entry = store.get(key)
        _used.add(key)
    if entry is not None:
        try:
            return _build(pattern, entry)
        except Exception:  # noqa: BLE001 - a bad entry: compile afresh and replace it
            pass
    try:
        compiled, entry = _compile(pattern, int(flags))
    except re.error:
        raise  # a bad pattern is reported as re.compile reports it
    except Exception:  # noqa: BLE001 - an engine whose internals moved: compile as usual, uncached
        return re.compile(pattern, flags)
    with _lock:
        store[key] = entry
        _dirty = True
    return compiled


def flush() -> None:
    """Write the patterns compiled since the last write (nothing to do when there are none)."""
    global _dirty
    with _lock:
        if _dirty and _store is not None:
            _save(_store)
        _dirty = False


atexit.register(flush)


def _compile(pattern: str, flags: int) -> tuple[re.Pattern, tuple]:
    """Compile as ``re._compiler.compile`` does, keeping the program for the cache."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    entry = (flags | parsed.state.flags, array(_CODE, code).tobytes(), parsed.state.groups - 1, groupindex,
             tuple(indexgroup))
    return _build(pattern, entry), entry


def _build(pattern: str, entry: tuple) -> re.Pattern:
    flags, code, groups, groupindex, indexgroup = entry
    # _sre validates the program before it accepts it: a damaged entry raises, never crashes
    return _sre.compile(pattern, flags, array(_CODE, code).tolist(), groups, groupindex, indexgroup)


def _load() -> dict:
    global _store
    if _store is None:
        _store = _read()
    return _store


def _read() -> dict:
    """The cache file's entries; nothing when it is missing, damaged or not ours."""
    path = cache_file()
    loaded = read_digested(path) if path is not None else None
    return loaded if isinstance(loaded, dict) else {}


def read_digested(path: Path):
    """The marshalled value of a file :func:`write_digested` wrote; None when the file is
    missing, cut short, damaged (its digest does not match) or not marshal data."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest, body = raw[:32], raw[32:]
    if not body or hashlib.sha256(body).digest() != digest:
        return None
    try:
        return marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None


def _save(store: dict) -> None:
    """Write the cache whole (temporary file, then rename): readers never see half a file."""
    path = cache_file()
    if path is None:
        return
    for key, entry in _read().items():  # what other processes added since this one read the file
        store.setdefault(key, entry)
    body = marshal.dumps(store)
    if len(store) > MAX_ENTRIES or len(body) > MAX_BYTES:  # keep what this process uses; the rest is likely stale
        for key in [k for k in store if k not in _used]:
            del store[key]
        body = marshal.dumps(store)
    try:
        write_digested(path, body)
    except OSError:  # a read-only home or a full disk: the patterns still work, uncached
        pass


def write_digested(path: Path, body: bytes) -> None:
    """Write ``body`` behind its SHA-256 digest, whole (a temporary file, then a rename: readers
    never see half a file); OSError when the folder cannot be made or written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(hashlib.sha256(body).digest() + body)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def clear_memory() -> None:
    """Write what is pending, then forget the loaded cache (tests: the next :func:`compile`
    reads the file again, as a new process would)."""
    global _store
    flush()
    with _lock:
        _store = None
        _used.clear()

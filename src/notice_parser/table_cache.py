"""Tables built from data files, kept on disk between processes (as regex_cache keeps patterns).

Some look-up tables cost a fresh process tens of milliseconds to build from their sources: the
lexicon's variant totals over the model's ~30 000 syllables (repair.lexicon), the gazetteer's
look-ups and pattern texts over every name of data/agencies.json (extract.agencies.gazetteer).
A cold parse of one clean notice paid both, every time. :func:`load` builds such a table once
per machine and reads it back with ``marshal`` afterwards (plain values: nothing is executed).

A table's file is named by a key over everything it is built from: the table's name and format,
the Python version, the bytes of its source files (or a digest the caller supplies), and the
source text of every module whose code builds it (its fingerprint): edit a data file or the
building code and the next process builds a new table under a new key. Files are written
atomically (a temporary file, then a rename), carry a digest of their body and are read back
whole; any problem (no cache directory, a read-only one, a missing, truncated or corrupt file, a
value the caller's ``restore`` rejects) builds the table afresh, silently. A few files per table
are kept (two checkouts of different code may share one cache directory); older ones are
removed. The cache directory is regex_cache's (``NOTICE_PARSER_CACHE``, ``off`` disables both),
never the package's folder.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from .regex_cache import cache_dir, read_digested, write_digested

FORMAT = 1  # bump when the file layout below changes
KEEP = 4  # files kept per table: the newest ones

T = TypeVar("T")


def fingerprint(modules: Iterable[str]) -> bytes | None:
    """A digest of the source text of ``modules`` (imported module names), or None when one has
    no readable source (a frozen or bytecode-only install: nothing to key on, so no caching)."""
    h = hashlib.sha256()
    for name in modules:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if not path or not path.endswith(".py"):
            return None
        try:
            h.update(name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
        except OSError:
            return None
    return h.digest()


def table_key(name: str, modules: Iterable[str], files: Iterable[Path] = (), extra: bytes = b"") -> str | None:
    """The key of a table built by the code of ``modules`` from ``files`` (their bytes) and
    ``extra`` (a digest of other sources); None when the code has no fingerprint. OSError when a
    source file cannot be read."""
    code = fingerprint(modules)
    if code is None:
        return None
    h = hashlib.sha256(f"{FORMAT}\0{name}\0{sys.implementation.cache_tag}\0{marshal.version}\0".encode())
    h.update(code)
    for path in files:
        h.update(Path(path).read_bytes() + b"\0")
    h.update(extra)
    return h.hexdigest()[:32]


def table_file(name: str, key: str) -> Path | None:
    folder = cache_dir()
    return folder / "tables" / f"{name}-{key}.marshal" if folder is not None else None


def load(name: str, build: Callable[[], object], restore: Callable[[object], T], *, modules: Iterable[str],
         files: Iterable[Path] = (), extra: bytes = b"") -> T:
    """``restore(build())``, with ``build()``'s value (marshal-able: str, bytes, numbers, lists,
    tuples, dicts, sets) read from the cache when a process built it already from the same
    sources and code. ``restore`` turns the plain value into the table the caller uses and raises
    when it is malformed (the table is then built afresh)."""
    try:
        key = table_key(name, modules, files, extra)
    except OSError:  # a source not on the file system (a zipped install): build it, uncached
        key = None
    path = table_file(name, key) if key is not None else None
    if path is not None:
        value = read_digested(path)
        if value is not None:
            try:
                return restore(value)
            except Exception:  # noqa: BLE001 - a cached value of the wrong shape: build it again
                pass
    value = build()
    table = restore(value)
    if path is not None:
        _write(name, path, value)
    return table


def _write(name: str, path: Path, value: object) -> None:
    """Write the table whole (regex_cache.write_digested), then drop this table's oldest files
    beyond :data:`KEEP`. Errors leave the cache as it was."""
    try:
        body = marshal.dumps(value)
    except ValueError:  # not a plain value: the caller's table is still returned, uncached
        return
    try:
        write_digested(path, body)
        mine = [p for p in path.parent.glob("*.marshal") if p.name.rsplit("-", 1)[0] == name]
        for old in sorted(mine, key=_mtime, reverse=True)[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only home or a full disk: the table still works, uncached
        pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


__all__ = ["fingerprint", "load", "table_file", "table_key"]

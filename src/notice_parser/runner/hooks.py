"""Hooks into a run, for tests that inject faults — the OCRmyPDF way (small plugin objects the
tests install), never a special case or an environment variable read by the parsing code.

A hook object may define any of:

- ``before_document(key: str)`` — in the worker, just before a document is parsed (a test
  plugin hangs, crashes or raises here);
- ``before_read(path: str)`` — before a source file is read, in the worker and in the
  coordinator's hashing (a test plugin raises ``PermissionError`` here: tests run as root,
  where ``chmod 000`` does not stop a read).

Hooks travel to worker processes by pickling, so they must be instances of importable classes.
``load_plugin("module")`` imports a module and calls its ``hooks()`` for the command line's
``--plugin``. With no hooks installed (production), every call below is a loop over nothing.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator, Sequence

_installed: tuple[object, ...] = ()


def install(hooks: Sequence[object]) -> None:
    """Make ``hooks`` the hooks of this process (a worker does this once, at start)."""
    global _installed
    _installed = tuple(hooks)


def installed() -> tuple[object, ...]:
    return _installed


@contextlib.contextmanager
def using(hooks: Sequence[object]) -> Iterator[None]:
    """Install ``hooks`` for the ``with`` block (the coordinator of one run), then restore."""
    previous = _installed
    install(hooks)
    try:
        yield
    finally:
        install(previous)


def _call(name: str, *args) -> None:
    for hook in _installed:
        method = getattr(hook, name, None)
        if method is not None:
            method(*args)


def before_document(key: str) -> None:
    _call("before_document", key)


def before_read(path: str) -> None:
    _call("before_read", str(path))


def load_plugin(name: str) -> list[object]:
    """The hooks of plugin module ``name``: its ``hooks()`` (a list of hook objects)."""
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise ValueError(f"plugin {name!r} cannot be imported: {exc}") from exc
    factory = getattr(module, "hooks", None)
    if not callable(factory):
        raise ValueError(f"plugin {name!r} has no hooks() function")
    return list(factory())

"""Temporary folders that a killed run leaves behind, and their removal by a later run.

A ``kill -9`` skips every clean-up, so each folder a run keeps in the system's temporary
directory records its owner: the process id in the folder's name (``<prefix><pid>-<random>``,
the Tesseract budget of ingest/slots.py), or an owner file inside it (multiprocessing's own
``pymp-*`` folder, which holds the worker pool's fork-server socket and whose name is not
ours to choose). A later run removes the folders whose owner is gone — never one whose owner
is alive, one it cannot attribute (another program's ``pymp-*``), or one recorded from
another process namespace, where the id means another process.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable

# Inside a multiprocessing temporary folder: "<pid> <pid namespace>" of the process it serves.
OWNER_FILE = "notice-parser-owner"
_MP_PREFIX = "pymp-"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _pid_namespace() -> str:
    try:
        return os.readlink("/proc/self/ns/pid")
    except OSError:
        return "-"


def _remove_dead(tmp: str, owner_of: Callable[[str], int | None]) -> list[str]:
    removed = []
    try:
        names = sorted(os.listdir(tmp))
    except OSError:
        return removed
    for name in names:
        pid = owner_of(name)
        if pid is None or alive(pid):
            continue
        shutil.rmtree(os.path.join(tmp, name), ignore_errors=True)
        removed.append(name)
    return removed


def run_dir(prefix: str) -> str:
    """A new folder ``<prefix><pid>-<random>`` in the temporary directory, owned by this process."""
    return tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-")


def remove_stale_run_dirs(prefix: str, tmp: str | None = None) -> list[str]:
    """Remove the :func:`run_dir` folders of ``prefix`` whose process is gone; returns their names."""

    def owner(name: str) -> int | None:
        pid = name[len(prefix):].split("-", 1)[0] if name.startswith(prefix) else ""
        return int(pid) if pid.isdigit() else None

    return _remove_dead(tmp or tempfile.gettempdir(), owner)


def remove_stale_mp_dirs(tmp: str | None = None) -> list[str]:
    """Remove the multiprocessing folders (``pymp-*``) marked by :func:`own_mp_temp_dir` whose
    process is gone; unmarked ones belong to someone else and stay."""
    tmp = tmp or tempfile.gettempdir()
    here = _pid_namespace()

    def owner(name: str) -> int | None:
        if not name.startswith(_MP_PREFIX):
            return None
        try:
            with open(os.path.join(tmp, name, OWNER_FILE), encoding="ascii") as fh:
                pid, _, namespace = fh.read().strip().partition(" ")
        except (OSError, ValueError):
            return None
        return int(pid) if pid.isdigit() and namespace == here else None

    return _remove_dead(tmp, owner)


def own_mp_temp_dir() -> str:
    """multiprocessing's temporary folder of this process (``pymp-*``: the fork server's socket
    lives in it; the folder is removed at a normal exit but not after a kill), marked as this
    process's so that a later run can remove it; stale ones of killed runs go first."""
    import multiprocessing.util

    remove_stale_mp_dirs()
    directory = multiprocessing.util.get_temp_dir()
    marker = os.path.join(directory, OWNER_FILE)
    if not os.path.exists(marker):
        with open(marker, "w", encoding="ascii") as fh:
            fh.write(f"{os.getpid()} {_pid_namespace()}\n")
    return directory

"""Writing outputs: whole files or nothing, in the coordinating process."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once at import: os.umask can only be read by setting it


def output_mode(source: str | os.PathLike | None) -> int:
    """The mode of an output made from ``source``: an ordinary file mode (0666 less the umask),
    never more readable than the source itself (a 0600 notice gives a 0600 JSON); the owner
    can always read and write it."""
    mode = 0o666 & ~_UMASK
    if source is not None:
        try:
            mode &= os.stat(source).st_mode | 0o600
        except OSError:
            mode &= 0o600  # unknown: the safe side
    return mode


def combined_mode(outputs: Iterable[str | os.PathLike]) -> int:
    """The mode of a file that gathers what several outputs hold (the exports, the review index,
    a run's report): no more readable than the least readable of them, so that a 0600 notice's
    tasks never reach a 0644 tasks.csv."""
    mode = output_mode(None)
    for path in outputs:
        mode &= output_mode(path)
    return mode


def write_atomic(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write via a temporary file in the same folder, fsync, rename: never a partial file.
    ``mode``: the file's permissions (default 0666 less the umask; see :func:`output_mode`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, (0o666 & ~_UMASK) if mode is None else mode)  # mkstemp makes 0600
        with (os.fdopen(fd, "wb") if isinstance(data, bytes) else os.fdopen(fd, "w", encoding="utf-8")) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise

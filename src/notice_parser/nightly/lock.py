"""One nightly run per output folder at a time."""

from __future__ import annotations

import errno
import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import ExitCode, NoticeParserError
from .paths import LOCK_NAME, STATE_DIR


class NightlyLocked(NoticeParserError):
    """Another run holds the lock on this output folder."""

    code = "locked"
    exit_code = ExitCode.LOCKED


@contextmanager
def run_lock(out_dir: Path, wait: float = 0.0):
    """An exclusive ``flock`` on ``OUT_DIR/.nightly/lock`` for the whole run; the kernel
    releases it when the process dies, so a killed run never leaves a stale lock."""
    path = out_dir / STATE_DIR / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
                    raise NightlyLocked(f"another nightly run (pid {holder}) is working on {out_dir}",
                                        hint="wait for it to finish, or pass --wait SECONDS") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)

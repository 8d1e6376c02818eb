"""A budget of Tesseract processes shared by the worker processes of a batch.

A batch spreads documents over worker processes, one document each. If every worker OCR'd
its pages one at a time, a worker holding the last multi-page document of a batch would
leave the other cores idle; if every worker OCR'd all its pages at once, the cores would be
oversubscribed. So the batch's parent makes one budget of slots (as many as cores) and
every worker takes a slot for each Tesseract process it starts: a worker OCRs several pages
side by side whenever slots are free, and the machine never runs more Tesseracts than
slots.

A slot is an exclusive ``flock`` on one of N files in a directory the parent creates. The
kernel drops a process's locks when it dies, so a worker killed by the pool (timeout,
crash) can never keep a slot. (The lock's descriptor is not inherited by Tesseract: a
killed worker's orphaned Tesseract may finish its page outside the budget, for at most
that page's time, rather than a hung one holding a slot forever.)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from ..tempdirs import remove_stale_run_dirs, run_dir

# How often a worker waiting for a slot tries again: small against a page's 1–2 s of OCR.
POLL_SECONDS = 0.01


# A run's own budget folder names its process, so that a later run can tell a folder whose run
# was killed (kill -9 skips the clean-up) from one in use, and remove it.
_RUN_PREFIX = "notice-parser-ocr-slots-run"


def remove_stale_slots(tmp: str | None = None) -> list[str]:
    """Remove the budget folders of runs whose process is gone; returns what was removed."""
    return remove_stale_run_dirs(_RUN_PREFIX, tmp)


@dataclass(frozen=True)
class TesseractSlots:
    directory: str
    count: int

    @classmethod
    def create(cls, count: int) -> TesseractSlots:
        remove_stale_slots()
        directory = run_dir(_RUN_PREFIX)
        for i in range(count):
            with open(os.path.join(directory, f"slot{i}"), "wb"):
                pass
        return cls(directory, count)

    @classmethod
    def machine(cls, count: int) -> TesseractSlots:
        """The budget of this whole machine: a fixed folder per user and size that every cluster
        worker process on the machine joins (whichever comes first makes it), so two Dask
        workers on one machine share one budget instead of each taking every core."""
        directory = os.path.join(tempfile.gettempdir(), f"notice-parser-ocr-slots-{os.getuid()}-{count}")
        os.makedirs(directory, exist_ok=True)
        for i in range(count):
            with open(os.path.join(directory, f"slot{i}"), "ab"):
                pass
        return cls(directory, count)

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def _try(self, index: int) -> int | None:
        """The locked descriptor of slot ``index``, None when it is taken, -1 when the budget is gone."""
        try:
            fd = os.open(os.path.join(self.directory, f"slot{index}"), os.O_RDWR | os.O_CLOEXEC)
        except FileNotFoundError:
            return -1
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        return fd

    @contextlib.contextmanager
    def hold(self) -> Iterator[int]:
        """Wait for a free slot and hold it for the ``with`` block; yields the slot's number."""
        start = os.getpid() % self.count  # workers start their search at different slots
        while True:
            for k in range(self.count):
                index = (start + k) % self.count
                fd = self._try(index)
                if fd == -1:  # the batch that made the budget has ended: nothing left to share
                    yield -1
                    return
                if fd is not None:
                    try:
                        yield index
                    finally:
                        os.close(fd)  # closing the descriptor releases the lock
                    return
            time.sleep(POLL_SECONDS)

    @property
    def initializer(self) -> partial:
        """A picklable callable that makes a worker process use these slots."""
        return partial(share, self.directory, self.count)


_shared: TesseractSlots | None = None


def share(directory: str, count: int) -> None:
    """Make this process take a slot of this budget for every Tesseract it starts."""
    global _shared
    _shared = TesseractSlots(directory, count) if os.path.isdir(directory) else None


def shared() -> TesseractSlots | None:
    return _shared


def usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# Operators can lower the budget on a machine shared with other work (and tests set it).
SLOTS_ENV = "NOTICE_PARSER_OCR_SLOTS"


def budget_size() -> int:
    """Tesseract processes a batch may run at once: ``$NOTICE_PARSER_OCR_SLOTS``, else the usable cores."""
    value = os.environ.get(SLOTS_ENV, "").strip()
    if not value:
        return usable_cores()
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{SLOTS_ENV}={value!r}: want a whole number of Tesseract processes, at least 1")
    return int(value)


@contextlib.contextmanager
def batch_slots(count: int | None = None) -> Iterator[TesseractSlots]:
    """A budget of ``count`` (default: :func:`budget_size`) slots for one batch, removed afterwards."""
    slots = TesseractSlots.create(count or budget_size())
    try:
        yield slots
    finally:
        slots.remove()

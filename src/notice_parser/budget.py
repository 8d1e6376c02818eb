"""The per-document time budget (``ParseOptions.timeout``).

A document that would take longer than its budget fails with ProcessingTimeout instead of
holding a caller (``parse``, a script, a web handler) for minutes. Two mechanisms, because
neither alone is enough:

- cooperative checks (:func:`check`) at every stage boundary and before each OCR page, which
  work in any thread, and :func:`remaining`, which caps each OCR page's own timeout so a
  Tesseract run never outlives the document's budget;
- in the main thread of a process, an interval timer (SIGALRM; a timer the caller armed is
  put back afterwards) that raises ProcessingTimeout wherever the stage is — a slow regular expression or loop
  inside one stage cannot run past the budget (the regex engine checks signals while it
  matches). Subprocesses started with ``subprocess.run`` are killed on the way out.

Budgets nest: an inner budget never extends an outer one.
"""

from __future__ import annotations

import contextvars
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ProcessingTimeout

# (deadline on the monotonic clock, the budget in seconds as the caller gave it)
_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("notice_parser_deadline",
                                                                                       default=None)


def _timeout_error(seconds: float, where: str) -> ProcessingTimeout:
    return ProcessingTimeout(f"document took longer than its time budget of {seconds:g} s ({where})",
                             hint="raise the budget (--timeout, ParseOptions.timeout) if the document is genuine")


_IMPORT_GRACE = 0.05


def _importing(frame) -> bool:
    """True while a module is being imported: interrupted, a module with a C extension (numpy)
    stays half-initialised for the rest of the process, and every later document would fail."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _alarm_usable() -> bool:
    # Only the main thread receives signals; a handler installed from C cannot be put back.
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer") and \
        signal.getsignal(signal.SIGALRM) is not None


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the body within ``seconds`` (None: no budget of its own, an outer one still holds)."""
    if seconds is None:
        yield
        return
    start = time.monotonic()
    deadline = start + seconds
    outer = _DEADLINE.get()
    if outer is not None and outer[0] <= deadline:
        yield  # the outer budget ends first and is already enforced
        return
    token = _DEADLINE.set((deadline, seconds))
    # A timer someone else armed (a test runner's, the caller's) is borrowed, not taken: when it
    # would fire first it is left alone; otherwise ours runs and theirs is put back afterwards
    # with the time it had left.
    alarm = _alarm_usable()
    if alarm:
        theirs_delay, theirs_interval = signal.getitimer(signal.ITIMER_REAL)
        alarm = not theirs_delay or theirs_delay > seconds
    if alarm:
        def on_alarm(_signum, frame):
            if _importing(frame):  # try again in a moment, once the import is done
                signal.setitimer(signal.ITIMER_REAL, _IMPORT_GRACE)
                return
            raise _timeout_error(seconds, "interrupted")

        theirs_handler = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3))
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, theirs_handler)
            if theirs_delay:
                left = theirs_delay - (time.monotonic() - start)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), theirs_interval)
        _DEADLINE.reset(token)


def remaining() -> float | None:
    """Seconds left in the current budget (None: no budget)."""
    current = _DEADLINE.get()
    return None if current is None else current[0] - time.monotonic()


def capped(timeout: float) -> float:
    """``timeout`` shortened to what the budget has left (at least a moment, so that a call
    made right at the end fails by its own timeout rather than with a zero)."""
    left = remaining()
    return timeout if left is None else max(0.01, min(timeout, left))


def check(where: str) -> None:
    """ProcessingTimeout when the current budget is spent."""
    current = _DEADLINE.get()
    if current is not None and time.monotonic() >= current[0]:
        raise _timeout_error(current[1], where)

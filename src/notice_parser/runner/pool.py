"""A process pool that survives its workers: per-task timeout, crash attribution, recycling.

``concurrent.futures.ProcessPoolExecutor`` breaks as a whole when one worker dies and has no
per-task timeout. Here every worker runs one task at a time over its own pipe, so the parent
always knows which task a worker holds: a worker that dies (segfault, OOM kill) or overruns its
deadline is killed and replaced, and only *that* task fails. A worker whose peak memory passed
``max_rss_mb`` is retired after its task, so slow leaks (OCR, PDF libraries) and one huge scan
cannot keep memory; recycling is by memory, not by count, because each new worker costs a warm-up.

Workers start from a fork server that has the parser and its models loaded (``runner.warm``:
cheap respawns, and no locks or lock files inherited from the parent), ignore SIGINT/SIGTERM (the parent decides whether
in-flight work finishes or is abandoned), die with the parent together with the processes they
started (each leads a process group that a thread kills when the parent's sentinel fires: a
kill -9 of the parent leaves no worker or Tesseract behind), and
run with ``OMP_THREAD_LIMIT=1`` so that workers × Tesseract threads never exceed the cores.

Faults are injected by tests through the hooks of the function the pool runs
(:mod:`notice_parser.runner.hooks`), never by the pool itself.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_any
from typing import Any

from ..tempdirs import own_mp_temp_dir

# A worker whose peak resident memory passed this is replaced after its task (a parse of a clean
# notice peaks near 400 MB with the model loaded; a long scan at 300 dpi goes higher).
DEFAULT_MAX_RSS_MB = 1536.0
# Thread caps for libraries inside a worker: parallelism comes from the processes.
THREAD_LIMITS = {"OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass
class TaskResult:
    key: Hashable
    ok: bool
    value: Any = None
    error: str | None = None
    error_code: str | None = None  # internal-error | timeout | worker-crash | abandoned
    seconds: float = 0.0
    worker_pid: int | None = None
    worker_max_rss_kb: int | None = None
    cpu_seconds: float | None = None  # the worker's CPU time on this task (user + system)


def _die_with_parent() -> None:
    """A worker never outlives the coordinator: killed with -9, the coordinator would leave its
    workers (and their Tesseract processes) parsing documents whose results go nowhere.

    The worker leads its own process group (Tesseract runs inside it), and a thread waits on
    the coordinator's sentinel — with the forkserver, the worker's parent is the fork server,
    not the coordinator — and kills the whole group when it fires. (PR_SET_PDEATHSIG would fire
    on the fork server's exit, which follows the coordinator's, and kill the worker before its
    Tesseract processes.)"""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait_any([parent.sentinel])
        try:
            os.killpg(os.getpgid(0), signal.SIGKILL)
        finally:
            os._exit(1)

    threading.Thread(target=watch, name="notice-parser-parent-watch", daemon=True).start()


def _worker_main(conn, func: Callable, initializer: Callable | None) -> None:
    os.environ.update(THREAD_LIMITS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with_parent()
    if initializer is not None:
        try:
            initializer()  # loads models and caches before "ready", outside any task's timeout
        except Exception:  # noqa: BLE001 - the tasks will meet the same problem and report it each
            pass
    try:
        conn.send("ready")
    except (BrokenPipeError, OSError):
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if message is None:
            return
        key, args = message
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            reply = (key, True, func(*args), None, None)
        except Exception as exc:  # a bug on one task must not take the worker down; report its type
            reply = (key, False, None, f"{type(exc).__name__}: {exc}", "internal-error")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        cpu = time.process_time() - c0
        try:
            try:
                conn.send((*reply, time.perf_counter() - t0, rss, cpu))
            except (BrokenPipeError, OSError):
                raise
            except Exception as exc:  # a result that cannot be pickled: report it, keep the worker
                conn.send((key, False, None, f"result could not be sent back: {type(exc).__name__}: {exc}",
                           "internal-error", time.perf_counter() - t0, rss, cpu))
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Worker:
    process: Any
    conn: Any
    done: int = 0
    task: tuple | None = None  # (key, args) in flight
    ready: bool = False  # said "ready": start-up is over
    started: float = 0.0


def _context(preload: Sequence[str]):
    """The fork server (parser preloaded, so new workers start warm) where there is one."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(list(preload))
        own_mp_temp_dir()  # the fork server's socket folder: removable by the next run after a kill -9
    return ctx


def _start(ctx, func: Callable, initializer: Callable | None) -> _Worker:
    parent_conn, child_conn = ctx.Pipe(duplex=True)
    proc = ctx.Process(target=_worker_main, args=(child_conn, func, initializer), daemon=True,
                       name="notice-parser-worker")
    proc.start()
    child_conn.close()
    return _Worker(proc, parent_conn)


def _end(worker: _Worker, *, kill: bool) -> None:
    """Stop a worker: killed at once, or asked to exit (and killed if it does not within 5 s)."""
    if kill:  # the worker's process group: its Tesseract processes go with it
        try:
            os.killpg(worker.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, TypeError):
            worker.process.kill()
    else:
        try:
            worker.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
    worker.process.join(timeout=5)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.conn.close()


def _receive(worker: _Worker) -> TaskResult | None:
    """The reply of a worker whose pipe is readable; None when it died mid-reply."""
    try:
        key, ok, value, error, code, seconds, rss, cpu = worker.conn.recv()
    except (EOFError, OSError):
        return None
    return TaskResult(key, ok, value, error, code, seconds, worker.process.pid, rss, cpu)


def _spent(worker: _Worker, result: TaskResult, max_tasks: int | None, max_rss_mb: float | None) -> bool:
    """Whether a worker should be retired after this task: grown past the memory cap, or done its count."""
    if max_rss_mb is not None and (result.worker_max_rss_kb or 0) > max_rss_mb * 1024:
        return True
    return max_tasks is not None and worker.done >= max_tasks


def _hears_ready(worker: _Worker) -> bool:
    """Read a new worker's "ready" (its pipe is readable); False when it died starting."""
    try:
        worker.ready = worker.conn.recv() == "ready"
    except (EOFError, OSError):
        worker.ready = False
    return worker.ready


def _crashed(worker: _Worker, key: Hashable) -> TaskResult:
    worker.process.join(timeout=5)
    message = _describe_exit(worker.process.exitcode)
    return TaskResult(key, False, error=f"{message} while working on this file", error_code="worker-crash",
                      seconds=time.monotonic() - worker.started, worker_pid=worker.process.pid)


def _overran(worker: _Worker, key: Hashable, timeout: float) -> TaskResult:
    return TaskResult(key, False, error=f"no result after {timeout:g} s; worker killed", error_code="timeout",
                      seconds=time.monotonic() - worker.started, worker_pid=worker.process.pid)


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "worker process died"
    if code < 0:
        try:
            return f"worker process killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"worker process killed by signal {-code}"
    return f"worker process exited with code {code}"


class Stoppable:
    """``stop()`` and ``abandon()`` of a run, safe in a signal handler (they only set flags)."""

    _stopping: bool = False
    _abandon_at: float | None = None

    def stop(self, grace: float | None = None) -> None:
        """Dispatch nothing more; in-flight tasks finish, or are abandoned after ``grace`` s."""
        self._stopping = True
        if grace is not None:
            self._abandon_at = time.monotonic() + grace

    def abandon(self) -> None:
        """Dispatch nothing more and give up the in-flight tasks now."""
        self._stopping = True
        self._abandon_at = time.monotonic()

    def _abandon_due(self) -> bool:
        return self._abandon_at is not None and time.monotonic() >= self._abandon_at


@dataclass
class WorkerPool(Stoppable):
    """Run ``func(*args)`` for each ``(key, args)`` task over ``workers`` processes.

    ``imap_unordered`` yields one :class:`TaskResult` per task, in completion order; a task
    whose worker crashed or overran ``timeout`` seconds yields a failed result and the worker is
    replaced. ``stop()`` (safe in a signal handler) stops dispatching: in-flight tasks finish;
    ``abandon()`` also kills the in-flight ones (yielded with ``error_code='abandoned'``).
    """

    func: Callable
    workers: int = 2
    timeout: float | None = None
    max_tasks_per_worker: int | None = None  # a count cap besides memory (tests)
    max_rss_mb: float | None = DEFAULT_MAX_RSS_MB
    preload: tuple[str, ...] = ("notice_parser.runner.warm",)
    initializer: Callable | None = None
    _pool: list[_Worker] = field(default_factory=list, init=False)
    _stopping: bool = field(default=False, init=False)
    _idle_deaths: int = field(default=0, init=False)
    _abandon_at: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.workers = max(1, int(self.workers))
        self._ctx = _context(self.preload)

    # -- lifecycle --
    def _spawn(self) -> _Worker:
        worker = _start(self._ctx, self.func, self.initializer)
        self._pool.append(worker)
        return worker

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        if worker in self._pool:
            self._pool.remove(worker)
        _end(worker, kill=kill)

    def close(self) -> None:
        for worker in list(self._pool):
            self._retire(worker, kill=worker.task is not None)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the run --
    def imap_unordered(self, tasks: Iterable[tuple[Hashable, tuple]]) -> Iterator[TaskResult]:
        queue = deque(tasks)
        try:
            yield from self._run(queue)
        finally:
            self.close()

    def _dispatch(self, worker: _Worker, queue: deque) -> None:
        task = queue.popleft()
        try:
            worker.conn.send(task)
        except (BrokenPipeError, OSError):
            # The worker died while idle (never while holding a task): put the task back and
            # replace it, but give up if workers cannot even start.
            queue.appendleft(task)
            self._retire(worker, kill=True)
            self._idle_deaths += 1
            if self._idle_deaths > 5 * self.workers:
                raise RuntimeError("worker processes keep dying before taking a task") from None
            return
        worker.task = task
        worker.started = time.monotonic()

    def _run(self, queue: deque) -> Iterator[TaskResult]:
        while True:
            if self._abandon_due():
                for worker in [w for w in self._pool if w.task is not None]:
                    key = worker.task[0]
                    worker.task = None
                    self._retire(worker, kill=True)
                    yield TaskResult(key, False, error="abandoned on request", error_code="abandoned")
            if self._stopping:
                queue.clear()
            # Keep the pool full while there is work; hand every ready, idle worker a task.
            while queue and len(self._pool) < min(self.workers, len(queue) + self._busy()):
                self._spawn()
            for worker in list(self._pool):
                if worker.ready and worker.task is None and queue:
                    self._dispatch(worker, queue)
            busy = [w for w in self._pool if w.task is not None]
            starting = [w for w in self._pool if not w.ready]
            if not busy and not (queue and starting):
                return
            wait_for = 0.25  # short, so a stop() from a signal handler is noticed promptly
            if self.timeout is not None and busy:
                wait_for = max(0.0, min(wait_for, min(w.started + self.timeout for w in busy) - time.monotonic()))
            watched = busy + starting
            ready = set(wait_any([w.conn for w in watched] + [w.process.sentinel for w in watched], timeout=wait_for))
            for worker in starting:
                self._check_started(worker, ready)
            for worker in busy:
                result = _receive(worker) if worker.conn in ready else None  # None: died mid-reply
                if result is not None:
                    worker.task = None
                    worker.done += 1
                    if _spent(worker, result, self.max_tasks_per_worker, self.max_rss_mb) or not queue:
                        self._retire(worker, kill=False)
                    elif not self._stopping:
                        # the next document first: the worker parses while the caller writes this result
                        self._dispatch(worker, queue)
                    yield result
                elif worker.conn in ready or worker.process.sentinel in ready:
                    result = _crashed(worker, worker.task[0])
                    worker.task = None
                    self._retire(worker, kill=True)
                    yield result
                elif self.timeout is not None and time.monotonic() - worker.started >= self.timeout:
                    result = _overran(worker, worker.task[0], self.timeout)
                    worker.task = None
                    self._retire(worker, kill=True)
                    yield result

    def _check_started(self, worker: _Worker, ready: set) -> None:
        """A new worker says it is ready before it gets a task, so that its start-up (slow on a
        loaded machine) never counts against a document's timeout."""
        if worker.conn in ready:
            if _hears_ready(worker):
                return
        elif worker.process.sentinel not in ready:
            return
        self._retire(worker, kill=True)
        self._idle_deaths += 1
        if self._idle_deaths > 5 * self.workers:
            raise RuntimeError("worker processes keep dying before taking a task")

    def _busy(self) -> int:
        return sum(1 for w in self._pool if w.task is not None)


class Sandbox:
    """One worker process that runs one task at a time for its caller, with the pool's
    guarantees: a task that overruns ``timeout`` or kills its process fails alone, the process
    is replaced (and warms up again through ``initializer``) for the next task.

    A cluster worker keeps one per thread (:mod:`notice_parser.runner.cluster`): the document
    runs in this process, so a hung Tesseract or a crash never takes the cluster worker down,
    and the model stays loaded across documents.
    """

    def __init__(self, func: Callable, initializer: Callable | None = None, max_rss_mb: float | None = DEFAULT_MAX_RSS_MB,
                 preload: Sequence[str] = WorkerPool.preload):
        self.func = func
        self.initializer = initializer
        self.max_rss_mb = max_rss_mb
        self._ctx = _context(preload)
        self._worker: _Worker | None = None

    def _ready_worker(self) -> _Worker:
        """The live, warmed-up worker, started if need be (start-up never counts against a task)."""
        for _attempt in range(5):
            if self._worker is None:
                self._worker = _start(self._ctx, self.func, self.initializer)
            worker = self._worker
            if worker.ready:
                return worker
            if worker.conn in wait_any([worker.conn, worker.process.sentinel]) and _hears_ready(worker):
                return worker
            self.close(kill=True)
        raise RuntimeError("worker processes keep dying before taking a task")

    def call(self, key: Hashable, args: tuple, timeout: float | None = None) -> TaskResult:
        worker = self._ready_worker()
        worker.started = time.monotonic()
        try:
            worker.conn.send((key, args))
        except (BrokenPipeError, OSError):
            self.close(kill=True)
            worker = self._ready_worker()
            worker.started = time.monotonic()
            worker.conn.send((key, args))
        ready = wait_any([worker.conn, worker.process.sentinel], timeout=timeout)
        result = _receive(worker) if worker.conn in ready else None
        if result is not None:
            worker.done += 1
            if _spent(worker, result, None, self.max_rss_mb):
                self.close(kill=False)  # grown too big: the next task gets a fresh process
            return result
        result = _crashed(worker, key) if ready else _overran(worker, key, timeout or 0.0)
        self.close(kill=True)
        return result

    def close(self, kill: bool = False) -> None:
        if self._worker is not None:
            _end(self._worker, kill=kill)
            self._worker = None

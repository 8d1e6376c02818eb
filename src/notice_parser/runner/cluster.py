"""Batch and nightly on a Dask cluster (``pip install 'notice-parser[cluster]'``).

The coordinator (the ``batch`` or ``nightly`` process) submits one task per document to a
Dask scheduler — a ``dask scheduler`` somewhere (``--scheduler tcp://host:8786``) or a
``LocalCluster`` it starts (``--cluster local:N``) — and gets a
:class:`~notice_parser.runner.contract.DocumentResult` back per document. What survives a
cluster, and why:

- **Only the coordinator writes.** Workers return the output JSON; the coordinator writes each
  output atomically and records the nightly state (SQLite is never opened on a worker). A task
  that the scheduler ran twice (its worker died after finishing it) still has one future and
  one result, so every document is written once, and workers need no shared storage for
  outputs and no locks.
- **Worker loss.** When a worker dies, the scheduler hands its documents to other workers
  (``distributed.scheduler.allowed-failures`` times, 3 by default); a document that kills every
  worker it touches fails alone, as ``worker-crash``. Nothing is lost: a nightly file stays
  ``pending`` until its result is recorded.
- **Timeouts hold on workers.** Each worker thread runs its documents in a
  :class:`~notice_parser.runner.pool.Sandbox` process: a document that overruns its timeout
  (a hung Tesseract included) is killed with its process and fails as ``timeout``; the worker
  goes on with a fresh sandbox.
- **One budget per machine.** Each worker thread runs one document at a time (run workers with
  one thread per core), Tesseract with one thread, and every worker process on a machine takes
  its Tesseract processes from one machine-wide budget (``TesseractSlots.machine``).
- **The model loads once per sandbox process**, at its start, outside any document's timeout;
  sandboxes live as long as their worker (replaced only after a crash, a timeout or when they
  grow past ``max_rss_mb``).

Sources are read by the workers at the path the coordinator sees, so the archive must be
mounted at the same path on every machine — or the coordinator sends each document's bytes
with its task (``ship_sources``).
"""

from __future__ import annotations

import threading
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from functools import partial

import dask
import distributed
from distributed.diagnostics.plugin import WorkerPlugin

from ..errors import InputError
from ..ingest.slots import TesseractSlots, budget_size
from .contract import DocumentJob, DocumentResult, init_worker, process_document, read_source
from .executors import _as_document_result
from .pool import DEFAULT_MAX_RSS_MB, Sandbox, Stoppable

PLUGIN_NAME = "notice-parser"
POLL_SECONDS = 0.25  # how often the coordinator looks up from waiting (a stop from a signal handler)


class _WorkerState:
    """What a Dask worker process keeps for notice-parser: one sandbox per worker thread."""

    def __init__(self, hooks: tuple, timeout: float | None, max_rss_mb: float | None):
        self.timeout = timeout
        slots = TesseractSlots.machine(budget_size())
        self._initializer = partial(init_worker, slots.initializer, hooks)
        self._max_rss_mb = max_rss_mb
        self._local = threading.local()
        self._sandboxes: list[Sandbox] = []
        self._lock = threading.Lock()

    def sandbox(self) -> Sandbox:
        box = getattr(self._local, "sandbox", None)
        if box is None:
            box = Sandbox(process_document, self._initializer, self._max_rss_mb)
            self._local.sandbox = box
            with self._lock:
                self._sandboxes.append(box)
        return box

    def close(self) -> None:
        with self._lock:
            for box in self._sandboxes:
                box.close(kill=True)
            self._sandboxes.clear()


_state: _WorkerState | None = None


class NoticeParserPlugin(WorkerPlugin):
    """Installed on every worker of the cluster (and on workers that join or restart later)."""

    name = PLUGIN_NAME

    def __init__(self, hooks: Sequence[object] = (), timeout: float | None = 600.0,
                 max_rss_mb: float | None = DEFAULT_MAX_RSS_MB):
        self.hooks = tuple(hooks)
        self.timeout = timeout
        self.max_rss_mb = max_rss_mb

    def setup(self, worker) -> None:
        import multiprocessing

        if multiprocessing.current_process().daemon:
            raise RuntimeError("this Dask worker is a daemonic process and cannot start the document sandboxes: "
                               "start workers with DASK_DISTRIBUTED__WORKER__DAEMON=False")
        global _state
        if _state is not None:
            _state.close()
        _state = _WorkerState(self.hooks, self.timeout, self.max_rss_mb)

    def teardown(self, worker) -> None:
        global _state
        if _state is not None:
            _state.close()
            _state = None


def run_on_worker(job: DocumentJob) -> DocumentResult:
    """The Dask task: one document in this worker thread's sandbox."""
    if _state is None:
        raise RuntimeError("the notice-parser worker plugin is not installed on this worker")
    result = _as_document_result(_state.sandbox().call(job.key, (job,), _state.timeout))
    address = distributed.get_worker().address
    return result.model_copy(update={"worker": f"{address} pid {result.worker}"})


def start_local_cluster(workers: int) -> tuple[distributed.LocalCluster, distributed.Client]:
    """A LocalCluster of ``workers`` processes of one thread each on this machine, and its client."""
    # Workers start sandbox processes, which daemonic processes may not. Set for the whole
    # coordinator process: the nanny reads it again whenever it restarts a dead worker.
    dask.config.set({"distributed.worker.daemon": False})
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=":0", silence_logs=40)
    return cluster, distributed.Client(cluster)


def _prepared(job: DocumentJob, ship_sources: bool) -> DocumentJob:
    return job.model_copy(update={"data": read_source(job.path)}) if ship_sources else job


class DaskExecutor(Stoppable):
    """Runs documents on a Dask cluster; see the module docstring for what it guarantees."""

    def __init__(self, client: distributed.Client, *, timeout: float | None = 600.0, hooks: Sequence[object] = (),
                 ship_sources: bool = False, max_rss_mb: float | None = DEFAULT_MAX_RSS_MB, owned: tuple = ()):
        self.client = client
        self._owned = owned  # what close() shuts down: the client and cluster this executor started
        self.ship_sources = ship_sources
        self._plugin = NoticeParserPlugin(hooks, timeout, max_rss_mb)
        self._registered = False

    @classmethod
    def connect(cls, scheduler: str | None = None, local_workers: int | None = None, **kw) -> DaskExecutor:
        """A client of the scheduler at ``scheduler``, or of a new ``LocalCluster`` of
        ``local_workers`` worker processes (one thread each) on this machine."""
        if scheduler:
            client = distributed.Client(scheduler)
            return cls(client, owned=(client,), **kw)
        cluster, client = start_local_cluster(local_workers or 2)
        return cls(client, owned=(client, cluster), **kw)

    def workers(self) -> dict[str, int]:
        """Worker address → its process id (for reports, and for tests that kill one)."""
        import os

        return self.client.run(os.getpid)

    def _threads(self) -> int:
        return sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()) or 1

    def run(self, jobs: Sequence[DocumentJob]) -> Iterator[DocumentResult]:
        if not jobs:
            return
        if not self._registered:
            self.client.register_plugin(self._plugin, name=PLUGIN_NAME)
            self._registered = True
        queue = deque(jobs)
        window = 2 * self._threads()  # enough to keep every thread busy; bytes shipped only for these
        run_id = uuid.uuid4().hex[:8]
        in_flight: dict[distributed.Future, DocumentJob] = {}
        while queue or in_flight:
            if self._abandon_due():
                yield from self._abandon(in_flight)
                return
            while queue and len(in_flight) < window and not self._stopping:
                job = queue.popleft()
                try:
                    task = _prepared(job, self.ship_sources)
                except InputError as exc:
                    yield DocumentResult.failure(job.key, str(exc), exc.code)
                    continue
                future = self.client.submit(run_on_worker, task, pure=False,
                                            key=f"notice-parser-{run_id}-{len(queue)}")
                in_flight[future] = job
            if self._stopping:
                queue.clear()
            if not in_flight:
                continue
            try:
                done, _ = distributed.wait(list(in_flight), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
            except TimeoutError:
                continue
            for future in done:
                yield self._result(future, in_flight.pop(future))

    @staticmethod
    def _result(future: distributed.Future, job: DocumentJob) -> DocumentResult:
        try:
            return future.result()
        except distributed.KilledWorker as exc:
            return DocumentResult.failure(job.key, f"every worker that took this file died ({exc})", "worker-crash")
        except Exception as exc:  # noqa: BLE001 - the cluster's failure of one task fails that document only
            return DocumentResult.failure(job.key, f"{type(exc).__name__}: {exc}", "internal-error")

    def _abandon(self, in_flight: dict) -> Iterator[DocumentResult]:
        futures = list(in_flight)
        self.client.cancel(futures)
        for future in futures:
            yield DocumentResult.failure(in_flight.pop(future).key, "abandoned on request", "abandoned")

    def close(self) -> None:
        if self._registered:
            try:
                self.client.unregister_worker_plugin(PLUGIN_NAME)
            except Exception:  # noqa: BLE001 - closing anyway
                pass
        for thing in self._owned:
            thing.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

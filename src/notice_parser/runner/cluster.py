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
- **A few documents per task.** Dask costs about a millisecond of CPU per task between the
  coordinator, the scheduler and the worker; a clean notice parses in ~0.1 s, so small
  documents travel in chunks (up to :data:`CHUNK_DOCS` of them, :data:`CHUNK_BYTES` of source
  in all; a large file, a scan, goes alone). Each document of a chunk still has its own timeout
  and its own result; a chunk that every worker it touched died on is split, and its documents
  sent again one per task, so a document that kills workers still fails alone.
- **One serialisation per result.** The sandbox pickles its result once; the Dask worker passes
  those bytes through untouched, and only the coordinator unpickles them.

Sources are read by the workers at the path the coordinator sees, so the archive must be
mounted at the same path on every machine — or the coordinator sends each document's bytes
with its task (``ship_sources``).
"""

from __future__ import annotations

import os
import pickle
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
from .pool import DEFAULT_MAX_RSS_MB, Sandbox, Stoppable, TaskResult

PLUGIN_NAME = "notice-parser"
POLL_SECONDS = 0.25  # how often the coordinator looks up from waiting (a stop from a signal handler)
CHUNK_DOCS = 8  # documents per Dask task at most
CHUNK_BYTES = 256 * 1024  # source bytes per Dask task at most (a file larger than this goes alone)
# What a LocalCluster this process starts runs without: the worker's statistical profiler (a
# stack sample every 10 ms), and the event-loop, memory and system monitors at 1-2 s instead of
# 20-500 ms. Idle, the coordinator and two workers spent ~104 ms of CPU per second on these; ~14
# with this. For a cluster started by hand, README "On a cluster" gives the same settings.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.daemon": False,  # workers start sandbox processes, which daemonic ones may not
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


class _WorkerState:
    """What a Dask worker process keeps for notice-parser: one sandbox per worker thread."""

    def __init__(self, hooks: tuple, timeout: float | None, max_rss_mb: float | None):
        # A Dask nanny starts its worker with MALLOC_TRIM_THRESHOLD_=65536 (its remedy for the
        # worker's own fragmentation), which the sandboxes would inherit through their fork
        # server: glibc then gives memory back to the system and takes it again all through a
        # parse — 4 900 page faults and 16 ms of system CPU per clean notice instead of 62 and
        # 0.5 ms (in-process, 80 generated notices). The sandboxes parse with the allocator as
        # the local pool's workers do, and are replaced when they grow past max_rss_mb.
        os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
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
            box = Sandbox(process_packed, self._initializer, self._max_rss_mb)
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


def process_packed(job: DocumentJob) -> bytes:
    """:func:`process_document`, its result pickled where it is made (in the sandbox)."""
    return pickle.dumps(process_document(job), protocol=pickle.HIGHEST_PROTOCOL)


def run_on_worker(jobs: Sequence[DocumentJob]) -> tuple[str, list[TaskResult]]:
    """The Dask task: a few documents, one after the other, in this worker thread's sandbox,
    each with its own timeout. Returns this worker's address and one result per document whose
    value (on success) is the sandbox's pickled :class:`DocumentResult`, passed through as bytes."""
    if _state is None:
        raise RuntimeError("the notice-parser worker plugin is not installed on this worker")
    sandbox = _state.sandbox()
    results = [sandbox.call(job.key, (job,), _state.timeout) for job in jobs]
    return distributed.get_worker().address, results


def _unpacked(address: str, result: TaskResult) -> DocumentResult:
    if result.ok:
        result.value = pickle.loads(result.value)
    document = _as_document_result(result)
    return document.model_copy(update={"worker": f"{address} pid {document.worker}"})


def docs_per_task(documents: int, threads: int) -> int:
    """How many documents go in one task: up to :data:`CHUNK_DOCS`, but never so many that a
    worker thread would lack work (four tasks per thread at least, while there are documents)."""
    return max(1, min(CHUNK_DOCS, documents // (4 * max(1, threads))))


def chunks(jobs: Sequence[DocumentJob], per_task: int, max_bytes: int = CHUNK_BYTES) -> list[tuple[DocumentJob, ...]]:
    """The jobs in order, cut into Dask tasks of up to ``per_task`` documents and ``max_bytes``
    of source each (a file larger than that, or whose size cannot be read, goes alone)."""
    out: list[tuple[DocumentJob, ...]] = []
    current: list[DocumentJob] = []
    size = 0
    for job in jobs:
        job_size = _source_size(job)
        if current and (len(current) >= per_task or size + job_size > max_bytes):
            out.append(tuple(current))
            current, size = [], 0
        current.append(job)
        size += job_size
    if current:
        out.append(tuple(current))
    return out


def _source_size(job: DocumentJob) -> int:
    if job.data is not None:
        return len(job.data)
    try:
        return os.stat(job.path).st_size
    except OSError:
        return CHUNK_BYTES + 1  # alone: reading it will say what is wrong


def start_local_cluster(workers: int) -> tuple[distributed.LocalCluster, distributed.Client]:
    """A LocalCluster of ``workers`` processes of one thread each on this machine, and its client."""
    # Set for the whole coordinator process: the nanny reads them again whenever it restarts a
    # dead worker.
    dask.config.set(LOCAL_CLUSTER_CONFIG)
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=":0", silence_logs=40)
    return cluster, distributed.Client(cluster)


def _prepared(job: DocumentJob, ship_sources: bool) -> DocumentJob:
    return job.model_copy(update={"data": read_source(job.path)}) if ship_sources else job


class DaskExecutor(Stoppable):
    """Runs documents on a Dask cluster; see the module docstring for what it guarantees."""

    def __init__(self, client: distributed.Client, *, timeout: float | None = 600.0, hooks: Sequence[object] = (),
                 ship_sources: bool = False, max_rss_mb: float | None = DEFAULT_MAX_RSS_MB, owned: tuple = (),
                 docs_per_task: int | None = None):
        self.client = client
        self.docs_per_task = docs_per_task  # None: by the run's size (docs_per_task())
        self.stats = {"tasks": 0, "result_bytes": 0}  # since this executor was made (bench/bench_cluster.py)
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
        return self.client.run(os.getpid)

    def _threads(self) -> int:
        return sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()) or 1

    def run(self, jobs: Sequence[DocumentJob]) -> Iterator[DocumentResult]:
        if not jobs:
            return
        if not self._registered:
            self.client.register_plugin(self._plugin, name=PLUGIN_NAME)
            self._registered = True
        threads = self._threads()
        queue = deque(chunks(jobs, self.docs_per_task or docs_per_task(len(jobs), threads)))
        window = 2 * threads  # tasks: enough to keep every thread busy; bytes shipped only for these
        run_id = uuid.uuid4().hex[:8]
        in_flight: dict[distributed.Future, tuple[DocumentJob, ...]] = {}
        submitted = 0
        while queue or in_flight:
            if self._abandon_due():
                yield from self._abandon(in_flight)
                return
            while queue and len(in_flight) < window and not self._stopping:
                chunk = queue.popleft()
                tasks = []
                for job in chunk:
                    try:
                        tasks.append(_prepared(job, self.ship_sources))
                    except InputError as exc:
                        yield DocumentResult.failure(job.key, str(exc), exc.code)
                if not tasks:
                    continue
                submitted += 1
                self.stats["tasks"] += 1
                future = self.client.submit(run_on_worker, tasks, pure=False, key=f"notice-parser-{run_id}-{submitted}")
                in_flight[future] = tuple(tasks)
            if self._stopping:
                queue.clear()
            if not in_flight:
                continue
            try:
                done, _ = distributed.wait(list(in_flight), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
            except TimeoutError:
                continue
            for future in done:
                yield from self._settle(future, in_flight.pop(future), queue, self.stats)

    @staticmethod
    def _settle(future, chunk: tuple[DocumentJob, ...], queue: deque, stats: dict | None = None
                ) -> Iterator[DocumentResult]:
        """The results of one finished task; a chunk that failed as a whole goes back to the
        queue one document per task, so that only the document at fault fails."""
        try:
            address, results = future.result()
        except Exception as exc:  # noqa: BLE001 - the cluster's failure of one task fails its documents only
            if len(chunk) > 1:
                queue.extendleft((job,) for job in reversed(chunk))
                return
            if isinstance(exc, distributed.KilledWorker):
                error, code = f"every worker that took this file died ({exc})", "worker-crash"
            else:
                error, code = f"{type(exc).__name__}: {exc}", "internal-error"
            yield DocumentResult.failure(chunk[0].key, error, code)
            return
        for result in results:
            if stats is not None and result.ok:
                stats["result_bytes"] += len(result.value)
            yield _unpacked(address, result)

    def _abandon(self, in_flight: dict) -> Iterator[DocumentResult]:
        futures = list(in_flight)
        self.client.cancel(futures)
        for future in futures:
            for job in in_flight.pop(future):
                yield DocumentResult.failure(job.key, "abandoned on request", "abandoned")

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

"""Executors: what runs :func:`~notice_parser.runner.contract.process_document` over many
documents. ``batch`` and ``nightly`` hand their jobs to one of these and get one
:class:`DocumentResult` per job back, in completion order; they never see processes.

An executor has ``run(jobs)`` (an iterator of results), ``stop(grace)`` (dispatch nothing more;
in-flight documents finish, or are abandoned after ``grace`` seconds — safe in a signal
handler) and ``abandon()`` (abandoned documents come back with ``error_code='abandoned'``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Protocol

from ..errors import DependencyMissing
from ..ingest.slots import batch_slots
from .contract import DocumentJob, DocumentResult, init_worker, process_document
from .pool import TaskResult, WorkerPool


class Executor(Protocol):
    def run(self, jobs: Sequence[DocumentJob]) -> Iterator[DocumentResult]: ...

    def stop(self, grace: float | None = None) -> None: ...

    def abandon(self) -> None: ...

    def close(self) -> None: ...


def parse_cluster(spec: str) -> int:
    """``local:N`` → N, the worker processes of a LocalCluster on this machine."""
    kind, _, count = spec.partition(":")
    if kind != "local" or not count.isdigit() or int(count) < 1:
        raise ValueError(f"--cluster {spec!r}: want local:N (N worker processes on this machine)")
    return int(count)


def make_executor(*, workers: int | None = None, timeout: float | None = 600.0, max_tasks_per_worker: int | None = None,
                  hooks: Sequence[object] = (), scheduler: str | None = None, cluster: str | None = None,
                  ship_sources: bool = False) -> Executor:
    """The local process pool (the default), or a Dask client of ``scheduler`` (an address such as
    ``tcp://host:8786``) or of a new LocalCluster (``cluster='local:N'``)."""
    if not (scheduler or cluster):
        return LocalExecutor(workers or min(2, os.cpu_count() or 1), timeout, max_tasks_per_worker, hooks=hooks)
    local_workers = parse_cluster(cluster) if cluster and not scheduler else None
    try:
        from .cluster import DaskExecutor
    except ImportError as exc:
        raise DependencyMissing(f"running on a cluster needs Dask distributed ({exc})",
                                hint="pip install 'notice-parser[cluster]'") from exc
    return DaskExecutor.connect(scheduler, local_workers, timeout=timeout, hooks=hooks, ship_sources=ship_sources)


class LocalExecutor:
    """The process pool of one machine (:class:`~notice_parser.runner.pool.WorkerPool`): a
    per-document timeout, a crash fails only its document, and one budget of Tesseract
    processes (= cores) shared by all workers, so a long scanned document at the end of a run
    OCRs its pages on every core (ingest/slots.py)."""

    def __init__(self, workers: int = 2, timeout: float | None = 600.0, max_tasks_per_worker: int | None = None,
                 hooks: Sequence[object] = ()):
        self.workers = max(1, int(workers))
        self.timeout = timeout
        self.max_tasks_per_worker = max_tasks_per_worker
        self.hooks = tuple(hooks)
        self._pool: WorkerPool | None = None
        self._stop: tuple[bool, float | None] | None = None  # a stop that came before the pool

    def run(self, jobs: Sequence[DocumentJob]) -> Iterator[DocumentResult]:
        if not jobs:
            return
        with batch_slots() as slots:
            self._pool = WorkerPool(process_document, workers=min(self.workers, len(jobs)), timeout=self.timeout,
                                    max_tasks_per_worker=self.max_tasks_per_worker,
                                    initializer=partial(init_worker, slots.initializer, self.hooks))
            if self._stop is not None:
                abandon, grace = self._stop
                self._pool.abandon() if abandon else self._pool.stop(grace)
            try:
                for result in self._pool.imap_unordered([(job.key, (job,)) for job in jobs]):
                    yield _as_document_result(result)
            finally:
                self._pool.close()
                self._pool = None

    def stop(self, grace: float | None = None) -> None:
        if self._pool is not None:
            self._pool.stop(grace)
        else:
            self._stop = (False, grace)

    def abandon(self) -> None:
        if self._pool is not None:
            self._pool.abandon()
        else:
            self._stop = (True, None)

    def close(self) -> None:
        """Nothing outlives :meth:`run`: its workers end with it."""

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _as_document_result(result: TaskResult) -> DocumentResult:
    """A pool's result as the contract's: a crash, a timeout or an abandon becomes a failure."""
    extra = {"cpu_seconds": result.cpu_seconds, "worker_max_rss_kb": result.worker_max_rss_kb,
             "worker": str(result.worker_pid) if result.worker_pid else None}
    if result.ok:
        return result.value.model_copy(update=extra)
    return DocumentResult.failure(str(result.key), result.error or "failed", result.error_code,
                                  seconds=result.seconds, **extra)

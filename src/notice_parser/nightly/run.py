"""The nightly run: walk, classify against the state, parse what changed, record, export, report."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel

from .. import __version__
from ..errors import ExitCode, InputError, OutputError
from ..options import ParseOptions
from ..repair.model_files import DEFAULT_MODEL, MODEL_DIR, model_path
from ..runner import hooks as run_hooks
from ..runner.contract import DocumentJob, DocumentResult, PageRequest, hash_source, kill_after, with_budget
from ..runner.discovery import Entry, FileProblem, walk
from ..runner.executors import Executor, LocalExecutor
from ..runner.outputs import combined_mode, output_mode, write_atomic
from ..export import FILE_NAMES, FORMATS, INDEX_NAME, Exporter, RenderedPage, store_review_page
from ..export.rows import TaskRow, rows_from_output, upcoming
from .lock import run_lock
from .paths import (REPORT_NAME, STATE_DIR, TASKS_CSV, TASKS_JSONL, output_matches, output_names,
                    remove_stale_temporaries, stamp)
from .report import NightlyReport, UpcomingDeadline
from .state import StateStore, now

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # notice_parser/

COUNTS = ("new", "changed", "unchanged", "version", "retry", "forced", "recovered", "resumed", "failed", "skipped",
          "removed", "parsed")


def model_version() -> str:
    """Digest of what decides an output: the parser's code, its data files and the models it
    loads. A retrained model, an edited gazetteer or an upgraded rule changes it, and with it
    every output is due for a re-parse (once), so the archive's JSON reflects the parser that
    runs tonight.

    The language model is the one the workers load (``model_files.model_path()``: the
    ``NOTICE_PARSER_LM`` file when it is set), digested by its content: a run after switching to
    another model re-parses, and a copy of the same model elsewhere is the same version. The
    shipped file counts only when it is the one loaded."""
    loaded = model_path()
    digest = hashlib.sha256()
    for root in (PACKAGE_DIR, MODEL_DIR):
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")
                           and "__pycache__" not in p.parts and p.suffix != ".pyc" and p != DEFAULT_MODEL):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(_sha256_of(path).encode())
    digest.update(b"language model\0")
    try:
        digest.update(_sha256_of(loaded).encode())
    except OSError:  # missing or unreadable: a version too (repair warns and leaves the text as it is)
        digest.update(b"none")
    return digest.hexdigest()[:16]


def _sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class _Job(BaseModel):
    entry: Entry
    output: str
    change: str
    sha256: str | None = None


class _Signals:
    """First SIGINT/SIGTERM: stop dispatching, let in-flight documents finish (up to ``grace``
    seconds); a second one abandons them. Abandoned files stay ``pending`` for the next run."""

    def __init__(self, grace: float, executor: Executor):
        self.grace = grace
        self.executor = executor
        self.received: int | None = None
        self._old = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum, frame):
        first = self.received is None
        self.received = self.received or signum
        if first:
            self.executor.stop(grace=self.grace)
        else:
            self.executor.abandon()

    def __exit__(self, *exc):
        for sig, old in self._old.items():
            signal.signal(sig, old)
        return False


def run_nightly(
    archive: str | Path,
    out_dir: str | Path,
    options: ParseOptions | None = None,
    *,
    workers: int | None = None,
    timeout: float = 600.0,
    max_tasks_per_worker: int | None = None,
    retry_failed: bool = False,
    force: bool = False,
    remove_orphans: bool = False,
    days: int = 14,
    today: dt.date | None = None,
    wait_lock: float = 0.0,
    handle_signals: bool = False,
    grace: float = 30.0,
    on_item: Callable[[str, int, int], None] | None = None,
    executor: Executor | None = None,
    hooks: Sequence[object] = (),
    follow_external_links: bool = False,
) -> NightlyReport:
    """Bring ``out_dir`` up to date with ``archive``; see :mod:`notice_parser.nightly`.

    Each document has a time budget: ``options.timeout``, else ``timeout`` seconds. Documents
    run on ``executor`` (default: a :class:`LocalExecutor` of ``workers`` processes, which kills
    a worker a grace after the budget if the parser has not stopped by itself); ``hooks`` are
    test hooks (:mod:`notice_parser.runner.hooks`) for this process and the default executor's
    workers. A symbolic link that leads out of the archive is skipped unless
    ``follow_external_links``.

    Raises :class:`InputError` when the archive is not a folder and :class:`NightlyLocked`
    when another run holds the lock; every per-file problem is in the report instead.
    """
    archive = Path(archive).resolve()
    out_dir = Path(out_dir).resolve()
    if not archive.is_dir():
        raise InputError(f"{archive}: not a folder", hint="give the archive folder to walk")
    out_dir.mkdir(parents=True, exist_ok=True)
    options = with_budget(options or ParseOptions(), timeout)
    executor = executor or LocalExecutor(workers or min(2, os.cpu_count() or 1), kill_after(options.timeout),
                                         max_tasks_per_worker, hooks=hooks)
    run = _Run(archive, out_dir, options, retry_failed=retry_failed, force=force,
               remove_orphans=remove_orphans, days=days, today=today or dt.date.today(),
               follow_external_links=follow_external_links)
    with run_lock(out_dir, wait_lock), run_hooks.using(hooks):
        sigs = _Signals(grace, executor) if handle_signals else None
        if sigs:
            sigs.__enter__()
        try:
            return run.execute(executor, sigs, on_item)
        except sqlite3.OperationalError as exc:  # disk full, read-only: the state cannot be written
            raise OutputError(f"cannot write the state in {out_dir / STATE_DIR}: {exc}",
                              hint="free space or make the folder writable; the next run resumes") from exc
        except OSError as exc:
            raise OutputError(f"cannot write in {out_dir}: {exc.strerror or exc}",
                              hint="free space or make the folder writable; the next run resumes") from exc
        finally:
            if sigs:
                sigs.__exit__(None, None, None)


class _Run:
    """One run's bookkeeping: the state, the report and its counts, the jobs."""

    def __init__(self, archive: Path, out_dir: Path, options: ParseOptions, *, retry_failed: bool, force: bool,
                 remove_orphans: bool, days: int, today: dt.date, follow_external_links: bool = False):
        self.archive, self.out_dir, self.options = archive, out_dir, options
        self.retry_failed, self.force, self.remove_orphans = retry_failed, force, remove_orphans
        self.days, self.today = days, today
        self.follow_external_links = follow_external_links
        self.versions = (__version__, model_version())
        self.counts = dict.fromkeys(COUNTS, 0)
        self.new_tasks: list[dict] = []
        self.jobs: list[_Job] = []
        # source → (output, page, mode) of the notices whose review page a worker rendered and
        # this run wrote: the exports take their rows and index lines without reading them back
        self.rendered: dict[str, tuple[str, RenderedPage, int]] = {}

    def execute(self, executor: Executor, sigs: _Signals | None, on_item) -> NightlyReport:
        t0 = time.perf_counter()
        with StateStore(self.out_dir, self.versions) as state:
            self.state = state
            self.previous_unfinished = state.unfinished_runs()
            run_id = state.begin_run(now())
            self.report = NightlyReport(run_id=run_id, archive=str(self.archive), out_dir=str(self.out_dir),
                                        started_at=now(), parser_version=self.versions[0],
                                        model_version=self.versions[1], days=self.days,
                                        state_rebuilt=state.moved_aside)
            # Runs that died (kill -9, power cut) while holding this folder: marked, their unreported
            # work reported now as this run's news, their temporary files removed.
            dead = state.mark_dead_runs(now())
            if dead:
                self.report.dead_runs = dead
                self.new_tasks += state.tasks_recorded_by(dead)
                remove_stale_temporaries(self.out_dir)
            with state.transaction():
                self.plan()
            self.parse(executor, on_item)
            return self.finish(sigs, t0)

    # -- what to do --
    def plan(self) -> None:
        """Classify every file of the archive; claim the ones to parse (``pending``), record
        the unreadable, the skipped and the removed."""
        state = self.state
        entries, problems = walk(self.archive, exclude=self.out_dir, follow_external_links=self.follow_external_links)
        rows = state.files()
        run_models = state.run_models()
        names = output_names([e.rel for e in entries])
        for entry in entries:
            row = rows.get(entry.rel)
            output = names[entry.rel]
            try:
                job = self.classify(entry, row, output, run_models)
            except InputError as exc:  # unreadable while hashing: record it, go on
                self.fail(entry, FileProblem(path=entry.rel, error=str(exc), error_code=exc.code), None)
                continue
            if job is None:
                self.counts["unchanged"] += 1
                if row["size"] != entry.size or row["mtime_ns"] != entry.mtime_ns:  # touched, same content
                    state.touch(entry)
                continue
            if job.change == "recovered":
                try:
                    self.adopt(job)
                    self.counts["recovered"] += 1
                    continue
                except (OSError, ValueError):  # not a Notice after all (schema changed): parse again
                    job.change = "new" if row["processed_at"] is None else "changed"
            self.jobs.append(job)
            self.counts[job.change] += 1
            state.claim(entry, output, stamp(self.out_dir / output))
        seen = {e.rel for e in entries}
        for problem in problems:
            seen.add(problem.path)
            self.report.skipped.append(problem)
            self.counts["skipped"] += 1
            state.mark_skipped(problem, rows.get(problem.path))
        for path, row in rows.items():
            if path in seen:
                continue
            if row["status"] != "removed":
                self.counts["removed"] += 1
                self.report.removed.append(path)
                state.mark_removed(path, row, remove_output=self.remove_orphans)
            elif self.remove_orphans and row["output"]:  # removed earlier, output kept until now
                state.drop_output(path, row, remove=True)

    def classify(self, entry: Entry, row, output: str, run_models: dict[int, str]) -> _Job | None:
        """What to do with one file: ``None`` when it is up to date, else a job with its reason."""
        versions = self.versions
        if row is None or row["status"] in ("removed", "skipped"):  # first seen, or back again
            return _Job(entry=entry, output=output, change="new")
        if row["status"] == "pending":
            # Left by a killed run: adopt its output if that run wrote it (the output is not the one
            # there when the row was claimed) and it describes this content with this parser.
            current = stamp(self.out_dir / output)
            if (run_models.get(row["run_id"]) == versions[1] and current and row["claim_stamp"] is not None
                    and current != row["claim_stamp"] and not self.force):
                sha = hash_source(entry.path)
                if output_matches(self.out_dir / output, sha, versions[0]):
                    return _Job(entry=entry, output=output, change="recovered", sha256=sha)
            if row["processed_at"] is None:
                return _Job(entry=entry, output=output, change="new")
            # Claimed by a run that stopped before parsing it: "changed" only if the content is.
            sha = hash_source(entry.path)
            change = "changed" if sha != row["sha256"] else "forced" if self.force else "resumed"
            return _Job(entry=entry, output=output, change=change, sha256=sha)
        if self.force:
            return _Job(entry=entry, output=output, change="forced")
        sha = None
        if row["size"] != entry.size or row["mtime_ns"] != entry.mtime_ns:
            sha = hash_source(entry.path)  # size or mtime moved: only the content tells
            if sha != row["sha256"]:
                return _Job(entry=entry, output=output, change="changed", sha256=sha)
        if (row["parser_version"], row["model_version"]) != versions:  # a new parser may fix a failure too
            return _Job(entry=entry, output=output, change="version", sha256=sha)
        if row["status"] == "failed":
            # An output that could not be written (read-only folder, disk full) is retried every
            # run until it can be; a failure of the document itself only with --retry-failed.
            retry = self.retry_failed or row["error_code"] == "output-error"
            return _Job(entry=entry, output=output, change="retry", sha256=sha) if retry else None
        if row["output"] != output:
            return _Job(entry=entry, output=output, change="version", sha256=sha)
        return None

    def adopt(self, job: _Job) -> None:
        """Record the output a killed run wrote for this file (it matches content and parser)."""
        path = self.out_dir / job.output
        rows = rows_from_output(path, job.entry.rel)
        notice_status = json.loads(path.read_bytes()).get("status")
        self.new_tasks += self.state.record_success(job.entry, job.output, job.sha256, notice_status,
                                                    [r.model_dump(mode="json") for r in rows], 0.0)

    def fail(self, entry: Entry, problem: FileProblem, sha: str | None, seconds: float = 0.0) -> None:
        self.state.record_failure(entry, problem, sha, seconds)
        self.counts["failed"] += 1
        self.report.failed.append(problem)

    # -- the work --
    def parse(self, executor: Executor, on_item) -> None:
        """Hand the jobs to the executor; write each output (atomically, before its row says
        ``done``) and record each result as it comes back."""
        if not self.jobs:
            return
        by_key = {job.entry.rel: job for job in self.jobs}
        # The workers render each notice's review page too: the coordinator only writes it.
        work = [DocumentJob(key=job.entry.rel, path=job.entry.path, options=self.options,
                            page=PageRequest(source=job.entry.rel, output=job.output)) for job in self.jobs]
        done = 0
        for result in executor.run(work):
            job = by_key[result.key]
            if result.error_code == "abandoned":
                continue  # stays pending: the next run picks it up
            self.record(job, result)
            done += 1
            if on_item:
                on_item(job.entry.rel, done, len(self.jobs))

    def record(self, job: _Job, result: DocumentResult) -> None:
        report = self.report
        if result.worker_max_rss_kb:
            report.worker_max_rss_kb = max(report.worker_max_rss_kb or 0, result.worker_max_rss_kb)
        report.worker_cpu_seconds += result.cpu_seconds or 0.0
        if result.ok:
            mode = output_mode(job.entry.path)
            try:
                write_atomic(self.out_dir / job.output, result.notice_json, mode)
            except OSError as exc:  # this file fails (and is retried next run); the run goes on
                result = DocumentResult.failure(result.key, f"cannot write {job.output}: {exc.strerror or exc}",
                                                "output-error", sha256=result.sha256, seconds=result.seconds)
            else:
                if store_review_page(self.out_dir, job.output, result.review_page, mode):
                    self.rendered[job.entry.rel] = (job.output, result.review_page, mode)
        with self.state.transaction():
            if result.ok:
                self.new_tasks += self.state.record_success(
                    job.entry, job.output, result.sha256, result.status,
                    [t.model_dump(mode="json") for t in result.tasks], result.seconds)
                self.counts["parsed"] += 1
            else:
                self.fail(job.entry, FileProblem(path=job.entry.rel, error=result.error or "failed",
                                                 error_code=result.error_code),
                          result.sha256 or job.sha256, result.seconds)

    # -- the end --
    def write_exports(self) -> None:
        """Every export (tasks.csv, .xlsx, .ics, .jsonl) and the review index with a page per
        notice, from the current outputs, each replacing the last only once complete — rewritten
        only when a task row changed or a file is missing, so an unchanged rerun of a large archive
        reads nothing. Pages are rendered again only for outputs newer than their page, and the
        pages of files gone from the archive go."""
        names = [*FILE_NAMES.values(), INDEX_NAME]
        # A run that stopped before its end may have recorded tasks without exporting them.
        if (not self.state.tasks_changed and not self.previous_unfinished
                and all((self.out_dir / name).exists() for name in names)):
            return
        exporter = Exporter(self.out_dir, FORMATS, html=True, today=self.today, days=self.days, keep_current_pages=True)
        for rel, output in self.state.done_outputs():
            rendered = self.rendered.pop(rel, None)
            if rendered is not None and rendered[0] == output:
                exporter.add_rendered(rendered[1], rendered[2])
                continue
            try:
                exporter.add_output(self.out_dir / output, rel)
            except (OSError, ValueError) as exc:
                # An output removed or damaged by hand since is not exported until parsed again;
                # a review page that cannot be written (a file where its folder goes) leaves the
                # notice out of the index: never silently, the report says so.
                if isinstance(exc, OSError) and exc.filename and Path(exc.filename) != self.out_dir / output:
                    self.report.export_errors.append(f"cannot write the review page of {rel}: {exc.strerror or exc}")
                continue
        try:
            exporter.finish(prune_pages=True)
        except OSError as exc:  # disk full, read-only, a folder in the way: said in the report
            self.report.export_errors.append(f"cannot write the exports: {exc.strerror or exc}")

    def finish(self, sigs: _Signals | None, t0: float) -> NightlyReport:
        """Exports, the report and its exit code, the run's row."""
        report, counts = self.report, self.counts
        self.write_exports()
        report.new_tasks = sorted((TaskRow.model_validate(t) for t in self.new_tasks), key=lambda r: r.source)
        report.upcoming_deadlines = [
            UpcomingDeadline(date=d, source=r.source, directive_id=r.directive_id, text=r.text,
                             lead_agencies=r.lead_agencies, recurrence=r.recurrence)
            for d, r in upcoming(self.state.all_task_rows(dated_only=True), self.today, self.days)
        ]
        report.still_failing = self.state.still_failing()
        report.counts = counts
        if sigs is not None and sigs.received:
            report.interrupted = signal.Signals(sigs.received).name
            report.exit_code = ExitCode.signalled(sigs.received)
        elif report.export_errors:
            report.exit_code = int(ExitCode.OUTPUT_ERROR)
        elif report.state_rebuilt:
            report.exit_code = int(ExitCode.STATE_REBUILT)
        else:
            report.exit_code = int(ExitCode.FILES_FAILED if report.failed else ExitCode.OK)
        report.finished_at = now()
        report.seconds = round(time.perf_counter() - t0, 3)
        # the report quotes tasks of every output: no more readable than the least readable one
        mode = combined_mode(self.out_dir / output for _, output in self.state.done_outputs())
        write_atomic(self.out_dir / REPORT_NAME, report.model_dump_json(indent=1), mode)
        self.state.finish_run(report.finished_at, "interrupted" if report.interrupted else "finished",
                              report.exit_code, report.seconds, counts)
        return report

"""Nightly runs over an archive folder: incremental, crash-safe, parallel, locked, reported.

``run_nightly(archive, out_dir)`` walks the archive, works out from the state database
(SQLite, ``OUT_DIR/.nightly/state.sqlite``) which files are new or changed, parses those in a
:class:`~notice_parser.workers.WorkerPool`, writes ``OUT_DIR/<relative path>.json`` atomically,
regenerates the archive-wide task export and returns a :class:`NightlyReport`.

Crash safety rests on three orderings:

1. every discovered file is recorded (``pending``) before any work starts, so a kill never
   loses a source from the state;
2. a worker writes the output (temporary file, fsync, rename) *before* the parent records
   ``done``; a run killed in between finds, next time, a ``pending`` row whose output is a new
   file (not the one that was there when the row was claimed: ``claim_stamp``) describing the
   current content and parser version, and adopts it without parsing again;
3. the database runs in WAL mode, which survives a killed writer.

Exit codes (``NightlyReport.exit_code``): 0 every file processed in this run succeeded;
1 some files failed (each is in the report with its error); 75 another run holds the lock
(:class:`NightlyLocked`); 128 + signal number when stopped by SIGINT (130) or SIGTERM (143).
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import signal
import sqlite3
import stat
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from . import __version__
from .batch import output_names as batch_output_names
from .batch import init_worker, write_atomic
from .errors import InputError, NoticeParserError
from .ingest import is_supported_path, read_input
from .ingest.slots import batch_slots
from .options import ParseOptions
from .pipeline import parse_file
from .repair.lm import MODEL_DIR
from .schema import Notice
from .tasks_export import TaskRow, rows_from_output, task_rows, to_csv, to_jsonl, upcoming
from .workers import FaultPlan, WorkerPool, check_read

STATE_DIR = ".nightly"
DB_NAME = "state.sqlite"
LOCK_NAME = "lock"
REPORT_NAME = "nightly-report.json"
TASKS_CSV = "tasks.csv"
TASKS_JSONL = "tasks.jsonl"
RESERVED_OUTPUTS = frozenset({REPORT_NAME})
SCHEMA_VERSION = "1"

EXIT_OK = 0
EXIT_FILES_FAILED = 1
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later

# Names that editors, office suites and downloads leave behind while a file is being written.
_TEMP_PREFIXES = (".", "~$", "#")
_TEMP_SUFFIXES = ("~", ".tmp", ".temp", ".part", ".partial", ".crdownload", ".swp")

Change = Literal["new", "changed", "version", "retry", "forced", "recovered"]


class NightlyLocked(NoticeParserError):
    """Another run holds the lock on this output folder."""

    code = "locked"
    exit_code = EXIT_LOCKED


class FileProblem(BaseModel):
    path: str
    error: str
    error_code: str | None = None


class UpcomingDeadline(BaseModel):
    date: dt.date
    source: str
    directive_id: str
    text: str
    lead_agencies: list[str] = Field(default_factory=list)
    recurrence: str | None = None


class NightlyReport(BaseModel):
    run_id: int
    archive: str
    out_dir: str
    started_at: str
    finished_at: str | None = None
    seconds: float = 0.0
    parser_version: str
    model_version: str
    counts: dict[str, int] = Field(default_factory=dict)
    failed: list[FileProblem] = Field(default_factory=list, description="files that failed in this run")
    still_failing: int = Field(default=0, description="files in the archive whose last attempt failed")
    skipped: list[FileProblem] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    new_tasks: list[TaskRow] = Field(default_factory=list, description=(
        "tasks that appeared in this run: every directive of a new file, the new or altered ones of a changed file"))
    days: int = 14
    upcoming_deadlines: list[UpcomingDeadline] = Field(default_factory=list)
    interrupted: str | None = Field(default=None, description="signal that stopped the run, if any")
    worker_max_rss_kb: int | None = Field(default=None, description="peak resident memory of a worker")
    worker_cpu_seconds: float = Field(default=0.0, description="CPU time the workers spent on documents")
    exit_code: int = EXIT_OK


# ---------------------------------------------------------------- versions and hashing

def model_version() -> str:
    """Digest of what decides an output: the parser's code, its data files and the models it
    loads. A retrained model, an edited gazetteer or an upgraded rule changes it, and with it
    every output is due for a re-parse (once), so the archive's JSON reflects the parser that
    runs tonight."""
    roots = [Path(__file__).resolve().parent, MODEL_DIR]
    digest = hashlib.sha256()
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")
                           and "__pycache__" not in p.parts and p.suffix != ".pyc"):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(_sha256_of(path).encode())
    return digest.hexdigest()[:16]


def _sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def hash_source(path: str | Path, faults: FaultPlan | None = None) -> str:
    """SHA-256 of a source file; read errors become :class:`InputError`, as in parsing."""
    try:
        check_read(path, faults)
    except PermissionError as exc:  # injected (tests run as root): the message read_input gives
        raise InputError(f"{path}: permission denied") from exc
    return hashlib.sha256(read_input(path)).hexdigest()


# ---------------------------------------------------------------- the archive walk

class Entry(BaseModel):
    rel: str
    path: str
    size: int
    mtime_ns: int


def _is_temporary(name: str) -> bool:
    return name.startswith(_TEMP_PREFIXES) or name.endswith(_TEMP_SUFFIXES)


def walk_archive(root: Path, exclude: Path | None = None) -> tuple[list[Entry], list[FileProblem]]:
    """Supported regular files below ``root`` (symlinks followed, each folder visited once so
    loops end), and the supported-looking names that cannot be read as files (FIFOs, sockets,
    devices, dangling links), which are reported as skipped."""
    entries: list[Entry] = []
    problems: list[FileProblem] = []
    excluded = set()
    if exclude is not None and exclude.exists():
        st = exclude.stat()
        excluded.add((st.st_dev, st.st_ino))
    root_st = root.stat()
    visited = {(root_st.st_dev, root_st.st_ino)}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                children = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(FileProblem(path=_rel(folder, root), error=f"cannot list folder: {exc.strerror or exc}",
                                        error_code="bad-input"))
            continue
        for child in children:
            if _is_temporary(child.name):
                continue
            try:
                is_dir = child.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                try:
                    st = child.stat(follow_symlinks=True)
                except OSError:
                    continue
                key = (st.st_dev, st.st_ino)
                if key not in visited and key not in excluded:
                    visited.add(key)
                    stack.append(Path(child.path))
                continue
            if not is_supported_path(Path(child.name)):
                continue
            rel = _rel(Path(child.path), root)
            try:
                st = child.stat(follow_symlinks=True)
            except OSError as exc:
                problems.append(FileProblem(path=rel, error=f"cannot stat ({exc.strerror or exc}); dangling link?",
                                            error_code="bad-input"))
                continue
            if not stat.S_ISREG(st.st_mode):
                problems.append(FileProblem(path=rel, error="not a regular file (FIFO, socket or device)",
                                            error_code="bad-input"))
                continue
            entries.append(Entry(rel=rel, path=child.path, size=st.st_size, mtime_ns=st.st_mtime_ns))
    entries.sort(key=lambda e: e.rel)
    problems.sort(key=lambda p: p.path)
    return entries, problems


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def output_names(rels: list[str]) -> dict[str, str]:
    """Output path per source, as :func:`batch.output_names` makes them (``a/b.txt`` →
    ``a/b.json``; of two sources sharing a stem the later keeps its suffix), with the run
    report's name reserved."""
    return batch_output_names(rels, RESERVED_OUTPUTS)


# ---------------------------------------------------------------- state database

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL,
    parser_version TEXT NOT NULL, model_version TEXT NOT NULL,
    exit_code INTEGER, seconds REAL, counts TEXT
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER, mtime_ns INTEGER, sha256 TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed', 'skipped', 'removed')),
    notice_status TEXT, error TEXT, error_code TEXT,
    output TEXT, output_sha256 TEXT,
    parser_version TEXT, model_version TEXT,
    seconds REAL, attempts INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL, processed_at TEXT, run_id INTEGER,
    claim_stamp TEXT  -- inode:mtime of the output when the row became pending ('' = none)
);
CREATE TABLE IF NOT EXISTS tasks (
    path TEXT NOT NULL, ord INTEGER NOT NULL, row TEXT NOT NULL, PRIMARY KEY (path, ord)
);
"""


def open_state(out_dir: Path) -> sqlite3.Connection:
    state_dir = out_dir / STATE_DIR
    state_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(state_dir / DB_NAME, timeout=30, isolation_level=None)
    db.row_factory = sqlite3.Row
    # WAL survives a killed writer; NORMAL skips an fsync per commit (a power cut may lose the
    # last commits, never the database; the lost files are simply parsed again next run).
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(_SCHEMA)
    if "claim_stamp" not in {r[1] for r in db.execute("PRAGMA table_info(files)")}:  # state from before it
        db.execute("ALTER TABLE files ADD COLUMN claim_stamp TEXT")
    db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    return db


@contextmanager
def _transaction(db: sqlite3.Connection):
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# ---------------------------------------------------------------- the lock

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


# ---------------------------------------------------------------- the worker side

def process_document(path: str, output: str, rel: str, options: ParseOptions) -> dict:
    """Parse one source and write its output (runs in a worker); input errors are results."""
    sha = None
    try:
        sha = hash_source(path)
        notice = parse_file(path, options)
    except NoticeParserError as exc:
        return {"ok": False, "error": str(exc), "error_code": exc.code, "sha256": sha}
    write_atomic(Path(output), notice.to_json())
    return {"ok": True, "sha256": notice.source.sha256 or sha, "notice_status": notice.status,
            "tasks": [row.model_dump(mode="json") for row in task_rows(notice, rel)]}


# ---------------------------------------------------------------- the run

class _Job(BaseModel):
    entry: Entry
    output: str
    change: str
    sha256: str | None = None


class _Signals:
    """First SIGINT/SIGTERM: stop dispatching, let in-flight documents finish (up to ``grace``
    seconds); a second one abandons them. Abandoned files stay ``pending`` for the next run."""

    def __init__(self, grace: float):
        self.grace = grace
        self.received: int | None = None
        self.pool: WorkerPool | None = None
        self._old = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum, frame):
        first = self.received is None
        self.received = self.received or signum
        if self.pool is not None:
            if first:
                self.pool.stop(grace=self.grace)
            else:
                self.pool.abandon()

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
    max_tasks_per_worker: int = 200,
    retry_failed: bool = False,
    force: bool = False,
    remove_orphans: bool = False,
    days: int = 14,
    today: dt.date | None = None,
    wait_lock: float = 0.0,
    handle_signals: bool = False,
    grace: float = 30.0,
    on_item: Callable[[str, int, int], None] | None = None,
) -> NightlyReport:
    """Bring ``out_dir`` up to date with ``archive``; see the module docstring.

    Raises :class:`InputError` when the archive is not a folder and :class:`NightlyLocked`
    when another run holds the lock; every per-file problem is in the report instead.
    """
    options = options or ParseOptions()
    archive = Path(archive).resolve()
    out_dir = Path(out_dir).resolve()
    if not archive.is_dir():
        raise InputError(f"{archive}: not a folder", hint="give the archive folder to walk")
    out_dir.mkdir(parents=True, exist_ok=True)
    with run_lock(out_dir, wait_lock):
        sigs = _Signals(grace) if handle_signals else None
        if sigs:
            sigs.__enter__()
        try:
            return _run(archive, out_dir, options, workers=workers or min(2, os.cpu_count() or 1), timeout=timeout,
                        max_tasks=max_tasks_per_worker, retry_failed=retry_failed, force=force,
                        remove_orphans=remove_orphans, days=days, today=today or dt.date.today(), sigs=sigs,
                        on_item=on_item)
        finally:
            if sigs:
                sigs.__exit__(None, None, None)


def _run(archive: Path, out_dir: Path, options: ParseOptions, *, workers: int, timeout: float, max_tasks: int,
         retry_failed: bool, force: bool, remove_orphans: bool, days: int, today: dt.date,
         sigs: _Signals | None, on_item) -> NightlyReport:
    t0 = time.perf_counter()
    faults = FaultPlan.from_env()
    versions = (__version__, model_version())
    db = open_state(out_dir)
    try:
        previous_unfinished = db.execute("SELECT COUNT(*) FROM runs WHERE finished_at IS NULL").fetchone()[0]
        run_id = db.execute("INSERT INTO runs (started_at, status, parser_version, model_version) VALUES (?,?,?,?)",
                            (_now(), "running", *versions)).lastrowid
        report = NightlyReport(run_id=run_id, archive=str(archive), out_dir=str(out_dir), started_at=_now(),
                               parser_version=versions[0], model_version=versions[1], days=days)
        if previous_unfinished:
            _remove_stale_temporaries(out_dir)
        entries, problems = walk_archive(archive, exclude=out_dir)
        rows = {r["path"]: r for r in db.execute("SELECT * FROM files")}
        run_models = {r["id"]: r["model_version"] for r in db.execute("SELECT id, model_version FROM runs")}
        names = output_names([e.rel for e in entries])
        counts = dict.fromkeys(["new", "changed", "unchanged", "version", "retry", "forced", "recovered",
                                "failed", "skipped", "removed", "parsed"], 0)
        jobs: list[_Job] = []
        new_tasks: list[dict] = []
        now = _now()

        with _transaction(db):
            for entry in entries:
                row = rows.get(entry.rel)
                output = names[entry.rel]
                try:
                    job = _classify(entry, row, output, versions, run_models, out_dir, force, retry_failed, faults)
                except InputError as exc:  # unreadable while hashing: record it, go on
                    _record_failure(db, entry, row, None, str(exc), exc.code, 0.0, run_id, versions, out_dir, now)
                    counts["failed"] += 1
                    report.failed.append(FileProblem(path=entry.rel, error=str(exc), error_code=exc.code))
                    continue
                if job is None:
                    counts["unchanged"] += 1
                    if row["size"] != entry.size or row["mtime_ns"] != entry.mtime_ns:  # touched, same content
                        db.execute("UPDATE files SET size=?, mtime_ns=? WHERE path=?",
                                   (entry.size, entry.mtime_ns, entry.rel))
                    continue
                if job.change == "recovered":
                    try:
                        new_tasks += _adopt(db, job, run_id, versions, out_dir, now)
                        counts["recovered"] += 1
                        continue
                    except (OSError, ValueError):  # not a Notice after all (schema changed): parse again
                        job.change = "new" if row["processed_at"] is None else "changed"
                jobs.append(job)
                counts[job.change] += 1
                db.execute(
                    "INSERT INTO files (path, size, mtime_ns, status, output, first_seen, run_id, claim_stamp)"
                    " VALUES (?,?,?,'pending',?,?,?,?) ON CONFLICT(path) DO UPDATE SET size=excluded.size,"
                    " mtime_ns=excluded.mtime_ns, status='pending', run_id=excluded.run_id,"
                    " claim_stamp=CASE WHEN files.status='pending' THEN files.claim_stamp ELSE excluded.claim_stamp END",
                    (entry.rel, entry.size, entry.mtime_ns, output, now, run_id, _stamp(out_dir / output)))
            seen = {e.rel for e in entries}
            for problem in problems:
                seen.add(problem.path)
                report.skipped.append(problem)
                counts["skipped"] += 1
                db.execute(
                    "INSERT INTO files (path, status, error, error_code, first_seen, run_id) VALUES (?,?,?,?,?,?)"
                    " ON CONFLICT(path) DO UPDATE SET status='skipped', error=excluded.error,"
                    " error_code=excluded.error_code, run_id=excluded.run_id",
                    (problem.path, "skipped", problem.error, problem.error_code, now, run_id))
                _drop_output(db, problem.path, rows.get(problem.path), out_dir, remove=True)
            for path, row in rows.items():
                if path in seen:
                    continue
                if row["status"] != "removed":
                    counts["removed"] += 1
                    report.removed.append(path)
                    db.execute("UPDATE files SET status='removed', run_id=? WHERE path=?", (run_id, path))
                    _drop_output(db, path, row, out_dir, remove=remove_orphans)
                elif remove_orphans and row["output"]:  # removed earlier, output kept until now
                    _drop_output(db, path, row, out_dir, remove=True)

        new_tasks += _parse_all(db, jobs, out_dir, options, workers, timeout, max_tasks, faults, run_id,
                                versions, counts, report, sigs, on_item)

        all_rows = _all_task_rows(db)
        write_atomic(out_dir / TASKS_CSV, to_csv(all_rows))
        write_atomic(out_dir / TASKS_JSONL, to_jsonl(all_rows))
        report.new_tasks = sorted((TaskRow.model_validate(t) for t in new_tasks), key=lambda r: r.source)
        report.upcoming_deadlines = [
            UpcomingDeadline(date=d, source=r.source, directive_id=r.directive_id, text=r.text,
                             lead_agencies=r.lead_agencies, recurrence=r.recurrence)
            for d, r in upcoming(all_rows, today, days)
        ]
        report.still_failing = db.execute("SELECT COUNT(*) FROM files WHERE status='failed'").fetchone()[0]
        report.counts = counts
        if sigs is not None and sigs.received:
            report.interrupted = signal.Signals(sigs.received).name
            report.exit_code = 128 + sigs.received
        else:
            report.exit_code = EXIT_FILES_FAILED if report.failed else EXIT_OK
        report.finished_at = _now()
        report.seconds = round(time.perf_counter() - t0, 3)
        write_atomic(out_dir / REPORT_NAME, report.model_dump_json(indent=1))
        db.execute("UPDATE runs SET finished_at=?, status=?, exit_code=?, seconds=?, counts=? WHERE id=?",
                   (report.finished_at, "interrupted" if report.interrupted else "finished", report.exit_code,
                    report.seconds, json.dumps(counts), run_id))
        return report
    finally:
        db.close()


def _classify(entry: Entry, row, output: str, versions, run_models, out_dir: Path, force: bool, retry_failed: bool,
              faults: FaultPlan) -> _Job | None:
    """What to do with one file: ``None`` when it is up to date, else a job with its reason."""
    if row is None or row["status"] in ("removed", "skipped"):  # first seen, or back again
        return _Job(entry=entry, output=output, change="new")
    if row["status"] == "pending":
        # Left by a killed run: adopt its output if that run wrote it (the output is not the one
        # there when the row was claimed) and it describes this content with this parser.
        stamp = _stamp(out_dir / output)
        if (run_models.get(row["run_id"]) == versions[1] and stamp and row["claim_stamp"] is not None
                and stamp != row["claim_stamp"] and not force):
            sha = hash_source(entry.path, faults)
            if _output_matches(out_dir / output, sha, versions[0]):
                return _Job(entry=entry, output=output, change="recovered", sha256=sha)
        return _Job(entry=entry, output=output, change="new" if row["processed_at"] is None else "changed")
    if force:
        return _Job(entry=entry, output=output, change="forced")
    sha = None
    if row["size"] != entry.size or row["mtime_ns"] != entry.mtime_ns:
        sha = hash_source(entry.path, faults)  # size or mtime moved: only the content tells
        if sha != row["sha256"]:
            return _Job(entry=entry, output=output, change="changed", sha256=sha)
    if (row["parser_version"], row["model_version"]) != versions:  # a new parser may fix a failure too
        return _Job(entry=entry, output=output, change="version", sha256=sha)
    if row["status"] == "failed":
        return _Job(entry=entry, output=output, change="retry", sha256=sha) if retry_failed else None
    if row["output"] != output:
        return _Job(entry=entry, output=output, change="version", sha256=sha)
    return None


def _stamp(path: Path) -> str:
    """Identity of an output file version: write_atomic's rename always gives a new inode."""
    try:
        st = path.stat()
    except OSError:
        return ""
    return f"{st.st_ino}:{st.st_mtime_ns}"


def _output_matches(path: Path, sha: str | None, parser_version: str) -> bool:
    try:
        head = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return head.get("source", {}).get("sha256") == sha and head.get("parser_version") == parser_version


def _adopt(db, job: _Job, run_id: int, versions, out_dir: Path, now: str) -> list[dict]:
    rows = rows_from_output(out_dir / job.output, job.entry.rel)
    notice_status = json.loads((out_dir / job.output).read_bytes()).get("status")
    return _record_success(db, job.entry, job.output, job.sha256, notice_status, [r.model_dump(mode="json") for r in rows],
                    0.0, run_id, versions, now)


def _task_key(task: dict) -> tuple:
    return task["text"], task.get("deadline_date"), tuple(task.get("lead_agencies") or ())


def _record_success(db, entry: Entry, output: str, sha: str, notice_status: str | None, tasks: list[dict],
                    seconds: float, run_id: int, versions, now: str) -> list[dict]:
    """Record a parsed file and its tasks; returns the tasks it did not have before (the new
    directives of a changed notice, every directive of a new one)."""
    before = {_task_key(json.loads(r[0])) for r in db.execute("SELECT row FROM tasks WHERE path=?", (entry.rel,))}
    db.execute(
        "UPDATE files SET size=?, mtime_ns=?, sha256=?, status='done', notice_status=?, error=NULL, error_code=NULL,"
        " output=?, output_sha256=?, parser_version=?, model_version=?, seconds=?, attempts=attempts+1,"
        " processed_at=?, run_id=? WHERE path=?",
        (entry.size, entry.mtime_ns, sha, notice_status, output, sha, *versions, seconds, now, run_id, entry.rel))
    db.execute("DELETE FROM tasks WHERE path=?", (entry.rel,))
    db.executemany("INSERT INTO tasks (path, ord, row) VALUES (?,?,?)",
                   [(entry.rel, i, json.dumps(t, ensure_ascii=False)) for i, t in enumerate(tasks)])
    return [t for t in tasks if _task_key(t) not in before]


def _record_failure(db, entry: Entry, row, sha: str | None, error: str, code: str | None, seconds: float,
                    run_id: int, versions, out_dir: Path, now: str) -> None:
    db.execute(
        "INSERT INTO files (path, size, mtime_ns, sha256, status, error, error_code, parser_version, model_version,"
        " seconds, attempts, first_seen, processed_at, run_id) VALUES (?,?,?,?,'failed',?,?,?,?,?,1,?,?,?)"
        " ON CONFLICT(path) DO UPDATE SET size=excluded.size, mtime_ns=excluded.mtime_ns,"
        " sha256=coalesce(excluded.sha256, sha256), status='failed', error=excluded.error,"
        " error_code=excluded.error_code, parser_version=excluded.parser_version,"
        " model_version=excluded.model_version, seconds=excluded.seconds, attempts=attempts+1,"
        " processed_at=excluded.processed_at, run_id=excluded.run_id",
        (entry.rel, entry.size, entry.mtime_ns, sha, error, code, *versions, seconds, now, now, run_id))
    # An output made from other content is now wrong: remove it (and its tasks). When the
    # content is unknown (unreadable, worker died before hashing) or the same (a re-parse for a
    # new version that failed), the output still describes the file and is kept.
    if row is not None and row["output"] and sha is not None and row["output_sha256"] != sha:
        _drop_output(db, entry.rel, row, out_dir, remove=True)


def _drop_output(db, path: str, row, out_dir: Path, *, remove: bool) -> None:
    db.execute("DELETE FROM tasks WHERE path=?", (path,))
    if remove and row is not None and row["output"]:
        try:
            (out_dir / row["output"]).unlink()
        except FileNotFoundError:
            pass
        db.execute("UPDATE files SET output=NULL, output_sha256=NULL WHERE path=?", (path,))


def _parse_all(db, jobs: list[_Job], out_dir: Path, options, workers: int, timeout: float, max_tasks: int,
               faults: FaultPlan, run_id: int, versions, counts, report: NightlyReport, sigs, on_item) -> set[str]:
    new_tasks: list[dict] = []
    if not jobs:
        return new_tasks
    by_key = {job.entry.rel: job for job in jobs}
    tasks = [(job.entry.rel, (job.entry.path, str(out_dir / job.output), job.entry.rel, options)) for job in jobs]
    # One budget of Tesseract processes (= cores) shared by all workers, as in batch: a long
    # scanned document at the end of the run OCRs its pages on every core (ingest/slots.py).
    with batch_slots() as slots:
        pool = WorkerPool(process_document, workers=min(workers, len(jobs)), timeout=timeout,
                          max_tasks_per_worker=max_tasks, faults=faults,
                          initializer=partial(init_worker, slots.initializer))
        if sigs is not None:
            sigs.pool = pool
            if sigs.received:
                pool.stop()
        done = 0
        try:
            for result in pool.imap_unordered(tasks):
                job = by_key[result.key]
                if result.error_code == "abandoned":
                    continue  # stays pending: the next run picks it up
                if result.worker_max_rss_kb:
                    report.worker_max_rss_kb = max(report.worker_max_rss_kb or 0, result.worker_max_rss_kb)
                report.worker_cpu_seconds += result.cpu_seconds or 0.0
                value = result.value if result.ok else {"ok": False, "error": result.error,
                                                        "error_code": result.error_code, "sha256": None}
                now = _now()
                with _transaction(db):
                    if value["ok"]:
                        new_tasks += _record_success(db, job.entry, job.output, value["sha256"],
                                                     value["notice_status"], value["tasks"], result.seconds, run_id,
                                                     versions, now)
                        counts["parsed"] += 1
                    else:
                        row = db.execute("SELECT * FROM files WHERE path=?", (job.entry.rel,)).fetchone()
                        _record_failure(db, job.entry, row, value["sha256"] or job.sha256, value["error"],
                                        value["error_code"], result.seconds, run_id, versions, out_dir, now)
                        counts["failed"] += 1
                        report.failed.append(FileProblem(path=job.entry.rel, error=value["error"],
                                                         error_code=value["error_code"]))
                done += 1
                if on_item:
                    on_item(job.entry.rel, done, len(jobs))
        finally:
            if sigs is not None:
                sigs.pool = None
            pool.close()
    return new_tasks


def _all_task_rows(db) -> list[TaskRow]:
    rows = db.execute("SELECT t.row FROM tasks t JOIN files f ON f.path = t.path WHERE f.status = 'done'"
                      " ORDER BY t.path, t.ord")
    return [TaskRow.model_validate_json(r[0]) for r in rows]


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files a killed run left behind (``write_atomic`` names them ``.NAME.*.tmp``)."""
    for root, dirs, files in os.walk(out_dir):
        dirs[:] = [d for d in dirs if d != STATE_DIR]
        for name in files:
            if name.startswith(".") and name.endswith(".tmp"):
                try:
                    os.unlink(os.path.join(root, name))
                except FileNotFoundError:
                    pass


def check_outputs(out_dir: str | Path) -> list[str]:
    """Output files under ``out_dir`` that do not parse as a complete Notice (for audits)."""
    out_dir = Path(out_dir)
    bad = []
    for path in sorted(out_dir.rglob("*.json")):
        rel = path.relative_to(out_dir)
        if rel.parts[0] == STATE_DIR or rel.as_posix() in RESERVED_OUTPUTS:
            continue
        try:
            Notice.model_validate_json(path.read_bytes())
        except ValueError:
            bad.append(str(path))
    return bad


def format_summary(report: NightlyReport, *, limit: int = 20) -> str:
    """A short human summary of a run (what the CLI prints)."""
    c = report.counts
    lines = [
        f"nightly run {report.run_id}: {c.get('new', 0)} new, {c.get('changed', 0)} changed, "
        f"{c.get('unchanged', 0)} unchanged, {c.get('failed', 0)} failed, {c.get('removed', 0)} removed, "
        f"{c.get('skipped', 0)} skipped ({c.get('parsed', 0)} parsed in {report.seconds:.1f} s)",
    ]
    extra = [f"{c[k]} {label}" for k, label in (("version", "re-parsed for a new parser/model version"),
                                               ("retry", "retried"), ("forced", "forced"),
                                               ("recovered", "recovered from an interrupted run")) if c.get(k)]
    if extra:
        lines.append("  also: " + ", ".join(extra))
    if report.interrupted:
        lines.append(f"  INTERRUPTED by {report.interrupted}: unfinished files will be parsed by the next run")
    for problem in report.failed[:limit]:
        lines.append(f"  FAILED {problem.path}: {problem.error}")
    for problem in report.skipped[:limit]:
        lines.append(f"  SKIPPED {problem.path}: {problem.error}")
    if report.new_tasks:
        lines.append(f"new tasks ({len(report.new_tasks)}):")
        for row in report.new_tasks[:limit]:
            who = ", ".join(row.lead_agencies) or "-"
            when = row.deadline_date.isoformat() if row.deadline_date else (row.recurrence or "-")
            lines.append(f"  [{when}] {who}: {_short(row.text)}  ({row.source} #{row.directive_id})")
        if len(report.new_tasks) > limit:
            lines.append(f"  ... and {len(report.new_tasks) - limit} more in {TASKS_CSV}")
    if report.upcoming_deadlines:
        lines.append(f"deadlines in the next {report.days} days ({len(report.upcoming_deadlines)}):")
        for item in report.upcoming_deadlines[:limit]:
            who = ", ".join(item.lead_agencies) or "-"
            lines.append(f"  {item.date.isoformat()} {who}: {_short(item.text)}  ({item.source} #{item.directive_id})")
    if report.still_failing > len(report.failed):
        lines.append(f"{report.still_failing} files in the archive still fail (--retry-failed tries them again)")
    return "\n".join(lines)


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"

"""The nightly state: one SQLite database per output folder (``OUT/.nightly/state.sqlite``),
written only by the coordinating process.

Per file: size, mtime, SHA-256, status (pending / done / failed / skipped / removed), error,
output, parser and model version, timings; per run: when, versions, exit code, counts; per
parsed file: its task rows, from which the archive-wide exports are made.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from ..runner.discovery import Entry, FileProblem
from ..export.rows import TaskRow
from .paths import DB_NAME, STATE_DIR

SCHEMA_VERSION = "1"

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


def _corrupt(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "not a database", "corrupt", "quick_check", "file is encrypted"))


def _move_aside(path: Path, exc: Exception) -> str:
    """Rename a corrupt database (and its WAL and shared-memory files) out of the way, keeping
    it for inspection: ``state.sqlite.corrupt-<UTC time>``."""
    suffix = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{suffix}")
    for extra in ("", "-wal", "-shm"):
        try:
            os.replace(f"{path}{extra}", f"{target}{extra}")
        except FileNotFoundError:
            pass
    return f"{target} ({type(exc).__name__}: {exc})"


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _task_key(task: dict) -> tuple:
    return task["text"], task.get("deadline_date"), tuple(task.get("lead_agencies") or ())


class StateStore:
    """The state of one output folder, and the run that is recording into it.

    ``versions`` is (parser version, model version) of this run; :meth:`begin_run` opens the
    run's row, and every ``record_*`` call is stamped with it. Outputs of files that changed or
    went away are removed here, together with their rows, so files and outputs never disagree.
    """

    def __init__(self, out_dir: Path, versions: tuple[str, str]):
        self.out_dir = out_dir
        self.versions = versions
        self.run_id: int | None = None
        # Whether this run changed any task row: the archive-wide exports are rewritten only then.
        self.tasks_changed = False
        state_dir = out_dir / STATE_DIR
        state_dir.mkdir(parents=True, exist_ok=True)
        self.moved_aside: str | None = None  # where a corrupt database went, when it was rebuilt
        try:
            self._open(state_dir / DB_NAME)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _corrupt(exc):
                raise  # locked, disk full, read-only: the database is fine, the run cannot write it
            self.moved_aside = _move_aside(state_dir / DB_NAME, exc)
            self._open(state_dir / DB_NAME)

    def _open(self, path: Path) -> None:
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            self._prepare()
        except BaseException:
            self.db.close()
            raise

    def _prepare(self) -> None:
        self.db.row_factory = sqlite3.Row
        # A half-truncated file or a junk header fails here, not half-way through the run.
        if (check := self.db.execute("PRAGMA quick_check").fetchone()[0]) != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {check}")
        # WAL survives a killed writer; NORMAL skips an fsync per commit (a power cut may lose the
        # last commits, never the database; the lost files are simply parsed again next run).
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        if "claim_stamp" not in {r[1] for r in self.db.execute("PRAGMA table_info(files)")}:  # state from before it
            self.db.execute("ALTER TABLE files ADD COLUMN claim_stamp TEXT")
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- runs --
    def unfinished_runs(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM runs WHERE finished_at IS NULL").fetchone()[0]

    def mark_dead_runs(self, seen_at: str) -> list[int]:
        """Runs that never finished (killed: this run holds the lock, so none is alive) are
        marked ``dead``; returns their ids."""
        ids = [r[0] for r in self.db.execute("SELECT id FROM runs WHERE finished_at IS NULL AND id != ?",
                                             (self.run_id or -1,))]
        self.db.execute("UPDATE runs SET status='dead', finished_at=? WHERE finished_at IS NULL AND id != ?",
                        (seen_at, self.run_id or -1))
        return ids

    def tasks_recorded_by(self, run_ids: list[int]) -> list[dict]:
        """Task rows of the files that the given runs recorded (a killed run's work, unreported)."""
        if not run_ids:
            return []
        marks = ",".join("?" * len(run_ids))
        rows = self.db.execute(f"SELECT t.row FROM tasks t JOIN files f ON f.path = t.path WHERE f.status='done'"
                               f" AND f.run_id IN ({marks}) ORDER BY t.path, t.ord", run_ids)
        return [json.loads(r[0]) for r in rows]

    def begin_run(self, started_at: str) -> int:
        self.run_id = self.db.execute(
            "INSERT INTO runs (started_at, status, parser_version, model_version) VALUES (?,?,?,?)",
            (started_at, "running", *self.versions)).lastrowid
        return self.run_id

    def finish_run(self, finished_at: str, status: str, exit_code: int, seconds: float, counts: dict) -> None:
        self.db.execute("UPDATE runs SET finished_at=?, status=?, exit_code=?, seconds=?, counts=? WHERE id=?",
                        (finished_at, status, exit_code, seconds, json.dumps(counts), self.run_id))

    def run_models(self) -> dict[int, str]:
        """Model version per run id (a pending row's output is adopted only from a run of this model)."""
        return {r["id"]: r["model_version"] for r in self.db.execute("SELECT id, model_version FROM runs")}

    # -- files --
    def files(self) -> dict[str, sqlite3.Row]:
        return {r["path"]: r for r in self.db.execute("SELECT * FROM files")}

    def file(self, path: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM files WHERE path=?", (path,)).fetchone()

    def still_failing(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM files WHERE status='failed'").fetchone()[0]

    def touch(self, entry: Entry) -> None:
        """Same content under a new size or mtime: remember them, so the next run need not hash it."""
        self.db.execute("UPDATE files SET size=?, mtime_ns=? WHERE path=?", (entry.size, entry.mtime_ns, entry.rel))

    def claim(self, entry: Entry, output: str, claim_stamp: str) -> None:
        """Mark a file ``pending`` before its work starts, so a kill never loses it; the stamp of
        its output as it is now tells the next run whether a later output is this run's work."""
        self.db.execute(
            "INSERT INTO files (path, size, mtime_ns, status, output, first_seen, run_id, claim_stamp)"
            " VALUES (?,?,?,'pending',?,?,?,?) ON CONFLICT(path) DO UPDATE SET size=excluded.size,"
            " mtime_ns=excluded.mtime_ns, status='pending', run_id=excluded.run_id,"
            " claim_stamp=CASE WHEN files.status='pending' THEN files.claim_stamp ELSE excluded.claim_stamp END",
            (entry.rel, entry.size, entry.mtime_ns, output, now(), self.run_id, claim_stamp))

    def record_success(self, entry: Entry, output: str, sha: str, notice_status: str | None, tasks: list[dict],
                       seconds: float) -> list[dict]:
        """Record a parsed file and its tasks; returns the tasks it did not have before (the new
        directives of a changed notice, every directive of a new one)."""
        old = [r[0] for r in self.db.execute("SELECT row FROM tasks WHERE path=? ORDER BY ord", (entry.rel,))]
        new = [json.dumps(t, ensure_ascii=False) for t in tasks]
        before = {_task_key(json.loads(r)) for r in old}
        self.db.execute(
            "UPDATE files SET size=?, mtime_ns=?, sha256=?, status='done', notice_status=?, error=NULL,"
            " error_code=NULL, output=?, output_sha256=?, parser_version=?, model_version=?, seconds=?,"
            " attempts=attempts+1, processed_at=?, run_id=? WHERE path=?",
            (entry.size, entry.mtime_ns, sha, notice_status, output, sha, *self.versions, seconds, now(),
             self.run_id, entry.rel))
        if old != new:
            self.tasks_changed = True
            self.db.execute("DELETE FROM tasks WHERE path=?", (entry.rel,))
            self.db.executemany("INSERT INTO tasks (path, ord, row) VALUES (?,?,?)",
                                [(entry.rel, i, row) for i, row in enumerate(new)])
        return [t for t in tasks if _task_key(t) not in before]

    def record_failure(self, entry: Entry, problem: FileProblem, sha: str | None, seconds: float = 0.0) -> None:
        row = self.file(entry.rel)
        stamp = now()
        self.db.execute(
            "INSERT INTO files (path, size, mtime_ns, sha256, status, error, error_code, parser_version,"
            " model_version, seconds, attempts, first_seen, processed_at, run_id)"
            " VALUES (?,?,?,?,'failed',?,?,?,?,?,1,?,?,?)"
            " ON CONFLICT(path) DO UPDATE SET size=excluded.size, mtime_ns=excluded.mtime_ns,"
            " sha256=coalesce(excluded.sha256, sha256), status='failed', error=excluded.error,"
            " error_code=excluded.error_code, parser_version=excluded.parser_version,"
            " model_version=excluded.model_version, seconds=excluded.seconds, attempts=attempts+1,"
            " processed_at=excluded.processed_at, run_id=excluded.run_id",
            (entry.rel, entry.size, entry.mtime_ns, sha, problem.error, problem.error_code, *self.versions, seconds,
             stamp, stamp, self.run_id))
        # An output made from other content is now wrong: remove it (and its tasks). When the
        # content is unknown (unreadable, worker died before hashing) or the same (a re-parse for a
        # new version that failed), the output still describes the file and is kept.
        if row is not None and row["output"] and sha is not None and row["output_sha256"] != sha:
            self.drop_output(entry.rel, row, remove=True)

    def mark_skipped(self, problem: FileProblem, row: sqlite3.Row | None) -> None:
        self.db.execute(
            "INSERT INTO files (path, status, error, error_code, first_seen, run_id) VALUES (?,?,?,?,?,?)"
            " ON CONFLICT(path) DO UPDATE SET status='skipped', error=excluded.error,"
            " error_code=excluded.error_code, run_id=excluded.run_id",
            (problem.path, "skipped", problem.error, problem.error_code, now(), self.run_id))
        self.drop_output(problem.path, row, remove=True)

    def mark_removed(self, path: str, row: sqlite3.Row, *, remove_output: bool) -> None:
        self.db.execute("UPDATE files SET status='removed', run_id=? WHERE path=?", (self.run_id, path))
        self.drop_output(path, row, remove=remove_output)

    def drop_output(self, path: str, row: sqlite3.Row | None, *, remove: bool) -> None:
        """Forget a file's tasks and, with ``remove``, delete its output file."""
        if self.db.execute("DELETE FROM tasks WHERE path=?", (path,)).rowcount:
            self.tasks_changed = True
        if remove and row is not None and row["output"]:
            try:
                (self.out_dir / row["output"]).unlink()
            except FileNotFoundError:
                pass
            self.db.execute("UPDATE files SET output=NULL, output_sha256=NULL WHERE path=?", (path,))

    # -- tasks --
    def done_outputs(self) -> list[tuple[str, str]]:
        """(source path, output) of every file whose output is current, in path order."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT path, output FROM files WHERE status = 'done' AND output IS NOT NULL ORDER BY path")]

    def all_task_rows(self, *, dated_only: bool = False) -> list[TaskRow]:
        """The task rows of every parsed file, in path order; ``dated_only``: only those with a
        deadline date or a recurrence that has a start (the ones a report of upcoming deadlines
        can use), filtered in SQLite instead of reading every row of the archive. A pending file
        (claimed by a run that was stopped or killed before parsing it again) keeps its last
        tasks: an interrupted run never shrinks the exports."""
        dated = (" AND (json_array_length(t.row, '$.deadline_dates') > 0 OR (json_extract(t.row, '$.recurrence')"
                 " IS NOT NULL AND json_extract(t.row, '$.starts') IS NOT NULL))") if dated_only else ""
        rows = self.db.execute("SELECT t.row FROM tasks t JOIN files f ON f.path = t.path"
                               f" WHERE f.status IN ('done', 'pending'){dated} ORDER BY t.path, t.ord")
        return [TaskRow.model_validate_json(r[0]) for r in rows]

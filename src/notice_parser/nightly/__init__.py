"""Nightly runs over an archive folder: incremental, crash-safe, parallel, locked, reported.

``run_nightly(archive, out_dir)`` walks the archive (:func:`notice_parser.runner.walk`), works
out from the state (:class:`StateStore`, SQLite, ``OUT_DIR/.nightly/state.sqlite``) which files
are new or changed, parses those on an executor (a process pool by default), writes
``OUT_DIR/<relative path>.json`` atomically, regenerates the archive-wide task export and
returns a :class:`NightlyReport`.

The package: ``paths`` (what lives where in OUT_DIR), ``state`` (:class:`StateStore`), ``lock``
(one run per OUT_DIR), ``run`` (the run), ``report`` (the report and its summary).

Crash safety rests on three orderings:

1. every discovered file is recorded (``pending``) before any work starts, so a kill never
   loses a source from the state;
2. the coordinator writes a document's output (temporary file, fsync, rename) *before* it
   records ``done``; a run killed in between finds, next time, a ``pending`` row whose output
   is a new file (not the one that was there when the row was claimed: ``claim_stamp``)
   describing the current content and parser version, and adopts it without parsing again;
3. the database runs in WAL mode, which survives a killed writer; only the coordinator writes it.

Exit codes (``NightlyReport.exit_code``, :class:`~notice_parser.errors.ExitCode`): 0 every
file processed in this run succeeded; 1 some files failed (each is in the report with its
error); 75 another run holds the lock (:class:`NightlyLocked`); 128 + signal number when
stopped by SIGINT (130) or SIGTERM (143).
"""

from .lock import NightlyLocked, run_lock
from .paths import (DB_NAME, LOCK_NAME, REPORT_NAME, RESERVED_OUTPUTS, STATE_DIR, TASKS_CSV, TASKS_JSONL,
                    check_outputs, output_names)
from .report import NightlyReport, UpcomingDeadline, format_summary
from .run import model_version, run_nightly
from .state import StateStore

__all__ = ["DB_NAME", "LOCK_NAME", "REPORT_NAME", "RESERVED_OUTPUTS", "STATE_DIR", "TASKS_CSV", "TASKS_JSONL",
           "NightlyLocked", "NightlyReport", "StateStore", "UpcomingDeadline", "check_outputs", "format_summary",
           "model_version", "output_names", "run_lock", "run_nightly"]

"""What a nightly run reports: the report model (``OUT/nightly-report.json``) and its summary."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from ..errors import ExitCode
from ..runner.discovery import FileProblem
from ..export.rows import TaskRow
from .paths import TASKS_CSV


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
    state_rebuilt: str | None = Field(default=None, description="the state database was corrupt: where it was "
                                      "moved aside; every file counts as new in this run")
    dead_runs: list[int] = Field(default_factory=list, description="runs killed before they finished, marked dead "
                                 "by this one (their new tasks are reported here)")
    export_errors: list[str] = Field(default_factory=list, description="exports that could not be written")
    exit_code: int = int(ExitCode.OK)


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
                                               ("recovered", "recovered from an interrupted run"),
                                               ("resumed", "left unparsed by an interrupted run")) if c.get(k)]
    if extra:
        lines.append("  also: " + ", ".join(extra))
    for problem in report.export_errors:
        lines.append(f"  EXPORT FAILED: {problem}")
    if report.state_rebuilt:
        lines.append(f"  STATE REBUILT: the state database was corrupt, moved aside to {report.state_rebuilt}")
    if report.dead_runs:
        lines.append(f"  runs {', '.join(map(str, report.dead_runs))} died before finishing: marked dead, "
                     "their new tasks are listed below")
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

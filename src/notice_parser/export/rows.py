"""Task rows: the one definition of "a task" that every export reads (CSV, XLSX, ICS, JSONL, HTML).

A task is a directive that asks somebody to act: headings that only group sub-items
(``Directive.heading``) and findings (``Notice.findings``) are not tasks. A row carries the
notice it comes from (number, issue date, issuer, title), the directive (id, label, text,
agencies by role, confidence) and every deadline, each with the agencies it binds when the text
ties it to some of them. Spreadsheets take one line per task and deadline (:func:`flat_rows`);
JSON Lines one line per task with its deadlines as a list.

Rows are made from a :class:`Notice` (in the worker that parsed it, or from a stored output
file); nightly keeps them in its state database between runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from ..schema import Notice


class DeadlineItem(BaseModel):
    text: str
    date: dt.date | None = None
    recurrence: str | None = None
    kind: str = "by"
    starts: dt.date | None = None
    agencies: list[str] = Field(default_factory=list, description="the agencies it binds; empty: the whole task")
    page: int | None = None


class TaskRow(BaseModel):
    source: str = Field(description="source file, relative to the archive or the batch's inputs")
    page_url: str | None = Field(default=None, description="the notice's review page, relative to the output folder")
    notice_number: str | None = None
    doc_type: str | None = None
    issue_date: dt.date | None = None
    issuer: str | None = None
    title: str | None = None
    directive_id: str
    label: str = ""
    text: str
    lead_agencies: list[str] = Field(default_factory=list)
    support_agencies: list[str] = Field(default_factory=list)
    deadlines: list[DeadlineItem] = Field(default_factory=list)
    deadline_date: dt.date | None = Field(default=None, description="earliest resolved deadline of the directive")
    deadline_text: str | None = Field(default=None, description="every deadline phrase, joined by ' | '")
    recurrence: str | None = None
    starts: dt.date | None = None
    deadline_dates: list[dt.date] = Field(default_factory=list, description="every resolved deadline date")
    confidence: float | None = None
    needs_review: bool = False
    page: int | None = None


class FlatRow(BaseModel):
    """One line of a spreadsheet: a task with one of its deadlines (or none)."""

    task: TaskRow
    deadline: DeadlineItem | None = None
    overdue: bool = False

    @property
    def agencies(self) -> list[str]:
        """Who must act by this deadline: the agencies it binds, else the task's leads."""
        return (self.deadline.agencies if self.deadline and self.deadline.agencies else self.task.lead_agencies)


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def task_rows(notice: Notice, source: str, page_url: str | None = None) -> list[TaskRow]:
    doc = notice.document
    rows = []
    for directive, _parent in notice.iter_directives():
        if directive.heading:
            continue
        deadlines = [DeadlineItem(text=d.text, date=d.date, recurrence=d.recurrence, kind=d.kind, starts=d.starts,
                                  agencies=list(d.agencies), page=d.span.page if d.span else None)
                     for d in directive.deadlines]
        dates = sorted({d.date for d in deadlines if d.date is not None})
        recurring = next((d for d in deadlines if d.recurrence), None)
        rows.append(TaskRow(
            source=source,
            page_url=page_url,
            notice_number=doc.number,
            doc_type=doc.doc_type,
            issue_date=doc.issue_date,
            issuer=doc.issuer,
            title=doc.title,
            directive_id=directive.id,
            label=directive.label,
            text=directive.text,
            lead_agencies=_unique(a.name for a in directive.agencies if a.role == "lead"),
            support_agencies=_unique(a.name for a in directive.agencies if a.role == "support"),
            deadlines=deadlines,
            deadline_date=dates[0] if dates else None,
            deadline_text=" | ".join(d.text for d in deadlines) or None,
            recurrence=recurring.recurrence if recurring else None,
            starts=recurring.starts if recurring else None,
            deadline_dates=dates,
            confidence=directive.confidence,
            needs_review=notice.review.needs_review,
            page=directive.span.page,
        ))
    return rows


def rows_from_output(path: Path, source: str, page_url: str | None = None) -> list[TaskRow]:
    """Task rows of a stored output file (raises on a file that is not a complete Notice)."""
    return task_rows(Notice.model_validate_json(Path(path).read_bytes()), source, page_url)


def flat_rows(rows: Iterable[TaskRow], today: dt.date) -> list[FlatRow]:
    """One line per task and deadline (a task without a deadline keeps one line); a dated
    deadline before ``today`` is overdue."""
    out = []
    for row in rows:
        for deadline in row.deadlines or [None]:
            overdue = bool(deadline and deadline.date and deadline.date < today)
            out.append(FlatRow(task=row, deadline=deadline, overdue=overdue))
    return out


def upcoming(rows: Iterable[TaskRow], today: dt.date, days: int) -> list[tuple[dt.date, TaskRow]]:
    """(date, row) for every deadline in [today, today + days], soonest first.

    A recurrence with a stated first occurrence contributes its next occurrence in the window.
    """
    end = today + dt.timedelta(days=days)
    found = []
    for row in rows:
        dates = {d for d in row.deadline_dates if today <= d <= end}
        if row.recurrence and row.starts:
            nxt = next_occurrence(row.starts, row.recurrence, today)
            if nxt is not None and nxt <= end:
                dates.add(nxt)
        found.extend((d, row) for d in dates)
    found.sort(key=lambda pair: (pair[0], pair[1].source, pair[1].directive_id))
    return found


def overdue(rows: Iterable[TaskRow], today: dt.date) -> list[tuple[dt.date, TaskRow]]:
    """(date, row) for every dated deadline before ``today``, latest first (the freshest misses on top)."""
    found = [(d, row) for row in rows for d in row.deadline_dates if d < today]
    found.sort(key=lambda pair: (-pair[0].toordinal(), pair[1].source, pair[1].directive_id))
    return found


def next_occurrence(starts: dt.date, recurrence: str, today: dt.date) -> dt.date | None:
    """First occurrence on or after ``today`` of a recurrence that began on ``starts``."""
    if starts >= today:
        return starts
    if recurrence in ("daily", "weekly"):
        step = 1 if recurrence == "daily" else 7
        behind = (today - starts).days
        return starts + dt.timedelta(days=-(-behind // step) * step)
    months = MONTHS_PER_PERIOD.get(recurrence)
    if months is None:
        return None
    k = 0
    while True:
        k += 1
        total = starts.month - 1 + k * months
        year, month = starts.year + total // 12, total % 12 + 1
        day = min(starts.day, _month_length(year, month))
        candidate = dt.date(year, month, day)
        if candidate >= today:
            return candidate


MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "semiannual": 6, "yearly": 12}


def _month_length(year: int, month: int) -> int:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day

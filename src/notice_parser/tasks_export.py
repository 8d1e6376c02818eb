"""Tasks across an archive: one row per directive (who, what, by when), as CSV and JSON Lines.

Rows are made from a :class:`Notice` (in the worker that parsed it, or from a stored output
file), kept in the nightly state database, and written out at the end of every run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from .schema import Notice


class TaskRow(BaseModel):
    source: str = Field(description="source file, relative to the archive")
    directive_id: str
    text: str
    lead_agencies: list[str] = Field(default_factory=list)
    support_agencies: list[str] = Field(default_factory=list)
    deadline_date: dt.date | None = Field(default=None, description="earliest resolved deadline of the directive")
    deadline_text: str | None = Field(default=None, description="every deadline phrase, joined by ' | '")
    recurrence: str | None = None
    starts: dt.date | None = None
    deadline_dates: list[dt.date] = Field(default_factory=list, description="every resolved deadline date")
    page: int | None = None


CSV_COLUMNS = ["source", "directive_id", "text", "lead_agencies", "support_agencies", "deadline_date",
               "deadline_text", "recurrence", "page"]


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def task_rows(notice: Notice, source: str) -> list[TaskRow]:
    rows = []
    for directive, _parent in notice.iter_directives():
        dates = sorted({d.date for d in directive.deadlines if d.date is not None})
        recurring = next((d for d in directive.deadlines if d.recurrence), None)
        rows.append(TaskRow(
            source=source,
            directive_id=directive.id,
            text=directive.text,
            lead_agencies=_unique(a.name for a in directive.agencies if a.role == "lead"),
            support_agencies=_unique(a.name for a in directive.agencies if a.role == "support"),
            deadline_date=dates[0] if dates else None,
            deadline_text=" | ".join(d.text for d in directive.deadlines) or None,
            recurrence=recurring.recurrence if recurring else None,
            starts=recurring.starts if recurring else None,
            deadline_dates=dates,
            page=directive.span.page,
        ))
    return rows


def rows_from_output(path: Path, source: str) -> list[TaskRow]:
    """Task rows of a stored output file (raises on a file that is not a complete Notice)."""
    return task_rows(Notice.model_validate_json(Path(path).read_bytes()), source)


def to_csv(rows: Iterable[TaskRow]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([
            row.source, row.directive_id, row.text, "; ".join(row.lead_agencies), "; ".join(row.support_agencies),
            row.deadline_date.isoformat() if row.deadline_date else "", row.deadline_text or "",
            row.recurrence or "", "" if row.page is None else row.page,
        ])
    # A byte-order mark so that spreadsheet programs open the Vietnamese text as UTF-8.
    return "\ufeff" + buf.getvalue()


def to_jsonl(rows: Iterable[TaskRow]) -> str:
    return "".join(json.dumps(row.model_dump(mode="json", exclude={"deadline_dates"}), ensure_ascii=False) + "\n"
                   for row in rows)


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


def next_occurrence(starts: dt.date, recurrence: str, today: dt.date) -> dt.date | None:
    """First occurrence on or after ``today`` of a recurrence that began on ``starts``."""
    if starts >= today:
        return starts
    if recurrence in ("daily", "weekly"):
        step = 1 if recurrence == "daily" else 7
        behind = (today - starts).days
        return starts + dt.timedelta(days=-(-behind // step) * step)
    months = {"monthly": 1, "quarterly": 3, "semiannual": 6, "yearly": 12}.get(recurrence)
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


def _month_length(year: int, month: int) -> int:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day

"""Tasks as tables: the spreadsheet columns (shared by CSV and XLSX), CSV and JSON Lines."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from typing import Any

from .rows import FlatRow, TaskRow


def _join(names: Iterable[str]) -> str:
    return "; ".join(names)


# (header, value of a line, Excel column width). Dates stay dates: CSV writes them ISO, XLSX as real dates.
COLUMNS: list[tuple[str, Callable[[FlatRow], Any], int]] = [
    ("source", lambda r: r.task.source, 28),
    ("notice_number", lambda r: r.task.notice_number, 16),
    ("issue_date", lambda r: r.task.issue_date, 12),
    ("issuer", lambda r: r.task.issuer, 24),
    ("title", lambda r: r.task.title, 40),
    ("directive_id", lambda r: r.task.directive_id, 10),
    ("label", lambda r: r.task.label, 7),
    ("text", lambda r: r.task.text, 80),
    ("agency", lambda r: _join(r.agencies), 30),
    ("lead_agencies", lambda r: _join(r.task.lead_agencies), 30),
    ("support_agencies", lambda r: _join(r.task.support_agencies), 30),
    ("deadline_date", lambda r: r.deadline.date if r.deadline else None, 12),
    ("deadline_text", lambda r: r.deadline.text if r.deadline else None, 28),
    ("recurrence", lambda r: r.deadline.recurrence if r.deadline else None, 11),
    ("starts", lambda r: r.deadline.starts if r.deadline else None, 12),
    ("overdue", lambda r: "yes" if r.overdue else None, 8),
    ("confidence", lambda r: r.task.confidence, 10),
    ("needs_review", lambda r: "yes" if r.task.needs_review else None, 12),
    ("page", lambda r: r.task.page, 6),
]
CSV_COLUMNS = [name for name, _, _ in COLUMNS]


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_csv(lines: Iterable[FlatRow]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in lines:
        writer.writerow([_csv_value(get(line)) for _, get, _ in COLUMNS])
    # A byte-order mark so that spreadsheet programs open the Vietnamese text as UTF-8.
    return "\ufeff" + buf.getvalue()


# The summary fields a task row keeps for reports (earliest date, joined phrases): in JSON Lines
# the list of deadlines says all of it.
_JSONL_DROP = frozenset({"deadline_dates", "deadline_date", "deadline_text", "recurrence", "starts"})


def jsonl_record(row: TaskRow) -> dict:
    """A task as one JSON Lines record: every field, its deadlines as a list."""
    return row.model_dump(mode="json", exclude=set(_JSONL_DROP))


def to_jsonl(rows: Iterable[TaskRow]) -> str:
    return "".join(json.dumps(jsonl_record(row), ensure_ascii=False) + "\n" for row in rows)

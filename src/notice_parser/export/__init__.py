"""Outputs people act on: task exports (CSV, XLSX, ICS, JSONL) and HTML review pages.

``Exporter`` is fed the notices of a run one at a time (``add``) — a review page is written for
each as it comes, so a large archive never sits in memory — and ``finish`` writes the exports
and the index. Every file is written to a temporary file and renamed into place, so an
interrupted run leaves the previous complete version of each file, never a shorter one.

Names are fixed (scripts depend on them): ``OUT/index.html``, ``OUT/review/<name>.html`` per
notice, ``OUT/tasks.csv``, ``tasks.xlsx``, ``tasks.ics``, ``tasks.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, Field

from ..schema import Notice
from .rows import FlatRow, TaskRow, flat_rows, overdue, rows_from_output, task_rows, upcoming

FORMATS = ("csv", "xlsx", "ics", "jsonl")
FILE_NAMES = {"csv": "tasks.csv", "xlsx": "tasks.xlsx", "ics": "tasks.ics", "jsonl": "tasks.jsonl"}
INDEX_NAME = "index.html"
PAGES_DIR = "review"
RESERVED_NAMES = frozenset({INDEX_NAME, *FILE_NAMES.values()})


def parse_formats(spec: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"csv,xlsx"`` → ``("csv", "xlsx")``; an unknown name raises ``ValueError`` naming the known ones."""
    if spec is None:
        return ()
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    names = [p.strip().lower() for p in parts if p.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise ValueError(f"unknown export format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(names))


def page_name(output: str) -> str:
    """The review page of a notice whose JSON is ``output`` (relative to the output folder)."""
    return (PurePosixPath(PAGES_DIR) / PurePosixPath(output).with_suffix(".html")).as_posix()


def _relative(target: str, start_file: str) -> str:
    return os.path.relpath(target, os.path.dirname(start_file) or ".").replace(os.sep, "/")


class Exporter:
    def __init__(self, out_dir: str | Path, formats: Iterable[str] = (), *, html: bool = False,
                 today: dt.date | None = None, days: int = 14, keep_current_pages: bool = False,
                 written_pages: Iterable[str] = ()):
        """``keep_current_pages``: a review page newer than its notice's JSON is kept as it is (a
        page depends on its notice alone; the day's overdue marks are set by its script).
        ``written_pages``: pages (relative to ``out_dir``) written from the very notices this run
        adds (``review_page`` on the workers): kept as they are."""
        self.out_dir = Path(out_dir)
        self.keep_current_pages = keep_current_pages
        self.written_pages = frozenset(written_pages)
        self.pages: set[str] = set()
        self.formats = parse_formats(list(formats))
        self.html = html
        self.today = today or dt.date.today()
        self.days = days
        self.rows: list[TaskRow] = []
        self.entries: list[dict] = []
        from ..runner.outputs import output_mode

        # the exports and the index gather every notice's tasks: no more readable than the least
        # readable output added (see add_output)
        self.mode = output_mode(None)

    def add(self, notice: Notice, source: str, output: str, mode: int | None = None) -> list[TaskRow]:
        """Take one notice (its JSON at ``output``, relative to the output folder): its review
        page is written now (with ``mode``, the JSON's own permissions, when given); its rows and
        index line are kept for ``finish``."""
        page = page_name(output) if self.html else None
        rows = task_rows(notice, source, page)
        self.rows.extend(rows)
        if self.html:
            self.pages.add(page)
            if page not in self.written_pages and not (
                    self.keep_current_pages and _newer(self.out_dir / page, self.out_dir / output)):
                _write(self.out_dir / page, _render_page(notice, rows, source, output, page), mode)
            self.entries.append(_index_entry(notice, source, page, rows))
        return rows

    def add_rendered(self, page: RenderedPage, mode: int) -> None:
        """``add`` for a notice whose page is written already (``store_review_page``) from what a
        worker made of it (``review_page``): its rows and index line as they are, nothing read
        back or rendered again here. ``mode``: its JSON's permissions."""
        self.mode &= mode
        self.rows.extend(page.rows)
        self.pages.add(page.name)
        self.entries.append(page.entry)

    def add_output(self, path: str | Path, source: str) -> list[TaskRow]:
        """``add`` for a stored output file (raises on a file that is not a complete Notice)."""
        from ..runner.outputs import output_mode

        path = Path(path)
        notice = Notice.model_validate_json(path.read_bytes())
        mode = output_mode(path)
        self.mode &= mode
        return self.add(notice, source, Path(os.path.relpath(path, self.out_dir)).as_posix(), mode)

    def finish(self, *, prune_pages: bool = False) -> list[Path]:
        """Write the exports and the index; returns the files written. ``prune_pages``: remove
        the review pages of notices not added in this run (their sources are gone)."""
        written = []
        flat: list[FlatRow] | None = None
        # The files' own timestamps (calendar DTSTAMP, workbook creation) are the run's day, so
        # that one day's runs over the same notices write the same bytes.
        stamp = dt.datetime.combine(self.today, dt.time(), tzinfo=dt.timezone.utc)
        for fmt in self.formats:
            path = self.out_dir / FILE_NAMES[fmt]
            if fmt == "csv":
                from .tables import to_csv

                flat = flat if flat is not None else flat_rows(self.rows, self.today)
                _write(path, to_csv(flat), self.mode)
            elif fmt == "jsonl":
                from .tables import to_jsonl

                _write(path, to_jsonl(self.rows), self.mode)
            elif fmt == "xlsx":
                from .xlsx import to_xlsx

                flat = flat if flat is not None else flat_rows(self.rows, self.today)
                _write(path, to_xlsx(flat, stamp), self.mode)
            elif fmt == "ics":
                from .ics import to_ics

                _write(path, to_ics(self.rows, stamp), self.mode)
            written.append(path)
        if self.html:
            from .review_page import render_index

            self.entries.sort(key=lambda e: e["source"])
            html = render_index(self.entries, upcoming(self.rows, self.today, self.days), overdue(self.rows, self.today),
                                today=self.today, days=self.days, exports=[FILE_NAMES[f] for f in self.formats])
            _write(self.out_dir / INDEX_NAME, html, self.mode)
            written.append(self.out_dir / INDEX_NAME)
            if prune_pages:
                self._prune_pages()
        return written

    def _prune_pages(self) -> None:
        folder = self.out_dir / PAGES_DIR
        for path in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
            if path.relative_to(self.out_dir).as_posix() not in self.pages:
                path.unlink(missing_ok=True)


class RenderedPage(BaseModel):
    """A notice's review page as :func:`review_page` makes it: the page, and what the exports
    take from the notice besides (its rows, its line in the index)."""

    name: str = Field(description="the page's path, relative to the output folder")
    html: str
    rows: list[TaskRow]
    entry: dict = Field(description="the notice's line in the index")


def review_page(notice_json: str | bytes, source: str, output: str) -> RenderedPage:
    """The review page of the notice whose JSON is ``notice_json``, written at ``output``
    (relative to the output folder), for ``source``: the page, rows and index line
    :class:`Exporter` makes of it. Made from the JSON as written, so that a worker can render it
    beside the parse and the page is the same whoever renders it; the coordinator writes it
    after the JSON (``store_review_page``) and gives the rest to ``Exporter.add_rendered``."""
    notice = Notice.model_validate_json(notice_json)
    page = page_name(output)
    rows = task_rows(notice, source, page)
    return RenderedPage(name=page, html=_render_page(notice, rows, source, output, page), rows=rows,
                        entry=_index_entry(notice, source, page, rows))


def _index_entry(notice: Notice, source: str, page: str, rows: list[TaskRow]) -> dict:
    doc = notice.document
    return {
        "href": page, "source": source, "number": doc.number, "date": doc.issue_date or notice.meeting.date,
        "issuer": doc.issuer, "title": doc.title, "status": notice.status,
        "needs_review": notice.review.needs_review, "reasons": [r.message for r in notice.review.reasons],
        "tasks": len(rows), "deadlines": sum(len(r.deadlines) for r in rows), "warnings": len(notice.warnings),
    }


def store_review_page(out_dir: Path, output: str, page: RenderedPage | None, mode: int | None = None) -> bool:
    """Write a review page a worker rendered (``review_page``), after its JSON: newer than the
    JSON, an ``Exporter`` with ``keep_current_pages`` keeps it. A page that is missing or cannot
    be written here is rendered by the exports instead, which report what goes wrong. Returns
    whether it was written."""
    if page is None:
        return False
    try:
        _write(out_dir / page.name, page.html, mode)
    except OSError:
        return False
    return True


def _render_page(notice: Notice, rows: list[TaskRow], source: str, output: str, page: str) -> str:
    from .review_page import render_notice

    return render_notice(notice, rows, source=source, json_href=_relative(output, page),
                         index_href=_relative(INDEX_NAME, page))


def _newer(page: Path, source: Path) -> bool:
    try:
        return page.stat().st_mtime_ns >= source.stat().st_mtime_ns
    except OSError:
        return False


def _write(path: Path, data: str | bytes, mode: int | None = None) -> None:
    from ..runner.outputs import write_atomic

    write_atomic(path, data, mode)


__all__ = ["Exporter", "FORMATS", "FILE_NAMES", "INDEX_NAME", "PAGES_DIR", "RESERVED_NAMES", "TaskRow", "FlatRow",
           "flat_rows", "overdue", "page_name", "parse_formats", "RenderedPage", "review_page", "store_review_page", "rows_from_output", "task_rows", "upcoming"]

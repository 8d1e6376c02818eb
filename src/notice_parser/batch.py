"""Folder runs: many inputs → one JSON file each, in parallel, one failure never stops the run."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

from .export import Exporter, RenderedPage, page_name, store_review_page
from .ingest import display_name
from .options import ParseOptions
from .runner import hooks as run_hooks
from .runner.contract import DocumentJob, DocumentResult, PageRequest, kill_after, with_budget
from .runner.discovery import Entry, discover, output_names
from .runner.executors import Executor, LocalExecutor
from .runner.outputs import output_mode, write_atomic


class BatchItem(BaseModel):
    source: str
    output: str | None = None
    page: str | None = Field(default=None, description="its review page, when the workers rendered it (run_batch pages)")
    status: Literal["success", "partial", "failed", "skipped"]
    error: str | None = None
    error_code: str | None = None
    seconds: float = 0.0
    summary: dict = Field(default_factory=dict)


class BatchReport(BaseModel):
    items: list[BatchItem] = Field(default_factory=list)
    # output path → (what a worker rendered of it, without the page's HTML, which is written;
    # the output's mode): export_batch takes the rows and index lines from here instead of
    # reading every output back and validating it again in the one coordinating process
    _rendered: dict[str, tuple[RenderedPage, int]] = PrivateAttr(default_factory=dict)

    @property
    def failed(self) -> int:
        return sum(1 for i in self.items if i.status == "failed")

    @property
    def skipped(self) -> int:
        return sum(1 for i in self.items if i.status == "skipped")

    @property
    def parsed(self) -> int:  # skipped files are neither parsed nor failed
        return sum(1 for i in self.items if i.status in ("success", "partial"))


def outputs_per_source(entries: Sequence[Entry]) -> dict[str, str]:
    """Output name per source path, two sources never sharing one. Outputs mirror each input's
    relative path; when two inputs give the same one (``A/tb.txt`` and ``B/tb.txt`` walked from
    folders A and B, or two files named tb.txt), the later in input order is numbered
    (``tb.2.txt`` → ``tb.2.json``), a name no other input has."""
    used = {e.rel for e in entries}
    rels: dict[str, str] = {}
    assigned: set[str] = set()
    for entry in entries:
        rel = entry.rel
        if rel in assigned:
            path, n = PurePosixPath(rel), 2
            while (rel := str(path.with_name(f"{path.stem}.{n}{path.suffix}"))) in used:
                n += 1
            used.add(rel)
        assigned.add(rel)
        rels[entry.path] = rel
    names = output_names(rels.values())
    return {source: names[rel] for source, rel in rels.items()}


def _item(result: DocumentResult, out_dir: Path, output: str, rendered: dict) -> BatchItem:
    """A document's result as a batch item; a successful one has its output written first (and
    its review page, when a worker rendered it: kept in ``rendered`` for the exports)."""
    source = display_name(result.key)  # printable even when the file name is not UTF-8
    if not result.ok:
        return BatchItem(source=source, status="failed", error=result.error, error_code=result.error_code,
                         seconds=result.seconds)
    path = out_dir / output
    mode = output_mode(result.key)
    try:
        write_atomic(path, result.notice_json, mode)
    except OSError as exc:  # read-only folder, disk full, a folder in the way: this file fails, the run goes on
        return BatchItem(source=source, status="failed", error=f"cannot write {path}: {exc.strerror or exc}",
                         error_code="output-error", seconds=result.seconds)
    page = None
    if store_review_page(out_dir, output, result.review_page, mode):
        page = page_name(output)
        rendered[str(path)] = (result.review_page.model_copy(update={"html": ""}), mode)
    return BatchItem(source=source, output=str(path), page=page, status=result.status, seconds=result.seconds,
                     summary=result.summary)


def run_batch(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    options: ParseOptions | None = None,
    *,
    workers: int | None = None,
    on_item: Callable[[BatchItem, int, int], None] | None = None,
    timeout: float | None = 600.0,
    executor: Executor | None = None,
    hooks: Sequence[object] = (),
    follow_external_links: bool = False,
    pages: bool = False,
) -> BatchReport:
    """Parse every input into ``out_dir/<name>.json``; returns one item per input, in input order.

    Each document has a time budget: ``options.timeout``, else ``timeout`` seconds. Documents
    run on ``executor`` (default: a :class:`~notice_parser.runner.LocalExecutor` of ``workers``
    processes, which kills a worker a grace after the budget if the parser has not stopped by
    itself): a document that overruns its budget or crashes its worker fails alone
    (``error_code`` ``timeout`` or ``worker-crash``) and the rest go on. A symbolic link that
    leads out of an input folder is skipped unless ``follow_external_links``. ``hooks`` are
    test hooks (:mod:`notice_parser.runner.hooks`) for the default executor's workers.
    ``pages``: the workers also render each notice's review page, written beside its output
    (``OUT/review/<name>.html``) for :func:`export_batch` with ``html`` to keep.
    """
    options = with_budget(options or ParseOptions(), timeout)
    out_dir = Path(out_dir)
    entries, problems = discover(inputs, follow_external_links=follow_external_links)
    entries = list({e.path: e for e in entries}.values())  # a file named twice is parsed once
    outputs = outputs_per_source(entries)
    jobs = [DocumentJob(key=e.path, path=e.path, options=options,
                        page=PageRequest(source=display_name(e.path), output=outputs[e.path]) if pages else None)
            for e in entries]
    total = len(jobs) + len(problems)
    report = BatchReport()

    def add(item: BatchItem) -> None:
        report.items.append(item)
        if on_item:
            on_item(item, len(report.items), total)

    for problem in problems:
        add(BatchItem(source=problem.path, status="skipped" if problem.skipped else "failed", error=problem.error,
                      error_code=problem.error_code))
    if jobs:
        executor = executor or LocalExecutor(min(workers or min(2, os.cpu_count() or 1), len(jobs)),
                                             kill_after(options.timeout), hooks=hooks)
        with run_hooks.using(hooks):
            for result in executor.run(jobs):
                add(_item(result, out_dir, outputs[result.key], report._rendered))
    order = {display_name(e.path): i for i, e in enumerate(entries)}
    report.items.sort(key=lambda i: order.get(i.source, -1))
    return report


def export_batch(report: BatchReport, out_dir: str | Path, formats: Iterable[str] = (), *, html: bool = False,
                 today: dt.date | None = None, days: int = 14) -> list[Path]:
    """Task exports (``OUT/tasks.csv`` …) and review pages (``OUT/index.html``) of a batch's
    parsed notices; returns the files written. A notice whose review page a worker rendered
    (run_batch with ``pages``) comes with its rows and index line, and its page is kept as
    written; the others are read back from their outputs."""
    exporter = Exporter(out_dir, formats, html=html, today=today, days=days,
                        written_pages={i.page for i in report.items if i.page and i.status != "failed"})
    for item in report.items:
        if item.output and item.status != "failed":
            rendered = report._rendered.get(item.output) if html and item.page else None
            if rendered is not None:
                exporter.add_rendered(*rendered)
            else:
                exporter.add_output(item.output, item.source)
    return exporter.finish()

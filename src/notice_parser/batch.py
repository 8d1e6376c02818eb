"""Folder runs: many inputs → one JSON file each, in parallel, one failure never stops the run."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from .errors import NoticeParserError
from .ingest import is_supported_path
from .ingest.slots import batch_slots
from .options import ParseOptions
from .pipeline import parse_file
from .schema import Notice
from .workers import WorkerPool


class BatchItem(BaseModel):
    source: str
    output: str | None = None
    status: Literal["success", "partial", "failed"]
    error: str | None = None
    error_code: str | None = None
    seconds: float = 0.0
    summary: dict = Field(default_factory=dict)


class BatchReport(BaseModel):
    items: list[BatchItem] = Field(default_factory=list)

    @property
    def parsed(self) -> int:
        return sum(1 for i in self.items if i.status != "failed")

    @property
    def failed(self) -> int:
        return sum(1 for i in self.items if i.status == "failed")


def discover(inputs: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """(file, its path relative to the output folder, suffix kept) for every input.

    Files given directly keep their name; files found in a folder mirror their path below
    it, so same-named notices in different subfolders never overwrite each other. Hidden
    files and folders and unsupported suffixes are skipped in folder walks.
    """
    found: list[tuple[Path, Path]] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for root, dirs, files in os.walk(path):  # os.walk does not follow symlinked dirs
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    if name.startswith(".") or name.endswith("~") or not is_supported_path(f):
                        continue
                    found.append((f, f.relative_to(path)))
        else:
            found.append((path, Path(path.name)))
    return found


def output_names(rels: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """``a/b.txt`` → ``a/b.json``; when two sources would share an output (``b.txt`` and
    ``b.pdf``) or one would take a reserved name, the later one in path order keeps its
    suffix (``a/b.pdf.json``), so no output ever overwrites another."""
    taken = set(reserved)
    names = {}
    for rel in sorted(set(rels)):
        plain = Path(rel).with_suffix(".json").as_posix()
        name = plain if plain not in taken else rel + ".json"
        taken.add(name)
        names[rel] = name
    return names


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once at import: os.umask can only be read by setting it


def write_atomic(path: Path, data: str) -> None:
    """Write via a temporary file in the same folder, fsync, rename: never a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs get ordinary file modes
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def summarize(notice: Notice) -> dict:
    nodes = [d for d, _ in notice.iter_directives()]
    return {
        "issuer": notice.document.issuer,
        "meeting_date": notice.meeting.date.isoformat() if notice.meeting.date else None,
        "chair": notice.meeting.chair.name if notice.meeting.chair else None,
        "directives": len(nodes),
        "agencies": len({a.name for d in nodes for a in d.agencies}),
        "deadlines": sum(len(d.deadlines) for d in nodes),
        "citations": len(notice.citations),
        "signer": notice.signer.name if notice.signer else None,
        "warnings": len(notice.warnings),
    }


def process_one(source: str, output: str, options: ParseOptions) -> BatchItem:
    """Parse one file and write its JSON; every error becomes a failed item (runs in a worker)."""
    t0 = time.perf_counter()
    try:
        notice = parse_file(source, options)
        write_atomic(Path(output), notice.to_json())
        return BatchItem(source=source, output=output, status=notice.status, seconds=time.perf_counter() - t0,
                         summary=summarize(notice))
    except NoticeParserError as exc:
        return BatchItem(source=source, status="failed", error=str(exc), error_code=exc.code,
                         seconds=time.perf_counter() - t0)
    except Exception as exc:  # a bug on one file must not stop the batch; report it with its type
        return BatchItem(source=source, status="failed", error=f"{type(exc).__name__}: {exc}",
                         error_code="internal-error", seconds=time.perf_counter() - t0)


def warm_up() -> None:
    """Run the whole pipeline once on a small made-up notice, so that a worker loads its
    models before it takes a document (the load then never counts against a timeout)."""
    from .pipeline import parse_text

    parse_text("THÔNG BÁO\nKết luận cuộc họp\n1. Sở Tài chính báo cáo UBND tỉnh trước ngày 15/3/2024.\n",
               ParseOptions(ocr="never"))


def init_worker(join_slots: Callable[[], None]) -> None:
    """A batch or nightly worker: takes part in the run's Tesseract budget
    (``TesseractSlots.initializer``), then loads the models outside any document's timeout."""
    join_slots()
    warm_up()


def run_batch(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    options: ParseOptions | None = None,
    *,
    workers: int | None = None,
    on_item: Callable[[BatchItem, int, int], None] | None = None,
    timeout: float | None = 600.0,
) -> BatchReport:
    """Parse every input into ``out_dir/<name>.json``; returns one item per input.

    Documents run in a :class:`~notice_parser.workers.WorkerPool`: a document that overruns
    ``timeout`` seconds or crashes its worker fails alone (``error_code`` ``timeout`` or
    ``worker-crash``) and the rest go on.
    """
    options = options or ParseOptions()
    out_dir = Path(out_dir)
    found = discover(inputs)
    names = output_names(rel.as_posix() for _, rel in found)
    jobs = [(str(src), str(out_dir / names[rel.as_posix()])) for src, rel in found]
    workers = workers or min(2, os.cpu_count() or 1)
    report = BatchReport()
    total = len(jobs)
    if jobs:
        # One budget of Tesseract processes (= cores) shared by all workers: ingest/slots.py.
        with batch_slots() as slots, WorkerPool(process_one, workers=min(workers, total), timeout=timeout,
                                                initializer=partial(init_worker, slots.initializer)) as pool:
            for result in pool.imap_unordered([(src, (src, out, options)) for src, out in jobs]):
                item = result.value if result.ok else BatchItem(
                    source=result.key, status="failed", error=result.error, error_code=result.error_code,
                    seconds=result.seconds)
                report.items.append(item)
                if on_item:
                    on_item(item, len(report.items), total)
    order = {src: i for i, (src, _) in enumerate(jobs)}
    report.items.sort(key=lambda i: order.get(i.source, 0))
    return report

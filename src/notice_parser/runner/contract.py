"""The one per-document worker contract of ``batch`` and ``nightly``, whatever runs it.

:func:`process_document` is a pure function of its :class:`DocumentJob` (a source path or its
bytes, and the parse options): it reads and parses the document and returns a
:class:`DocumentResult` — the output JSON, the batch table's summary, the nightly task rows —
and writes nothing. The coordinator writes the outputs (atomically) and the state, so a
document's result counts once whichever worker, and however many attempts, produced it.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..budget import time_budget
from ..errors import InputError, NoticeParserError
from ..ingest import display_name, read_input
from ..options import ParseOptions
from ..schema import Notice
from ..export import RenderedPage, review_page
from ..export.rows import TaskRow, task_rows
from . import hooks


class PageRequest(BaseModel):
    """A review page for the worker to render beside the parse (``export.review_page``): a
    pure function of the output JSON, so rendering it on the workers takes it off the one
    coordinating process, which only writes it."""

    model_config = ConfigDict(frozen=True)

    source: str = Field(description="the source's name on the page and in its task rows")
    output: str = Field(description="the output JSON's path, relative to the output folder")


class DocumentJob(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str = Field(description="the document's name in the run: its path (batch) or archive-relative path (nightly)")
    path: str = Field(description="where the source is read, unless data is given")
    data: bytes | None = Field(default=None, description="the source's bytes, for workers that cannot see path")
    options: ParseOptions = Field(default_factory=ParseOptions)
    page: PageRequest | None = Field(default=None, description="render the notice's review page too")


class DocumentResult(BaseModel):
    key: str
    status: Literal["success", "partial", "failed"]
    error: str | None = None
    error_code: str | None = None
    sha256: str | None = Field(default=None, description="of the source bytes, when they could be read")
    notice_json: str | None = Field(default=None, description="the output, exactly as written")
    summary: dict = Field(default_factory=dict, description="what batch --table shows")
    tasks: list[TaskRow] = Field(default_factory=list, description="one row per directive (nightly's exports)")
    review_page: RenderedPage | None = Field(default=None, description="the review page, when the job asked for it")
    seconds: float = 0.0
    cpu_seconds: float | None = Field(default=None, description="the worker's CPU time on this document")
    worker_max_rss_kb: int | None = None
    worker: str | None = Field(default=None, description="which worker ran it (pid, or a cluster worker's address)")

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    @classmethod
    def failure(cls, key: str, error: str, code: str | None, **extra) -> DocumentResult:
        return cls(key=key, status="failed", error=error, error_code=code, **extra)


def with_budget(options: ParseOptions, timeout: float | None) -> ParseOptions:
    """The options a run parses its documents with: their own time budget
    (``ParseOptions.timeout``) when they have one, else the run's ``timeout``."""
    if options.timeout is not None or timeout is None:
        return options
    return options.model_copy(update={"timeout": timeout})


def kill_after(budget: float | None) -> float | None:
    """When an executor kills the worker of a document with ``budget`` seconds: a grace later,
    so that the parser's own ProcessingTimeout comes first (a clean failure, the worker and its
    loaded models kept); the kill is for what the budget cannot stop (a C call that never
    returns to Python)."""
    return None if budget is None else budget + max(5.0, budget / 10)


def read_source(path: str | Path) -> bytes:
    """The bytes of a source; every way of failing to read it is an :class:`InputError`."""
    try:
        hooks.before_read(str(path))
    except PermissionError as exc:  # a hook's injected EACCES: the message read_input gives
        raise InputError(f"{path}: permission denied") from exc
    return read_input(path)


def hash_source(path: str | Path) -> str:
    """SHA-256 of a source file; read errors become :class:`InputError`, as in parsing."""
    return hashlib.sha256(read_source(path)).hexdigest()


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


def process_document(job: DocumentJob) -> DocumentResult:
    """Read and parse one document; every error becomes a failed result (runs in a worker)."""
    from ..pipeline import parse_bytes  # the parser is loaded by the worker, not by whoever imports this

    t0 = time.perf_counter()
    sha = None
    try:
        with time_budget(job.options.timeout):  # the budget counts reading too (a stalled network mount)
            hooks.before_document(job.key)
            data = job.data if job.data is not None else read_source(job.path)
            sha = hashlib.sha256(data).hexdigest()
            notice = parse_bytes(data, Path(job.path).name, job.options)
        # as parse_file records it: the path the source was given by
        notice = notice.model_copy(update={"source": notice.source.model_copy(
            update={"path": display_name(Path(job.path))})})
    except NoticeParserError as exc:
        return DocumentResult.failure(job.key, str(exc), exc.code, sha256=sha, seconds=time.perf_counter() - t0)
    except Exception as exc:  # a bug on one file must not stop the run; report it with its type
        return DocumentResult.failure(job.key, f"{type(exc).__name__}: {exc}", "internal-error", sha256=sha,
                                      seconds=time.perf_counter() - t0)
    notice_json = notice.to_json()
    page = None
    if job.page is not None:
        try:
            page = review_page(notice_json, job.page.source, job.page.output)
        except Exception:  # noqa: BLE001 - the exports render it again and report what went wrong there
            page = None
    return DocumentResult(key=job.key, status=notice.status, sha256=sha, notice_json=notice_json,
                          summary=summarize(notice), tasks=task_rows(notice, job.key), review_page=page,
                          seconds=time.perf_counter() - t0)


# A made-up notice for warming up; long enough that its damaged forms are recognised as such.
_WARM_NOTICE = (
    "ỦY BAN NHÂN DÂN TỈNH\nTHÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về tình hình thực hiện"
    " nhiệm vụ\n1. Giao Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư rà soát các dự án đầu tư công.\n"
    "2. Sở Nông nghiệp và Phát triển nông thôn khẩn trương hướng dẫn các địa phương phòng chống thiên tai.\n"
    "3. Ủy ban nhân dân các huyện báo cáo kết quả thực hiện về Văn phòng trước ngày 15 tháng 3 năm 2024.\n"
    "4. Sở Y tế kiểm tra công tác khám chữa bệnh tại các bệnh viện tuyến huyện trong quý II.\n")


def _damaged_forms(text: str) -> list[str]:
    """The text as each kind of damage repair handles leaves it: marks stripped, dropped glyphs
    (a few letters the font lacked became spaces), English-language OCR (every tone read as an
    acute, the letter marks lost)."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    english = "".join("\u0301" if c in "\u0300\u0301\u0303\u0309\u0323" else "" if unicodedata.combining(c) else c
                      for c in decomposed)
    dropped = "".join(" " if c in "kươ" else c for c in text)
    return [unicodedata.normalize("NFC", stripped), dropped, unicodedata.normalize("NFC", english)]


def warm_up(damaged: bool = False) -> None:
    """Run the whole pipeline once on a small made-up notice, so that a worker loads its
    models before it takes a document (the load then never counts against a timeout).

    ``damaged``: also repair the notice's damaged forms, which builds what only damaged text
    needs (the n-gram arrays, the variant lists, the glyph index, the candidate tables: ~1 s of
    CPU). The fork server does (runner.warm): every worker it forks then starts with them, shared,
    instead of building them again on its first damaged document."""
    from ..pipeline import parse_text

    options = ParseOptions(ocr="never")
    parse_text(_WARM_NOTICE, options)
    for text in _damaged_forms(_WARM_NOTICE) if damaged else ():
        parse_text(text, options)


def init_worker(join_slots: Callable[[], None] | None, installed_hooks: tuple = ()) -> None:
    """A worker of any executor: installs the run's hooks, takes part in the machine's
    Tesseract budget (``TesseractSlots.initializer``), then loads the models outside any
    document's timeout."""
    hooks.install(installed_hooks)
    if join_slots is not None:
        join_slots()
    warm_up()

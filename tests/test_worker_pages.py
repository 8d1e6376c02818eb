"""Review pages rendered by the workers (runner.contract.PageRequest) and only written by the
coordinator: the same bytes as the pages the exports render, and kept by the exports instead of
being rendered again in the one coordinating process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from notice_parser import export
from notice_parser.batch import export_batch, run_batch
from notice_parser.errors import ExitCode
from notice_parser.export import FORMATS
from notice_parser.nightly import run_nightly
from notice_parser.runner.contract import process_document

TODAY = dt.date(2025, 6, 1)
NOTICES = {
    "a/tb-01.txt": ("ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH\nTHÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh tại buổi làm việc "
                    "ngày 3/6/2025\n1. Giao Sở Công Thương chủ trì, phối hợp với Sở Tài chính lập phương án, trình "
                    "trước ngày 20/6/2025.\n2. Ban Quản lý các khu công nghiệp báo cáo hằng tháng.\n"),
    "b/tb-02.txt": ("UBND HUYỆN HẢI HẬU\nTHONG BAO\nKet luan cua Chu tich UBND huyen\n1. Phong Tai nguyen va Moi "
                    "truong kiem tra hien trang, xong truoc ngay 30/6/2025.\n2. Giao Phong Noi vu tong hop.\n"),
}


class Eager:
    """Parses every document in this process before handing back any result; ``then`` runs
    between the two (what the coordinator does afterwards must not need the parser)."""

    def __init__(self, then=None, drop_pages: bool = False):
        self.then, self.drop_pages = then, drop_pages

    def run(self, jobs):
        results = [process_document(job) for job in jobs]
        if self.drop_pages:  # as a worker whose page could not be rendered
            results = [r.model_copy(update={"review_page": None}) for r in results]
        if self.then:
            self.then()
        yield from results

    def stop(self, grace=None):
        pass

    def abandon(self):
        pass


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    for rel, text in NOTICES.items():
        (tmp_path / "archive" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "archive" / rel).write_text(text, encoding="utf-8")
    return tmp_path / "archive"


def no_rendering(monkeypatch):
    def refuse(*_args, **_kw):
        raise AssertionError("a page was rendered again after the workers rendered it")

    return lambda: monkeypatch.setattr(export, "_render_page", refuse)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".nightly" not in p.parts and p.name != "nightly-report.json"}


def test_batch_pages_from_the_workers_are_the_exports_pages_and_are_kept(archive, tmp_path, monkeypatch):
    plain = run_batch([archive], tmp_path / "plain", executor=Eager())
    export_batch(plain, tmp_path / "plain", FORMATS, html=True, today=TODAY)
    rendered = run_batch([archive], tmp_path / "workers", executor=Eager(then=no_rendering(monkeypatch)), pages=True)
    assert [i.page for i in rendered.items] == ["review/a/tb-01.html", "review/b/tb-02.html"]
    # the rows and index lines came with the pages: no output is read back for the exports
    monkeypatch.setattr(export.Exporter, "add_output", lambda *_a: pytest.fail("an output was read back"))
    export_batch(rendered, tmp_path / "workers", FORMATS, html=True, today=TODAY)
    assert files(tmp_path / "workers") == files(tmp_path / "plain")
    assert len([name for name in files(tmp_path / "plain") if name.startswith("review/")]) == 2


def test_nightly_writes_the_workers_pages_and_its_exports_keep_them(archive, tmp_path, monkeypatch):
    run_nightly(archive, tmp_path / "fallback", executor=Eager(drop_pages=True), today=TODAY)
    def nothing_read_back():  # the rows and index lines came with the pages
        no_rendering(monkeypatch)()
        monkeypatch.setattr(export.Exporter, "add_output", lambda *_a: pytest.fail("an output was read back"))

    report = run_nightly(archive, tmp_path / "workers", executor=Eager(then=nothing_read_back), today=TODAY)
    assert report.counts["parsed"] == 2 and not report.export_errors
    assert files(tmp_path / "workers") == files(tmp_path / "fallback")
    assert (tmp_path / "workers" / "review" / "b" / "tb-02.html").is_file()


def test_a_page_that_cannot_be_written_beside_its_output_is_left_to_the_exports(archive, tmp_path):
    """The run goes on as when no worker rendered the page: the outputs stand and the exports
    meet the same obstacle, which the report names (never a notice silently left out)."""
    for name in ("workers", "fallback"):
        (tmp_path / name / "review").mkdir(parents=True)
        (tmp_path / name / "review" / "a").write_text("a file where the folder of a page goes", encoding="utf-8")
    fallback = run_nightly(archive, tmp_path / "fallback", executor=Eager(drop_pages=True), today=TODAY)
    report = run_nightly(archive, tmp_path / "workers", executor=Eager(), today=TODAY)
    assert report.counts["parsed"] == 2 and report.counts["failed"] == 0
    assert (tmp_path / "workers" / "a" / "tb-01.json").is_file()
    assert (tmp_path / "workers" / "review" / "b" / "tb-02.html").is_file()
    assert files(tmp_path / "workers") == files(tmp_path / "fallback")
    assert report.export_errors == fallback.export_errors
    assert [e for e in report.export_errors if "review page of a/tb-01" in e], report.export_errors
    assert report.exit_code == int(ExitCode.OUTPUT_ERROR)

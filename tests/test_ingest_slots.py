"""The batch's budget of Tesseract processes (ingest/slots.py).

Concurrency is observed with a fake `tesseract` on PATH that records how many copies of
itself run at once (fast and deterministic), except in the batch test, where the workers
come from a fork server whose PATH a test cannot change: there the real Tesseract runs on
small strips and the test counts its Tesseract descendants in /proc.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from notice_parser.ingest import ocr as ocr_mod
from notice_parser.ingest import slots as slots_mod
from notice_parser.ingest.slots import TesseractSlots, batch_slots

FAKE_SECONDS = 0.25

FAKE_TESSERACT = """\
#!{python}
import os, sys, time
if "--list-langs" in sys.argv:
    print("List of available languages in \\"/fake\\" (2):")
    print("eng")
    print("vie")
    sys.exit(0)
running = os.path.join({log!r}, "running")
os.makedirs(running, exist_ok=True)
me = os.path.join(running, str(os.getpid()))
open(me, "w").close()
with open(os.path.join({log!r}, "counts"), "a") as fh:
    fh.write(f"{{len(os.listdir(running))}}\\n")
time.sleep({seconds})
os.unlink(me)
print("level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext")
print("5\\t1\\t1\\t1\\t1\\t1\\t10\\t10\\t40\\t12\\t96.0\\tchữ")
"""


@pytest.fixture
def fake_tesseract(tmp_path, monkeypatch) -> Path:
    """A fake `tesseract` first on PATH; returns the folder where it logs concurrency."""
    bindir, log = tmp_path / "bin", tmp_path / "log"
    bindir.mkdir()
    log.mkdir()
    exe = bindir / "tesseract"
    exe.write_text(FAKE_TESSERACT.format(python=sys.executable, log=str(log), seconds=FAKE_SECONDS))
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    ocr_mod.check_tesseract.cache_clear()  # forked children inherit the cache: clear it first
    yield log
    ocr_mod.check_tesseract.cache_clear()


def _max_concurrency(log: Path) -> int:
    return max(int(line) for line in (log / "counts").read_text().split())


def _ocr_pages(directory: str, count: int, pages: int) -> None:
    """A worker process: share the budget, OCR ``pages`` blank pages as one document."""
    slots_mod.share(directory, count)
    assert ocr_mod.ocr_jobs() == count
    images = [(f"page {i}", lambda: Image.new("L", (64, 64), 255)) for i in range(pages)]
    results = list(ocr_mod.ocr_many(images, lang="vie", timeout=30, dpi=300))
    assert [r.words[0].text for r in results] == ["chữ"] * pages


@pytest.mark.parametrize("count, processes", [(1, 2), (2, 3)])
def test_processes_never_run_more_tesseracts_than_slots(fake_tesseract, count, processes):
    ctx = multiprocessing.get_context("fork")
    with batch_slots(count) as slots:
        procs = [ctx.Process(target=_ocr_pages, args=(slots.directory, slots.count, 4)) for _ in range(processes)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0] * processes
    # Each process alone would run `count` pages side by side (it asks for that many
    # threads); together they would run processes × count without the budget.
    assert _max_concurrency(fake_tesseract) == count
    assert not os.path.exists(slots.directory)  # the budget is removed with the batch


def test_one_document_uses_every_free_slot(fake_tesseract):
    """The tail of a batch: one worker left with a multi-page document OCRs it on both slots."""
    ctx = multiprocessing.get_context("fork")
    with batch_slots(2) as slots:
        t0 = time.perf_counter()
        p = ctx.Process(target=_ocr_pages, args=(slots.directory, 2, 4))
        p.start()
        p.join(60)
        took = time.perf_counter() - t0
    assert p.exitcode == 0
    assert _max_concurrency(fake_tesseract) == 2
    assert took < 4 * FAKE_SECONDS + 1.5  # not one page after another


def _hold_forever(directory: str, ready) -> None:
    with TesseractSlots(directory, 1).hold():
        ready.set()
        time.sleep(3600)


def test_a_killed_worker_releases_its_slot():
    ctx = multiprocessing.get_context("fork")
    with batch_slots(1) as slots:
        ready = ctx.Event()
        holder = ctx.Process(target=_hold_forever, args=(slots.directory, ready))
        holder.start()
        try:
            assert ready.wait(30)
            assert slots._try(0) is None  # taken while the holder lives
        finally:
            os.kill(holder.pid, signal.SIGKILL)
            holder.join(10)
        t0 = time.perf_counter()
        with slots.hold() as index:
            assert index == 0
        assert time.perf_counter() - t0 < 1.0


def test_slots_outlive_no_batch():
    """A worker still running after its batch removed the budget OCRs without one."""
    with batch_slots(1) as slots:
        pass
    with slots.hold() as index:
        assert index == -1


@pytest.mark.parametrize("value, expected", [("", None), ("1", 1), ("3", 3), ("0", ValueError),
                                             ("two", ValueError), ("-1", ValueError)])
def test_budget_size_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv(slots_mod.SLOTS_ENV, value)
    if expected is ValueError:
        with pytest.raises(ValueError, match=slots_mod.SLOTS_ENV):
            slots_mod.budget_size()
    else:
        assert slots_mod.budget_size() == (expected or slots_mod.usable_cores())


def _strip(text: str) -> Image.Image:
    image = Image.new("L", (900, 120), 255)
    ImageDraw.Draw(image).text((20, 30), text, fill=0, font_size=40)
    return image


def _tesseract_descendants(root: int) -> list[str]:
    """Command lines of the OCR runs of Tesseract among ``root``'s descendants."""
    children: dict[int, list[tuple[int, str]]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    stat = fh.read()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append((int(entry), name))
    found, todo = [], [root]
    while todo:
        for pid, name in children.get(todo.pop(), []):
            todo.append(pid)
            if name == "tesseract":
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as fh:
                        cmdline = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
                except OSError:
                    continue
                # The installation check is no OCR; an exited child not yet reaped (a zombie)
                # has an empty command line and does no work.
                if cmdline.strip() and "--list-langs" not in cmdline:
                    found.append(f"{pid} {cmdline}")
    return found


@pytest.mark.slow
def _two_page_scans(folder) -> list:
    paths = []
    for name in ("a", "b"):
        pages = [_strip(f"Thông báo kết luận {name} {i}") for i in range(2)]
        buf = io.BytesIO()
        pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], dpi=(300, 300))
        (folder / f"{name}.tif").write_bytes(buf.getvalue())
        paths.append(folder / f"{name}.tif")
    return paths


def _most_tesseracts_at_once(run):
    """Run ``run()`` while watching this process tree; (its result, most Tesseracts seen at once)."""
    seen, stop = [], threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.append(_tesseract_descendants(os.getpid()))
            time.sleep(0.005)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        result = run()
    finally:
        stop.set()
        watcher.join()
    return result, max(len(running) for running in seen)


def test_batch_workers_share_the_budget(tmp_path, monkeypatch):
    """Two workers with two-page scans, a budget of one: never two Tesseracts at once."""
    from notice_parser.batch import run_batch

    monkeypatch.setenv(slots_mod.SLOTS_ENV, "1")
    scans = _two_page_scans(tmp_path)
    report, most = _most_tesseracts_at_once(lambda: run_batch(scans, tmp_path / "out", workers=2))
    assert [i.error_code for i in report.items] == [None, None], report.items
    assert most == 1


def test_nightly_workers_share_the_budget(tmp_path, monkeypatch):
    """The nightly job uses the same budget: two workers, a budget of one, never two Tesseracts."""
    from notice_parser.nightly import run_nightly

    monkeypatch.setenv(slots_mod.SLOTS_ENV, "1")
    archive = tmp_path / "archive"
    archive.mkdir()
    _two_page_scans(archive)
    report, most = _most_tesseracts_at_once(lambda: run_nightly(archive, tmp_path / "out", workers=2))
    assert report.counts["parsed"] == 2, report
    assert most == 1

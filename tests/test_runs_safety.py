"""Whole runs that must not lose, overwrite, leak or die on one file (issue 11 points 1, 3, 5;
issue 12 points 9-15). Most run the documents in this process (an inline executor) so the
tests exercise the coordinator — discovery, output names, state, exports — without workers;
faults are injected by replacing the coordinator's writer or the state's recorder."""

from __future__ import annotations

import csv
import errno
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notice_parser import OutputError
from notice_parser.batch import export_batch, run_batch
from notice_parser.nightly import run_nightly
from notice_parser.nightly import run as nightly_run
from notice_parser.runner.contract import DocumentResult, process_document
from notice_parser.runner.discovery import walk

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp ngày 4/6/2024\n"
          "1. Sở {who} chủ trì rà soát hồ sơ, báo cáo trước ngày {day}/7/2024.\n"
          "2. Sở Tài chính phối hợp bố trí kinh phí.\n")


def notice(who: str = "Xây dựng", day: int = 15) -> str:
    return NOTICE.format(who=who, day=day)


class Inline:
    """An executor that parses in this process, one document after another; ``stop_after``
    simulates a stop (Ctrl-C) once that many documents are done: the rest come back abandoned."""

    def __init__(self, stop_after: int | None = None):
        self.stop_after = stop_after

    def run(self, jobs):
        for i, job in enumerate(jobs):
            if self.stop_after is not None and i >= self.stop_after:
                yield DocumentResult.failure(job.key, "abandoned", "abandoned")
            else:
                yield process_document(job)

    def stop(self, grace=None):
        pass

    def abandon(self):
        pass


def nightly(archive, out, **kw):
    kw.setdefault("executor", Inline())
    return run_nightly(archive, out, **kw)


def tasks_csv(out: Path) -> list[dict]:
    with open(out / "tasks.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# -- 11.1: two inputs never share an output --------------------------------------------------------

def test_same_named_files_in_two_input_folders_keep_both_outputs(tmp_path):
    (tmp_path / "A").mkdir()
    (tmp_path / "B").mkdir()
    (tmp_path / "A" / "tb.txt").write_text(notice("Xây dựng"), encoding="utf-8")
    (tmp_path / "B" / "tb.txt").write_text(notice("Nội vụ"), encoding="utf-8")
    (tmp_path / "tb.txt").write_text(notice("Y tế"), encoding="utf-8")
    report = run_batch([tmp_path / "A", tmp_path / "B", tmp_path / "tb.txt"], tmp_path / "OUT", executor=Inline())
    outputs = [item.output for item in report.items]
    assert report.parsed == 3 and len(set(outputs)) == 3
    leads = {json.loads(Path(o).read_text(encoding="utf-8"))["directives"][0]["agencies"][0]["name"] for o in outputs}
    assert leads == {"Sở Xây dựng", "Sở Nội vụ", "Sở Y tế"}


# -- 11.3: nothing skipped without a word -------------------------------------------------------------

def _mixed_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "notice.dat").write_text(notice(), encoding="utf-8")  # a notice whatever its name
    (folder / "NOTICE").write_text(notice("Nội vụ"), encoding="utf-8")
    (folder / "readme").write_text("This folder holds the scanned notices of 2024. Please do not rename them.\n")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (folder / "tb.txt").write_text(notice("Y tế"), encoding="utf-8")


def test_a_walk_sniffs_every_file_and_names_each_skipped_one(tmp_path):
    _mixed_folder(tmp_path / "in")
    entries, problems = walk(tmp_path / "in")
    assert [e.rel for e in entries] == ["NOTICE", "notice.dat", "tb.txt"]
    reasons = {p.path: p.error for p in problems}
    assert set(reasons) == {"old.doc", "readme"} and all(p.skipped for p in problems)
    assert "Microsoft Office" in reasons["old.doc"] and "not Vietnamese" in reasons["readme"]


def test_batch_and_nightly_count_the_skipped(tmp_path):
    _mixed_folder(tmp_path / "in")
    report = run_batch([tmp_path / "in"], tmp_path / "OUT", executor=Inline())
    assert (report.parsed, report.failed, report.skipped) == (3, 0, 2)
    night = nightly(tmp_path / "in", tmp_path / "NIGHT")
    assert night.counts["skipped"] == 2 and {p.path for p in night.skipped} == {"old.doc", "readme"}
    assert night.exit_code == 0


# -- 11.5: an interrupted run never shrinks the exports; "changed" means changed ---------------------

def test_an_interrupted_forced_run_keeps_the_exports_whole(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for i, who in enumerate(["Xây dựng", "Nội vụ", "Y tế", "Tư pháp"]):
        (archive / f"tb{i}.txt").write_text(notice(who, 10 + i), encoding="utf-8")
    out = tmp_path / "OUT"
    first = nightly(archive, out)
    rows = tasks_csv(out)
    upcoming = len(first.upcoming_deadlines)
    assert first.counts["new"] == 4 and len(rows) == 8
    stopped = nightly(archive, out, force=True, executor=Inline(stop_after=1))
    assert tasks_csv(out) == rows, "an interrupted run shrank tasks.csv"
    assert len(stopped.upcoming_deadlines) == upcoming
    again = nightly(archive, out)
    assert again.counts["changed"] == 0 and again.counts["resumed"] == 3, again.counts
    assert tasks_csv(out) == rows


# -- 12.9: a file name that is not UTF-8 -----------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_does_not_stop_the_run(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    with open(os.path.join(os.fsencode(archive), b"th\xf4ng-b\xe1o.txt"), "wb") as fh:
        fh.write(notice().encode())
    (archive / "ok.txt").write_text(notice("Nội vụ"), encoding="utf-8")
    out = tmp_path / "OUT"
    report = nightly(archive, out)
    assert report.counts["parsed"] == 2 and report.exit_code == 0
    assert (out / "th\\xf4ng-b\\xe1o.json").is_file()
    assert {r["source"] for r in tasks_csv(out)} == {"ok.txt", "th\\xf4ng-b\\xe1o.txt"}
    json.loads((out / "nightly-report.json").read_text(encoding="utf-8"))


# -- 12.10: outputs and exports never collide ----------------------------------------------------------------

def test_archive_names_cannot_take_the_exports_or_each_others_place(tmp_path):
    archive = tmp_path / "archive"
    (archive / "tasks.csv").mkdir(parents=True)
    (archive / "tasks.csv" / "tb.txt").write_text(notice(), encoding="utf-8")
    (archive / "a.json").mkdir()
    (archive / "a.json" / "x.txt").write_text(notice("Nội vụ"), encoding="utf-8")
    (archive / "a.txt").write_text(notice("Y tế"), encoding="utf-8")
    out = tmp_path / "OUT"
    report = nightly(archive, out)
    assert report.exit_code == 0 and report.counts["parsed"] == 3
    assert (out / "tasks.csv").is_file() and len(tasks_csv(out)) == 6
    assert (out / "a.json" / "x.json").is_file() and (out / "a.txt.json").is_file()


# -- 12.11: a corrupt state is moved aside and rebuilt ------------------------------------------------------

@pytest.mark.parametrize("damage", ["junk-header", "truncated"])
def test_a_corrupt_state_is_moved_aside_and_rebuilt(tmp_path, damage):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "tb.txt").write_text(notice(), encoding="utf-8")
    out = tmp_path / "OUT"
    assert nightly(archive, out).exit_code == 0
    db = out / ".nightly" / "state.sqlite"
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    data = db.read_bytes()
    db.write_bytes(b"this is not a database at all" + data[29:] if damage == "junk-header" else data[: len(data) // 3])
    report = nightly(archive, out)
    assert report.exit_code == 6 and report.state_rebuilt and "corrupt" in report.state_rebuilt
    assert list((out / ".nightly").glob("state.sqlite.corrupt-*"))
    assert report.counts["parsed"] + report.counts["recovered"] + report.counts["new"] >= 1
    assert nightly(archive, out).exit_code == 0


# -- 12.12: disk full, read-only ------------------------------------------------------------------------------

def test_an_output_that_cannot_be_written_fails_its_file_and_is_retried(tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    (archive / "full").mkdir(parents=True)
    (archive / "full" / "tb.txt").write_text(notice(), encoding="utf-8")
    (archive / "ok.txt").write_text(notice("Nội vụ"), encoding="utf-8")
    out = tmp_path / "OUT"
    real = nightly_run.write_atomic

    def disk_full_under_full(path, data, mode=None):
        if "full" in Path(path).parts:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, data, mode)

    monkeypatch.setattr(nightly_run, "write_atomic", disk_full_under_full)
    report = nightly(archive, out)
    assert report.exit_code == 1 and [p.path for p in report.failed] == ["full/tb.txt"]
    assert "No space left" in report.failed[0].error and (out / "ok.json").is_file()
    monkeypatch.setattr(nightly_run, "write_atomic", real)
    again = nightly(archive, out)  # writable again: retried without --retry-failed
    assert again.counts["retry"] == 1 and again.exit_code == 0 and (out / "full" / "tb.json").is_file()


def test_a_state_that_cannot_be_written_is_a_clear_error(tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "tb.txt").write_text(notice(), encoding="utf-8")

    def full(*_a, **_k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(nightly_run.StateStore, "record_success", full)
    with pytest.raises(OutputError, match="disk is full") as caught:
        nightly(archive, tmp_path / "OUT")
    assert caught.value.exit_code == 5


# -- 12.14: dead runs --------------------------------------------------------------------------------------

def test_runs_killed_before_finishing_are_marked_and_their_work_reported(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "tb.txt").write_text(notice(), encoding="utf-8")
    out = tmp_path / "OUT"
    nightly(archive, out)
    db = sqlite3.connect(out / ".nightly" / "state.sqlite")
    # as a run killed after recording tb.txt leaves it: no finish, no report of its new tasks
    db.execute("UPDATE runs SET finished_at=NULL, status='running'")
    db.commit()
    db.close()
    (out / ".tb.json.abc.tmp").write_text("{")
    report = nightly(archive, out)
    assert report.dead_runs == [1] and len(report.new_tasks) == 2
    assert not (out / ".tb.json.abc.tmp").exists()
    db = sqlite3.connect(out / ".nightly" / "state.sqlite")
    assert db.execute("SELECT status FROM runs WHERE id=1").fetchone()[0] == "dead"
    db.close()
    assert nightly(archive, out).dead_runs == []


# -- 12.15: symlinks out of the archive, modes ------------------------------------------------------------

def _links_out(tmp_path: Path) -> Path:
    """A folder with a notice, a link to a file and a link to a folder outside it (a notice of
    another office that must not be published)."""
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(notice("Công an"), encoding="utf-8")
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "shadow.txt").symlink_to(secret)
    (archive / "outside").symlink_to(secret.parent, target_is_directory=True)
    (archive / "tb.txt").write_text(notice(), encoding="utf-8")
    return archive


def test_a_symlink_out_of_the_archive_is_not_followed(tmp_path):
    archive = _links_out(tmp_path)
    (archive / "inside.txt").symlink_to(archive / "tb.txt")
    out = tmp_path / "OUT"
    report = nightly(archive, out)
    assert sorted(p.path for p in report.skipped) == ["outside", "shadow.txt"]
    assert not (out / "shadow.json").exists() and not (out / "outside").exists()
    assert (out / "inside.json").is_file()
    assert "Công an" not in (out / "tasks.csv").read_text(encoding="utf-8")
    followed = nightly(archive, tmp_path / "OUT2", follow_external_links=True)
    assert followed.counts["parsed"] == 4


def test_an_output_is_never_more_readable_than_its_source(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    private = archive / "private.txt"
    private.write_text(notice(), encoding="utf-8")
    private.chmod(0o600)
    (archive / "open.txt").write_text(notice("Nội vụ"), encoding="utf-8")
    (archive / "open.txt").chmod(0o644)
    out = tmp_path / "OUT"
    nightly(archive, out)
    assert stat.S_IMODE(os.stat(out / "private.json").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(out / "open.json").st_mode) & 0o044 == 0o044 & ~_umask()
    report = run_batch([private], tmp_path / "B", executor=Inline())
    assert stat.S_IMODE(os.stat(report.items[0].output).st_mode) == 0o600


def test_files_gathering_several_notices_are_no_more_readable_than_the_least_readable(tmp_path):
    # the exports, the review index and the nightly report quote every notice's tasks: one 0600
    # source keeps them all 0600; its review page follows its own JSON; the open notice's page stays open
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "private.txt").write_text(notice(), encoding="utf-8")
    (archive / "private.txt").chmod(0o600)
    (archive / "open.txt").write_text(notice("Nội vụ"), encoding="utf-8")
    (archive / "open.txt").chmod(0o644)
    out = tmp_path / "OUT"
    nightly(archive, out)
    gathered = ["tasks.csv", "tasks.xlsx", "tasks.ics", "tasks.jsonl", "index.html", "nightly-report.json"]
    modes = {name: stat.S_IMODE(os.stat(out / name).st_mode) for name in gathered if (out / name).exists()}
    assert {"tasks.csv", "index.html", "nightly-report.json"} <= set(modes)
    assert set(modes.values()) == {0o600}, modes
    pages = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*.html") if p.name != "index.html"}
    assert pages["private.html"] == 0o600 and pages["open.html"] & 0o044 == 0o044 & ~_umask()
    # batch's exports likewise
    report = run_batch([archive / "private.txt", archive / "open.txt"], tmp_path / "B", executor=Inline())
    written = export_batch(report, tmp_path / "B", ["csv"], html=True)
    assert {stat.S_IMODE(os.stat(p).st_mode) for p in written} == {0o600}
    # once the private notice is gone, the next run's files open again
    (archive / "private.txt").unlink()
    nightly(archive, out)
    assert stat.S_IMODE(os.stat(out / "tasks.csv").st_mode) & 0o044 == 0o044 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# -- 12.13: workers die with their coordinator -------------------------------------------------------------

def _children(pid: int) -> set[int]:
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        fields = fh.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == parent and int(entry) not in found:
                    found.add(int(entry))
                    frontier.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_workers_die_when_the_coordinator_is_killed(tmp_path):
    sys.path.insert(0, str(ROOT / "tests"))
    from fault_plugin import cli_args

    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(2):
        (archive / f"stuck{i}.txt").write_text(notice(), encoding="utf-8")
    args, env = cli_args("spawn=stuck*.txt")  # each worker starts a child (as OCR does) and hangs
    proc = subprocess.Popen([sys.executable, "-m", "notice_parser", "nightly", str(archive), "--out", str(tmp_path / "OUT"),
                             "--workers", "2", *args], env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        workers: set[int] = set()
        while time.monotonic() < deadline:  # both workers started and holding a (hanging) document
            workers = {p for p in _children(proc.pid) if _is_worker(p)}
            if len(workers) >= 2 and len(_children(proc.pid) - workers) >= 4:  # + server, tracker, 2 children
                break
            time.sleep(1)
        assert workers, "no worker started"
        everyone = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(p) for p in everyone):
            time.sleep(0.5)
        assert not [p for p in workers if _alive(p)], "workers outlived their coordinator"
        assert not [p for p in everyone if _alive(p)], "a worker's child, the fork server or the tracker outlived it"
    finally:
        if proc.poll() is None:
            proc.kill()


def _is_worker(pid: int) -> bool:
    # a worker leads its own process group once it runs (the fork server and the tracker do not)
    try:
        return os.getpgid(pid) == pid
    except OSError:
        return False


def test_budget_folders_of_killed_runs_are_removed(tmp_path):
    from notice_parser.ingest import slots

    stale = tmp_path / f"notice-parser-ocr-slots-run{_dead_pid()}-abc"
    live = tmp_path / f"notice-parser-ocr-slots-run{os.getpid()}-def"
    machine = tmp_path / "notice-parser-ocr-slots-0-2"  # a machine budget is shared: never removed
    for folder in (stale, live, machine):
        folder.mkdir()
        (folder / "slot0").touch()
    assert slots.remove_stale_slots(str(tmp_path)) == [stale.name]
    assert live.is_dir() and machine.is_dir() and not stale.exists()


# -- data files in a folder walk: JSON and tables are not notices ---------------------------------------

def test_json_and_tables_with_vietnamese_words_are_skipped_with_their_reason(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "tb.txt").write_text(notice(), encoding="utf-8")
    (folder / "tb.dat").write_text(notice("Nội vụ"), encoding="utf-8")  # a notice whatever its name
    first = run_batch([folder / "tb.txt"], tmp_path / "earlier", executor=Inline())  # our own output, as a file
    (folder / "earlier.json").write_bytes(Path(first.items[0].output).read_bytes())
    (folder / "tb.gold.json").write_text(json.dumps({"issuer": "Ủy ban nhân dân tỉnh Bắc Ninh", "tasks": [
        {"text": "Sở Xây dựng chủ trì rà soát hồ sơ", "lead": ["Sở Xây dựng"]}]}, ensure_ascii=False), encoding="utf-8")
    (folder / "floors.tsv").write_text("# tài liệu\ttrường\tngưỡng\n" + "".join(
        f"thông báo {i}\tcơ quan chủ trì\t0.9{i}\n" for i in range(5)), encoding="utf-8")
    (folder / "viec.csv").write_text('nguồn,nhiệm vụ,hạn\n"tb.txt","Sở Xây dựng chủ trì, rà soát\nhồ sơ",2024-07-15\n'
                                     '"tb.txt","Sở Tài chính phối hợp bố trí kinh phí",\n', encoding="utf-8")
    report = run_batch([folder], tmp_path / "OUT", executor=Inline())
    skipped = {Path(i.source).name: i.error for i in report.items if i.status == "skipped"}
    assert skipped == {"earlier.json": "a notice-parser output (JSON), not a source document",
                       "tb.gold.json": "JSON data, not a document",
                       "floors.tsv": "a table (tab-separated values), not a document",
                       "viec.csv": "a table (comma-separated values), not a document"}
    assert report.parsed == 2 and report.failed == 0


def test_the_head_of_a_long_data_file_is_enough(tmp_path):
    from notice_parser.ingest import sniff_file

    rows = "".join(f'"tb{i}.txt","Sở Xây dựng chủ trì rà soát hồ sơ số {i}, báo cáo UBND tỉnh",2024-07-15\n'
                   for i in range(2000))
    (tmp_path / "tasks").write_text("nguồn,nhiệm vụ,hạn\n" + rows, encoding="utf-8")
    output = run_batch([tmp_path / "tasks"], tmp_path / "OUT", executor=Inline())  # a table given by name: text
    assert output.parsed == 1
    big = json.loads(Path(output.items[0].output).read_text(encoding="utf-8"))
    (tmp_path / "big-output").write_text(json.dumps(big, ensure_ascii=False, indent=1), encoding="utf-8")
    assert (tmp_path / "big-output").stat().st_size > 65536 and (tmp_path / "tasks").stat().st_size > 65536
    assert sniff_file(tmp_path / "tasks") == "a table (comma-separated values), not a document"
    assert sniff_file(tmp_path / "big-output") == "a notice-parser output (JSON), not a source document"


# -- batch and nightly: one option for symlinks out of the folder, one time budget -------------------------

def test_batch_does_not_follow_a_symlink_out_of_its_folder_unless_asked(tmp_path):
    folder = _links_out(tmp_path)
    report = run_batch([folder], tmp_path / "OUT", executor=Inline())
    skipped = {Path(i.source).name: i.error_code for i in report.items if i.status == "skipped"}
    assert skipped == {"shadow.txt": "external-link", "outside": "external-link"} and report.parsed == 1
    assert not (tmp_path / "OUT" / "shadow.json").exists()
    followed = run_batch([folder], tmp_path / "OUT2", executor=Inline(), follow_external_links=True)
    assert followed.parsed == 3 and followed.skipped == 0


def _spinning_extraction(monkeypatch):
    from notice_parser import pipeline

    def spin(*_args, **_kwargs):
        while True:  # a stage that never ends on its own
            pass

    monkeypatch.setattr(pipeline, "extract_notice", spin)


@pytest.mark.parametrize("budget", ["options", "run"])
def test_batch_and_nightly_honour_the_time_budget(tmp_path, monkeypatch, budget):
    from notice_parser import ParseOptions

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "tb.txt").write_text(notice(), encoding="utf-8")
    _spinning_extraction(monkeypatch)
    given = {"options": ParseOptions(timeout=0.3)} if budget == "options" else {"timeout": 0.3}
    report = run_batch([archive], tmp_path / "B", executor=Inline(), **given)
    assert [(i.status, i.error_code) for i in report.items] == [("failed", "timeout")]
    assert "time budget of 0.3 s" in report.items[0].error
    night = nightly(archive, tmp_path / "N", **given)
    assert night.exit_code == 1 and [p.error_code for p in night.failed] == ["timeout"]
    assert "time budget of 0.3 s" in night.failed[0].error


def test_a_document_that_overruns_its_budget_keeps_its_worker():
    # The parser stops itself at the budget (the worker and its loaded models are kept); the
    # executor kills a worker only a grace later, for what the budget cannot stop.
    sys.path.insert(0, str(ROOT / "tests"))
    from fault_plugin import FaultPlan

    from notice_parser import ParseOptions
    from notice_parser.runner.contract import DocumentJob, kill_after
    from notice_parser.runner.executors import LocalExecutor

    assert kill_after(None) is None and kill_after(1.0) == 6.0 and kill_after(600.0) == 660.0
    sample = str(ROOT / "samples" / "001_3e2dcef247c9ce7a.txt")
    jobs = [DocumentJob(key=key, path=sample, options=ParseOptions(timeout=2.0)) for key in ("stuck.txt", "ok.txt")]
    executor = LocalExecutor(1, kill_after(2.0), hooks=[FaultPlan.parse("hang=stuck.txt")])
    results = {r.key: r for r in executor.run(jobs)}
    assert results["stuck.txt"].error_code == "timeout" and "time budget of 2 s" in results["stuck.txt"].error
    assert results["ok.txt"].ok and results["ok.txt"].worker == results["stuck.txt"].worker


@pytest.mark.parametrize("command", ["batch", "nightly"])
def test_both_commands_share_the_symlink_and_budget_options(command):
    from typer.testing import CliRunner

    from notice_parser.cli import app

    text = " ".join(CliRunner().invoke(app, [command, "--help"], terminal_width=200).output.split())
    assert "--follow-external-links follow symbolic links that lead out of the folder walked (not followed by default" in text
    assert "--timeout SECONDS seconds one document may take before it fails (its time budget) [default: 600.0]" in text


def test_the_command_line_budget_reaches_the_workers(tmp_path):
    from fault_plugin import cli_args

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "stuck.txt").write_text(notice(), encoding="utf-8")
    (folder / "tb.txt").write_text(notice("Nội vụ"), encoding="utf-8")
    args, env = cli_args("hang=stuck.txt")
    out = subprocess.run([sys.executable, "-m", "notice_parser", "batch", str(folder), "--out", str(tmp_path / "OUT"),
                          "--workers", "1", "--timeout", "3", *args], env={**os.environ, **env},
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 1, out.stderr
    # the parser's own budget stopped it (not the executor's kill, which comes later and says so)
    assert f"FAILED {folder / 'stuck.txt'}: document took longer than its time budget of 3 s" in out.stderr
    assert "1 parsed, 1 failed" in out.stdout


# -- 12.12: exports that cannot be written are in the report ------------------------------------------------

def test_exports_that_cannot_be_written_are_reported_with_exit_5(tmp_path, monkeypatch):
    from notice_parser.export import Exporter

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "tb.txt").write_text(notice(), encoding="utf-8")

    def disk_full(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Exporter, "finish", disk_full)
    out = tmp_path / "OUT"
    report = nightly(archive, out)
    assert report.exit_code == 5 and report.export_errors == ["cannot write the exports: No space left on device"]
    written = json.loads((out / "nightly-report.json").read_text(encoding="utf-8"))
    assert written["exit_code"] == 5 and written["counts"]["parsed"] == 1 and (out / "tb.json").is_file()


# -- 12.14: multiprocessing's folders of killed runs ------------------------------------------------------

def _dead_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout)


def test_multiprocessing_folders_of_killed_runs_are_removed_and_no_one_elses(tmp_path):
    from notice_parser import tempdirs

    namespace = os.readlink("/proc/self/ns/pid")
    marked = {"pymp-dead": f"{_dead_pid()} {namespace}", "pymp-live": f"{os.getpid()} {namespace}",
              "pymp-elsewhere": f"{_dead_pid()} pid:[1]", "pymp-garbled": "twelve"}
    for name, owner in marked.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "listener-abc").touch()
        (tmp_path / name / tempdirs.OWNER_FILE).write_text(owner)
    (tmp_path / "pymp-unmarked").mkdir()  # another program's: its owner is unknown
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / tempdirs.OWNER_FILE).write_text(f"{_dead_pid()} {namespace}")
    assert tempdirs.remove_stale_mp_dirs(str(tmp_path)) == ["pymp-dead"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other", "pymp-elsewhere", "pymp-garbled", "pymp-live",
                                                          "pymp-unmarked"]


def test_a_killed_coordinator_leaves_a_folder_the_next_run_removes(tmp_path):
    from notice_parser import tempdirs

    code = ("import os; from notice_parser.runner.pool import WorkerPool; "
            "pool = WorkerPool(abs, workers=1, preload=()); print(list(pool.imap_unordered([(1, (-1,))]))[0].value); "
            "os.kill(os.getpid(), 9)")
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "TMPDIR": str(tmp_path)},
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == -signal.SIGKILL and out.stdout.strip() == "1", out.stderr
    left = [p for p in tmp_path.iterdir() if p.name.startswith("pymp-")]
    assert len(left) == 1 and (left[0] / tempdirs.OWNER_FILE).is_file()  # what a kill -9 leaves
    assert tempdirs.remove_stale_mp_dirs(str(tmp_path)) == [left[0].name] and not left[0].exists()


def test_batch_exports_that_cannot_be_written_are_exit_5_and_the_outputs_stand(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from notice_parser.cli import app
    from notice_parser.runner import executors

    class InlineExecutor(Inline):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pass

    monkeypatch.setattr(executors, "make_executor", lambda **_kw: InlineExecutor())
    (tmp_path / "tb.txt").write_text(notice(), encoding="utf-8")
    (tmp_path / "OUT" / "tasks.csv").mkdir(parents=True)  # a folder where the export goes
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "tb.txt"), "--out", str(tmp_path / "OUT"),
                                      "--export", "csv"])
    assert result.exit_code == 5 and "cannot write the exports in" in result.output, result.output
    assert "1 parsed, 0 failed" in result.output and (tmp_path / "OUT" / "tb.json").is_file()

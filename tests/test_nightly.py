"""Nightly runs (library level): incremental state, bad files, outputs, report, tasks export."""

import csv
import datetime as dt
import json
import os
import sqlite3
import threading
import time
import zipfile
from pathlib import Path

import pytest

from _samples import archive_gen
from fault_plugin import FaultPlan

from notice_parser import nightly
from notice_parser.errors import ExitCode, InputError
from notice_parser.ingest import is_supported_path
from notice_parser.nightly import (
    DB_NAME, REPORT_NAME, STATE_DIR, TASKS_CSV, TASKS_JSONL, NightlyLocked, check_outputs, format_summary,
    StateStore, output_names, run_lock, run_nightly,
)
from notice_parser.runner import walk
from notice_parser.schema import Notice
from notice_parser.export import INDEX_NAME, page_name
from notice_parser.export.rows import rows_from_output, upcoming
from notice_parser.export.tables import jsonl_record

generate_archive = archive_gen.generate_archive

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# The machinery is under test, not extraction: most archives are made from the samples that
# parse fastest, so that test time (and timeouts) do not grow with the parser's work.
QUICK_SAMPLES = sorted(SAMPLES.glob("*.txt"))[:3]


@pytest.fixture(autouse=True)
def pinned_model_version(monkeypatch):
    """Others retrain models and edit data files while the suite runs; a model version that
    moved between two runs of a test would (rightly) re-parse everything. Tests that are about
    versions set their own."""
    monkeypatch.setattr(nightly.run, "model_version", lambda: "pinned-for-tests")


def state(out: Path) -> dict[str, sqlite3.Row]:
    db = sqlite3.connect(out / STATE_DIR / DB_NAME)
    db.row_factory = sqlite3.Row
    try:
        return {r["path"]: r for r in db.execute("SELECT * FROM files")}
    finally:
        db.close()


@pytest.fixture(scope="module")
def archive20(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive20")
    generate_archive(root, 20, seed=7, samples=QUICK_SAMPLES)
    return root


def copy_tree(src: Path, dst: Path) -> Path:
    for path in src.rglob("*"):
        if path.is_file():
            target = dst / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    return dst


def test_incremental_runs_parse_only_what_changed(archive20, tmp_path):
    archive = copy_tree(archive20, tmp_path / "archive")
    out = tmp_path / "out"
    first = run_nightly(archive, out)
    assert first.counts["new"] == 20 and first.counts["parsed"] == 20 and first.exit_code == 0
    sources = sorted(p.relative_to(archive).as_posix() for p in archive.rglob("*.txt"))
    for rel in sources:  # outputs mirror the archive's relative paths
        assert (out / rel).with_suffix(".json").is_file()
    assert check_outputs(out) == []

    second = run_nightly(archive, out)
    assert second.counts["parsed"] == 0 and second.counts["unchanged"] == 20

    touched = archive / sources[0]
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 5_000_000_000))
    before = state(out)[sources[0]]["processed_at"]
    third = run_nightly(archive, out)
    assert third.counts["parsed"] == 0 and third.counts["unchanged"] == 20
    row = state(out)[sources[0]]
    assert row["processed_at"] == before and row["mtime_ns"] == touched.stat().st_mtime_ns

    edited = archive / sources[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
    fourth = run_nightly(archive, out)
    assert fourth.counts["changed"] == 1 and fourth.counts["parsed"] == 1
    notice = Notice.model_validate_json((out / sources[1]).with_suffix(".json").read_bytes())
    assert notice.text.rstrip().endswith("Thêm một dòng.")


def test_removed_files_are_marked_and_their_outputs_kept_or_removed(archive20, tmp_path):
    archive = copy_tree(archive20, tmp_path / "archive")
    out = tmp_path / "out"
    run_nightly(archive, out)
    a, b = sorted(archive.rglob("*.txt"))[:2]
    a.unlink()
    report = run_nightly(archive, out)
    rel_a = a.relative_to(archive).as_posix()
    assert report.removed == [rel_a] and state(out)[rel_a]["status"] == "removed"
    assert (out / rel_a).with_suffix(".json").exists()  # kept by default
    b.unlink()
    rel_b = b.relative_to(archive).as_posix()
    run_nightly(archive, out, remove_orphans=True)
    assert not (out / rel_b).with_suffix(".json").exists()
    assert not (out / rel_a).with_suffix(".json").exists()  # kept earlier, removed on request now
    assert not any(row["source"] == rel_b for row in map(json.loads, (out / TASKS_JSONL).open(encoding="utf-8")))


def test_new_parser_or_model_version_reparses_everything_once(archive20, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_nightly(archive20, out)
    monkeypatch.setattr(nightly.run, "model_version", lambda: "retrained-model")
    report = run_nightly(archive20, out)
    assert report.counts["version"] == 20 and report.counts["parsed"] == 20
    assert report.new_tasks == []  # same content, same directives: nothing new to tell the staff
    assert {r["model_version"] for r in state(out).values()} == {"retrained-model"}
    assert run_nightly(archive20, out).counts["parsed"] == 0


def test_force_and_retry_failed(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "good.txt").write_bytes((SAMPLES / "001_3e2dcef247c9ce7a.txt").read_bytes())
    (archive / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    first = run_nightly(archive, out)
    assert first.exit_code == ExitCode.FILES_FAILED and [p.path for p in first.failed] == ["empty.txt"]
    again = run_nightly(archive, out)
    assert again.counts["parsed"] == 0 and again.failed == [] and again.still_failing == 1
    retried = run_nightly(archive, out, retry_failed=True)
    assert retried.counts["retry"] == 1 and [p.path for p in retried.failed] == ["empty.txt"]
    forced = run_nightly(archive, out, force=True)
    assert forced.counts["forced"] == 2 and forced.counts["parsed"] == 1


INPUT = "an input error"  # ingestion chooses the precise code (bad-input, unsupported-type...)
MACHINERY_CODES = {"timeout", "worker-crash", "internal-error", None}


def _code_kind(code):
    return code if code in MACHINERY_CODES else INPUT


def _seed_bad_archive(root: Path) -> dict[str, str]:
    """Good files plus one of each kind of bad file; returns bad name → expected error code."""
    generate_archive(root / "good", 8, seed=3, samples=QUICK_SAMPLES)
    bad = root / "bad"
    bad.mkdir()
    text = (SAMPLES / "000_5b04499f5c70911f.txt").read_bytes()
    (bad / "zero.txt").write_bytes(b"")
    (bad / "junk.txt").write_bytes(bytes(range(256)) * 16)
    (bad / "stuck.txt").write_bytes(text)  # hangs its worker (fault injection)
    (bad / "boom.txt").write_bytes(text)  # crashes its worker (fault injection)
    (bad / "secret.txt").write_bytes(text)  # unreadable (fault injection: tests run as root)
    os.mkfifo(bad / "pipe.txt")
    os.symlink(bad / "gone.txt", bad / "dangling.txt")
    expected = {"zero.txt": INPUT, "junk.txt": INPUT, "stuck.txt": "timeout", "boom.txt": "worker-crash",
                "secret.txt": INPUT}
    pdf = bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa")
    (bad / "truncated.pdf").write_bytes(pdf)
    if is_supported_path(Path("truncated.pdf")):
        expected["truncated.pdf"] = INPUT
    return expected


def test_bad_files_fail_alone_with_clear_errors(tmp_path, monkeypatch):
    expected = _seed_bad_archive(tmp_path / "archive")
    plan = FaultPlan.parse("hang=stuck.txt;crash=boom.txt;unreadable=secret.txt")
    out = tmp_path / "out"
    report = run_nightly(tmp_path / "archive", out, timeout=6.0, hooks=[plan])
    failed = {Path(p.path).name: p for p in report.failed}
    assert {name: _code_kind(p.error_code) for name, p in failed.items()} == expected
    assert "0 bytes" in failed["zero.txt"].error and "permission denied" in failed["secret.txt"].error
    assert "time budget of 6 s" in failed["stuck.txt"].error and "SIGKILL" in failed["boom.txt"].error
    skipped = {Path(p.path).name: p.error for p in report.skipped}
    assert set(skipped) == {"pipe.txt", "dangling.txt"} and "FIFO" in skipped["pipe.txt"]
    rows = state(out)
    good = [r for path, r in rows.items() if path.startswith("good/")]
    assert len(good) == 8 and all(r["status"] == "done" for r in good)
    assert all(rows[f"bad/{name}"]["status"] == "failed" and rows[f"bad/{name}"]["error"] for name in expected)
    assert report.exit_code == ExitCode.FILES_FAILED
    summary = format_summary(report)
    assert "FAILED bad/boom.txt" in summary and "SKIPPED bad/pipe.txt" in summary


def test_report_and_tasks_export_are_written_from_the_stored_outputs(archive20, tmp_path):
    out = tmp_path / "out"
    report = run_nightly(archive20, out, today=dt.date(2023, 1, 1), days=30)
    on_disk = json.loads((out / REPORT_NAME).read_text(encoding="utf-8"))
    assert on_disk["run_id"] == report.run_id and on_disk["counts"]["new"] == 20
    expected = []
    for path in sorted(out.rglob("*.json")):
        if path.name == REPORT_NAME:
            continue
        source = path.relative_to(out).with_suffix(".txt").as_posix()
        output = path.relative_to(out).as_posix()
        expected += [jsonl_record(r) for r in rows_from_output(path, source, page_name(output))]
    jsonl = [json.loads(line) for line in (out / TASKS_JSONL).read_text(encoding="utf-8").splitlines()]
    assert jsonl == expected
    with open(out / TASKS_CSV, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    # one line per task and deadline: the tasks in the same order, each as often as it has deadlines
    assert [(r["source"], r["directive_id"]) for r in table] == [
        (r["source"], r["directive_id"]) for r in expected for _ in (r["deadlines"] or [None])]
    assert [r.source for r in report.new_tasks] == [r["source"] for r in expected]
    for name in ("tasks.xlsx", "tasks.ics", INDEX_NAME, *{r["page_url"] for r in expected}):
        assert (out / name).is_file(), name


def test_exports_are_rewritten_only_when_a_task_changed(archive20, tmp_path):
    out = tmp_path / "out"
    run_nightly(archive20, out)
    exports = [out / TASKS_CSV, out / TASKS_JSONL]
    written = [(p.stat().st_ino, p.read_bytes()) for p in exports]
    with StateStore(out, ("", "")) as state:
        rows = state.all_task_rows()
    today = min(d for r in rows for d in r.deadline_dates)
    again = run_nightly(archive20, out, today=today, days=60)
    assert again.counts["parsed"] == 0 and [(p.stat().st_ino, p.read_bytes()) for p in exports] == written
    # the report's deadlines come from the stored rows all the same (those with a date, read by SQLite)
    assert again.upcoming_deadlines and [(u.date, u.source, u.directive_id) for u in again.upcoming_deadlines] == [
        (d, r.source, r.directive_id) for d, r in upcoming(rows, today, 60)]
    (out / TASKS_JSONL).unlink()  # a missing export is made again
    run_nightly(archive20, out)
    assert [(p.read_bytes()) for p in exports] == [b for _, b in written]
    victim = sorted(archive20.rglob("*.txt"))[0]
    removed = tmp_path / "kept-aside.txt"
    victim.rename(removed)  # a file goes away: its tasks leave the exports
    try:
        run_nightly(archive20, out)
        assert (out / TASKS_CSV).stat().st_ino != written[0][0]
        assert victim.relative_to(archive20).as_posix() not in (out / TASKS_JSONL).read_text(encoding="utf-8")
    finally:
        removed.rename(victim)


def test_interrupted_run_leftovers_are_recovered_without_parsing(archive20, tmp_path):
    out = tmp_path / "out"
    run_nightly(archive20, out)
    # What a kill between "output written" and "state committed" leaves: pending rows whose
    # outputs already describe the current content, plus a run that never finished.
    # Rows claimed when no output existed ('' stamp): whatever output is there now was written
    # by the killed run. One claimed for a re-parse whose output was never rewritten (its stamp
    # is still the output's) must be parsed again, not adopted: the output is the old version's.
    outputs = sorted(out.rglob("notice-*.json"))
    not_rewritten = outputs[1].relative_to(out).with_suffix(".txt").as_posix()
    st = outputs[1].stat()
    db = sqlite3.connect(out / STATE_DIR / DB_NAME)
    db.execute("UPDATE files SET status='pending', sha256=NULL, claim_stamp=''")
    db.execute("UPDATE files SET claim_stamp=? WHERE path=?", (f"{st.st_ino}:{st.st_mtime_ns}", not_rewritten))
    db.execute("UPDATE runs SET finished_at=NULL")
    db.commit()
    db.close()
    (out / ".leftover.json.abc.tmp").write_text("{partial", encoding="utf-8")
    broken = outputs[0]  # matches the source but is no longer a Notice
    head = json.loads(broken.read_bytes())
    broken.write_text(json.dumps({"source": head["source"], "parser_version": head["parser_version"]}))
    report = run_nightly(archive20, out)
    assert report.counts["recovered"] == 18 and report.counts["parsed"] == 2
    assert state(out)[not_rewritten]["run_id"] == report.run_id
    assert check_outputs(out) == []
    assert all(r["status"] == "done" and r["sha256"] for r in state(out).values())
    assert not (out / ".leftover.json.abc.tmp").exists()


def test_a_locked_output_folder_refuses_a_second_run(archive20, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with run_lock(out):
        with pytest.raises(NightlyLocked) as info:
            run_nightly(archive20, out)
    assert info.value.exit_code == ExitCode.LOCKED and str(os.getpid()) in str(info.value)


def test_a_waiting_run_proceeds_when_the_lock_is_released(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    held = threading.Event()

    def hold():
        with run_lock(out):
            held.set()
            time.sleep(0.7)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    report = run_nightly(archive, out, wait_lock=10)
    thread.join()
    assert report.exit_code == 0


def test_archive_that_is_not_a_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        run_nightly(tmp_path / "missing", tmp_path / "out")


def test_walk_skips_hidden_temporary_unsupported_and_loops(tmp_path):
    root = tmp_path / "a"
    (root / "sub" / ".hidden").mkdir(parents=True)
    for name in ["x.txt", "sub/y.TXT", "sub/.hidden/z.txt", ".dot.txt", "~$lock.txt", "draft.txt~",
                 "sub/w.txt.part"]:
        (root / name).write_text("t", encoding="utf-8")
    with zipfile.ZipFile(root / "sub" / "notes.odt", "w") as zf:  # not a document we read: named, not silent
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    os.symlink(root, root / "sub" / "loop")  # a loop back to the top
    out = root / "out"
    out.mkdir()
    (out / "inside.txt").write_text("t", encoding="utf-8")  # OUT_DIR inside the archive is not walked
    entries, problems = walk(root, exclude=out)
    assert [e.rel for e in entries] == ["sub/y.TXT", "x.txt"]
    assert [(p.path, p.skipped) for p in problems] == [("sub/notes.odt", True)]


@pytest.mark.parametrize("rels, expected", [
    (["a/b.txt"], {"a/b.txt": "a/b.json"}),
    (["b.pdf", "b.txt"], {"b.pdf": "b.json", "b.txt": "b.txt.json"}),
    ([REPORT_NAME.replace(".json", ".txt")], {REPORT_NAME.replace(".json", ".txt"): REPORT_NAME.replace(".json", ".txt.json")}),
    (["x/y.z.txt", "x/y.z.pdf"], {"x/y.z.pdf": "x/y.z.json", "x/y.z.txt": "x/y.z.txt.json"}),
])
def test_output_names(rels, expected):
    assert output_names(rels) == expected


def test_failures_after_success_keep_or_drop_the_output_by_what_is_known(tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    archive.mkdir()
    sample = (SAMPLES / "001_3e2dcef247c9ce7a.txt").read_bytes()
    for name in ("locked.txt", "edited.txt"):
        (archive / name).write_bytes(sample)
    out = tmp_path / "out"
    assert run_nightly(archive, out).counts["parsed"] == 2
    # locked.txt becomes unreadable (its content is unknown): the failure is recorded, the output
    # of the last good parse stays. edited.txt changes into junk: its old output is now wrong.
    locked = [FaultPlan.parse("unreadable=locked.txt")]
    for name in ("locked.txt", "edited.txt"):
        path = archive / name
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    (archive / "edited.txt").write_bytes(b"\x00\x01\x02" * 500)
    report = run_nightly(archive, out, hooks=locked)
    assert sorted(p.path for p in report.failed) == ["edited.txt", "locked.txt"]
    assert (out / "locked.json").exists() and not (out / "edited.json").exists()
    sources = {json.loads(line)["source"] for line in (out / TASKS_JSONL).read_text(encoding="utf-8").splitlines()}
    assert "edited.txt" not in sources
    # A new parser or model version retries failed files without --retry-failed.
    monkeypatch.setattr(nightly.run, "model_version", lambda: "next-model")
    again = run_nightly(archive, out)
    assert again.counts["version"] == 2 and [p.path for p in again.failed] == ["edited.txt"]


def test_generated_damaged_share_is_recorded_and_the_rest_done(tmp_path):
    manifest = generate_archive(tmp_path / "archive", 30, seed=21, bad_share=0.3, samples=QUICK_SAMPLES)
    report = run_nightly(tmp_path / "archive", tmp_path / "out")
    rows = state(tmp_path / "out")
    assert set(rows) == {f.path for f in manifest.files}
    for f in manifest.files:
        row = rows[f.path]
        if f.kind == "text":
            assert row["status"] == "done", (f, row["error"])
        elif f.kind in ("empty", "junk", "truncated-pdf"):
            assert row["status"] == "failed" and row["error"] and row["error_code"], f
        else:  # cut-text: may still read as a (partial) notice; either way it is recorded
            assert row["status"] in ("done", "failed")
    assert {p.path for p in report.failed} == {p for p, r in rows.items() if r["status"] == "failed"}
    assert report.exit_code == (ExitCode.FILES_FAILED if report.failed else 0)

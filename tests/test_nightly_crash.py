"""Nightly runs as a process: kill -9 at random moments, SIGTERM/SIGINT, concurrent runs."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _samples import archive_gen
from fault_plugin import cli_args

from notice_parser.errors import ExitCode
from notice_parser.nightly import DB_NAME, REPORT_NAME, STATE_DIR, check_outputs

generate_archive = archive_gen.generate_archive

pytestmark = pytest.mark.slow


def start(archive: Path, out: Path, *args: str, faults: str = "", tag: str = "") -> subprocess.Popen:
    plugin_args, plugin_env = cli_args(faults)
    env = {**os.environ, **plugin_env, "NIGHTLY_TEST_TAG": tag}
    return subprocess.Popen([sys.executable, "-m", "notice_parser", "nightly", str(archive), "--out", str(out), *args,
                             *plugin_args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    stdout, stderr = proc.communicate(timeout=timeout)
    return proc.returncode, stdout, stderr


def tagged_processes(tag: str) -> list[int]:
    """Processes (the run, its fork server, its workers) whose environment carries ``tag``."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if f"NIGHTLY_TEST_TAG={tag}\0".encode() in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


def files_table(out: Path) -> dict[str, tuple]:
    path = out / STATE_DIR / DB_NAME
    if not path.exists():
        return {}
    db = sqlite3.connect(path, timeout=30)
    try:
        return {r[0]: r[1:] for r in db.execute(
            "SELECT path, status, processed_at, run_id, sha256, model_version FROM files")}
    except sqlite3.OperationalError:  # killed before the schema was created
        return {}
    finally:
        db.close()


def integrity(out: Path) -> str:
    db = sqlite3.connect(out / STATE_DIR / DB_NAME, timeout=30)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def done_count(out: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{out / STATE_DIR / DB_NAME}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT COUNT(*) FROM files WHERE status='done'").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


# The machinery is under test, not extraction: archives are made from the samples that parse
# fastest (clean text, little repair) so the test time does not grow with the parser's.
QUICK_SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt"))[:3]


def _assert_not_redone(before: tuple, after: tuple, path: str) -> None:
    """A success is never parsed again, unless the model version changed in between (others
    retrain models and edit data files while the suite runs: that re-parse is the rule)."""
    if before[-1] == after[-1]:
        assert after == before, f"{path} was processed again after it had succeeded"


@pytest.fixture(scope="module")
def archive300(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive300")
    generate_archive(root, 300, seed=11, samples=QUICK_SAMPLES)
    return root


def test_kill_9_at_random_moments_then_the_next_run_finishes_the_job(archive300, tmp_path):
    out = tmp_path / "out"
    rng = random.Random(20241123)
    done_before_kills: dict[str, tuple] = {}
    mid_parse_kills = 0
    for attempt in range(5):
        tag = f"kill-{os.getpid()}-{attempt}"
        proc = start(archive300, out, tag=tag)
        if attempt % 2 == 0:  # a random moment in time: start-up, walk, state writes, parsing
            time.sleep(rng.uniform(0.2, 2.0))
        else:  # a random point of progress, so that some kills surely land mid-parse
            target = done_count(out) + rng.randint(5, 120)
            deadline = time.monotonic() + 60
            while proc.poll() is None and done_count(out) < target and time.monotonic() < deadline:
                time.sleep(0.01)
        proc.kill()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        deadline = time.monotonic() + 10
        while tagged_processes(tag) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert tagged_processes(tag) == []  # no orphaned fork server or worker lives on
        if (out / STATE_DIR / DB_NAME).exists():
            assert integrity(out) == "ok"
        assert check_outputs(out) == []  # never a partial output file
        table = files_table(out)
        mid_parse_kills += 0 < sum(row[0] == "done" for row in table.values()) < 300
        for path, row in table.items():
            if row[0] == "done":
                _assert_not_redone(done_before_kills.get(path, row), row, path)
                done_before_kills[path] = row
    assert mid_parse_kills >= 2
    rc, stdout, stderr = finish(start(archive300, out))
    assert rc == 0, stderr
    table = files_table(out)
    sources = {p.relative_to(archive300).as_posix() for p in archive300.rglob("*.txt")}
    assert set(table) == sources and all(row[0] == "done" for row in table.values())
    for path, row in done_before_kills.items():
        _assert_not_redone(row, table[path], path)
    assert integrity(out) == "ok" and check_outputs(out) == []
    outputs = {p.relative_to(out).with_suffix(".txt").as_posix() for p in out.rglob("*.json") if p.name != REPORT_NAME}
    assert outputs == sources
    report = json.loads((out / REPORT_NAME).read_text(encoding="utf-8"))
    assert report["exit_code"] == 0 and not report["failed"]
    assert not [p for p in out.rglob("*.tmp")]  # leftovers of killed writes are cleaned up


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_stops_cleanly_and_the_next_run_resumes(tmp_path, sig, code):
    archive = tmp_path / "archive"
    generate_archive(archive, 40, seed=4, samples=QUICK_SAMPLES)
    out = tmp_path / "out"
    proc = start(archive, out, "--workers", "2", faults="slow=notice-0000[5-9].txt")
    deadline = time.monotonic() + 60
    while done_count(out) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(sig)
    rc, stdout, stderr = finish(proc, timeout=60)
    assert rc == code, stderr
    assert f"INTERRUPTED by {signal.Signals(sig).name}" in stdout
    report = json.loads((out / REPORT_NAME).read_text(encoding="utf-8"))
    assert report["interrupted"] == signal.Signals(sig).name and report["exit_code"] == code
    table = files_table(out)
    assert len(table) == 40 and any(row[0] == "pending" for row in table.values())
    assert integrity(out) == "ok" and check_outputs(out) == []
    rc, stdout, stderr = finish(start(archive, out))
    assert rc == 0, stderr
    assert all(row[0] == "done" for row in files_table(out).values())


def test_two_concurrent_runs_one_exits_with_its_own_code(tmp_path):
    archive = tmp_path / "archive"
    generate_archive(archive, 60, seed=9, samples=QUICK_SAMPLES)
    out = tmp_path / "out"
    first = start(archive, out)
    deadline = time.monotonic() + 60
    while not (out / STATE_DIR / DB_NAME).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    second = start(archive, out)
    rc2, _, err2 = finish(second)
    rc1, _, err1 = finish(first)
    assert rc1 == 0, err1
    assert rc2 == ExitCode.LOCKED and "another nightly run" in err2
    waiting = start(archive, out, "--wait", "60")
    rc, stdout, stderr = finish(waiting)
    assert rc == 0 and "0 parsed" in stdout, stderr
    assert integrity(out) == "ok" and check_outputs(out) == []

"""batch and nightly on a Dask LocalCluster of two worker processes: the same outputs as the
local pool, byte for byte; a worker killed mid-run loses nothing and writes nothing twice; a
hung document times out on its worker while the rest complete."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from _samples import archive_gen  # noqa: E402
from fault_plugin import FaultPlan  # noqa: E402

from notice_parser.batch import run_batch  # noqa: E402
from notice_parser.nightly import DB_NAME, REPORT_NAME, STATE_DIR, run_nightly  # noqa: E402
from notice_parser.runner.cluster import DaskExecutor, chunks, docs_per_task, start_local_cluster  # noqa: E402
from notice_parser.runner.contract import DocumentJob  # noqa: E402

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
# The machinery is under test, not extraction: the samples that parse fastest.
QUICK_SAMPLES = sorted(SAMPLES.glob("*.txt"))[:3]


@pytest.fixture(scope="module")
def client():
    cluster, client = start_local_cluster(2)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def outputs(out: Path) -> dict[str, bytes]:
    """Every document output and export (not the run report, which has times, nor the state)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and STATE_DIR not in p.parts and p.name != REPORT_NAME}


@pytest.mark.parametrize("per_task", [None, 3])
def test_batch_on_the_cluster_writes_what_the_pool_writes(client, tmp_path, per_task):
    inputs = [*QUICK_SAMPLES, SAMPLES / "rendered" / "001_3e2dcef247c9ce7a-text.pdf"]
    pool = run_batch(inputs, tmp_path / "pool", workers=2)
    cluster = run_batch(inputs, tmp_path / "cluster", executor=DaskExecutor(client, timeout=120,
                                                                            docs_per_task=per_task))
    assert [i.status for i in cluster.items] == [i.status for i in pool.items] and pool.failed == 0
    assert [i.summary for i in cluster.items] == [i.summary for i in pool.items]
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "pool") and len(outputs(tmp_path / "pool")) == 4


def test_sources_can_travel_with_their_tasks(client, tmp_path):
    """--ship-sources: workers get the bytes; the output is the same (the path recorded is the coordinator's)."""
    pool = run_batch(QUICK_SAMPLES[:2], tmp_path / "pool", workers=1)
    shipped = run_batch(QUICK_SAMPLES[:2], tmp_path / "shipped",
                        executor=DaskExecutor(client, timeout=120, ship_sources=True))
    assert shipped.failed == 0 == pool.failed
    assert outputs(tmp_path / "shipped") == outputs(tmp_path / "pool")


def test_nightly_on_the_cluster_matches_the_pool(client, tmp_path):
    archive = tmp_path / "archive"
    archive_gen.generate_archive(archive, 8, seed=11, samples=QUICK_SAMPLES)
    (archive / "empty.txt").write_bytes(b"")
    pool = run_nightly(archive, tmp_path / "pool")
    cluster = run_nightly(archive, tmp_path / "cluster", executor=DaskExecutor(client, timeout=120))
    assert cluster.counts == pool.counts and [p.path for p in cluster.failed] == ["empty.txt"]
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "pool")


def test_a_hung_document_times_out_on_its_worker_and_the_rest_complete(client, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "stuck.txt", "b.txt", "c.txt"):
        (folder / name).write_bytes(QUICK_SAMPLES[0].read_bytes())
    # all four in one task: the hung one fails alone, on its own timeout, and the others still run
    executor = DaskExecutor(client, timeout=3.0, hooks=[FaultPlan.parse("hang=stuck.txt")], docs_per_task=4)
    report = run_batch([folder], tmp_path / "out", executor=executor)
    codes = {Path(i.source).name: i.error_code for i in report.items}
    assert codes == {"a.txt": None, "b.txt": None, "c.txt": None, "stuck.txt": "timeout"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json", "b.json", "c.json"]


def test_a_worker_killed_mid_run_loses_nothing_and_writes_nothing_twice(client, tmp_path):
    archive = tmp_path / "archive"
    archive_gen.generate_archive(archive, 10, seed=12, samples=QUICK_SAMPLES)
    reference = run_nightly(archive, tmp_path / "reference")
    # every document takes 2 s more on the cluster, so both workers are mid-document when one is
    # killed; three documents per task, so the killed worker held a chunk and had sent part of it
    executor = DaskExecutor(client, timeout=120, hooks=[FaultPlan.parse("slow=*.txt")], docs_per_task=3)
    seen, killed = [], []

    def kill_a_busy_worker(rel, done, total):
        seen.append(rel)
        if killed:
            return
        busy = {address: keys for address, keys in client.processing().items() if keys}
        address = sorted(busy)[0]
        os.kill(executor.workers()[address], signal.SIGKILL)
        killed.append((address, busy[address]))

    report = run_nightly(archive, tmp_path / "cluster", executor=executor, on_item=kill_a_busy_worker)
    assert killed and killed[0][1], "a worker holding documents was killed"
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 10  # one result per document
    assert report.counts["parsed"] == 10 and not report.failed and report.exit_code == 0
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "reference")
    assert not list((tmp_path / "cluster").rglob("*.tmp"))
    db = sqlite3.connect(tmp_path / "cluster" / STATE_DIR / DB_NAME)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT DISTINCT status FROM files").fetchall() == [("done",)]
        assert db.execute("SELECT MAX(attempts) FROM files").fetchone()[0] == 1
    finally:
        db.close()
    assert reference.counts["parsed"] == 10


def test_the_command_line_runs_batch_on_a_local_cluster(tmp_path):
    run = subprocess.run([sys.executable, "-m", "notice_parser", "batch", *map(str, QUICK_SAMPLES[:2]), "--out",
                          str(tmp_path / "cluster"), "--cluster", "local:2"], capture_output=True, text=True,
                         timeout=240)
    assert run.returncode == 0 and "2 parsed, 0 failed" in run.stdout, run.stderr
    run_batch(QUICK_SAMPLES[:2], tmp_path / "pool", workers=1)
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "pool")


@pytest.mark.parametrize("spec", ["local:0", "remote:2"])
def test_a_bad_cluster_spec_is_a_usage_error(tmp_path, spec):
    run = subprocess.run([sys.executable, "-m", "notice_parser", "batch", str(QUICK_SAMPLES[0]), "--out",
                          str(tmp_path), "--cluster", spec], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "local:N" in run.stderr


def _jobs(tmp_path, sizes):
    jobs = []
    for i, size in enumerate(sizes):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(b"x" * size)
        jobs.append(DocumentJob(key=str(path), path=str(path)))
    return jobs


def test_documents_travel_in_chunks_of_small_sources(tmp_path):
    jobs = _jobs(tmp_path, [10] * 5 + [300_000] + [10] * 3)
    jobs.append(DocumentJob(key="gone.txt", path=str(tmp_path / "gone.txt")))  # unreadable: alone
    jobs.append(DocumentJob(key="shipped", path="elsewhere", data=b"y" * 20))  # its bytes count
    tasks = chunks(jobs, per_task=3, max_bytes=100)
    assert [len(t) for t in tasks] == [3, 2, 1, 3, 1, 1]
    assert [j.key for t in tasks for j in t] == [j.key for j in jobs]  # every document once, in order
    assert [len(t) for t in chunks(jobs[:5], per_task=3, max_bytes=25)] == [2, 2, 1]


@pytest.mark.parametrize("documents, threads, expected", [(10, 2, 1), (40, 2, 5), (1000, 2, 8), (1000, 64, 3),
                                                         (0, 2, 1)])
def test_a_task_holds_fewer_documents_than_would_leave_a_thread_idle(documents, threads, expected):
    assert docs_per_task(documents, threads) == expected


class _Finished:
    """A finished Dask future: its result, or the exception the cluster gave instead."""

    def __init__(self, exc: Exception):
        self.exc = exc

    def result(self):
        raise self.exc


def test_a_chunk_that_every_worker_died_on_is_split_so_only_the_culprit_fails(tmp_path):
    from collections import deque
    from types import SimpleNamespace

    import distributed

    jobs = _jobs(tmp_path, [10, 10, 10])
    queue = deque([(jobs[0],)])
    killed = distributed.KilledWorker("notice-parser-x-1", SimpleNamespace(address="tcp://127.0.0.1:1"), 3)
    assert list(DaskExecutor._settle(_Finished(killed), tuple(jobs), queue)) == []
    assert list(queue) == [(jobs[0],), (jobs[1],), (jobs[2],), (jobs[0],)]  # sent again first, one per task
    [alone] = DaskExecutor._settle(_Finished(killed), (jobs[1],), queue)
    assert (alone.key, alone.status, alone.error_code) == (jobs[1].key, "failed", "worker-crash")
    [broken] = DaskExecutor._settle(_Finished(ValueError("bad frame")), (jobs[2],), queue)
    assert broken.error_code == "internal-error" and "ValueError: bad frame" in broken.error


def test_sandboxes_parse_with_the_allocator_the_pool_workers_have(client, tmp_path):
    """The nanny's MALLOC_TRIM_THRESHOLD_ (for the Dask worker's own memory) stays out of the
    sandboxes: with it glibc handed memory back and took it again all through each parse."""
    import psutil

    report = run_batch(QUICK_SAMPLES[:2], tmp_path / "out", executor=DaskExecutor(client, timeout=120))
    assert report.failed == 0
    checked = 0
    for pid in DaskExecutor(client).workers().values():
        worker = psutil.Process(pid)
        assert "MALLOC_TRIM_THRESHOLD_" in worker.environ()  # what the nanny gave the worker itself
        for child in worker.children(recursive=True):  # its fork server and the sandboxes forked from it
            assert "MALLOC_TRIM_THRESHOLD_" not in child.environ()
            checked += 1
    assert checked >= 2

"""The same batch on a Dask LocalCluster of 2 worker processes and on the local process pool
of 2 workers (issue "Beyond one machine"): text notices per second on both and the cluster's
overhead ratio (cluster time / pool time; goal ≤ 1.15), and scanned pages per second on both.

BENCH_CLUSTER_N text notices (default 1 000, from the benchmark archive generator) and
BENCH_CLUSTER_SCANS scanned PDFs (default 4, the rendered scans of the samples, repeated).
Both executors are warmed up on a few notices first (their workers load the model), so the
figures compare steady running; the cluster's start-up is reported apart. The machine is
shared: the load average is printed beside the figures, and so is the CPU each kind of process
spent per text notice (process times, which a busy machine inflates less than wall times): the
coordinator (with a LocalCluster's scheduler and nannies inside it), the Dask worker processes,
and the parse itself (the pool's workers, the cluster's sandboxes); with the structure of the
cluster's run (documents per Dask task, bytes per result).
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from archive_gen import generate_archive  # bench/ is on sys.path

from notice_parser.batch import run_batch
from notice_parser.runner.executors import LocalExecutor

ROOT = Path(__file__).resolve().parents[1]


GOALS = {"overhead_ratio_cluster_over_pool": "<= 1.15"}


def _timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0


def _pages(out: Path) -> int:
    import json

    return sum(len(json.loads(p.read_bytes())["pages"]) for p in out.rglob("*.json"))


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class _Counted:
    """An executor whose results' parse CPU (measured where each document ran) is summed."""

    def __init__(self, executor):
        self.executor, self.cpu = executor, 0.0

    def run(self, jobs):
        for result in self.executor.run(jobs):
            self.cpu += result.cpu_seconds or 0.0
            yield result

    def __getattr__(self, name):
        return getattr(self.executor, name)


def run() -> dict:
    from notice_parser.runner.cluster import DaskExecutor, start_local_cluster

    n = int(os.environ.get("BENCH_CLUSTER_N", "1000"))
    scans = int(os.environ.get("BENCH_CLUSTER_SCANS", "4"))
    figures: dict = {"text_notices": n, "load_average_before": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        tmp = Path(tmp)
        archive = tmp / "archive"
        generate_archive(archive, n, seed=0)
        warm = sorted(archive.rglob("*.txt"))[:4]
        scan_dir = tmp / "scans"
        scan_dir.mkdir()
        sources = sorted((ROOT / "samples" / "rendered").glob("*-scan.pdf"))
        for i in range(scans):
            shutil.copy(sources[i % len(sources)], scan_dir / f"scan-{i}.pdf")

        (cluster, client), figures["cluster_start_s"] = _timed(lambda: start_local_cluster(2))
        try:
            executors = {"pool": LocalExecutor(2), "cluster": DaskExecutor(client)}
            times = {}
            for label, executor in executors.items():
                run_batch(warm, tmp / f"warm-{label}", executor=executor)
                counted = _Counted(executor)
                dask_workers = client.run(time.process_time) if label == "cluster" else {}
                own = _own_cpu()
                report, times[label] = _timed(lambda: run_batch([archive], tmp / f"out-{label}", executor=counted))
                figures[f"coordinator_cpu_ms_per_doc_{label}"] = round(1000 * (_own_cpu() - own) / n, 1)
                if dask_workers:
                    after = client.run(time.process_time)
                    spent = sum(after[a] - dask_workers[a] for a in after if a in dask_workers)
                    figures["dask_worker_cpu_ms_per_doc_cluster"] = round(1000 * spent / n, 1)
                    figures["docs_per_task_cluster"] = round(n / max(1, executor.stats["tasks"]), 2)
                    figures["result_kb_per_doc_cluster"] = round(executor.stats["result_bytes"] / 1024 / n, 1)
                figures[f"parse_cpu_ms_per_doc_{label}"] = round(1000 * counted.cpu / n, 1)
                figures[f"failed_{label}"] = report.failed
                figures[f"docs_per_s_{label}"] = round(n / times[label], 1)
                report, seconds = _timed(lambda: run_batch([scan_dir], tmp / f"scans-{label}", executor=executor))
                figures[f"scanned_pages_per_s_{label}"] = round(_pages(tmp / f"scans-{label}") / seconds, 3)
                figures[f"scan_failed_{label}"] = report.failed
            figures["overhead_ratio_cluster_over_pool"] = round(times["cluster"] / times["pool"], 3)
            same = all((tmp / "out-pool" / p.relative_to(tmp / "out-cluster")).read_bytes() == p.read_bytes()
                       for p in (tmp / "out-cluster").rglob("*.json"))
            figures["outputs_identical"] = same
        finally:
            client.close()
            cluster.close()
    figures["load_average_after"] = round(os.getloadavg()[0], 2)
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")

"""The robust process pool: every task gets exactly one result, whatever its worker does."""

import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fault_plugin import PLAN_ENV, FaultPlan, hooks

from notice_parser.runner import hooks as run_hooks
from notice_parser.runner.pool import WorkerPool


def double(x):
    return 2 * x


def faulty_double(plan, key, x):
    """A task that meets the fault the plan injects for its key (as a document's worker would)."""
    plan.before_document(key)
    return 2 * x


def environment(name):
    return os.environ.get(name)


def pid_of(_):
    return os.getpid()


def sleep_then(seconds):
    time.sleep(seconds)
    return seconds


def run_all(pool, tasks):
    return {r.key: r for r in pool.imap_unordered(tasks)}


FAULT_CASES = [
    # (fault rule, expected ok, expected error code, words in the error)
    ("crash", False, "worker-crash", "SIGKILL"),
    ("segv", False, "worker-crash", "SIGSEGV"),
    ("hang", False, "timeout", "no result after"),
    ("raise", False, "internal-error", "RuntimeError"),
]


@pytest.mark.parametrize("kind, ok, code, words", FAULT_CASES)
def test_a_faulty_task_fails_alone_and_the_rest_complete(kind, ok, code, words):
    plan = FaultPlan.parse(f"{kind}=bad-*")
    tasks = [(key, (plan, key, x)) for key, x in [*((f"good-{i}", i) for i in range(6)), ("bad-1", 100)]]
    with WorkerPool(faulty_double, workers=2, timeout=2.0) as pool:
        results = run_all(pool, tasks)
    assert set(results) == {k for k, _ in tasks}
    assert all(results[f"good-{i}"].ok and results[f"good-{i}"].value == 2 * i for i in range(6))
    bad = results["bad-1"]
    assert bad.ok is ok and bad.error_code == code and words in bad.error


def test_several_crashes_in_a_row_do_not_exhaust_the_pool():
    plan = FaultPlan.parse("crash=c-*;segv=s-*")
    keys = [(f"c-{i}", i) for i in range(3)] + [(f"s-{i}", i) for i in range(3)] + [("ok", 21)]
    tasks = [(key, (plan, key, x)) for key, x in keys]
    with WorkerPool(faulty_double, workers=2) as pool:
        results = run_all(pool, tasks)
    assert results["ok"].value == 42
    assert sum(1 for r in results.values() if r.error_code == "worker-crash") == 6


def test_workers_are_recycled_after_max_tasks():
    with WorkerPool(pid_of, workers=1, max_tasks_per_worker=2) as pool:
        results = run_all(pool, [(i, (i,)) for i in range(6)])
    pids = {r.value for r in results.values()}
    assert len(pids) == 3


def test_workers_run_with_one_thread_per_library():
    with WorkerPool(environment, workers=1) as pool:
        results = run_all(pool, [("omp", ("OMP_THREAD_LIMIT",))])
    assert results["omp"].value == "1"


def test_worker_peak_memory_is_reported():
    with WorkerPool(double, workers=1) as pool:
        (result,) = pool.imap_unordered([("a", (1,))])
    assert result.worker_max_rss_kb and result.worker_max_rss_kb > 1000


def test_stop_lets_in_flight_tasks_finish_and_dispatches_nothing_more():
    pool = WorkerPool(sleep_then, workers=2)
    seen = []
    for result in pool.imap_unordered([(i, (0.3,)) for i in range(10)]):
        seen.append(result)
        pool.stop()
    assert all(r.ok for r in seen)
    # the first result, plus at most one task per worker: the other worker's, and the one the first
    # worker was handed as its result came in (a worker never idles while its caller writes)
    assert 1 <= len(seen) <= 3


def test_abandon_kills_in_flight_tasks():
    pool = WorkerPool(sleep_then, workers=2)
    results = []
    # the first ready worker takes "slow"; the other takes "quick", whose result triggers abandon
    for result in pool.imap_unordered([("slow", (60.0,)), ("quick", (0.2,)), ("later", (0.0,))]):
        results.append(result)
        if result.key == "quick":
            pool.abandon()
    by_key = {r.key: r for r in results}
    assert by_key["slow"].error_code == "abandoned"
    # "later" never ran, ran, or was handed out with "quick"'s result and abandoned with the rest
    assert "later" not in by_key or by_key["later"].ok or by_key["later"].error_code == "abandoned"


def test_stop_with_grace_abandons_what_overruns_it():
    pool = WorkerPool(sleep_then, workers=2)
    results, stopped_at = {}, None
    for result in pool.imap_unordered([("slow", (60.0,)), ("quick", (0.2,))]):
        results[result.key] = result
        if result.key == "quick":
            pool.stop(grace=0.5)
            stopped_at = time.monotonic()
    assert results["slow"].error_code == "abandoned"
    assert time.monotonic() - stopped_at < 5


def test_fault_plugin_takes_its_plan_from_the_test_environment(monkeypatch):
    monkeypatch.setenv(PLAN_ENV, "hang=a*.txt; unreadable=secret.txt")
    (plan,) = run_hooks.load_plugin("fault_plugin")
    assert plan == hooks()[0]
    assert plan.kinds_for("x/abc.txt") == {"hang"}
    assert plan.kinds_for("/archive/secret.txt") == {"unreadable"}
    assert plan.kinds_for("b.txt") == set()
    with run_hooks.using([plan]):
        with pytest.raises(PermissionError):
            run_hooks.before_read("/archive/secret.txt")
        run_hooks.before_read("/archive/public.txt")
    run_hooks.before_read("/archive/secret.txt")  # uninstalled: production reads as usual
    assert run_hooks.installed() == ()


@pytest.mark.parametrize("name", ["no_such_plugin_module", "json"])
def test_a_plugin_that_cannot_give_hooks_is_a_clear_error(name):
    with pytest.raises(ValueError, match="plugin"):
        run_hooks.load_plugin(name)


@pytest.mark.parametrize("spec", ["hang", "explode=*.txt", "hang=", "=x"])
def test_fault_plan_rejects_bad_rules(spec):
    with pytest.raises(ValueError):
        FaultPlan.parse(spec)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_fault_plan_parse_never_fails_other_than_value_error(spec):
    try:
        plan = FaultPlan.parse(spec)
    except ValueError:
        return
    for kind, pattern in plan.rules:
        assert kind in {"hang", "crash", "segv", "raise", "unreadable", "slow"} and pattern


def unpicklable(_):
    return lambda: None


def test_a_result_that_cannot_be_sent_back_is_an_error_not_a_dead_worker():
    with WorkerPool(unpicklable, workers=1) as pool:
        results = list(pool.imap_unordered([("a", (1,)), ("b", (2,))]))
    assert [r.error_code for r in results] == ["internal-error", "internal-error"]
    assert "could not be sent back" in results[0].error
    assert results[0].worker_pid == results[1].worker_pid


def mark_initialized():
    os.environ["TEST_WORKER_INITIALIZED"] = "yes"


def test_initializer_runs_in_each_worker_before_its_first_task():
    with WorkerPool(environment, workers=2, max_tasks_per_worker=1, initializer=mark_initialized) as pool:
        results = run_all(pool, [(i, ("TEST_WORKER_INITIALIZED",)) for i in range(4)])
    assert [r.value for r in results.values()] == ["yes"] * 4


@pytest.mark.parametrize("max_rss_mb, max_tasks, processes", [
    (1, None, 4),  # every worker passes 1 MB: each is replaced after one task
    (None, None, 1),  # no cap: one worker takes all four
    (100_000, 2, 2),  # the count cap still applies when memory stays low
])
def test_workers_are_recycled_by_memory_not_by_count(max_rss_mb, max_tasks, processes):
    with WorkerPool(pid_of, workers=1, max_rss_mb=max_rss_mb, max_tasks_per_worker=max_tasks) as pool:
        results = run_all(pool, [(i, (i,)) for i in range(4)])
    assert len({r.value for r in results.values()}) == processes


def test_sandbox_times_out_crashes_and_recovers():
    from notice_parser.runner.pool import Sandbox

    plan = FaultPlan.parse("hang=h-*;crash=c-*")
    box = Sandbox(faulty_double)
    try:
        assert box.call("a", (plan, "a", 2)).value == 4
        hung = box.call("h-1", (plan, "h-1", 1), timeout=1.0)
        assert hung.error_code == "timeout" and "no result after 1 s" in hung.error
        crashed = box.call("c-1", (plan, "c-1", 1))
        assert crashed.error_code == "worker-crash" and "SIGKILL" in crashed.error
        assert box.call("b", (plan, "b", 5)).value == 10
    finally:
        box.close()

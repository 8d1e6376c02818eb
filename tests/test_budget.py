"""The per-document time budget (ParseOptions.timeout, parse --timeout): a stage that runs away
is stopped with ProcessingTimeout — in the main thread by the interval timer wherever the stage
is, in any other thread at the next stage boundary — and budgets nest without extending."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time

import pytest

from notice_parser import ParseOptions, ProcessingTimeout, budget, parse_text
from notice_parser import pipeline

NOTICE = "THÔNG BÁO\nKết luận cuộc họp\n1. Sở Tài chính báo cáo UBND tỉnh trước ngày 15/3/2024.\n"


@pytest.fixture(autouse=True)
def _warm():
    parse_text(NOTICE)  # models loaded: the budgets below are spent in the stage under test


def _spin(*_args, **_kwargs):
    while True:  # a stage that never ends on its own (the shape of a super-linear loop)
        pass


def _backtrack(*_args, **_kwargs):
    re.match(r"(a+)+$", "a" * 64 + "b")  # catastrophic backtracking: years without the timer
    raise AssertionError("the regular expression cannot finish")


@pytest.mark.parametrize("stage", [_spin, _backtrack], ids=["python-loop", "regex"])
def test_a_runaway_stage_is_stopped_in_the_main_thread(monkeypatch, stage):
    monkeypatch.setattr(pipeline, "extract_notice", stage)
    with pytest.raises(ProcessingTimeout, match="time budget of 0.3 s"):
        parse_text(NOTICE, ParseOptions(timeout=0.3))


def test_outside_the_main_thread_the_next_stage_boundary_stops_it(monkeypatch):
    real = pipeline.extract_notice

    def slow(*args, **kwargs):
        time.sleep(0.4)  # longer than the budget; the boundary after extraction notices
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_notice", slow)
    caught: list[BaseException] = []

    def run():
        try:
            parse_text(NOTICE, ParseOptions(timeout=0.1))
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            caught.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(30)
    assert len(caught) == 1 and isinstance(caught[0], ProcessingTimeout)
    assert "after extraction" in str(caught[0])


def test_without_a_budget_nothing_is_armed():
    assert budget.remaining() is None
    assert parse_text(NOTICE).directives
    assert budget.remaining() is None


def test_budgets_nest_without_extending():
    with budget.time_budget(5):
        outer = budget.remaining()
        with budget.time_budget(100):
            assert budget.remaining() <= outer  # the inner, longer budget does not extend
        with budget.time_budget(0.5):
            assert budget.remaining() <= 0.5
        assert 4 < budget.remaining() <= 5
    assert budget.remaining() is None


def test_page_timeouts_are_cut_to_what_is_left():
    assert budget.capped(120.0) == 120.0
    with budget.time_budget(2):
        assert budget.capped(120.0) <= 2
        assert budget.capped(1.0) == 1.0


def test_a_timer_the_caller_armed_is_put_back(monkeypatch):
    import signal

    fired = []

    def theirs(*_):
        fired.append(True)

    previous = signal.signal(signal.SIGALRM, theirs)
    signal.setitimer(signal.ITIMER_REAL, 50)
    try:
        monkeypatch.setattr(pipeline, "extract_notice", _spin)
        with pytest.raises(ProcessingTimeout, match="interrupted"):
            parse_text(NOTICE, ParseOptions(timeout=0.3))
        assert signal.getsignal(signal.SIGALRM) is theirs
        assert 40 < signal.getitimer(signal.ITIMER_REAL)[0] < 50
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not fired


def test_a_timer_that_fires_first_is_left_alone(monkeypatch):
    import signal

    class Theirs(Exception):
        pass

    def theirs(*_):
        raise Theirs

    previous = signal.signal(signal.SIGALRM, theirs)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        monkeypatch.setattr(pipeline, "extract_notice", _spin)
        with pytest.raises(Theirs):
            parse_text(NOTICE, ParseOptions(timeout=30))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_an_import_is_never_interrupted(monkeypatch, tmp_path):
    # A module that takes longer to import than the whole budget: interrupting it would leave
    # it half-initialised; the timer waits for the import to finish, then stops the stage.
    (tmp_path / "slow_module_for_budget.py").write_text("import time\ntime.sleep(0.5)\nDONE = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    def importing_stage(*_args, **_kwargs):
        import slow_module_for_budget

        assert slow_module_for_budget.DONE
        _spin()

    monkeypatch.setattr(pipeline, "extract_notice", importing_stage)
    with pytest.raises(ProcessingTimeout, match="interrupted"):
        parse_text(NOTICE, ParseOptions(timeout=0.1))
    assert sys.modules["slow_module_for_budget"].DONE
    sys.modules.pop("slow_module_for_budget")


def test_parse_timeout_on_the_command_line_exits_4(tmp_path):
    notice = tmp_path / "tb.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    # Fault injection: the extraction stage replaced by one that sleeps far past the budget.
    code = ("import time, notice_parser.pipeline as p; p.extract_notice = lambda *a, **k: time.sleep(60); "
            "from notice_parser.cli import main; main()")
    t0 = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code, "parse", str(notice), "--timeout", "1"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 4, out.stderr
    assert "time budget of 1 s" in out.stderr and out.stdout == ""
    assert time.monotonic() - t0 < 50

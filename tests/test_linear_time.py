"""Extraction time grows linearly with the input, even on pathological text (issue 12 point 1).

Each case is timed at 1× and 10× its size in one run and the ratio is bounded: a linear stage
gives about 10, a quadratic one about 100. The bound is generous (CPU is shared) and no absolute
seconds are asserted; speed targets live in bench/. Each case runs the stage that was
super-linear on it, so its constant does not hide the quadratic term; before the fixes these
ratios were 26 to 50 at a fifth of these sizes (the department list did not finish in minutes).
"""

from __future__ import annotations

import time

import pytest

from notice_parser.extract import extract_notice
from notice_parser.extract.agencies import assign_roles, clause_boundaries, find_mentions
from notice_parser.extract.deadlines import find_deadlines

BASE = 4_000  # characters at 1×
RATIO_BOUND = 25  # 10× the input may take at most 25× the time


def agencies_and_roles(text: str) -> None:
    mentions = find_mentions(text)
    assign_roles(text, 0, len(text), mentions, clause_boundaries(text, 0, len(text)))


def deadlines(text: str) -> None:
    find_deadlines(text)


CASES = {
    # list expansion re-walked the rest of the list from every item
    "department list": ("Sở Tài chính, Sở Nội vụ, Sở Y tế và ", agencies_and_roles),
    # roles searched the whole left context of every mention, in a clause with no punctuation
    "support chain": ("Sở Tài chính phối hợp với ", agencies_and_roles),
    "assignments": ("giao Sở Tài chính chủ trì, ", agencies_and_roles),
    "province committees": ("Ủy ban nhân dân tỉnh ", agencies_and_roles),
    # the meeting date checked every date against every citation
    "citations": ("số 12/QĐ-UBND ngày 1/1/2024, ", extract_notice),
    # every recurrence checked against every deadline found before it
    "recurrence": ("hàng tuần, ", deadlines),
}


def _best_time(stage, text: str, runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        stage(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("unit,stage", CASES.values(), ids=CASES.keys())
def test_extraction_is_linear(unit, stage):
    small = unit * (BASE // len(unit))
    large = unit * (10 * BASE // len(unit))
    stage(small)  # warm-up: data files and regexes compile once
    ratio = _best_time(stage, large) / _best_time(stage, small)
    assert ratio < RATIO_BOUND, f"10× the input took {ratio:.0f}× the time"


def test_whole_extraction_stays_linear_on_a_long_list():
    unit = CASES["department list"][0]
    small, large = unit * (BASE // len(unit)), unit * (10 * BASE // len(unit))
    extract_notice(small)
    assert _best_time(extract_notice, large, 1) / _best_time(extract_notice, small, 1) < RATIO_BOUND

"""The archive-wide tasks export: rows per directive, CSV/JSONL, upcoming deadlines."""

import csv
import datetime as dt
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_parser.nightly import RESERVED_OUTPUTS, output_names
from notice_parser.schema import Agency, Deadline, Directive, Notice, Span
from notice_parser.export.rows import flat_rows, next_occurrence, task_rows, upcoming
from notice_parser.export.tables import to_csv, to_jsonl

D = dt.date


def directive(id_, text, agencies=(), deadlines=(), children=(), page=1):
    return Directive(id=id_, label=f"{id_}.", text=text, span=Span(start=0, end=len(text), page=page),
                     agencies=[Agency(name=n, role=r) for n, r in agencies],
                     deadlines=list(deadlines), children=list(children))


NOTICE = Notice(text="...", directives=[
    directive("1", "Sở Tài chính chủ trì, phối hợp Sở Nội vụ, báo cáo trước ngày 15/3/2024.",
              agencies=[("Sở Tài chính", "lead"), ("Sở Nội vụ", "support"), ("Sở Tài chính", "lead")],
              deadlines=[Deadline(text="trước ngày 15/3/2024", date=D(2024, 3, 15)),
                         Deadline(text="trước ngày 01/3/2024", date=D(2024, 3, 1))],
              children=[directive("1.a", "Hằng tháng báo cáo.", agencies=[("Sở Y tế", "lead")],
                                  deadlines=[Deadline(text="hằng tháng", recurrence="monthly", kind="recurring",
                                                      starts=D(2024, 1, 31))], page=2)]),
    directive("2", "Văn phòng UBND tỉnh theo dõi."),
])


def test_one_row_per_directive_depth_first_with_agencies_by_role():
    rows = task_rows(NOTICE, "2024/tb-1.txt")
    assert [r.directive_id for r in rows] == ["1", "1.a", "2"]
    first, child, last = rows
    assert first.lead_agencies == ["Sở Tài chính"] and first.support_agencies == ["Sở Nội vụ"]
    assert first.deadline_date == D(2024, 3, 1) and first.deadline_dates == [D(2024, 3, 1), D(2024, 3, 15)]
    assert first.deadline_text == "trước ngày 15/3/2024 | trước ngày 01/3/2024"
    assert child.recurrence == "monthly" and child.starts == D(2024, 1, 31) and child.page == 2
    assert last.lead_agencies == [] and last.deadline_date is None and last.source == "2024/tb-1.txt"


def test_csv_one_line_per_deadline_and_jsonl_one_line_per_task():
    rows = task_rows(NOTICE, "a.txt")
    text = to_csv(flat_rows(rows, today=D(2024, 3, 10)))
    assert text.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(text[1:])))
    assert [(t["directive_id"], t["deadline_date"], t["overdue"]) for t in table] == [
        ("1", "2024-03-15", ""), ("1", "2024-03-01", "yes"), ("1.a", "", ""), ("2", "", "")]
    assert table[0]["lead_agencies"] == "Sở Tài chính" and table[0]["support_agencies"] == "Sở Nội vụ"
    assert table[0]["agency"] == "Sở Tài chính" and table[0]["deadline_text"] == "trước ngày 15/3/2024"
    assert table[2]["recurrence"] == "monthly" and table[2]["starts"] == "2024-01-31" and table[2]["page"] == "2"
    lines = [json.loads(line) for line in to_jsonl(rows).splitlines()]
    assert [line["directive_id"] for line in lines] == ["1", "1.a", "2"]
    assert [d["date"] for d in lines[0]["deadlines"]] == ["2024-03-15", "2024-03-01"]
    assert lines[1]["deadlines"][0]["recurrence"] == "monthly" and "deadline_dates" not in lines[1]


@pytest.mark.parametrize("today, days, expected", [
    (D(2024, 2, 20), 14, [(D(2024, 2, 29), "1.a"), (D(2024, 3, 1), "1")]),
    (D(2024, 3, 2), 14, [(D(2024, 3, 15), "1")]),
    (D(2024, 3, 2), 30, [(D(2024, 3, 15), "1"), (D(2024, 3, 31), "1.a")]),
    (D(2025, 1, 1), 10, []),
])
def test_upcoming_deadlines(today, days, expected):
    found = upcoming(task_rows(NOTICE, "a.txt"), today, days)
    assert [(d, r.directive_id) for d, r in found] == expected


@pytest.mark.parametrize("starts, recurrence, today, expected", [
    (D(2024, 1, 31), "monthly", D(2024, 2, 1), D(2024, 2, 29)),
    (D(2024, 1, 31), "monthly", D(2024, 1, 10), D(2024, 1, 31)),
    (D(2024, 1, 1), "weekly", D(2024, 1, 9), D(2024, 1, 15)),
    (D(2024, 1, 1), "weekly", D(2024, 1, 8), D(2024, 1, 8)),
    (D(2024, 1, 1), "daily", D(2024, 3, 3), D(2024, 3, 3)),
    (D(2023, 11, 15), "quarterly", D(2024, 3, 1), D(2024, 5, 15)),
    (D(2020, 2, 29), "yearly", D(2021, 1, 1), D(2021, 2, 28)),
])
def test_next_occurrence(starts, recurrence, today, expected):
    assert next_occurrence(starts, recurrence, today) == expected


@settings(max_examples=200, deadline=None)
@given(st.dates(D(2000, 1, 1), D(2040, 1, 1)), st.sampled_from(["daily", "weekly", "monthly", "quarterly", "yearly"]),
       st.integers(0, 3000))
def test_next_occurrence_is_on_or_after_today_and_within_one_period(starts, recurrence, offset):
    today = starts + dt.timedelta(days=offset)
    nxt = next_occurrence(starts, recurrence, today)
    period = {"daily": 1, "weekly": 7, "monthly": 31, "quarterly": 92, "yearly": 366}[recurrence]
    assert today <= nxt < today + dt.timedelta(days=period)


_SEGMENT = st.text(alphabet="abcé.-_ 0", min_size=1, max_size=6).filter(lambda s: s.strip(".") and s not in (".", ".."))
_REL = st.builds(lambda parts, ext: "/".join(parts) + ext, st.lists(_SEGMENT, min_size=1, max_size=3),
                 st.sampled_from([".txt", ".pdf", ".TXT", ".png", ".json.txt"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_REL, max_size=12, unique=True) | st.just(["nightly-report.txt", "nightly-report.pdf"]))
def test_output_names_never_collide_or_take_reserved_names(rels):
    names = output_names(rels)
    assert set(names) == set(rels)
    assert len(set(names.values())) == len(rels)
    assert not set(names.values()) & RESERVED_OUTPUTS
    assert all(name.endswith(".json") for name in names.values())

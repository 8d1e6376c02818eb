"""Task exports read back: CSV (UTF-8 with BOM), JSON Lines, XLSX (openpyxl) and ICS (icalendar),
on hand-made rows and round trip on the samples and the sixteen real documents."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from notice_parser import ParseOptions, parse_text
from notice_parser.export import FILE_NAMES, INDEX_NAME, Exporter, page_name, parse_formats
from notice_parser.export.ics import to_ics
from notice_parser.export.rows import DeadlineItem, TaskRow, flat_rows, task_rows
from notice_parser.export.tables import CSV_COLUMNS, to_csv, to_jsonl
from notice_parser.export.xlsx import to_xlsx

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2025, 6, 1)
D = dt.date


def documents() -> list[Path]:
    return sorted((ROOT / "samples").glob("*.txt")) + sorted((ROOT / "tests" / "gold" / "real").glob("*.txt"))


@pytest.fixture(scope="module")
def parsed() -> list[tuple[str, object]]:
    return [(p.name, parse_text(p.read_text(encoding="utf-8"), ParseOptions(ocr="never"), name=p.name))
            for p in documents()]


@pytest.fixture(scope="module")
def rows(parsed) -> list[TaskRow]:
    return [r for name, notice in parsed for r in task_rows(notice, name)]


def row(directive_id="1", deadlines=(), issue_date=D(2025, 1, 10), lead=("Sở Tài chính",)) -> TaskRow:
    items = [DeadlineItem(**d) for d in deadlines]
    return TaskRow(source="a.txt", notice_number="12/TB-UBND", issue_date=issue_date, issuer="UBND tỉnh Huế",
                   directive_id=directive_id, label="1.", text="Sở Tài chính báo cáo kết quả thực hiện.",
                   lead_agencies=list(lead), deadlines=items,
                   deadline_dates=sorted(d.date for d in items if d.date))


# ---------------------------------------------------------------- hand-made rows


@pytest.mark.parametrize("recurrence, rule", [
    ("weekly", {"FREQ": ["WEEKLY"]}),
    ("monthly", {"FREQ": ["MONTHLY"]}),
    ("quarterly", {"FREQ": ["MONTHLY"], "INTERVAL": [3]}),
    ("semiannual", {"FREQ": ["MONTHLY"], "INTERVAL": [6]}),
    ("yearly", {"FREQ": ["YEARLY"]}),
    ("daily", {"FREQ": ["DAILY"]}),
])
def test_ics_recurrence_becomes_an_rrule_from_its_first_occurrence(recurrence, rule):
    r = row(deadlines=[{"text": "định kỳ", "recurrence": recurrence, "kind": "recurring", "starts": D(2025, 2, 5)}])
    [event] = Calendar.from_ical(to_ics([r])).walk("VEVENT")
    assert event.decoded("dtstart") == D(2025, 2, 5) and event.decoded("dtend") == D(2025, 2, 6)
    assert {k: list(v) for k, v in event["rrule"].items()} == rule


def test_ics_dates_agencies_and_what_cannot_be_placed():
    r = row(deadlines=[
        {"text": "trước ngày 15/3/2025", "date": D(2025, 3, 15), "agencies": ["Sở Nội vụ"]},
        {"text": "hằng tháng", "recurrence": "monthly", "kind": "recurring"},  # starts with the notice
        {"text": "trong thời hạn 03 ngày làm việc", "kind": "within"},  # no date: not on a calendar
    ])
    events = Calendar.from_ical(to_ics([r])).walk("VEVENT")
    assert [(e.decoded("dtstart"), "RRULE" in e) for e in events] == [(D(2025, 3, 15), False), (D(2025, 1, 10), True)]
    first = events[0]
    assert isinstance(first.decoded("dtstart"), dt.date) and not isinstance(first.decoded("dtstart"), dt.datetime)
    assert str(first["summary"]).startswith("[Sở Nội vụ] Sở Tài chính báo cáo")
    assert "12/TB-UBND" in str(first["description"]) and "trước ngày 15/3/2025" in str(first["description"])
    no_anchor = row(issue_date=None, deadlines=[{"text": "hằng tuần", "recurrence": "weekly", "kind": "recurring"}])
    assert Calendar.from_ical(to_ics([no_anchor])).walk("VEVENT") == []


def test_ics_uids_are_stable_across_runs_and_distinct():
    r = row(deadlines=[{"text": "trước ngày 15/3/2025", "date": D(2025, 3, 15)},
                       {"text": "trước ngày 30/3/2025", "date": D(2025, 3, 30)}])
    first = to_ics([r], stamp=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    again = to_ics([r.model_copy(update={"text": "edited wording"})], stamp=dt.datetime(2025, 2, 1, tzinfo=dt.timezone.utc))
    uids = [str(e["uid"]) for e in Calendar.from_ical(first).walk("VEVENT")]
    assert len(set(uids)) == 2 and uids == [str(e["uid"]) for e in Calendar.from_ical(again).walk("VEVENT")]


def test_xlsx_typed_dates_frozen_header_filter_and_overdue_fill():
    rows_ = [row("1", [{"text": "trước ngày 15/3/2025", "date": D(2025, 3, 15)},
                       {"text": "trước ngày 30/7/2025", "date": D(2025, 7, 30), "agencies": ["Sở Nội vụ"]}]),
             row("2")]
    ws = load_workbook(io.BytesIO(to_xlsx(flat_rows(rows_, TODAY)))).active
    header = [c.value for c in ws[1]]
    assert header == CSV_COLUMNS and ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:S{ws.max_row}"
    col = {name: i for i, name in enumerate(header)}
    lines = [[c for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(lines) == 3
    dates = [line[col["deadline_date"]] for line in lines]
    assert [c.value for c in dates] == [dt.datetime(2025, 3, 15), dt.datetime(2025, 7, 30), None]
    assert dates[0].is_date and lines[0][col["issue_date"]].is_date
    assert [line[col["agency"]].value for line in lines] == ["Sở Tài chính", "Sở Nội vụ", "Sở Tài chính"]
    fills = [line[0].fill.fgColor.rgb for line in lines]
    assert fills[0] != fills[1] and fills[1] == fills[2]  # only the line past its date is marked
    assert [line[col["overdue"]].value for line in lines] == ["yes", None, None]


def test_formats_are_checked():
    assert parse_formats("csv, XLSX,csv") == ("csv", "xlsx")
    with pytest.raises(ValueError, match="pdf"):
        parse_formats("csv,pdf")


# ---------------------------------------------------------------- round trip on real documents


def test_rows_leave_out_headings_and_findings(parsed):
    for name, notice in parsed:
        ids = [r.directive_id for r in task_rows(notice, name)]
        assert ids == [d.id for d, _ in notice.iter_directives() if not d.heading]
        finding_texts = {f.text for f in notice.findings}
        assert not finding_texts & {r.text for r in task_rows(notice, name)}


def test_csv_and_jsonl_round_trip(rows):
    lines = flat_rows(rows, TODAY)
    text = to_csv(lines)
    assert text.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(table) == len(lines) == sum(max(1, len(r.deadlines)) for r in rows)
    for got, line in zip(table, lines):
        assert (got["source"], got["directive_id"], got["text"]) == (line.task.source, line.task.directive_id,
                                                                      line.task.text)
        assert got["deadline_date"] == (line.deadline.date.isoformat() if line.deadline and line.deadline.date else "")
        assert got["notice_number"] == (line.task.notice_number or "")
    back = [TaskRow.model_validate(json.loads(x)) for x in to_jsonl(rows).splitlines()]
    assert [(b.source, b.directive_id, b.text, b.deadlines, b.lead_agencies) for b in back] == [
        (r.source, r.directive_id, r.text, r.deadlines, r.lead_agencies) for r in rows]


def test_xlsx_round_trip(rows):
    lines = flat_rows(rows, TODAY)
    ws = load_workbook(io.BytesIO(to_xlsx(lines))).active
    header = [c.value for c in ws[1]]
    col = {name: i for i, name in enumerate(header)}
    got = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(got) == len(lines)
    for values, line in zip(got, lines):
        date = line.deadline.date if line.deadline else None
        assert values[col["deadline_date"]] == (dt.datetime.combine(date, dt.time()) if date else None)
        assert values[col["directive_id"]] == line.task.directive_id and values[col["text"]] == line.task.text
        assert (values[col["overdue"]] == "yes") == line.overdue


def test_ics_round_trip(rows):
    events = Calendar.from_ical(to_ics(rows)).walk("VEVENT")
    expected = [(d.date or d.starts or r.issue_date, d.recurrence) for r in rows for d in r.deadlines
                if d.date or (d.recurrence and (d.starts or r.issue_date))]
    assert events and [(e.decoded("dtstart"), e["rrule"]["FREQ"][0] if "RRULE" in e else None) for e in events] == [
        (date, {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "quarterly": "MONTHLY",
                "semiannual": "MONTHLY", "yearly": "YEARLY"}.get(rec)) for date, rec in expected]
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_exporter_writes_every_file_and_keeps_the_last_complete_version(parsed, tmp_path, monkeypatch):
    def run(today):
        exporter = Exporter(tmp_path, ["csv", "xlsx", "ics", "jsonl"], html=True, today=today)
        for name, notice in parsed[:6]:
            output = name.replace(".txt", ".json")
            (tmp_path / output).write_text(notice.to_json(), encoding="utf-8")
            exporter.add_output(tmp_path / output, name)
        return exporter.finish()

    written = run(TODAY)
    assert sorted(p.name for p in written) == sorted([*FILE_NAMES.values(), INDEX_NAME])
    assert all((tmp_path / page_name(n.replace(".txt", ".json"))).is_file() for n, _ in parsed[:6])
    before = {p.name: p.read_bytes() for p in written}

    # A run that dies while writing the workbook leaves every export as the last run wrote it.
    import notice_parser.export.xlsx as xlsx

    monkeypatch.setattr(xlsx, "to_xlsx", lambda lines, stamp: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        run(TODAY + dt.timedelta(days=400))
    # tasks.csv came before the failure: it is the new run's, complete (later, more lines are overdue)
    assert (tmp_path / "tasks.csv").read_bytes() != before.pop("tasks.csv")
    for name, data in before.items():
        assert (tmp_path / name).read_bytes() == data
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_batch_cli_writes_the_review_index_and_every_export(tmp_path):
    import shutil
    import subprocess
    import sys

    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(ROOT / "samples" / "002_058ad60d7d3797d9.txt", src / "a.txt")
    shutil.copy(ROOT / "samples" / "000_5b04499f5c70911f.txt", src / "sub" / "b.txt")
    (src / "empty.txt").write_bytes(b"")  # fails: the exports cover the others

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "notice_parser", "batch", str(src), "--out", str(tmp_path / "out"),
                               "--workers", "1", *args], capture_output=True, text=True)

    bad = cli("--export", "csv,docx")
    assert bad.returncode == 2 and "docx" in bad.stderr and not (tmp_path / "out").exists()
    run = cli("--html", "--export", "csv,xlsx,ics,jsonl")
    assert run.returncode == 1 and run.stdout.strip().splitlines()[-1] == "2 parsed, 1 failed"
    out = tmp_path / "out"
    for name in [INDEX_NAME, *FILE_NAMES.values(), "review/a.html", "review/sub/b.html"]:
        assert (out / name).is_file(), name
    index = (out / INDEX_NAME).read_text(encoding="utf-8")
    assert 'href="review/a.html"' in index and 'href="review/sub/b.html"' in index
    assert 'href="../../sub/b.json"' in (out / "review/sub/b.html").read_text(encoding="utf-8")
    jsonl = [json.loads(x) for x in (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {x["source"] for x in jsonl} == {str(src / "a.txt"), str(src / "sub" / "b.txt")}


def test_nightly_writes_every_export_each_run_and_keeps_the_last_complete_one(tmp_path, monkeypatch):
    import shutil

    from notice_parser.nightly import run_nightly

    archive = tmp_path / "archive"
    (archive / "2025").mkdir(parents=True)
    for name in ("000_5b04499f5c70911f.txt", "002_058ad60d7d3797d9.txt"):
        shutil.copy(ROOT / "samples" / name, archive / "2025" / name)
    out = tmp_path / "out"
    run_nightly(archive, out, workers=1, today=TODAY)
    pages = sorted(p.relative_to(out).as_posix() for p in (out / "review").rglob("*.html"))
    assert pages == ["review/2025/000_5b04499f5c70911f.html", "review/2025/002_058ad60d7d3797d9.html"]
    files = {name: (out / name).read_bytes() for name in [*FILE_NAMES.values(), INDEX_NAME]}
    page_stamp = (out / pages[0]).stat().st_mtime_ns

    # Nothing changed: the exports and pages stay as they are.
    run_nightly(archive, out, workers=1, today=TODAY)
    assert (out / pages[0]).stat().st_mtime_ns == page_stamp
    assert {n: (out / n).read_bytes() for n in files} == files

    # A run whose calendar export fails leaves the last complete calendar in place.
    import notice_parser.export.ics as ics

    monkeypatch.setattr(ics, "to_ics", lambda rows, stamp: (_ for _ in ()).throw(RuntimeError("disk full")))
    before = (out / "tasks.ics").read_bytes()
    (archive / "2025" / "002_058ad60d7d3797d9.txt").unlink()
    with pytest.raises(RuntimeError):
        run_nightly(archive, out, workers=1, today=TODAY)
    assert (out / "tasks.ics").read_bytes() == before
    monkeypatch.undo()

    # The source is gone: its tasks leave the exports and its page goes.
    run_nightly(archive, out, workers=1, today=TODAY)
    assert sorted(p.name for p in (out / "review").rglob("*.html")) == ["000_5b04499f5c70911f.html"]
    jsonl = [json.loads(x) for x in (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert jsonl and {x["source"] for x in jsonl} == {"2025/000_5b04499f5c70911f.txt"}
    assert "002_058ad60d7d3797d9" not in (out / INDEX_NAME).read_text(encoding="utf-8")

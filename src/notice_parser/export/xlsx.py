"""Tasks as an Excel workbook: one line per task and deadline, typed dates, filters, overdue marked."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .rows import FlatRow
from .tables import COLUMNS

SHEET = "Tasks"
DATE_FORMAT = "dd/mm/yyyy"  # how Vietnamese offices write dates; the cell holds a real date
OVERDUE_FILL = PatternFill("solid", start_color="FFF4CCCC", end_color="FFF4CCCC")
REVIEW_FONT = Font(italic=True)


class _StampedZip(ZipFile):
    """A zip whose members all carry one time, so the same rows make the same bytes (openpyxl
    stamps each member with the clock)."""

    stamp = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = ZipInfo(zinfo_or_arcname, date_time=self.stamp)
            zinfo_or_arcname.compress_type = ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # a worksheet, from a temporary file
        with open(filename, "rb") as fh:
            self.writestr(arcname or str(filename), fh.read())


def to_xlsx(lines: Iterable[FlatRow], stamp: dt.datetime | None = None) -> bytes:
    """The workbook's bytes: frozen header, an auto-filter over every column (the ``agency``
    column filters by who must act), dates as Excel dates, overdue lines filled red.
    ``stamp`` (default: now) is the workbook's creation time; the same rows and stamp give the
    same bytes, so a nightly run on a cluster writes what the local pool writes."""
    stamp = (stamp or dt.datetime.now(dt.timezone.utc)).replace(tzinfo=None, microsecond=0)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([name for name, _, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    date_columns = [i for i, (name, _, _) in enumerate(COLUMNS, start=1) if name in ("issue_date", "deadline_date",
                                                                                       "starts")]
    # Rows and cells are addressed by number: openpyxl's ws.max_row and ws[row] scan every cell
    # of the sheet, which made a workbook of n lines cost n² (30 ms per notice at 300 notices).
    review_col, text_col = _column("needs_review"), _column("text")
    wrap = Alignment(wrap_text=True, vertical="top")
    count = 0
    for line in lines:
        ws.append([get(line) for _, get, _ in COLUMNS])
        count += 1
        row = count + 1  # below the header
        for col in date_columns:
            cell = ws.cell(row=row, column=col)
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
        if line.overdue:
            for col in range(1, len(COLUMNS) + 1):
                ws.cell(row=row, column=col).fill = OVERDUE_FILL
        if line.task.needs_review:
            ws.cell(row=row, column=review_col).font = REVIEW_FONT
    for i, (_, _, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in range(2, count + 2):
        ws.cell(row=row, column=text_col).alignment = wrap
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, count + 1)}"
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    archive = _StampedZip(buf, "w", ZIP_DEFLATED, allowZip64=True)
    archive.stamp = stamp.timetuple()[:6]
    ExcelWriter(wb, archive).save()  # what openpyxl's save does, without setting the clock's time
    return buf.getvalue()


def _column(name: str) -> int:
    return next(i for i, (n, _, _) in enumerate(COLUMNS, start=1) if n == name)

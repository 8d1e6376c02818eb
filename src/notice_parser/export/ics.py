"""Deadlines to calendars: ``tasks.ics`` (RFC 5545), one all-day event per deadline.

A dated deadline is an all-day VEVENT on its date; a recurrence ("hằng tuần", "định kỳ hằng
quý") is a VEVENT with an RRULE that starts at its stated first occurrence, or else on the
notice's issue date. Deadlines with neither a date nor a recurrence ("trong thời hạn 03 ngày làm
việc") cannot be placed on a calendar and are left out. Events are VEVENTs rather than VTODOs
because the common calendar programs import only events.

UIDs are digests of the source, the directive and the deadline phrase, so importing tomorrow's
file again updates yesterday's events instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from icalendar import Calendar, Event, vRecur

from .rows import DeadlineItem, TaskRow

PRODID = "-//notice-parser//tasks//VI"
UID_DOMAIN = "notice-parser"
_RRULE = {
    "daily": {"FREQ": "DAILY"},
    "weekly": {"FREQ": "WEEKLY"},
    "monthly": {"FREQ": "MONTHLY"},
    "quarterly": {"FREQ": "MONTHLY", "INTERVAL": 3},
    "semiannual": {"FREQ": "MONTHLY", "INTERVAL": 6},
    "yearly": {"FREQ": "YEARLY"},
}
_SUMMARY_WORDS = 14


def event_uid(row: TaskRow, deadline: DeadlineItem, index: int) -> str:
    key = "\x1f".join([row.source, row.notice_number or "", row.directive_id, deadline.text, str(index)])
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@{UID_DOMAIN}"


def _start(row: TaskRow, deadline: DeadlineItem) -> dt.date | None:
    if deadline.date is not None:
        return deadline.date
    if deadline.recurrence:
        return deadline.starts or row.issue_date
    return None


def to_ics(rows: Iterable[TaskRow], stamp: dt.datetime | None = None) -> bytes:
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "notice-parser: deadlines")
    for row in rows:
        for index, deadline in enumerate(row.deadlines):
            start = _start(row, deadline)
            if start is None:
                continue
            who = deadline.agencies or row.lead_agencies
            words = row.text.split()
            summary = " ".join(words[:_SUMMARY_WORDS]) + (" …" if len(words) > _SUMMARY_WORDS else "")
            event = Event()
            event.add("uid", event_uid(row, deadline, index))
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(days=1))
            event.add("summary", (f"[{', '.join(who)}] " if who else "") + summary)
            notice = " ".join(x for x in (row.doc_type, row.notice_number) if x) or row.source
            event.add("description", "\n".join(x for x in (
                f"{notice} — {row.label or row.directive_id} (mục {row.directive_id})",
                f"Thời hạn: {deadline.text}",
                f"Chủ trì: {', '.join(who)}" if who else None,
                f"Phối hợp: {', '.join(row.support_agencies)}" if row.support_agencies else None,
                "",
                row.text,
                "",
                f"Nguồn: {row.source}" + (f" (trang {deadline.page})" if deadline.page else ""),
            ) if x is not None))
            if who:
                event.add("categories", list(who))
            if deadline.recurrence in _RRULE:
                event.add("rrule", vRecur(_RRULE[deadline.recurrence]))
            cal.add_component(event)
    return cal.to_ical()

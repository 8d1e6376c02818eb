"""Human-readable summaries of batch runs."""

from __future__ import annotations


def format_table(report) -> str:
    cols = ["file", "status", "issuer", "meeting", "chair", "dir", "agen", "dl", "cit", "signer"]
    rows = []
    for item in report.items:
        s = item.summary
        rows.append([
            item.source.rsplit("/", 1)[-1], item.status, s.get("issuer") or "-", s.get("meeting_date") or "-",
            s.get("chair") or "-", str(s.get("directives", "-")), str(s.get("agencies", "-")),
            str(s.get("deadlines", "-")), str(s.get("citations", "-")), s.get("signer") or "-",
        ])
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c) for i, c in enumerate(cols)]
    line = lambda r: "  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(cols), line(["-" * w for w in widths]), *(line(r) for r in rows)])

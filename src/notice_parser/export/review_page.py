"""HTML review pages: a notice's text with every extracted item highlighted, beside its tasks.

The markup lives in Jinja2 templates (``templates/``, package data); this module only computes
what to show. The text is cut into segments at every item boundary; each segment carries the
items covering it in four layers, outermost first — the directive, the extracted item (agency,
deadline, citation, person), the repair edit, the low-confidence OCR word — and the template
turns the resulting open / text / close events into nested elements. An inner item that
crosses an outer one's edge is split into pieces sharing one ``data-item``, so the words of
every item can always be read back from the page (the browser test does exactly that).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..schema import Notice, Span
from .rows import TaskRow

LAYERS = ("directive", "mark", "edit", "low")


@dataclass
class Item:
    layer: str
    key: str  # data-item: unique on the page, shared by the pieces of one item
    kind: str  # css class: directive, heading, lead, support, deadline, citation, person, edit, uncertain, low
    start: int
    end: int
    title: str = ""
    anchor: str | None = None  # element id, on the first piece only
    attrs: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("notice_parser.export", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["isodate"] = lambda d: d.isoformat() if isinstance(d, dt.date) else ""
    return env


def _page_label(span: Span | None) -> str:
    return f" · page {span.page}" if span is not None and span.page else ""


def collect_items(notice: Notice) -> list[Item]:
    # imported here: review.py loads the extraction's cue tables, which a coordinator that only
    # writes the index (the workers render the pages) would load for this one constant
    from ..review import UNCERTAIN_EDIT_SCORE

    items: list[Item] = []
    for d, _ in notice.iter_directives():
        items.append(Item("directive", f"d:{d.id}", "heading" if d.heading else "directive", d.span.start, d.span.end,
                          title=f"{'heading' if d.heading else 'directive'} {d.id}{_page_label(d.span)}",
                          anchor=f"d-{d.id}", attrs={"data-dir": d.id}))
        for i, a in enumerate(d.agencies):
            if a.span is None or a.inherited:
                continue
            items.append(Item("mark", f"a:{d.id}:{i}", a.role, a.span.start, a.span.end,
                              title=f"{a.role} agency: {a.name}{_page_label(a.span)}"))
        for i, dl in enumerate(d.deadlines):
            if dl.span is None or dl.inherited:  # its words are the parent's, marked there
                continue
            when = dl.date.isoformat() if dl.date else (dl.recurrence or dl.kind)
            binds = f" · binds {', '.join(dl.agencies)}" if dl.agencies else ""
            items.append(Item("mark", f"t:{d.id}:{i}", "deadline", dl.span.start, dl.span.end,
                              title=f"deadline: {when}{binds}{_page_label(dl.span)}"))
    for i, c in enumerate(notice.citations):
        if c.span is not None:
            about = ", ".join(x for x in (c.doc_type, c.issuer, c.date.isoformat() if c.date else None) if x)
            items.append(Item("mark", f"c:{i}", "citation", c.span.start, c.span.end,
                              title=f"cites {c.number}" + (f" ({about})" if about else "") + _page_label(c.span)))
    people = [("chair", notice.meeting.chair), ("signer", notice.signer)]
    for role, person in people:
        if person is not None and person.span is not None:
            items.append(Item("mark", f"p:{role}", "person", person.span.start, person.span.end,
                              title=f"{role}: {person.name or ''} {person.title or ''}".strip()
                              + _page_label(person.span)))
    for i, e in enumerate(notice.repair.edits if notice.repair else []):
        if e.span is None or e.step == "unicode" or e.span.end <= e.span.start:
            continue
        uncertain = e.score is not None and e.score < UNCERTAIN_EDIT_SCORE
        score = f", score {e.score:g}" if e.score is not None else ""
        items.append(Item("edit", f"e:{i}", "uncertain" if uncertain else "edit", e.span.start, e.span.end,
                          title=f"repaired{' (uncertain)' if uncertain else ''}: “{e.before}” → “{e.after}” "
                                f"({e.step}{score})",
                          attrs={"data-before": e.before}))
    for i, s in enumerate(notice.review.low_confidence):
        if s.end > s.start:
            items.append(Item("low", f"l:{i}", "low", s.start, s.end,
                              title=f"OCR was unsure of this word{_page_label(s)}"))
    return items


def _non_overlapping(items: Iterable[Item], length: int) -> list[Item]:
    """Within one layer, the first (then longest) of overlapping items wins."""
    kept: list[Item] = []
    end = -1
    for it in sorted(items, key=lambda it: (it.start, -(it.end - it.start))):
        it.start, it.end = max(0, it.start), min(length, it.end)
        if it.end <= it.start or it.start < end:
            continue
        kept.append(it)
        end = it.end
    return kept


def text_events(text: str, items: list[Item]) -> list[dict]:
    """Open / text / page / close events that render ``text`` with ``items`` nested by layer."""
    layers = [_non_overlapping([it for it in items if it.layer == name], len(text)) for name in LAYERS]
    cuts = {0, len(text)}
    for layer in layers:
        for it in layer:
            cuts.update((it.start, it.end))
    cuts = sorted(cuts)
    pointers = [0] * len(layers)
    opened: list[Item | None] = []
    seen: set[str] = set()
    events: list[dict] = []
    page = 1
    for a, b in zip(cuts, cuts[1:]):
        active: list[Item | None] = []
        for k, layer in enumerate(layers):
            while pointers[k] < len(layer) and layer[pointers[k]].end <= a:
                pointers[k] += 1
            it = layer[pointers[k]] if pointers[k] < len(layer) else None
            active.append(it if it is not None and it.start <= a else None)
        same = 0
        while same < len(opened) and opened[same] is active[same]:
            same += 1
        for it in reversed(opened[same:]):
            if it is not None:
                events.append({"close": True})
        opened = opened[:same]
        for it in active[same:]:
            opened.append(it)
            if it is not None:
                first = it.key not in seen
                seen.add(it.key)
                events.append({"open": it, "anchor": it.anchor if first else None, "first": first})
        chunks = text[a:b].split("\f")
        for i, chunk in enumerate(chunks):
            if i:
                page += 1
                events.append({"page": page})
            if chunk:
                events.append({"text": chunk})
    events.extend({"close": True} for it in opened if it is not None)
    return events


def events_html(events: Iterable[dict]) -> Markup:
    """The text's markup from its events: a highlight opens as ``<span class="hl LAYER KIND"
    data-item … title …>`` (its ``id`` on the first piece, ``data-before`` too), a page break is
    an empty ``pagebreak`` span and a newline. Built here rather than in the template: a long
    repaired notice has thousands of events, which Jinja's attribute lookups made most of the
    page's cost."""
    out = []
    for ev in events:
        if "text" in ev:
            out.append(escape(ev["text"]))
        elif "page" in ev:
            out.append(f'<span class="pagebreak" data-page="{escape(ev["page"])}" aria-hidden="true"></span>\n')
        elif "open" in ev:
            it = ev["open"]
            out.append(f'<span class="hl {escape(it.layer)} {escape(it.kind)}" data-item="{escape(it.key)}"'
                       f' data-start="{escape(it.start)}" data-end="{escape(it.end)}" title="{escape(it.title)}"')
            if ev["anchor"]:
                out.append(f' id="{escape(ev["anchor"])}"')
            out.extend(f' {escape(k)}="{escape(v)}"' for k, v in it.attrs.items() if k != "data-before" or ev["first"])
            out.append(">")
        else:
            out.append("</span>")
    return Markup("".join(out))


def render_notice(notice: Notice, rows: list[TaskRow], *, source: str, json_href: str | None,
                  index_href: str) -> str:
    """A notice's review page. It does not depend on the day: its script marks the overdue rows."""
    text_html = events_html(text_events(notice.text, collect_items(notice)))
    return environment().get_template("notice.html.j2").render(
        notice=notice, rows=rows, text_html=text_html, source=source, json_href=json_href, index_href=index_href)


def render_index(entries: list[dict], upcoming: list[tuple[dt.date, TaskRow]], overdue: list[tuple[dt.date, TaskRow]],
                 *, today: dt.date, days: int, exports: list[str]) -> str:
    return environment().get_template("index.html.j2").render(
        entries=entries, upcoming=upcoming, overdue=overdue, today=today, days=days, exports=exports)

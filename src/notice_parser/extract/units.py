"""Units of a task beyond the line-level numbering (tests/reference/ANNOTATION.md, "Unit of a task").

Inline labels inside a running sentence ("Giao: (1) Bộ A …; (2) Bộ B …", "(i) …, (ii) …",
"a) …; b) …", "Thứ nhất, … Thứ hai, …") are units of their own when each brings its own
assignee or deadline; when they only list the contents of one assignment ("Bộ X chủ trì: (1) rà
soát …; (2) sửa đổi …") the enclosing item stays the unit.
"""

from __future__ import annotations

import datetime as dt

from ..uncertainty import CLEAN, Uncertainty
from .agencies import assign_roles, clause_boundaries, find_mentions
from .deadlines import find_deadlines
from .directives import Node, inline_labels, split_inline


def brings_own_work(text: str, lo: int, hi: int, year: int | None, uncertain: Uncertainty = CLEAN) -> bool:
    """Whether text[lo:hi] names an assignee of its own (a named body as lead) or sets a deadline;
    ``uncertain`` as for ``extract_notice`` (look-alikes read where the text may be damaged)."""
    mentions = find_mentions(text, lo, hi, uncertain)
    assign_roles(text, lo, hi, mentions, clause_boundaries(text, lo, hi))
    if any(m.role == "lead" and m.names and not m.generic and not m.issuer for m in mentions):
        return True
    return bool(find_deadlines(text[lo:hi], base=lo, default_year=year, uncertain=uncertain))


def split_inline_units(node: Node, text: str, reference: dt.date | None, uncertain: Uncertainty = CLEAN) -> None:
    """Split the leaves of the tree under ``node`` at their inline labels, where each labelled
    piece brings its own work (see the module's docstring); ids are given to the new children."""
    for child in node.children:
        split_inline_units(child, text, reference, uncertain)
    if node.children or not node.lines:
        return
    labels = inline_labels(text, node.text_start(), node.end)
    if not labels:
        return
    frame, kids = split_inline(node, text, labels)
    year = reference.year if reference else None
    if not all(brings_own_work(text, k.text_start(), k.end, year, uncertain) for k in kids):
        return
    node.lines, node.children, node.frame = frame, kids, True
    for i, kid in enumerate(kids, 1):
        own = str(kid.marker.value[0]) if kid.marker.kind == "paren" else kid.marker.label.strip("(),:. ")
        kid.id = f"{node.id}.{own}" if node.id else own

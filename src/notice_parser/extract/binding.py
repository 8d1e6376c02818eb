"""What a directive's parts bind: the agency a deadline governs, and headings that only group.

Runs on the finished directive tree (spans into the text), after agencies and deadlines are found.

- A deadline binds the agencies of its own clause when the directive gives work to several
  agencies in separate clauses: in "Sở A rà soát …; Văn phòng UBND tỉnh tổng hợp, báo cáo trong
  thời hạn 03 ngày làm việc" the three days are the Văn phòng's, not Sở A's. A clause that names
  nobody ("…; báo cáo trước ngày 15/3") continues the nearest clause before it that does.
  When every lead shares the deadline's clause, the deadline binds the whole directive and names
  nobody (``Deadline.agencies`` stays empty).
- A directive with sub-items whose own text only introduces them — a topic ("Về việc …:"), an
  assignee ("1. Sở Tài chính:"), a short title ("II. NHIỆM VỤ TRỌNG TÂM") or a line ending in a
  colon — and that sets no deadline of its own (one it passes down to every sub-item does not
  count) is a heading: its sub-items are the tasks.
"""

from __future__ import annotations

import re
from functools import cache

from .. import regex_cache
from ..data import load_lines
from ..schema import Agency, Deadline, Directive
from .directives import load_cues, words_re

# A clause ends at ';' or at a sentence end: '.' followed by a space and an upper-case letter,
# unless the dot closes a short abbreviation ("TP. Hồ Chí Minh", "Tp. Huế").
_CLAUSE_END = regex_cache.compile(r";\s*|\.\s+(?=[^\W\d_])")


@cache
def _abbreviation() -> re.Pattern:
    """A dotted abbreviation ending a text (data/dotted_abbreviations.txt)."""
    forms = sorted(load_lines("dotted_abbreviations.txt"), key=lambda f: (-len(f), f))
    return regex_cache.compile(rf"(?:^|\W)(?:{'|'.join(map(re.escape, forms))})\.$")
_SHORT_TITLE_WORDS = 12


def clause_starts(text: str, lo: int, hi: int) -> list[int]:
    """Offsets in ``text`` where the clauses of ``text[lo:hi]`` begin (``lo`` first)."""
    starts = [lo]
    for m in _CLAUSE_END.finditer(text, lo, hi):
        if m.group().startswith(".") and (not text[m.end()].isupper()
                                          or _abbreviation().search(text[max(lo, m.start() - 6):m.start() + 1])):
            continue
        starts.append(m.end())
    return starts


def _clause_of(starts: list[int], offset: int) -> int:
    index = 0
    for i, s in enumerate(starts):
        if s <= offset:
            index = i
    return index


def bind_deadlines(text: str, directive: Directive) -> Directive:
    """The directive (and its sub-items) with each deadline tied to the agencies it governs."""
    children = [bind_deadlines(text, c) for c in directive.children]
    leads = [a for a in directive.agencies if a.role == "lead" and not a.inherited and a.span is not None]
    deadlines = directive.deadlines
    if len({a.name for a in leads}) > 1 and deadlines:
        starts = clause_starts(text, directive.span.start, directive.span.end)
        by_clause: dict[int, list[Agency]] = {}
        for a in leads:
            by_clause.setdefault(_clause_of(starts, a.span.start), []).append(a)
        deadlines = [_bind(d, starts, by_clause, leads) for d in deadlines]
    return directive.model_copy(update={"deadlines": deadlines, "children": children})


def _bind(deadline: Deadline, starts: list[int], by_clause: dict[int, list[Agency]],
          leads: list[Agency]) -> Deadline:
    if deadline.span is None or deadline.inherited:  # a parent's deadline: its words are not in this directive
        return deadline
    clause = _clause_of(starts, deadline.span.start)
    # The deadline's clause, or the nearest one before it that names a lead.
    owners = next((by_clause[c] for c in range(clause, -1, -1) if c in by_clause), [])
    names = list(dict.fromkeys(a.name for a in owners))
    if not names or set(names) == {a.name for a in leads}:
        return deadline
    return deadline.model_copy(update={"agencies": names})


def mark_headings(directive: Directive) -> Directive:
    """The directive (and its sub-items) with ``heading`` set on nodes that only group sub-items."""
    children = [mark_headings(c) for c in directive.children]
    return directive.model_copy(update={"children": children, "heading": is_heading(directive)})


@cache
def _topic() -> re.Pattern:
    """A heading's first words (data/directive_cues.json "heading_topics" and "task_heads")."""
    cues = load_cues()
    return regex_cache.compile(rf"^(?:{words_re(cues.heading_topics + cues.task_heads)})\b", re.IGNORECASE)


def is_heading(directive: Directive) -> bool:
    if not directive.children or _own_deadlines(directive):
        return False
    own = directive.text.strip()
    if not own or own.endswith(":") or _topic().match(own):
        return True
    words = own.split()
    if len(words) <= _SHORT_TITLE_WORDS and not own.endswith((".", ";")):
        return True
    # "1. Sở Tài chính" / "Sở Tài chính, Sở Nội vụ": the text is only the names of its assignees.
    rest = own
    for a in directive.agencies:
        if a.surface:
            rest = rest.replace(a.surface, " ")
    return bool(directive.agencies) and only_beside_names(rest)


@cache
def _beside_names() -> re.Pattern:
    """The words that may stand beside assignees in a heading that only names them (data/
    directive_cues.json "assign_words": "Giao", "Đề nghị các", "Thủ trưởng"), and the
    conjunctions that join names."""
    return regex_cache.compile(rf"(?i:\b(?:{words_re(load_cues().assign_words)}|và|cùng)\b)")


def only_beside_names(rest: str) -> bool:
    """Whether a heading's text, its assignees' names taken out (``rest``), holds only the words
    that stand beside names ("1. Sở Tài chính:", "Giao Sở X và Sở Y", "Đề nghị các Sở:"): then
    it names who is assigned and nothing else. The one test of it for the tree (a heading line
    whose bullets belong to it) and for the finished directives (``is_heading``). A lone letter
    left over is an item's label ("a)"), not a word."""
    return not re.search(r"[^\W\d_]{2,}", _beside_names().sub(" ", rest))


def _own_deadlines(directive: Directive) -> list[Deadline]:
    """Deadlines the directive keeps for itself: not the one it passed down to every sub-item
    ('…, hoàn thành trong tháng 11/2025, cụ thể:' + the items that spell the work out)."""
    passed = [{d.text for d in c.deadlines if d.inherited} for c in directive.children]
    return [d for d in directive.deadlines if not all(d.text in texts for texts in passed)]

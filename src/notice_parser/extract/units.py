"""Units of a task beyond the line-level numbering (tests/reference/ANNOTATION.md, "Unit of a task").

Inline labels inside a running sentence ("Giao: (1) Bộ A …; (2) Bộ B …", "(i) …, (ii) …",
"a) …; b) …", "Thứ nhất, … Thứ hai, …") are units of their own when each brings its own
assignee or deadline; when they only list the contents of one assignment ("Bộ X chủ trì: (1) rà
soát …; (2) sửa đổi …") the enclosing item stays the unit.

A unit is work assigned to someone: an item that only informs — a plan's purposes and bases
("I. MỤC ĐÍCH, YÊU CẦU", "Căn cứ"), its context ("Tình hình", in a document that reports no
meeting), its targets ("II. CHỈ TIÊU": figures to reach, item by item: one that names a body to
act stays a unit), the details of an event ("1. Đối tượng:", "2. Thời gian:", "3. Địa điểm:") — is
information, not a task, unless it or an item under it assigns work after all (a body as lead, a
deadline; for details also a request word or a sub-item that opens with an action). A letter's
request after such a list ("Bộ X trân trọng đề nghị …") is a unit of its own, not a paragraph of the
last information item; so is a closing request after the last task that turns to the conclusions
as a whole ("… những nội dung trên") and directs a named body. The heading words are data (data/directive_cues.json).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .. import regex_cache
from ..schema import Directive
from ..uncertainty import CLEAN, Uncertainty
from .agencies import assign_roles, clause_boundaries, find_mentions
from .agencies.cues import starts_predicate
from .binding import only_beside_names
from .deadlines import find_deadlines
from .directives import Node, inline_labels, load_cues, split_inline, words_re
from .layout import base_letters, fold, squash


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
    for kid in kids:
        own = str(kid.marker.value[0]) if kid.marker.kind == "paren" else kid.marker.label.strip("(),:. ")
        kid.id = f"{node.id}.{own}" if node.id else own


# A parent that only leads in to its duties -------------------------------------------------
@lru_cache(maxsize=1)
def _lead_in_words() -> re.Pattern:
    """The words of a lead-in to duties (data/directive_cues.json "lead_in_words"), whole words."""
    return regex_cache.compile(rf"(?<!\w)(?:{words_re(load_cues().lead_in_words)})(?!\w)", re.IGNORECASE)


def only_leads_in(text: str, lo: int, hi: int, mentions, year: int | None = None,
                  uncertain: Uncertainty = CLEAN) -> bool:
    """Whether text[lo:hi], a parent's own line, names who is assigned (``mentions``, found in it)
    and otherwise only leads in to the duties its sub-items list ("2. Công an xã có trách nhiệm:",
    "Sở A chủ trì, phối hợp với Sở B thực hiện các nhiệm vụ sau:"): then its bullets are the units
    however short they are (ANNOTATION.md "Parent items"), not an enumeration its sentence
    completes ("Sở A rà soát các dự án sau:" keeps a word of its own, "rà soát"). A deadline
    in the line ("…, hoàn thành trong quý II/2026, cụ thể:") is the duties' time, not a word."""
    own = text[lo:hi]
    if not own.rstrip().endswith(":") or not mentions:
        return False
    cuts = [(m.start, m.end) for m in mentions]
    cuts += [(d.span.start, d.span.end) for d in find_deadlines(own, base=lo, default_year=year, uncertain=uncertain)]
    for a, b in sorted(cuts, reverse=True):
        a, b = max(a, lo) - lo, min(b, hi) - lo
        if a < b:
            own = own[:a] + " " + own[b:]
    return only_beside_names(_lead_in_words().sub(" ", own))


# A plan's attribute lines ------------------------------------------------------------------
@lru_cache(maxsize=1)
def _attribute_label() -> re.Pattern:
    """A line that opens with an attribute label and its colon ("Cơ quan chủ trì:", "Thời gian:"),
    on fold(text).lower()."""
    cues = load_cues()
    labels = cues.attribute_lead + cues.attribute_support + cues.attribute_time + cues.attribute_other
    return regex_cache.compile(rf"\s*(?:{words_re([fold(w) for w in labels])})\s*:")


def absorb_attributes(node: Node) -> None:
    """A plan lists an activity with attribute bullets ("2. Tổ chức hội thi …" then "- Cơ quan chủ
    trì: Sở Tư pháp.", "- Thời gian: quý II/2026."): the bullets describe the activity, which is
    the one unit (ANNOTATION.md: sub-bullets that only enumerate → the item alone); they join its
    text, where the labels give the roles (agencies/roles.py) and the dates its deadlines. Bullets
    of which one does not open with a label ("- Sở Tài chính: rà soát …") are items of their own."""
    for child in node.children:
        absorb_attributes(child)
    kids = node.children
    if not kids or node.marker is None:
        return
    if any(k.children or k.marker is None or k.marker.kind not in ("dash", "plus") for k in kids):
        return
    if not all(_attribute_label().match(fold(k.own_text()).lower()) for k in kids):
        return
    for k in kids:
        node.lines.extend(k.lines)
    node.children = []


# Information items ------------------------------------------------------------------------
# the strictest kind first: it decides when mixed ("MỤC TIÊU, YÊU CẦU" is a purpose heading)
_HEAD_KINDS = ("detail", "funding", "context", "purpose", "target")
CLOSING_ID = "¶closing"  # the guideline's id of a closing request paragraph


@lru_cache(maxsize=1)
def _head_patterns() -> tuple[re.Pattern, re.Pattern, dict[str, re.Pattern], re.Pattern]:
    """The whole heading as written (on fold(text).lower()) and on base letters, each kind's
    heads, and the request words."""
    cues = load_cues()
    heads = {kind: getattr(cues, f"{kind}_heads") for kind in _HEAD_KINDS}
    every = [w for words in heads.values() for w in words]

    def whole(words: list[str], join: str) -> re.Pattern:
        # heads joined by commas or "và", then a colon or nothing more
        alts = words_re(words)
        return regex_cache.compile(rf"(?:{alts})(?:\s*(?:,|;|{join}|-|–)\s*(?:{alts}))*\s*(?::|\.?\s*$)")

    kinds = {kind: regex_cache.compile(rf"(?<!\w)(?:{words_re([base_letters(w) for w in words])})(?!\w)")
             for kind, words in heads.items()}
    request = regex_cache.compile(rf"(?<!\w)(?:{words_re(cues.request_cues)})(?!\w)", re.IGNORECASE)
    return whole(every, "và"), whole([base_letters(w) for w in every], "va"), kinds, request


def information_head(line: str, meeting: bool, uncertain_at=None) -> tuple[str, int] | None:
    """(kind, end of the heading) when ``line`` (an item's first line, after its label) is the
    heading of an item that only informs — the whole line, or the words before its colon.
    Compared as written; on base letters only where ``uncertain_at(end)`` says the heading's text
    may be damaged (OCR and restoration often leave capitals unmarked). Purposes, targets and context
    count only in a document that reports no meeting (in a meeting notice they report what the
    meeting assessed: units of their own)."""
    written, based_re, kinds, _ = _head_patterns()
    line = line.strip()
    based = base_letters(line)
    m = written.match(fold(line).lower())
    if m is None and uncertain_at is not None and len(based) == len(line):
        m = based_re.match(based)
        m = m if m is not None and uncertain_at(m.end()) else None
    if m is None:
        return None
    label = based[:m.end()]
    kind = next(k for k in _HEAD_KINDS if kinds[k].search(label))
    return None if meeting and kind != "detail" else (kind, m.end())


_HEAD_PARTS = regex_cache.compile(r"\s*(?:,|;|-|–|\bvà\b|:)\s*")


def _names_event_time(heading: str) -> bool:
    """Whether every part of a detail heading ("Thời gian:", "Thời gian và địa điểm") says when or
    where an event happens (data/directive_cues.json "event_heads"), not by when work is due."""
    parts = [p for p in _HEAD_PARTS.split(squash(fold(heading).lower())) if p]
    return bool(parts) and all(p in load_cues().event_heads for p in parts)


def _first_line(d: Directive, text: str) -> tuple[int, str]:
    """The directive's first line in the text, after its label, and where it starts."""
    start = d.span.start + (len(d.label) if text.startswith(d.label, d.span.start) else 0)
    end = text.find("\n", start)
    return start, text[start:end if end >= 0 else len(text)]


def _subtree(d: Directive):
    yield d
    for c in d.children:
        yield from _subtree(c)


# An event's own time ------------------------------------------------------------------------
_CLAUSE_START = regex_cache.compile(r"[:;]|\.\s|\n[^\S\n]*[-–+•]")
_CLAUSE_END = regex_cache.compile(r"[;\n]|\.\s")


@lru_cache(maxsize=1)
def _event_res() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """On fold(text).lower(): an event's time or place label opening a line or a bullet ("- Thời
    gian:"), a venue's label alone, a stretch of only time words ("từ ngày 09/3/2027 "), and an
    open range ("… từ ngày 09/3 ")."""
    cues = load_cues()

    def label(words: list[str]) -> re.Pattern:
        return regex_cache.compile(rf"(?m)^[^\S\n]*(?:[-–+•][^\S\n]*)?(?:{words_re([fold(w) for w in words])})[^\S\n]*:")
    time = rf"(?:(?<!\w)(?:{words_re([fold(w) for w in cues.event_time_words])})(?!\w)|[\d/.,:()\s-])"
    return (label(cues.event_heads), label(cues.venue_heads), regex_cache.compile(rf"{time}*"),
            regex_cache.compile(rf"(?<!\w)từ\s+{time}*$"))


def _labels(d: Directive, text: str, which: int) -> list[int]:
    """Where the labels (``which`` of ``_event_res``: 0 time or place, 1 place) that open lines of
    ``d``'s own text end ("- Thời gian:", "- Địa điểm:")."""
    lo, hi = d.span.start, d.span.end
    return [lo + m.end() for m in _event_res()[which].finditer(fold(text[lo:hi]).lower())]


def _event_time(dl, text: str, lo: int, labels: list[int]) -> bool:
    """Whether deadline ``dl`` of an event's item (its own text from ``lo``) is when the event
    happens: its trigger is an event label itself ("Thời gian: 8 giờ, ngày 22/12", ``labels``:
    where each label ends), or only time words lead up to it from its clause's start ("Thời gian:
    từ ngày 09/3/2027 đến ngày 13/3/2027"), or it closes a range "từ … đến …" ("Hội chợ … từ ngày
    10 đến ngày 12/3"). A trigger with work before it ("… gửi báo cáo trước ngày 10/01") is a
    deadline still."""
    if dl.span is None or dl.inherited:
        return False
    at = dl.span.start
    if any(at < end and text.rfind("\n", 0, end) < at for end in labels):
        return True
    before = fold(text[lo:at]).lower()
    clause = before[max((m.end() for m in _CLAUSE_START.finditer(before)), default=0):]
    only_time, open_range = _event_res()[2:]
    return only_time.fullmatch(clause) is not None or open_range.search(clause) is not None


def _venue(a, text: str, d: Directive) -> bool:
    """Whether agency ``a`` of ``d`` stands in the clause a place label opens ("- Địa điểm: Trung
    tâm Hội nghị tỉnh."): the event's venue, not a body the item directs."""
    if a.span is None or a.inherited:
        return False
    at = a.span.start
    return any(end <= at and not _CLAUSE_END.search(text, end, at) for end in _labels(d, text, 1))


def _work_leads(d: Directive, text: str) -> bool:
    """Whether ``d`` names a body of its own as lead (not one it inherited, not a venue)."""
    return any(a.role == "lead" and not a.inherited and not _venue(a, text, d) for a in d.agencies)


def _work_deadlines(d: Directive, text: str, labels: list[int] | None) -> list:
    """``d``'s deadlines; in an event's item (``labels`` given: where its heading and the time
    labels of its lines end) without the event's own time."""
    if labels is None:
        return d.deadlines
    labels = labels + _labels(d, text, 0)
    return [dl for dl in d.deadlines if not _event_time(dl, text, d.span.start, labels)]


# Programme entries -------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _programme_res() -> tuple[re.Pattern, re.Pattern]:
    """An entry's opening event noun (on fold(text).lower()) and the words that direct someone
    without naming who ("phải", "cần") or ask ("đề nghị")."""
    cues = load_cues()
    head = regex_cache.compile(rf"(?:{words_re([fold(w) for w in cues.programme_heads])})(?!\w)")
    directs = regex_cache.compile(rf"(?<!\w)(?:{words_re(cues.request_cues + cues.directive_modals)})(?!\w)", re.IGNORECASE)
    return head, directs


def _directs_no_one(d: Directive, text: str, event: bool) -> bool:
    """No body as lead (its own or inherited, not a venue), no word that directs or asks, no
    deadline (but, in an ``event``'s item, the event's own time)."""
    if _work_leads(d, text) or any(a.role == "lead" and a.inherited for a in d.agencies):
        return False
    if _programme_res()[1].search(text, d.span.start, d.span.end):
        return False
    return not _work_deadlines(d, text, [] if event else None)


_ENTRY_TIME_END = regex_cache.compile(r"\s*(?:[:–,]|\s-)\s*")
_CLAUSE_OPEN = regex_cache.compile(r"(?:^|[:;,.(]|\s[-–])\s*(?=\w)")


def is_plan(doc_type: str | None) -> bool:
    """Whether a document of ``doc_type`` may list a programme of events in its content
    (data/directive_cues.json "programme_doc_types": "Kế hoạch", …)."""
    return doc_type in load_cues().programme_doc_types


def _is_programme(d: Directive, text: str) -> bool:
    """A programme's entry (data/directive_cues.json "programme_heads"): an item that names an
    event ("Lễ khai mạc: tối ngày 09/3/2027 tại …", "Hội chợ triển lãm …", "Các hoạt động
    chính", also after its time: "Sáng ngày 11/3: Hội thảo …") and directs no one, its sub-items all such entries. An action ("Tổ chức hội chợ …",
    also after the name: "Chương trình nông thôn mới: rà soát …"), a body as lead, a request, a
    modal or a deadline keep it a unit."""
    _, first = _first_line(d, text)
    first = fold(first.strip()).lower()
    # an entry may open with its time ("19 giờ 30, ngày 09/3: Lễ …", "Từ ngày 10 đến ngày 12/3 – Hội chợ …")
    names = [0] + [m.end() for m in _ENTRY_TIME_END.finditer(first) if _event_res()[2].fullmatch(first, 0, m.start())]
    if not any(_programme_res()[0].match(first, at) for at in names):
        return False
    if any(starts_predicate(d.text, m.end()) for m in _CLAUSE_OPEN.finditer(d.text)):
        return False
    return _directs_no_one(d, text, event=True) and all(_is_programme(c, text) for c in d.children)


def _addresses_someone(d: Directive, text: str, head_end: int, uncertain: Uncertainty) -> bool:
    """Whether a sentence of ``d`` after its heading opens with the bodies it addresses, named or
    not ("Các cơ quan, đơn vị được giao nhiệm vụ lập dự toán, gửi Sở Tài chính …")."""
    starts = [head_end] + [head_end + m.end() for m in re.finditer(r"[.;]\s+", text[head_end:d.span.end])]
    return any(not m.issuer and any(a <= m.start and not text[a:m.start].strip() for a in starts)
               for m in find_mentions(text, head_end, d.span.end, uncertain))


def _event_heading(d: Directive, text: str, meeting: bool) -> int | None:
    """Where the heading of ``d`` ends when it names an event's time or place ("1. Thời gian,
    địa điểm", "Thời gian: …")."""
    start, first = _first_line(d, text)
    head = information_head(first, meeting)
    if head is None or head[0] != "detail" or not _names_event_time(first.strip()[:head[1]]):
        return None
    return start + len(first) - len(first.lstrip()) + head[1]


def _is_information(d: Directive, text: str, meeting: bool, uncertain: Uncertainty, plan: bool = False) -> bool:
    start, first = _first_line(d, text)
    head = information_head(first, meeting, lambda end: uncertain.overlaps(start, start + end + 1))
    if head is None:
        return plan and not meeting and _is_programme(d, text)
    kind, end = head
    nodes = list(_subtree(d))
    head_end = start + len(first) - len(first.lstrip()) + end

    def event_labels(n: Directive) -> list[int] | None:
        # an event's time ("1. Thời gian: 8 giờ 00, ngày 22/12", "- Thời gian: từ ngày … đến
        # ngày …"): a date it introduces is when the event takes place, as a programme entry's
        # date is; a trigger with work of its own ("… gửi báo cáo trước ngày 10/01") is a deadline
        own = _event_heading(n, text, meeting) if n is not d else head_end if kind == "detail" else None
        if own is not None and (n is not d or _names_event_time(first.strip()[:end])):
            return [own]
        return [] if plan and not meeting and n is not d and _is_programme(n, text) else None

    if kind == "target":
        return not any(_names_actor(n, text) for n in nodes)
    if any(_work_leads(n, text) or _work_deadlines(n, text, event_labels(n)) for n in nodes):
        return False
    if kind == "funding":
        return not _addresses_someone(d, text, head_end, uncertain)
    if kind != "detail":
        return True
    request = _head_patterns()[3]
    rest = d.text[len(squash(first.strip()[:end])):]
    if any(request.search(rest if n is d else n.text) for n in nodes):
        return False
    return not any(starts_predicate(n.text, 0) for n in nodes[1:])


def split_information(directives: list[Directive], text: str, meeting: bool, uncertain: Uncertainty = CLEAN,
                      plan: bool = False, targets: bool = False) -> tuple[list[Directive], list[Directive]]:
    """(tasks, information): items that only inform leave the tree, at any level (see the
    module's docstring); an item whose sub-items all left becomes a unit of its own — unless,
    in a document that reports no meeting, it is only their title ("II. NỘI DUNG CHƯƠNG TRÌNH"
    over a programme): no action at its start and nobody it directs. Programme entries count in a
    ``plan`` only (``is_plan``). Under a targets heading (``targets``: "II. CHỈ TIÊU") each item
    is a target, information, unless it or an item under it names a body to act (``_names_actor``)."""
    tasks: list[Directive] = []
    information: list[Directive] = []
    for d in directives:
        if (targets and not any(_names_actor(n, text) for n in _subtree(d))) or \
                _is_information(d, text, meeting, uncertain, plan):
            information.append(d)
            continue
        within = targets or _heads_targets(d, text, meeting, uncertain)
        kids, info = split_information(d.children, text, meeting, uncertain, plan, within)
        if info and not kids and not meeting and _only_titles(d, text):
            information.append(d)
            continue
        information.extend(info)
        tasks.append(d.model_copy(update={"children": kids}) if info else d)
    return tasks, information


# A plan's targets ---------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _measure_end() -> re.Pattern:
    """On fold(text).lower(), the end of the words before a body that make it the measure of a
    target ("100% các ", "ít nhất 80% ", "tỷ lệ "; data/directive_cues.json "target_measures")."""
    words = words_re([fold(w) for w in load_cues().target_measures])
    return regex_cache.compile(rf"(?:\d[\d.,]*\s*%|(?<!\w)(?:{words}))\s*(?:(?:các|những)\s+)?$")


def _names_actor(d: Directive, text: str) -> bool:
    """Whether ``d`` names a body to act: a lead it inherited, or one of its own that is not a
    venue and not a target's measure ("100% Ủy ban nhân dân cấp xã hoàn thành …" counts the
    communes that reach the figure; it assigns them nothing)."""
    for a in d.agencies:
        if a.role != "lead":
            continue
        if a.inherited:
            return True
        if a.span is None or _venue(a, text, d):
            continue
        # the words before it in its clause, after the item's label
        before = fold(text[max(_first_line(d, text)[0], a.span.start - 40):a.span.start]).lower()
        before = before[max((m.end() for m in _CLAUSE_START.finditer(before)), default=0):]
        if not _measure_end().search(before):
            return True
    return False


def _heads_targets(d: Directive, text: str, meeting: bool, uncertain: Uncertainty) -> bool:
    """Whether ``d`` is headed as a plan's targets ("II. MỤC TIÊU", "2. Chỉ tiêu cụ thể:")."""
    start, first = _first_line(d, text)
    head = information_head(first, meeting, lambda end: uncertain.overlaps(start, start + end + 1))
    return head is not None and head[0] == "target"


def _only_titles(d: Directive, text: str) -> bool:
    """A parent's own text that is only a title: it opens with no action, names no one as lead,
    asks nothing and sets no deadline but an event's time."""
    _, first = _first_line(d, text)
    return not starts_predicate(first.strip(), 0) and _directs_no_one(d, text, event=False)


def split_closing(nodes: list[Node], meeting: bool, uncertain: Uncertainty = CLEAN,
                  text: str | None = None, year: int | None = None) -> list[Node]:
    """A letter's closing request after a list of information items ("4. Cách thức thực hiện: …"
    then "Bộ X trân trọng đề nghị …"): its paragraph leaves the last item and becomes a unit.
    After a task (given the ``text``), a request whose paragraph turns to the conclusions as a
    whole ("… những nội dung trên", data/directive_cues.json "closing_refers") is the document's
    closing, not the last item's paragraph: a unit of its own when it directs a named body or
    sets a deadline (``brings_own_work``); one that only appeals to a generic group stays."""
    last = nodes[-1] if nodes else None
    if last is None or last.marker is None:
        return nodes
    start = last.text_start()
    informs = information_head(last.lines[0].text[last.marker.length:], meeting,
                               lambda end: uncertain.overlaps(start, start + end + 1)) is not None
    if not informs and text is None:
        return nodes
    leaf = nodes[-1]
    while leaf.children:
        leaf = leaf.children[-1]
    request = _head_patterns()[3]
    lines = leaf.lines
    for i in range(1, len(lines)):
        if not (lines[i - 1].text.endswith(".") and lines[i].text[:1].isupper()):
            continue
        sentence = re.split(r"\.(?:\s|$)", " ".join(ln.text for ln in lines[i:]), maxsplit=1)[0]
        if not request.search(sentence):
            continue
        if not informs:
            lo, hi = lines[i].start, lines[-1].end
            if not (_closing_refers().search(fold(text[lo:hi]).lower())
                    and brings_own_work(text, lo, hi, year, uncertain)):
                continue
        leaf.lines = lines[:i]
        return [*nodes, Node(marker=None, lines=lines[i:], id=CLOSING_ID)]
    return nodes


@lru_cache(maxsize=1)
def _closing_refers() -> re.Pattern:
    return regex_cache.compile(rf"(?<!\w)(?:{words_re(load_cues().closing_refers)})(?!\w)")

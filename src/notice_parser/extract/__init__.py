"""Extraction: repaired text → Notice (sections, directives, agencies, dates, citations, people).

``extract_notice`` is a pure function of the text (and its page boundaries); every item it
returns carries a span into that text.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

from .. import regex_cache
from ..uncertainty import CLEAN, Uncertainty
from ..schema import (Agency, Citation, Deadline, Directive, Document, Meeting, Notice, PageInfo, Person, Signer, Warning)
from .agencies import assign_roles, clause_boundaries, find_mentions, settle_level_groups
from .agencies.cues import cues as agency_cues
from .binding import bind_deadlines, mark_headings, only_beside_names
from .citations import find_citations, load_doc_types, normalize_number
from .dates import find_dates, parse_date
from .deadlines import find_deadlines
from .directives import Node, build_tree, first_marker_index, load_cues, paragraphs_as_nodes, words_re
from .header import Cue, frame_cues
from .issuer import infer_issuer
from .layout import PageLocator, base_letters, fold, split_lines, squash
from .people import find_chair, find_chair_title, find_person_with_title, find_recipients, find_signature
from .sections import Sections, frame_words, split_sections
from .units import absorb_attributes, is_plan, only_leads_in, split_closing, split_information, split_inline_units

_MAX_ENUM_WORDS = 30
# Cue words from data/directive_cues.json: topic headings ("Về …", "Đối với …"), and (on base
# letters) assessment section heads; a heading that only names its assignees: binding.only_beside_names.
_CUES = load_cues()
_HEADING_TOPIC = regex_cache.compile(rf"^(?:{words_re(_CUES.heading_topics)})\b", re.IGNORECASE)
_PAST_GRACE = dt.timedelta(days=31)
_HEADING_ENDED = regex_cache.compile(r"[.:;](?=\s+\S)")
_SPELL_OUT = regex_cache.compile(rf"(?<!\w)(?:{words_re(_CUES.spell_out)})\s*:\s*$", re.IGNORECASE)


def extract_notice(text: str, pages: list[PageInfo] | None = None, uncertain: Uncertainty = CLEAN) -> Notice:
    """``uncertain``: where the text may be damaged (the repair stage's ``RepairedText.uncertain``);
    look-alike and near-miss matching is allowed there only. The default reads clean text."""
    locate = PageLocator(pages)
    sec = split_sections(split_lines(text), uncertain)
    warnings: list[Warning] = []

    document = _document(text, sec, uncertain)
    meeting = _meeting(text, sec, locate, document.doc_type, uncertain)
    reference = meeting.date or document.issue_date
    reported = meeting.span is not None
    past = meeting.date or (document.issue_date - _PAST_GRACE if document.issue_date else None)
    directives, information = split_information(_directives(text, sec, locate, reference, uncertain, reported, past),
                                                text, reported, uncertain, is_plan(document.doc_type))
    directives, findings = _split_findings(directives, uncertain)
    directives = [mark_headings(bind_deadlines(text, d)) for d in directives]
    citations = _citations(text, sec, document.number, locate, uncertain)
    signature = find_signature(text, sec.tail, uncertain)
    signer = None
    if signature:
        signer = Signer(name=signature.name, title=signature.title, authority=signature.authority,
                        span=locate.span(signature.start, signature.end))
    recipients = sec.addressees + find_recipients(sec.tail, signature.written if signature else None, uncertain)
    issuer = infer_issuer(text, sec, document, meeting, signature.authority if signature else None)
    document = document.model_copy(update={"issuer": issuer})

    if document.issuer in ("UBND tỉnh", "UBND thành phố"):
        warnings.append(Warning(code="issuer-incomplete",
                                message="the issuing UBND's province is named nowhere in the text"))
    if not text.strip():
        warnings.append(Warning(code="empty-text", message="the document has no text"))
    elif not directives:
        warnings.append(Warning(code="no-directives", message="no directives found in the text"))
    if sec.doc_type_line is None and text.strip():
        warnings.append(Warning(code="no-doc-type", message="no document type line (e.g. 'THÔNG BÁO') found"))
    if meeting.date is None and text.strip():
        warnings.append(Warning(code="no-meeting-date", message="no meeting date found in the opening"))
    if sec.body and first_marker_index(sec.body) is None:
        warnings.append(Warning(code="no-numbering", message="conclusions are not numbered; paragraphs taken as directives"))
    return Notice(text=text, document=document, meeting=meeting, directives=directives, findings=findings,
                  information=information, citations=citations, signer=signer, recipients=recipients,
                  warnings=warnings)


def _document(text: str, sec: Sections, uncertain: Uncertainty = CLEAN) -> Document:
    # The type line names the type; a công văn has none, and its number ("11299/VPCP-KGVX")
    # or its addressees ("Kính gửi: …") say what it is.
    doc_type = sec.doc_type
    if doc_type is None and sec.number:
        found = find_citations(sec.number)
        doc_type = found[0].doc_type if found else None
    if doc_type is None and (sec.addressees or sec.subject):
        doc_type = load_doc_types().untyped_doc_type
    # the place-date text is rebuilt from its lines (offsets lost): the line it opens on decides
    # whether an unmarked keyword in it is read
    line = sec.place_line
    doubted = line is not None and uncertain.overlaps(line.start, line.end)
    issue_date = (parse_date(sec.place_date_text, uncertain=Uncertainty.everywhere() if doubted else CLEAN)
                  if sec.place_date_text else None)
    title = squash(" ".join(ln.text for ln in sec.title)) or None
    return Document(doc_type=doc_type, number=sec.number, place=sec.place, issue_date=issue_date, title=title)


@cache
def _meeting_res() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """From data/frame_cues.json: where the meeting was held ("tại <place>" up to punctuation),
    the list of attendees ("Tham dự … có: <list>") and the comma that starts a new party in it."""
    location = regex_cache.compile(rf"\b(?:{frame_words('location_words')})\s+(?P<loc>(?!{frame_words('location_not')})"
                                   rf"[^,;.]{{3,80}}?)\s*(?=[,;.]|\s+(?:{frame_words('location_ends')}))", re.IGNORECASE)
    attendees = regex_cache.compile(rf"(?:{frame_words('attendee_heads')})[^:;.]{{0,40}}?(?:{frame_words('attendee_links')})"
                                    r"\s*:?\s*(?P<list>[^.]+)", re.IGNORECASE)
    return location, attendees, regex_cache.compile(rf",\s*(?=(?:{frame_words('attendee_parties')}))")


@lru_cache(maxsize=1)
def _meeting_cue() -> Cue:
    cues = sorted(frame_cues()["meeting_cues"], key=len, reverse=True)
    return Cue(lambda p: r"(?<!\w)(?:" + "|".join(p(c) for c in cues) + r")(?!\w)")


@lru_cache(maxsize=1)
def _range_start() -> Cue:
    """The first day of a range that ends with a full date: "trong các ngày 08 và" + "09 tháng 11
    năm 2025", "từ ngày 8 đến ngày" + "9/11/2025" (unmarked links where the text is uncertain)."""
    links = sorted(frame_cues()["range_links"], key=len, reverse=True)
    words = [w for w in links if any(c.isalpha() for c in w)]
    dashes = "".join(re.escape(w) for w in links if w not in words)  # a dash is a link, never optional
    return Cue(lambda p: rf"(?<!\d)(?P<day>\d{{1,2}})\s*(?:{'|'.join(p(w) for w in words)}|[{dashes}])\s*"
                         rf"(?:{p('ngày')}\s+)?$")


def _first_day(text: str, start: int, date: dt.date, uncertain: Uncertainty = CLEAN) -> dt.date:
    at = max(0, start - 30)
    m = _range_start().match(text[at:start], at, uncertain, search=True)
    if m and 1 <= int(m.group("day")) < date.day:
        return date.replace(day=int(m.group("day")))
    return date


def _reports_meeting(text: str, sec: Sections, doc_type: str | None, lo: int, hi: int,
                     uncertain: Uncertainty = CLEAN) -> bool:
    """A notice of conclusions reports a meeting; a công văn, công điện or kế hoạch reports one
    only when its opening sentence says so ("… đã chủ trì cuộc họp …"; unmarked where uncertain)."""
    if doc_type is None or doc_type in frame_cues()["meeting_types"]:
        return True
    first_sentence = re.split(r"(?<=[.;:])\s", text[lo:hi], maxsplit=1)[0]
    return _meeting_cue().match(first_sentence, lo, uncertain, search=True) is not None


def _meeting(text: str, sec: Sections, locate: PageLocator, doc_type: str | None = None,
             uncertain: Uncertainty = CLEAN) -> Meeting:
    if sec.opening:
        lo, hi = sec.opening[0].start, sec.opening[-1].end
    elif sec.body:
        lo, hi = sec.body[0].start, sec.body[0].end
    else:
        return Meeting()
    if not _reports_meeting(text, sec, doc_type, lo, hi, uncertain):
        return Meeting()
    # The meeting's date is the opening's first date that is not a cited document's
    # ("Xét đề nghị của Sở X tại Văn bản số 312/SKHĐT ngày 10/02/2025, …"); of a range, the first day.
    cited = bytearray(hi - lo + 1)  # characters inside a citation: one lookup per date, not a scan
    for c in find_citations(text[lo:hi], uncertain=uncertain.shifted(lo)):
        cited[c.span.start:c.span.end] = b"\x01" * (c.span.end - c.span.start)
    dates = [d for d in find_dates(text[lo:hi], uncertain=uncertain.shifted(lo)) if not cited[d[0]]]
    date = _first_day(text, lo + dates[0][0], dates[0][2], uncertain) if dates else None
    chair = find_chair(text, lo, hi, uncertain)
    if chair is None and sec.title:
        chair = find_person_with_title(text, sec.title[0].start, sec.title[-1].end, uncertain)
    if chair is None:
        chair = find_chair_title(text, lo, hi, uncertain)
    if chair is not None and chair.title is None and sec.title:
        titled = find_person_with_title(text, sec.title[0].start, sec.title[-1].end, uncertain)
        if titled and titled.name == chair.name:
            chair.title = titled.title
    first_sentence = re.split(r"(?<=[.;])\s", text[lo:hi], maxsplit=1)[0]
    loc = _meeting_res()[0].search(first_sentence)
    attendees: list[str] = []
    am = _meeting_res()[1].search(text[lo:hi])
    if am:
        raw = squash(am.group("list"))
        parts = raw.split(";") if ";" in raw else _split_protected(raw)
        attendees = [p.strip(" ,:") for p in parts if p.strip(" ,:")]
    return Meeting(
        date=date,
        location=squash(loc.group("loc")) if loc else None,
        chair=Person(name=chair.name, title=chair.title, span=locate.span(chair.start, chair.end)) if chair else None,
        attendees=attendees,
        span=locate.span(lo, hi),
    )


def _split_protected(raw: str) -> list[str]:
    """Split an attendee list on commas that start a new party (a body or a role), so the commas
    inside "Sở Văn hóa, Thể thao và Du lịch" stay."""
    return list(_meeting_res()[2].split(raw))


# Directives ------------------------------------------------------------------------------


def _own_lines(node: Node) -> list:
    return node.own_lines()


def _own_range(node: Node) -> tuple[int, int]:
    lines = _own_lines(node)
    return node.text_start(), lines[-1].end


def _own_text(node: Node) -> str:
    return node.own_text()


def _boundaries(text: str, node: Node, lo: int, hi: int) -> list[int]:
    bounds = clause_boundaries(text, lo, hi)
    lines = _own_lines(node)
    # "3. Về việc X" + newline + "Sở Y rà soát ...": the heading line ends a clause — unless the
    # heading already ended inside it ("Về kho dầu: với vai" + newline + "trò là chủ đầu tư, …").
    first = lines[0].text[node.marker.length:] if node.marker else lines[0].text
    if (len(lines) > 1 and _HEADING_TOPIC.match(first) and not first.rstrip().endswith((",", "và"))
            and not _HEADING_ENDED.search(first)):
        bounds.append(lines[1].start)
    return sorted(bounds)


def _is_heading(own: str, mentions, lo: int, hi: int, text: str) -> bool:
    """A line that only names who is assigned ("1. Sở X:", "- Giao Sở X") or a topic ("Về ...:")."""
    body = own.rstrip(" :")
    if _HEADING_TOPIC.match(body) and len(body.split()) <= 25:
        return True
    rest = text[lo:hi]
    for m in sorted(mentions, key=lambda m: m.start, reverse=True):
        rest = rest[: m.start - lo] + " " + rest[m.end - lo:]
    return bool(mentions) and only_beside_names(rest)


def _absorb_enumerations(node: Node, text: str, uncertain: Uncertainty) -> None:
    """Bullets that only enumerate items of a list ("các dịch vụ: - A. - B.") belong to their item."""
    for child in node.children:
        _absorb_enumerations(child, text, uncertain)
    if not node.children or node.marker is None:
        return
    own = _own_text(node)
    if not own.endswith(":"):
        return
    kids = node.children
    if any(k.children or k.marker is None or k.marker.kind not in ("dash", "plus") for k in kids):
        return
    if any(len(_own_text(k).split()) > _MAX_ENUM_WORDS for k in kids):
        return
    if any(_opens_with_agency(k, text, uncertain) for k in kids):
        return  # "- Sở Tài chính: rà soát …": each bullet assigns work, it is a task of its own
    lo, hi = _own_range(node)
    mentions = [m for m in find_mentions(text, lo, hi, uncertain) if not m.issuer]
    if _is_heading(own, mentions, lo, hi, text) or only_leads_in(text, lo, hi, mentions, uncertain=uncertain):
        return  # "Sở X:", "Công an xã có trách nhiệm:": the bullets are its units
    for k in kids:
        node.lines.extend(k.lines)
    node.children = []


def _opens_with_agency(node: Node, text: str, uncertain: Uncertainty) -> bool:
    start = node.text_start()
    while start < len(text) and text[start].isspace():
        start += 1
    return any(m.start == start and m.names and not m.generic
               for m in find_mentions(text, start, min(len(text), node.end, start + 120), uncertain))


def _directives(text: str, sec: Sections, locate: PageLocator, reference: dt.date | None,
                uncertain: Uncertainty, meeting: bool = True, past: dt.date | None = None) -> list[Directive]:
    if not sec.body:
        return []
    nodes = build_tree(sec.body, uncertain) if first_marker_index(sec.body) is not None else paragraphs_as_nodes(sec.body)
    for n in nodes:
        _absorb_enumerations(n, text, uncertain)
        absorb_attributes(n)
        split_inline_units(n, text, reference, uncertain)
    nodes = split_closing(nodes, meeting, uncertain, text, reference.year if reference else None)
    return [_convert(n, text, locate, reference, uncertain, inherited=[], past=past) for n in nodes]


# A top-level section that reports rather than assigns: "I. ĐÁNH GIÁ CHUNG", "1. Kết quả đạt được:".
# As written, or on base letters where the text is uncertain: OCR and restoration often leave
# headings in capitals unmarked ("DANH GIA CHUNG").
_FINDING_HEAD = regex_cache.compile(rf"(?:{words_re(_CUES.finding_heads)})(?!\w)")
_FINDING_HEAD_BASE = regex_cache.compile(rf"(?:{words_re([base_letters(w) for w in _CUES.finding_heads])})(?!\w)")


def _finding_head(d: Directive, uncertain: Uncertainty) -> bool:
    head = d.text.lstrip()
    if _FINDING_HEAD.match(fold(head).lower()):
        return True
    m = _FINDING_HEAD_BASE.match(base_letters(head))
    return bool(m) and uncertain.overlaps(d.span.start, d.span.start + len(d.label) + 1 + m.end())


def _split_findings(directives: list[Directive], uncertain: Uncertainty = CLEAN) -> tuple[list[Directive], list[Directive]]:
    """Move assessment sections out of the directives: a top-level node whose heading starts
    with an assessment word and that, children included, assigns nobody and sets no deadline."""
    def idle(d: Directive) -> bool:
        return not d.agencies and not d.deadlines and all(idle(c) for c in d.children)

    tasks, findings = [], []
    for d in directives:
        if len(directives) > 1 and _finding_head(d, uncertain) and idle(d):
            findings.append(d)
        else:
            tasks.append(d)
    return tasks, findings


def _convert(node: Node, text: str, locate: PageLocator, reference: dt.date | None, uncertain: Uncertainty,
             inherited: list[Agency], inherited_deadlines: list[Deadline] = (), past: dt.date | None = None,
             directed: bool = False) -> Directive:
    year = reference.year if reference else None
    lo, hi = _own_range(node)
    own = _own_text(node)
    mentions = find_mentions(text, lo, hi, uncertain)
    assign_roles(text, lo, hi, mentions, _boundaries(text, node, lo, hi))
    settle_level_groups(mentions)
    agencies: dict[str, Agency] = {}
    for m in mentions:
        if m.generic or m.issuer or not m.role:
            continue
        for name in m.names:
            prev = agencies.get(name)
            if prev is None or (prev.role == "support" and m.role == "lead"):
                agencies[name] = Agency(name=name, role=m.role, surface=m.surface, span=locate.span(m.start, m.end))
    own_agencies = list(agencies.values())
    has_lead = any(a.role == "lead" for a in own_agencies)
    # "Các doanh nghiệp tham gia … có trách nhiệm": an unnamed group as the directive's own subject
    # takes the place of an inherited assignee; one further on ("ban hành văn bản chỉ đạo các đơn vị")
    # is the content of the task, not its assignee.
    generic_lead = any(m.generic and m.role == "lead" and m.via in ("subject", "chair") for m in mentions)
    # "- Chỉ đạo Y <action>" with no subject of its own: the inherited assignee directs, Y acts; both lead.
    directed_only = has_lead and all(m.via == "directed" for m in mentions if m.role == "lead" and m.names
                                     and not m.generic and not m.issuer)
    # Under "X chỉ đạo:" (``directed``) each sub-item's own subject is a body X directs: X leads too.
    if (not has_lead or directed_only or directed) and not generic_lead and inherited:
        own_agencies = [a.model_copy(update={"inherited": True}) for a in inherited
                        if a.name not in agencies] + own_agencies
    # A generic subject ("6. Đối với UBND các xã, phường:") is the item's own addressee: its
    # sub-items inherit no lead from it, nor from above it.
    leads = [a for a in own_agencies if a.role == "lead"] or (
        [] if generic_lead else [a for a in inherited if a.role == "lead"])
    # A date stated before the meeting ("Trong quý IV năm 2025, …" assessed at a meeting of
    # 06/01/2026), or more than a month before the document when no meeting is dated, reports the
    # past (``past``); the month of grace keeps a deadline set at a meeting the header may post-date.
    deadlines = find_deadlines(text[lo:hi], base=lo, default_year=year, page_of=locate, reference=reference,
                               not_before=past, uncertain=uncertain)
    if inherited_deadlines and not any(d.date for d in deadlines):
        deadlines = [*inherited_deadlines, *deadlines]
    cited = [c.number for c in find_citations(text[lo:hi], base=lo, uncertain=uncertain)]
    # "…, hoàn thành trong tháng 11/2025, cụ thể:": the sub-items spell out this item's own action,
    # so its deadline is theirs too; any other parent's deadline stays with the parent.
    spells_out = node.frame or _SPELL_OUT.search(own)
    passed = [d.model_copy(update={"inherited": True}) for d in deadlines if d.date] if spells_out else []
    # Sub-items inherit the assignee. Under a lead-in ("Giao Sở A chủ trì, phối hợp với Sở B …:")
    # they spell out the work the parent assigns, so its supporting bodies support them too.
    heirs = [a.model_copy(update={"role": "lead"}) for a in leads]
    if own.rstrip().endswith(":"):
        heirs += [a for a in own_agencies if a.role == "support"]
    directs = bool(leads) and agency_cues().directs_items.search(own.rstrip()) is not None
    children = [_convert(c, text, locate, reference, uncertain, inherited=heirs, inherited_deadlines=passed, past=past,
                         directed=directs) for c in node.children]
    return Directive(
        id=node.id,
        label=node.marker.label if node.marker else "",
        text=own,
        span=locate.span(node.start, hi),
        agencies=own_agencies,
        deadlines=deadlines,
        citations=list(dict.fromkeys(cited)),
        children=children,
    )


def _citations(text: str, sec: Sections, own_number: str | None, locate: PageLocator,
               uncertain: Uncertainty = CLEAN) -> list[Citation]:
    """Every document the notice cites after its header — the trích yếu, the body, footnotes
    after the signature — one entry per number; the notice's own number is never one of them
    (the header, where it stands even when OCR damaged its "Số:", is not searched)."""
    lo = max((ln.end for ln in (sec.doc_type_line, sec.number_line) if ln is not None), default=0)
    own = normalize_number(own_number) if own_number else None
    merged: dict[str, Citation] = {}
    for c in find_citations(text[lo:], base=lo, page_of=locate, uncertain=uncertain):
        if c.number == own:
            continue
        prev = merged.get(c.number)
        if prev is None:
            merged[c.number] = c
        elif prev.date is None and c.date is not None:
            merged[c.number] = prev.model_copy(update={"date": c.date})
    return list(merged.values())

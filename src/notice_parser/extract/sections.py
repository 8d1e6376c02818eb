"""The parts of a notice, as Nghị định 30/2020/NĐ-CP lays them out: header (issuing body,
số và ký hiệu, place and date), doc type and trích yếu, opening, conclusions, closing
sentence, recipients ("Nơi nhận") and signature block.

Text extracted from PDFs and scans has no reliable blank lines, so parts are found by
what their lines say, not by paragraph breaks.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from dataclasses import dataclass, field

from .. import regex_cache
from .directives import first_marker_index, parse_marker, words_re
from ..uncertainty import CLEAN, Uncertainty
from .header import Cue, addressee_head, frame_cues, is_caps, parse_header, signing_authorities
from .layout import UPPER, Line, is_page_furniture, squash

@lru_cache(maxsize=1)
def _opening() -> Cue:
    """The opening sentence starts with when the meeting was held, or with what the document
    answers ("Xét Tờ trình …"). On base letters where the text is uncertain: OCR and restoration
    damage marks ("Chiếu ngày" for "Chiều ngày")."""
    starts = sorted(frame_cues()["opening_starts"], key=len, reverse=True)
    return Cue(lambda p: rf"^(?:{'|'.join(p(w) for w in starts)})\b")


def _opens(line: Line, uncertain: Uncertainty) -> bool:
    return _opening().match(line.text, line.start, uncertain) is not None


def frame_words(key: str) -> str:
    """One list of data/frame_cues.json as a regex alternation (longest first, any blanks between words)."""
    return words_re(frame_cues()[key])


@cache
def _conclusion_intro_re() -> re.Pattern:
    """The sentence that introduces the conclusions (data/frame_cues.json "conclusion_intros")."""
    return regex_cache.compile(rf"(?:{frame_words('conclusion_intros')})[^:]{{0,80}}:\s*$|"
                               rf"(?:{frame_words('conclusion_intro_ends')})\s*:\s*$", re.IGNORECASE)


@cache
def _closing_re() -> re.Pattern:
    """Sentences that close the conclusions ("Thừa lệnh Chủ tịch ..., Văn phòng ... thông báo ...
    thực hiện./."), data/frame_cues.json "closing_*"."""
    return regex_cache.compile(rf"^(?:{frame_words('closing_starts')}|(?:{frame_words('closing_offices')})[^.;]{{0,60}}?"
                               rf"thông\s+báo|(?:{frame_words('closing_issuers')})[^.;]{{0,30}}?thông\s+báo\s+"
                               rf"(?:{frame_words('closing_purposes')}))", re.IGNORECASE)


@cache
def _difficulties_re() -> re.Pattern:
    """The opening of a paragraph that only says what to do if difficulties arise ("Trong quá
    trình triển khai, nếu có khó khăn, vướng mắc, …"; data/frame_cues.json "closing_during",
    "closing_difficulties")."""
    return regex_cache.compile(rf"^(?:(?:{frame_words('closing_during')})\b[^,.;]{{0,50}},\s*)?"
                               rf"(?:{frame_words('closing_difficulties')})\b", re.IGNORECASE)


def _before_difficulties(lines: list[Line], lo: int, close_at: int) -> int:
    """Where the conclusions end when their last paragraph only says what to do if difficulties
    arise ("Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các đơn vị liên hệ Phòng X để
    được hướng dẫn./."): an offer of help, conditional, that assigns no work (ANNOTATION.md: a
    paragraph that assigns work is a unit), so it joins the closing — in a text without labels
    it is not a unit, after a labelled item not a paragraph of that item. A labelled item that
    says so stays an item."""
    j = close_at - 1
    while j > lo and not lines[j - 1].text.endswith((".", ":", ";")) and j > close_at - 8:
        j -= 1
    if not lo < j < close_at or not lines[j - 1].text.endswith((".", ":", ";")) or parse_marker(lines[j].text):
        return close_at
    paragraph = " ".join(ln.text for ln in lines[j:close_at])
    return j if _difficulties_re().match(paragraph) else close_at


_END_MARK = regex_cache.compile(r"\./\.")
# "Nơi nhận:"; OCR residue such as "Nơi nhìn:" or "Noi nhan" is still this heading where the
# text is uncertain.
_RECIPIENTS = regex_cache.compile(r"^N[ơoó]i\s+nh(?:[ậa]n\s*:?|\w{1,3}\s*:)", re.IGNORECASE)
_RECIPIENTS_WRAPPED = (regex_cache.compile(r"^N[ơoó]i$", re.IGNORECASE), regex_cache.compile(r"^nh[ậa]n\s*:", re.IGNORECASE))
_RECIPIENTS_AS_WRITTEN = regex_cache.compile(r"nơi\s+nhận\s*:?|nơi|nhận\s*:")


def _recipients_word(line: Line, m: re.Match | None, uncertain: Uncertainty) -> bool:
    return m is not None and (_RECIPIENTS_AS_WRITTEN.fullmatch(m.group().lower()) is not None
                              or uncertain.overlaps(line.start + m.start(), line.start + m.end()))


def recipients_head(line: Line, uncertain: Uncertainty = CLEAN, wrapped: int = 0) -> re.Match | None:
    """"Nơi nhận:" opening ``line`` (``wrapped`` 1: the line is only "Nơi", 2: it opens with
    "nhận:"), read as written or, OCR residue, where ``uncertain`` covers it."""
    m = (_RECIPIENTS, *_RECIPIENTS_WRAPPED)[wrapped].match(line.text)
    return m if _recipients_word(line, m, uncertain) else None


def is_recipients_head(lines: list[Line], i: int, uncertain: Uncertainty = CLEAN) -> bool:
    """"Nơi nhận:", also wrapped as "Nơi" / "nhận:" (a narrow left column)."""
    if recipients_head(lines[i], uncertain):
        return True
    return bool(i + 1 < len(lines) and recipients_head(lines[i], uncertain, 1)
                and recipients_head(lines[i + 1], uncertain, 2))
@lru_cache(maxsize=1)
def _sign_authority() -> re.Pattern:
    """"KT. CHỦ TỊCH": an authority abbreviation (data/frame_cues.json) before a title in capitals."""
    return regex_cache.compile(rf"\b(?:{signing_authorities()})\s*\.\s*[{UPPER}][{UPPER} ]+")


@dataclass
class Sections:
    lines: list[Line]
    header: list[Line] = field(default_factory=list)
    doc_type_line: Line | None = None
    title: list[Line] = field(default_factory=list)
    opening: list[Line] = field(default_factory=list)
    preamble: list[Line] = field(default_factory=list)  # unnumbered lines between the intro and the first item
    body: list[Line] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)
    tail: list[Line] = field(default_factory=list)  # recipients and signature block
    number: str | None = None
    number_line: Line | None = None
    place: str | None = None
    place_date_text: str | None = None
    place_line: Line | None = None
    doc_type: str | None = None  # canonical, from the type line
    issuer_text: str | None = None  # the header's issuing body, in capitals
    addressees: list[str] = field(default_factory=list)  # "Kính gửi: …", a công điện's "… điện: - A; - B"
    addressee_lines: list[Line] = field(default_factory=list)
    subject: list[Line] = field(default_factory=list)  # a công văn's "V/v …" (also in ``title``)
    has_intro: bool = False


def _is_item(text: str) -> bool:
    """A numbered or lettered item ("I. MỤC ĐÍCH", "1. …", "a) …"): never a title line."""
    mk = parse_marker(text)
    return mk is not None and mk.kind not in ("dash", "plus")


def _is_numbered(text: str) -> bool:
    mk = parse_marker(text)
    return mk is not None and (mk.kind in ("num", "roman") or mk.kind.startswith("dnum")) and mk.value[-1] == 1


def _addressee_block(lines: list[Line], k: int, uncertain: Uncertainty) -> tuple[int, list[str]]:
    """The addressees from the head at ``k`` ("Kính gửi: A." / "Kính gửi:" + "- A;" "- B."; a
    công điện's "… điện:" + bullets, "Đồng kính gửi: …"): (index after the block, the items)."""
    items: list[str] = []
    prev = ":"
    i = k
    while i < len(lines) and i < k + 30:
        text = lines[i].text
        head = addressee_head(text, lines[i].start, uncertain)
        if head:
            rest = text[head.end():].strip()
        elif prev.endswith("."):
            break
        elif text.startswith(("-", "–", "+", "•")):
            rest = None
            items.append(text.lstrip("-–+• ").strip())
        elif prev.endswith(";") or _opens(lines[i], uncertain):
            break
        elif items and not prev.endswith(":"):
            rest = None
            items[-1] = f"{items[-1]} {text}"
        elif prev.endswith(":"):
            rest = None
            items.append(text)
        else:
            break
        if head and rest:
            items.append(rest)
        prev = text
        i += 1
    return i, [re.sub(r"[;,.\s]+$", "", squash(t)) for t in items if t.strip(" ;,.")]


def _after_opening_paragraph(lines: list[Line], at: int, stop: int, uncertain: Uncertainty) -> int:
    """A text with neither an intro sentence nor numbering: its first paragraph is the opening
    when it starts like one ("Thực hiện …", "Căn cứ …", "Ngày …") and more paragraphs follow —
    it gives the context, the paragraphs after it give the directions."""
    if at >= stop or not _opens(lines[at], uncertain):
        return at
    for i in range(at, stop - 1):
        if lines[i].text.endswith("."):
            return i + 1
    return at


def split_sections(lines: list[Line], uncertain: Uncertainty = CLEAN) -> Sections:
    """The parts of a notice; ``uncertain`` (spans of the text the lines point into) is where
    their cues may be read on base letters (parse_header, Cue)."""
    lines = [ln for ln in lines if not is_page_furniture(ln)]
    sec = Sections(lines=lines)
    if not lines:
        return sec
    h = parse_header(lines, uncertain)
    dt = lines.index(h.doc_type_line) if h.doc_type_line is not None else None
    sec.header = lines[:dt if dt is not None else h.end]
    sec.doc_type_line, sec.doc_type = h.doc_type_line, h.doc_type
    sec.number, sec.number_line = h.number, h.number_line
    sec.place, sec.place_date_text = h.place, h.place_date_text
    sec.place_line = h.place_lines[0] if h.place_lines else None
    sec.issuer_text, sec.subject = h.issuer_text, h.subject

    # Title (trích yếu) runs from the doc type to the opening sentence, or to the addressees;
    # a công văn's is its "V/v …" lines in the header.
    start = (dt + 1) if dt is not None else h.end
    title_end = None
    for i in range(start, min(len(lines), start + 10)):
        if i in h.used:
            continue
        if _is_item(lines[i].text):
            break  # no opening sentence before the items: the title is decided below
        if addressee_head(lines[i].text, lines[i].start, uncertain) or _opens(lines[i], uncertain):
            title_end = i
            break
    if title_end is None:
        # No dated opening: the title is the first lines up to one that ends a sentence.
        title_end = start
        if dt is not None:
            for i in range(start, min(len(lines), start + 4)):
                # a trích yếu is a few short lines with no closing punctuation: a sentence or a
                # paragraph-long line after the first title line is the opening itself
                if i > start and (lines[i].text.endswith((".", ":", ";")) or len(lines[i].text) > 150):
                    break
                if _is_item(lines[i].text):
                    break  # "I. MỤC ĐÍCH": the text proper of a kế hoạch
                title_end = i + 1
                if lines[i].text.endswith((".", ":", ";")):
                    break
    title_idx = [i for i in range(start, title_end) if i not in h.used]
    sec.title = h.subject if dt is None and h.subject else ([h.type_rest] if h.type_rest else []) + [lines[i] for i in title_idx]
    opening_at = title_end
    while opening_at < len(lines) and opening_at in h.used:
        opening_at += 1
    if opening_at < len(lines) and addressee_head(lines[opening_at].text, lines[opening_at].start, uncertain):
        block_end, sec.addressees = _addressee_block(lines, opening_at, uncertain)
        sec.addressee_lines = lines[opening_at:block_end]
        opening_at = block_end

    # Where the conclusions begin: after the intro sentence if there is one, else at the first item.
    # Attendee lists ("Thành phần tham dự gồm:" + bullets) can look like an intro, so when the
    # conclusions are numbered the intro is the last candidate before the first numbered item.
    stop = len(lines)
    for i in range(opening_at, len(lines)):
        if _closing_re().match(lines[i].text) or is_recipients_head(lines, i, uncertain):
            stop = i
            break
    first_numbered = next((i for i in range(opening_at, stop) if _is_numbered(lines[i].text)), None)
    intros = [i for i in range(opening_at, first_numbered if first_numbered is not None else stop)
              if _conclusion_intro_re().search(lines[i].text)]
    intro_at = (intros[-1] if first_numbered is not None else intros[0]) if intros else None
    body_from = intro_at + 1 if intro_at is not None else opening_at
    if intro_at is None and first_numbered is not None:
        # No intro sentence recognised (OCR wrapped "kết / luận:" over two lines, or an unusual
        # wording): the opening runs up to the first numbered item.
        body_from = first_numbered
    if intro_at is None and first_numbered is None:
        body_from = _after_opening_paragraph(lines, opening_at, stop, uncertain)
    sec.has_intro = intro_at is not None

    # The closing sentence and what follows it.
    close_at = len(lines)
    for i in range(body_from, len(lines)):
        if _closing_re().match(lines[i].text) or is_recipients_head(lines, i, uncertain):
            close_at = i
            break
        if _END_MARK.search(lines[i].text):
            # The paragraph holding "./." closes the notice when it says so (thông báo ... thực hiện).
            j = i
            while j > body_from and not lines[j - 1].text.endswith((".", ":", ";")) and j > i - 4:
                j -= 1
            # ... unless the paragraph is the last numbered item ("8. Giao Bộ X … thực hiện./.").
            k = i
            while k > body_from and not lines[k - 1].text.endswith((".", ":", ";")) and k > i - 8:
                k -= 1
            item = parse_marker(lines[k].text) is not None
            if not item and re.search(r"thông\s+báo|biết|thực\s+hiện", " ".join(ln.text for ln in lines[j:i + 1]), re.IGNORECASE):
                close_at = j
            else:
                close_at = i + 1
            break
    close_at = _before_difficulties(lines, body_from, close_at)
    tail_at = close_at
    for i in range(close_at, len(lines)):
        if is_recipients_head(lines, i, uncertain) or _sign_authority().search(lines[i].text) or (
            is_caps(lines[i].text) and i > close_at
        ):
            tail_at = i
            break
    else:
        tail_at = len(lines)
    sec.opening = lines[opening_at:body_from]
    conclusions = lines[body_from:close_at]
    first = first_marker_index(conclusions)
    if first is None:
        sec.body = conclusions
    else:
        sec.preamble, sec.body = conclusions[:first], conclusions[first:]
    sec.closing = lines[close_at:tail_at]
    sec.tail = lines[tail_at:]
    return sec

"""The parts of a notice, as Nghị định 30/2020/NĐ-CP lays them out: header (issuing body,
số và ký hiệu, place and date), doc type and trích yếu, opening, conclusions, closing
sentence, recipients ("Nơi nhận") and signature block.

Text extracted from PDFs and scans has no reliable blank lines, so parts are found by
what their lines say, not by paragraph breaks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from .directives import first_marker_index, parse_marker
from ..data import load_json
from .layout import UPPER, Line, base_letters, is_page_furniture, name_key

# Quốc hiệu và Tiêu ngữ: dropped from header lines (two-column extraction interleaves them
# with the issuing body on one line).
_NATIONAL = re.compile(
    r"C[ỘO]NG\s+H(?:[ÒO]A|OÀ)\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM|"
    r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc|ĐỘC\s+LẬP\s*[-–]\s*TỰ\s+DO\s*[-–]\s*HẠNH\s+PHÚC|[-_=*]{3,}",
    re.IGNORECASE,
)
_NUMBER_LINE = re.compile(r"\bS[ốoơở]\s*:\s*(?P<number>[^\s,;]*(?:/[^\s,;]+)?)", re.IGNORECASE)
_PLACE_DATE = re.compile(r"(?P<place>[^\d,:;()]{2,40}?)\s*,\s*ngày\b(?P<date>[^\n]{0,40}?năm\s*\d{4}|[^\n]{0,20}\d{4})",
                         re.IGNORECASE)
# The opening sentence of a meeting notice starts with when it was held.
# Matched on base letters: OCR and restoration damage marks ("Chiếu ngày" for "Chiều ngày").
_OPENING = re.compile(
    r"^(?:ngay|sang|chieu|toi|vao|hom\s+nay|trong\s+(?:hai\s+|cac\s+)?ngay|thuc\s+hien|theo|can\s+cu|"
    r"xet|tren\s+co\s+so)\b"
)
# The sentence that introduces the conclusions.
_CONCLUSION_INTRO = re.compile(
    r"(?:kết\s+luận|chỉ\s+đạo|yêu\s+cầu|giao\s+nhiệm\s+vụ|thống\s+nhất|nhiệm\s+vụ\s+sau|ý\s+kiến)[^:]{0,80}:\s*$|"
    r"(?:như\s+sau|sau\s+đây|cụ\s+thể)\s*:\s*$",
    re.IGNORECASE,
)
# Sentences that close the conclusions ("Thừa lệnh Chủ tịch ..., Văn phòng ... thông báo ... thực hiện./.").
_CLOSING = re.compile(
    r"^(?:Thừa\s+lệnh|Thừa\s+(?:ủy|uỷ)\s+quyền|Trên\s+đây\s+là|Với\s+nội\s+dung\s+trên|Nay\s+thông\s+báo|"
    r"Văn\s+phòng\s+(?:UBND|Ủy\s+ban|Uỷ\s+ban)[^.;]{0,60}?thông\s+báo|(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)"
    r"[^.;]{0,30}?thông\s+báo\s+(?:để|ý\s+kiến|kết\s+luận)|Trên\s+cơ\s+sở\s+(?:các\s+)?nội\s+dung\s+trên)",
    re.IGNORECASE,
)
_END_MARK = re.compile(r"\./\.")
# "Nơi nhận:" (OCR residue such as "Nơi nhìn:" or "Noi nhan" is still this heading).
_RECIPIENTS = re.compile(r"^N[ơoó]i\s+nh(?:[ậa]n\s*:?|\w{1,3}\s*:)", re.IGNORECASE)
_SIGN_AUTHORITY = re.compile(rf"\b(?:TL|KT|TM|TUQ|Q)\s*\.\s*[{UPPER}][{UPPER} ]+")


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


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
    has_intro: bool = False


def _is_numbered(text: str) -> bool:
    mk = parse_marker(text)
    return mk is not None and (mk.kind in ("num", "roman") or mk.kind.startswith("dnum")) and mk.value[-1] == 1


@lru_cache(maxsize=1)
def _doc_type_keys() -> frozenset[str]:
    return frozenset(name_key(t) for t in load_json("doc_types.json")["types"])


def _find_doc_type(lines: list[Line], limit: int = 30) -> int | None:
    for i, line in enumerate(lines[:limit]):
        text = _NATIONAL.sub(" ", line.text).strip(" -")
        if not is_caps(text) or len(text.split()) > 6 or _SIGN_AUTHORITY.search(text):
            continue
        if re.match(r"^(?:ỦY|UỶ|UBND|HỘI\s+ĐỒNG|V[ĂA]N\s+PH[ÒO]NG|BỘ|SỞ|TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|BAN|CHÍNH\s+PHỦ|"
                    r"THỦ\s+TƯỚNG|ĐẢNG|TỔNG\s+CỤC|CỤC|TRUNG\s+TÂM|CÔNG\s+AN)\b", text):
            continue
        return i
    # No line in capitals: a line that is exactly a document type in any case ("thông báo" —
    # legacy TCVN3 files typed headings in a capitals font over lowercase codes).
    names = _doc_type_keys()
    for i, line in enumerate(lines[:limit]):
        if name_key(line.text).strip(" .") in names:
            return i
    return None


def split_sections(lines: list[Line]) -> Sections:
    lines = [ln for ln in lines if not is_page_furniture(ln)]
    sec = Sections(lines=lines)
    if not lines:
        return sec
    dt = _find_doc_type(lines)
    head_end = dt if dt is not None else 0
    sec.header = lines[:head_end]
    sec.doc_type_line = lines[dt] if dt is not None else None

    for line in lines[: max(head_end, 12)]:
        m = _NUMBER_LINE.search(line.text)
        if m and sec.number is None and "/" in m.group("number"):
            sec.number, sec.number_line = m.group("number").strip(".,;"), line
        m = _PLACE_DATE.search(line.text)
        if m and sec.place is None:
            place = _NATIONAL.sub(" ", m.group("place")).strip(" -–,")
            # Two columns on one line ("Số: 12/TB-UBND     Bắc Kạn, ngày ..."): keep the right-hand words.
            place = re.split(r"\s{2,}|\S*/\S*", place)[-1].strip(" -–,")
            if place and not re.search(r"\d", place):
                sec.place, sec.place_date_text, sec.place_line = place, "ngày" + m.group("date"), line

    # Title (trích yếu) runs from the doc type to the opening sentence.
    start = (dt + 1) if dt is not None else 0
    opening_at = None
    for i in range(start, min(len(lines), start + 10)):
        if lines[i] is sec.place_line or lines[i] is sec.number_line:
            continue
        if _OPENING.match(base_letters(lines[i].text)):
            opening_at = i
            break
    if opening_at is None:
        # No dated opening: the title is the first lines up to one that ends a sentence.
        opening_at = start
        if dt is not None:
            for i in range(start, min(len(lines), start + 4)):
                # a trích yếu is a few short lines with no closing punctuation: a sentence or a
                # paragraph-long line after the first title line is the opening itself
                if i > start and (lines[i].text.endswith((".", ":", ";")) or len(lines[i].text) > 150):
                    break
                opening_at = i + 1
                if lines[i].text.endswith((".", ":", ";")):
                    break
    sec.title = [ln for ln in lines[start:opening_at] if ln is not sec.place_line and ln is not sec.number_line]

    # Where the conclusions begin: after the intro sentence if there is one, else at the first item.
    # Attendee lists ("Thành phần tham dự gồm:" + bullets) can look like an intro, so when the
    # conclusions are numbered the intro is the last candidate before the first numbered item.
    stop = len(lines)
    for i in range(opening_at, len(lines)):
        if _CLOSING.match(lines[i].text) or _RECIPIENTS.match(lines[i].text):
            stop = i
            break
    first_numbered = next((i for i in range(opening_at, stop) if _is_numbered(lines[i].text)), None)
    intros = [i for i in range(opening_at, first_numbered if first_numbered is not None else stop)
              if _CONCLUSION_INTRO.search(lines[i].text)]
    intro_at = (intros[-1] if first_numbered is not None else intros[0]) if intros else None
    body_from = intro_at + 1 if intro_at is not None else opening_at
    if intro_at is None and first_numbered is not None:
        # No intro sentence recognised (OCR wrapped "kết / luận:" over two lines, or an unusual
        # wording): the opening runs up to the first numbered item.
        body_from = first_numbered
    sec.has_intro = intro_at is not None

    # The closing sentence and what follows it.
    close_at = len(lines)
    for i in range(body_from, len(lines)):
        if _CLOSING.match(lines[i].text) or _RECIPIENTS.match(lines[i].text):
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
    tail_at = close_at
    for i in range(close_at, len(lines)):
        if _RECIPIENTS.match(lines[i].text) or _SIGN_AUTHORITY.search(lines[i].text) or (
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

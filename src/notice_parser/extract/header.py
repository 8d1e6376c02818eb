"""The header block of a document, read as a block of wrapped two-column lines.

Nghị định 30/2020/NĐ-CP puts at the top of every document: the issuing body (left) and the
national motto (right), the number "Số: …" (left) and the place and date (right), then the
document type and its trích yếu — or, for a công văn, the trích yếu "V/v …" under the number
and no type at all. Text extracted from PDFs or copied from web pages wraps these pieces over
several lines ("VĂN PHÒNG CHÍNH / PHỦ", "CỘNG / HÒA XÃ HỘI …", "Hà Nội, ngày 24 / tháng 11 năm
2025") or interleaves the two columns on one line, so the pieces are found in the block as a
whole: the motto is matched across line breaks and blanked out, the number and the place-date
are matched where they are, the type is the first line that is one of the known types
(data/doc_types.json), and what is left in capitals before them is the issuing body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..data import load_json
from .layout import Line, base_letters, squash

# Lines that can hold a header at most: the block is never longer than this.
HEADER_LIMIT = 30


@lru_cache(maxsize=1)
def frame_cues() -> dict:
    return load_json("frame_cues.json")


def phrase_pattern(phrase: str) -> str:
    """Regex (over base letters) of a phrase whose words may be wrapped over lines or spaced
    around hyphens: "Độc lập - Tự do" → r"doc\\s+lap\\s*[-–.]?\\s*tu\\s+do"."""
    words = base_letters(phrase).split()
    out = []
    for w in words:
        if w in ("-", "–"):
            out.append(r"\s*[-–.]?\s*")
        else:
            if out and not out[-1].endswith(r"\s*"):
                out.append(r"\s+")
            out.append(re.escape(w))
    return "".join(out)


@lru_cache(maxsize=1)
def _motto_re() -> re.Pattern:
    alts = "|".join(phrase_pattern(p) for p in frame_cues()["motto"])
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)|[-_=*]{{3,}}")


@lru_cache(maxsize=1)
def _header_body_re() -> re.Pattern:
    alts = "|".join(phrase_pattern(p) for p in sorted(frame_cues()["header_bodies"], key=len, reverse=True))
    return re.compile(rf"^(?:{alts})(?!\w)")


@lru_cache(maxsize=1)
def _subject_re() -> re.Pattern:
    alts = "|".join(re.escape(s) for s in frame_cues()["subject_labels"])
    return re.compile(rf"^(?:{alts})(?:\s*[:.]|\s|$)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _addressee_res() -> tuple[re.Pattern, re.Pattern]:
    heads = "|".join(phrase_pattern(h) for h in frame_cues()["addressee_heads"])
    verbs = "|".join(phrase_pattern(v) for v in frame_cues()["dispatch_verbs"])
    return re.compile(rf"^(?:[-–•]\s*)?(?:{heads})\s*:"), re.compile(rf"\s(?:{verbs})\s*:\s*$")


def addressee_head(text: str) -> re.Match | None:
    """'Kính gửi:' (the addressees follow on its line or below) or a công điện's sender line
    'THỦ TƯỚNG CHÍNH PHỦ điện:' (the sender in capitals). The match ends where the addressees begin."""
    heads, verbs = _addressee_res()
    based = base_letters(text)
    if len(based) != len(text):
        return None
    m = heads.match(based)
    if m:
        return m
    m = verbs.search(based)
    return m if m and is_caps(text[:m.start()]) else None


@lru_cache(maxsize=1)
def _types() -> dict[str, str]:
    """Base-letter key of each known document type → its canonical name."""
    return {base_letters(t): t for t in load_json("doc_types.json")["types"]}


# "Số: 12/TB-UBND", "Số 12-TB/VPTW" (Party documents write no colon), "So: /TB-UBND" (a form not yet numbered).
_NUMBER = re.compile(r"(?<!\w)(?:S[ốoơở]|SỐ|SO)\s*(?::\s*|\s+(?=\d))(?P<number>[^\s,;]*)")
# "Hà Nội, ngày 24 tháng 11 năm 2025", the date possibly wrapped onto the next line; the place
# stays on its line (the right-hand column), the left-hand column's words are cut off later.
_PLACE_DATE = re.compile(
    r"(?P<place>[^\d,:;()\n]{2,40}?)\s*,\s*ngày\b(?P<date>[^\n]{0,40}?năm\s*\d{4}|[^\n]{0,20}\d{4}|"
    r"[^\n]{0,30}\n[^\n]{0,30}?năm\s*\d{4})",
    re.IGNORECASE,
)


_SYMBOL_IN_TITLE = re.compile(r"\d+\s*[-/]\s*[A-ZĐ]{2,}")


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass
class Header:
    doc_type: str | None = None          # canonical, from the type line
    doc_type_line: Line | None = None
    number: str | None = None
    number_line: Line | None = None
    place: str | None = None
    place_date_text: str | None = None
    place_lines: list[Line] = field(default_factory=list)
    issuer_text: str | None = None       # the issuing body's words in capitals, motto removed
    subject: list[Line] = field(default_factory=list)  # a công văn's "V/v …" lines
    type_rest: Line | None = None         # "KẾT LUẬN …" after "THÔNG BÁO" on the type line
    end: int = 0                          # index of the first line after the block (the type line excluded)
    used: set[int] = field(default_factory=set)  # line indexes that belong to the header's fields


def _blank_motto(lines: list[Line]) -> list[str]:
    """Each line's text with the national motto (matched across line breaks) and rules blanked."""
    texts = [ln.text for ln in lines]
    joined = "\n".join(texts)
    based = base_letters(joined)
    if len(based) != len(joined):  # a decomposed text: match line by line on the text itself
        return [_motto_re().sub(lambda m: " " * len(m.group()), base_letters(t)) if len(base_letters(t)) == len(t)
                else t for t in texts]
    chars = list(joined)
    for m in _motto_re().finditer(based):
        for i in range(m.start(), m.end()):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars).split("\n")


def _type_of(text: str) -> str | None:
    text = text.strip(" -–*.:")
    if not is_caps(text):
        return None
    return _types().get(" ".join(base_letters(text).split()))


def _type_prefix(text: str) -> tuple[str, int] | None:
    """(type, length) of a known type that opens a line in capitals followed by more words."""
    text = text.strip()
    based = base_letters(text)
    if not is_caps(text) or len(text.split()) > 12 or len(based) != len(text) or _header_body_re().match(based):
        return None
    for key in sorted(_types(), key=len, reverse=True):
        if based.startswith(key + " "):
            return _types()[key], len(key)
    return None


def _find_type_line(cleaned: list[str], stop: int) -> int | None:
    for i in range(stop):
        if _type_of(cleaned[i]):
            return i
    # The type and the start of the trích yếu on one line ("THÔNG BÁO KẾT LUẬN").
    for i in range(stop):
        if _type_prefix(cleaned[i]):
            return i
    # No line in capitals: a line that is exactly a document type in any case ("thông báo" —
    # legacy TCVN3 files typed headings in a capitals font over lowercase codes).
    for i in range(stop):
        if " ".join(base_letters(cleaned[i]).strip(" .").split()) in _types():
            return i
    return None


def _guess_type_line(cleaned: list[str], start: int, stop: int) -> int | None:
    """A type damaged beyond its base letters: the first short line in capitals after the header's
    fields that does not open with an issuing body's word, before anything that starts the text
    proper (the addressees)."""
    for i in range(start, stop):
        text = cleaned[i].strip(" -–*")
        if not is_caps(text) or len(text.split()) > 6 or re.search(r"\b(?:TL|KT|TM|TUQ)\s*\.", text):
            continue
        if _header_body_re().match(base_letters(text)) or _NUMBER.search(text) or "," in text:
            continue
        return i
    return None


def _content_start(lines: list[Line], limit: int) -> int:
    """Index of the first line that cannot be part of the header block: an addressee head, a
    subject label's following text aside, or a line of running text (long, or in lower case
    after a sentence-like start)."""
    for i in range(limit):
        t = lines[i].text
        if addressee_head(t) or len(t) > 160:
            return i
    return limit


def parse_header(lines: list[Line]) -> Header:
    h = Header()
    if not lines:
        return h
    limit = min(len(lines), HEADER_LIMIT)
    stop = _content_start(lines, limit)
    cleaned = _blank_motto(lines[:limit])
    dt = _find_type_line(cleaned, stop)
    # The header's fields stand before the type line (Nghị định 30 puts the type under them);
    # a document without one keeps them above its addressees.
    scan_to = dt if dt is not None else min(stop, 14)
    for i in range(scan_to):
        if not cleaned[i].strip(" -–*"):
            h.used.add(i)  # the motto, a rule
    for i in range(scan_to):
        if i == dt:
            continue
        m = _NUMBER.search(cleaned[i])
        if m and h.number is None and "/" in m.group("number"):
            h.number, h.number_line = m.group("number").strip(".,;"), lines[i]
            h.used.add(i)
    _place_date(h, lines, cleaned, scan_to, dt)
    # A công văn's trích yếu: "V/v" and the lines under it, up to the place-date or the addressees.
    for i in range(dt if dt is not None else scan_to):
        if i in h.used or not _subject_re().match(lines[i].text):
            continue
        j = i
        while j < scan_to and j not in h.used and j != dt and not addressee_head(lines[j].text):
            h.subject.append(lines[j])
            h.used.add(j)
            j += 1
        break
    if dt is None:
        dt = _guess_type_line(cleaned, max(h.used, default=-1) + 1, stop)
    if dt is not None:
        h.doc_type_line = lines[dt]
        prefix = None if _type_of(cleaned[dt]) else _type_prefix(lines[dt].text)
        if prefix:
            # the words after the type open the trích yếu
            ln = lines[dt]
            rest = len(ln.text) - len(ln.text[prefix[1]:].lstrip())
            h.type_rest = Line(ln.start + rest, ln.end, ln.text[rest:])
        h.doc_type = _type_of(cleaned[dt]) or (prefix[0] if prefix else squash(cleaned[dt]).capitalize())

    # The issuing body: what is left in capitals around the other fields (OCR and two-column
    # extraction may put it after the number: "Số: 301/TB-VP … / ỦY BAN NHÂN DÂN TỈNH X / VĂN PHÒNG").
    skip = {lines.index(ln) for ln in [*h.place_lines, *h.subject]}
    parts = []
    for i in range(scan_to):
        if i in skip or i == dt:
            continue
        text = re.sub(r"(?<!\w)S[ốoơở]\s*:.*$", "", cleaned[i])
        text = " ".join(w for w in text.split() if any(c.isalnum() for c in w))
        # a title in capitals above a portal's copy ("KẾT LUẬN 127-KL/TW CỦA …") is not a body
        if text and is_caps(text) and len(text.split()) <= 16 and not _SYMBOL_IN_TITLE.search(text):
            parts.append(text)
            h.used.add(i)
    h.issuer_text = squash(" ".join(parts)) or None

    h.end = max([i + 1 for i in h.used] + [0])
    if dt is not None:
        h.end = min(h.end, dt)
    return h


def _place_date(h: Header, lines: list[Line], cleaned: list[str], scan_to: int, dt: int | None) -> None:
    for i in range(scan_to):
        if i == dt:
            continue
        # the date may continue on the next line ("Hà Nội, ngày 24" / "tháng 11 năm 2025")
        nxt = cleaned[i + 1] if i + 1 < scan_to and i + 1 != dt else ""
        block = cleaned[i] + "\n" + nxt
        m = _PLACE_DATE.search(block)
        if not m or m.start() >= len(cleaned[i]) or len(cleaned[i].strip()) > 120:
            continue  # a sentence of the text that mentions a place and a date is not the header's
        place = m.group("place").strip(" -–,")
        # Two columns on one line ("Số: 12/TB-UBND     Bắc Kạn, ngày ..."): keep the right-hand words.
        place = re.split(r"\s{2,}|\S*/\S*", place)[-1].strip(" -–,")
        if not place or re.search(r"\d", place):
            continue
        h.place, h.place_date_text = place, "ngày" + squash(m.group("date"))
        h.place_lines = [lines[i]] + ([lines[i + 1]] if m.end() > len(cleaned[i]) + 1 else [])
        h.used.update(range(i, i + len(h.place_lines)))
        return

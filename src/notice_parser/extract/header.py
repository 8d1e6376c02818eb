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

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from .. import regex_cache
from ..data import load_json
from ..uncertainty import CLEAN, Uncertainty
from .layout import Line, base_letters, fold, squash

# Lines that can hold a header at most: the block is never longer than this.
HEADER_LIMIT = 30


@lru_cache(maxsize=1)
def frame_cues() -> dict:
    return load_json("frame_cues.json")


def signing_authorities() -> str:
    """Regex alternation of the signature block's authority abbreviations ("TM", "KT", "TL", "TUQ",
    "Q"; data/frame_cues.json "signing_authorities"), longest first; the caller adds the dot."""
    return "|".join(re.escape(a) for a in sorted(frame_cues()["signing_authorities"], key=lambda a: (-len(a), a)))


@lru_cache(maxsize=1)
def _signing_line() -> re.Pattern:
    return regex_cache.compile(rf"\b(?:{signing_authorities()})\s*\.")


def phrase_pattern(phrase: str, form: Callable[[str], str] = base_letters) -> str:
    """Regex (over base letters, or over ``form`` of the text) of a phrase whose words may be
    wrapped over lines or spaced around hyphens: "Độc lập - Tự do" → r"doc\\s+lap\\s*[-–.]?\\s*tu\\s+do"."""
    words = form(phrase).split()
    out = []
    for w in words:
        if w in ("-", "–"):
            out.append(r"\s*[-–.]?\s*")
        else:
            if out and not out[-1].endswith(r"\s*"):
                out.append(r"\s+")
            out.append(re.escape(w))
    return "".join(out)


def written_form(text: str) -> str:
    """Same-length copy of ``text`` as a cue is compared with it as written: one tone-mark
    placement ("hoà" = "hòa"), lower case, the marks kept."""
    folded = fold(text)
    lowered = folded.lower()
    return lowered if len(lowered) == len(folded) else "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)


class Cue:
    """A cue pattern matched on base letters, read where the text says it as written (marks and
    all, any case, either tone placement) or where the text is uncertain: marks lost or misread
    by OCR or restoration ("THONG BAO", "Chiếu ngày" for "Chiều ngày") are damage to read past
    there, and a different word everywhere else.

    ``build`` makes the pattern's source from a phrase → regex function (``phrase_pattern`` with
    the form of the text it runs on), so both readings have the same shape."""

    def __init__(self, build: Callable[[Callable[[str], str]], str]):
        self.pattern = regex_cache.compile(build(phrase_pattern))
        self._written = regex_cache.compile(build(lambda phrase: phrase_pattern(phrase, written_form)))

    def holds(self, text: str, start: int, end: int, at: int = 0, uncertain: Uncertainty = CLEAN) -> bool:
        """Whether a match of ``pattern`` at text[start:end] (``at``: offset of ``text`` in the
        document ``uncertain`` describes) is read."""
        return (self._written.fullmatch(written_form(text[start:end])) is not None
                or uncertain.overlaps(at + start, at + end))

    def match(self, text: str, at: int = 0, uncertain: Uncertainty = CLEAN, search: bool = False) -> re.Match | None:
        """``pattern`` matched (or searched) on ``text``'s base letters, when the match is read."""
        based = base_letters(text)
        if len(based) != len(text):  # decomposed text: offsets would not carry over
            return None
        if search:  # the first match that is read
            return next((m for m in self.pattern.finditer(based) if self.holds(text, m.start(), m.end(), at, uncertain)),
                        None)
        m = self.pattern.match(based)
        return m if m and self.holds(text, m.start(), m.end(), at, uncertain) else None


@lru_cache(maxsize=1)
def _motto() -> Cue:
    return Cue(lambda p: rf"(?<!\w)(?:{'|'.join(p(m) for m in frame_cues()['motto'])})(?!\w)|[-_=*]{{3,}}")


@lru_cache(maxsize=1)
def _header_body() -> Cue:
    return Cue(lambda p: rf"^(?:{'|'.join(p(b) for b in sorted(frame_cues()['header_bodies'], key=len, reverse=True))})(?!\w)")


@lru_cache(maxsize=1)
def _subject_re() -> re.Pattern:
    alts = "|".join(re.escape(s) for s in frame_cues()["subject_labels"])
    return regex_cache.compile(rf"^(?:{alts})(?:\s*[:.]|\s|$)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _addressee_cues() -> tuple[Cue, Cue]:
    heads, verbs = frame_cues()["addressee_heads"], frame_cues()["dispatch_verbs"]
    return (Cue(lambda p: rf"^(?:[-–•]\s*)?(?:{'|'.join(p(h) for h in heads)})\s*:"),
            Cue(lambda p: rf"\s(?:{'|'.join(p(v) for v in verbs)})\s*:\s*$"))


def addressee_head(text: str, at: int = 0, uncertain: Uncertainty = CLEAN) -> re.Match | None:
    """'Kính gửi:' (the addressees follow on its line or below) or a công điện's sender line
    'THỦ TƯỚNG CHÍNH PHỦ điện:' (the sender in capitals). The match ends where the addressees
    begin. ``at``, ``uncertain``: as for ``Cue.match``."""
    heads, verbs = _addressee_cues()
    m = heads.match(text, at, uncertain)
    if m:
        return m
    m = verbs.match(text, at, uncertain, search=True)
    return m if m and is_caps(text[:m.start()]) else None


@lru_cache(maxsize=1)
def _types() -> dict[str, str]:
    """Base-letter key of each known document type → its canonical name."""
    return {base_letters(t): t for t in load_json("doc_types.json")["types"]}


@lru_cache(maxsize=1)
def _written_types() -> dict[str, str]:
    """The same keyed as written (written_form): a type read so needs no doubt about the text."""
    return {written_form(t): t for t in load_json("doc_types.json")["types"]}


def _type_key(text: str, at: int, uncertain: Uncertainty) -> str | None:
    """The canonical type that ``text`` (a whole line's words, at ``at``) is: as written, or on
    base letters where the line is uncertain."""
    written = _written_types().get(" ".join(written_form(text).split()))
    if written or not uncertain.overlaps(at, at + len(text)):
        return written
    return _types().get(" ".join(base_letters(text).split()))


# "Số: 12/TB-UBND", "Số 12-TB/VPTW" (Party documents write no colon), "So: /TB-UBND" (a form not
# yet numbered). "So", "Sơ", "Sở" are "Số" with its mark lost or misread: read so only where the
# text is uncertain (_number_in).
_NUMBER = regex_cache.compile(r"(?<!\w)(?:Số|SỐ|(?P<unmarked>S[oơở]|SO))\s*(?::\s*|\s+(?=\d))(?P<number>[^\s,;]*)")


def _number_in(text: str, at: int, uncertain: Uncertainty) -> re.Match | None:
    """The first "Số: …" of a line (at ``at``) that is read: as written, or damaged where uncertain."""
    for m in _NUMBER.finditer(text):
        if not m.group("unmarked") or uncertain.overlaps(at + m.start(), at + m.end("unmarked")):
            return m
    return None
# "Hà Nội, ngày 24 tháng 11 năm 2025", the date possibly wrapped onto the next line; the place
# stays on its line (the right-hand column), the left-hand column's words are cut off later.
_PLACE_DATE = regex_cache.compile(
    r"(?P<place>[^\d,:;()\n]{2,40}?)\s*,\s*ngày\b(?P<date>[^\n]{0,40}?năm\s*\d{4}|[^\n]{0,20}\d{4}|"
    r"[^\n]{0,30}\n[^\n]{0,30}?năm\s*\d{4})",
    re.IGNORECASE,
)


_SYMBOL_IN_TITLE = regex_cache.compile(r"\d+\s*[-/]\s*[A-ZĐ]{2,}")


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


def _blank_motto(lines: list[Line], uncertain: Uncertainty) -> list[str]:
    """Each line's text with the national motto (matched across line breaks) and rules blanked."""
    texts = [ln.text for ln in lines]
    motto = _motto()
    joined = "\n".join(texts)
    based = base_letters(joined)
    if len(based) != len(joined):  # a decomposed text: match line by line on the text itself
        return [motto.pattern.sub(lambda m: " " * len(m.group()), base_letters(t))
                if len(base_letters(t)) == len(t) and (motto.match(t, ln.start, uncertain, search=True)) else t
                for t, ln in zip(texts, lines)]
    starts, pos = [], 0  # where each line begins in ``joined``
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    chars = list(joined)
    for m in motto.pattern.finditer(based):
        first = bisect.bisect_right(starts, m.start()) - 1
        last = bisect.bisect_right(starts, max(m.start(), m.end() - 1)) - 1
        # the lines it spans, in the document's offsets: uncertain anywhere there lets it be read on base letters
        span = lines[first].start + m.start() - starts[first], lines[last].start + m.end() - starts[last]
        if not (motto.holds(joined, m.start(), m.end()) or uncertain.overlaps(*span)):
            continue
        for i in range(m.start(), m.end()):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars).split("\n")


def _type_of(text: str, at: int = 0, uncertain: Uncertainty = CLEAN) -> str | None:
    text = text.strip(" -–*.:")
    if not is_caps(text):
        return None
    return _type_key(text, at, uncertain)


def _type_prefix(text: str, at: int = 0, uncertain: Uncertainty = CLEAN) -> tuple[str, int] | None:
    """(type, length) of a known type that opens a line in capitals followed by more words."""
    text = text.strip()
    based = base_letters(text)
    if not is_caps(text) or len(text.split()) > 12 or len(based) != len(text) or _header_body().match(text, at, uncertain):
        return None
    written = written_form(text)
    for key in sorted(_types(), key=len, reverse=True):
        if based.startswith(key + " "):
            canonical = _types()[key]
            if written.startswith(written_form(canonical) + " ") or uncertain.overlaps(at, at + len(key)):
                return canonical, len(key)
    return None


def _find_type_line(cleaned: list[str], lines: list[Line], stop: int, uncertain: Uncertainty) -> int | None:
    for i in range(stop):
        if _type_of(cleaned[i], lines[i].start, uncertain):
            return i
    # The type and the start of the trích yếu on one line ("THÔNG BÁO KẾT LUẬN").
    for i in range(stop):
        if _type_prefix(cleaned[i], lines[i].start, uncertain):
            return i
    # No line in capitals: a line that is exactly a document type in any case ("thông báo" —
    # legacy TCVN3 files typed headings in a capitals font over lowercase codes).
    for i in range(stop):
        if _type_key(cleaned[i].strip(" ."), lines[i].start, uncertain):
            return i
    return None


def _guess_type_line(cleaned: list[str], lines: list[Line], start: int, stop: int, uncertain: Uncertainty) -> int | None:
    """A type damaged beyond its base letters: the first short line in capitals after the header's
    fields that does not open with an issuing body's word, before anything that starts the text
    proper (the addressees). A guess about damage, so only on a line the text is uncertain of."""
    for i in range(start, stop):
        text = cleaned[i].strip(" -–*")
        if not is_caps(text) or len(text.split()) > 6 or _signing_line().search(text):
            continue
        if _header_body().match(text, lines[i].start, uncertain) or _NUMBER.search(text) or "," in text:
            continue
        if not uncertain.overlaps(lines[i].start, lines[i].end):
            continue
        return i
    return None


def _content_start(lines: list[Line], limit: int, uncertain: Uncertainty) -> int:
    """Index of the first line that cannot be part of the header block: an addressee head, a
    subject label's following text aside, or a line of running text (long, or in lower case
    after a sentence-like start)."""
    for i in range(limit):
        t = lines[i].text
        if addressee_head(t, lines[i].start, uncertain) or len(t) > 160:
            return i
    return limit


def parse_header(lines: list[Line], uncertain: Uncertainty = CLEAN) -> Header:
    """The header's fields; ``uncertain`` (spans of the text the lines point into) is where its
    cues may be read on base letters and a damaged "Số" read as one."""
    h = Header()
    if not lines:
        return h
    limit = min(len(lines), HEADER_LIMIT)
    stop = _content_start(lines, limit, uncertain)
    cleaned = _blank_motto(lines[:limit], uncertain)
    dt = _find_type_line(cleaned, lines, stop, uncertain)
    # The header's fields stand before the type line (Nghị định 30 puts the type under them);
    # a document without one keeps them above its addressees.
    scan_to = dt if dt is not None else min(stop, 14)
    for i in range(scan_to):
        if not cleaned[i].strip(" -–*"):
            h.used.add(i)  # the motto, a rule
    for i in range(scan_to):
        if i == dt:
            continue
        m = _number_in(cleaned[i], lines[i].start, uncertain)
        if m and h.number is None and "/" in m.group("number"):
            h.number, h.number_line = m.group("number").strip(".,;"), lines[i]
            h.used.add(i)
    _place_date(h, lines, cleaned, scan_to, dt)
    # A công văn's trích yếu: "V/v" and the lines under it, up to the place-date or the addressees.
    for i in range(dt if dt is not None else scan_to):
        if i in h.used or not _subject_re().match(lines[i].text):
            continue
        j = i
        while j < scan_to and j not in h.used and j != dt and not addressee_head(lines[j].text, lines[j].start, uncertain):
            h.subject.append(lines[j])
            h.used.add(j)
            j += 1
        break
    if dt is None:
        dt = _guess_type_line(cleaned, lines, max(h.used, default=-1) + 1, stop, uncertain)
    if dt is not None:
        h.doc_type_line = lines[dt]
        at = lines[dt].start
        prefix = None if _type_of(cleaned[dt], at, uncertain) else _type_prefix(lines[dt].text, at, uncertain)
        if prefix:
            # the words after the type open the trích yếu
            ln = lines[dt]
            rest = len(ln.text) - len(ln.text[prefix[1]:].lstrip())
            h.type_rest = Line(ln.start + rest, ln.end, ln.text[rest:])
        h.doc_type = _type_of(cleaned[dt], at, uncertain) or (prefix[0] if prefix else squash(cleaned[dt]).capitalize())

    # The issuing body: what is left in capitals around the other fields (OCR and two-column
    # extraction may put it after the number: "Số: 301/TB-VP … / ỦY BAN NHÂN DÂN TỈNH X / VĂN PHÒNG").
    skip = {lines.index(ln) for ln in [*h.place_lines, *h.subject]}
    parts = []
    for i in range(scan_to):
        if i in skip or i == dt:
            continue
        number = _number_in(cleaned[i], lines[i].start, uncertain)
        text = cleaned[i][:number.start()] if number and ":" in number.group() else cleaned[i]
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

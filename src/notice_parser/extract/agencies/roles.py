"""Roles: which mentions a directive assigns, as lead or as support, by where they stand.

The subject of the clause, the object of "giao", "yêu cầu", "đề nghị", "chỉ đạo", or a name
followed by "chủ trì" → lead; after "phối hợp (với)", "cùng với", "hỗ trợ", "làm việc với" →
support; a list continues the role of its first member. In a plan, the label of an attribute
line decides: "Cơ quan chủ trì: X" → lead, "Cơ quan phối hợp: Y" → support. A body in a contact
line ("xin liên hệ: ông A, Phòng B") or a list of who attends ("Thành phần: …") is not assigned anything. A name anywhere else ("báo cáo UBND
tỉnh", "gửi Sở Tài chính", "đề xuất của Sở X") is not assigned anything. The cue words are data
(data/agency_cues.json, loaded by cues.py).

Every test looks at a bounded window around the name (the clause start is found by bisection),
so assigning roles is linear in the text whatever its punctuation.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ... import regex_cache
from ..layout import LOWER, UPPER, fold_document, squash
from .cues import cues, predicate_at, starts_predicate
from .mentions import Mention

_LEFT_WINDOW = 300  # characters of left context the cues need (the longest cue is far shorter)
_RIGHT_WINDOW = 160
_JOIN_WINDOW = 40  # two names farther apart than this never form a list
_MAX_ADVERBIAL_WORDS = 8
_CONTACT_WINDOW = 200  # a contact line's opener, up to this far before the body it names
_PARENT_IN_PARENTHESES = regex_cache.compile(r"\s*\(\s*")  # between a body and its parent: "Cục X (Bộ Y)"
_LABEL_WINDOW = 60  # characters before a clause start that may hold a plan's attribute label


def assign_roles(text: str, lo: int, hi: int, mentions: list[Mention], boundaries: list[int]) -> None:
    """Set .role (and .via, how it was decided) on mentions of text[lo:hi]."""
    cue = cues()
    folded = fold_document(text)
    bounds = sorted(boundaries)
    prev: Mention | None = None
    for m in mentions:
        m.role = m.via = None
        i = bisect_right(bounds, m.start)
        cs = max(lo, bounds[i - 1]) if i else lo
        window_start = max(cs, m.start - _LEFT_WINDOW)
        left = squash(text[window_start:m.start])
        whole_clause = window_start == cs  # the window reaches back to the clause start
        right = text[m.end:min(hi, m.end + _RIGHT_WINDOW)]
        adverbial = cue.subject_adverbial.match(right)
        after = right[adverbial.end():] if adverbial else right
        between = text[prev.end:m.start] if prev is not None and m.start - prev.end <= _JOIN_WINDOW else None
        lead_cue = cue.lead_before.search(left)
        directed = lead_cue is not None and cue.directing.match(lead_cue.group()) is not None
        if directed and whole_clause and cue.head_prefix.fullmatch(left):
            # "Lãnh đạo Sở X chủ trì …": opening the clause, the word is the head's title, not a verb
            lead_cue = directed = None
        label = cue.attribute.search(folded, max(lo, cs - _LABEL_WINDOW), cs) if not left and cs > lo else None
        # a list continues after a separator, or with none where the comma was left out
        # ("Bộ Xây dựng, Bộ Quốc phòng các tỉnh Ninh Bình, …")
        if between is not None and _PARENT_IN_PARENTHESES.fullmatch(between) and right.lstrip().startswith(")"):
            # "phối hợp với Cục Phòng bệnh (Bộ Y tế)": the body's parent, named to identify it, is
            # assigned nothing (the parenthesis opens a clause only for what acts inside it)
            pass
        elif (cue.contact.search(text, max(lo, m.start - _CONTACT_WINDOW), m.start)
                or cue.attendance.search(text, max(lo, m.start - _CONTACT_WINDOW), m.start)):
            # "Thông tin chi tiết xin liên hệ: ông A, Phòng B, Cục C": where to ask, not who acts;
            # "Thành phần: Lãnh đạo Sở A; …": who attends
            pass
        elif label:
            # a plan's attribute line: "Cơ quan chủ trì: Sở X", "Cơ quan phối hợp: Sở Y, Sở Z"
            m.role, m.via = ("lead", "label") if label.group("lead") else ("support", "label")
        elif prev is not None and prev.role and between is not None and (
                not between.strip() or cue.continues.fullmatch(between)):
            m.role, m.via = prev.role, prev.via
        elif prev is not None and prev.generic and prev.role and between is not None and cue.after_group.fullmatch(between):
            # "phối hợp với các cơ quan thuộc Bộ Xây dựng": the body whose units take part takes part
            m.role, m.via = prev.role, "group"
        elif cue.support_before.search(left):
            m.role, m.via = "support", "support"
        elif lead_cue:
            # "chỉ đạo Y <action>", "lãnh đạo Y <action>": Y acts, and so does whoever directs it
            # (see extract._convert)
            m.role, m.via = "lead", "directed" if directed else "object"
        elif (cue.lead_after.match(right) or cue.lead_after.match(after)) and not cue.possessed.search(left):
            m.role, m.via = "lead", "chair"
        elif (_subject_position(text, cs, left, whole_clause, after) and not _not_subject(after)
              and not cue.request_predicate.match(after)):
            # "…; Sở Nội vụ phối hợp." — a subject whose whole predicate is "phối hợp" supports
            supports = cue.support_predicate.match(after)
            m.role, m.via = ("support", "support") if supports else ("lead", "subject")
        prev = m


def settle_level_groups(mentions: list[Mention]) -> None:
    """A level of local committees named as a whole ("UBND các xã, phường, đặc khu", "Chủ tịch
    UBND các xã, phường", "UBND cấp huyện") is a generic group: never a lead and never a support
    (tests/reference/ANNOTATION.md, "Not leads": generic groups "… UBND các xã, phường …", which
    names no body a reader can act on — every commune of the province, or of the country). That
    holds in every position, the heading an item is addressed to included ("6. Đối với UBND các
    xã, phường:" → its sub-items have no lead unless they name a body themselves, "UBND phường A
    và xã B …"). As a generic subject it still is the item's own subject, so the item inherits no
    one else's assignee, and roles were decided before (a list after it keeps its role: "UBND các
    xã và thị trấn Phong Điền" → the named town's committee). Table cases in tests/test_assignees.py
    (LEVEL_GROUP_CASES)."""
    for m in mentions:
        if m.group:
            m.generic = True


def _not_subject(after: str) -> bool:
    """'Sở X đã …', 'của Sở X', 'Sở X theo quy định': not an acting subject — unless a predicate
    word starts there ('Sở X theo dõi')."""
    m = cues().not_subject_after.match(after)
    if not m:
        return False
    predicate = predicate_at(after, len(after) - len(after.lstrip()))
    return predicate is None or len(predicate) <= len(m.group().strip())


def _subject_position(text: str, cs: int, left: str, whole_clause: bool, after: str) -> bool:
    if not left:
        return True
    if whole_clause and cues().head_prefix.fullmatch(left):
        return True
    return _adverbial_then_subject(text, cs, left, whole_clause, after)


_FIRST_WORDS = regex_cache.compile(r"\s*(\S+)(?:\s+(\S+))?")


def _adverbial_then_subject(text: str, cs: int, left: str, whole_clause: bool, after: str) -> bool:
    """'Trong thời hạn 03 ngày làm việc, <X> …', 'Trên cơ sở đó, <X> …': an adverbial phrase,
    then the subject. A short one opened by a known word or holding a title; a longer one opened
    by a known word when the name is followed by a predicate word ('…, tỉnh X cần …')."""
    if not left.endswith(","):
        return False
    cue = cues()
    head = left[:-1]
    words = head.split()
    if not words or words[-1].lower() in cue.not_before_subject:
        return False
    first = _FIRST_WORDS.match(text, cs)
    # after a colon the opener is written in lower case ("…: với vai trò là chủ đầu tư, Tập đoàn X …")
    opener = first is not None and (first.group(1).capitalize() in cue.adverbial_openers
                                     or f"{first.group(1).capitalize()} {first.group(2)}" in cue.adverbial_openers)
    # "Đồng thời, Sở X …": the adverbial is itself an opener word; a title elsewhere in it
    # ("Ông A - Trưởng phòng, Trường X") is an apposition, not an adverbial
    if whole_clause and len(words) <= _MAX_ADVERBIAL_WORDS and (opener or cue.head_prefix.fullmatch(head)):
        return True
    return opener and starts_predicate(after.lstrip(), 0)


_CLAUSE_END = regex_cache.compile(r"[.;:](?=\s)|\.\s*$|\(")
_CAPITALS_TO_EOL = rf"[^\S\n]*[{UPPER}][^\n{LOWER}]*[{UPPER}][^\S\n]*\n"
_CAPITAL_LINE = regex_cache.compile(rf"^{_CAPITALS_TO_EOL}", re.MULTILINE)
_CAPITAL_REST = regex_cache.compile(_CAPITALS_TO_EOL)


def clause_boundaries(text: str, lo: int, hi: int) -> list[int]:
    """Offsets where a new clause begins: after '.', ';', ':' and the start of a line that
    follows a heading line without punctuation ('3. Về việc X' + newline + 'Sở Y rà soát')."""
    out = [lo]
    # A parenthesis opens a clause too: "… (Sở Tài chính chủ trì, phối hợp Sở Nội vụ)".
    for m in _CLAUSE_END.finditer(text, lo, hi):
        out.append(m.end())
    # A heading in capitals ends a clause ("II. NHIỆM VỤ TRONG THỜI GIAN TỚI" above its first
    # paragraph); other line breaks do not (wrapped lines, even with blank lines between them).
    for m in _CAPITAL_LINE.finditer(text, lo, hi):
        out.append(m.end())
    # ... the item's own first line too, after its label ("IV. TỔ CHỨC THỰC HIỆN" over "Sở X là …")
    first = _CAPITAL_REST.match(text, lo, hi)
    if first:
        out.append(first.end())
    return sorted(out)

"""Ministries and departments whose head word or name English OCR and repair damaged ("BG Y tế",
"BỘ Nữ vụ", "Các BỘ, cơ quan:"), read so only where the repair stage doubts the words."""

from __future__ import annotations

import pytest

from notice_parser.extract.agencies import assign_roles, clause_boundaries, find_mentions
from notice_parser.uncertainty import CLEAN, Uncertainty


def roles(text: str, uncertain: Uncertainty = CLEAN) -> list[tuple[str, str]]:
    mentions = find_mentions(text, uncertain=uncertain)
    assign_roles(text, 0, len(text), mentions, clause_boundaries(text, 0, len(text)))
    return [(name, m.role) for m in mentions if not (m.generic or m.issuer or not m.role) for name in m.names]


# (text, the damaged words, roles where they are doubted, roles in clean text)
CASES = [
    # "Bộ" read as a capital B and a look-alike letter or digit, before a ministry's short name
    ("Giao BG Tư pháp chủ trì, phối hợp với B6 Công an rà soát quy trình.", ["BG", "B6"],
     [("Bộ Tư pháp", "lead"), ("Bộ Công an", "support")], []),
    # the head's letter says which: a B-word is a ministry, an S-word a department
    ("Đề nghị BG Tài chính và SG Tài chính cùng thẩm định.", ["BG", "SG"],
     [("Bộ Tài chính", "lead"), ("Sở Tài chính", "lead")], []),
    # a name a letter or two off ("Nữ vụ", "Công Thươn"), after a damaged or intact head
    ("Giao BỘ Nữ vụ hướng dẫn việc sắp xếp biên chế.", ["BỘ Nữ vụ"], [("Bộ Nội vụ", "lead")], []),
    ("Yêu cầu Bộ Công Thươn báo cáo tiến độ.", ["Công Thươn"], [("Bộ Công Thương", "lead")], []),
]


@pytest.mark.parametrize("text,damaged,where_doubted,clean", CASES)
def test_damaged_heads_are_read_only_where_uncertain(text, damaged, where_doubted, clean):
    spans = [(text.index(w), text.index(w) + len(w)) for w in damaged]
    assert roles(text, Uncertainty.of_spans(spans, text)) == where_doubted
    assert roles(text) == clean
    # doubt elsewhere in the sentence changes nothing
    last = text.rindex(" ") + 1
    assert roles(text, Uncertainty.of_spans([(last, len(text))], text)) == clean


@pytest.mark.parametrize("text", [
    "Các BỘ, cơ quan: Công an, Quốc phòng, Ngoại giao khẩn trương rà soát.",
    "CÁC BỘ, CƠ QUAN: Công an, Quốc phòng, Ngoại giao khẩn trương rà soát.",
])
def test_a_ministry_list_headed_in_capitals(text):
    # repair restores an all-capital "BO" as "BỘ"; some notices set the head in capitals
    expected = [("Bộ Công an", "lead"), ("Bộ Quốc phòng", "lead"), ("Bộ Ngoại giao", "lead")]
    assert roles(text) == expected
    assert roles(text, Uncertainty.everywhere()) == expected


@pytest.mark.parametrize("text", [
    "Bởi Công an tỉnh đã vào cuộc, Ban Chỉ đạo họp.",
    "Sơn La và Bà Rịa - Vũng Tàu được chọn làm thí điểm.",
])
def test_words_that_only_start_like_a_head_are_no_body(text):
    assert [name for name, _ in roles(text, Uncertainty.everywhere()) if name.startswith(("Bộ ", "Sở "))] == []

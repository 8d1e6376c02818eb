"""Cue-word patterns built from the data files (data/agency_cues.json "generic_groups" and
"department_lists"; data/frame_cues.json conclusions, closing, meeting place and attendees):
table cases in our own phrasings, and the patterns are compiled on first use, not at import."""

from __future__ import annotations


import pytest

from notice_parser.extract import _meeting_res, _split_protected
from notice_parser.extract.agencies.mentions import _generic_re, _list_head_re
from notice_parser.extract.sections import _closing_re, _conclusion_intro_re

from _fresh import fresh_python


@pytest.mark.parametrize(("text", "group"), [
    ("phối hợp với các sở, ban, ngành liên quan", "các sở, ban, ngành liên quan"),
    ("Những đơn vị trực thuộc khẩn trương", "Những đơn vị trực thuộc"),
    ("các doanh nghiệp tham gia dự án điện gió", "các doanh nghiệp tham gia dự án điện gió"),
    ("hướng dẫn các địa phương, đoàn thể", "các địa phương, đoàn thể"),
    ("CÁC CƠ QUAN CÓ LIÊN QUAN", "CÁC CƠ QUAN CÓ LIÊN QUAN"),
    ("yêu cầu các bộ, ngành, cơ quan chủ quản, nhất là", "các bộ, ngành, cơ quan chủ quản"),
    ("các số, ban ngành liên quan", "các số, ban ngành liên quan"),  # OCR's "số" for "sở" before ", ban"
    ("các văn bản liên quan", None),
])
def test_generic_groups(text, group):
    m = _generic_re().search(text)
    assert (m.group() if m else None) == group


@pytest.mark.parametrize(("text", "head", "kind"), [
    ("Đề nghị các Sở: Y tế, Nội vụ", "các Sở: ", "Sở"),
    ("các sở, ngành: Tài chính", "các sở, ngành: ", "sở"),
    ("Các Bộ, cơ quan ngang bộ: Công an", "Các Bộ, cơ quan ngang bộ: ", "Bộ"),
    ("các Sa, ngành: Y tế", "các Sa, ngành: ", None),  # a damaged "Sở", told by its ", ngành"
    ("các đơn vị: A, B", None, None),
])
def test_department_list_heads(text, head, kind):
    m = _list_head_re().search(text)
    assert (m.group("head") + text[m.end("head"):m.end()] if m else None) == head
    assert (m.group("kind") if m else None) == kind


@pytest.mark.parametrize(("line", "intro"), [
    ("Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:", True),
    ("Phó Chủ tịch thống nhất một số nội dung sau:", True),
    ("Các nhiệm vụ cụ thể:", True),
    ("Kết luận của Chủ tịch tại cuộc họp ngày 5/3/2025 về tiến độ", False),  # no colon ending the line
])
def test_conclusion_intro(line, intro):
    assert bool(_conclusion_intro_re().search(line)) is intro


@pytest.mark.parametrize(("line", "closing"), [
    ("Thừa lệnh Chủ tịch UBND tỉnh, Văn phòng thông báo để các đơn vị biết.", True),
    ("Thừa uỷ quyền Giám đốc, Chánh Văn phòng Sở thông báo.", True),
    ("Văn phòng UBND huyện thông báo để các cơ quan liên quan thực hiện./.", True),
    ("UBND xã thông báo kết luận để các thôn triển khai.", True),
    ("Trên cơ sở các nội dung trên, đề nghị các đơn vị thực hiện.", True),
    ("UBND xã thông báo lịch tiếp công dân tháng 4.", False),  # no purpose word after "thông báo"
    ("Văn phòng Sở tổng hợp, báo cáo.", False),
])
def test_closing(line, closing):
    assert bool(_closing_re().match(line)) is closing


def test_meeting_place_and_attendees():
    location, attendees, _ = _meeting_res()
    m = location.search("Sáng ngày 4/3, tại Hội trường UBND huyện, đồng chí Chủ tịch chủ trì")
    assert m.group("loc") == "Hội trường UBND huyện"
    assert location.search("Ngày 4/3, tại cuộc họp giao ban, lãnh đạo huyện") is None
    m = attendees.search("Tham dự cuộc họp gồm: lãnh đạo Sở Xây dựng, Công an tỉnh.")
    assert m.group("list") == "lãnh đạo Sở Xây dựng, Công an tỉnh"


def test_attendee_list_splits_at_a_new_party_only():
    assert _split_protected("Sở Văn hóa, Thể thao và Du lịch, đại diện Công an tỉnh, Ban Dân tộc") == \
        ["Sở Văn hóa, Thể thao và Du lịch", "đại diện Công an tỉnh", "Ban Dân tộc"]
    assert _split_protected("Sở Văn hóa, ban nhạc") == ["Sở Văn hóa, ban nhạc"]  # case counts: 'ban' is a word


def test_patterns_are_built_on_first_use_not_at_import():
    code = ("import notice_parser.extract as x, notice_parser.extract.sections as s, "
            "notice_parser.extract.agencies.mentions as m; "
            "print(sum(f.cache_info().currsize for f in (x._meeting_res, s._closing_re, s._conclusion_intro_re, "
            "m._generic_re, m._list_head_re)))")
    assert fresh_python(code) == "0"

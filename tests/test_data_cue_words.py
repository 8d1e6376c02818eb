"""Cue words moved from code to the data files, one family at a time: table cases in our own
phrasings for the patterns built from them, and that each pattern is built on first use."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from notice_parser.extract.agencies import find_mentions
from notice_parser.extract.binding import _topic
from notice_parser.extract.directives import load_cues
from notice_parser.extract.people import _title_ends, _title_re, clean_title
from notice_parser.extract.agencies.mentions import document_context
from notice_parser.extract.dates import load_date_cues
from notice_parser.extract.deadlines import find_deadlines

from _fresh import fresh_python


@pytest.mark.parametrize(("text", "central", "province"), [
    ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nSố: 45/TB-BNNMT\nTHÔNG BÁO\nKết luận của Bộ trưởng", True, None),
    ("VĂN PHÒNG CHÍNH\nPHỦ\nSố: 9/TB-VPCP\nTHÔNG BÁO\n", True, None),  # the body's name wraps
    ("BAN CHẤP HÀNH TRUNG ƯƠNG\nSố: 3-TB/TW\nTHÔNG BÁO\n", True, None),
    # a province's military command is not a ministry
    ("BỘ CHỈ HUY QUÂN SỰ\nTỈNH HÀ TĨNH\nSố: 7/TB-BCH\nTHÔNG BÁO\n", False, "Hà Tĩnh"),
    ("ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 88/KH-UBND\nKẾ HOẠCH\nBỘ Y TẾ hướng dẫn …", False, "Gia Lai"),
    # the header ends at any document type in capitals, the trích yếu or the addressees
    ("ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nHƯỚNG DẪN\nBỘ Y TẾ hướng dẫn …", False, "Gia Lai"),
    ("UBND TỈNH LÀO CAI\nSố: 5/UBND-TH\nV/v rà soát\nBỘ TÀI CHÍNH đề nghị …", False, "Lào Cai"),
    ("UBND TỈNH LÀO CAI\nSố: 5/UBND-TH\nKính gửi:\nBỘ TÀI CHÍNH", False, "Lào Cai"),
])
def test_header_context(text, central, province):
    ctx = document_context(text)
    assert (ctx.central, ctx.issuer_province) == (central, province)


@pytest.mark.parametrize(("text", "names"), [
    # agency_cues.json "companies": a legal form in any case; lower-case "công ty" needs one
    ("Giao Công ty cổ phần Cấp nước Phú Yên kiểm tra", ["Công ty cổ phần Cấp nước Phú Yên"]),
    ("phối hợp công ty TNHH MTV Xổ số Kiến thiết", ["Công ty TNHH MTV Xổ số Kiến thiết"]),
    ("yêu cầu các công ty xây dựng", []),
    # "party_organs": the organ, the committee and its place are one body
    ("Thường trực Tỉnh ủy Quảng Ngãi cho ý kiến", ["Thường trực Tỉnh ủy Quảng Ngãi"]),
    ("Ban Chấp hành Tỉnh ủy thống nhất", ["Ban Chấp hành Tỉnh ủy"]),
    # "leaders_without_body": the title and the name
    ("Phó Thủ tướng Chính phủ Hồ Đức Phớc chỉ đạo", ["Phó Thủ tướng Chính phủ Hồ Đức Phớc"]),
    ("Phó Thủ tướng Lê Thành Long kết luận", ["Phó Thủ tướng Lê Thành Long"]),
])
def test_rule_cue_words(text, names):
    assert [n for m in find_mentions(text) if not m.generic for n in m.names] == names


def test_number_and_weekday_words_are_sound():
    cues = load_date_cues()
    words = [*cues.number_words, *cues.weekdays.named, cues.weekdays.numbered]
    assert all(w == unicodedata.normalize("NFC", w) == " ".join(w.split()) == w.lower() and w for w in words)
    assert len(cues.weekdays.named) == len(set(cues.weekdays.named)) == 7
    # "năm" beside a unit is the year ("trong năm 2025"), never the number five
    assert "năm" not in cues.number_words
    assert all(0 < n <= 99 for n in cues.number_words.values())


@pytest.mark.parametrize(("text", "phrase", "date", "recurrence"), [
    ("Sở Y tế báo cáo trong mười lăm ngày kể từ ngày nhận văn bản.", "trong mười lăm ngày kể từ ngày nhận văn bản",
     None, None),
    ("UBND xã rà soát trong vòng hai mươi ngày làm việc.", "trong vòng hai mươi ngày làm việc", None, None),
    ("Công an tỉnh kiểm tra định kỳ sáu tháng một lần.", "định kỳ sáu tháng một lần", None, "semiannual"),
    ("Văn phòng tổng hợp, báo cáo một lần/tháng.", "một lần/tháng", None, "monthly"),
    ("Giao ban vào chiều thứ Năm hằng tuần.", "vào chiều thứ Năm hằng tuần", None, "weekly"),
    ("Các xã gửi số liệu trước thứ Tư, ngày 9/4/2025.", "trước thứ Tư, ngày 9/4/2025", dt.date(2025, 4, 9), None),
    ("Nộp hồ sơ chậm nhất vào chủ nhật, ngày 13/4/2025.", "chậm nhất vào chủ nhật, ngày 13/4/2025",
     dt.date(2025, 4, 13), None),
])
def test_number_and_weekday_words_in_deadlines(text, phrase, date, recurrence):
    found = find_deadlines(text, default_year=2025)
    assert [(d.text, d.date, d.recurrence) for d in found] == [(phrase, date, recurrence)]


@pytest.mark.parametrize(("text", "phrase"), [
    ("Hoàn thành trong tháng tới.", "trong tháng tới"),
    ("Phản hồi không quá 05 ngày làm việc, tính từ khi nhận đủ hồ sơ.",
     "không quá 05 ngày làm việc, tính từ khi nhận đủ hồ sơ"),
    ("Rà soát tối đa là 10 ngày.", "tối đa là 10 ngày"),
    ("Tổng hợp kết quả trong 3 tháng vừa qua.", None),  # looks back: no deadline
    ("Giá tăng trong 2 năm liên tiếp.", None),
])
def test_relative_delay_words(text, phrase):
    found = [d for d in find_deadlines(text, default_year=2025) if d.kind == "relative"]
    assert [d.text for d in found] == ([phrase] if phrase else [])


@pytest.mark.parametrize(("text", "phrase", "recurrence", "starts"), [
    ("Sở Nội vụ báo cáo định kỳ vào sáng thứ Hai hằng tuần (bắt đầu từ ngày 6/1/2025).",
     "định kỳ vào sáng thứ Hai hằng tuần", "weekly", dt.date(2025, 1, 6)),
    ("Kiểm tra an toàn 06 tháng/lần.", "06 tháng/lần", "semiannual", None),
    ("Cập nhật dữ liệu 1 lần / quý kể từ ngày 1/7/2025.", "1 lần / quý", "quarterly", dt.date(2025, 7, 1)),
])
def test_recurrence_frame_words(text, phrase, recurrence, starts):
    assert [(d.text, d.recurrence, d.starts) for d in find_deadlines(text, default_year=2025)] == \
        [(phrase, recurrence, starts)]


def test_task_heads_are_sound():
    cues = load_cues()
    assert cues.task_heads and len(set(cues.task_heads)) == len(cues.task_heads)
    assert not set(cues.task_heads) & set(cues.heading_topics)
    assert all(w == unicodedata.normalize("NFC", w) == " ".join(w.split()) for w in cues.task_heads)


@pytest.mark.parametrize(("text", "heading"), [
    ("Nhiệm vụ trọng tâm quý IV", True),
    ("NHIỆM VỤ CỤ THỂ", True),
    ("Giao các cơ quan, đơn vị:", True),
    ("Đối với các dự án chậm tiến độ", True),
    ("Sở Xây dựng chủ trì rà soát", False),
])
def test_heading_first_words(text, heading):
    assert bool(_topic().match(text)) is heading


@pytest.mark.parametrize(("raw", "title"), [
    ("Phó Chủ tịch UBND huyện nghe", "Phó Chủ tịch UBND huyện"),  # data/positions.json "title_ends"
    ("Giám đốc Sở Xây dựng chủ trì", "Giám đốc Sở Xây dựng"),
    ("Chánh Văn phòng tại", "Chánh Văn phòng"),
    ("Bí thư Tỉnh ủy", "Bí thư Tỉnh ủy"),
])
def test_title_ends(raw, title):
    assert clean_title(raw) == title


@pytest.mark.parametrize(("text", "title"), [
    ("Phó Chủ tịch Thường trực UBND tỉnh Cao Bằng kết luận", "Phó Chủ tịch Thường trực UBND tỉnh Cao Bằng"),
    ("Phó Chủ tịch thường trực HĐND huyện", "Phó Chủ tịch thường trực HĐND huyện"),  # "modifiers", either case
])
def test_title_modifiers(text, title):
    assert _title_re().match(text).group() == title


def test_patterns_are_built_on_first_use_not_at_import():
    # (the rule pattern is one of the gazetteer's tables: gazetteer._tables)
    code = ("import sys, notice_parser.extract.agencies.mentions as m, notice_parser.extract.binding as b, "
            "notice_parser.extract.people as p; g = sys.modules['notice_parser.extract.agencies.gazetteer']; "
            "print(sum(f.cache_info().currsize for f in (m._header_stop, m._central_header, g._tables, b._topic, p._title_ends)))")
    assert fresh_python(code) == "0"


_CENTRAL = "VĂN PHÒNG CHÍNH PHỦ\nSố: 12/TB-VPCP\nTHÔNG BÁO\n"
_PROVINCE_LIST_CASES = [
    # agency_cues.json "province_lists": the party committee's half, titles, places and qualifiers
    ("đồng chí Bí thư Tỉnh ủy, Chủ tịch UBND các tỉnh: Lào Cai, Yên Bái khẩn trương rà soát.",
     ["Tỉnh ủy Lào Cai", "Tỉnh ủy Yên Bái", "UBND tỉnh Lào Cai", "UBND tỉnh Yên Bái"]),
    ("Bí thư Thành ủy và Thủ trưởng Ủy ban nhân dân các thành phố: Hải Phòng, Cần Thơ chỉ đạo.",
     ["Thành ủy Hải Phòng", "Thành ủy Cần Thơ", "UBND thành phố Hải Phòng", "UBND thành phố Cần Thơ"]),
    ("Lãnh đạo ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương: Hà Nội, Nghệ An báo cáo.",
     ["UBND thành phố Hà Nội", "UBND tỉnh Nghệ An"]),
    ("Yêu cầu các địa phương: Quảng Trị, Huế chủ động ứng phó.", ["UBND tỉnh Quảng Trị", "UBND thành phố Huế"]),
    # "body_party_committee": the committee of a ministry, either tone placement
    ("Giao Đảng ủy Bộ Tài chính chủ trì.", ["Đảng ủy Bộ Tài chính"]),
    ("Giao Đảng uỷ Bộ Công an phối hợp.", ["Đảng ủy Bộ Công an"]),
]


@pytest.mark.parametrize(("text", "names"), _PROVINCE_LIST_CASES)
def test_province_list_heads_and_body_party_committees(text, names):
    found = find_mentions(_CENTRAL + text, len(_CENTRAL))
    assert [n for m in found if not m.generic for n in m.names] == names


def test_every_province_list_and_party_committee_word_is_used():
    """Each entry of the two sections is NFC, listed once and read by a case above (an entry no
    case reads is dead data, or a word the pattern lost)."""
    from notice_parser.data import load_json
    cues = load_json("agency_cues.json")
    words = [w for k, ws in cues["province_lists"].items() if k != "about" for w in ws]
    words += cues["body_party_committee"]["words"]
    assert len(words) == len(set(words)) and all(w and unicodedata.is_normalized("NFC", w) for w in words)
    assert all(w.endswith(" ủy") for w in cues["body_party_committee"]["words"])  # the pattern takes either placement
    texts = " ".join(t.lower() for t, _ in _PROVINCE_LIST_CASES)
    assert [w for w in words if w.lower() not in texts] == []

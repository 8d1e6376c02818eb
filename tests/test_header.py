"""The document's frame on every genre: the header block (wrapped, two-column), type, number,
issuer, place and issue date; công văn, công điện and kế hoạch with no meeting; meetings in other
phrasings; addressees; signers whose name wraps. Cases written for these tests, not copied
from the development documents."""

import datetime as dt
import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_parser import parse_text
from notice_parser.extract.citations import load_doc_types
from notice_parser.extract.header import frame_cues, parse_header, phrase_pattern
from notice_parser.extract.layout import base_letters, split_lines

BODY = "Kết luận như sau:\n1. Sở Y tế rà soát danh mục thuốc.\n"

# (header block as extracted, doc_type, number, issuer, place, issue date)
HEADERS = [
    # the issuing body and the motto wrapped over lines, the date on the next line
    ("""BỘ Y
TẾ
-------
CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 88/TB-BYT
Đà Nẵng, ngày 03
tháng 12 năm 2025
THÔNG BÁO
KẾT LUẬN CỦA BỘ TRƯỞNG
TẠI CUỘC HỌP
""", "Thông báo", "88/TB-BYT", "Bộ Y tế", "Đà Nẵng", "2025-12-03"),
    # two columns interleaved on each line, as a text layer extracts them
    ("""ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LÂM ĐỒNG          Độc lập - Tự do - Hạnh phúc
Số: 214/TB-UBND          Lâm Đồng, ngày 7 tháng 5 năm 2025
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh
""", "Thông báo", "214/TB-UBND", "UBND tỉnh Lâm Đồng", "Lâm Đồng", "2025-05-07"),
    # a Party office: number without colon, the Party's own motto, issuer from the symbol
    ("""BAN CHẤP HÀNH TRUNG ƯƠNG
VĂN PHÒNG
*
ĐẢNG CỘNG SẢN VIỆT NAM
Số 45-TB/VPTW
Hà Nội, ngày 2 tháng 10 năm 2025
THÔNG BÁO
KẾT LUẬN CỦA THƯỜNG TRỰC BAN BÍ THƯ
""", "Thông báo", "45-TB/VPTW", "Văn phòng Trung ương Đảng", "Hà Nội", "2025-10-02"),
    # a provincial or city party committee's office: the committee, its place, then the unit
    ("""THÀNH ỦY CẦN THƠ
VĂN PHÒNG
*
Số 318-TB/VPTU
ĐẢNG CỘNG SẢN VIỆT NAM
Cần Thơ, ngày 14 tháng 11 năm 2025
THÔNG BÁO
Ý KIẾN CỦA THƯỜNG TRỰC THÀNH ỦY
""", "Thông báo", "318-TB/VPTU", "Văn phòng Thành ủy Cần Thơ", "Cần Thơ", "2025-11-14"),
    ("""TỈNH ỦY THÁI NGUYÊN
BAN TUYÊN GIÁO VÀ DÂN VẬN
*
Số 77-TB/BTGDVTU
ĐẢNG CỘNG SẢN VIỆT NAM
Thái Nguyên, ngày 02 tháng 12 năm 2025
THÔNG BÁO
KẾT LUẬN CỦA TRƯỞNG BAN
""", "Thông báo", "77-TB/BTGDVTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên", "Thái Nguyên", "2025-12-02"),
    ("""ĐẢNG ỦY XÃ PHÚ LỘC
*
Số 09-TB/ĐU
ĐẢNG CỘNG SẢN VIỆT NAM
Phú Lộc, ngày 20 tháng 10 năm 2025
THÔNG BÁO
KẾT LUẬN CỦA BAN THƯỜNG VỤ ĐẢNG ỦY
""", "Thông báo", "09-TB/ĐU", "Đảng ủy xã Phú Lộc", "Phú Lộc", "2025-10-20"),
    # the sender's name wrapped; the symbol gives its written form
    ("""THỦ
TƯỚNG CHÍNH PHỦ
-------
CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 31/CĐ-TTg
Hà Nội, ngày 15
tháng 3 năm 2026
CÔNG ĐIỆN
VỀ VIỆC PHÒNG, CHỐNG HẠN HÁN
""", "Công điện", "31/CĐ-TTg", "Thủ tướng Chính phủ", "Hà Nội", "2026-03-15"),
    # a công văn: no type line, "V/v" under the number, the place-date after it
    ("""BỘ XÂY
DỰNG
--------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 5120/BXD-KHTC
V/v
bố trí vốn cho dự án cầu
Cần Thơ, ngày 21 tháng
9 năm 2025
""", "Công văn", "5120/BXD-KHTC", "Bộ Xây dựng", "Cần Thơ", "2025-09-21"),
    # a provincial Party committee: the symbol names its level, the header its province
    ("""ĐẢNG BỘ TỈNH QUẢNG NINH
TỈNH ỦY
*
ĐẢNG CỘNG SẢN VIỆT NAM
Số 215-TB/TU
Hạ Long, ngày 4 tháng 9 năm 2025
THÔNG BÁO
KẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY
""", "Thông báo", "215-TB/TU", "Tỉnh ủy Quảng Ninh", "Hạ Long", "2025-09-04"),
    # a department with its province on the same line; the type and the trích yếu on one line
    ("""SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG THÀNH PHỐ HẢI PHÒNG
Số: 903/TB-SNNMT
Hải Phòng, ngày 11 tháng 11 năm 2025
THÔNG BÁO KẾT LUẬN CỦA GIÁM ĐỐC SỞ
""", "Thông báo", "903/TB-SNNMT", "Sở Nông nghiệp và Môi trường thành phố Hải Phòng", "Hải Phòng", "2025-11-11"),
]


@pytest.mark.parametrize("header,doc_type,number,issuer,place,issued", HEADERS)
def test_header_block(header, doc_type, number, issuer, place, issued):
    notice = parse_text(header + "Kính gửi: Sở Tài chính.\n" * (doc_type == "Công văn") +
                        "Ngày 01/4/2025, Bộ trưởng Bộ Y tế Nguyễn Văn An chủ trì cuộc họp.\n" + BODY)
    d = notice.document
    assert (d.doc_type, d.number, d.issuer, d.place) == (doc_type, number, issuer, place)
    assert d.issue_date.isoformat() == issued
    # the issue date is never the meeting's; the motto is never the title
    assert notice.meeting.date != d.issue_date
    assert "Hạnh phúc" not in (d.title or "") and "CỘNG HÒA" not in (d.title or "")
    assert d.title and not d.title.startswith(doc_type.upper())


def test_a_plan_title_stops_at_its_first_section():
    notice = parse_text("UBND TỈNH ĐỒNG NAI\nSỞ TÀI CHÍNH\nSố: 77/KH-STC\nĐồng Nai, ngày 5 tháng 7 năm 2025\nKẾ HOẠCH\n"
                        "Kiểm tra công tác tài chính năm 2025\nI. MỤC ĐÍCH\n1. Các phòng kiểm tra việc chấp hành.\n")
    assert notice.document.title == "Kiểm tra công tác tài chính năm 2025"
    assert notice.document.issuer == "Sở Tài chính tỉnh Đồng Nai"
    assert notice.meeting.date is None


def test_type_line_is_a_known_type_not_a_wrapped_word():
    h = parse_header(split_lines("VĂN PHÒNG CHÍNH\nPHỦ\nSố: 7/TB-VPCP\nTHÔNG BÁO\nKẾT\nLUẬN CỦA PHÓ THỦ TƯỚNG\n"))
    assert h.doc_type == "Thông báo" and h.doc_type_line.text == "THÔNG BÁO"
    assert h.issuer_text == "VĂN PHÒNG CHÍNH PHỦ"


# (document, doc_type, title, addressees)
NO_MEETING = [
    ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 1402/UBND-KT\nV/v triển khai phương án phòng cháy rừng\n"
     "Quảng Trị, ngày 4 tháng 6 năm 2025\nKính gửi:\n- Sở Nông nghiệp và Môi trường;\n- Công an tỉnh.\n"
     "Ngày 30/5/2025, UBND tỉnh nhận Báo cáo số 77/BC-SNNMT của Sở Nông nghiệp và Môi trường. Chủ tịch UBND tỉnh "
     "có ý kiến chỉ đạo như sau:\n1. Sở Nông nghiệp và Môi trường chủ trì rà soát phương án.\n2. Công an tỉnh kiểm tra.\n",
     "Công văn", "V/v triển khai phương án phòng cháy rừng", ["Sở Nông nghiệp và Môi trường", "Công an tỉnh"]),
    ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 09/CĐ-UBND\nNghệ An, ngày 28 tháng 9 năm 2025\nCÔNG ĐIỆN\n"
     "Về việc chủ động ứng phó bão số 10\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:\n- Giám đốc các Sở, ngành cấp tỉnh;\n"
     "- Chủ tịch UBND các xã,\nphường.\nTheo tin của Đài Khí tượng, ngày 29/9/2025 bão sẽ đổ bộ vào đất liền.\n"
     "Chủ tịch UBND tỉnh yêu cầu:\n1. Sở Công Thương bảo đảm an toàn lưới điện.\n2. Công an tỉnh sẵn sàng lực lượng.\n",
     "Công điện", "Về việc chủ động ứng phó bão số 10",
     ["Giám đốc các Sở, ngành cấp tỉnh", "Chủ tịch UBND các xã, phường"]),
    ("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 233/KH-UBND\nAn Giang, ngày 10 tháng 7 năm 2025\nKẾ HOẠCH\n"
     "Triển khai chuyển đổi số năm 2025\nThực hiện Quyết định số 88/QĐ-TTg ngày 15/01/2025 của Thủ tướng Chính phủ, "
     "UBND tỉnh ban hành Kế hoạch như sau:\n1. Sở Khoa học và Công nghệ chủ trì triển khai.\n",
     "Kế hoạch", "Triển khai chuyển đổi số năm 2025", []),
]


@pytest.mark.parametrize("text,doc_type,title,addressees", NO_MEETING)
def test_documents_without_a_meeting(text, doc_type, title, addressees):
    notice = parse_text(text)
    assert notice.document.doc_type == doc_type
    assert notice.document.title == title
    assert notice.meeting.date is None
    assert notice.meeting.chair is None or (notice.meeting.chair.name, notice.meeting.chair.title) == (None, None)
    assert notice.recipients[:len(addressees)] == addressees
    # the directions after the opening are the directives; the addressees are not
    assert notice.directives and notice.directives[0].agencies
    assert all("Kính gửi" not in d.text and "điện:" not in d.text for d in notice.directives)


def test_a_cong_van_that_reports_a_meeting_keeps_it():
    notice = parse_text(
        "Số: 51/UBND-VX\nV/v kết luận về y tế cơ sở\nHuế, ngày 12 tháng 8 năm 2025\nKính gửi: Sở Y tế.\n"
        "Ngày 08/8/2025, Phó Chủ tịch UBND thành phố Hồ Văn Tâm đã chủ trì cuộc họp về y tế cơ sở, "
        "có ý kiến như sau:\n1. Sở Y tế rà soát nhân lực.\n")
    assert notice.document.doc_type == "Công văn"
    assert notice.meeting.date.isoformat() == "2025-08-08"
    assert notice.meeting.chair.name == "Hồ Văn Tâm"


# (opening, meeting date, chair name, chair title)
MEETINGS = [
    ("Trong hai ngày 14 và 15 tháng 3 năm 2025, Bộ trưởng Bộ Y tế Nguyễn Văn Bình đã đi kiểm tra công tác "
     "phòng dịch tại các bệnh viện tuyến cuối.", "2025-03-14", "Nguyễn Văn Bình", "Bộ trưởng Bộ Y tế"),
    ("Từ ngày 3 đến ngày 5/6/2025, Phó Chủ tịch UBND tỉnh Trần Thị Hoa đã có buổi làm việc với các huyện miền núi.",
     "2025-06-03", "Trần Thị Hoa", "Phó Chủ tịch UBND tỉnh"),
    ("Sáng ngày 12/9/2025, Chủ tịch UBND thành phố Lê Văn Dũng đã dự lễ khởi công trường học; thăm hỏi các hộ "
     "dân vùng lũ; chủ trì buổi làm việc với lãnh đạo các phường.", "2025-09-12", "Lê Văn Dũng", "Chủ tịch UBND thành phố"),
    ("Ngày 20 tháng 10 năm 2025, Thủ tướng Chính phủ\nPhạm Quang Huy - Trưởng Ban Chỉ đạo chủ trì phiên họp lần thứ 3.",
     "2025-10-20", "Phạm Quang Huy", "Thủ tướng Chính phủ"),
    # a name whose case repair got wrong, between the title and what the chair did
    ("Chiều ngày 4/4/2025, Bộ trưởng Bộ Tài chính Hoàng văn Tú đã có buổi làm việc với Kho bạc Nhà nước.",
     "2025-04-04", "Hoàng Văn Tú", "Bộ trưởng Bộ Tài chính"),
    # a chair named only by title: name null, title as written
    ("Ngày 6/11/2025, Tổng Bí thư chủ trì cuộc họp Thường trực Ban Chỉ đạo.", "2025-11-06", None, "Tổng Bí thư"),
]


@pytest.mark.parametrize("opening,date,name,title", MEETINGS)
def test_meeting_phrasings(opening, date, name, title):
    notice = parse_text("VĂN PHÒNG CHÍNH PHỦ\nSố: 5/TB-VPCP\nHà Nội, ngày 30 tháng 12 năm 2025\nTHÔNG BÁO\n"
                        f"Kết luận tại buổi làm việc\n{opening}\n{BODY}")
    assert notice.meeting.date.isoformat() == date
    assert (notice.meeting.chair.name, notice.meeting.chair.title) == (name, title)


# (tail of a document, signer name, signer title)
SIGNATURES = [
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn\nThị Hồng Nhung\n",
     "Nguyễn Thị Hồng Nhung", "Phó Giám đốc"),
    # the line under the title is the name by its place, even when a syllable lost its capital
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLò văn Pấng\n", "Lò Văn Pấng", "Chủ tịch"),
    ("Nơi\nnhận:\n- Như trên;\n- Lưu: VT, TH.\nTL. BỘ TRƯỞNG\nVỤ TRƯỞNG\nĐặng\nQuốc Khánh\n", "Đặng Quốc Khánh", "Vụ trưởng"),
]


@pytest.mark.parametrize("tail,name,title", SIGNATURES)
def test_signers_whose_name_wraps(tail, name, title):
    notice = parse_text("THÔNG BÁO\nKết luận\nNgày 2/2/2025, Giám đốc Sở Y tế Lê Văn Tài chủ trì họp.\n" + BODY +
                        "Văn phòng thông báo để các cơ quan biết, thực hiện./.\n" + tail)
    assert notice.signer.name == name
    assert notice.signer.title == title
    assert notice.recipients[0] == "Như trên"


def test_ministry_issuer_from_the_signature_when_the_header_is_lost():
    notice = parse_text(
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.\nĐể chuẩn bị mùa mưa bão, Bộ Xây dựng đề nghị:\n"
        "1. Ủy ban nhân dân các tỉnh kiểm tra các công trình.\nBộ Xây dựng trân trọng đề nghị./.\nNơi nhận:\n"
        "- Như trên;\n- Lưu: VT.\nTL. BỘ TRƯỞNG\nCHÁNH VĂN PHÒNG\nHoàng Minh Tuấn\n")
    assert notice.document.issuer == "Bộ Xây dựng"
    assert notice.document.doc_type == "Công văn"
    assert notice.meeting.date is None


# Data ------------------------------------------------------------------------------------

RAW = resources.files("notice_parser.data").joinpath("frame_cues.json").read_text(encoding="utf-8")


def test_frame_cues_data_is_sound():
    import re
    import unicodedata

    data = json.loads(RAW)
    assert unicodedata.normalize("NFC", RAW) == RAW
    for key, value in data.items():
        if key == "about":
            continue
        assert key in data["about"], f"{key} is not described in 'about'"
        assert value and all(isinstance(v, str) and v == v.strip() and v for v in value), key
        assert len(set(value)) == len(value), f"duplicates in {key}"
        for v in value:
            re.compile(phrase_pattern(v))
    assert set(data["meeting_types"]) <= set(load_doc_types().types)
    # each motto phrase is recognised in capitals and wrapped over a line
    for phrase in data["motto"]:
        wrapped = phrase.upper().replace(" ", "\n", 1)
        assert re.fullmatch(phrase_pattern(phrase), base_letters(wrapped)), phrase
    assert frame_cues() is frame_cues()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["VĂN PHÒNG", "CHÍNH PHỦ", "Số: 1/TB-X", "Hà Nội, ngày 2", "tháng 3 năm 2025",
                                 "THÔNG BÁO", "V/v", "Kính gửi:", "- A;", "điện:", "", "CỘNG HÒA", "ngày",
                                 "Số 12-TB/VPTW", "***", "Độc lập - Tự do"]), max_size=20))
def test_header_parser_takes_any_arrangement(parts):
    text = "\n".join(parts)
    lines = split_lines(text)
    h = parse_header(lines)
    assert 0 <= h.end <= len(lines) and all(0 <= i < len(lines) for i in h.used)
    assert h.doc_type_line is None or h.doc_type_line in lines
    notice = parse_text(text)  # never raises; the issue date, when found, is the header's
    if notice.document.issue_date is not None:
        assert notice.document.issue_date == dt.date(2025, 3, 2)


# (unnumbered text after the addressees, the directives' first words)
UNNUMBERED = [
    # the context paragraph ("Thực hiện …") is the opening; the paragraphs after it direct
    ("Thực hiện Chỉ thị số 05/CT-TTg ngày 02/3/2025 của Thủ tướng Chính phủ, Sở Nội vụ đã tổng hợp báo cáo.\n"
     "Đề nghị các sở, ban, ngành rà soát vị trí việc làm, gửi về Sở Nội vụ trước ngày 15/4/2025.\n",
     ["Đề nghị các sở"]),
    ("Căn cứ kết quả kiểm tra, UBND tỉnh đánh giá công tác phòng cháy còn hạn chế.\n"
     "Sở Công Thương chủ trì kiểm tra các cơ sở kinh doanh xăng dầu.\nCông an tỉnh tăng cường tuần tra.\n",
     ["Sở Công Thương", "Công an tỉnh"]),
    # a single paragraph is the direction itself, whatever it opens with
    ("Theo đề nghị của Sở Y tế, Sở Tài chính bố trí kinh phí mua vắc xin trước ngày 30/6/2025.\n",
     ["Theo đề nghị"]),
]


@pytest.mark.parametrize("body,firsts", UNNUMBERED)
def test_unnumbered_text_starts_after_its_context_paragraph(body, firsts):
    notice = parse_text("Số: 812/SNV-TCBC\nV/v rà soát vị trí việc làm\nBình Phước, ngày 1 tháng 4 năm 2025\n"
                        "Kính gửi: Các sở, ban, ngành.\n" + body)
    assert len(notice.directives) == len(firsts)
    assert [d.text[:len(f)] for d, f in zip(notice.directives, firsts)] == firsts


def test_post_words_name_party_titles():
    party = json.loads(resources.files("notice_parser.data").joinpath("positions.json").read_text(encoding="utf-8"))["party"]
    # a chair's Party post gives way to the government one: the Party words name titles the table knows
    assert all(any(w in t or base_letters(w) in base_letters(t) for t in party) for w in json.loads(RAW)["party_words"])


# Cues read on base letters only where repair doubts the text: each case is a header or frame
# whose cue lost its marks; clean, it is what it says (a different word), in an uncertain span
# it is the cue. (block, the unmarked word(s), what to read, value as written, value where doubted)
def _header_field(block: str, uncertain, field: str):
    from notice_parser.extract.sections import split_sections
    sec = split_sections(split_lines(block), uncertain)
    return {
        "doc_type": lambda: sec.doc_type,
        "number": lambda: sec.number,
        "addressees": lambda: sec.addressees,
        "opening": lambda: [ln.text[:10] for ln in sec.opening],
        "tail": lambda: sec.tail[0].text if sec.tail else None,
        "issuer_text": lambda: sec.issuer_text,
    }[field]()


UNMARKED_CUES = [
    ("BỘ NỘI VỤ\nSố: 15/TB-BNV\nTHONG BAO\nKết luận của Bộ trưởng\n", ["THONG BAO"], "doc_type", None, "Thông báo"),
    ("BỘ NỘI VỤ\nSố: 15/TB-BNV\nKE HOACH TRIEN KHAI\nI. MỤC ĐÍCH\n", ["KE HOACH"], "doc_type", None, "Kế hoạch"),
    ("BỘ NỘI VỤ\nSo: 15/TB-BNV\nTHÔNG BÁO\nKết luận của Bộ trưởng\n", ["So"], "number", None, "15/TB-BNV"),
    ("SỞ Y TẾ\nSố: 3/SYT-NV\nV/v rà soát thuốc\nKinh gui: Bệnh viện tỉnh.\nĐề nghị Bệnh viện báo cáo.\n",
     ["Kinh gui"], "addressees", [], ["Bệnh viện tỉnh"]),
    ("SỞ Y TẾ\nSố: 3/TB-SYT\nTHÔNG BÁO\nKết luận giao ban\nChieu ngay 5/3/2025, Giám đốc Sở chủ trì họp.\n"
     "Sở giao các phòng rà soát.\n", ["Chieu ngay"], "opening", [], ["Chieu ngay"]),
    ("SỞ Y TẾ\nSố: 3/TB-SYT\nTHÔNG BÁO\nKết luận giao ban\n1. Phòng Nghiệp vụ rà soát.\nNoi nhan:\n- Như trên;\n",
     ["Noi nhan"], "tail", None, "Noi nhan:"),
    ("BỘ TƯ PHÁP\nCONG HOA XA HOI CHU NGHIA VIET NAM\nSố: 9/TB-BTP\nTHÔNG BÁO\nKết luận\n",
     ["CONG HOA XA HOI CHU NGHIA VIET NAM"], "issuer_text", "BỘ TƯ PHÁP CONG HOA XA HOI CHU NGHIA VIET NAM", "BỘ TƯ PHÁP"),
]


@pytest.mark.parametrize("block,unmarked,field,as_written,where_doubted", UNMARKED_CUES)
def test_unmarked_cues_are_read_only_where_uncertain(block, unmarked, field, as_written, where_doubted):
    from notice_parser.uncertainty import Uncertainty
    doubted = Uncertainty.of_spans([(block.index(w), block.index(w) + len(w)) for w in unmarked], block)
    assert _header_field(block, Uncertainty(), field) == as_written
    assert _header_field(block, doubted, field) == where_doubted
    assert _header_field(block, Uncertainty.everywhere(), field) == where_doubted


@pytest.mark.parametrize("block,field,expected", [
    # as written needs no doubt: any case, either tone placement ("HOÀ" / "HÒA")
    ("BỘ TƯ PHÁP\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 9/TB-BTP\nTHÔNG BÁO\nKết luận\n", "issuer_text", "BỘ TƯ PHÁP"),
    ("BỘ NỘI VỤ\nSố: 15/TB-BNV\nThông báo\nKết luận của Bộ trưởng\n", "doc_type", "Thông báo"),
    ("SỞ Y TẾ\nSố: 3/SYT-NV\nV/v rà soát thuốc\nKÍNH GỬI: Bệnh viện tỉnh.\nĐề nghị Bệnh viện báo cáo.\n",
     "addressees", ["Bệnh viện tỉnh"]),
])
def test_marked_cues_are_read_in_clean_text(block, field, expected):
    from notice_parser.uncertainty import Uncertainty
    assert _header_field(block, Uncertainty(), field) == expected


# The opening's frame words, the same rule: a công văn reports a meeting when its opening sentence
# says so ("làm việc"), the first day of a meeting range is linked to the last ("08 và 09").
FRAME_WORDS = [
    ("CÔNG VĂN\nV/v triển khai\nNgày 12/3/2025, Sở Nội vụ lam viec với các huyện. Sở đề nghị:\n1. Huyện A rà soát.\n",
     "lam viec", "meeting_date", None, "2025-03-12"),
    ("THÔNG BÁO\nKết luận\nTrong các ngày 08 va 09/11/2025, Sở Y tế họp. Kết luận như sau:\n1. Phòng A rà soát.\n",
     "va", "meeting_date", "2025-11-09", "2025-11-08"),
]


@pytest.mark.parametrize("text,unmarked,field,as_written,where_doubted", FRAME_WORDS)
def test_unmarked_frame_words_are_read_only_where_uncertain(text, unmarked, field, as_written, where_doubted):
    from notice_parser.extract import extract_notice
    from notice_parser.uncertainty import Uncertainty
    at = text.index(unmarked)
    date = lambda u: (d.isoformat() if (d := extract_notice(text, uncertain=u).meeting.date) else None)
    assert date(Uncertainty()) == as_written
    assert date(Uncertainty.of_spans([(at, at + len(unmarked))], text)) == where_doubted


# A body under another (Nghị định 30: the direct superior above the issuer's own name): the issuer
# is the body the last line names, with the superior's province where its name ends in a bare level.
UNDER_SUPERIORS = [
    (["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "TỈNH QUẢNG TRỊ", "TRUNG TÂM KHUYẾN NÔNG TỈNH"], "Trung tâm Khuyến nông tỉnh Quảng Trị"),
    (["BỘ QUỐC PHÒNG", "BỆNH VIỆN TRUNG ƯƠNG QUÂN ĐỘI 108"], "Bệnh viện Trung ương quân đội 108"),
    (["UBND TỈNH BẮC NINH", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP"], "Ban Quản lý các Khu công nghiệp tỉnh Bắc Ninh"),
    (["ĐẠI HỌC ĐÀ NẴNG", "TRƯỜNG ĐẠI HỌC BÁCH KHOA"], "Trường Đại học bách khoa"),
    (["TẬP ĐOÀN ĐIỆN LỰC VIỆT NAM", "TỔNG CÔNG TY ĐIỆN LỰC MIỀN TRUNG"], "Tổng công ty Điện lực miền trung"),
    (["SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH KHÁNH HÒA", "TRƯỜNG THPT LÝ TỰ TRỌNG"], "Trường THPT lý tự trọng"),
    (["TRƯỜNG ĐẠI HỌC SƯ PHẠM KỸ THUẬT", "PHÒNG ĐÀO TẠO"], "Phòng Đào tạo"),
    (["BỆNH VIỆN CHỢ RẪY", "TRUNG TÂM ĐÀO TẠO VÀ CHỈ ĐẠO TUYẾN"], "Trung tâm Đào tạo và chỉ đạo tuyến"),
    # a head inside one body's name ("THỊ TRƯỜNG", "XÃ HỘI") before its level, or at its end: no split
    (["CỤC QUẢN LÝ THỊ TRƯỜNG TỈNH GIA LAI"], "cuc quan ly thi truong"),
    (["TRUNG TÂM CÔNG TÁC XÃ HỘI TỈNH GIA LAI"], "trung tam cong tac xa hoi"),
    # the department of a province, as before
    (["UBND TỈNH CÀ MAU", "SỞ TƯ PHÁP"], "Sở Tư pháp tỉnh Cà Mau"),
]


@pytest.mark.parametrize("lines,issuer", UNDER_SUPERIORS)
def test_a_body_under_its_superior_issues(lines, issuer):
    header = "\n".join(lines) + "\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n" \
             "Số: 57/TB-XX\nNha Trang, ngày 04 tháng 6 năm 2026\nTHÔNG BÁO\nKết luận của Giám đốc\n"
    notice = parse_text(header + "Ngày 02/6/2026, Giám đốc Phan Văn Lực chủ trì cuộc họp giao ban.\n" + BODY)
    if issuer.islower():  # one body: its name is not cut at the head inside it
        assert base_letters(notice.document.issuer).startswith(issuer)
    else:
        assert notice.document.issuer == issuer
